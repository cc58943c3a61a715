"""Rules that share buckets on Spark: one shuffle for every rule whose blocks lie in one unit.

The out-of-core run groups rules by the units their blocks lie in
(:mod:`sidalih.scale._groups`): a district holds every block of ``kode_kec`` + name +
year, a NIK prefix every block of the NIK. Shuffling the list once by such a unit and
scoring all of a group's rules in each task (:func:`sidalih.scale.score_group`) replaces
one shuffle per rule; on a list of a million rows, twelve rules become five passes.

Whether a rule joins a unit is measured, as out of core does, in the same aggregation
that finds its big blocks (one Spark job for all the rules): a rule joins when each of
its blocks holds one value of the unit (a missing value counts as a value: ``xxhash64`` of
a null is a number). A unit is used only when its largest value fits a task's share of
rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.scale._batch import BatchPlan, pair_schema, score_group
from sidalih.scale._groups import UNITS, GroupPlan, RuleGroup
from sidalih.scale._keys import SIDE, FrequencyTables, attach_frequencies, hash_column
from sidalih.scale._passes import group_buckets, scoring_columns
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


def plan_spark_groups(prepared: Any, n_rules: int, plan: BatchPlan, *,
                      max_rows: int) -> GroupPlan:
    """Every rule's big blocks, and the rules grouped by the unit their blocks lie in.

    What :func:`sidalih.scale._groups.plan_groups` measures on a polars frame, in one
    Spark job: every rule's (rule, key hash) rows and every unit's (unit, value) rows are
    counted in one aggregation, then summed up per rule (its big blocks, whether each of
    its blocks holds one value of each unit) and per unit (its largest value) into a few
    rows for the driver. ``max_rows`` is the most rows one value of a unit may hold.
    """
    from pyspark.sql import functions as F

    units = [u for u in UNITS if _unit_roots(u) <= set(prepared.columns)]
    values = {u: F.xxhash64(unit_column(u)) for u in units}
    parts = [prepared.where(F.col(hash_column(index)).isNotNull()).select(
        F.lit(index).alias("__r"), F.col(hash_column(index)).alias("__k"), SIDE,
        *(values[u].alias(u) for u in units)) for index in range(n_rules)]
    # a unit's own values, as rule -1 - k: its largest value is its largest "block"
    parts += [prepared.select(F.lit(-1 - k).alias("__r"), values[u].alias("__k"), SIDE,
                              *(F.lit(0).cast("long").alias(v) for v in units))
              for k, u in enumerate(units)]
    rows = parts[0]
    for more in parts[1:]:
        rows = rows.unionByName(more)
    # a block holds one value of a unit when its smallest and largest hash agree
    blocks = rows.groupBy("__r", "__k").agg(
        F.count("*").alias("n"), F.sum((F.col(SIDE) == 0).cast("long")).alias("n_left"),
        *((F.min(u) == F.max(u)).cast("int").alias(u) for u in units))
    pairs = (F.col("n_left") * (F.col("n") - F.col("n_left")) if plan.linkage
             else F.col("n") * (F.col("n") - 1) / 2)
    summed = blocks.groupBy("__r").agg(
        F.max("n").alias("largest"),
        F.collect_list(F.when(pairs > plan.bound, F.col("__k"))).alias("big"),
        *(F.min(u).alias(u) for u in units)).collect()
    found = {int(row["__r"]): row for row in summed}
    units = [u for k, u in enumerate(units)
             if found.get(-1 - k) is None or found[-1 - k]["largest"] <= max_rows]
    members: dict[str, list[int]] = {u: [] for u in units}
    big: dict[int, np.ndarray] = {}
    for index in range(n_rules):
        row = found.get(index)  # None: the rule blocks no row
        big[index] = np.sort(np.asarray(row["big"] if row is not None else [], np.int64))
        fits = [u for u in units if row is None or row[u] == 1]
        if fits:
            members[fits[0]].append(index)
    groups = [RuleGroup(u, tuple(members[u])) for u in units if len(members[u]) > 1]
    grouped = {i for g in groups for i in g.rules}
    singles = [RuleGroup(None, (i,)) for i in range(n_rules) if i not in grouped]
    return GroupPlan(tuple(sorted(groups + singles, key=lambda g: g.rules[0])), big)


def score_spark_group(prepared: Any, group: RuleGroup, plan: BatchPlan, n_buckets: int,
                      tables: Sequence[FrequencyTables]) -> Any:
    """The pairs of a group's rules: rows shuffled by the group's unit, one task a bucket.

    A task attaches the name frequencies (``tables``) to its bucket, as out of core does.
    """
    from pyspark.sql import functions as F

    assert group.unit is not None
    # what the tasks read: scoring's columns and the hashes up to the group's last rule
    # (salts are for one rule's big blocks spread over tasks; a unit keeps blocks whole)
    needed = scoring_columns(plan.rules, plan.model, prepared.columns, max(group.rules))
    struct = spark_schema(pair_schema(plan))
    rules = group.rules

    def task(table: pa.Table) -> pa.Table:
        batch = pl.from_arrow(table)
        assert isinstance(batch, pl.DataFrame)
        batch = attach_frequencies(batch.drop("__bucket"), tables)
        return to_arrow(score_group(batch, rules, plan))

    blocked = F.lit(False)
    for u in rules:
        blocked = blocked | F.col(hash_column(u)).isNotNull()
    spread = group_buckets(n_buckets, len(rules))
    bucket = F.pmod(F.xxhash64(unit_column(group.unit)), F.lit(spread))
    return (prepared.where(blocked).withColumn("__bucket", bucket).select(*needed, "__bucket")
            .groupBy("__bucket").applyInArrow(task, struct))
