"""Tests for sidalih._frames: polars results come back to pandas without loss.

Integer columns with nulls used to come back as float64, rounding integers above 2**53
(every Papua NIK); they now use pandas' nullable dtypes. Columns without nulls, and every
other dtype (booleans with nulls stay object), come back as plain ``to_pandas`` gives them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import sidalih.nik as nik
from sidalih._frames import (
    caller_rows,
    frame_from_polars,
    frame_to_polars,
    series_from_polars,
)

PAPUA = ["9171014101900001", None, "9471014101900003"]  # above 2**53: float64 rounds them

NULLABLE = [
    (pl.Int8, "Int8", -(2**7)),
    (pl.Int16, "Int16", 2**15 - 1),
    (pl.Int32, "Int32", -(2**31)),
    (pl.Int64, "Int64", 2**63 - 1),
    (pl.UInt8, "UInt8", 2**8 - 1),
    (pl.UInt16, "UInt16", 2**16 - 1),
    (pl.UInt32, "UInt32", 2**32 - 1),
    (pl.UInt64, "UInt64", 2**64 - 1),
    (pl.Int64, "Int64", 9171014101900001),
]


def _values(column: pd.Series) -> list[object]:
    return [None if value is pd.NA else value for value in column.tolist()]


# -- the reported defect: nik.parse on pandas ------------------------------------------


def test_papua_nik_int_is_exact_through_pandas() -> None:
    out = nik.parse(pd.Series(PAPUA))
    assert out["nik_int"].dtype == "Int64"
    assert _values(out["nik_int"]) == [9171014101900001, None, 9471014101900003]
    assert [str(v) if v is not None else None for v in _values(out["nik_int"])] == PAPUA


def test_nik_parse_pandas_integer_columns_stay_integer() -> None:
    values = pd.Series(PAPUA, index=[7, 8, 9])
    out = nik.parse(values)
    expected = {
        "birth_day": "Int8", "birth_month": "Int8", "birth_year2": "Int8",
        "serial": "Int16", "region_versions": "UInt8", "nik_int": "Int64",
        "century_ambiguous": "object", "region_known": "object",  # True/False/None
    }
    assert {name: str(out[name].dtype) for name in expected} == expected
    assert list(out.index) == [7, 8, 9]
    # Every value and dtype survives the trip: pandas back to polars equals polars
    # (dates come back to pandas as datetime64, as plain to_pandas gives them).
    back = pl.from_pandas(out.reset_index(drop=True))
    assert_frame_equal(back.with_columns(pl.col("birth_date").cast(pl.Date)), nik.parse(PAPUA))


# -- frame_from_polars / series_from_polars ----------------------------------------------


@pytest.mark.parametrize(("dtype", "pandas_dtype", "extreme"), NULLABLE)
def test_integer_column_with_nulls_keeps_integer_dtype(
    dtype: pl.DataType, pandas_dtype: str, extreme: int
) -> None:
    frame = pl.DataFrame({"a": pl.Series([extreme, None, 1], dtype=dtype)})
    out = frame_from_polars(frame, "pandas")
    assert str(out["a"].dtype) == pandas_dtype
    assert _values(out["a"]) == [extreme, None, 1]
    series = series_from_polars(frame["a"], "pandas")
    assert isinstance(series, pd.Series) and series.name == "a"
    assert str(series.dtype) == pandas_dtype
    assert _values(series) == [extreme, None, 1]


def test_boolean_column_with_nulls_stays_object_and_exact() -> None:
    # Unchanged on purpose: object keeps True/False/None exactly, and dates.eligible
    # documents None (not pd.NA) for an undecided row.
    column = pl.Series("b", [True, None, False])
    out = frame_from_polars(column.to_frame(), "pandas")
    assert str(out["b"].dtype) == "object"
    assert out["b"].tolist() == [True, None, False]
    assert series_from_polars(column, "pandas").tolist() == [True, None, False]


def test_columns_without_nulls_keep_values_and_dtype() -> None:
    frame = pl.DataFrame({
        "big": pl.Series([9171014101900001, 2**63 - 1], dtype=pl.Int64),
        "small": pl.Series([1, 2], dtype=pl.Int8),
        "flag": [True, False],
    })
    out = frame_from_polars(frame, "pandas")
    assert [str(t) for t in out.dtypes] == ["int64", "int8", "bool"]
    assert out["big"].tolist() == [9171014101900001, 2**63 - 1]
    assert str(series_from_polars(frame["big"], "pandas").dtype) == "int64"


def test_other_dtypes_and_column_order_are_unchanged() -> None:
    frame = pl.DataFrame({
        "s": ["x", None, "z"],
        "i": pl.Series([None, 2, 3], dtype=pl.Int16),
        "f": [1.5, None, 2.0],
        "d": [dt.date(2024, 2, 14), None, dt.date(1990, 1, 1)],
        "c": pl.Series(["a", None, "a"], dtype=pl.Categorical),
        "b": [None, True, False],
        "o": pl.Series([1, "two", None], dtype=pl.Object),
        "n": [1, 2, 3],
    })
    out = frame_from_polars(frame, "pandas")
    assert list(out.columns) == frame.columns
    assert str(out["i"].dtype) == "Int16"
    plain = frame.to_pandas()
    for name in ("s", "f", "d", "c", "b", "o", "n"):
        pd.testing.assert_series_equal(out[name], plain[name])
    assert list(out.index) == [0, 1, 2]


@pytest.mark.parametrize("height", [0, 1])
def test_all_null_and_empty_integer_columns(height: int) -> None:
    frame = pl.DataFrame({"a": pl.Series([None] * height, dtype=pl.Int32), "s": ["x"] * height})
    out = frame_from_polars(frame, "pandas")
    assert out.shape == (height, 2) and list(out.columns) == ["a", "s"]
    assert _values(out["a"]) == [None] * height


def test_nullable_columns_are_writable() -> None:
    out = frame_from_polars(pl.DataFrame({"a": [1, None]}), "pandas")
    out.loc[1, "a"] = 5
    assert out["a"].tolist() == [1, 5]


# -- the caller's index: carried back, and read as ids when named as one -----------------


@pytest.mark.parametrize("name", ["id", "ID", "unique_id", "NO", "No. Urut", "id_pemilih"])
def test_an_index_named_as_an_id_is_the_id_column(name: str) -> None:
    frame = pd.DataFrame({"nama": ["SITI", "BUDI"]},
                         index=pd.Index(["000000007", "000000003"], name=name))
    converted, _ = frame_to_polars(frame)
    assert converted.columns == ["id", "nama"]
    assert converted["id"].to_list() == ["000000007", "000000003"]
    rows = caller_rows(frame)
    assert rows is not None and rows.holds_ids
    back = frame_from_polars(converted.with_columns(c=pl.lit(1)), "pandas", rows=rows)
    assert back.index.equals(frame.index) and list(back.columns) == ["nama", "c"]


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"nama": ["SITI"]}, index=pd.Index([4], name="kunci")),  # not an id
        pd.DataFrame({"nama": ["SITI"]}, index=pd.Index([4])),  # no name
        pd.DataFrame({"NO": [1], "nama": ["SITI"]}, index=pd.Index([4], name="id")),  # a column is
        pd.DataFrame({"nama": ["SITI"]},
                     index=pd.MultiIndex.from_tuples([(1, 2)], names=["id", "n"])),
    ],
)
def test_any_other_index_is_carried_not_read(frame: pd.DataFrame) -> None:
    converted, _ = frame_to_polars(frame)
    assert converted.columns == [str(c) for c in frame.columns]
    rows = caller_rows(frame)
    assert rows is not None and not rows.holds_ids
    back = frame_from_polars(converted, "pandas", rows=rows)
    assert back.index.equals(frame.index) and list(back.columns) == list(converted.columns)


def test_results_of_series_keep_the_series_index() -> None:
    values = pd.Series(["a", "b", None], index=["x", "x", "z"])  # duplicated labels too
    rows = caller_rows(values)
    for column in (pl.Series("v", [1, None, 3]), pl.Series("v", [1, 2, 3])):  # nullable or not
        out = series_from_polars(column, "pandas", rows=rows)
        assert out.index.equals(values.index) and _values(out) == column.to_list()
    assert list(rows.take([2, 0, 0]).index) == ["z", "x", "x"]  # type: ignore[union-attr]
    assert caller_rows(pl.Series(["a"])) is None and caller_rows(["a"]) is None


def test_rows_apply_to_pandas_only() -> None:
    frame = pd.DataFrame({"id": [1], "a": [2]}, index=[9])
    rows = caller_rows(frame)
    out = pl.DataFrame({"id": [1], "a": [2]})
    assert frame_from_polars(out, "polars", rows=rows) is out
    assert frame_from_polars(out, "pyarrow", rows=rows).column_names == ["id", "a"]


@pytest.mark.parametrize("columns", [["nama", "nik", "nama"], [1, "1", "nik"]])
def test_a_repeated_pandas_column_name_is_a_typed_error(columns: list[object]) -> None:
    import sidalih
    from sidalih.errors import DuplicateColumnError

    frame = pd.DataFrame([["Siti", "3271014101900001", "Siti"]], columns=columns)
    with pytest.raises(DuplicateColumnError, match=r"column '(nama|1)' appears 2 times"):
        frame_to_polars(frame)
    with pytest.raises(DuplicateColumnError, match="appears 2 times"):
        sidalih.check(frame, election_date="2024-02-14")


def test_numpy_arrays_keep_float32_and_nanosecond_dtypes() -> None:
    """tolist() would make float32 Python floats and datetime64[ns] plain integers."""
    import numpy as np

    from sidalih._frames import series_to_polars

    s, kind = series_to_polars(np.array([1.5, np.nan], dtype=np.float32))
    assert kind == "numpy" and s.dtype == pl.Float32
    s, _ = series_to_polars(np.array(["2020-01-02", "NaT"], dtype="datetime64[ns]"))
    assert s.dtype == pl.Datetime("ns") and s.dt.date().to_list()[1] is None
    assert str(s.dt.date().to_list()[0]) == "2020-01-02"
    s, _ = series_to_polars(np.array([1, 2], dtype="timedelta64[ns]"))
    assert s.dtype == pl.Duration("ns")
    # every other array converts through its Python values as before
    assert series_to_polars(np.array([1.5]))[0].dtype == pl.Float64
    assert series_to_polars(np.array([1, 2], dtype=np.int32))[0].dtype == pl.Int64
    assert series_to_polars(np.array(["2020-01-02"], dtype="datetime64[s]"))[0].dtype == pl.Datetime("us")
