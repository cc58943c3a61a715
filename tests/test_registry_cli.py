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


def test_person_ids_of_decimal_hex_digits_print_whole(tmp_path: Path) -> None:
    # Record id "x1" founds person P542877271751: 12 hex digits that are all decimal,
    # which the NIK masking once printed as P5428****1751, an id history could not take.
    import hashlib

    import polars as pl

    listed = voters(60, seed=3).voters
    listed[:40].write_csv(tmp_path / "a.csv")
    listed[40:41].with_columns(id=pl.lit("x1"), nama=pl.lit("Qwerty Zzyzx"),
                               nik=pl.lit(None, dtype=pl.String)).write_csv(tmp_path / "b.csv")
    person = "P" + hashlib.blake2b(b"x1", digest_size=6).hexdigest()
    assert person == "P542877271751"
    folder = str(tmp_path / "dpt")
    made = runner.invoke(app, ["registry", "create", folder, str(tmp_path / "a.csv"),
                               "--election-date", "2029-02-14", "-q"])
    assert made.exit_code == 0, made.output
    added = runner.invoke(app, ["registry", "add", folder, str(tmp_path / "b.csv"), "-q"])
    assert added.exit_code == 0 and person in added.output, added.output
    listed[41:42].with_columns(id=pl.lit("x2")).write_csv(tmp_path / "c.csv")
    as_csv = runner.invoke(app, ["registry", "add", folder, str(tmp_path / "c.csv"), "--csv", "-q"])
    assert as_csv.exit_code == 0, as_csv.output
    history = runner.invoke(app, ["registry", "history", folder, person, "--csv"])
    assert history.exit_code == 0 and person in history.output, history.output
    born = f"tanggal_lahir={listed['tanggal_lahir'][40]}"
    found = runner.invoke(app, ["registry", "match", folder, "--field", "nama=Qwerty Zzyzx",
                                "--field", born, "--top", "1", "--csv", "-q"])
    assert found.exit_code == 0 and person in found.output, found.output
    removed = runner.invoke(app, ["registry", "remove", folder, "x1", "--reason", "TMS-1"])
    assert removed.exit_code == 0 and person in removed.output, removed.output
    for nik in listed["nik"].drop_nulls().to_list():
        assert nik not in added.output + as_csv.output + history.output + found.output
