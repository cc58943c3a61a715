"""Marital status: KPU's codes ``B`` / ``S`` / ``P`` from codes, Dukcapil and English words."""

from __future__ import annotations

from typing import Any

import polars as pl

from sidalih._frames import series_to_polars
from sidalih.dates._values import is_text, to_caller

__all__ = ["marital_expr", "marital_status_code", "marital_codes"]

_MARITAL: dict[str, str] = {}
for _code, _words in {
    "B": ["B", "BELUM KAWIN", "BELUM MENIKAH", "TIDAK KAWIN", "LAJANG", "SINGLE",
          "NEVER MARRIED", "UNMARRIED", "NOT MARRIED"],
    "S": ["S", "K", "KAWIN", "SUDAH KAWIN", "MENIKAH", "SUDAH MENIKAH", "KAWIN TERCATAT",
          "KAWIN BELUM TERCATAT", "KAWIN TIDAK TERCATAT", "MARRIED"],
    "P": ["P", "PERNAH KAWIN", "PERNAH MENIKAH", "CERAI", "CERAI HIDUP", "CERAI MATI",
          "JANDA", "DUDA", "DIVORCED", "WIDOWED", "WIDOW", "WIDOWER", "SEPARATED"],
}.items():  # fmt: skip
    for _word in _words:
        _MARITAL[_word] = _code


def marital_expr(column: pl.Expr) -> pl.Expr:
    """Polars expression form of :func:`marital_status_code` (``B``/``S``/``P`` or null)."""
    cleaned = (
        column.cast(pl.String)
        .str.to_uppercase()
        .str.replace_all(r"[_\-./]+", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return cleaned.replace_strict(_MARITAL, default=None, return_dtype=pl.String)


def marital_status_code(values: Any) -> Any:
    """Map marital-status text to KPU's codes: ``B`` never, ``S`` married, ``P`` was married.

    Accepts the codes, the Dukcapil words (``KAWIN``, ``BELUM KAWIN``, ``CERAI HIDUP``,
    ``CERAI MATI``...) and English words, as plain or categorical text; anything else
    gives null. pandas results keep the input's index.

    Examples
    --------
    >>> marital_status_code(["b", "Kawin", "CERAI MATI", "widowed", "?", None])
    ['B', 'S', 'P', 'P', None, None]
    """
    series, kind = series_to_polars(values, name="status_kawin")
    return to_caller(marital_codes(series), kind, values)


def marital_codes(series: pl.Series) -> pl.Series:
    """``B``/``S``/``P`` or null per value; text of any storage, other values null."""
    if series.dtype == pl.Object:
        series = pl.Series(
            "status_kawin", [v if isinstance(v, str) else None for v in series.to_list()],
            dtype=pl.String,
        )  # fmt: skip
    elif is_text(series.dtype):
        series = series.cast(pl.String)
    else:
        # Numbers, dates, booleans and nested values are not a marital status.
        series = pl.Series("status_kawin", [None] * len(series), dtype=pl.String)
    return pl.select(marital_expr(pl.lit(series))).to_series().rename("status_kawin")
