"""The calendar rules, as polars expressions over the fields the scanning kernel read.

Years, months and days (from text or a compact number), spreadsheet serials and date
values become days since 1970-01-01 and a :class:`~sidalih.dates.DateStatus` code:
the proleptic Gregorian calendar, two-digit years resolved against the reference date,
Excel's 1900 system with its fictitious 29 February 1900, placeholder days.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from sidalih.dates._types import MAX_YEAR, MIN_YEAR, VOTING_AGE, DateStatus, Placeholder
from sidalih.dates._values import EPOCH
from sidalih.kernels.date_scan import DAY_FIRST, FIELDS, NO_TEXT, SERIAL, TWO_DIGIT_YEAR

__all__ = [
    "CODE",
    "NAME_BYTES",
    "NAME_MONTHS",
    "NAME_OFFSETS",
    "STATUS_CODES",
    "fields",
    "placeholder_expr",
    "resolve_century",
    "status_expr",
]

_EXCEL_EPOCH_OFFSET = 25569  # serial of 1970-01-01 in Excel's 1900 system
_EXCEL_FAKE_LEAP_DAY = 60  # 1900-02-29, which does not exist
_MIN_DAYS = (dt.date(MIN_YEAR, 1, 1) - EPOCH).days
_MAX_DAYS = (dt.date(MAX_YEAR, 12, 31) - EPOCH).days
_MAX_SERIAL = _MAX_DAYS + _EXCEL_EPOCH_OFFSET

# Indonesian and English names and the short forms forms and KTP copies use (mrt, agst);
# the dj- forms are the spelling before 1972 (Djuli), which old records keep.
_MONTHS: dict[str, int] = {}
for _month_number, _names in enumerate(
    [
        "jan januari january djan djanuari",
        "feb peb februari pebruari february",
        "mar mrt maret march",
        "apr april",
        "mei may",
        "jun juni june djun djuni",
        "jul juli july djul djuli",
        "agu agt ags agst agus agustus aug august",
        "sep sept september",
        "okt oktober oct october",
        "nov nop nopember november",
        "des desember dec december",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _month_number

# Month names as the scanning kernel takes them: bytes end to end, offsets, month numbers.
_NAMES = sorted(_MONTHS)
NAME_BYTES = np.frombuffer("".join(_NAMES).encode("ascii"), dtype=np.uint8)
NAME_OFFSETS = np.cumsum([0] + [len(name) for name in _NAMES]).astype(np.int64)
NAME_MONTHS = np.array([_MONTHS[name] for name in _NAMES], dtype=np.int32)


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


def resolve_century(ref: dt.date | None) -> list[pl.Expr]:
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


def fields(frame: pl.DataFrame) -> pl.LazyFrame:
    """Year, month, day (from text or a compact number), serial and days, one set per row."""
    text_fields = pl.col("tkind") == FIELDS
    numeric = _numeric_fields(pl.col("num"))
    num = pl.col("num")

    def pick(text_column: str, name: str) -> pl.Expr:
        text_value = pl.when(text_fields).then(pl.col(text_column).cast(pl.Int64))
        return pl.coalesce(text_value, numeric[name]).alias(name)

    return frame.lazy().select(
        pick("ty", "y"),
        pick("tm", "m"),
        pick("td", "d"),
        two_digit=text_fields & ((pl.col("tflags") & TWO_DIGIT_YEAR) != 0),
        day_first=(text_fields & ((pl.col("tflags") & DAY_FIRST) != 0)) | numeric["day_first"],
        serial=pl.coalesce(
            pl.when(pl.col("tkind") == SERIAL).then(pl.col("tserial")),
            pl.when(~numeric["compact"]).then(num),
        ),
        days=pl.col("days"),
        empty=(pl.col("tkind") == NO_TEXT)
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


STATUS_CODES = {i: status.value for i, status in enumerate(DateStatus)}
CODE = {status: i for i, status in enumerate(DateStatus)}


def status_expr(ref_days: int | None) -> list[pl.Expr]:
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
        return pl.lit(CODE[status], dtype=pl.Int8)

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
    future = (status == CODE[DateStatus.VALID]) & (days > ref_days)
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


def placeholder_expr(day: pl.Expr, month: pl.Expr) -> pl.Expr:
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
