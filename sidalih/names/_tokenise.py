"""Tokeniser kernel: raw name bytes → distinct raw tokens, in one numba pass.

Works on Arrow-style string buffers (``offsets`` int64, ``data`` uint8) of ASCII text
(the caller folds other Unicode to ASCII first). For each name:

1. **Raw tokens.** Letters are lower-cased; ``'`` and `````` are skipped (``Ma'ruf`` →
   ``maruf``); a token is a letter followed by letters and dots (``moh.``, ``s.pd.``,
   ``m.yusuf``); a comma and an opening parenthesis are tokens of their own (titles
   follow a comma, another name a parenthesis); every other byte separates tokens.
2. **A degree split by a space.** A letter with a dot followed by a token starting with
   one to four letters is rejoined (``S. Pd`` → ``s.pd``, ``M. M.`` → ``m.m.``), when
   what follows is the end, a comma or a dotted token; so ``M. H. Thamrin`` stays
   three words. (An initial joined so to a dotted degree, ``K. M.Pd.`` → ``k.m.pd.``,
   is split again where the token's pieces are made: :func:`._tokens._words`.)
3. Each final token is looked up in a hash table of the tokens seen so far (bytes
   compared on a hit, so there are no collisions) and replaced by its id.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# The kernels never allocate (the Python drivers below do): they are compiled without
# numba's reference counting, whose atomic increments for every array passed to a
# helper cost more than the helper's work, and allocating in numba is slow to compile
# (a fresh install compiles every kernel once). Helpers called only from compiled code
# get no Python entry point (``no_cpython_wrapper``), which would double their compile
# time. Tiny helpers with one call site in a small caller are inlined in numba's IR
# (``_ir``): cheaper there than a compile of their own.
_NO_REFCOUNT: dict[str, Any] = {"_nrt": False}
_PRIVATE: dict[str, Any] = {"no_cpython_wrapper": True, "no_cfunc_wrapper": True, **_NO_REFCOUNT}
_called = njit(cache=True, nogil=True, **_PRIVATE)
_ir = njit(cache=True, nogil=True, inline="always", **_PRIVATE)
_kernel = njit(cache=True, nogil=True, **_NO_REFCOUNT)

__all__ = ["tokenise", "expand_pieces"]


@_called
def _raw_tokens(data, s, e, buf, starts, ends):  # type: ignore[no-untyped-def]
    """Lower-cased raw tokens of ``data[s:e]`` into ``buf``; return the token count."""
    n_buf = 0
    n_tok = 0
    in_tok = False
    for i in range(s, e):
        c = data[i]
        if 65 <= c <= 90:
            c += 32
        if 97 <= c <= 122:
            if not in_tok:
                starts[n_tok] = n_buf
                in_tok = True
            buf[n_buf] = c
            n_buf += 1
        elif c == 46 and in_tok:  # "."
            buf[n_buf] = c
            n_buf += 1
        elif c == 39 or c == 96:  # apostrophe, backtick: skipped inside words
            continue
        else:
            if in_tok:
                ends[n_tok] = n_buf
                n_tok += 1
                in_tok = False
            if c == 44 or c == 40:  # "," "("
                starts[n_tok] = n_buf
                buf[n_buf] = c
                n_buf += 1
                ends[n_tok] = n_buf
                n_tok += 1
    if in_tok:
        ends[n_tok] = n_buf
        n_tok += 1
    return n_tok


@_ir
def _lead_letters(buf, s, e):  # type: ignore[no-untyped-def]
    n = 0
    for i in range(s, e):
        if buf[i] == 46:
            break
        n += 1
    return n


@_ir
def _has_dot(buf, s, e):  # type: ignore[no-untyped-def]
    dots = 0
    for i in range(s, e):
        dots += buf[i] == 46
    return dots > 0


@_called
def _merge(buf, n_tok, starts, ends, out, o_starts, o_ends):  # type: ignore[no-untyped-def]
    """Rule 2 of the module docstring; final tokens go to ``out``."""
    n_out = 0
    pos = 0
    i = 0
    while i < n_tok:
        # rule 2: "x." + a token of 1-4 leading letters, then end / comma / dotted token
        take = 1
        if (
            i + 1 < n_tok
            and ends[i] - starts[i] == 2
            and buf[starts[i] + 1] == 46
            and buf[starts[i + 1]] != 44
            and buf[starts[i + 1]] != 40
            and _lead_letters(buf, starts[i + 1], ends[i + 1]) <= 4
        ):
            nxt = i + 2
            if nxt >= n_tok or buf[starts[nxt]] == 44 or _has_dot(buf, starts[nxt], ends[nxt]):
                take = 2
        o_starts[n_out] = pos
        for t in range(i, i + take):
            for q in range(starts[t], ends[t]):
                out[pos] = buf[q]
                pos += 1
        o_ends[n_out] = pos
        n_out += 1
        i += take
    return n_out


@_ir
def _hash(out, s, e):  # type: ignore[no-untyped-def]
    h = np.uint64(14695981039346656037)
    for i in range(s, e):
        h = (h ^ np.uint64(out[i])) * np.uint64(1099511628211)
    return h


@_ir
def _lookup(out, s, e, h, table, u_off, u_bytes):  # type: ignore[no-untyped-def]
    """Slot index holding the token, or the empty slot where it belongs.

    ``table`` rows are (hash, id + 1; 0 when empty): one cache line per probe.
    """
    mask = np.uint64(table.shape[0] - 1)
    j = h & mask
    length = e - s
    while True:
        v = np.int64(table[j, 1]) - 1
        if v < 0:
            return j
        if table[j, 0] != h:
            j = (j + np.uint64(1)) & mask
            continue
        us = u_off[v]
        if u_off[v + 1] - us == length:
            same = True
            for q in range(length):
                if u_bytes[us + q] != out[s + q]:
                    same = False
                    break
            if same:
                return j
        j = (j + np.uint64(1)) & mask


def _grow_i64(arr: np.ndarray, need: int) -> np.ndarray:
    if need <= arr.shape[0]:
        return arr
    bigger = np.empty(max(need, 2 * arr.shape[0]), dtype=np.int64)
    bigger[: arr.shape[0]] = arr
    return bigger


@_kernel
def _rehash(old, table):  # type: ignore[no-untyped-def]
    """Move the entries of hash table ``old`` into the larger, zeroed ``table``."""
    mask = np.uint64(table.shape[0] - 1)
    for i in range(old.shape[0]):
        if old[i, 1] != 0:
            h = old[i, 0]
            j = h & mask
            while table[j, 1] != 0:
                j = (j + np.uint64(1)) & mask
            table[j, 0] = h
            table[j, 1] = old[i, 1]


@_called
def _insert(out, s, e, table, n_uniq, u_off, u_bytes):  # type: ignore[no-untyped-def]
    """Id of token ``out[s:e]``, adding it if new (``u_off`` has room); returns (id, n_uniq)."""
    h = _hash(out, s, e)
    j = _lookup(out, s, e, h, table, u_off, u_bytes)
    if table[j, 1] == 0:
        table[j, 0] = h
        table[j, 1] = n_uniq + 1
        base = u_off[n_uniq]
        for q in range(e - s):
            u_bytes[base + q] = out[s + q]
        u_off[n_uniq + 1] = base + e - s
        n_uniq += 1
    return np.int64(table[j, 1]) - 1, n_uniq


@_kernel
def _tokenise_rows(offsets, data, valid, scratch, name_off, tok_id, u_off, u_bytes, table, state):  # type: ignore[no-untyped-def]
    """Tokenise rows from ``state`` = (row, tokens so far, distinct tokens) on, until done
    or until a row might not fit the arrays (the caller grows them and calls again).

    Compiled without reference counting: it runs once per token, never allocates, and
    numba's atomic reference counts on the arrays it passes around cost more than the
    tokenising (the caller owns every array).
    """
    buf, out = scratch[0], scratch[1]
    starts, ends = scratch[2], scratch[3]
    o_starts, o_ends = scratch[4], scratch[5]
    n = offsets.shape[0] - 1
    r, m, n_uniq = state[0], state[1], state[2]
    while r < n:
        if valid[r]:
            # a row of L bytes has at most L tokens, all of them possibly new
            most = offsets[r + 1] - offsets[r]
            if (
                m + most > tok_id.shape[0]
                or n_uniq + most + 2 > u_off.shape[0]
                or 2 * (n_uniq + most) > table.shape[0]
            ):
                break
            n_raw = _raw_tokens(data, offsets[r], offsets[r + 1], buf, starts, ends)
            n_out = _merge(buf, n_raw, starts, ends, out, o_starts, o_ends)
            for t in range(n_out):
                tok_id[m], n_uniq = _insert(
                    out, o_starts[t], o_ends[t], table, n_uniq, u_off, u_bytes
                )
                m += 1
        name_off[r + 1] = m
        r += 1
    state[0], state[1], state[2] = r, m, n_uniq


def tokenise(
    offsets: np.ndarray, data: np.ndarray, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (per-name token offsets, token ids, distinct-token offsets and bytes).

    Examples
    --------
    >>> raw = np.frombuffer(b"Budi S. Pd,Ani", dtype=np.uint8)
    >>> name_off, tok_id, u_off, u_bytes = tokenise(
    ...     np.array([0, 14], dtype=np.int64), raw, np.array([True])
    ... )
    >>> name_off.tolist(), tok_id.tolist(), bytes(u_bytes)
    ([0, 4], [0, 1, 2, 3], b'budis.pd,ani')
    """
    n = offsets.shape[0] - 1
    total = int(offsets[n] - offsets[0])
    longest = max(1, int(np.diff(offsets).max())) if n > 0 else 1
    # buf, out (bytes) and starts, ends, o_starts, o_ends (positions) of one row
    scratch = np.empty((6, longest), dtype=np.int64)
    name_off = np.zeros(n + 1, dtype=np.int64)
    tok_id = np.empty(max(16, total // 4), dtype=np.int64)
    u_off = np.zeros(1024, dtype=np.int64)
    u_bytes = np.empty(total + 1, dtype=np.uint8)  # merges only drop bytes
    table = np.zeros((2048, 2), dtype=np.uint64)
    state = np.zeros(3, dtype=np.int64)
    while True:
        _tokenise_rows(
            offsets, data, valid, scratch, name_off, tok_id, u_off, u_bytes, table, state
        )
        r, m, n_uniq = (int(v) for v in state)
        if r >= n:
            break
        most = int(offsets[r + 1] - offsets[r])
        tok_id = _grow_i64(tok_id, m + most)
        u_off = _grow_i64(u_off, n_uniq + most + 2)
        size = table.shape[0]
        while 2 * (n_uniq + most) > size:
            size *= 2
        if size > table.shape[0]:
            bigger = np.zeros((size, 2), dtype=np.uint64)
            _rehash(table, bigger)
            table = bigger
    m, n_uniq = int(state[1]), int(state[2])
    return name_off, tok_id[:m].copy(), u_off[: n_uniq + 1].copy(), u_bytes[: u_off[n_uniq]].copy()


def expand_pieces(
    name_off: np.ndarray, tok_id: np.ndarray, piece_start: np.ndarray, piece_count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Replace each token by its pieces: per-name piece offsets and piece-table rows.

    Examples
    --------
    >>> off, rows = expand_pieces(
    ...     np.array([0, 2], dtype=np.int64), np.array([1, 0], dtype=np.int64),
    ...     np.array([0, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64),
    ... )
    >>> off.tolist(), rows.tolist()
    ([0, 3], [1, 2, 0])
    """
    new_off = np.zeros(name_off.shape[0], dtype=np.int64)
    no_rows = np.empty(0, dtype=np.int64)
    total = _expand(name_off, tok_id, piece_start, piece_count, new_off, no_rows, False)
    rows = np.empty(total, dtype=np.int64)
    _expand(name_off, tok_id, piece_start, piece_count, new_off, rows, True)
    return new_off, rows


@_kernel
def _expand(name_off, tok_id, piece_start, piece_count, new_off, rows, fill):  # type: ignore[no-untyped-def]
    """Count the pieces (``fill`` False), or write them and their offsets (True)."""
    if not fill:
        total = 0
        for i in range(tok_id.shape[0]):
            total += piece_count[tok_id[i]]
        return total
    m = 0
    for r in range(name_off.shape[0] - 1):
        for i in range(name_off[r], name_off[r + 1]):
            t = tok_id[i]
            for p in range(piece_count[t]):
                rows[m] = piece_start[t] + p
                m += 1
        new_off[r + 1] = m
    return m


def join_strings(
    name_off: np.ndarray, rows: np.ndarray, mask: np.ndarray, s_off: np.ndarray, s_bytes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per name, the strings ``s[rows[i]]`` of its masked entries joined by spaces.

    Returns Arrow-style (offsets, bytes, valid); a name with no masked entry is invalid.

    Examples
    --------
    >>> out_off, out, valid = join_strings(
    ...     np.array([0, 2, 3], dtype=np.int64), np.array([1, 0, 1], dtype=np.int64),
    ...     np.array([True, True, False]), np.array([0, 2, 5], dtype=np.int64),
    ...     np.frombuffer(b"abcde", dtype=np.uint8),
    ... )
    >>> out_off.tolist(), bytes(out), valid.tolist()
    ([0, 6, 6], b'cde ab', [True, False])
    """
    n = name_off.shape[0] - 1
    out_off = np.zeros(n + 1, dtype=np.int64)
    valid = np.zeros(n, dtype=np.bool_)
    out = np.empty(0, dtype=np.uint8)
    size = _join(name_off, rows, mask, s_off, s_bytes, out_off, valid, out, False)
    out = np.empty(size, dtype=np.uint8)
    _join(name_off, rows, mask, s_off, s_bytes, out_off, valid, out, True)
    return out_off, out, valid


@_kernel
def _join(name_off, rows, mask, s_off, s_bytes, out_off, valid, out, fill):  # type: ignore[no-untyped-def]
    """Size the output and mark ``valid`` (``fill`` False), or write it (True)."""
    n = name_off.shape[0] - 1
    size = 0
    if not fill:
        for r in range(n):
            for i in range(name_off[r], name_off[r + 1]):
                if mask[i]:
                    if valid[r]:
                        size += 1
                    valid[r] = True
                    size += s_off[rows[i] + 1] - s_off[rows[i]]
        return size
    for r in range(n):
        first = True
        for i in range(name_off[r], name_off[r + 1]):
            if mask[i]:
                if not first:
                    out[size] = 32
                    size += 1
                first = False
                for q in range(s_off[rows[i]], s_off[rows[i] + 1]):
                    out[size] = s_bytes[q]
                    size += 1
        out_off[r + 1] = size
    return size
