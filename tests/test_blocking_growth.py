"""Candidate pairs per record do not grow with the list (issue 23), and the report shows them."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sidalih.blocking import block_on, candidate_pairs, default_rules

# Keys that name a place (address, district of registration in NIK digits 1-6, birth
# place) or an identity: their values are renamed per copy of the region.
_PLACES = ("nik", "nik_masked12", "nkk", "kode_desa", "kode_kec", "kode_kab")


@pytest.fixture(scope="module")
def region() -> pl.DataFrame:
    from sidalih import synth
    from sidalih.engine import prepare_records

    data = synth.voters(3_000, seed=7)
    return prepare_records(data.voters, schema="voter", reference_date="2024-02-14")


def elsewhere(records: pl.DataFrame, k: int) -> pl.DataFrame:
    """The same people in a region of their own: every place and identity code renamed.

    A code keeps its length (the NIK rules slice it), its first character becomes the
    region's letter; birth places get the letter too.
    """
    letter = chr(ord("A") + k)
    return records.with_columns(
        *((pl.lit(letter) + pl.col(c).str.slice(1)).alias(c) for c in _PLACES),
        (pl.lit(letter + ":") + pl.col("tempat_lahir_norm")).alias("tempat_lahir_norm"),
    )


def country(records: pl.DataFrame, regions: int) -> pl.DataFrame:
    return pl.concat([elsewhere(records, k) for k in range(regions)])


@pytest.mark.parametrize("regions", [2, 5])
def test_default_rules_pair_no_record_outside_its_region(
    region: pl.DataFrame, regions: int
) -> None:
    # A list of several regions is several lists: each rule's pairs (own and new) are
    # the one-region figure times the regions, so pairs per record stay where they were.
    # A rule keyed on name and date, or on NIK digits 9-16, alone would pair records of
    # different regions and grow with the list.
    one = candidate_pairs(elsewhere(region, 0)).report
    many = candidate_pairs(country(region, regions)).report
    assert one.skipped == [] and many.skipped == []
    for a, b in zip(one.rules, many.rules, strict=True):
        assert (b.name, b.pairs_in_blocks, b.pairs_generated, b.pairs_new) == (
            a.name, regions * a.pairs_in_blocks, regions * a.pairs_generated, regions * a.pairs_new
        )  # fmt: skip
    assert many.per_record(many.pairs) == pytest.approx(one.per_record(one.pairs))


def test_every_default_rule_has_a_place_or_an_identity_key() -> None:
    bounded = {"nik", "nik_masked12", "nkk", "kode_desa", "kode_kec", "kode_kab",
               "tempat_lahir_norm"}  # fmt: skip
    for rule in default_rules():
        # NIK digits 9-16 (birth date and serial) name neither a place nor a person
        keys = {
            name for name, key in zip(rule.key_names, rule.keys, strict=True)
            if name != "nik_9_16" and set(key.meta.root_names()) & bounded
        }  # fmt: skip
        assert keys, f"{rule.name}: its blocks would grow with the list"


# ---------------------------------------------------------------- the report


def test_report_gives_pairs_per_record_per_rule() -> None:
    df = pl.DataFrame({"a": ["x", "x", "x", "y", "y", None], "b": ["p", "p", "q", "q", "q", "q"]})
    result = candidate_pairs(df, [block_on("a"), block_on("b")])
    report = result.report
    frame = report.to_frame()
    # a: (0,1) (0,2) (1,2) (3,4); b: (0,1) again, then (2,3) (2,4) (2,5) (3,5) (4,5) and (3,4)
    assert frame["pairs_generated"].to_list() == [4, 7]
    assert frame["pairs_new"].to_list() == [4, 5]
    assert frame["generated_per_record"].to_list() == pytest.approx([4 / 6, 7 / 6])
    assert frame["new_per_record"].to_list() == pytest.approx([4 / 6, 5 / 6])
    assert report.per_record(report.pairs) == pytest.approx(9 / 6) == len(result) / 6
    text = str(report)
    assert "candidate pairs: 9 (1.50 per record)" in text
    assert "4 pairs generated (0.67 per record), 4 new (0.67 per record)" in text
    assert "7 pairs generated (1.17 per record), 5 new (0.83 per record)" in text


def test_report_per_record_in_linkage_counts_both_frames() -> None:
    left = pl.DataFrame({"a": ["x", "x", "y"]})
    right = pl.DataFrame({"a": ["x", "y", "z", "z"]})
    report = candidate_pairs(left, [block_on("a")], other=right).report
    assert report.records == 7
    assert report.to_frame()["new_per_record"].to_list() == pytest.approx([3 / 7])


def test_report_of_an_empty_frame_and_of_a_chunk() -> None:
    from sidalih.blocking import iter_candidate_pairs

    empty = candidate_pairs(pl.DataFrame({"a": pl.Series([], dtype=pl.String)}), [block_on("a")])
    assert empty.report.per_record(0) == 0.0
    assert empty.report.to_frame()["new_per_record"].to_list() == [0.0]
    chunks = list(iter_candidate_pairs(pl.DataFrame({"a": ["x"] * 4}), [block_on("a")],
                                       chunk_pairs=3))  # fmt: skip
    # a chunk's new pairs are not the list's: its text gives no per-record figure
    assert all("per record" not in str(c.report) for c in chunks)
    assert np.sum([len(c) for c in chunks]) == 6


def test_lookup_adds_the_national_name_and_date_rule_last() -> None:
    # a registry's look-up by name and birth date alone names no place: only a national
    # name + date rule reaches the record, and lists are never deduplicated with it
    rules = default_rules(lookup=True)
    assert [r.name for r in rules[:-1]] == [r.name for r in default_rules()]
    assert rules[-1].columns() == ["nama_key", "tanggal_lahir"]
    records = pl.DataFrame({"nama_key": ["STAMN", "STAMN", "BD"],
                            "tanggal_lahir": ["1985-07-05"] * 3,
                            "kode_kab": ["3271", "9471", "3271"],
                            "tempat_lahir_norm": ["bogor", "jayapura", "bogor"]})  # fmt: skip
    query = pl.DataFrame({"nama_key": ["STAMN"], "tanggal_lahir": ["1985-07-05"]})
    assert default_rules(["nama_key", "tanggal_lahir"]) == []  # no bounded rule reads them
    found = candidate_pairs(query, default_rules(["nama_key", "tanggal_lahir"], lookup=True),
                            other=records)  # fmt: skip
    assert sorted(found.right.tolist()) == [0, 1]
