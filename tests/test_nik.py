"""Tests for sidalih.nik: tables of NIK forms, the century rule, a kernel-vs-reference
property test, a compose/parse round trip, pandas = polars, and bad input."""

from __future__ import annotations

import datetime as dt
import decimal
import math

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import sidalih.nik as nik
from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.nik._core import parse_arrays
from sidalih.nik._frame import to_frame
from sidalih.regions import code_masks
from tests.reference_nik import COLUMNS, reference_parse

DISTRICTS = code_masks()[2]


def statuses(values: list[object], **kwargs: object) -> list[str]:
    return nik.parse(values, **kwargs)["status"].to_list()


# -- every NIK form in DOMAIN.md -----------------------------------------------------

FORMS = [
    ("3271010101900001", "valid", "3271010101900001"),
    ("3271014101900001", "valid", "3271014101900001"),  # a woman: day + 40
    (None, "empty", None),
    ("", "empty", None),
    ("   ", "empty", None),
    ("-", "empty", None),
    ("327101010190001", "wrong_length", None),  # 15 digits
    ("32710101019000010", "trailing_zero", "3271010101900001"),  # 17: migration's 0
    ("32710101019000011", "wrong_length", None),  # 17 digits, not a trailing 0
    ("0954041505750123", "old_format", "0954041505750123"),  # pre-e-KTP Jakarta
    ("1111111111111111", "repeated_digits", "1111111111111111"),
    ("0000000000000000", "repeated_digits", "0000000000000000"),
    ("3271010101900000", "zero_serial", "3271010101900000"),
    # six digits and ten zeros: 3.27101E+15 once read as a number (no NIK has day 00 and
    # serial 0000); fewer zeros leave a date's digits, a key read as the parser finds it
    ("3271010000000000", "scientific", None),
    ("3271011000000000", "zero_serial", "3271011000000000"),
    ("0954040000000000", "old_format", "0954040000000000"),  # precedence, as any 09 key
    ("327101150895****", "masked", "327101150895****"),
    ("327101150895XXXX", "masked", "327101150895****"),
    ("3271********0001", "masked", "3271********0001"),
    ("32710115089****", "masked", None),  # masked and short: no key
    ("3.27101E+15", "scientific", None),
    ("3,27101E+15", "scientific", None),
    ("3.271010101900001e15", "scientific", None),  # all digits, still never restored
    ("3271010101900001.0", "valid", "3271010101900001"),
    ("3271010101900001,00", "valid", "3271010101900001"),
    ("3271010101900001.5", "non_digit", None),
    ("'3271010101900001", "valid", "3271010101900001"),
    ("' 3271010101900001 ", "valid", "3271010101900001"),
    ("3271 0101 0190 0001", "valid", "3271010101900001"),
    ("3271.01.010190.0001", "valid", "3271010101900001"),
    ("32-71-01-010190-0001", "valid", "3271010101900001"),
    ("3271 - 0101 0190 0001", "valid", "3271010101900001"),
    ("-3271010101900001", "non_digit", None),
    ("3271010101900001-", "non_digit", None),
    ("３２７１０１０１０１９００００１", "valid", "3271010101900001"),  # full-width
    ("٣٢٧١٠١٠١٠١٩٠٠٠٠١", "valid", "3271010101900001"),  # Arabic-Indic
    ("\ufeff3271010101900001\u00a0", "valid", "3271010101900001"),  # BOM, no-break space
    ("NIK 3271010101900001", "non_digit", None),
    ("xxxx", "non_digit", None),
    ("😀", "non_digit", None),
    ("①２３", "non_digit", None),  # circled digits are not decimal digits
    ("3271013102900001", "bad_date", "3271013102900001"),  # 31 February
    ("3271010113900001", "bad_date", "3271010113900001"),  # month 13
    ("3271017201900001", "bad_date", "3271017201900001"),  # day 72 (women's 32)
    ("3271010001900001", "bad_date", "3271010001900001"),  # month 00
    ("3271013501900001", "bad_date", "3271013501900001"),  # day 35: neither sex
    ("3271012902000001", "valid", "3271012902000001"),  # 29 Feb 2000
    ("3271012902010001", "bad_date", "3271012902010001"),  # 29 Feb 2001
    ("3299010101900001", "unknown_region", "3299010101900001"),
    ("9101010101900001", "valid", "9101010101900001"),  # pre-split Papua: valid in 2019
    # letters for digits (OCR, a clerk): read when the digits pass every check of valid
    ("3271O14101900001", "letters_read", "3271014101900001"),  # O for 0
    ("327lOl4lOl9OOOOl", "non_digit", None),  # O and l, nine letters: no one habit
    ("3271D1S5019G0001", "letters_read", "3271015501960001"),  # three letters
    ("3271 O141 0l90 0001", "letters_read", "3271014101900001"),  # in groups
    ("'3271O14101900001", "letters_read", "3271014101900001"),
    ("327lO14lOl9OOOOl", "non_digit", None),  # two letters, each a habit: too many
    ("3271O1O1O19OOOO1", "letters_read", "3271010101900001"),  # the typist's O for 0
    ("3271O1O1019OOOO1", "non_digit", None),  # six O, and a 0 typed: not a habit
    ("3271O1S5O19GOO01", "non_digit", None),  # six letters
    ("3271O13102900001", "non_digit", None),  # reads as 31 February
    ("99O1014101900001", "non_digit", None),  # reads as region 9901, in no table
    ("327101O10190000O", "non_digit", None),  # reads as serial 0000
    ("327101150895O***", "non_digit", None),  # masked: never read
    ("3271O1150895XXXX", "non_digit", None),
    ("3271O141019000010", "non_digit", None),  # 17 characters
    ("3271O14101900001x", "non_digit", None),
    ("-3271O14101900001", "non_digit", None),
    ("SOSIS BOLO GOBOS", "non_digit", None),  # letters of the map, no digits: a word
    ("3271o14101900001", "letters_read", "3271014101900001"),
    ("３２７１Ｏ１４１０１９００００１", "non_digit", None),  # a full-width letter is no look-alike
    ("３２７１O１４１０１９００００１", "letters_read", "3271014101900001"),
]


@pytest.mark.parametrize(("value", "status", "key"), FORMS)
def test_forms(value: object, status: str, key: str | None) -> None:
    row = nik.parse([value]).row(0, named=True)
    assert (row["status"], row["nik"]) == (status, key)


NON_STRINGS = [
    (3271010101900001, "valid"),
    (3271010101900001.0, "valid"),
    (9101010101900001, "valid"),  # int: exact
    (9101010101900001.0, "lost_precision"),  # above 2**53: a float cannot be trusted
    # 3.27101E+15 read as a number (pandas' read_csv): six digits and ten zeros, digits
    # lost as in the text; the same digits as an integer read alike
    (3.27101e15, "scientific"),
    (3271010000000000, "scientific"),
    (9.10101e15, "scientific"),  # past 2**53 as well: scientific comes before lost_precision
    (3271010101900000.0, "zero_serial"),  # a date's digits remain: read as its text is
    (3271010101900001.5, "non_digit"),  # float64 holds the .5 here (spacing 0.5)
    (1.5, "non_digit"),
    (-3271010101900001, "non_digit"),
    (float("nan"), "empty"),
    (float("inf"), "non_digit"),
    (True, "non_digit"),
    (b"3271010101900001", "valid"),
    (b"\xff\xfe", "non_digit"),
    (decimal.Decimal("3271010101900001"), "valid"),
    (decimal.Decimal("NaN"), "empty"),
    (np.int64(3271010101900001), "valid"),
    (np.float32(3271010101900001.0), "lost_precision"),
    (dt.date(2024, 1, 1), "non_digit"),
    (["3271010101900001"], "non_digit"),
    (pd.NA, "empty"),
]


@pytest.mark.parametrize(("value", "status"), NON_STRINGS)
def test_non_strings_one_at_a_time(value: object, status: str) -> None:
    assert nik.parse_one(value).status.value == status


def test_mixed_column_keeps_every_row() -> None:
    values = [value for value, _ in NON_STRINGS] + ["x" * 100, "3271010101900001" * 7, ""]
    out = nik.parse(pd.Series(values, dtype=object))
    assert len(out) == len(values)
    assert out["status"].tolist() == [s for _, s in NON_STRINGS] + [
        "non_digit",
        "wrong_length",
        "empty",
    ]


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        (pl.Series([3271010101900001, None, -1]), ["valid", "empty", "non_digit"]),
        (
            pl.Series([3271010101900001.0, None, 9301014101900002.0, 0.5, 9.2e15]),
            ["valid", "empty", "lost_precision", "non_digit", "scientific"],
        ),
        (pl.Series([3271010101900001.0], dtype=pl.Float32), ["lost_precision"]),
        (pl.Series([True, None]), ["non_digit", "empty"]),
        (pl.Series([None, None], dtype=pl.Null), ["empty", "empty"]),
        (pl.Series(["3271010101900001", None], dtype=pl.Categorical), ["valid", "empty"]),
        (pl.Series([b"3271010101900001", b"\xff"]), ["valid", "non_digit"]),
        (pl.Series([dt.date(2020, 1, 1), None]), ["non_digit", "empty"]),
    ],
)
def test_typed_columns(series: pl.Series, expected: list[str]) -> None:
    assert nik.parse(series)["status"].to_list() == expected


# -- parts ---------------------------------------------------------------------------


def test_parts_of_a_woman() -> None:
    row = nik.parse(["3271015508950123"]).row(0, named=True)
    assert row == {
        "nik": "3271015508950123", "status": "valid", "province": "32", "regency": "3271",
        "district": "327101", "birth_day": 15, "birth_month": 8, "birth_year2": 95,
        "birth_date": dt.date(1995, 8, 15), "century_ambiguous": False, "sex": "P",
        "serial": 123, "region_known": True, "region_versions": 7, "nik_int": 3271015508950123,
    }  # fmt: skip


def test_parts_survive_a_bad_status() -> None:
    rows = nik.parse(["3299010101900001", "327101150895****", "3271013102900001"]).rows(named=True)
    assert rows[0]["birth_date"] == dt.date(1990, 1, 1) and rows[0]["region_known"] is False
    assert (rows[1]["district"], rows[1]["birth_date"], rows[1]["serial"]) == (
        "327101",
        dt.date(1995, 8, 15),
        None,
    )
    assert rows[1]["nik_int"] is None
    assert (rows[2]["birth_day"], rows[2]["birth_month"], rows[2]["birth_date"]) == (31, 2, None)


def test_schema() -> None:
    assert nik.parse(["3271010101900001"]).schema == pl.Schema(
        {
            "nik": pl.String, "status": pl.String, "province": pl.String, "regency": pl.String,
            "district": pl.String, "birth_day": pl.Int8, "birth_month": pl.Int8,
            "birth_year2": pl.Int8, "birth_date": pl.Date, "century_ambiguous": pl.Boolean,
            "sex": pl.String, "serial": pl.Int16, "region_known": pl.Boolean,
            "region_versions": pl.UInt8, "nik_int": pl.Int64,
        }
    )  # fmt: skip


# -- century -------------------------------------------------------------------------

CENTURIES = [
    # (DDMMYY, reference, birth date, ambiguous)
    ("010120", None, dt.date(1920, 1, 1), True),  # 104 or 4 on 2024-02-14: the voter
    ("010105", None, dt.date(2005, 1, 1), False),  # 119 is too old
    ("010110", None, dt.date(2010, 1, 1), False),  # 114 too old; 14 is the only reading
    ("010114", None, dt.date(1914, 1, 1), True),  # 110 or 10
    ("010130", None, dt.date(1930, 1, 1), False),  # 2030 is in the future
    ("010124", None, dt.date(1924, 1, 1), True),  # 100 or 0
    ("010524", None, dt.date(1924, 5, 1), False),  # 2024-05-01 is after polling day
    ("140207", None, dt.date(2007, 2, 14), False),  # 17 on polling day
    ("150207", None, dt.date(2007, 2, 15), False),  # 16: still the only reading
    ("150207", "2024-11-27", dt.date(2007, 2, 15), False),  # Pilkada 2024
    ("010195", dt.date(1999, 6, 7), dt.date(1895, 1, 1), True),  # 104 or 4 in 1999
    ("010196", dt.date(1990, 6, 7), dt.date(1896, 1, 1), False),  # 1996 is future in 1990
    ("290200", None, dt.date(2000, 2, 29), False),  # 1900 was no leap year
]


@pytest.mark.parametrize(("ddmmyy", "reference", "born", "ambiguous"), CENTURIES)
def test_century(ddmmyy: str, reference: object, born: dt.date, ambiguous: bool) -> None:
    row = nik.parse([f"327101{ddmmyy}0001"], reference_date=reference).row(0, named=True)
    assert (row["birth_date"], row["century_ambiguous"]) == (born, ambiguous)


def test_no_plausible_century_is_flagged_without_a_date() -> None:
    # 29 Feb of yy 00 on a reference in 1999: 2000 is future, 1900 no leap year, 1800 too old
    row = nik.parse(["3271012902000001"], reference_date="1999-12-31").row(0, named=True)
    assert (row["birth_date"], row["century_ambiguous"], row["status"]) == (None, True, "valid")


@pytest.mark.parametrize(
    "reference", ["14-02-2024", 20240214, dt.time(1, 2), dt.date(1, 1, 1), "2300-01-01", pd.NaT]
)
def test_bad_reference_date(reference: object) -> None:
    with pytest.raises(InvalidParameterError):
        nik.parse(["3271010101900001"], reference_date=reference)


# -- kernel = reference on random input ----------------------------------------------

ALPHABET = "0123456789" * 4 + " .,-'*xXeE+`a\t０٣😀\u00a0OlSb|D"
DIGITS = st.text(alphabet="0123456789", min_size=16, max_size=16)


@st.composite
def nik_like(draw: st.DrawFn) -> object:
    kind = draw(st.integers(0, 7))
    if kind == 7:
        return draw(with_letters())
    if kind == 0:
        return draw(st.text(alphabet=ALPHABET, max_size=22))
    if kind == 1:
        return draw(st.none() | st.floats(allow_nan=True) | st.integers(-(10**17), 10**17))
    district = draw(st.sampled_from(["327101", "910101", "329901", "096101", "111111",
                                     "000000"]))
    # ten zeros: what exponent notation leaves of a number (scientific)
    body = draw(st.text(alphabet="0123456789", min_size=10, max_size=10) | st.just("0" * 10))
    text = district + body
    if kind == 6:  # the same digits as a number, as a spreadsheet or pandas gives them
        return draw(st.sampled_from([text, int(text), float(int(text))]))
    if kind == 3:
        cut = draw(st.integers(8, 16))
        text = text[:cut] + "*" * (16 - cut)
    if kind == 4:
        text = text + draw(st.sampled_from(["0", ".0", "00", "1"]))
    if kind == 5:
        text = " ".join([text[:4], text[4:8], text[8:]])
    return text


LOOKALIKES = {"0": "OoD", "1": "Il|", "2": "Zz", "5": "Ss", "6": "Gb", "8": "B"}


@st.composite
def with_letters(draw: st.DrawFn) -> str:
    """A NIK (often a valid one) with look-alike letters for some digits, a habit (every
    0 typed as O), or a letter that is not a look-alike."""
    district = draw(st.sampled_from(["327101", "910101", "329901", "096101", "510301"]))
    body = draw(
        st.sampled_from(["0101900001", "4101900001", "1508950123", "3102900001", "0101900000",
                         "5512650010", "2206881201"])
        | st.text(alphabet="0123456789", min_size=10, max_size=10)
    )  # fmt: skip
    text = list(district + body)
    how = draw(st.integers(0, 3))
    if how == 0:  # the typist's habit
        digit = draw(st.sampled_from(["0", "1"]))
        letter = draw(st.sampled_from(LOOKALIKES[digit]))
        text = [letter if c == digit else c for c in text]
    else:
        spots = [i for i, c in enumerate(text) if c in LOOKALIKES]
        chosen = draw(st.lists(st.sampled_from(spots), max_size=5, unique=True)) if spots else []
        for i in chosen:
            text[i] = draw(st.sampled_from(LOOKALIKES[text[i]] + ("AgqT" if how == 3 else "")))
    out = "".join(text)
    if how == 2:
        out = " ".join([out[:4], out[4:8], out[8:]])
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(with_letters(), min_size=1, max_size=20), st.booleans())
def test_letters_match_reference(values: list[str], nkk: bool) -> None:
    """Letters for digits, alone: the second pass agrees with the reference row by row,
    and a value is ``letters_read`` only when its digits alone parse ``valid``."""
    parsed = to_frame(parse_arrays(pl.Series(values), is_nkk=nkk), is_nkk=nkk)
    label = "nkk" if nkk else "nik"
    for value, row in zip(values, parsed.rows(named=True), strict=True):
        expected = reference_parse(value, district_versions=_versions, nkk=nkk)
        assert (row["status"], row[label]) == (expected["status"], expected["nik"]), value
        if row["status"] == "letters_read":
            again = to_frame(parse_arrays(pl.Series([row[label]]), is_nkk=nkk), is_nkk=nkk)
            assert again.drop("status").row(0) == parsed.drop("status").row(values.index(value))
            assert again["status"].item() == "valid"


def test_letters_do_not_disturb_their_neighbours() -> None:
    """Rows read, rows whose reading fails and untouched rows in one column, also with a
    non-ASCII row (the Unicode pass) and a chunked column."""
    values = ["3271O14101900001", "3271010101900002", "3271O13102900001", None,
              "３２７１O１４１０１９００００１", "3271 0101 9OOO 1l01", "NIK 3271010101900001",
              "327101150895****"]  # fmt: skip
    series = pl.concat([pl.Series(values[:3]), pl.Series(values[3:])], rechunk=False)
    out = nik.parse(series)
    assert out["status"].to_list() == [
        "letters_read", "valid", "non_digit", "empty", "letters_read", "non_digit",
        "non_digit", "masked",
    ]
    assert out["nik"].to_list()[:5] == [
        "3271014101900001", "3271010101900002", None, None, "3271014101900001"]
    assert out.row(2) == nik.parse(["NIK"]).row(0)  # a failed reading leaves nothing
    assert nik.nik_to_int(["3271O14101900001"]).tolist() == [3271014101900001]
    assert not nik.is_valid("3271O14101900001")  # written wrong, however well read
    assert nik.mask("3271O14101900001") == "3271********0001"


def test_letters_in_numbers_and_flags_are_not_read() -> None:
    # a negative number or a boolean is judged before the kernel: never read as letters
    assert statuses([True, -3271014101900001, b"3271O14101900001"]) == [
        "non_digit", "non_digit", "letters_read"]


def _versions(code: int) -> int:
    return int(DISTRICTS[code])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(nik_like(), max_size=30),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    st.booleans(),
)
def test_kernel_matches_reference(values: list[object], reference: dt.date, nkk: bool) -> None:
    series = pl.Series(values, dtype=pl.Object)
    parsed = to_frame(parse_arrays(series, is_nkk=nkk, reference_date=reference), is_nkk=nkk)
    expected = [
        reference_parse(v, district_versions=_versions, reference_date=reference, nkk=nkk)
        for v in values
    ]
    got = parsed.rows(named=True)
    if nkk:
        renamed = {"nkk": "nik", "record_day": "birth_day", "record_month": "birth_month",
                   "record_year2": "birth_year2", "record_date": "birth_date", "nkk_int": "nik_int"}  # fmt: skip
        got = [{renamed.get(k, k): v for k, v in row.items()} for row in got]
        expected = [
            {k: v for k, v in row.items() if k not in ("sex", "century_ambiguous")}
            for row in expected
        ]
    assert got == expected


def test_synthetic_masks_drive_unknown_region() -> None:
    mask = np.zeros(1_000_000, dtype=np.uint8)
    mask[327101] = 0b010
    parsed = parse_arrays(
        pl.Series(["3271010101900001", "3271020101900001"]), is_nkk=False, dmask=mask
    )
    out = to_frame(parsed, is_nkk=False)
    assert out["status"].to_list() == ["valid", "unknown_region"]
    assert out["region_versions"].to_list() == [2, 0]


# -- round trip ----------------------------------------------------------------------

REFERENCE = nik.DEFAULT_REFERENCE_DATE


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([int(c) for c in np.flatnonzero(DISTRICTS)[::97]]),
    st.dates(dt.date(1914, 2, 15), REFERENCE),
    st.sampled_from(["L", "P"]),
    st.integers(1, 9999),
)
def test_compose_parse_round_trip(district: int, born: dt.date, sex: str, serial: int) -> None:
    number = nik.compose(f"{district:06d}", born, sex, serial)
    parts = nik.parse_one(number)
    assert parts.status is nik.NikStatus.VALID
    assert (parts.district, parts.sex, parts.serial) == (f"{district:06d}", sex, serial)
    assert (parts.birth_day, parts.birth_month, parts.birth_year2) == (
        born.day,
        born.month,
        born.year % 100,
    )
    age = REFERENCE.year - born.year - ((REFERENCE.month, REFERENCE.day) < (born.month, born.day))
    if age >= nik.VOTING_AGE:
        assert parts.birth_date == born
    else:  # a child: the voter reading a century earlier wins when it is plausible
        assert parts.birth_date == born or (
            parts.century_ambiguous and parts.birth_date == born.replace(year=born.year - 100)
        )


@pytest.mark.parametrize(
    "args",
    [
        ("32710", dt.date(1990, 1, 1), "L", 1),
        ("327101", "1990-01-01", "L", 1),
        ("327101", dt.date(1990, 1, 1), "M", 1),
        ("327101", dt.date(1990, 1, 1), "L", 0),
        ("327101", dt.date(1990, 1, 1), "L", 10_000),
        ("327101", dt.date(1990, 1, 1), "L", True),
    ],
)
def test_compose_rejects(args: tuple[object, ...]) -> None:
    with pytest.raises(InvalidParameterError):
        nik.compose(*args)  # type: ignore[arg-type]


# -- kinds, helpers ------------------------------------------------------------------

MIXED = ["3271010101900001", "327101150895****", None, "3.27101E+15", "3271013102900001", "١"]


def test_pandas_and_polars_agree() -> None:
    from_polars = nik.parse(pl.Series(MIXED))
    from_pandas = nik.parse(pd.Series(MIXED, index=[10, 11, 12, 13, 14, 15]))
    assert list(from_pandas.index) == [10, 11, 12, 13, 14, 15]
    assert_frame_equal(
        pl.from_pandas(from_pandas.reset_index(drop=True)), from_polars, check_dtypes=False
    )
    assert_frame_equal(
        nik.parse(pd.Series(MIXED, dtype="string")).pipe(pl.from_pandas),
        from_polars,
        check_dtypes=False,
    )


def test_chunked_and_sliced_polars_input() -> None:
    parts = [pl.Series(MIXED), pl.Series(["3271014101900001"] * 3), pl.Series(MIXED[::-1])]
    chunked = pl.concat(parts, rechunk=False)
    assert chunked.n_chunks() == 3
    assert nik.parse(chunked)["status"].to_list() == statuses(chunked.to_list())
    sliced = chunked.slice(4, 7)
    assert nik.parse(sliced)["nik"].to_list() == nik.parse(sliced.to_list())["nik"].to_list()


def test_empty_input() -> None:
    assert nik.parse([]).shape == (0, 15)
    assert nik.parse_nkk(pl.Series([], dtype=pl.String)).height == 0


def test_other_kinds() -> None:
    assert isinstance(nik.parse(np.array(["3271010101900001"])), pl.DataFrame)
    import pyarrow as pa

    assert isinstance(nik.parse(pa.array(["3271010101900001"])), pa.Table)
    with pytest.raises(InputTypeError):
        nik.parse("3271010101900001")


def test_scalar_helpers() -> None:
    assert nik.is_valid("3271 0101 0190 0001") and not nik.is_valid("3271010101900000")
    assert nik.mask("327101150895****") == "3271********0001"[:4] + "********" + "****"
    assert nik.mask("abc") == "***"
    assert nik.mask("3.27101E+15") == "***********"
    assert nik.nik_to_int(["3271010101900001", "327101150895****", None]).tolist() == [
        3271010101900001,
        -1,
        -1,
    ]
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        nik.parse_one("3271010101900001").status = nik.NikStatus.EMPTY  # type: ignore[misc]


# -- NKK -----------------------------------------------------------------------------

NKK_FORMS = [
    ("3271012312150003", "valid", dt.date(2015, 12, 23)),
    ("3271015212150003", "bad_date", None),  # no +40 on a family card
    ("3271012312300003", "valid", dt.date(1930, 12, 23)),  # 2030 is in the future
    ("3271012312150000", "zero_serial", dt.date(2015, 12, 23)),
    ("0954041505750123", "unknown_region", dt.date(1975, 5, 15)),  # no old_format for NKK
    ("327101231215****", "masked", dt.date(2015, 12, 23)),
    ("3.27101E+15", "scientific", None),
    ("3271010000000000", "scientific", None),  # as for a NIK: no card is recorded on day 00
    ("0954040000000000", "scientific", None),  # no old_format for NKK
    ("3271O12312150003", "letters_read", dt.date(2015, 12, 23)),
    ("3271O15212150003", "non_digit", None),  # reads as day 52: no +40 on a family card
]


@pytest.mark.parametrize(("value", "status", "recorded"), NKK_FORMS)
def test_nkk(value: str, status: str, recorded: dt.date | None) -> None:
    row = nik.parse_nkk([value]).row(0, named=True)
    assert (row["status"], row["record_date"]) == (status, recorded)
    assert "sex" not in row and "century_ambiguous" not in row


def test_status_enums_cover_the_kernel() -> None:
    assert {s.value for s in nik.NikStatus} - {s.value for s in nik.NkkStatus} == {"old_format"}
    assert not math.isnan(len(COLUMNS))
