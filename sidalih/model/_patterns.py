"""Gamma validation and agreement-pattern counting.

EM only needs how often each distinct agreement pattern occurs: a candidate-pair
matrix of ``n`` rows has at most ``prod(n_levels + 1)`` distinct rows, typically a few
hundred, so every EM iteration costs O(patterns), not O(pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sidalih.errors import InputTypeError, InvalidParameterError, SidalihError
from sidalih.model._kernels import column_ranges, count_codes, encode_patterns

__all__ = ["validate_gamma", "checked_gamma", "count_patterns"]

# Below this many possible patterns a dense bincount (O(n), 8 bytes per pattern)
# beats sorting the codes.
_DENSE_LIMIT = 1 << 22
_INT64_SAFE = 1 << 62


def validate_gamma(gamma: object, n_levels: Sequence[int], *, what: str = "gamma") -> np.ndarray:
    """Return ``gamma`` as a C-contiguous int8 matrix, or raise naming the bad column.

    Examples
    --------
    >>> validate_gamma([[0, 1], [-1, 2]], [2, 3]).dtype
    dtype('int8')
    """
    array = np.asarray(gamma)
    k = len(n_levels)
    if array.ndim != 2 or array.shape[1] != k:
        raise InvalidParameterError(
            f"{what} must be a matrix of shape (n_pairs, {k}), one column per comparison; "
            f"got shape {array.shape}"
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise InputTypeError(f"{what} must hold integer levels, got dtype {array.dtype}")
    if array.shape[0]:
        if array.dtype == np.int8:
            low, high = column_ranges(np.ascontiguousarray(array))
        else:  # wider types could wrap when cast to int8: check before casting
            low, high = array.min(axis=0), array.max(axis=0)
        bad = [
            f"column {j}: values in [{int(low[j])}, {int(high[j])}], expected [-1, {n_levels[j] - 1}]"
            for j in range(k)
            if low[j] < -1 or high[j] > n_levels[j] - 1
        ]
        if bad:
            raise InvalidParameterError(f"{what} holds levels out of range: " + "; ".join(bad))
    return np.ascontiguousarray(array, dtype=np.int8)


def _strides(n_levels: Sequence[int]) -> np.ndarray | None:
    """Mixed-radix strides, first column most significant; None if int64 would overflow."""
    strides = np.ones(len(n_levels), dtype=np.int64)
    total = 1
    for j in range(len(n_levels) - 1, -1, -1):
        strides[j] = total
        total *= n_levels[j] + 1
        if total >= _INT64_SAFE:
            return None
    return strides


def count_patterns(gamma: np.ndarray, n_levels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a validated ``gamma`` (sorted) and how often each occurs.

    Examples
    --------
    >>> g = np.array([[1, 0], [-1, 1], [1, 0]], dtype=np.int8)
    >>> patterns, counts = count_patterns(g, [2, 2])
    >>> patterns.tolist(), counts.tolist()
    ([[-1, 1], [1, 0]], [1, 2])
    """
    k = len(n_levels)
    strides = _strides(n_levels)
    if gamma.shape[0] == 0:
        return np.empty((0, k), dtype=np.int8), np.empty(0, dtype=np.int64)
    if strides is None:
        rows, counts = np.unique(gamma, axis=0, return_counts=True)
        return rows.astype(np.int8), counts.astype(np.int64)
    n_possible = int(strides[0]) * (n_levels[0] + 1)
    if n_possible <= _DENSE_LIMIT:
        dense = count_codes(np.ascontiguousarray(gamma, dtype=np.int8), strides, n_possible)
        unique = np.flatnonzero(dense).astype(np.int64)
        counts = dense[unique].astype(np.int64)
    else:
        unique, counts = np.unique(encode_patterns(gamma, strides), return_counts=True)
    radix = np.asarray(n_levels, dtype=np.int64) + 1
    patterns = (unique[:, None] // strides[None, :]) % radix[None, :] - 1
    return patterns.astype(np.int8), counts.astype(np.int64)


def checked_gamma(values: Any, n_levels: Sequence[int], *, what: str = "gamma") -> np.ndarray:
    """:func:`validate_gamma`, with rows of unequal length a typed error too."""
    try:
        return validate_gamma(values, n_levels, what=what)
    except SidalihError:
        raise
    except (TypeError, ValueError) as error:  # numpy refuses ragged rows
        raise InvalidParameterError(
            f"{what} must be a matrix of shape (n_pairs, {len(n_levels)}), one column per "
            f"comparison; its rows could not be read as one ({error})"
        ) from error
