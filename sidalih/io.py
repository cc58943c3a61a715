"""Reading and writing the files voter lists travel in: CSV, Parquet, XLSX.

Identifiers are always read as text: a CSV is read with every column as a string,
so a NIK keeps its leading digits and never becomes a float. In a spreadsheet a NIK
typed into a *number* cell has already lost its 16th digit (spreadsheets keep 15
significant digits); such a cell is written out in scientific form
(``3.27101010190000E+15``) so the NIK parser reports it as ``scientific`` rather
than trusting a rounded number.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Any

import polars as pl

from sidalih._csv_records import checked, frame_of, records, unique_names
from sidalih._frames import frame_to_polars
from sidalih.errors import (
    DataFileError,
    InvalidParameterError,
    MixedEncodingWarning,
    SidalihError,
    mask_long_digits,
)
from sidalih.schema import canonical_name

__all__ = ["read_table", "write_table", "FORMATS", "XLSX_MAX_ROWS"]

FORMATS = ("parquet", "csv", "xlsx")
#: Rows a worksheet holds below its header row.
XLSX_MAX_ROWS = 1_048_575
_ID_COLUMNS = ("nik", "nkk")
_DELIMITERS = ",;\t|"


def read_table(path: str | Path) -> pl.DataFrame:
    """Read a voter list from ``.csv``/``.txt``, ``.parquet`` or ``.xlsx``.

    Text files may be UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
    Text") or cp1252, with any line ending; in a UTF-8 file with some bytes that are
    not UTF-8, only those are read as cp1252
    (:class:`~sidalih.errors.MixedEncodingWarning`). A CSV or XLSX row with no value in any cell
    (a blank line, a spreadsheet's trailing empty rows) is not a record and is skipped;
    a header repeated in an XLSX sheet keeps both columns, the second renamed as a CSV
    reader does (``NAMA_duplicated_0``). Of a workbook's sheets, the one whose header
    names the most voter columns is read (a cover sheet before the list is passed over).

    A CSV is read as spreadsheets read one: a quote inside an unquoted value
    (``Jl. "Mawar``) is text, and a delimiter ending every data row but not the header
    adds no column. A quote that opens a value and does not close it on its line would
    read the lines after it into that value: the file is refused
    (:class:`~sidalih.errors.DataFileError`), naming the line where the quote opens; so
    is a row with more fields than the header. No error quotes the file's rows.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "dpt.csv")
    >>> _ = open(p, "w").write("NIK;NAMA\\n3271014101900001;SITI\\n")
    >>> read_table(p).to_dicts()
    [{'NIK': '3271014101900001', 'NAMA': 'SITI'}]
    """
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"file not found: {path}")
    if path.is_dir():
        raise DataFileError(
            f"cannot read {path}: it is a folder; give a .csv, .parquet or .xlsx file"
        )
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path)
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(path)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
    except SidalihError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise their own kinds
        # not chained: a reader's message may quote the file's rows, and a traceback
        # (a notebook, a cron log) would print them, full NIKs and all
        raise DataFileError(mask_long_digits(f"cannot read {path.name}: {_reason(exc)}")) from None
    raise DataFileError(
        f"cannot read {path.name}: expected a .csv, .parquet or .xlsx file, got {suffix or 'none'}"
    )


def _read_csv(path: Path) -> pl.DataFrame:
    raw = path.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")  # Excel's "Unicode Text" export
    else:
        text = _decode(raw, name=path.name)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # "CSV (Macintosh)": CR alone ends a line
    delimiter = _sniff_delimiter(text)
    try:
        frame: pl.DataFrame | None = pl.read_csv(
            text.encode("utf-8"), separator=delimiter, infer_schema=False)
    except pl.exceptions.ComputeError:
        # polars' message quotes raw rows (full NIKs) and rarely the line: the record
        # reader below says what is wrong, by line, or reads what polars could not
        frame = None
    if frame is not None and frame.height == _line_count(text) - 1:
        return _without_empty_rows(frame)  # one record a line: nothing was merged
    try:
        return _without_empty_rows(_read_records(text, delimiter=delimiter, fast=frame))
    except DataFileError as exc:
        raise DataFileError(f"cannot read {mask_long_digits(path.name)}: {exc}") from None


def _line_count(text: str) -> int:
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def _read_records(text: str, *, delimiter: str, fast: pl.DataFrame | None) -> pl.DataFrame:
    """The table as the record reader reads it; polars' own reading (``fast``) where it
    read as many records (values spanning lines, written so on purpose)."""
    found = records(text, delimiter=delimiter)
    data = checked(found, delimiter=delimiter)
    if fast is not None and fast.height == len(data):
        return fast
    return frame_of(found[0].fields if found else [], data)


_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, as surrogateescape keeps them
_BEYOND_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a valid UTF-8 character beyond ASCII


def _decode(raw: bytes, *, name: str) -> str:
    """A text file's bytes as text: UTF-8 (with or without BOM), else cp1252, else both.

    KPU exports made on older Windows machines are cp1252 throughout. A file that is
    UTF-8 except for some bytes (two exports pasted together, one cell typed on such a
    machine) keeps every valid UTF-8 character, and only the other bytes are read as
    cp1252: decoding the whole file as cp1252 would garble every UTF-8 name
    (``NUR’AINI`` as ``NURâ€™AINI``). :class:`~sidalih.errors.MixedEncodingWarning`
    counts the rows read so.

    Examples
    --------
    >>> _decode("JOSÉ;NUR’AINI".encode("cp1252"), name="dpt.csv")
    'JOSÉ;NUR’AINI'
    >>> import warnings
    >>> mixed = "NUR’AINI\\n".encode() + "JOSÉ\\n".encode("cp1252")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _decode(mixed, name="dpt.csv").splitlines()
    ['NUR’AINI', 'JOSÉ']
    >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    dpt.csv is UTF-8 but 1 row(s) hold bytes that are not (line 2): those bytes were
    read as cp1252 (Windows-1252); check the names on those rows
    """
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    if not _ESCAPED.search(text):
        return text
    if not _BEYOND_ASCII.search(text):
        # no valid UTF-8 beyond ASCII: a cp1252 file throughout, read as one
        return raw.decode("cp1252", errors="replace")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if _ESCAPED.search(line)]
    shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
    warnings.warn(
        f"{mask_long_digits(name)} is UTF-8 but {len(lines)} row(s) hold bytes that are not (line {shown}): "
        f"those bytes were read as cp1252 (Windows-1252); check the names on those rows",
        MixedEncodingWarning, stacklevel=4)
    return _ESCAPED.sub(lambda m: bytes(ord(c) - 0xDC00 for c in m.group(0)).decode(
        "cp1252", errors="replace"), text)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most fields.

    Headers name columns and rarely hold a delimiter, while data rows may hold any
    text (an address with ';' in a ',' file); ``csv.Sniffer`` reads both and can be
    misled by the data. Ties keep the order of :data:`_DELIMITERS` (comma first).
    """
    first = next(iter(text.splitlines()), "")

    def fields(delimiter: str) -> int:
        return len(next(csv.reader([first], delimiter=delimiter), []))

    return max(_DELIMITERS, key=lambda d: (fields(d), -_DELIMITERS.index(d)))


def _read_xlsx(path: Path) -> pl.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    index = _voter_sheet(workbook.worksheets)
    rows = workbook.worksheets[index].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return pl.DataFrame()
    names = unique_names(
        [str(h) if h is not None else f"column_{i}" for i, h in enumerate(header)]
    )
    id_positions = {i for i, n in enumerate(names) if canonical_name(n) in _ID_COLUMNS}
    columns: list[list[Any]] = [[] for _ in names]
    leap_days: list[tuple[int, int]] = []
    for r, row in enumerate(rows):
        for i in range(len(names)):
            value = row[i] if i < len(row) else None
            if _may_be_fake_leap_day(value, epoch=workbook.epoch):
                leap_days.append((r, i))
            columns[i].append(_cell_text(value, is_id=i in id_positions))
    workbook.close()
    for (r, i), serial in _raw_serials(path, leap_days, sheet=index).items():
        if serial is not None and int(serial) == _EXCEL_FAKE_LEAP_DAY:
            columns[i][r] = "29-02-1900"  # as Excel shows it; the date parser: impossible
    return _without_empty_rows(pl.DataFrame(
        {n: pl.Series(n, c, dtype=pl.String) for n, c in zip(names, columns, strict=True)}
    ))


def _without_empty_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop rows with no value in any cell: blank lines are not voters."""
    if frame.width == 0:
        return frame
    blank = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).cast(pl.String).str.strip_chars() == "")
        for c in frame.columns
    )
    return frame.filter(~blank)


_EXACT_IN_A_DOUBLE = 2**53
_EXCEL_FAKE_LEAP_DAY = 60  # serial of 29-02-1900 in Excel's 1900 system, a day that never was
_OPENPYXL_LEAP_DAY = dt.date(1900, 2, 28)  # what openpyxl reads serials 59 and 60 as


def _may_be_fake_leap_day(value: Any, *, epoch: dt.datetime) -> bool:
    """A date cell openpyxl read as 28-02-1900: Excel's serial 59, or its fictitious 60."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH

    return (isinstance(value, dt.datetime) and value.date() == _OPENPYXL_LEAP_DAY
            and epoch == WINDOWS_EPOCH)


def _voter_sheet(sheets: list[Any]) -> int:
    """The sheet whose header names the most voter columns; the first where none does.

    A workbook from a regional office often opens on a cover sheet (instructions,
    "Petunjuk") before the list itself: reading the first sheet would read no voter.
    """
    def known(sheet: Any) -> int:
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        return sum(1 for h in header if h is not None and canonical_name(str(h)))

    counts = [known(sheet) for sheet in sheets]
    return max(range(len(counts)), key=lambda i: (counts[i], -i)) if counts else 0


def _raw_serials(path: Path, cells: list[tuple[int, int]], *,
                 sheet: int = 0) -> dict[tuple[int, int], Any]:
    """The numbers stored in the given date cells (data row, column), read again.

    openpyxl turns a date cell's serial into a date as it parses the sheet, and reads
    the serials 59 and 60 both as 28-02-1900; only the stored number tells them apart.
    Without the workbook's date styles it gives the numbers (``_date_formats`` is
    private to openpyxl; were it gone, the cells keep openpyxl's date).
    """
    if not cells:
        return {}
    from openpyxl import load_workbook

    wanted: dict[int, list[int]] = {}
    for r, i in cells:
        wanted.setdefault(r, []).append(i)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        workbook._date_formats = set()
        rows = workbook.worksheets[sheet].iter_rows(values_only=True)
        next(rows, None)  # the header, as in _read_xlsx
        found: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(rows):
            for i in wanted.get(r, ()):
                value = row[i] if i < len(row) else None
                found[(r, i)] = value if isinstance(value, (int, float)) else None
            if r >= max(wanted):
                break
        return found
    finally:
        workbook.close()


def _cell_text(value: Any, *, is_id: bool) -> str | None:
    if value is None:
        return None
    if is_id and isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel keeps 15 significant digits of a number it was given: a 16-digit NIK
        # typed there ends in 0 and is damaged. A whole number whose last digit is not
        # 0 was written by a program (pandas' to_excel, a database export) with every
        # digit, exact where a double holds it exactly (below 2**53; above, Papua's
        # 91-96 codes, a writer that went through a double may have moved the last).
        if isinstance(value, int) and value % 10 != 0 and value < _EXACT_IN_A_DOUBLE:
            return str(value)
        return f"{float(value):.14E}" if abs(value) >= 1e15 else str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.time):
        # openpyxl gives a date cell below serial 1 as a time of day; its strftime would
        # invent the date 01-01-1900. Serial 0 is the blank date, "00-01-1900" in Excel,
        # which the date parser reads as impossible (as it reads the number 0)
        return "00-01-1900" if value == dt.time(0, 0) else value.isoformat()
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def write_table(frame: Any, path: str | Path, *, format: str | None = None) -> Path:
    """Write a frame as Parquet, CSV or XLSX (chosen by ``format`` or the suffix).

    ``frame`` is a polars, pandas or pyarrow frame, as every public entry point takes
    (a pandas index named as an id is written as the ``id`` column); anything else is an
    :class:`~sidalih.errors.InputTypeError`. XLSX cells are written as text so
    identifiers are not turned into numbers; list columns become ``"; "``-joined text in
    CSV and XLSX.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.xlsx")
    >>> frame = pl.DataFrame({"nik": ["3271014101900001"], "n": [2]})
    >>> read_table(write_table(frame, p)).to_dicts()
    [{'nik': '3271014101900001', 'n': '2'}]
    """
    frame = frame_to_polars(frame)[0]
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "parquet").lower()
    if fmt not in FORMATS:
        raise InvalidParameterError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "xlsx" and frame.height > XLSX_MAX_ROWS:
        raise InvalidParameterError(
            f"{path.name}: a worksheet holds at most {XLSX_MAX_ROWS:,} rows, this table has "
            f"{frame.height:,}; write csv or parquet instead"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        plain = _flatten_lists(frame)
        if fmt == "parquet":
            frame.write_parquet(path)
        elif fmt == "csv":
            plain.write_csv(path)
        else:
            plain.with_columns(pl.all().cast(pl.String)).write_excel(path, autofit=False)
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {_reason(exc)}") from exc
    return path


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message (polars adds hints below it)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )
