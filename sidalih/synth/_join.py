"""Join token indices into strings in one pass (Arrow offsets + bytes).

Names are made of up to eight tokens taken from one pool of words; building a million
of them with string expressions costs more than everything else in the generator, so a
small kernel writes the Arrow buffers directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
import pyarrow as pa
from numba import njit

__all__ = ["TokenPool", "join_tokens"]


@njit(cache=True)
def _join_kernel(
    tokens: np.ndarray, pool_offsets: np.ndarray, pool_bytes: np.ndarray, sep: np.uint8
) -> tuple[np.ndarray, np.ndarray]:
    n, k = tokens.shape
    offsets = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        size = 0
        first = True
        for j in range(k):
            t = tokens[i, j]
            if t < 0:
                continue
            length = pool_offsets[t + 1] - pool_offsets[t]
            glue = length > 0 and pool_bytes[pool_offsets[t]] == 44  # ","
            if not first and not glue:
                size += 1
            size += length
            first = False
        offsets[i + 1] = offsets[i] + size
    out = np.empty(offsets[n], dtype=np.uint8)
    for i in range(n):
        pos = offsets[i]
        first = True
        for j in range(k):
            t = tokens[i, j]
            if t < 0:
                continue
            a = pool_offsets[t]
            b = pool_offsets[t + 1]
            glue = b > a and pool_bytes[a] == 44
            if not first and not glue:
                out[pos] = sep
                pos += 1
            for c in range(a, b):
                out[pos] = pool_bytes[c]
                pos += 1
            first = False
    return offsets, out


class TokenPool:
    """An indexed set of words; :meth:`add` returns the index of each word."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._words: list[str] = []
        self._buffers: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, words: Sequence[str]) -> np.ndarray:
        """Indices of ``words``, adding the new ones."""
        out = np.empty(len(words), dtype=np.int64)
        for i, w in enumerate(words):
            if w not in self._index:
                self._index[w] = len(self._words)
                self._words.append(w)
                self._buffers = None
            out[i] = self._index[w]
        return out

    def word(self, index: int) -> str:
        return self._words[index]

    def buffers(self) -> tuple[np.ndarray, np.ndarray]:
        """Arrow-style (offsets, bytes) of the pool."""
        if self._buffers is None:
            encoded = [w.encode() for w in self._words]
            lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
            offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
            data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
            self._buffers = (offsets, data)
        return self._buffers


def join_tokens(tokens: np.ndarray, pool: TokenPool, *, name: str, sep: str = " ") -> pl.Series:
    """Strings made of the pool words at ``tokens`` (rows × slots, -1 = empty slot).

    A word starting with ``,`` is glued to the previous one without a separator.

    Examples
    --------
    >>> p = TokenPool()
    >>> i = p.add(["Budi", "Santoso", ", S.Pd."])
    >>> join_tokens(np.array([[0, 1, 2], [0, -1, -1]]), p, name="nama").to_list()
    ['Budi Santoso, S.Pd.', 'Budi']
    """
    tokens = np.ascontiguousarray(tokens, dtype=np.int64)
    if tokens.ndim != 2:
        raise ValueError("tokens must be a 2-d array of pool indices")
    offsets, data = pool.buffers()
    if tokens.size and (tokens.max() >= offsets.size - 1 or tokens.min() < -1):
        raise ValueError("token index outside the pool")
    n = tokens.shape[0]
    off, out = _join_kernel(tokens, offsets, data, np.uint8(ord(sep)))
    arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(off), pa.py_buffer(out))
    series = pl.from_arrow(arr)
    assert isinstance(series, pl.Series)
    return series.alias(name)
