"""Moving prepared frames between polars and Spark through Arrow, with one fixed schema."""

from __future__ import annotations

from typing import Any

import polars as pl
import pyarrow as pa

__all__ = ["fixed_schema", "to_arrow", "spark_schema"]


def _plain(dtype: pl.DataType) -> pl.DataType:
    """A type Spark reads: text for null-only, categorical and enum columns; signed ints."""
    if dtype in (pl.Null, pl.Categorical, pl.Object) or isinstance(dtype, pl.Enum):
        return pl.String()
    if dtype == pl.UInt8:
        return pl.Int16()
    if dtype == pl.UInt16:
        return pl.Int32()
    if dtype in (pl.UInt32, pl.UInt64):
        return pl.Int64()
    return dtype


def fixed_schema(frame: pl.DataFrame) -> dict[str, pl.DataType]:
    """The schema every batch is cast to (taken from a prepared sample)."""
    return {name: _plain(dtype) for name, dtype in frame.schema.items()}


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns and types (absent columns are null)."""
    missing = [pl.lit(None).alias(c) for c in schema if c not in frame.columns]
    return frame.with_columns(missing).select(pl.col(c).cast(t) for c, t in schema.items())


def to_arrow(frame: pl.DataFrame) -> pa.Table:
    """Arrow with plain (not large or view) strings, which every Spark version reads."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    fields = [pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) else f
              for f in table.schema]
    return table.cast(pa.schema(fields))


def spark_schema(schema: dict[str, pl.DataType]) -> Any:
    """The Spark StructType of a polars schema."""
    from pyspark.sql.pandas.types import from_arrow_schema

    empty = to_arrow(pl.DataFrame(schema=schema))
    return from_arrow_schema(empty.schema)
