"""The train, score and cluster stages' fast paths give exactly what the code they replaced gave.

Each replaced piece is kept here as it was, and hypothesis makes old and new agree:

* :func:`sidalih.kernels.codes.pair_codes` (two counting sorts) against ``np.unique`` of
  the combined key, as ``engine._fit._joint_codes`` numbered (NIK prefix, regency) pairs;
* :func:`sidalih.kernels.codes.group_rows` inside ``random_pairs_within`` against the
  stable argsort it replaced: the same random pairs for the same seed;
* ``engine._fit._prefix_column`` (a column of the comparison's own prefix codes)
  against the one-length prefix codes it replaced;
* :func:`sidalih.model._kernels.column_ranges` (a table of the values seen) against
  numpy's minimum and maximum;
* the judgement's "names hold one another" test (``_given_names_differ``) splitting
  only its pairs' names against splitting the whole column;
* ``cluster_pairs`` reading float64 weights without a copy: the caller's array is
  left as it was and the labels are those of a copy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sidalih import compare
from sidalih.cluster import cluster_pairs
from sidalih.compare import ColumnCache
from sidalih.engine._fit import _joint_codes, _prefix_column, random_pairs_within
from sidalih.engine._judgement import _given_names_differ
from sidalih.engine._model import Model
from sidalih.kernels.codes import group_rows, pair_codes
from sidalih.model._kernels import column_ranges

# ---------------------------------------------------------------- joint codes


def joint_codes_before(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``_joint_codes`` as it was: ``np.unique`` of ``a * width + b``."""
    present = (a >= 0) & (b >= 0)
    joint = np.where(present, a * (int(b.max()) + 1 if b.size else 1) + b, -1)
    _, dense = np.unique(joint, return_inverse=True)
    return np.where(present, dense - int((joint < 0).any()), -1).astype(np.int64)


@st.composite
def code_pairs(draw: Any) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 400))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # wide or narrow code ranges, and some missing (-1) on either side
    a = rng.integers(-1, draw(st.integers(0, 500)), n)
    b = rng.integers(-1, draw(st.integers(0, 50)), n)
    return a.astype(np.int64), b.astype(np.int64)


@settings(max_examples=300, deadline=None)
@given(code_pairs())
def test_pair_codes_number_pairs_as_np_unique_did(ab: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = ab
    if not a.size:
        assert pair_codes(a, b).size == 0
        return
    expected = joint_codes_before(a, b)
    assert np.array_equal(pair_codes(a, b), expected)
    assert np.array_equal(_joint_codes(a, b), expected)
    # a column of a 2-D table (not contiguous), as the caller passes prefix codes
    table = np.stack([a, b], axis=1)
    assert np.array_equal(_joint_codes(table[:, 0], table[:, 1]), expected)


def test_pair_codes_all_missing_and_one_side_missing() -> None:
    a = np.array([-1, 3, -1, 2], dtype=np.int64)
    b = np.array([0, -1, -1, 5], dtype=np.int64)
    assert pair_codes(a, b).tolist() == [-1, -1, -1, 0]
    assert pair_codes(np.full(3, -1, np.int64), np.full(3, -1, np.int64)).tolist() == [-1] * 3


# ---------------------------------------------------------------- grouped rows, random pairs


def random_pairs_within_before(codes: np.ndarray, n_left: int, n_right: int | None, *,
                               size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``random_pairs_within`` as it was: each side's rows grouped by a stable argsort."""
    rng = np.random.default_rng(seed + 1)
    codes = np.asarray(codes, dtype=np.int64)
    n_groups = int(codes.max()) + 1 if codes.size else 0
    if n_groups == 0 or size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sides = [np.arange(n_left)] if n_right is None else [np.arange(n_left),
                                                          np.arange(n_left, n_left + n_right)]
    members = []
    for rows in sides:
        rows = rows[codes[rows] >= 0]
        order = rows[np.argsort(codes[rows], kind="stable")]
        counts = np.bincount(codes[order], minlength=n_groups)
        members.append((order, counts, np.concatenate([[0], np.cumsum(counts)[:-1]])))
    if n_right is None:
        sizes = members[0][1].astype(np.float64)
        weight = sizes * (sizes - 1) / 2
    else:
        weight = members[0][1].astype(np.float64) * members[1][1]
    if weight.sum() <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    group = rng.choice(n_groups, size=size, p=weight / weight.sum())
    order, counts, starts = members[0]
    i = rng.integers(0, counts[group])
    if n_right is None:
        j = rng.integers(0, counts[group] - 1)
        j = np.where(j >= i, j + 1, j)
        return order[starts[group] + i], order[starts[group] + j]
    order_r, counts_r, starts_r = members[1]
    j = rng.integers(0, counts_r[group])
    return order[starts[group] + i], order_r[starts_r[group] + j]


@st.composite
def grouped_codes(draw: Any) -> tuple[np.ndarray, int, int | None]:
    n = draw(st.integers(1, 300))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    codes = rng.integers(-1, draw(st.integers(0, 40)), n).astype(np.int64)
    if draw(st.booleans()):
        n_left = draw(st.integers(0, n))
        return codes, n_left, n - n_left
    return codes, n, None


@settings(max_examples=300, deadline=None)
@given(grouped_codes(), st.integers(0, 50), st.integers(0, 1_000))
def test_random_pairs_within_draws_the_pairs_it_drew_before(
        case: tuple[np.ndarray, int, int | None], size: int, seed: int) -> None:
    codes, n_left, n_right = case
    got = random_pairs_within(codes, n_left, n_right, size=size, seed=seed)
    expected = random_pairs_within_before(codes, n_left, n_right, size=size, seed=seed)
    assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])


@settings(max_examples=200, deadline=None)
@given(grouped_codes())
def test_group_rows_is_a_stable_sort_by_code(case: tuple[np.ndarray, int, int | None]) -> None:
    codes, n_left, _ = case
    n_groups = int(codes.max()) + 1
    for lo, hi in ((0, n_left), (n_left, codes.size)):
        rows = np.arange(lo, hi)
        rows = rows[codes[rows] >= 0]
        order, counts = group_rows(codes, lo, hi, max(n_groups, 0))
        assert np.array_equal(order, rows[np.argsort(codes[rows], kind="stable")])
        assert np.array_equal(counts, np.bincount(codes[rows], minlength=max(n_groups, 0)))


# ---------------------------------------------------------------- prefix codes of a place


_PLACES = st.lists(st.one_of(st.none(), st.sampled_from(["", "  ", " 3201 ", "3201010001"]),
                             st.text(alphabet="0123 ", min_size=1, max_size=10)),
                   min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(_PLACES, st.sampled_from([4, 6, 10]), st.booleans())
def test_prefix_column_is_the_one_length_prefix_code(values: list[str | None], length: int,
                                                     long: bool) -> None:
    # long: past the short-column path, so the polars path is read too
    values = values * (1_100 // len(values) + 1) if long else values
    records = pl.DataFrame({"kode_desa": pl.Series(values, dtype=pl.String)})
    model = Model.untrained([compare.code_prefix("kode_desa", lengths=(4, 6, 10))])
    got = _prefix_column(model, ColumnCache(records), "kode_desa", length)
    expected = ColumnCache(records).prefix_codes("kode_desa", (length,))[:, 0]
    assert np.array_equal(got, expected)


def test_prefix_column_without_a_prefix_comparison_builds_the_one_length_codes() -> None:
    records = pl.DataFrame({"nik": ["3201010101900001", None, "3201020101900001"]})
    model = Model.untrained([compare.exact("nik")])
    cache = ColumnCache(records)
    assert _prefix_column(model, cache, "nik", 6).tolist() == [0, -1, 1]
    assert cache.peek(("prefix", "nik", (6,))) is not None


# ---------------------------------------------------------------- column ranges


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 200), st.integers(1, 12), st.integers(0, 2**32 - 1),
       st.sampled_from([(-1, 6), (-128, 128), (-3, 1)]))
def test_column_ranges_are_numpys_min_and_max(n: int, k: int, seed: int,
                                              bounds: tuple[int, int]) -> None:
    rng = np.random.default_rng(seed)
    gamma = rng.integers(*bounds, size=(n, k)).astype(np.int8)
    low, high = column_ranges(gamma)
    assert low.dtype == np.int64 and high.dtype == np.int64
    assert np.array_equal(low, gamma.min(axis=0)) and np.array_equal(high, gamma.max(axis=0))


# ---------------------------------------------------------------- names holding one another


def given_names_differ_before(differ: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                              right: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``_given_names_differ`` as it was: the whole name column split, then gathered."""
    rows = rows[differ[rows]]
    if rows.size == 0 or "nama_norm" not in records.columns:
        return differ
    out = differ.copy()
    tokens = records["nama_norm"].str.split(" ")
    pair = pl.DataFrame({"a": tokens[left[rows]], "b": tokens[right[rows]]})
    held = pair.select(
        (pl.col("a").list.set_difference("b").list.len() == 0)
        | (pl.col("b").list.set_difference("a").list.len() == 0)
    ).to_series().fill_null(False).to_numpy()
    out[rows[held]] = False
    return out


_NAMES = st.lists(st.one_of(st.none(), st.just(""),
                            st.lists(st.sampled_from(["budi", "siti", "rina", "santoso", "dewi"]),
                                     min_size=1, max_size=3).map(" ".join)),
                  min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_NAMES, st.integers(0, 2**32 - 1), st.integers(0, 80))
def test_names_held_as_before(names: list[str | None], seed: int, n_pairs: int) -> None:
    rng = np.random.default_rng(seed)
    records = pl.DataFrame({"nama_norm": pl.Series(names, dtype=pl.String)})
    left = rng.integers(0, len(names), n_pairs)
    right = rng.integers(0, len(names), n_pairs)
    differ = rng.random(n_pairs) < 0.6
    rows = np.flatnonzero(rng.random(n_pairs) < 0.7)
    got = _given_names_differ(differ, records, left, right, rows)
    assert np.array_equal(got, given_names_differ_before(differ, records, left, right, rows))


# ---------------------------------------------------------------- cluster weights, no copy


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 40), st.integers(0, 120), st.integers(0, 2**32 - 1),
       st.sampled_from([np.float64, np.float32]), st.sampled_from([None, 2, 4]))
def test_cluster_pairs_leaves_the_weights_and_clusters_as_on_a_copy(
        n: int, n_pairs: int, seed: int, dtype: Any, size: int | None) -> None:
    rng = np.random.default_rng(seed)
    left, right = rng.integers(0, n, n_pairs), rng.integers(0, n, n_pairs)
    weight = rng.normal(0, 10, n_pairs).astype(dtype)
    before = weight.copy()
    got = cluster_pairs(n, left, right, weight, threshold=3.0, forbid_below=-2.0,
                        max_cluster_size=size)
    assert np.array_equal(weight, before)
    on_copy = cluster_pairs(n, left, right, before.astype(np.float64), threshold=3.0,
                            forbid_below=-2.0, max_cluster_size=size)
    assert np.array_equal(got, on_copy)
