"""Defects a black-box tester found in round 7, each held by its own tests.

Files as regional offices send them: a delimiter ending every data row, stray quotes
(named by the line where they open, never merging voters silently, never quoting raw
rows in a traceback), a quote inside an unquoted value, a workbook opening on a cover
sheet; warnings on the command line as one line; two creates of one registry at once;
pandas in, pandas out for every summary table; an explanation in the run's language;
ids that differ only by blanks around them are one id.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

import sidalih
import sidalih.registry._registry as registry_module
from sidalih.cli import app
from sidalih.errors import DataFileError, DuplicateIdError, InvalidParameterError
from sidalih.io import read_table
from sidalih.schema import check_ids
from sidalih.synth import voters

NIK16 = re.compile(r"(?<!\d)\d{16}(?!\d)")
HEADER = "NO,NKK,NIK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,KODE DESA,TPS"
NAMA, ALAMAT, TPS = 3, 7, 9


def _rows(n: int, *, seed: int = 7) -> list[list[str]]:
    """``n`` synthetic voters as the cells of a KPU export, without commas or quotes."""
    out = []
    for r in voters(n, seed=seed).voters.iter_rows(named=True):
        out.append([
            r["id"], r["nkk"] or "", r["nik"] or "",
            (r["nama"] or "").replace(",", "").replace('"', ""),
            r["tempat_lahir"] or "", r["tanggal_lahir"].strftime("%d-%m-%Y"),
            r["jenis_kelamin"] or "", (r["alamat"] or "").replace(",", "").replace('"', ""),
            r["kode_desa"], r["tps"],
        ])
    return out


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lines(rows: list[list[str]]) -> list[str]:
    return [HEADER] + [",".join(r) for r in rows]


def _with(rows: list[list[str]], row: int, column: int, value: str) -> list[list[str]]:
    changed = [r[:] for r in rows]
    changed[row][column] = value
    return changed


# ------------------------------------------------------------ 1: a trailing delimiter


def test_a_delimiter_ending_every_data_row_is_read(tmp_path: Path) -> None:
    """A database export ends each data row (not the header) with the delimiter: the
    extra field is empty everywhere, and the file was refused as if a value held it."""
    rows = _rows(12)
    path = _write(tmp_path / "dpt.csv", [HEADER] + [",".join(r) + "," for r in rows])
    frame = read_table(path)
    assert frame.columns == HEADER.split(",")
    assert frame["NAMA"].to_list() == [r[NAMA] for r in rows]
    assert frame["TPS"].to_list() == [r[TPS] for r in rows]


def test_one_shifted_row_is_still_refused_not_cut(tmp_path: Path) -> None:
    """One row with an unquoted comma, its last field empty: cutting that field would
    shift the row's columns silently. Only an export's habit (most rows) is dropped."""
    rows = _with(_rows(12), 4, TPS, "")
    lines = _lines(rows)
    lines[5] = lines[5].replace(rows[4][ALAMAT], rows[4][ALAMAT] + ",Gg. 2")
    with pytest.raises(DataFileError, match=r"1 row\(s\).*line 6.*quoted"):
        read_table(_write(tmp_path / "dpt.csv", lines))


# ------------------------------------------------------------ 2-5: stray quotes


def test_an_unclosed_quote_is_named_by_the_line_where_it_opens(tmp_path: Path) -> None:
    """A stray quote on line 4 swallows lines up to a properly quoted name on line 9:
    the error named line 9, a correct row, and not line 4."""
    rows = _rows(12)
    rows = _with(rows, 2, NAMA, '"' + rows[2][NAMA])
    rows[7][NAMA] = '"' + rows[7][NAMA] + ', S.Pd."'
    with pytest.raises(DataFileError, match=r"line 4 \(column 'NAMA'\).*line 9") as info:
        read_table(_write(tmp_path / "dpt.csv", _lines(rows)))
    assert "Nothing was read" in str(info.value)


def test_a_quote_inside_an_unquoted_value_is_text(tmp_path: Path) -> None:
    """``Jl. "Mawar No. 5`` (an inch mark) was polars' internal "CSV malformed" naming
    no line; spreadsheets and Python's csv read it as text."""
    rows = _with(_rows(30), 4, ALAMAT, 'Jl. "Mawar No. 5')
    frame = read_table(_write(tmp_path / "dpt.csv", _lines(rows)))
    assert frame.height == len(rows)
    assert frame["ALAMAT"][4] == 'Jl. "Mawar No. 5'
    assert frame["TPS"].to_list() == [r[TPS] for r in rows]


def test_a_stray_quote_pair_does_not_merge_voters_silently(tmp_path: Path) -> None:
    """A quote opening one address and another closing an address four lines later: 40
    data lines were read as 36 records, four voters inside one ALAMAT, without a word."""
    rows = _rows(40)
    rows = _with(rows, 10, ALAMAT, '"' + rows[10][ALAMAT])
    rows[14][ALAMAT] += '"'
    with pytest.raises(DataFileError, match=r"line 12 \(column 'ALAMAT'\).*lines 12-16"):
        read_table(_write(tmp_path / "dpt.csv", _lines(rows)))


def test_a_value_written_on_two_lines_on_purpose_is_kept(tmp_path: Path) -> None:
    """A quoted address holding a line break is one value, not a stray quote."""
    rows = _with(_rows(6), 2, ALAMAT, '"Jl. Mawar No. 5\nRT 01, RW 02"')
    frame = read_table(_write(tmp_path / "dpt.csv", _lines(rows)))
    assert frame.height == 6
    assert frame["ALAMAT"][2] == "Jl. Mawar No. 5\nRT 01, RW 02"


def test_a_malformed_file_error_carries_no_raw_rows(tmp_path: Path) -> None:
    """The error was raised ``from`` polars' error, whose message holds the raw rows: an
    uncaught traceback printed hundreds of full NIKs."""
    rows = _rows(40)
    rows = _with(rows, 3, TPS, '"' + rows[3][TPS])  # never closed: swallows to the end
    with pytest.raises(DataFileError, match=r"line 5 \(column 'TPS'\) never closes") as info:
        read_table(_write(tmp_path / "dpt.csv", _lines(rows)))
    shown = "".join(traceback.format_exception(info.value))
    assert not NIK16.findall(shown)
    assert info.value.__cause__ is None


def test_an_unreadable_parquet_error_is_not_chained(tmp_path: Path) -> None:
    path = tmp_path / "3271014101900001.parquet"
    path.write_bytes(b"3271014101900001,3271014101900002")
    with pytest.raises(DataFileError, match=r"cannot read 3271\*{8}0001\.parquet") as info:
        read_table(path)
    assert info.value.__cause__ is None
    assert not NIK16.findall("".join(traceback.format_exception(info.value)))


# ------------------------------------------------------------ 6: warnings on the command line


def test_a_command_line_warning_is_one_line(tmp_path: Path) -> None:
    """A UTF-8 list with two cp1252 rows: the MixedEncodingWarning was Python's display,
    ``/.../sidalih/cli/check.py:86: MixedEncodingWarning: ...`` and the source line."""
    rows = _rows(12)
    lines = _lines(_with(rows, 0, NAMA, "Jos\u00e9 Nur\u2019aini"))
    data = b"".join(
        (line.replace(rows[i - 1][NAMA], "Nur\u2019aini").encode("cp1252") if i in (3, 4)
         else line.encode("utf-8")) + b"\n" for i, line in enumerate(lines))
    (tmp_path / "dpt.csv").write_bytes(data)
    done = CliRunner().invoke(app, ["check", str(tmp_path / "dpt.csv"), "-q",
                                    "--out", str(tmp_path / "hasil")])
    assert done.exit_code == 0, done.output
    shown = [line for line in done.stderr.splitlines() if "cp1252" in line]
    assert len(shown) == 1, done.stderr
    assert shown[0].startswith("sidalih: warning: dpt.csv is UTF-8 but 2 row(s)")
    assert ".py:" not in done.stderr
    assert "read_table(path)" not in done.stderr


# ------------------------------------------------------------ 7: a workbook's cover sheet


def test_a_workbook_opening_on_a_cover_sheet_reads_the_list(tmp_path: Path) -> None:
    """Sheet "Petunjuk" (instructions) before sheet "DPT": the first sheet was read, 0
    rows and one column "isi sesuai format", without a word."""
    openpyxl = pytest.importorskip("openpyxl")
    rows = _rows(8)
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["isi sesuai format"])
    book.active.append(["kolom NIK berisi 16 angka"])
    listed = book.create_sheet("DPT")
    for row in [HEADER.split(","), *rows]:
        listed.append(row)
    book.save(tmp_path / "dpt.xlsx")
    frame = read_table(tmp_path / "dpt.xlsx")
    assert frame.columns == HEADER.split(",")
    assert frame["NIK"].to_list() == [r[2] or None for r in rows]


# ------------------------------------------------------------ 8: two creates of one registry


def test_a_create_that_loses_the_race_is_told_so_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two creates of one folder at once both find it free; the one renaming second got
    a raw ``OSError: Directory not empty`` and left its ``.dpt.building-PID`` folder,
    the whole voter list, behind. The other create finishes while this one is built."""
    folder = tmp_path / "dpt"

    def other_create_finishes(name: str) -> None:
        folder.mkdir()
        (folder / "registry.sqlite").write_bytes(b"the other office's registry")

    monkeypatch.setattr(registry_module, "pause_at", other_create_finishes)
    with pytest.raises(InvalidParameterError, match="exists and is not empty"):
        sidalih.Registry.create(folder, voters(60, seed=1).voters, election_date="2029-02-14")
    assert sorted(os.listdir(tmp_path)) == ["dpt"]
    assert os.listdir(folder) == ["registry.sqlite"]


def test_a_create_that_fails_while_building_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(registry_module, "_write_created", full_disk)
    with pytest.raises(OSError, match="No space left"):
        sidalih.Registry.create(tmp_path / "dpt", voters(60, seed=1).voters,
                                election_date="2029-02-14")
    assert os.listdir(tmp_path) == []


# ------------------------------------------------------------ 9: pandas in, pandas out


def test_summary_tables_and_blocking_report_are_pandas_for_a_pandas_list() -> None:
    """``summary().by_village``, ``summary().clusters_by_size`` and
    ``blocking_report.to_frame()`` were polars for a pandas list."""
    result = sidalih.deduplicate(voters(150, seed=2, as_="pandas").voters)
    summary = result.summary()
    assert isinstance(summary.by_village, pd.DataFrame)
    assert list(summary.by_village.columns) == ["kode_desa", "records", "records_in_duplicates"]
    assert isinstance(summary.clusters_by_size, pd.DataFrame)
    assert summary.clusters_by_size["clusters"].sum() == summary.n_clusters
    assert isinstance(result.blocking_report.to_frame(), pd.DataFrame)
    assert isinstance(summary.blocking.to_frame(), pd.DataFrame)
    assert isinstance(result.blocking_report.to_polars(), pl.DataFrame)


def test_summary_tables_stay_polars_for_a_polars_list() -> None:
    result = sidalih.deduplicate(voters(150, seed=2).voters)
    summary = result.summary()
    assert isinstance(summary.by_village, pl.DataFrame)
    assert isinstance(summary.clusters_by_size, pl.DataFrame)
    assert isinstance(result.blocking_report.to_frame(), pl.DataFrame)


# ------------------------------------------------------------ 10: explain in the run's language


@pytest.mark.parametrize(("lang", "words", "absent"), [
    ("id", ("bobot", "peluang", "putusan", "bobot awal"), ("weight", "probability", "verdict")),
    ("en", ("weight", "probability", "verdict", "prior weight"), ("bobot", "peluang")),
])
def test_an_explanation_is_printed_in_the_language_of_the_run(
        lang: str, words: tuple[str, ...], absent: tuple[str, ...]) -> None:
    """``deduplicate(..., lang="id")`` printed its explanation's head in English."""
    result = sidalih.deduplicate(voters(150, seed=2).voters, lang=lang)
    pair = result.pairs.row(0, named=True)
    head, prior = str(result.explain(pair["id_l"], pair["id_r"])).splitlines()[:2]
    for word in words:
        assert word in head + prior
    for word in absent:
        assert word not in head + prior


# ------------------------------------------------------------ 11-12: blanks around an id


def test_ids_differing_only_by_blanks_around_them_are_one_id() -> None:
    """``"000000001 "`` beside ``"000000001"`` passed as two records, printed alike in
    every table; a blanks-only id was already read as empty."""
    listed = voters(30, seed=4).voters
    spaced = listed.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("000000001 "))
        .otherwise(pl.col("id")).alias("id"))
    with pytest.raises(DuplicateIdError, match=r"repeat: 000000001 \(written '000000001' and "
                                               r"'000000001 '"):
        sidalih.deduplicate(spaced)
    with pytest.raises(DuplicateIdError):
        check_ids(["A1", "\u00a0A1"])
    check_ids(["A1", "A 1"])  # a blank inside an id is part of it


def test_ids_with_blanks_around_them_are_kept_as_given() -> None:
    listed = voters(30, seed=4).voters.with_columns(pl.col("id") + " ")
    result = sidalih.deduplicate(listed)
    assert result.clusters["id"].to_list() == listed["id"].to_list()


def test_the_registry_refuses_an_existing_id_with_a_trailing_space(tmp_path: Path) -> None:
    """A re-used id is refused, but ``"000000001 "`` was added beside ``"000000001"``:
    next month's list with a trailing space registered the same record twice."""
    listed = voters(60, seed=4).voters
    registry = sidalih.Registry.create(tmp_path / "dpt", listed[:50], election_date="2029-02-14")
    again = listed[:1].with_columns(pl.lit("000000001 ").alias("id"))
    with pytest.raises(DuplicateIdError, match="ids already in the registry: '000000001 '"):
        registry.add(again)
    assert len(registry) == 50
