"""Order independence of the registry: the persons are a function of the records held.

A small bound (3) makes blocks pass it while records arrive, so the pairs that a
refined block no longer gives must be dropped for every batching to agree.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sidalih.registry import Registry
from sidalih.registry._freq import Frequencies
from sidalih.synth import voters

ELECTION = "2029-02-14"
LISTED = voters(160, seed=11).voters
FIRST, BOUND = 60, 3
REST = LISTED[FIRST:]


def persons(reg: Registry) -> list[list[str]]:
    """The partition of the records held, as sorted groups of record ids."""
    frame = reg.persons()
    groups: dict[str, list[str]] = {}
    for record, person in zip(frame["id"].to_list(), frame["person_id"].to_list(), strict=True):
        groups.setdefault(person, []).append(record)
    return sorted(sorted(g) for g in groups.values())


def stored_pairs(reg: Registry) -> set[tuple[str, str, float | None]]:
    """The deciding pairs held, by record ids (weight None: cannot-link)."""
    s = reg._state
    out: set[tuple[str, str, float | None]] = set()
    for a, b, w in zip(*s.links, strict=True):
        x, y = sorted((str(s.ids[a]), str(s.ids[b])))
        out.add((x, y, float(w)))
    for a, b in zip(*s.cannot, strict=True):
        x, y = sorted((str(s.ids[a]), str(s.ids[b])))
        out.add((x, y, None))
    return out


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("order") / "base"
    Registry.create(folder, LISTED[:FIRST], election_date=ELECTION, u_pairs=5_000,
                    max_block_size=BOUND).close()
    return folder


def grown(created: Path, folder: Path, order: list[int], cuts: list[int]) -> Registry:
    """A copy of the created registry with ``REST`` added in ``order``, cut at ``cuts``."""
    shutil.copytree(created, folder)
    reg = Registry.open(folder)
    rows = REST[order]
    edges = sorted({0, len(order), *cuts})
    for lo, hi in zip(edges, edges[1:], strict=False):
        reg.add(rows[lo:hi])
    return reg


@pytest.fixture(scope="module")
def at_once(created: Path, tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return grown(created, tmp_path_factory.mktemp("once") / "r", list(range(REST.height)), [])


def test_batches_give_the_pairs_and_persons_of_one_add(created: Path, at_once: Registry,
                                                       tmp_path: Path) -> None:
    """Batches of 7 cross the bound in many adds; the pairs held (weights included) and
    the persons are those of one add, in memory and on disk."""
    reg = grown(created, tmp_path / "r", list(range(REST.height))[::-1],
                list(range(7, REST.height, 7)))
    assert persons(reg) == persons(at_once)
    assert stored_pairs(reg) == stored_pairs(at_once)
    again = Registry.open(tmp_path / "r")
    assert stored_pairs(again) == stored_pairs(reg) and persons(again) == persons(reg)


def test_the_bound_is_crossed_by_adds(created: Path, tmp_path: Path) -> None:
    """The list does what the tests above need: some add drops stored pairs."""
    reg = grown(created, tmp_path / "r", list(range(40)), [20])
    before = stored_pairs(reg)
    late = REST[40:]
    reg.add(late)
    assert not before <= stored_pairs(reg)  # a pair held before is gone


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(list(range(REST.height))),
       cuts=st.lists(st.integers(1, REST.height - 1), max_size=6))
def test_any_batching_gives_the_same_persons(created: Path, at_once: Registry,
                                             order: list[int], cuts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        reg = grown(created, Path(scratch) / "r", order, cuts)
        try:
            assert persons(reg) == persons(at_once)
            assert stored_pairs(reg) == stored_pairs(at_once)
        finally:
            reg.close()


def test_frequencies_are_those_of_create(created: Path, at_once: Registry) -> None:
    """Adds count nothing: a value first seen later counts as seen once."""
    first = Registry.open(created)
    freq, later = first._state.freq, at_once._state.freq
    rows = np.arange(FIRST)
    for column in freq.columns:
        assert later.frequency(column, rows).tolist() == freq.frequency(column, rows).tolist()
    assert later.n_rows == FIRST
    records = at_once._state.records
    seen_any = False
    for column in freq.columns:
        known = set(records[column][:FIRST].drop_nulls().to_list())
        fresh = [FIRST + i for i, v in enumerate(records[column][FIRST:].to_list())
                 if v is not None and v not in known]
        once = 1 / FIRST
        if column in later.smoothed:  # a name's: the Good-Turing estimate of "seen once"
            place_rows, offsets, adjusted = later.tables(column)
            assert place_rows[0] == FIRST
            once = adjusted[offsets[0] + 1] / FIRST
        assert later.frequency(column, np.array(fresh, np.int64)).tolist() == \
            [once] * len(fresh)
        seen_any = seen_any or bool(fresh)
    assert seen_any


def _family(base: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """X and Y: one person (same NIK, card and birth date, one letter apart in the
    name; Y without a village), compared only through the NIK and card blocks; Z and W:
    two relatives on the same NIK and card, which push both blocks past the bound."""
    card = pl.lit("5303101212120001").alias("nkk")
    x = base[:1].with_columns(pl.lit("X").alias("id"), pl.lit("BUDI SANTOSO").alias("nama"),
                              card)
    y = x.with_columns(pl.lit("Y").alias("id"), pl.lit("VUDI SANTOKO").alias("nama"),
                       pl.lit(None, pl.String).alias("kode_desa"))
    relatives = base[5:7].with_columns(pl.Series("id", ["Z", "W"]),
                                       pl.lit(x["nik"][0]).alias("nik"), card)
    return pl.concat([x, y]), relatives


def test_a_block_past_the_bound_splits_what_only_it_joined(tmp_path: Path) -> None:
    pair, relatives = _family(LISTED[:FIRST])
    early = Registry.create(tmp_path / "a", LISTED[:FIRST], election_date=ELECTION,
                            u_pairs=5_000, max_block_size=BOUND)
    joined = early.add(pair)
    assert joined["person_id"][0] == joined["person_id"][1]  # compared while blocks were small
    early.add(relatives)
    once = Registry.create(tmp_path / "b", LISTED[:FIRST], election_date=ELECTION,
                           u_pairs=5_000, max_block_size=BOUND)
    once.add(pl.concat([pair, relatives]))
    assert persons(early) == persons(once)
    assert stored_pairs(early) == stored_pairs(once)
    apart = partition_of(early)
    assert apart["X"] == joined["person_id"][0] and apart["Y"] != apart["X"]
    split = early.events(since=2).filter(pl.col("kind") == "split")
    assert split["other"].to_list() == [apart["X"]]
    detail = json.loads(split["detail"][0])
    assert detail["records"] == ["Y"] and ["X", "Y"] in detail["no_longer_compared"]
    assert persons(Registry.open(tmp_path / "a")) == persons(early)


def partition_of(reg: Registry) -> dict[str, str]:
    frame = reg.persons()
    return dict(zip(frame["id"].to_list(), frame["person_id"].to_list(), strict=True))


def test_recount_counts_the_records_held(created: Path, at_once: Registry,
                                         tmp_path: Path) -> None:
    """After a recount the frequencies are the engine's over the records held (removals
    too), later adds score with them, and two add orders still agree, on disk too."""
    gone = [str(REST["id"][3]), str(LISTED["id"][0])]
    regs = []
    for k, order in enumerate([list(range(REST.height)), list(range(REST.height))[::-1]]):
        reg = grown(created, tmp_path / f"r{k}", order, [30, 70][: k + 1])
        reg.remove(gone, reason="TMS-1")
        changed = reg.recount(cycle="2025-Q2")
        assert changed.columns == ["id", "person_id", "before"]
        regs.append(reg)
    one, two = regs
    assert persons(one) == persons(two) and stored_pairs(one) == stored_pairs(two)
    s = one._state
    engine = Frequencies.build(s.records, s.active, list(s.freq.columns),
                               smoothed=list(s.freq.smoothed))
    held = s.active_rows()
    for column in s.freq.columns:
        assert s.freq.frequency(column, held).tolist() == \
            engine.frequency(column, held).tolist()
    assert s.freq.n_rows == len(one) == REST.height + FIRST - 2
    kinds = set(one.events(since=one._state.seq - 1)["detail"].drop_nulls().to_list())
    assert all("after_recount" in k for k in kinds)
    shutil.copytree(tmp_path / "r0", tmp_path / "copy")
    again = Registry.open(tmp_path / "copy")
    assert persons(again) == persons(one) and stored_pairs(again) == stored_pairs(one)
    assert again._state.freq.n_rows == s.freq.n_rows
    late = LISTED[:2].with_columns(pl.Series("id", ["L1", "L2"]))
    one.add(late)
    again.add(late)
    assert one._state.freq.n_rows == s.freq.n_rows  # frozen again until the next recount
    assert persons(again) == persons(one)
