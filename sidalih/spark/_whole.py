"""A list that fits one task, run whole on Spark: the out-of-core steps for one bucket.

Out of core runs a list that fits one bucket in one pass (:func:`sidalih.scale.score_whole`):
the rules are blocked together, each column is encoded once, and a cannot-link pair is
kept only when both its rows are in some merged pair. Cut into buckets, the list would
instead send every cannot-link pair of every bucket on (11M of them at 1M records,
where the whole list keeps 38,000 pairs), and shuffle every rule group apart.

So one Spark task takes the rows of every list, in partition order, and does what out of
core does with them: number and prepare each list (polars uses every core of the task),
void each list's placeholder NIKs, attach the name frequencies, score every rule (no
rule's key hash per row: the blocking report counts the big blocks, as out of core's
:func:`~sidalih.scale.score_list`), cluster, and name the listed pairs (ids for row numbers: the task holds
every id, where Spark would join the pairs with a million ids). It returns one narrow row
per input row (id, cluster id) and, in a few more rows, Arrow IPC of the named pairs, each
rule's number of big blocks and the run's counts: they go to the driver, and a wide pair schema on
a million rows would cost the JVM more than the scoring.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.engine import prepare_records
from sidalih.engine._judgement import ALWAYS_LISTED
from sidalih.engine._score import cluster_bounds
from sidalih.engine._tf import smoothed_tf
from sidalih.prepare import placeholder_niks, void_niks
from sidalih.scale._batch import BatchPlan, pair_schema, score_list, unique_pairs
from sidalih.scale._clusters import cluster_id_frame, cluster_rows
from sidalih.scale._keys import ROW, SIDE, attach_frequencies, frequency_tables
from sidalih.scale._local import has_id_column
from sidalih.scale._output import name_pairs, row_keys
from sidalih.scale._passes import scoring_columns
from sidalih.spark._arrow import conform, spark_schema, to_arrow

__all__ = ["WholeList", "WholeRun", "floor_weight", "score_whole_list", "warm_worker"]

_IPC = "__ipc"  # Arrow IPC of what goes to the driver: named pairs, counts
_PART = b"sidalih_part"  # which of those a blob holds (in its schema's metadata)
_IPC_ROWS = 200_000  # pairs per IPC row (a binary value stays far below 2 GiB)


def floor_weight(pairs_floor: float) -> float:
    """The match weight of probability ``pairs_floor``: pairs at or above it are listed.

    Examples
    --------
    >>> floor_weight(0.5), floor_weight(0.0), floor_weight(1.0)
    (0.0, -inf, inf)
    """
    if 0 < pairs_floor < 1:
        return float(np.log2(pairs_floor / (1 - pairs_floor)))
    return -np.inf if pairs_floor == 0 else np.inf


@dataclass(frozen=True)
class WholeList:
    """What the task needs besides the rows: each list's columns and the fixed schema."""

    plan: BatchPlan
    schema_name: str | None
    election_date: Any
    columns: tuple[tuple[str, ...], ...]  # each list's own columns
    prepared_schema: dict[str, pl.DataType]
    max_rows: int | None = None  # more rows than this: the task stops (None: no bound)

    @property
    def linkage(self) -> bool:
        return len(self.columns) == 2

    def output_schema(self) -> dict[str, pl.DataType]:
        """A row's id (and list) and cluster id; or, in a few rows, an IPC blob."""
        ids = self.prepared_schema["id"]
        if self.linkage:
            return {"id": ids, "source": pl.String(), "cluster_id": pl.String(),
                    _IPC: pl.Binary()}
        return {"id": ids, "cluster_id": ids, _IPC: pl.Binary()}

    def named_schema(self) -> dict[str, pl.DataType]:
        """The named pairs' columns as the task sends them (no ``match_probability``)."""
        ids = pl.DataFrame(schema={ROW: pl.Int64(), "id": self.prepared_schema["id"]})
        return dict(_named(pl.DataFrame(schema=pair_schema(self.plan)), ids,
                           pl.DataFrame(schema={"row": pl.Int64, "label": pl.Int64}),
                           self.plan).schema)


@dataclass(frozen=True)
class WholeRun:
    """What the task gave back: clusters and named pairs as Spark frames, and counts."""

    clusters: Any  # id [source] cluster_id, in row order
    pairs: Any  # the named pairs, every pair column but match_probability
    n_big: dict[int, int]  # each rule's number of big blocks
    n_records: int
    n_clustered: int  # rows in duplicate clusters


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


def _received(batches: Iterator[pa.RecordBatch], max_rows: int | None
              ) -> list[pa.RecordBatch] | None:
    """Every batch of the task's input; None as soon as there are more than ``max_rows``
    rows (the rest is left unread: the driver cuts such a list into buckets)."""
    held: list[pa.RecordBatch] = []
    n = 0
    for batch in batches:
        n += batch.num_rows
        if max_rows is not None and n > max_rows:
            return None
        held.append(batch)
    return held


def _prepared(held: list[pa.RecordBatch], whole: WholeList) -> pl.DataFrame | None:
    """Every row received, numbered in partition order and prepared; None: no rows."""
    if not held:
        return None
    raw = pl.from_arrow(pa.Table.from_batches(held))
    assert isinstance(raw, pl.DataFrame)
    del held
    # the rows arrive in partition order, the left list's first: as zipWithIndex numbers them
    raw = raw.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW))
    return pl.concat([_prepare_side(part, whole, side) for (side,), part
                      in sorted(raw.partition_by(SIDE, as_dict=True).items())])


def _scored(frame: pl.DataFrame, plan: BatchPlan) -> tuple[pl.DataFrame, dict[int, int]]:
    """The name frequencies attached, every rule scored; each rule's number of big blocks.

    As out of core scores a list that fits one bucket (:func:`~sidalih.scale.score_list`):
    no rule's key hash is added (about 2 s at 1M), and no rule's big blocks are found
    from them (as many again); the run reports only how many there are.
    """
    tables = [frequency_tables(frame.lazy(), c.tf_column, smoothed=smoothed_tf(c))
              for c in plan.model.comparisons if c.tf_column and c.tf_column in frame.columns]
    columns = scoring_columns(plan.rules, plan.model, frame.columns, len(plan.rules) - 1)
    return score_list(attach_frequencies(frame.select(columns), tables), plan)


def _whole_batches(batches: Iterator[pa.RecordBatch], whole: WholeList
                   ) -> Iterator[pa.RecordBatch]:
    held = _received(batches, whole.max_rows)
    if held is None:  # more rows than one task holds: nothing but that, for the driver
        over = pl.DataFrame({"max_rows": [whole.max_rows]}, schema={"max_rows": pl.Int64()})
        yield from _blob_rows([_ipc(over, "over")], whole)
        return
    frame = _prepared(held, whole)
    del held
    if frame is None:
        return
    pairs, n_big = _scored(frame, whole.plan)
    ids = frame.select(ROW, "id", SIDE)
    n_records = frame.height
    del frame
    clustered = cluster_rows(pairs.lazy(), whole.plan.model)
    clusters = cluster_id_frame(row_keys(ids, whole.linkage), clustered).collect()
    yield from to_arrow(conform(clusters, whole.output_schema())).to_batches()
    named = _named(pairs, ids, clustered, whole.plan)
    yield from _blob_rows(_blobs(named, n_big, n_records, clustered.height), whole)


def _blobs(named: pl.DataFrame, n_big: dict[int, int], n_records: int,
           n_clustered: int) -> list[bytes]:
    """What the driver needs, as IPC: the named pairs (in slices), each rule's number of
    big blocks, the counts of the run."""
    blobs = [_ipc(named.slice(k, _IPC_ROWS), "pairs")
             for k in range(0, max(named.height, 1), _IPC_ROWS)]
    big = pl.DataFrame({"rule": list(n_big), "n": list(n_big.values())},
                       schema={"rule": pl.Int64(), "n": pl.Int64()})
    counts = pl.DataFrame({"n_records": [n_records], "n_clustered": [n_clustered]},
                          schema={"n_records": pl.Int64(), "n_clustered": pl.Int64()})
    return [*blobs, _ipc(big, "big"), _ipc(counts, "counts")]


def _blob_rows(blobs: list[bytes], whole: WholeList) -> Iterator[pa.RecordBatch]:
    """Rows of the task's output holding ``blobs`` (the row columns null)."""
    yield from to_arrow(conform(pl.DataFrame({_IPC: blobs}), whole.output_schema())).to_batches()


def _named(pairs: pl.DataFrame, ids: pl.DataFrame, clustered: pl.DataFrame,
           plan: BatchPlan) -> pl.DataFrame:
    """The pairs a result lists (merged, at or above the floor, for review), once each
    (the first rule's), named as out of core names them."""
    threshold_weight, _ = cluster_bounds(plan.model)
    keep = ((pl.col("cluster_weight") >= threshold_weight)
            | (pl.col("match_weight") >= floor_weight(plan.keep_probability))
            | pl.col("verdict").is_in([int(v) for v in ALWAYS_LISTED]))
    return name_pairs(unique_pairs(pairs.filter(keep)), ids, clustered, plan.model,
                      [r.name for r in plan.rules])


def _ipc(frame: pl.DataFrame, part: str) -> bytes:
    """``frame`` as an Arrow IPC stream whose schema names the ``part`` it holds."""
    table = to_arrow(frame)
    table = table.replace_schema_metadata({_PART: part.encode()})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _parts(blobs: list[bytes]) -> dict[str, pa.Table]:
    """The IPC blobs read back, concatenated by the part each holds."""
    tables: dict[str, list[pa.Table]] = {}
    for blob in blobs:
        table = pa.ipc.open_stream(blob).read_all()
        part = (table.schema.metadata or {})[_PART].decode()
        tables.setdefault(part, []).append(table.replace_schema_metadata(None))
    return {part: pa.concat_tables(held) for part, held in tables.items()}


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


def score_whole_list(frames: list[Any], whole: WholeList) -> WholeRun | None:
    """Run the lists whole in one task; None where they hold more than ``whole.max_rows``.

    The task's output is kept by Spark (a local checkpoint: rows, not the columnar
    cache, which would encode a million rows read once more, by the clusters' write).
    """
    from pyspark.sql import functions as F

    rows = None
    for side, frame in enumerate(frames):
        tagged = frame.withColumn(SIDE, F.lit(side).cast("byte"))
        rows = tagged if rows is None else rows.unionByName(tagged, allowMissingColumns=True)
    assert rows is not None
    # one partition without a shuffle: the task reads every partition in order
    out = rows.coalesce(1).mapInArrow(lambda batches: _whole_batches(batches, whole),
                                      spark_schema(whole.output_schema()))
    out = out.localCheckpoint()
    blobs = out.where(F.col(_IPC).isNotNull()).select(_IPC).toArrow().column(_IPC).to_pylist()
    parts = _parts(blobs)
    if "over" in parts:
        return None
    # no part at all: the lists had no rows
    named = parts.get("pairs", to_arrow(pl.DataFrame(schema=whole.named_schema())))
    pairs = rows.sparkSession.createDataFrame(named, schema=spark_schema(whole.named_schema()))
    counts = parts["counts"].to_pylist()[0] if "counts" in parts else {}
    n_big = {int(row["rule"]): int(row["n"]) for row in parts["big"].to_pylist()} \
        if "big" in parts else {}
    return WholeRun(out.where(F.col(_IPC).isNull()).drop(_IPC), pairs,
                    {u: n_big.get(u, 0) for u in range(len(whole.plan.rules))},
                    int(counts.get("n_records", 0)), int(counts.get("n_clustered", 0)))
