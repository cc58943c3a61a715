"""Token-set name similarity over Arrow-style buffers.

Definition (the reference in ``tests/reference_strings.py`` follows it step by step):

1. Tokens are the maximal runs of non-space bytes (byte 32 separates); only the
   first ``max_tokens`` tokens of a name are used.
2. Two tokens *agree* with a score:

   - 1.0 when they are equal;
   - ``initial_score`` when exactly one of them has a single byte and it is the
     first byte of the other (``m`` / ``muhammad``);
   - otherwise their Jaro–Winkler similarity, when it is at least ``token_cutoff``
     (single-byte tokens that differ never agree).

3. Tokens are paired greedily: repeatedly take the agreeing pair of still unpaired
   tokens with the highest score (ties: lowest left position, then lowest right
   position) until none is left.
4. The similarity is the sum of the paired scores divided by the mean token count
   (``denominator=0``), the smaller one (``1``) or the larger one (``2``). Two
   names without tokens score 1.0; one name without tokens scores 0.0. A score
   below ``score_cutoff`` is returned as 0.0.

So ``siti aminah`` / ``siti nur aminah`` scores 2 / 2.5 = 0.8 with the mean, 1.0
with the minimum; ``aminah siti`` / ``siti aminah`` scores 1.0 with any.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sidalih.kernels._jaro import _inline, _ptr, jaro_winkler_span

# The helpers take arrays as their ``_ptr`` (no reference counting per call) and are
# inlined by LLVM (see sidalih.kernels._jaro).


@_inline
def _split(d, s, n, starts, lens, max_tokens):  # type: ignore[no-untyped-def]
    count = 0
    k = 0
    while k < n and count < max_tokens:
        while k < n and d[s + k] == 32:
            k += 1
        if k >= n:
            break
        begin = k
        while k < n and d[s + k] != 32:
            k += 1
        starts[count] = s + begin
        lens[count] = k - begin
        count += 1
    return count


@_inline
def _token_score(a, sa, la, b, sb, lb, pm, tbuf, prefix_weight, token_cutoff, initial_score):  # type: ignore[no-untyped-def]
    if la == 1 or lb == 1:
        if a[sa] != b[sb]:
            return 0.0
        return 1.0 if la == lb else initial_score
    return jaro_winkler_span(a, sa, la, b, sb, lb, pm, tbuf, prefix_weight, token_cutoff)


@_inline
def _greedy_total(scores, na, nb, used_a, used_b):  # type: ignore[no-untyped-def]
    # used_a, used_b: uint8 flags (a bool pointer cannot be stored through)
    for i in range(na):
        used_a[i] = np.uint8(0)
    for j in range(nb):
        used_b[j] = np.uint8(0)
    total = 0.0
    for _ in range(min(na, nb)):
        best = 0.0
        bi = -1
        bj = -1
        for i in range(na):
            if used_a[i]:
                continue
            for j in range(nb):
                v = scores[i * nb + j]
                if v > best and not used_b[j]:
                    best = v
                    bi = i
                    bj = j
        if bi < 0:
            break
        total += best
        used_a[bi] = np.uint8(1)
        used_b[bj] = np.uint8(1)
    return total


@njit(cache=True, nogil=True)
def token_set_pairs(  # type: ignore[no-untyped-def]
    offs_a,
    data_a,
    valid_a,
    offs_b,
    data_b,
    valid_b,
    left_idx,
    right_idx,
    prefix_weight,
    token_cutoff,
    initial_score,
    denominator,
    max_tokens,
    score_cutoff,
):
    """Token-set similarity per pair (see the module docstring); NaN where a side is invalid."""
    npairs = left_idx.shape[0]
    out = np.empty(npairs, dtype=np.float64)
    pm = np.zeros(256, dtype=np.uint64)
    tbuf = np.zeros(65, dtype=np.uint8)
    st_a = np.zeros(max_tokens, dtype=np.int64)
    ln_a = np.zeros(max_tokens, dtype=np.int64)
    st_b = np.zeros(max_tokens, dtype=np.int64)
    ln_b = np.zeros(max_tokens, dtype=np.int64)
    scores = np.zeros(max_tokens * max_tokens, dtype=np.float64)
    used_a = np.zeros(max_tokens, dtype=np.uint8)
    used_b = np.zeros(max_tokens, dtype=np.uint8)
    da = _ptr(data_a)
    db = _ptr(data_b)
    for k in range(npairs):
        i = left_idx[k]
        j = right_idx[k]
        if not (valid_a[i] and valid_b[j]):
            out[k] = np.nan
            continue
        # pointers of the local arrays are taken here, where they are used (see _ptr)
        na = _split(da, offs_a[i], offs_a[i + 1] - offs_a[i], _ptr(st_a), _ptr(ln_a), max_tokens)
        nb = _split(db, offs_b[j], offs_b[j + 1] - offs_b[j], _ptr(st_b), _ptr(ln_b), max_tokens)
        if na == 0 or nb == 0:
            sim = 1.0 if na == nb else 0.0
        else:
            for p in range(na):
                for q in range(nb):
                    scores[p * nb + q] = _token_score(
                        da,
                        st_a[p],
                        ln_a[p],
                        db,
                        st_b[q],
                        ln_b[q],
                        _ptr(pm),
                        _ptr(tbuf),
                        prefix_weight,
                        token_cutoff,
                        initial_score,
                    )
            total = _greedy_total(_ptr(scores), na, nb, _ptr(used_a), _ptr(used_b))
            if denominator == 1:
                sim = total / min(na, nb)
            elif denominator == 2:
                sim = total / max(na, nb)
            else:
                sim = 2.0 * total / (na + nb)
        out[k] = sim if sim >= score_cutoff else 0.0
    return out
