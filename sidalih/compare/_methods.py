"""How each comparison method turns pairs into level codes (int8, -1 = null)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import polars as pl

from sidalih.compare._columns import ColumnCache
from sidalih.compare._spec import Comparison
from sidalih.errors import InvalidParameterError
from sidalih.kernels.codes import exact_levels, prefix_levels

Method = Callable[[Comparison, ColumnCache, np.ndarray, np.ndarray], np.ndarray]


def _exact(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    return exact_levels(left, right, cache.codes(comparison.column))


def _code_prefix(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    lengths = tuple(int(n) for n in comparison.options["lengths"])
    return prefix_levels(left, right, cache.prefix_codes(comparison.column, lengths))


# The token-set options of the name comparison: the defaults of sidalih.strings.token_set
# (tests/test_fused.py checks that they still are).
TOKEN_CUTOFF = 0.85
INITIAL_SCORE = 0.9
TOKEN_DENOMINATOR = 0  # mean token count
MAX_TOKENS = 32
PREFIX_WEIGHT = 0.1


def _thresholds(comparison: Comparison) -> np.ndarray:
    return np.asarray([float(t) for t in comparison.options["thresholds"]], dtype=np.float64)


def _unit(value: float, what: str) -> float:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidParameterError(f"{what} must lie in [0.0, 1.0], got {value}")
    return value


def _string(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Levels: else, JW >= each threshold, exact (equal dense codes)."""
    from sidalih.kernels.fused import LEVEL_MEMO_SIZE, string_levels

    encoded = cache.strings(comparison.column)
    thresholds = _thresholds(comparison)
    _unit(float(thresholds.min()), "score_cutoff")
    levels: np.ndarray = string_levels(
        left,
        right,
        cache.codes(comparison.column),
        encoded.offsets,
        encoded.data,
        encoded.valid,
        _row_ids(cache, comparison.column),
        thresholds,
        PREFIX_WEIGHT,
        LEVEL_MEMO_SIZE,
    )
    return levels


def _row_ids(cache: ColumnCache, column: str) -> np.ndarray:
    from sidalih.kernels.fused import string_ids

    encoded = cache.strings(column)
    ids: np.ndarray = cache.cached(
        ("string_ids", column), lambda: string_ids(encoded.offsets, encoded.data, encoded.valid)
    )
    return ids


def _name(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Levels: else, token-set agreement, JW >= each threshold, exact normalised name."""
    from sidalih.kernels.fused import LEVEL_MEMO_SIZE, TOKEN_MEMO_SIZE, name_levels, split_tokens

    column = comparison.column
    encoded = cache.strings(column)
    thresholds = _thresholds(comparison)
    _unit(float(thresholds.min()), "score_cutoff")
    token_threshold = _unit(float(comparison.options["token_set"]), "score_cutoff")
    ptr, start, length, ids = cache.cached(
        ("tokens", column, MAX_TOKENS),
        lambda: split_tokens(encoded.offsets, encoded.data, encoded.valid, MAX_TOKENS),
    )
    # Only pairs below every JW threshold can still earn the token level (dropped or
    # reordered tokens); the kernel scores just those.
    levels: np.ndarray = name_levels(
        left,
        right,
        cache.codes(column),
        encoded.offsets,
        encoded.data,
        encoded.valid,
        _row_ids(cache, column),
        ptr,
        start,
        length,
        ids,
        thresholds,
        PREFIX_WEIGHT,
        TOKEN_CUTOFF,
        INITIAL_SCORE,
        TOKEN_DENOMINATOR,
        token_threshold,
        MAX_TOKENS,
        LEVEL_MEMO_SIZE,
        TOKEN_MEMO_SIZE,
    )
    return levels


def _nik(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    from sidalih.compare._prepare_support import nik_arrays
    from sidalih.kernels.levels import nik_digits, nik_levels_packed_kernel

    column = comparison.column
    masked_column = f"{column}_masked12"

    def build() -> tuple[np.ndarray, np.ndarray]:
        partial = cache.records[masked_column] if masked_column in cache.records.columns else None
        return nik_arrays(cache.column(column), partial)

    values, masked = cache.cached(("nik", column), build)
    packed = cache.cached(("nik_digits", column), lambda: nik_digits(values))
    levels: np.ndarray = nik_levels_packed_kernel(left, right, values, masked, packed)
    return levels


#: Prepared date columns and the column that flags their placeholders.
PREPARED_PLACEHOLDER = {"tanggal_lahir": "tgl_placeholder"}


def _date(
    comparison: Comparison, cache: ColumnCache, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    from sidalih.compare._prepare_support import date_arrays
    from sidalih.kernels.levels import NULL_DAYS, civil_dates, date_levels_ymd_kernel

    column = comparison.column

    def build() -> tuple[np.ndarray, np.ndarray]:
        # The prepared table says which birth dates are placeholders (sidalih.prepare,
        # read from valid dates as dates.is_placeholder does): read, not recomputed.
        dates = cache.column(column)
        flag = PREPARED_PLACEHOLDER.get(column)
        given = (cache.records[flag] if flag in cache.records.columns
                 and dates.dtype == pl.Date else None)
        return date_arrays(dates, given)

    days, placeholder = cache.cached(("date", column), build)
    ymd = cache.cached(("date_ymd", column), lambda: civil_dates(days, np.int32(NULL_DAYS)))
    levels: np.ndarray = date_levels_ymd_kernel(
        left, right, days, placeholder, np.int32(NULL_DAYS), ymd
    )
    return levels


METHOD_FUNCTIONS: dict[str, Method] = {
    "exact": _exact,
    "code_prefix": _code_prefix,
    "string": _string,
    "name": _name,
    "nik": _nik,
    "date": _date,
}
