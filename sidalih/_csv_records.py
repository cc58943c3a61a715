"""A text table read record by record, for the files polars' fast reader cannot trust.

:func:`sidalih.io.read_table` reads a CSV with polars. Where polars refuses the file, or
reads fewer records than the file has lines, the file is read again here with Python's
:mod:`csv` module, which knows on which line each record starts. That second reading
says what is wrong, by line, or reads what polars could not:

- a quote that opens inside a value and never closes there (``"Siti`` for ``Siti``)
  swallows the following lines into one value, up to the next quote in the file. Whole
  voters would vanish into an address: refused, naming the line where the quote opens;
- a quote inside an unquoted value (``Jl. "Mawar No. 5``, an inch mark) is text, as
  spreadsheets and the :mod:`csv` module read it;
- a delimiter ending every data row but not the header (a database export's habit)
  adds a field that is empty on every row: it is dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import polars as pl

from sidalih.errors import DataFileError

__all__ = ["Record", "records", "checked", "frame_of"]

_SHOWN = 5  # problems named in a message; the rest are counted


@dataclass(frozen=True)
class Record:
    """One record: the lines it spans (1 = the header's first) and its fields."""

    start: int
    end: int
    fields: list[str]


def records(text: str, *, delimiter: str) -> list[Record]:
    """Every record of ``text``, the header first; a blank line is a record of no field.

    Examples
    --------
    >>> [(r.start, r.end, r.fields) for r in records('A,B\\n1,"x\\ny"\\n', delimiter=",")]
    [(1, 1, ['A', 'B']), (2, 3, ['1', 'x\\ny'])]
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    start = 1
    try:
        for fields in reader:
            out.append(Record(start, reader.line_num, fields))
            start = reader.line_num + 1
    except csv.Error as exc:  # a NUL byte, a field beyond csv's size limit
        raise DataFileError(f"line {reader.line_num}: {exc}") from None
    return out


def checked(found: list[Record], *, delimiter: str) -> list[Record]:
    """The data records, or a :class:`~sidalih.errors.DataFileError` naming the lines of
    every stray quote and of every row longer than the header.

    A data row ending in one delimiter more than the header has, with nothing after it,
    loses that empty field when every longer row does and they are most of the rows (an
    export's habit, not one row's accident: a shifted row must not lose a field).

    Examples
    --------
    >>> data = checked(records("A,B\\n1,2,\\n3,4,\\n", delimiter=","), delimiter=",")
    >>> [r.fields for r in data]
    [['1', '2'], ['3', '4']]
    >>> checked(records('A,B,C\\n1,"x,2,3\\n4,5,6\\n7,8",9\\n', delimiter=","), delimiter=",")
    Traceback (most recent call last):
    ...
    sidalih.errors.DataFileError: a quote opened on line 2 (column 'B') closes only on \
line 4, so lines 2-4 are read as one record; remove the stray quote or close it on its own \
line. Nothing was read.
    """
    if not found:
        return []
    header, data = found[0].fields, found[1:]
    quotes = [_quote_problem(r, header, delimiter=delimiter) for r in data]
    problems = [p for p in quotes if p]
    if problems:
        raise DataFileError(_listed(problems) + "; remove the stray quote or close it on its "
                            "own line. Nothing was read.")
    width = len(header)
    long_rows = [r for r in data if len(r.fields) > width]
    if not long_rows:
        return data
    if _trailing_delimiter(long_rows, data, width=width):
        return [Record(r.start, r.end, r.fields[:width]) for r in data]
    lines = ", ".join(str(r.start) for r in long_rows[:_SHOWN])
    raise DataFileError(
        f"{len(long_rows)} row(s) have more fields than the header (line {lines}"
        f"{', ...' if len(long_rows) > _SHOWN else ''}); a value that holds the delimiter "
        f"{delimiter!r} must be quoted. Nothing was read.")


def _quote_problem(record: Record, header: list[str], *, delimiter: str) -> str:
    """What a record spanning lines says of a stray quote ("" where it says nothing).

    A value that really holds a line break (an address typed on two lines) is kept. A
    stray quote is told apart by what it swallows: a row that closes it again in the
    column it opened in has its field count right, but the value then holds at least
    one row's delimiters (header fields - 1) for every line break in it. One that never
    closes runs to the end of the file, line break included.
    """
    if record.end == record.start:
        return ""
    column = next((i for i, f in enumerate(record.fields) if "\n" in f or "\r" in f), None)
    if column is None:
        return ""
    value = record.fields[column]
    name = repr(header[column]) if column < len(header) else f"field {column + 1}"
    if column == len(record.fields) - 1 and value.endswith(("\n", "\r")):
        return (f"a quote opened on line {record.start} (column {name}) never closes, so "
                f"lines {record.start}-{record.end} are read as one value")
    breaks = value.count("\n") + value.replace("\r\n", "\n").count("\r")
    swallowed = len(header) > 2 and value.count(delimiter) >= (len(header) - 1) * breaks
    if len(record.fields) > len(header) or swallowed:
        return (f"a quote opened on line {record.start} (column {name}) closes only on line "
                f"{record.end}, so lines {record.start}-{record.end} are read as one record")
    return ""


def _listed(problems: list[str]) -> str:
    more = len(problems) - _SHOWN
    return "; ".join(problems[:_SHOWN]) + (f"; and {more} more" if more > 0 else "")


def _trailing_delimiter(long_rows: list[Record], data: list[Record], *, width: int) -> bool:
    filled = sum(1 for r in data if r.fields)
    return 2 * len(long_rows) > filled and all(
        len(r.fields) == width + 1 and not r.fields[-1] for r in long_rows)


def frame_of(header: list[str], data: list[Record]) -> pl.DataFrame:
    """The records as a frame of text, as polars reads one: a short row padded with
    nulls, an empty value missing, a repeated header renamed (``NAMA_duplicated_0``).

    Examples
    --------
    >>> frame_of(["A", "A"], [Record(2, 2, ['x "y', ""]), Record(3, 3, ["z"])]).rows()
    [('x "y', None), ('z', None)]
    """
    names = unique_names(header)
    columns: list[list[str | None]] = [[] for _ in names]
    for record in data:
        for i, column in enumerate(columns):
            value = record.fields[i] if i < len(record.fields) else ""
            column.append(value if value else None)
    return pl.DataFrame({n: pl.Series(n, c, dtype=pl.String)
                         for n, c in zip(names, columns, strict=True)})


def unique_names(names: list[str]) -> list[str]:
    """Repeated headers renamed as polars' CSV reader does, so no column is lost.

    Examples
    --------
    >>> unique_names(["NAMA", "NIK", "NAMA", "NAMA"])
    ['NAMA', 'NIK', 'NAMA_duplicated_0', 'NAMA_duplicated_1']
    """
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            out.append(f"{name}_duplicated_{seen[name]}")
            seen[name] += 1
        else:
            out.append(name)
            seen[name] = 0
    return out
