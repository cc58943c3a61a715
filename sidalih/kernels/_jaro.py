"""Jaro and Jaro–Winkler kernels over Arrow-style string buffers.

A string is the byte span ``data[start:start + length]``; bytes are symbols (no
Unicode decoding). Semantics follow ``rapidfuzz.distance.JaroWinkler``: the match
window is ``max(len) // 2 - 1`` (at least 0), two empty strings score 1.0, one
empty string scores 0.0, the Winkler boost (common prefix of at most 4 bytes)
applies only when the Jaro score exceeds 0.7, and a score below ``score_cutoff``
is returned as 0.0.

When the shorter string has at most 64 bytes the matching step is bit-parallel:
``pm[c]`` holds a bitmask of the positions of byte ``c`` in the shorter string, a
sliding mask selects the window, and the lowest free position is taken with one
``x & -x`` (the approach of Hyyrö's bit-vector algorithms, as used by RapidFuzz).
Pairs where both strings exceed 64 bytes use the textbook flag-array scan.

With a cutoff, two bounds skip work: the lengths alone bound the best possible
Jaro score, and the matching loop stops once too few text bytes remain to
reach the number of matches the cutoff needs.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _load_pattern(p, ps, m, pm):  # type: ignore[no-untyped-def]
    """Set bit ``i`` of ``pm[c]`` for every position ``i`` of byte ``c`` in the pattern."""
    one = np.uint64(1)
    for i in range(m):
        pm[p[ps + i]] |= one << np.uint64(i)


@njit(cache=True, nogil=True, inline="always")
def _clear_pattern(p, ps, m, pm):  # type: ignore[no-untyped-def]
    for i in range(m):
        pm[p[ps + i]] = np.uint64(0)


@njit(cache=True, nogil=True, inline="always")
def _jaro_loaded(pm, m, t, ts, n, tbuf, min_matches):  # type: ignore[no-untyped-def]
    """Jaro of a loaded pattern of 1..64 bytes (``pm``) against a text of n >= 1 bytes.

    Returns 0.0 as soon as fewer than ``min_matches`` matches remain possible.
    ``tbuf`` needs room for 65 bytes: the match loop is branch-free and always
    stores the current text byte, advancing only on a match. Jaro is symmetric, so
    either string may be the pattern; the pattern may be the longer one.
    """
    one = np.uint64(1)
    zero = np.uint64(0)
    window = max(n, m) // 2 - 1
    if window < 0:
        window = 0
    bound = ~zero if window + 1 >= 64 else (one << np.uint64(window + 1)) - one
    pflag = zero
    matches = 0
    # Beyond position m + window no text byte can reach the pattern.
    jend = min(n, m + window)
    jgrow = min(window, jend)
    # While the window's left edge is clipped at 0 the mask only grows.
    for j in range(jgrow):
        c = t[ts + j]
        x = pm[c] & bound & ~pflag
        pflag |= x & (~x + one)
        tbuf[matches] = c
        matches += x != zero
        bound = (bound << one) | one
    if min_matches > 0:
        for j in range(jgrow, jend):
            c = t[ts + j]
            x = pm[c] & bound & ~pflag
            pflag |= x & (~x + one)
            tbuf[matches] = c
            matches += x != zero
            bound = bound << one
            if matches + (jend - 1 - j) < min_matches:
                return 0.0
    else:
        for j in range(jgrow, jend):
            c = t[ts + j]
            x = pm[c] & bound & ~pflag
            pflag |= x & (~x + one)
            tbuf[matches] = c
            matches += x != zero
            bound = bound << one
    if matches == 0 or matches < min_matches:
        return 0.0
    # Matched text bytes in text order against matched pattern positions in
    # pattern order: each mismatch is half a transposition.
    half = 0
    f = pflag
    for k in range(matches):
        low = f & (~f + one)
        half += (pm[tbuf[k]] & low) == zero
        f ^= low
    return (matches / m + matches / n + (matches - half // 2) / matches) / 3.0


@njit(cache=True, nogil=True, inline="always")
def _jaro_bits(p, ps, m, t, ts, n, pm, tbuf, min_matches):  # type: ignore[no-untyped-def]
    """Jaro of a pattern of 1..64 bytes against a text; ``pm`` zeroed before and after."""
    _load_pattern(p, ps, m, pm)
    sim = _jaro_loaded(pm, m, t, ts, n, tbuf, min_matches)
    _clear_pattern(p, ps, m, pm)
    return sim


@njit(cache=True, nogil=True)
def _jaro_flags(a, sa, la, b, sb, lb):  # type: ignore[no-untyped-def]
    """Textbook Jaro for long strings (both longer than 64 bytes; rare in names)."""
    window = max(la, lb) // 2 - 1
    if window < 0:
        window = 0
    fa = np.zeros(la, dtype=np.bool_)
    fb = np.zeros(lb, dtype=np.bool_)
    matches = 0
    for i in range(lb):
        lo = max(0, i - window)
        hi = min(la, i + window + 1)
        for k in range(lo, hi):
            if not fa[k] and a[sa + k] == b[sb + i]:
                fa[k] = True
                fb[i] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    half = 0
    k = 0
    for i in range(lb):
        if fb[i]:
            while not fa[k]:
                k += 1
            if a[sa + k] != b[sb + i]:
                half += 1
            k += 1
    return (matches / la + matches / lb + (matches - half // 2) / matches) / 3.0


@njit(cache=True, nogil=True, inline="always")
def _common_prefix4(a, sa, la, b, sb, lb):  # type: ignore[no-untyped-def]
    limit = min(4, la, lb)
    k = 0
    while k < limit and a[sa + k] == b[sb + k]:
        k += 1
    return k


@njit(cache=True, nogil=True, inline="always")
def _min_matches(la, lb, prefix, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """Fewest matches that can still reach ``score_cutoff``; -1 when the lengths alone fail."""
    boost = prefix * prefix_weight
    # Smallest Jaro score that can still reach the cutoff after the boost.
    jaro_needed = score_cutoff
    if score_cutoff > 0.7:
        jaro_needed = 0.7
        if boost < 1.0:
            jaro_needed = max(0.7, (score_cutoff - boost) / (1.0 - boost))
    # Even if every byte of the shorter string matched, Jaro <= (2 + short/long) / 3.
    if jaro_needed > 0.0 and (2.0 + min(la, lb) / max(la, lb)) / 3.0 < jaro_needed - 1e-12:
        return -1
    # With no transposition, Jaro = (M/la + M/lb + 1) / 3: fewer matches cannot reach the cutoff.
    if jaro_needed > 0.34:
        return int(np.ceil((3.0 * jaro_needed - 1.0) * la * lb / (la + lb) - 1e-9))
    return 0


@njit(cache=True, nogil=True, inline="always")
def _same_bytes(a, sa, b, sb, n, start):  # type: ignore[no-untyped-def]
    k = start
    while k < n and a[sa + k] == b[sb + k]:
        k += 1
    return k == n


@njit(cache=True, nogil=True, inline="always")
def _winkler(sim, prefix, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    if sim > 0.7:
        sim += prefix * prefix_weight * (1.0 - sim)
    if sim >= score_cutoff:
        return sim
    return 0.0


@njit(cache=True, nogil=True, inline="always")
def jaro_winkler_span(a, sa, la, b, sb, lb, pm, tbuf, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """Jaro–Winkler similarity of two byte spans, 0.0 when below ``score_cutoff``.

    ``pm`` is a zeroed ``uint64[256]`` work table (left zeroed on return) and
    ``tbuf`` a ``uint8[65]`` buffer.
    """
    if la == 0 and lb == 0:
        return 1.0 if score_cutoff <= 1.0 else 0.0
    if la == 0 or lb == 0:
        return 0.0
    prefix = _common_prefix4(a, sa, la, b, sb, lb)
    # Equal strings score exactly 1.0 (the boost adds 0), as the full computation does.
    if la == lb and prefix == min(4, la) and _same_bytes(a, sa, b, sb, la, prefix):
        return 1.0 if score_cutoff <= 1.0 else 0.0
    min_matches = _min_matches(la, lb, prefix, prefix_weight, score_cutoff)
    if min_matches < 0:
        return 0.0
    if la <= lb and la <= 64:
        sim = _jaro_bits(a, sa, la, b, sb, lb, pm, tbuf, min_matches)
    elif lb < la and lb <= 64:
        sim = _jaro_bits(b, sb, lb, a, sa, la, pm, tbuf, min_matches)
    else:
        sim = _jaro_flags(a, sa, la, b, sb, lb)
    return _winkler(sim, prefix, prefix_weight, score_cutoff)


@njit(cache=True, nogil=True)
def jaro_winkler_cached(  # type: ignore[no-untyped-def]
    a, i, sa, la, b, sb, lb, pm, pm_b, tbuf, cur, cur_s, cur_l, prefix_weight, score_cutoff
):
    """Jaro–Winkler of row ``i`` (span ``sa, la`` of ``a``) and a span of ``b``.

    Same result as :func:`jaro_winkler_span`, but row ``i``'s pattern table stays in
    ``pm`` for the next call: candidate pairs come sorted by left row, so a row's
    table is built once for all its partners. ``cur, cur_s, cur_l`` name the row
    (and its span) whose table ``pm`` holds (``cur = -1``: none, ``pm`` zeroed);
    the updated triple is returned with the score. ``pm_b`` is a zeroed scratch
    table for rows of ``a`` longer than 64 bytes.
    """
    if la == 0 and lb == 0:
        return (1.0 if score_cutoff <= 1.0 else 0.0), cur, cur_s, cur_l
    if la == 0 or lb == 0:
        return 0.0, cur, cur_s, cur_l
    prefix = _common_prefix4(a, sa, la, b, sb, lb)
    if la == lb and prefix == min(4, la) and _same_bytes(a, sa, b, sb, la, prefix):
        return (1.0 if score_cutoff <= 1.0 else 0.0), cur, cur_s, cur_l
    min_matches = _min_matches(la, lb, prefix, prefix_weight, score_cutoff)
    if min_matches < 0:
        return 0.0, cur, cur_s, cur_l
    if la <= 64:
        if cur != i:
            _clear_pattern(a, cur_s, cur_l, pm)
            _load_pattern(a, sa, la, pm)
            cur = i
            cur_s = sa
            cur_l = la
        sim = _jaro_loaded(pm, la, b, sb, lb, tbuf, min_matches)
    elif lb <= 64:
        sim = _jaro_bits(b, sb, lb, a, sa, la, pm_b, tbuf, min_matches)
    else:
        sim = _jaro_flags(a, sa, la, b, sb, lb)
    return _winkler(sim, prefix, prefix_weight, score_cutoff), cur, cur_s, cur_l


@njit(cache=True, nogil=True)
def jaro_winkler_pairs(  # type: ignore[no-untyped-def]
    offs_a,
    data_a,
    valid_a,
    offs_b,
    data_b,
    valid_b,
    left_idx,
    right_idx,
    prefix_weight,
    score_cutoff,
):
    """Jaro–Winkler for each pair ``(left_idx[k], right_idx[k])``; NaN where a side is invalid.

    The caller guarantees in-bounds indices, ``int64`` offsets, ``uint8`` data and
    ``bool`` validity masks (``sidalih.strings`` validates before calling). Any pair
    order works; pairs sorted by left row are fastest.
    """
    npairs = left_idx.shape[0]
    out = np.empty(npairs, dtype=np.float64)
    pm = np.zeros(256, dtype=np.uint64)
    pm_b = np.zeros(256, dtype=np.uint64)
    tbuf = np.zeros(65, dtype=np.uint8)
    cur, cur_s, cur_l = -1, 0, 0
    for k in range(npairs):
        i = left_idx[k]
        j = right_idx[k]
        if not (valid_a[i] and valid_b[j]):
            out[k] = np.nan
            continue
        sa = offs_a[i]
        sb = offs_b[j]
        sim, cur, cur_s, cur_l = jaro_winkler_cached(
            data_a,
            i,
            sa,
            offs_a[i + 1] - sa,
            data_b,
            sb,
            offs_b[j + 1] - sb,
            pm,
            pm_b,
            tbuf,
            cur,
            cur_s,
            cur_l,
            prefix_weight,
            score_cutoff,
        )
        out[k] = sim
    return out
