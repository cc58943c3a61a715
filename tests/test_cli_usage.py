"""Every usage or input error of every command: one ``sidalih: error:`` line, exit 2.

Typer's own errors (an option of the wrong kind, a value out of range, a missing
argument) and sidalih's (a folder where a file belongs, a file where a folder belongs)
are one line on stderr that names what was wrong, never a boxed usage text, a traceback
or a full NIK.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sidalih import synth
from sidalih.cli import app

NIK = "3271014101900001"
runner = CliRunner()


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a small list (named after a NIK), a file, a folder and a model."""
    d = tmp_path_factory.mktemp("usage")
    synth.voters(120, seed=2).voters.write_csv(d / f"{NIK}.csv")
    (d / "notes").write_text("not a list\n")
    (d / f"{NIK}.json").write_text("{}\n")
    (d / "folder").mkdir()
    (d / "mine").mkdir()
    (d / "mine" / "thesis.docx").write_text("a user's own file\n")
    (d / "model.json").write_text("{}\n")
    return d


# (arguments, a text the one line must hold); {d} is the fixture folder, {nik} the list.
BAD = [
    # synth
    (["synth", "0"], "n"),
    (["synth", "-3"], "-3"),
    (["synth", "many"], "valid integer"),
    (["synth", "32710141019000010"], "300000000"),
    (["synth", "10", "--out", "{d}/notes"], "notes is a file"),
    (["synth", "10", "--out", "{d}/mine"], "not a sidalih result"),
    (["synth", "10", "--out", "{d}/folder/x.csv", "--format", "xlsx"], "contradicts"),
    (["synth", "10", "--format", "pdf"], "pdf"),
    (["synth", "10", "--out", "{d}/folder.csv"], "is a folder"),  # made below
    # dedupe
    (["dedupe"], "file"),
    (["dedupe", "{nik}", "--out", "{d}/notes"], "notes"),
    (["dedupe", "{nik}", "--out", "{d}/mine"], "thesis.docx"),
    (["dedupe", "{nik}", "--lang", "fr"], "fr"),
    (["dedupe", "{nik}", "--model", "{d}/folder"], "folder"),
    (["dedupe", "{nik}", "--model", "{d}/missing.json"], "missing.json"),
    (["dedupe", "{nik}", "--model", "{d}/model.json"], "model"),
    (["dedupe", "{nik}", "--format", "pdf"], "pdf"),
    (["dedupe", "{nik}", "--threshold", "lots"], "valid number"),
    (["dedupe", "{nik}", "--threshold", "1.5"], "threshold"),
    (["dedupe", "{nik}", "--election-date", "14-02-2024"], "--election-date"),
    (["dedupe", "{nik}", "--seed", "x"], "seed"),
    (["dedupe", "{nik}", "--outt", "x"], "--outt"),
    (["dedupe", "{d}"], "folder"),
    (["dedupe", "."], "cannot read ."),
    (["dedupe", "{d}/" + NIK + ".json"], "expected a .csv"),
    (["dedupe", "{d}/none.csv"], "file not found"),
    (["dedupe", "{nik}", "--memory-limit", "lots"], "memory"),
    # link
    (["link", "{nik}"], "file_b"),
    (["link", "{nik}", "{nik}", "--lang", "xx"], "xx"),
    # check
    (["check", "{nik}", "--max-voters-per-tps", "0"], "max-voters-per-tps"),
    (["check", "{nik}", "--out", "{d}/notes"], "notes"),
    (["check", "{nik}", "--election-date", NIK], "--election-date"),
    # explain
    (["explain"], "result_dir"),
    (["explain", "{d}/folder", "1"], "id_b"),
    (["explain", "{d}/folder", "1", "2"], "manifest.json"),
    (["explain", "{d}/none", "1", "2"], "not found"),
    (["explain", "{d}/notes", "1", "2"], "is a file"),
    # demo
    (["demo", "--rows", "1"], "rows"),
    (["demo", "--out", "{d}/notes"], "notes"),
    (["demo", "--lang", "de"], "de"),
    # the group
    (["frob"], "frob"),
    (["--frob"], "--frob"),
]


def _args(args: list[str], d: Path) -> list[str]:
    return [a.format(d=d, nik=d / f"{NIK}.csv") for a in args]


@pytest.mark.parametrize(("args", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_invocation_is_one_error_line_and_exit_2(
    place: Path, args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (place / "folder.csv").mkdir(exist_ok=True)
    monkeypatch.chdir(place)
    result = runner.invoke(app, _args(args, place))
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sidalih: error: ")
    assert expected in lines[0]
    assert not re.search(r"[0-9]{12,}", result.stderr + result.stdout)
    assert result.stdout == ""


def test_usage_errors_name_the_command_and_its_help(place: Path) -> None:
    result = runner.invoke(app, ["dedupe", str(place / f"{NIK}.csv"), "--lang", "fr"])
    assert result.stderr == (
        "sidalih: error: dedupe: Invalid value for '--lang': 'fr' is not one of 'id', 'en'. "
        "(see `sidalih dedupe --help`)\n"
    )


def test_nothing_is_written_by_a_refused_run(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(place)
    before = sorted(p.name for p in place.iterdir())
    runner.invoke(app, ["dedupe", f"{NIK}.csv", "--lang", "fr"])
    runner.invoke(app, ["dedupe", f"{NIK}.csv", "--out", "mine"])
    assert sorted(p.name for p in place.iterdir()) == before
    assert [p.name for p in (place / "mine").iterdir()] == ["thesis.docx"]


def test_help_still_works_and_exits_0() -> None:
    for args in (["--help"], ["dedupe", "--help"], ["synth", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_in_a_real_process_too(place: Path) -> None:
    # The console script runs the same group; no boxed text on a real stderr either.
    for args in (["synth", "0"], ["dedupe", str(place / f"{NIK}.csv"), "--out",
                                  str(place / "notes")]):
        done = subprocess.run([sys.executable, "-m", "sidalih.cli", *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("sidalih: error: ")
        assert NIK not in done.stderr
