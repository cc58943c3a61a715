"""The parsing API: :func:`parse_birth_date`, :func:`parse_one`, :func:`is_placeholder`."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih._frames import Kind, series_to_polars
from sidalih._unicode import normalise_unicode
from sidalih.dates._calendar import (
    CODE,
    NAME_BYTES,
    NAME_MONTHS,
    NAME_OFFSETS,
    STATUS_CODES,
    fields,
    placeholder_expr,
    resolve_century,
    status_expr,
)
from sidalih.dates._rows import SMALL_ROWS, parse_rows
from sidalih.dates._types import DateStatus, ParsedDate, Placeholder
from sidalih.dates._values import EPOCH, check_reference, parts_from_series, to_caller
from sidalih.kernels.date_scan import scan_dates

__all__ = [
    "parse_birth_date", "parse_one", "is_placeholder", "date_series", "parse_parts", "parse_series",
]


def _text_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The Arrow offsets and bytes of a large-string array, without a copy."""
    _, offsets_buffer, data_buffer = array.buffers()
    start = array.offset
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[start : start + len(array) + 1]
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)
        if data_buffer is not None
        else np.zeros(1, dtype=np.uint8)
    )
    return offsets, data


def _ascii_folded(text: pl.Series) -> pl.Series:
    """Full-width and other Unicode digits, spaces and dashes as the ASCII the kernel
    reads (``２６-０３-１９８２`` is 26-03-1982), folded as the NIK parser folds them."""
    return pl.Series(text.name, [v if v is None or v.isascii() else normalise_unicode(v)
                                 for v in text.to_list()], dtype=pl.String)


def _scan_arrays(text: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the scanning kernel over a String series (Arrow offsets + bytes)."""
    n = len(text)
    array = text.rechunk().to_arrow(compat_level=pl.CompatLevel.oldest())
    if n == 0 or array.null_count == n:
        return np.zeros(n, dtype=np.int8), np.zeros((n, 4), dtype=np.int32), np.zeros(n)
    offsets, data = _text_buffers(array)
    if (data[offsets[0] : offsets[-1]] >= 0x80).any():  # rare: ASCII text costs one scan
        text = _ascii_folded(text)
        array = text.to_arrow(compat_level=pl.CompatLevel.oldest())
        offsets, data = _text_buffers(array)
    is_null = text.is_null().to_numpy()
    kind, ymd, serial = scan_dates(offsets, data, is_null, NAME_BYTES, NAME_OFFSETS, NAME_MONTHS)
    return kind, ymd, serial


def _scan_text(text: pl.Series) -> pl.DataFrame:
    kind, ymd, serial = _scan_arrays(text)
    return pl.DataFrame(
        {
            "tkind": kind,
            "ty": ymd[:, 0],
            "tm": ymd[:, 1],
            "td": ymd[:, 2],
            "tflags": ymd[:, 3],
            "tserial": serial,
        }
    )


def parse_parts(parts: pl.DataFrame, ref: dt.date | None) -> pl.DataFrame:
    """The four columns of :func:`parse_birth_date` from :func:`parts_from_series`' parts."""
    scanned = _scan_text(parts.get_column("text"))
    frame = fields(pl.concat([parts, scanned], how="horizontal"))
    century, status, dated, day_month, outputs = _query(ref)
    return (
        frame.with_columns(century).with_columns(status).with_columns(dated)
        .with_columns(day_month).select(outputs).collect()
    )


@lru_cache(maxsize=16)
def _query(ref: dt.date | None) -> tuple[list[pl.Expr], ...]:
    """The steps after :func:`fields`, built once per reference date (building the
    expressions costs as much as running them on a few rows)."""
    ref_days = None if ref is None else (ref - EPOCH).days
    valid = pl.col("status") == CODE[DateStatus.VALID]
    date = pl.when(valid).then(pl.col("days")).cast(pl.Int32).cast(pl.Date)
    d, m = pl.col("d"), pl.col("m")
    swappable = (d != m) & d.is_between(1, 12) & m.is_between(1, 12)
    dated = [date.alias("tanggal_lahir")]
    day_month = [pl.col("tanggal_lahir").dt.day().alias("date_day"),
                 pl.col("tanggal_lahir").dt.month().alias("date_month")]
    outputs = [
        pl.col("tanggal_lahir"),
        pl.col("status").replace_strict(STATUS_CODES, return_dtype=pl.String),
        placeholder_expr(pl.col("date_day"), pl.col("date_month")).alias("placeholder"),
        (valid & pl.col("day_first") & swappable).fill_null(False).alias("day_month_ambiguous"),
    ]
    return resolve_century(ref), status_expr(ref_days), dated, day_month, outputs


def parse_series(series: pl.Series, ref: dt.date | None) -> pl.DataFrame:
    """The four columns of :func:`parse_birth_date` for a polars Series of any dtype.

    A few rows take the row-by-row restatement of the rules (:mod:`._rows`), which
    gives the same frame without the cost of planning the polars query.
    """
    if len(series) <= SMALL_ROWS:
        return parse_rows(series, ref, _scan_arrays)
    return parse_parts(parts_from_series(series), ref)


def parse_birth_date(values: Any, *, reference_date: dt.date | str | None = None) -> Any:
    """Parse birth dates from text, spreadsheet serials and date values.

    Parameters
    ----------
    values
        A pandas/polars/pyarrow Series, a numpy array or a list. Mixed kinds of value
        in one column are fine.
    reference_date
        Polling day (or the list's cut-off date), a date or ISO text. Resolves two-digit
        years and marks dates after it ``future``. Without it two-digit years are
        ``ambiguous`` and nothing is ``future``.

    Returns
    -------
    DataFrame
        Of the caller's kind (pandas for pandas, pyarrow for pyarrow, polars otherwise),
        one row per value in order, with columns ``tanggal_lahir`` (Date, null unless
        ``status`` is ``valid``), ``status`` (a :class:`DateStatus` value),
        ``placeholder`` (a :class:`Placeholder` value or null) and
        ``day_month_ambiguous`` (Bool: day-first text whose swap is also a date).
        A pandas result keeps the input's index, so it can be assigned back into the
        caller's frame.

    Examples
    --------
    >>> import datetime as dt
    >>> parse_birth_date(
    ...     ["01-07-1980", "05/03/75", "31-02-1980", None, 29221],
    ...     reference_date=dt.date(2024, 2, 14),
    ... )
    shape: (5, 4)
    ┌───────────────┬────────────┬─────────────┬─────────────────────┐
    │ tanggal_lahir ┆ status     ┆ placeholder ┆ day_month_ambiguous │
    │ ---           ┆ ---        ┆ ---         ┆ ---                 │
    │ date          ┆ str        ┆ str         ┆ bool                │
    ╞═══════════════╪════════════╪═════════════╪═════════════════════╡
    │ 1980-07-01    ┆ valid      ┆ 01-07       ┆ true                │
    │ 1975-03-05    ┆ valid      ┆ null        ┆ true                │
    │ null          ┆ impossible ┆ null        ┆ false               │
    │ null          ┆ empty      ┆ null        ┆ false               │
    │ 1980-01-01    ┆ valid      ┆ 01-01       ┆ false               │
    └───────────────┴────────────┴─────────────┴─────────────────────┘
    """
    ref = check_reference(reference_date, required=False)
    series, kind = series_to_polars(values, name="tanggal_lahir")
    result = parse_series(series, ref)
    return to_caller(result, kind, values)


def parse_one(value: Any, *, reference_date: dt.date | str | None = None) -> ParsedDate:
    """Parse a single value; see :func:`parse_birth_date` for the rules.

    Examples
    --------
    >>> import datetime as dt
    >>> parse_one("15 Agustus 1945")
    ParsedDate(tanggal_lahir=datetime.date(1945, 8, 15), status=<DateStatus.VALID: 'valid'>, placeholder=<Placeholder.DAY_15: '15th'>, day_month_ambiguous=False)
    >>> parse_one("01-01-10", reference_date=dt.date(2024, 2, 14)).status
    <DateStatus.AMBIGUOUS: 'ambiguous'>
    """
    ref = check_reference(reference_date, required=False)
    series = pl.Series("tanggal_lahir", [value], dtype=pl.Object)
    row = parse_series(series, ref).row(0)
    return ParsedDate(
        tanggal_lahir=row[0],
        status=DateStatus(row[1]),
        placeholder=None if row[2] is None else Placeholder(row[2]),
        day_month_ambiguous=bool(row[3]),
    )


def date_series(dates: Any, ref: dt.date | None) -> tuple[pl.Series, Kind]:
    """Valid birth dates (null otherwise), for any input :func:`parse_birth_date` reads.

    Date and Datetime columns are parsed too, not taken as they are: a value must get
    the same answer whether it arrives as text or as a date, and ``0001-01-01`` (a
    database sentinel) or a year outside MIN_YEAR-MAX_YEAR is impossible either way.
    """
    series, kind = series_to_polars(dates, name="tanggal_lahir")
    parsed = parse_series(series, ref)
    return parsed.get_column("tanggal_lahir"), kind


def is_placeholder(dates: Any) -> Any:
    """True where a date is one written for an unknown birth date (01-07, 31-12, 01-01, 15th).

    ``dates`` may be dates or anything :func:`parse_birth_date` reads; values that are
    not a ``valid`` date there (missing, unreadable, impossible) give null. Returns a
    Series of the caller's kind (a list for lists and arrays; pandas keeps the index).
    Every 15th is flagged here, date by date; matching reads a list's 15ths as
    placeholders only where it writes the 15th more often than other days
    (:func:`sidalih.engine._fifteenth.fifteenth_is_placeholder`).

    Examples
    --------
    >>> import datetime as dt
    >>> is_placeholder([dt.date(1960, 7, 1), dt.date(1960, 7, 2), None, dt.date(1990, 3, 15)])
    [True, False, None, True]
    """
    series, kind = date_series(dates, None)
    day, month = series.dt.day(), series.dt.month()
    flag = placeholder_expr(pl.lit(day), pl.lit(month)).is_not_null()
    out = pl.select(pl.when(series.is_not_null()).then(flag)).to_series()
    return to_caller(out.rename("placeholder"), kind, dates)
