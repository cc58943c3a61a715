"""Term-frequency adjustments: agreeing on a rare value weighs more than on a common one."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from sidalih.compare import ColumnCache
from sidalih.engine._model import Model
from sidalih.kernels.levels import DateLevel
from sidalih.model import tf_weight_adjustment

__all__ = ["term_frequency_adjustments", "each_term_frequency_adjustment", "frequency_column"]

_MIN_REGION_ROWS = 1_000
_SLICE = 1 << 22  # pairs per slice where whole-length temporaries would cost gigabytes


def term_frequency_adjustments(model: Model, cache: ColumnCache, gamma: np.ndarray,
                               left: np.ndarray) -> dict[str, np.ndarray]:
    """Agreement on a rare value weighs more than on a common one (Splink-style tf).

    Names use their frequency within the regency when the regency is large enough to
    measure it, else nationally; placeholder birth dates their frequency in the list.
    """
    return dict(each_term_frequency_adjustment(model, cache, gamma, left))


def each_term_frequency_adjustment(model: Model, cache: ColumnCache, gamma: np.ndarray,
                                   left: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """:func:`term_frequency_adjustments` one comparison at a time (one array held at once)."""
    records = cache.records
    for comparison in model.comparisons:
        column = comparison.tf_column
        if not column or column not in records.columns:
            continue
        given = frequency_column(column)
        if given in records.columns:
            # computed over the whole list by a partitioned run (sidalih.scale)
            row_freq = _filled(records.get_column(given), 1.0).astype(np.float64)
        else:
            row_freq = _value_frequency(records, column)
        if comparison.method_type.tf_applies == "placeholder":
            yield comparison.name, _placeholder_adjustment(model, comparison.name, gamma,
                                                           row_freq, left)
        else:
            j = [c.name for c in model.comparisons].index(comparison.name)
            yield comparison.name, _tf_at(model, j, gamma, row_freq, left,
                                          comparison.n_levels - 1)


def _tf_at(model: Model, j: int, gamma: np.ndarray, row_freq: np.ndarray, left: np.ndarray,
           level: int, *, shift: float = 0.0) -> np.ndarray:
    """The tf adjustment (plus ``shift``) of comparison ``j`` at ``level``; 0 elsewhere.

    The same floats as ``model.fs.tf_adjustment`` on a per-pair frequency, computed a
    slice of pairs at a time: over tens of millions of pairs (a list where everyone
    shares a placeholder date) each whole-length temporary costs hundreds of megabytes.
    """
    out = np.zeros(gamma.shape[0], dtype=np.float64)
    u = float(model.fs.u_[j][level])
    for start in range(0, gamma.shape[0], _SLICE):
        rows = start + np.flatnonzero(gamma[start:start + _SLICE, j] == level)
        out[rows] = tf_weight_adjustment(u, row_freq[left[rows]])
        if shift:
            out[rows] += shift
    return out


def _placeholder_adjustment(model: Model, name: str, gamma: np.ndarray,
                            row_freq: np.ndarray, left: np.ndarray) -> np.ndarray:
    """Agreement on a placeholder date weighs ``log2(m_agree / frequency of the date)``.

    ``m_agree`` is the share of matches whose dates agree at all (exactly or on one
    placeholder): how often a placeholder is used is a property of the list, not of
    what a match looks like, so the level's own ``m`` would carry the list's share of
    placeholders into the weight (in a list where everyone has 01-07-1960 it made
    agreement on that date evidence *against* a match).
    """
    j = [c.name for c in model.comparisons].index(name)
    m = model.fs.m_[j]
    agree = float(m[DateLevel.EXACT] + m[DateLevel.EXACT_PLACEHOLDER])
    placeholder = float(m[DateLevel.EXACT_PLACEHOLDER])
    return _tf_at(model, j, gamma, row_freq, left, int(DateLevel.EXACT_PLACEHOLDER),
                  shift=float(np.log2(agree / placeholder)))


def _filled(series: pl.Series, value: float) -> np.ndarray:
    """``series`` with nulls as ``value``, as numpy (no frame operation when none is null:
    a look-up scores a few dozen rows, and each operation costs the same at any length)."""
    return (series if series.null_count() == 0 else series.fill_null(value)).to_numpy()


def frequency_column(column: str) -> str:
    """Name of the precomputed relative frequency of ``column``'s values, when present."""
    return f"__tf_{column}"


def _value_frequency(records: pl.DataFrame, column: str) -> np.ndarray:
    """Relative frequency of each row's value (within its regency when one is known)."""
    value = pl.col(column)
    if "kode_kab" in records.columns:
        region_rows = pl.len().over("kode_kab")
        per_region = pl.len().over(column, "kode_kab") / region_rows
        national = pl.len().over(column) / pl.len()
        freq = pl.when(pl.col("kode_kab").is_not_null() & (region_rows >= _MIN_REGION_ROWS)) \
            .then(per_region).otherwise(national)
    else:
        freq = pl.len().over(column) / pl.len()
    out = records.select(pl.when(value.is_not_null()).then(freq).otherwise(None).alias("f"))
    return out["f"].fill_null(1.0).to_numpy().astype(np.float64)
