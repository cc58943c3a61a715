"""Per-column arrays that the comparison kernels read, built once per record frame."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih.errors import ColumnNotFoundError, InputTypeError


class ColumnCache:
    """Encodes each column once, however many comparisons read it.

    ``records`` is the prepared frame; pairs are row positions into it (for linkage
    the two lists are stacked, left first).
    """

    def __init__(self, records: pl.DataFrame) -> None:
        self.records = records
        self._memo: dict[tuple[Any, ...], Any] = {}

    def column(self, name: str) -> pl.Series:
        if name not in self.records.columns:
            raise ColumnNotFoundError(
                f"a comparison needs column {name!r}, which the records do not have "
                "(a saved model compares the columns it was trained on: add the column, "
                "or train a model on this list)",
                problems=[f"available columns: {', '.join(self.records.columns)}"],
            )
        series = self.records[name]
        if series.dtype == pl.Object:
            # polars cannot sort or hash Python objects (it panics); blocking says the same.
            raise InputTypeError(
                f"column {name!r} holds Python objects of mixed types; cast it to text "
                "(or one type) before comparing"
            )
        if series.dtype.is_float():
            series = series.fill_nan(None)  # NaN is missing, as in blocking: never equal
        return series

    def cached(self, key: tuple[Any, ...], build: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def peek(self, key: tuple[Any, ...]) -> Any:
        """A cached entry, or None when nothing built it yet."""
        return self._memo.get(key)

    def codes(self, name: str) -> np.ndarray:
        """Dense int64 codes of a column's values; -1 where missing (null or blank text)."""
        return self.cached(("codes", name), lambda: equality_codes(self.column(name)))

    def prefix_codes(self, name: str, lengths: tuple[int, ...]) -> np.ndarray:
        """One dense-code column per text prefix length, coarsest first."""

        def build() -> np.ndarray:
            text = self.column(name).cast(pl.String)
            columns = [dense_codes(text.str.slice(0, n)) for n in lengths]
            full = dense_codes(text)
            # A prefix only counts when the whole code is present.
            out = np.stack(columns, axis=1) if columns else np.empty((len(text), 0), np.int64)
            out[full < 0, :] = -1
            return np.ascontiguousarray(out)

        return self.cached(("prefix", name, lengths), build)

    def strings(self, name: str) -> Any:
        from sidalih.strings import encode

        return self.cached(("strings", name), lambda: encode(self.column(name).cast(pl.String)))


def equality_codes(series: pl.Series) -> np.ndarray:
    """Int64 codes for equality tests (equal values -> equal codes), -1 for null or blank.

    Same equalities as :func:`dense_codes`, but text is coded by a hash table over its
    bytes, in order of first appearance, instead of by sorting (several times faster on
    a column of names or NIKs); other types as :func:`dense_codes`.

    Examples
    --------
    >>> import polars as pl
    >>> equality_codes(pl.Series(["b", "a", None, "b", " "])).tolist()
    [0, 1, -1, 0, -1]
    """
    if series.dtype != pl.String:
        return dense_codes(series)
    from sidalih.kernels.fused import string_ids
    from sidalih.strings import encode

    encoded = encode(_blank_as_null(series))
    return np.asarray(string_ids(encoded.offsets, encoded.data, encoded.valid))


def _blank_as_null(series: pl.Series) -> pl.Series:
    stripped = series.str.strip_chars()
    return pl.select(pl.when(stripped.str.len_bytes() > 0).then(stripped).otherwise(None)
                     ).to_series()


def dense_codes(series: pl.Series) -> np.ndarray:
    """Dense int64 codes (equal values -> equal codes), -1 for null or blank strings.

    Examples
    --------
    >>> import polars as pl
    >>> dense_codes(pl.Series(["b", "a", None, "b", " "])).tolist()
    [1, 0, -1, 1, -1]
    """
    if series.dtype == pl.String:
        series = _blank_as_null(series)
    ranks = series.rank("dense")
    return (ranks.cast(pl.Int64).fill_null(0) - 1).to_numpy().astype(np.int64, copy=False)
