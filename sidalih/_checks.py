"""Argument checks shared by the public entry points (row numbers, real numbers, paths,
record ids)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sized
from pathlib import Path
from typing import Any

import numpy as np

from sidalih.errors import InputTypeError, InvalidParameterError

__all__ = ["is_real", "row_numbers", "path_argument", "record_id_problem"]


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


def record_id_problem(value: Any, *, what: str) -> str | None:
    """Why ``value`` cannot be one record id (None if it can), naming the argument.

    An id is one value of the id column: text or a number. A list, array, series or
    dict holds several, and comparing the id column with one matched it element-wise
    or by its text, so ``explain([a], b)`` explained ``a`` and echoed the list back.

    >>> record_id_problem("000123", what="id_l") is None, record_id_problem(7, what="id_r")
    (True, None)
    >>> record_id_problem(["000123"], what="id_l")
    "id_l must be one record id (text or a number), got list ['000123']"
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Iterable, Mapping)):
        return None
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        shown = repr(value)
        shown = " " + (shown if len(shown) <= 60 else shown[:57] + "...")
    else:  # an array's or a series' repr runs over lines
        size = np.shape(value) if isinstance(value, np.ndarray) else None
        shown = (f" of shape {size}" if size is not None
                 else f" of {len(value)}" if isinstance(value, Sized) else "")
    return f"{what} must be one record id (text or a number), got {type(value).__name__}{shown}"


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
    # two reductions first: the positions are looked for only when one is out of range
    # (three whole-length temporaries over tens of millions of pairs otherwise)
    if int(array.min()) >= 0 and int(array.max()) < n_rows:
        return np.ascontiguousarray(array, dtype=np.int64)
    bad = np.flatnonzero((array < 0) | (array >= n_rows))
    if bad.size:
        raise InvalidParameterError(
            f"{what} holds row numbers outside [0, {n_rows}): {bad.size} pairs, first at "
            f"position {int(bad[0])} (value {int(array[bad[0]])})"
        )
    return np.ascontiguousarray(array, dtype=np.int64)
