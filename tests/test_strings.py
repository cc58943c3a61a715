"""Tests for sidalih.strings and the kernels in sidalih.kernels.strings."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein
from reference_strings import jaro_winkler as naive_jaro_winkler
from reference_strings import token_set as naive_token_set

from sidalih import strings
from sidalih.errors import InputTypeError, InvalidParameterError

# Small alphabets make matches, transpositions and repeats likely; the long
# strategy crosses the 64-byte word boundary of the bit-parallel paths.
short_text = st.text(alphabet="abc", max_size=10)
long_text = st.text(alphabet="ab", min_size=55, max_size=150)
any_ascii = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
texts = st.one_of(short_text, long_text, any_ascii)
names = st.lists(
    st.sampled_from(["siti", "sri", "s", "m", "muhammad", "muhamad", "nur", "aminah", "amina"]),
    max_size=5,
).map(" ".join)
columns = st.lists(st.one_of(texts, st.none()), min_size=1, max_size=12)


def all_pairs(n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    left, right = np.meshgrid(np.arange(n_a), np.arange(n_b), indexing="ij")
    return left.ravel(), right.ravel()


def encode_raw(values: Sequence[str | None]) -> strings.EncodedStrings:
    return strings.encode(pl.Series(values, dtype=pl.String), empty_is_missing=False)


# ---------------------------------------------------------------------------
# Tables of known values
# ---------------------------------------------------------------------------

JW_TABLE = [
    ("martha", "marhta", 0.9611111111111111),
    ("dwayne", "duane", 0.84),
    ("dixon", "dicksonx", 0.8133333333333332),
    ("muhammad sholeh", "muhamad soleh", 0.9425641025641026),
    ("", "", 1.0),
    ("", "a", 0.0),
    ("a", "a", 1.0),
    ("ab", "ba", 0.0),
]


@pytest.mark.parametrize(("a", "b", "expected"), JW_TABLE)
def test_jaro_winkler_table(a: str, b: str, expected: float) -> None:
    enc = encode_raw([a, b])
    assert strings.jaro_winkler(enc, enc, [0], [1])[0] == pytest.approx(expected, abs=1e-12)
    assert strings.jaro_winkler_one(a, b) == pytest.approx(expected, abs=1e-12)


EDIT_TABLE = [
    ("kitten", "sitting", 3, 3),
    ("ca", "abc", 3, 3),
    ("wahyuni", "wayhuni", 2, 1),
    ("hasan", "hassan", 1, 1),
    ("", "", 0, 0),
    ("", "budi", 4, 4),
    ("a" * 70 + "xy", "a" * 70 + "yx", 2, 1),
    ("ab" * 40, "ba" * 40, 2, 2),
]


@pytest.mark.parametrize(("a", "b", "lev", "osa"), EDIT_TABLE)
def test_edit_distance_table(a: str, b: str, lev: int, osa: int) -> None:
    assert strings.levenshtein_one(a, b) == lev
    assert strings.osa_one(a, b) == osa
    assert strings.levenshtein_one(a, b, max_dist=0) == min(lev, 1)


TOKEN_TABLE = [
    ("siti aminah", "siti nur aminah", "mean", 0.8),
    ("siti aminah", "siti nur aminah", "min", 1.0),
    ("siti aminah", "siti nur aminah", "max", 2 / 3),
    ("aminah siti", "siti aminah", "mean", 1.0),
    ("m sholeh", "muhammad sholeh", "mean", 0.95),
    ("m sholeh", "n sholeh", "mean", 0.5),
    ("budi santoso", "agus setiawan", "mean", 0.0),
    ("  siti   aminah ", "siti aminah", "mean", 1.0),
]


@pytest.mark.parametrize(("a", "b", "denominator", "expected"), TOKEN_TABLE)
def test_token_set_table(a: str, b: str, denominator: str, expected: float) -> None:
    got = strings.token_set_one(a, b, denominator=denominator)
    assert got == pytest.approx(expected, abs=1e-12)


def test_missing_sides_give_nan_and_minus_one() -> None:
    enc = strings.encode(["budi", None, "  ", "budi"])
    left, right = [0, 0, 1, 0], [1, 2, 2, 3]
    jw = strings.jaro_winkler(enc, enc, left, right)
    assert np.isnan(jw[:3]).all() and jw[3] == 1.0
    assert strings.levenshtein(enc, enc, left, right).tolist() == [-1, -1, -1, 0]
    assert strings.osa(enc, enc, left, right, max_dist=1).tolist() == [-1, -1, -1, 0]
    assert np.isnan(strings.token_set(enc, enc, left, right)[:3]).all()
    assert math.isnan(strings.jaro_winkler_one(None, "budi"))
    assert strings.osa_one("budi", None) == strings.MISSING_DISTANCE


def test_empty_strings_follow_rapidfuzz_when_not_missing() -> None:
    enc = strings.encode(["", "", "a"], empty_is_missing=False)
    assert strings.jaro_winkler(enc, enc, [0, 0], [1, 2]).tolist() == [1.0, 0.0]
    assert strings.levenshtein(enc, enc, [0, 0], [1, 2]).tolist() == [0, 1]
    assert strings.token_set(enc, enc, [0, 0], [1, 2]).tolist() == [1.0, 0.0]


# ---------------------------------------------------------------------------
# Property tests against rapidfuzz and the naive references
# ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    columns,
    columns,
    st.sampled_from([0.0, 0.5, 0.7, 0.8, 0.9, 0.95]),
    st.sampled_from([0.0, 0.1, 0.25]),
)
def test_jaro_winkler_matches_rapidfuzz(
    col_a: list[str | None], col_b: list[str | None], cutoff: float, weight: float
) -> None:
    left, right = all_pairs(len(col_a), len(col_b))
    got = strings.jaro_winkler(
        encode_raw(col_a), encode_raw(col_b), left, right, prefix_weight=weight, score_cutoff=cutoff
    )
    for k, (i, j) in enumerate(zip(left, right, strict=True)):
        a, b = col_a[i], col_b[j]
        if a is None or b is None:
            assert math.isnan(got[k])
            continue
        full = JaroWinkler.similarity(a, b, prefix_weight=weight)
        assert naive_jaro_winkler(a, b, prefix_weight=weight) == pytest.approx(full, abs=1e-9)
        if abs(full - cutoff) < 1e-9:
            continue  # on the boundary rounding decides; both answers are right
        expected = full if full >= cutoff else 0.0
        assert got[k] == pytest.approx(expected, abs=1e-9), (a, b)


@settings(max_examples=100, deadline=None)
@given(
    columns,
    columns,
    st.randoms(use_true_random=False),
    st.sampled_from([0.0, 0.8, 0.95]),
)
def test_jaro_winkler_does_not_depend_on_pair_order(
    col_a: list[str | None], col_b: list[str | None], rng: Any, cutoff: float
) -> None:
    # Sorted by left row, a row's pattern table is reused; shuffled, it is rebuilt
    # per pair, and long rows (> 64 bytes) free the table between short ones.
    left, right = all_pairs(len(col_a), len(col_b))
    order = list(range(left.size))
    rng.shuffle(order)
    enc_a, enc_b = encode_raw(col_a), encode_raw(col_b)
    sorted_scores = strings.jaro_winkler(enc_a, enc_b, left, right, score_cutoff=cutoff)
    shuffled = strings.jaro_winkler(enc_a, enc_b, left[order], right[order], score_cutoff=cutoff)
    assert np.array_equal(shuffled, sorted_scores[order], equal_nan=True)
    for k in range(left.size):
        a, b = col_a[left[k]], col_b[right[k]]
        if a is not None and b is not None and cutoff == 0.0:
            assert sorted_scores[k] == pytest.approx(JaroWinkler.similarity(a, b), abs=1e-9)


def test_long_and_short_left_rows_interleaved() -> None:
    # A left row over 64 bytes between repeats of a short one: the short row's table
    # must be rebuilt, not reused stale.
    values = ["ab" * 40, "abcab", "b" * 70, "cabba", "a" * 66]
    enc = encode_raw(values)
    left = np.array([1, 0, 1, 2, 1, 3, 0, 3, 4, 4])
    right = np.array([3, 1, 0, 4, 2, 1, 3, 0, 2, 1])
    got = strings.jaro_winkler(enc, enc, left, right)
    expected = [
        JaroWinkler.similarity(values[i], values[j]) for i, j in zip(left, right, strict=True)
    ]
    assert got.tolist() == pytest.approx(expected, abs=1e-12)


def _at_page_offset(target: str, page_offset: int, after: str) -> strings.EncodedStrings:
    """A column whose row 1 (``target``) starts ``page_offset`` bytes into a 4 KiB page,
    followed by ``after`` (bytes a kernel reading past the row must ignore)."""
    data = np.zeros(3 * 4096 + 256, dtype=np.uint8)
    lead = (page_offset - data.ctypes.data) % 4096 + 4096
    body = ("z" * lead + target + after).encode()
    data[: len(body)] = np.frombuffer(body, dtype=np.uint8)
    offsets = np.array([0, lead, lead + len(target), len(body)], dtype=np.int64)
    return strings.EncodedStrings(offsets, data, np.ones(3, dtype=bool))


@pytest.mark.parametrize("target", ["siti", "muhammad sholeh", "a" * 40, "nur" * 21 + "a"])
def test_a_pattern_at_the_end_of_a_page_is_read_correctly(target: str) -> None:
    # The shorter string is compared 32 / 64 bytes at a time in place, or through a
    # table when that read would cross a page: both must ignore the bytes past it.
    texts = ["sitti " + target, target[::-1] + "x" * 3, target + "h" * 30]
    other = encode_raw(texts)
    zeros = np.zeros(len(texts), dtype=np.int64)
    for page_offset in [*range(4096 - 80, 4096), 0, 17]:
        column = _at_page_offset(target, page_offset, after=target * 3)
        for left, right in ((zeros + 1, np.arange(len(texts))), (np.arange(len(texts)), zeros + 1)):
            a, b = (column, other) if left[0] == 1 else (other, column)
            got = strings.jaro_winkler(a, b, left, right)
            expected = [JaroWinkler.similarity(target, t) for t in texts]
            assert got.tolist() == pytest.approx(expected, abs=1e-12), page_offset


def _before_a_guard_page(values: Sequence[str]) -> tuple[strings.EncodedStrings, Any]:
    """A column whose bytes end exactly where an unreadable page begins (a read past
    the buffer crashes the process), and the mapping to keep alive while it is used."""
    import ctypes
    import mmap

    body = "".join(values).encode()
    page = mmap.PAGESIZE
    assert len(body) <= page
    pages = mmap.mmap(-1, 2 * page)
    start = ctypes.addressof(ctypes.c_char.from_buffer(pages))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    assert libc.mprotect(start + page, page, 0) == 0  # PROT_NONE
    pages[page - len(body) : page] = body
    data = np.frombuffer(pages, dtype=np.uint8, count=len(body), offset=page - len(body))
    lengths = [len(v.encode()) for v in values]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return strings.EncodedStrings(offsets, data, np.ones(len(values), dtype=bool)), pages


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs mmap + mprotect (Linux)")
def test_no_kernel_reads_past_the_last_string() -> None:
    # The vector reads (32 / 64 bytes at a pattern, 32 at both strings for the
    # common prefix) must stay within the page of a non-empty string, and an empty
    # string at the end points at the unreadable page itself.
    values = ["muhammad sholeh", "a" * 40, "nur" * 11, "siti", "sitti", "s", "a" * 40, ""]
    column, pages = _before_a_guard_page(values)
    left, right = all_pairs(len(values), len(values))
    expected = [JaroWinkler.similarity(values[i], values[j]) for i, j in zip(left, right, strict=True)]
    for cutoff in (0.0, 0.9):
        got = strings.jaro_winkler(column, column, left, right, score_cutoff=cutoff)
        want = [e if e >= cutoff else 0.0 for e in expected]
        assert got.tolist() == pytest.approx(want, abs=1e-12)
    assert strings.levenshtein(column, column, left, right).tolist() == [
        Levenshtein.distance(values[i], values[j]) for i, j in zip(left, right, strict=True)
    ]
    strings.token_set(column, column, left, right)
    del column
    pages.close()


@pytest.mark.parametrize("page_offset", [*range(4096 - 40, 4096, 3), 0])
def test_the_common_prefix_ignores_the_bytes_past_both_strings(page_offset: int) -> None:
    # Equality and the Winkler prefix come from one 32-byte compare of both strings;
    # the bytes after them are equal here, and must not make unequal strings equal.
    base = "nur" * 11 + "ab"
    pairs = [
        (base, base),
        (base[:32], base[:32]),
        (base[:32] + "q" + base[33:], base),
        (base[:-1], base),
        (base[:33], base[:34]),
        ("siti", "sita"),
        ("sit", "siti"),
        ("sit", "sitz"),  # the byte past "sit" equals the fourth of "sitz": prefix 3, not 4
        ("s", "sz"),
        ("s", "s"),
        (base[:10] + "x" + base[11:], base),
    ]
    for a, b in pairs:
        col_a = _at_page_offset(a, page_offset, after="z" * 80)
        col_b = _at_page_offset(b, (page_offset + 7) % 4096, after="z" * 80)
        for x, y, first, second in ((col_a, col_b, a, b), (col_b, col_a, b, a)):
            got = strings.jaro_winkler(x, y, [1], [1])[0]
            assert got == pytest.approx(JaroWinkler.similarity(first, second), abs=1e-12), (a, b)


def test_unsigned_and_huge_indices() -> None:
    enc = encode_raw(["siti", "sri"])
    got = strings.jaro_winkler(enc, enc, np.array([0], np.uint64), np.array([1], np.uint8))
    assert got.tolist() == pytest.approx([JaroWinkler.similarity("siti", "sri")])
    with pytest.raises(InvalidParameterError, match="pair rows 1"):
        strings.jaro_winkler(enc, enc, np.array([0, 2**63], np.uint64), np.array([1, 0]))


@settings(max_examples=150, deadline=None)
@given(columns, columns, st.sampled_from([None, 0, 1, 2, 3, 8, 70]))
def test_edit_distances_match_rapidfuzz(
    col_a: list[str | None], col_b: list[str | None], max_dist: int | None
) -> None:
    left, right = all_pairs(len(col_a), len(col_b))
    enc_a, enc_b = encode_raw(col_a), encode_raw(col_b)
    lev = strings.levenshtein(enc_a, enc_b, left, right, max_dist=max_dist)
    osa = strings.osa(enc_a, enc_b, left, right, max_dist=max_dist)
    assert lev.dtype == np.int32 and osa.dtype == np.int32
    for k, (i, j) in enumerate(zip(left, right, strict=True)):
        a, b = col_a[i], col_b[j]
        if a is None or b is None:
            assert lev[k] == -1 and osa[k] == -1
            continue
        assert lev[k] == Levenshtein.distance(a, b, score_cutoff=max_dist), (a, b)
        assert osa[k] == OSA.distance(a, b, score_cutoff=max_dist), (a, b)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(names, texts, st.none()), min_size=1, max_size=8),
    st.lists(
        st.one_of(names, st.text(alphabet="ab ", max_size=20), st.none()), min_size=1, max_size=8
    ),
    st.sampled_from(["mean", "min", "max"]),
    st.sampled_from([0.0, 0.7, 0.85]),
    st.sampled_from([0.0, 0.6]),
    st.sampled_from([1, 3, 32]),
)
def test_token_set_matches_reference(
    col_a: list[str | None],
    col_b: list[str | None],
    denominator: str,
    token_cutoff: float,
    score_cutoff: float,
    max_tokens: int,
) -> None:
    left, right = all_pairs(len(col_a), len(col_b))
    options: dict[str, Any] = dict(
        denominator=denominator,
        token_cutoff=token_cutoff,
        initial_score=0.9,
        max_tokens=max_tokens,
    )
    got = strings.token_set(
        encode_raw(col_a), encode_raw(col_b), left, right, score_cutoff=score_cutoff, **options
    )
    for k, (i, j) in enumerate(zip(left, right, strict=True)):
        a, b = col_a[i], col_b[j]
        if a is None or b is None:
            assert math.isnan(got[k])
            continue
        full = naive_token_set(a, b, **options)
        assert 0.0 <= got[k] <= 1.0
        if abs(full - score_cutoff) < 1e-9:
            continue
        assert got[k] == pytest.approx(full if full >= score_cutoff else 0.0, abs=1e-9), (a, b)


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=2, max_size=6))
def test_token_set_ignores_token_order(values: list[str]) -> None:
    shuffled = [" ".join(reversed(v.split(" "))) for v in values]
    left, right = all_pairs(len(values), len(values))
    forward = strings.token_set(encode_raw(values), encode_raw(values), left, right)
    mixed = strings.token_set(encode_raw(values), encode_raw(shuffled), left, right)
    # Equal tokens score 1.0 and are paired first, so order cannot matter.
    assert np.allclose(np.diag(forward.reshape(len(values), -1)), 1.0)
    assert np.allclose(np.diag(mixed.reshape(len(values), -1)), 1.0)


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


def test_encode_accepts_polars_pandas_pyarrow_and_lists() -> None:
    values = ["siti", None, "", "budi santoso"]
    expected_valid = [True, False, False, True]
    for given_values in (
        values,
        pl.Series(values),
        pd.Series(values, dtype=object),
        pa.array(values),
        np.array(values, dtype=object),
    ):
        enc = strings.encode(given_values)
        assert enc.valid.tolist() == expected_valid
        assert bytes(enc.data[enc.offsets[3] : enc.offsets[4]]) == b"budi santoso"


def test_encode_accepts_categoricals() -> None:
    enc = strings.encode(pl.Series(["sri", None, "sri"], dtype=pl.Categorical))
    assert enc.valid.tolist() == [True, False, True]
    assert strings.levenshtein(enc, enc, [0], [2]).tolist() == [0]


def test_encode_handles_sliced_and_chunked_columns() -> None:
    sliced = pa.array(["x", "yy", "zzz", "wwww"]).slice(1, 2)
    enc = strings.encode(sliced)
    assert [bytes(enc.data[enc.offsets[i] : enc.offsets[i + 1]]) for i in range(2)] == [
        b"yy",
        b"zzz",
    ]
    chunked = pl.concat([pl.Series(["ab", "cd"]), pl.Series(["ef"])], rechunk=False)
    enc = strings.encode(chunked)
    assert strings.levenshtein(enc, enc, [0, 1], [2, 2]).tolist() == [2, 2]


def test_encode_all_missing_and_empty_columns() -> None:
    enc = strings.encode([None, None])
    assert enc.valid.tolist() == [False, False]
    assert np.isnan(strings.jaro_winkler(enc, enc, [0], [1])).all()
    empty = strings.encode([])
    assert len(empty) == 0
    assert strings.jaro_winkler(empty, empty, [], []).shape == (0,)


def test_encoded_arrays_are_read_only() -> None:
    enc = strings.encode(["abc"])
    with pytest.raises(ValueError):
        enc.data[0] = 0


def test_changing_the_callers_offsets_later_cannot_reach_the_kernels() -> None:
    # The kernels trust the offsets checked on construction: a caller's writable array
    # is copied, so writing to it afterwards changes nothing (it used to crash them).
    offsets = np.array([0, 3], dtype=np.int64)
    enc = strings.EncodedStrings(offsets, np.frombuffer(b"abc", np.uint8).copy(), np.ones(1, bool))
    offsets[1] = 1 << 40
    assert enc.offsets.tolist() == [0, 3]
    assert strings.levenshtein(enc, enc, [0], [0]).tolist() == [0]
    # encode's own offsets live in a read-only Arrow buffer: no copy needed.
    arrow_backed = strings.encode(["abc", "de"])
    assert not arrow_backed.offsets.flags.owndata


def test_strided_arrays_are_accepted_by_every_kernel() -> None:
    data = np.frombuffer(b"aXbXcX", np.uint8)[::2]  # b"abc", every other byte
    enc = strings.EncodedStrings(np.array([0, 1, 2, 3], np.int64), data, np.ones(3, bool))
    other = strings.encode(["a"])
    left, right = [0, 1, 2], [0, 0, 0]
    assert strings.jaro_winkler(enc, other, left, right).tolist() == [1.0, 0.0, 0.0]
    assert strings.levenshtein(enc, other, left, right).tolist() == [0, 1, 1]
    assert strings.token_set(enc, other, left, right)[0] == 1.0


def test_a_single_value_array_is_not_split_into_characters() -> None:
    with pytest.raises(InputTypeError, match="1-D"):
        strings.encode(np.array("budi"))
    with pytest.raises(InputTypeError, match="1-D"):
        strings.encode(np.array([["budi", "sri"]]))


def test_non_ascii_is_compared_byte_by_byte() -> None:
    # "é" is two bytes in UTF-8, so one substituted letter is two byte edits.
    assert strings.levenshtein_one("rene", "rené") == 2
    assert strings.levenshtein_one("rené", "rené") == 0


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.fixture
def enc() -> strings.EncodedStrings:
    return strings.encode(["budi", "sri", "siti"])


@pytest.mark.parametrize(
    ("left", "right", "message"),
    [
        ([0, 3], [0, 1], "left_idx holds positions outside 0..2 at pair rows 1"),
        ([0, -1, -2], [0, 1, 2], "pair rows 1, 2"),
        ([0], [5], "right_idx"),
        ([0.0], [1], "integers"),
        ([[0]], [[1]], "1-D"),
        ([0, 1], [1], "same length"),
        ([True], [False], "integers"),
    ],
)
def test_bad_indices_raise(
    enc: strings.EncodedStrings, left: object, right: object, message: str
) -> None:
    for scorer in (strings.jaro_winkler, strings.levenshtein, strings.osa, strings.token_set):
        with pytest.raises(InvalidParameterError, match=message):
            scorer(enc, enc, left, right)


@pytest.mark.parametrize(
    ("scorer", "options", "message"),
    [
        (strings.jaro_winkler, {"prefix_weight": 0.3}, "prefix_weight"),
        (strings.jaro_winkler, {"score_cutoff": 1.5}, "score_cutoff"),
        (strings.jaro_winkler, {"score_cutoff": float("nan")}, "score_cutoff"),
        (strings.jaro_winkler, {"score_cutoff": "0.5"}, "score_cutoff must be a number"),
        (strings.levenshtein, {"max_dist": -1}, "max_dist"),
        (strings.levenshtein, {"max_dist": True}, "max_dist"),
        (strings.osa, {"max_dist": 1.5}, "max_dist"),
        (strings.token_set, {"denominator": "avg"}, "denominator"),
        (strings.token_set, {"denominator": ["min"]}, "denominator"),
        (strings.jaro_winkler, {"prefix_weight": np.bool_(True)}, "prefix_weight"),
        (strings.token_set, {"max_tokens": 0}, "max_tokens"),
        (strings.token_set, {"initial_score": 0.0}, "initial_score"),
        (strings.token_set, {"token_cutoff": -0.1}, "token_cutoff"),
    ],
)
def test_bad_options_raise(
    enc: strings.EncodedStrings, scorer: object, options: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        scorer(enc, enc, [0], [1], **options)  # type: ignore[operator]


def test_bad_columns_raise() -> None:
    with pytest.raises(InputTypeError, match="strings"):
        strings.encode(pl.Series([1, 2]))
    with pytest.raises(InputTypeError):
        strings.encode("budi")
    with pytest.raises(InputTypeError, match="a:"):
        strings.jaro_winkler([1, 2], ["a"], [0], [0])
    with pytest.raises(InputTypeError):
        strings.jaro_winkler_one(1, "a")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="Unicode"):
        strings.jaro_winkler_one("\ud800", "a")


def test_numpy_scalars_are_accepted_as_options() -> None:
    enc = strings.encode(["budi", "sri"])
    expected = strings.jaro_winkler(enc, enc, [0], [1], prefix_weight=0.125)
    got = strings.jaro_winkler(enc, enc, [0], [1], prefix_weight=np.float64(0.125))
    assert got.tolist() == expected.tolist()
    got = strings.token_set(enc, enc, [0], [1], max_tokens=np.int64(3))
    assert got.tolist() == strings.token_set(enc, enc, [0], [1], max_tokens=3).tolist()


@pytest.mark.parametrize(
    ("offsets", "data", "valid"),
    [
        ([0, 5], b"abc", [True]),
        ([0, 2, 1], b"abc", [True, True]),
        ([0, 1], b"abc", [True, True]),
        ([-1, 1], b"abc", [True]),
    ],
)
def test_inconsistent_encoded_strings_rejected(
    offsets: list[int], data: bytes, valid: list[bool]
) -> None:
    with pytest.raises(InvalidParameterError, match="EncodedStrings"):
        strings.EncodedStrings(
            np.array(offsets, dtype=np.int64), np.frombuffer(data, np.uint8), np.array(valid)
        )
    with pytest.raises(InvalidParameterError, match="int64"):
        strings.EncodedStrings(
            np.array([0, 1], dtype=np.int32), np.frombuffer(b"a", np.uint8), np.array([True])
        )
