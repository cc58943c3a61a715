"""Per-column arrays that the comparison kernels read, built once per record frame.

A frame of a few rows (a registry look-up compares one record with a few dozen) has its
text columns' arrays built from the Python values: each polars call costs tens of
microseconds whatever the length, and a comparison made several. The arrays are the
same, value for value, as the polars path gives (``tests/test_registry_lookup.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import series_to_polars
from sidalih.errors import ColumnNotFoundError, InputTypeError

#: Rows up to which a text column's arrays are built from its Python values.
SMALL_ROWS = 1024

#: What polars' ``str.strip_chars()`` strips (Rust's ``char::is_whitespace``); Python's
#: ``str.strip()`` strips U+001C..U+001F as well, so the set is spelled out.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(
    chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"


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
        elif _is_categorical(series):
            # categorical text is text: blank is missing, as in a String column
            return self.cached(("text", name), lambda: series.cast(pl.String))  # type: ignore[no-any-return]
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
        return self.cached(("codes", name), lambda: self._equality_codes(name))

    def _equality_codes(self, name: str) -> np.ndarray:
        """:func:`equality_codes` of a column; for long text from its encoded strings.

        Where no value starts or ends with whitespace, stripping changes nothing: the
        ids of the encoded strings (:meth:`string_ids`, which the string comparisons
        read too) are the codes, and the column is not stripped and encoded a second time.
        """
        series = self.column(name)
        if series.dtype != pl.String or len(series) <= SMALL_ROWS:
            return equality_codes(series)
        from sidalih.kernels.distinct import edges_may_strip

        encoded = self._encoded(name)
        if edges_may_strip(encoded.offsets, encoded.data, encoded.valid):
            return equality_codes(series)
        return self.string_ids(name, encoded=encoded)

    def string_ids(self, name: str, *, encoded: Any = None) -> np.ndarray:
        """Dense id per row of the encoded strings (:func:`~sidalih.kernels.fused.string_ids`):
        equal bytes, equal id, in order of first appearance; -1 where missing."""
        from sidalih.kernels.fused import string_ids

        def build() -> np.ndarray:
            text = self._encoded(name) if encoded is None else encoded
            return string_ids(text.offsets, text.data, text.valid)  # type: ignore[no-any-return]

        return self.cached(("string_ids", name), build)  # type: ignore[no-any-return]

    def _encoded(self, name: str) -> Any:
        """The column's encoded strings: those kept for the string comparisons, else
        encoded for this one use and not kept (a column compared only by its codes would
        otherwise hold its text twice until the run ends: 25 MB for a million cards)."""
        kept = self._memo.get(("strings", name))
        return kept if kept is not None else self._encode(name)

    def _small_text(self, name: str) -> list[str | None] | None:
        """A short text column's values (None for a long or non-text column)."""
        if self.records.height > SMALL_ROWS:
            return None
        series = self.column(name)
        if series.dtype != pl.String:
            return None
        return self.cached(("values", name), series.to_list)  # type: ignore[no-any-return]

    def prefix_codes(self, name: str, lengths: tuple[int, ...]) -> np.ndarray:
        """One dense-code column per text prefix length, coarsest first."""

        def build() -> np.ndarray:
            values = self._small_text(name)
            if values is not None:
                return _small_prefix_codes(values, lengths)
            text = self.column(name).cast(pl.String)
            few = self._prefix_codes_by_value(name, text, lengths)
            if few is not None:
                return few
            digits = self._digit_prefix_codes(name, text, lengths)
            if digits is not None:
                return digits
            columns = [dense_codes(text.str.slice(0, n)) for n in lengths]
            # A prefix only counts when the whole code is present (not null, not blank):
            # the mask dense_codes(text) < 0 gives, without ranking a near-unique
            # column (0.4 s for a million NIKs)
            missing = _blank_as_null(text).is_null().to_numpy()
            out = np.stack(columns, axis=1) if columns else np.empty((len(text), 0), np.int64)
            out[missing, :] = -1
            return np.ascontiguousarray(out)

        return self.cached(("prefix", name, lengths), build)

    def _prefix_codes_by_value(self, name: str, text: pl.Series,
                               lengths: tuple[int, ...]) -> np.ndarray | None:
        """:meth:`prefix_codes` of a text column of few distinct values (village codes),
        from each distinct value once (in Python, as a short column's are) and gathered
        back by the rows' :meth:`string_ids`; None for a column of many."""
        if text.dtype != pl.String:
            return None
        estimate = text.approx_n_unique()  # HyperLogLog: numbering a million NIKs costs more
        if ("string_ids", name) not in self._memo and (
                not isinstance(estimate, int) or estimate * _FEW_DISTINCT >= len(text)):
            return None
        from sidalih.kernels.codes import first_rows

        ids = self.string_ids(name)
        n_ids = int(ids.max()) + 1 if ids.size else 0
        if n_ids * _FEW_DISTINCT >= len(text):
            return None
        distinct = text.gather(first_rows(ids, n_ids)).to_list()
        # a missing row (id -1) reads the last row: -1 at every length
        table = np.vstack([_small_prefix_codes(distinct, lengths),
                           np.full((1, len(lengths)), -1, dtype=np.int64)])
        return np.ascontiguousarray(table[ids])

    def _digit_prefix_codes(self, name: str, text: pl.Series,
                            lengths: tuple[int, ...]) -> np.ndarray | None:
        """:meth:`prefix_codes` of short prefixes (NIK regions) of a text column whose
        values start with digits, by counting (:func:`~sidalih.kernels.codes.digit_prefix_codes`);
        None where a prefix is longer than 6 or a value does not start with digits."""
        if text.dtype != pl.String or not lengths or max(lengths) > _DIGIT_PREFIX or min(lengths) < 1:
            return None
        from sidalih.kernels.codes import digit_prefix_codes

        encoded = self._encoded(name)
        codes, ok = digit_prefix_codes(encoded.offsets, encoded.data, encoded.valid,
                                       np.asarray(lengths, dtype=np.int64))
        return codes if ok else None

    def strings(self, name: str) -> Any:
        return self.cached(("strings", name), lambda: self._encode(name))

    def _encode(self, name: str) -> Any:
        from sidalih.strings import encode_polars as encode

        values = self._small_text(name)
        if values is not None:
            return _small_encoded(values)
        return encode(self.column(name).cast(pl.String))


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
    if len(series) <= SMALL_ROWS:
        return _first_codes(_stripped(series.to_list()))
    from sidalih.kernels.fused import string_ids
    from sidalih.strings import encode_polars as encode

    encoded = encode(_blank_as_null(series))
    return np.asarray(string_ids(encoded.offsets, encoded.data, encoded.valid))


def _is_categorical(series: pl.Series) -> bool:
    return isinstance(series.dtype, (pl.Categorical, pl.Enum))


def _blank_as_null(series: pl.Series) -> pl.Series:
    stripped = series.str.strip_chars()
    return pl.select(pl.when(stripped.str.len_bytes() > 0).then(stripped).otherwise(None)
                     ).to_series()


def dense_codes(series: Any) -> np.ndarray:
    """Dense int64 codes (equal values -> equal codes), -1 for null or blank strings.

    Categorical and Enum text is coded as the same text in a String column. ``series``
    is a polars, pandas or pyarrow Series, a numpy array or a list; values of mixed
    Python types (which cannot be ordered) are an :class:`InputTypeError`.

    Examples
    --------
    >>> import polars as pl
    >>> dense_codes(pl.Series(["b", "a", None, "b", " "])).tolist()
    [1, 0, -1, 1, -1]
    >>> dense_codes([30, 10, 30]).tolist()
    [1, 0, 1]
    >>> dense_codes(pl.Series(["b", " ", "b"], dtype=pl.Categorical)).tolist()
    [0, -1, 0]
    """
    if not isinstance(series, pl.Series):
        series = series_to_polars(series)[0]
    if series.dtype == pl.Object:
        raise InputTypeError(
            "dense_codes needs values of one type; got Python objects of mixed types "
            "(cast them to text first)")
    if _is_categorical(series):
        series = series.cast(pl.String)  # blank is missing, as in a String column
    if series.dtype == pl.String:
        if len(series) <= SMALL_ROWS:
            return _rank_codes(_stripped(series.to_list()))
        series = _blank_as_null(series)
        distinct = series.approx_n_unique()  # HyperLogLog: milliseconds per million rows
        if isinstance(distinct, int) and distinct * _FEW_DISTINCT < len(series):
            return _ranked_distinct(series)
    counted = _counted_codes(series)
    if counted is not None:
        return counted
    ranks = series.rank("dense")
    return (ranks.cast(pl.Int64).fill_null(0) - 1).to_numpy().astype(np.int64, copy=False)


def _counted_codes(series: pl.Series) -> np.ndarray | None:
    """:func:`dense_codes` of integers or dates spanning a short range, by counting: the
    values seen, numbered in order, as ranking gives them (birth dates: 0.07 s ranked,
    0.01 s counted at a million rows). None for other columns."""
    if not (series.dtype.is_integer() or series.dtype in (pl.Date, pl.Datetime, pl.Duration)) \
            or series.dtype == pl.UInt64:
        return None
    physical = series.to_physical()
    present = physical.drop_nulls().to_numpy().astype(np.int64, copy=False)
    if present.size == 0:
        return None
    low, high = int(present.min()), int(present.max())
    if high - low >= max(_RANGE_PER_ROW * len(series), 1 << 16):
        return None
    seen = np.zeros(high - low + 1, dtype=np.int64)
    seen[present - low] = 1
    number = np.cumsum(seen) - 1
    out = number[physical.fill_null(low).to_numpy().astype(np.int64, copy=False) - low]
    if physical.null_count():
        out[physical.is_null().to_numpy()] = -1
    return out


_RANGE_PER_ROW = 4
"""Values may span up to this many per row (at least 65,536) to be numbered by counting."""

_FEW_DISTINCT = 8
"""A text column with fewer distinct values than ``1 / _FEW_DISTINCT`` of its rows (a
code prefix) ranks its distinct values and looks each row up: a million 6-digit NIK
prefixes in 0.08 s against 0.25 s for ranking every row; a near-unique column is ranked
row by row (the look-up costs more there)."""

_DIGIT_PREFIX = 6
"""Longest prefix of digits numbered by counting (11**6 counters, 14 MB)."""


def _ranked_distinct(series: pl.Series) -> np.ndarray:
    """:func:`dense_codes` of a text column (blanks already null) by ranking its distinct
    values and joining them back: the same codes."""
    distinct = series.unique().drop_nulls()
    table = pl.DataFrame({"v": distinct, "r": distinct.rank("dense").cast(pl.Int64) - 1})
    codes = pl.DataFrame({"v": series}).join(table, on="v", how="left",
                                              maintain_order="left")["r"]
    return codes.fill_null(-1).to_numpy().astype(np.int64, copy=False)


# ---------------------------------------------------------------- short columns, in Python
# Each gives the polars path's values exactly: text is stripped of the same characters,
# Python compares str by code point, which is UTF-8's byte order (polars' sort), slices
# by code point as ``str.slice`` does, and the hash-table codes number values in order
# of first appearance, as a dict does.


def _stripped(values: list[str | None]) -> list[str | None]:
    """Each value stripped as polars strips it; None where null or blank."""
    return [None if v is None else (v.strip(WHITESPACE) or None) for v in values]


def _first_codes(values: list[str | None]) -> np.ndarray:
    """Codes in order of first appearance (:func:`equality_codes`); -1 for None."""
    seen: dict[str, int] = {}
    return np.fromiter((-1 if v is None else seen.setdefault(v, len(seen)) for v in values),
                       dtype=np.int64, count=len(values))


def _rank_codes(values: list[str | None]) -> np.ndarray:
    """Codes by sorted order (:func:`dense_codes`); -1 for None."""
    rank = {v: k for k, v in enumerate(sorted({v for v in values if v is not None}))}
    return np.fromiter((-1 if v is None else rank[v] for v in values), dtype=np.int64,
                       count=len(values))


def _small_prefix_codes(values: list[str | None], lengths: tuple[int, ...]) -> np.ndarray:
    """:meth:`ColumnCache.prefix_codes` of a short text column."""
    out = np.empty((len(values), len(lengths)), dtype=np.int64)
    for k, n in enumerate(lengths):
        out[:, k] = _rank_codes(_stripped([None if v is None else v[:n] for v in values]))
    full = _stripped(values)
    out[[v is None for v in full], :] = -1
    return out


def _small_encoded(values: list[str | None]) -> Any:
    """:func:`sidalih.strings.encode` of a short text column (missing: null or blank)."""
    from sidalih.strings import EncodedStrings

    parts = [b"" if v is None else v.encode() for v in values]
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    data = np.frombuffer(b"".join(parts), dtype=np.uint8)
    valid = np.array([v is not None for v in _stripped(values)], dtype=np.bool_)
    return EncodedStrings(offsets, data, valid)
