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
cluster. With ``yielding_from``, the cannot-link pairs scored from that weight up are
lifted where a third row is merged with both of their rows (a bridge), before clustering;
with ``yielding_to_certain``, those of a band below it only where both bridging pairs are
certain.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih._checks import is_real, row_numbers
from sidalih._frames import caller_rows, series_from_polars, series_to_polars
from sidalih.errors import InputTypeError, InvalidParameterError, format_rows
from sidalih.kernels.unionfind import components, guarded_components, pairs_inside

__all__ = ["connected_components", "cluster_pairs", "cluster_ids"]


def _check_n_rows(n_rows: Any) -> int:
    if isinstance(n_rows, bool) or not isinstance(n_rows, (int, np.integer)) or n_rows < 0:
        raise InvalidParameterError(f"n_rows must be a non-negative integer, got {n_rows!r}")
    return int(n_rows)


def _pairs(n_rows: Any, left: Any, right: Any) -> tuple[int, np.ndarray, np.ndarray]:
    n = _check_n_rows(n_rows)
    lhs = row_numbers(left, n, what="left")
    rhs = row_numbers(right, n, what="right")
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
    yielding_from: float | None = None,
    yielding_to_certain: tuple[float, float] | None = None,
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
    yielding_from : float, optional
        Cannot-link pairs scored at or above it (and below ``forbid_below``) yield where
        a third row is joined to each of their two rows by a pair at or above the
        threshold (a bridge): the two rows may then share a cluster. The engine scores
        there one NIK on two records whose names disagree, read from the two alone,
        which a third copy one slip from each shows to be one person's two copies;
        never twins, a family or a pair the model scored clearly different, and
        namesakes only to a certain bridge (``yielding_to_certain``).
    yielding_to_certain : (float, float), optional
        ``(low, certain)``: cannot-link pairs scored at or above ``low`` and below the
        band above (``yielding_from``, else ``forbid_below``) yield only where a third row
        is joined to each of their two rows by a pair at or above ``certain`` (a certain
        bridge). The engine scores there namesakes, and gives identical records a weight
        of at least ``certain``: a record identical to two others (one NIK with the one,
        one family card and a serial slip with the other) says the two are one person,
        whatever their NIKs read alone say.

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
    >>> cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -15.0], threshold=5.0,
    ...               forbid_below=-5.0, yielding_from=-16.0).tolist()
    [0, 0, 0]

    A band that yields only to certain bridges: 12 and 9 are not certain, 60 and 55 are.

    >>> cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -6.5], threshold=5.0,
    ...               forbid_below=-5.0, yielding_from=-6.0,
    ...               yielding_to_certain=(-7.0, 53.0)).tolist()
    [0, 0, 2]
    >>> cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 55.0, -6.5], threshold=5.0,
    ...               forbid_below=-5.0, yielding_from=-6.0,
    ...               yielding_to_certain=(-7.0, 53.0)).tolist()
    [0, 0, 0]
    """
    n, lhs, rhs = _pairs(n_rows, left, right)
    w = _weights(weight, lhs.size, threshold=threshold, forbid_below=forbid_below)
    size_limit = _check_max_size(max_cluster_size)
    yielding = _check_yielding(yielding_from, forbid_below)
    merge = w >= threshold
    # each band of cannot-link weights [low, high) with the pairs that bridge its pairs
    bands: list[_Band] = []
    if yielding is not None:
        bands.append((yielding, float(forbid_below), merge))  # type: ignore[arg-type]
    if yielding_to_certain is not None:
        low, certain = _check_certain(yielding_to_certain, yielding, forbid_below, threshold)
        high = yielding if yielding is not None else float(forbid_below)  # type: ignore[arg-type]
        bands.append((low, high, w >= certain))
    plain = components(n, lhs[merge], rhs[merge])
    if forbid_below is None and size_limit == 0:
        return plain
    return _guarded(n, lhs, rhs, w, plain, merge, forbid_below, size_limit, bands)


#: A band of cannot-link weights [low, high) and the pairs that bridge its pairs.
_Band = tuple[float, float, np.ndarray]


def _check_certain(band: Any, yielding: float | None, forbid_below: Any,
                   threshold: float) -> tuple[float, float]:
    above = yielding if yielding is not None else forbid_below
    ok = (isinstance(band, (tuple, list, np.ndarray)) and len(band) == 2
          and all(is_real(v) for v in band)
          and above is not None and band[0] < above and band[1] >= threshold)
    if not ok:
        raise InvalidParameterError(
            "yielding_to_certain must be None or (low, certain): low a finite number below "
            f"yielding_from or forbid_below ({above!r}), certain at or above the threshold "
            f"({threshold!r}); got {band!r}")
    return float(band[0]), float(band[1])


def _check_yielding(yielding_from: Any, forbid_below: Any) -> float | None:
    if yielding_from is None:
        return None
    if not is_real(yielding_from) or forbid_below is None or not yielding_from < forbid_below:
        raise InvalidParameterError(
            f"yielding_from must be None or a finite number below forbid_below "
            f"({forbid_below!r}), got {yielding_from!r}")
    return float(yielding_from)


def _binding(lhs: np.ndarray, rhs: np.ndarray, w: np.ndarray, plain: np.ndarray,
             merge: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Cannot-link pairs inside one component scored in ``[low, high)`` that no third row
    joins (a pair of ``merge``, a bridge, with each of the two): rows (left, right)."""
    soft = np.flatnonzero((w >= low) & (w < high))
    soft = soft[(lhs[soft] != rhs[soft]) & (plain[lhs[soft]] == plain[rhs[soft]])]
    if soft.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    rows = np.zeros(plain.size, dtype=np.bool_)
    rows[lhs[soft]] = rows[rhs[soft]] = True
    strong = np.flatnonzero(merge)
    strong = strong[rows[lhs[strong]] | rows[rhs[strong]]]
    partners: dict[int, set[int]] = {}
    for a, b in zip(lhs[strong].tolist(), rhs[strong].tolist(), strict=True):
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    empty: set[int] = set()
    keep = [k for k, (a, c) in enumerate(zip(lhs[soft].tolist(), rhs[soft].tolist(),
                                              strict=True))
            if not partners.get(a, empty) & partners.get(c, empty)]
    chosen = soft[np.asarray(keep, dtype=np.int64)]
    return lhs[chosen], rhs[chosen]


def _guarded(
    n: int,
    lhs: np.ndarray,
    rhs: np.ndarray,
    w: np.ndarray,
    plain: np.ndarray,
    merge: np.ndarray,
    forbid_below: float | None,
    size_limit: int,
    bands: list[_Band],
) -> np.ndarray:
    """Redo, greedily and guarded, only the plain components that break a guard.

    Components are independent, so only those holding a cannot-link pair (most pairs
    scored clearly different join rows no chain of matches connects) or too many rows
    are rebuilt, and their merge pairs are processed component by component, which
    keeps the union–find arrays in cache.
    """
    bound = -np.inf if forbid_below is None else forbid_below
    # those below the lowest band bind; those in a band only where no third row bridges
    # them with that band's bridges
    lowest = min((low for low, _, _ in bands), default=bound)
    hard_left, hard_right = pairs_inside(lhs, rhs, w, plain, lowest)
    parts = [(hard_left, hard_right)] + [_binding(lhs, rhs, w, plain, bridges, low, high)
                                         for low, high, bridges in bands]
    cl_left = np.concatenate([a for a, _ in parts])
    cl_right = np.concatenate([b for _, b in parts])
    flagged = np.zeros(n, dtype=bool)  # indexed by component label (its smallest row)
    flagged[plain[cl_left]] = True
    if size_limit:
        flagged |= np.bincount(plain, minlength=n) > size_limit
    if not flagged.any():
        return plain
    chosen = np.flatnonzero(merge)  # the pairs at or above the threshold
    chosen = chosen[flagged[plain[lhs[chosen]]]]
    low = np.minimum(lhs[chosen], rhs[chosen])
    high = np.maximum(lhs[chosen], rhs[chosen])
    order = np.lexsort((high, low, -w[chosen], plain[low]))
    guarded, _ = guarded_components(n, low[order], high[order], cl_left, cl_right, size_limit)
    return np.where(flagged[plain], guarded, plain)


def _weights(weight: Any, n_pairs: int, *, threshold: Any, forbid_below: Any) -> np.ndarray:
    w = _weight_array(weight)
    problems = []
    if w.shape != (n_pairs,):
        problems.append(f"weight must have one value per pair ({n_pairs}), got shape {w.shape}")
    elif np.isnan(w).any():
        problems.append(
            f"weight holds NaN for {int(np.isnan(w).sum())} pairs, first at position "
            f"{int(np.flatnonzero(np.isnan(w))[0])}; score every pair first"
        )
    if not is_real(threshold):
        problems.append(f"threshold must be a finite number, got {threshold!r}")
    # -inf is a valid bound: no weight is below it, so no pair is ever forbidden.
    if forbid_below is not None and not (
        is_real(forbid_below)
        or isinstance(forbid_below, (float, np.floating)) and forbid_below == -np.inf
    ):
        problems.append(f"forbid_below must be None, -inf or a finite number, got {forbid_below!r}")
    elif forbid_below is not None and is_real(threshold) and not forbid_below < threshold:
        problems.append(f"forbid_below ({forbid_below!r}) must be below threshold ({threshold!r})")
    if problems:
        raise InvalidParameterError("; ".join(problems))
    return w


def _weight_array(weight: Any) -> np.ndarray:
    """Weights as float64; text, booleans and other objects are refused, not converted.

    ``np.asarray(..., dtype=float)`` would turn the text ``"5"`` into 5.0, so an object
    array is checked value by value (None and NaN stay NaN, reported as unscored pairs).
    """
    array = np.asarray(weight)
    if array.dtype.kind in "iuf":
        # float64 weights are read as they are: nothing here writes to them, and a copy
        # costs 8 bytes per pair at the run's peak (a gigabyte at 10M records)
        return array.astype(np.float64, copy=False)
    if array.dtype.kind == "O" and all(
        v is None or (isinstance(v, (int, float, np.integer, np.floating))
                      and not isinstance(v, (bool, np.bool_)))
        for v in array.ravel()
    ):  # fmt: skip
        return np.asarray([np.nan if v is None else v for v in array.ravel()],
                          dtype=np.float64).reshape(array.shape)  # fmt: skip
    raise InputTypeError(
        f"weight must hold numbers (match weights, one per pair), got {array.dtype} values"
        + (f" such as {array.ravel()[0]!r}" if array.size else "")
    )


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
        A cluster label per row (e.g. from :func:`cluster_pairs`); none missing.
    ids : Series, array or list
        The input id of every row, in row order: one type, none missing.

    Returns
    -------
    The cluster id of every row, of the kind ``ids`` was given (arrays and lists come
    back as lists).

    Raises
    ------
    InputTypeError
        Labels that are not integers, or ids of mixed types (numbers beside text).
    InvalidParameterError
        A missing label or id (None, NaN), named by row, or a length mismatch.

    Examples
    --------
    >>> cluster_ids([0, 0, 2], ["v-9", "v-3", "v-5"])
    ['v-3', 'v-3', 'v-5']
    """
    series, kind = series_to_polars(ids, name="id")
    label_array = _label_array(labels, series.len())
    if series.dtype == pl.Object:
        # polars cannot order Python objects: min() over them is None for every row.
        raise InputTypeError(
            "ids hold values of mixed types (e.g. numbers beside text); cast them to one "
            "type, such as text, first"
        )
    missing = series.is_null()
    if series.dtype.is_float():
        missing = missing | series.is_nan()  # NaN is missing, as everywhere in sidalih
    if missing.any():
        rows = np.flatnonzero(missing.to_numpy())
        raise InvalidParameterError(
            f"ids are missing in {_rows(rows.size)}: {format_rows(rows.tolist())}; every "
            "row needs an id"
        )
    frame = pl.DataFrame({"label": label_array, "id": series})
    result = frame.select(pl.col("id").min().over("label")).to_series().rename(series.name)
    return series_from_polars(result, kind, rows=caller_rows(ids))


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _label_array(labels: Any, n_ids: int) -> np.ndarray:
    """Labels as an integer array; missing or non-integer labels are refused, not grouped.

    A NaN or None label would otherwise be one more group, and silently join rows that
    no pair put together.
    """
    if isinstance(labels, pl.Series):
        labels = labels.to_numpy()
    elif type(labels).__module__.split(".")[0] == "pandas":
        # pd.NA cannot be compared; as None it is reported as missing like NaN.
        labels = (
            labels.to_numpy(dtype=object, na_value=None) if labels.hasnans else labels.to_numpy()
        )
    array = np.asarray(labels)
    if array.shape != (n_ids,):
        raise InvalidParameterError(
            f"labels must have one entry per id ({n_ids}), got shape {array.shape}"
        )
    if array.dtype.kind in "iu":
        return array
    missing = [
        i for i, v in enumerate(array.tolist()) if v is None or (isinstance(v, float) and v != v)
    ]
    if missing:
        raise InvalidParameterError(
            f"labels are missing in {_rows(len(missing))}: {format_rows(missing)}; give every "
            "row a cluster label (cluster_pairs labels every row)"
        )
    raise InputTypeError(
        f"labels must be integers (a cluster label per row, as cluster_pairs returns), "
        f"got {array.dtype} values"
    )
