"""Reading a list: standardise a voter list and prepare it, or just number the rows."""

from __future__ import annotations

import datetime as dt

import polars as pl

from sidalih.errors import InvalidParameterError
from sidalih.prepare import prepare
from sidalih.schema import checked_ids, standardise_polars

__all__ = ["prepare_records"]


def prepare_records(frame: pl.DataFrame, *, schema: str | None,
                    reference_date: dt.date | str | None) -> pl.DataFrame:
    """Standardise (voter schema) or just number the rows (any other data), then prepare."""
    if schema == "voter":
        return prepare(standardise_polars(frame), reference_date=reference_date)
    if schema is None:
        # Any columns, kept as given: voter aliases (dob, birth_date...) must not rename
        # a user's columns. Only the row id is added or checked.
        if "id" not in frame.columns:
            return frame.with_row_index("id").with_columns(pl.col("id").cast(pl.Int64))
        return checked_ids(frame)
    raise InvalidParameterError(f"schema must be 'voter' or None, got {schema!r}")
