"""A prepared frame conformed to the columns and types the registry stores."""

from __future__ import annotations

import polars as pl

__all__ = ["conformed"]

# The expressions that conform a prepared frame, by (its schema, the registry's): a
# look-up prepares one record, and building three dozen expressions cost ~0.7 ms of it.
_CONFORMED: dict[tuple[object, ...], list[pl.Expr]] = {}


def conformed(have: pl.Schema, want: pl.Schema) -> list[pl.Expr]:
    """The columns of ``want``, in its order and types, from a frame of schema ``have``."""
    key = (tuple(have.items()), tuple(want.items()))
    if key not in _CONFORMED:
        if len(_CONFORMED) >= 16:
            _CONFORMED.clear()
        _CONFORMED[key] = [_conform(have, c, t) for c, t in want.items()]
    return _CONFORMED[key]


def _conform(have: pl.Schema, column: str, want: pl.DataType) -> pl.Expr:
    """``column`` as the registry stores it: a list made with typed dates may be queried
    with dates as text (polars casts no text to a date; such text is parsed)."""
    if column not in have:
        return pl.lit(None).cast(want).alias(column)
    if have[column] == pl.String and want.is_temporal():
        return pl.col(column).str.to_date(strict=False).cast(want).alias(column)
    return pl.col(column).cast(want, strict=False).alias(column)
