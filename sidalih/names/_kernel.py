"""Position rules for name tokens: a numba kernel over flat token flags.

A token's flags say what it *can* be (:mod:`._lexicon`); its place decides what it
*is*. For one name (tokens ``s .. e`` of the flat arrays) the rules are, in order:

1. Commas are dropped.
2. **Suffix titles**, walking back from the last token: a strong degree (``S.Pd``,
   ``SH``) is a title; a weak one (``SE``, ``MM``) is a title when it stands after a
   comma, or when at least two words come before it. The first word is never a title
   here.
3. **bin / binti**: the first one that has a word before it and a word after it
   starts the patronymic. Suffix titles just before it are stripped as in rule 2.
4. **Prefix titles**, walking forward from the first token: prefix titles, given-
   name titles (Andi, Gusti) and two-word titles (Anak Agung, Ida Bagus) are titles
   as long as one word is left after them.
5. In the patronymic, prefix titles are dropped by the same rule (they are the
   father's, not this person's).
6. ``Md`` right after the Balinese ``I``/``Ni`` is *Made*, elsewhere *Muhammad*.

Every parameter is an argument (cached kernels freeze globals).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# Helpers that never allocate are compiled without numba's reference counting: the
# atomic increments it adds for every array passed to them cost more than their work.
_NO_REFCOUNT: dict[str, Any] = {"_nrt": False}

ROLE_NAME = 0
ROLE_TITLE = 1
ROLE_BIN = 2
ROLE_PATRONYMIC = 3
ROLE_DROP = 4
ROLE_MADE = 5


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _suffix_walk(s, hi, first, flags, roles, f_suffix, f_weak, f_comma):  # type: ignore[no-untyped-def]
    """Mark suffix titles walking back from ``hi - 1``; return the new end."""
    words_before = 0
    first_comma = hi
    for j in range(s, hi):
        if flags[j] & f_comma:
            if first_comma == hi:
                first_comma = j
        else:
            words_before += 1
    j = hi - 1
    while j > first:
        f = flags[j]
        if f & f_comma:
            j -= 1
            continue
        words_before -= 1  # words strictly before j
        weak_ok = (f & f_weak) != 0 and (j > first_comma or words_before >= 2)
        if (f & f_suffix) or weak_ok:
            roles[j] = 1
            hi = j
            j -= 1
        else:
            break
    return hi


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _prefix_walk(lo, hi, flags, roles, role, f_prefix, f_ambig, f_head, f_tail, f_comma):  # type: ignore[no-untyped-def]
    """Mark prefix titles from ``lo`` in ``[lo, hi)`` leaving one word; return the first word."""
    last = hi - 1
    while last > lo and flags[last] & f_comma:
        last -= 1
    j = lo
    while j < last:
        f = flags[j]
        if f & f_comma:
            j += 1
        elif f & (f_prefix | f_ambig):
            roles[j] = role
            j += 1
        elif (f & f_head) and j + 1 < last and (flags[j + 1] & f_tail):
            roles[j] = role
            roles[j + 1] = role
            j += 2
        else:
            break
    return j


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _one_name(s, e, flags, roles, fl):  # type: ignore[no-untyped-def]
    # fl: suffix, weak, bin, comma, prefix, ambig, head, tail, gender, md
    first = -1
    for j in range(s, e):
        if flags[j] & fl[3]:
            roles[j] = 4
        else:
            roles[j] = 0
            if first < 0:
                first = j
    if first < 0:
        return
    hi = _suffix_walk(s, e, first, flags, roles, fl[0], fl[1], fl[3])
    name_hi = hi
    for k in range(first + 1, hi):
        if flags[k] & fl[2]:
            after = -1
            for q in range(k + 1, hi):
                if not flags[q] & fl[3]:
                    after = q
                    break
            if after < 0:
                break
            roles[k] = 2
            name_hi = _suffix_walk(s, k, first, flags, roles, fl[0], fl[1], fl[3])
            p = _prefix_walk(k + 1, hi, flags, roles, 4, fl[4], fl[5], fl[6], fl[7], fl[3])
            for q in range(p, hi):
                if roles[q] == 0:
                    roles[q] = 3
            break
    _prefix_walk(first, name_hi, flags, roles, 1, fl[4], fl[5], fl[6], fl[7], fl[3])
    prev_gender = False
    for j in range(s, e):
        if roles[j] != 0:
            continue
        if (flags[j] & fl[9]) and prev_gender:
            roles[j] = 5
        prev_gender = (flags[j] & fl[8]) != 0


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _key_choice(s, e, flags, lengths, roles, include, f_nokey, f_low):  # type: ignore[no-untyped-def]
    """Mark tokens of the whole-name key; return the index of the key token or -1."""
    count = 0
    for j in range(s, e):
        include[j] = False
        if roles[j] == 5 or (roles[j] == 0 and not flags[j] & f_nokey):
            include[j] = True
            count += 1
    if count == 0:
        for j in range(s, e):
            include[j] = roles[j] == 0 or roles[j] == 5
    best = -1
    best_len = -1
    last = -1
    for j in range(s, e):
        if roles[j] == 0 or roles[j] == 5:
            last = j
            if roles[j] == 0 and not flags[j] & (f_nokey | f_low) and lengths[j] >= best_len:
                best = j
                best_len = lengths[j]
    return best if best >= 0 else last


@njit(cache=True, nogil=True)
def name_roles(offsets, flags, lengths, fl, f_nokey, f_low):  # type: ignore[no-untyped-def]
    """Roles (int8), key inclusion (bool) per token and key-token index per name."""
    n = offsets.shape[0] - 1
    m = flags.shape[0]
    roles = np.zeros(m, dtype=np.int8)
    include = np.zeros(m, dtype=np.bool_)
    best = np.full(n, -1, dtype=np.int64)
    for r in range(n):
        s = offsets[r]
        e = offsets[r + 1]
        if e > s:
            _one_name(s, e, flags, roles, fl)
            best[r] = _key_choice(s, e, flags, lengths, roles, include, f_nokey, f_low)
    return roles, include, best


@njit(cache=True, nogil=True)
def dense_ids(hashes):  # type: ignore[no-untyped-def]
    """Dense ids (first-seen order) of 64-bit hashes, and the first row of each id.

    Open addressing; the caller checks that equal hashes hold equal strings.
    """
    n = hashes.shape[0]
    size = 1
    while size < 2 * n + 2:
        size *= 2
    mask = np.uint64(size - 1)
    keys = np.zeros(size, dtype=np.uint64)
    vals = np.full(size, -1, dtype=np.int64)
    ids = np.empty(n, dtype=np.int64)
    first = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        x = hashes[i]
        j = ((x * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(20)) & mask
        while True:
            v = vals[j]
            if v < 0:
                vals[j] = k
                keys[j] = x
                first[k] = i
                ids[i] = k
                k += 1
                break
            if keys[j] == x:
                ids[i] = v
                break
            j = (j + np.uint64(1)) & mask
    return ids, first[:k]
