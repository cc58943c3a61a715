"""One NIK on two records read alone as two names, bridged by a third copy (session 22).

Three records of one person under one NIK: ``Enos Meaga``, ``Enos`` (a word dropped) and
``Enoss Meaga`` (a letter doubled). The first is one name retyped from each of the others;
the other two, read alone, are one NIK on two names (``nik_clash``), a veto, and the run
used to split the three (a quarter of the seventh generator's misses on 5k lists). The
clash yields where a third record is merged with both (``cluster_pairs``'s
``yielding_from``), on every path (in memory, out of core, registry; Spark in
``test_spark_paths.py``). A household under one NIK stays apart: no record is one name
with two of its members. Twins do not yield (see ``sidalih.engine._score.YIELDING``).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pytest
from bridged_lists import bridged_list
from hypothesis import given, settings
from hypothesis import strategies as st

import sidalih
from sidalih.cluster import cluster_pairs
from sidalih.engine._judgement import NIK_CLASH, VERDICTS
from sidalih.errors import InvalidParameterError
from sidalih.registry import Registry
from sidalih.scale import deduplicate_parquet

ELECTION = "2024-02-14"
THRESHOLD, FORBID, SOFT, HARD = 5.0, -20.0, -21.0, -22.0


# --------------------------------------------------------------------------- cluster_pairs


def _clusters(n: int, pairs: list[tuple[int, int, float]], **bounds: float) -> list[int]:
    left, right, weight = (list(x) for x in zip(*pairs, strict=True)) if pairs else ([], [], [])
    return cluster_pairs(n, left, right, weight, threshold=THRESHOLD, **bounds).tolist()


def test_a_yielding_veto_is_lifted_by_a_third_row_merged_with_both() -> None:
    bridged = [(0, 1, 12.0), (1, 2, 9.0), (0, 2, SOFT)]
    assert _clusters(3, bridged, forbid_below=FORBID) == [0, 0, 2]
    assert _clusters(3, bridged, forbid_below=FORBID, yielding_from=SOFT) == [0, 0, 0]
    # a veto below the band never yields
    hard = [(0, 1, 12.0), (1, 2, 9.0), (0, 2, HARD)]
    assert _clusters(3, hard, forbid_below=FORBID, yielding_from=SOFT) == [0, 0, 2]
    # joined through a chain, not one row merged with both: no bridge
    chain = [(0, 1, 12.0), (1, 2, 11.0), (2, 3, 9.0), (0, 3, SOFT)]
    assert _clusters(4, chain, forbid_below=FORBID, yielding_from=SOFT) == [0, 0, 0, 3]
    # a bridge below the threshold is none
    weak = [(0, 1, 12.0), (1, 2, 4.0), (0, 2, SOFT)]
    assert _clusters(3, weak, forbid_below=FORBID, yielding_from=SOFT) == [0, 0, 2]


@pytest.mark.parametrize("bounds", [{"yielding_from": SOFT},
                                    {"forbid_below": FORBID, "yielding_from": FORBID},
                                    {"forbid_below": FORBID, "yielding_from": "-21"},
                                    {"forbid_below": FORBID, "yielding_from": float("nan")}])
def test_yielding_from_must_lie_below_the_cannot_link_bound(bounds: dict) -> None:
    with pytest.raises(InvalidParameterError, match="yielding_from"):
        _clusters(2, [(0, 1, 9.0)], **bounds)


def _reference(n: int, pairs: list[tuple[int, int, float]]) -> list[int]:
    """The yielding run as a plain guarded run: every yielding veto with a bridge (a row
    merged with both of its rows, told from all pairs by sets) set between the bounds."""
    merged: dict[int, set[int]] = {k: set() for k in range(n)}
    for a, b, w in pairs:
        if w >= THRESHOLD and a != b:
            merged[a].add(b)
            merged[b].add(a)
    lifted = [(a, b, 0.0 if SOFT <= w < FORBID and merged[a] & merged[b] else w)
              for a, b, w in pairs]
    return _clusters(n, lifted, forbid_below=FORBID)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 7).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                       st.sampled_from([15.0, 12.0, 9.0, 6.0, 0.0, SOFT, HARD, -30.0])),
             max_size=14))))
def test_yielding_clusters_equal_the_reference_in_any_order(case) -> None:  # type: ignore[no-untyped-def]
    n, pairs = case
    # one weight per pair of rows (a run scores a pair once)
    seen: dict[tuple[int, int], float] = {}
    for a, b, w in pairs:
        seen.setdefault((min(a, b), max(a, b)), w)
    unique = [(a, b, w) for (a, b), w in seen.items()]
    want = _reference(n, unique)
    assert _clusters(n, unique, forbid_below=FORBID, yielding_from=SOFT) == want
    flipped = [(b, a, w) for a, b, w in reversed(unique)]
    assert _clusters(n, flipped, forbid_below=FORBID, yielding_from=SOFT) == want


# --------------------------------------------------------------------------- the engine


@pytest.fixture(scope="module")
def bridged() -> tuple[pl.DataFrame, pl.DataFrame, sidalih.Result]:
    voters, truth = bridged_list(3_000)
    return voters, truth, sidalih.deduplicate(voters, election_date=ELECTION, u_pairs=50_000)


def test_three_copies_under_one_nik_are_one_person(bridged) -> None:  # type: ignore[no-untyped-def]
    voters, truth, result = bridged
    clusters = result.clusters.join(truth, on="id")
    triads = clusters.filter(pl.col("kind") == "triad").group_by("person").agg(
        pl.col("cluster_id").n_unique().alias("clusters"), pl.len())
    assert triads.height == 30 and (triads["len"] == 3).all()
    assert triads["clusters"].to_list() == [1] * 30
    # read alone the two copies are still one NIK on two names, for review
    pairs = result.pairs.filter(pl.col("id_l").str.ends_with("a") & pl.col("id_r").str.ends_with("b")
                                | pl.col("id_l").str.ends_with("b") & pl.col("id_r").str.ends_with("a"))
    assert pairs.height == 30
    assert (pairs["verdict"] == VERDICTS[NIK_CLASH]).sum() >= 15, pairs["verdict"].value_counts()


def test_a_household_under_one_nik_stays_apart(bridged) -> None:  # type: ignore[no-untyped-def]
    voters, truth, result = bridged
    clusters = result.clusters.join(truth, on="id")
    people = clusters.filter(pl.col("kind") == "household").group_by("cluster_id").agg(
        pl.col("person").n_unique().alias("people"))
    assert people["people"].max() == 1
    heads = clusters.filter((pl.col("kind") == "household") & ~pl.col("person").str.ends_with("w"))
    assert heads.group_by("person").agg(pl.col("cluster_id").n_unique())["cluster_id"].max() == 1


def test_out_of_core_gives_the_bridged_clusters(tmp_path: Path, bridged) -> None:  # type: ignore[no-untyped-def]
    voters, _, result = bridged
    voters.write_parquet(tmp_path / "dpt.parquet")
    outofcore = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                    model=result.model, memory_limit="3MiB", max_block_size=40)
    reference = sidalih.deduplicate(voters, model=result.model, max_block_size=40,
                                    election_date=ELECTION)
    assert outofcore.info["n_buckets"] > 1
    assert outofcore.clusters.sort("id").equals(reference.clusters.sort("id"))


def _same(frame: pl.DataFrame, column: str) -> set[tuple[str, str]]:
    groups: dict[object, list[str]] = {}
    for record, label in zip(frame["id"].to_list(), frame[column].to_list(), strict=True):
        groups.setdefault(label, []).append(record)
    return {(a, b) for g in groups.values() for a, b in itertools.combinations(sorted(g), 2)}


def test_a_registry_bridges_when_the_third_copy_arrives(tmp_path: Path, bridged) -> None:  # type: ignore[no-untyped-def]
    """The two copies read alone as two names first (two persons), then the original:
    one person, as the run over the whole list has it."""
    voters, truth, _ = bridged
    originals = truth.filter(pl.col("kind") == "triad").filter(
        ~pl.col("id").str.ends_with("a") & ~pl.col("id").str.ends_with("b"))["id"]
    later = voters.filter(pl.col("id").is_in(originals.implode()))
    first = voters.filter(~pl.col("id").is_in(originals.implode()))
    reg = Registry.create(tmp_path / "reg", first, election_date=ELECTION, u_pairs=50_000)
    before = _same(reg.persons(), "person_id")
    split = [(i + "a", i + "b") for i in originals.to_list()]
    # the pairs read as one NIK on two names (most of them) are two persons so far
    assert sum(pair not in before for pair in split) >= 15
    reg.add(later)
    after = _same(reg.persons(), "person_id")
    assert all(pair in after for pair in split)
    assert all((i, i + "a") in after and (i, i + "b") in after for i in originals.to_list())
    reopened = Registry.open(tmp_path / "reg")
    assert _same(reopened.persons(), "person_id") == after
    wives = truth.filter(pl.col("person").str.ends_with("w"))["id"].to_list()
    assert not any(a in wives or b in wives for a, b in after - before
                   if not (a.endswith(("a", "b")) or b.endswith(("a", "b"))))
