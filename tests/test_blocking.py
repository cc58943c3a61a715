"""Tests for sidalih.blocking and sidalih.kernels.pairs."""

from __future__ import annotations

import datetime as dt
import re
import tracemalloc
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_blocking import reference_candidate_pairs, reference_generated, reference_pairs

import sidalih.blocking as blocking
from sidalih.blocking import (
    BlockingReport,
    CandidatePairs,
    block_on,
    candidate_pairs,
    default_rules,
    iter_candidate_pairs,
)
from sidalih.errors import (
    CapacityError,
    ColumnNotFoundError,
    InputTypeError,
    InvalidParameterError,
    SchemaError,
)
from sidalih.kernels.pairs import anchor_counts, build_order, emit_pairs, hash_blocks


def as_dict(result: CandidatePairs) -> dict[tuple[int, int], int]:
    pairs = list(zip(result.left.tolist(), result.right.tolist(), strict=True))
    assert len(pairs) == len(set(pairs)), "a pair was produced twice"
    return dict(zip(pairs, result.rule.tolist(), strict=True))


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("keys", "kwargs", "name", "columns"),
    [
        (("nik",), {}, "nik", ["nik"]),
        (
            ("nama_key", "tanggal_lahir"),
            {},
            "nama_key+tanggal_lahir",
            ["nama_key", "tanggal_lahir"],
        ),
        ((pl.col("nik").str.slice(0, 12),), {"name": "nik12"}, "nik12", ["nik"]),
        ((pl.col("a").alias("x"), "b"), {}, "x+b", ["a", "b"]),
    ],
)
def test_block_on_names_and_columns(
    keys: tuple[Any, ...], kwargs: dict[str, Any], name: str, columns: list[str]
) -> None:
    rule = block_on(*keys, **kwargs)
    assert rule.name == name
    assert rule.columns() == columns


@pytest.mark.parametrize(
    ("keys", "kwargs", "error"),
    [
        ((), {}, InvalidParameterError),
        ((3,), {}, InputTypeError),
        (("",), {}, InvalidParameterError),
        ((pl.lit(1),), {}, InvalidParameterError),
        (("a",), {"refine_with": "kode_desa"}, InputTypeError),
        (("a",), {"name": ""}, InvalidParameterError),
    ],
)
def test_block_on_rejects_bad_arguments(
    keys: tuple[Any, ...], kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        block_on(*keys, **kwargs)


def test_exported_members() -> None:
    assert sorted(blocking.__all__) == sorted(
        [
            "BlockingRule", "block_on", "default_rules", "placeless_rules", "candidate_pairs",
            "iter_candidate_pairs", "CandidatePairs", "BlockingReport", "RuleReport",
            "BlockSize", "SplitStep", "MAX_BLOCK_SIZE", "WINDOW", "CHUNK_PAIRS",
        ]
    )  # fmt: skip
    for name in blocking.__all__:
        assert hasattr(blocking, name)


# ---------------------------------------------------------------- kernels vs reference


@st.composite
def rule_arrays(draw: Any) -> tuple[np.ndarray, np.ndarray, list[int], int | None]:
    n = draw(st.integers(0, 24))
    n_rules = draw(st.integers(1, 3))
    blk = np.full((n_rules, n), -1, dtype=np.int32)
    pos = np.full((n_rules, n), -1, dtype=np.int32)
    n_blocks = []
    for r in range(n_rules):
        raw = draw(st.lists(st.integers(-1, 4), min_size=n, max_size=n))
        ids = {v: i for i, v in enumerate(dict.fromkeys(v for v in raw if v >= 0))}
        blk[r] = [ids.get(v, -1) for v in raw]
        n_blocks.append(len(ids))
        for b in range(len(ids)):
            rows = np.flatnonzero(blk[r] == b)
            if draw(st.booleans()):
                pos[r, rows] = draw(st.permutations(range(rows.size)))
    linkage = draw(st.booleans())
    n_left = draw(st.integers(0, n)) if linkage else None
    return blk, pos, n_blocks, n_left


@settings(max_examples=100, deadline=None)
@given(rule_arrays(), st.integers(2, 5))
def test_kernels_match_reference(arrays: Any, window: int) -> None:
    blk, pos, n_blocks, n_left = arrays
    linkage = n_left is not None
    got: dict[tuple[int, int], int] = {}
    for u in range(blk.shape[0]):
        order, bstart = build_order(blk[u], pos[u], n_blocks[u])
        windowed = pos[u][order[bstart[:-1]]] >= 0
        side = (
            (order >= (n_left or 0)).astype(np.int8) if linkage else np.zeros(order.size, np.int8)
        )
        counts = anchor_counts(bstart, windowed, side, window, linkage)
        alone, _ = emit_pairs(order, bstart, windowed, side, window, linkage, n_left or 0,
                              0, order.size, int(counts.sum()), blk, pos, 0)  # fmt: skip
        assert alone.size == counts.sum()
        left, right = emit_pairs(order, bstart, windowed, side, window, linkage, n_left or 0,
                                 0, order.size, int(counts.sum()), blk, pos, u)  # fmt: skip
        for pair in zip(left.tolist(), right.tolist(), strict=True):
            assert pair not in got
            got[pair] = u
    assert got == reference_generated(blk.tolist(), pos.tolist(), window=window, n_left=n_left)


# ---------------------------------------------------------------- union vs reference

VALUES = st.sampled_from(["x", "y", "z", "", " ", None])
FLOATS = st.sampled_from([1.0, 2.0, float("nan"), None])
KEY_SETS = [("a",), ("b",), ("a", "b"), ("c",), ("b", "c")]


@st.composite
def frames(draw: Any, *, min_size: int = 0) -> list[dict[str, Any]]:
    n = draw(st.integers(min_size, 14))
    return [{"a": draw(VALUES), "b": draw(VALUES), "c": draw(FLOATS)} for _ in range(n)]


def to_polars(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {"a": pl.String, "b": pl.String, "c": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


RULE_LISTS = st.lists(st.sampled_from(KEY_SETS), min_size=1, max_size=4, unique=True)


@settings(max_examples=100, deadline=None)
@given(frames(), RULE_LISTS)
def test_union_matches_reference_without_repeats(
    rows: list[dict[str, Any]], keys: list[tuple[str, ...]]
) -> None:
    result = candidate_pairs(to_polars(rows), [block_on(*k) for k in keys])
    assert as_dict(result) == reference_pairs(rows, keys)
    assert result.report.pairs == len(result)
    assert all(i < j for i, j in zip(result.left.tolist(), result.right.tolist(), strict=True))


@settings(max_examples=100, deadline=None)
@given(frames(), frames(), RULE_LISTS)
def test_linkage_matches_reference_and_gives_only_cross_pairs(
    rows: list[dict[str, Any]], other: list[dict[str, Any]], keys: list[tuple[str, ...]]
) -> None:
    result = candidate_pairs(to_polars(rows), [block_on(*k) for k in keys], other=to_polars(other))
    assert as_dict(result) == reference_pairs(rows, keys, other)
    assert ((result.left >= 0) & (result.left < len(rows))).all()
    assert ((result.right >= 0) & (result.right < len(other))).all()


def test_linkage_never_pairs_rows_of_one_side() -> None:
    left = pl.DataFrame({"k": ["a", "a", "a"]})
    right = pl.DataFrame({"k": ["a", "b", "a"]})
    got = as_dict(candidate_pairs(left, [block_on("k")], other=right))
    assert got == {(0, 0): 0, (0, 2): 0, (1, 0): 0, (1, 2): 0, (2, 0): 0, (2, 2): 0}


@settings(max_examples=100, deadline=None)
@given(
    frames(min_size=4),
    st.lists(st.sampled_from(KEY_SETS), min_size=1, max_size=3, unique=True),
    st.integers(2, 4),
    st.integers(2, 4),
    st.booleans(),
)
def test_split_union_equals_union_of_single_rules(
    rows: list[dict[str, Any]], keys: list[tuple[str, ...]], size: int, window: int, linkage: bool
) -> None:
    window = min(window, size)
    df = to_polars(rows)
    other = to_polars(rows[::-1]) if linkage else None
    refine = ["c", "a"]
    rules = [block_on(*k, refine_with=refine, sort_by="b") for k in keys]
    opts = {"other": other, "max_block_size": size, "window": window}
    union = as_dict(candidate_pairs(df, rules, **opts))  # type: ignore[arg-type]
    expected: dict[tuple[int, int], int] = {}
    for r, rule in enumerate(rules):
        single = candidate_pairs(df, [rule], **opts)  # type: ignore[arg-type]
        report = single.report.rules[0]
        everything = reference_pairs(rows, [keys[r]], rows[::-1] if linkage else None)
        assert report.pairs_in_blocks == len(everything)
        assert (
            len(single)
            == report.pairs_generated
            == report.pairs_in_blocks - report.pairs_not_generated
        )
        assert set(as_dict(single)) <= set(everything)
        for pair in as_dict(single):
            expected.setdefault(pair, r)
    assert union == expected


@settings(max_examples=40, deadline=None)
@given(frames(), RULE_LISTS, st.integers(1, 6))
def test_chunks_reassemble_the_full_result(
    rows: list[dict[str, Any]], keys: list[tuple[str, ...]], chunk: int
) -> None:
    rules = [block_on(*k, refine_with=["c"]) for k in keys]
    df = to_polars(rows)
    full = candidate_pairs(df, rules, max_block_size=3, window=2)
    chunks = list(iter_candidate_pairs(df, rules, max_block_size=3, window=2, chunk_pairs=chunk))
    assert all(len(c) > 0 for c in chunks)
    assert all(len(c) <= chunk + 2 for c in chunks)  # one anchor row adds at most size - 1
    for field in ("left", "right", "rule"):
        got = np.concatenate([getattr(c, field) for c in chunks]) if chunks else np.zeros(0)
        assert got.tolist() == getattr(full, field).tolist()
    assert sum(c.report.pairs for c in chunks) == full.report.pairs


# ---------------------------------------------------------------- missing keys


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        (["a", None, "a", None], pl.String),
        (["a", "", "a", ""], pl.String),
        (["a", "  ", "a", "\t"], pl.String),
        ([1.5, float("nan"), 1.5, float("nan")], pl.Float64),
        ([7, None, 7, None], pl.Int64),
    ],
)
def test_missing_keys_are_never_blocked(values: list[Any], dtype: pl.DataType) -> None:
    result = candidate_pairs(pl.DataFrame({"k": pl.Series(values, dtype=dtype)}), [block_on("k")])
    assert as_dict(result) == {(0, 2): 0}
    assert result.report.rules[0].rows_missing_key == 2
    assert result.report.rules[0].rows_blocked == 2


def test_one_missing_key_of_two_excludes_the_row() -> None:
    df = pl.DataFrame({"a": ["x", "x", "x"], "b": ["1", None, "1"]})
    assert as_dict(candidate_pairs(df, [block_on("a", "b")])) == {(0, 2): 0}


# ---------------------------------------------------------------- bad input and skipped rules


def test_explicit_rule_on_absent_column_names_it() -> None:
    df = pl.DataFrame({"nik": ["3271010101900001"]})
    with pytest.raises(ColumnNotFoundError, match="nama_key") as info:
        candidate_pairs(df, [block_on("nik"), block_on("nama_key", "kode_desa")])
    assert "kode_desa" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_refine_key_absent_on_explicit_rule_is_an_error() -> None:
    with pytest.raises(ColumnNotFoundError, match="kode_kec"):
        candidate_pairs(pl.DataFrame({"k": ["a"]}), [block_on("k", refine_with=["kode_kec"])])


def test_default_rules_with_missing_columns_are_skipped_and_reported() -> None:
    df = pl.DataFrame({"nik": ["3271010101900001", "3271010101900001"], "nama_key": ["A", "B"]})
    result = candidate_pairs(df)
    report = result.report
    assert report.skipped == [r.name for r in default_rules() if r.name != "nik"]
    frame = report.to_frame()
    name_date = pl.col("rule") == "nama_key+tgl_swapfree+tempat_lahir_kab"
    assert frame.filter(name_date)["reason"][0] == (
        "missing columns: 'tanggal_lahir', 'tempat_lahir_norm'"
    )
    assert "refine key nama_first_key not used" in frame.filter(pl.col("rule") == "nik")["notes"][0]
    assert as_dict(result) == {(0, 1): 0}


def test_no_usable_rule_is_an_error() -> None:
    with pytest.raises(ColumnNotFoundError, match="none of the blocking rules"):
        candidate_pairs(pl.DataFrame({"foo": [1, 2]}))


def test_other_with_different_columns_is_a_clear_error() -> None:
    left = pl.DataFrame({"nama_key": ["A"], "kode_desa": ["1"]})
    right = pl.DataFrame({"nama": ["A"], "desa": ["1"]})
    with pytest.raises(ColumnNotFoundError, match="absent from other"):
        candidate_pairs(left, [block_on("nama_key", "kode_desa")], other=right)
    with pytest.raises(ColumnNotFoundError, match="none of the blocking rules"):
        candidate_pairs(left, other=right)


def test_other_with_different_types_is_a_clear_error() -> None:
    left = pl.DataFrame({"k": ["1"]})
    right = pl.DataFrame({"k": [1]})
    with pytest.raises(SchemaError, match="'k' is String in records but Int64 in other"):
        candidate_pairs(left, [block_on("k")], other=right)


def test_expression_that_cannot_be_evaluated_is_a_schema_error() -> None:
    df = pl.DataFrame({"d": [dt.date(2000, 1, 1)]})
    with pytest.raises(SchemaError, match="'bad'"):
        candidate_pairs(df, [block_on(pl.col("d").str.slice(0, 2), name="bad")])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_block_size": 1}, "max_block_size"),
        ({"max_block_size": True}, "max_block_size"),
        ({"window": 1}, "window"),
        ({"max_block_size": 10, "window": 11}, "window"),
        ({"chunk_pairs": 0}, "chunk_pairs"),
        ({"max_pairs": -1}, "max_pairs"),
        ({"max_pairs": 0}, "max_pairs"),
        ({"max_pairs": True}, "max_pairs"),
        ({"max_pairs": 2.5}, "max_pairs"),
        ({"rules": []}, "empty"),
        ({"rules": [block_on("k"), block_on("k")]}, "unique"),
    ],
)
def test_bad_parameters(kwargs: dict[str, Any], match: str) -> None:
    rules = kwargs.pop("rules", [block_on("k")])
    with pytest.raises(InvalidParameterError, match=match):
        candidate_pairs(pl.DataFrame({"k": ["a", "a"]}), rules, **kwargs)


@pytest.mark.parametrize("rules", ["k", [("k",)], pl.col("k")])
def test_rules_must_be_blocking_rules(rules: Any) -> None:
    with pytest.raises(InputTypeError):
        candidate_pairs(pl.DataFrame({"k": ["a", "a"]}), rules)


def test_pandas_input_gives_the_same_pairs() -> None:
    data = {"k": ["a", "b", "a", None], "j": ["1", "1", "1", "1"]}
    rules = [block_on("k"), block_on("j")]
    got_pd = as_dict(candidate_pairs(pd.DataFrame(data), rules))
    assert got_pd == as_dict(candidate_pairs(pl.DataFrame(data), rules))
    assert got_pd == {(0, 2): 0, (0, 1): 1, (0, 3): 1, (1, 2): 1, (1, 3): 1, (2, 3): 1}


def test_nik_keys_are_masked_in_the_report() -> None:
    nik = "3271010101900001"
    df = pl.DataFrame({"nik": [nik] * 3, "nama_key": ["A"] * 3})
    report = candidate_pairs(df, [block_on("nik", "nama_key")]).report
    assert report.rules[0].largest_blocks[0].key == "nik=3271********0001, nama_key=A"
    assert nik not in str(report)
    assert nik not in report.to_frame().write_csv()


def test_keys_of_a_column_that_holds_niks_are_masked_in_the_repr() -> None:
    # a shifted export: NIKs in a column the report does not know as a NIK's
    niks = ["3271010101900001", "3271010101900001", "3271010202850003", "3271010202850003"]
    report = candidate_pairs(pl.DataFrame({"kode_desa": niks}), [block_on("kode_desa")]).report
    for shown in (repr(report), repr(report.rules[0]), repr(report.rules[0].largest_blocks)):
        assert "3271********0001" in shown
        assert not re.search(r"[0-9]{12}", shown), shown


# ---------------------------------------------------------------- skew guard


def placeholder_frame(n: int, *, villages: int, names: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    desa = rng.integers(0, villages, n).astype(str).astype(object)
    desa[rng.random(n) < 0.01] = None  # rows without a village stay in the data
    return pl.DataFrame(
        {
            "tanggal_lahir": pl.Series([dt.date(1960, 7, 1)] * n),
            "kode_desa": pl.Series(desa, dtype=pl.String),
            "nama_key": pl.Series(rng.integers(0, names, n).astype(str)),
            "nama_norm": pl.Series(rng.integers(0, 10**6, n).astype(str)),
        }
    )


def test_placeholder_date_block_of_200k_is_split_and_reported() -> None:
    n = 200_000
    df = placeholder_frame(n, villages=5_000, names=1_000, seed=1)
    rule = block_on("tanggal_lahir", refine_with=["kode_desa"], sort_by="nama_norm")
    tracemalloc.start()
    result = candidate_pairs(df, [rule], max_block_size=1_000, window=50)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report = result.report.rules[0]
    assert report.largest_blocks[0].rows == n
    assert report.pairs_in_blocks == n * (n - 1) // 2
    refine, window = report.splits
    assert refine.how == "refine by kode_desa" and refine.rows == n
    # the 1% of rows without a village form one block still above the bound
    assert window.how == "sorted neighbourhood on nama_norm, window 50"
    assert window.blocks == 1 and 1_500 < window.rows < 2_500
    assert window.pairs_after == sum(window.rows - k for k in range(1, 50))
    assert (
        len(result)
        == report.pairs_generated
        == refine.pairs_after - window.pairs_before + window.pairs_after
    )
    assert report.pairs_not_generated == report.pairs_in_blocks - len(result)
    assert "pairs not generated" in str(result.report)
    # memory follows the pairs made (17 bytes each, briefly twice) plus per-row arrays
    assert len(result) < 5_000_000
    assert peak < 40 * len(result) + 100 * n + 50_000_000
    codes = np.sort(result.left * n + result.right)
    assert (np.diff(codes) > 0).all() and (result.left < result.right).all()
    desa = df["kode_desa"].fill_null("none").to_numpy()
    assert (desa[result.left] == desa[result.right]).all()


def test_default_rules_do_not_explode_on_placeholder_dates_and_common_names() -> None:
    n = 60_000
    sex = np.where(np.random.default_rng(2).random(n) < 0.5, "L", "P")
    df = placeholder_frame(n, villages=2_000, names=10, seed=2).with_columns(
        pl.col("kode_desa").str.slice(0, 2).alias("kode_kec"),
        pl.col("kode_desa").str.slice(0, 2).alias("kode_kab"),
        pl.lit("jakarta").alias("tempat_lahir_norm"),  # a birth place shared nationally
        pl.Series("jenis_kelamin", sex),
    )
    result = candidate_pairs(df)
    by_name = {r.name: r for r in result.report.rules}
    name_date = by_name["nama_key+tgl_swapfree+tempat_lahir_kab"]
    assert name_date.largest_blocks[0].rows > 5_000
    assert [s.how for s in name_date.splits][:2] == ["refine by jenis_kelamin",
                                                      "refine by kode_kab"]
    assert name_date.pairs_generated == name_date.splits[-1].pairs_after
    assert name_date.pairs_generated < name_date.pairs_in_blocks / 10
    assert len(result) < n * 2 * 2_000


# ---------------------------------------------------------------- default rules find the duplicates

BASE: dict[str, Any] = {
    "nik": "3271014507850003",
    "nik_masked12": "327101450785",
    "nkk": "3271010101100012",
    "nama_norm": "siti aminah",
    "nama_key": "STAMN",
    "nama_token_key": "AMN",
    "nama_first_key": "ST",
    "tanggal_lahir": dt.date(1985, 7, 5),
    "tgl_placeholder": False,
    "birth_year": 1985,
    "kode_desa": "3271011001",
    "kode_kec": "327101",
    "kode_kab": "3271",
    "tempat_lahir_norm": "bogor",
    "jenis_kelamin": "P",
}
MOVED = {"kode_desa": "3204052003", "kode_kec": "320405", "kode_kab": "3204",
         "nkk": "3204051212150007"}  # fmt: skip
# moved to another district of the same regency (Kota Bogor)
MOVED_NEARBY = {"kode_desa": "3271031004", "kode_kec": "327103", "nkk": "3271030202160003"}


def prepared(rows: list[dict[str, Any]], *, noise: int = 300, seed: int = 3) -> pl.DataFrame:
    """The given rows, then unrelated records sharing the common parts of the keys."""
    rng = np.random.default_rng(seed)
    extra = []
    for k in range(noise):
        nik = (
            f"327101{rng.integers(1, 29):02d}{rng.integers(1, 13):02d}{rng.integers(40, 99)}{k:04d}"
        )
        extra.append(BASE | {
            "nik": nik, "nik_masked12": nik[:12], "nkk": f"32710101011000{k % 97:02d}",
            "nama_norm": f"nama {k}", "nama_key": f"K{k}", "nama_token_key": f"T{k % 50}",
            "nama_first_key": f"F{k % 40}", "tanggal_lahir": dt.date(1980 + k % 20, 1 + k % 12, 1 + k % 28),
            "birth_year": 1980 + k % 20,
        })  # fmt: skip
    schema = {"birth_year": pl.Int16, "tanggal_lahir": pl.Date}
    return pl.DataFrame(rows + extra, infer_schema_length=None).with_columns(
        pl.col(c).cast(t) for c, t in schema.items()
    )


def typo_niks() -> list[str]:
    nik, out = BASE["nik"], []
    for i in range(16):
        out.append(nik[:i] + str((int(nik[i]) + 3) % 10) + nik[i + 1 :])
    for i in range(15):
        if nik[i] != nik[i + 1]:
            out.append(nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :])
    return out


@pytest.mark.parametrize("typo", typo_niks())
def test_nik_rules_alone_catch_every_single_digit_typo_within_a_regency(typo: str) -> None:
    nik_rules = [r for r in default_rules() if "nik" in r.columns()]
    twin = (
        BASE
        | MOVED_NEARBY
        | {"nik": typo, "nik_masked12": typo[:12], "tanggal_lahir": dt.date(1986, 1, 2)}
    )
    got = as_dict(candidate_pairs(prepared([BASE, twin]), nik_rules))
    assert (0, 1) in got


@pytest.mark.parametrize("typo", typo_niks())
def test_default_rules_catch_every_single_digit_typo_of_a_mover_to_another_regency(
    typo: str,
) -> None:
    # NIK digits 9-16 are paired within a regency only; the place of birth, which a move
    # does not change, keeps a national route for a typo in the region digits
    moved = BASE | MOVED | {"nik": typo, "nik_masked12": typo[:12]}
    got = as_dict(candidate_pairs(prepared([BASE, moved])))
    assert (0, 1) in got


@pytest.mark.parametrize("typo", typo_niks()[:6])
def test_a_mover_whose_birthplace_is_written_as_its_district_is_paired_on_a_nik_typo(
    typo: str,
) -> None:
    # a typo in the region digits, another regency, and the birthplace as a district of
    # its regency (Leuwiliang for Bogor): the place of birth's key is its regency
    moved = BASE | MOVED | {"nik": typo, "nik_masked12": typo[:12],
                            "tempat_lahir_norm": "leuwiliang"}
    assert (0, 1) in as_dict(candidate_pairs(prepared([BASE, moved])))


def test_a_mover_without_a_nik_and_a_slip_in_the_first_and_longest_word_is_paired() -> None:
    # Hendrik / Hendrk Wijaya: the slip changes the whole name's key, the first word's
    # and the longest word's; the last word, the birth date and place are kept
    person = BASE | {"nama_norm": "hendrik wijaya", "nama_key": "HNDRKWJY",
                     "nama_token_key": "HNDRK", "nama_first_key": "HNDRK"}
    moved = person | MOVED | {"nik": None, "nik_masked12": None, "nama_norm": "hendrk wijaya",
                              "nama_key": "HNDRKWJY2", "nama_token_key": "WJY",
                              "nama_first_key": "HNDRK2"}
    got = candidate_pairs(prepared([person, moved]))
    assert (0, 1) in as_dict(got)
    assert "nama_kata_akhir" in got.report.to_frame().filter(
        pl.col("pairs_generated") > 0)["rule"].str.split("+").list.first().to_list()


CHANGES: dict[str, dict[str, Any]] = {
    "identical": {},
    "nik typo, moved, other family card": {"nik": "3271014507850008"} | MOVED,
    "name respelled, no nik": {"nik": None, "nik_masked12": None, "nama_norm": "sity aminah", "nama_key": "STYMN"},
    "day/month swapped, name respelled, no nik": {
        "nik": None, "nik_masked12": None, "tanggal_lahir": dt.date(1985, 5, 7),
        "nama_key": "SITAMN", "nama_first_key": "SIT",
    },
    "day/month swapped, moved within district, no nik": {
        "nik": None, "nik_masked12": None, "tanggal_lahir": dt.date(1985, 5, 7), "kode_desa": "3271011002",
        "nkk": None,
    },
    "moved to another regency, no nik": {"nik": None, "nik_masked12": None} | MOVED,
    # the birthplace written as a district of its regency (Cibinong, Kab. Bogor)
    "moved to another regency, no nik, birthplace its district": {
        "nik": None, "nik_masked12": None, "tempat_lahir_norm": "cibinong"} | MOVED,
    "moved within the regency, no nik, day/month swapped, name respelled": {
        "nik": None, "nik_masked12": None, "tanggal_lahir": dt.date(1985, 5, 7),
        "nama_key": "SITAMN", "nama_first_key": "SIT",
    } | MOVED_NEARBY,
    "masked nik, date typo": {"nik": None, "tanggal_lahir": dt.date(1985, 7, 15)},
    "placeholder date, no nik, other family card": {
        "nik": None, "nik_masked12": None, "tanggal_lahir": dt.date(1985, 7, 1),
        "tgl_placeholder": True, "nkk": None,
    },
    "year typo, no nik, name respelled": {
        "nik": None, "nik_masked12": None, "tanggal_lahir": dt.date(1958, 7, 5), "birth_year": 1958,
        "nama_key": "STAMNH",
    },
}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_default_rules_pair_non_identical_duplicates(change: str) -> None:
    result = candidate_pairs(prepared([BASE, BASE | CHANGES[change]]))
    assert (0, 1) in as_dict(result)
    assert result.report.skipped == []


def test_default_rules_in_linkage() -> None:
    left = prepared([BASE], noise=50, seed=4)
    right = prepared([BASE | CHANGES["moved to another regency, no nik"]], noise=50, seed=5)
    got = as_dict(candidate_pairs(left, other=right))
    assert (0, 0) in got


def test_result_is_deterministic() -> None:
    df = prepared([BASE, BASE | MOVED], noise=400)
    a = candidate_pairs(df, max_block_size=20, window=5)
    b = candidate_pairs(df, max_block_size=20, window=5)
    assert a.left.tolist() == b.left.tolist() and a.rule.tolist() == b.rule.tolist()
    assert isinstance(a.report, BlockingReport)
    assert a.report.to_frame().equals(b.report.to_frame())


# ---------------------------------------------------------------- recall on the project's generator


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12])
def test_default_rules_pairs_completeness_on_the_generator(seed: int) -> None:
    from sidalih import synth
    from sidalih.engine import prepare_records

    data = synth.voters(50_000, seed=seed)
    records = prepare_records(data.voters, schema="voter", reference_date="2024-02-14")
    person = records.select("id").join(
        data.truth.select("id", "person_id"), on="id", how="left", maintain_order="left"
    )["person_id"]
    result = candidate_pairs(records)
    ids = person.to_numpy()
    found = int((ids[result.left] == ids[result.right]).sum())
    sizes = person.value_counts()["count"].to_numpy().astype(np.int64)
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    assert true_pairs > 0
    assert found / true_pairs >= 0.995, str(result.report)


# ---------------------------------------------------------------- same output as before


def assert_same_as_previous(got: CandidatePairs, expected: tuple[Any, ...]) -> None:
    left, right, rule, report = expected
    assert got.left.dtype == np.int64 and got.right.dtype == np.int64
    assert got.rule.dtype == np.int8
    assert got.left.tolist() == left.tolist()
    assert got.right.tolist() == right.tolist()
    assert got.rule.tolist() == rule.tolist()
    assert got.report == report


@pytest.fixture(scope="module")
def skewed_voters() -> pl.DataFrame:
    from sidalih import synth
    from sidalih.engine import prepare_records

    raw = synth.voters(3_000, seed=5).voters
    rng = np.random.default_rng(5)
    n = raw.height
    junk = rng.random(n) < 0.08  # a junk NIK and card shared by hundreds
    common = rng.random(n) < 0.15  # one very common name
    records = prepare_records(raw, schema="voter", reference_date="2024-02-14")
    return records.with_columns(
        pl.when(pl.Series(junk)).then(pl.lit("1111111111111111")).otherwise("nik").alias("nik"),
        pl.when(pl.Series(junk)).then(pl.lit("9999999999999999")).otherwise("nkk").alias("nkk"),
        pl.when(pl.Series(common)).then(pl.lit("MHMD")).otherwise("nama_first_key")
        .alias("nama_first_key"),
        pl.when(pl.Series(common)).then(pl.lit("MHMD")).otherwise("nama_key").alias("nama_key"),
        pl.when(pl.Series(rng.random(n) < 0.3)).then(pl.lit(dt.date(1970, 7, 1)))
        .otherwise("tanggal_lahir").alias("tanggal_lahir"),
    )  # fmt: skip


@pytest.mark.parametrize(("size", "window"), [(2_000, 100), (60, 10), (12, 3)])
def test_default_rules_give_the_previous_output_on_skewed_blocks(
    skewed_voters: pl.DataFrame, size: int, window: int
) -> None:
    got = candidate_pairs(skewed_voters, max_block_size=size, window=window)
    expected = reference_candidate_pairs(skewed_voters, max_block_size=size, window=window)
    assert_same_as_previous(got, expected)
    if size < 100:
        assert any(r.splits for r in got.report.rules)
    chunks = list(iter_candidate_pairs(skewed_voters, max_block_size=size, window=window,
                                       chunk_pairs=5_000))  # fmt: skip
    assert np.concatenate([c.left for c in chunks]).tolist() == got.left.tolist()
    assert np.concatenate([c.rule for c in chunks]).tolist() == got.rule.tolist()


def test_linkage_gives_the_previous_output_on_skewed_blocks(skewed_voters: pl.DataFrame) -> None:
    a, b = skewed_voters[:1_700], skewed_voters[1_700:]
    got = candidate_pairs(a, other=b, max_block_size=30, window=5)
    assert_same_as_previous(got, reference_candidate_pairs(a, other=b, max_block_size=30, window=5))


@settings(max_examples=60, deadline=None)
@given(
    frames(),
    st.lists(st.sampled_from(KEY_SETS), min_size=1, max_size=3, unique=True),
    st.integers(2, 4),
    st.integers(2, 4),
    st.booleans(),
)
def test_random_frames_give_the_previous_output(
    rows: list[dict[str, Any]], keys: list[tuple[str, ...]], size: int, window: int, linkage: bool
) -> None:
    window = min(window, size)
    df = to_polars(rows)
    other = to_polars(rows[::-1]) if linkage else None
    rules = [block_on(*k, refine_with=["c", "a"], sort_by="b") for k in keys]
    got = candidate_pairs(df, rules, other=other, max_block_size=size, window=window)
    expected = reference_candidate_pairs(df, rules, other=other, max_block_size=size, window=window)
    assert_same_as_previous(got, expected)


def test_hash_blocks_number_runs_of_equal_hashes_in_hash_order() -> None:
    rng = np.random.default_rng(3)
    h = rng.integers(0, 2**63, 3_000, dtype=np.int64).astype(np.uint64) * np.uint64(2)
    h[rng.integers(0, h.size, 1_500)] = h[rng.integers(0, 40, 1_500)]  # big blocks
    h[:200] = np.uint64(2**64 - 1)  # the largest hash, and a block in one bucket
    h[200:230] = h[0] - np.uint64(1)  # equal top bits, different hash
    missing = rng.random(h.size) < 0.1
    for linkage, n_left in ((False, 0), (True, 1_000)):
        blk, pairs, sizes, first, m = hash_blocks(h, missing, n_left, linkage)
        rows = np.flatnonzero(~missing)
        order = rows[np.argsort(h[rows], kind="stable")]
        expected = np.full(h.size, -1)
        run = np.cumsum(np.r_[True, h[order][1:] != h[order][:-1]]) - 1
        side = order >= n_left
        n_runs = int(run[-1]) + 1
        size = np.bincount(run, minlength=n_runs)
        n_l = np.bincount(run, weights=~side, minlength=n_runs).astype(np.int64)
        p = n_l * (size - n_l) if linkage else size * (size - 1) // 2
        kept = np.cumsum(p > 0) - 1
        expected[order] = np.where(p[run] > 0, kept[run], -1)
        assert m == rows.size
        assert blk.tolist() == expected.tolist()
        assert pairs.tolist() == p[p > 0].tolist()
        assert sizes.tolist() == size[p > 0].tolist()
        assert first.tolist() == [int(order[run == r][0]) for r in np.flatnonzero(p > 0)]


@pytest.mark.parametrize("n_rows", [2, 47, 49, 500, 4_097])
def test_hash_blocks_sort_a_long_run_of_near_collisions_stably(n_rows: int) -> None:
    # Equal top 32 bits and a few distinct low bits: one run the radix pass cannot
    # order, sorted by full hash with rows of equal hash kept in row order.
    rng = np.random.default_rng(n_rows)
    low = rng.integers(0, 5, n_rows).astype(np.uint64)
    h = (np.uint64(0xABCD1234) << np.uint64(32)) | low
    missing = np.zeros(n_rows, dtype=bool)
    blk, _, sizes, first, m = hash_blocks(h, missing, 0, False)
    order = np.argsort(h, kind="stable")
    runs = np.unique(h[order])
    assert m == n_rows
    kept = [r for r in runs if (h == r).sum() > 1]
    assert sizes.tolist() == [int((h == r).sum()) for r in kept]
    assert first.tolist() == [int(np.flatnonzero(h == r)[0]) for r in kept]
    for b, r in enumerate(kept):
        assert np.flatnonzero(blk == b).tolist() == np.flatnonzero(h == r).tolist()


def test_a_key_of_another_length_than_the_rows_is_an_error() -> None:
    frame = pl.DataFrame({"k": ["a", "a", "b", None], "v": [5, 5, 5, 5]})
    for key in (pl.col("k").drop_nulls(), pl.col("k").unique()):
        with pytest.raises(InvalidParameterError, match="one value per row"):
            candidate_pairs(frame, [block_on(key, name="x")])
    # An aggregate is one key for every row: all rows share it.
    pairs = candidate_pairs(frame, [block_on(pl.col("v").max(), name="vmax")])
    assert len(pairs) == 6


def test_a_pair_budget_lowers_the_block_bound_and_says_so() -> None:
    """One place on every row: the plan halves the bound until its pairs fit max_pairs.

    The pairs are those of the lower bound given directly, and the report names the
    bound asked for and the pairs left out.
    """
    frame = pl.DataFrame({"k": ["a"] * 300 + ["b"] * 30,
                          "s": [f"{i % 37:03d}" for i in range(330)]})
    rules = [block_on("k", refine_with=["s"])]
    unbounded = candidate_pairs(frame, rules, max_block_size=400)
    assert unbounded.report.lowered == "" and len(unbounded) == 300 * 299 // 2 + 30 * 29 // 2
    budgeted = candidate_pairs(frame, rules, max_block_size=400, max_pairs=5_000)
    report = budgeted.report
    assert report.lowered_from == 400 and report.max_block_size < 400
    assert len(budgeted) <= 5_000
    direct = candidate_pairs(frame, rules, max_block_size=report.max_block_size,
                             window=report.window)
    assert budgeted.to_frame().equals(direct.to_frame())
    assert f"lowered from 400 to {report.max_block_size}" in str(report)
    # only what the lower bound added to what the bound asked for already left out
    extra = report.pairs_not_generated - unbounded.report.pairs_not_generated
    assert extra > 0 and f"{extra:,} more pairs agreeing on a rule's keys" in report.lowered
    # a budget the plan already fits changes nothing
    roomy = candidate_pairs(frame, rules, max_block_size=400, max_pairs=len(unbounded))
    assert roomy.report.lowered_from is None and roomy.to_frame().equals(unbounded.to_frame())
    assert roomy.report.max_pairs == len(unbounded) and roomy.report.lowered == ""


def test_a_budget_even_small_blocks_exceed_is_a_capacity_error() -> None:
    frame = pl.DataFrame({"k": ["3271010101900001"] * 50})
    with pytest.raises(CapacityError, match=r"max_pairs=20.*rules with the most: k") as err:
        candidate_pairs(frame, [block_on("k")], max_pairs=20)
    assert isinstance(err.value, MemoryError) and "memory_limit" in str(err.value)
    # a key column not named as a NIK's still shows no full NIK in the report
    text = str(candidate_pairs(frame, [block_on("k")], max_block_size=10, window=5).report)
    assert "k=3271********0001" in text and "3271010101900001" not in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("aabbbcd"), min_size=2, max_size=120),
       st.integers(1, 3_000), st.integers(2, 200))
def test_a_budgeted_plan_is_the_plan_at_the_bound_it_reports(
        keys: list[str], max_pairs: int, max_block_size: int) -> None:
    """Whatever the budget: the pairs are those of the reported bound, and fit the budget."""
    frame = pl.DataFrame({"k": keys, "s": [str(i % 7) for i in range(len(keys))]})
    rules = [block_on("k", refine_with=["s"]), block_on("s")]
    window = min(10, max_block_size)
    try:
        got = candidate_pairs(frame, rules, max_block_size=max_block_size, window=window,
                              max_pairs=max_pairs)
    except CapacityError:
        smallest = candidate_pairs(frame, rules, max_block_size=4, window=4)
        assert sum(r.pairs_generated for r in smallest.report.rules) > max_pairs
        return
    report = got.report
    assert sum(r.pairs_generated for r in report.rules) <= max_pairs
    assert report.max_pairs == max_pairs
    assert (report.lowered_from is not None) == (report.max_block_size < max_block_size)
    direct = candidate_pairs(frame, rules, max_block_size=report.max_block_size,
                             window=report.window)
    assert got.to_frame().equals(direct.to_frame())
