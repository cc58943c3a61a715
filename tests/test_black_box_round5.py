"""Round 5 black-box findings: what a user expects of each, kept true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import sidalih
from sidalih import synth
from sidalih._folders import check_folder
from sidalih.errors import DataFileError, InvalidParameterError


@pytest.fixture(scope="module")
def small_list() -> pl.DataFrame:
    return synth.voters(1200, seed=7).voters


@pytest.mark.parametrize("call", ["deduplicate", "link"])
def test_out_of_core_list_of_files_with_missing_second_file_gives_typed_error(
        tmp_path: Path, small_list: pl.DataFrame, call: str) -> None:
    """A list of Parquet files, the second missing: a DataFileError naming that file (as a
    single missing path gets), before anything is written."""
    good = tmp_path / "a.parquet"
    small_list.write_parquet(good)
    missing = tmp_path / "missing.parquet"
    files = [str(good), str(missing)]
    with pytest.raises(DataFileError, match=r"cannot read Parquet input .*missing\.parquet"):
        if call == "deduplicate":
            sidalih.deduplicate(files, memory_limit="1GiB", out=tmp_path / "out")
        else:
            sidalih.link([str(good)], files, memory_limit="1GiB", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("call", ["deduplicate", "link"])
def test_out_of_core_list_of_files_with_non_parquet_second_file_gives_typed_error(
        tmp_path: Path, small_list: pl.DataFrame, call: str) -> None:
    """A CSV given by mistake as the second "Parquet" file: a DataFileError naming it (as a
    lone CSV path gets: "cannot read Parquet input"), no raw polars error."""
    good = tmp_path / "a.parquet"
    small_list.write_parquet(good)
    bad = tmp_path / "b.parquet"
    small_list.write_csv(bad)
    files = [str(good), str(bad)]
    with pytest.raises(DataFileError, match=r"cannot read Parquet input .*b\.parquet"):
        if call == "deduplicate":
            sidalih.deduplicate(files, memory_limit="1GiB", out=tmp_path / "out")
        else:
            sidalih.link(files, [str(good)], memory_limit="1GiB", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sidalih.cli", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_out_of_core_out_folder_of_an_earlier_result_is_replaced_whole(tmp_path: Path) -> None:
    """``out=`` names the folder of an earlier ``sidalih dedupe`` run of another list: it is
    replaced whole (no file of the earlier run left beside the new clusters, a manifest
    last), and ``sidalih report``/``sidalih worklist --list`` read it as they read a
    folder the command line wrote out of core."""
    x = synth.voters(800, seed=81).voters
    y = synth.voters(600, seed=82).voters
    x.write_parquet(tmp_path / "X.parquet")
    y.write_parquet(tmp_path / "Y.parquet")
    folder = tmp_path / "F"
    done = _cli("dedupe", tmp_path / "X.parquet", "-q", "--out", folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "records.parquet").exists()
    result = sidalih.deduplicate(str(tmp_path / "Y.parquet"), memory_limit="1GiB", out=folder)
    assert result.directory == folder
    assert result.clusters.height == 600
    assert sorted(p.name for p in folder.iterdir()) == [
        "clusters.parquet", "manifest.json", "model.json", "pairs.parquet", "summary.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["F", "X.parquet", "Y.parquet"]
    manifest = check_folder(folder, need=["clusters.parquet", "pairs.parquet"])
    assert manifest.command == "dedupe"
    report = _cli("report", folder, "--out", tmp_path / "r.html")
    assert report.returncode == 0, report.stderr
    worklist = _cli("worklist", folder, "--list", tmp_path / "Y.parquet",
                    "--out", tmp_path / "kerja")
    assert worklist.returncode == 0, worklist.stderr


def test_out_of_core_link_writes_a_result_folder(tmp_path: Path, small_list: pl.DataFrame) -> None:
    """``sidalih.link`` of two Parquet paths writes a whole result folder as well."""
    small_list[:600].write_parquet(tmp_path / "l.parquet")
    small_list[600:].write_parquet(tmp_path / "r.parquet")
    result = sidalih.link(str(tmp_path / "l.parquet"), str(tmp_path / "r.parquet"),
                          memory_limit="1GiB", out=tmp_path / "out")
    assert result.clusters.height == 1200
    assert check_folder(tmp_path / "out").command == "link"


def test_out_of_core_out_folder_with_other_files_is_refused(
        tmp_path: Path, small_list: pl.DataFrame) -> None:
    """``out=`` names a folder holding the user's own files: refused before the run, with
    the wording of the command line and ``Result.to_parquet``, the folder untouched."""
    small_list.write_parquet(tmp_path / "a.parquet")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    with pytest.raises(InvalidParameterError,
                       match="already holds files that are not a sidalih result"):
        sidalih.deduplicate(str(tmp_path / "a.parquet"), memory_limit="1GiB", out=folder)
    assert sorted(os.listdir(folder)) == ["notes.txt"]
    assert sorted(os.listdir(tmp_path)) == ["a.parquet", "mine"]
    with pytest.raises(InvalidParameterError, match="holds the input a.parquet"):
        sidalih.deduplicate(str(tmp_path / "a.parquet"), memory_limit="1GiB", out=tmp_path)
