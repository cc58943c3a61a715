"""Kernels for coded values: equality and hierarchical code prefixes, and grouping.

Values arrive as dense int64 codes (``-1`` for missing) made once per column by the
wrapper in :mod:`sidalih.compare`, so a pair costs two array reads. Training samples
random pairs within groups of such codes (:mod:`sidalih.engine._fit`): rows are grouped
and pairs of codes numbered by counting sorts (:func:`group_rows`, :func:`pair_codes`),
in time linear in the rows, with the result a comparison sort gives.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def exact_levels(left, right, codes):  # type: ignore[no-untyped-def]
    """-1 when either side is missing, 1 when the codes agree, else 0."""
    n = left.shape[0]
    out = np.empty(n, dtype=np.int8)
    for p in range(n):
        a = codes[left[p]]
        b = codes[right[p]]
        if a < 0 or b < 0:
            out[p] = -1
        elif a == b:
            out[p] = 1
        else:
            out[p] = 0
    return out


@njit(cache=True, nogil=True)
def regency_levels(levels, left, right, regency):  # type: ignore[no-untyped-def]
    """Make room for a "same regency" level (1) above "different" (0), in place.

    ``levels`` are a string comparison's (-1 null, 0 different, 1.. similar, exact);
    ``regency`` a code per row of the regency its text names (-1: none). A pair that
    differs as text but names one regency takes level 1; every higher level moves up one.
    """
    for p in range(levels.shape[0]):
        level = levels[p]
        if level > 0:
            levels[p] = level + 1
        elif level == 0:
            a = regency[left[p]]
            if a >= 0 and a == regency[right[p]]:
                levels[p] = 1


@njit(cache=True, nogil=True)
def prefix_levels(left, right, codes):  # type: ignore[no-untyped-def]
    """Hierarchical agreement over code columns ordered from coarsest to finest.

    ``codes`` has one column per prefix length (e.g. regency, district, village);
    the level is the number of leading columns on which both sides agree, or -1 when
    the finest code is missing on either side.
    """
    n = left.shape[0]
    depth = codes.shape[1]
    out = np.empty(n, dtype=np.int8)
    for p in range(n):
        i = left[p]
        j = right[p]
        if codes[i, depth - 1] < 0 or codes[j, depth - 1] < 0:
            out[p] = -1
            continue
        level = 0
        for d in range(depth):
            if codes[i, d] != codes[j, d]:
                break
            level += 1
        out[p] = level
    return out


@njit(cache=True, nogil=True)
def group_rows(codes, lo, hi, n_groups):  # type: ignore[no-untyped-def]
    """Rows ``lo..hi`` with a code (``>= 0``) grouped by code, rows ascending in a group.

    A counting sort: the order a stable sort of those rows by code gives, in O(rows +
    groups) instead of a comparison sort. Returns the rows in that order and the rows
    per group (``codes`` lie in ``[-1, n_groups)``).
    """
    counts = np.zeros(n_groups, np.int64)
    for i in range(lo, hi):
        if codes[i] >= 0:
            counts[codes[i]] += 1
    fill = np.empty(n_groups, np.int64)
    total = 0
    for g in range(n_groups):
        fill[g] = total
        total += counts[g]
    order = np.empty(total, np.int64)
    for i in range(lo, hi):
        g = codes[i]
        if g >= 0:
            order[fill[g]] = i
            fill[g] += 1
    return order, counts


@njit(cache=True, nogil=True)
def renumbered(codes, order):  # type: ignore[no-untyped-def]
    """``codes[order]`` numbered again by first appearance (``-1`` stays ``-1``).

    Dense codes are numbered as their values were first met in the list; read in
    another row order, the same groups get the numbers that order gives them.
    """
    n = order.shape[0]
    width = 0
    for i in range(codes.shape[0]):
        if codes[i] + 1 > width:
            width = codes[i] + 1
    new = np.full(width, -1, np.int64)
    out = np.empty(n, np.int64)
    next_code = 0
    for k in range(n):
        c = codes[order[k]]
        if c < 0:
            out[k] = -1
            continue
        if new[c] < 0:
            new[c] = next_code
            next_code += 1
        out[k] = new[c]
    return out


@njit(cache=True, nogil=True)
def pair_codes(a, b):  # type: ignore[no-untyped-def]
    """Dense codes of the pairs ``(a[i], b[i])`` numbered in (a, b) order; -1 where either
    is missing (``< 0``).

    The numbering sorting the distinct pairs gives, from two counting sorts (by ``b``,
    then stably by ``a``) instead of a comparison sort of combined keys.
    """
    n = a.shape[0]
    width_a = 0
    width_b = 0
    for i in range(n):
        if a[i] >= 0 and b[i] >= 0:
            width_a = max(width_a, a[i] + 1)
            width_b = max(width_b, b[i] + 1)
    out = np.full(n, -1, np.int64)
    by_b = _counting_order(b, a, b, np.arange(n), width_b)
    by_ab = _counting_order(a, a, b, by_b, width_a)
    code = -1
    for k in range(by_ab.shape[0]):
        i = by_ab[k]
        if k == 0 or a[i] != a[by_ab[k - 1]] or b[i] != b[by_ab[k - 1]]:
            code += 1
        out[i] = code
    return out


@njit(cache=True, nogil=True)
def _counting_order(key, a, b, rows, width):  # type: ignore[no-untyped-def]
    # ``rows`` whose a and b are both present, stably ordered by ``key``
    fill = np.zeros(width + 1, np.int64)
    for i in rows:
        if a[i] >= 0 and b[i] >= 0:
            fill[key[i] + 1] += 1
    for v in range(width):
        fill[v + 1] += fill[v]
    out = np.empty(fill[width], np.int64)
    for i in rows:
        if a[i] >= 0 and b[i] >= 0:
            out[fill[key[i]]] = i
            fill[key[i]] += 1
    return out


@njit(cache=True, parallel=True)
def gather_at_level(gamma, j, level, card, card_top, left, per_row):  # type: ignore[no-untyped-def]
    """``per_row[left[p]]`` where pair ``p`` is at ``level`` of comparison ``j``, else 0.0.

    With ``card >= 0`` also only where comparison ``card`` is below its top level
    ``card_top`` (a pair sharing a family card gets no village adjustment). A value
    that depends only on the left row (a term frequency) is computed once per row and
    read here per pair: pairs are independent, so the pass runs on every core.
    """
    n = gamma.shape[0]
    out = np.empty(n, dtype=np.float64)
    for p in prange(n):
        if gamma[p, j] == level and (card < 0 or gamma[p, card] != card_top):
            out[p] = per_row[left[p]]
        else:
            out[p] = 0.0
    return out



@njit(cache=True, nogil=True)
def first_rows(ids, n_ids):  # type: ignore[no-untyped-def]
    """The first row of each id ``0 .. n_ids - 1`` (ids numbered in order of first
    appearance, -1 for none, as :func:`sidalih.kernels.fused.string_ids` gives)."""
    out = np.full(n_ids, -1, dtype=np.int64)
    for i in range(ids.shape[0]):
        k = ids[i]
        if k >= 0 and out[k] < 0:
            out[k] = i
    return out


@njit(cache=True, nogil=True)
def count_by_code(values, regions, joint):  # type: ignore[no-untyped-def]
    """Rows per value code, per region code and per (value, region) code (``joint``, see
    :func:`pair_codes`), and each joint code's region; -1 codes are not counted.

    Examples
    --------
    >>> v, k, j, jr = count_by_code(np.array([0, 0, 1, -1]), np.array([0, 1, 1, 1]),
    ...                             np.array([0, 1, 2, -1]))
    >>> v.tolist(), k.tolist(), j.tolist(), jr.tolist()
    ([2, 1], [1, 3], [1, 1, 1], [0, 1, 1])
    """
    width_v = width_k = width_j = 0
    for i in range(values.shape[0]):
        width_v = max(width_v, values[i] + 1)
        width_k = max(width_k, regions[i] + 1)
        width_j = max(width_j, joint[i] + 1)
    count_v = np.zeros(width_v, np.int64)
    count_k = np.zeros(width_k, np.int64)
    count_j = np.zeros(width_j, np.int64)
    joint_region = np.full(width_j, -1, np.int64)
    for i in range(values.shape[0]):
        if values[i] >= 0:
            count_v[values[i]] += 1
        if regions[i] >= 0:
            count_k[regions[i]] += 1
        if joint[i] >= 0:
            count_j[joint[i]] += 1
            joint_region[joint[i]] = regions[i]
    return count_v, count_k, count_j, joint_region


@njit(cache=True, nogil=True)
def frequencies(values, regions, joint, min_rows):  # type: ignore[no-untyped-def]
    """Relative frequency of each row's value, within its region when that has at least
    ``min_rows`` rows, else in the whole list; 1.0 where the value is missing.

    ``values`` and ``regions`` are dense codes (-1 missing), ``joint`` the codes of their
    pairs (:func:`pair_codes`). The floats are polars' for ``len().over(...) / len().over(...)``
    (a quotient) and ``len().over(...) / len()`` (a product with ``1 / len``).
    """
    n = values.shape[0]
    count_v, count_k, count_j, _ = count_by_code(values, regions, joint)
    out = np.empty(n, np.float64)
    # polars divides a column by the list's length as a product with its reciprocal
    per_row = 1.0 / np.float64(n)
    for i in range(n):
        v = values[i]
        k = regions[i]
        if v < 0:
            out[i] = 1.0
        elif k >= 0 and count_k[k] >= min_rows:
            out[i] = np.float64(count_j[joint[i]]) / np.float64(count_k[k])
        else:
            out[i] = np.float64(count_v[v]) * per_row
    return out


@njit(cache=True, nogil=True)
def digit_prefix_codes(offs, data, valid, lengths):  # type: ignore[no-untyped-def]
    """Dense codes of each valid row's first ``lengths[k]`` bytes (at most 6), numbered in
    the order sorting those texts gives, when each is ASCII digits; ``ok`` False else.

    A prefix is read as base-11 digits (a digit ``d`` as ``d + 1``, a short text padded
    with 0), an order-preserving key below ``11**6``: the prefixes are ranked by
    counting, not by sorting text. Invalid rows get -1.
    """
    n = valid.shape[0]
    out = np.full((n, lengths.shape[0]), -1, dtype=np.int64)
    keys = np.zeros(n, dtype=np.int64)
    for k in range(lengths.shape[0]):
        m = lengths[k]
        seen = np.zeros(11 ** m, dtype=np.int64)
        for i in range(n):
            if not valid[i]:
                continue
            key = 0
            for q in range(m):
                digit = 0
                if offs[i] + q < offs[i + 1]:
                    b = data[offs[i] + q]
                    if b < 48 or b > 57:
                        return out, False
                    digit = b - 47
                key = key * 11 + digit
            keys[i] = key
            seen[key] = 1
        number = np.cumsum(seen) - 1
        for i in range(n):
            if valid[i]:
                out[i, k] = number[keys[i]]
    return out, True


@njit(cache=True, nogil=True)
def in_earlier_block(left, right, rule, keys, known, earlier):  # type: ignore[no-untyped-def]
    """Per pair, whether a rule listed in ``earlier`` and before the pair's own ``rule``
    has both its rows in one block.

    ``keys[i, k]`` is row ``i``'s key hash under rule ``earlier[k]``, read only where
    ``known[i, k]`` (a row the rule does not block, or blocks in a block it does not
    generate in full, is not known). One pass over the pairs, every earlier rule's key
    of a row on one cache line, where a pass per rule read four arrays at random.
    """
    n = left.shape[0]
    m = earlier.shape[0]
    out = np.zeros(n, dtype=np.bool_)
    for p in range(n):
        a = left[p]
        b = right[p]
        for k in range(m):
            if rule[p] > earlier[k] and known[a, k] and known[b, k] and keys[a, k] == keys[b, k]:
                out[p] = True
                break
    return out
