"""Defects a black-box tester found in round 6, each held by its own tests.

numpy arrays keep what their dtype says (a float32 NIK lost its last digits, a
datetime64[ns] array holds dates); messages mask a NIK in every form the NIK parser
reads; wrong input gets a typed error from :mod:`sidalih.errors`; compare.nik() reads a
raw column as :mod:`sidalih.nik` does; blank text in a categorical column is missing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest

import sidalih.dates as dates
import sidalih.nik as nik

REF = dt.date(2024, 2, 14)


# ------------------------------------------------------------ numpy float32 NIK array


def test_numpy_float32_nik_array_is_lost_precision() -> None:
    """A numpy float32 array of NIKs is ``lost_precision``, as a polars Float32 column
    and a single np.float32 are: its rounded digits are never read as a NIK."""
    arr = np.array([3271010101900001.0], dtype=np.float32)
    assert nik.parse(pl.Series(arr)).row(0, named=True)["status"] == "lost_precision"
    assert nik.parse_one(arr[0]).status == "lost_precision"

    row = nik.parse(arr).row(0, named=True)
    assert row["status"] == "lost_precision"
    assert row["nik"] is None
    assert nik.nik_to_int(arr).tolist() == [-1]
    assert nik.parse_nkk(arr).row(0, named=True)["status"] == "lost_precision"


def test_numpy_float32_small_integral_values_still_convert() -> None:
    """Below 2**24 a float32 is exact: it converts as before (here: too short)."""
    out = nik.parse(np.array([123.0, np.nan], dtype=np.float32))
    assert out["status"].to_list() == ["wrong_length", "empty"]


# ------------------------------------------------------ numpy datetime64[ns] birth dates


def test_numpy_datetime64_ns_birth_dates_are_read() -> None:
    """A pandas date column's ``to_numpy()`` (datetime64[ns]) parses as dates, not as
    Excel serials."""
    births = pd.Series(pd.to_datetime(["1980-07-01", "2010-03-05"]))
    arr = births.to_numpy()
    assert arr.dtype == np.dtype("datetime64[ns]")

    out = dates.parse_birth_date(arr, reference_date=REF)
    assert out["status"].to_list() == ["valid", "valid"]
    assert out["tanggal_lahir"].to_list() == [dt.date(1980, 7, 1), dt.date(2010, 3, 5)]
    assert dates.age_on(arr, reference_date=REF) == [43, 13]


@pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
def test_numpy_datetime64_every_unit_gives_the_same_dates(unit: str) -> None:
    arr = np.array(["1980-07-01", "NaT"], dtype=f"datetime64[{unit}]")
    out = dates.parse_birth_date(arr, reference_date=REF)
    assert out["tanggal_lahir"].to_list() == [dt.date(1980, 7, 1), None]
    assert out["status"].to_list()[0] == "valid"
