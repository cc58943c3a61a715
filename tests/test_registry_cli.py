"""``sidalih registry``: create, add, match, remove, recount, history; one-line errors, exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sidalih.cli import app
from sidalih.synth import voters

runner = CliRunner()


def test_registry_commands(tmp_path: Path) -> None:
    listed = voters(200, seed=3).voters
    listed[:150].write_csv(tmp_path / "a.csv")
    listed[150:].write_csv(tmp_path / "b.csv")
    folder = str(tmp_path / "dpt")
    made = runner.invoke(app, ["registry", "create", folder, str(tmp_path / "a.csv"),
                               "--election-date", "2029-02-14", "-q", "--csv"])
    assert made.exit_code == 0, made.output
    added = runner.invoke(app, ["registry", "add", folder, str(tmp_path / "b.csv"), "--csv",
                                "--cycle", "2025-Q1", "-q"])
    assert added.exit_code == 0 and added.output.startswith("id,person_id,status")
    again = runner.invoke(app, ["registry", "add", folder, str(tmp_path / "b.csv"), "-q"])
    assert again.exit_code == 2 and "already in the registry" in again.output
    name, born = listed["nama"][3], listed["tanggal_lahir"][3]
    found = runner.invoke(app, ["registry", "match", folder, "--field", f"nama={name}",
                                "--field", f"tanggal_lahir={born}", "--top", "1", "--csv", "-q"])
    assert found.exit_code == 0 and found.output.count("\n") == 2, found.output
    person = found.output.splitlines()[1].split(",")[2]
    gone = runner.invoke(app, ["registry", "remove", folder, str(listed["id"][3]),
                               "--reason", "TMS-1", "--csv"])
    assert gone.exit_code == 0
    history = runner.invoke(app, ["registry", "history", folder, person, "--csv"])
    assert history.exit_code == 0 and "removed" in history.output
    recounted = runner.invoke(app, ["registry", "recount", folder, "--cycle", "2025-Q2",
                                    "--csv", "-q"])
    assert recounted.exit_code == 0 and recounted.output.startswith("id,person_id,before")
    missing = runner.invoke(app, ["registry", "history", folder, "nope"])
    assert missing.exit_code == 2 and missing.output.startswith("sidalih: error:")
    for nik in listed["nik"].drop_nulls().to_list():
        assert nik not in found.output + history.output + recounted.output
