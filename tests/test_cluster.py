"""Tests for sidalih.cluster and sidalih.kernels.unionfind."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sidalih.cluster import cluster_ids, cluster_pairs, connected_components
from sidalih.errors import InvalidParameterError
from tests.reference_model import naive_components, naive_guarded_clusters


@st.composite
def graphs(draw: st.DrawFn, max_rows: int = 30, max_pairs: int = 60) -> tuple:
    """Random pair lists, self-pairs and repeats included, possibly empty."""
    n = draw(st.integers(0, max_rows))
    if n == 0:
        return 0, [], [], []
    row = st.integers(0, n - 1)
    pairs = draw(st.lists(st.tuples(row, row), max_size=max_pairs))
    # A few distinct weights so ties happen and the tie-break is exercised.
    weights = draw(
        st.lists(
            st.sampled_from([-20.0, -8.0, -1.0, 3.0, 6.0, 6.0, 10.0, 15.0]),
            min_size=len(pairs),
            max_size=len(pairs),
        )
    )
    left = [a for a, _ in pairs]
    right = [b for _, b in pairs]
    return n, left, right, weights


def _assert_partition(labels: np.ndarray, n: int) -> None:
    assert labels.shape == (n,) and labels.dtype == np.int64
    for i, label in enumerate(labels):
        assert label <= i and labels[label] == label  # label is the smallest member


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_components_equal_bfs(graph: tuple) -> None:
    n, left, right, _ = graph
    labels = connected_components(
        n, np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    )
    assert labels.tolist() == naive_components(n, left, right)
    _assert_partition(labels, n)


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_unguarded_clusters_are_components_above_threshold(graph: tuple) -> None:
    n, left, right, weight = graph
    labels = cluster_pairs(n, left, right, weight, threshold=6.0)
    kept = [(a, b) for a, b, w in zip(left, right, weight, strict=True) if w >= 6.0]
    assert labels.tolist() == naive_components(n, [a for a, _ in kept], [b for _, b in kept])


@settings(max_examples=200, deadline=None)
@given(graphs(), st.sampled_from([None, -5.0, 0.0]), st.sampled_from([None, 1, 2, 4]))
def test_guarded_clusters_equal_reference(
    graph: tuple, forbid_below: float | None, max_size: int | None
) -> None:
    n, left, right, weight = graph
    labels = cluster_pairs(
        n, left, right, weight, threshold=3.0, forbid_below=forbid_below, max_cluster_size=max_size
    )
    expected = naive_guarded_clusters(
        n, left, right, weight, threshold=3.0, forbid_below=forbid_below, max_size=max_size
    )
    assert labels.tolist() == expected
    _assert_partition(labels, n)
    if forbid_below is not None:
        for a, b, w in zip(left, right, weight, strict=True):
            if w < forbid_below and a != b:
                assert labels[a] != labels[b]
    if max_size is not None and n:
        assert np.bincount(labels).max() <= max_size


@settings(max_examples=100, deadline=None)
@given(graphs(), st.integers(0, 2**32 - 1))
def test_pair_order_and_orientation_do_not_matter(graph: tuple, seed: int) -> None:
    n, left, right, weight = graph
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(left))
    flip = rng.random(len(left)) < 0.5
    l2 = np.where(flip, right, left)[order] if left else np.array([], dtype=np.int64)
    r2 = np.where(flip, left, right)[order] if left else np.array([], dtype=np.int64)
    w2 = np.asarray(weight, dtype=float)[order] if left else np.array([])
    for kwargs in ({}, {"forbid_below": -5.0}, {"forbid_below": 0.0, "max_cluster_size": 3}):
        a = cluster_pairs(n, left, right, weight, threshold=3.0, **kwargs)  # type: ignore[arg-type]
        b = cluster_pairs(n, l2, r2, w2, threshold=3.0, **kwargs)  # type: ignore[arg-type]
        assert a.tolist() == b.tolist()


def test_chaining_guard_keeps_clearly_different_records_apart() -> None:
    # A=0, B=1, C=2: A–B and B–C strong, A–C clearly different.
    left, right, weight = [0, 1, 0], [1, 2, 2], [12.0, 9.0, -15.0]
    assert cluster_pairs(3, left, right, weight, threshold=5.0).tolist() == [0, 0, 0]
    guarded = cluster_pairs(3, left, right, weight, threshold=5.0, forbid_below=-5.0)
    assert guarded.tolist() == [0, 0, 2]  # B joins A, its stronger match
    # If B–C is the stronger match, B goes with C instead.
    guarded = cluster_pairs(3, left, right, [9.0, 12.0, -15.0], threshold=5.0, forbid_below=-5.0)
    assert guarded.tolist() == [0, 1, 1]


def test_guard_blocks_a_long_chain_through_merged_clusters() -> None:
    # 0-1-2 and 3-4-5 are solid; 2-3 would bridge them but 0 and 5 are clearly different.
    left = [0, 1, 3, 4, 2, 0]
    right = [1, 2, 4, 5, 3, 5]
    weight = [20.0, 18.0, 19.0, 17.0, 8.0, -12.0]
    labels = cluster_pairs(6, left, right, weight, threshold=5.0, forbid_below=-5.0)
    assert labels.tolist() == [0, 0, 0, 3, 3, 3]
    assert cluster_pairs(6, left, right, weight, threshold=5.0).tolist() == [0] * 6


def test_max_cluster_size_stops_growth() -> None:
    labels = cluster_pairs(
        4, [0, 1, 2], [1, 2, 3], [9.0, 8.0, 7.0], threshold=5.0, max_cluster_size=2
    )
    assert labels.tolist() == [0, 0, 2, 2]


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, []), (1, [0]), (4, [0, 1, 2, 3])],
)
def test_rows_without_pairs_are_singletons(n: int, expected: list[int]) -> None:
    assert connected_components(n, [], []).tolist() == expected
    assert cluster_pairs(n, [], [], [], threshold=1.0, forbid_below=0.0).tolist() == expected


def test_same_input_same_output() -> None:
    rng = np.random.default_rng(3)
    n = 5000
    left, right = rng.integers(0, n, 8000), rng.integers(0, n, 8000)
    weight = rng.normal(0.0, 10.0, 8000).round(1)
    runs = [
        cluster_pairs(n, left, right, weight, threshold=4.0, forbid_below=-4.0) for _ in range(2)
    ]
    assert np.array_equal(runs[0], runs[1])
    assert np.bincount(runs[0]).sum() == n  # every row exactly once


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((3, [0, 3], [1, 1], [1.0, 1.0]), {"threshold": 0.0}, "outside"),
        ((3, [0, -1], [1, 1], [1.0, 1.0]), {"threshold": 0.0}, "outside"),
        ((3, [0, 1], [1], [1.0, 1.0]), {"threshold": 0.0}, "same length"),
        ((3, [0.0], [1.0], [1.0]), {"threshold": 0.0}, "integer"),
        ((3, [0], [1], [1.0, 2.0]), {"threshold": 0.0}, "one value per pair"),
        ((3, [0], [1], [np.nan]), {"threshold": 0.0}, "NaN"),
        ((3, [0], [1], [1.0]), {"threshold": np.inf}, "finite"),
        ((3, [0], [1], [1.0]), {"threshold": 0.0, "forbid_below": 0.0}, "below threshold"),
        ((3, [0], [1], [1.0]), {"threshold": 0.0, "max_cluster_size": 0}, "max_cluster_size"),
        ((-1, [], [], []), {"threshold": 0.0}, "n_rows"),
        ((2.0, [], [], []), {"threshold": 0.0}, "n_rows"),
        ((3, [[0]], [[1]], [1.0]), {"threshold": 0.0}, "one-dimensional"),
    ],
)
def test_bad_input_is_rejected(args: tuple, kwargs: dict, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        cluster_pairs(*args, **kwargs)


def test_cluster_ids_are_the_smallest_id_per_cluster() -> None:
    labels = np.array([0, 0, 2, 0])
    assert cluster_ids(labels, [30, 10, 20, 40]) == [10, 10, 20, 10]
    as_polars = cluster_ids(labels, pl.Series("id", ["d", "b", "c", "a"]))
    assert isinstance(as_polars, pl.Series)
    assert as_polars.to_list() == ["a", "a", "c", "a"]
    as_pandas = cluster_ids(labels, pd.Series([3, 1, 2, 0], name="id"))
    assert isinstance(as_pandas, pd.Series) and as_pandas.tolist() == [0, 0, 2, 0]
    with pytest.raises(InvalidParameterError, match="one entry per id"):
        cluster_ids(labels, [1, 2])
    with pytest.raises(InvalidParameterError, match="missing"):
        cluster_ids(labels, [1, None, 2, 3])
