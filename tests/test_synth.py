"""Tests of sidalih.synth: determinism, invariants, rates, truth separation, exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_synth import date_field_ref, join_tokens_ref, rank_within_ref

from sidalih.errors import InvalidParameterError
from sidalih.synth import (
    DEFAULT_ERROR_RATES,
    TRUTH_COLUMNS,
    VOTER_COLUMNS,
    SyntheticList,
    _plan,
    voters,
    write,
)
from sidalih.synth import _errors as E
from sidalih.synth._generate import _tps
from sidalih.synth._join import TokenPool, join_tokens
from sidalih.synth._names import old_spelling
from sidalih.synth._nik import _rank_within, date_field

ELECTION = dt.date(2024, 2, 14)
PLACEHOLDERS = {(1, 7), (31, 12), (1, 1)}


@pytest.fixture(scope="module")
def big() -> SyntheticList:
    return voters(100_000, seed=11, duplicate_rate=0.05)


@pytest.fixture(scope="module")
def joined(big: SyntheticList) -> pl.DataFrame:
    return big.voters.join(big.truth, on="id")


# --- determinism and shape -------------------------------------------------------------


def test_same_seed_same_frames() -> None:
    a, b = voters(3000, seed=5), voters(3000, seed=5)
    assert a.voters.equals(b.voters) and a.truth.equals(b.truth)
    assert not voters(3000, seed=6).voters.equals(a.voters)


def test_exact_rows_and_unique_ids(big: SyntheticList) -> None:
    assert big.voters.height == 100_000 == big.truth.height
    assert big.voters["id"].n_unique() == 100_000
    assert big.voters["id"].equals(big.truth["id"])


def test_truth_columns_never_in_voters(big: SyntheticList) -> None:
    assert tuple(big.voters.columns) == VOTER_COLUMNS
    assert tuple(big.truth.columns) == TRUTH_COLUMNS
    assert set(big.voters.columns) & (set(TRUTH_COLUMNS) - {"id"}) == set()


def test_column_formats(big: SyntheticList) -> None:
    v = big.voters
    assert v.schema["tanggal_lahir"] == pl.Date
    checks = {
        "nkk": r"^\d{16}$",
        "rt": r"^\d{3}$",
        "rw": r"^\d{3}$",
        "tps": r"^\d{3}$",
        "kode_desa": r"^\d{10}$",
        "jenis_kelamin": r"^[LP]$",
        "status_kawin": r"^[BSP]$",
        "ektp": r"^[SB]$",
    }
    for col, pattern in checks.items():
        assert v[col].str.contains(pattern).all(), col
    originals = v.filter(pl.Series(big.truth["record_kind"] == "original"))
    assert originals["nik"].str.contains(r"^\d{16}$").all()


# --- people, TPS, families ------------------------------------------------------------


def test_tps_size_village_and_families(joined: pl.DataFrame) -> None:
    sizes = joined.group_by("kode_desa", "tps").len()
    assert int(sizes["len"].max()) <= 300  # type: ignore[arg-type]
    orig = joined.filter(pl.col("record_kind") == "original")
    per_family = orig.group_by("nkk").agg(pl.struct("kode_desa", "tps").n_unique().alias("k"))
    assert per_family["k"].max() == 1
    stations = joined.group_by("kode_desa").agg(pl.col("tps").n_unique())["tps"]
    assert int(stations.max()) > 1  # type: ignore[arg-type]


def test_small_tps_limit() -> None:
    s = voters(5000, seed=3, max_tps=60)
    assert int(s.voters.group_by("kode_desa", "tps").len()["len"].max()) <= 60  # type: ignore[arg-type]


def test_ages_plausible(joined: pl.DataFrame) -> None:
    orig = joined.filter(pl.col("record_kind") == "original")
    age = (pl.lit(ELECTION) - pl.col("tanggal_lahir")).dt.total_days() / 365.2425
    ages = orig.select(age.alias("a"))["a"]
    lo, hi, mean = (float(x) for x in (ages.min(), ages.max(), ages.mean()))  # type: ignore[arg-type]
    assert lo >= 17 and hi < 101
    assert 35 < mean < 50


def test_placeholder_dates_heap_among_older(joined: pl.DataFrame) -> None:
    orig = joined.filter(pl.col("record_kind") == "original", pl.col("lookalike").is_null())
    d = orig["tanggal_lahir"]
    ph = [(x.day, x.month) in PLACEHOLDERS for x in d.to_list()]
    frame = pl.DataFrame({"y": d.dt.year(), "ph": ph})
    old = frame.filter(pl.col("y") < 1960)["ph"].mean()
    young = frame.filter(pl.col("y") >= 1990)["ph"].mean()
    assert old > 0.2 and young < 0.1 and old > 3 * young  # type: ignore[operator]


# --- NIK ----------------------------------------------------------------------------------


def _nik_parts_agree(frame: pl.DataFrame) -> pl.Series:
    nik = pl.col("nik")
    day = nik.str.slice(6, 2).cast(pl.Int32)
    fem = pl.col("jenis_kelamin") == "P"
    d = pl.col("tanggal_lahir")
    return frame.select(
        ((day - pl.when(fem).then(40).otherwise(0)) == d.dt.day())
        & (nik.str.slice(8, 2).cast(pl.Int32) == d.dt.month())
        & (nik.str.slice(10, 2).cast(pl.Int32) == d.dt.year() % 100)
        & (nik.str.slice(12, 4) != "0000")
    ).to_series()


def test_nik_parts_agree_unless_injected(joined: pl.DataFrame) -> None:
    clean = joined.filter(
        ~pl.col("errors").str.contains("nik_|date_"),
        pl.col("lookalike").fill_null("") != "shared_nik",
    )
    assert _nik_parts_agree(clean).all()
    damaged = joined.filter(
        pl.col("errors").str.contains("date_"), pl.col("nik").str.contains(r"^\d{16}$")
    )
    damaged = damaged.filter(~pl.col("errors").str.contains("nik_"))
    assert not _nik_parts_agree(damaged).any()


def test_nik_unique_among_people(joined: pl.DataFrame) -> None:
    orig = joined.filter(pl.col("record_kind") == "original")
    repeated = orig.filter(pl.col("nik").is_duplicated())
    assert repeated.height > 0
    assert (repeated["lookalike"] == "shared_nik").all()


def test_registration_district_differs_for_some(joined: pl.DataFrame) -> None:
    orig = joined.filter(pl.col("record_kind") == "original")
    share = (orig["nik"].str.slice(0, 6) != orig["kode_desa"].str.slice(0, 6)).mean()
    assert 0.05 < share < 0.2  # type: ignore[operator]


def test_presplit_papua_codes() -> None:
    from sidalih import regions

    papua = regions.villages().filter(pl.col("kode_provinsi") == "94").head(4)
    s = voters(2000, seed=4, villages=papua["kode_desa"].to_list())
    orig = s.voters.filter(pl.Series(s.truth["record_kind"] == "original"))
    assert (orig["nik"].str.slice(0, 2) == "91").mean() > 0.5  # type: ignore[operator]


def test_vectorised_nik_matches_compose(joined: pl.DataFrame) -> None:
    nik = pytest.importorskip("sidalih.nik")
    compose = getattr(nik, "compose", None)
    if compose is None:
        pytest.skip("sidalih.nik.compose is not available yet")
    sample = joined.filter(pl.col("errors") == "", pl.col("lookalike").is_null()).head(300)
    for row in sample.iter_rows(named=True):
        sex = row["jenis_kelamin"]
        got = compose(row["nik"][:6], row["tanggal_lahir"], sex, int(row["nik"][12:]))
        assert got == row["nik"]


def test_nik_parse_agrees_with_record(joined: pl.DataFrame) -> None:
    nik = pytest.importorskip("sidalih.nik")
    clean = joined.filter(
        ~pl.col("errors").str.contains("nik_|date_"),
        pl.col("lookalike").fill_null("") != "shared_nik",
    ).head(20_000)
    parsed = nik.parse(clean["nik"])
    assert (parsed["status"] == "valid").all()
    assert parsed["birth_date"].equals(clean["tanggal_lahir"], check_names=False)
    assert parsed["sex"].equals(clean["jenis_kelamin"], check_names=False)


# --- look-alikes ------------------------------------------------------------------------


def _group_rows(joined: pl.DataFrame, kind: str) -> pl.DataFrame:
    return joined.filter(pl.col("lookalike") == kind, pl.col("record_kind") == "original")


def test_twins(joined: pl.DataFrame) -> None:
    tw = (
        _group_rows(joined, "twin")
        .group_by("lookalike_group")
        .agg(
            pl.col("nkk").n_unique().alias("nkk"),
            pl.col("tanggal_lahir").n_unique().alias("dates"),
            pl.col("nama").n_unique().alias("names"),
            # Same district and date; a brother and a sister differ by 40 in the day digits.
            pl.concat_str(
                pl.col("nik").str.slice(0, 6),
                (pl.col("nik").str.slice(6, 2).cast(pl.Int32) % 40).cast(pl.String),
                pl.col("nik").str.slice(8, 4),
            )
            .n_unique()
            .alias("prefix"),
            pl.col("nik").str.slice(12, 4).cast(pl.Int32).sort().diff().last().alias("gap"),
            pl.len(),
        )
    )
    assert tw.height > 100
    assert (tw["len"] == 2).all() and (tw["nkk"] == 1).all() and (tw["dates"] == 1).all()
    assert (tw["names"] == 2).all() and (tw["prefix"] == 1).all() and (tw["gap"] == 1).all()


def test_father_son(joined: pl.DataFrame) -> None:
    fs = (
        _group_rows(joined, "father_son")
        .group_by("lookalike_group")
        .agg(
            pl.col("nama").n_unique().alias("names"),
            pl.col("nkk").n_unique().alias("nkk"),
            (
                (pl.col("tanggal_lahir").max() - pl.col("tanggal_lahir").min()).dt.total_days()
                / 365
            ).alias("gap"),
            pl.col("jenis_kelamin").unique().alias("sex"),
        )
    )
    assert fs.height > 50
    assert (fs["names"] == 1).all() and (fs["nkk"] == 1).all()
    assert float(fs["gap"].min()) >= 15  # type: ignore[arg-type]
    assert fs["sex"].list.len().max() == 1


def test_namesakes(joined: pl.DataFrame) -> None:
    ns = _group_rows(joined, "namesake_placeholder")
    agg = ns.group_by("lookalike_group").agg(
        pl.col("nama").n_unique().alias("names"),
        pl.col("tanggal_lahir").n_unique().alias("dates"),
        pl.col("kode_desa").n_unique().alias("villages"),
        pl.col("nkk").n_unique().alias("nkk"),
        pl.col("tanggal_lahir").first().alias("d"),
    )
    assert agg.height > 30
    assert (agg["names"] == 1).all() and (agg["dates"] == 1).all()
    assert (agg["villages"] == 1).all() and (agg["nkk"] == 2).all()
    assert all((d.day, d.month) in PLACEHOLDERS for d in agg["d"].to_list())


def test_shared_nik(big: SyntheticList) -> None:
    pairs = big.lookalike_pairs().filter(pl.col("kind") == "shared_nik")
    v = big.voters.select("id", "nik", "nama")
    both = pairs.join(v, left_on="id_l", right_on="id").join(v, left_on="id_r", right_on="id")
    assert both.height > 10
    assert (both["nik"] == both["nik_right"]).any()


def test_true_and_lookalike_pairs(big: SyntheticList) -> None:
    tp = big.true_pairs()
    pid = dict(zip(big.truth["id"].to_list(), big.truth["person_id"].to_list(), strict=True))
    assert (tp["id_l"] < tp["id_r"]).all()
    assert all(pid[a] == pid[b] for a, b in tp.head(2000).iter_rows())
    per = big.truth.group_by("person_id").len()["len"]
    assert tp.height == int((per * (per - 1) // 2).sum())
    lp = big.lookalike_pairs()
    assert set(lp["kind"].unique()) == {"twin", "father_son", "namesake_placeholder", "shared_nik"}
    assert all(pid[a] != pid[b] for a, b in lp.select("id_l", "id_r").iter_rows())


# --- rates --------------------------------------------------------------------------------


def test_duplicate_and_lookalike_rates(joined: pl.DataFrame) -> None:
    dup = joined.filter(pl.col("record_kind") == "duplicate")
    assert abs(dup.height / joined.height - 0.05) < 0.005
    orig = joined.filter(pl.col("record_kind") == "original")
    counts = orig["lookalike"].value_counts()
    got = dict(zip(counts["lookalike"].to_list(), counts["count"].to_list(), strict=True))
    expected = {
        "twin": 0.01,
        "father_son": 0.006,
        "namesake_placeholder": 0.002,
        "shared_nik": 0.001,
    }
    for kind, rate in expected.items():
        assert abs(got[kind] / orig.height - rate) < 0.35 * rate, kind


@pytest.mark.parametrize(
    "kind",
    ["name_typo", "name_case", "name_title", "nik_digit", "nik_missing", "nik_spreadsheet",
     "date_year", "place_variant", "moved"],
)  # fmt: skip
def test_error_rates_within_tolerance(joined: pl.DataFrame, kind: str) -> None:
    dup = joined.filter(pl.col("record_kind") == "duplicate")
    share = dup["errors"].str.split(";").list.contains(kind).mean()
    rate = DEFAULT_ERROR_RATES[kind]
    tolerance = 4 * (rate * (1 - rate) / dup.height) ** 0.5 + 0.01
    assert abs(share - rate) < tolerance  # type: ignore[operator]


def test_moved_duplicates_change_village(joined: pl.DataFrame) -> None:
    dup = joined.filter(pl.col("errors").str.contains("moved"))
    orig = joined.filter(pl.col("record_kind") == "original").select(
        "person_id", v0="kode_desa", k0="nkk"
    )
    m = dup.join(orig, on="person_id")
    assert (m["kode_desa"] != m["v0"]).mean() > 0.5  # type: ignore[operator]
    new_card = m.filter(pl.col("errors").str.contains("moved_nkk"))
    assert (new_card["nkk"] != new_card["k0"]).all()


def test_rates_are_parameters() -> None:
    s = voters(4000, seed=2, duplicate_rate=0.0, twin_rate=0.0, father_son_rate=0.0,
               namesake_rate=0.0, shared_nik_rate=0.0)  # fmt: skip
    assert (s.truth["record_kind"] == "original").all()
    assert s.truth["lookalike"].null_count() == 4000
    t = voters(4000, seed=2, duplicate_rate=0.1, error_rates={"name_case": 1.0})
    dup = t.truth.filter(pl.col("record_kind") == "duplicate")
    assert dup["errors"].str.contains("name_case").mean() > 0.9  # type: ignore[operator]


# --- output -------------------------------------------------------------------------------


def test_pandas_equals_polars() -> None:
    p = voters(1500, seed=8)
    q = voters(1500, seed=8, as_="pandas")
    assert type(q.voters).__name__ == "DataFrame" and not isinstance(q.voters, pl.DataFrame)
    assert p.voters.to_pandas().equals(q.voters)
    assert p.truth.to_pandas().equals(q.truth)


def test_kpu_csv_round_trip(tmp_path: Path) -> None:
    out = write(tmp_path / "dpt.csv", 800, seed=4)
    back = pl.read_csv(out, infer_schema=False)
    assert back.columns[:6] == ["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR"]
    assert back["NIK"].drop_nulls().str.contains(r"^\d{16}$").mean() > 0.97  # type: ignore[operator]
    assert back["TANGGAL LAHIR"].str.contains(r"^\d{2}-\d{2}-\d{4}$").all()
    truth = pl.read_parquet(tmp_path / "dpt.truth.parquet")
    assert truth["id"].to_list() == back["NO"].to_list()


def test_kpu_xlsx_text_cells(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = write(tmp_path / "dpt.xlsx", 300, seed=4, duplicate_rate=0.0)
    sheet = openpyxl.load_workbook(out, read_only=True)["DPT"]
    rows = list(sheet.iter_rows(values_only=True))
    nik_col = rows[0].index("NIK")
    niks = [r[nik_col] for r in rows[1:]]
    assert all(isinstance(x, str) and len(x) == 16 and x.isdigit() for x in niks)
    back = pl.read_excel(out, infer_schema_length=0)
    assert back["NIK"].str.len_chars().min() == 16


def test_write_parquet_independent_of_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_plan, "UNIT_ROWS", 2000)
    a = write(tmp_path / "a.parquet", 12_000, seed=9, chunk_rows=3000, kpu_style=False)
    b = write(tmp_path / "b.parquet", 12_000, seed=9, chunk_rows=10**7, kpu_style=False)
    va, vb = pl.read_parquet(a), pl.read_parquet(b)
    assert va.equals(vb)
    mem = voters(12_000, seed=9)
    assert va.equals(mem.voters)
    assert pl.read_parquet(tmp_path / "a.truth.parquet").equals(mem.truth)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": 0},
        {"n": 100, "duplicate_rate": 0.9},
        {"n": 100, "max_tps": 5},
        {"n": 100, "error_rates": {"no_such_kind": 0.1}},
        {"n": 100, "error_rates": {"name_typo": 1.5}},
        {"n": 100, "villages": ["9999999999"]},
        {"n": 100, "as_": "arrow"},
    ],
)
def test_bad_parameters(kwargs: dict) -> None:
    n = kwargs.pop("n")
    with pytest.raises(InvalidParameterError):
        voters(n, **kwargs)


def test_bad_format(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError):
        write(tmp_path / "x.txt", 100)


# --- pieces: tables and properties --------------------------------------------------------


@pytest.mark.parametrize(
    ("modern", "old"),
    [("Yusuf", "Joesoef"), ("Cahyo", "Tjahjo"), ("Joko", "Djoko"), ("Sukarno", "Soekarno"),
     ("Syarifah", "Sjarifah"), ("Nyoman", "Njoman"), ("Khadijah", "Chadidjah"), ("Budi", "Boedi")],
)  # fmt: skip
def test_old_spelling_table(modern: str, old: str) -> None:
    assert old_spelling(modern) == old


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("Muhammad Rizki", lambda s: s is not None and not s.startswith("Muhammad ")),
        ("M. Rizki", lambda s: s is not None and not s.startswith("M. ")),
        ("Abdul Rahman", lambda s: s == "Abd. Rahman"),
        ("Budi Santoso", lambda s: s is None),
    ],
)
def test_muhammad_variants(name: str, check: object) -> None:
    assert check(E._muhammad(name, np.random.default_rng(0)))  # type: ignore[operator]


def test_nik_damage_forms() -> None:
    rng = np.random.default_rng(1)
    nik = "3271010101900001"
    forms = {E._nik_spreadsheet(nik, rng) for _ in range(60)}
    assert {
        "3.27101E+15",
        nik + ".0",
        "'" + nik,
        "327101 010190 0001",
        "327101.010190.0001",
    } == forms
    typo = E._nik_digit(nik, rng)
    assert sum(a != b for a, b in zip(typo, nik, strict=True)) == 1
    swapped = E._nik_transpose(nik, rng)
    assert sorted(swapped) == sorted(nik) and swapped != nik


@pytest.mark.parametrize(
    ("date", "kind", "expected"),
    [
        (dt.date(1980, 3, 7), "date_swap", dt.date(1980, 7, 3)),
        (dt.date(1980, 3, 17), "date_swap", None),
        (dt.date(1980, 3, 3), "date_swap", None),
    ],
)
def test_date_errors(date: dt.date, kind: str, expected: dt.date | None) -> None:
    days = (date - dt.date(1970, 1, 1)).days
    got = E._date(days, kind, np.random.default_rng(0))
    assert got == (None if expected is None else (expected - dt.date(1970, 1, 1)).days)


words_st = st.lists(st.text(alphabet="ab ,.Éé", max_size=6), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(words=words_st, data=st.data())
def test_join_tokens_matches_reference(words: list[str], data: st.DataObject) -> None:
    pool = TokenPool()
    pool.add(list(dict.fromkeys(words)))
    uniq = list(dict.fromkeys(words))
    rows = data.draw(
        st.lists(st.lists(st.integers(-1, len(uniq) - 1), min_size=3, max_size=3), max_size=10)
    )
    tokens = np.array(rows, dtype=np.int64).reshape(len(rows), 3)
    got = join_tokens(tokens, pool, name="x").to_list()
    assert got == join_tokens_ref(rows, uniq)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=40))
def test_rank_within_matches_reference(keys: list[int]) -> None:
    assert _rank_within(np.array(keys, dtype=np.int64)).tolist() == rank_within_ref(keys)


@settings(max_examples=40, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2010, 12, 31)), st.booleans())
def test_date_field_matches_reference(d: dt.date, female: bool) -> None:
    days = np.array([(d - dt.date(1970, 1, 1)).days])
    assert date_field(days, np.array([female]))[0] == date_field_ref(d.year, d.month, d.day, female)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 9), min_size=1, max_size=60), min_size=1, max_size=4),
       st.integers(30, 80))  # fmt: skip
def test_tps_bounds_and_families(villages: list[list[int]], max_tps: int) -> None:
    v = np.concatenate([np.full(sum(s), i) for i, s in enumerate(villages)])
    unit = np.concatenate([np.repeat(np.arange(len(s)), s) for s in villages])
    tps = _tps(v, unit, max_tps)
    frame = pl.DataFrame({"v": v, "u": unit, "t": tps})
    assert int(frame.group_by("v", "t").len()["len"].max()) <= max_tps  # type: ignore[arg-type]
    assert frame.group_by("v", "u").agg(pl.col("t").n_unique())["t"].max() == 1
    assert frame.group_by("v").agg(pl.col("t").min())["t"].max() == 1


def test_own_card_changes_only_the_card_of_duplicates_that_stayed() -> None:
    """``own_nkk``: a duplicate that did not move gets a new card in its own village
    (DOMAIN.md, NKK: a married child, a divorce, a death), and nothing else changes."""
    plain = voters(6000, seed=4, duplicate_rate=0.1)
    carded = voters(6000, seed=4, duplicate_rate=0.1, error_rates={"own_nkk": 0.5})
    assert carded.voters.drop("nkk").equals(plain.voters.drop("nkk"))
    joined = carded.voters.join(carded.truth, on="id")
    changed = joined.filter(pl.col("errors").str.contains("own_nkk"))
    dup = joined.filter((pl.col("record_kind") == "duplicate")
                        & ~pl.col("errors").str.contains("moved"))
    assert abs(changed.height / dup.height - 0.5) < 0.1, (changed.height, dup.height)
    assert not changed["errors"].str.contains("moved").any()
    orig = joined.filter(pl.col("record_kind") == "original").select(
        "person_id", v0="kode_desa", k0="nkk")
    m = changed.join(orig, on="person_id")
    assert (m["kode_desa"] == m["v0"]).all() and (m["nkk"] != m["k0"]).all()
    assert m["nkk"].str.slice(0, 6).eq(m["kode_desa"].str.slice(0, 6)).all()  # issued there
    others = joined.filter(~pl.col("errors").str.contains("own_nkk"))["nkk"]
    assert not changed["nkk"].is_in(others.implode()).any()  # a card nobody else holds
    unchanged = plain.voters.filter(~pl.col("id").is_in(changed["id"].implode()))
    assert unchanged.equals(carded.voters.filter(~pl.col("id").is_in(changed["id"].implode())))
