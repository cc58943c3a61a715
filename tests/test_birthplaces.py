"""A birthplace written as a town, a district, an old name or an abbreviation of one
regency agrees with that regency at a level of its own (sidalih.regions._birthplaces, the
``regions`` option of compare.string)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sidalih
from sidalih import compare
from sidalih.regions._birthplaces import birthplace_names, derive, regency_named


def _compared(*written: str | None) -> list[str | None]:
    frame = pl.DataFrame({"t": list(written)}, schema={"t": pl.String})
    return frame.select(regency_named(pl.col("t")))["t"].to_list()


def test_the_shipped_table_is_what_the_region_tables_give() -> None:
    # scripts/build_birthplaces.py writes it: a changed alias or region table needs a rebuild
    keys, names = birthplace_names()
    assert dict(zip(keys, names, strict=True)) == derive()


@pytest.mark.parametrize(("written", "compared"), [
    ("MAUMERE", "sikka"),                 # a regency's seat
    ("Kab. Sikka", "sikka"),
    ("Wamena", "jayawijaya"),             # a district found in one regency only
    ("Lubuk Pakam", "deli serdang"),
    ("PURWOKERTO", "banyumas"),           # the stem of Purwokerto Utara ... Timur
    ("Jakarta Selatan", "jakarta"),       # the five cities of Jakarta
    ("Kota Administrasi Jakarta Timur", "jakarta"),
    ("Ujung Pandang", "makassar"),        # an old name
    ("Djakarta", "jakarta"),              # old spelling
    ("Pematang Siantar", "pematangsiantar"),  # a name run together in the table
    ("SBY", "surabaya"),
    ("Boven Digoel", "boven digoel"),     # an official name with an old-spelling "oe"
    ("Denpasar", "denpasar"),             # neighbouring regencies stay two places
    ("Badung", "badung"),
    ("Kota Bogor", "bogor"),              # Kota and Kabupaten of one name: one place
    ("Kota", None),                       # an ordinary word is no regency
    ("Desa Sukamaju", None),              # not a name of one regency
    ("-", None),
    (None, None),
])
def test_a_birthplace_is_compared_by_the_regency_it_names(written: str | None,
                                                          compared: str | None) -> None:
    assert _compared(written) == [compared]


def test_a_district_name_of_two_regencies_is_left_as_written() -> None:
    from sidalih.regions import table

    regencies = table(level="regency").select(pl.col("code").alias("parent"),
                                              pl.col("name").alias("regency"))
    for name in ("Sukajadi", "Kubu", "Kranggan"):  # Pekanbaru and Bandung, ...
        held = table(level="district").filter(pl.col("name") == name).join(regencies,
                                                                           on="parent")
        assert held["regency"].n_unique() > 1
        assert _compared(name) == [None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdeijklmnoprstuwy -.", max_size=20), max_size=8))
def test_a_regency_names_itself(written: list[str]) -> None:
    once = _compared(*written)
    assert _compared(*once) == once
    assert all(v is None or v in set(derive().values()) for v in once)


PLACES = ["Maumere", "SIKKA", "Sikka", "Ende", "Wamena", "Jayawijaya", None, "Sukajadi",
          "Sukajadi", "Maumere "]


def _reference_levels(left: list[int], right: list[int]) -> list[int]:
    """The levels by hand: exact text 3, Jaro–Winkler >= 0.88 2, one regency 1, else 0."""
    from rapidfuzz.distance import JaroWinkler

    from sidalih.prepare import place_name

    text = pl.DataFrame({"t": PLACES}).select(place_name(pl.col("t")))["t"].to_list()
    regency = _compared(*PLACES)
    out = []
    for i, j in zip(left, right, strict=True):
        a, b = text[i], text[j]
        if a is None or b is None:
            out.append(-1)
        elif a == b:
            out.append(3)
        elif JaroWinkler.similarity(a, b, prefix_weight=0.1) >= 0.88:
            out.append(2)
        else:
            out.append(1 if regency[i] is not None and regency[i] == regency[j] else 0)
    return out


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(PLACES) - 1), st.integers(0, len(PLACES) - 1)),
                min_size=1, max_size=40))
def test_the_regency_level_against_a_reference(pairs: list[tuple[int, int]]) -> None:
    from sidalih.prepare import place_name

    records = pl.DataFrame({"t": PLACES}).select(place_name(pl.col("t")))
    comparison = compare.string("t", thresholds=(0.88,), regions=True)
    left = np.array([a for a, _ in pairs])
    right = np.array([b for _, b in pairs])
    got = compare.compare_pairs(records, left, right, [comparison])[:, 0].tolist()
    assert got == _reference_levels(left.tolist(), right.tolist())


def test_a_town_and_its_regency_agree_in_a_comparison() -> None:
    voters = pl.DataFrame({
        "id": ["a", "b"], "nama": ["Maria Goreti Diaz"] * 2,
        "tanggal_lahir": ["25-10-1980"] * 2, "jenis_kelamin": ["P"] * 2,
        "tempat_lahir": ["MAUMERE", "SIKKA"], "kode_desa": ["5307052008", "9501012010"]})
    result = sidalih.deduplicate(voters, model=sidalih.Model.default())
    table = result.explain("a", "b").table
    row = table.filter(pl.col("comparison") == "tempat_lahir")
    assert row["weight"][0] > 0
