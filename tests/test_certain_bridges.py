"""Namesakes yield to a record identical to both of them, and to nothing less.

A namesake veto is read from two records alone: one name and birth date, two NIKs, two
family cards. A third record identical to each (the same NIK as the one; the other's
card, with the serial mistyped) says they are one person, moved to another card
(the eighth generator's Balinese villages: I GEDE ADI PUTRA's original, its copy with
the serial mistyped, and its copy after a move, of which the last two were kept apart).
A record that only scores high against two namesakes (no NIK, the same name and date)
still bridges nothing. Every path clusters alike: in memory, out of core and the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih.cluster import cluster_pairs
from sidalih.engine._judgement import IDENTICAL, MODEL, NAMESAKE, NIK_CLASH, TWIN
from sidalih.engine._model import Model
from sidalih.engine._score import (
    CERTAIN_WEIGHT,
    certain_band,
    cluster_bounds,
    cluster_weights,
    yielding_bands,
)
from sidalih.errors import InvalidParameterError
from sidalih.registry import Registry
from sidalih.synth import voters

ELECTION = dt.date(2024, 2, 14)
_PUTRA = {"nama": "I GEDE ADI PUTRA", "tempat_lahir": "TEGALLALANG",
          "tanggal_lahir": "20-04-1998", "jenis_kelamin": "L", "status_kawin": "S"}


def _village_with(records: list[dict[str, object]], seed: int = 31) -> pl.DataFrame:
    village = voters(1_500, seed=seed).voters
    planted = pl.DataFrame(records).with_columns(kode_desa=pl.lit(village["kode_desa"][0]))
    return pl.concat([village, planted], how="diagonal_relaxed")


def _moved_and_mistyped() -> list[dict[str, object]]:
    return [
        {"id": "orig", "nik": "5104062004980001", "nkk": "5104062008080001",
         "rt": "009", "rw": "002", **_PUTRA},
        # one card, the name abbreviated, the serial mistyped: identical to the original
        {"id": "slip", "nik": "5104062004980004", "nkk": "5104062008080001",
         "rt": "009", "rw": "002", **_PUTRA, "nama": "I GD. ADI PUTRA"},
        # moved to another card: the same NIK as the original, identical to it
        {"id": "moved", "nik": "5104062004980001", "nkk": "5104060802130004",
         "rt": "001", "rw": "003", **_PUTRA},
    ]


def _namesakes_and_a_blank() -> list[dict[str, object]]:
    return [
        {"id": "first", "nik": "5104062004980001", "nkk": "5104062008080001", **_PUTRA},
        {"id": "second", "nik": "5104062004980007", "nkk": "5104060802130004", **_PUTRA},
        # no NIK and no card: close to both, identical to neither
        {"id": "blank", "nik": None, "nkk": None, **_PUTRA},
    ]


def _label_of(result: Any, ids: list[str]) -> dict[str, object]:
    clusters = result.clusters
    frame = clusters if isinstance(clusters, pl.DataFrame) else pl.from_pandas(clusters)
    rows = frame.filter(pl.col("id").is_in(ids))
    return dict(zip(rows["id"].to_list(), rows["cluster_id"].to_list(), strict=True))


# ------------------------------------------------------------------ cluster_pairs


def test_a_band_yields_only_to_certain_bridges() -> None:
    band: dict[str, Any] = {"threshold": 5.0, "forbid_below": -5.0, "yielding_from": -6.0,
            "yielding_to_certain": (-7.0, 53.0)}
    # bridged by pairs above the threshold but not certain: kept apart
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -6.5], **band).tolist() == [0, 0, 2]
    # one certain bridging pair is not enough
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 9.0, -6.5], **band).tolist() == [0, 0, 2]
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 53.0, -6.5], **band).tolist() == [0, 0, 0]
    # below the band: never, whatever bridges it
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 55.0, -7.5], **band).tolist() == [0, 0, 2]
    # the band above still yields to any bridge
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [12.0, 9.0, -5.5], **band).tolist() == [0, 0, 0]


def test_the_certain_band_without_a_yielding_band_reaches_the_bound() -> None:
    kwargs: dict[str, Any] = {"threshold": 5.0, "forbid_below": -5.0, "yielding_to_certain": (-7.0, 53.0)}
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 55.0, -5.5], **kwargs).tolist() == [0, 0, 0]
    assert cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 55.0, -8.0], **kwargs).tolist() == [0, 0, 2]


@pytest.mark.parametrize("band", [(-4.0, 53.0), (-7.0, 3.0), (np.nan, 53.0), (-7.0,),
                                  "(-7, 53)", "ab", (-7.0, np.inf - np.inf), {-7.0, 53.0}])
def test_a_wrong_certain_band_is_a_typed_error(band: object) -> None:
    with pytest.raises(InvalidParameterError, match="yielding_to_certain"):
        cluster_pairs(3, [0, 1], [1, 2], [9.0, 8.0], threshold=5.0, forbid_below=-5.0,
                      yielding_to_certain=band)  # type: ignore[arg-type]


def test_a_certain_band_may_be_a_list_or_an_array() -> None:
    for band in ([-7.0, 53.0], np.array([-7.0, 53.0])):
        labels = cluster_pairs(3, [0, 1, 0], [1, 2, 2], [60.0, 55.0, -6.5], threshold=5.0,
                               forbid_below=-5.0, yielding_to_certain=band)  # type: ignore[arg-type]
        assert labels.tolist() == [0, 0, 0]


def test_a_certain_band_needs_a_cannot_link_bound() -> None:
    with pytest.raises(InvalidParameterError, match="yielding_to_certain"):
        cluster_pairs(3, [0, 1], [1, 2], [9.0, 8.0], threshold=5.0,
                      yielding_to_certain=(-7.0, 53.0))


# ------------------------------------------------------------------ the engine's weights


def test_identical_records_weigh_as_certain_and_namesakes_sit_in_their_band() -> None:
    model = Model.default()
    threshold, forbid = cluster_bounds(model)
    verdict = np.array([IDENTICAL, IDENTICAL, NAMESAKE, NIK_CLASH, TWIN, MODEL], dtype=np.int8)
    weight = np.array([12.5, 80.0, 1.5, 20.0, 30.0, -40.0])
    got = cluster_weights(weight, verdict, model)
    low, certain = certain_band(model)  # type: ignore[misc]
    assert certain == CERTAIN_WEIGHT
    # certain, in the order of their own weights (the stronger wins a conflict)
    assert got[0] == CERTAIN_WEIGHT + 12.5 and got[1] == CERTAIN_WEIGHT + 80.0
    assert low <= got[2] < yielding_bands(threshold, forbid)[0]  # type: ignore[operator]
    assert got[3] == yielding_bands(threshold, forbid)[0]
    assert got[4] < low and got[5] < low


# ------------------------------------------------------------------ whole lists


def test_a_record_identical_to_two_namesakes_puts_them_in_one_cluster() -> None:
    result = sidalih.deduplicate(_village_with(_moved_and_mistyped()), election_date=ELECTION,
                                 lang="en")
    assert result.explain("orig", "slip").verdict == "identical"
    assert result.explain("orig", "moved").verdict == "identical"
    assert result.explain("slip", "moved").verdict == "namesake"
    # the officer reads why the two namesakes share a cluster
    assert "merged all the same: orig is identical to both" in result.explain("slip", "moved").text
    labels = _label_of(result, ["orig", "slip", "moved"])
    assert len(set(labels.values())) == 1


def test_a_record_only_close_to_two_namesakes_bridges_nothing() -> None:
    result = sidalih.deduplicate(_village_with(_namesakes_and_a_blank()), election_date=ELECTION,
                                 lang="en")
    assert result.explain("first", "second").verdict == "namesake"
    assert result.explain("first", "blank").match_probability >= 0.8
    assert result.explain("second", "blank").match_probability >= 0.8
    labels = _label_of(result, ["first", "second", "blank"])
    assert labels["first"] != labels["second"]
    assert "merged all the same" not in result.explain("first", "second").text


def test_the_stronger_of_two_identical_records_wins_whatever_the_rows_order() -> None:
    """Row 0 identical to rows 1 (weight 12) and 2 (weight 30), rows 1 and 2 twins."""
    model = Model.default()
    threshold, forbid = cluster_bounds(model)
    yielding, certain = yielding_bands(threshold, forbid)
    verdict = np.array([IDENTICAL, IDENTICAL, TWIN], dtype=np.int8)
    weight = cluster_weights(np.array([12.0, 30.0, 5.0]), verdict, model)
    for order in ([0, 1, 2], [2, 1, 0]):
        rows = np.array(order)
        left, right = rows[[0, 0, 1]], rows[[1, 2, 2]]
        labels = cluster_pairs(3, left, right, weight, threshold=threshold, forbid_below=forbid,
                               yielding_from=yielding, yielding_to_certain=certain)
        # the record of weight 30 joins row 0; the other twin stays alone
        assert labels[rows[0]] == labels[rows[2]] != labels[rows[1]]


def test_the_id_explanation_says_who_joins_two_namesakes() -> None:
    result = sidalih.deduplicate(_village_with(_moved_and_mistyped()), election_date=ELECTION,
                                 lang="id")
    assert "tetap digabung: orig identik dengan keduanya" in result.explain("slip", "moved").text


@pytest.mark.parametrize("planted", [_moved_and_mistyped, _namesakes_and_a_blank])
def test_out_of_core_and_the_registry_cluster_as_in_memory(
        tmp_path: Path, planted: Callable[[], list[dict[str, object]]]) -> None:
    listed = _village_with(planted(), seed=32)
    ids = [str(r["id"]) for r in planted()]
    in_memory = _label_of(sidalih.deduplicate(listed, election_date=ELECTION), ids)
    same = {(a, b) for a in ids for b in ids if a < b and in_memory[a] == in_memory[b]}

    path = tmp_path / "list.parquet"
    listed.write_parquet(path)
    out_of_core = sidalih.deduplicate(str(path), out=str(tmp_path / "out"),
                                      memory_limit="256MiB", election_date=ELECTION)
    labels = _label_of(out_of_core, ids)
    assert {(a, b) for a in ids for b in ids if a < b and labels[a] == labels[b]} == same

    registry = Registry.create(tmp_path / "reg", listed, election_date=ELECTION)
    persons = registry.persons().filter(pl.col("id").is_in(ids))
    person = dict(zip(persons["id"].to_list(), persons["person_id"].to_list(), strict=True))
    assert {(a, b) for a in ids for b in ids if a < b and person[a] == person[b]} == same
