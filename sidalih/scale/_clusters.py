"""Clusters from the pairs a partitioned run kept, on one machine.

Matched pairs are a few per cent of the rows, so they are clustered in memory with the
same guarded union–find as the in-memory engine, over the rows that appear in a pair
only (a row in no matched pair is its own cluster). Cannot-link pairs matter only when
both rows fall in one connected component of the matched pairs; the rest are dropped
before clustering, which leaves the result unchanged (the guard keeps exactly those).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sidalih.cluster import cluster_pairs, connected_components
from sidalih.engine import Model
from sidalih.engine._score import certain_band, cluster_bounds, yielding_weight
from sidalih.scale._batch import unique_pairs

__all__ = ["cluster_rows", "cluster_id_frame"]


def _compact(nodes: np.ndarray, rows: np.ndarray) -> np.ndarray:
    return np.searchsorted(nodes, rows).astype(np.int64)


def cluster_rows(pairs: pl.LazyFrame, model: Model, *,
                 cannot: pl.LazyFrame | None = None) -> pl.DataFrame:
    """``row`` and ``label`` (smallest row of its cluster) for every row in a merged cluster.

    ``pairs`` holds the pair frames of :func:`sidalih.scale.score_batch` (any number of
    them, duplicates allowed); ``cannot``, more cannot-link pairs kept apart in the
    columns of :data:`sidalih.scale._batch.CANNOT_SCHEMA` (:func:`~sidalih.scale._batch.split_pairs`).

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.engine import Model
    >>> from sidalih.compare import exact
    >>> m = Model.untrained([exact("x")])
    >>> pairs = pl.LazyFrame({"row_l": [3, 5, 3], "row_r": [5, 9, 9], "rule": [0, 0, 1],
    ...                       "cluster_weight": [9.0, 9.0, -20.0]})
    >>> cluster_rows(pairs, m).sort("row").rows()
    [(3, 3), (5, 3)]
    """
    threshold_weight, forbid = cluster_bounds(model)
    columns = ["row_l", "row_r", "rule", "cluster_weight"]
    matched = unique_pairs(pairs.filter(pl.col("cluster_weight") >= threshold_weight)
                           .select(columns).collect(engine="streaming"))
    if matched.height == 0:
        return pl.DataFrame(schema={"row": pl.Int64, "label": pl.Int64})
    nodes = np.unique(np.concatenate([matched["row_l"].to_numpy(), matched["row_r"].to_numpy()]))
    m_left = _compact(nodes, matched["row_l"].to_numpy())
    m_right = _compact(nodes, matched["row_r"].to_numpy())
    component = connected_components(nodes.size, m_left, m_right)
    node_map = pl.LazyFrame({"row": nodes, "comp": nodes[component]})
    guards = pairs.select(columns)
    if cannot is not None:
        guards = pl.concat([guards, cannot.select(columns)])
    # the guard does not depend on the order of the pairs (see cluster_pairs)
    cannot_inside = unique_pairs(
        guards.filter(pl.col("cluster_weight") < forbid)
        .join(node_map.rename({"row": "row_l", "comp": "comp_l"}), on="row_l")
        .join(node_map.rename({"row": "row_r", "comp": "comp_r"}), on="row_r")
        .filter(pl.col("comp_l") == pl.col("comp_r")).select(columns)
        .collect(engine="streaming")
    )
    left = np.concatenate([m_left, _compact(nodes, cannot_inside["row_l"].to_numpy())])
    right = np.concatenate([m_right, _compact(nodes, cannot_inside["row_r"].to_numpy())])
    weight = np.concatenate([matched["cluster_weight"].to_numpy(),
                             cannot_inside["cluster_weight"].to_numpy()])
    labels = cluster_pairs(nodes.size, left, right, weight, threshold=threshold_weight,
                           forbid_below=forbid, yielding_from=yielding_weight(model),
                           yielding_to_certain=certain_band(model))
    out = pl.DataFrame({"row": nodes, "label": nodes[labels]})
    # rows left alone by the guard are singletons, as rows in no pair are
    sizes = pl.len().over("label")
    return out.filter(sizes > 1)


def cluster_id_frame(ids: pl.LazyFrame, clustered: pl.DataFrame) -> pl.LazyFrame:
    """``id`` (and ``source``), ``cluster_id``: the smallest key in the row's cluster.

    ``ids`` holds ``__row`` and ``id``, and for linkage ``source`` (``"l"``/``"r"``): the
    key is then ``"l:<id>"``/``"r:<id>"``, as :func:`sidalih.link` gives.

    Examples
    --------
    >>> import polars as pl
    >>> ids = pl.LazyFrame({"__row": [0, 1, 2], "id": ["c", "b", "a"]})
    >>> cluster_id_frame(ids, pl.DataFrame({"row": [0, 2], "label": [0, 0]})).collect().rows()
    [('c', 'a'), ('b', 'b'), ('a', 'a')]
    """
    linkage = "source" in ids.collect_schema().names()
    key = (pl.concat_str(pl.col("source"), pl.lit(":"), pl.col("id").cast(pl.String))
           if linkage else pl.col("id"))
    labelled = ids.with_columns(key.alias("__key")).join(
        clustered.lazy().rename({"row": "__row"}), on="__row", how="left", maintain_order="left")
    smallest = (labelled.filter(pl.col("label").is_not_null()).group_by("label")
                .agg(pl.col("__key").min().alias("cluster_id")))
    return (labelled.join(smallest, on="label", how="left", maintain_order="left")
            .select("id", *(["source"] if linkage else []),
                    pl.coalesce("cluster_id", "__key").alias("cluster_id")))
