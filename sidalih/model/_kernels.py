"""Numba kernels for scoring gamma matrices and packing agreement patterns.

The wrappers in :mod:`sidalih.model._patterns` and :mod:`sidalih.model._fs` validate
every argument first: these kernels assume a C-contiguous int8 ``gamma`` whose values
lie in ``[-1, n_levels - 1]`` per column and a table wide enough for every level.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange

__all__ = ["column_ranges", "encode_patterns", "count_codes", "score_gamma", "contributions_gamma",
           "add_conditionals"]


#: Rows from which the per-row kernels run on every core (a registry look-up scores a
#: few dozen pairs: starting threads would cost more than the pass).
PARALLEL_ROWS = 1 << 16


def column_ranges(gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column minimum and maximum of a non-empty int8 matrix in one row-major pass.

    Each value marks its slot in a per-column table of the 256 int8 values, and the
    table is read for the extremes: one store per value instead of two data-dependent
    comparisons (2-3 times faster on levels, whose order is random). From
    :data:`PARALLEL_ROWS` rows each core marks its own table for a part of the rows.
    """
    if gamma.shape[0] < PARALLEL_ROWS:
        return _ranges_of(_seen_serial(gamma))  # type: ignore[no-any-return]
    return _ranges_of(_seen_parallel(gamma, numba.get_num_threads()))  # type: ignore[no-any-return]


@njit(cache=True, nogil=True)
def _seen_serial(gamma):  # type: ignore[no-untyped-def]
    n, k = gamma.shape
    seen = np.zeros((1, k, 256), np.bool_)
    for i in range(n):
        for j in range(k):
            seen[0, j, np.int64(gamma[i, j]) + 128] = True
    return seen


@njit(cache=True, parallel=True)
def _seen_parallel(gamma, parts):  # type: ignore[no-untyped-def]
    n, k = gamma.shape
    seen = np.zeros((parts, k, 256), np.bool_)
    step = (n + parts - 1) // parts
    for c in prange(parts):
        for i in range(c * step, min(n, (c + 1) * step)):
            for j in range(k):
                seen[c, j, np.int64(gamma[i, j]) + 128] = True
    return seen


@njit(cache=True, nogil=True)
def _ranges_of(seen):  # type: ignore[no-untyped-def]
    parts, k = seen.shape[0], seen.shape[1]
    low = np.zeros(k, np.int64)
    high = np.zeros(k, np.int64)
    for j in range(k):
        for v in range(255, -1, -1):
            for c in range(parts):
                if seen[c, j, v]:
                    low[j] = v - 128
        for v in range(256):
            for c in range(parts):
                if seen[c, j, v]:
                    high[j] = v - 128
    return low, high


@njit(cache=True)
def encode_patterns(gamma: np.ndarray, strides: np.ndarray) -> np.ndarray:
    """Pack each row into one int64: digit ``gamma + 1`` in mixed radix ``strides``."""
    n, k = gamma.shape
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        code = 0
        for j in range(k):
            code += (np.int64(gamma[i, j]) + 1) * strides[j]
        out[i] = code
    return out


@njit(cache=True, nogil=True)
def count_codes(gamma: np.ndarray, strides: np.ndarray, n_possible: int) -> np.ndarray:
    """How many rows pack to each code of :func:`encode_patterns` (``np.bincount`` of the
    codes, ``n_possible`` long), without the codes: 8 bytes per pair never written."""
    n, k = gamma.shape
    counts = np.zeros(n_possible, dtype=np.int64)
    for i in range(n):
        code = 0
        for j in range(k):
            code += (np.int64(gamma[i, j]) + 1) * strides[j]
        counts[code] += 1
    return counts


def score_gamma(gamma: np.ndarray, table: np.ndarray, base: float) -> np.ndarray:
    """``base + sum_j table[j, gamma[i, j] + 1]`` per row; column 0 of ``table`` is null.

    Rows are independent and each row's sum is taken in the same order on any path,
    so the parallel pass gives the serial one's floats.
    """
    kernel = _score_parallel if gamma.shape[0] >= PARALLEL_ROWS else _score_serial
    return kernel(gamma, table, base)  # type: ignore[no-any-return]


@njit(cache=True, nogil=True, inline="always")
def _row_score(gamma, table, base, i):  # type: ignore[no-untyped-def]
    total = base
    for j in range(gamma.shape[1]):
        total += table[j, np.int64(gamma[i, j]) + 1]
    return total


@njit(cache=True, nogil=True)
def _score_serial(gamma, table, base):  # type: ignore[no-untyped-def]
    out = np.empty(gamma.shape[0], dtype=np.float64)
    for i in range(gamma.shape[0]):
        out[i] = _row_score(gamma, table, base, i)
    return out


@njit(cache=True, parallel=True)
def _score_parallel(gamma, table, base):  # type: ignore[no-untyped-def]
    out = np.empty(gamma.shape[0], dtype=np.float64)
    for i in prange(gamma.shape[0]):
        out[i] = _row_score(gamma, table, base, i)
    return out


@njit(cache=True)
def contributions_gamma(gamma: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``table[j, gamma[i, j] + 1]`` for every row ``i`` and comparison ``j``."""
    n, k = gamma.shape
    out = np.empty((n, k), dtype=np.float64)
    for i in range(n):
        for j in range(k):
            out[i, j] = table[j, np.int64(gamma[i, j]) + 1]
    return out


def add_conditionals(out: np.ndarray, gamma: np.ndarray, js: np.ndarray, given: np.ndarray,
                     n_given: np.ndarray, applies: np.ndarray, delta: np.ndarray) -> None:
    """``out[i] += delta[t, k, gamma[i, js[t]]]`` for every term ``t`` and its first
    condition ``k`` that holds.

    Condition ``k`` of term ``t`` holds where ``applies[t, k, gamma[i, given[t, k]] + 1]``
    (``k < n_given[t]``); nothing is added for a term whose comparison is null or none of
    whose conditions holds. One pass over the pairs for every term, each pair's terms in
    order, in place and without temporaries (a mask and an index array per term cost
    gigabytes at tens of millions of pairs); on every core from :data:`PARALLEL_ROWS`
    pairs (a pair's terms are still added in order: the same floats). The terms are
    ``FellegiSunter._conditional_terms``.
    """
    kernel = (_conditionals_parallel if gamma.shape[0] >= PARALLEL_ROWS
              else _conditionals_serial)
    kernel(out, gamma, js, given, n_given, applies, delta)


@njit(cache=True, nogil=True, inline="always")
def _row_conditionals(out, gamma, js, given, n_given, applies, delta, i):  # type: ignore[no-untyped-def]
    for t in range(js.shape[0]):
        level = np.int64(gamma[i, js[t]])
        if level < 0:
            continue
        for k in range(n_given[t]):
            if applies[t, k, np.int64(gamma[i, given[t, k]]) + 1]:
                out[i] += delta[t, k, level]
                break


@njit(cache=True, nogil=True)
def _conditionals_serial(out, gamma, js, given, n_given, applies, delta):  # type: ignore[no-untyped-def]
    for i in range(gamma.shape[0]):
        _row_conditionals(out, gamma, js, given, n_given, applies, delta, i)


@njit(cache=True, parallel=True)
def _conditionals_parallel(out, gamma, js, given, n_given, applies, delta):  # type: ignore[no-untyped-def]
    for i in prange(gamma.shape[0]):
        _row_conditionals(out, gamma, js, given, n_given, applies, delta, i)
