"""Term-frequency counts kept up to date one batch at a time.

The engine's frequency of a row's value is its count over the list divided by the
list's length, or within the row's regency (``kode_kab``) when that regency holds at
least 1,000 records (:func:`sidalih.scale._keys.attach_frequency`). Attaching that
number to every record would make each ``add`` or ``remove`` touch every record (the
list's length changes), so the registry keeps the *counts* instead: a code per row for
its value, its regency and the pair, and a count per code over the records held. A
row's frequency is then a few array look-ups, computed for the rows being scored only,
and an ``add`` costs the batch's rows, not the registry's. The floats are the same as
the engine's (the same operations), a value counted nowhere gives 1.0 as there.

*Frozen* counts (``frozen=True``, what a registry keeps) count the rows given to
:meth:`Frequencies.build` where marked and nothing after: :meth:`Frequencies.plus` only
gives the new rows their codes, and a value counted nowhere counts as seen once (its
frequency is ``1 / n_rows``, or ``1 / regency rows`` in a large regency), so that a
frequency depends on the value alone, never on which records arrived before it.

A *smoothed* column's frequency (names': :func:`sidalih.engine._tf.smoothed_tf`) is
:func:`sidalih.engine._tf.good_turing_frequency`'s: the same counts looked up in one
table per place (the list, each large regency), built from the counts once per set of
counts (:meth:`Frequencies.tables`) and kept while frozen counts stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import polars as pl

from sidalih.engine._tf import frequency_column
from sidalih.kernels.turing import turing_lookup, turing_table
from sidalih.scale._keys import MIN_REGION_ROWS, REGION

__all__ = ["Frequencies"]

_CODE = "__code"


def _encode(table: pl.DataFrame, keys: pl.DataFrame) -> tuple[np.ndarray, pl.DataFrame]:
    """A code per row of ``keys`` (-1 where a key is missing); new keys get new codes."""
    names = keys.columns
    present = pl.all_horizontal(pl.col(n).is_not_null() for n in names)
    unseen = keys.filter(present).unique()  # codes are private: any order will do
    if table.height:
        unseen = unseen.join(table, on=names, how="anti")
    if unseen.height:
        start = table.height
        table = pl.concat([table, unseen.with_columns(
            pl.int_range(start, start + unseen.height, dtype=pl.Int64).alias(_CODE))])
    coded = keys.join(table, on=names, how="left", maintain_order="left")
    return coded[_CODE].fill_null(-1).to_numpy().astype(np.int64), table


def _grow(counts: np.ndarray, size: int) -> np.ndarray:
    return counts if counts.size >= size else np.concatenate(
        [counts, np.zeros(size - counts.size, np.int64)])


@dataclass(frozen=True)
class _Column:
    """Codes and counts of one term-frequency column (regency arrays None without it)."""

    values: pl.DataFrame  # value -> code
    value_code: np.ndarray  # per row, -1 when the value is missing
    value_count: np.ndarray  # per value code, over the records held
    pairs: pl.DataFrame | None  # (value, regency) -> code
    pair_code: np.ndarray | None
    pair_count: np.ndarray | None


@dataclass(frozen=True)
class Frequencies:
    """Counts over the records held, for every term-frequency column (immutable).

    Examples
    --------
    >>> frame = pl.DataFrame({"nama": ["ANI", "ANI", "BUDI", None]})
    >>> f = Frequencies.build(frame, np.ones(4, bool), ["nama"])
    >>> f.frequency("nama", np.arange(4)).tolist()
    [0.5, 0.5, 0.25, 1.0]
    >>> f.minus(np.array([2])).frequency("nama", np.arange(2)).tolist()
    [0.6666666666666666, 0.6666666666666666]
    >>> frozen = Frequencies.build(frame, np.ones(4, bool), ["nama"], frozen=True)
    >>> later = frozen.plus(pl.DataFrame({"nama": ["ANI", "CICI"]}))
    >>> later.frequency("nama", np.arange(6)).tolist()
    [0.5, 0.5, 0.25, 1.0, 0.5, 0.25]
    >>> smooth = Frequencies.build(frame, np.ones(4, bool), ["nama"], smoothed=["nama"])
    >>> bool((smooth.frequency("nama", np.arange(4)) <= f.frequency("nama", np.arange(4))).all())
    True
    """

    n_rows: int  # records held
    regions: pl.DataFrame | None  # regency -> code
    region_code: np.ndarray | None
    region_count: np.ndarray | None
    columns: dict[str, _Column]
    frozen: bool = False  # count no row after build; unseen values count once
    smoothed: frozenset[str] = frozenset()  # Good-Turing frequencies (module docstring)
    # per smoothed column, its tables (:meth:`tables`); valid while the counts are these
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, records: pl.DataFrame, active: np.ndarray, columns: list[str], *,
              frozen: bool = False, smoothed: Sequence[str] = ()) -> Frequencies:
        """Counts of ``records`` where ``active``; ``frozen``, ``smoothed``: see the module
        docstring."""
        empty = cls(0, None, None, None, {}, smoothed=frozenset(smoothed))
        if REGION in records.columns:
            table = pl.DataFrame(schema={REGION: records.schema[REGION], _CODE: pl.Int64})
            empty = replace(empty, regions=table, region_code=np.zeros(0, np.int64),
                            region_count=np.zeros(0, np.int64))
        for column in columns:
            if column not in records.columns:
                continue
            keys = [column, REGION] if empty.regions is not None else [column]
            pairs = (pl.DataFrame(schema={k: records.schema[k] for k in keys} | {_CODE: pl.Int64})
                     if empty.regions is not None else None)
            empty.columns[column] = _Column(
                pl.DataFrame(schema={column: records.schema[column], _CODE: pl.Int64}),
                np.zeros(0, np.int64), np.zeros(0, np.int64), pairs,
                None if pairs is None else np.zeros(0, np.int64),
                None if pairs is None else np.zeros(0, np.int64))
        return replace(empty.plus(records, active=active), frozen=frozen)

    def plus(self, frame: pl.DataFrame, *, active: np.ndarray | None = None) -> Frequencies:
        """These counts with ``frame``'s rows appended (counted where ``active``; frozen
        counts give the rows their codes and count none of them)."""
        held = np.ones(frame.height, bool) if active is None else active
        if self.frozen:
            held = np.zeros(frame.height, bool)
        region_code, regions, region_count = self.region_code, self.regions, self.region_count
        if regions is not None:
            codes, regions = _encode(regions, frame.select(REGION))
            region_code = np.concatenate([region_code, codes])  # type: ignore[list-item]
            region_count = _counted(region_count, codes, held, regions.height)
        columns = {}
        for column, c in self.columns.items():
            codes, values = _encode(c.values, frame.select(column))
            count = _counted(c.value_count, codes, held, values.height)
            pair_code, pairs, pair_count = c.pair_code, c.pairs, c.pair_count
            if pairs is not None:
                p_codes, pairs = _encode(pairs, frame.select(column, REGION))
                pair_code = np.concatenate([pair_code, p_codes])  # type: ignore[list-item]
                pair_count = _counted(pair_count, p_codes, held, pairs.height)
            columns[column] = _Column(values, np.concatenate([c.value_code, codes]), count,
                                      pairs, pair_code, pair_count)
        # frozen counts stay as they are: so do their tables
        return Frequencies(self.n_rows + int(held.sum()), regions, region_code, region_count,
                           columns, self.frozen, self.smoothed,
                           self.cache if self.frozen else {})

    def minus(self, rows: np.ndarray) -> Frequencies:
        """These counts without ``rows`` (records removed; their codes stay); frozen
        counts stay as they are."""
        if self.frozen:
            return self
        region_count = None
        if self.region_count is not None and self.region_code is not None:
            region_count = _uncounted(self.region_count, self.region_code[rows])
        columns = {}
        for column, c in self.columns.items():
            pair_count = None
            if c.pair_count is not None and c.pair_code is not None:
                pair_count = _uncounted(c.pair_count, c.pair_code[rows])
            columns[column] = replace(c, value_count=_uncounted(c.value_count,
                                                                c.value_code[rows]),
                                      pair_count=pair_count)
        return Frequencies(self.n_rows - rows.size, self.regions, self.region_code,
                           region_count, columns, self.frozen, self.smoothed)

    def frequency(self, column: str, rows: np.ndarray) -> np.ndarray:
        """Each row's relative frequency of its value, as the engine computes it."""
        if column in self.smoothed:
            return self._smoothed(column, rows)
        c = self.columns[column]
        has = c.value_code[rows] >= 0
        count = _at(c.value_count, c.value_code[rows])
        if self.frozen:  # a value first seen after the counts were frozen counts once
            count = np.where(has, np.maximum(count, 1), count)
        # polars divides a column by a number as a product with its reciprocal (the
        # engine's floats), and a column by a column exactly: the same here
        freq = count * (1.0 / max(self.n_rows, 1))
        known = has & (count > 0)
        if self.region_code is not None and self.region_count is not None \
                and c.pair_code is not None and c.pair_count is not None:
            kab = _at(self.region_count, self.region_code[rows])
            big = (self.region_code[rows] >= 0) & (kab >= MIN_REGION_ROWS)
            pair = _at(c.pair_count, c.pair_code[rows])
            if self.frozen:
                pair = np.where(has, np.maximum(pair, 1), pair)
            freq = np.where(big, pair / np.maximum(kab, 1), freq)
            known = has & np.where(big, pair > 0, count > 0)
        out = np.ones(rows.size, dtype=np.float64)
        out[known] = freq[known]
        return out

    def tables(self, column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``column``'s Good-Turing tables over the counts held: ``(place rows, offsets,
        adjusted)``, place 0 the list, ``1 + k`` regency code ``k`` (values only where
        it holds at least 1,000 records), as the engine numbers them."""
        if column in self.cache:
            return self.cache[column]  # type: ignore[no-any-return]
        c = self.columns[column]
        seen = np.flatnonzero(c.value_count > 0)
        place = [np.zeros(seen.size, np.int64)]
        count = [c.value_count[seen]]
        place_rows = np.array([self.n_rows], np.int64)
        if self.region_count is not None and self.regions is not None \
                and c.pairs is not None and c.pair_count is not None:
            place_rows = np.concatenate([place_rows, self.region_count.astype(np.int64)])
            region_of = c.pairs.join(self.regions.rename({_CODE: "__region"}), on=REGION,
                                     how="left")
            pair_region = np.full(c.pair_count.size, -1, np.int64)
            pair_region[region_of[_CODE].to_numpy()] = \
                region_of["__region"].fill_null(-1).to_numpy()
            big = np.flatnonzero((c.pair_count > 0) & (pair_region >= 0))
            big = big[self.region_count[pair_region[big]] >= MIN_REGION_ROWS]
            place.append(1 + pair_region[big])
            count.append(c.pair_count[big])
        offsets, adjusted = turing_table(np.concatenate(place),
                                         np.concatenate(count).astype(np.int64), place_rows)
        self.cache[column] = (place_rows, offsets, adjusted)
        return place_rows, offsets, adjusted

    def _smoothed(self, column: str, rows: np.ndarray) -> np.ndarray:
        """:meth:`frequency` of a smoothed column: the counts :meth:`frequency` reads,
        looked up in :meth:`tables`."""
        c = self.columns[column]
        place_rows, offsets, adjusted = self.tables(column)
        has = c.value_code[rows] >= 0
        count = _at(c.value_count, c.value_code[rows])
        if self.frozen:  # a value first seen after the counts were frozen counts once
            count = np.where(has, np.maximum(count, 1), count)
        place = np.zeros(rows.size, np.int64)
        if self.region_code is not None and self.region_count is not None \
                and c.pair_code is not None and c.pair_count is not None:
            region = self.region_code[rows]
            kab = _at(self.region_count, region)
            big = (region >= 0) & (kab >= MIN_REGION_ROWS)
            pair = _at(c.pair_count, c.pair_code[rows])
            if self.frozen:
                pair = np.where(has, np.maximum(pair, 1), pair)
            count = np.where(big, pair, count)
            place = np.where(big, 1 + region, 0)
        count = np.where(has, count, 0).astype(np.int64)
        return turing_lookup(place.astype(np.int64), count,  # type: ignore[no-any-return]
                             place_rows, offsets, adjusted)

    def attach(self, frame: pl.DataFrame, rows: np.ndarray) -> pl.DataFrame:
        """``frame`` (the registry's ``rows``, in order) with each frequency column."""
        return frame.with_columns(pl.Series(frequency_column(c), self.frequency(c, rows))
                                  for c in self.columns)


def _at(counts: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``counts[codes]``, 0 where a code is -1 (no value)."""
    out = np.zeros(codes.size, dtype=np.int64)
    ok = codes >= 0
    out[ok] = counts[codes[ok]]
    return out


def _counted(counts: np.ndarray | None, codes: np.ndarray, held: np.ndarray,
             size: int) -> np.ndarray:
    out = _grow(np.zeros(0, np.int64) if counts is None else counts.copy(), size)
    out += np.bincount(codes[held & (codes >= 0)], minlength=size).astype(np.int64)
    return out


def _uncounted(counts: np.ndarray, codes: np.ndarray) -> np.ndarray:
    return counts - np.bincount(codes[codes >= 0], minlength=counts.size).astype(np.int64)
