"""Fast look-ups (issue 20): the few-rows paths of prepare and of the comparisons' arrays.

Preparing one record for a look-up ran a dozen polars queries for every word never seen
before (the token table) and built list columns only to read them back; the NIK and
date comparisons read a handful of rows through several polars calls each. Each of the
Python paths that replace them is held here to the general path, value for value, on
random and odd inputs, with the general path forced by its threshold:

- :func:`sidalih.names._phonetic.key_of` against :func:`key_series`;
- the Python token rows (``_tokens._pieces_py``) against :func:`token_table`;
- :func:`sidalih.names._normalise.parse_few` against the polars parse, and the
  prepared name columns of a few names against the general path;
- the NIK and date arrays of a few prepared rows against the polars reads;
- the two-level membership test of ``compare/_nik_date.py`` against ``np.isin``.

The structural tests at the end (new words run no token table, a few names build no
list column, a few prepared rows run no polars fill) fail on the code before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

import sidalih.compare._nik_date as nik_date
import sidalih.compare._prepare_support as support
import sidalih.names._normalise as name_parse
import sidalih.names._tokens as name_tokens
import sidalih.prepare as prepare_module
from sidalih.kernels.levels import DateLevel, NikLevel
from sidalih.names._phonetic import key_of, key_series
from sidalih.synth import voters

SYNTH = voters(300, seed=5).voters
WORDS = ["I", "Md", "Made", "Ni", "bin", "binti", "H.", "Hj.", "Dr.", "S.Pd.", "S.E.", "M.M.",
         ",", "Moh.", "Muhammad", "Mochammad", "Abd.", "A.", "B", "Anak", "Agung", "Ida",
         "Bagus", "Gusti", "Andi", "Tjipto", "Soekarno", "Djojo", "Nj.", "Njoman", "Sjahrir",
         "Chairul", "Tjhoe", "x.y.z", "S. Pd", "SE", "MM", "Wyn", "Kt", "Ahmad", "Hassan",
         "Yakub", "Dzikri", "Khadijah", "Rifqi", "Zaenal", "Sholeh", "ndjndj", "oeoe"]  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Letters the folds and key rules act on, so random words hit every rule.
_RULED = "aeioujdtschknyzgpfvqxbmlr"


def _token() -> st.SearchStrategy[str]:
    """Raw tokens as the tokeniser cuts them: a letter, then letters and dots; a comma."""
    tail = st.text(alphabet=_RULED + "..", max_size=14)
    return st.one_of(
        st.builds(lambda a, b: a + b, st.sampled_from(_LETTERS), tail),
        st.sampled_from([w.lower() for w in WORDS if w[0].isalpha()] + [",", "made", "..x"]),
    )


def _names() -> st.SearchStrategy[list[str | None]]:
    return st.lists(st.one_of(
        st.none(), st.sampled_from(SYNTH["nama"].to_list()),
        st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
        st.text(alphabet=_LETTERS + _LETTERS.upper() + " .,'-", max_size=30),
        st.text(max_size=20),
    ), max_size=12)  # fmt: skip


# --------------------------------------------------------------------------- names


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet=_RULED + ",", min_size=1, max_size=16), max_size=20))
def test_python_key_equals_the_polars_key(words: list[str]) -> None:
    want = key_series(pl.Series(words, dtype=pl.String)).to_list()
    assert [key_of(w) for w in words] == want


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(_token(), min_size=1, max_size=30, unique=True))
def test_python_token_rows_equal_the_token_table(tokens: list[str]) -> None:
    table = name_tokens.token_table(pl.Series(tokens, dtype=pl.String))
    want: list[list[tuple[Any, ...]]] = [[] for _ in tokens]
    for tid, _, *row in table.iter_rows():
        want[tid].append(tuple(row))
    assert [list(name_tokens._pieces_py(t)) for t in tokens] == want


@settings(max_examples=100, deadline=None)
@given(tokens=st.lists(_token(), max_size=30))
def test_new_tokens_get_the_token_table_rows(tokens: list[str]) -> None:
    """Through the memo (cleared, so every token is new) as a look-up reads them."""
    raw = pl.Series(tokens, dtype=pl.String)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_tokens, "_MEMO", {})
        fast = name_tokens.cached_token_table(raw)
    assert_frame_equal(fast, name_tokens.token_table(raw))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=_names())
def test_few_names_parse_equals_the_polars_parse(names: list[str | None]) -> None:
    values = pl.Series("nama", names, dtype=pl.String)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_tokens, "_MEMO", {})
        patch.setattr(name_parse, "_KEY_MEMO", {})
        fast = name_parse.parse_polars(values)
        prepared = prepare_module._name_columns(values)
    with pytest.MonkeyPatch.context() as patch:
        for module, name in ((name_parse, "SMALL_ROWS"), (name_parse, "SMALL_TOKENS"),
                             (name_tokens, "SMALL_TOKENS"), (name_tokens, "SMALL_PIECES"),
                             (prepare_module, "_SMALL_ROWS")):  # fmt: skip
            patch.setattr(module, name, -1)
        slow = name_parse.parse_polars(values)
        want = prepare_module._name_columns(values)
    assert_frame_equal(fast, slow)
    assert list(prepared) == list(want)
    for column in want:
        assert_series_equal(prepared[column], want[column], check_names=False)


def test_parse_few_leaves_what_polars_decides_to_polars() -> None:
    assert name_parse.parse_few(["José"], ["nama_norm"]) is None  # NFKD fold
    assert name_parse.parse_few(["D O D I"], ["nama_norm"]) is None  # letters one by one
    assert name_parse.parse_few(["a"] * (name_parse.SMALL_ROWS + 1), ["nama_norm"]) is None
    assert name_parse.parse_few(["Moh. Sholeh"], ["phonetic_key"]) == {"phonetic_key": ["sale"]}


# --------------------------------------------------------------- NIK and date arrays

_INT64 = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1),
                   st.integers(0, 10**12), st.integers(0, 10**16))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(_INT64, _INT64), max_size=20))
def test_few_nik_arrays_equal_the_polars_read(rows: list[tuple[int | None, int | None]]) -> None:
    """Any Int64 values, overflowing products included (left to the polars path)."""
    frame = pl.DataFrame({"nik": [None] * len(rows), "nik_value": [r[0] for r in rows],
                          "nik_masked12_value": [r[1] for r in rows]},
                         schema={"nik": pl.String, "nik_value": pl.Int64,
                                 "nik_masked12_value": pl.Int64})  # fmt: skip
    values, masked = support.nik_arrays_of(frame, "nik")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(support, "SMALL_ROWS", -1)
        want_values, want_masked = support.nik_arrays_of(frame, "nik")
    assert values.dtype == want_values.dtype and masked.dtype == want_masked.dtype
    assert values.tolist() == want_values.tolist() and masked.tolist() == want_masked.tolist()


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.integers(-(2**31) + 1, 2**31 - 1),
                                         st.integers(-30_000, 80_000)),
                               st.one_of(st.none(), st.booleans())), max_size=20))  # fmt: skip
def test_few_date_arrays_equal_the_polars_read(rows: list[tuple[int | None, bool | None]]) -> None:
    """Day numbers of any Date (outside Python's calendar too) and a nullable flag."""
    frame = pl.DataFrame({"tanggal_lahir": [r[0] for r in rows],
                          "tgl_placeholder": [r[1] for r in rows]},
                         schema={"tanggal_lahir": pl.Int32, "tgl_placeholder": pl.Boolean}
                         ).with_columns(pl.col("tanggal_lahir").cast(pl.Date))  # fmt: skip
    days, flags = support.date_arrays_of(frame, "tanggal_lahir")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(support, "SMALL_ROWS", -1)
        want_days, want_flags = support.date_arrays_of(frame, "tanggal_lahir")
    assert days.dtype == want_days.dtype and flags.dtype == want_flags.dtype
    assert days.tolist() == want_days.tolist() and flags.tolist() == want_flags.tolist()


def test_prepared_rows_read_the_same_on_both_paths() -> None:
    """Real prepared rows (masked, placeholder, voided and missing NIKs and dates)."""
    frame = SYNTH.head(40).with_columns(
        nik=pl.Series(["327101150895****", "1111111111111111", "", None, "x"] * 6
                      + SYNTH["nik"].head(10).to_list()),
        tanggal_lahir=pl.Series(["01-07-1980", "31-02-1980", None, "01-01-1990"] * 10),
    )  # fmt: skip
    prepared = prepare_module.prepare(frame, reference_date=dt.date(2029, 2, 14))
    fast = (support.nik_arrays_of(prepared, "nik"),
            support.date_arrays_of(prepared, "tanggal_lahir"))  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(support, "SMALL_ROWS", -1)
        slow = (support.nik_arrays_of(prepared, "nik"),
                support.date_arrays_of(prepared, "tanggal_lahir"))  # fmt: skip
    for got, want in zip(fast, slow, strict=True):
        for a, b in zip(got, want, strict=True):
            assert a.dtype == b.dtype and a.tolist() == b.tolist()
    assert fast[0][1].any() and fast[1][1].any()  # masked NIKs and placeholder dates seen


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(-3, 9), max_size=50),
       dtype=st.sampled_from([np.int8, np.int16, np.int64]))  # fmt: skip
def test_one_of_two_levels_equals_isin(values: list[int], dtype: Any) -> None:
    array = np.array(values, dtype=dtype)
    for levels in ((DateLevel.EXACT, DateLevel.EXACT_PLACEHOLDER),
                   (NikLevel.ONE_SUBSTITUTION, NikLevel.TRANSPOSITION)):  # fmt: skip
        got = nik_date._one_of(array, levels)
        assert got.dtype == np.bool_
        assert got.tolist() == np.isin(array, levels).tolist()


# ----------------------------------------------------- what the few-rows paths leave out


def _refuse(*_: Any, **__: Any) -> Any:
    raise AssertionError("a few-rows path ran the per-call polars work")


def test_new_words_build_no_token_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(name_tokens, "_MEMO", {})
    monkeypatch.setattr(name_parse, "_KEY_MEMO", {})
    monkeypatch.setattr(name_tokens, "token_table", _refuse)
    out = prepare_module._name_columns(pl.Series(["Dr. H. Moch. Soekarno, S.H.", "Ni Wyn Ayu"]))
    assert out["nama_norm"].to_list() == ["muhammad sukarno", "ni wayan ayu"]
    assert out["nama_first_key"].to_list() == ["sukarna", "aiu"]


def test_a_few_names_build_no_list_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(name_parse, "_series", _refuse)
    out = prepare_module._name_columns(pl.Series(["I Md. Suta bin Wayan, S.Pd.", None]))
    assert out["nama_key"].to_list() == ["madesuta", None]  # the words run together


def test_a_few_prepared_rows_run_no_polars_fill(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare_module.prepare(SYNTH.head(3), reference_date=dt.date(2029, 2, 14))
    monkeypatch.setattr(pl.Series, "fill_null", _refuse)
    support.nik_arrays_of(prepared, "nik")
    support.date_arrays_of(prepared, "tanggal_lahir")


def test_two_levels_run_no_isin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(np, "isin", _refuse)
    assert nik_date._one_of(np.array([0, 3, 5], dtype=np.int8), (3, 5)).tolist() == [
        False, True, True]
