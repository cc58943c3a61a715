"""Birth dates: parsing, placeholder flags, age and voter eligibility.

Voter lists carry birth dates as ``DD-MM-YYYY`` / ``DD/MM/YYYY`` text, ISO text,
spreadsheet serial numbers and real date values, often mixed in one column.
:func:`parse_birth_date` reads them all, vectorised in polars, and gives every row a
:class:`DateStatus` instead of raising or dropping it.

Rules (see DOMAIN.md):

- Text is read day first (Indonesian convention). ``05-07-1980`` is 5 July but is
  flagged ``day_month_ambiguous`` because the swap is also a calendar date. ISO text
  (``1980-07-05``) and month names (``5 Juli 1980``) are not ambiguous. A text whose
  month field is above 12 is ``impossible``: it is not silently re-read month first.
- Two-digit years are resolved against ``reference_date`` (never a fixed pivot): the
  latest century in which the date is not after the reference date. If that reading
  makes the person younger than :data:`VOTING_AGE`, the other reading makes them 100 or
  older; neither is a safe guess, so the row is ``ambiguous``. Without a reference
  date every two-digit year is ``ambiguous``.
- Numbers are Excel 1900-system serials (``29221`` is 1980-01-01; serial 60 is Excel's
  fictitious 29 February 1900 and is ``impossible``). Whole numbers 1850–2199 could be a
  bare year as well as a serial and are ``ambiguous``. Whole numbers with 7 or 8 digits
  are compact dates whose leading zero a spreadsheet dropped (``1071980``).
- Years outside :data:`MIN_YEAR`–:data:`MAX_YEAR` are ``impossible`` (``0001-01-01`` and
  ``9999-12-31`` are database sentinels, ``1098`` a typo).
- ``tanggal_lahir`` is non-null exactly when ``status`` is ``valid``.

The reference date is always a parameter, never "today": the same list must give the
same answer whenever it is processed.

Text is read by one numba kernel over the Arrow buffers (``_scan_dates``: ASCII only,
case-insensitive month names in Indonesian and English, an optional ``hh:mm[:ss]``
suffix, a leading spreadsheet apostrophe); the calendar rules that follow are polars
expressions. ``tests/reference_dates.py`` restates every rule in plain Python.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum
from typing import Any, NamedTuple

import numpy as np
import polars as pl
from numba import njit

from sidalih._frames import (
    Kind,
    caller_rows,
    frame_from_polars,
    series_from_polars,
    series_to_polars,
)
from sidalih.errors import InvalidParameterError

__all__ = [
    "DateStatus",
    "Placeholder",
    "ParsedDate",
    "VOTING_AGE",
    "MIN_YEAR",
    "MAX_YEAR",
    "PEMILU_2024",
    "PILKADA_2024",
    "parse_birth_date",
    "parse_one",
    "is_placeholder",
    "age_on",
    "eligible",
    "marital_status_code",
    "marital_expr",
]

VOTING_AGE = 17
"""Age on polling day from which an unmarried citizen may vote."""
MIN_YEAR = 1850
"""Earliest birth year accepted; anything older is a typo or a sentinel."""
MAX_YEAR = 2199
"""Latest birth year accepted without a reference date."""
PEMILU_2024 = dt.date(2024, 2, 14)
"""Polling day of the 2024 general election (an example reference date)."""
PILKADA_2024 = dt.date(2024, 11, 27)
"""Polling day of the 2024 regional elections."""

_EPOCH = dt.date(1970, 1, 1)
_EXCEL_EPOCH_OFFSET = 25569  # serial of 1970-01-01 in Excel's 1900 system
_EXCEL_FAKE_LEAP_DAY = 60  # 1900-02-29, which does not exist
_MIN_DAYS = (dt.date(MIN_YEAR, 1, 1) - _EPOCH).days
_MAX_DAYS = (dt.date(MAX_YEAR, 12, 31) - _EPOCH).days
_MAX_SERIAL = _MAX_DAYS + _EXCEL_EPOCH_OFFSET

_MONTHS: dict[str, int] = {}
for _month_number, _names in enumerate(
    [
        "jan januari january",
        "feb peb februari pebruari february",
        "mar maret march",
        "apr april",
        "mei may",
        "jun juni june",
        "jul juli july",
        "agu agt ags agus agustus aug august",
        "sep sept september",
        "okt oktober oct october",
        "nov nop nopember november",
        "des desember dec december",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _month_number


class DateStatus(str, Enum):
    """What :func:`parse_birth_date` made of one value."""

    VALID = "valid"
    """A calendar date within range and not after the reference date."""
    EMPTY = "empty"
    """Missing: null, NaN, NaT or blank text."""
    IMPOSSIBLE = "impossible"
    """Read as a date but no such date exists (31-02, month 13, year 0001, serial 60)."""
    FUTURE = "future"
    """A real date after the reference date."""
    AMBIGUOUS = "ambiguous"
    """Two readings and no safe choice (a two-digit year's century, a bare year or serial)."""
    UNPARSED = "unparsed"
    """Not recognisable as a date."""


class Placeholder(str, Enum):
    """Dates written when the true birth date was unknown (DOMAIN.md, Birth dates)."""

    JULY_1 = "01-07"
    DECEMBER_31 = "31-12"
    JANUARY_1 = "01-01"
    DAY_15 = "15th"


class ParsedDate(NamedTuple):
    """One parsed value, as returned by :func:`parse_one`."""

    tanggal_lahir: dt.date | None
    status: DateStatus
    placeholder: Placeholder | None
    day_month_ambiguous: bool


# --------------------------------------------------------------------------- input


def _classify(value: Any) -> tuple[str | None, float | None, int | None, bool]:
    """Split one Python value into (text, number, days since epoch, unsupported)."""
    try:
        if value is None or isinstance(value, bool):
            return None, None, None, value is not None
        if isinstance(value, str):
            return value, None, None, False
        if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
            if value != value:  # pandas NaT
                return None, None, None, False
            return None, None, (value.date() - _EPOCH).days, False
        if isinstance(value, dt.date):
            return None, None, (value - _EPOCH).days, False
        if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
            return _classify_numpy_or_number(value)
        if type(value).__name__ in ("NAType", "NaTType"):
            return None, None, None, False
        if type(value).__name__ == "Decimal":
            return _classify_numpy_or_number(float(value))
    except Exception:
        return None, None, None, True
    return None, None, None, True


def _classify_numpy_or_number(value: Any) -> tuple[str | None, float | None, int | None, bool]:
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind == "M":  # numpy datetime64
        if value != value:
            return None, None, None, False
        return None, None, int(value.astype("datetime64[D]").astype("int64")), False
    if kind == "b":
        return None, None, None, True
    number = float(value)
    return None, (None if math.isnan(number) else number), None, False


def _is_text(dtype: pl.DataType) -> bool:
    """String, or text stored as a dictionary (pandas ``category``, parquet dictionaries).

    Categorical text is text: every column reader here casts it to String rather than
    treating it as an unsupported type.
    """
    return dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)


def _parts_from_series(series: pl.Series) -> pl.DataFrame:
    """Columns ``text``, ``num``, ``days``, ``other``: one per kind of input value."""
    n = len(series)
    dtype = series.dtype
    columns = {
        "text": pl.repeat(None, n, dtype=pl.String, eager=True),
        "num": pl.repeat(None, n, dtype=pl.Float64, eager=True),
        "days": pl.repeat(None, n, dtype=pl.Int64, eager=True),
        "other": pl.repeat(False, n, dtype=pl.Boolean, eager=True),
    }
    if dtype == pl.Object:
        rows = [_classify(v) for v in series.to_list()]
        for k, (name, kind) in enumerate(
            [("text", pl.String), ("num", pl.Float64), ("days", pl.Int64), ("other", pl.Boolean)]
        ):
            columns[name] = pl.Series(name, [r[k] for r in rows], dtype=kind)
    elif _is_text(dtype):
        columns["text"] = series.cast(pl.String)
    elif dtype == pl.Date:
        columns["days"] = series.cast(pl.Int32).cast(pl.Int64)
    elif isinstance(dtype, pl.Datetime):
        columns["days"] = series.dt.date().cast(pl.Int32).cast(pl.Int64)
    elif dtype.is_numeric():
        columns["num"] = series.cast(pl.Float64).fill_nan(None)
    elif dtype != pl.Null:
        columns["other"] = series.is_not_null()
    return pl.DataFrame({name: col.rename(name) for name, col in columns.items()})


# --------------------------------------------------------------------------- parsing


# Text kinds returned by the scanning kernel.
_NO_TEXT = 0
_FIELDS = 1
_SERIAL = 2
_UNREADABLE = 3
# Flag bits for _FIELDS rows.
_TWO_DIGIT_YEAR = 1
_DAY_FIRST = 2


@njit(cache=True)
def _is_space(c):  # type: ignore[no-untyped-def]
    return c == 32 or 9 <= c <= 13


@njit(cache=True)
def _is_digit(c):  # type: ignore[no-untyped-def]
    return 48 <= c <= 57


@njit(cache=True)
def _is_sep(c):  # type: ignore[no-untyped-def]
    return c == 45 or c == 47 or c == 46 or c == 32 or c == 44  # - / . space ,


@njit(cache=True)
def _number(data, s, e):  # type: ignore[no-untyped-def]
    value = 0
    for k in range(s, e):
        value = value * 10 + (np.int64(data[k]) - 48)  # int64: uint8 would wrap without JIT
    return value


@njit(cache=True)
def _date_end(data, s, e):  # type: ignore[no-untyped-def]
    """End of the date part: before a time suffix ``[ T]hh:mm[:ss[.f]]``; -1 if malformed."""
    colon = -1
    for k in range(s, e):
        if data[k] == 58:
            colon = k
            break
    if colon < 0:
        return e
    h = colon
    while h > s and _is_digit(data[h - 1]):
        h -= 1
    if h == colon or h - 1 <= s:
        return -1
    c = data[h - 1]
    if not (c == 32 or c == 116 or c == 84):
        return -1
    for k in range(colon, e):
        c = data[k]
        if not (_is_digit(c) or c == 58 or c == 46):
            return -1
    end = h - 1
    while end > s and _is_space(data[end - 1]):
        end -= 1
    return end


@njit(cache=True)
def _tokens(data, s, e, starts, ends, digits):  # type: ignore[no-untyped-def]
    """Split into digit and letter runs separated by separators; -1 if malformed."""
    n = 0
    k = s
    while k < e:
        c = data[k] | 32 if 65 <= data[k] <= 90 else data[k]
        if _is_sep(c):
            if k == s:
                return -1
            k += 1
            continue
        is_d = _is_digit(c)
        if not (is_d or 97 <= c <= 122) or n == 4:
            return -1
        starts[n] = k
        while k < e:
            c = data[k] | 32 if 65 <= data[k] <= 90 else data[k]
            if is_d != _is_digit(c) or not (_is_digit(c) or 97 <= c <= 122):
                break
            k += 1
        ends[n] = k
        digits[n] = is_d
        n += 1
    if _is_sep(data[e - 1]):
        return -1
    return n


@njit(cache=True)
def _month(data, s, e, names, name_offsets, name_months):  # type: ignore[no-untyped-def]
    for i in range(name_months.shape[0]):
        a, b = name_offsets[i], name_offsets[i + 1]
        if b - a != e - s:
            continue
        same = True
        for k in range(e - s):
            if (data[s + k] | 32) != names[a + k]:
                same = False
                break
        if same:
            return name_months[i]
    return -1


@njit(cache=True)
def _gap_is_one(data, e0, s1):  # type: ignore[no-untyped-def]
    return s1 - e0 == 1 and (data[e0] == 45 or data[e0] == 47 or data[e0] == 46)


@njit(cache=True)
def _compact(data, s, length, out, i):  # type: ignore[no-untyped-def]
    """Digit-only dates: DDMMYYYY or YYYYMMDD (8), DMMYYYY (7), DDMMYY (6)."""
    if length == 8:
        year = _number(data, s, s + 4)
        month = _number(data, s + 4, s + 6)
        if 1850 <= year <= 2199 and 1 <= month <= 12:
            out[i, 0], out[i, 1], out[i, 2], out[i, 3] = year, month, _number(data, s + 6, s + 8), 0
            return True
        out[i, 0], out[i, 1] = _number(data, s + 4, s + 8), _number(data, s + 2, s + 4)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), _DAY_FIRST
        return True
    if length == 7:
        out[i, 0], out[i, 1] = _number(data, s + 3, s + 7), _number(data, s + 1, s + 3)
        out[i, 2], out[i, 3] = _number(data, s, s + 1), _DAY_FIRST
        return True
    if length == 6:
        out[i, 0], out[i, 1] = _number(data, s + 4, s + 6), _number(data, s + 2, s + 4)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), _DAY_FIRST | _TWO_DIGIT_YEAR
        return True
    return False


@njit(cache=True)
def _scan_one(data, s, e, names, name_offsets, name_months, out, serial, i, starts, ends, digits):  # type: ignore[no-untyped-def]
    n = _tokens(data, s, e, starts, ends, digits)
    if n <= 0:
        return _UNREADABLE
    if n == 1 and digits[0]:
        if ends[0] - starts[0] == 5:
            serial[i] = _number(data, starts[0], ends[0])
            return _SERIAL
        ok = _compact(data, starts[0], ends[0] - starts[0], out, i)
        return _FIELDS if ok else _UNREADABLE
    if n == 2 and digits[0] and digits[1] and ends[0] - starts[0] == 5:
        if ends[0] + 1 != starts[1] or data[ends[0]] != 46:
            return _UNREADABLE
        serial[i] = _number(data, starts[0], ends[0])  # the fraction is a time of day
        return _SERIAL
    if n != 3 or not (digits[0] and digits[2]):
        return _UNREADABLE
    len0, len1, len2 = ends[0] - starts[0], ends[1] - starts[1], ends[2] - starts[2]
    if len0 == 4:  # ISO: exactly one -, / or . between fields
        if not (digits[1] and len1 <= 2 and len2 <= 2):
            return _UNREADABLE
        if not (_gap_is_one(data, ends[0], starts[1]) and _gap_is_one(data, ends[1], starts[2])):
            return _UNREADABLE
        out[i, 0] = _number(data, starts[0], ends[0])
        out[i, 1] = _number(data, starts[1], ends[1])
        out[i, 2], out[i, 3] = _number(data, starts[2], ends[2]), 0
        return _FIELDS
    if len0 > 2 or (len2 != 2 and len2 != 4):
        return _UNREADABLE
    flags = _TWO_DIGIT_YEAR if len2 == 2 else 0
    if digits[1]:
        if len1 > 2:
            return _UNREADABLE
        out[i, 1] = _number(data, starts[1], ends[1])
        flags |= _DAY_FIRST
    else:
        out[i, 1] = _month(data, starts[1], ends[1], names, name_offsets, name_months)
        if out[i, 1] < 0:
            return _UNREADABLE
    out[i, 0] = _number(data, starts[2], ends[2])
    out[i, 2], out[i, 3] = _number(data, starts[0], ends[0]), flags
    return _FIELDS


@njit(cache=True)
def _fixed_width(data, s, out, i):  # type: ignore[no-untyped-def]
    """``DD-MM-YYYY`` and ``YYYY-MM-DD`` (10 bytes), the bulk of real lists, without tokenising."""
    c2, c4, c5, c7 = data[s + 2], data[s + 4], data[s + 5], data[s + 7]
    if _is_sep(c2) and _is_sep(c5):
        for k in (0, 1, 3, 4, 6, 7, 8, 9):
            if not _is_digit(data[s + k]):
                return False
        out[i, 0], out[i, 1] = _number(data, s + 6, s + 10), _number(data, s + 3, s + 5)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), _DAY_FIRST
        return True
    if (c4 == 45 or c4 == 47 or c4 == 46) and (c7 == 45 or c7 == 47 or c7 == 46):
        for k in (0, 1, 2, 3, 5, 6, 8, 9):
            if not _is_digit(data[s + k]):
                return False
        out[i, 0], out[i, 1] = _number(data, s, s + 4), _number(data, s + 5, s + 7)
        out[i, 2], out[i, 3] = _number(data, s + 8, s + 10), 0
        return True
    return False


@njit(cache=True)
def _scan_dates(offsets, data, is_null, names, name_offsets, name_months):  # type: ignore[no-untyped-def]
    """Read date text into (kind, [year, month, day, flags], serial) per row."""
    n = is_null.shape[0]
    kind = np.zeros(n, dtype=np.int8)
    out = np.zeros((n, 4), dtype=np.int32)
    serial = np.zeros(n, dtype=np.float64)
    starts = np.zeros(4, dtype=np.int64)
    ends = np.zeros(4, dtype=np.int64)
    digits = np.zeros(4, dtype=np.bool_)
    for i in range(n):
        if is_null[i]:
            continue
        s, e = offsets[i], offsets[i + 1]
        while s < e and _is_space(data[s]):
            s += 1
        while e > s and _is_space(data[e - 1]):
            e -= 1
        if s < e and data[s] == 39:  # a leading apostrophe forces text in spreadsheets
            s += 1
            while s < e and _is_space(data[s]):
                s += 1
        if s == e:
            continue
        if e - s == 10 and _fixed_width(data, s, out, i):
            kind[i] = _FIELDS
            continue
        e = _date_end(data, s, e)
        if e <= s:
            kind[i] = _UNREADABLE
            continue
        kind[i] = _scan_one(
            data, s, e, names, name_offsets, name_months, out, serial, i, starts, ends, digits
        )
    return kind, out, serial


_NAMES = sorted(_MONTHS)
_NAME_BYTES = np.frombuffer("".join(_NAMES).encode("ascii"), dtype=np.uint8)
_NAME_OFFSETS = np.cumsum([0] + [len(name) for name in _NAMES]).astype(np.int64)
_NAME_MONTHS = np.array([_MONTHS[name] for name in _NAMES], dtype=np.int32)


def _scan_text(text: pl.Series) -> pl.DataFrame:
    """Run the scanning kernel over a String series (Arrow offsets + bytes)."""
    n = len(text)
    array = text.rechunk().to_arrow(compat_level=pl.CompatLevel.oldest())
    if n == 0 or array.null_count == n:
        kind = np.zeros(n, dtype=np.int8)
        fields = np.zeros((n, 4), dtype=np.int32)
        serial = np.zeros(n, dtype=np.float64)
    else:
        _, offsets_buffer, data_buffer = array.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + n + 1]
        data = (
            np.frombuffer(data_buffer, dtype=np.uint8)
            if data_buffer is not None
            else np.zeros(1, dtype=np.uint8)
        )
        is_null = text.is_null().to_numpy()
        kind, fields, serial = _scan_dates(
            offsets, data, is_null, _NAME_BYTES, _NAME_OFFSETS, _NAME_MONTHS
        )
    return pl.DataFrame(
        {
            "tkind": kind,
            "ty": fields[:, 0],
            "tm": fields[:, 1],
            "td": fields[:, 2],
            "tflags": fields[:, 3],
            "tserial": serial,
        }
    )


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


def _resolve_century(ref: dt.date | None) -> list[pl.Expr]:
    """Four-digit year for two-digit years, and whether that choice is unsafe."""
    y, m, d, two = pl.col("y"), pl.col("m"), pl.col("d"), pl.col("two_digit")
    if ref is None:
        # Only used to test the calendar; 1900 and 2000 differ only on 29-02-00.
        return [pl.when(two).then(y + 2000).otherwise(y).alias("y"), two.alias("century_unsure")]
    after_ref_in_year = (m > ref.month) | ((m == ref.month) & (d > ref.day))
    recent = (ref.year // 100) * 100 + y
    recent = (
        pl.when((recent > ref.year) | ((recent == ref.year) & after_ref_in_year))
        .then(recent - 100)
        .otherwise(recent)
    )
    age = ref.year - recent - after_ref_in_year.cast(pl.Int64)
    return [
        pl.when(two).then(recent).otherwise(y).alias("y"),
        (two & (age < VOTING_AGE)).alias("century_unsure"),
    ]


def _numeric_fields(num: pl.Expr) -> dict[str, pl.Expr]:
    """Whole numbers of 7-8 digits are compact dates that lost a leading zero."""
    q = num.cast(pl.Int64, strict=False)
    compact = ((num == num.floor()) & (num >= 1e6) & (num < 1e8)).fill_null(False)
    iso = (q // 10_000).is_between(MIN_YEAR, MAX_YEAR) & ((q // 100) % 100).is_between(1, 12)
    iso = compact & iso
    dmy = compact & ~iso
    return {
        "compact": compact,
        "day_first": dmy,
        "y": pl.when(iso).then(q // 10_000).when(dmy).then(q % 10_000),
        "m": pl.when(iso).then((q // 100) % 100).when(dmy).then((q // 10_000) % 100),
        "d": pl.when(iso).then(q % 100).when(dmy).then(q // 1_000_000),
    }


def _fields(frame: pl.DataFrame) -> pl.LazyFrame:
    """Year, month, day (from text or a compact number), serial and days, one set per row."""
    text_fields = pl.col("tkind") == _FIELDS
    numeric = _numeric_fields(pl.col("num"))
    num = pl.col("num")

    def pick(text_column: str, name: str) -> pl.Expr:
        text_value = pl.when(text_fields).then(pl.col(text_column).cast(pl.Int64))
        return pl.coalesce(text_value, numeric[name]).alias(name)

    return frame.lazy().select(
        pick("ty", "y"),
        pick("tm", "m"),
        pick("td", "d"),
        two_digit=text_fields & ((pl.col("tflags") & _TWO_DIGIT_YEAR) != 0),
        day_first=(text_fields & ((pl.col("tflags") & _DAY_FIRST) != 0)) | numeric["day_first"],
        serial=pl.coalesce(
            pl.when(pl.col("tkind") == _SERIAL).then(pl.col("tserial")),
            pl.when(~numeric["compact"]).then(num),
        ),
        days=pl.col("days"),
        empty=(pl.col("tkind") == _NO_TEXT)
        & num.is_null()
        & pl.col("days").is_null()
        & ~pl.col("other"),
    )


def _serial_days(serial: pl.Expr) -> pl.Expr:
    whole = serial.floor().cast(pl.Int64, strict=False)
    # Excel counts a 29 February 1900 that never was: serials before it are one day early.
    return (
        pl.when(whole < _EXCEL_FAKE_LEAP_DAY)
        .then(whole - _EXCEL_EPOCH_OFFSET + 1)
        .otherwise(whole - _EXCEL_EPOCH_OFFSET)
    )


_STATUS_CODES = {i: status.value for i, status in enumerate(DateStatus)}
_CODE = {status: i for i, status in enumerate(DateStatus)}


def _status_expr(ref_days: int | None) -> list[pl.Expr]:
    y, m, d, serial = pl.col("y"), pl.col("m"), pl.col("d"), pl.col("serial")
    calendar_ok = (
        y.is_between(MIN_YEAR, MAX_YEAR) & m.is_between(1, 12) & (d >= 1)
        & (d <= _days_in_month(y, m))
    )  # fmt: skip
    year_like = (serial == serial.floor()) & serial.is_between(MIN_YEAR, MAX_YEAR)
    serial_ok = (
        (serial >= 1) & (serial < _MAX_SERIAL + 1) & (serial.floor() != _EXCEL_FAKE_LEAP_DAY)
    )

    def code(status: DateStatus) -> pl.Expr:
        return pl.lit(_CODE[status], dtype=pl.Int8)

    status = (
        pl.when(pl.col("empty"))
        .then(code(DateStatus.EMPTY))
        .when(y.is_not_null())
        .then(
            pl.when(~calendar_ok)
            .then(code(DateStatus.IMPOSSIBLE))
            .when(pl.col("century_unsure"))
            .then(code(DateStatus.AMBIGUOUS))
            .otherwise(code(DateStatus.VALID))
        )
        .when(serial.is_not_null() & serial.is_finite() & (serial >= 0))
        .then(
            pl.when(year_like)
            .then(code(DateStatus.AMBIGUOUS))
            .when(serial_ok)
            .then(code(DateStatus.VALID))
            .otherwise(code(DateStatus.IMPOSSIBLE))
        )
        .when(pl.col("days").is_not_null())
        .then(
            pl.when(pl.col("days").is_between(_MIN_DAYS, _MAX_DAYS))
            .then(code(DateStatus.VALID))
            .otherwise(code(DateStatus.IMPOSSIBLE))
        )
        .otherwise(code(DateStatus.UNPARSED))
    )
    days = pl.coalesce(
        pl.when(y.is_not_null() & calendar_ok).then(_days_from_civil(y, m, d)),
        pl.when(serial.is_not_null()).then(_serial_days(serial)),
        pl.col("days"),
    )
    if ref_days is None:
        return [status.alias("status"), days.alias("days")]
    future = (status == _CODE[DateStatus.VALID]) & (days > ref_days)
    status = pl.when(future).then(code(DateStatus.FUTURE)).otherwise(status)
    return [status.alias("status"), days.alias("days")]


def _days_from_civil(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """Days since 1970-01-01 for a valid proleptic Gregorian date (integer arithmetic only)."""
    y = y - (m <= 2).cast(pl.Int64)
    era = y.floordiv(400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2).floordiv(5) + d - 1
    doe = yoe * 365 + yoe.floordiv(4) - yoe.floordiv(100) + doy
    return era * 146_097 + doe - 719_468


def _parse_parts(parts: pl.DataFrame, ref: dt.date | None) -> pl.DataFrame:
    scanned = _scan_text(parts.get_column("text"))
    frame = _fields(pl.concat([parts, scanned], how="horizontal"))
    frame = frame.with_columns(_resolve_century(ref))
    ref_days = None if ref is None else (ref - _EPOCH).days
    frame = frame.with_columns(_status_expr(ref_days))
    valid = pl.col("status") == _CODE[DateStatus.VALID]
    date = pl.when(valid).then(pl.col("days")).cast(pl.Int32).cast(pl.Date)
    d, m = pl.col("d"), pl.col("m")
    swappable = (d != m) & d.is_between(1, 12) & m.is_between(1, 12)
    frame = frame.with_columns(date.alias("tanggal_lahir")).with_columns(
        date_day=pl.col("tanggal_lahir").dt.day(), date_month=pl.col("tanggal_lahir").dt.month()
    )
    return frame.select(
        pl.col("tanggal_lahir"),
        pl.col("status").replace_strict(_STATUS_CODES, return_dtype=pl.String),
        _placeholder_expr(pl.col("date_day"), pl.col("date_month")).alias("placeholder"),
        (valid & pl.col("day_first") & swappable).fill_null(False).alias("day_month_ambiguous"),
    ).collect()


def _placeholder_expr(day: pl.Expr, month: pl.Expr) -> pl.Expr:
    # Callers pass day and month as columns: dt.day()/dt.month() repeated per branch cost 4x.
    return (
        pl.when((day == 1) & (month == 7))
        .then(pl.lit(Placeholder.JULY_1.value))
        .when((day == 31) & (month == 12))
        .then(pl.lit(Placeholder.DECEMBER_31.value))
        .when((day == 1) & (month == 1))
        .then(pl.lit(Placeholder.JANUARY_1.value))
        .when(day == 15)
        .then(pl.lit(Placeholder.DAY_15.value))
    )


# --------------------------------------------------------------------------- public API


def _check_reference(reference_date: Any, *, required: bool) -> dt.date | None:
    if reference_date is None and not required:
        return None
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    elif isinstance(reference_date, str):
        try:
            reference_date = dt.date.fromisoformat(reference_date.strip())
        except ValueError:
            reference_date = None
    if not isinstance(reference_date, dt.date):
        raise InvalidParameterError(
            f"reference_date must be a date such as datetime.date(2024, 2, 14) (polling day), "
            f"got {reference_date!r}; sidalih never assumes today"
        )
    if not MIN_YEAR <= reference_date.year <= MAX_YEAR:
        raise InvalidParameterError(
            f"reference_date must fall in {MIN_YEAR}-{MAX_YEAR}, got {reference_date.isoformat()}"
        )
    return reference_date


def _output_kind(kind: Kind) -> Kind:
    return kind if kind in ("pandas", "pyarrow") else "polars"


def _to_caller(out: pl.Series | pl.DataFrame, kind: Kind, values: Any) -> Any:
    """Hand ``out`` back as the caller's kind (frames: pandas, pyarrow or polars).

    pandas aligns on the index when a result is assigned into a frame, so a fresh
    RangeIndex would silently put values on the wrong rows of a filtered or sorted
    frame: pandas results take the index of the Series they were computed from.
    """
    rows = caller_rows(values)
    if isinstance(out, pl.DataFrame):
        return frame_from_polars(out, _output_kind(kind), rows=rows)
    return series_from_polars(out, kind, rows=rows)


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
    ref = _check_reference(reference_date, required=False)
    series, kind = series_to_polars(values, name="tanggal_lahir")
    result = _parse_parts(_parts_from_series(series), ref)
    return _to_caller(result, kind, values)


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
    ref = _check_reference(reference_date, required=False)
    series = pl.Series("tanggal_lahir", [value], dtype=pl.Object)
    row = _parse_parts(_parts_from_series(series), ref).row(0)
    return ParsedDate(
        tanggal_lahir=row[0],
        status=DateStatus(row[1]),
        placeholder=None if row[2] is None else Placeholder(row[2]),
        day_month_ambiguous=bool(row[3]),
    )


def _date_series(dates: Any, ref: dt.date | None) -> tuple[pl.Series, Kind]:
    """Valid birth dates (null otherwise), for any input :func:`parse_birth_date` reads.

    Date and Datetime columns are parsed too, not taken as they are: a value must get
    the same answer whether it arrives as text or as a date, and ``0001-01-01`` (a
    database sentinel) or a year outside MIN_YEAR-MAX_YEAR is impossible either way.
    """
    series, kind = series_to_polars(dates, name="tanggal_lahir")
    parsed = _parse_parts(_parts_from_series(series), ref)
    return parsed.get_column("tanggal_lahir"), kind


def is_placeholder(dates: Any) -> Any:
    """True where a date is one written for an unknown birth date (01-07, 31-12, 01-01, 15th).

    ``dates`` may be dates or anything :func:`parse_birth_date` reads; values that are
    not a ``valid`` date there (missing, unreadable, impossible) give null. Returns a
    Series of the caller's kind (a list for lists and arrays; pandas keeps the index).

    Examples
    --------
    >>> import datetime as dt
    >>> is_placeholder([dt.date(1960, 7, 1), dt.date(1960, 7, 2), None, dt.date(1990, 3, 15)])
    [True, False, None, True]
    """
    series, kind = _date_series(dates, None)
    day, month = series.dt.day(), series.dt.month()
    flag = _placeholder_expr(pl.lit(day), pl.lit(month)).is_not_null()
    out = pl.select(pl.when(series.is_not_null()).then(flag)).to_series()
    return _to_caller(out.rename("placeholder"), kind, dates)


def _age_expr(date: pl.Expr, ref: dt.date) -> pl.Expr:
    # Completed years: a 29 February birthday is reached on 1 March in common years.
    before_birthday = (date.dt.month() > ref.month) | (
        (date.dt.month() == ref.month) & (date.dt.day() > ref.day)
    )
    age = pl.lit(ref.year, dtype=pl.Int32) - date.dt.year() - before_birthday.cast(pl.Int32)
    return pl.when(date <= pl.lit(ref)).then(age).cast(pl.Int32)


def age_on(dates: Any, *, reference_date: dt.date | str) -> Any:
    """Age in completed years on ``reference_date``.

    Null where the date is missing, unreadable, impossible (a year outside
    :data:`MIN_YEAR`-:data:`MAX_YEAR`, whether given as text or as a date value) or after
    the reference date: exactly where :func:`parse_birth_date` is not ``valid``. Someone
    born on 29 February turns a year older on 1 March in common years.

    Examples
    --------
    >>> import datetime as dt
    >>> age_on(
    ...     [dt.date(2007, 2, 14), dt.date(2007, 2, 15), dt.date(2004, 2, 29), None],
    ...     reference_date=dt.date(2024, 2, 14),
    ... )
    [17, 16, 19, None]
    """
    ref = _check_reference(reference_date, required=True)
    assert ref is not None
    series, kind = _date_series(dates, ref)
    out = pl.select(_age_expr(pl.lit(series), ref)).to_series().rename("umur")
    return _to_caller(out, kind, dates)


_MARITAL: dict[str, str] = {}
for _code, _words in {
    "B": ["B", "BELUM KAWIN", "BELUM MENIKAH", "TIDAK KAWIN", "LAJANG", "SINGLE",
          "NEVER MARRIED", "UNMARRIED", "NOT MARRIED"],
    "S": ["S", "K", "KAWIN", "SUDAH KAWIN", "MENIKAH", "SUDAH MENIKAH", "KAWIN TERCATAT",
          "KAWIN BELUM TERCATAT", "KAWIN TIDAK TERCATAT", "MARRIED"],
    "P": ["P", "PERNAH KAWIN", "PERNAH MENIKAH", "CERAI", "CERAI HIDUP", "CERAI MATI",
          "JANDA", "DUDA", "DIVORCED", "WIDOWED", "WIDOW", "WIDOWER", "SEPARATED"],
}.items():  # fmt: skip
    for _word in _words:
        _MARITAL[_word] = _code


def marital_expr(column: pl.Expr) -> pl.Expr:
    """Polars expression form of :func:`marital_status_code` (``B``/``S``/``P`` or null)."""
    cleaned = (
        column.cast(pl.String)
        .str.to_uppercase()
        .str.replace_all(r"[_\-./]+", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return cleaned.replace_strict(_MARITAL, default=None, return_dtype=pl.String)


def marital_status_code(values: Any) -> Any:
    """Map marital-status text to KPU's codes: ``B`` never, ``S`` married, ``P`` was married.

    Accepts the codes, the Dukcapil words (``KAWIN``, ``BELUM KAWIN``, ``CERAI HIDUP``,
    ``CERAI MATI``...) and English words, as plain or categorical text; anything else
    gives null. pandas results keep the input's index.

    Examples
    --------
    >>> marital_status_code(["b", "Kawin", "CERAI MATI", "widowed", "?", None])
    ['B', 'S', 'P', 'P', None, None]
    """
    series, kind = series_to_polars(values, name="status_kawin")
    return _to_caller(_marital_codes(series), kind, values)


def _marital_codes(series: pl.Series) -> pl.Series:
    """``B``/``S``/``P`` or null per value; text of any storage, other values null."""
    if series.dtype == pl.Object:
        series = pl.Series(
            "status_kawin", [v if isinstance(v, str) else None for v in series.to_list()],
            dtype=pl.String,
        )  # fmt: skip
    elif _is_text(series.dtype):
        series = series.cast(pl.String)
    else:
        # Numbers, dates, booleans and nested values are not a marital status.
        series = pl.Series("status_kawin", [None] * len(series), dtype=pl.String)
    return pl.select(marital_expr(pl.lit(series))).to_series().rename("status_kawin")


def eligible(dates: Any, marital_status: Any = None, *, reference_date: dt.date | str) -> Any:
    """Whether each person may vote on ``reference_date`` by age and marital status.

    Eligible when :data:`VOTING_AGE` or older on polling day, or married now or before
    (``S`` / ``P``). An unknown marital status leaves the decision to age. A missing
    birth date gives null unless the person is or was married (then True: age no longer
    matters). Citizenship and TNI/Polri membership are not checked here.

    Parameters
    ----------
    dates
        Birth dates (dates or anything :func:`parse_birth_date` reads).
    marital_status
        Same length as ``dates``, or None when unknown for everyone.
    reference_date
        Polling day, e.g. ``datetime.date(2024, 2, 14)``.

    Examples
    --------
    >>> import datetime as dt
    >>> eligible(
    ...     ["14-02-2007", "15-02-2007", "15-02-2007", None, None],
    ...     ["B", "B", "KAWIN", "B", "S"],
    ...     reference_date=dt.date(2024, 2, 14),
    ... )
    [True, False, True, None, True]
    """
    ref = _check_reference(reference_date, required=True)
    assert ref is not None
    series, kind = _date_series(dates, ref)
    married = pl.Series("m", [None] * len(series), dtype=pl.Boolean)
    if marital_status is not None:
        codes = _marital_codes(series_to_polars(marital_status, name="m")[0])
        if len(codes) != len(series):
            raise InvalidParameterError(
                f"marital_status has {len(codes)} values but dates has {len(series)}; "
                "pass one marital status per birth date"
            )
        married = codes.is_in(["S", "P"]).rename("m")
    by_age = pl.select(_age_expr(pl.lit(series), ref) >= VOTING_AGE).to_series()
    decided = pl.select(
        pl.when(married.fill_null(False)).then(True).otherwise(pl.lit(by_age))
    ).to_series()
    return _to_caller(decided.rename("eligible"), kind, dates)
