"""The weights clustering reads: the model's, overruled by the domain verdicts, one pass.

:func:`sidalih.engine._score.cluster_weights` states the bands (a hard veto, a veto that
yields to a certain bridge, one that yields to any bridge, an identical record merged as
certain); this kernel writes them in one pass over the pairs instead of a copy and a
boolean array per band (0.16 s over the 12M pairs of a 1M-record list).

``kinds`` maps each verdict code to its band (:data:`MODEL`, :data:`HARD`,
:data:`TO_CERTAIN`, :data:`YIELDS`, :data:`CERTAIN`); it is passed in because a cached
kernel would freeze module constants.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["guarded_weights", "MODEL", "HARD", "TO_CERTAIN", "YIELDS", "CERTAIN"]

MODEL, HARD, TO_CERTAIN, YIELDS, CERTAIN = range(5)


@njit(cache=True, nogil=True)
def guarded_weights(weight, verdict, kinds, forbid, floor, certain):  # type: ignore[no-untyped-def]
    """Per pair: ``forbid - 2`` for a hard veto, ``- 1.5`` for one yielding to a certain
    bridge, ``- 1`` for one yielding to any; ``certain + max(w, floor)`` for an identical
    record; else the weight, lowered to ``forbid - 2`` where it is below ``forbid``.

    >>> kinds = np.array([MODEL, HARD, TO_CERTAIN, YIELDS, CERTAIN], dtype=np.int8)
    >>> guarded_weights(np.array([5.0, -20.0, 9.0, 9.0, 9.0, 3.0, -1.0]),
    ...                 np.array([0, 0, 1, 2, 3, 4, 4], dtype=np.int8), kinds,
    ...                 -10.0, 2.0, 53.0).tolist()
    [5.0, -20.0, -12.0, -11.5, -11.0, 56.0, 55.0]
    """
    out = np.empty(weight.shape[0], dtype=np.float64)
    for i in range(weight.shape[0]):
        w = weight[i]
        if w < forbid:
            w = min(w, forbid - 2.0)
        v = verdict[i]
        kind = kinds[v] if 0 <= v < kinds.shape[0] else MODEL
        if kind == HARD:
            w = forbid - 2.0
        elif kind == TO_CERTAIN:
            w = forbid - 1.5
        elif kind == YIELDS:
            w = forbid - 1.0
        elif kind == CERTAIN and w == w:  # NaN stays NaN, as numpy's maximum leaves it
            w = certain + (w if w >= floor else floor)
        out[i] = w
    return out
