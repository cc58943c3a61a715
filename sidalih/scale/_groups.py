"""Rules that can share buckets: fewer passes over a list larger than memory.

A partitioned run buckets the list once per rule, so that each of a rule's blocks lands
whole in one bucket; every pass writes the list out again and encodes its columns again.
Many rules' blocks lie inside a coarser unit: a block of ``kode_kec`` + name + year lies
in one district (and one regency), a block of the NIK or of its first 8 digits in one
NIK prefix. Bucketing
by such a unit keeps the blocks of *all* those rules whole at once, and a bucket then
scores them together, as the in-memory run does (:func:`sidalih.scale.score_group`).

Which rules share a unit is measured on the list, not assumed: a rule joins a unit's
group only when every one of its blocks holds a single value of the unit (so a family
card whose members live in one district joins the district group on a list where that
holds, and stays alone where cards cross districts). The same pass counts each block's
size, which gives the big blocks of every rule before any scoring. A unit whose largest
value would not fit in a bucket is not used.

Examples
--------
>>> import polars as pl
>>> from sidalih.blocking import block_on
>>> from sidalih.scale._keys import add_rule_hashes
>>> rows = pl.DataFrame({"kode_kec": ["1", "1", "2", "2"], "nama": ["A", "A", "A", "B"],
...                      "nkk": ["9", "8", "9", "8"]})  # card 9 spans two districts
>>> rules = [block_on("kode_kec", "nama"), block_on("nkk"), block_on("kode_kec", "nkk")]
>>> frame = add_rule_hashes(rows, rules).with_columns(
...     pl.int_range(4).alias("__row"), pl.lit(0, pl.Int8).alias("__side"))
>>> plan = plan_groups(frame.lazy(), rules, bound=10, linkage=False, max_rows=10)
>>> [(g.unit, g.rules) for g in plan.groups]
[('kode_kec', (0, 2)), (None, (1,))]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.blocking._defaults import birthplace_key_of
from sidalih.blocking._rules import BlockingRule
from sidalih.scale._keys import SIDE, hash_column

__all__ = ["RuleGroup", "GroupPlan", "plan_groups", "unit_hash", "UNITS", "LOCAL_UNITS",
           "unit_column", "unit_key", "add_unit_hashes"]

#: Candidate units, coarsest-useful first: a district, and a NIK's first 7 digits (its
#: place of registration and the tens of its birth day) read from the 12-digit prefix
#: that full and masked NIKs share.
UNITS: dict[str, pl.Expr] = {
    "kode_kec": pl.col("kode_kec"),
    "nik_1_7": pl.coalesce(pl.col("nik_masked12"), pl.col("nik")).str.slice(0, 7),
}

#: The units a run on one machine tries, coarsest first: a regency holds every block of
#: the rules keyed on it (NIK 9-16 + name + regency, token + date + regency) and every
#: block a district holds, so where a regency fits a bucket's share the district rules
#: and the regency rules share one pass (three passes at 10M records, not five). Last,
#: the place of birth: the national rules that movers need (a name key + a birth date +
#: the birth place; NIK 9-16 + first name + the birth place) hold it, and share one pass instead of one each (10M out of core:
#: 134.9 s for blocking, comparing and scoring in five passes, against 116 in three).
#: Spark plans with :data:`UNITS`, whose columns :mod:`sidalih.spark._groups` spells.
LOCAL_UNITS: dict[str, pl.Expr] = {"kode_kab": pl.col("kode_kab"), **UNITS,
                                   "tempat_lahir_kab": birthplace_key_of(
                                       pl.col("tempat_lahir_norm").cast(pl.String))}


@dataclass(frozen=True)
class RuleGroup:
    """Rules (indices, in order) scored together in buckets of ``unit`` (None: one rule)."""

    unit: str | None
    rules: tuple[int, ...]


@dataclass(frozen=True)
class GroupPlan:
    groups: tuple[RuleGroup, ...]
    big: dict[int, np.ndarray]


def unit_hash(unit: str) -> pl.Expr:
    """The value a row is bucketed by for ``unit`` (a missing value is one value too)."""
    return LOCAL_UNITS[unit].hash(seed=3).reinterpret(signed=True)


def unit_column(unit: str) -> str:
    """Name of the column that holds :func:`unit_hash` once computed (``__u_<unit>``).

    Examples
    --------
    >>> unit_column("kode_kab")
    '__u_kode_kab'
    """
    return f"__u_{unit}"


def unit_key(unit: str, names: Collection[str]) -> pl.Expr:
    """:func:`unit_hash` of ``unit``: read from its column where a frame with ``names``
    holds it (:func:`add_unit_hashes`), else computed.

    Examples
    --------
    >>> unit_key("kode_kab", ["kode_kab", "__u_kode_kab"]).meta.root_names()
    ['__u_kode_kab']
    >>> unit_key("kode_kab", ["kode_kab"]).meta.root_names()
    ['kode_kab']
    """
    column = unit_column(unit)
    return pl.col(column) if column in names else unit_hash(unit)


def add_unit_hashes(frame: pl.DataFrame) -> pl.DataFrame:
    """Add :func:`unit_hash` of every unit the frame can compute, as ``__u_<unit>``.

    Group planning reads each unit once per rule (twelve rules, three units at 10M
    records: 36 passes hashing text), and bucketing once more; a prepared chunk that
    carries the hashes is read for them instead.

    Examples
    --------
    >>> df = pl.DataFrame({"kode_kab": ["3201", None], "kode_kec": ["320101", None]})
    >>> hashed = add_unit_hashes(df)
    >>> hashed.columns
    ['kode_kab', 'kode_kec', '__u_kode_kab', '__u_kode_kec']
    >>> hashed["__u_kode_kab"].equals(df.select(unit_hash("kode_kab")).to_series(), check_names=False)
    True
    """
    names = set(frame.columns)
    return frame.with_columns(unit_hash(u).alias(unit_column(u)) for u, expr in LOCAL_UNITS.items()
                              if set(expr.meta.root_names()) <= names)


def plan_groups(prepared: pl.LazyFrame, rules: Sequence[BlockingRule], *, bound: int,
                linkage: bool, max_rows: int) -> GroupPlan:
    """Group the rules by the units their blocks lie in, and find every rule's big blocks.

    ``max_rows``: the most rows one value of a unit may hold (a bucket's share). A rule
    takes the first of :data:`LOCAL_UNITS` that holds each of its blocks.
    """
    names = set(prepared.collect_schema().names())
    units = [u for u, expr in LOCAL_UNITS.items() if set(expr.meta.root_names()) <= names]
    units = [u for u in units if _largest(prepared, u, names) <= max_rows]
    members: dict[str, list[int]] = {u: [] for u in units}
    alone: list[int] = []
    big: dict[int, np.ndarray] = {}
    for index in range(len(rules)):
        blocks = _blocks(prepared, index, units, linkage, names)
        big[index] = _big(blocks, bound, linkage)
        fits = [u for u in units if blocks.height == 0 or bool(blocks[u].all())]
        (members[fits[0]] if fits else alone).append(index)
    groups = [RuleGroup(u, tuple(members[u])) for u in units if len(members[u]) > 1]
    grouped = {i for g in groups for i in g.rules}
    singles = [RuleGroup(None, (i,)) for i in range(len(rules)) if i not in grouped]
    ordered = sorted(groups + singles, key=lambda g: g.rules[0])
    return GroupPlan(tuple(ordered), big)


def _largest(prepared: pl.LazyFrame, unit: str, names: Collection[str]) -> int:
    counts = prepared.group_by(unit_key(unit, names).alias("__u")).agg(pl.len().alias("n"))
    return int(counts.select(pl.col("n").max()).collect(engine="streaming").item() or 0)


def _blocks(prepared: pl.LazyFrame, index: int, units: list[str], linkage: bool,
            names: Collection[str]) -> pl.DataFrame:
    """Per block of rule ``index``: its size (per side for a linkage) and, per unit,
    whether it lies in one value of the unit.

    One value: the smallest hash equals the largest (a missing value hashes like any
    other), which a streaming group-by finds far faster than counting distinct hashes.
    """
    h = hash_column(index)
    hashed = [unit_key(u, names).alias(f"__u{k}") for k, u in enumerate(units)]
    aggs = [pl.len().alias("n"), *((pl.col(f"__u{k}").min() == pl.col(f"__u{k}").max())
                                   .alias(u) for k, u in enumerate(units))]
    if linkage:
        aggs.append((pl.col(SIDE) == 0).sum().alias("n_left"))
    return (prepared.filter(pl.col(h).is_not_null()).select(h, SIDE, *hashed)
            .group_by(h).agg(aggs).collect(engine="streaming"))


def _big(blocks: pl.DataFrame, bound: int, linkage: bool) -> np.ndarray:
    """The key hashes of the blocks with more pairs than ``bound`` (as ``big_hashes``)."""
    if blocks.height == 0:
        return np.zeros(0, np.int64)
    n = blocks["n"].to_numpy().astype(np.int64)
    if linkage:
        n_left = blocks["n_left"].to_numpy().astype(np.int64)
        pairs = n_left * (n - n_left)
    else:
        pairs = n * (n - 1) // 2
    hashes = blocks[blocks.columns[0]].to_numpy()
    return np.sort(hashes[pairs > bound].astype(np.int64))
