"""What a partitioned run writes (clusters, pairs, model) and the result it gives back.

The pairs are written with the columns of every result kind
(:mod:`sidalih.engine._summary`): ids for row numbers, names for verdict and rule
codes, ``matched`` from the clusters, and the reasons the batches wrote.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model
from sidalih.engine._judgement import ALWAYS_LISTED, VERDICTS
from sidalih.engine._score import cluster_bounds
from sidalih.engine._summary import Summary, model_facts, pair_columns, summary_from_sizes
from sidalih.scale._batch import unique_pairs
from sidalih.scale._clusters import cluster_id_frame, cluster_rows
from sidalih.scale._keys import ROW, SIDE

__all__ = ["PartitionedResult", "finish", "name_pairs", "row_keys"]


@dataclass
class PartitionedResult:
    """What a partitioned run wrote, and views of it (the result protocol of
    :mod:`sidalih.engine._summary`, as :class:`sidalih.Result` has it).

    ``clusters`` (``id``, ``cluster_id``: every input id once), ``pairs`` (merged,
    listed and for-review pairs (as :attr:`sidalih.Result.pairs`): ids, weight, probability, ``matched``, verdict, rule, the
    levels and the reasons), the ``model`` and ``summary()``, read from ``directory``;
    ``info`` holds what the run recorded (buckets, big blocks, timings).
    """

    directory: Path
    model: Model
    info: dict[str, Any]

    @property
    def clusters(self) -> pl.DataFrame:
        return pl.read_parquet(self.directory / "clusters.parquet")

    @property
    def pairs(self) -> pl.DataFrame:
        return pl.read_parquet(self.directory / "pairs.parquet")

    def scan_clusters(self) -> pl.LazyFrame:
        return pl.scan_parquet(self.directory / "clusters.parquet")

    def summary(self) -> Summary:
        """Counts of the run, from its files (see :class:`~sidalih.Summary`)."""
        sizes = (self.scan_clusters().group_by("cluster_id").len()
                 .group_by("len").agg(pl.len().alias("clusters")).rename({"len": "size"})
                 .collect())
        # one pass over the pairs: per verdict, how many and how many matched
        verdicts = (pl.scan_parquet(self.directory / "pairs.parquet").group_by("verdict")
                    .agg(pl.len().alias("n"), pl.col("matched").sum().alias("matched"))
                    .collect())
        counts = {str(v): int(n) for v, n, _ in verdicts.iter_rows()}
        return summary_from_sizes(
            n_records=int(self.info["n_records"]), cluster_sizes=sizes, verdicts=counts,
            n_matched_pairs=int(verdicts["matched"].sum()),
            n_review_pairs=counts.get("nik_clash", 0),
            model=model_facts(self.model, trained_here=bool(self.info.get("trained"))),
            timings=self.info.get("timings", {}), blocking=self.info.get("big_blocks"))


def finish(prepared: pl.LazyFrame, pairs_dir: Path, out_dir: Path, model: Model,
            rules: list[BlockingRule], settings: Any, *, n_rows: int, n_buckets: int,
            big: dict[int, int], linkage: bool,
            cannot_dir: Path | None = None) -> dict[str, Any]:
    """Cluster the pairs of ``pairs_dir`` (and the cannot-link-only pairs of ``cannot_dir``)
    and write the run's files into ``out_dir``; returns the run's counts. ``big``: each
    rule's number of big blocks, by rule index."""
    pairs = pl.scan_parquet(pairs_dir / "*.parquet") if any(pairs_dir.iterdir()) else None
    cannot = (pl.scan_parquet(cannot_dir / "*.parquet")
              if cannot_dir is not None and any(cannot_dir.iterdir()) else None)
    clustered = (cluster_rows(pairs, model, cannot=cannot) if pairs is not None
                 else pl.DataFrame(schema={"row": pl.Int64, "label": pl.Int64}))
    # read once for the clusters and the pairs (a lazy frame would scan and sort twice)
    ids = prepared.select(ROW, "id", SIDE).collect(engine="streaming")
    if not ids[ROW].is_sorted():
        ids = ids.sort(ROW)
    clusters = cluster_id_frame(row_keys(ids, linkage), clustered)
    clusters.sink_parquet(out_dir / "clusters.parquet")
    n_listed = _write_pairs(pairs, ids, clustered, out_dir, model, rules, settings)
    if model.fitted:  # a list too small to pair trains no model
        model.save(out_dir / "model.json")
    return {
        "n_records": n_rows,
        "n_records_in_duplicate_clusters": clustered.height,
        "n_duplicate_clusters": int(clustered["label"].n_unique()) if clustered.height else 0,
        "n_pairs_listed": n_listed,
        "n_buckets": n_buckets,
        "memory_limit": settings.memory,
        "big_blocks": {r.name: int(big[u]) for u, r in enumerate(rules)},
    }


def row_keys(ids: pl.DataFrame, linkage: bool) -> pl.LazyFrame:
    """``__row``, ``id`` and, linking, ``source`` (``"l"``/``"r"`` from ``__side``): what
    :func:`~sidalih.scale._clusters.cluster_id_frame` names clusters by."""
    if not linkage:
        return ids.lazy().select(ROW, "id")
    return ids.lazy().select(ROW, "id", pl.when(pl.col(SIDE) == 0).then(pl.lit("l"))
                             .otherwise(pl.lit("r")).alias("source"))


def _with_ids(listed: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    """``id_l`` and ``id_r`` beside the pairs' row numbers (``ids``: ``__row``, ``id``,
    sorted by row).

    The rows of a run are numbered 0..n-1, so a row's id is found at its number: two
    gathers, where joins would hash every id of the list for a few pairs per hundred.

    Examples
    --------
    >>> ids = pl.DataFrame({"__row": [0, 1, 2], "id": ["a", "b", "c"]})
    >>> _with_ids(pl.DataFrame({"row_l": [0, 1], "row_r": [2, 2]}), ids).rows()
    [(0, 2, 'a', 'c'), (1, 2, 'b', 'c')]
    """
    rows = ids[ROW]
    if ids.height and rows[0] == 0 and rows[-1] == ids.height - 1 and rows.is_sorted():
        # sorted, unique (each row numbered once) and from 0 to n-1: row r at position r
        column = ids["id"]
        return listed.with_columns(id_l=column.gather(listed["row_l"]),
                                   id_r=column.gather(listed["row_r"]))
    id_map = ids.select(ROW, "id")
    return (listed.join(id_map.rename({ROW: "row_l", "id": "id_l"}), on="row_l", how="left")
            .join(id_map.rename({ROW: "row_r", "id": "id_r"}), on="row_r", how="left"))


def _write_pairs(pairs: pl.LazyFrame | None, ids: pl.DataFrame, clustered: pl.DataFrame,
                 out_dir: Path, model: Model, rules: list[BlockingRule],
                 settings: Any) -> int:
    threshold_weight, _ = cluster_bounds(model)
    floor = settings.pairs_floor
    floor_weight = math.log2(floor / (1 - floor)) if 0 < floor < 1 else -math.inf
    names = [r.name for r in rules]
    if pairs is None:
        _empty_pairs(ids, model).write_parquet(out_dir / "pairs.parquet")
        return 0
    listed = unique_pairs(pairs.filter((pl.col("cluster_weight") >= threshold_weight)
                                       | (pl.col("match_weight") >= floor_weight)
                                       | pl.col("verdict").is_in(list(ALWAYS_LISTED)))
                          .collect(engine="streaming"))
    out = (name_pairs(listed, ids, clustered, model, names)
           .with_columns((1.0 / (1.0 + (2.0 ** -pl.col("match_weight").clip(-500, 500))))
                         .alias("match_probability"))
           .select(pair_columns(model.comparisons)))
    out.write_parquet(out_dir / "pairs.parquet")
    return out.height


def name_pairs(listed: pl.DataFrame, ids: pl.DataFrame, clustered: pl.DataFrame,
               model: Model, rule_names: list[str]) -> pl.DataFrame:
    """Listed pairs (one row per pair) as a result shows them, sorted by their rows: ids
    for row numbers (``ids``: ``__row``, ``id``, sorted by row), ``matched`` from the
    clusters, names for verdict and rule codes, ``level_`` columns; every pair column
    but ``match_probability``, which each caller computes as it always has (Spark's
    ``pow`` and polars' may differ in the last bit)."""
    labels = clustered.rename({"row": ROW})
    verdicts = [str(v) for v in VERDICTS]
    return (_with_ids(listed, ids)
            .join(labels.rename({ROW: "row_l", "label": "label_l"}), on="row_l", how="left")
            .join(labels.rename({ROW: "row_r", "label": "label_r"}), on="row_r", how="left")
            .with_columns(
                (pl.col("label_l") == pl.col("label_r")).fill_null(False).alias("matched"),
                _named(pl.col("verdict"), verdicts), _named(pl.col("rule"), rule_names))
            .rename({c.name: f"level_{c.name}" for c in model.comparisons})
            .sort("row_l", "row_r")
            .select(c for c in pair_columns(model.comparisons) if c != "match_probability"))


def _empty_pairs(ids: pl.DataFrame, model: Model) -> pl.DataFrame:
    id_type = ids.schema["id"]
    schema: dict[str, Any] = {"id_l": id_type, "id_r": id_type, "match_weight": pl.Float64,
                              "match_probability": pl.Float64, "matched": pl.Boolean,
                              "verdict": pl.String, "rule": pl.String}
    schema.update({f"level_{c.name}": pl.Int8 for c in model.comparisons})
    schema["reasons"] = pl.String
    return pl.DataFrame(schema=schema)


def _named(codes: pl.Expr, names: list[str]) -> pl.Expr:
    """Codes 0..n-1 as their names, in one vectorised lookup (not a Python call per pair)."""
    return codes.cast(pl.Int64).replace_strict(list(range(len(names))), names,
                                               return_dtype=pl.String)
