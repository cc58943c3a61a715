"""The partitioned engine as Spark jobs: number, prepare, score, cluster.

A list that fits one task (``task_memory``) is run whole in one task, as out of core
runs a list that fits one bucket (:mod:`sidalih.spark._whole`): a sample, that task and
the write of the clusters are the whole run. The task counts the rows it receives, so
no job counts them first: at more rows than a task holds it stops, and the list is
prepared in parallel tasks and cut into buckets of whole blocks
(:mod:`sidalih.spark._buckets`), numbered and counted by partition.

Batches are prepared one by one, but a NIK on more records than one person has is a
placeholder only over the whole list (:mod:`sidalih.prepare`): each list is counted
after preparation, its placeholder NIKs are voided in every batch, and only then are the
blocking keys computed, as out of core does. Rows are numbered in partition order, in
the JVM. The model is trained once on the driver (or given), and goes to the tasks
inside the pickled plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings, prepare_records, resolve
from sidalih.engine._judgement import ALWAYS_LISTED
from sidalih.engine._run import absent_fields, warn_absent
from sidalih.engine._score import cluster_bounds
from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.nik import MAX_RECORDS_PER_NIK
from sidalih.prepare import placeholder_niks, void_niks
from sidalih.scale._batch import (
    TRAIN_UNITS,
    BatchPlan,
    fit_sample,
    plan_rules,
    train_units,
)
from sidalih.scale._keys import (
    ROW,
    SIDE,
    add_rule_hashes,
    add_rule_salts,
)
from sidalih.scale._local import SCORE_BYTES_PER_ROW, _with_ids, has_id_column, parse_memory
from sidalih.spark._arrow import conform, fixed_schema, spark_schema, to_arrow
from sidalih.spark._buckets import cluster_ids, cluster_pairs, score_buckets
from sidalih.spark._result import SparkResult, named_pairs, with_probability
from sidalih.spark._whole import WholeList, floor_weight, score_whole_list, warm_worker

__all__ = ["SparkResult", "run", "task_buckets"]

_SAMPLE_ROWS = 2_000
_PREPARE_ROWS = 200_000  # rows prepared at a time in a task (~0.5 GB)


@dataclass(frozen=True)
class _Job:
    schema_name: str | None
    election_date: dt.date | str
    rules: tuple[BlockingRule, ...]
    prepared_schema: dict[str, pl.DataType]  # prepared, row number and side: no keys yet
    keyed_schema: dict[str, pl.DataType]  # and the rules' key hashes and salts


def _prepare_batches(job: _Job, side: int, offset: int, batches: Iterator[pa.RecordBatch]
                     ) -> Iterator[pa.RecordBatch]:
    for table in _chunks(batches, _PREPARE_ROWS):
        raw = pl.from_arrow(table)
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


def _chunks(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """Arrow batches (Spark sends 10,000 rows each) gathered into tables of ``rows`` rows.

    Preparing works per distinct value (names, places, dates), so a chunk of 10,000 rows
    pays a query's fixed costs a hundred times per million rows for few repeats.
    """
    held: list[pa.RecordBatch] = []
    n = 0
    for batch in batches:
        held.append(batch)
        n += batch.num_rows
        if n >= rows:
            yield pa.Table.from_batches(held)
            held, n = [], 0
    if held:
        yield pa.Table.from_batches(held)


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
    """:func:`void_niks` with each list's own placeholders (a batch may hold both lists)."""
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
    return _numbered(df, offset)[0]


def _numbered(df: Any, offset: int) -> tuple[Any, int]:
    """The frame with row numbers in partition order from ``offset``, and its row count.

    One job counts the rows of each partition (in the JVM: no row goes to Python); the
    number of a row is then its partition's first number plus its position in the
    partition, which ``monotonically_increasing_id`` holds in its lower 33 bits.
    """
    from pyspark.sql import functions as F

    part = F.spark_partition_id()
    sizes = dict(df.groupBy(part.alias("p")).count().collect())
    counts = [int(sizes.get(p, 0)) for p in range(max(sizes, default=-1) + 1)]
    starts = np.cumsum([offset, *counts[:-1]]).tolist() if counts else []
    position = F.monotonically_increasing_id() - F.shiftleft(part.cast("long"), 33)
    first = F.element_at(F.array(*[F.lit(int(v)).cast("long") for v in starts]), part + 1)
    return df.withColumn(ROW, first + position), sum(counts)


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
    """Every list prepared, its placeholder NIKs voided, the rules' keys added."""
    prepared = _prepared(*_number(frames), job)
    return _keyed(prepared, job, _placeholders(prepared, job))


def _number(frames: list[Any]) -> tuple[list[Any], list[int]]:
    """Each list with its row numbers (the right list's after the left's), and its rows."""
    numbered: list[Any] = []
    sizes: list[int] = []
    for df in frames:
        frame, n = _numbered(df, sum(sizes))
        numbered.append(frame)
        sizes.append(n)
    return numbered, sizes


def _prepared(numbered: list[Any], sizes: list[int], job: _Job) -> Any:
    """Every numbered list prepared, persisted (not yet computed)."""
    from pyspark import StorageLevel

    out = None
    struct = spark_schema(job.prepared_schema)
    for side, df in enumerate(numbered):
        first = sum(sizes[:side])
        prepared = df.mapInArrow(
            lambda batches, side=side, first=first: _prepare_batches(job, side, first, batches),
            struct)
        out = prepared if out is None else out.unionByName(prepared)
    assert out is not None
    # read more than once (placeholders, training, keys, ids): prepared once
    return out.persist(StorageLevel.MEMORY_AND_DISK)


def _keyed(prepared: Any, job: _Job, found: pl.DataFrame) -> Any:
    """The placeholder NIKs voided and the rules' hashes and salts added."""
    return prepared.mapInArrow(lambda batches: _key_batches(job, found, batches),
                               spark_schema(job.keyed_schema))


def _train_on_driver(prepared: Any, settings: Settings, *, train_rows: int,
                     found: pl.DataFrame) -> Model:
    from pyspark.sql import functions as F

    sample_df = prepared.limit(train_rows)
    for unit in TRAIN_UNITS:  # as out of core draws it (sidalih.scale._local._train)
        if unit in prepared.columns:
            sizes = pl.from_arrow(prepared.groupBy(unit).count().toArrow())
            assert isinstance(sizes, pl.DataFrame)
            chosen = train_units(sizes.rename({"count": "n"}), unit, train_rows, settings.seed)
            if chosen is not None:
                # rows without a code are a unit of their own, as out of core: isin never
                # matches null
                within = F.col(unit).isin(chosen.drop_nulls().to_list())
                sample_df = prepared.where(within | F.col(unit).isNull()
                                           if chosen.null_count() else within)
                break
    sample = pl.from_arrow(sample_df.toArrow())
    assert isinstance(sample, pl.DataFrame)
    # the placeholder NIKs of the whole list, voided as every later step sees them
    return fit_sample(_void_by_side(sample, found) if found.height else sample, settings)


def _absent_as_missing(frames: list[Any], model: Model) -> list[Any]:
    """Each frame with every voter field ``model`` compares and it lacks, an empty text
    column (as in memory and out of core), and a warning naming them."""
    from pyspark.sql import functions as F

    absent = [absent_fields(model, df.columns, prepared=False) for df in frames]
    if not any(absent):
        return frames
    # warn_absent < _absent_as_missing < run < sidalih.spark.deduplicate < caller
    warn_absent(sorted({field for fields in absent for field in fields}), stacklevel=5)
    return [df.withColumns({field: F.lit(None).cast("string") for field in fields})
            if fields else df for df, fields in zip(frames, absent, strict=True)]


def run(frames: list[Any], settings: Settings, *, model: Model | None, n_buckets: int | None,
        train_rows: int, split_rows: int = 50_000,
        task_memory: int | str = "4GiB") -> SparkResult:
    """Deduplicate one Spark frame, or link two (see :func:`sidalih.spark.deduplicate`)."""
    _check_frames(frames)
    if split_rows < 1:
        raise InvalidParameterError(f"split_rows must be at least 1, got {split_rows}")
    if n_buckets is not None and n_buckets < 1:
        raise InvalidParameterError(f"n_buckets must be at least 1, got {n_buckets}")
    memory = parse_memory(task_memory)
    spark = frames[0].sparkSession
    settings, model = resolve(settings, model)
    if model is not None and model.fitted and settings.schema == "voter":
        frames = _absent_as_missing(frames, model)
    warming = warm_worker(spark)
    job = _job(frames[0], schema=settings.schema, election_date=settings.election_date,
               rules=settings.blocking_rules)
    trained = model is None or not model.fitted
    lists = None
    if model is None or not model.fitted:
        lists = _prepare_lists(frames, job)
        model = _train_on_driver(lists.prepared, settings, train_rows=train_rows,
                                 found=lists.found)
    plan = BatchPlan(job.rules, model, linkage=len(frames) == 2,
                     max_block_size=settings.max_block_size,
                     keep_probability=settings.pairs_floor, salted=True, lang=settings.lang)
    limit = rows_per_task(memory)
    if n_buckets == 1 or (n_buckets is None and (lists is None or lists.n_rows <= limit)):
        if lists is not None:
            lists.prepared.unpersist()  # the task prepares the lists again, as out of core would
        warming.join()  # its worker, now idle, runs the task
        # lists not counted yet (a given model) may be too large: the task stops past the limit
        bound = limit if n_buckets is None and lists is None else None
        result = _run_whole(frames, job, plan, trained=trained, max_rows=bound)
        if result is not None:
            return result
    lists = lists or _prepare_lists(frames, job)
    buckets = n_buckets or task_buckets(lists.n_rows, memory,
                                        spark.sparkContext.defaultParallelism)
    return _in_buckets(lists, job, plan, buckets, split_rows, trained=trained,
                       pairs_floor=settings.pairs_floor)


def _run_whole(frames: list[Any], job: _Job, plan: BatchPlan, *, trained: bool,
               max_rows: int | None) -> SparkResult | None:
    """The lists scored whole in one task; None where they hold more than ``max_rows``."""
    whole = WholeList(plan, job.schema_name, job.election_date,
                      tuple(tuple(f.columns) for f in frames), job.prepared_schema,
                      max_rows=max_rows)
    done = score_whole_list(frames, whole)
    if done is None:
        return None
    summary = _summary(done.n_records, 1, trained, job.rules, done.n_big, done.n_clustered,
                       passes=[[r.name for r in job.rules]], salted_blocks={},
                       split_sub_blocks={})
    return SparkResult(done.clusters, with_probability(done.pairs, plan.model), plan.model,
                       summary)


@dataclass(frozen=True)
class _Lists:
    """The lists numbered, prepared in Spark (persisted) and counted, and their
    placeholder NIKs."""

    prepared: Any
    found: pl.DataFrame
    n_rows: int


def _prepare_lists(frames: list[Any], job: _Job) -> _Lists:
    numbered, sizes = _number(frames)
    prepared = _prepared(numbered, sizes, job)
    return _Lists(prepared, _placeholders(prepared, job), sum(sizes))


def _in_buckets(lists: _Lists, job: _Job, plan: BatchPlan, buckets: int, split_rows: int, *,
                trained: bool, pairs_floor: float) -> SparkResult:
    """The prepared lists cut into buckets of whole blocks, one task each."""
    model = plan.model
    spark = lists.prepared.sparkSession
    keyed = _keyed(lists.prepared, job, lists.found)
    ids, pairs, big, info = score_buckets(keyed, plan, buckets, split_rows, n_rows=lists.n_rows)
    lists.prepared.unpersist()
    clustered = cluster_pairs(spark, pairs, model)
    clusters = cluster_ids(spark, ids, clustered, linkage=plan.linkage)
    listed = named_pairs(spark, _listed(pairs, model, pairs_floor), ids, clustered, model,
                         job.rules)
    summary = _summary(lists.n_rows, buckets, trained, job.rules,
                       {u: int(h.size) for u, h in big.items()}, clustered.height, **info)
    return SparkResult(clusters, listed, model, summary)


def _summary(n_rows: int, buckets: int, trained: bool, rules: Sequence[BlockingRule],
             n_big: dict[int, int], n_clustered: int, **info: Any) -> dict[str, Any]:
    """What a run records: its size, buckets, whether it trained, each rule's number of
    big blocks, its passes."""
    return {"n_records": n_rows, "n_buckets": buckets, "trained": trained,
            "big_blocks": {r.name: n_big[u] for u, r in enumerate(rules)},
            **info, "n_records_in_duplicate_clusters": n_clustered}


def task_buckets(n_rows: int, memory: int, parallelism: int) -> int:
    """Buckets for ``n_rows`` rows when one task may hold ``memory`` bytes.

    A list that fits one task is scored whole (as out of core scores a list that fits
    one bucket); a larger one is cut into at least twice the parallelism.

    Examples
    --------
    >>> task_buckets(1_000_000, 4 * 2**30, 2), task_buckets(10_000_000, 4 * 2**30, 2)
    (1, 9)
    """
    needed = math.ceil(n_rows * SCORE_BYTES_PER_ROW / memory)
    return 1 if needed <= 1 else max(2 * parallelism, needed)


def rows_per_task(memory: int) -> int:
    """The most rows of a list scored whole by a task that may hold ``memory`` bytes
    (where :func:`task_buckets` gives one bucket).

    Examples
    --------
    >>> memory = 4 * 2**30
    >>> task_buckets(rows_per_task(memory), memory, 2), task_buckets(rows_per_task(memory) + 1, memory, 2)
    (1, 4)
    """
    return memory // SCORE_BYTES_PER_ROW


def _listed(pairs: Any, model: Model, pairs_floor: float) -> Any:
    """Merged pairs, pairs at or above ``pairs_floor`` and pairs for review, once each."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    threshold_weight, _ = cluster_bounds(model)
    floor = floor_weight(pairs_floor)
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
