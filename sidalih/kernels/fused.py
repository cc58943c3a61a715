"""Fused level kernels: null check, exact check, similarity and level in one pass per pair.

:mod:`sidalih.compare` used to score every pair with a similarity kernel and then map
scores to levels with numpy (several full-length temporaries per comparison). These
kernels do it per pair and skip the similarity wherever the level is already known:
a missing side (-1) or equal dense codes (the exact level) cost two array reads. They
return exactly the levels of the unfused computation (``tests/test_fused.py`` checks
them against it).

Strings use the Arrow-style layout of :mod:`sidalih.kernels.strings`; the token
layout of a column (:func:`split_tokens`) is built once and reused by every pair, so
a name is split once, not once per pair.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sidalih.kernels._ahead import AHEAD as _AHEAD
from sidalih.kernels._ahead import ask_rows as _ask_rows
from sidalih.kernels._ahead import ask_tokens as _ask_tokens
from sidalih.kernels._ahead import prefetch as _prefetch
from sidalih.kernels._jaro import _at, _called, _inline, _ptr, jaro_winkler_cached, jaro_work
from sidalih.kernels._tokens import _greedy_total, _split, _token_score

__all__ = [
    "LEVEL_MEMO_SIZE",
    "TOKEN_MEMO_SIZE",
    "split_tokens",
    "string_ids",
    "string_levels",
    "name_levels",
    "token_set_tokens",
]


@njit(cache=True, nogil=True)
def split_tokens(offs, data, valid, max_tokens):  # type: ignore[no-untyped-def]
    """Token spans of every row: row ``i`` owns tokens ``ptr[i]:ptr[i + 1]``.

    Tokens as in :mod:`sidalih.kernels._tokens` (runs of non-space bytes, the first
    ``max_tokens`` of a row); an invalid row has none. Returns ``(ptr, start, length, ids)``,
    ``ids`` numbering distinct token strings densely.
    """
    n = valid.shape[0]
    # A row of L bytes holds at most (L + 1) // 2 tokens: split once into buffers of
    # that bound (one inlined _split keeps the compile short), then trim.
    room = 0
    for i in range(n):
        if valid[i]:
            room += min(max_tokens, (offs[i + 1] - offs[i] + 1) // 2)
    st = np.empty(room, dtype=np.int64)
    ln = np.empty(room, dtype=np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        count = 0
        if valid[i]:
            count = _split(
                _ptr(data), offs[i], offs[i + 1] - offs[i], _at(_ptr(st), ptr[i]),
                _at(_ptr(ln), ptr[i]), max_tokens
            )
        ptr[i + 1] = ptr[i] + count
    start = st[: ptr[n]].copy()
    length = ln[: ptr[n]].copy()
    return ptr, start, length, _token_ids(data, start, length)


@njit(cache=True, nogil=True)
def _token_ids(data, start, length):  # type: ignore[no-untyped-def]
    """Dense ids of token spans: equal bytes, equal id (open-addressing hash table)."""
    count = start.shape[0]
    size = 16
    while size < 2 * count:
        size *= 2
    mask = size - 1
    first = _no_keys(size)
    d = _ptr(data)
    ids = np.empty(count, dtype=np.int64)
    n_ids = 0
    for t in range(count):
        h = np.uint64(14695981039346656037)
        for k in range(length[t]):
            h = (h ^ np.uint64(data[start[t] + k])) * np.uint64(1099511628211)
        slot = np.int64(h & np.uint64(mask))
        while True:
            r = first[slot]
            if r < 0:
                first[slot] = t
                ids[t] = n_ids
                n_ids += 1
                break
            if length[r] == length[t] and _same(d, start[r], start[t], length[t]):
                ids[t] = ids[r]
                break
            slot = (slot + 1) & mask
    return ids


@njit(cache=True, nogil=True)
def string_ids(offs, data, valid):  # type: ignore[no-untyped-def]
    """Dense id per row: rows with equal bytes share an id; -1 for an invalid row."""
    n = valid.shape[0]
    count = 0
    for i in range(n):
        count += valid[i]
    start = np.empty(count, dtype=np.int64)
    length = np.empty(count, dtype=np.int64)
    k = 0
    for i in range(n):
        if valid[i]:
            start[k] = offs[i]
            length[k] = offs[i + 1] - offs[i]
            k += 1
    valid_ids = _token_ids(data, start, length)
    ids = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        ids[i] = -1
        if valid[i]:
            ids[i] = valid_ids[k]
            k += 1
    return ids


LEVEL_MEMO_SIZE = 1 << 16
"""Entries of the per-call memo of levels by string-id pair (names and places repeat)."""


@_inline
def _slot(key, size):  # type: ignore[no-untyped-def]
    """Slot of ``key`` in a direct-mapped memo of ``size`` (a power of two) entries."""
    return np.int64(
        ((np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)) & np.uint64(size - 1)
    )


@_inline
def _same(data, sa, sb, n):  # type: ignore[no-untyped-def]
    k = 0
    while k < n and data[sa + k] == data[sb + k]:
        k += 1
    return k == n


TOKEN_MEMO_SIZE = 1 << 14
"""Entries of the per-call memo of token-pair scores (names reuse a small vocabulary)."""


@_inline
def _memo_score(  # type: ignore[no-untyped-def]
    data,
    start,
    length,
    ids,
    x,
    y,
    memo_keys,
    memo_vals,
    memo_size,
    pm,
    tbuf,
    prefix_weight,
    token_cutoff,
    initial_score,
):
    """Score of tokens x and y (as :mod:`sidalih.kernels._tokens` defines it),
    remembered by their id pair in a direct-mapped memo; arrays as ``_ptr``."""
    ix = ids[x]
    iy = ids[y]
    v = 1.0
    if ix != iy:
        key = (ix << 32) | iy
        slot = _slot(key, memo_size)
        if memo_keys[slot] == key:
            v = memo_vals[slot]
        else:
            v = _token_score(
                data,
                start[x],
                length[x],
                data,
                start[y],
                length[y],
                pm,
                tbuf,
                prefix_weight,
                token_cutoff,
                initial_score,
            )
            memo_keys[slot] = key
            memo_vals[slot] = v
    return v


@_inline
def _ratio(total, na, nb, denominator):  # type: ignore[no-untyped-def]
    if denominator == 1:
        return total / min(na, nb)
    if denominator == 2:
        return total / max(na, nb)
    return 2.0 * total / (na + nb)


@_called
def token_set_tokens(  # type: ignore[no-untyped-def]
    data,
    ptr,
    start,
    length,
    ids,
    i,
    j,
    memo_keys,
    memo_vals,
    memo_size,
    pm,
    tbuf,
    scores,
    used_a,
    used_b,
    prefix_weight,
    token_cutoff,
    initial_score,
    denominator,
    score_cutoff,
):
    """Token-set similarity of rows ``i`` and ``j`` from their token spans.

    Same value as :func:`sidalih.kernels.strings.token_set_pairs`; with a cutoff it
    stops as soon as the best reachable total (each left token's best score, plus
    the most any remaining token can add) cannot reach it. The arrays up to ``tbuf``
    are passed as ``_ptr`` (no reference counting per call); ``scores``, ``used_a``
    and ``used_b`` (uint8 flags) as arrays.
    """
    pa = ptr[i]
    na = ptr[i + 1] - pa
    pb = ptr[j]
    nb = ptr[j + 1] - pb
    if na == 0 or nb == 0:
        sim = 1.0 if na == nb else 0.0
        return sim if sim >= score_cutoff else 0.0
    top = max(1.0, initial_score)
    pairs_max = min(na, nb) * top
    # The margin keeps rounding in the bound from ever rejecting a reachable score.
    need = score_cutoff - 1e-9
    if _ratio(pairs_max, na, nb, denominator) < need:
        return 0.0
    reach = 0.0
    for p in range(na):
        best = 0.0
        for q in range(nb):
            v = _memo_score(
                data,
                start,
                length,
                ids,
                pa + p,
                pb + q,
                memo_keys,
                memo_vals,
                memo_size,
                pm,
                tbuf,
                prefix_weight,
                token_cutoff,
                initial_score,
            )
            scores[p * nb + q] = v
            best = max(best, v)
        reach += best
        if _ratio(min(reach + (na - 1 - p) * top, pairs_max), na, nb, denominator) < need:
            return 0.0
    total = _greedy_total(_ptr(scores), na, nb, _ptr(used_a), _ptr(used_b))
    sim = _ratio(total, na, nb, denominator)
    return sim if sim >= score_cutoff else 0.0


@njit(cache=True, nogil=True)
def _no_keys(size):  # type: ignore[no-untyped-def]
    """``int64[size]`` of -1 (an empty memo or hash table); a loop compiles faster than np.full."""
    keys = np.empty(size, dtype=np.int64)
    for k in range(size):
        keys[k] = -1
    return keys


@njit(cache=True, nogil=True)
def _lowest(thresholds):  # type: ignore[no-untyped-def]
    low = thresholds[0]
    for t in thresholds:
        low = min(low, t)
    return low


@_inline
def _at_or_above(thresholds, n_thr, value):  # type: ignore[no-untyped-def]
    """How many (increasing) thresholds are <= value: numpy's searchsorted(side='right')."""
    count = 0
    for k in range(n_thr):
        if thresholds[k] <= value:
            count += 1
    return count


@_called
def string_levels(  # type: ignore[no-untyped-def]
    left, right, codes, offs, data, valid, ids, thresholds, prefix_weight, memo_size
):
    """Levels of the ``string`` comparison: -1 null, k = thresholds reached, top = exact.

    ``codes`` are the column's dense codes (-1 missing); the Jaro–Winkler cutoff is
    the lowest threshold, so pairs below it exit early. ``ids`` are the rows'
    :func:`string_ids`: a level depends only on the two strings, so it is remembered
    by their id pair in a memo of ``memo_size`` entries (a power of two).
    """
    n = left.shape[0]
    n_thr = thresholds.shape[0]
    cutoff = _lowest(thresholds)
    out = np.empty(n, dtype=np.int8)
    pm, tbuf, state = jaro_work()
    memo_keys = _no_keys(memo_size)
    memo_vals = np.zeros(memo_size, dtype=np.int8)
    # Raw pointers for the per-pair helpers (see sidalih.kernels._jaro): of arguments
    # here; of local arrays where used, which keeps the arrays alive through the loop.
    d, thr = _ptr(data), _ptr(thresholds)
    for p in range(n):
        if p + _AHEAD < n:
            _ask_rows(left[p + _AHEAD], right[p + _AHEAD], _ptr(codes), _ptr(ids), _ptr(offs),
                      _ptr(valid), _ptr(offs))
        if p + _AHEAD // 2 < n:
            a = left[p + _AHEAD // 2]
            b = right[p + _AHEAD // 2]
            _prefetch(d, offs[a])
            _prefetch(d, offs[b])
        i = left[p]
        j = right[p]
        ci = codes[i]
        cj = codes[j]
        if ci < 0 or cj < 0:
            out[p] = -1
        elif ci == cj:
            out[p] = n_thr + 1
        elif ids[i] < 0 or ids[j] < 0:
            out[p] = _at_or_above(thr, n_thr, 0.0)
        else:
            key = (ids[i] << 32) | ids[j]
            slot = _slot(key, memo_size)
            if memo_keys[slot] == key:
                out[p] = memo_vals[slot]
                continue
            sa = offs[i]
            sb = offs[j]
            jw = jaro_winkler_cached(
                d,
                i,
                sa,
                offs[i + 1] - sa,
                d,
                sb,
                offs[j + 1] - sb,
                _ptr(pm),
                _ptr(state),
                _ptr(tbuf),
                p + 1 < n and left[p + 1] == i,
                prefix_weight,
                cutoff,
            )
            level = _at_or_above(thr, n_thr, jw)
            memo_keys[slot] = key
            memo_vals[slot] = level
            out[p] = level
    return out


@_called
def name_levels(  # type: ignore[no-untyped-def]
    left,
    right,
    codes,
    offs,
    data,
    valid,
    row_ids,
    ptr,
    start,
    length,
    ids,
    thresholds,
    prefix_weight,
    token_cutoff,
    initial_score,
    denominator,
    token_threshold,
    max_tokens,
    memo_size,
    token_memo_size,
):
    """Levels of the ``name`` comparison: -1 null, 0 else, 1 token set, 2.. JW, top exact.

    Only pairs below every Jaro–Winkler threshold are scored by token set (dropped or
    reordered tokens); ``ptr, start, length, ids`` is the column's :func:`split_tokens`,
    ``row_ids`` its :func:`string_ids` (levels are remembered by string-id pair);
    ``max_tokens`` the limit the tokens were split with. Levels and token-pair scores
    are remembered in memos of ``memo_size`` and ``token_memo_size`` entries (powers of
    two).
    """
    n = left.shape[0]
    n_thr = thresholds.shape[0]
    cutoff = _lowest(thresholds)
    out = np.empty(n, dtype=np.int8)
    pm, tbuf, state = jaro_work()
    pm_t = np.zeros(256, dtype=np.uint64)
    scores = np.zeros(max_tokens * max_tokens, dtype=np.float64)
    used_a = np.zeros(max_tokens, dtype=np.uint8)
    used_b = np.zeros(max_tokens, dtype=np.uint8)
    memo_keys = _no_keys(token_memo_size)
    memo_vals = np.zeros(token_memo_size, dtype=np.float64)
    level_keys = _no_keys(memo_size)
    level_vals = np.zeros(memo_size, dtype=np.int8)
    # Raw pointers for the per-pair helpers (see sidalih.kernels._jaro): of arguments
    # here; of local arrays where used, which keeps the arrays alive through the loop.
    d, thr = _ptr(data), _ptr(thresholds)
    tok_ptr, tok_start, tok_length, tok_ids = _ptr(ptr), _ptr(start), _ptr(length), _ptr(ids)
    for p in range(n):
        if p + _AHEAD < n:
            _ask_rows(left[p + _AHEAD], right[p + _AHEAD], _ptr(codes), _ptr(row_ids),
                      _ptr(offs), _ptr(valid), tok_ptr)
        if p + _AHEAD // 2 < n:
            _ask_tokens(left[p + _AHEAD // 2], right[p + _AHEAD // 2], d, _ptr(offs), tok_ptr,
                        tok_start, tok_length, tok_ids)
        i = left[p]
        j = right[p]
        ci = codes[i]
        cj = codes[j]
        if ci < 0 or cj < 0:
            out[p] = -1
            continue
        if ci == cj:
            out[p] = n_thr + 2
            continue
        both = valid[i] and valid[j]
        key = (row_ids[i] << 32) | row_ids[j]
        slot = _slot(key, memo_size)
        if both and level_keys[slot] == key:
            out[p] = level_vals[slot]
            continue
        jw = 0.0
        if both:
            sa = offs[i]
            sb = offs[j]
            jw = jaro_winkler_cached(
                d,
                i,
                sa,
                offs[i + 1] - sa,
                d,
                sb,
                offs[j + 1] - sb,
                _ptr(pm),
                _ptr(state),
                _ptr(tbuf),
                p + 1 < n and left[p + 1] == i,
                prefix_weight,
                cutoff,
            )
        level = _at_or_above(thr, n_thr, jw) + 1
        if level == 1:
            tokens = 0.0
            if both:
                tokens = token_set_tokens(
                    d,
                    tok_ptr,
                    tok_start,
                    tok_length,
                    tok_ids,
                    i,
                    j,
                    _ptr(memo_keys),
                    _ptr(memo_vals),
                    token_memo_size,
                    _ptr(pm_t),
                    _ptr(tbuf),
                    scores,
                    used_a,
                    used_b,
                    prefix_weight,
                    token_cutoff,
                    initial_score,
                    denominator,
                    token_threshold,
                )
            level = 1 if tokens >= token_threshold else 0
        if both:
            level_keys[slot] = key
            level_vals[slot] = level
        out[p] = level
    return out
