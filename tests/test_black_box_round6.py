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

import sidalih.compare as compare
import sidalih.dates as dates
import sidalih.nik as nik
import sidalih.schema as schema
from sidalih.errors import DuplicateIdError, InputTypeError, SidalihError, mask_long_digits

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


# ------------------------------------------- messages mask a NIK in every form it is read

SEPARATORS = ["\u2013", "\u2011", "\u2212", "\uff0e", "\uff0d", "\u200b"]
SEPARATOR_IDS = ["en-dash", "nb-hyphen", "minus", "fullwidth-dot", "fullwidth-hyphen",
                 "zero-width-space"]


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("sep", SEPARATORS, ids=SEPARATOR_IDS)
def test_error_messages_mask_nik_in_every_form_the_parser_reads(sep: str) -> None:
    """A NIK the NIK parser reads as valid ("3271\u20130101\u20130190\u20130001") is
    masked in DuplicateIdError and any SidalihError."""
    value = sep.join(["3271", "0101", "0190", "0001"])
    assert nik.parse_one(value).status == "valid"

    with pytest.raises(DuplicateIdError) as info:
        schema.check_ids(pl.Series([value, value]))
    assert "3271010101900001" not in digits_of(str(info.value))
    assert "3271010101900001" not in digits_of(str(SidalihError(f"bad id {value}")))
    masked = mask_long_digits(f"id {value}.")
    assert digits_of(masked) == "32710001" and masked.endswith("0001.")


@pytest.mark.parametrize("sep", [*SEPARATORS, " \u2013 ", "\u200b-\u200b", "\u3002", "\xa0"])
def test_blocking_report_masks_largest_block_keys_in_every_form(sep: str) -> None:
    """A key column not named as a NIK's may hold NIKs: the report masks them."""
    from sidalih.blocking import block_on, candidate_pairs

    value = sep.join(["3271", "0101", "0190", "0001"])
    pairs = candidate_pairs(pl.DataFrame({"kode": [value, value, "x"]}), [block_on("kode")])
    for text in (str(pairs.report), repr(pairs.report)):
        assert "0190" not in text and "0101" not in text and "3271" in text, text


def test_masking_still_leaves_dates_lists_and_person_ids() -> None:
    assert mask_long_digits("1965\u201312\u201331      1965-12-31") == "1965\u201312\u201331      1965-12-31"
    assert mask_long_digits("rows 1\uff0c 2, 3") == "rows 1\uff0c 2, 3"
    assert mask_long_digits("P542877271751 / P542877271751\u2013") == "P542877271751 / P542877271751\u2013"
    # a person id followed by a group is a NIK written after a P, not an id
    assert "0190" not in mask_long_digits("P327101010190\u20130001")


# ------------------------------------------- check_ids and dense_codes of other inputs


@pytest.mark.parametrize("ids", [pd.Series(["a", "a"]), ["a", "a"], np.array(["a", "a"])],
                         ids=["pandas", "list", "numpy"])
def test_check_ids_reads_non_polars_ids(ids: object) -> None:
    """check_ids takes what every column function takes: repeated ids are repeated."""
    with pytest.raises(DuplicateIdError, match="values repeat: a"):
        schema.check_ids(ids)


def test_check_ids_of_other_inputs() -> None:
    schema.check_ids(pd.Series(["a", "b"]))
    schema.check_ids([1, "1x", 2])  # mixed values are compared as text
    with pytest.raises(DuplicateIdError, match="empty on rows 1"):
        schema.check_ids(["a", " "])
    with pytest.raises(InputTypeError, match="got str"):
        schema.check_ids("aa")


def test_dense_codes_of_a_list_pandas_or_numpy() -> None:
    assert compare.dense_codes(["b", "a", "b"]).tolist() == [1, 0, 1]
    assert compare.dense_codes(pd.Series([30, 10, 30])).tolist() == [1, 0, 1]
    assert compare.dense_codes(np.array([30, 10, 30])).tolist() == [1, 0, 1]
    with pytest.raises(InputTypeError, match="mixed types"):
        compare.dense_codes([1, "a"])
    with pytest.raises(InputTypeError, match="got str"):
        compare.dense_codes("ba")


# ------------------------------------------- compare.nik() of a raw column reads NIKs


def nik_labels(frame: object, left: list[int], right: list[int]) -> list[str | None]:
    levels = compare.compare_pairs(frame, np.array(left), np.array(right), [compare.nik()])[:, 0]
    return [compare.NIK_LABELS[v] if v >= 0 else None for v in levels]


def test_compare_nik_reads_float_nik_column() -> None:
    """A spreadsheet's float64 NIK column (a blank cell made it float) is compared as the
    NIKs sidalih.nik reads in it, not as missing."""
    df = pd.DataFrame({"nik": [3271010101900001.0, 3271010101900001.0, 3271010101900002.0, np.nan]})
    assert nik.parse(df["nik"])["status"].tolist()[:3] == ["valid"] * 3
    assert nik_labels(df, [0, 0, 0], [1, 2, 3]) == ["exact", "same except serial", None]


def test_compare_nik_does_not_match_text_that_is_not_a_nik() -> None:
    """"-3271010101900001" and "3271010101900001abc" are non_digit: missing, not exact."""
    df = pl.DataFrame({"nik": ["3271010101900001", "-3271010101900001", "3271010101900001abc"]})
    assert nik.parse(df["nik"])["status"].to_list() == ["valid", "non_digit", "non_digit"]
    levels = compare.compare_pairs(df, np.array([0, 0]), np.array([1, 2]), [compare.nik()])[:, 0]
    assert levels.tolist() == [-1, -1]


def test_compare_nik_of_a_raw_column_equals_the_prepared_one() -> None:
    """A raw column compares as its prepared NIK does: grouped, letters, masked, floats
    past 2**53, placeholders, NIKs written with Unicode digits and dashes."""
    from sidalih.prepare import prepare

    values = ["3271014101900001", "3271 0141 0190 0001", "3271O14101900001",
              "327101410190****", "3271014101900002", "1111111111111111", "32710141019000011",
              "\uff13\uff12\uff17\uff11\u20130141\u20130190\u20130001", None, "x"]
    raw = pl.DataFrame({"nik": values})
    n = len(values)
    left = [i for i in range(n) for j in range(n) if i < j]
    right = [j for i in range(n) for j in range(n) if i < j]
    got = nik_labels(raw, left, right)
    want = nik_labels(prepare(raw), left, right)
    assert got == want
    assert got[:3] == ["exact", "exact", "masked prefix agrees"]  # pairs (0, 1..3)
    assert got[left.index(0) + 6] == "exact"  # (0, 7): Unicode digits and en dashes
    floats = pl.DataFrame({"nik": [3271014101900001.0, 3271014101900001.0, 1e17, 1e17]})
    assert nik_labels(floats, [0, 2], [1, 3]) == ["exact", None]


# ------------------------------------------- standardise(required="nama") is one column

FRAME = pd.DataFrame({"NAMA": ["Siti"], "NIK": ["3271014101900001"]})


def test_standardise_required_as_string_is_one_column() -> None:
    """``required="nama"`` asks for the column nama, not for columns n, a, m, a."""
    out = schema.standardise(FRAME, required="nama")
    assert "nama" in out.columns
    with pytest.raises(SidalihError) as info:
        schema.standardise(FRAME, required="alamat")
    assert "'alamat' is required" in str(info.value) and "'a'" not in str(info.value)


@pytest.mark.parametrize("groups", ["nik", ["nik", "tanggal_lahir"]], ids=["str", "list-of-str"])
def test_standardise_required_any_of_names_is_refused(groups: object) -> None:
    """A name where a group belongs is ambiguous (each of them, or one of them?)."""
    from sidalih.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="groups of column names"):
        schema.standardise(FRAME, required_any=groups)  # type: ignore[arg-type]
    out = schema.standardise(FRAME, required_any=[("nik", "tanggal_lahir")])
    assert "nik" in out.columns


# ------------------------------------------- blank text in a categorical column is missing

BLANKS = ["b", "a", None, "b", " ", ""]


@pytest.mark.parametrize("dtype", [pl.Categorical, pl.Enum(["a", "b", " ", ""])],
                         ids=["categorical", "enum"])
def test_dense_codes_blank_categorical_is_missing(dtype: pl.DataType) -> None:
    assert compare.dense_codes(pl.Series(BLANKS)).tolist() == [1, 0, -1, 1, -1, -1]
    codes = compare.dense_codes(pl.Series(BLANKS, dtype=dtype)).tolist()
    assert codes[2:] == [-1, codes[0], -1, -1] and codes[0] != codes[1] >= 0


def test_exact_and_string_comparison_of_blank_category_is_null() -> None:
    """Two blank cells of a pandas ``category`` column are not agreement."""
    text = pd.DataFrame({"x": pd.Series(["a", " ", " ", "a"], dtype=object)})
    cat = text.astype({"x": "category"})
    left, right = np.array([1, 0]), np.array([2, 3])
    for frame in (text, cat, pl.from_pandas(cat).with_columns(pl.col("x").cast(pl.Enum(["a", " "])))):
        assert compare.compare_pairs(frame, left, right, [compare.exact("x")])[:, 0].tolist() == [-1, 1]
        assert compare.compare_pairs(frame, left, right, [compare.string("x")])[:, 0].tolist()[0] == -1


def test_a_long_categorical_column_compares_as_its_text() -> None:
    """Past the few-rows paths too (a list of thousands of rows)."""
    values = (["a", " ", "", None, "b  ", "b"] * 500)
    left, right = np.arange(0, 2994), np.arange(6, 3000)
    comparisons = [compare.exact("x"), compare.string("x")]
    as_text = compare.compare_pairs(pl.DataFrame({"x": values}), left, right, comparisons)
    as_cat = compare.compare_pairs(
        pl.DataFrame({"x": pl.Series(values, dtype=pl.Categorical)}), left, right, comparisons)
    assert as_cat.tolist() == as_text.tolist()
    assert (as_text[1::6] == -1).all()  # blank against blank


@pytest.mark.parametrize("dtype", [pl.String, pl.Categorical, pl.Enum(["a", " "])],
                         ids=["string", "categorical", "enum"])
def test_blocking_skips_blank_categorical_key(dtype: pl.DataType) -> None:
    """A row with a blank key is not blocked by that rule, whatever the key's dtype."""
    from sidalih.blocking import block_on, candidate_pairs

    keys = pl.Series(["a", " ", " ", None, "a"], dtype=dtype)
    pairs = candidate_pairs(pl.DataFrame({"k": keys}), [block_on("k")])
    assert list(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)) == [(0, 4)]
    assert pairs.report.rules[0].rows_missing_key == 3
