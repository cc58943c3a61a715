"""Parsed kernel arrays -> a polars DataFrame, wrapping the arrays as Arrow without copies."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.kernels import nik as k
from sidalih.nik._core import Parsed, status_blob

__all__ = ["to_frame", "key_status"]


def _bitmap(valid: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(valid, bitorder="little"))


def _primitive(values: np.ndarray, valid: np.ndarray, arrow_type: pa.DataType) -> pa.Array:
    data = pa.py_buffer(np.ascontiguousarray(values))
    return pa.Array.from_buffers(arrow_type, len(values), [_bitmap(valid), data])


def _boolean(values: np.ndarray, valid: np.ndarray) -> pa.Array:
    return pa.Array.from_buffers(pa.bool_(), len(values), [_bitmap(valid), _bitmap(values)])


def _views(views: np.ndarray, valid: np.ndarray | None, *data: bytes) -> pa.Array:
    """A string-view column (``valid`` None: no nulls)."""
    bitmap = None if valid is None else _bitmap(valid)
    buffers = [bitmap, pa.py_buffer(views), *(pa.py_buffer(d) for d in data)]
    return pa.Array.from_buffers(pa.string_view(), len(views), buffers)


def _keys(parsed: Parsed) -> pa.ChunkedArray:
    if parsed.keys:
        return pa.chunked_array(parsed.keys, type=pa.string_view())
    return pa.chunked_array([], type=pa.string_view())


def to_frame(parsed: Parsed, *, is_nkk: bool) -> pl.DataFrame:
    """The public output columns (see :func:`sidalih.nik.parse` / ``parse_nkk``)."""
    views, small8 = parsed.views, parsed.small8
    status, day, month, yy, ambiguous, versions, has = small8
    codes = has & 3
    serials, ints = parsed.serials, parsed.ints
    label, part = ("nkk", "record") if is_nkk else ("nik", "birth")
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        label: _keys(parsed),
        "status": _views(views[1], None, status_blob()),
        "province": _views(views[2], codes >= 1),
        "regency": _views(views[3], codes >= 2),
        "district": _views(views[4], codes == 3),
        f"{part}_day": _primitive(day, day >= 0, pa.int8()),
        f"{part}_month": _primitive(month, month >= 0, pa.int8()),
        f"{part}_year2": _primitive(yy, yy >= 0, pa.int8()),
        f"{part}_date": _primitive(parsed.days, parsed.days != k.NO_DATE, pa.date32()),
    }
    if not is_nkk:
        columns["century_ambiguous"] = _boolean(ambiguous > 0, ambiguous >= 0)
        columns["sex"] = _views(views[5], day >= 0)  # the day is read when the sex is
    columns["serial"] = _primitive(serials, serials >= 0, pa.int16())
    columns["region_known"] = _boolean(versions > 0, versions >= 0)
    columns["region_versions"] = _primitive(versions.view(np.uint8), versions >= 0, pa.uint8())
    masked = status == k.MASKED
    columns[f"{label}_int"] = _primitive(ints, (ints >= 0) & ~masked, pa.int64())
    frame = pl.from_arrow(pa.table(columns))
    assert isinstance(frame, pl.DataFrame)
    return frame


def key_status(parsed: Parsed, *, is_nkk: bool) -> tuple[pl.Series, pl.Series]:
    """The key (``nik``/``nkk``) and ``status`` columns of :func:`to_frame`, alone.

    Preparing a list reads only these two; building the other thirteen costs more than
    parsing a handful of values.
    """
    label = "nkk" if is_nkk else "nik"
    # a copy: a view of one row of ``views`` would keep all six alive with the column
    status = _views(parsed.views[1].copy(), None, status_blob())
    frame = pl.from_arrow(pa.table({label: _keys(parsed), "status": status}))
    assert isinstance(frame, pl.DataFrame)
    return frame.get_column(label), frame.get_column("status")
