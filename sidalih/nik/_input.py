"""Any column of NIK-like values -> polars String + per-row status overrides -> view buffers.

Strings are read by the kernel straight from polars' Arrow string views, chunk by
chunk, without a copy. Numbers and Python objects are turned into text here first,
and values whose digits cannot be trusted (a float past 2**53, a negative number, a
boolean) get their status decided here, as an override the kernel respects.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih._unicode import normalise_unicode
from sidalih.kernels import nik as k

__all__ = ["BATCH_ROWS", "Batch", "to_text", "view_batches", "normalise_unicode"]

_NO_OVERRIDE = -1

def to_text(series: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """Return (String series, int8 status overrides, -1 where the kernel decides)."""
    dtype = series.dtype
    n = len(series)
    override = np.full(n, _NO_OVERRIDE, dtype=np.int8)
    if dtype == pl.String:
        return series, override
    if dtype == pl.Null:
        return pl.Series(series.name, [None] * n, dtype=pl.String), override
    if dtype.is_integer():
        negative = (series < 0).fill_null(False).to_numpy()
        override[negative] = k.NON_DIGIT
        return series.cast(pl.String), override
    if dtype.is_float():
        exact_below = 2.0**24 if dtype == pl.Float32 else 2.0**53
        return _floats_to_text(series, override, exact_below)
    if isinstance(dtype, (pl.Categorical, pl.Enum, pl.Decimal)):
        return series.cast(pl.String), override
    if dtype in (pl.Object, pl.Binary):
        return _objects_to_text(series, override)
    # dates, booleans, lists, structs: never a NIK, but every row still gets a status
    override[series.is_not_null().to_numpy()] = k.NON_DIGIT
    return pl.Series(series.name, [None] * n, dtype=pl.String), override


def _floats_to_text(
    series: pl.Series, override: np.ndarray, exact_below: float
) -> tuple[pl.Series, np.ndarray]:
    values = series.cast(pl.Float64).fill_null(np.nan).to_numpy()
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(values)
        integral = finite & (np.floor(values) == values)
        usable = integral & (values >= 0) & (values < exact_below)
    override[(~np.isnan(values) & ~integral) | (integral & (values < 0))] = k.NON_DIGIT
    override[integral & (values >= exact_below)] = k.LOST_PRECISION
    with np.errstate(invalid="ignore"):
        override[integral & (values >= exact_below) & _exponent_remains(values)] = k.SCIENTIFIC
    ints = pl.Series(series.name, np.where(usable, values, 0).astype(np.int64))
    text = pl.select(pl.when(pl.lit(usable)).then(ints.cast(pl.String))).to_series()
    return text.rename(series.name), override


def _objects_to_text(series: pl.Series, override: np.ndarray) -> tuple[pl.Series, np.ndarray]:
    texts: list[str | None] = []
    for i, value in enumerate(series.to_list()):
        text, status = object_to_text(value)
        texts.append(text)
        if status != _NO_OVERRIDE:
            override[i] = status
    return pl.Series(series.name, texts, dtype=pl.String), override


def object_to_text(value: Any) -> tuple[str | None, int]:
    """One Python value -> (text or None, status override or -1)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None, _NO_OVERRIDE
    if isinstance(value, str):
        return value, _NO_OVERRIDE
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace"), _NO_OVERRIDE
    if isinstance(value, (bool, np.bool_)):
        return None, k.NON_DIGIT
    if isinstance(value, (int, np.integer)):
        return (str(int(value)), _NO_OVERRIDE) if value >= 0 else (None, k.NON_DIGIT)
    if isinstance(value, (float, np.floating)):
        return _float_to_text(float(value), 2.0**24 if isinstance(value, np.float32) else 2.0**53)
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return None, _NO_OVERRIDE
        if value.is_finite() and value == value.to_integral_value() and value >= 0:
            return str(int(value)), _NO_OVERRIDE
    return None, k.NON_DIGIT


def _float_to_text(value: float, exact_below: float) -> tuple[str | None, int]:
    if math.isnan(value):
        return None, _NO_OVERRIDE
    if not math.isfinite(value) or value != math.floor(value) or value < 0:
        return None, k.NON_DIGIT
    if value >= exact_below:
        return None, k.SCIENTIFIC if _exponent_remains(value) else k.LOST_PRECISION
    return str(int(value)), _NO_OVERRIDE


def _exponent_remains(value: Any) -> Any:
    """Whether a float (or each of an array) is six digits and ten zeros, 16 digits in all.

    The kernel reads such a key as ``scientific`` (:func:`sidalih.kernels.nik._digits_lost`);
    a float past 2**53 is judged here, before the kernel, and takes the same status rather
    than ``lost_precision`` (scientific comes first), so that ``9.10101E+15`` read as a
    number reads as the text does. Every such value is a float exactly (10**10 is a power
    of two times 5**10).

    >>> _exponent_remains(np.array([9.10101e15, 9.101010101900001e15, 9.1e16]))
    array([ True, False, False])
    """
    return (value >= 1e15) & (value < 1e16) & (np.fmod(value, 1e10) == 0)


BATCH_ROWS = 1 << 26  # keeps a batch's cleaned-key buffer under 2 GiB (int32 view offsets)


@dataclass(frozen=True)
class Batch:
    """String views of up to ``BATCH_ROWS`` values, as the kernel reads them."""

    views: np.ndarray  # int32[n, 4]
    inline: np.ndarray  # the same memory as uint8[n * 16]
    valid: np.ndarray  # bool[n]
    data: np.ndarray  # uint8: the variadic data buffers end to end (read-only)
    bases: np.ndarray  # int64: where each buffer starts in ``data``


def view_batches(text: pl.Series) -> Iterator[Batch]:
    """Yield the values of a String series in order, chunk by chunk."""
    for chunk in text.get_chunks():
        exported = chunk.to_arrow(compat_level=pl.CompatLevel.newest())
        parts = exported.chunks if isinstance(exported, pa.ChunkedArray) else [exported]
        for array in parts:
            if array.type != pa.string_view():
                array = array.cast(pa.string_view())
            for start in range(0, len(array), BATCH_ROWS):
                yield _batch(_compact(array.slice(start, BATCH_ROWS)))


def _compact(array: pa.Array) -> pa.Array:
    """``array``, its strings copied out when they are a small part of its buffers.

    A few rows sliced from a long column still hold all of the column's data buffers,
    which :func:`_batch` would join end to end (megabytes for one NIK). The same values
    in buffers of their own read the same.
    """
    buffers = array.buffers()
    held = sum(b.size for b in buffers[2:] if b is not None)
    if held < _COMPACT_ABOVE or len(buffers) <= 3:  # one buffer is read in place
        return array
    lengths = np.frombuffer(buffers[1], dtype=np.int32)[::4][array.offset : array.offset + len(array)]
    if 4 * int(lengths[lengths > 12].sum()) > held:  # longer strings live in the buffers
        return array
    return array.cast(pa.large_string()).cast(pa.string_view())


_COMPACT_ABOVE = 1 << 20  # bytes of data buffers: below this a copy costs nothing to speak of


def _batch(array: pa.Array) -> Batch:
    n, offset = len(array), array.offset
    buffers = array.buffers()
    views = np.frombuffer(buffers[1], dtype=np.int32).reshape(-1, 4)[offset : offset + n]
    if buffers[0] is None:
        valid = np.ones(n, dtype=np.bool_)
    else:
        # only the bytes of this slice's bits: a slice of a long column keeps its bitmap
        first, last = offset // 8, (offset + n + 7) // 8
        raw = np.frombuffer(buffers[0], dtype=np.uint8)[first:last]
        bits = np.unpackbits(raw, bitorder="little")
        valid = bits[offset - 8 * first : offset - 8 * first + n].astype(np.bool_)
    parts = [np.frombuffer(b, dtype=np.uint8) for b in buffers[2:] if b is not None]
    # One flat array is cheaper for the kernel than a list of buffers; the copy is made
    # only when polars split the strings over several buffers.
    if len(parts) == 1:
        data = parts[0]
    else:
        data = np.concatenate(parts) if parts else np.zeros(1, dtype=np.uint8)
        data.flags.writeable = False  # the same numba specialisation as frombuffer's
    bases = np.cumsum([0] + [p.size for p in parts[:-1]], dtype=np.int64)
    return Batch(views, views.view(np.uint8).reshape(-1), valid, data, bases)
