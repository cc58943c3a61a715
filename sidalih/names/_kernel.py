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
   **alias / als / (**: the first one that has a word before it and a word after it
   (after the patronymic's start, if any) ends the name and the patronymic; what
   follows is the person's other name (``alias``). An alias word elsewhere is
   dropped as a comma is.
4. **Prefix titles**, walking forward from the first token: prefix titles (a degree
   whose dots show it, ``S.Pd.``, among them: :mod:`._tokens`), given-name titles
   (Andi, Gusti) and two-word titles (Anak Agung, Ida Bagus, Raden Ajeng: read before
   the one-word title Raden; written as two initials, ``R. A.``, only of two initials,
   so ``Ida A. Sari`` keeps the initial) are titles as long as one word is left after
   them. The Balinese ``I``/``Ni`` right before a title is part of it (``I Gusti
   Ngurah Rai`` reads as ``Gusti Ngurah Rai`` does: ``ngurah rai``).
5. In the patronymic, prefix titles are dropped by the same rule (they are the
   father's, not this person's).
6. ``Md`` right after a Balinese word a birth order follows (``I``/``Ni``, a caste
   title and its second word, ``Luh``: :data:`._lexicon.BALI_BEFORE_ORDER`), whatever
   its role, is *Made*, elsewhere *Muhammad*; ``Ny`` there is *Nyoman*
   (``I Gusti Md. Raka``, ``I.A. Ny. Artini``).

Every parameter is an argument (cached kernels freeze globals).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# The kernels never allocate (the Python driver does): they are compiled without
# numba's reference counting, whose atomic increments for every array passed to a
# helper cost more than the helper's work, and allocating in numba is slow to compile
# (a fresh install compiles every kernel once). Helpers called only from compiled code
# get no Python entry point (``no_cpython_wrapper``), which would double their compile
# time. Helpers take no literal constants: each literal value would compile a
# specialisation of its own.
_NO_REFCOUNT: dict[str, Any] = {"_nrt": False}
_PRIVATE: dict[str, Any] = {"no_cpython_wrapper": True, "no_cfunc_wrapper": True, **_NO_REFCOUNT}
_called = njit(cache=True, nogil=True, **_PRIVATE)

ROLE_NAME = 0
ROLE_TITLE = 1
ROLE_BIN = 2
ROLE_PATRONYMIC = 3
ROLE_DROP = 4
ROLE_MADE = 5
ROLE_ALIAS = 6


@_called
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


@_called
def _prefix_walk(lo, hi, flags, roles, role, f_prefix, f_ambig, f_head, f_tail, f_comma, f_gender, f_initial):  # type: ignore[no-untyped-def]
    """Mark prefix titles from ``lo`` in ``[lo, hi)`` leaving one word; return the first word."""
    last = hi - 1
    while last > lo and flags[last] & f_comma:
        last -= 1
    j = lo
    while j < last:
        f = flags[j]
        if f & f_comma:
            j += 1
        elif ((f & f_head) and j + 1 < last and (flags[j + 1] & f_tail)
              and (f & f_initial) == (flags[j + 1] & f_initial)):
            # before a title alone: Raden is one, and the head of Raden Ajeng; two
            # initials (R. A.) or two words, never one of each (Ida A. Sari: a name)
            roles[j] = role
            roles[j + 1] = role
            j += 2
        elif (f & f_gender) and j + 1 < last and (flags[j + 1] & (f_prefix | f_ambig)):
            # I / Ni before a title is the title's (I Gusti, Ni Gusti Ayu): written or
            # left out as the title is, never a word of the name apart from it
            roles[j] = role
            roles[j + 1] = role
            j += 2
        elif f & (f_prefix | f_ambig):
            roles[j] = role
            j += 1
        else:
            break
    return j


@_called
def _word_after(k, hi, flags, f_comma):  # type: ignore[no-untyped-def]
    """Whether a word (not a comma) stands in ``(k, hi)``."""
    for q in range(k + 1, hi):  # noqa: SIM110 (numba compiles no generator into any())
        if not flags[q] & f_comma:
            return True
    return False


@_called
def _other_part(lo, hi, flags, roles, role, fl):  # type: ignore[no-untyped-def]
    """Mark the words of ``[lo, hi)`` as ``role`` (patronymic, alias), their prefix
    titles dropped (they are the father's or the other name's)."""
    p = _prefix_walk(lo, hi, flags, roles, np.int8(ROLE_DROP), fl[4], fl[5], fl[6], fl[7], fl[3],
                     fl[8], fl[12])
    for q in range(p, hi):
        if roles[q] == 0:
            roles[q] = role


@_called
def _one_name(s, e, flags, roles, fl):  # type: ignore[no-untyped-def]
    # fl: suffix, weak, bin, comma, prefix, ambig, head, tail, gender, md, alias, bali,
    # initial
    first = e  # not -1: a literal start would type the calls below twice
    for j in range(s, e):
        if flags[j] & fl[3]:
            roles[j] = 4
        else:
            roles[j] = 0
            if first == e:
                first = j
    if first == e:
        return
    hi = _suffix_walk(s, e, first, flags, roles, fl[0], fl[1], fl[3])
    name_hi = hi
    bin_at = hi
    alias_at = hi
    for k in range(first + 1, hi):
        if not flags[k] & (fl[2] | fl[10]) or not _word_after(k, hi, flags, fl[3]):
            continue
        if flags[k] & fl[10]:
            alias_at = k
            break
        if bin_at == hi:
            bin_at = k
    if alias_at < hi:
        name_hi = _suffix_walk(s, alias_at, first, flags, roles, fl[0], fl[1], fl[3])
        _other_part(alias_at + 1, hi, flags, roles, np.int8(ROLE_ALIAS), fl)
    if bin_at < hi:
        roles[bin_at] = 2
        name_hi = _suffix_walk(s, bin_at, first, flags, roles, fl[0], fl[1], fl[3])
        _other_part(bin_at + 1, alias_at, flags, roles, np.int8(ROLE_PATRONYMIC), fl)
    _prefix_walk(
        first, name_hi, flags, roles, np.int8(ROLE_TITLE), fl[4], fl[5], fl[6], fl[7], fl[3],
        fl[8], fl[12],
    )
    prev_bali = False
    for j in range(s, e):
        if flags[j] & fl[3]:
            continue
        if roles[j] == 0 and (flags[j] & fl[9]) and prev_bali:
            roles[j] = 5
        prev_bali = (flags[j] & fl[11]) != 0


@_called
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


def name_roles(
    offsets: np.ndarray,
    flags: np.ndarray,
    lengths: np.ndarray,
    fl: np.ndarray,
    f_nokey: int,
    f_low: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Roles (int8), key inclusion (bool) per token and key-token index per name.

    ``fl`` holds the flag bits of: suffix title, weak suffix title, bin/binti, comma,
    prefix title, ambiguous title, two-word title head and tail, gendered Balinese
    prefix, ``Md``, alias, a Balinese word before a birth order, a single letter.

    Examples
    --------
    >>> fl = np.array([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 4096, 8192, 16384],
    ...               dtype=np.int32)
    >>> roles, include, best = name_roles(
    ...     np.array([0, 3], dtype=np.int64), np.array([16, 0, 1], dtype=np.int32),
    ...     np.array([2, 4, 4], dtype=np.int32), fl, 1024, 2048,
    ... )
    >>> roles.tolist(), include.tolist(), best.tolist()
    ([1, 0, 1], [False, True, False], [1])
    """
    m = flags.shape[0]
    roles = np.zeros(m, dtype=np.int8)
    include = np.zeros(m, dtype=np.bool_)
    best = np.full(offsets.shape[0] - 1, -1, dtype=np.int64)
    _all_names(offsets, flags, lengths, fl, f_nokey, f_low, roles, include, best)
    return roles, include, best


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _all_names(offsets, flags, lengths, fl, f_nokey, f_low, roles, include, best):  # type: ignore[no-untyped-def]
    for r in range(offsets.shape[0] - 1):
        s = offsets[r]
        e = offsets[r + 1]
        if e > s:
            _one_name(s, e, flags, roles, fl)
            best[r] = _key_choice(s, e, flags, lengths, roles, include, f_nokey, f_low)


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
