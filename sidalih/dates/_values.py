"""Values in, the caller's kind out: how any column becomes text, numbers and days.

A birth-date column may mix text, spreadsheet numbers and date values, and may arrive
as pandas, polars, pyarrow, numpy or a list. :func:`parts_from_series` splits it into
one column per kind of value; :func:`to_caller` hands a result back as the kind the
caller gave, keeping a pandas index.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import polars as pl

from sidalih._frames import (
    Kind,
    caller_rows,
    frame_from_polars,
    series_from_polars,
)
from sidalih.dates._types import MAX_YEAR, MIN_YEAR
from sidalih.errors import InvalidParameterError

__all__ = ["EPOCH", "check_reference", "is_text", "parts_from_series", "to_caller"]

EPOCH = dt.date(1970, 1, 1)
"""Day 0 of polars' Date and of every ``days`` column here."""


def _classify(value: Any) -> tuple[str | None, float | None, int | None, bool]:
    """Split one Python value into (text, number, days since epoch, unsupported)."""
    try:
        if value is None or isinstance(value, bool):
            return None, None, None, value is not None
        if isinstance(value, str):
            return value, None, None, False
        if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
            if value != value:  # pandas NaT
                return None, None, None, False
            return None, None, (value.date() - EPOCH).days, False
        if isinstance(value, dt.date):
            return None, None, (value - EPOCH).days, False
        if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
            return _classify_numpy_or_number(value)
        if type(value).__name__ in ("NAType", "NaTType"):
            return None, None, None, False
        if type(value).__name__ == "Decimal":
            return _classify_numpy_or_number(float(value))
    except Exception:
        return None, None, None, True
    return None, None, None, True


def _classify_numpy_or_number(value: Any) -> tuple[str | None, float | None, int | None, bool]:
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind == "M":  # numpy datetime64
        if value != value:
            return None, None, None, False
        return None, None, int(value.astype("datetime64[D]").astype("int64")), False
    if kind == "b":
        return None, None, None, True
    number = float(value)
    return None, (None if math.isnan(number) else number), None, False


def is_text(dtype: pl.DataType) -> bool:
    """String, or text stored as a dictionary (pandas ``category``, parquet dictionaries).

    Categorical text is text: every column reader here casts it to String rather than
    treating it as an unsupported type.
    """
    return dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)


def parts_from_series(series: pl.Series) -> pl.DataFrame:
    """Columns ``text``, ``num``, ``days``, ``other``: one per kind of input value."""
    n = len(series)
    dtype = series.dtype
    columns = {
        "text": pl.repeat(None, n, dtype=pl.String, eager=True),
        "num": pl.repeat(None, n, dtype=pl.Float64, eager=True),
        "days": pl.repeat(None, n, dtype=pl.Int64, eager=True),
        "other": pl.repeat(False, n, dtype=pl.Boolean, eager=True),
    }
    if dtype == pl.Object:
        rows = [_classify(v) for v in series.to_list()]
        for k, (name, kind) in enumerate(
            [("text", pl.String), ("num", pl.Float64), ("days", pl.Int64), ("other", pl.Boolean)]
        ):
            columns[name] = pl.Series(name, [r[k] for r in rows], dtype=kind)
    elif is_text(dtype):
        columns["text"] = series.cast(pl.String)
    elif dtype == pl.Date:
        columns["days"] = series.cast(pl.Int32).cast(pl.Int64)
    elif isinstance(dtype, pl.Datetime):
        columns["days"] = series.dt.date().cast(pl.Int32).cast(pl.Int64)
    elif dtype.is_numeric():
        columns["num"] = series.cast(pl.Float64).fill_nan(None)
    elif dtype != pl.Null:
        columns["other"] = series.is_not_null()
    return pl.DataFrame({name: col.rename(name) for name, col in columns.items()})


def check_reference(reference_date: Any, *, required: bool) -> dt.date | None:
    """A reference date from a date or ISO text; None stays None unless ``required``."""
    if reference_date is None and not required:
        return None
    given = reference_date  # the message quotes what the caller wrote, not a failed parse
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    elif isinstance(reference_date, str):
        try:
            reference_date = dt.date.fromisoformat(reference_date.strip())
        except ValueError:
            reference_date = None
    if not isinstance(reference_date, dt.date):
        raise InvalidParameterError(
            f"reference_date must be a date such as datetime.date(2024, 2, 14) (polling day), "
            f"got {given!r} (ISO text such as '2024-02-14' is read too); "
            "sidalih never assumes today"
        )
    if not MIN_YEAR <= reference_date.year <= MAX_YEAR:
        raise InvalidParameterError(
            f"reference_date must fall in {MIN_YEAR}-{MAX_YEAR}, got {reference_date.isoformat()}"
        )
    return reference_date


def _output_kind(kind: Kind) -> Kind:
    return kind if kind in ("pandas", "pyarrow") else "polars"


def to_caller(out: pl.Series | pl.DataFrame, kind: Kind, values: Any) -> Any:
    """Hand ``out`` back as the caller's kind (frames: pandas, pyarrow or polars).

    pandas aligns on the index when a result is assigned into a frame, so a fresh
    RangeIndex would silently put values on the wrong rows of a filtered or sorted
    frame: pandas results take the index of the Series they were computed from.
    """
    rows = caller_rows(values)
    if isinstance(out, pl.DataFrame):
        return frame_from_polars(out, _output_kind(kind), rows=rows)
    return series_from_polars(out, kind, rows=rows)
