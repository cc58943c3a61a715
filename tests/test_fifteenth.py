"""The 15th of a month is a placeholder only in a list whose clerks wrote it so.

DOMAIN.md: the 15th was written where the month of birth was known and the day was
not. A list with that habit holds more 15ths than other days; one without holds as
many, and there a 15th is a real birth date (`sidalih.engine._fifteenth`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl
import pytest

import sidalih
from sidalih import synth
from sidalih.engine._fifteenth import MIN_TYPICAL_DAY, PLACEHOLDER_RATIO, fifteenth_is_placeholder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handmade_lists import handmade_village  # noqa: E402


def _dates(per_day: int, fifteenth: int) -> pl.Series:
    days = [dt.date(1960 + k % 40, 1 + k % 12, d) for d in range(2, 29) if d != 15
            for k in range(per_day)]
    days += [dt.date(1960 + k % 40, 1 + k % 12, 15) for k in range(fifteenth)]
    return pl.Series(days)


@pytest.mark.parametrize(("per_day", "fifteenth", "expected"), [
    (40, 40, False), (40, 49, False), (40, 50, True), (40, 120, True),
    (MIN_TYPICAL_DAY - 1, 200, None), (MIN_TYPICAL_DAY, MIN_TYPICAL_DAY, False),
])
def test_the_fifteenth_is_read_against_a_typical_day(per_day: int, fifteenth: int,
                                                     expected: bool | None) -> None:
    assert fifteenth_is_placeholder(_dates(per_day, fifteenth)) is expected
    assert PLACEHOLDER_RATIO * 40 == 50


def test_placeholder_peaks_and_missing_dates_are_not_counted() -> None:
    base = _dates(40, 40)
    peaks = pl.Series([dt.date(1970, 7, 1)] * 5_000 + [dt.date(1971, 12, 31)] * 5_000
                      + [dt.date(1972, 1, 1)] * 5_000 + [None] * 100, dtype=pl.Date)
    assert fifteenth_is_placeholder(pl.concat([base, peaks])) is False


@pytest.mark.parametrize("values", [pl.Series([], dtype=pl.Date), pl.Series(["15-08-1981"]),
                                    pl.Series([None, None], dtype=pl.Date)])
def test_no_dates_to_read_leaves_the_domain_reading(values: pl.Series) -> None:
    assert fifteenth_is_placeholder(values) is None


def _date_comparison(model: object) -> object:
    return next(c for c in model.comparisons  # type: ignore[attr-defined]
                if c.method == "date")


def _with_pair(voters: pl.DataFrame, born: dt.date) -> tuple[pl.DataFrame, int, int]:
    """Two records of one person added: no NIK, one name, one birth date and place, one
    village, two family cards (a move within the village)."""
    first = voters.row(0, named=True)
    top = int(voters["id"].max())  # type: ignore[arg-type]
    rows = [{**first, "id": top + 1, "nik": None, "nkk": "3216110101200901",
             "nama": "Nur Joko Ramadhan", "tanggal_lahir": born.strftime("%d-%m-%Y")},
            {**first, "id": top + 2, "nik": None, "nkk": "3216110202200902",
             "nama": "Nur Joko Ramadhan, SE", "tanggal_lahir": born.strftime("%d-%m-%Y")}]
    return pl.concat([voters, pl.DataFrame(rows, schema=voters.schema)]), top + 1, top + 2


def test_a_list_without_the_habit_reads_the_15th_as_a_real_date() -> None:
    village = handmade_village(3_000, seed=5)  # days drawn uniformly: no 15th habit
    voters, a, b = _with_pair(village.voters, dt.date(1981, 8, 15))
    result = sidalih.deduplicate(voters)
    assert _date_comparison(result.model).options.get("fifteenth") is False  # type: ignore[attr-defined]
    explained = result.explain(a, b)
    assert explained.matched, explained.text
    real = result.explain(a, b).table.filter(pl.col("comparison") == "tanggal_lahir")
    assert real["level"].to_list() == ["tanggal lahir sama"], real


def test_a_list_with_the_habit_keeps_the_15th_a_placeholder() -> None:
    lists = synth.profile("default", 5_000, seed=2)
    result = sidalih.deduplicate(lists.voters)
    assert "fifteenth" not in _date_comparison(result.model).options  # type: ignore[attr-defined]


def test_the_reading_travels_with_the_saved_model(tmp_path: Path) -> None:
    village = handmade_village(3_000, seed=5)
    result = sidalih.deduplicate(village.voters)
    path = tmp_path / "model.json"
    result.model.save(path)
    loaded = sidalih.Model.load(path)
    assert _date_comparison(loaded).options.get("fifteenth") is False  # type: ignore[attr-defined]
    voters, a, b = _with_pair(village.voters.head(50), dt.date(1981, 8, 15))
    # scored with the saved model, a small list reads dates as its training list did
    assert sidalih.deduplicate(voters, model=loaded).explain(a, b).matched


def test_the_option_is_checked() -> None:
    from sidalih.compare import Comparison
    from sidalih.errors import InvalidParameterError

    date = sidalih.compare.date()
    with pytest.raises(InvalidParameterError, match="fifteenth"):
        Comparison(date.name, date.column, date.method, date.labels,
                   options={"fifteenth": "no"})


def test_a_15th_still_reads_as_a_known_month() -> None:
    """Where the 15th is a real date, a 15th against another day of its month and year
    stays "a placeholder in one, same year" (a few 15ths still stand for an unknown day);
    against another month it is two dates that disagree."""
    import dataclasses

    from sidalih.compare import compare_pairs
    from sidalih.kernels.levels import DateLevel
    from sidalih.prepare import prepare
    from sidalih.schema import standardise_polars

    records = prepare(standardise_polars(pl.DataFrame({
        "id": ["a", "b", "c", "d"], "nama": ["x"] * 4,
        "tanggal_lahir": ["05-07-1990", "15-07-1990", "20-03-1990", "15-07-1990"]})))
    real = dataclasses.replace(sidalih.compare.date(), options={"fifteenth": False})
    levels = compare_pairs(records, [0, 1, 1], [1, 2, 3], [real]).ravel().tolist()
    assert levels == [DateLevel.PLACEHOLDER_YEAR, DateLevel.ELSE, DateLevel.EXACT]
    habit = compare_pairs(records, [0, 1, 1], [1, 2, 3], [sidalih.compare.date()])
    assert habit.ravel().tolist() == [DateLevel.PLACEHOLDER_YEAR, DateLevel.PLACEHOLDER_YEAR,
                                      DateLevel.EXACT_PLACEHOLDER]


def test_one_nik_and_card_with_a_15th_in_the_niks_month_is_one_person() -> None:
    """NI WAYAN SUARTINI 05-07-1990 / WAYAN SUARTINI 15-07-1990 under one NIK and card,
    in a list without the 15th habit: merged, not put up as one NIK on two people."""
    village = handmade_village(3_000, seed=5)
    first = village.voters.row(0, named=True)
    top = int(village.voters["id"].max())  # type: ignore[arg-type]
    pair = [{**first, "id": top + 1, "nik": "3203234507900004", "nkk": "3203230101200077",
             "nama": "Ni Wayan Suartini", "tanggal_lahir": "05-07-1990", "jenis_kelamin": "P"},
            {**first, "id": top + 2, "nik": "3203234507900004", "nkk": "3203230101200077",
             "nama": "Wayan Suartini", "tanggal_lahir": "15-07-1990", "jenis_kelamin": "P"}]
    voters = pl.concat([village.voters, pl.DataFrame(pair, schema=village.voters.schema)])
    result = sidalih.deduplicate(voters)
    assert _date_comparison(result.model).options.get("fifteenth") is False  # type: ignore[attr-defined]
    explained = result.explain(top + 1, top + 2)
    assert explained.matched and explained.verdict != "nik_clash", explained.text


@pytest.mark.parametrize(("per_day", "fifteenth", "share"), [
    (40, 40, 0.0), (40, 50, 0.0), (100, 125, 0.04), (100, 200, 0.4)])
def test_the_share_counts_the_15ths_beyond_a_typical_day_and_its_noise(
        per_day: int, fifteenth: int, share: float) -> None:
    from sidalih.engine._fifteenth import fifteenth_share

    assert fifteenth_share(_dates(per_day, fifteenth)) == pytest.approx(share, abs=0.005)
    assert fifteenth_share(_dates(MIN_TYPICAL_DAY - 1, 100)) is None


def test_agreement_on_a_15th_weighs_the_share_of_placeholders() -> None:
    """A list holding 1.23 times a typical day's 15ths (8,000 rows: 223 15ths against a
    typical day's 235, then 65 more): real dates, but agreeing on a 15th weighs less than
    on another day, by log2(u_exact / (share * u_month + (1 - share) * u_exact))."""
    village = handmade_village(8_000, seed=5)
    dated = village.voters.filter(pl.col("tanggal_lahir").str.slice(0, 2) != "15")
    extra = dated.head(65).with_columns(
        (pl.lit("15") + pl.col("tanggal_lahir").str.slice(2)).alias("tanggal_lahir"),
        id=pl.col("id") + 100_000)
    voters = pl.concat([village.voters, extra])
    voters, a, b = _with_pair(voters, dt.date(1981, 8, 15))
    voters, c, d = _with_pair(voters, dt.date(1961, 8, 14))
    result = sidalih.deduplicate(voters)
    date = _date_comparison(result.model)
    assert date.options.get("fifteenth") is False  # type: ignore[attr-defined]
    assert date.options["fifteenth_share"] > 0  # type: ignore[attr-defined]

    def date_weight(x: int, y: int) -> float:
        table = result.explain(x, y).table
        return float(table.filter(pl.col("comparison") == "tanggal_lahir")["weight"][0])

    assert date_weight(a, b) < date_weight(c, d) - 1.0
