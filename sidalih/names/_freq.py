"""Token frequency tables for term-frequency weighting of name comparisons."""

from __future__ import annotations

from typing import Any

import polars as pl

from sidalih._frames import series_to_polars
from sidalih.errors import InvalidParameterError
from sidalih.names._normalise import parse_polars

__all__ = ["token_frequencies"]


def token_frequencies(
    names: Any, *, region: Any | None = None, region_digits: int | None = None
) -> pl.DataFrame:
    """Count normalised name tokens, nationally or per region, in one pass.

    Parameters
    ----------
    names
        A pandas/polars Series (or list) of raw names.
    region
        Optional region codes aligned with ``names`` (e.g. ``kode_desa``); counts and
        frequencies are then per region.
    region_digits
        Keep only this many leading characters of each region code (4 = regency).

    Returns
    -------
    polars.DataFrame
        ``token``, [``region``], ``count`` and ``frequency`` (count divided by the number
        of tokens in the region, or in the whole column), most frequent first.

    Examples
    --------
    >>> token_frequencies(["Siti Aminah", "SITI Rahayu", None])
    shape: (3, 3)
    ┌────────┬───────┬───────────┐
    │ token  ┆ count ┆ frequency │
    │ ---    ┆ ---   ┆ ---       │
    │ str    ┆ u32   ┆ f64       │
    ╞════════╪═══════╪═══════════╡
    │ siti   ┆ 2     ┆ 0.5       │
    │ aminah ┆ 1     ┆ 0.25      │
    │ rahayu ┆ 1     ┆ 0.25      │
    └────────┴───────┴───────────┘
    """
    series, _ = series_to_polars(names, name="nama")
    frame = pl.DataFrame({"token": parse_polars(series)["tokens"]})
    keys = ["token"]
    if region is not None:
        reg, _ = series_to_polars(region, name="region")
        if len(reg) != len(series):
            raise InvalidParameterError(
                f"region has {len(reg)} values but names has {len(series)}; "
                "pass one region code per name"
            )
        reg = reg.cast(pl.String)
        if region_digits is not None:
            if region_digits < 1:
                raise InvalidParameterError(f"region_digits must be >= 1, got {region_digits}")
            reg = reg.str.slice(0, region_digits)
        frame = frame.with_columns(region=reg)
        keys = ["region", "token"]
    counts = frame.explode("token").drop_nulls("token").group_by(keys).len("count")
    total = pl.col("count").sum()
    if region is not None:
        total = total.over("region")
    sort_keys = [*keys[:-1], "count", "token"]
    descending = [False] * (len(keys) - 1) + [True, False]
    return (
        counts.with_columns(frequency=pl.col("count") / total)
        .sort(sort_keys, descending=descending, nulls_last=True)
        .select(*keys, "count", "frequency")
    )
