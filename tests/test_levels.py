from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_levels import reference_date_level, reference_nik_level

from sidalih import errors
from sidalih.kernels.levels import (
    NULL_DAYS,
    DateLevel,
    NikLevel,
    date_levels,
    nik_levels,
)

_EPOCH = dt.date(1970, 1, 1)
BASE = "3271010101900001"


def _nik_level(a: str | None, b: str | None) -> int:
    """Level for two NIK texts; '****' at the end marks a masked NIK."""
    values, flags = [], []
    for text in (a, b):
        if text is None:
            values.append(-1)
            flags.append(False)
        elif text.endswith("****"):
            values.append(int(text[:12]) * 10_000)
            flags.append(True)
        else:
            values.append(int(text))
            flags.append(False)
    return int(nik_levels([0], [1], np.array(values), np.array(flags))[0])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (BASE, BASE, NikLevel.EXACT),
        (BASE, "3271010101900002", NikLevel.SAME_EXCEPT_SERIAL),  # twins
        (BASE, "3271010101901234", NikLevel.SAME_EXCEPT_SERIAL),
        # the serial's first digit alone: a thousand apart, in no district's run (0905/7905)
        (BASE, "3271010101907001", NikLevel.ONE_SUBSTITUTION),
        (BASE, "3271010101907002", NikLevel.SAME_EXCEPT_SERIAL),
        (BASE, "3271010101900010", NikLevel.SAME_EXCEPT_SERIAL),  # serial transposition too
        (BASE, "3271010101910001", NikLevel.ONE_SUBSTITUTION),  # birth year typo
        (BASE, "3279010101900001", NikLevel.ONE_SUBSTITUTION),  # region typo
        (BASE, "3271011001900001", NikLevel.TRANSPOSITION),  # birth day transposed
        (BASE, "2371010101900001", NikLevel.TRANSPOSITION),
        (BASE, "3271010101090001", NikLevel.TRANSPOSITION),  # across year and serial
        (BASE, "3578020101900003", NikLevel.SAME_BIRTH_PART),  # registered elsewhere
        (BASE, "3578020101900001", NikLevel.SAME_BIRTH_PART),
        (BASE, "3271010201900001", NikLevel.ONE_SUBSTITUTION),
        (BASE, "3271010202900001", NikLevel.ELSE),
        (BASE, "3271014101900001", NikLevel.ONE_SUBSTITUTION),  # sex offset (+40) differs
        (BASE, "327101010190****", NikLevel.MASKED_PREFIX),
        ("327101010190****", "327101010190****", NikLevel.MASKED_PREFIX),
        (BASE, "327101010191****", NikLevel.ELSE),  # masked: no typo levels
        (BASE, None, NikLevel.NULL),
        (None, None, NikLevel.NULL),
        (None, "327101010190****", NikLevel.NULL),
    ],
)
def test_nik_level_table(a, b, expected):
    assert _nik_level(a, b) == expected
    assert _nik_level(b, a) == expected  # symmetric


def _days(value: dt.date | None) -> int:
    return NULL_DAYS if value is None else (value - _EPOCH).days


D = dt.date


@pytest.mark.parametrize(
    ("a", "b", "placeholder", "expected"),
    [
        (D(1980, 3, 5), D(1980, 3, 5), False, DateLevel.EXACT),
        (D(1960, 7, 1), D(1960, 7, 1), True, DateLevel.EXACT_PLACEHOLDER),
        (D(1980, 3, 5), D(1980, 5, 3), False, DateLevel.DAY_MONTH_SWAPPED),
        (D(1960, 7, 1), D(1960, 1, 7), True, DateLevel.DAY_MONTH_SWAPPED),
        (D(1980, 3, 5), D(1981, 5, 3), False, DateLevel.ELSE),
        (D(1980, 3, 5), D(1980, 3, 6), False, DateLevel.NEAR),
        (D(1980, 1, 31), D(1980, 2, 1), False, DateLevel.NEAR),  # one day, across months
        (D(1980, 12, 31), D(1981, 1, 1), False, DateLevel.NEAR),
        (D(1980, 3, 5), D(1980, 4, 5), False, DateLevel.NEAR),
        (D(1980, 3, 5), D(1981, 3, 5), False, DateLevel.NEAR),
        (D(1979, 3, 5), D(1980, 3, 5), False, DateLevel.NEAR),  # off by one, two digits
        (D(1980, 3, 5), D(1986, 3, 5), False, DateLevel.NEAR),  # one-digit year typo
        (D(1980, 3, 5), D(1917, 3, 5), False, DateLevel.ELSE),  # two digits differ
        (D(1980, 3, 5), D(1908, 3, 5), False, DateLevel.NEAR),  # 80/08 swapped
        (D(1995, 3, 5), D(2005, 3, 5), False, DateLevel.NEAR),  # 95/05: one digit of two
        (D(1999, 3, 5), D(2009, 3, 5), False, DateLevel.NEAR),
        (D(1995, 3, 5), D(2016, 3, 5), False, DateLevel.ELSE),  # 95/16: two digits
        (D(1948, 3, 5), D(1984, 3, 5), False, DateLevel.NEAR),  # last two digits swapped
        (D(1983, 3, 5), D(1938, 3, 5), False, DateLevel.NEAR),
        (D(1948, 3, 5), D(1894, 3, 5), False, DateLevel.ELSE),  # other digits swapped
        (D(1948, 3, 5), D(2084, 3, 5), False, DateLevel.ELSE),  # another century
        (D(1948, 3, 6), D(1984, 3, 5), False, DateLevel.ELSE),
        (D(1980, 3, 5), D(1980, 3, 7), False, DateLevel.ELSE),
        (D(1980, 3, 5), D(1980, 5, 5), False, DateLevel.ELSE),
        (D(1980, 3, 5), D(1981, 4, 5), False, DateLevel.ELSE),
        (D(1960, 7, 1), D(1960, 3, 9), True, DateLevel.PLACEHOLDER_YEAR),
        (D(1960, 7, 1), D(1961, 3, 9), True, DateLevel.ELSE),
        (D(1980, 3, 5), D(1980, 9, 9), False, DateLevel.ELSE),
        (D(1980, 3, 5), None, False, DateLevel.NULL),
        (None, None, False, DateLevel.NULL),
    ],
)
def test_date_level_table(a, b, placeholder, expected):
    days = np.array([_days(a), _days(b)], dtype=np.int32)
    flags = np.array([placeholder, placeholder])
    assert date_levels([0, 1], [1, 0], days, flags).tolist() == [expected, expected]


def test_day_month_swap_needs_different_day_and_month():
    days = np.array([_days(D(1980, 7, 7)), _days(D(1980, 7, 7))], dtype=np.int32)
    assert date_levels([0], [1], days, [False, False]).tolist() == [DateLevel.EXACT]


def test_empty_pairs():
    assert nik_levels([], [], np.array([1], dtype=np.int64), [False]).shape == (0,)
    out = date_levels(np.array([], dtype=np.int64), [], np.array([], dtype=np.int32), [])
    assert out.dtype == np.int8 and out.size == 0


_nik_values = st.one_of(
    st.just(-1),
    st.integers(0, 10**16 - 1),
    st.integers(1_100_000_000_000_000, 9_699_999_999_999_999),
)


@st.composite
def _nik_rows(draw):  # type: ignore[no-untyped-def]
    """Rows near a few seeds, so the rare levels (typos, serials) are actually drawn."""
    seed = draw(_nik_values)
    rows, flags = [], []
    for _ in range(draw(st.integers(1, 12))):
        value = draw(st.one_of(st.just(seed), _nik_values))
        if value >= 0 and draw(st.booleans()):
            text = list(f"{value:016d}")
            k = draw(st.integers(0, 15))
            if draw(st.booleans()) and k < 15:
                text[k], text[k + 1] = text[k + 1], text[k]
            else:
                text[k] = str(draw(st.integers(0, 9)))
            value = int("".join(text))
        is_masked = value >= 0 and draw(st.integers(0, 5)) == 0
        rows.append(value // 10_000 * 10_000 if is_masked else value)
        flags.append(is_masked)
    return np.array(rows, dtype=np.int64), np.array(flags)


@settings(max_examples=300, deadline=None)
@given(_nik_rows(), st.data())
def test_nik_kernel_matches_reference(rows, data):
    nik, masked = rows
    n = nik.size
    left = data.draw(st.lists(st.integers(0, n - 1), max_size=20))
    right = data.draw(st.lists(st.integers(0, n - 1), min_size=len(left), max_size=len(left)))
    got = nik_levels(np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), nik, masked)
    expected = [
        reference_nik_level(int(nik[i]), int(nik[j]), bool(masked[i]), bool(masked[j]))
        for i, j in zip(left, right, strict=True)
    ]
    assert got.tolist() == expected


_day_values = st.one_of(
    st.just(None),
    st.integers(-719_162, 2_932_896),  # datetime's range
    st.integers(-40_000, 20_000),
)


@st.composite
def _date_rows(draw):  # type: ignore[no-untyped-def]
    seed = draw(st.dates(D(1850, 1, 1), D(2100, 12, 31)))
    rows: list[int | None] = []
    for _ in range(draw(st.integers(1, 12))):
        choice = draw(st.integers(0, 4))
        if choice == 0:
            rows.append(draw(_day_values))
            continue
        y, m, d = seed.year, seed.month, seed.day
        if choice == 1 and d <= 12:
            m, d = d, m
        elif choice == 2:
            y += draw(st.sampled_from([-1, 1, 6, -9, 10, 100]))
        elif choice == 3:
            m = min(12, max(1, m + draw(st.sampled_from([-1, 1]))))
        try:
            rows.append(
                (D(y, m, d) - _EPOCH).days + (draw(st.integers(-1, 1)) if choice == 4 else 0)
            )
        except ValueError:
            rows.append(None)
    return rows


@settings(max_examples=300, deadline=None)
@given(_date_rows(), st.data())
def test_date_kernel_matches_reference(rows, data):
    n = len(rows)
    flags = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    left = data.draw(st.lists(st.integers(0, n - 1), max_size=20))
    right = data.draw(st.lists(st.integers(0, n - 1), min_size=len(left), max_size=len(left)))
    days = np.array([NULL_DAYS if v is None else v for v in rows], dtype=np.int32)
    got = date_levels(left, right, days, np.array(flags))
    expected = [
        reference_date_level(rows[i], rows[j], flags[i] or flags[j])
        for i, j in zip(left, right, strict=True)
    ]
    assert got.tolist() == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nik_levels([0], [1], np.array([1, 2]), [0]), "masked must have one value per row"),
        (lambda: nik_levels([0], [2], np.array([1, 2]), [0, 0]), "right holds row indices"),
        (lambda: nik_levels([-1], [0], np.array([1, 2]), [0, 0]), "left holds row indices"),
        (lambda: nik_levels([0, 1], [0], np.array([1, 2]), [0, 0]), "same length"),
        (lambda: nik_levels([0], [0], np.array([10**16]), [0]), "16-digit"),
        (lambda: nik_levels([0], [0], np.array([-5]), [0]), "16-digit"),
        (lambda: nik_levels([0], [0], np.array([1.5]), [0]), "integers"),
        (lambda: nik_levels([0], [0], np.array(["3271"]), [0]), "integers"),
        (lambda: nik_levels([0], [0], np.array([1]), [2]), "0/1"),
        (lambda: nik_levels([0.0], [0], np.array([1]), [0]), "left must hold integers"),
        (lambda: nik_levels([[0]], [[0]], np.array([1]), [0]), "one-dimensional"),
        (lambda: date_levels([0], [0], np.array([2**40]), [0]), "int32"),
        (lambda: date_levels([0], [1], np.array([1, 2], dtype=np.int32), [0]), "placeholder"),
        (lambda: date_levels([0], [5], np.array([1], dtype=np.int32), [0]), "right holds"),
    ],
)
def test_bad_input_raises_typed_error(call, message):
    with pytest.raises(errors.InvalidParameterError, match=message):
        call()


def test_no_full_nik_in_errors():
    with pytest.raises(errors.InvalidParameterError) as caught:
        nik_levels([0], [0], np.array([32710101019000011]), [0])
    assert "32710101019000011" not in str(caught.value)


def test_comparison_labels_follow_level_codes() -> None:
    from sidalih.compare import DATE_LABELS, NIK_LABELS

    assert len(NIK_LABELS) == max(NikLevel) + 1
    assert len(DATE_LABELS) == max(DateLevel) + 1
    assert NIK_LABELS[NikLevel.SAME_EXCEPT_SERIAL] == "same except serial"
    assert NIK_LABELS[NikLevel.EXACT] == "exact"
    assert DATE_LABELS[DateLevel.EXACT_PLACEHOLDER] == "same placeholder date"
    assert DATE_LABELS[DateLevel.PLACEHOLDER_YEAR] == "placeholder in one, same year"
    assert DATE_LABELS[DateLevel.NEAR] == "one field off by one"
    assert DATE_LABELS[DateLevel.DAY_MONTH_SWAPPED] == "day and month swapped"
    assert DATE_LABELS[DateLevel.EXACT] == "exact"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["", " ", "budi", " budi", "sri", "Sri"]),
                          st.text(max_size=6)), max_size=60))
def test_equality_codes_make_the_same_groups_as_dense_codes(values: list[str | None]) -> None:
    import polars as pl

    from sidalih.compare._columns import dense_codes, equality_codes

    series = pl.Series(values, dtype=pl.String)
    fast = equality_codes(series)
    ranked = dense_codes(series)
    assert fast.dtype == np.int64
    assert ((fast < 0) == (ranked < 0)).all()
    for i in range(len(values)):
        for j in range(len(values)):
            if fast[i] >= 0 and fast[j] >= 0:
                assert (fast[i] == fast[j]) == (ranked[i] == ranked[j])


def test_nan_is_missing_and_python_objects_are_refused_by_comparisons() -> None:
    import polars as pl

    from sidalih.compare import compare_pairs, exact, string

    floats = pl.DataFrame({"f": [float("nan"), float("nan"), 1.0, None]})
    left, right = np.array([0, 0, 0]), np.array([1, 2, 3])
    # NaN is a missing value (as in blocking), never "the same" as another NaN.
    assert compare_pairs(floats, left, right, [exact("f"), string("f")]).tolist() == [[-1, -1]] * 3
    mixed = pl.DataFrame({"x": pl.Series([1, "1", 2.5, None], dtype=pl.Object)})
    with pytest.raises(errors.InputTypeError, match="'x'"):
        compare_pairs(mixed, np.array([0]), np.array([1]), [exact("x")])


def test_the_fits_near_years_are_the_kernels() -> None:
    """``same_year_u`` counts the random pairs whose years the date comparison reads as
    near; on one day and month, every pair of years 1900-2030 is near for both or for
    neither (1995/2005 too: 95/05, one digit of the two a form asks for)."""
    from sidalih.engine._fit import years_near

    years = np.arange(1900, 2031)
    a, b = np.repeat(years, years.size), np.tile(years, years.size)
    days = np.array([_days(D(int(y), 3, 5)) for y in years], dtype=np.int32)
    index = {int(y): k for k, y in enumerate(years)}
    left = np.array([index[int(y)] for y in a])
    right = np.array([index[int(y)] for y in b])
    levels = date_levels(left, right, days, np.zeros(days.size, dtype=np.bool_))
    assert np.array_equal(years_near(a, b) & (a != b), levels == DateLevel.NEAR)


def test_a_serials_first_digit_is_a_slip_unless_the_list_holds_a_run_that_long() -> None:
    """0905 / 7905 is one digit mistyped where a district's people of one birth date
    are a few (round 11, defect 1); where a list holds a thousand NIKs of one prefix
    (every voter on one placeholder date), serials a thousand apart lie in one run."""
    from sidalih import compare
    from sidalih.compare._methods import LONG_RUN

    prefix = "320437410750"
    few = pl.DataFrame({"nik": [prefix + "0905", prefix + "7905"]})
    level = compare.compare_pairs(few, np.array([0]), np.array([1]), [compare.nik()])
    assert level[0, 0] == NikLevel.ONE_SUBSTITUTION
    many = pl.DataFrame({"nik": [f"{prefix}{k:04d}" for k in range(1, LONG_RUN + 1)]
                         + [prefix + "1123"]})
    left, right = np.array([122, 122]), np.array([LONG_RUN, 1])  # 0123 / 1123, 0123 / 0002
    levels = compare.compare_pairs(many, left, right, [compare.nik()])[:, 0].tolist()
    assert levels == [NikLevel.SAME_EXCEPT_SERIAL, NikLevel.SAME_EXCEPT_SERIAL]
