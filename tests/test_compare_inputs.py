"""Bad input to the comparison constructors and compare_pairs: typed errors, no silent change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from sidalih.compare import (
    ColumnCache,
    code_prefix,
    compare_pairs,
    date,
    exact,
    name,
    nik,
    string,
)
from sidalih.errors import InputTypeError, InvalidParameterError

RECORDS = pl.DataFrame({"s": ["x", "y", "x"]})


# --- compare_pairs: pair indices ---------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (np.array([0.9]), np.array([2.7])),
        (np.array([0.0]), np.array([2.0])),
        (np.array(["0"]), np.array(["2"])),
        ([0], [None]),
        (np.array([True]), np.array([False])),
    ],
    ids=["fractional", "whole-float", "text", "none", "bool"],
)
def test_compare_pairs_refuses_non_integer_indices(left: object, right: object) -> None:
    with pytest.raises(InvalidParameterError, match="must hold integer row numbers"):
        compare_pairs(RECORDS, left, right, [exact("s")])  # type: ignore[arg-type]


def test_compare_pairs_out_of_range_names_side_and_position() -> None:
    with pytest.raises(InvalidParameterError, match=r"right holds .*\[0, 3\).*position 1"):
        compare_pairs(RECORDS, [0, 1], [2, 3], [exact("s")])  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="same length"):
        compare_pairs(RECORDS, [0, 1], [2], [exact("s")])  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="one-dimensional"):
        compare_pairs(RECORDS, np.array([[0]]), np.array([[2]]), [exact("s")])


def test_compare_pairs_accepts_lists_numpy_ints_and_empty() -> None:
    assert compare_pairs(RECORDS, [0], [2], [exact("s")]).tolist() == [[1]]  # type: ignore[arg-type]
    left = np.array([0, 1], dtype=np.uint32)
    right = np.array([2, 2], dtype=np.int16)
    assert compare_pairs(RECORDS, left, right, [exact("s")]).tolist() == [[1], [0]]
    assert compare_pairs(RECORDS, [], [], [exact("s")]).shape == (0, 1)  # type: ignore[arg-type]


# --- compare_pairs: records, comparisons, threads ----------------------------------------


@pytest.mark.parametrize(
    "records",
    [RECORDS, RECORDS.to_pandas(), RECORDS.to_arrow(), ColumnCache(RECORDS)],
    ids=["polars", "pandas", "pyarrow", "cache"],
)
def test_compare_pairs_accepts_every_frame_kind(records: object) -> None:
    out = compare_pairs(records, np.array([0, 0]), np.array([1, 2]), [exact("s")])  # type: ignore[arg-type]
    assert out.tolist() == [[0], [1]]


def test_compare_pairs_refuses_a_non_frame() -> None:
    with pytest.raises(InputTypeError, match="data frame"):
        compare_pairs({"s": ["x"]}, np.array([0]), np.array([0]), [exact("s")])  # type: ignore[arg-type]


def test_compare_pairs_pandas_mixed_column_is_typed() -> None:
    frame = pd.DataFrame({"s": [1, "1", 2.5]})
    with pytest.raises(InputTypeError, match="'s'"):
        compare_pairs(frame, np.array([0]), np.array([1]), [exact("s")])  # type: ignore[arg-type]


@pytest.mark.parametrize("comparisons", [["s"], [exact("s"), None], exact("s"), "s"])
def test_compare_pairs_refuses_non_comparisons(comparisons: object) -> None:
    with pytest.raises(InputTypeError, match="comparisons must be"):
        compare_pairs(RECORDS, np.array([0]), np.array([1]), comparisons)  # type: ignore[arg-type]


@pytest.mark.parametrize("threads", ["2", 0, -1, 1.5, True])
def test_compare_pairs_threads_must_be_a_positive_integer(threads: object) -> None:
    with pytest.raises(InvalidParameterError, match="threads must be None or an integer >= 1"):
        compare_pairs(RECORDS, np.array([0]), np.array([1]), [exact("s")], threads=threads)  # type: ignore[arg-type]


def test_compare_pairs_threads_numpy_integer() -> None:
    out = compare_pairs(RECORDS, np.array([0]), np.array([2]), [exact("s")], threads=np.int64(2))
    assert out.tolist() == [[1]]


# --- constructors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "thresholds", [0.9, "0.9", "09", ["0.9"], [True], [0.9, 0.5], [0.0], [1.0], [float("nan")], []]
)
def test_string_thresholds_refused(thresholds: object) -> None:
    with pytest.raises(InvalidParameterError, match="thresholds must be"):
        string("s", thresholds=thresholds)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="thresholds must be"):
        name("s", thresholds=thresholds)  # type: ignore[arg-type]


@pytest.mark.parametrize("token_set", ["x", "0.8", 2.0, -0.1, float("nan"), None, True])
def test_name_token_set_refused_at_construction(token_set: object) -> None:
    with pytest.raises(InvalidParameterError, match="token_set must be a number in"):
        name("s", token_set=token_set)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "lengths", ["46", (4.7,), (4.0, 6.0), [True], (6, 4), (0, 4), (), 4, None, ("4",)]
)
def test_code_prefix_lengths_refused(lengths: object) -> None:
    with pytest.raises(InvalidParameterError, match="lengths must be"):
        code_prefix("kode_desa", lengths=lengths)  # type: ignore[arg-type]


def test_code_prefix_labels_checked() -> None:
    with pytest.raises(InvalidParameterError, match="labels"):
        code_prefix("kode_desa", lengths=(4,), labels="ab")
    with pytest.raises(InvalidParameterError, match="labels"):
        code_prefix("kode_desa", lengths=(4,), labels=())
    with pytest.raises(InvalidParameterError, match="labels"):
        code_prefix("kode_desa", lengths=(4,), labels=("beda", 1))  # type: ignore[list-item]


def test_nik_depends_on_must_be_names() -> None:
    # A single string would become one comparison name per character.
    with pytest.raises(InvalidParameterError, match="depends_on"):
        nik(depends_on="tanggal_lahir")
    with pytest.raises(InvalidParameterError, match="depends_on"):
        nik(depends_on=[1])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "build",
    [
        lambda: exact(1),  # type: ignore[arg-type]
        lambda: exact(""),
        lambda: exact("s", name=2),  # type: ignore[arg-type]
        lambda: exact("s", tf="yes"),  # type: ignore[arg-type]
        lambda: exact("s", anchor=None),  # type: ignore[arg-type]
        lambda: string(["s"]),  # type: ignore[arg-type]
        lambda: name(None),  # type: ignore[arg-type]
        lambda: name("s", label=3),  # type: ignore[arg-type]
        lambda: date(5),  # type: ignore[arg-type]
        lambda: nik(column=None),  # type: ignore[arg-type]
        lambda: code_prefix("kode_desa", lengths=(4,), anchor="no"),  # type: ignore[arg-type]
    ],
)
def test_constructor_text_and_flags_checked(build: object) -> None:
    with pytest.raises(InvalidParameterError):
        build()  # type: ignore[operator]


def test_constructors_accept_numpy_scalars_as_python_values() -> None:
    c = code_prefix("kode_desa", lengths=np.array([4, 6]), anchor=np.bool_(True))
    assert c.options == {"lengths": (4, 6), "anchor": True}
    assert type(c.options["anchor"]) is bool and all(type(n) is int for n in c.options["lengths"])
    s = string("s", thresholds=(np.float32(0.5), np.float64(0.9)), tf=np.bool_(True))
    assert s.options["thresholds"] == (0.5, 0.9)
    assert all(type(t) is float for t in s.options["thresholds"]) and s.tf_column == "s"
    n = name("s", token_set=np.float64(0.7), thresholds=(np.float64(0.9),))
    assert n.options["token_set"] == 0.7 and type(n.options["token_set"]) is float
    assert exact("s", tf=np.bool_(False), anchor=np.bool_(False)).options == {"anchor": False}
