"""sidalih on Apache Spark: the national list on a cluster, with the same results.

``pip install 'sidalih[spark]'`` (Spark 4 needs Java 17 or 21). Then::

    import sidalih.spark
    result = sidalih.spark.deduplicate(spark_df, model=sidalih.Model.load("model.json"))
    result.clusters.write.parquet("clusters")   # id, cluster_id

Blocking and scoring run inside Spark tasks with the same numba kernels and the same
model as :func:`sidalih.deduplicate`, and give the same clusters on the same data.
Tasks compile the kernels once per worker process and cache them: set a writable
``NUMBA_CACHE_DIR`` for the executors (for example ``spark.executorEnv.NUMBA_CACHE_DIR``)
so later tasks and jobs load the compiled code instead of compiling again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings
from sidalih.engine._settings import PEMILU_2024

__all__ = ["deduplicate", "link", "SparkResult"]


def __getattr__(name: str) -> Any:
    if name == "SparkResult":
        from sidalih.spark._result import SparkResult

        return SparkResult
    raise AttributeError(name)


def deduplicate(
    voters: Any,
    *,
    model: Model | None = None,
    blocking_rules: Sequence[BlockingRule] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str = PEMILU_2024,
    max_block_size: int = 2_000,
    n_buckets: int | None = None,
    seed: int = 0,
    u_pairs: int = 1_000_000,
    train_rows: int = 500_000,
    pairs_floor: float = 0.5,
    split_rows: int = 50_000,
    task_memory: int | str = "4GiB",
) -> Any:
    """Deduplicate a Spark DataFrame; returns a result with Spark frames.

    ``model``: a trained :class:`sidalih.Model` (recommended: train once, save, reuse);
    without one a model is trained on the driver on whole districts (about
    ``train_rows`` rows). ``task_memory``: what one scoring task may hold. A list that
    fits (about 1.2M records at the default 4 GiB, as out of core's ``memory_limit``)
    is run whole in one task, as out of core runs a list that fits one bucket: every
    rule scored at once, and only the pairs that can bind a cluster sent on. A larger
    list is cut into ``n_buckets`` groups of blocks, one task each (default: enough
    for ``task_memory``, at least twice the parallelism; ``n_buckets=1`` runs any list
    whole). A block over the bound is spread over tasks by its first refinement key; a
    sub-block still larger than ``split_rows`` rows goes, whole, to several tasks, each
    scoring the pairs whose first row falls to it (left-side salting; each pair once).
    Row order (partition order) breaks ties as input order does in memory. Other
    options as :func:`sidalih.deduplicate`.
    """
    from sidalih.spark._run import run

    settings = Settings.given(blocking_rules=blocking_rules, threshold=threshold, schema=schema,
                              election_date=election_date,
                              max_block_size=max_block_size, seed=seed, u_pairs=u_pairs,
                              pairs_floor=pairs_floor)
    return run([voters], settings, model=model, n_buckets=n_buckets, train_rows=train_rows,
               split_rows=split_rows, task_memory=task_memory)


def link(
    left: Any,
    right: Any,
    *,
    model: Model | None = None,
    blocking_rules: Sequence[BlockingRule] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str = PEMILU_2024,
    max_block_size: int = 2_000,
    n_buckets: int | None = None,
    seed: int = 0,
    u_pairs: int = 1_000_000,
    train_rows: int = 500_000,
    pairs_floor: float = 0.5,
    split_rows: int = 50_000,
    task_memory: int | str = "4GiB",
) -> Any:
    """Link two Spark DataFrames (pairs across them only); see :func:`deduplicate`."""
    from sidalih.spark._run import run

    settings = Settings.given(blocking_rules=blocking_rules, threshold=threshold, schema=schema,
                              election_date=election_date,
                              max_block_size=max_block_size, seed=seed, u_pairs=u_pairs,
                              pairs_floor=pairs_floor)
    return run([left, right], settings, model=model, n_buckets=n_buckets, train_rows=train_rows,
               split_rows=split_rows, task_memory=task_memory)
