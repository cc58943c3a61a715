"""Bad input to sidalih.cluster: typed errors naming the argument and rows, never a silent result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from sidalih.cluster import cluster_ids, cluster_pairs
from sidalih.errors import InputTypeError, InvalidParameterError, SidalihError


@pytest.mark.parametrize(
    "ids",
    [[1, "a", 2], pd.Series([1, "a", 2], dtype=object), np.array([1, "a", 2], dtype=object)],
    ids=["list", "pandas", "numpy"],
)
def test_cluster_ids_mixed_type_ids_are_refused(ids: object) -> None:
    # polars keeps mixed values as Python objects and min() of those is None for every row.
    with pytest.raises(InputTypeError, match="ids hold values of mixed types"):
        cluster_ids([0, 0, 2], ids)


@pytest.mark.parametrize(
    "labels",
    [[None, None, 2], [float("nan"), float("nan"), 2.0], pd.Series([1, None, 2], dtype="Int64")],
    ids=["none", "nan", "pandas-na"],
)
def test_cluster_ids_missing_labels_name_rows(labels: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"labels are missing .*row"):
        cluster_ids(labels, [1, 2, 3])


@pytest.mark.parametrize("labels", [[0.5, 0.5, 2.0], ["a", "a", "b"], [True, True, False]])
def test_cluster_ids_non_integer_labels_are_refused(labels: list[object]) -> None:
    with pytest.raises(InputTypeError, match="labels must be integer"):
        cluster_ids(labels, [1, 2, 3])


def test_cluster_ids_missing_ids_name_rows() -> None:
    with pytest.raises(InvalidParameterError, match=r"ids are missing in 1 row.*: 1"):
        cluster_ids([0, 0, 2], [1.0, float("nan"), 3.0])
    with pytest.raises(InvalidParameterError, match=r"ids are missing in 2 rows.*: 0, 2"):
        cluster_ids([0, 0, 2], [None, "b", None])


def test_cluster_ids_still_accepts_numpy_and_whole_labels() -> None:
    assert cluster_ids(np.array([0, 0, 2], dtype=np.int32), ["v-9", "v-3", "v-5"]) == [
        "v-3",
        "v-3",
        "v-5",
    ]
    out = cluster_ids(pd.Series([4, 4, 7]), pl.Series("id", [10, 11, 12]))
    assert out.to_list() == [10, 10, 12]


@pytest.mark.parametrize("threshold", ["5", None, [5.0], True])
def test_cluster_pairs_threshold_must_be_a_number(threshold: object) -> None:
    with pytest.raises(InvalidParameterError, match="threshold must be a finite number"):
        cluster_pairs(3, [0], [1], [1.0], threshold=threshold)  # type: ignore[arg-type]


def test_cluster_pairs_forbid_below_must_be_a_number() -> None:
    with pytest.raises(InvalidParameterError, match="forbid_below must be None, -inf or a finite"):
        cluster_pairs(3, [0], [1], [1.0], threshold=0.0, forbid_below="-5")  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [["a"], np.array(["1.0"]), [True], [object()]])
def test_cluster_pairs_weight_must_be_numbers(weight: object) -> None:
    with pytest.raises(InputTypeError, match="weight must hold numbers"):
        cluster_pairs(3, [0], [1], weight, threshold=0.0)


def test_cluster_pairs_numpy_scalars_accepted() -> None:
    out = cluster_pairs(
        np.int64(3), [0], [1], [np.float32(6.0)], threshold=np.float64(5.0),
        forbid_below=np.int32(-5), max_cluster_size=np.int64(2),
    )  # fmt: skip
    assert out.tolist() == [0, 0, 2]


def test_errors_are_sidalih_errors() -> None:
    for call in (
        lambda: cluster_ids([0, 0, 2], [1, "a", 2]),
        lambda: cluster_pairs(3, [0], [1], ["a"], threshold=0.0),
    ):
        with pytest.raises(SidalihError):
            call()


def test_cluster_pairs_accepts_minus_infinity_as_no_bound() -> None:
    # The Spark and out-of-core paths pass -inf: no pair is ever forbidden.
    labels = cluster_pairs(3, np.array([0]), np.array([1]), np.array([5.0]), threshold=1.0,
                           forbid_below=-np.inf)
    assert labels[0] == labels[1] != labels[2]
