"""Defects a black-box tester found in round 10, each held by its own tests.

A NIK that pandas' default ``read_csv`` turns from spreadsheet damage (``7.32618E+15``)
into a number (7326180000000000.0) is read as the text is, ``scientific``: six digits and
ten zeros hold nothing of a person, so the matcher never scores it as a different NIK and
the duplicate merges as in a text read. A missing value's level in an explanation is a
phrase in the run's language ("NIK kosong", "NIK missing"), not the word ``null``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

import sidalih
from sidalih import compare
from sidalih.cli import app
from sidalih.engine._reasons import phrase

ELECTION = "2024-02-14"


def _groups(clusters: pd.DataFrame) -> set[tuple[str, ...]]:
    """Clusters of two or more records, as sets of ids (text, zero-padded: a default
    ``read_csv`` reads the ids as integers)."""
    frame = pl.from_pandas(clusters.reset_index(drop=True)).with_columns(
        pl.col("id").cast(pl.String).str.zfill(9), pl.col("cluster_id").cast(pl.String))
    return {tuple(sorted(g)) for g in frame.group_by("cluster_id").agg("id")["id"].to_list()
            if len(g) > 1}


# --- a NIK of six digits and ten zeros: 3.27101E+15 read as a number -------------------


@pytest.mark.parametrize(
    "value", [7.32618e15, 7326180000000000, "7326180000000000", "7.32618E+15",
              pd.Series([7.32618e15]), pl.Series([7.32618e15], dtype=pl.Float64)])
def test_a_nik_of_six_digits_and_ten_zeros_reads_as_the_exponent_text(value: object) -> None:
    values = value if isinstance(value, (pd.Series, pl.Series)) else [value]
    parsed = sidalih.nik.parse(values)
    assert list(parsed["status"]) == ["scientific"]
    assert list(parsed["nik"]) == [None]  # never restored: no key to match on


def test_check_says_scientific_for_a_numeric_nik_with_ten_zeros() -> None:
    voters = pd.DataFrame({"nama": ["Rini", "Budi"], "nik": [7.32618e15, 3271014101900001.0]})
    found = sidalih.check(voters, election_date=ELECTION, required_elements=(),
                          lang="en").findings
    assert found["check"].tolist() == ["nik_scientific"]
    assert "serial 0000" not in found["detail"][0]
    assert "7326********0000" in found["detail"][0]  # masked, as every NIK a message quotes


def test_a_csv_read_by_pandas_defaults_merges_as_read_as_text(tmp_path: Path) -> None:
    """Record 000000307's NIK is ``7.32618E+15``. Read as text it is ``scientific`` and
    the record merges with its copies 000000331 and 000000339 ("Rini", one card, one
    village). Read with pandas' defaults it was the NIK 7326********0000 (zero_serial,
    usable), scored "different NIK" -9.3 bits: the duplicate was lost."""
    path = sidalih.synth.write(tmp_path / "dpt.csv", 3000, seed=7, truth_path=False)
    as_text = pd.read_csv(path, dtype=str)
    default = pd.read_csv(path)
    assert default["NIK"].dtype == "float64"
    by_default = sidalih.deduplicate(default)
    assert _groups(by_default.clusters) == _groups(sidalih.deduplicate(as_text).clusters)
    assert ("000000307", "000000331", "000000339") in _groups(by_default.clusters)
    nik = by_default.explain(307, 331).to_frame().set_index("comparison").loc["nik"]
    assert (nik["left"], nik["weight"]) == ("—", 0.0)  # missing, no evidence either way


# --- a missing value's level is a phrase --------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "lang", "words"),
    [
        (compare.nik(), "id", "NIK kosong"),
        (compare.nik(), "en", "NIK missing"),
        (compare.date("tanggal_lahir"), "en", "birth date missing"),
        (compare.exact("nkk"), "id", "NKK kosong"),
        (compare.exact("nkk"), "en", "family card missing"),
        (compare.exact("jenis_kelamin"), "en", "sex missing"),
        (compare.code_prefix("kode_desa", lengths=(4, 6, 10)), "id", "kode desa kosong"),
    ],
)
def test_the_null_level_has_a_phrase(comparison: compare.Comparison, lang: str,
                                     words: str) -> None:
    assert phrase(comparison, "null", lang=lang) == words


@pytest.fixture(scope="module")
def voters() -> pl.DataFrame:
    return sidalih.synth.voters(5000, seed=7).voters


@pytest.mark.parametrize(("lang", "words"), [("id", "NIK kosong"), ("en", "NIK missing")])
def test_an_explanation_names_a_missing_values_level_in_words(
    voters: pl.DataFrame, lang: str, words: str
) -> None:
    """000002213 has no NIK; the explanation printed its level as ``null``."""
    explanation = sidalih.deduplicate(voters, lang=lang).explain("000002188", "000002213")
    row = explanation.table.filter(pl.col("comparison") == "nik").row(0, named=True)
    assert (row["right"], row["level"], row["weight"]) == ("—", words, 0.0)
    assert " null " not in str(explanation)
    assert words not in explanation.text  # reasons list only the values present


def test_sidalih_explain_names_a_missing_values_level_in_words(
    voters: pl.DataFrame, tmp_path: Path
) -> None:
    voters.write_parquet(tmp_path / "dpt.parquet")
    runner = CliRunner()
    out = tmp_path / "out"
    done = runner.invoke(app, ["dedupe", str(tmp_path / "dpt.parquet"), "--out", str(out), "-q"])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(app, ["explain", str(out), "000002188", "000002213", "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert re.search(r"^ *nik .*— +NIK missing +\+0\.00", shown.stdout, flags=re.MULTILINE)
    assert " null " not in shown.stdout


# --- a name's slip weighs no more than the name ----------------------------------------


@pytest.fixture(scope="module")
def village_and_model() -> tuple[pl.DataFrame, object]:
    """A synthetic village list (3,000 voters) and the model fitted on it, given to
    every run below so that the pairs differ only in their names."""
    village = sidalih.synth.voters(3_000, seed=7).voters
    return village, sidalih.deduplicate(village).model


def _two_without_niks(village: pl.DataFrame, first: str, second: str, sex: str) -> pl.DataFrame:
    """The village with two records appended: no NIK or card, one village and birth
    place, born 12-05-1980 and 05-12-1980 (day and month swapped)."""
    import datetime as dt

    extra = pl.DataFrame({
        "id": ["X00000001", "X00000002"], "nama": [first, second], "jenis_kelamin": [sex, sex],
        "tanggal_lahir": [dt.date(1980, 5, 12), dt.date(1980, 12, 5)],
        "tempat_lahir": [village["tempat_lahir"][0]] * 2,
        "kode_desa": [village["kode_desa"][0]] * 2,
    })  # fmt: skip
    return pl.concat([village, extra], how="diagonal_relaxed")


_D2_OPEN = pytest.mark.xfail(strict=True, reason=(
    "round 10 defect 2, open: capping a similar name at the commoner name's exact weight "
    "and conditioning the sex's u on names >= 0.94 (tried in session 26, 4dca39d) made the "
    "model more under-confident in the 0.5-0.6 bin (missing_nik 200k x 9: 0.69 one person, "
    "past test_the_middle_probabilities_are_calibrated) and cost duplicates; reverted"))


@pytest.mark.parametrize(("name", "typo", "sex"), [
    ("Agus", "Aguss", "L"), ("Siti", "Sitti", "P"), ("Joko", "Jokko", "L"), ("Sri", "Srih", "P"),
    ("Budi Santoso", "Budi Santosa", "L"),
])  # fmt: skip
@_D2_OPEN
def test_fixing_a_name_typo_never_lowers_the_match_weight(
        village_and_model: tuple[pl.DataFrame, object], name: str, typo: str, sex: str) -> None:
    """Round 10, defect 2: "Agus" / "Aguss" weighed more than "Agus" / "Agus" (0.93 and
    merged against 0.70): exact agreement weighed by how common the name is (+4.4 bits),
    a similar name by its level alone (+7.1), and the sex's u was conditioned on exact
    names only (+0.05 bits beside an exact name, +1.0 beside a similar one). A slip of a
    common name is that common name: with one model, the corrected pair weighs at least
    as much as the slipped one (but for the name's count in the list, one higher), and
    is merged if the slipped one is. Expected to fail until the defect is fixed."""
    village, model = village_and_model

    def scored(second: str) -> tuple[float, bool]:
        result = sidalih.deduplicate(_two_without_niks(village, name, second, sex), model=model)
        explanation = result.explain("X00000001", "X00000002")
        return explanation.match_weight, explanation.matched

    # the corrected list holds the name once more, its frequency a little higher: a few
    # hundredths of a bit
    (exact, exact_merged), (slipped, slipped_merged) = scored(name), scored(typo)
    assert exact >= slipped - 0.05 and (exact_merged or not slipped_merged), (exact, slipped)


@_D2_OPEN
def test_a_similar_name_is_capped_at_the_commoner_names_exact_weight(
        village_and_model: tuple[pl.DataFrame, object]) -> None:
    """The cap lowers only what exceeds the exact weight: a slip of a rare name keeps
    its similarity level's weight."""
    village, model = village_and_model
    result = sidalih.deduplicate(_two_without_niks(village, "Agus", "Aguss", "L"), model=model)
    table = result.explain("X00000001", "X00000002").table
    name = table.filter(pl.col("comparison") == "nama")
    exact = sidalih.deduplicate(_two_without_niks(village, "Agus", "Agus", "L"), model=model)
    exact_name = exact.explain("X00000001", "X00000002").table.filter(
        pl.col("comparison") == "nama")
    assert name["weight"][0] == pytest.approx(exact_name["weight"][0], abs=0.05)
    rare = sidalih.deduplicate(_two_without_niks(village, "Wirakusumah", "Wirakusumaa", "L"),
                               model=model)
    table = model.parameter_table().filter(pl.col("comparison") == "nama")
    weights = dict(zip(table["label"].to_list(), table["match_weight"].to_list(), strict=True))
    rare_name = rare.explain("X00000001", "X00000002").table.filter(pl.col("comparison") == "nama")
    assert rare_name["weight"][0] == pytest.approx(weights["jaro-winkler >= 0.94"], abs=1e-9)


# --- twins on one card without NIKs, one date slipped ----------------------------------


@pytest.mark.parametrize(("first", "second"), [("Kartika", "Sartika"), ("Rina", "Rini")])
@pytest.mark.parametrize("slip", ["one day later", "day and month swapped", "a year later"])
def test_twins_on_one_card_stay_apart_when_one_date_slipped(
        village_and_model: tuple[pl.DataFrame, object], first: str, second: str,
        slip: str) -> None:
    """Round 10, defect 4: two girls on one card without NIKs, named as twins are
    (Kartika / Sartika, Rina / Rini), born 08-03-1995, stayed apart as twins; with one
    record's date mistyped (09-03, 03-08, 1996) they merged (0.93-0.99). A clerk's slip
    in a date is as likely on a twin's record as on a copy's, so it tells neither story
    from the other: the twin rule reads a slipped date as one date."""
    import datetime as dt

    village, _ = village_and_model
    born = dt.date(1995, 3, 8)
    other = {"one day later": dt.date(1995, 3, 9), "day and month swapped": dt.date(1995, 8, 3),
             "a year later": dt.date(1996, 3, 8)}[slip]
    card = str(village["kode_desa"][0])[:6] + "0101200077"
    extra = pl.DataFrame({
        "id": ["X00000001", "X00000002"], "nama": [first, second], "jenis_kelamin": ["P", "P"],
        "tanggal_lahir": [born, other], "tempat_lahir": [village["tempat_lahir"][0]] * 2,
        "kode_desa": [village["kode_desa"][0]] * 2, "nkk": [card, card],
    })  # fmt: skip
    result = sidalih.deduplicate(pl.concat([village, extra], how="diagonal_relaxed"))
    explanation = result.explain("X00000001", "X00000002")
    assert explanation.verdict == "twin" and not explanation.matched, explanation.match_probability
