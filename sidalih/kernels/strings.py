"""String-similarity kernels over Arrow-style columns (``offsets: int64[N+1]`` + ``data: uint8``).

Every ``*_pairs`` kernel takes two columns ``(offsets, data, valid)`` and two
equally long ``int64`` index arrays, and scores each pair in one jitted loop with
no Python per pair. The kernels trust their input: :mod:`sidalih.strings` checks
dtypes, shapes and index bounds before calling them.

==========================  ==========  ======================================
kernel                      result      missing side (``valid`` is False)
==========================  ==========  ======================================
:func:`jaro_winkler_pairs`  ``float64``  NaN
:func:`levenshtein_pairs`   ``int32``    -1
:func:`osa_pairs`           ``int32``    -1
:func:`token_set_pairs`     ``float64``  NaN
==========================  ==========  ======================================
"""

from __future__ import annotations

from sidalih.kernels._edit import edit_distance_span, levenshtein_pairs, osa_pairs
from sidalih.kernels._jaro import jaro_winkler_pairs, jaro_winkler_span
from sidalih.kernels._tokens import token_set_pairs

__all__ = [
    "jaro_winkler_pairs",
    "jaro_winkler_span",
    "levenshtein_pairs",
    "osa_pairs",
    "edit_distance_span",
    "token_set_pairs",
]
