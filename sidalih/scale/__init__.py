"""National scale: the engine cut into pieces that each fit in memory.

:func:`deduplicate_parquet` and :func:`link_parquet` run a Parquet list of any size on
one machine with memory set by a parameter; :mod:`sidalih.spark` runs the same pieces as
Spark tasks. Both call :func:`score_batch`, a pure function from a batch of whole
blocks to scored pairs, with the model trained once and shipped as data.
"""

from __future__ import annotations

from sidalih.scale._batch import (
    BatchPlan,
    pair_schema,
    plan_rules,
    score_batch,
    score_whole,
    unique_pairs,
)
from sidalih.scale._clusters import cluster_id_frame, cluster_rows
from sidalih.scale._keys import add_rule_hashes, attach_frequency, big_hashes, frequency_tables
from sidalih.scale._local import deduplicate_parquet, link_parquet, parse_memory
from sidalih.scale._output import PartitionedResult

__all__ = [
    "BatchPlan",
    "PartitionedResult",
    "add_rule_hashes",
    "attach_frequency",
    "big_hashes",
    "cluster_id_frame",
    "cluster_rows",
    "deduplicate_parquet",
    "frequency_tables",
    "link_parquet",
    "pair_schema",
    "parse_memory",
    "plan_rules",
    "score_batch",
    "score_whole",
    "unique_pairs",
]
