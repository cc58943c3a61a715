"""What every group of checks shares: the run context and the way findings are emitted.

A group module exposes ``run(work, ctx) -> (work, findings)``: it may add private
columns (``_``-prefixed) to the work frame for later groups, and returns one lazy frame
per check with the flagged rows' ``_row``, ``id``, ``_kode_desa``, ``check``, ``detail``
and ``suggest`` (whether the check's TMS category is suggested on that row). Details
are rendered only for flagged rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

import polars as pl

from sidalih.election import Election
from sidalih.quality._messages import TEMPLATES, check_lang, render

__all__ = [
    "Context",
    "emit",
    "groups_varying",
    "map_unique",
    "missing",
    "present",
    "repeated_values",
]


@dataclass(frozen=True)
class Context:
    """Options of one run, resolved and validated."""

    election: Election
    lang: str
    max_voters_per_tps: int
    max_age: int
    required: frozenset[str]
    region_version: str | None
    tps_scope: str
    columns: frozenset[str]
    """Canonical columns present (required ones that were absent are added as null)."""
    selected: frozenset[str]
    tms: type[Enum]
    max_records_per_nik: int
    """Most records one NIK may hold before, naming several people, it is a placeholder."""
    nik_input: pl.Series | None = field(default=None, compare=False, repr=False)
    """The caller's NIK column when it did not hold text (numbers, Python objects): the
    parser reads it as :func:`sidalih.nik.parse` does (a float past 2**53 is
    ``lost_precision``), which the text the schema step writes for it cannot say."""

    @property
    def election_date(self) -> dt.date:
        """Polling day: ages, future birth dates and NIK centuries are judged on it."""
        return self.election.date

    def wants(self, check: str) -> bool:
        """Whether ``check`` is selected for this run."""
        return check in self.selected

    def has(self, *columns: str) -> bool:
        """Whether every one of ``columns`` is present."""
        return all(c in self.columns for c in columns)


def emit(
    ctx: Context,
    check: str,
    rows: pl.LazyFrame,
    values: Mapping[str, pl.Expr] | None = None,
    *,
    suggest: pl.Expr | None = None,
) -> pl.LazyFrame:
    """The findings of ``check`` for the already filtered ``rows``."""
    template = TEMPLATES[check][check_lang(ctx.lang)]
    return rows.select(
        pl.col("_row"),
        pl.col("id"),
        pl.col("_kode_desa"),
        pl.lit(check).alias("check"),
        render(template, values or {}, lang=ctx.lang).alias("detail"),
        (pl.lit(True) if suggest is None else suggest).alias("suggest"),
    )


def missing(column: str) -> pl.Expr:
    """True where a column is null or blank: :func:`sidalih._frames.is_missing_expr`.

    Searching for a character that is not a space stops at the first character of an
    ordinary value: the same answer without stripping a copy of every value.
    """
    expr = pl.col(column)
    return expr.is_null() | ~expr.cast(pl.String).str.contains(r"\S")


def present(column: str) -> pl.Expr:
    """True where a column holds something (not null, not blank)."""
    return ~missing(column)


def map_unique(
    series: pl.Series, derive: Callable[[pl.Series], pl.DataFrame], *, key: str = "_key"
) -> pl.DataFrame:
    """``derive`` evaluated once per distinct value of ``series``, aligned to its rows.

    Voter lists repeat a few thousand distinct birth dates, sexes or TPS numbers over
    millions of rows; deriving per distinct value and joining back is much cheaper.
    ``derive`` returns one row per value given, in order. Object columns (mixed Python
    values) cannot be hashed and are derived row by row.
    """
    if series.dtype == pl.Object:
        return derive(series)
    uniques = series.unique(maintain_order=False)
    if series.dtype == pl.String:
        # an Enum over the distinct values numbers every row without a join
        values = uniques.drop_nulls().sort()
        derived = derive(pl.concat([values, pl.Series([None], dtype=pl.String)]))
        codes = series.cast(pl.Enum(values)).to_physical().fill_null(len(values))
        return derived[codes]
    derived = derive(uniques)
    table = pl.concat([uniques.rename(key).to_frame(), derived], how="horizontal")
    aligned = (
        series.rename(key)
        .to_frame()
        .join(table, on=key, how="left", nulls_equal=True, maintain_order="left")
    )
    return aligned.drop(key)


def repeated_values(values: pl.Series) -> pl.Series:
    """The distinct non-null values that occur more than once.

    Sorting and comparing neighbours is several times cheaper than hashing when most
    values are distinct (NIKs, family cards), as in a voter list.
    """
    ordered = values.drop_nulls().sort()
    same = ordered.head(-1) == ordered.slice(1)
    return ordered.head(-1).filter(same).unique()


def groups_varying(keys: pl.Series, values: pl.Series) -> pl.Series:
    """The distinct non-null keys whose rows do not all share one value (nulls count)."""
    frame = pl.DataFrame({"k": keys, "v": values}).filter(pl.col("k").is_not_null())
    ordered = frame.sort("k")
    k, v = ordered["k"], ordered["v"]
    differs = (k.head(-1) == k.slice(1)) & v.head(-1).ne_missing(v.slice(1))
    return k.head(-1).filter(differs).unique()
