"""Term-frequency adjustment: agreeing on a rare value is stronger evidence.

A comparison's exact level has one ``u`` for every value: the chance that two random
records agree exactly. But two records agreeing on "WAYAN" or on the placeholder
birth date 01-07-1960 say far less than two agreeing on a rare name. For a pair that
agrees exactly on a value of relative frequency ``f``, the chance that two random
records share *that* value is about ``f``, so the weight of the exact level becomes
``log2(m / f)`` instead of ``log2(m / u)``: the adjustment added to the weight is

    log2(u_exact / max(f, min_frequency))

(the approach of Splink's term-frequency adjustments). Rare values (``f < u_exact``)
gain weight, common ones lose it. ``min_frequency`` bounds the gain from a value seen
once in a small list. Frequencies should be computed where the comparison is made:
name tokens per region when a region is given, birth dates over the whole list (so
placeholder dates come out frequent).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import is_missing_expr, series_from_polars, series_to_polars
from sidalih.errors import InvalidParameterError

__all__ = ["tf_weight_adjustment", "term_frequencies"]


def tf_weight_adjustment(
    u_exact: float, value_frequency: Any, *, min_frequency: float = 1e-6
) -> np.ndarray:
    """Weight to add for agreeing exactly on a value of the given relative frequency.

    Parameters
    ----------
    u_exact : float
        The model's ``u`` of the comparison's exact-agreement level, in (0, 1].
    value_frequency : array-like of float
        Relative frequency in [0, 1] of the agreed value for each pair; NaN where the
        adjustment does not apply (the pair does not agree exactly), which gives 0.
    min_frequency : float, default 1e-6
        Frequencies below this are raised to it, bounding the adjustment above by
        ``log2(u_exact / min_frequency)``.

    Returns
    -------
    numpy.ndarray of float64
        ``log2(u_exact / max(frequency, min_frequency))``, 0 where the frequency is NaN.

    Examples
    --------
    >>> tf_weight_adjustment(0.01, [0.01, 0.04, 0.0025, float("nan")]).tolist()
    [0.0, -2.0, 2.0, 0.0]
    """
    freq = np.asarray(value_frequency, dtype=np.float64)
    problems = []
    if not (np.isfinite(u_exact) and 0.0 < u_exact <= 1.0):
        problems.append(f"u_exact must be in (0, 1], got {u_exact!r}")
    if not (np.isfinite(min_frequency) and 0.0 < min_frequency <= 1.0):
        problems.append(f"min_frequency must be in (0, 1], got {min_frequency!r}")
    outside = np.flatnonzero(~np.isnan(freq) & ((freq < 0.0) | (freq > 1.0)))
    if outside.size:
        problems.append(
            f"value_frequency must be relative frequencies in [0, 1]; "
            f"{outside.size} are not (first at position {int(outside[0])})"
        )
    if problems:
        raise InvalidParameterError("; ".join(problems))
    applies = ~np.isnan(freq)
    out = np.zeros(freq.shape, dtype=np.float64)
    out[applies] = np.log2(u_exact / np.maximum(freq[applies], min_frequency))
    return out


def term_frequencies(values: Any, *, groups: Any = None) -> Any:
    """Relative frequency of each row's value, within its group when ``groups`` is given.

    Missing values (null, NaN, or text empty after stripping) and rows whose group is
    missing get a null frequency. The denominator counts the non-missing values of the group.

    Parameters
    ----------
    values : Series, array or list
        The compared values, already normalised (e.g. a name token, a birth date).
    groups : Series, array or list, optional
        A group per row (e.g. a region code) of the same length.

    Returns
    -------
    The frequencies, of the kind ``values`` was given (lists and arrays come back
    as lists).

    Examples
    --------
    >>> term_frequencies(["SITI", "SITI", "BUDI", None, " "])
    [0.6666666666666666, 0.6666666666666666, 0.3333333333333333, None, None]
    >>> term_frequencies(["SITI", "SITI", "BUDI", "SITI"], groups=["A", "A", "B", "B"])
    [1.0, 1.0, 0.5, 0.5]
    """
    series, kind = series_to_polars(values, name="value")
    frame = pl.DataFrame({"value": series})
    partition: list[str] = []
    if groups is not None:
        group_series, _ = series_to_polars(groups, name="group")
        if group_series.len() != series.len():
            raise InvalidParameterError(
                f"groups must have one entry per value: {group_series.len()} groups "
                f"for {series.len()} values"
            )
        frame = frame.with_columns(group_series.alias("group"))
        partition = ["group"]
    if series.dtype == pl.String:
        valid = ~is_missing_expr("value")
    elif series.dtype.is_float():
        valid = pl.col("value").is_not_null() & pl.col("value").is_not_nan()
    else:
        valid = pl.col("value").is_not_null()
    if partition:
        valid = valid & pl.col("group").is_not_null()
    count = pl.len().over(["value", *partition])
    total = valid.cast(pl.Int64).sum()
    if partition:
        total = total.over(partition)
    freq = pl.when(valid).then(count / total).otherwise(None)
    result = frame.select(freq.alias(series.name))
    return series_from_polars(result.to_series(), kind)
