"""Fast look-ups (issue 20): the small-frame paths give what the general paths give.

A registry look-up compares one record with a few dozen, so the arrays of a short text
column are built from its Python values (``compare/_columns.py``), a few pairs' reasons
are worded one by one (``engine/_reasons.py``), a query's key hashes of every index
level come from one frame operation and the best pairs are ordered with numpy
(``registry/``). Each is held here to the general path, value for value; the general
paths are forced by setting the thresholds below every size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sidalih.compare._columns as columns
import sidalih.engine._reasons as reasons_module
import sidalih.registry._index as index_module
from sidalih import compare
from sidalih.blocking import block_on
from sidalih.compare import ColumnCache, compare_pairs
from sidalih.compare._columns import dense_codes, equality_codes
from sidalih.engine._judgement import VERDICTS
from sidalih.engine._reasons import reasons
from sidalih.registry import Registry
from sidalih.registry._index import KeyIndex, rule_hashes
from sidalih.registry._registry import _best
from sidalih.synth import voters

ELECTION = "2029-02-14"

# Every character polars strips (Rust's White_Space) and the four Python also strips
# (U+001C..U+001F), beside letters, digits, accents and wide characters.
_SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
_ALPHABET = _SPACES + "\x1c\x1d\x1e\x1f" + "aAb1 2é日\u200b."
_texts = st.lists(st.one_of(st.none(), st.text(alphabet=_ALPHABET, max_size=6)), max_size=40)


def _general(monkeypatch: pytest.MonkeyPatch, call: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
    """``call(*args, **kwargs)`` with every small-frame path off (the general paths'
    arrays, words and hashes)."""
    with monkeypatch.context() as m:
        m.setattr(columns, "SMALL_ROWS", -1)
        m.setattr(reasons_module, "SMALL_PAIRS", -1)
        m.setattr(index_module, "_FEW", -1)
        return call(*args, **kwargs)


def _rows(encoded: Any) -> list[bytes | None]:
    return [bytes(encoded.data[encoded.offsets[i]:encoded.offsets[i + 1]])
            if encoded.valid[i] else None for i in range(len(encoded))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=_texts, lengths=st.sampled_from([(1,), (1, 2), (2, 4, 6)]))
def test_short_text_arrays_equal_the_polars_path(values: list[str | None],
                                                 lengths: tuple[int, ...]) -> None:
    series = pl.Series("c", values, dtype=pl.String)
    small = ColumnCache(series.to_frame())
    with pytest.MonkeyPatch.context() as m:
        m.setattr(columns, "SMALL_ROWS", -1)
        want_codes, want_dense = equality_codes(series), dense_codes(series)
        big = ColumnCache(series.to_frame())
        want_prefix, want_strings = big.prefix_codes("c", lengths), big.strings("c")
    # the same values, not only the same equalities: model fitting draws random pairs
    # by code (engine/_fit.py), so a small list must get the codes a large one would
    assert equality_codes(series).tolist() == want_codes.tolist()
    assert dense_codes(series).tolist() == want_dense.tolist()
    assert small.codes("c").tolist() == want_codes.tolist()
    assert small.prefix_codes("c", lengths).tolist() == want_prefix.tolist()
    got = small.strings("c")
    assert got.valid.tolist() == want_strings.valid.tolist()
    assert _rows(got) == _rows(want_strings)
    assert got.offsets.dtype == np.int64 and got.data.dtype == np.uint8


def test_short_text_paths_strip_what_polars_strips() -> None:
    # U+001C is no whitespace to polars (Python's str.strip() would strip it)
    series = pl.Series(["\x1c", " a\u3000", "a", "\x1ca"])
    assert equality_codes(series).tolist() == [0, 1, 1, 2]
    assert dense_codes(series).tolist() == [0, 2, 2, 1]  # "\x1c" < "\x1ca" < "a"
    cache = ColumnCache(series.to_frame("c"))
    assert cache.strings("c").valid.tolist() == [True, True, True, True]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(["id", "en"]))
def test_few_reasons_equal_the_pattern_path(data: st.DataObject, lang: str) -> None:
    comparisons = [compare.nik(), compare.name(), compare.exact("nkk"),
                   compare.code_prefix("kode_desa", lengths=(4, 6, 10))]
    n = data.draw(st.integers(0, 12))
    gamma = np.array([[data.draw(st.integers(-1, c.n_levels - 1)) for c in comparisons]
                      for _ in range(n)], dtype=np.int8).reshape(n, len(comparisons))
    weight = st.one_of(
        st.floats(-40, 40), st.sampled_from([0.0, -0.0, 0.05, -0.05, 0.25, 2.45, -7.95]),
        st.floats(allow_nan=True, allow_infinity=True, width=32))
    contributions = np.array([[data.draw(weight) for _ in comparisons] for _ in range(n)],
                             dtype=np.float64).reshape(n, len(comparisons))
    verdicts = [data.draw(st.sampled_from(VERDICTS)) for _ in range(n)]
    got = reasons(gamma, contributions, comparisons, verdicts, lang=lang)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(reasons_module, "SMALL_PAIRS", -1)
        want = reasons(gamma, contributions, comparisons, verdicts, lang=lang)
    assert got.name == want.name and got.dtype == want.dtype
    assert got.to_list() == want.to_list()


@settings(max_examples=200, deadline=None)
@given(data=st.data(), top=st.integers(1, 4))
def test_best_pairs_in_the_order_polars_sorts(data: st.DataObject, top: int) -> None:
    n = data.draw(st.integers(0, 30))
    q = np.sort(np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)),
                         dtype=np.int64))
    r = np.array(data.draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n,
                                    unique=True)), dtype=np.int64)
    w = np.array(data.draw(st.lists(st.one_of(st.sampled_from([-1.5, 0.0, -0.0, 2.25]),
                                              st.floats(allow_nan=True)),
                                    min_size=n, max_size=n)), dtype=np.float64)
    want = pl.DataFrame({"q": q, "r": r, "w": w, "k": np.arange(n)}).sort(
        ["q", "w", "r"], descending=[False, True, False]).group_by(
        "q", maintain_order=True).head(top)["k"].to_list()
    assert _best(q, r, w, top).tolist() == want
    finite = np.nan_to_num(w, nan=1.0, posinf=3.0, neginf=-3.0) + 0.5 * (w == 0)
    want = pl.DataFrame({"q": q, "r": r, "w": finite, "k": np.arange(n)}).sort(
        ["q", "w", "r"], descending=[False, True, False]).group_by(
        "q", maintain_order=True).head(top)["k"].to_list()
    assert _best(q, r, finite, top).tolist() == want


def test_every_level_hashes_equal_level_by_level() -> None:
    rows = pl.DataFrame({"a": ["x"] * 6 + ["y", None], "b": ["p", "p", "q", "q", "r", None,
                                                             "p", "p"],
                         "c": [1, 2, 1, 1, 2, 2, 1, 1]})
    rules = [block_on("a", refine_with=["b", "c"]), block_on("b", refine_with=["c"])]
    index = KeyIndex(rows, np.arange(rows.height), rules, bound=1)
    assert [len(levels) for levels in index.levels] == [3, 2]  # refined twice, once
    queries = rows.with_columns(pl.col("c").reverse())
    for stop in range(1, rows.height + 1):
        frame = queries[:stop]
        q, r = index.candidates(frame)  # small: every level hashed at once
        with pytest.MonkeyPatch.context() as m:
            m.setattr(index_module, "_FEW", -1)
            want_q, want_r = index.candidates(frame)
        assert q.tolist() == want_q.tolist() and r.tolist() == want_r.tolist()


_keys = st.fixed_dictionaries({
    "t": st.one_of(st.none(), st.text(alphabet=_ALPHABET, max_size=3)),
    "f": st.one_of(st.none(), st.sampled_from([float("nan"), 0.0, -0.0, 1.5])),
    "i": st.one_of(st.none(), st.integers(-3, 3)),
})


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(_keys, min_size=1, max_size=16))
def test_few_rows_hash_as_many(rows: list[dict[str, object]]) -> None:
    """Missing keys (null, blank text, NaN) read from Python values as polars reads them."""
    frame = pl.DataFrame(rows, schema={"t": pl.String, "f": pl.Float64, "i": pl.Int64})
    rules = [block_on("t"), block_on("f"), block_on("i", "t"),
             block_on(pl.col("t").str.slice(0, 1), name="t1"),
             block_on(pl.col("f").cast(pl.String), name="fs")]
    got = rule_hashes(frame, rules, [0] * len(rules))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(index_module, "_FEW", -1)
        want = rule_hashes(frame, rules, [0] * len(rules))
    assert got.tolist() == want.tolist()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, pl.DataFrame]:
    listed = voters(700, seed=13).voters
    reg = Registry.create(tmp_path_factory.mktemp("lookup") / "r", listed[:600],
                          election_date=ELECTION, u_pairs=50_000)
    return reg, listed


def test_lookups_equal_the_general_path(registry: tuple[Registry, pl.DataFrame],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Held records (their own duplicates found) and new ones, in both languages."""
    reg, listed = registry
    found = 0
    for i in list(range(0, 600, 23)) + list(range(600, 700, 7)):
        one = listed[i:i + 1].drop("id")
        for lang in ("id", "en"):
            got = reg.match(one, top=3, lang=lang)
            want = _general(monkeypatch, reg.match, one, top=3, lang=lang)
            assert got.equals(want), (i, lang)
            found += got.height
    assert found > 50
    many = listed[590:610].drop("id")  # a frame of queries: the per-query order too
    assert reg.match(many, top=2).equals(_general(monkeypatch, reg.match, many, top=2))


def test_lookups_take_the_small_paths(registry: tuple[Registry, pl.DataFrame],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A look-up builds no text column through polars and words no reason patterns."""
    reg, listed = registry
    want = reg.match(listed[5:6].drop("id"), top=3)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a look-up took a general path")

    monkeypatch.setattr(columns, "_blank_as_null", refused)
    monkeypatch.setattr("sidalih.strings.encode", refused)
    monkeypatch.setattr(reasons_module, "_words", refused)
    got = reg.match(listed[5:6].drop("id"), top=3)
    assert got.height > 0 and got.equals(want)


def test_small_frame_comparisons_equal_the_general_path(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    records = pl.DataFrame({
        "nama": ["SITI AMINAH", " siti aminah", "BUDI", None, "  ", "Budi\x1c"],
        "desa": ["3271010001", "3271010002", "3271020001", None, "327", " 3271010001"],
        "jk": ["L", "P", "L", "L", None, " L "]})
    comparisons = [compare.name("nama"), compare.string("nama"), compare.exact("jk"),
                   compare.code_prefix("desa", lengths=(4, 7, 10))]
    left, right = np.triu_indices(records.height, 1)
    got = compare_pairs(records, left, right, comparisons)
    want = _general(monkeypatch, compare_pairs, records, left, right, comparisons)
    assert got.tolist() == want.tolist()
