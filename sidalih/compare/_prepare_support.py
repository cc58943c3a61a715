"""Per-row arrays for the NIK and date level kernels, from prepared or raw columns.

The prepared table is the contract (:mod:`sidalih.prepare`): a prepared NIK column
``c`` comes with ``c_value`` and ``c_masked12_value`` (its digits as integers) and the
prepared birth date with ``tgl_placeholder``, so a comparison reads them and parses
nothing. A raw frame compared as it is (``schema=None``) has none of them; its columns
are parsed here, with the rules that prepare applies.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sidalih.kernels.levels import NULL_DAYS

__all__ = ["nik_arrays_of", "date_arrays_of", "nik_arrays",
           "date_arrays", "PREPARED_PLACEHOLDER"]

#: Prepared date columns and the column that flags their placeholders.
PREPARED_PLACEHOLDER = {"tanggal_lahir": "tgl_placeholder"}


def nik_arrays_of(records: pl.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The NIK kernel's arrays for ``records[column]``: ``int64`` values and ``bool`` masked.

    A value is the NIK's 16 digits as an integer, or for a masked NIK (only its first
    12 digits known) those digits times 10 000 with the masked flag set; -1 is missing.
    A prepared column is read from its integer companions (``<column>_value``,
    ``<column>_masked12_value``); a raw one is parsed (:func:`nik_arrays`).

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.prepare import prepare
    >>> rows = prepare(pl.DataFrame({"nik": ["3271014101900001", "327101410190****", "x"]}))
    >>> values, masked = nik_arrays_of(rows, "nik")
    >>> values.tolist(), masked.tolist()
    ([3271014101900001, 3271014101900000, -1], [False, True, False])
    >>> nik_arrays_of(pl.DataFrame({"nik": ["3271 0141 0190 0001"]}), "nik")[0].tolist()
    [3271014101900001]
    """
    clean = _column(records, column)
    value, partial = f"{column}_value", f"{column}_masked12_value"
    if value in records.columns and partial in records.columns:
        full, part = records.get_column(value), records.get_column(partial)
        if full.dtype == pl.Int64 and part.dtype == pl.Int64:
            return _value_arrays(full, part)
    masked_column = f"{column}_masked12"
    masked12 = records.get_column(masked_column) if masked_column in records.columns else None
    return nik_arrays(clean, masked12)


def date_arrays_of(records: pl.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The date kernel's arrays for ``records[column]``: ``int32`` days and ``bool`` placeholder.

    Days count from 1970-01-01 (``NULL_DAYS`` where missing). A prepared date column
    (``Date``, with its placeholder flag) is read as it is; a raw one is parsed
    (:func:`date_arrays`).

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.prepare import prepare
    >>> rows = prepare(pl.DataFrame({"tanggal_lahir": ["01-07-1970", "02-01-1970", "?"]}))
    >>> days, placeholder = date_arrays_of(rows, "tanggal_lahir")
    >>> days.tolist()[:2], placeholder.tolist()
    ([181, 1], [True, False, False])
    """
    dates = _column(records, column)
    flag = PREPARED_PLACEHOLDER.get(column)
    given = (records.get_column(flag) if flag is not None and flag in records.columns
             and dates.dtype == pl.Date else None)
    if given is not None and len(dates) <= SMALL_ROWS and given.dtype == pl.Boolean:
        # a few rows read as Python values (the Date's own day numbers: a date out of
        # Python's range has no Python date)
        days = [NULL_DAYS if d is None else d for d in dates.to_physical().to_list()]
        return (np.array(days, dtype=np.int32),
                np.array([f is True for f in given.to_list()], dtype=np.bool_))
    return date_arrays(dates, given)


SMALL_ROWS = 128
"""Up to this many rows (a look-up's query and candidates) the arrays are built from the
columns' Python values: a polars call costs more than the work on them."""
# the partial value times 10 000 stays an int64 (the general path's product would wrap)
_PARTIAL_MAX = (2**63 - 1) // 10_000


def _value_arrays(full: pl.Series, part: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's arrays of the Int64 ``nik_value`` and ``nik_masked12_value``."""
    if len(full) <= SMALL_ROWS:
        few = _few_nik_arrays(full.to_list(), part.to_list())
        if few is not None:
            return few
    masked = full.is_null() & part.is_not_null()
    values = full.fill_null(part * 10_000)
    return (values.fill_null(-1).to_numpy().astype(np.int64, copy=False),
            masked.to_numpy().astype(np.bool_, copy=False))


def _few_nik_arrays(full: list[int | None], part: list[int | None]
                    ) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`nik_arrays_of`'s arrays of a few prepared rows from their Python values;
    None where a partial value would overflow (the polars path then decides)."""
    if any(p is not None and not -_PARTIAL_MAX <= p <= _PARTIAL_MAX for p in part):
        return None
    values = [f if f is not None else -1 if p is None else p * 10_000
              for f, p in zip(full, part, strict=True)]  # fmt: skip
    masked = [f is None and p is not None for f, p in zip(full, part, strict=True)]
    return np.array(values, dtype=np.int64), np.array(masked, dtype=np.bool_)


def _column(records: pl.DataFrame, column: str) -> pl.Series:
    """``records[column]`` as comparisons read it (a clear error when it is absent)."""
    from sidalih.compare._columns import ColumnCache

    return ColumnCache(records).column(column)


def nik_arrays(clean: pl.Series, masked12: pl.Series | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``int64`` NIK per row (-1 missing) and the masked flag the NIK kernel expects.

    With ``masked12``, ``clean`` holds 16 clean digits or null (the prepared ``nik``); a
    row whose NIK is masked has only ``masked12``, its 12 known digits, and is encoded as
    those digits times 10 000 with the flag set. The prepared ``nik`` is already null for
    placeholder NIKs (:mod:`sidalih.prepare`).

    Without it, ``clean`` is a raw column compared as it is (``schema=None``), read as
    :mod:`sidalih.nik` reads it and as prepare keeps it: a float or integer NIK is its
    digits, a NIK whose digits can be used (``valid``, ``letters_read``, ...) is
    compared, a masked one by its 12 known digits, and anything else is missing: text
    that is not a NIK (``-3271...``, ``3271...abc``), a float past 2**53, one digit
    sixteen times (nobody's NIK).

    Examples
    --------
    >>> import polars as pl
    >>> values, masked = nik_arrays(pl.Series([3271014101900001.0, None, 1e17]))
    >>> values.tolist(), masked.tolist()
    ([3271014101900001, -1, -1], [False, False, False])
    >>> nik_arrays(pl.Series(["-3271014101900001", "3271014101900001abc", "3271 0141 0190 0001"]))[0].tolist()
    [-1, -1, 3271014101900001]
    """
    if masked12 is None:
        from sidalih.prepare import _nik_columns

        columns = _nik_columns(clean, reference_date=None)
        return _value_arrays(columns["nik_value"], columns["nik_masked12_value"])
    if clean.dtype != pl.String:
        clean = clean.cast(pl.String)
    full = clean.str.replace_all(r"\D", "")
    one_digit = full.str.strip_chars(full.str.slice(0, 1)) == ""
    full = pl.select(pl.when((full.str.len_bytes() == 16) & ~one_digit).then(full)).to_series()
    values = full.cast(pl.Int64, strict=False)
    masked = pl.Series(np.zeros(len(clean), dtype=bool))
    if masked12 is not None:
        partial = masked12.cast(pl.String, strict=False).cast(pl.Int64, strict=False) * 10_000
        masked = values.is_null() & partial.is_not_null()
        values = values.fill_null(partial)
    return (values.fill_null(-1).to_numpy().astype(np.int64, copy=False),
            masked.fill_null(False).to_numpy().astype(np.bool_, copy=False))


def date_arrays(dates: pl.Series, placeholder: pl.Series | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``int32`` days since 1970-01-01 (NULL_DAYS for missing) and the placeholder flag.

    Without ``placeholder`` the flag is read from the valid dates as
    :func:`sidalih.dates.is_placeholder` reads it; a column that is not ``Date`` is
    parsed first (:func:`sidalih.dates.parse_birth_date`, no reference date).
    """
    from sidalih.dates._parse import parse_series

    if dates.dtype != pl.Date:
        parsed = parse_series(dates, None)
        dates = parsed.get_column("tanggal_lahir")
        if placeholder is None:
            placeholder = parsed.get_column("placeholder").is_not_null()
    if placeholder is None:
        # A Date column is read again too: a database sentinel (0001-01-01) or a year out
        # of range is no valid date, so it is no placeholder either.
        placeholder = parse_series(dates, None).get_column("placeholder").is_not_null()
    days = dates.cast(pl.Int32).fill_null(NULL_DAYS).to_numpy().astype(np.int32, copy=False)
    flags = placeholder.fill_null(False).to_numpy().astype(np.bool_, copy=False)
    return days, flags
