"""Duplicate findings from the engine's result, when one is given.

``result`` is anything with a ``clusters`` frame (``id``, ``cluster_id``; pandas or
polars), such as the result of :func:`sidalih.deduplicate`, or that frame itself.
Every row of a cluster with more than one row gets a ``duplicate`` finding; the first
row of the cluster in input order is kept and the others get TMS "double". The detail
names the cluster and the kept id with runs of 12 or more digits masked.
Ids of the result absent from the voter list, or repeated, are counted in the
report's notes.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sidalih._frames import frame_to_polars
from sidalih.errors import ColumnNotFoundError, InputTypeError
from sidalih.quality._base import Context, emit
from sidalih.quality._messages import masked_digits

__all__ = ["run"]


def _clusters(result: Any) -> pl.DataFrame:
    clusters = getattr(result, "clusters", result)
    try:
        frame, _ = frame_to_polars(clusters)
    except InputTypeError as exc:
        raise InputTypeError(
            "result must be the engine's result (with a .clusters frame) or a frame with "
            f"columns 'id' and 'cluster_id'; got {type(result).__name__}"
        ) from exc
    absent = [c for c in ("id", "cluster_id") if c not in frame.columns]
    if absent:
        raise ColumnNotFoundError(
            "result.clusters lacks columns", problems=[f"column {c!r} not found" for c in absent]
        )
    return frame.select("id", "cluster_id")


def _unique_ids(clusters: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    unique = clusters.unique(subset="id", keep="first", maintain_order=True)
    if unique.height < clusters.height:
        notes.append(
            f"{clusters.height - unique.height} rows of result.clusters repeat an id; "
            "the first cluster of each id was used"
        )
    return unique


def run(work: pl.DataFrame, ctx: Context, result: Any) -> tuple[list[pl.LazyFrame], list[str]]:
    """The ``duplicate`` findings and notes (unmatched ids)."""
    if result is None or not ctx.wants("duplicate"):
        return [], []
    notes: list[str] = []
    clusters = _unique_ids(_clusters(result), notes)
    clusters = clusters.with_columns(pl.col("id").cast(work["id"].dtype, strict=False))
    rows = work.select("_row", "id", "_kode_desa").join(clusters, on="id", how="inner")
    unmatched = clusters.height - rows.height
    if unmatched:
        notes.append(f"{unmatched} cluster rows of the result name ids absent from the list")
    first = pl.col("id").sort_by("_row").first()
    rows = rows.with_columns(
        pl.len().over("cluster_id").alias("_n"), first.over("cluster_id").alias("_kept")
    ).filter(pl.col("_n") > 1)
    # a cluster is named by its smallest id (sidalih.deduplicate), and ids are often NIKs
    values = {"cluster": masked_digits(pl.col("cluster_id")), "n": pl.col("_n"),
              "kept": masked_digits(pl.col("_kept"))}
    found = emit(ctx, "duplicate", rows.lazy(), values, suggest=pl.col("id") != pl.col("_kept"))
    return [found], notes
