"""Clusters from scored pairs: connected components with a guard against chaining.

Rows are numbered ``0 .. n_rows - 1``; a pair is two row numbers and a match weight.
Every row comes out exactly once, with a label that is the smallest row number in its
cluster (a singleton is its own cluster); :func:`cluster_ids` turns labels into the
smallest input id per cluster.

Plain connected components chain: A–B and B–C above the threshold put A and C in one
cluster even if the model scores A–C as clearly different (two namesakes bridged by a
record with a missing birth date). :func:`cluster_pairs` with ``forbid_below`` treats
every pair scored below that weight as *cannot-link* and builds clusters greedily,
strongest pair first, refusing any union that would put a cannot-link pair in one
cluster.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import series_from_polars, series_to_polars
from sidalih.errors import InvalidParameterError
from sidalih.kernels.unionfind import components, guarded_components, pairs_inside

__all__ = ["connected_components", "cluster_pairs", "cluster_ids"]


def _check_n_rows(n_rows: Any) -> int:
    if isinstance(n_rows, bool) or not isinstance(n_rows, (int, np.integer)) or n_rows < 0:
        raise InvalidParameterError(f"n_rows must be a non-negative integer, got {n_rows!r}")
    return int(n_rows)


def _row_array(values: Any, n_rows: int, *, what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidParameterError(f"{what} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise InvalidParameterError(f"{what} must hold integer row numbers, got {array.dtype}")
    bad = np.flatnonzero((array < 0) | (array >= n_rows))
    if bad.size:
        raise InvalidParameterError(
            f"{what} holds row numbers outside [0, {n_rows}): {bad.size} pairs, first at "
            f"position {int(bad[0])} (value {int(array[bad[0]])})"
        )
    return np.ascontiguousarray(array, dtype=np.int64)


def _pairs(n_rows: Any, left: Any, right: Any) -> tuple[int, np.ndarray, np.ndarray]:
    n = _check_n_rows(n_rows)
    lhs = _row_array(left, n, what="left")
    rhs = _row_array(right, n, what="right")
    if lhs.shape != rhs.shape:
        raise InvalidParameterError(
            f"left and right must have the same length, got {lhs.size} and {rhs.size}"
        )
    return n, lhs, rhs


def connected_components(n_rows: int, left: Any, right: Any) -> np.ndarray:
    """Label every row with the smallest row number of its connected component.

    Parameters
    ----------
    n_rows : int
        Number of rows; rows without a pair are singletons.
    left, right : array-like of int
        The two rows of each pair (self-pairs and repeated pairs are harmless).

    Returns
    -------
    numpy.ndarray of int64, shape (n_rows,)

    Examples
    --------
    >>> connected_components(5, [3, 1], [1, 4]).tolist()
    [0, 1, 2, 1, 1]
    """
    n, lhs, rhs = _pairs(n_rows, left, right)
    return components(n, lhs, rhs)


def cluster_pairs(
    n_rows: int,
    left: Any,
    right: Any,
    weight: Any,
    *,
    threshold: float,
    forbid_below: float | None = None,
    max_cluster_size: int | None = None,
) -> np.ndarray:
    """Cluster rows joined by pairs with ``weight >= threshold``, optionally guarded.

    Without guards this is :func:`connected_components` over the pairs at or above the
    threshold. With ``forbid_below`` (pairs below it are cannot-link) or
    ``max_cluster_size``, pairs are merged greedily in descending weight, ties broken by
    ``(min(row), max(row))``, and a merge is refused when it would join a cannot-link
    pair or exceed the size. The result is deterministic for the same pairs in any
    order. Cost: one union–find pass; when a cannot-link pair falls inside one of its
    components, a sort of the merge pairs and per merge a scan of the shorter
    cannot-link list of the two clusters (only cannot-link pairs inside one component
    are kept), so near-linear when clusters have few cannot-link partners.

    Parameters
    ----------
    n_rows : int
        Number of rows.
    left, right : array-like of int
        Rows of each scored pair.
    weight : array-like of float
        Match weight of each pair (no NaN).
    threshold : float
        Pairs at or above it are merged.
    forbid_below : float, optional
        Pairs scored below it never end in one cluster. Must be below ``threshold``.
    max_cluster_size : int, optional
        No cluster grows beyond this many rows.

    Returns
    -------
    numpy.ndarray of int64, shape (n_rows,)
        The smallest row number of each row's cluster.

    Examples
    --------
    A–B and B–C are strong matches, A–C is clearly different:

    >>> cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -15.0], threshold=5.0).tolist()
    [0, 0, 0]
    >>> cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -15.0], threshold=5.0,
    ...               forbid_below=-5.0).tolist()
    [0, 0, 2]
    """
    n, lhs, rhs = _pairs(n_rows, left, right)
    w = _weights(weight, lhs.size, threshold=threshold, forbid_below=forbid_below)
    size_limit = _check_max_size(max_cluster_size)
    merge = w >= threshold
    plain = components(n, lhs[merge], rhs[merge])
    if forbid_below is None and size_limit == 0:
        return plain
    return _guarded(n, lhs, rhs, w, plain, threshold, forbid_below, size_limit)


def _guarded(
    n: int,
    lhs: np.ndarray,
    rhs: np.ndarray,
    w: np.ndarray,
    plain: np.ndarray,
    threshold: float,
    forbid_below: float | None,
    size_limit: int,
) -> np.ndarray:
    """Redo, greedily and guarded, only the plain components that break a guard.

    Components are independent, so only those holding a cannot-link pair (most pairs
    scored clearly different join rows no chain of matches connects) or too many rows
    are rebuilt, and their merge pairs are processed component by component, which
    keeps the union–find arrays in cache.
    """
    bound = -np.inf if forbid_below is None else forbid_below
    cl_left, cl_right = pairs_inside(lhs, rhs, w, plain, bound)
    flagged = np.zeros(n, dtype=bool)  # indexed by component label (its smallest row)
    flagged[plain[cl_left]] = True
    if size_limit:
        flagged |= np.bincount(plain, minlength=n) > size_limit
    if not flagged.any():
        return plain
    chosen = np.flatnonzero(w >= threshold)
    chosen = chosen[flagged[plain[lhs[chosen]]]]
    low = np.minimum(lhs[chosen], rhs[chosen])
    high = np.maximum(lhs[chosen], rhs[chosen])
    order = np.lexsort((high, low, -w[chosen], plain[low]))
    guarded, _ = guarded_components(n, low[order], high[order], cl_left, cl_right, size_limit)
    return np.where(flagged[plain], guarded, plain)


def _weights(
    weight: Any, n_pairs: int, *, threshold: float, forbid_below: float | None
) -> np.ndarray:
    w = np.asarray(weight, dtype=np.float64)
    problems = []
    if w.shape != (n_pairs,):
        problems.append(f"weight must have one value per pair ({n_pairs}), got shape {w.shape}")
    elif np.isnan(w).any():
        problems.append(
            f"weight holds NaN for {int(np.isnan(w).sum())} pairs, first at position "
            f"{int(np.flatnonzero(np.isnan(w))[0])}; score every pair first"
        )
    if not np.isfinite(threshold):
        problems.append(f"threshold must be a finite number, got {threshold!r}")
    if forbid_below is not None and not forbid_below < threshold:
        problems.append(f"forbid_below ({forbid_below!r}) must be below threshold ({threshold!r})")
    if problems:
        raise InvalidParameterError("; ".join(problems))
    return w


def _check_max_size(max_cluster_size: Any) -> int:
    if max_cluster_size is None:
        return 0
    if (
        isinstance(max_cluster_size, bool)
        or not isinstance(max_cluster_size, (int, np.integer))
        or max_cluster_size < 1
    ):
        raise InvalidParameterError(
            f"max_cluster_size must be None or an integer >= 1, got {max_cluster_size!r}"
        )
    return int(max_cluster_size)


def cluster_ids(labels: Any, ids: Any) -> Any:
    """The smallest id in each row's cluster, given row labels and the row ids.

    Parameters
    ----------
    labels : array-like of int
        A cluster label per row (e.g. from :func:`cluster_pairs`).
    ids : Series, array or list
        The input id of every row, in row order.

    Returns
    -------
    The cluster id of every row, of the kind ``ids`` was given (arrays and lists come
    back as lists).

    Examples
    --------
    >>> cluster_ids([0, 0, 2], ["v-9", "v-3", "v-5"])
    ['v-3', 'v-3', 'v-5']
    """
    series, kind = series_to_polars(ids, name="id")
    label_array = np.asarray(labels)
    if label_array.shape != (series.len(),):
        raise InvalidParameterError(
            f"labels must have one entry per id ({series.len()}), got shape {label_array.shape}"
        )
    if series.null_count():
        raise InvalidParameterError(f"ids must not be missing; {series.null_count()} are")
    frame = pl.DataFrame({"label": label_array, "id": series})
    result = frame.select(pl.col("id").min().over("label")).to_series().rename(series.name)
    return series_from_polars(result, kind)
