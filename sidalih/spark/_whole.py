"""A list that fits one task, run whole on Spark: the out-of-core steps for one bucket.

Out of core runs a list that fits one bucket in one pass (:func:`sidalih.scale.score_whole`):
the rules are blocked together, each column is encoded once, and a cannot-link pair is
kept only when both its rows are in some merged pair. Cut into buckets, the list would
instead send every cannot-link pair of every bucket on (11M of them at 1M records,
where the whole list keeps 38,000 pairs), and shuffle every rule group apart.

So one Spark task takes the rows of every list, in partition order, and does what out of
core does with them: number and prepare each list (polars uses every core of the task),
void each list's placeholder NIKs, hash the rules' keys, attach the name frequencies,
score every rule and cluster. It returns one narrow row per input row (row number, id,
cluster id, label) and, in a few more rows, the kept pairs and each rule's big blocks as
Arrow IPC: they go to the driver, and a wide pair schema on a million rows would cost
the JVM more than the scoring.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.engine import prepare_records
from sidalih.engine._tf import smoothed_tf
from sidalih.prepare import placeholder_niks, void_niks
from sidalih.scale._batch import BatchPlan, pair_schema, score_whole
from sidalih.scale._clusters import cluster_id_frame, cluster_rows
from sidalih.scale._keys import (
    ROW,
    SIDE,
    add_rule_hashes,
    attach_frequencies,
    frequency_tables,
)
from sidalih.scale._local import has_id_column
from sidalih.scale._passes import scoring_columns
from sidalih.spark._arrow import conform, spark_schema, to_arrow

__all__ = ["WholeList", "score_whole_list", "warm_worker"]

_BIG = "__big"  # a big block's key hash (``rule`` holds the rule) among the pairs
_LABEL = "__label"  # a row's cluster label (its cluster's smallest row; null: alone)
_IPC = "__ipc"  # Arrow IPC of the kept pairs and big blocks
_IPC_ROWS = 200_000  # pairs per IPC row (a binary value stays far below 2 GiB)


@dataclass(frozen=True)
class WholeList:
    """What the task needs besides the rows: each list's columns and the fixed schema."""

    plan: BatchPlan
    schema_name: str | None
    election_date: Any
    columns: tuple[tuple[str, ...], ...]  # each list's own columns
    prepared_schema: dict[str, pl.DataType]

    def pairs_schema(self) -> dict[str, pl.DataType]:
        return {**pair_schema(self.plan), _BIG: pl.Int64()}

    def output_schema(self) -> dict[str, pl.DataType]:
        ids = self.prepared_schema["id"]
        cluster = pl.String() if len(self.columns) == 2 else ids
        return {ROW: pl.Int64(), "id": ids, SIDE: pl.Int8(), "cluster_id": cluster,
                _LABEL: pl.Int64(), _IPC: pl.Binary()}


def _prepare_side(raw: pl.DataFrame, whole: WholeList, side: int) -> pl.DataFrame:
    """One list prepared as out of core prepares it, its placeholder NIKs voided."""
    rows = raw[ROW]
    raw = raw.select(whole.columns[side])
    if not has_id_column(raw.columns, whole.schema_name):
        raw = raw.with_columns((rows - rows.min()).alias("id"))  # its position in its list
    prepared = prepare_records(raw, schema=whole.schema_name,
                               reference_date=whole.election_date)
    prepared = prepared.with_columns(rows.alias(ROW), pl.lit(side, pl.Int8).alias(SIDE))
    # the list's own placeholder NIKs, counted over all of it (as link() counts them)
    if "nik_placeholder" in prepared.columns:
        prepared = void_niks(prepared, placeholder_niks(prepared))
    return conform(prepared, whole.prepared_schema)


def _whole_batches(batches: Iterator[pa.RecordBatch], whole: WholeList
                   ) -> Iterator[pa.RecordBatch]:
    held = list(batches)
    if not held:
        return
    raw = pl.from_arrow(pa.Table.from_batches(held))
    assert isinstance(raw, pl.DataFrame)
    del held
    # the rows arrive in partition order, the left list's first: as zipWithIndex numbers them
    raw = raw.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW))
    plan = whole.plan
    frame = pl.concat([_prepare_side(part, whole, side) for (side,), part
                       in sorted(raw.partition_by(SIDE, as_dict=True).items())])
    del raw
    frame = add_rule_hashes(frame, plan.rules)
    tables = [frequency_tables(frame.lazy(), c.tf_column, smoothed=smoothed_tf(c))
              for c in plan.model.comparisons if c.tf_column and c.tf_column in frame.columns]
    columns = scoring_columns(plan.rules, plan.model, frame.columns, len(plan.rules) - 1)
    batch = attach_frequencies(frame.select(columns), tables)
    pairs, big = score_whole(batch, plan)
    del batch
    schema = whole.output_schema()
    yield from to_arrow(conform(_row_clusters(frame, pairs, whole), schema)).to_batches()
    blocks = pl.DataFrame({"rule": [u for u, v in big.items() for _ in range(v.size)],
                           _BIG: [int(h) for v in big.values() for h in v]},
                          schema={"rule": pl.Int8(), _BIG: pl.Int64()})
    kept = pl.concat([pairs, blocks], how="diagonal_relaxed")
    blobs = [_ipc(conform(kept.slice(k, _IPC_ROWS), whole.pairs_schema()))
             for k in range(0, max(kept.height, 1), _IPC_ROWS)]
    yield from to_arrow(conform(pl.DataFrame({_IPC: blobs}), schema)).to_batches()


def _ipc(frame: pl.DataFrame) -> bytes:
    sink = io.BytesIO()
    frame.write_ipc(sink)
    return sink.getvalue()


def _row_clusters(frame: pl.DataFrame, pairs: pl.DataFrame, whole: WholeList) -> pl.DataFrame:
    """Each row's id and cluster id (as out of core writes them) and its label."""
    clustered = cluster_rows(pairs.lazy(), whole.plan.model)
    ids = frame.select(ROW, "id", SIDE)
    keyed = ids.select(ROW, "id")
    if len(whole.columns) == 2:
        keyed = ids.select(ROW, "id", pl.when(pl.col(SIDE) == 0).then(pl.lit("l"))
                           .otherwise(pl.lit("r")).alias("source"))
    clusters = cluster_id_frame(keyed.lazy(), clustered).collect()
    labels = ids.join(clustered.rename({"row": ROW, "label": _LABEL}), on=ROW, how="left",
                      maintain_order="left")
    return labels.with_columns(clusters["cluster_id"])


def _imported(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    # importing this module (to unpickle this function) imported the engine
    yield from batches


def warm_worker(spark: Any) -> Any:
    """Start a Python worker that imports the engine, while the driver plans the run.

    A worker process is reused by the next task (``spark.python.worker.reuse``, on by
    default), so the task that runs the list whole starts with the engine imported
    (about 2 s on a loaded 2-core machine) instead of importing it first. Returns the
    thread running the one-row job.
    """
    import threading

    def job() -> None:
        # a worker that cannot import the engine fails the run's own task, with its error
        with contextlib.suppress(Exception):
            spark.range(0, 1, 1, 1).mapInArrow(_imported, "id long").collect()

    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    return thread


def score_whole_list(frames: list[Any], whole: WholeList
                     ) -> tuple[Any, Any, pl.DataFrame, dict[int, np.ndarray]]:
    """Run the lists whole in one task.

    Returns the kept pairs and the rows (``__row``, ``id``, ``__side``, ``cluster_id``)
    as Spark frames, the labels of the rows in duplicate clusters (``row``, ``label``)
    and every rule's big blocks.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    rows = None
    for side, frame in enumerate(frames):
        tagged = frame.withColumn(SIDE, F.lit(side).cast("byte"))
        rows = tagged if rows is None else rows.unionByName(tagged, allowMissingColumns=True)
    assert rows is not None
    # one partition without a shuffle: the task reads every partition in order
    out = rows.coalesce(1).mapInArrow(lambda batches: _whole_batches(batches, whole),
                                      spark_schema(whole.output_schema()))
    out = out.persist(StorageLevel.MEMORY_AND_DISK)
    found = pl.from_arrow(out.where(F.col(_LABEL).isNotNull() | F.col(_IPC).isNotNull())
                          .select(ROW, _LABEL, _IPC).toArrow())
    assert isinstance(found, pl.DataFrame)
    kept = pl.concat([pl.read_ipc(io.BytesIO(b)) for b in found[_IPC].drop_nulls()]
                     or [pl.DataFrame(schema=whole.pairs_schema())])
    big = {u: np.sort(kept.filter(pl.col("rule") == u)[_BIG].drop_nulls().to_numpy()
                      .astype(np.int64)) for u in range(len(whole.plan.rules))}
    pairs_schema = pair_schema(whole.plan)
    pairs = kept.filter(pl.col(_BIG).is_null()).select(list(pairs_schema))
    spark = rows.sparkSession
    pairs_frame = spark.createDataFrame(to_arrow(pairs), schema=spark_schema(pairs_schema))
    labels = (found.filter(pl.col(_LABEL).is_not_null())
              .select(pl.col(ROW).alias("row"), pl.col(_LABEL).alias("label")))
    ids = out.where(F.col(ROW).isNotNull()).select(ROW, "id", SIDE, "cluster_id")
    return pairs_frame, ids, labels, big
