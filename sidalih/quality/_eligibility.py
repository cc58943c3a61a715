"""Eligibility on polling day: birth-date problems, under age, implausibly old.

Rules (DOMAIN.md, The voter list and Birth dates):

- ``under_age``: younger than the election's voting age (17,
  :data:`sidalih.election.VOTING_AGE`) on the election date and not married now or before
  (``S``/``P``). An unknown or unreadable marital status counts as never married: the
  list must show why a voter under that age is eligible. Suggests TMS "under age".
- ``too_old``: older than ``max_age`` (default 110) on the election date; usually a
  death not yet recorded, so the detail asks to check it (no TMS is suggested: only a
  document can prove a death).
- ``birth_date_missing`` / ``_impossible`` (no such date, or unreadable) /
  ``_future`` (after polling day) / ``_ambiguous`` (a two-digit year with no safe
  century): the parser's statuses (:func:`sidalih.dates.parse_birth_date`). The parser
  knows no marital status; here a married voter's two-digit year is read in the recent
  century when that reading's age is at least :data:`MIN_MARRIED_AGE` and the other
  reading is past ``max_age``: the eligibility rule (DOMAIN.md, NIK: "17 on polling day,
  or married") leaves one plausible reading. Any other two readings stay ambiguous.
- ``birth_date_placeholder`` (information): 1 July, 31 December or 1 January, the dates
  written for an unknown birth date. The 15th is left out: a true 15th is as common as
  any other day, so flagging it would bury the real placeholders.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from sidalih import dates
from sidalih.prepare import date_stage
from sidalih.quality._base import Context, emit, map_unique
from sidalih.quality._messages import MISSING, shown

__all__ = ["run", "PLACEHOLDERS", "MIN_MARRIED_AGE"]

MIN_MARRIED_AGE = 15
"""Youngest age on polling day at which a married voter's recent-century reading is
believed. Marriage below 15 is the rarest bracket BPS counts (child marriage "before 15");
a record that reads married at 12 is likelier a mistyped year, so it stays flagged."""

PLACEHOLDERS: tuple[str, ...] = (
    dates.Placeholder.JULY_1.value,
    dates.Placeholder.DECEMBER_31.value,
    dates.Placeholder.JANUARY_1.value,
)

# small Enums: gathering ten million of them is cheap, unlike strings
_STATUS = pl.Enum([s.value for s in dates.DateStatus])
_PLACEHOLDER = pl.Enum([p.value for p in dates.Placeholder])

_STATUS_CHECKS = {
    "birth_date_missing": ("empty",),
    "birth_date_impossible": ("impossible", "unparsed"),
    "birth_date_future": ("future",),
    "birth_date_ambiguous": ("ambiguous",),
}


def _dmy(born: pl.Series) -> pl.Series:
    """Day, month and two-digit year as one number (DDMMYY), to compare with the NIK's."""
    return (born.dt.day().cast(pl.Int32) * 10_000 + born.dt.month().cast(pl.Int32) * 100
            + (born.dt.year() % 100).cast(pl.Int32))  # fmt: skip


def _born_columns(values: pl.Series, ctx: Context, *,
                  read_on: dt.date | None = None) -> pl.DataFrame:
    """``_born``, its status, placeholder kind and flag, DDMMYY and ``_age`` on polling
    day, from prepare's birth-date stage (the dates the engine reads); two-digit years
    resolved on ``read_on`` (polling day when None)."""
    parsed = date_stage(values, reference_date=read_on or ctx.election_date)
    born = parsed["tanggal_lahir"]
    kind = parsed["tanggal_lahir_placeholder"]
    return pl.DataFrame(
        {
            "_born": born,
            "_born_status": parsed["tanggal_lahir_status"].cast(_STATUS),
            "_born_placeholder": kind.cast(_PLACEHOLDER),
            "_born_flagged": kind.is_in(PLACEHOLDERS).fill_null(False),
            "_born_dmy": _dmy(born),
            "_age": dates.age_on(born, reference_date=ctx.election_date),
        }
    )


def _parsed(work: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    raw = work["tanggal_lahir"]
    work = work.with_columns(*map_unique(raw, lambda values: _born_columns(values, ctx))
                             .get_columns())
    work = _married_century(work, ctx)
    shown_raw = (
        pl.Series([None if v is None else str(v) for v in raw.to_list()], dtype=pl.String)
        if raw.dtype == pl.Object
        else raw.cast(pl.String, strict=False)
    )
    return work.with_columns(shown_raw.alias("_born_raw"))


def _married_century(work: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """A married voter's ambiguous two-digit year in the recent century, where only that
    reading is plausible (see the module docstring)."""
    if "_kawin" not in work.columns:
        return work
    married = pl.col("_kawin").is_in(["S", "P"]).fill_null(False)
    indexed = work.with_row_index("_century_row")
    rows = indexed.filter((pl.col("_born_status") == "ambiguous") & married)
    if rows.is_empty():
        return work
    # Read on a polling day VOTING_AGE - MIN_MARRIED_AGE years later, the parser's own
    # rule takes the recent century exactly when its age today is MIN_MARRIED_AGE or more.
    shift = ctx.election.voting_age - MIN_MARRIED_AGE
    election = ctx.election_date
    try:
        later = election.replace(year=election.year + shift)
    except ValueError:  # polling on 29 February
        later = election.replace(year=election.year + shift, day=28)
    fixed = _born_columns(rows["tanggal_lahir"], ctx, read_on=later)
    resolved = (
        (fixed["_born_status"] == "valid") & (fixed["_age"] >= MIN_MARRIED_AGE)
        & (fixed["_age"] + 100 > ctx.max_age)
    ).fill_null(False)  # fmt: skip
    if not resolved.any():
        return work
    fixed = fixed.with_columns(rows["_century_row"]).filter(resolved)
    return indexed.update(fixed, on="_century_row").drop("_century_row")


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Add ``_born``, ``_born_status``, ``_born_placeholder``, ``_age``; emit the checks."""
    if "tanggal_lahir" not in work.columns:
        return work, []
    work = _parsed(work, ctx)
    lazy = work.lazy()
    status = pl.col("_born_status")
    value = {"value": shown(pl.col("_born_raw"))}
    invalid = lazy.filter(status != "valid").collect().lazy()
    out = [
        emit(ctx, name, invalid.filter(status.is_in(statuses)), value)
        for name, statuses in _STATUS_CHECKS.items()
        if ctx.wants(name)
    ]
    age = pl.col("_age")
    shown_date = pl.col("_born").dt.strftime("%d-%m-%Y")
    if ctx.wants("birth_date_placeholder"):
        out.append(emit(ctx, "birth_date_placeholder", lazy.filter(pl.col("_born_flagged")),
                        {"date": shown_date, "kind": pl.col("_born_placeholder")}))  # fmt: skip
    if ctx.wants("under_age"):
        married = (
            pl.col("_kawin").is_in(["S", "P"]).fill_null(False)
            if "_kawin" in work.columns
            else pl.lit(False)
        )
        flag = (age < ctx.election.voting_age) & ~married
        kawin = (
            shown(pl.col("status_kawin")).fill_null(pl.lit(MISSING[ctx.lang]))
            if "status_kawin" in work.columns
            else pl.lit(MISSING[ctx.lang])
        )
        out.append(emit(ctx, "under_age", lazy.filter(flag), {"age": age, "status": kawin}))
    if ctx.wants("too_old"):
        out.append(emit(ctx, "too_old", lazy.filter(age > ctx.max_age), {"age": age}))
    return work, out
