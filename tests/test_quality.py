"""Tests for sidalih.quality: one table of must/must-not rows per check, plus whole-run properties."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_quality import family_split, mask, name_checks, overfull, tps_key

import sidalih
from sidalih.errors import DuplicateIdError, InvalidParameterError, mask_nik
from sidalih.quality import CHECKS, TMS, TMS2024, CheckReport, Severity, check
from sidalih.quality._messages import TEMPLATES, masked
from sidalih.quality._tps import _tps_key

ELECTION = "2024-02-14"

# A voter with nothing wrong: a woman born 15-03-1985 (NIK day 15 + 40 = 55), married,
# in Batu Tulis, Bogor Selatan (3271011001, known in 2019 and 2025).
BASE: dict[str, Any] = {
    "nama": "Siti Aminah",
    "nik": "3271015503850001",
    "nkk": "3271010101100001",
    "tempat_lahir": "BOGOR",
    "tanggal_lahir": "15-03-1985",
    "jenis_kelamin": "P",
    "status_kawin": "S",
    "disabilitas": None,
    "alamat": "JL. MAWAR NO. 1",
    "rt": "001",
    "rw": "002",
    "kode_desa": "3271011001",
    "tps": "001",
}


def voter(**over: Any) -> dict[str, Any]:
    return {**BASE, **over}


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    data = [{"id": i + 1, **row} for i, row in enumerate(rows)]
    return pl.DataFrame(data, schema_overrides={c: pl.String for c in BASE})


def flagged(rows: list[dict[str, Any]], name: str, **options: Any) -> set[int]:
    options.setdefault("election_date", ELECTION)
    report = check(frame(rows), **options)
    found = report.findings.filter(pl.col("check") == name)
    return set(found["id"].to_list())


def test_base_row_is_clean() -> None:
    report = check(frame([voter()]), election_date=ELECTION)
    assert report.findings.height == 0
    assert (report.n_rows, report.n_rows_clean) == (1, 1)


# --------------------------------------------------------------------------- row checks

# (check, overrides of the base row, flagged?)
ROW_CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("nik_empty", {"nik": None}, True),
    ("nik_empty", {"nik": "  "}, True),
    ("nik_empty", {}, False),
    ("nik_scientific", {"nik": "3.27101E+15"}, True),
    ("nik_scientific", {"nik": "3271015503850001"}, False),
    ("nik_non_digit", {"nik": "32710A5503850001"}, True),
    ("nik_non_digit", {"nik": "3271 0155 0385 0001"}, False),
    ("nik_letters_read", {"nik": "32710l55O3850001"}, True),  # l for 1, O for 0
    ("nik_letters_read", {"nik": "3271O13102850001"}, False),  # reads as 31 February
    ("nik_non_digit", {"nik": "3271O13102850001"}, True),
    ("nik_non_digit", {"nik": "32710l55O3850001"}, False),
    ("nik_letters_read", {}, False),
    ("nik_masked", {"nik": "327101550385****"}, True),
    ("nik_masked", {}, False),
    ("nik_wrong_length", {"nik": "327101550385001"}, True),
    ("nik_wrong_length", {"nik": "32710155038500011"}, True),
    ("nik_wrong_length", {}, False),
    ("nik_trailing_zero", {"nik": "32710155038500010"}, True),
    ("nik_repeated_digits", {"nik": "1111111111111111"}, True),
    ("nik_repeated_digits", {"nik": "1111111111111112"}, False),
    ("nik_old_format", {"nik": "0912345678901234"}, True),
    ("nik_zero_serial", {"nik": "3271015503850000"}, True),
    ("nik_zero_serial", {"nik": "3271015503850010"}, False),
    ("nik_bad_date", {"nik": "3271013102850001"}, True),
    ("nik_bad_date", {"nik": "3271017102850001"}, True),
    ("nik_bad_date", {}, False),
    ("nik_unknown_region", {"nik": "3299995503850001"}, True),
    ("nik_unknown_region", {}, False),
    ("nik_birth_date_mismatch", {"tanggal_lahir": "16-03-1985"}, True),
    ("nik_birth_date_mismatch", {"tanggal_lahir": "15-03-1986"}, True),
    ("nik_birth_date_mismatch", {"tanggal_lahir": "1985-03-15"}, False),
    ("nik_birth_date_mismatch", {"tanggal_lahir": None}, False),
    ("nik_sex_mismatch", {"jenis_kelamin": "L"}, True),
    ("nik_sex_mismatch", {"jenis_kelamin": "PEREMPUAN"}, False),
    ("nik_sex_mismatch", {"jenis_kelamin": None}, False),
    ("nik_region_moved", {"nik": "9101015503850001"}, True),  # Merauke before the 2022 split
    ("nik_region_moved", {}, False),
    ("nik_is_nkk", {"nik": "3271010101100001"}, True),  # the row's own family card
    ("nik_is_nkk", {"nik": "3271010101100001", "nkk": "3271010101100002"}, False),
    ("nik_is_nkk", {}, False),
    ("nkk_empty", {"nkk": None}, True),
    ("nkk_empty", {}, False),
    ("nkk_letters_read", {"nkk": "3271O10101100001"}, True),
    ("nkk_letters_read", {}, False),
    ("nkk_invalid", {"nkk": "3271O10101100001"}, False),
    ("nkk_invalid", {"nkk": "3271O10101100000"}, True),  # reads with serial 0000
    ("nkk_invalid", {"nkk": "123"}, True),
    ("nkk_invalid", {"nkk": "1111111111111111"}, True),
    ("nkk_invalid", {"nkk": None}, False),
    ("nkk_invalid", {}, False),
    ("birth_date_missing", {"tanggal_lahir": None}, True),
    ("birth_date_missing", {"tanggal_lahir": " "}, True),
    ("birth_date_missing", {}, False),
    ("birth_date_impossible", {"tanggal_lahir": "31-02-1985"}, True),
    ("birth_date_impossible", {"tanggal_lahir": "tidak tahu"}, True),
    ("birth_date_impossible", {"tanggal_lahir": "29-02-1984"}, False),
    ("birth_date_future", {"tanggal_lahir": "15-02-2024"}, True),
    ("birth_date_future", {"tanggal_lahir": "14-02-2024", "status_kawin": "S"}, False),
    ("birth_date_ambiguous", {"tanggal_lahir": "01-03-10"}, True),
    ("birth_date_ambiguous", {"tanggal_lahir": "15-03-85"}, False),
    ("birth_date_placeholder", {"tanggal_lahir": "01-07-1960"}, True),
    ("birth_date_placeholder", {"tanggal_lahir": "31-12-1950"}, True),
    ("birth_date_placeholder", {"tanggal_lahir": "01-01-1970"}, True),
    ("birth_date_placeholder", {"tanggal_lahir": "15-03-1985"}, False),  # the 15th: left out
    ("under_age", {"tanggal_lahir": "15-02-2007", "status_kawin": "B"}, True),
    ("under_age", {"tanggal_lahir": "15-02-2007", "status_kawin": "?"}, True),
    ("under_age", {"tanggal_lahir": "15-02-2007", "status_kawin": None}, True),
    ("under_age", {"tanggal_lahir": "14-02-2007", "status_kawin": "B"}, False),  # 17 today
    ("under_age", {"tanggal_lahir": "15-02-2007", "status_kawin": "KAWIN"}, False),
    ("under_age", {"tanggal_lahir": "15-02-2007", "status_kawin": "CERAI MATI"}, False),
    ("under_age", {"tanggal_lahir": None, "status_kawin": "B"}, False),
    ("too_old", {"tanggal_lahir": "01-02-1913"}, True),  # 111
    ("too_old", {"tanggal_lahir": "01-03-1914"}, False),  # 109
    ("name_empty", {"nama": None}, True),
    ("name_empty", {"nama": "   "}, True),
    ("name_empty", {}, False),
    ("name_placeholder", {"nama": "NN"}, True),
    ("name_placeholder", {"nama": "N.N."}, True),
    ("name_placeholder", {"nama": "tanpa  nama"}, True),
    ("name_placeholder", {"nama": "-"}, True),
    ("name_placeholder", {"nama": "AAAA"}, True),
    ("name_placeholder", {"nama": "12345"}, True),
    ("name_placeholder", {"nama": "Nana"}, False),
    ("name_placeholder", {"nama": "Aa Gym"}, False),
    ("name_placeholder", {"nama": None}, False),
    ("name_title_only", {"nama": "Dr. H."}, True),
    ("name_title_only", {"nama": "S.Pd."}, True),
    ("name_title_only", {"nama": "Hj."}, True),
    ("name_title_only", {"nama": "Ida Bagus"}, True),
    ("name_title_only", {"nama": "S.E."}, True),
    ("name_title_only", {"nama": "SE"}, False),  # a two-letter degree only counts dotted
    ("name_title_only", {"nama": "Andi"}, False),  # a title that is also a given name
    ("name_title_only", {"nama": "Hj. Siti"}, False),
    ("name_title_only", {"nama": "Ida"}, False),
    ("name_one_letter", {"nama": "A"}, True),
    ("name_one_letter", {"nama": "M."}, True),
    ("name_one_letter", {"nama": "Al"}, False),
    ("name_one_letter", {"nama": "Sukarno"}, False),
    ("name_bad_chars", {"nama": "Budi 2"}, True),
    ("name_bad_chars", {"nama": "Budi@"}, True),
    ("name_bad_chars", {"nama": "Abdul-Rahman"}, False),
    ("name_bad_chars", {"nama": "Ma'ruf Amin"}, False),
    ("name_bad_chars", {"nama": "José"}, False),
    ("name_bad_chars", {"nama": "Jose\u0301"}, False),  # José written decomposed (NFD)
    ("name_bad_chars", {"nama": "Butar\u2013Butar"}, False),  # an en dash for "-"
    ("name_bad_chars", {"nama": "Ma\u2018ruf"}, False),  # a left quote for "'"
    ("name_bad_chars", {"nama": "123"}, False),  # a placeholder, not also bad characters
    ("name_non_latin", {"nama": "محمد"}, True),  # the engine reads no name at all
    ("name_non_latin", {"nama": "王小明"}, True),
    ("name_non_latin", {"nama": "Сергей"}, True),
    ("name_non_latin", {"nama": "Ahmad محمد"}, True),  # compared as "ahmad" alone
    ("name_non_latin", {"nama": "Đặng Văn"}, True),  # Đ has no accent to fold: dropped
    ("name_non_latin", {"nama": "José Müller"}, False),  # accents fold to a-z
    ("name_non_latin", {"nama": "ʼAbdul Fatah"}, False),  # a modifier letter apostrophe
    ("name_non_latin", {"nama": "Ｓｉｔｉ"}, False),  # full-width letters fold to a-z
    ("name_non_latin", {"nama": "😀"}, False),  # a placeholder, not also non-Latin
    ("tps_missing", {"tps": None}, True),
    ("tps_missing", {"tps": "TPS"}, True),
    ("tps_missing", {"tps": "TPS 01"}, False),
    ("village_missing", {"kode_desa": None}, True),
    ("village_missing", {}, False),
    ("village_unknown", {"kode_desa": "3299999999"}, True),
    ("village_unknown", {"kode_desa": "327101"}, True),
    ("village_unknown", {"kode_desa": "desa"}, True),
    ("village_unknown", {"kode_desa": "32.71.01.1001"}, False),
    ("village_unknown", {"kode_desa": "1172012002"}, False),  # 2019 table only
    ("village_unknown", {"kode_desa": None}, False),
    ("village_moved", {"kode_desa": "1172012001"}, True),
    ("village_moved", {}, False),
    ("required_missing", {"alamat": None}, True),
    ("required_missing", {"tempat_lahir": ""}, True),
    ("required_missing", {"disabilitas": None}, False),
    ("required_missing", {"nik": None}, False),  # reported as nik_empty instead
    ("sex_invalid", {"jenis_kelamin": "X"}, True),
    ("sex_invalid", {"jenis_kelamin": "Laki-laki"}, False),
    ("sex_invalid", {"jenis_kelamin": None}, False),
    ("marital_invalid", {"status_kawin": "?"}, True),
    ("marital_invalid", {"status_kawin": "Belum Kawin"}, False),
]


@pytest.fixture(scope="module")
def table_findings() -> pl.DataFrame:
    """Every case of ROW_CASES as one row of one list (row checks do not look across rows)."""
    rows = [voter(**over) for _, over, _ in ROW_CASES]
    return check(frame(rows), election_date=ELECTION).findings


@pytest.mark.parametrize(
    ("row", "name", "over", "expected"), [(i + 1, *case) for i, case in enumerate(ROW_CASES)]
)
def test_row_check(
    table_findings: pl.DataFrame, row: int, name: str, over: dict[str, Any], expected: bool
) -> None:
    assert name in CHECKS
    hits = table_findings.filter((pl.col("id") == row) & (pl.col("check") == name))
    assert hits.height == int(expected), over


@pytest.mark.parametrize("case", [ROW_CASES[0], ROW_CASES[50], ROW_CASES[80]])
def test_row_check_alone_as_in_the_table(case: tuple[str, dict[str, Any], bool]) -> None:
    name, over, expected = case
    assert flagged([voter(**over)], name) == ({1} if expected else set())


def test_every_check_has_a_table_case_or_a_group_test() -> None:
    group_tested = {"nik_duplicate_same_person", "nik_shared", "family_split_tps",
                    "tps_overfull", "tps_spans_villages", "duplicate",
                    "nik_lost_precision", "nik_placeholder"}  # fmt: skip
    in_table = {name for name, _, expected in ROW_CASES if expected}
    assert set(CHECKS) == in_table | group_tested


@pytest.mark.parametrize("kind", ["float", "object", "polars"])
def test_lost_precision_reaches_check_as_nik_parse_says(kind: str) -> None:
    # schema.standardise writes a float above 2**53 as exponent text, which the parser
    # reads as scientific; check() once said nik_scientific where nik.parse says
    # lost_precision for the same value
    value = 9301014101900001.0  # above 2**53
    niks: Any = {"float": [value, 3271014101900001.0],
                 "object": pd.Series([value, "3271014101900001"], dtype=object),
                 "polars": pl.Series([value, 3271014101900001.0])}[kind]
    assert list(sidalih.nik.parse(niks)["status"])[0] == "lost_precision"
    raw: Any = pd.DataFrame({"nama": ["A B", "C D"], "NIK": niks})
    if kind == "polars":
        raw = pl.DataFrame({"nama": ["A B", "C D"], "NIK": niks})
    report = check(raw, election_date=ELECTION, required_elements=())
    assert list(report.findings["check"]) == ["nik_lost_precision"]
    text = pd.DataFrame({"nama": ["A B"], "nik": ["9.301014101900000E+15"]})
    found = check(text, election_date=ELECTION, required_elements=()).findings
    assert found["check"].tolist() == ["nik_scientific"]  # text stays what parse says


def test_region_version_2025_rejects_2019_only_codes() -> None:
    rows = [voter(kode_desa="1172012002")]
    assert flagged(rows, "village_unknown", region_version="2025") == {1}
    assert flagged(rows, "village_unknown", region_version="2019") == set()


def test_required_elements_parameter() -> None:
    row = voter(alamat=None, disabilitas=None)
    assert flagged([row], "required_missing", required_elements=()) == set()
    assert flagged([row], "required_missing", required_elements=("disabilitas",)) == {1}
    report = check(frame([row]), election_date=ELECTION,
                   required_elements=("alamat", "disabilitas"))  # fmt: skip
    detail = report.findings.filter(pl.col("check") == "required_missing")["detail"].item()
    assert detail == "elemen data wajib kosong: disabilitas, alamat"


def test_absent_required_column_is_missing_on_every_row() -> None:
    data = frame([voter(), voter(nik="3271015503850002")]).drop("alamat", "nik")
    report = check(data, election_date=ELECTION, required_elements=("alamat", "nik"))
    found = report.findings
    assert found.filter(pl.col("check") == "required_missing")["id"].to_list() == [1, 2]
    assert found.filter(pl.col("check") == "nik_empty")["id"].to_list() == [1, 2]
    assert "nik_sex_mismatch" not in report.skipped


def test_absent_optional_columns_skip_their_checks() -> None:
    data = frame([voter()]).select("id", "nama", "tanggal_lahir", "status_kawin")
    report = check(data, election_date=ELECTION, required_elements=("nama",))
    assert report.findings.height == 0
    assert report.skipped["tps_overfull"] == "column(s) tps absent"
    assert report.skipped["duplicate"].startswith("no engine result")
    assert "under_age" not in report.skipped


# --------------------------------------------------------------------------- group checks


def test_same_nik_same_person_keeps_the_first_row() -> None:
    rows = [voter(nama="SITI AMINAH"), voter(), voter(nama="Siti  Aminah, S.Pd.")]
    report = check(frame(rows), election_date=ELECTION)
    same = report.findings.filter(pl.col("check") == "nik_duplicate_same_person")
    assert same.select("id", "tms").rows() == [(1, None), (2, "ganda"), (3, "ganda")]
    assert flagged(rows, "nik_shared") == set()
    assert "dipertahankan id 1" in same["detail"][0]


def test_a_kept_id_that_is_a_nik_is_masked_in_the_detail() -> None:
    """Ids are often NIKs (Result, the worklist and the report mask them): the kept id
    and the cluster named in a detail are masked as a NIK is, and short ids are kept."""
    nik = BASE["nik"]
    rows = pl.DataFrame([{**voter(), "id": nik}, {**voter(), "id": "3271015503850002"},
                         {**voter(nik="3271015503850003"), "id": "000000017"}],
                        schema_overrides={c: pl.String for c in BASE})
    clusters = pl.DataFrame({"id": [nik, "3271015503850002", "000000017"],
                             "cluster_id": [nik, nik, "000000017"]})
    for lang, kept in (("id", "dipertahankan id"), ("en", "kept id")):
        report = check(rows, election_date=ELECTION, lang=lang, result=clusters)
        details = report.findings.filter(
            pl.col("check").is_in(["nik_duplicate_same_person", "duplicate"]))["detail"]
        assert details.len() == 4
        assert not any(re.search(r"\d{12}", d) for d in details)
        assert all(d.endswith(f"{kept} 3271********0001") for d in details)
    one = check(rows[2:].vstack(rows[2:].with_columns(pl.lit("000000018").alias("id"))),
                election_date=ELECTION)
    assert one.findings["detail"][0].endswith("dipertahankan id 000000017")


def test_a_nik_with_letters_is_reported_masked_and_counted_as_its_digits() -> None:
    """A NIK typed with look-alike letters is a warning naming the masked value and the
    masked digits read, and those digits are the NIK: the same person listed under both
    forms is one NIK on two rows, and its own NKK typed with letters is still the NKK."""
    rows = [voter(), voter(nik="327101SSO385OOO1"), voter(nik="3271O155O3850001")]
    report = check(frame(rows), election_date=ELECTION, lang="en")
    letters = report.findings.filter(pl.col("check") == "nik_letters_read")
    assert letters["id"].to_list() == [3]  # six letters of three kinds: not read
    assert letters["detail"].item() == (
        "NIK 3271********0001 has letters for digits (O for 0, I for 1, ...); read as "
        "3271********0001 and used for matching; correct it from the document")
    assert letters["severity"].item() == "warning"
    assert flagged(rows, "nik_non_digit") == {2}
    assert flagged(rows, "nik_duplicate_same_person") == {1, 3}
    summary = report.summary()
    assert summary.filter(pl.col("check") == "nik_letters_read")["n_findings"].to_list() == [1]
    card = [voter(nik="3271O10101100001")]  # the row's own NKK, typed with an O
    assert flagged(card, "nik_is_nkk") == {1}
    report = check(frame([voter(nkk="3271O10101100001")]), election_date=ELECTION, lang="en")
    assert report.findings.select("check", "detail").rows() == [
        ("nkk_letters_read", "NKK 3271********0001 has letters for digits; read as "
         "3271********0001; correct it from the document")]


def test_same_nik_different_people() -> None:
    rows = [voter(), voter(nama="Budi Santoso", tanggal_lahir="15-03-1985"),
            voter(nama="Siti Aminah"), voter(nik="3271015503850002")]  # fmt: skip
    assert flagged(rows, "nik_shared") == {1, 2, 3}
    assert flagged(rows, "nik_duplicate_same_person") == {1, 3}
    assert flagged([voter(), voter(tanggal_lahir="16-03-1985")], "nik_shared") == {1, 2}


PEOPLE = [("Siti Aminah", "15-03-1985"), ("Budi Santoso", "02-01-1960"),
          ("Dewi Lestari", "11-08-1992"), ("Agus Salim", "30-06-1971"),
          ("Rina Wati", "05-05-2001"), ("Joko Susilo", "19-09-1950")]


def test_a_nik_on_more_records_than_a_person_has_is_a_placeholder() -> None:
    five = [voter(nama=n, tanggal_lahir=d) for n, d in PEOPLE[:5]]
    assert flagged(five, "nik_placeholder") == {1, 2, 3, 4, 5}
    assert flagged(five, "nik_shared") == set()  # reported once, as the placeholder
    assert flagged(five[:4], "nik_placeholder") == set()  # four: twins, a household
    assert flagged(five[:4], "nik_shared") == {1, 2, 3, 4}
    assert flagged(five, "nik_placeholder", max_records_per_nik=5) == set()
    assert flagged(five[:3], "nik_placeholder", max_records_per_nik=2) == {1, 2, 3}
    report = check(frame(five), election_date=ELECTION, lang="en")
    detail = report.findings.filter(pl.col("check") == "nik_placeholder")["detail"][0]
    assert detail == ("NIK 3271********0001 is on 5 rows of 5 different people (name/birth "
                      "date), more than the 4 records one person plausibly has: a "
                      "placeholder, not an identity")
    assert report.parameters["max_records_per_nik"] == 4


def test_one_person_repeated_keeps_the_nik() -> None:
    # rows that agree on name and birth date are one record repeated: the NIK is theirs
    rows = [voter() for _ in range(7)]
    assert flagged(rows, "nik_placeholder") == set()
    assert flagged(rows, "nik_duplicate_same_person") == set(range(1, 8))


def test_a_family_card_typed_as_the_nik_groups_nobody() -> None:
    card = BASE["nkk"]
    rows = [voter(nama=n, tanggal_lahir=d, nik=card) for n, d in PEOPLE[:3]]
    assert flagged(rows, "nik_is_nkk") == {1, 2, 3}
    assert flagged(rows, "nik_shared") == set()


def test_repeated_digit_niks_are_not_grouped() -> None:
    rows = [voter(nik="1111111111111111"), voter(nik="1111111111111111", nama="Budi")]
    assert flagged(rows, "nik_shared") == set()


def test_tps_overfull_counts_one_station_per_village() -> None:
    rows = [voter(tps="001"), voter(tps="1"), voter(tps="TPS 01"), voter(tps="002"),
            voter(tps="001", kode_desa="3271011002")]  # fmt: skip
    rows = [{**r, "nik": f"32710155038500{i + 10}"} for i, r in enumerate(rows)]
    assert flagged(rows, "tps_overfull", max_voters_per_tps=2) == {1, 2, 3}
    assert flagged(rows, "tps_overfull", max_voters_per_tps=3) == set()
    assert flagged(rows, "tps_overfull", max_voters_per_tps=3, tps_scope="list") == {1, 2, 3, 5}


def test_tps_spans_villages_needs_list_scope() -> None:
    rows = [voter(tps="A1", nik="3271015503850011"),
            voter(tps="A1", kode_desa="3271011002", nik="3271015503850012"),
            voter(tps="A2", nik="3271015503850013")]  # fmt: skip
    assert flagged(rows, "tps_spans_villages", tps_scope="list") == {1, 2}
    report = check(frame(rows), election_date=ELECTION)
    assert "tps_spans_villages" in report.skipped
    assert "tps_spans_villages" not in report.findings["check"].to_list()


def test_family_split_suggests_wrong_tps_outside_the_main_station() -> None:
    rows = [voter(tps="001"), voter(tps="002"), voter(tps="001"),
            voter(tps="003", kode_desa="3271011002"),  # same card, another village
            voter(nkk="3271010101100002", tps="004")]  # fmt: skip
    rows = [{**r, "nik": f"32710155038500{i + 10}"} for i, r in enumerate(rows)]
    report = check(frame(rows), election_date=ELECTION)
    split = report.findings.filter(pl.col("check") == "family_split_tps")
    assert split.select("id", "tms").rows() == [(1, None), (2, "tps_tidak_sesuai"), (3, None)]
    assert "TPS utama 1" in split["detail"][0]


def test_family_split_tie_takes_the_smallest_tps() -> None:
    rows = [voter(tps="002", nik="3271015503850011"), voter(tps="001", nik="3271015503850012")]
    report = check(frame(rows), election_date=ELECTION)
    split = report.findings.filter(pl.col("check") == "family_split_tps")
    assert split.select("id", "tms").rows() == [(1, "tps_tidak_sesuai"), (2, None)]


def test_tps_checks_mask_niks_shifted_into_the_tps_column() -> None:
    # a shifted export: NIKs land in TPS (and village) columns, and findings quote them
    niks = ["3271014101900001", "3271010202850003", "3271010202850003"]
    rows = [voter(tps=n, kode_desa=n if i == 2 else BASE["kode_desa"],
                  nik=f"32710155038500{i + 10}") for i, n in enumerate(niks)]
    report = check(frame(rows), election_date=ELECTION, max_voters_per_tps=1, tps_scope="list")
    checks = set(report.findings["check"].to_list())
    assert {"family_split_tps", "tps_overfull", "tps_spans_villages"} <= checks
    for detail in report.findings["detail"]:
        assert not re.search(r"[0-9]{12}", detail), detail
    split = report.findings.filter(pl.col("check") == "family_split_tps")
    assert "3271********0001" in split["detail"][0]


def test_a_duration_birth_date_is_a_finding_not_a_crash() -> None:
    # e.g. pandas timedeltas after subtracting two dates: deduplicate reads them as
    # unparsed dates, and check reports them as such
    rows = frame([voter(), voter(nik="3271015503850002")]).with_columns(
        tanggal_lahir=pl.Series([dt.timedelta(days=3), dt.timedelta(days=4)]))
    for voters in (rows, rows.to_pandas()):
        found = check(voters, election_date=ELECTION).findings
        found = pl.from_pandas(found) if isinstance(found, pd.DataFrame) else found
        flagged = found.filter(pl.col("check").str.starts_with("birth_date"))
        assert sorted(set(flagged["id"].to_list())) == [1, 2]
        assert "3 days" in flagged["detail"][0]


class FakeResult:
    def __init__(self, clusters: Any) -> None:
        self.clusters = clusters
        self.pairs = pl.DataFrame({"id_l": [1], "id_r": [3], "match_probability": [0.99]})


def test_duplicates_from_an_engine_result() -> None:
    rows = [voter(nik=f"32710155038500{i + 10}") for i in range(4)]
    clusters = pd.DataFrame({"id": [4, 3, 2, 1, 99], "cluster_id": [7, 5, 7, 5, 8]})
    report = check(frame(rows), election_date=ELECTION, result=FakeResult(clusters))
    dup = report.findings.filter(pl.col("check") == "duplicate")
    assert dup.select("id", "tms").rows() == [(1, None), (2, None), (3, "ganda"), (4, "ganda")]
    assert report.notes == ("1 cluster rows of the result name ids absent from the list",)
    assert "duplicate" not in report.skipped
    bare = check(frame(rows), election_date=ELECTION, result=pl.from_pandas(clusters))
    assert bare.findings.equals(report.findings)


def test_result_without_clusters_is_a_typed_error() -> None:
    with pytest.raises(InvalidParameterError.__mro__[1]):  # SidalihError
        check(frame([voter()]), election_date=ELECTION, result=object())


# --------------------------------------------------------------------------- whole run

WRONG_EVERYWHERE: dict[str, Any] = {
    "nama": "1@",
    "nik": "3.27101E+15",
    "nkk": "12",
    "tempat_lahir": None,
    "tanggal_lahir": "31-02-1990",
    "jenis_kelamin": "X",
    "status_kawin": "?",
    "disabilitas": None,
    "alamat": "",
    "rt": None,
    "rw": None,
    "kode_desa": "99",
    "tps": "",
}


def test_a_row_with_every_field_wrong() -> None:
    report = check(frame([WRONG_EVERYWHERE]), election_date=ELECTION)
    assert report.findings["check"].to_list() == [
        "nik_scientific", "nkk_invalid", "birth_date_impossible", "name_placeholder",
        "tps_missing", "village_unknown", "required_missing", "sex_invalid", "marital_invalid",
    ]  # fmt: skip
    assert (report.n_rows, report.n_rows_clean) == (1, 0)


def test_a_row_with_every_field_of_a_wrong_type() -> None:
    raw = pd.DataFrame({
        "NAMA": [b"\xff\xfe", 12], "NIK": [3.5, None], "NKK": [object(), "x"],
        "TGL LAHIR": [dt.datetime(2030, 1, 1), "??"], "JK": [1.5, True],
        "STATUS KAWIN": [None, 3], "KODE DESA": [3271011001, None], "TPS": [1.0, None],
    })  # fmt: skip
    report = check(raw, election_date=ELECTION)
    assert isinstance(report.findings, pd.DataFrame)
    assert report.n_rows == 2
    assert {"birth_date_future", "birth_date_impossible", "nik_empty"} <= set(
        report.findings["check"]
    )


def test_every_row_examined_once_and_each_check_once_per_row() -> None:
    rows = [voter(**over) for _, over, _ in ROW_CASES] + [WRONG_EVERYWHERE]
    report = check(frame(rows), election_date=ELECTION, max_voters_per_tps=50)
    found = report.findings
    assert report.n_rows == len(rows)
    assert report.n_rows_clean + found["id"].n_unique() == len(rows)
    assert not found.select("id", "check").is_duplicated().any()
    assert set(found["id"]) <= set(range(1, len(rows) + 1))
    order = {name: i for i, name in enumerate(CHECKS)}
    keys = [(i, order[c]) for i, c in found.select("id", "check").iter_rows()]
    assert keys == sorted(keys)


def test_pandas_and_polars_agree() -> None:
    rows = [voter(**over) for _, over, _ in ROW_CASES] + [WRONG_EVERYWHERE]
    polars_report = check(frame(rows), election_date=ELECTION)
    pandas_report = check(frame(rows).to_pandas(), election_date=ELECTION)
    assert isinstance(pandas_report.findings, pd.DataFrame)
    assert pl.from_pandas(pandas_report.findings).equals(polars_report.findings)
    assert pl.from_pandas(pandas_report.summary(by="regency")).equals(
        polars_report.summary(by="regency")
    )
    assert pandas_report.n_rows_clean == polars_report.n_rows_clean


def test_no_full_nik_in_any_detail() -> None:
    rows = [voter(**over) for _, over, _ in ROW_CASES] + [voter(), voter(nama="Budi")]
    for lang in ("id", "en"):
        details = check(frame(rows), election_date=ELECTION, lang=lang).findings["detail"]
        assert not any(re.search(r"\d{12}", d) for d in details)


def test_english_details_and_severities() -> None:
    report = check(frame([voter(nama="NN")]), election_date=ELECTION, lang="en")
    row = report.findings.row(0, named=True)
    assert row == {"id": 1, "check": "name_placeholder", "severity": "error",
                   "detail": "name 'NN' is a placeholder, not a name", "tms": None}  # fmt: skip
    assert {c.severity for c in CHECKS.values()} == set(Severity)
    assert all(len(t) == 2 and all(t) for t in TEMPLATES.values())
    assert set(TEMPLATES) == set(CHECKS)


def test_summary_by_region() -> None:
    rows = [voter(nama="NN"), voter(nama="NN", kode_desa="3271021001", nik="3271015503850002"),
            voter(nama="NN", kode_desa="3201011001", nik="3271015503850003")]  # fmt: skip
    report = check(frame(rows), election_date=ELECTION, checks=["name_placeholder"])
    assert report.summary().rows() == [("name_placeholder", "error", 3, 0)]
    assert report.summary(by="regency").rows() == [
        ("3201", "name_placeholder", "error", 1, 0),
        ("3271", "name_placeholder", "error", 2, 0),
    ]
    assert report.summary(by="district")["district"].to_list() == ["320101", "327101", "327102"]
    assert report.summary(by="kode_desa").height == 3
    with pytest.raises(InvalidParameterError):
        report.summary(by="rt")


def test_tms_is_an_enum_per_regime() -> None:
    assert [m.code for m in TMS2024] == list(range(1, 9))
    assert TMS is TMS2024
    assert TMS2024.UNDER_AGE.value == "bawah_umur"
    assert {c.tms for c in CHECKS.values()} - {None} <= set(TMS2024.__members__)

    from enum import Enum

    class Partial(str, Enum):
        DOUBLE = "d"

    rows = [voter(tanggal_lahir="01-01-2010", status_kawin="B"), voter(), voter()]
    report = check(frame(rows), election_date=ELECTION, tms=Partial)
    found = report.findings
    assert found.filter(pl.col("check") == "under_age")["tms"].to_list() == [None]
    same = found.filter(pl.col("check") == "nik_duplicate_same_person")
    assert same.select("id", "tms").rows() == [(2, None), (3, "d")]


def test_election_date_decides_age() -> None:
    rows = [voter(tanggal_lahir="20-06-2007", status_kawin="B")]
    assert flagged(rows, "under_age", election_date="2024-02-14") == {1}
    assert flagged(rows, "under_age", election_date=dt.date(2024, 11, 27)) == set()


@pytest.mark.parametrize(
    "options",
    [
        {"election_date": "today"},
        {"election_date": None},
        {"max_voters_per_tps": 0},
        {"max_voters_per_tps": True},
        {"required_elements": ("umur",)},
        {"region_version": "2022"},
        {"tps_scope": "district"},
        {"lang": "jv"},
        {"checks": ["nik_typo"]},
        {"tms": 2024},
        {"max_records_per_nik": 0},
        {"max_records_per_nik": "4"},
    ],
)
def test_bad_options_raise_invalid_parameter(options: dict[str, Any]) -> None:
    options = {"election_date": ELECTION, **options}
    with pytest.raises(InvalidParameterError):
        check(frame([voter()]), **options)


def test_repeated_ids_are_a_schema_error() -> None:
    data = frame([voter(), voter()]).with_columns(pl.lit(1).alias("id"))
    with pytest.raises(DuplicateIdError):
        check(data, election_date=ELECTION)


def test_empty_list() -> None:
    report = check(frame([voter()]).clear(), election_date=ELECTION)
    assert (report.n_rows, report.n_rows_clean, report.n_findings) == (0, 0, 0)
    assert report.summary().height == 0
    assert isinstance(report, CheckReport)
    assert "0 rows" in str(report)


# --------------------------------------------------------------------------- properties

_NAME_CHARS = st.sampled_from(list("aAbBiInNsSdDhHjJ .,'-@1_éÉжمØʼªＳ\u0301\u2013\u2018\u200b")
                              + ["Hj.", "S.Pd.", "Dr.", "NN"])
_NAMES = st.one_of(st.none(), st.lists(_NAME_CHARS, max_size=8).map("".join))
_TPS = st.one_of(st.none(), st.sampled_from(["001", "1", "TPS 1", "02", "2", "A", "", "TPS"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_NAMES, _TPS, st.sampled_from(["3271011001", "3271011002", None]),
                  st.sampled_from(["3271010101100001", "3271010101100002", "12", None])),
        min_size=1, max_size=12,
    ),
    st.integers(1, 4),
)  # fmt: skip
def test_name_tps_and_family_rules_agree_with_reference(rows: list[tuple], limit: int) -> None:
    data = pl.DataFrame(
        {"id": list(range(len(rows))), "nama": [r[0] for r in rows], "tps": [r[1] for r in rows],
         "kode_desa": [r[2] for r in rows], "nkk": [r[3] for r in rows]},
        schema={"id": pl.Int64, "nama": pl.String, "tps": pl.String, "kode_desa": pl.String,
                "nkk": pl.String},
    )  # fmt: skip
    report = check(data, election_date=ELECTION, max_voters_per_tps=limit, required_elements=())
    found = report.findings
    for i, row in enumerate(rows):
        got = set(
            found.filter((pl.col("id") == i) & pl.col("check").str.starts_with("name_"))["check"]
        )
        assert got == name_checks(row[0]), row[0]
    got_over = set(found.filter(pl.col("check") == "tps_overfull")["id"])
    assert got_over == overfull([(i, r[2], r[1]) for i, r in enumerate(rows)], limit)
    valid = {"3271010101100001", "3271010101100002"}
    expected = family_split([(i, r[2], r[3] if r[3] in valid else None, r[1])
                             for i, r in enumerate(rows)])  # fmt: skip
    split = found.filter(pl.col("check") == "family_split_tps")
    assert dict(zip(split["id"], split["tms"].is_not_null(), strict=True)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=20))
def test_masked_agrees_with_mask_nik(values: list[str | None]) -> None:
    out = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(masked(pl.col("v")))
    assert out.to_series().to_list() == [None if v is None else mask(v) for v in values]
    assert [None if v is None else mask(v) for v in values] == [
        None if v is None else mask_nik(v) for v in values
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="TPStps 0123A-.", max_size=8)), max_size=20))
def test_tps_key_agrees_with_reference(values: list[str | None]) -> None:
    got = _tps_key(pl.Series(values, dtype=pl.String))["_tps"].to_list()
    assert got == [tps_key(v) for v in values]


_ANY = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["", " ", "-", "0", "NaN"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({c: _ANY for c in BASE}), min_size=1, max_size=8))
def test_random_rows_never_raise(rows: list[dict[str, Any]]) -> None:
    report = check(frame(rows), election_date=ELECTION, result=FakeResult(
        pl.DataFrame({"id": [1, 2], "cluster_id": [0, 0]})))  # fmt: skip
    found = report.findings
    assert report.n_rows == len(rows)
    assert not found.select("id", "check").is_duplicated().any()
    assert found["severity"].is_in([s.value for s in Severity]).all()
    assert found["detail"].is_not_null().all()


def test_a_nik_in_another_column_is_masked_in_every_detail() -> None:
    # A shifted spreadsheet puts NIKs where names, dates, codes belong; the details
    # quote those values and must mask them as the NIK checks do.
    nik = "3271014101900001"
    voters = pl.DataFrame({
        "id": [1, 2],
        "nama": [nik, "Budi"],
        "nik": ["3271010101850002", "3271010101850003"],
        "tanggal_lahir": ["01-01-1985", nik],
        "jenis_kelamin": ["L", nik],
        "status_kawin": ["B", nik],
        "kode_desa": [nik, "3271011001"],
    })
    findings = check(voters, election_date="2024-02-14", lang="en").findings
    details = findings["detail"].to_list()
    assert len(details) >= 5
    assert not any(nik in d for d in details)
    assert sum("3271********0001" in d for d in details) >= 5


def test_a_list_per_cell_is_reported_not_raised() -> None:
    voters = pl.DataFrame({
        "id": [1, 2], "nama": ["Siti", "Budi"], "nik": ["3271014101900001", "3271010101850002"],
        "tanggal_lahir": [[1, 2], [3]],
    })
    findings = check(voters, election_date="2024-02-14", lang="en").findings
    assert set(findings.filter(pl.col("check") == "birth_date_impossible")["id"]) == {1, 2}


@pytest.mark.parametrize("date", ["1800-01-01", dt.date(2300, 1, 1), pd.NaT])
def test_an_impossible_election_date_is_named_as_such(date: object) -> None:
    with pytest.raises(InvalidParameterError, match="election_date"):
        check(pl.DataFrame({"nama": ["Siti"]}), election_date=date)
