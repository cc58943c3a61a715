from __future__ import annotations

import dataclasses
import json
from importlib import resources

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference_regions import clean_code_reference, mask_reference

from sidalih import regions
from sidalih.errors import InvalidParameterError
from sidalih.regions._codes import clean_code

ALL = ("2019", "2022", "2025")

# ------------------------------------------------------------------ lookups


@pytest.mark.parametrize(
    ("code", "version", "expected"),
    [
        ("3271", None, ("3271", "regency", "Kota Bogor", "32", ALL)),
        ("32.71", "2022", ("3271", "regency", "Kota Bogor", "32", ALL)),
        ("31", None, ("31", "province", "Daerah Khusus Ibukota Jakarta", None, ALL)),
        ("32.71.01", "2019", ("327101", "district", "Bogor Selatan", "3271", ALL)),
        # Kalimantan Utara was split off in 2012-13, before every shipped table
        ("65", "2019", ("65", "province", "Kalimantan Utara", None, ALL)),
        ("6501", "2025", ("6501", "regency", "Kabupaten Bulungan", "65", ALL)),
        # a pre-split Papua regency: 2019 only, moved to Papua Selatan (93) in 2022
        ("9101", None, ("9101", "regency", "Kabupaten Merauke", "91", ("2019",))),
        ("9301", "2022", ("9301", "regency", "Kabupaten Merauke", "93", ("2022", "2025"))),
        ("91", "2025", ("91", "province", "Papua", None, ALL)),
        ("96", "2022", ("96", "province", "Papua Barat Daya", None, ("2022", "2025"))),
        # Kab. Sorong's districts were renumbered in 2025: 960104 changed region
        ("960104", "2022", ("960104", "district", "Beraur", "9601", ("2022",))),
        ("960104", "2025", ("960104", "district", "Seget", "9601", ("2025",))),
        ("960104", None, ("960104", "district", "Seget", "9601", ("2025",))),
        ("960102", None, ("960102", "district", "Beraur", "9601", ("2025",))),
        ("920104", None, ("920104", "district", "Beraur", "9201", ("2019",))),
        ("3271011001", "2025", ("3271011001", "village", "Batu Tulis", "327101", ("2019", "2025"))),
        (
            "32.71.01.1001",
            "2019",
            ("3271011001", "village", "Batu Tulis", "327101", ("2019", "2025")),
        ),
    ],
)
def test_lookup_table(code: str, version: str | None, expected: tuple[object, ...]) -> None:
    found = regions.lookup(code, version=version)
    assert found is not None
    assert dataclasses.astuple(found) == expected
    assert regions.is_known(code, version=version)


@pytest.mark.parametrize(
    ("code", "version"),
    [
        ("9101", "2022"),
        ("9101", "2025"),
        ("93", "2019"),
        ("9301", "2019"),
        ("920104", "2022"),
        ("960102", "2022"),
        ("99", None),
        ("3299", None),
        ("327199", None),
        ("3271011001", "2022"),  # no 2022 village source: never claimed known
    ],
)
def test_not_in_version(code: str, version: str | None) -> None:
    assert regions.lookup(code, version=version) is None
    assert not regions.is_known(code, version=version)


@pytest.mark.parametrize(
    "bad",
    [None, "", " ", "abc", "3", "327", "32710", "3271011", "32710110011", "32..71", ".3271",
     "3271.", "32-71", "32 71", "٣٢٧١", 3271, 32.71, b"3271", ["3271"]],
)  # fmt: skip
def test_bad_input_is_unknown_not_an_error(bad: object) -> None:
    assert regions.lookup(bad) is None  # type: ignore[arg-type]
    assert regions.is_known(bad) is False  # type: ignore[arg-type]
    assert regions.successor(bad) is None  # type: ignore[arg-type]


def test_bad_parameters_raise() -> None:
    with pytest.raises(InvalidParameterError, match="2019, 2022, 2025"):
        regions.lookup("3271", version="2024")
    with pytest.raises(InvalidParameterError, match="2019, 2022, 2025"):
        regions.is_known("3271", version=2022)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="province, regency, district, village"):
        regions.table("kelurahan")
    with pytest.raises(InvalidParameterError, match="2019, 2025"):
        regions.villages(version="2022")
    with pytest.raises(InvalidParameterError, match="2019, 2025"):
        regions.villages(version="2024")


def test_region_is_frozen_and_versions_constant() -> None:
    region = regions.lookup("3271")
    assert region is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        region.name = "x"  # type: ignore[misc]
    assert regions.VERSIONS == ALL
    assert regions.DEFAULT_VERSION == "2022"


@given(st.text(alphabet="0123456789. \t-a", max_size=16))
def test_clean_code_agrees_with_reference(text: str) -> None:
    assert clean_code(text) == clean_code_reference(text)


@given(st.one_of(st.none(), st.integers(), st.text(max_size=14)))
def test_lookup_never_raises(value: object) -> None:
    found = regions.lookup(value)  # type: ignore[arg-type]
    assert found is None or found.code == clean_code_reference(value)


# ------------------------------------------------------------------ counts


EXPECTED_COUNTS = {  # DOMAIN.md figures; 2019 villages: 83,442 in the source less one stray row
    "province": {"2019": 34, "2022": 38, "2025": 38},
    "regency": {"2019": 514, "2022": 514, "2025": 514},
    "district": {"2019": 7230, "2022": 7277, "2025": 7285},
    "village": {"2019": 83441, "2025": 83762},
}


@pytest.mark.parametrize("level", list(EXPECTED_COUNTS))
def test_counts_per_version(level: str) -> None:
    frame = regions.table(level)
    for version, expected in EXPECTED_COUNTS[level].items():
        assert int(frame[f"in_{version}"].sum()) == expected
    if level == "village":
        assert frame["in_2022"].null_count() == frame.height


def test_source_counts_recorded_in_manifest() -> None:
    data = resources.files("sidalih.regions").joinpath("data").joinpath("SOURCES.json").read_text()
    manifest = json.loads(data)
    assert manifest["counts"]["2019"] == {"2": 34, "4": 514, "6": 7230, "10": 83442}
    assert manifest["counts"]["2022"] == {"2": 38, "4": 514, "6": 7277, "10": 0}
    assert manifest["counts"]["2025"] == {"2": 38, "4": 514, "6": 7285, "10": 83762}
    assert manifest["count_mismatches"] == []
    assert len(manifest["dropped"]) == 1 and "1302021036" in manifest["dropped"][0]


@pytest.mark.parametrize("level", ["province", "regency", "district", "village"])
def test_table_shape_and_invariants(level: str) -> None:
    frame = regions.table(level)
    assert frame.columns == ["code", "name", "parent", "in_2019", "in_2022", "in_2025"]
    length = {"province": 2, "regency": 4, "district": 6, "village": 10}[level]
    assert (frame["code"].str.len_chars() == length).all()
    assert frame["code"].str.contains(r"^[0-9]+$").all()
    assert frame["name"].null_count() == 0 and (frame["name"].str.len_chars() > 0).all()
    assert frame["code"].is_sorted()
    for version in ALL:
        valid = frame.filter(pl.col(f"in_{version}"))
        assert valid["code"].is_unique().all(), f"{level} {version}: a code names two regions"
    if level == "province":
        assert frame["parent"].null_count() == frame.height
    else:  # every row's parent is a region of the level above, valid in the same versions
        above = regions.table(["province", "regency", "district"][[4, 6, 10].index(length)])
        for version in ALL:
            if level == "village" and version == "2022":
                continue
            parents = set(above.filter(pl.col(f"in_{version}"))["code"])
            rows = frame.filter(pl.col(f"in_{version}"))
            assert set(rows["parent"]) <= parents


def test_table_returns_independent_frames() -> None:
    first = regions.table("province")
    first = first.with_columns(name=pl.lit("x"))
    assert regions.table("province")["name"][0] != "x"


# ------------------------------------------------------------------ masks


def test_mask_shapes_and_caching() -> None:
    prov, reg, dist = regions.code_masks()
    assert (prov.shape, reg.shape, dist.shape) == ((100,), (10_000,), (1_000_000,))
    assert prov.dtype == reg.dtype == dist.dtype == np.uint8
    assert regions.code_masks()[2] is dist
    with pytest.raises(ValueError):
        dist[327101] = 0


@pytest.mark.parametrize(("level", "index"), [("province", 0), ("regency", 1), ("district", 2)])
def test_masks_agree_with_table(level: str, index: int) -> None:
    mask = regions.code_masks()[index]
    rows = regions.table(level).select("code", *[f"in_{v}" for v in ALL]).rows()
    assert mask.tolist() == mask_reference(rows, mask.size)


@pytest.mark.parametrize(
    ("code", "bits"),
    [("65", 0b111), ("93", 0b110), ("3271", 0b111), ("9101", 0b001), ("9301", 0b110),
     ("960104", 0b110), ("960102", 0b100), ("920104", 0b001), ("327101", 0b111), ("12", 0b111)],
)  # fmt: skip
def test_mask_values(code: str, bits: int) -> None:
    mask = regions.code_masks()[{2: 0, 4: 1, 6: 2}[len(code)]]
    assert int(mask[int(code)]) == bits
    for k, version in enumerate(ALL):
        assert regions.is_known(code, version=version) == bool(bits >> k & 1)


# ------------------------------------------------------------------ successors


@pytest.mark.parametrize(
    ("old", "new"),
    [("9101", "9301"), ("91.01", "9301"), ("9201", "9601"), ("9102", "9501"), ("9104", "9401"),
     ("910101", "930101"), ("920104", "960102"), ("960104", "960102"), ("9604", "9602"),
     ("9609", "9604"), ("3271", None), ("9103", None), ("960101", None), ("147106", None)],
)  # fmt: skip
def test_successor_table(old: str, new: str | None) -> None:
    assert regions.successor(old) == new


def test_papua_split_moves_exactly_the_26_regencies() -> None:
    moved = {o: n for o, n in regions.successors().items() if len(o) == 4 and o[:2] in ("91", "92")}
    gone = regions.table("regency").filter(
        pl.col("code").str.slice(0, 2).is_in(["91", "92"]) & pl.col("in_2019") & ~pl.col("in_2022")
    )
    assert set(moved) == set(gone["code"]) and len(moved) == 26
    assert {n[:2] for n in moved.values()} == {"93", "94", "95", "96"}
    for old, new in moved.items():  # the move keeps the region: same name, valid today
        before, after = regions.lookup(old, version="2019"), regions.lookup(new, version="2025")
        assert before is not None and after is not None and before.name == after.name


def test_sorong_districts_follow_their_names() -> None:
    districts = regions.table("district")
    sorong_2022 = districts.filter(pl.col("parent") == "9601", pl.col("in_2022"))
    renumbered = 0
    for code, name in sorong_2022.select("code", "name").rows():
        new = regions.successor(code) or code
        now = regions.lookup(new, version="2025")
        assert now is not None and now.name == name
        renumbered += new != code
    assert renumbered == 29 and sorong_2022.height == 30


def test_successors_are_consistent() -> None:
    moved = regions.successors()
    assert len(moved) > 5000
    for old, new in moved.items():
        assert len(old) == len(new) and old != new
        assert regions.is_known(old) and regions.is_known(new)
        assert new not in moved or regions.is_known(new, version="2025")
    moved["9101"] = "tampered"
    assert regions.successor("9101") == "9301"


# ------------------------------------------------------------------ villages


@pytest.mark.parametrize(("version", "height"), [("2019", 83441), ("2025", 83762)])
def test_villages(version: str, height: int) -> None:
    frame = regions.villages(version=version)
    assert frame.columns == [
        "kode_desa", "kode_kecamatan", "kode_kabkota", "kode_provinsi",
        "nama_desa", "nama_kecamatan", "nama_kabkota", "nama_provinsi",
    ]  # fmt: skip
    assert frame.height == height
    assert frame.null_count().sum_horizontal().item() == 0
    assert frame["kode_desa"].is_unique().all() and frame["kode_desa"].is_sorted()
    assert (frame["kode_desa"].str.slice(0, 6) == frame["kode_kecamatan"]).all()
    assert (frame["kode_kecamatan"].str.slice(0, 4) == frame["kode_kabkota"]).all()
    assert (frame["kode_kabkota"].str.slice(0, 2) == frame["kode_provinsi"]).all()
    assert frame["kode_provinsi"].n_unique() == (34 if version == "2019" else 38)


def test_village_names_per_version() -> None:
    old = regions.villages(version="2019").filter(kode_desa="9101012001")
    assert old.select("nama_kabkota", "nama_provinsi").row(0) == ("Kabupaten Merauke", "Papua")
    new = regions.villages().filter(kode_kabkota="9301").select("nama_provinsi").unique()
    assert new.item() == "Papua Selatan"


# ------------------------------------------------------------------ matching


def test_a_village_under_its_old_and_new_code_is_one_village() -> None:
    """Jayawijaya's villages went from 9102... to 9501... in 2022: one person listed under
    each code lived in one village. Prepared, both codes are the current one (the list's
    own stays in ``kode_desa_raw``), and the village comparison says "same village"; a
    village that was not renumbered keeps its code."""
    from sidalih import compare
    from sidalih.engine import voter_comparisons
    from sidalih.prepare import prepare
    from sidalih.schema import standardise_polars

    old = "9102011056"
    assert regions.successors()[old] == "9501011006"
    rows = pl.DataFrame({"id": [1, 2, 3], "nama": ["Yakob Wenda"] * 3,
                         "tanggal_lahir": ["03-05-1988"] * 3,
                         "kode_desa": ["91.02.01.1056", "9501011006", "3271011001"]})
    records = prepare(standardise_polars(rows), reference_date="2024-02-14")
    assert records["kode_desa"].to_list() == ["9501011006", "9501011006", "3271011001"]
    assert records["kode_kab"].to_list() == ["9501", "9501", "3271"]
    assert records["kode_desa_raw"].to_list() == ["91.02.01.1056", "9501011006", "3271011001"]
    village = next(c for c in voter_comparisons(records) if c.column == "kode_desa")
    levels = compare.compare_pairs(records, np.array([0, 0]), np.array([1, 2]), [village])
    assert [village.labels[k] for k in levels[:, 0]] == [village.labels[-1], village.labels[0]]
