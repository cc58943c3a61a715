from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_dates import reference_age, reference_parse

from sidalih import errors
from sidalih.dates import (
    PEMILU_2024,
    DateStatus,
    Placeholder,
    age_on,
    eligible,
    is_placeholder,
    marital_status_code,
    parse_birth_date,
    parse_one,
)

D = dt.date
REF = PEMILU_2024


@pytest.mark.parametrize(
    ("value", "expected", "status", "placeholder", "swappable"),
    [
        ("01-07-1980", D(1980, 7, 1), "valid", "01-07", True),
        ("01/07/1980", D(1980, 7, 1), "valid", "01-07", True),
        ("1980-07-01", D(1980, 7, 1), "valid", "01-07", False),
        ("1980-07-01 00:00:00", D(1980, 7, 1), "valid", "01-07", False),
        ("1980-07-01T08:30", D(1980, 7, 1), "valid", "01-07", False),
        (" '31-12-1950 ", D(1950, 12, 31), "valid", "31-12", False),
        ("15 Agustus 1945", D(1945, 8, 15), "valid", "15th", False),
        ("17 Mrt 1945", D(1945, 3, 17), "valid", None, False),  # the usual short forms
        ("17 Agst 1945", D(1945, 8, 17), "valid", None, False),
        ("17 Djuli 1945", D(1945, 7, 17), "valid", None, False),  # spelling before 1972
        ("17 Djuni 1945", D(1945, 6, 17), "valid", None, False),
        ("17-DJANUARI-1945", D(1945, 1, 17), "valid", None, False),
        ("17 Djul 45", D(1945, 7, 17), "valid", None, False),
        ("3-Des-1960", D(1960, 12, 3), "valid", None, False),
        ("05-07-1980", D(1980, 7, 5), "valid", None, True),
        ("07-07-1980", D(1980, 7, 7), "valid", None, False),  # the swap is the same date
        ("13-05-1980", D(1980, 5, 13), "valid", None, False),
        ("01071980", D(1980, 7, 1), "valid", "01-07", True),
        ("19800701", D(1980, 7, 1), "valid", "01-07", False),
        ("010180", D(1980, 1, 1), "valid", "01-01", False),
        ("020180", D(1980, 1, 2), "valid", None, True),
        ("29221", D(1980, 1, 1), "valid", "01-01", False),
        (29221, D(1980, 1, 1), "valid", "01-01", False),
        (29221.75, D(1980, 1, 1), "valid", "01-01", False),
        (59, D(1900, 2, 28), "valid", None, False),
        (61, D(1900, 3, 1), "valid", None, False),
        (60, None, "impossible", None, False),  # Excel's 29 February 1900
        (1071980, D(1980, 7, 1), "valid", "01-07", True),
        (1980, None, "ambiguous", None, False),  # a bare year or serial 1980?
        (D(1990, 1, 15), D(1990, 1, 15), "valid", "15th", False),
        (dt.datetime(1990, 1, 2, 23, 59), D(1990, 1, 2), "valid", None, False),
        ("29-02-2000", D(2000, 2, 29), "valid", None, False),
        ("29-02-1900", None, "impossible", None, False),
        ("31-04-1980", None, "impossible", None, False),
        ("05-13-1980", None, "impossible", None, False),  # not silently re-read month first
        ("0001-01-01", None, "impossible", None, False),
        ("9999-12-31", None, "impossible", None, False),
        ("15-02-2024", None, "future", None, False),
        ("14-02-2024", D(2024, 2, 14), "valid", None, False),
        ("01-01-80", D(1980, 1, 1), "valid", "01-01", False),
        ("14-02-07", D(2007, 2, 14), "valid", None, False),  # 17 on polling day
        ("15-02-07", None, "ambiguous", None, False),  # 16 or 116
        ("01-01-23", None, "ambiguous", None, False),
        ("", None, "empty", None, False),
        ("  ", None, "empty", None, False),
        (None, None, "empty", None, False),
        (float("nan"), None, "empty", None, False),
        (pd.NaT, None, "empty", None, False),
        ("tidak tahu", None, "unparsed", None, False),
        ("1980", None, "unparsed", None, False),
        ("01 Foo 1980", None, "unparsed", None, False),
        (-3, None, "unparsed", None, False),
        (True, None, "unparsed", None, False),
        (b"01-07-1980", None, "unparsed", None, False),
    ],
)
def test_parse_table(value, expected, status, placeholder, swappable):
    parsed = parse_one(value, reference_date=REF)
    assert parsed.tanggal_lahir == expected
    assert parsed.status == DateStatus(status)
    assert parsed.placeholder == (None if placeholder is None else Placeholder(placeholder))
    assert parsed.day_month_ambiguous is swappable
    assert reference_parse(value, REF) == (expected, status, placeholder, swappable)


@pytest.mark.parametrize(
    ("ref", "value", "expected"),
    [
        (D(2024, 2, 14), "01-01-30", D(1930, 1, 1)),
        (D(2024, 2, 14), "01-01-24", None),  # 2024 would be a baby, 1924 a centenarian
        (D(1999, 4, 21), "01-01-99", None),
        (D(1999, 4, 21), "01-01-70", D(1970, 1, 1)),
        (D(2030, 1, 1), "01-01-05", D(2005, 1, 1)),
        (D(2060, 6, 1), "01-01-20", D(2020, 1, 1)),  # never a fixed pivot
    ],
)
def test_two_digit_year_follows_reference(ref, value, expected):
    assert parse_one(value, reference_date=ref).tanggal_lahir == expected


def test_two_digit_year_without_reference_is_ambiguous():
    assert parse_one("01-01-80").status is DateStatus.AMBIGUOUS
    assert parse_one("2099-01-01").status is DateStatus.VALID  # no reference, no future


def test_output_kinds_and_columns():
    values = ["01-07-1980", None, "x"]
    out = parse_birth_date(pl.Series(values), reference_date=REF)
    assert out.schema == pl.Schema(
        {
            "tanggal_lahir": pl.Date,
            "status": pl.String,
            "placeholder": pl.String,
            "day_month_ambiguous": pl.Boolean,
        }
    )
    assert isinstance(parse_birth_date(pd.Series(values), reference_date=REF), pd.DataFrame)
    assert isinstance(parse_birth_date(pa.array(values), reference_date=REF), pa.Table)
    assert isinstance(parse_birth_date(np.array(values, dtype=object)), pl.DataFrame)
    assert parse_birth_date([]).shape == (0, 4)


@pytest.mark.parametrize(
    "series",
    [
        pl.Series([D(1980, 7, 1), None, D(1, 1, 1)]),
        pl.Series([dt.datetime(1980, 7, 1, 3), None, dt.datetime(2030, 1, 1)]),
        pl.Series([29221, None, 60], dtype=pl.Int32),
        pl.Series([29221.0, float("nan"), None]),
        pl.Series(["01-07-1980", None, "x"], dtype=pl.Categorical),
        pl.Series([None, None], dtype=pl.Null),
        pl.Series([[1], None]),
    ],
)
def test_typed_columns_match_reference(series):
    out = parse_birth_date(series, reference_date=REF)
    for value, row in zip(series.to_list(), out.iter_rows(), strict=True):
        if isinstance(value, float) and np.isnan(value):
            value = None
        if isinstance(value, list):
            assert row[1] == "unparsed"
            continue
        assert row == reference_parse(value, REF)


def test_pandas_datetime_and_object_columns():
    frame = pd.DataFrame(
        {
            "a": pd.to_datetime(["1980-07-01", None, "1990-01-15"]),
            "b": ["01-07-1980", 29221, None],
        }
    )
    a = parse_birth_date(frame["a"], reference_date=REF)
    assert a["status"].tolist() == ["valid", "empty", "valid"]
    b = parse_birth_date(frame["b"], reference_date=REF)
    assert b["status"].tolist() == ["valid", "valid", "empty"]


_WIDE = str.maketrans("0123456789-", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18"
                                      "\uff19\uff0d")
_text = st.one_of(
    st.text(max_size=25),
    st.text(alphabet="0123456789-/. ,:'tTJulAgsDe", max_size=22),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 35),
        st.integers(0, 14),
        st.integers(0, 2300),
        st.sampled_from(["-", "/", ".", " ", "--"]),
    ),
    st.dates(min_value=D(1800, 1, 1), max_value=D(2300, 1, 1)).map(
        lambda d: d.strftime("%d-%m-%Y")
    ),
    st.builds(  # month names, old spellings and near misses
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 35),
        st.sampled_from(["Mrt", "AGST", "Djuli", "djuni", "Djanuari", "Djan", "Djul", "Juli",
                         "Peb", "Agt", "Djanuary", "Dj", "Mrt.", "Agstus"]),
        st.integers(0, 2300),
        st.sampled_from(["-", " ", "/"]),
    ),
    st.dates().map(lambda d: d.isoformat()),
    # full-width and other scripts' digits, a no-break or zero-width space: read as the
    # ASCII they stand for, as in a NIK
    st.text(alphabet="0123456789\uff10\uff11\uff12\uff19\u0660\u0661\u0669-\uff0d\u2013/."
                     "\uff0e \u00a0\u200b", max_size=22),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y").translate(_WIDE)),
)
_value = st.one_of(
    st.none(),
    _text,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
)
_reference = st.one_of(st.none(), st.dates(min_value=D(1900, 1, 1), max_value=D(2150, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_value, max_size=12), _reference)
def test_never_raises_and_matches_reference(values, ref):
    out = parse_birth_date(pl.Series(values, dtype=pl.Object), reference_date=ref)
    assert out.height == len(values)
    assert list(out.iter_rows()) == [reference_parse(v, ref) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(_text, max_size=12), _reference)
def test_string_column_matches_reference(values, ref):
    out = parse_birth_date(pl.Series(values, dtype=pl.String), reference_date=ref)
    assert list(out.iter_rows()) == [reference_parse(v, ref) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), _text), max_size=10), _reference)
def test_pandas_equals_polars(values, ref):
    from_polars = parse_birth_date(pl.Series(values, dtype=pl.String), reference_date=ref)
    from_pandas = parse_birth_date(pd.Series(values, dtype=object), reference_date=ref)
    pd.testing.assert_frame_equal(from_pandas, from_polars.to_pandas())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.dates()), max_size=10),
    st.dates(D(1900, 1, 1), D(2199, 12, 31)),
)
def test_age_matches_reference(dates, ref):
    # Date values obey the parser's rules (a year outside 1850-2199 is impossible), so
    # the reference age is taken of the reference parse, as for text.
    expected = [reference_age(reference_parse(d, ref)[0], ref) for d in dates]
    assert age_on(dates, reference_date=ref) == expected
    series = pl.Series(dates, dtype=pl.Date)
    assert age_on(series, reference_date=ref).to_list() == expected


@pytest.mark.parametrize(
    ("born", "ref", "age"),
    [
        (D(2007, 2, 14), D(2024, 2, 14), 17),
        (D(2007, 2, 15), D(2024, 2, 14), 16),
        (D(2004, 2, 29), D(2021, 2, 28), 16),
        (D(2004, 2, 29), D(2021, 3, 1), 17),
        (D(2004, 2, 29), D(2024, 2, 29), 20),
        (D(2024, 2, 14), D(2024, 2, 14), 0),
        (D(2024, 2, 15), D(2024, 2, 14), None),
        (None, D(2024, 2, 14), None),
    ],
)
def test_age_table(born, ref, age):
    assert age_on([born], reference_date=ref) == [age]


@pytest.mark.parametrize(
    ("born", "status", "expected"),
    [
        ("14-02-2007", "B", True),
        ("15-02-2007", "B", False),
        ("15-02-2007", "S", True),
        ("15-02-2007", "P", True),
        ("15-02-2007", "kawin", True),
        ("15-02-2007", "BELUM KAWIN", False),
        ("15-02-2007", "cerai_hidup", True),
        ("15-02-2007", "Cerai Mati", True),
        ("15-02-2007", "married", True),
        ("15-02-2007", "widowed", True),
        ("15-02-2007", "never married", False),
        ("15-02-2007", "??", False),  # unknown status: age decides
        ("15-02-2007", None, False),
        ("01-01-1960", None, True),
        (None, "B", None),
        (None, None, None),
        ("rusak", "B", None),
        (None, "S", True),  # married: eligible whatever the age
    ],
)
def test_eligible_table(born, status, expected):
    assert eligible([born], [status], reference_date=REF) == [expected]


def test_eligible_without_marital_and_with_pandas():
    born = pd.Series(["01-01-1960", "01-01-2010", None])
    out = eligible(born, reference_date=REF)
    assert isinstance(out, pd.Series)
    assert out.tolist() == [True, False, None]
    married = eligible(born, pd.Series(["B", "S", "S"]), reference_date=REF)
    assert married.tolist() == [True, True, True]


def test_marital_status_codes():
    assert marital_status_code(["B", "s", "Pernah Kawin", "CERAI-HIDUP", 3, None]) == [
        "B",
        "S",
        "P",
        "P",
        None,
        None,
    ]


def test_is_placeholder():
    values = ["01-07-1970", "31-12-1950", "01-01-1980", "15-03-1990", "02-07-1970", None, "x"]
    assert is_placeholder(values) == [True, True, True, True, False, None, None]
    assert is_placeholder(pl.Series([D(1970, 7, 1)])).to_list() == [True]


@pytest.mark.parametrize("bad", [None, "today", "14-02-2024", 20240214, D(1700, 1, 1)])
def test_reference_date_is_required_and_checked(bad):
    with pytest.raises(errors.InvalidParameterError):
        age_on([D(1980, 1, 1)], reference_date=bad)
    with pytest.raises(errors.InvalidParameterError):
        eligible([D(1980, 1, 1)], reference_date=bad)


def test_reference_date_accepts_iso_text_and_datetime():
    assert age_on([D(1980, 2, 14)], reference_date="2024-02-14") == [44]
    assert age_on([D(1980, 2, 14)], reference_date=dt.datetime(2024, 2, 14, 7)) == [44]


def test_bad_inputs_raise_typed_errors():
    with pytest.raises(errors.InputTypeError):
        parse_birth_date("01-07-1980")
    with pytest.raises(errors.InputTypeError):
        parse_birth_date(pl.DataFrame({"a": [1]}))
    with pytest.raises(errors.InvalidParameterError, match="marital_status has 1"):
        eligible(["01-01-1980", None], ["S"], reference_date=REF)


# --------------------------------------------------------------------------- categorical text


def _as_list(out: Any) -> list[Any]:
    """Plain values of a result of any kind (list, pandas, polars, pyarrow)."""
    if isinstance(out, list):
        return out
    if isinstance(out, pd.Series):
        return [None if v is None or v is pd.NA or v != v else v for v in out.tolist()]
    if isinstance(out, (pa.Array, pa.ChunkedArray)):
        return out.to_pylist()
    return out.to_list()


@pytest.mark.parametrize(
    "make",
    [
        lambda v: pd.Series(v, dtype="category"),
        lambda v: pl.Series(v, dtype=pl.Categorical),
        lambda v: pl.Series(v, dtype=pl.Enum(sorted({x for x in v if x is not None}))),
        lambda v: pa.array(v).dictionary_encode(),
    ],
    ids=["pandas-category", "polars-categorical", "polars-enum", "pyarrow-dictionary"],
)
def test_marital_status_of_categorical_text_is_read_like_text(make):
    # read_csv(dtype="category") and parquet dictionaries are common; a null here made
    # eligible() ignore marriage.
    values = ["B", "KAWIN", "cerai mati", None]
    out = marital_status_code(make(values))
    assert _as_list(out) == ["B", "S", "P", None]
    # A married 14-year-old may vote whatever container the status arrives in.
    born = ["01-01-2010"] * len(values)
    assert eligible(born, make(values), reference_date=REF) == [False, True, True, False]


# --------------------------------------------------------------------------- pandas index


def test_pandas_results_keep_the_callers_index():
    frame = pd.DataFrame(
        {"tgl": ["01-07-1980", "15-02-2010", "01-01-2000"], "sk": ["B", "B", "KAWIN"]},
        index=[10, 11, 12],
    ).iloc[[2, 0]]
    tgl, sk = frame["tgl"], frame["sk"]
    results = {
        "parse_birth_date": parse_birth_date(tgl, reference_date=REF),
        "is_placeholder": is_placeholder(tgl),
        "age_on": age_on(tgl, reference_date=REF),
        "eligible": eligible(tgl, sk, reference_date=REF),
        "marital_status_code": marital_status_code(sk),
    }
    for name, out in results.items():
        assert out.index.tolist() == [12, 10], name
    # Assigning back into the filtered frame must line the rows up, not leave NaN.
    frame = frame.assign(umur=results["age_on"], ok=results["eligible"])
    assert frame["umur"].tolist() == [24, 43]
    assert frame["ok"].tolist() == [True, True]


# --------------------------------------------------------------------------- date values in range


_OUT_OF_RANGE = [D(1, 1, 1), D(1200, 1, 1), D(1849, 12, 31), D(2200, 1, 1), D(9999, 12, 31)]


@pytest.mark.parametrize(
    "make",
    [
        lambda v: v,
        lambda v: pl.Series(v, dtype=pl.Date),
        lambda v: pl.Series([dt.datetime(d.year, d.month, d.day, 8) for d in v]),
        lambda v: pd.Series(v, dtype=object),
    ],
    ids=["list", "polars-date", "polars-datetime", "pandas-object"],
)
def test_date_values_follow_the_same_rules_as_text(make):
    # 0001-01-01 is a database sentinel: as a date it must be as impossible as the text.
    dates = [*_OUT_OF_RANGE, D(1850, 1, 1), D(1980, 7, 1)]
    text = [d.isoformat() for d in dates]
    assert _as_list(age_on(make(dates), reference_date=REF)) == age_on(text, reference_date=REF)
    assert age_on(text, reference_date=REF)[-2:] == [174, 43]
    assert age_on(text, reference_date=REF)[:5] == [None] * 5
    assert _as_list(eligible(make(dates), reference_date=REF)) == eligible(text, reference_date=REF)
    assert eligible(text, reference_date=REF)[:5] == [None] * 5
    assert _as_list(is_placeholder(make(dates))) == is_placeholder(text)


def test_an_unreadable_reference_date_is_quoted_as_given() -> None:
    with pytest.raises(errors.InvalidParameterError, match=r"got '14-02-2024'"):
        parse_birth_date(["01-01-1990"], reference_date="14-02-2024")
