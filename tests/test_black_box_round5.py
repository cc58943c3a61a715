"""Round 5 black-box findings: what a user expects of each, kept true."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import sidalih
from sidalih import synth
from sidalih.errors import DataFileError


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
