"""No full NIK in anything sidalih prints, shows or raises.

A list whose ids are NIKs, whose file names are NIKs and whose free-text columns quote
NIKs goes through every command (their progress lines shown, as on a terminal) and
every public entry point; everything printed, every ``str``/``repr`` of a result object
and every error message is searched for a run of 16 digits. The frames a function
returns are the caller's data and are not searched; the objects that describe them are.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import sidalih
from sidalih import synth
from sidalih.cli import app
from sidalih.errors import SidalihError, mask_long_digits
from sidalih.quality._messages import shown

NIK = "3271014101900001"
SIXTEEN = re.compile(r"[0-9]{16}")
runner = CliRunner()


def assert_private(text: str, where: str) -> None:
    found = SIXTEEN.findall(text)
    assert not found, f"{where} shows {found[:3]}:\n{text[:2000]}"


@pytest.fixture(autouse=True)
def wide_frames() -> Iterator[None]:
    # A frame inside a repr would otherwise wrap a long cell over lines and hide it.
    with pl.Config(tbl_width_chars=30_000, fmt_str_lengths=1_000, tbl_rows=50):
        yield


def nik_list(n: int, *, seed: int, first: int = 0) -> pl.DataFrame:
    """Ids that are NIKs; an address and a birth place that quote a NIK."""
    voters = synth.voters(n, seed=seed).voters
    return voters.with_columns(
        id=pl.format("3271{}", (pl.int_range(pl.len()) + first).cast(pl.String).str.zfill(12)),
        alamat=pl.concat_str(pl.lit("NIK "), pl.col("nik"), pl.lit(", "), pl.col("alamat")),
        tempat_lahir=pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(pl.col("nik")).otherwise(pl.col("tempat_lahir")),
    )


@pytest.fixture(scope="module")
def voters() -> pl.DataFrame:
    return nik_list(240, seed=8)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory, voters: pl.DataFrame) -> Path:
    d = tmp_path_factory.mktemp("privacy")
    voters.write_csv(d / f"{NIK}.csv")
    nik_list(120, seed=9, first=10_000).write_csv(d / f"{NIK}-b.csv")
    return d


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"TTY_COMPATIBLE": "1"})
    return result.exit_code, result.stdout + result.stderr


# ------------------------------------------------------------------ the command line
def test_every_command_prints_no_nik(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(place)
    runs = [
        ("synth", "150", "--out", f"{NIK}-synth.csv", "--lang", "en"),
        ("synth", "80", "--out", f"{NIK}-synth"),
        ("check", f"{NIK}.csv"),
        ("check", f"{NIK}.csv", "--lang", "en", "--out", f"hasil/{NIK}"),
        ("dedupe", f"{NIK}.csv"),
        ("dedupe", f"{NIK}.csv", "--lang", "en", "--format", "csv", "--out", f"{NIK}-out"),
        ("link", f"{NIK}.csv", f"{NIK}-b.csv"),
        ("demo", "--rows", "200", "--out", f"{NIK}-demo", "--lang", "en"),
    ]
    for args in runs:
        code, printed = cli(*args)
        assert code == 0, printed
        assert_private(printed, " ".join(args))
    made = sorted(p.name for p in place.iterdir())
    for name in ("3271xxxxxxxx0001-check", "3271xxxxxxxx0001-dedupe",
                 "3271xxxxxxxx0001-3271xxxxxxxx0001-b-link"):
        assert name in made
    # Only the names given on the command line hold a NIK.
    given = {f"{NIK}.csv", f"{NIK}-b.csv", f"{NIK}-synth.csv", f"{NIK}-synth.truth.parquet",
             f"{NIK}-synth", f"{NIK}-out", f"{NIK}-demo"}
    assert [n for n in made if SIXTEEN.search(n) and n not in given] == []


def test_explain_prints_no_nik(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(place)
    assert cli("dedupe", f"{NIK}.csv", "--out", "ex")[0] == 0
    pairs = pl.read_parquet(place / "ex" / "pairs.parquet")
    records = pl.read_parquet(place / "ex" / "records.parquet")
    quoted = records.filter(pl.col("tempat_lahir").str.contains(r"^\d{16}$"))["id"]
    shown = [pairs.row(i, named=True) for i in range(min(5, pairs.height))]
    asked = [(r["id_l"], r["id_r"]) for r in shown] + [(quoted[0], quoted[1])]
    for id_l, id_r in asked:
        for lang in ("id", "en"):
            code, printed = cli("explain", "ex", str(id_l), str(id_r), "--lang", lang)
            assert code == 0, printed
            assert_private(printed, f"explain {lang}")


def test_every_error_of_the_command_line_masks_the_nik(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(place)
    assert cli("dedupe", f"{NIK}.csv", "--out", "err")[0] == 0
    (place / f"{NIK}.txt").write_text("a note\n")
    (place / f"{NIK}-empty").mkdir()
    bad = [
        ("dedupe", f"{NIK}-missing.csv"),
        ("dedupe", f"{NIK}.csv", "--out", f"{NIK}.txt"),
        ("dedupe", f"{NIK}.csv", "--election-date", NIK),
        ("dedupe", f"{NIK}.csv", "--model", f"{NIK}.json"),
        ("dedupe", f"{NIK}.csv", "--model", f"{NIK}-empty"),
        ("dedupe", f"{NIK}.csv", "--threshold", NIK),
        ("dedupe", f"{NIK}.csv", f"--{NIK}"),
        ("check", f"{NIK}-empty"),
        ("synth", "5", "--out", f"{NIK}.txt"),
        ("synth", NIK + "0", "--out", "s.csv"),
        ("explain", "err", NIK, "3271999999999999"),
        ("explain", f"{NIK}-empty", NIK, NIK),
        ("explain", f"{NIK}-nowhere", NIK, NIK),
        (NIK,),
    ]
    for args in bad:
        code, printed = cli(*args)
        assert code == 2, (args, printed)
        assert "sidalih: error: " in printed
        assert_private(printed, " ".join(args))


# ------------------------------------------------------------------ the library
def shows(*objects: object) -> str:
    return "\n".join(f"{o!s}\n{o!r}" for o in objects)


@pytest.mark.parametrize("kind", ["polars", "pandas"])
def test_results_of_the_library_show_no_nik(voters: pl.DataFrame, kind: str) -> None:
    given = voters.to_pandas() if kind == "pandas" else voters
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = sidalih.deduplicate(given)
        summary = result.summary()
        pairs = result.pairs_polars()
        explanations = [result.explain(*pairs.row(i)[:2]) for i in range(min(5, pairs.height))]
        report = sidalih.check(given, election_date="2024-02-14", result=result)
        parsed = sidalih.nik.parse(given["nik"])
    assert isinstance(parsed, pd.DataFrame if kind == "pandas" else pl.DataFrame)
    assert_private(shows(result, summary, summary.blocking, result.model, report), "results")
    for explanation in explanations:
        assert_private(shows(explanation), "an explanation")
    assert_private("\n".join(str(w.message) for w in caught), "warnings")


def test_explanations_of_the_library_show_no_nik_in_any_value(voters: pl.DataFrame) -> None:
    # A NIK typed into the birth-place column is compared, and shown, as a place.
    result = sidalih.deduplicate(voters)
    quoted = voters.filter(pl.col("tempat_lahir").str.contains(r"^\d{16}$"))["id"]
    explanation = result.explain(quoted[0], quoted[1])
    assert_private(shows(explanation), "an explanation of two NIK-quoting rows")


def test_a_linkage_shows_no_nik(voters: pl.DataFrame) -> None:
    other = nik_list(120, seed=9, first=10_000)
    linked = sidalih.link(voters, other)
    pairs = linked.pairs_polars()
    assert_private(shows(linked, linked.summary()), "a linkage")
    if pairs.height:
        assert_private(shows(linked.explain(*pairs.row(0)[:2])), "a linked explanation")


def library_errors(voters: pl.DataFrame, tmp_path: Path) -> Iterator[object]:
    result = sidalih.deduplicate(voters)
    twice = pl.concat([voters, voters.head(3)])
    yield lambda: result.explain(NIK, "3271999999999999")
    yield lambda: result.explain(voters["id"][0], int(NIK))
    yield lambda: sidalih.deduplicate(twice)
    yield lambda: sidalih.link(twice, voters)
    yield lambda: sidalih.check(twice.drop("nama"), election_date="2024-02-14")
    yield lambda: sidalih.check(voters, election_date=NIK)
    yield lambda: sidalih.deduplicate(voters, threshold=float(NIK))
    yield lambda: sidalih.Model.load(tmp_path / f"{NIK}.json")
    yield lambda: sidalih.nik.parse({"nik": NIK})
    yield lambda: sidalih.nik.parse(pl.DataFrame({"x": [NIK]}))
    yield lambda: sidalih.io.read_table(tmp_path / f"{NIK}.csv")


def test_errors_of_the_library_mask_the_nik(voters: pl.DataFrame, tmp_path: Path) -> None:
    seen = 0
    for call in library_errors(voters, tmp_path):
        with pytest.raises(Exception) as info:  # noqa: B017,PT011 - any error, read below
            call()  # type: ignore[operator]
        assert isinstance(info.value, SidalihError), repr(info.value)
        assert_private(f"{info.value!s}\n{info.value!r}", type(info.value).__name__)
        seen += 1
    assert seen == 11


# ------------------------------------------------------------------ NIKs written in groups
# single separators, and what sidalih.nik.parse also reads as one NIK (session 19: two
# spaces, " - ", a comma, a no-break space, a tab)
SEPARATORS = st.sampled_from([" ", ".", "-", "  ", " - ", ",", "\u00a0", "\t"])


@st.composite
def grouped_niks(draw: st.DrawFn) -> tuple[str, str]:
    """A 16-digit NIK and the same NIK cut into groups joined by separators."""
    nik = draw(st.text("0123456789", min_size=16, max_size=16))
    cuts = sorted(draw(st.sets(st.integers(1, 15), max_size=15)))
    groups = [nik[a:b] for a, b in zip([0, *cuts], [*cuts, 16], strict=True)]
    text = groups[0]
    for group in groups[1:]:
        text += draw(SEPARATORS) + group
    return nik, text


def assert_nik_hidden(nik: str, written: str, out: str) -> None:
    assert written not in out and nik not in out
    assert nik not in re.sub(r"[\s.,\-]", "", out)
    digits = re.sub(r"[^0-9]", "", out)
    assert nik[:4] in digits and nik[-4:] in digits  # masked, not removed


@settings(max_examples=300, deadline=None)
@given(grouped_niks(), st.sampled_from(["", "NIK ", "id: ", "x"]), st.sampled_from(["", ".", " ok"]))
def test_a_nik_written_in_groups_is_masked(case: tuple[str, str], before: str, after: str) -> None:
    nik, written = case
    out = mask_long_digits(before + written + after)
    assert_nik_hidden(nik, written, out)
    assert out.startswith(before) and out.endswith(after)
    frame = pl.DataFrame({"v": [before + written + after]})
    message = frame.select(shown(pl.col("v"))).item()
    if len(" ".join((before + written + after).split())) <= 40:
        assert_nik_hidden(nik, written, message)
    else:  # cut to 40 characters for a message: the last digits may go with the rest
        assert nik not in re.sub(r"[^0-9]", "", message)


def test_a_spaced_nik_is_masked_in_errors_and_findings() -> None:
    spaced = "3271 0141 0190 0001"
    assert sidalih.nik.parse_one(spaced).is_valid  # sidalih reads it as a NIK
    frame = pl.DataFrame({"id": [spaced, spaced], "NAMA": ["Siti", "Budi"],
                          "NIK": [spaced, "3271010202850003"]})
    with pytest.raises(SidalihError) as info:
        sidalih.deduplicate(frame)
    assert "3271 **** **** 0001" in str(info.value)
    assert spaced not in f"{info.value!s}{info.value!r}"
    one = pl.DataFrame({"id": ["1"], "nama": [spaced], "nik": [spaced],
                        "jenis_kelamin": [spaced], "tanggal_lahir": [spaced]})
    details = sidalih.check(one, election_date="2024-02-14").findings["detail"].to_list()
    assert any("3271 **** **** 0001" in d for d in details)
    assert not [d for d in details if spaced in d]


def test_a_nik_in_other_digits_or_columns_is_masked(voters: pl.DataFrame) -> None:
    """Full-width and Arabic-Indic digits (the NIK parser reads them) are masked in
    messages and findings; an explanation's table masks a NIK sitting in a column that
    is not the NIK's (a spreadsheet shifted by one); a parsed NIK's repr is masked."""
    for offset in (0xFF10, 0x0660):
        written = "".join(chr(offset + int(c)) for c in NIK)
        assert sidalih.nik.parse_one(written).nik == NIK
        out = mask_long_digits(f"NIK {written}")
        assert written not in out and "*" * 8 in out
        frame = pl.DataFrame({"v": [written]})
        assert "*" * 8 in frame.select(shown(pl.col("v"))).item()
    shifted = voters.with_columns(kode_desa=pl.col("nik"))
    result = sidalih.deduplicate(shifted)
    pair = result.pairs_polars().row(0, named=True)
    table = result.explain(pair["id_l"], pair["id_r"]).table
    assert_private(str(table), "explain table")
    assert_private(repr(sidalih.nik.parse_one(NIK)), "NikParts")


@pytest.mark.parametrize(("text", "expected"), [
    ("P542877271751", "P542877271751"),  # a person id whose hex digits are all decimal
    ("x1,P542877271751,0.9731,new", "x1,P542877271751,0.9731,new"),  # a CSV row
    ("| x1 | P542877271751 | 0.97 |", "| x1 | P542877271751 | 0.97 |"),
    ("P1828d371ff0b", "P1828d371ff0b"),
    ("P3271014101900001", "P3271********0001"),  # 16 digits: a NIK, not a person id
    ("P327101410190 0001", "P3271******** 0001"),  # a NIK in groups: still masked
    ("P327101410190-0001", "P3271********-0001"),
    ("XP542877271751", "XP5428****1751"),  # not standing alone: not a person id
    ("P542877271751a", "P5428****1751a"),
])
def test_a_person_id_is_not_a_nik(text: str, expected: str) -> None:
    assert mask_long_digits(text) == expected


def test_an_explanation_shows_the_hidden_digit_two_niks_differ_in_and_no_more() -> None:
    """Round 12, defect 7: masked alike on both sides, a NIK one digit off read as one
    number beside "NIK differs in 1 digit". The differing digit shows; six of the eight
    middle digits stay hidden at least."""
    from sidalih.errors import mask_nik_pair

    a, b = "3204374107500001", "3204384107500001"
    assert mask_nik_pair(a, b) == ("3204*7******0001", "3204*8******0001")
    many = "3299999999990001"
    assert mask_nik_pair(a, many) == ("3204********0001", "3299********0001")
    rows = [{"id": k, "nik": nik, "nama": "Suparmi", "tanggal_lahir": "10-10-1951",
             "jenis_kelamin": "P", "kode_desa": "3204372004"} for k, nik in (("A", a), ("B", b))]
    table = sidalih.deduplicate(pl.DataFrame(rows), model=sidalih.Model.default(),
                                lang="en").explain("A", "B").table
    nik = table.filter(pl.col("comparison") == "nik").row(0, named=True)
    assert (nik["left"], nik["right"]) == ("3204*7******0001", "3204*8******0001")
    assert sum(c.isdigit() for c in nik["left"]) <= 9
