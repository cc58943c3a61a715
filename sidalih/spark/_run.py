"""The partitioned engine as Spark jobs: prepare, count, score buckets of blocks, cluster.

Batches are prepared one by one, but a NIK on more records than one person has is a
placeholder only over the whole list (:mod:`sidalih.prepare`): each list is counted
after preparation, its placeholder NIKs are voided in every batch, and only then are the
blocking keys computed, as out of core does.

Spark ships many blocks per task: rows are grouped by ``pmod(key hash, buckets)`` and
each group is one :func:`sidalih.scale.score_batch` call (``applyInArrow``), never one
Python call per block. Rules whose blocks all lie in one district or NIK prefix share one
shuffle by that unit (:mod:`sidalih.spark._groups`, as out of core shares buckets). The model is trained once on the driver (or given), and goes to
the tasks inside the pickled plan. Matched pairs come back to the driver and are
clustered with the numba union–find, as in :mod:`sidalih.scale`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings, prepare_records, resolve
from sidalih.engine._judgement import ALWAYS_LISTED
from sidalih.engine._score import cluster_bounds
from sidalih.engine._tf import frequency_column
from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.nik import MAX_RECORDS_PER_NIK
from sidalih.prepare import placeholder_niks, void_niks
from sidalih.scale._batch import (
    N_PARTS,
    PART,
    BatchPlan,
    fit_sample,
    pair_schema,
    plan_rules,
    salt_column,
    score_batch,
)
from sidalih.scale._clusters import cluster_rows
from sidalih.scale._keys import (
    MIN_REGION_ROWS,
    REGION,
    ROW,
    SIDE,
    add_rule_hashes,
    add_rule_salts,
    hash_column,
)
from sidalih.scale._local import _with_ids, has_id_column
from sidalih.scale._passes import GROUP_SPREAD_MAX
from sidalih.spark._arrow import conform, fixed_schema, spark_schema, to_arrow
from sidalih.spark._groups import plan_spark_groups, score_spark_group
from sidalih.spark._result import SparkResult, named_pairs

__all__ = ["SparkResult", "run"]

_SAMPLE_ROWS = 2_000


@dataclass(frozen=True)
class _Job:
    schema_name: str | None
    election_date: dt.date | str
    rules: tuple[BlockingRule, ...]
    prepared_schema: dict[str, pl.DataType]  # prepared, row number and side: no keys yet
    keyed_schema: dict[str, pl.DataType]  # and the rules' key hashes and salts


def _prepare_batches(job: _Job, side: int, offset: int, batches: Iterator[pa.RecordBatch]
                     ) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        raw = pl.from_arrow(batch)
        assert isinstance(raw, pl.DataFrame)
        rows = raw[ROW]
        raw = raw.drop(ROW)
        if not has_id_column(raw.columns, job.schema_name):
            # as in memory: the row's position in its own list
            raw = raw.with_columns((rows - offset).alias("id"))
        prepared = prepare_records(raw, schema=job.schema_name,
                                   reference_date=job.election_date)
        prepared = prepared.with_columns(rows.alias(ROW), pl.lit(side, pl.Int8).alias(SIDE))
        yield from to_arrow(conform(prepared, job.prepared_schema)).to_batches()


def _key_batches(job: _Job, found: pl.DataFrame, batches: Iterator[pa.RecordBatch]
                 ) -> Iterator[pa.RecordBatch]:
    """Void the placeholder NIKs of each row's list, then add the rules' hashes and salts."""
    for batch in batches:
        prepared = pl.from_arrow(batch)
        assert isinstance(prepared, pl.DataFrame)
        if found.height:
            prepared = _void_by_side(prepared, found)
        keyed = add_rule_salts(add_rule_hashes(prepared, job.rules), job.rules)
        yield from to_arrow(conform(keyed, job.keyed_schema)).to_batches()


def _void_by_side(prepared: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """:func:`void_niks` with each list's own placeholders (a batch holds one list's rows)."""
    numbered = prepared.with_row_index("__i")
    parts = [void_niks(part, found.filter(pl.col(SIDE) == side))
             for (side,), part in numbered.partition_by(SIDE, as_dict=True).items()]
    return pl.concat(parts).sort("__i").drop("__i")


def _placeholders(prepared: Any, job: _Job) -> pl.DataFrame:
    """The placeholder NIKs (``__side``, ``nik``) of each list, counted over all its batches.

    The rule is :func:`sidalih.prepare.placeholder_niks`, run on the driver. Spark only
    shrinks its input: rows per (list, NIK, person), for the NIKs on more records than the
    bound (the rule's first condition), each group capped at bound + 1 rows, which keeps
    both the answer to "more records than the bound?" and the number of people.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    found = pl.DataFrame(schema={SIDE: pl.Int8, "nik": pl.String})
    names = job.prepared_schema
    # in memory only the voter schema is prepared, so only it has placeholder NIKs
    if job.schema_name != "voter" or "nik" not in names:
        return found
    limit = MAX_RECORDS_PER_NIK
    key = F.coalesce("nik", "nik_placeholder") if "nik_placeholder" in names else F.col("nik")
    # the columns placeholder_niks tells people apart by
    person = [c for c in ("nama_norm", "tanggal_lahir") if c in names]
    held = (prepared.where(key.isNotNull()).groupBy(SIDE, key.alias("nik"), *person)
            .agg(F.count("*").alias("__n")))
    total = F.sum("__n").over(Window.partitionBy(SIDE, "nik"))
    kept = (held.withColumn("__total", total).where(F.col("__total") > limit)
            .select(SIDE, "nik", *person, F.least(F.col("__n"), F.lit(limit + 1)).alias("__n")))
    groups = pl.from_arrow(kept.toArrow())
    assert isinstance(groups, pl.DataFrame)
    if groups.height == 0:
        return found
    each = groups.select(pl.int_range(pl.len()).repeat_by(pl.col("__n")).explode())
    rows = groups.drop("__n")[each.to_series()]
    parts = [placeholder_niks(part.drop(SIDE), max_records_per_nik=limit)
             .select(pl.lit(side, pl.Int8).alias(SIDE), pl.col("nik").cast(pl.String))
             for (side,), part in rows.partition_by(SIDE, as_dict=True).items()]
    return pl.concat([found, *parts])


def _with_rows(df: Any, offset: int) -> Any:
    """Row numbers in the frame's order (partition order), starting at ``offset``."""
    from pyspark.sql.types import LongType, StructField, StructType

    numbered = df.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + offset))
    # a new StructType: ``df.schema`` is the frame's own cached object, and ``add`` changes it
    return numbered.toDF(StructType([*df.schema.fields, StructField(ROW, LongType(), False)]))


def _job(df: Any, *, schema: str | None, election_date: dt.date | str,
         rules: Sequence[BlockingRule] | None) -> _Job:
    """The rules and the two fixed schemas (before and after the keys), from a sample."""
    sample = pl.from_arrow(df.limit(_SAMPLE_ROWS).toArrow())
    assert isinstance(sample, pl.DataFrame)
    sample = _with_ids(sample, first_row=0, schema=schema)
    prepared = prepare_records(sample, schema=schema, reference_date=election_date)
    chosen = plan_rules(rules if rules is not None else (None if schema == "voter" else []),
                        prepared)
    prepared = prepared.with_columns(pl.lit(0, pl.Int64).alias(ROW), pl.lit(0, pl.Int8).alias(SIDE))
    keyed = add_rule_salts(add_rule_hashes(prepared, chosen), chosen)
    return _Job(schema, election_date, chosen, fixed_schema(prepared), fixed_schema(keyed))


def _prepare(frames: list[Any], job: _Job) -> Any:
    """Every list prepared, its placeholder NIKs voided, the rules' keys added (checkpointed)."""
    from pyspark import StorageLevel

    out = None
    offset = 0
    struct = spark_schema(job.prepared_schema)
    for side, df in enumerate(frames):
        numbered = _with_rows(df, offset)
        prepared = numbered.mapInArrow(
            lambda batches, side=side, first=offset: _prepare_batches(job, side, first, batches),
            struct)
        out = prepared if out is None else out.unionByName(prepared)
        offset += int(df.count())
    assert out is not None
    # read twice (the count, then the keys): prepared once
    out = out.persist(StorageLevel.MEMORY_AND_DISK)
    found = _placeholders(out, job)
    keyed = out.mapInArrow(lambda batches: _key_batches(job, found, batches),
                           spark_schema(job.keyed_schema)).localCheckpoint()
    out.unpersist()
    return keyed


def _attach_frequencies(prepared: Any, model: Model) -> Any:
    """The relative frequency of each name, over the whole list, per row (Spark joins)."""
    from pyspark.sql import functions as F

    n_rows = prepared.count()
    for comparison in model.comparisons:
        column = comparison.tf_column
        if not column or column not in prepared.columns:
            continue
        national = (prepared.where(F.col(column).isNotNull()).groupBy(column)
                    .agg(F.count("*").alias("__n_nat")))
        freq = F.col("__n_nat") / F.lit(max(n_rows, 1))
        out = prepared.join(national, on=column, how="left")
        drop = ["__n_nat"]
        if REGION in prepared.columns:
            per_region = (prepared.where(F.col(column).isNotNull()).groupBy(column, REGION)
                          .agg(F.count("*").alias("__n_reg")))
            region = prepared.groupBy(REGION).agg(F.count("*").alias("__n_kab"))
            out = out.join(per_region, on=[column, REGION], how="left") \
                .join(region, on=REGION, how="left")
            big = F.col(REGION).isNotNull() & (F.col("__n_kab") >= MIN_REGION_ROWS)
            freq = F.when(big, F.col("__n_reg") / F.col("__n_kab")).otherwise(freq)
            drop += ["__n_reg", "__n_kab"]
        value = F.when(F.col(column).isNotNull(), freq).otherwise(F.lit(1.0))
        prepared = out.withColumn(frequency_column(column), value.cast("double")).drop(*drop)
    return prepared


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
                split: pl.DataFrame) -> Any:
    """One rule's pairs: rows grouped into buckets of whole blocks, one task per bucket.

    Rows of a block over the bound are bucketed by block *and* salt (their first
    refinement key), so one giant block is spread over many tasks; a salted sub-block
    still too large goes, whole, to several tasks, each scoring its share of the pairs
    (``split``, see :func:`_split_sub_blocks`).
    """
    from pyspark.sql import functions as F

    h, salt = hash_column(u), salt_column(u)
    # other rules' salts and later rules' hashes are not needed by this rule's tasks
    later = [c for c in prepared.columns if re.fullmatch(r"__[hs][0-9]+", c)
             and c not in (h, salt) and (c[2] == "s" or int(c[3:]) > u)]
    struct = spark_schema(pair_schema(plan))

    def task(table: pa.Table) -> pa.Table:
        batch = pl.from_arrow(table)
        assert isinstance(batch, pl.DataFrame)
        pairs, _ = score_batch(batch.drop("__bucket"), u, plan)
        return to_arrow(pairs)

    rows = prepared.where(F.col(h).isNotNull()).drop(*later)
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


def _train_on_driver(prepared: Any, settings: Settings, *, train_rows: int) -> Model:
    from pyspark.sql import functions as F

    seed = settings.seed
    if "kode_kec" in prepared.columns:
        sizes = pl.from_arrow(prepared.groupBy("kode_kec").count().toArrow())
        assert isinstance(sizes, pl.DataFrame)
        sizes = sizes.with_columns(pl.col("kode_kec").hash(seed=seed).alias("h")).sort("h")
        chosen = sizes.filter(pl.col("count").cum_sum().shift(1, fill_value=0) < train_rows)
        sample_df = prepared.where(F.col("kode_kec").isin(chosen["kode_kec"].to_list()))
    else:
        sample_df = prepared.limit(train_rows)
    sample = pl.from_arrow(sample_df.toArrow())
    assert isinstance(sample, pl.DataFrame)
    return fit_sample(sample, settings)


def _cluster(spark: Any, pairs: Any, model: Model) -> pl.DataFrame:
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
    comp = spark.createDataFrame(plain.rename({"label": "comp"}).to_pandas())
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


def _cluster_ids(spark: Any, prepared: Any, clustered: pl.DataFrame, linkage: bool) -> Any:
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    key = (F.concat(F.when(F.col(SIDE) == 0, F.lit("l")).otherwise(F.lit("r")), F.lit(":"),
                    F.col("id").cast("string")) if linkage else F.col("id"))
    ids = prepared.select(ROW, "id", SIDE, key.alias("__key"))
    labels = spark.createDataFrame(clustered.rename({"row": ROW}).to_pandas(),
                                   schema=f"{ROW} long, label long")
    joined = ids.join(F.broadcast(labels), on=ROW, how="left")
    smallest = F.min("__key").over(Window.partitionBy("label"))
    cluster = F.when(F.col("label").isNotNull(), smallest).otherwise(F.col("__key"))
    extra = [F.when(F.col(SIDE) == 0, F.lit("l")).otherwise(F.lit("r")).alias("source")] \
        if linkage else []
    return joined.select(ROW, "id", *extra, cluster.alias("cluster_id")).orderBy(ROW).drop(ROW)


def run(frames: list[Any], settings: Settings, *, model: Model | None, n_buckets: int | None,
        train_rows: int, split_rows: int = 50_000) -> SparkResult:
    """Deduplicate one Spark frame, or link two (see :func:`sidalih.spark.deduplicate`)."""
    _check_frames(frames)
    if split_rows < 1:
        raise InvalidParameterError(f"split_rows must be at least 1, got {split_rows}")
    spark = frames[0].sparkSession
    settings, model = resolve(settings, model)
    max_block_size, pairs_floor = settings.max_block_size, settings.pairs_floor
    job = _job(frames[0], schema=settings.schema, election_date=settings.election_date,
               rules=settings.blocking_rules)
    rules = job.rules
    prepared = _prepare(frames, job)
    trained = model is None or not model.fitted
    if model is None or not model.fitted:
        model = _train_on_driver(prepared, settings, train_rows=train_rows)
    prepared = _attach_frequencies(prepared, model).localCheckpoint()
    n_rows = prepared.count()
    buckets = n_buckets or max(spark.sparkContext.defaultParallelism * 2, n_rows // 50_000)
    plan = BatchPlan(rules, model, linkage=len(frames) == 2, max_block_size=max_block_size,
                     keep_probability=pairs_floor, salted=True, lang=settings.lang)
    grouping = plan_spark_groups(prepared, len(rules), plan,
                                 max_rows=max(1, n_rows // (buckets * GROUP_SPREAD_MAX)))
    plan = plan.with_big(grouping.big)
    split = {g.rules[0]: _split_sub_blocks(prepared, g.rules[0], plan, split_rows)
             for g in grouping.groups if g.unit is None}
    scored = [score_spark_group(prepared, g, plan, buckets) if g.unit is not None
              else _score_rule(prepared, g.rules[0], plan, buckets, split[g.rules[0]])
              for g in grouping.groups]
    pairs = scored[0]
    for more in scored[1:]:
        pairs = pairs.unionByName(more)
    pairs = pairs.localCheckpoint()
    clustered = _cluster(spark, pairs, model)
    clusters = _cluster_ids(spark, prepared, clustered, linkage=len(frames) == 2)
    listed = named_pairs(spark, _listed(pairs, model, pairs_floor), prepared, clustered,
                          model, rules)
    summary = {"n_records": n_rows, "n_buckets": buckets, "trained": trained,
               "big_blocks": {r.name: int(plan.big[u].size) for u, r in enumerate(rules)},
               "salted_blocks": {r.name: int(plan.big[u].size) for u, r in enumerate(rules)
                                 if r.refine_with},
               "split_sub_blocks": {rules[u].name: {"sub_blocks": part.height,
                                                    "tasks": int(part[N_PARTS].sum())}
                                    for u, part in split.items() if part.height},
               "passes": [[rules[u].name for u in g.rules] for g in grouping.groups],
               "n_records_in_duplicate_clusters": clustered.height}
    return SparkResult(clusters, listed, model, summary)


def _listed(pairs: Any, model: Model, pairs_floor: float) -> Any:
    """Merged pairs, pairs at or above ``pairs_floor`` and pairs for review, once each."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    threshold_weight, _ = cluster_bounds(model)
    floor = (float(np.log2(pairs_floor / (1 - pairs_floor))) if 0 < pairs_floor < 1
             else (-np.inf if pairs_floor == 0 else np.inf))
    keep = ((F.col("cluster_weight") >= threshold_weight) | (F.col("match_weight") >= floor)
            | F.col("verdict").isin([int(v) for v in ALWAYS_LISTED]))
    first = F.row_number().over(Window.partitionBy("row_l", "row_r").orderBy("rule"))
    return pairs.where(keep).withColumn("__n", first).where(F.col("__n") == 1).drop("__n")


def _check_frames(frames: list[Any]) -> None:
    try:
        from pyspark.sql import DataFrame
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise InputTypeError("sidalih.spark needs pyspark: pip install 'sidalih[spark]'") from exc
    for k, frame in enumerate(frames):
        if not isinstance(frame, DataFrame):
            raise InputTypeError(
                f"argument {k + 1}: expected a pyspark.sql.DataFrame, got {type(frame).__name__}")
    if not 1 <= len(frames) <= 2:
        raise InvalidParameterError("one frame (deduplicate) or two (link)")
