"""Rules that share buckets on Spark: one shuffle for every rule whose blocks lie in one unit.

The out-of-core run groups rules by the units their blocks lie in
(:mod:`sidalih.scale._groups`): a district holds every block of ``kode_kec`` + name +
year, a NIK prefix every block of the NIK. Shuffling the list once by such a unit and
scoring all of a group's rules in each task (:func:`sidalih.scale.score_group`) replaces
one shuffle per rule; on a list of a million rows, twelve rules become five passes.

Whether a rule joins a unit is measured, as out of core does, in the same aggregation
that finds its big blocks: a rule joins when each of its blocks holds one value of the
unit (a missing value counts as a value: ``xxhash64`` of a null is a number). A unit is
used only when its largest value fits a task's share of rows.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.scale._batch import BatchPlan, pair_schema, score_group
from sidalih.scale._groups import UNITS, GroupPlan, RuleGroup
from sidalih.scale._keys import SIDE, hash_column
from sidalih.scale._passes import group_buckets
from sidalih.spark._arrow import spark_schema, to_arrow

__all__ = ["plan_spark_groups", "score_spark_group", "unit_column"]


def unit_column(unit: str) -> Any:
    """The Spark column of ``unit``, equal to :data:`sidalih.scale._groups.UNITS` [unit]."""
    from pyspark.sql import functions as F

    if unit == "kode_kec":
        return F.col("kode_kec")
    if unit == "nik_1_7":
        return F.substring(F.coalesce(F.col("nik_masked12"), F.col("nik")), 1, 7)
    raise KeyError(unit)


def _unit_roots(unit: str) -> set[str]:
    return set(UNITS[unit].meta.root_names())


def _largest(prepared: Any, unit: str) -> int:
    from pyspark.sql import functions as F

    counts = prepared.groupBy(F.xxhash64(unit_column(unit)).alias("__u")).count()
    row = counts.agg(F.max("count")).collect()[0][0]
    return int(row or 0)


def plan_spark_groups(prepared: Any, n_rules: int, plan: BatchPlan, *,
                      max_rows: int) -> GroupPlan:
    """Every rule's big blocks, and the rules grouped by the unit their blocks lie in.

    One aggregation per rule, as :func:`sidalih.scale._groups.plan_groups` runs it on a
    polars frame; ``max_rows`` is the most rows one value of a unit may hold.
    """
    from pyspark.sql import functions as F

    units = [u for u in UNITS if _unit_roots(u) <= set(prepared.columns)]
    units = [u for u in units if _largest(prepared, u) <= max_rows]
    members: dict[str, list[int]] = {u: [] for u in units}
    big: dict[int, np.ndarray] = {}
    for index in range(n_rules):
        h = hash_column(index)
        aggs = [F.count("*").alias("n"), F.sum((F.col(SIDE) == 0).cast("long")).alias("n_left"),
                *(F.countDistinct(F.xxhash64(unit_column(u))).alias(u) for u in units)]
        blocks = prepared.where(F.col(h).isNotNull()).groupBy(h).agg(*aggs)
        pairs = (F.col("n_left") * (F.col("n") - F.col("n_left")) if plan.linkage
                 else F.col("n") * (F.col("n") - 1) / 2)
        flags = [F.max(F.col(u)).alias(u) for u in units]
        found = blocks.withColumn("__big", pairs > plan.bound).cache()
        hashes = found.where(F.col("__big")).select(h).toArrow().column(0).to_numpy()
        big[index] = np.sort(np.asarray(hashes, np.int64))
        widest = found.agg(*flags).collect()[0] if units else None
        found.unpersist()
        fits = [u for u in units if widest is None or (widest[u] or 0) <= 1]
        if fits:
            members[fits[0]].append(index)
    groups = [RuleGroup(u, tuple(members[u])) for u in units if len(members[u]) > 1]
    grouped = {i for g in groups for i in g.rules}
    singles = [RuleGroup(None, (i,)) for i in range(n_rules) if i not in grouped]
    return GroupPlan(tuple(sorted(groups + singles, key=lambda g: g.rules[0])), big)


def score_spark_group(prepared: Any, group: RuleGroup, plan: BatchPlan, n_buckets: int) -> Any:
    """The pairs of a group's rules: rows shuffled by the group's unit, one task a bucket."""
    from pyspark.sql import functions as F

    assert group.unit is not None
    last = max(group.rules)
    # salts are for one rule's big blocks spread over tasks; a unit keeps blocks whole
    unneeded = [c for c in prepared.columns if re.fullmatch(r"__[hs][0-9]+", c)
                and (c[2] == "s" or int(c[3:]) > last)]
    struct = spark_schema(pair_schema(plan))
    rules = group.rules

    def task(table: pa.Table) -> pa.Table:
        batch = pl.from_arrow(table)
        assert isinstance(batch, pl.DataFrame)
        return to_arrow(score_group(batch.drop("__bucket"), rules, plan))

    blocked = F.lit(False)
    for u in rules:
        blocked = blocked | F.col(hash_column(u)).isNotNull()
    spread = group_buckets(n_buckets, len(rules))
    bucket = F.pmod(F.xxhash64(unit_column(group.unit)), F.lit(spread))
    return (prepared.where(blocked).drop(*unneeded).withColumn("__bucket", bucket)
            .groupBy("__bucket").applyInArrow(task, struct))
