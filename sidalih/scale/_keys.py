"""Per-row keys that let a list be cut into pieces without changing what the engine finds.

A blocking rule's block is the set of rows whose keys hash alike (the planner in
:mod:`sidalih.blocking` groups by the same 64-bit hash), so hashing the keys once per
row, per rule, tells every later step three things without looking at other rows:

* which bucket a row goes to for that rule (all rows of a block land together);
* whether two rows share the rule's block (the union of rules drops a pair an earlier
  rule already produced);
* which block is too large (its hash is in the rule's short list of big blocks).

Term-frequency weights need each name's frequency over the whole list, so they are
counted once and attached to every row (:func:`frequency_tables`, :func:`attach_frequency`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from sidalih.blocking._rules import BlockingRule, missing_key_expr
from sidalih.engine._tf import frequency_column
from sidalih.kernels.turing import turing_lookup, turing_table

__all__ = [
    "ROW",
    "SIDE",
    "hash_column",
    "bucket_column",
    "add_rule_hashes",
    "FrequencyTables",
    "frequency_tables",
    "attach_frequency",
    "attach_frequencies",
]

ROW = "__row"
SIDE = "__side"

# Names use their frequency within the regency when it has this many rows (as in the
# in-memory engine), else the national one.
MIN_REGION_ROWS = 1_000
REGION = "kode_kab"


def hash_column(rule_index: int) -> str:
    """Name of the column holding rule ``rule_index``'s key hash (null: not blocked)."""
    return f"__h{rule_index}"


def bucket_column() -> str:
    return "__bucket"


def add_rule_hashes(frame: pl.DataFrame, rules: Sequence[BlockingRule]) -> pl.DataFrame:
    """Add one Int64 key-hash column per rule (the blocking planner's hash, reinterpreted).

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.blocking import block_on
    >>> df = pl.DataFrame({"k": ["a", None, "a", "b"]})
    >>> h = add_rule_hashes(df, [block_on("k")])["__h0"].to_list()
    >>> h[0] == h[2], h[1], h[0] == h[3]
    (True, None, False)
    """
    columns = []
    for u, rule in enumerate(rules):
        keys = frame.select(k.alias(f"__k{i}") for i, k in enumerate(rule.keys))
        names = keys.columns
        missing = pl.any_horizontal([missing_key_expr(c, keys.schema[c]) for c in names])
        hashed = keys.select(
            pl.when(~missing)
            .then(pl.struct(names).hash(seed=0).reinterpret(signed=True))
            .alias(hash_column(u))
        )
        columns.append(hashed.to_series())
    return frame.with_columns(columns)


def add_rule_salts(frame: pl.DataFrame, rules: Sequence[BlockingRule]) -> pl.DataFrame:
    """Add, per rule with a refinement key, the Int64 hash of its first one (``__s<u>``).

    A big block is spread over tasks by this salt (see :func:`sidalih.scale.salted_rule`);
    a missing value hashes to one value, so those rows stay together.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.blocking import block_on
    >>> df = pl.DataFrame({"k": ["a", "a"], "r": ["x", None]})
    >>> add_rule_salts(df, [block_on("k", refine_with=["r"]), block_on("k", name="k2")]).columns
    ['k', 'r', '__s0']
    """
    from sidalih.blocking._resolve import resolve_rules

    resolved = resolve_rules(list(rules), frame, None)
    columns = [
        frame.select(use.refine[0][0].hash(seed=0).reinterpret(signed=True).alias(f"__s{u}"))
        .to_series()
        for u, use in enumerate(resolved.used) if use.refine
    ]
    return frame.with_columns(columns)


@dataclass(frozen=True)
class FrequencyTables:
    """Counts of a column's values: per regency, nationally, and the regencies' sizes.

    ``smoothed``: the frequencies are :func:`sidalih.engine._tf.good_turing_frequency`'s
    (:func:`sidalih.engine._tf.smoothed_tf`), from the same counts.
    """

    column: str
    per_region: pl.DataFrame | None  # column, kode_kab, n
    national: pl.DataFrame  # column, n
    region_rows: pl.DataFrame | None  # kode_kab, n
    n_rows: int
    smoothed: bool = False

    @cached_property
    def places(self) -> tuple[pl.DataFrame | None, np.ndarray, np.ndarray, np.ndarray]:
        """The Good-Turing tables: ``(regency -> place, place rows, offsets, adjusted)``.

        Place 0 is the whole list, places 1.. the regencies of at least 1,000 rows (as
        :func:`sidalih.engine._tf.good_turing_frequency` counts them); computed once,
        then each slice of the list is a look-up.
        """
        count = [self.national["n"].cast(pl.Int64).to_numpy()]
        place = [np.zeros(count[0].shape[0], np.int64)]
        rows = [np.array([self.n_rows], np.int64)]
        numbered = None
        if self.per_region is not None and self.region_rows is not None:
            numbered = (self.region_rows
                        .filter(pl.col(REGION).is_not_null() & (pl.col("n") >= MIN_REGION_ROWS))
                        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
                                      .alias("__place")))
            held = self.per_region.join(numbered.select(REGION, "__place"), on=REGION)
            count.append(held["n"].cast(pl.Int64).to_numpy())
            place.append(held["__place"].to_numpy())
            rows.append(numbered["n"].cast(pl.Int64).to_numpy())
            numbered = numbered.select(REGION, "__place")
        place_rows = np.concatenate(rows)
        offsets, adjusted = turing_table(np.concatenate(place), np.concatenate(count),
                                         place_rows)
        return numbered, place_rows, offsets, adjusted

    @cached_property
    def keyed(self) -> _Keyed:
        """Every counted key's frequency, for :func:`attach_frequency` to look up."""
        return _keyed_frequencies(self)


def frequency_tables(source: pl.LazyFrame, column: str, *,
                     smoothed: bool = False) -> FrequencyTables:
    """Count ``column``'s values over a whole (lazy, possibly larger than memory) list."""
    names = source.collect_schema().names()
    n_rows = int(source.select(pl.len()).collect(engine="streaming").item())
    national = (source.filter(pl.col(column).is_not_null()).group_by(column)
                .agg(pl.len().alias("n")).collect(engine="streaming"))
    if REGION not in names:
        return FrequencyTables(column, None, national, None, n_rows, smoothed)
    region_rows = source.group_by(REGION).agg(pl.len().alias("n")).collect(engine="streaming")
    per_region = (source.filter(pl.col(column).is_not_null()).group_by(column, REGION)
                  .agg(pl.len().alias("n")).collect(engine="streaming"))
    return FrequencyTables(column, per_region, national, region_rows, n_rows, smoothed)


def attach_frequency(frame: pl.DataFrame, tables: FrequencyTables, *,
                     by_key: bool = False) -> pl.DataFrame:
    """Add the column's relative frequency per row, as the in-memory engine computes it.

    By joins of the frame with the tables; with ``by_key``, for a caller that attaches
    the same tables to many slices of a list, by look-up: a row's frequency depends on
    its value and regency only, so it is read from the frequency of each distinct
    (value, regency) the tables counted (:attr:`FrequencyTables.keyed`, computed once by
    the joins): three joins of every slice against tables of millions of names (25
    CPU-s at 10M records) become a look-up of a 64-bit key. A row whose key the tables
    do not hold (a registry's new value) gets the joins. The floats are the same.

    Examples
    --------
    >>> df = pl.DataFrame({"nama": ["A", "A", "B", None]})
    >>> tables = frequency_tables(df.lazy(), "nama")
    >>> attach_frequency(df, tables)["__tf_nama"].to_list()
    [0.5, 0.5, 0.25, 1.0]
    >>> attach_frequency(df, tables, by_key=True).equals(attach_frequency(df, tables))
    True
    """
    keys = _key_columns(tables)
    if not by_key or not set(keys) <= set(frame.columns) or frame.height == 0:
        return _attach_joined(frame, tables)
    rows = frame.select(keys)
    freq, found = tables.keyed.look_up(rows)
    # a missing value weighs 1.0 (as the joins give it): no key holds one
    missing = rows.get_column(tables.column).is_null().to_numpy()
    freq[missing] = 1.0
    found |= missing
    if not found.all():
        missed = np.flatnonzero(~found)
        joined = _attach_joined(frame[missed].select(keys), tables)
        freq[missed] = joined.get_column(frequency_column(tables.column)).to_numpy()
    return frame.with_columns(pl.Series(frequency_column(tables.column), freq,
                                        dtype=pl.Float64))


def _key_columns(tables: FrequencyTables) -> list[str]:
    """The columns a row's frequency depends on: the value, and its regency if counted."""
    return [tables.column] + ([REGION] if tables.per_region is not None else [])


@dataclass(frozen=True)
class _Keyed:
    """The frequency of every (value, regency) a table counted, by the key's 64-bit hash."""

    keys: pl.DataFrame  # the distinct keys, sorted by hash
    hashes: np.ndarray  # uint64, sorted
    freq: np.ndarray  # float64, per key

    def look_up(self, rows: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Per row, its key's frequency and whether the key was found (else NaN).

        Found means equal, not only of equal hash: the key at the hash's place is
        compared with the row's, so a collision or a key the table lacks is a miss.
        """
        freq = np.full(rows.height, np.nan)
        if self.hashes.size == 0:
            return freq, np.zeros(rows.height, dtype=bool)
        hashed = _key_hash(rows)
        # searched in sorted order: a third of the time of random probes into millions
        order = np.argsort(hashed)
        at = np.empty(rows.height, np.int64)
        at[order] = np.searchsorted(self.hashes, hashed[order])
        np.minimum(at, self.hashes.size - 1, out=at)
        found = self.hashes[at] == hashed
        held = self.keys[at]
        for name in rows.columns:  # a missing regency is a key too (its value's national)
            found &= rows.get_column(name).eq_missing(held.get_column(name)).to_numpy()
        freq[found] = self.freq[at[found]]
        return freq, found


def _key_hash(rows: pl.DataFrame) -> np.ndarray:
    return rows.select(pl.struct(rows.columns).hash(seed=0)).to_series().to_numpy()


def _keyed_frequencies(tables: FrequencyTables) -> _Keyed:
    """The frequency of each key the table counted, computed by the joins once.

    The floats are those of the joins by construction (the joins of the keys
    themselves). Keys that share a hash (or a key counted twice) are left out: their
    rows get the joins.
    """
    source = tables.per_region if tables.per_region is not None else tables.national
    keys = source.select(_key_columns(tables))  # counted by key: each once (or a clash)
    hashes = _key_hash(keys)
    order = np.argsort(hashes, kind="stable")
    keys, hashes = keys[order], hashes[order]
    if hashes.size > 1:
        same = hashes[1:] == hashes[:-1]
        clash = np.concatenate([same, [False]]) | np.concatenate([[False], same])
        if clash.any():
            keys, hashes = keys.filter(pl.Series(~clash)), hashes[~clash]
    freq = _attach_joined(keys, tables).get_column(frequency_column(tables.column)).to_numpy()
    return _Keyed(keys, hashes, np.ascontiguousarray(freq, dtype=np.float64))


def _attach_joined(frame: pl.DataFrame, tables: FrequencyTables) -> pl.DataFrame:
    """:func:`attach_frequency` by joins of the frame against the tables."""
    if tables.smoothed:
        return _attach_smoothed(frame, tables)
    column = tables.column
    out = frame.join(tables.national.rename({"n": "__n_nat"}), on=column, how="left",
                     maintain_order="left")
    # the engine's floats (kernels.codes.frequencies): over the list a product with 1 / n,
    # within a large regency a quotient, computed here in numpy: polars divides by a
    # column that a join filled with one value as a product with its reciprocal (3/5
    # gave 0.6000000000000001 where the registry and the engine give 0.6)
    freq = _column(out, "__n_nat") * (1.0 / np.float64(max(tables.n_rows, 1)))
    temporary = ["__n_nat"]
    if tables.per_region is not None and tables.region_rows is not None:
        out = out.join(tables.per_region.rename({"n": "__n_reg"}), on=[column, REGION],
                       how="left", maintain_order="left")
        out = out.join(tables.region_rows.rename({"n": "__n_kab"}), on=REGION, how="left",
                       maintain_order="left")
        n_kab = _column(out, "__n_kab")
        big = out.get_column(REGION).is_not_null().to_numpy() & (n_kab >= MIN_REGION_ROWS)
        freq = np.where(big, _column(out, "__n_reg") / np.where(big, n_kab, 1.0), freq)
        temporary += ["__n_reg", "__n_kab"]
    # a missing value, or one counted nowhere (a registry's removed rows), weighs 1.0
    freq = np.where(out.get_column(column).is_not_null().to_numpy() & ~np.isnan(freq), freq,
                    1.0)
    return out.drop(temporary).with_columns(pl.Series(frequency_column(column), freq,
                                                      dtype=pl.Float64))


def _column(frame: pl.DataFrame, name: str) -> np.ndarray:
    """A count column as float64, NaN where the join found none."""
    return frame.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()


def _attach_smoothed(frame: pl.DataFrame, tables: FrequencyTables) -> pl.DataFrame:
    """:func:`attach_frequency` of a ``smoothed`` table: the count of the row's value in
    its place read by joins, its frequency looked up in the place's table."""
    column = tables.column
    numbered, place_rows, offsets, adjusted = tables.places
    out = frame.join(tables.national.rename({"n": "__n_nat"}), on=column, how="left",
                     maintain_order="left")
    temporary = ["__n_nat"]
    count = pl.col("__n_nat")
    place = pl.lit(0, dtype=pl.Int64)
    if numbered is not None and tables.per_region is not None:
        out = out.join(tables.per_region.rename({"n": "__n_reg"}), on=[column, REGION],
                       how="left", maintain_order="left")
        out = out.join(numbered, on=REGION, how="left", maintain_order="left")
        temporary += ["__n_reg", "__place"]
        count = pl.when(pl.col("__place").is_not_null()).then(pl.col("__n_reg")).otherwise(count)
        place = pl.col("__place").fill_null(0)
    read = out.select(place.cast(pl.Int64).alias("place"),
                      pl.when(pl.col(column).is_not_null()).then(count).otherwise(0)
                      .fill_null(0).cast(pl.Int64).alias("count"))
    freq = turing_lookup(read["place"].to_numpy(), read["count"].to_numpy(), place_rows,
                         offsets, adjusted)
    return out.drop(temporary).with_columns(pl.Series(frequency_column(column), freq,
                                                      dtype=pl.Float64))


def attach_frequencies(frame: pl.DataFrame, tables: Sequence[FrequencyTables], *,
                       by_key: bool = False) -> pl.DataFrame:
    """:func:`attach_frequency` for every table (``by_key`` passed on), joined on the few
    columns they read.

    Each join copies every column of its left side; joined on the frame's name and
    regency columns only, and the frequencies then set beside the frame (a join of
    unique keys keeps the rows in their order), a wide slice of a list is not copied
    six times (33 s of joins on 10M prepared rows at 10M, most of it copying).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"nama": ["A", "A", "B", None], "x": [1, 2, 3, 4]})
    >>> tables = [frequency_tables(df.lazy(), "nama")]
    >>> attach_frequencies(df, tables).equals(attach_frequency(df, tables[0]))
    True
    """
    if not tables:
        return frame
    read = [c for c in dict.fromkeys([*(t.column for t in tables), REGION]) if c in frame.columns]
    narrow = frame.select(read)
    for table in tables:
        narrow = attach_frequency(narrow, table, by_key=by_key)
    if narrow.height != frame.height:  # a join on unique keys never adds rows
        raise AssertionError("frequency tables with repeated keys")
    return frame.hstack(narrow.drop(read))


def big_hashes(hashes: np.ndarray, sides: np.ndarray, *, bound: int, linkage: bool) -> np.ndarray:
    """Sorted key hashes of the blocks with more pairs than ``bound`` (whole blocks given).

    Examples
    --------
    >>> big_hashes(np.array([5, 5, 5, 7]), np.zeros(4, np.int8), bound=2, linkage=False).tolist()
    [5]
    """
    if hashes.size == 0:
        return np.zeros(0, np.int64)
    values, inverse, sizes = np.unique(hashes, return_inverse=True, return_counts=True)
    if linkage:
        n_left = np.bincount(inverse, weights=(sides == 0), minlength=values.size)
        pairs = n_left.astype(np.int64) * (sizes - n_left.astype(np.int64))
    else:
        pairs = sizes.astype(np.int64) * (sizes - 1) // 2
    return values[pairs > bound].astype(np.int64)
