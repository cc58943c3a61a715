"""Levenshtein and OSA (restricted Damerau) distance kernels over Arrow-style buffers.

Semantics follow ``rapidfuzz.distance.Levenshtein.distance`` and
``rapidfuzz.distance.OSA.distance`` with unit weights: bytes are symbols, and a
distance above ``max_dist`` is returned as ``max_dist + 1``. A negative
``max_dist`` means no cutoff.

Speed comes from cheap exits before any matrix work: a length difference above
the cutoff, the common prefix and suffix (which never change either distance),
and an empty remainder. What is left is computed with Hyyrö's bit-vector
formulation of Myers' algorithm when the shorter remainder has at most 64
bytes (one machine word per text byte, with the transposition term of Hyyrö
2003 for OSA), and with a row-by-row matrix otherwise; both stop as soon as the
cutoff can no longer be met.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _trim(a, sa, la, b, sb, lb):  # type: ignore[no-untyped-def]
    """Drop the common prefix and suffix; return the new starts and lengths."""
    lim = min(la, lb)
    k = 0
    while k < lim and a[sa + k] == b[sb + k]:
        k += 1
    sa += k
    sb += k
    la -= k
    lb -= k
    lim = min(la, lb)
    e = 0
    while e < lim and a[sa + la - 1 - e] == b[sb + lb - 1 - e]:
        e += 1
    return sa, la - e, sb, lb - e


@njit(cache=True, nogil=True, inline="always")
def _myers(p, ps, m, t, ts, n, pm, limit, osa):  # type: ignore[no-untyped-def]
    """Bit-parallel distance of a pattern of 1..64 bytes against a text of n bytes."""
    one = np.uint64(1)
    zero = np.uint64(0)
    for i in range(m):
        pm[p[ps + i]] |= one << np.uint64(i)
    vp = ~zero
    vn = zero
    d0 = zero
    pm_prev = zero
    top = np.uint64(m - 1)
    dist = m
    for j in range(n):
        pmj = pm[t[ts + j]]
        x = pmj | vn
        if osa:
            # A transposition ends here when the previous column had no free
            # match and the two text bytes appear swapped in the pattern.
            x |= (((~d0) & pmj) << one) & pm_prev
            pm_prev = pmj
        d0 = (((pmj & vp) + vp) ^ vp) | x
        hp = vn | ~(d0 | vp)
        hn = vp & d0
        dist += np.int64((hp >> top) & one) - np.int64((hn >> top) & one)
        hp = (hp << one) | one
        hn = hn << one
        vp = hn | ~(d0 | hp)
        vn = hp & d0
        # The last row changes by at most one per remaining text byte.
        if dist - (n - 1 - j) > limit:
            dist = limit + 1
            break
    for i in range(m):
        pm[p[ps + i]] = zero
    return dist


@njit(cache=True, nogil=True)
def _matrix(a, sa, la, b, sb, lb, limit, osa):  # type: ignore[no-untyped-def]
    """Row-by-row distance for long strings; row minima never decrease, so stop early."""
    prev2 = np.zeros(lb + 1, dtype=np.int64)
    prev = np.arange(lb + 1).astype(np.int64)
    cur = np.zeros(lb + 1, dtype=np.int64)
    for i in range(1, la + 1):
        cur[0] = i
        rowmin = i
        ca = a[sa + i - 1]
        for j in range(1, lb + 1):
            cb = b[sb + j - 1]
            v = prev[j - 1] + (ca != cb)
            v = min(v, prev[j] + 1, cur[j - 1] + 1)
            if osa and i > 1 and j > 1 and ca == b[sb + j - 2] and a[sa + i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            rowmin = min(rowmin, v)
        if rowmin > limit:
            return limit + 1
        prev2, prev, cur = prev, cur, prev2
    return prev[lb]


@njit(cache=True, nogil=True, inline="always")
def edit_distance_span(a, sa, la, b, sb, lb, pm, max_dist, osa):  # type: ignore[no-untyped-def]
    """Levenshtein (``osa=False``) or OSA distance of two byte spans with a cutoff.

    ``pm`` is a zeroed ``uint64[256]`` work table, left zeroed on return.
    """
    limit = max_dist if max_dist >= 0 else la + lb
    if abs(la - lb) > limit:
        return limit + 1
    sa, la, sb, lb = _trim(a, sa, la, b, sb, lb)
    if la == 0 or lb == 0:
        dist = la + lb
    elif limit == 0:
        dist = 1
    elif la <= 64 and la <= lb:
        dist = _myers(a, sa, la, b, sb, lb, pm, limit, osa)
    elif lb <= 64:
        dist = _myers(b, sb, lb, a, sa, la, pm, limit, osa)
    else:
        dist = _matrix(a, sa, la, b, sb, lb, limit, osa)
    return dist if dist <= limit else limit + 1


@njit(cache=True, nogil=True)
def _edit_pairs(  # type: ignore[no-untyped-def]
    offs_a, data_a, valid_a, offs_b, data_b, valid_b, left_idx, right_idx, max_dist, osa
):
    npairs = left_idx.shape[0]
    out = np.empty(npairs, dtype=np.int32)
    pm = np.zeros(256, dtype=np.uint64)
    for k in range(npairs):
        i = left_idx[k]
        j = right_idx[k]
        if not (valid_a[i] and valid_b[j]):
            out[k] = -1
            continue
        sa = offs_a[i]
        sb = offs_b[j]
        out[k] = edit_distance_span(
            data_a, sa, offs_a[i + 1] - sa, data_b, sb, offs_b[j + 1] - sb, pm, max_dist, osa
        )
    return out


@njit(cache=True, nogil=True)
def levenshtein_pairs(  # type: ignore[no-untyped-def]
    offs_a, data_a, valid_a, offs_b, data_b, valid_b, left_idx, right_idx, max_dist
):
    """Levenshtein distance per pair (``int32``); -1 where a side is invalid.

    A distance above ``max_dist`` is ``max_dist + 1``; ``max_dist < 0`` disables
    the cutoff. The caller guarantees in-bounds indices and array dtypes.
    """
    return _edit_pairs(
        offs_a, data_a, valid_a, offs_b, data_b, valid_b, left_idx, right_idx, max_dist, False
    )


@njit(cache=True, nogil=True)
def osa_pairs(  # type: ignore[no-untyped-def]
    offs_a, data_a, valid_a, offs_b, data_b, valid_b, left_idx, right_idx, max_dist
):
    """OSA (adjacent transpositions, each substring edited once) distance per pair.

    Same conventions as :func:`levenshtein_pairs`.
    """
    return _edit_pairs(
        offs_a, data_a, valid_a, offs_b, data_b, valid_b, left_idx, right_idx, max_dist, True
    )
