"""A list larger than one task, on Spark: buckets of whole blocks, one shuffle per group.

Spark ships many blocks per task: rows are grouped by ``pmod(key hash, buckets)`` and
each group is one :func:`sidalih.scale.score_batch` call (``applyInArrow``), never one
Python call per block. Rules whose blocks all lie in one district or NIK prefix share one
shuffle by that unit (:mod:`sidalih.spark._groups`, as out of core shares buckets). A
block over the bound is spread over tasks by its first refinement key (its salt), and a
salted sub-block still too large goes, whole, to several tasks that each keep a share of
its pairs. Matched pairs come back to the driver and are clustered with the numba
union–find, as in :mod:`sidalih.scale`; cannot-link pairs are joined to the matched
components in Spark first, since a bucket keeps all of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.engine import Model
from sidalih.engine._score import cluster_bounds
from sidalih.engine._tf import smoothed_tf
from sidalih.scale._batch import (
    N_PARTS,
    PART,
    BatchPlan,
    pair_schema,
    salt_column,
    score_batch,
)
from sidalih.scale._clusters import cluster_rows
from sidalih.scale._keys import (
    REGION,
    ROW,
    SIDE,
    FrequencyTables,
    attach_frequencies,
    hash_column,
)
from sidalih.scale._passes import GROUP_SPREAD_MAX, scoring_columns
from sidalih.spark._arrow import spark_schema, to_arrow
from sidalih.spark._groups import plan_spark_groups, score_spark_group

__all__ = ["score_buckets", "cluster_pairs", "cluster_ids"]


def _frequency_tables(keyed: Any, model: Model, n_rows: int) -> list[FrequencyTables]:
    """Counts of each name over the whole list, for the tasks to attach per row.

    Out of core attaches them to each slice with :func:`attach_frequencies`; so do the
    tasks here, from tables counted by Spark (a few hundred thousand rows each at 1M
    records), instead of three joins of the whole list per name column.
    """
    from pyspark.sql import functions as F

    def counted(frame: Any, *keys: str) -> pl.DataFrame:
        table = pl.from_arrow(frame.groupBy(*keys).agg(F.count("*").alias("n")).toArrow())
        assert isinstance(table, pl.DataFrame)
        return table

    tables = []
    for comparison in model.comparisons:
        column = comparison.tf_column
        if not column or column not in keyed.columns:
            continue
        named = keyed.where(F.col(column).isNotNull())
        national = counted(named, column)
        if REGION not in keyed.columns:
            tables.append(FrequencyTables(column, None, national, None, n_rows,
                                          smoothed_tf(comparison)))
            continue
        tables.append(FrequencyTables(column, counted(named, column, REGION), national,
                                      counted(keyed, REGION), n_rows, smoothed_tf(comparison)))
    return tables


def _split_sub_blocks(prepared: Any, u: int, plan: BatchPlan, split_rows: int) -> pl.DataFrame:
    """Salted sub-blocks of rule ``u`` with more than ``split_rows`` rows, and their shares.

    Such a sub-block is still over the bound after the salt (say, one junk NIK on one
    placeholder date and one first name); it is refined and walked as a neighbourhood,
    which would be one long task. Left-side salting spreads it: every share's task gets
    all its rows and keeps the pairs whose first row falls to the share.
    """
    from pyspark.sql import functions as F

    h, salt = hash_column(u), salt_column(u)
    empty = pl.DataFrame(schema={h: pl.Int64, salt: pl.Int64, N_PARTS: pl.Int64})
    big = plan.big.get(u)
    if salt not in prepared.columns or big is None or not big.size:
        return empty
    counts = (prepared.where(F.col(h).isin([int(x) for x in big])).groupBy(h, salt)
              .agg(F.count("*").alias("n")).where(F.col("n") > split_rows))
    found = pl.from_arrow(counts.toArrow())
    assert isinstance(found, pl.DataFrame)
    if found.height == 0:
        return empty
    parts = (pl.col("n") + split_rows - 1) // split_rows
    return found.select(pl.col(h).cast(pl.Int64), pl.col(salt).cast(pl.Int64),
                        parts.cast(pl.Int64).alias(N_PARTS))


def _score_rule(prepared: Any, u: int, plan: BatchPlan, n_buckets: int,
                split: pl.DataFrame, tables: list[FrequencyTables]) -> Any:
    """One rule's pairs: rows grouped into buckets of whole blocks, one task per bucket.

    Rows of a block over the bound are bucketed by block *and* salt (their first
    refinement key), so one giant block is spread over many tasks; a salted sub-block
    still too large goes, whole, to several tasks, each scoring its share of the pairs
    (``split``, see :func:`_split_sub_blocks`).
    """
    from pyspark.sql import functions as F

    h, salt = hash_column(u), salt_column(u)
    # what this rule's tasks read: scoring's columns, earlier rules' hashes, its salt
    needed = scoring_columns(plan.rules, plan.model, prepared.columns, u)
    needed += [salt] if salt in prepared.columns else []
    struct = spark_schema(pair_schema(plan))

    def task(table: pa.Table) -> pa.Table:
        batch = pl.from_arrow(table)
        assert isinstance(batch, pl.DataFrame)
        batch = attach_frequencies(batch.drop("__bucket"), tables)
        pairs, _ = score_batch(batch, u, plan)
        return to_arrow(pairs)

    rows = prepared.where(F.col(h).isNotNull()).select(*needed)
    bucket = F.xxhash64(F.col(h))
    big = plan.big.get(u)
    if salt in prepared.columns and big is not None and big.size:
        in_big = F.col(h).isin([int(x) for x in big])
        bucket = F.when(in_big, F.xxhash64(F.col(h), F.col(salt))).otherwise(bucket)
    if split.height:
        shares = prepared.sparkSession.createDataFrame(
            split.to_pandas(), schema=f"{h} long, {salt} long, {N_PARTS} long")
        rows = (rows.join(F.broadcast(shares), on=[h, salt], how="left")
                .withColumn(N_PARTS, F.coalesce(F.col(N_PARTS), F.lit(1)))
                .withColumn(PART, F.explode(F.sequence(F.lit(0), F.col(N_PARTS) - 1))))
        bucket = F.when(F.col(N_PARTS) > 1, F.xxhash64(F.col(h), F.col(salt), F.col(PART))) \
            .otherwise(bucket)
    # a task holds one share: two shares of a sub-block may hash to one bucket
    keys = ["__bucket", PART] if split.height else ["__bucket"]
    return rows.withColumn("__bucket", F.pmod(bucket, F.lit(n_buckets))) \
        .groupBy(*keys).applyInArrow(task, struct)


def cluster_pairs(spark: Any, pairs: Any, model: Model) -> pl.DataFrame:
    from pyspark.sql import functions as F

    threshold_weight, forbid = cluster_bounds(model)
    columns = ["row_l", "row_r", "rule", "cluster_weight"]
    matched = pl.from_arrow(pairs.where(F.col("cluster_weight") >= threshold_weight)
                            .select(*columns).toArrow())
    assert isinstance(matched, pl.DataFrame)
    if matched.height == 0:
        return pl.DataFrame(schema={"row": pl.Int64, "label": pl.Int64})
    # cannot-link pairs matter only between rows of one matched component
    plain = cluster_rows(matched.lazy(), _no_guard(model))
    comp = spark.createDataFrame(plain.rename({"label": "comp"}).to_arrow())
    cannot = (pairs.where(F.col("cluster_weight") < forbid).select(*columns)
              .join(comp.withColumnRenamed("row", "row_l").withColumnRenamed("comp", "c_l"),
                    on="row_l")
              .join(comp.withColumnRenamed("row", "row_r").withColumnRenamed("comp", "c_r"),
                    on="row_r")
              .where(F.col("c_l") == F.col("c_r")).select(*columns))
    kept = pl.from_arrow(cannot.toArrow())
    assert isinstance(kept, pl.DataFrame)
    both = pl.concat([matched, kept.cast(dict(matched.schema))])  # type: ignore[arg-type]
    return cluster_rows(both.lazy(), model)


def _no_guard(model: Model) -> Model:
    """The model with no cannot-link bound: plain connected components of matched pairs."""
    return Model(model.comparisons, model.fs, model.threshold, -np.inf, dict(model.options))


def cluster_ids(spark: Any, prepared: Any, clustered: pl.DataFrame, linkage: bool) -> Any:
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    key = (F.concat(F.when(F.col(SIDE) == 0, F.lit("l")).otherwise(F.lit("r")), F.lit(":"),
                    F.col("id").cast("string")) if linkage else F.col("id"))
    ids = prepared.select(ROW, "id", SIDE, key.alias("__key"))
    labels = spark.createDataFrame(clustered.rename({"row": ROW}).to_arrow(),
                                   schema=f"{ROW} long, label long")
    joined = ids.join(F.broadcast(labels), on=ROW, how="left")
    smallest = F.min("__key").over(Window.partitionBy("label"))
    cluster = F.when(F.col("label").isNotNull(), smallest).otherwise(F.col("__key"))
    extra = [F.when(F.col(SIDE) == 0, F.lit("l")).otherwise(F.lit("r")).alias("source")] \
        if linkage else []
    return joined.select(ROW, "id", *extra, cluster.alias("cluster_id")).orderBy(ROW).drop(ROW)


def score_buckets(keyed: Any, plan: BatchPlan, buckets: int, split_rows: int, *,
                  n_rows: int) -> tuple[Any, Any, dict[int, np.ndarray], dict[str, Any]]:
    """The list cut into buckets of whole blocks: the rows with their frequencies, the
    kept pairs, every rule's big blocks and what the run records of its passes."""
    rules = plan.rules
    keyed = keyed.localCheckpoint()
    tables = _frequency_tables(keyed, plan.model, n_rows)
    grouping = plan_spark_groups(keyed, len(rules), plan,
                                 max_rows=max(1, n_rows // (buckets * GROUP_SPREAD_MAX)))
    plan = plan.with_big(grouping.big)
    split = {g.rules[0]: _split_sub_blocks(keyed, g.rules[0], plan, split_rows)
             for g in grouping.groups if g.unit is None}
    scored = [score_spark_group(keyed, g, plan, buckets, tables) if g.unit is not None
              else _score_rule(keyed, g.rules[0], plan, buckets, split[g.rules[0]], tables)
              for g in grouping.groups]
    pairs = scored[0]
    for more in scored[1:]:
        pairs = pairs.unionByName(more)
    info = {"salted_blocks": {r.name: int(plan.big[u].size) for u, r in enumerate(rules)
                              if r.refine_with},
            "split_sub_blocks": {rules[u].name: {"sub_blocks": part.height,
                                                 "tasks": int(part[N_PARTS].sum())}
                                 for u, part in split.items() if part.height},
            "passes": [[rules[u].name for u in g.rules] for g in grouping.groups]}
    return keyed, pairs.localCheckpoint(), plan.big, info
