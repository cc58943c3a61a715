"""Sorting kernels of the blocking stage: key hashes into blocks, candidate pairs into row order.

:func:`hash_blocks` groups a rule's rows by the 64-bit hash of their keys (a radix sort,
no comparison sort of the key text); :func:`sort_pair_rows` puts the union of the
rules' pairs in ``(left, right)`` order with a two-level counting sort. Both give the
order a full stable sort would, whatever the number of threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

__all__ = ["hash_blocks", "sort_pair_rows"]


@njit(cache=True)
def _sort_run(a, s, e):  # type: ignore[no-untyped-def]
    # Stable sort of rows s..e of a (hash, row) table by hash. A run is almost always one
    # block (all hashes equal, already in order); insertion sort when short, else a
    # bottom-up merge sort written out (numba's argsort and 2-D fancy indexing cost
    # seconds of compile time on every fresh install).
    ordered = True
    for i in range(s + 1, e):
        if a[i - 1, 0] > a[i, 0]:
            ordered = False
            break
    if ordered:
        return
    if e - s <= 48:
        for i in range(s + 1, e):
            k = a[i, 0]
            x = a[i, 1]
            j = i - 1
            while j >= s and a[j, 0] > k:
                a[j + 1, 0] = a[j, 0]
                a[j + 1, 1] = a[j, 1]
                j -= 1
            a[j + 1, 0] = k
            a[j + 1, 1] = x
        return
    _merge_sort_rows(a, s, e)


@njit(cache=True)
def _merge_sort_rows(a, s, e):  # type: ignore[no-untyped-def]
    n = e - s
    src = np.empty((n, 2), np.uint64)
    dst = np.empty((n, 2), np.uint64)
    for i in range(n):
        src[i, 0] = a[s + i, 0]
        src[i, 1] = a[s + i, 1]
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i, j = lo, mid
            for k in range(lo, hi):
                # <= keeps equal hashes in their earlier order: the sort is stable.
                if j >= hi or (i < mid and src[i, 0] <= src[j, 0]):
                    dst[k, 0] = src[i, 0]
                    dst[k, 1] = src[i, 1]
                    i += 1
                else:
                    dst[k, 0] = src[j, 0]
                    dst[k, 1] = src[j, 1]
                    j += 1
        src, dst = dst, src
        width *= 2
    for i in range(n):
        a[s + i, 0] = src[i, 0]
        a[s + i, 1] = src[i, 1]


@njit(cache=True)
def _sort_hashes(h, missing):  # type: ignore[no-untyped-def]
    # Rows without a missing key as a (hash, row) table sorted by hash then row: a stable
    # LSD radix sort on the top 24 bits (two 12-bit digits: two scatter passes instead of
    # four, with 4,096 targets each still in cache), then each run of equal top bits (one
    # block, or a few blocks whose hashes share those bits) sorted by the full hash, stably.
    radix = 12
    n_digits = 2
    low = 64 - radix * n_digits
    mask = np.uint64((1 << radix) - 1)
    count = np.zeros((n_digits, (1 << radix) + 1), np.int64)
    m = 0
    for i in range(h.shape[0]):
        if not missing[i]:
            m += 1
            for d in range(n_digits):
                count[d, np.int64((h[i] >> np.uint64(low + radix * d)) & mask) + 1] += 1
    for d in range(n_digits):
        for v in range(1 << radix):
            count[d, v + 1] += count[d, v]
    a = np.empty((m, 2), np.uint64)
    fill = count[0, :-1].copy()
    for i in range(h.shape[0]):
        if not missing[i]:
            v = np.int64((h[i] >> np.uint64(low)) & mask)
            a[fill[v], 0] = h[i]
            a[fill[v], 1] = i
            fill[v] += 1
    b = np.empty((m, 2), np.uint64)
    for d in range(1, n_digits):
        fill = count[d, :-1].copy()
        shift = np.uint64(low + radix * d)
        for i in range(m):
            v = np.int64((a[i, 0] >> shift) & mask)
            b[fill[v], 0] = a[i, 0]
            b[fill[v], 1] = a[i, 1]
            fill[v] += 1
        a, b = b, a
    top = np.uint64(low)
    s = 0
    for i in range(1, m + 1):
        if i == m or (a[i, 0] >> top) != (a[s, 0] >> top):
            if i - s > 1:
                _sort_run(a, s, i)
            s = i
    return a


@njit(cache=True, nogil=True)
def hash_blocks(h, missing, n_left, linkage):  # type: ignore[no-untyped-def]
    """Blocks of rows with equal key hash, numbered in hash order, pairless ones dropped.

    Rows with ``missing`` set, and rows of a block giving no pair (one row; in linkage,
    one side only), get block ``-1``. Same numbering as sorting the rows by (hash, row)
    and numbering the runs. Returns the int32 block per row, then per block its pairs,
    its rows and its first row; and the number of rows without a missing key. It runs
    without the GIL, so the rules of a run are hashed in threads.
    """
    a = _sort_hashes(h, missing)
    m = a.shape[0]
    blk = np.full(h.shape[0], -1, np.int32)
    pairs = np.empty(m // 2 + 1, np.int64)
    sizes = np.empty(m // 2 + 1, np.int64)
    first = np.empty(m // 2 + 1, np.int64)
    nb = 0
    i = 0
    while i < m:
        j = i + 1
        while j < m and a[j, 0] == a[i, 0]:
            j += 1
        size = j - i
        if linkage:
            n_l = 0
            for k in range(i, j):
                if a[k, 1] < n_left:
                    n_l += 1
            p = n_l * (size - n_l)
        else:
            p = size * (size - 1) // 2
        if p > 0:
            for k in range(i, j):
                blk[a[k, 1]] = nb
            pairs[nb] = p
            sizes[nb] = size
            first[nb] = a[i, 1]
            nb += 1
        i = j
    return blk, pairs[:nb].copy(), sizes[:nb].copy(), first[:nb].copy(), m


@njit(cache=True)
def _sort_keys(k, s, e, tmp):  # type: ignore[no-untyped-def]
    # Sort k[s:e] ascending (tmp[s:e] is scratch). A row's partners from one rule come
    # already in order, so most runs return after the check.
    ordered = True
    for i in range(s + 1, e):
        if k[i - 1] > k[i]:
            ordered = False
            break
    if ordered:
        return
    if e - s <= 32:
        for i in range(s + 1, e):
            x = k[i]
            j = i - 1
            while j >= s and k[j] > x:
                k[j + 1] = k[j]
                j -= 1
            k[j + 1] = x
        return
    n = e - s
    src = k[s:e]
    dst = tmp[s:e]
    width = 1
    swapped = False
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i, j = lo, mid
            for q in range(lo, hi):
                if j >= hi or (i < mid and src[i] <= src[j]):
                    dst[q] = src[i]
                    i += 1
                else:
                    dst[q] = src[j]
                    j += 1
        src, dst = dst, src
        swapped = not swapped
        width *= 2
    if swapped:
        for i in range(n):
            k[s + i] = tmp[s + i]


_ROW_SHIFT = 34  # a pair's key: row in its span << 34 | right << 7 | rule


@njit(cache=True, nogil=True)
def _span_counts(left, right, rule, n_rows, span, lo, hi):  # type: ignore[no-untyped-def]
    # Pairs lo..hi per span of rows; None when a row is outside [0, n_rows) or a rule
    # negative (checked before anything is indexed by it).
    counts = np.zeros((n_rows + span - 1) // span, np.int64)
    for i in range(lo, hi):
        if left[i] < 0 or left[i] >= n_rows or right[i] < 0 or right[i] >= n_rows or rule[i] < 0:
            return None
        counts[left[i] // span] += 1
    return counts


@njit(cache=True, nogil=True)
def _span_scatter(left, right, rule, span, shift, lo, hi, fill, key):  # type: ignore[no-untyped-def]
    # Pairs lo..hi to their span's next slots (fill), each as one int64 key: row inside
    # the span, right, rule.
    for i in range(lo, hi):
        s = left[i] // span
        j = fill[s]
        key[j] = ((left[i] - s * span) << shift) | (right[i] << 7) | rule[i]
        fill[s] = j + 1


@njit(cache=True, nogil=True)
def _sort_spans(sstart, key, span, shift, s_lo, s_hi, out_l, out_r, out_u):  # type: ignore[no-untyped-def]
    # Spans s_lo..s_hi: counting sort by row into out_r, each row's keys sorted (key is
    # the scratch once its span has been moved), then the keys unpacked.
    rstart = np.zeros(span + 1, np.int64)
    low = (np.int64(1) << shift) - 1
    for s in range(s_lo, s_hi):
        lo = sstart[s]
        hi = sstart[s + 1]
        rstart[:] = 0
        for i in range(lo, hi):
            rstart[(key[i] >> shift) + 1] += 1
        rstart[0] = lo
        for r in range(span):
            rstart[r + 1] += rstart[r]
        fill = rstart[:-1].copy()
        for i in range(lo, hi):
            r = key[i] >> shift
            out_r[fill[r]] = key[i]
            fill[r] += 1
        for r in range(span):
            _sort_keys(out_r, rstart[r], rstart[r + 1], key)
            for i in range(rstart[r], rstart[r + 1]):
                out_l[i] = s * span + r
                out_u[i] = out_r[i] & 127
                out_r[i] = (out_r[i] & low) >> 7


def sort_pair_rows(
    left: np.ndarray, right: np.ndarray, rule: np.ndarray, n_rows: int, *, span: int = 1_024,
    threads: int = 1, overwrite: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Pairs sorted by ``(left, right, rule)``: ``left``, ``right`` (int64), ``rule`` (int8).

    None when a row of ``left`` or ``right`` lies outside ``[0, n_rows)`` or a ``rule``
    is negative. Needs ``n_rows <= 2**27`` and ``span <= 2**29``. The pairs are
    counting-sorted by spans of ``span`` rows (a span's row counts stay in L1), then the
    spans, shared among ``threads`` threads, are counting-sorted by row and each row's
    keys sorted. Every pair ends where its key puts it: neither ``span`` nor ``threads``
    changes the result. With ``overwrite`` the sorted pairs are written over ``left``,
    ``right`` and ``rule`` (three separate arrays) and returned: no new memory for them.
    """
    n = left.shape[0]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        spans = _by_span(pool, left, right, rule, n_rows, span, threads)
        if spans is None:
            return None
        sstart, key = spans
        n_spans = sstart.shape[0] - 1
        if overwrite:  # the inputs are read whole into key: their memory is free
            out_l, out_r, out_u = left, right, rule
        else:
            out_l, out_r, out_u = np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int8)
        # cuts at equal pair counts, so each thread sorts about as many pairs
        cuts = np.searchsorted(sstart, n * np.arange(threads + 1) // threads, side="left")
        cuts[0], cuts[-1] = 0, n_spans
        list(pool.map(lambda b: _sort_spans(sstart, key, span, _ROW_SHIFT, int(b[0]), int(b[1]),
                                            out_l, out_r, out_u), zip(cuts[:-1], cuts[1:], strict=True)))
    return out_l, out_r, out_u


def _by_span(
    pool: ThreadPoolExecutor, left: np.ndarray, right: np.ndarray, rule: np.ndarray,
    n_rows: int, span: int, threads: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Stable counting sort of the pairs by span: span offsets and each pair's key."""
    n = left.shape[0]
    # One part of the pairs per thread, counted per span, then each part scattered to
    # its slots: in span order, and within a span part after part.
    parts = [(n * t // threads, n * (t + 1) // threads) for t in range(threads)]
    counts = list(pool.map(lambda p: _span_counts(left, right, rule, n_rows, span, *p), parts))
    if any(c is None for c in counts):
        return None
    table = np.stack(counts)  # (parts, spans)
    sstart = np.zeros(table.shape[1] + 1, np.int64)
    np.cumsum(table.sum(axis=0), out=sstart[1:])
    fills = sstart[:-1] + np.cumsum(table, axis=0) - table
    key = np.empty(n, np.int64)
    list(pool.map(lambda t: _span_scatter(left, right, rule, span, _ROW_SHIFT, *parts[t],
                                          fills[t], key), range(threads)))
    return sstart, key
