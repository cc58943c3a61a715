"""The calendar rules row by row, for a few dates (one registrant at a time).

Planning and running :mod:`._calendar`'s polars query costs about 9 ms on the 2-core
development machine however few the rows (the query has hundreds of expression
nodes); a look-up of one record cannot afford that. This module restates the same
expressions in plain Python, null for null, and :func:`sidalih.dates._parse.parse_series`
uses it for up to :data:`SMALL_ROWS` rows. The two paths must agree on every input: ``tests/test_prepare_small.py`` makes
them agree on random values of every kind and reference date.

Each step names the polars expression it restates; polars' three-valued logic reduces
to plain booleans here because the fields a step reads are never null where it reads
them (the kernel's fields are numbers; year, month and day are null together).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import polars as pl

from sidalih.dates._calendar import STATUS_CODES
from sidalih.dates._types import MAX_YEAR, MIN_YEAR, VOTING_AGE, DateStatus, Placeholder
from sidalih.dates._values import EPOCH, _classify, is_text
from sidalih.kernels.date_scan import DAY_FIRST, FIELDS, NO_TEXT, SERIAL, TWO_DIGIT_YEAR

__all__ = ["SMALL_ROWS", "parse_rows"]

SMALL_ROWS = 1024
"""Up to this many rows the row path is the faster (about 0.3 ms and 4 µs a row, against
about 9 ms for the query up to a few thousand rows)."""

_EXCEL_EPOCH_OFFSET = 25569
_EXCEL_FAKE_LEAP_DAY = 60
_MIN_DAYS = (dt.date(MIN_YEAR, 1, 1) - EPOCH).days
_MAX_DAYS = (dt.date(MAX_YEAR, 12, 31) - EPOCH).days
_MAX_SERIAL = _MAX_DAYS + _EXCEL_EPOCH_OFFSET
_CODE = {status: i for i, status in enumerate(DateStatus)}
_EMPTY, _IMPOSSIBLE, _AMBIGUOUS, _VALID, _FUTURE, _UNPARSED = (
    _CODE[s] for s in (DateStatus.EMPTY, DateStatus.IMPOSSIBLE, DateStatus.AMBIGUOUS,
                       DateStatus.VALID, DateStatus.FUTURE, DateStatus.UNPARSED)
)  # fmt: skip
_PLACEHOLDERS = {(1, 7): Placeholder.JULY_1.value, (31, 12): Placeholder.DECEMBER_31.value,
                 (1, 1): Placeholder.JANUARY_1.value}  # fmt: skip
_I64_MIN, _I64_SPAN = -(2**63), 2**64


def _wrap64(value: int) -> int:
    """Int64 arithmetic wraps in polars; Python's ints do not."""
    return (value - _I64_MIN) % _I64_SPAN + _I64_MIN


def _value_parts(series: pl.Series) -> tuple[pl.Series, list[Any], list[Any], list[bool]]:
    """``parts_from_series`` as the text column and Python lists: number, days, unsupported."""
    n = len(series)
    dtype = series.dtype
    text = pl.Series("text", [None] * n, dtype=pl.String)
    num: list[Any] = [None] * n
    days: list[Any] = [None] * n
    other = [False] * n
    if dtype == pl.Object:
        rows = [_classify(v) for v in series.to_list()]
        text = pl.Series("text", [r[0] for r in rows], dtype=pl.String)
        num, days = [r[1] for r in rows], [r[2] for r in rows]
        other = [r[3] for r in rows]
    elif is_text(dtype):
        text = series.cast(pl.String)
    elif dtype == pl.Date:
        days = series.cast(pl.Int32).cast(pl.Int64).to_list()
    elif isinstance(dtype, pl.Datetime):
        days = series.dt.date().cast(pl.Int32).cast(pl.Int64).to_list()
    elif dtype.is_numeric():
        num = series.cast(pl.Float64).fill_nan(None).to_list()
    elif dtype != pl.Null:
        other = series.is_not_null().to_list()
    return text, num, days, other


def _civil_days(y: int, m: int, d: int) -> int:
    """``_calendar._days_from_civil``."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468


def _calendar_ok(y: int, m: int, d: int) -> bool:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and d >= 1):
        return False
    if m == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        return d <= (29 if leap else 28)
    return d <= (30 if m in (4, 6, 9, 11) else 31)


def _serial_days(serial: float) -> int | None:
    """``_calendar._serial_days``: null where the whole part is no Int64."""
    if not math.isfinite(serial):
        return None
    whole = math.floor(serial)
    if not -(2**63) < whole < 2**63:  # polars' float-to-int cast (num-traits bounds)
        return None
    offset = _EXCEL_EPOCH_OFFSET - 1 if whole < _EXCEL_FAKE_LEAP_DAY else _EXCEL_EPOCH_OFFSET
    return _wrap64(whole - offset)


def _fields(kind: int, fields: list[int], tserial: float, num: float | None
            ) -> tuple[tuple[int, int, int] | None, bool, bool, float | None]:
    """``_calendar.fields``: (year, month, day) or None, two-digit year, day first, serial."""
    ty, tm, td, tflags = fields
    # _calendar._numeric_fields: a whole number of 7-8 digits is a compact date
    compact = num is not None and 1e6 <= num < 1e8 and num == math.floor(num)
    numeric: tuple[int, int, int] | None = None
    dmy = False
    if compact:
        q = int(num)  # type: ignore[arg-type]
        if MIN_YEAR <= q // 10_000 <= MAX_YEAR and 1 <= (q // 100) % 100 <= 12:
            numeric = (q // 10_000, (q // 100) % 100, q % 100)
        else:
            numeric, dmy = (q % 10_000, (q // 10_000) % 100, q // 1_000_000), True
    text = kind == FIELDS
    ymd = (ty, tm, td) if text else numeric
    two = text and (tflags & TWO_DIGIT_YEAR) != 0
    day_first = (text and (tflags & DAY_FIRST) != 0) or dmy
    serial = tserial if kind == SERIAL else (None if compact else num)
    return ymd, two, day_first, serial


def _resolve_century(ymd: tuple[int, int, int], ref: dt.date | None) -> tuple[int, bool]:
    """``_calendar.resolve_century`` of a two-digit year: (year, century unsure)."""
    y, m, d = ymd
    if ref is None:
        return y + 2000, True
    after = m > ref.month or (m == ref.month and d > ref.day)
    recent = (ref.year // 100) * 100 + y
    if recent > ref.year or (recent == ref.year and after):
        recent -= 100
    return recent, ref.year - recent - after < VOTING_AGE


def _status(ymd: tuple[int, int, int] | None, ok: bool, unsure: bool, serial: float | None,
            days: int | None) -> int:
    """``_calendar.status_expr`` before the future check (after an ``empty`` row)."""
    if ymd is not None:
        return _IMPOSSIBLE if not ok else (_AMBIGUOUS if unsure else _VALID)
    if serial is not None and math.isfinite(serial) and serial >= 0:
        if serial == math.floor(serial) and MIN_YEAR <= serial <= MAX_YEAR:
            return _AMBIGUOUS
        if 1 <= serial < _MAX_SERIAL + 1 and math.floor(serial) != _EXCEL_FAKE_LEAP_DAY:
            return _VALID
        return _IMPOSSIBLE
    if days is not None:
        return _VALID if _MIN_DAYS <= days <= _MAX_DAYS else _IMPOSSIBLE
    return _UNPARSED


def _row(kind: int, fields: list[int], tserial: float, num: float | None, days: int | None,
         other: bool, ref: dt.date | None) -> tuple[int, int | None, bool]:
    """(status code, days if valid, day_month_ambiguous) of one row."""
    ymd, two, day_first, serial = _fields(kind, fields, tserial, num)
    unsure = False
    if ymd is not None and two:
        year, unsure = _resolve_century(ymd, ref)
        ymd = (year, ymd[1], ymd[2])
    ok = ymd is not None and _calendar_ok(*ymd)
    if kind == NO_TEXT and num is None and days is None and not other:
        status = _EMPTY
    else:
        status = _status(ymd, ok, unsure, serial, days)
    # the coalesced days: from the fields, else the serial, else the date value
    new_days = _civil_days(*ymd) if ok and ymd is not None else None
    if new_days is None and serial is not None:
        new_days = _serial_days(serial)
    if new_days is None:
        new_days = days
    if ref is not None and status == _VALID and new_days is not None \
            and new_days > (ref - EPOCH).days:
        status = _FUTURE
    if status != _VALID:
        return status, None, False
    assert new_days is not None  # every valid branch above gives days
    swappable = ymd is not None and ymd[2] != ymd[1] and 1 <= ymd[2] <= 12 and 1 <= ymd[1] <= 12
    return status, new_days, bool(day_first and swappable)


def parse_rows(series: pl.Series, ref: dt.date | None,
               scan: Any) -> pl.DataFrame:
    """The frame of :func:`sidalih.dates._parse.parse_parts`, computed row by row.

    ``scan`` is the text kernel's driver (``_parse._scan_arrays``), passed in to keep
    one definition of how text reaches the kernel.
    """
    text, num, days, other = _value_parts(series)
    kind, ymd, tserial = scan(text)
    rows = [
        _row(k, f, s, v, t, o, ref)
        for k, f, s, v, t, o in zip(kind.tolist(), ymd.tolist(), tserial.tolist(), num, days,
                                    other, strict=True)
    ]
    born = [r[1] for r in rows]
    placeholder = [None if b is None else _placeholder(b) for b in born]
    return pl.DataFrame(
        {
            "tanggal_lahir": pl.Series(born, dtype=pl.Int32).cast(pl.Date),
            "status": [STATUS_CODES[r[0]] for r in rows],
            "placeholder": pl.Series(placeholder, dtype=pl.String),
            "day_month_ambiguous": pl.Series([r[2] for r in rows], dtype=pl.Boolean),
        },
        schema={"tanggal_lahir": pl.Date, "status": pl.String, "placeholder": pl.String,
                "day_month_ambiguous": pl.Boolean},
    )


def _placeholder(days: int) -> str | None:
    """``_calendar.placeholder_expr`` of a valid date."""
    date = EPOCH + dt.timedelta(days=days)
    found = _PLACEHOLDERS.get((date.day, date.month))
    if found is None and date.day == 15:
        return Placeholder.DAY_15.value
    return found

