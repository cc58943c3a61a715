"""Distinct strings: number each value of an Arrow-style string column in one pass.

Preparing a list does its text work once per distinct value (a million voters hold
about 150,000 distinct names, 1,200 places of birth, 400 village codes) and gathers
the results back by these numbers. Values are looked up in an open-addressing hash
table (FNV-1a; the bytes are compared on a hit, so there are no collisions).
:func:`distinct_rows` allocates the arrays (the kernel never does) and
:mod:`sidalih.prepare` builds the columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# As the other kernels: no reference counting (the caller owns every array), and the
# helper gets no Python entry point.
_NO_REFCOUNT: dict[str, Any] = {"_nrt": False}
_PRIVATE: dict[str, Any] = {"no_cpython_wrapper": True, "no_cfunc_wrapper": True, **_NO_REFCOUNT}

__all__ = ["distinct_rows", "distinct_codes", "table_size", "edges_may_strip"]


def distinct_rows(offsets: np.ndarray, data: np.ndarray, valid: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's number (-1 where not ``valid``) and the first row of each distinct value.

    Examples
    --------
    >>> data = np.frombuffer(b"ab" b"c" b"ab" b"", dtype=np.uint8)
    >>> codes, first = distinct_rows(np.array([0, 2, 3, 5, 5]), data,
    ...                              np.array([True, True, True, False]))
    >>> codes.tolist(), first.tolist()
    ([0, 1, 0, -1], [0, 1])
    """
    n = offsets.shape[0] - 1
    # read-only views, as Arrow buffers arrive: one numba specialisation for every caller
    offsets, data, valid = (_read_only(np.ascontiguousarray(a, dtype=t)) for a, t in
                            ((offsets, np.int64), (data, np.uint8), (valid, np.bool_)))
    # The table starts small and grows: a list's distinct values are far fewer than its
    # rows, and a table that fits the cache is probed faster.
    table = np.zeros((table_size(min(n, _START)), 4), dtype=np.uint64)
    codes = np.empty(n, dtype=np.int64)
    first = np.empty(n, dtype=np.int64)
    state = np.zeros(2, dtype=np.int64)  # next row, distinct values so far
    while distinct_codes(offsets, data, valid, table, codes, first, state):
        bigger = np.zeros((4 * table.shape[0], 4), dtype=np.uint64)
        _rehash(table, bigger)
        table = bigger
    return codes, first[: state[1]]


# Values the first table holds (32 KiB): small enough that the command line's warm-up
# sample (846 distinct names) grows it once, so that :func:`_rehash` is compiled there.
_START = 1 << 9


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


def table_size(n: int) -> int:
    """Slots of the hash table for ``n`` values: a power of two at least twice ``n``.

    >>> table_size(0), table_size(3), table_size(1000)
    (2, 8, 2048)
    """
    return 1 << max(1, (2 * n - 1).bit_length())


@njit(cache=True, nogil=True, inline="always", **_PRIVATE)
def _same(data, a, a_end, b, b_end):  # type: ignore[no-untyped-def]
    """Whether ``data[a:a_end]`` and ``data[b:b_end]`` hold the same bytes."""
    n = a_end - a
    if b_end - b != n:
        return False
    q = 0
    while q < n and data[a + q] == data[b + q]:
        q += 1
    return q == n


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def distinct_codes(offsets, data, valid, table, codes, first, state):  # type: ignore[no-untyped-def]
    """Number the values in order of first appearance, from row ``state[0]`` on.

    ``codes[i]`` is the number of value ``i`` (-1 where ``valid`` is false) and
    ``first[c]`` the row where value ``c`` first appears; ``state`` holds the next row
    and the count of distinct values. ``table`` is uint64 of shape (a power of two, 4):
    a slot holds a value's hash, its number + 1 (0: empty) and where its bytes start
    and end, so a probe reads one cache line and then the bytes it compares. Returns
    True when it stopped because the table is half full (the caller grows it with
    :func:`_rehash` and calls again), False when done.
    """
    mask = np.uint64(table.shape[0] - 1)
    n_distinct = state[1]
    prev = state[0] - 1
    for i in range(state[0], offsets.shape[0] - 1):
        if not valid[i]:
            codes[i] = -1
            continue
        s = offsets[i]
        e = offsets[i + 1]
        # Lists come sorted by village or household: a row often repeats the one before.
        if prev >= 0 and valid[prev] and _same(data, offsets[prev], offsets[prev + 1], s, e):
            codes[i] = codes[prev]
            prev = i
            continue
        if 2 * (n_distinct + 1) > table.shape[0]:
            state[0] = i
            state[1] = n_distinct
            return True
        prev = i
        h = np.uint64(14695981039346656037)
        for q in range(s, e):
            h = (h ^ np.uint64(data[q])) * np.uint64(1099511628211)
        j = h & mask
        while True:
            c = np.int64(table[j, 1]) - 1
            if c < 0:
                table[j, 0] = h
                table[j, 1] = n_distinct + 1
                table[j, 2] = s
                table[j, 3] = e
                first[n_distinct] = i
                codes[i] = n_distinct
                n_distinct += 1
                break
            if table[j, 0] == h and _same(data, np.int64(table[j, 2]), np.int64(table[j, 3]), s, e):
                codes[i] = c
                break
            j = (j + np.uint64(1)) & mask
    state[0] = offsets.shape[0] - 1
    state[1] = n_distinct
    return False


@njit(cache=True, nogil=True, **_NO_REFCOUNT)
def _rehash(old, table):  # type: ignore[no-untyped-def]
    """Move the entries of hash table ``old`` into the larger, zeroed ``table``."""
    mask = np.uint64(table.shape[0] - 1)
    for i in range(old.shape[0]):
        if old[i, 1] != 0:
            j = old[i, 0] & mask
            while table[j, 1] != 0:
                j = (j + np.uint64(1)) & mask
            for k in range(4):
                table[j, k] = old[i, k]


@njit(cache=True, nogil=True)
def edges_may_strip(offs, data, valid):  # type: ignore[no-untyped-def]
    """Whether a valid row's first or last byte may be whitespace that stripping removes.

    ASCII whitespace (tab to carriage return, space) or any non-ASCII byte (a multi-byte
    character may be Unicode whitespace) counts: False means stripping every row
    changes no row.
    """
    for i in range(valid.shape[0]):
        if valid[i] and offs[i + 1] > offs[i]:
            for b in (data[offs[i]], data[offs[i + 1] - 1]):
                if b >= 128 or b == 32 or 9 <= b <= 13:
                    return True
    return False
