"""Per-row arrays for the NIK and date level kernels, from prepared or raw columns."""

from __future__ import annotations

import numpy as np
import polars as pl

from sidalih.kernels.levels import NULL_DAYS


def nik_arrays(clean: pl.Series, masked12: pl.Series | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``int64`` NIK per row (-1 missing) and the masked flag the NIK kernel expects.

    ``clean`` holds 16 clean digits or null (the prepared ``nik``); a row whose NIK is
    masked has only ``masked12``, its 12 known digits, and is encoded as those digits
    times 10 000 with the flag set. The prepared ``nik`` is already null for placeholder
    NIKs (:mod:`sidalih.prepare`); a raw column compared as it is (``schema=None``)
    still gets the one placeholder a row shows alone: one digit sixteen times is
    nobody's NIK and is missing here.
    """
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
    """``int32`` days since 1970-01-01 (NULL_DAYS for missing) and the placeholder flag."""
    if dates.dtype != pl.Date:
        from sidalih import dates as dates_module

        parsed = dates_module.parse_birth_date(dates, reference_date=None)
        dates = parsed["tanggal_lahir"]
    if placeholder is None:
        from sidalih import dates as dates_module

        placeholder = dates_module.is_placeholder(dates)
    days = dates.cast(pl.Int32).fill_null(NULL_DAYS).to_numpy().astype(np.int32, copy=False)
    flags = placeholder.fill_null(False).to_numpy().astype(np.bool_, copy=False)
    return days, flags
