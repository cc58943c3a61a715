"""A prepared frame conformed to the columns and types the registry stores."""

from __future__ import annotations

import polars as pl

__all__ = ["conform"]

#: Rows up to which the casts run one after the other (a look-up's record).
_FEW_ROWS = 16

# The expressions that conform a prepared frame, by (its columns and types, the
# registry's): a look-up prepares one record, and building three dozen expressions
# cost ~0.7 ms of it.
_CONFORMED: dict[tuple[object, ...], tuple[bool, list[pl.Expr]]] = {}


def conform(frame: pl.DataFrame, want: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the columns of ``want``, in its order and types.

    Columns and types are compared as lists (a frame's ``schema`` is built anew at
    each read, tens of microseconds for the registry's columns); a frame with the
    registry's columns in its order has only the columns of another type cast (the
    others' casts change nothing), any other frame is selected column by column.

    Examples
    --------
    >>> held = pl.DataFrame({"a": ["x"], "b": [1]})
    >>> conform(pl.DataFrame({"a": [None], "b": [2]}), held).dtypes
    [String, Int64]
    >>> conform(pl.DataFrame({"b": [2.0], "c": [0]}), held).to_dicts()
    [{'a': None, 'b': 2}]
    """
    have_columns, want_columns = frame.columns, want.columns
    have_types, want_types = frame.dtypes, want.dtypes
    if have_columns == want_columns and have_types == want_types:
        return frame
    key = (tuple(have_columns), tuple(have_types), tuple(want_columns), tuple(want_types))
    if key not in _CONFORMED:
        if len(_CONFORMED) >= 16:
            _CONFORMED.clear()
        have = pl.Schema(zip(have_columns, have_types, strict=True))
        if have_columns == want_columns:
            _CONFORMED[key] = (True, [
                _conform(have, c, t) for c, t, h in
                zip(want_columns, want_types, have_types, strict=True) if t != h])
        else:
            _CONFORMED[key] = (False, [_conform(have, c, t) for c, t in
                                       zip(want_columns, want_types, strict=True)])
    in_place, exprs = _CONFORMED[key]  # cast where they stand, or selected anew
    if frame.height <= _FEW_ROWS:  # a look-up's record: polars' thread pool costs more
        return frame.with_columns_seq(exprs) if in_place else frame.select_seq(exprs)
    return frame.with_columns(exprs) if in_place else frame.select(exprs)


def _conform(have: pl.Schema, column: str, want: pl.DataType) -> pl.Expr:
    """``column`` as the registry stores it: a list made with typed dates may be queried
    with dates as text (polars casts no text to a date; such text is parsed)."""
    if column not in have:
        return pl.lit(None).cast(want).alias(column)
    if have[column] == pl.String and want.is_temporal():
        return pl.col(column).str.to_date(strict=False).cast(want).alias(column)
    return pl.col(column).cast(want, strict=False).alias(column)
