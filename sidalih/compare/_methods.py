"""How each comparison method turns pairs into level codes (int8, -1 = null)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sidalih.compare._columns import ColumnCache
from sidalih.compare._spec import Comparison
from sidalih.kernels.codes import exact_levels, prefix_levels

Method = Callable[[Comparison, ColumnCache, np.ndarray, np.ndarray], np.ndarray]


def _exact(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
           right: np.ndarray) -> np.ndarray:
    return exact_levels(left, right, cache.codes(comparison.column))


def _code_prefix(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
                 right: np.ndarray) -> np.ndarray:
    lengths = tuple(int(n) for n in comparison.options["lengths"])
    return prefix_levels(left, right, cache.prefix_codes(comparison.column, lengths))


def _thresholds_to_levels(scores: np.ndarray, thresholds: tuple[float, ...],
                          exact: np.ndarray | None, null: np.ndarray) -> np.ndarray:
    """Map similarity scores to levels: 0 below every threshold, k above the k-th."""
    levels = np.searchsorted(np.asarray(thresholds, dtype=np.float64), scores,
                             side="right").astype(np.int8)
    if exact is not None:
        levels[exact] = len(thresholds) + 1
    levels[null] = -1
    return levels


def _string(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
            right: np.ndarray) -> np.ndarray:
    from sidalih import strings

    encoded = cache.strings(comparison.column)
    thresholds = tuple(float(t) for t in comparison.options["thresholds"])
    scores = strings.jaro_winkler(encoded, encoded, left, right,
                                  score_cutoff=min(thresholds))
    codes = cache.codes(comparison.column)
    null = (codes[left] < 0) | (codes[right] < 0)
    exact = (codes[left] == codes[right]) & ~null
    return _thresholds_to_levels(np.nan_to_num(scores), thresholds, exact, null)


def _name(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
          right: np.ndarray) -> np.ndarray:
    """Levels: else, token-set agreement, JW >= each threshold, exact normalised name."""
    from sidalih import strings

    encoded = cache.strings(comparison.column)
    thresholds = tuple(float(t) for t in comparison.options["thresholds"])
    token_threshold = float(comparison.options["token_set"])
    jw = np.nan_to_num(strings.jaro_winkler(encoded, encoded, left, right,
                                            score_cutoff=min(thresholds)))
    codes = cache.codes(comparison.column)
    null = (codes[left] < 0) | (codes[right] < 0)
    exact = (codes[left] == codes[right]) & ~null
    levels = np.searchsorted(np.asarray(thresholds), jw, side="right").astype(np.int8) + 1
    # Only pairs below every JW threshold can still earn the token level (dropped or
    # reordered tokens); scoring just those saves the costliest kernel on most pairs.
    below = np.flatnonzero((levels == 1) & ~null)
    tokens = np.nan_to_num(strings.token_set(encoded, encoded, left[below], right[below],
                                             score_cutoff=token_threshold))
    levels[below] = np.where(tokens >= token_threshold, 1, 0)
    levels[exact] = len(thresholds) + 2
    levels[null] = -1
    return levels


def _nik(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
         right: np.ndarray) -> np.ndarray:
    from sidalih.compare._prepare_support import nik_arrays
    from sidalih.kernels.levels import nik_levels_kernel

    column = comparison.column
    masked_column = f"{column}_masked12"

    def build() -> tuple[np.ndarray, np.ndarray]:
        partial = cache.records[masked_column] if masked_column in cache.records.columns else None
        return nik_arrays(cache.column(column), partial)

    values, masked = cache.cached(("nik", column), build)
    return nik_levels_kernel(left, right, values, masked)  # type: ignore[no-any-return]


def _date(comparison: Comparison, cache: ColumnCache, left: np.ndarray,
          right: np.ndarray) -> np.ndarray:
    from sidalih.compare._prepare_support import date_arrays
    from sidalih.kernels.levels import NULL_DAYS, date_levels_kernel

    column = comparison.column
    days, placeholder = cache.cached(("date", column),
                                     lambda: date_arrays(cache.column(column)))
    return date_levels_kernel(left, right, days, placeholder,  # type: ignore[no-any-return]
                              np.int32(NULL_DAYS))


METHOD_FUNCTIONS: dict[str, Method] = {
    "exact": _exact,
    "code_prefix": _code_prefix,
    "string": _string,
    "name": _name,
    "nik": _nik,
    "date": _date,
}
