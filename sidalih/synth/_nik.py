"""NIK and NKK numbers built as Dukcapil builds them, vectorised.

NIK = registration district (6) + birth day (+40 for women) + month + two-digit year +
serial among people registered in that district with that birth date (DOMAIN.md, NIK).
NKK = issuing district (6) + recording date DDMMYY + family serial (DOMAIN.md, NKK).

Serials must be unique across the whole list although it is generated one unit (a set of
whole districts) at a time:

* people registered in a district of their own unit get serials ``0001``–``4999`` ranked
  within the unit, which holds every village of that district, so no other unit can
  produce the same (district, birth date, serial);
* people registered elsewhere get ``5000``–``9999`` from :class:`SerialRegistry`, which
  remembers, across units, how many serials each (district, birth date) has handed out.

Rows are ranked in their order within each key, so twins (adjacent rows, same district
and birth date) get consecutive serials.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["SerialRegistry", "nik_numbers", "nkk_numbers", "date_field", "to_text"]

FOREIGN_BASE = 5000


def date_field(days: np.ndarray, female: np.ndarray) -> np.ndarray:
    """The six NIK date digits ``DDMMYY`` as an integer, women's day + 40.

    Examples
    --------
    >>> d = np.array(["1990-08-15", "1990-08-15"], dtype="datetime64[D]").astype(np.int64)
    >>> date_field(d, np.array([False, True])).tolist()
    [150890, 550890]
    """
    dates = np.asarray(days).astype("datetime64[D]")
    month_start = dates.astype("datetime64[M]")
    day = (dates - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    month = month_start.astype(np.int64) % 12 + 1
    year = (month_start.astype("datetime64[Y]").astype(np.int64) + 1970) % 100
    return (day + 40 * np.asarray(female, dtype=np.int64)) * 10_000 + month * 100 + year


def _rank_within(keys: np.ndarray) -> np.ndarray:
    """0-based rank of each row among the rows with the same key, in row order."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    start = np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])
    first = np.maximum.accumulate(np.where(start, np.arange(keys.size), 0))
    rank = np.empty(keys.size, dtype=np.int64)
    rank[order] = np.arange(keys.size) - first
    return rank


class SerialRegistry:
    """Serials handed out so far per (district, birth date) to people registered elsewhere."""

    def __init__(self) -> None:
        self._used = pl.DataFrame(schema={"key": pl.Int64, "used": pl.Int64})

    def take(self, keys: np.ndarray) -> np.ndarray:
        """Serials (from :data:`FOREIGN_BASE` + 1 upwards per key) for ``keys``, in order."""
        if keys.size == 0:
            return np.zeros(0, dtype=np.int64)
        rank = _rank_within(keys)
        frame = pl.DataFrame({"key": keys, "rank": rank})
        joined = frame.join(self._used, on="key", how="left", maintain_order="left")
        base = joined["used"].fill_null(0).to_numpy()
        counts = frame.group_by("key").agg(pl.len().cast(pl.Int64).alias("used"))
        self._used = pl.concat([self._used, counts]).group_by("key").agg(pl.col("used").sum())
        return FOREIGN_BASE + 1 + base + rank


def nik_numbers(
    district: np.ndarray,
    days: np.ndarray,
    female: np.ndarray,
    home: np.ndarray,
    registry: SerialRegistry,
) -> np.ndarray:
    """NIKs as int64 for people registered in ``district`` (6-digit ints).

    ``home`` marks people registered in a district of the unit being generated.
    """
    field = date_field(days, female)
    # Serial counts per (district, birth date) regardless of sex (+40 is part of the date).
    key = district.astype(np.int64) * 1_000_000 + date_field(days, np.zeros_like(female))
    serial = np.empty(key.size, dtype=np.int64)
    serial[home] = 1 + _rank_within(key[home])
    serial[~home] = registry.take(key[~home])
    return district.astype(np.int64) * 10**10 + field * 10**4 + serial


def nkk_numbers(district: np.ndarray, days: np.ndarray, band: int = 0) -> np.ndarray:
    """NKKs as int64: issuing district, recording date DDMMYY, family serial (+``band``)."""
    field = date_field(days, np.zeros(days.size, dtype=bool))
    key = district.astype(np.int64) * 1_000_000 + field
    return key * 10**4 + band + 1 + _rank_within(key)


def to_text(numbers: np.ndarray, *, name: str) -> pl.Series:
    """16-digit text of int64 numbers (always 16 digits: districts start at 110101).

    Examples
    --------
    >>> to_text(np.array([3271010101900001]), name="nik").to_list()
    ['3271010101900001']
    """
    return pl.Series(name, numbers, dtype=pl.Int64).cast(pl.String)
