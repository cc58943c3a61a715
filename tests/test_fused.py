"""The fused comparison kernels give exactly the levels of the unfused computation.

The unfused computation (``unfused_*`` below) is how :mod:`sidalih.compare` computed
levels before the kernels were fused: the public scorers of :mod:`sidalih.strings`
over every pair, then numpy. The fused kernels must agree on every pair, in any pair
order, including missing and blank values, repeated rows and long strings.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_levels import reference_date_level, reference_nik_level

from sidalih import strings
from sidalih.compare import ColumnCache, compare_pairs
from sidalih.compare import _methods as methods
from sidalih.compare import date as date_comparison
from sidalih.compare import name as name_comparison
from sidalih.compare import nik as nik_comparison
from sidalih.compare import string as string_comparison
from sidalih.kernels.fused import split_tokens, string_ids
from sidalih.kernels.levels import (
    NULL_DAYS,
    civil_dates,
    date_levels_kernel,
    date_levels_ymd_kernel,
    nik_digits,
    nik_levels_kernel,
    nik_levels_packed_kernel,
)

TOKENS = ["siti", "sri", "s", "m", "muhammad", "muhamad", "nur", "aminah", "amina", "x" * 70]
name_text = st.lists(st.sampled_from(TOKENS), max_size=5).map(" ".join)
raw_text = st.text(alphabet="ab ", max_size=12)
values = st.one_of(name_text, raw_text, st.none())
columns = st.lists(values, min_size=1, max_size=10)


def unfused_name(
    column: Sequence[str | None],
    left: np.ndarray,
    right: np.ndarray,
    thresholds: tuple[float, ...],
    token_threshold: float,
) -> np.ndarray:
    cache = ColumnCache(pl.DataFrame({"v": pl.Series(column, dtype=pl.String)}))
    encoded = cache.strings("v")
    jw = np.nan_to_num(
        strings.jaro_winkler(encoded, encoded, left, right, score_cutoff=min(thresholds))
    )
    codes = cache.codes("v")
    null = (codes[left] < 0) | (codes[right] < 0)
    exact = (codes[left] == codes[right]) & ~null
    levels = np.searchsorted(np.asarray(thresholds), jw, side="right").astype(np.int8) + 1
    below = np.flatnonzero((levels == 1) & ~null)
    tokens = np.nan_to_num(
        strings.token_set(encoded, encoded, left[below], right[below], score_cutoff=token_threshold)
    )
    levels[below] = np.where(tokens >= token_threshold, 1, 0)
    levels[exact] = len(thresholds) + 2
    levels[null] = -1
    return levels


def unfused_string(
    column: Sequence[str | None], left: np.ndarray, right: np.ndarray, thresholds: tuple[float, ...]
) -> np.ndarray:
    cache = ColumnCache(pl.DataFrame({"v": pl.Series(column, dtype=pl.String)}))
    encoded = cache.strings("v")
    scores = np.nan_to_num(
        strings.jaro_winkler(encoded, encoded, left, right, score_cutoff=min(thresholds))
    )
    codes = cache.codes("v")
    null = (codes[left] < 0) | (codes[right] < 0)
    levels = np.searchsorted(np.asarray(thresholds), scores, side="right").astype(np.int8)
    levels[(codes[left] == codes[right]) & ~null] = len(thresholds) + 1
    levels[null] = -1
    return levels


def pair_orders(n: int, draw_order: list[int]) -> tuple[np.ndarray, np.ndarray]:
    grid_left, grid_right = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    left, right = grid_left.ravel(), grid_right.ravel()
    order = (
        np.asarray(draw_order, dtype=np.int64) % left.size if draw_order else np.arange(left.size)
    )
    return np.concatenate([left, left[order]]), np.concatenate([right, right[order]])


@settings(max_examples=150, deadline=None)
@given(
    columns,
    st.lists(st.integers(0, 10_000), max_size=40),
    st.sampled_from([(0.88, 0.94), (0.5,), (0.7, 0.8, 0.9)]),
    st.sampled_from([0.0, 0.5, 0.8, 1.0]),
)
def test_name_levels_match_unfused(
    column: list[str | None],
    order: list[int],
    thresholds: tuple[float, ...],
    token_threshold: float,
) -> None:
    left, right = pair_orders(len(column), order)
    comparison = name_comparison("v", thresholds=thresholds, token_set=token_threshold)
    frame = pl.DataFrame({"v": pl.Series(column, dtype=pl.String)})
    got = compare_pairs(frame, left, right, [comparison], threads=1)[:, 0]
    expected = unfused_name(column, left, right, thresholds, token_threshold)
    assert got.tolist() == expected.tolist()


@settings(max_examples=150, deadline=None)
@given(
    columns,
    st.lists(st.integers(0, 10_000), max_size=40),
    st.sampled_from([(0.88,), (0.5, 0.9), (0.3, 0.6, 0.95)]),
)
def test_string_levels_match_unfused(
    column: list[str | None], order: list[int], thresholds: tuple[float, ...]
) -> None:
    left, right = pair_orders(len(column), order)
    comparison = string_comparison("v", thresholds=thresholds)
    frame = pl.DataFrame({"v": pl.Series(column, dtype=pl.String)})
    got = compare_pairs(frame, left, right, [comparison], threads=1)[:, 0]
    assert got.tolist() == unfused_string(column, left, right, thresholds).tolist()


def test_levels_do_not_depend_on_threads_or_chunks() -> None:
    rng = np.random.default_rng(5)
    names = [" ".join(rng.choice(TOKENS[:-1], size=rng.integers(1, 4))) for _ in range(300)]
    frame = pl.DataFrame({"v": names})
    left = rng.integers(0, 300, size=250_000)
    right = rng.integers(0, 300, size=250_000)
    order = np.lexsort((right, left))
    comparison = [name_comparison("v"), string_comparison("v")]
    one = compare_pairs(frame, left[order], right[order], comparison, threads=1)
    two = compare_pairs(frame, left[order], right[order], comparison, threads=2)
    shuffled = compare_pairs(frame, left, right, comparison, threads=2)
    assert np.array_equal(one, two)
    assert np.array_equal(one, shuffled[order])
    assert (
        one[:, 0].tolist()
        == unfused_name(names, left[order], right[order], (0.88, 0.94), 0.8).tolist()
    )


def test_name_options_are_the_token_set_defaults() -> None:
    defaults = inspect.signature(strings.token_set).parameters
    assert defaults["token_cutoff"].default == methods.TOKEN_CUTOFF
    assert defaults["initial_score"].default == methods.INITIAL_SCORE
    assert defaults["denominator"].default == "mean" and methods.TOKEN_DENOMINATOR == 0
    assert defaults["max_tokens"].default == methods.MAX_TOKENS
    assert defaults["prefix_weight"].default == methods.PREFIX_WEIGHT
    assert (
        inspect.signature(strings.jaro_winkler).parameters["prefix_weight"].default
        == methods.PREFIX_WEIGHT
    )


def test_bad_token_threshold_raises() -> None:
    from sidalih.errors import InvalidParameterError

    frame = pl.DataFrame({"v": ["siti", "sri"]})
    with pytest.raises(InvalidParameterError, match="score_cutoff"):
        compare_pairs(frame, np.array([0]), np.array([1]), [name_comparison("v", token_set=1.5)])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(name_text, raw_text, st.none()), min_size=1, max_size=12),
    st.sampled_from([1, 2, 32]),
)
def test_split_tokens_and_ids(column: list[str | None], max_tokens: int) -> None:
    enc = strings.encode(pl.Series(column, dtype=pl.String), empty_is_missing=False)
    ptr, start, length, ids = split_tokens(enc.offsets, enc.data, enc.valid, max_tokens)
    words = [bytes(enc.data[s : s + n]).decode() for s, n in zip(start, length, strict=True)]
    for i, value in enumerate(column):
        expected = [] if value is None else [t for t in value.split(" ") if t][:max_tokens]
        assert words[ptr[i] : ptr[i + 1]] == expected
    for x in range(len(words)):
        for y in range(len(words)):
            assert (ids[x] == ids[y]) == (words[x] == words[y])
    row_ids = string_ids(enc.offsets, enc.data, enc.valid)
    for x, a in enumerate(column):
        assert (row_ids[x] < 0) == (a is None)
        for y, b in enumerate(column):
            if a is not None and b is not None:
                assert (row_ids[x] == row_ids[y]) == (a == b)


# --------------------------------------------------------------------------- NIK and dates

nik_values = st.one_of(
    st.just(-1),
    st.integers(0, 10**16 - 1),
    st.sampled_from(
        [
            3271010101900001,
            3271010101900002,
            3271011001900001,
            3271010110900001,
            3271010101900010,
            1271010101900001,
            3271010101900000,
            10**18 + 7,
        ]
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(nik_values, st.booleans()), min_size=1, max_size=12))
def test_packed_nik_levels_match_kernel_and_reference(rows: list[tuple[int, bool]]) -> None:
    nik = np.array([v for v, _ in rows], dtype=np.int64)
    masked = np.array([m for _, m in rows], dtype=np.bool_)
    left, right = pair_orders(len(rows), [])
    got = nik_levels_packed_kernel(left, right, nik, masked, nik_digits(nik))
    assert got.tolist() == nik_levels_kernel(left, right, nik, masked).tolist()
    for k, (i, j) in enumerate(zip(left, right, strict=True)):
        if nik[i] < 10**16 and nik[j] < 10**16:
            assert got[k] == reference_nik_level(
                int(nik[i]), int(nik[j]), bool(masked[i]), bool(masked[j])
            )


NIK_TABLE = [
    (3271010101900001, 3271010101900001, 6),
    (3271010101900001, 3271010101900002, 3),
    (3271010101900001, 3271010101800001, 5),
    (3271010101900001, 3271011001900001, 4),
    (3271010101900001, 1171020101900011, 2),
    (3271010101900001, 1171020202900011, 0),
    (3271010101900001, -1, -1),
]


@pytest.mark.parametrize(("a", "b", "expected"), NIK_TABLE)
def test_packed_nik_table(a: int, b: int, expected: int) -> None:
    nik = np.array([a, b], dtype=np.int64)
    masked = np.zeros(2, dtype=np.bool_)
    got = nik_levels_packed_kernel(np.array([0]), np.array([1]), nik, masked, nik_digits(nik))
    assert got.tolist() == [expected]


day_values = st.one_of(
    st.just(NULL_DAYS),
    st.integers(-40_000, 40_000),
    st.sampled_from([0, 1, 31, 59, 365, 3652, 3653, 3683, 10_957]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(day_values, st.booleans()), min_size=1, max_size=12))
def test_date_levels_with_precomputed_fields(rows: list[tuple[int, bool]]) -> None:
    days = np.array([d for d, _ in rows], dtype=np.int32)
    flags = np.array([f for _, f in rows], dtype=np.bool_)
    left, right = pair_orders(len(rows), [])
    ymd = civil_dates(days, np.int32(NULL_DAYS))
    got = date_levels_ymd_kernel(left, right, days, flags, np.int32(NULL_DAYS), ymd)
    assert (
        got.tolist() == date_levels_kernel(left, right, days, flags, np.int32(NULL_DAYS)).tolist()
    )
    for k, (i, j) in enumerate(zip(left, right, strict=True)):
        a = None if days[i] == NULL_DAYS else int(days[i])
        b = None if days[j] == NULL_DAYS else int(days[j])
        assert got[k] == reference_date_level(a, b, bool(flags[i] or flags[j]))


def test_voter_comparisons_unchanged_on_a_small_frame() -> None:
    frame = pl.DataFrame(
        {
            "nik": ["3271010101900001", "3271010101900002", None, "3271011001900001"],
            "nama_norm": ["siti aminah", "aminah siti", "m sholeh", "siti  aminah"],
            "tanggal_lahir": pl.Series(
                ["1990-01-01", "1990-01-01", None, "1990-01-10"]
            ).str.to_date(),
            "tempat_lahir_norm": ["bogor", "bogr", None, "bogor "],
        }
    )
    comparisons = [
        nik_comparison(),
        name_comparison(),
        date_comparison(),
        string_comparison("tempat_lahir_norm", thresholds=(0.88,)),
    ]
    left, right = np.array([0, 0, 0, 1]), np.array([1, 2, 3, 3])
    got = compare_pairs(frame, left, right, comparisons)
    # Serial-only NIK change, reordered name, same placeholder date, "bogr" a JW match;
    # "bogor " equals "bogor" once stripped (exact), "siti  aminah" does not (JW level).
    # Rows 0 and 3: NIKs transposed in the day, but each NIK is its own record's birth
    # date: two people born nine days apart, not a typo (sidalih.compare._nik_date).
    assert got.tolist() == [[3, 1, 2, 1], [-1, 0, -1, -1], [0, 3, 1, 2], [0, 1, 1, 1]]
