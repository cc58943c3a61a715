"""sidalih.io: CSV/Parquet/XLSX in, identifiers as text, damaged NIK cells flagged, round trips."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sidalih import dates, io, nik
from sidalih.errors import (
    DataFileError,
    InputTypeError,
    InvalidParameterError,
    MixedEncodingWarning,
)

HEADER = ["NIK", "NAMA", "TANGGAL LAHIR"]
ROWS = [["3271014101900001", "Siti Aminah", "01-01-1990"], ["0912345678900002", "Budi", ""]]


def _csv_text(delimiter: str) -> str:
    return "\n".join(delimiter.join(r) for r in [HEADER, *ROWS]) + "\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_any_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path = tmp_path / "dpt.csv"
    path.write_bytes(_csv_text(delimiter).encode(encoding))
    frame = io.read_table(path)
    assert frame.columns == HEADER
    assert frame["NIK"].to_list() == ["3271014101900001", "0912345678900002"]  # leading 0 kept
    assert frame.dtypes == [pl.String] * 3


def test_latin1_names_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "dpt.csv"
    path.write_bytes("NAMA;NIK\nJosé Müller;3271014101900001\n".encode("latin-1"))
    assert io.read_table(path)["NAMA"].to_list() == ["José Müller"]


def test_a_few_cp1252_bytes_leave_the_utf8_rows_as_they_are(tmp_path: Path) -> None:
    # one cell typed on an old Windows machine (0xC9, É) in a UTF-8 list: the other rows'
    # UTF-8 apostrophes (Nur’aini, Ma’ruf) must not turn into mojibake (NURâ€™AINI)
    path = tmp_path / "3271014101900009.csv"  # a file name that is a NIK is masked
    rows = "NIK;NAMA\n3271014101900001;NUR\u2019AINI\n3271010202850003;MA\u2019RUF\n"
    path.write_bytes(rows.encode("utf-8") + "3271010303800004;JOS\u00c9\n".encode("cp1252")
                     + "3271010404800005;\u00c9MA \u2019\n".encode("cp1252"))
    with pytest.warns(MixedEncodingWarning) as caught:
        frame = io.read_table(path)
    assert frame["NAMA"].to_list() == ["NUR\u2019AINI", "MA\u2019RUF", "JOS\u00c9",
                                       "\u00c9MA \u2019"]
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "2 row(s)" in message and "line 4, 5" in message
    assert "3271********0009.csv" in message


def test_a_cp1252_file_throughout_is_read_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "dpt.csv"
    path.write_bytes("NAMA;NIK\nNUR\u2019AINI;3271014101900001\n".encode("cp1252"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", MixedEncodingWarning)
        assert io.read_table(path)["NAMA"].to_list() == ["NUR\u2019AINI"]


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(i, j, value, date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(i, j, value)
            elif value is not None:
                sheet.write_string(i, j, str(value))
    book.close()


@pytest.mark.parametrize(
    ("cell", "expected_text", "expected_status"),
    [
        # a number ending in 0: what Excel keeps of a 16-digit number typed into it
        (3271014101900000.0, "3.27101410190000E+15", "scientific"),
        (3271014101900010, "3.27101410190001E+15", "scientific"),
        # any other last digit: written by a program (pandas' to_excel) with every digit
        (3271014101900001, "3271014101900001", "valid"),
        # above 2**53 (Papua's codes) a double moves the last digit: not trusted
        (9102014101900003, "9.10201410190000E+15", "scientific"),
        ("3271014101900001", "3271014101900001", "valid"),  # a text cell is kept as typed
        (12345, "12345", "wrong_length"),
    ],
)
def test_xlsx_numeric_nik_cells_are_trusted_unless_excel_cut_them(
    tmp_path: Path, cell: object, expected_text: str, expected_status: str
) -> None:
    path = tmp_path / "dpt.xlsx"
    _xlsx(path, [["NIK", "NAMA"], [cell, "Siti"]])
    frame = io.read_table(path)
    assert frame["NIK"].to_list() == [expected_text]
    assert nik.parse(frame["NIK"])["status"].to_list() == [expected_status]


def test_xlsx_other_cells(tmp_path: Path) -> None:
    path = tmp_path / "dpt.xlsx"
    _xlsx(
        path,
        [
            ["NAMA", "TGL LAHIR", "RT", None],
            ["Siti", dt.datetime(1990, 1, 31), 3, None],
            [None, None, 2.5, "x"],
        ],
    )
    frame = io.read_table(path)
    assert frame.columns == ["NAMA", "TGL LAHIR", "RT", "column_3"]
    assert frame.rows() == [("Siti", "31-01-1990", "3", None), (None, None, "2.5", "x")]


@pytest.mark.parametrize(
    ("serial", "expected_text", "expected_status"),
    [
        (0, "00-01-1900", "impossible"),  # the blank date: openpyxl gives a time of day
        (0.25, "06:00:00", "unparsed"),  # below 1 in a date cell: a time, never a date
        (59, "28-02-1900", "valid"),
        (60, "29-02-1900", "impossible"),  # Excel's 29-02-1900: openpyxl reads 59 and 60 alike
        (60.5, "29-02-1900", "impossible"),
        (61, "01-03-1900", "valid"),
        (29221, "01-01-1980", "valid"),
    ],
)
def test_xlsx_date_cells_read_as_their_serial_numbers_do(
    tmp_path: Path, serial: float, expected_text: str, expected_status: str
) -> None:
    import openpyxl

    path = tmp_path / "dpt.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NAMA", "TANGGAL LAHIR"])
    sheet.append(["Siti", serial])
    sheet.append(["Budi", 59])  # a real 28-02-1900 beside it keeps its date
    for row in (2, 3):
        sheet.cell(row=row, column=2).number_format = "dd-mm-yyyy"
    book.save(path)
    frame = io.read_table(path)
    assert frame["TANGGAL LAHIR"].to_list() == [expected_text, "28-02-1900"]
    as_text = dates.parse_one(expected_text, reference_date="2024-02-14")
    as_number = dates.parse_one(serial, reference_date="2024-02-14")
    assert as_text.status.value == expected_status
    assert as_text.tanggal_lahir == as_number.tanggal_lahir  # a date only where a number has one
    if expected_status != "unparsed":
        assert as_text.status == as_number.status


@pytest.mark.parametrize("fmt", io.FORMATS)
def test_write_then_read_round_trips_as_text(tmp_path: Path, fmt: str) -> None:
    frame = pl.DataFrame(
        {
            "id": ["000001", "000002"],
            "nik": ["3271014101900001", None],
            "p": [0.25, 1.0],
            "tags": [["a", "b"], []],
        }
    )
    path = io.write_table(frame, tmp_path / f"out.{fmt}")
    back = io.read_table(path)
    if fmt == "parquet":
        assert back.equals(frame)
    else:
        assert back["id"].to_list() == ["000001", "000002"]
        assert back["nik"].to_list() == ["3271014101900001", None]
        assert back["p"].to_list() == ["0.25", "1.0"]
        assert back["tags"].to_list()[0] == "a; b"


_TEXT = st.text(alphabet="abcXYZ 019.,;|'-", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=8),
    st.sampled_from(["csv", "xlsx", "parquet"]),
)
def test_text_tables_round_trip(tmp_path: Path, rows: list[tuple[str, str]], fmt: str) -> None:
    frame = pl.DataFrame({"nama": [a for a, _ in rows], "alamat": [b for _, b in rows]})
    back = io.read_table(io.write_table(frame, tmp_path / f"t.{fmt}"))
    assert back.equals(frame)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.csv", None, "file not found"),
        ("bad.xlsx", b"not a zip", "cannot read bad.xlsx"),
        ("bad.parquet", b"nonsense", "cannot read bad.parquet"),
        ("list.doc", b"x", "expected a .csv, .parquet or .xlsx"),
    ],
)
def test_unreadable_files_raise_data_file_error(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataFileError, match=message):
        io.read_table(path)


def test_write_rejects_unknown_format_and_oversized_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pl.DataFrame({"a": ["1", "2", "3"]})
    with pytest.raises(InvalidParameterError, match="format must be one of"):
        io.write_table(frame, tmp_path / "x.json")
    monkeypatch.setattr(io, "XLSX_MAX_ROWS", 2)
    with pytest.raises(InvalidParameterError, match="at most 2 rows"):
        io.write_table(frame, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_write_takes_pandas_and_pyarrow_frames(tmp_path: Path, fmt: str) -> None:
    # a pandas frame once failed with a bare AttributeError ('with_columns')
    import pandas as pd
    import pyarrow as pa

    rows = {"nik": ["3271014101900001", None], "nama": ["Siti", "Budi"]}
    for kind, frame in (("pandas", pd.DataFrame(rows)), ("pyarrow", pa.table(rows))):
        back = io.read_table(io.write_table(frame, tmp_path / f"{kind}.{fmt}"))
        assert back.to_dict(as_series=False) == rows, kind
    with pytest.raises(InputTypeError, match="got dict"):
        io.write_table(rows, tmp_path / f"dict.{fmt}")


def test_write_into_an_unwritable_place_is_a_data_file_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DataFileError, match="cannot write"):
        io.write_table(pl.DataFrame({"a": [1]}), blocker / "sub" / "out.csv")


def test_a_row_longer_than_the_header_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dpt.csv"
    path.write_text("NIK,NAMA,ALAMAT\n3271014101900001,SITI,JL. MAWAR\n"
                    "3271014101900002,BUDI,JL. MELATI, GG. 2\n")
    with pytest.raises(DataFileError, match=r"1 row\(s\).*line 3.*quoted"):
        io.read_table(path)


def test_a_row_shorter_than_the_header_is_kept_with_nulls(tmp_path: Path) -> None:
    path = tmp_path / "dpt.csv"
    path.write_text("NIK,NAMA,ALAMAT\n3271014101900001,SITI\n3271014101900002,BUDI,JL. X\n")
    frame = io.read_table(path)
    assert frame.height == 2
    assert frame.row(0) == ("3271014101900001", "SITI", None)


def test_blank_lines_and_empty_rows_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "dpt.csv"
    path.write_text("NIK,NAMA\n3271014101900001,SITI\n\n3271010202850003,BUDI\n,\n\n")
    assert io.read_table(path).rows() == [("3271014101900001", "SITI"), ("3271010202850003", "BUDI")]
    sheet = tmp_path / "dpt.xlsx"
    _xlsx(sheet, [["NIK", "NAMA"], ["3271014101900001", "SITI"], [None, None], [None, " "]])
    assert io.read_table(sheet).rows() == [("3271014101900001", "SITI")]


def test_a_repeated_xlsx_header_keeps_both_columns(tmp_path: Path) -> None:
    path = tmp_path / "dpt.xlsx"
    _xlsx(path, [["NIK", "NAMA", "NAMA"], ["3271014101900001", "SITI AMINAH", "keterangan"]])
    frame = io.read_table(path)
    assert frame.columns == ["NIK", "NAMA", "NAMA_duplicated_0"]
    assert frame.row(0) == ("3271014101900001", "SITI AMINAH", "keterangan")


def test_utf16_and_mac_line_endings_are_read(tmp_path: Path) -> None:
    unicode_text = tmp_path / "dpt.txt"
    unicode_text.write_bytes("NIK\tNAMA\r\n3271014101900001\tSITI\r\n".encode("utf-16"))
    assert io.read_table(unicode_text).rows() == [("3271014101900001", "SITI")]
    mac = tmp_path / "dpt.csv"
    mac.write_bytes(b"NIK,NAMA\r3271014101900001,SITI\r3271010202850003,BUDI\r")
    assert io.read_table(mac).height == 2


@pytest.mark.parametrize("name", [".", "dpt.csv", "3271014101900001"])
def test_a_folder_is_named_in_the_error(tmp_path: Path, name: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).mkdir(exist_ok=True)
    with pytest.raises(DataFileError, match="is a folder") as info:
        io.read_table(name)
    shown = "3271********0001" if name.isdigit() else name
    assert str(info.value).startswith(f"cannot read {shown}: ")
    assert "3271014101900001" not in str(info.value)
