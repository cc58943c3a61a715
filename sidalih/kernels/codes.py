"""Comparison kernels for coded values: equality and hierarchical code prefixes.

Values arrive as dense int64 codes (``-1`` for missing) made once per column by the
wrapper in :mod:`sidalih.compare`, so a pair costs two array reads.
"""

from __future__ import annotations

import numpy as np
from numba import njit


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
