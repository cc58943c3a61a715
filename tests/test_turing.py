"""Good-Turing name frequencies: the kernel against a plain-Python reference, what the
estimate means on lists whose population is known, and one float on every path (in
memory, out of core, the registry)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_turing import reference_adjusted, reference_frequencies

from sidalih.engine._tf import _value_frequency, good_turing_frequency
from sidalih.kernels.turing import turing_lookup, turing_table
from sidalih.registry._freq import Frequencies
from sidalih.scale._keys import attach_frequency, frequency_tables

# ------------------------------------------------------------------ the kernel


@st.composite
def places(draw: st.DrawFn) -> tuple[list[list[int]], list[int]]:
    """Per place, its values' counts (many small, a few large, as names are) and rows."""
    n_places = draw(st.integers(1, 4))
    counts, rows = [], []
    for _ in range(n_places):
        small = draw(st.lists(st.integers(1, 6), max_size=120))
        large = draw(st.lists(st.integers(7, 400), max_size=8))
        counts.append(small + large)
        rows.append(sum(small + large) + draw(st.integers(0, 50)))
    return counts, rows


def _kernel_tables(counts: list[list[int]], rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    place = np.array([p for p, cs in enumerate(counts) for _ in cs], dtype=np.int64)
    count = np.array([c for cs in counts for c in cs], dtype=np.int64)
    return turing_table(place, count, np.array(rows, dtype=np.int64))


@settings(max_examples=200, deadline=None)
@given(places())
def test_the_table_is_the_references(drawn: tuple[list[list[int]], list[int]]) -> None:
    counts, rows = drawn
    offsets, adjusted = _kernel_tables(counts, rows)
    for p, (cs, n) in enumerate(zip(counts, rows, strict=True)):
        expected = reference_adjusted(cs, n)
        got = adjusted[offsets[p]:offsets[p + 1]]
        assert got[0] == 0.0
        assert len(got) == (max(cs) + 2 if cs else 2)
        for r, value in expected.items():
            assert got[r] == pytest.approx(value, rel=1e-12, abs=1e-12), (p, r)


@settings(max_examples=200, deadline=None)
@given(places(), st.data())
def test_a_row_looks_up_its_place_and_count(drawn: tuple[list[list[int]], list[int]],
                                            data: st.DataObject) -> None:
    counts, rows = drawn
    offsets, adjusted = _kernel_tables(counts, rows)
    n_rows = data.draw(st.integers(0, 40))
    place = np.array(data.draw(st.lists(st.integers(0, len(counts) - 1), min_size=n_rows,
                                        max_size=n_rows)), dtype=np.int64)
    count = np.array([data.draw(st.integers(0, max(counts[p], default=0) + 1)) for p in place],
                     dtype=np.int64)
    got = turing_lookup(place, count, np.array(rows, np.int64), offsets, adjusted)
    for i, (p, r) in enumerate(zip(place.tolist(), count.tolist(), strict=True)):
        table = reference_adjusted(counts[p], rows[p])
        n = max(rows[p], 1)
        expected = 1.0 if r == 0 else table[r] / n if r in table else r / n
        assert got[i] == pytest.approx(expected, rel=1e-12), (p, r)


@settings(max_examples=100, deadline=None)
@given(places())
def test_an_estimate_never_exceeds_the_count_nor_falls_below_the_agreement_rate(
        drawn: tuple[list[list[int]], list[int]]) -> None:
    """At most the raw count, at least ``min(r, A)``, and non-decreasing in ``r``."""
    counts, rows = drawn
    offsets, adjusted = _kernel_tables(counts, rows)
    for p, (cs, n) in enumerate(zip(counts, rows, strict=True)):
        if not cs:
            continue
        agree = sum(c * (c - 1) for c in cs) / (n - 1) if n > 1 else 0.0
        got = adjusted[offsets[p]:offsets[p] + max(cs) + 1]
        r = np.arange(got.size)
        assert (got <= r + 1e-12).all()
        assert (got >= np.minimum(r, agree) - 1e-12).all()
        assert (np.diff(got) >= 0).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from("ABCDEFGHIJ")), max_size=60),
       st.lists(st.one_of(st.none(), st.sampled_from("xy")), max_size=60))
def test_the_engine_frequency_is_the_references(values: list[str | None],
                                                regions: list[str | None]) -> None:
    """Small lists (every region under 1,000 rows: the list is the place)."""
    regions = (regions + [None] * len(values))[:len(values)]
    frame = pl.DataFrame({"nama": values, "kode_kab": regions},
                         schema={"nama": pl.String, "kode_kab": pl.String})
    got = _value_frequency(frame, "nama", smoothed=True)
    assert got.tolist() == pytest.approx(reference_frequencies(values, regions), rel=1e-12)


def test_large_regions_are_places_of_their_own() -> None:
    values, regions, frame = _list(seed=3)
    got = _value_frequency(frame, "nama_norm", smoothed=True)
    assert got.tolist() == pytest.approx(reference_frequencies(values, regions), rel=1e-12)


# ------------------------------------------------------------------ what it means


def test_a_name_held_by_one_pair_in_a_small_list_gets_the_populations_frequency() -> None:
    """5,000 records whose names are drawn from 12,696 (the skewed list of issue 19): a
    name seen twice counted 2 in 5,000, 5 times the population's 1 in 12,696."""
    rng = np.random.default_rng(17)
    values = rng.integers(0, 12_696, 5_000)
    freq = good_turing_frequency(values, np.zeros(5_000, np.int64))
    seen = np.bincount(values)[values]
    twice = np.unique(freq[seen == 2])
    assert twice.size == 1
    assert 0.5 / 12_696 < twice[0] < 2 / 12_696
    assert twice[0] < 0.5 * 2 / 5_000


def test_a_frequent_value_keeps_its_count_and_a_rare_one_in_a_large_list_too() -> None:
    """Names of a heavy-tailed population (most records carry a common name): a value
    more common than an average agreement loses a little, one rarer keeps its count."""
    rng = np.random.default_rng(5)
    values = rng.zipf(1.6, 10_000)
    freq = good_turing_frequency(values)
    count = np.bincount(values)[values]
    raw = count / 10_000
    agree = float((np.bincount(values) * (np.bincount(values) - 1)).sum()) / 9_999
    rare = count <= agree
    assert rare.any() and (~rare).any()
    assert np.array_equal(freq[rare], raw[rare])
    common = count >= 100
    assert common.any()
    assert ((freq[common] <= raw[common]) & (freq[common] > 0.9 * raw[common])).all()


def test_a_list_without_values_seen_once_keeps_its_counts() -> None:
    values = np.repeat(np.arange(5), 4)
    assert good_turing_frequency(values).tolist() == [0.2] * 20


# ------------------------------------------------------------------ one float everywhere


def _list(seed: int) -> tuple[list[str | None], list[str | None], pl.DataFrame]:
    """Two regencies over 1,000 rows and one under, heavy-tailed names, a few missing."""
    rng = np.random.default_rng(seed)
    n = 2_700
    regions: list[str | None] = (["3201"] * 1_300 + ["3202"] * 1_100 + ["3203"] * 250
                                 + [None] * 50)
    names = [f"N{k}" for k in rng.zipf(1.4, n) % 3_000]
    values: list[str | None] = [None if rng.random() < 0.02 else v for v in names]
    order = rng.permutation(n)
    values = [values[i] for i in order]
    regions = [regions[i] for i in order]
    frame = pl.DataFrame({"nama_norm": values, "kode_kab": regions},
                         schema={"nama_norm": pl.String, "kode_kab": pl.String})
    return values, regions, frame


def test_every_path_gives_the_same_floats() -> None:
    """In memory (any numbering of the codes), out of core (whole list and slices with
    the whole list's tables) and the registry (counts as they are, and frozen)."""
    _, _, frame = _list(seed=11)
    column = "nama_norm"
    memory = _value_frequency(frame, column, smoothed=True)
    # other codes for the same values: the tables do not depend on the numbering
    codes = frame.select(pl.col(c).rank("dense", descending=True).cast(pl.Int64).fill_null(0) - 1
                         for c in (column, "kode_kab"))
    renumbered = good_turing_frequency(codes[column].to_numpy().astype(np.int64),
                                       codes["kode_kab"].to_numpy().astype(np.int64))
    assert np.array_equal(memory, renumbered)
    tables = frequency_tables(frame.lazy(), column, smoothed=True)
    whole = attach_frequency(frame, tables)[f"__tf_{column}"].to_numpy()
    assert np.array_equal(memory, whole)
    sliced = np.concatenate([attach_frequency(frame.slice(s, 700), tables)[f"__tf_{column}"]
                             .to_numpy() for s in range(0, frame.height, 700)])
    assert np.array_equal(memory, sliced)
    rows = np.arange(frame.height)
    for frozen in (False, True):
        counts = Frequencies.build(frame, np.ones(frame.height, bool), [column],
                                   frozen=frozen, smoothed=[column])
        assert np.array_equal(memory, counts.frequency(column, rows))


def test_frozen_registry_counts_keep_their_tables_and_count_a_new_value_once() -> None:
    _, _, frame = _list(seed=12)
    column = "nama_norm"
    counts = Frequencies.build(frame, np.ones(frame.height, bool), [column], frozen=True,
                               smoothed=[column])
    before = counts.frequency(column, np.arange(frame.height))
    new = pl.DataFrame({column: ["NEVER SEEN", "N1"], "kode_kab": ["3201", "3203"]})
    later = counts.plus(new)
    after = later.frequency(column, np.arange(frame.height + 2))
    assert np.array_equal(after[:frame.height], before)
    place_rows, offsets, adjusted = later.tables(column)
    region = later.region_code[frame.height]  # type: ignore[index]
    assert after[frame.height] == adjusted[offsets[1 + region] + 1] / place_rows[1 + region]
    national = frame.filter(pl.col(column) == "N1").height
    assert after[-1] == adjusted[offsets[0] + national] / frame.height


def test_a_recount_without_removed_records_gives_the_counts_of_the_records_held() -> None:
    _, _, frame = _list(seed=13)
    column = "nama_norm"
    counts = Frequencies.build(frame, np.ones(frame.height, bool), [column], smoothed=[column])
    gone = np.arange(0, frame.height, 3)
    kept = np.setdiff1d(np.arange(frame.height), gone)
    fresh = _value_frequency(frame[kept], column, smoothed=True)
    assert np.array_equal(counts.minus(gone).frequency(column, kept), fresh)
