"""A list of names and birth dates alone (no NIK, family card or place) is deduplicated.

DESIGN.md asks only for a name and a NIK or a birth date; every default blocking rule
holds an identity key or a place, so such a list raised "none of the blocking rules can
be used" before (session 12). Measured on synth.voters(5_000, seed=3) reduced to id,
nama and tanggal_lahir: precision 0.99, recall 0.68 (the place and the NIK are what
find the rest).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pytest

import sidalih
from sidalih import blocking
from sidalih.cli.demo import pairwise_accuracy


def _people() -> pl.DataFrame:
    """200 people (ids 0-199), then two of them again: one in capitals, one with day and
    month swapped."""
    givens = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Eko", "Sri", "Ahmad", "Nur",
              "Wahyu", "Indah", "Fajar", "Yuni", "Dedi", "Lilis", "Asep", "Ratna", "Iwan", "Euis"]
    families = ["Aminah", "Santoso", "Lestari", "Salim", "Wati", "Widodo", "Prasetyo",
                "Wahyuni", "Fauzi", "Hidayah"]
    rows = [{"id": k, "nama": f"{givens[k % 20]} {families[k // 20]}",
             "tanggal_lahir": dt.date(1950 + k % 50, 1 + k % 12, 13 + k % 15)}
            for k in range(200)]
    rows[1]["tanggal_lahir"] = dt.date(1961, 11, 2)
    rows.append({"id": 1000, "nama": str(rows[0]["nama"]).upper(),
                 "tanggal_lahir": rows[0]["tanggal_lahir"]})
    rows.append({"id": 1001, "nama": rows[1]["nama"], "tanggal_lahir": dt.date(1961, 2, 11)})
    return pl.DataFrame(rows)


def test_names_and_birth_dates_alone_find_their_duplicates() -> None:
    result = sidalih.deduplicate(_people(), pairs_floor=0.0)
    cluster = dict(zip(result.clusters["id"], result.clusters["cluster_id"], strict=True))
    assert cluster[0] == cluster[1000]  # one name in other case, one date
    assert result.clusters.height == 202
    person = {k: {1000: 0, 1001: 1}.get(k, k) for k in cluster}
    members: dict[object, set[int]] = {}
    for k, c in cluster.items():
        members.setdefault(c, set()).add(person[k])
    assert all(len(people) == 1 for people in members.values())  # no stranger merged
    # day and month swapped: paired (by the token key and the swap-proof date) and
    # scored more likely than not; a name and a swapped date are all the evidence
    # there is, short of the 0.8 threshold
    swapped = result.pairs.filter((pl.col("id_l") == 1) & (pl.col("id_r") == 1001))
    assert swapped.height == 1 and swapped["match_probability"][0] > 0.5


def test_a_pandas_list_of_names_and_dates_comes_back_as_pandas() -> None:
    result = sidalih.deduplicate(_people().to_pandas())
    assert isinstance(result.clusters, pd.DataFrame) and len(result.clusters) == 202


def test_names_and_dates_of_a_synthetic_list_keep_a_floor() -> None:
    lists = sidalih.synth.voters(5_000, seed=3)
    result = sidalih.deduplicate(lists.voters.select("id", "nama", "tanggal_lahir"))
    accuracy = pairwise_accuracy(result.clusters, lists.truth)
    assert accuracy["precision"] >= 0.95 and accuracy["recall"] >= 0.6, accuracy


@pytest.mark.parametrize("columns", [["nik", "nama_key", "tanggal_lahir"],
                                     ["kode_desa", "nama_key", "tanggal_lahir"],
                                     ["nkk", "nama_first_key", "tanggal_lahir"]])
def test_a_list_with_a_key_or_a_place_keeps_the_bounded_rules(columns: list[str]) -> None:
    assert blocking.placeless_rules(columns) == []


def test_a_list_without_a_name_key_or_a_date_gets_no_placeless_rule() -> None:
    assert blocking.placeless_rules(["nama_key"]) == []
    assert [r.name for r in blocking.placeless_rules(["nama_key", "tanggal_lahir"])] == [
        "nama_key+tanggal_lahir"]


def test_a_list_of_names_alone_is_refused_with_the_reason() -> None:
    with pytest.raises(sidalih.errors.SidalihError, match="blocking|column"):
        sidalih.deduplicate(pl.DataFrame({"nama": ["Siti", "Budi"]}))


def test_a_full_list_links_to_a_list_of_names_and_dates() -> None:
    """The right list holds names and dates only: stacked under the full list, its key
    columns are all null there, and the bounded rules would pair nothing."""
    voters = sidalih.synth.voters(1_000, seed=2).voters
    full, bare = voters.head(600), voters.tail(500).select("id", "nama", "tanggal_lahir")
    both_full = sidalih.link(full, voters.tail(500))
    result = sidalih.link(full, bare)
    assert result.pairs.height >= 0.9 * both_full.pairs.height > 0


def test_a_list_whose_key_columns_are_all_null_still_pairs_records() -> None:
    lists = sidalih.synth.voters(5_000, seed=3)
    blank = lists.voters.with_columns(pl.lit(None, dtype=pl.String).alias(c)
                                      for c in ("nik", "nkk", "kode_desa"))
    accuracy = pairwise_accuracy(sidalih.deduplicate(blank).clusters, lists.truth)
    assert accuracy["precision"] >= 0.95 and accuracy["recall"] >= 0.6, accuracy
