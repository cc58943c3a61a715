"""Round 5 black-box findings: what a user expects of each, kept true."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih import synth
from sidalih._folders import check_folder
from sidalih.election import Election
from sidalih.errors import ColumnNotFoundError, DataFileError, InvalidParameterError


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


def test_accuracy_by_accepts_the_lists_own_kpu_header(small_list: pl.DataFrame) -> None:
    """A KPU export has the header ``KODE DESA``: ``accuracy(by="KODE DESA")`` gives the
    per-village figures ``by="kode_desa"`` gives, whole or by prefix; an unknown column
    is refused naming the list's columns, not the engine's (nik_masked12...)."""
    kpu = small_list.rename({"kode_desa": "KODE DESA", "nama": "NAMA", "nik": "NIK"})
    result = sidalih.deduplicate(kpu)
    expected = result.accuracy(by="kode_desa")
    got = result.accuracy(by="KODE DESA")
    assert got.height == expected.height and got.equals(expected)
    assert result.accuracy(by=("KODE DESA", 4)).equals(result.accuracy(by=("kode_desa", 4)))
    with pytest.raises(ColumnNotFoundError, match="no column 'desa'") as caught:
        result.accuracy(by="desa")
    message = str(caught.value)
    assert "kode_desa" in message and "nama" in message
    for internal in ("nik_masked12", "tgl_placeholder", "birth_year", "nama_key", "nik_raw"):
        assert internal not in message


def test_check_summary_by_accepts_the_kpu_header(small_list: pl.DataFrame) -> None:
    """``CheckReport.summary(by="KODE DESA")``, as ``by="kode_desa"``."""
    report = sidalih.check(small_list.rename({"kode_desa": "KODE DESA"}),
                           election_date=dt.date(2024, 2, 14))
    assert report.summary(by="KODE DESA").equals(report.summary(by="kode_desa"))


def test_worklist_by_accepts_the_kpu_header(tmp_path: Path, small_list: pl.DataFrame) -> None:
    """``sidalih worklist --by "KODE DESA"`` splits per village as ``--by kode_desa``."""
    kpu = small_list.rename({"kode_desa": "KODE DESA", "nama": "NAMA", "nik": "NIK"})
    kpu.write_csv(tmp_path / "dpt.csv")
    done = _cli("dedupe", tmp_path / "dpt.csv", "-q", "--out", tmp_path / "ded")
    assert done.returncode == 0, done.stderr
    names = {}
    for by, out in (("kode_desa", "a"), ("KODE DESA", "b")):
        done = _cli("worklist", tmp_path / "ded", "--by", by, "--format", "csv",
                    "--out", tmp_path / out)
        assert done.returncode == 0, done.stderr
        names[out] = sorted(p.name for p in (tmp_path / out).iterdir())
    assert names["a"] == names["b"] and len(names["a"]) > 1
    done = _cli("worklist", tmp_path / "ded", "--by", "desa", "--out", tmp_path / "c")
    assert done.returncode != 0 and "'desa' is not a column" in done.stderr


@pytest.mark.parametrize("age", [np.int64(17), np.int32(18), np.uint8(17)])
def test_election_accepts_numpy_integer_voting_age(age: np.integer) -> None:
    """A voting age read from a table is a numpy integer: accepted as the whole number,
    kept as a Python int (JSON, comparisons); a numpy bool or a float stays refused."""
    e = Election(dt.date(2024, 2, 14), voting_age=age)  # type: ignore[arg-type]
    assert e.voting_age == int(age) and type(e.voting_age) is int
    assert e == Election(dt.date(2024, 2, 14), voting_age=int(age))
    assert Election.from_dict(e.to_dict()) == e
    for bad in (np.bool_(True), np.float64(17.0), np.int64(0), np.int64(101)):
        with pytest.raises(InvalidParameterError, match="voting_age"):
            Election(dt.date(2024, 2, 14), voting_age=bad)  # type: ignore[arg-type]
