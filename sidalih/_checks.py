"""Argument checks shared by the public entry points (row numbers, real numbers, paths)."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from sidalih.errors import InputTypeError, InvalidParameterError

__all__ = ["is_real", "row_numbers", "path_argument"]


def path_argument(value: Any, *, what: str) -> Path:
    """``value`` as a :class:`~pathlib.Path`, or an :class:`InputTypeError` naming the
    argument (``None`` from an unset setting reached ``os`` as a bare TypeError).

    >>> path_argument("out", what="directory").name
    'out'
    >>> path_argument(None, what="directory")
    Traceback (most recent call last):
    ...
    sidalih.errors.InputTypeError: directory must be a path (str or os.PathLike), got NoneType
    """
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    raise InputTypeError(f"{what} must be a path (str or os.PathLike), got "
                         f"{type(value).__name__}")


def is_real(value: Any) -> bool:
    """A finite real number, NumPy scalars included, never a bool.

    An integer too large for a float (``10**400`` in an edited model file) is not one:
    it would overflow wherever it is used.

    >>> is_real(0.5), is_real(np.float32(2)), is_real(True), is_real(10**400), is_real("1")
    (True, True, False, False, False)
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def row_numbers(values: Any, n_rows: int, *, what: str) -> np.ndarray:
    """Row positions as C-contiguous int64 within ``0..n_rows - 1``.

    Floats and text are refused (:class:`InvalidParameterError`, as ``cluster_pairs``
    always did), never truncated or parsed.

    >>> row_numbers([2, 0], 3, what="left").tolist()
    [2, 0]
    """
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidParameterError(f"{what} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)  # np.asarray([]) is float64
    if array.dtype.kind not in "iu":
        raise InvalidParameterError(
            f"{what} must hold integer row numbers, got {array.dtype} values"
        )
    bad = np.flatnonzero((array < 0) | (array >= n_rows))
    if bad.size:
        raise InvalidParameterError(
            f"{what} holds row numbers outside [0, {n_rows}): {bad.size} pairs, first at "
            f"position {int(bad[0])} (value {int(array[bad[0]])})"
        )
    return np.ascontiguousarray(array, dtype=np.int64)
