"""The faster paths of an out-of-core run give what the plain paths give, value for value.

Each test sets a shortcut of :mod:`sidalih.scale` beside the obvious way to do the same
thing (a pass per group, one pair frame, counting distinct values) and asks for equal
frames, so a shortcut that changed a row, a column's order or a bit of a weight fails
here even where the clusters of a small list would not show it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sidalih
from sidalih.engine import Model, prepare_records
from sidalih.engine._judgement import ALWAYS_LISTED
from sidalih.engine._score import cluster_bounds
from sidalih.engine._tf import smoothed_tf
from sidalih.scale import (
    BatchPlan,
    add_rule_hashes,
    attach_frequency,
    cluster_rows,
    deduplicate_parquet,
    frequency_tables,
    plan_rules,
    score_batch,
)
from sidalih.scale._batch import (
    CANNOT_SCHEMA,
    score_batch_apart,
    score_group,
    score_group_apart,
    score_list,
    score_whole,
)
from sidalih.scale._groups import plan_groups
from sidalih.scale._keys import ROW, SIDE, attach_frequencies, hash_column
from sidalih.scale._passes import _bucketing, bucket_groups, scoring_columns
from sidalih.synth import voters as synth_voters

SMALL_BLOCKS = 40


@pytest.fixture(scope="module")
def prepared_list(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """A prepared, hashed list in three chunk files, its rules, a trained model."""
    voters = synth_voters(3_000, seed=21, voters_per_village=100,
                          villages_per_district=2).voters
    junk = pl.int_range(pl.len()) % 20 == 0  # one family card in every regency: alone
    voters = voters.with_columns(pl.when(junk).then(pl.lit("3201010107800001"))
                                 .otherwise("nkk").alias("nkk"))
    trained = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    records = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    rules = plan_rules(None, records)
    records = add_rule_hashes(records, rules).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW), pl.lit(0, pl.Int8).alias(SIDE))
    folder = tmp_path_factory.mktemp("prepared")
    for k, start in enumerate(range(0, records.height, 1_100)):
        records.slice(start, 1_100).write_parquet(folder / f"s0-{k:012d}.parquet")
    return folder, records, rules, trained.model


def _extra(records: pl.DataFrame, model: Model):  # type: ignore[no-untyped-def]
    tables = [frequency_tables(records.lazy(), c.tf_column, smoothed=smoothed_tf(c))
              for c in model.comparisons if c.tf_column and c.tf_column in records.columns]

    def extra(frame: pl.DataFrame) -> pl.DataFrame:
        for table in tables:
            frame = attach_frequency(frame, table)
        return frame

    return extra, len(tables)


def _buckets(folder: Path) -> dict[str, pl.DataFrame]:
    return {b.name: pl.read_parquet(b / "*.parquet").sort(ROW)
            for b in sorted(folder.iterdir()) if b.is_dir()}


@pytest.mark.parametrize("slice_rows", [250, 1_100, 10_000])
def test_one_pass_gives_each_group_the_buckets_of_a_pass_of_its_own(
        prepared_list: tuple, tmp_path: Path, slice_rows: int) -> None:
    """Bucketing every group in one pass (frequencies attached once, the chunks read in
    slices) gives each group, bucket for bucket, the rows, columns and frequencies that
    reading the whole list for that group alone gives."""
    folder, records, rules, model = prepared_list
    extra, n_tables = _extra(records, model)
    assert n_tables  # the frequencies are part of what is compared
    plan = BatchPlan(rules, model, max_block_size=SMALL_BLOCKS)
    grouping = plan_groups(records.lazy(), rules, bound=plan.bound, linkage=False,
                           max_rows=600)
    assert any(g.unit for g in grouping.groups) and any(g.unit is None for g in grouping.groups)
    names = records.columns
    bucketings = []
    for group in grouping.groups:
        columns = scoring_columns(rules, model, names, max(group.rules))
        bucketings.append(_bucketing(tmp_path, group, 3 if group.unit else 2, columns))
    bucket_groups(folder, bucketings, extra, slice_rows=slice_rows)
    for group, bucketing in zip(grouping.groups, bucketings, strict=True):
        whole = records.filter(bucketing.keep)
        expected = extra(whole.select(bucketing.columns)).with_columns(
            whole.select(bucketing.bucket.alias("__b")))
        got = _buckets(bucketing.folder)
        assert sorted(got) == [f"b{b:05d}" for b in sorted(expected["__b"].unique())]
        for (b,), part in expected.partition_by("__b", as_dict=True).items():
            assert got[f"b{b:05d}"].equals(part.drop("__b").sort(ROW)), (group, b)


def _listed(frame: pl.DataFrame, model: Model, floor: float) -> pl.Series:
    threshold, _ = cluster_bounds(model)
    return ((frame["cluster_weight"] >= threshold)
            | (frame["match_weight"] >= float(np.log2(floor / (1 - floor))))
            | frame["verdict"].is_in(list(ALWAYS_LISTED)))


def _batch(prepared_list: tuple) -> tuple[pl.DataFrame, BatchPlan]:
    _, records, rules, model = prepared_list
    extra, _ = _extra(records, model)
    plan = BatchPlan(rules, model, max_block_size=SMALL_BLOCKS)
    grouping = plan_groups(records.lazy(), rules, bound=plan.bound, linkage=False,
                           max_rows=600)
    return extra(records), plan.with_big(grouping.big)


def test_split_pairs_are_the_kept_pairs_in_two_frames(prepared_list: tuple) -> None:
    """Listed pairs come with every column and cannot-link-only pairs with four; the two
    are, row for row and bit for bit, the one frame of kept pairs."""
    batch, plan = _batch(prepared_list)
    rules = tuple(range(2, 7))
    kept = score_group(batch, rules, plan)
    listed, cannot = score_group_apart(batch, rules, plan)
    mask = _listed(kept, plan.model, plan.keep_probability)
    assert 0 < listed.height < kept.height and cannot.height > 0
    assert listed.equals(kept.filter(mask))
    assert cannot.schema == pl.Schema(CANNOT_SCHEMA)
    assert cannot.equals(kept.filter(~mask).select(list(CANNOT_SCHEMA)))
    _, forbid = cluster_bounds(plan.model)
    assert (cannot["cluster_weight"] < forbid).all()


def test_split_pairs_of_one_rule_are_its_kept_pairs(prepared_list: tuple) -> None:
    batch, plan = _batch(prepared_list)
    rule = 1
    blocked = batch.filter(pl.col(hash_column(rule)).is_not_null())
    kept, _ = score_batch(blocked, rule, plan)
    listed, cannot = score_batch_apart(blocked, rule, plan)
    mask = _listed(kept, plan.model, plan.keep_probability)
    assert listed.height and cannot.height
    assert listed.equals(kept.filter(mask))
    assert cannot.equals(kept.filter(~mask).select(list(CANNOT_SCHEMA)))


def test_cluster_rows_reads_the_guards_kept_apart() -> None:
    """A cannot-link pair kept apart guards the clusters as it does in the pair frame."""
    from sidalih.compare import exact

    model = Model.untrained([exact("x")])
    _, forbid = cluster_bounds(model)
    merged = pl.LazyFrame({"row_l": [1, 2], "row_r": [2, 3], "rule": [0, 0],
                           "cluster_weight": [12.0, 9.0]},
                          schema_overrides={"rule": pl.Int8})
    guard = pl.LazyFrame({"row_l": [1], "row_r": [3], "rule": [1],
                          "cluster_weight": [forbid - 5.0]}, schema=CANNOT_SCHEMA)
    together = cluster_rows(pl.concat([merged, guard]), model)
    apart = cluster_rows(merged, model, cannot=guard)
    assert apart.sort("row").equals(together.sort("row"))
    assert cluster_rows(merged, model).height == 3  # without the guard: one cluster of 3
    assert apart.height == 2


@pytest.mark.parametrize("memory_limit", ["3MiB", "8MiB"])
def test_the_bucketed_run_keeps_the_guards_that_bind(tmp_path: Path, memory_limit: str) -> None:
    """Bucketed, the run keeps cannot-link pairs apart and still gives the in-memory
    clusters and pairs, on a list where some guard splits a chain of matches."""
    # twins, fathers and sons, namesakes and shared NIKs often enough that on this list
    # a cannot-link pair from one bucket splits a chain merged across buckets (without
    # the pairs kept apart the run finds 825 rows in clusters, not 823)
    voters = synth_voters(4_000, seed=0, voters_per_village=100, villages_per_district=2,
                          twin_rate=0.05, father_son_rate=0.03, namesake_rate=0.03,
                          shared_nik_rate=0.02, duplicate_rate=0.1).voters
    voters.write_parquet(tmp_path / "dpt.parquet")
    reference = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 model=reference.model, memory_limit=memory_limit,
                                 max_block_size=SMALL_BLOCKS)
    assert result.info["n_buckets"] > 1
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))
    columns = ["id_l", "id_r", "match_weight", "matched", "verdict", "rule", "reasons"]
    assert result.pairs.select(columns).sort("id_l", "id_r").equals(
        reference.pairs.select(columns).sort("id_l", "id_r"))


def test_regency_rules_share_a_pass_with_the_district_rules(tmp_path: Path) -> None:
    """Where a regency fits a bucket's share, the rules keyed on it and the district rules
    are one group (one pass instead of three), with the in-memory run's pairs."""
    from sidalih.regions._store import village_rows

    # one village in each of three districts of ten regencies: ~600 rows a regency, a
    # regency's district rows in more than one district
    codes = village_rows().select(pl.col("code"), pl.col("code").str.slice(0, 4).alias("kab"),
                                  pl.col("code").str.slice(0, 6).alias("kec"))
    kabs = codes.filter(pl.col("kab").str.starts_with("32"))["kab"].unique().sort().head(10)
    villages = (codes.filter(pl.col("kab").is_in(kabs.implode())).sort("code")
                .group_by("kab", "kec", maintain_order=True).head(1)
                .group_by("kab", maintain_order=True).head(3))["code"].to_list()
    voters = synth_voters(6_000, seed=4, villages=villages).voters
    junk = pl.int_range(pl.len()) % 20 == 0  # one family card in every regency: alone
    voters = voters.with_columns(pl.when(junk).then(pl.lit("3201010107800001"))
                                 .otherwise("nkk").alias("nkk"))
    assert voters["kode_desa"].str.slice(0, 6).n_unique() == 30
    voters.write_parquet(tmp_path / "dpt.parquet")
    reference = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 model=reference.model, memory_limit="12MiB",
                                 max_block_size=SMALL_BLOCKS)
    together = {name: set(p) for p in result.info["rule_passes"] for name in p}
    assert {"nama_token_key+tgl_swapfree+kode_kab", "nama_first_key+birth_year+kode_kec",
            "kode_desa+nama_key"} <= together["nik_9_16+nama_first_key+kode_kab"]
    assert together["nkk"] == {"nkk"}
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))
    columns = ["id_l", "id_r", "match_weight", "matched", "verdict", "rule", "reasons"]
    assert result.pairs.select(columns).sort("id_l", "id_r").equals(
        reference.pairs.select(columns).sort("id_l", "id_r"))


def test_a_batch_in_any_row_order_gives_the_pairs_of_the_sorted_batch(
        prepared_list: tuple) -> None:
    """A batch read back in row order is not sorted again; any other order still is."""
    batch, plan = _batch(prepared_list)
    rules = tuple(range(2, 7))
    expected = score_group(batch, rules, plan)
    shuffled = batch.sample(fraction=1.0, shuffle=True, seed=3)
    assert not shuffled["__row"].is_sorted()
    assert score_group(shuffled, rules, plan).equals(expected)
    blocked = batch.filter(pl.col(hash_column(1)).is_not_null())
    assert score_batch(blocked.reverse(), 1, plan)[0].equals(score_batch(blocked, 1, plan)[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["SITI", "BUDI", "AGUS", None]),
                          st.sampled_from(["S", "B", None]),
                          st.sampled_from(["3201", "3273", None]),
                          st.integers(0, 9)), min_size=0, max_size=60),
       st.integers(1, 20))
def test_frequencies_joined_narrow_are_the_frequencies_joined_one_by_one(
        rows: list[tuple], min_region_rows: int) -> None:
    """Joined on the name and regency columns and set beside the frame, the frequencies
    equal, bit for bit and in column order, those joined onto the whole frame."""
    import sidalih.scale._keys as keys

    frame = pl.DataFrame(rows, schema={"nama": pl.String, "nama_first_key": pl.String,
                                       "kode_kab": pl.String, "x": pl.Int64}, orient="row")
    original = keys.MIN_REGION_ROWS
    keys.MIN_REGION_ROWS = min_region_rows  # small lists: regional and national both
    try:
        tables = [frequency_tables(frame.lazy(), c) for c in ("nama", "nama_first_key")]
        expected = frame
        for table in tables:
            expected = attach_frequency(expected, table)
        assert attach_frequencies(frame, tables).equals(expected)
    finally:
        keys.MIN_REGION_ROWS = original


def _whole_batch(prepared_list: tuple, *, linkage: bool) -> tuple[pl.DataFrame, BatchPlan]:
    """The prepared list as one batch (a linkage: its first 1,300 rows on the left)."""
    _, records, rules, model = prepared_list
    if linkage:
        records = records.with_columns(
            pl.when(pl.col(ROW) < 1_300).then(0).otherwise(1).cast(pl.Int8).alias(SIDE))
    extra, _ = _extra(records, model)
    return extra(records), BatchPlan(rules, model, linkage=linkage, max_block_size=SMALL_BLOCKS)


@pytest.mark.parametrize("linkage", [False, True])
def test_a_list_held_whole_gives_the_pairs_and_big_blocks_of_the_hashed_batch(
        prepared_list: tuple, linkage: bool) -> None:
    """Without the rules' key hashes, a whole list gives score_whole's pairs, bit for bit,
    and counts each rule's big blocks as the key hashes find them."""
    batch, plan = _whole_batch(prepared_list, linkage=linkage)
    expected, hashes = score_whole(batch, plan)
    unhashed = batch.drop([hash_column(u) for u in range(len(plan.rules))])
    got, big = score_list(unhashed, plan)
    assert got.equals(expected)
    assert big == {u: int(h.size) for u, h in hashes.items()}
    assert sum(big.values()) > 0  # the junk family card makes big blocks


def test_a_list_prepared_whole_has_no_placeholder_left_to_void() -> None:
    """Counting a list's placeholder NIKs again after preparing it whole voids nothing
    (why a list prepared in one chunk is not counted twice in memory)."""
    from sidalih.prepare import void_niks
    from sidalih.scale._local import placeholders

    voters = synth_voters(2_000, seed=3).voters
    crowded = voters["nik"][0]
    voters = voters.with_columns(pl.when(pl.int_range(pl.len()) % 300 == 0)
                                 .then(pl.lit(crowded)).otherwise("nik").alias("nik"))
    records = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    found = placeholders(records.lazy())
    assert found is not None and crowded in found["nik"].to_list()
    assert void_niks(records, found).equals(records)


def test_chunks_aligned_in_memory_are_the_chunk_files_aligned(tmp_path: Path) -> None:
    from sidalih.scale._local import _align_chunks, aligned

    frames = [pl.DataFrame({"a": [1, 2], "b": [None, None], "c": ["x", "y"]}),
              pl.DataFrame({"a": ["p", None], "b": [1.5, None]}),
              pl.DataFrame({"a": [3], "b": [2.5], "c": [None]})]
    for k, frame in enumerate(frames):
        frame.write_parquet(tmp_path / f"s0-{k:012d}.parquet")
    _align_chunks(tmp_path)
    files = [pl.read_parquet(tmp_path / f"s0-{k:012d}.parquet") for k in range(len(frames))]
    got = aligned(frames)
    assert len({tuple(f.schema.items()) for f in got}) == 1
    for frame, file in zip(got, files, strict=True):
        assert frame.equals(file)


@pytest.mark.parametrize("memory_limit", ["1GiB", "4MiB"])
def test_a_list_in_several_chunks_gives_the_in_memory_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_limit: str) -> None:
    """A list prepared in several chunks, held in memory (one bucket) or on disk (each
    chunk hashed as it is prepared, and voided again only where the whole count finds a
    placeholder): a NIK crowded only over the whole list is still a placeholder."""
    import sidalih.scale._local as local

    voters = synth_voters(4_000, seed=6).voters
    spread = voters["nik"][1]  # on 7 people, never more than 2 in one 1,000-row chunk
    voters = voters.with_columns(pl.when(pl.int_range(pl.len()) % 600 == 1)
                                 .then(pl.lit(spread)).otherwise("nik").alias("nik"))
    voters.write_parquet(tmp_path / "dpt.parquet")
    reference = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    monkeypatch.setattr(local, "MAX_CHUNK_ROWS", 1_000)
    monkeypatch.setattr(local, "MIN_CHUNK_ROWS", 1_000)
    seen: list[str] = []
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 model=reference.model, memory_limit=memory_limit,
                                 max_block_size=SMALL_BLOCKS, progress=seen.append)
    in_memory = memory_limit == "1GiB"
    assert (result.info["n_buckets"] == 1) == in_memory
    assert ("prepare the list in memory" in seen) == in_memory
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))
    columns = ["id_l", "id_r", "match_weight", "matched", "verdict", "rule", "reasons"]
    assert result.pairs.select(columns).sort("id_l", "id_r").equals(
        reference.pairs.select(columns).sort("id_l", "id_r"))
    expected_big = {r.name: r.splits[0].blocks if r.splits else 0
                    for r in reference.blocking_report.rules if r.status == "used"}
    assert result.info["big_blocks"] == expected_big


def test_a_dpt_numbered_per_tps_is_numbered_across_chunks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Parquet DPT whose ``NO`` restarts per TPS, prepared in three chunks: the rows are
    numbered across the chunks (not per chunk, which would repeat ids), with one
    warning, and the clusters are the in-memory run's."""
    import sidalih.scale._local as local

    voters = synth_voters(3_000, seed=8).voters.drop("id")
    voters = voters.with_columns((pl.int_range(pl.len()) % 250 + 1).alias("NO"))
    voters.write_parquet(tmp_path / "dpt.parquet")
    with pytest.warns(sidalih.errors.RowNumberWarning):
        reference = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    monkeypatch.setattr(local, "MAX_CHUNK_ROWS", 1_000)
    monkeypatch.setattr(local, "MIN_CHUNK_ROWS", 1_000)
    with pytest.warns(sidalih.errors.RowNumberWarning) as caught:
        result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                     model=reference.model, memory_limit="1GiB",
                                     max_block_size=SMALL_BLOCKS)
    assert sum(w.category is sidalih.errors.RowNumberWarning for w in caught) == 1
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))
    assert result.clusters["id"].sort().to_list() == list(range(3_000))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["SITI", "BUDI", "AGUS", "ANI", None]),
                          st.sampled_from(["3201", "3273", "3301", None])),
                min_size=0, max_size=60),
       st.integers(0, 60), st.integers(1, 20), st.booleans(), st.booleans())
def test_frequencies_looked_up_by_key_are_the_joined_ones(
        rows: list[tuple], counted: int, min_region_rows: int, smoothed: bool,
        regional: bool) -> None:
    """The look-up by (value, regency) key gives, bit for bit, the joins' frequencies:
    on the list the tables counted, on rows they did not count (a value or a regency
    new to them: the joins' path), and with missing values and regencies."""
    import sidalih.scale._keys as keys

    frame = pl.DataFrame(rows, schema={"nama": pl.String, "kode_kab": pl.String},
                         orient="row")
    if not regional:
        frame = frame.drop("kode_kab")
    original = keys.MIN_REGION_ROWS
    keys.MIN_REGION_ROWS = min_region_rows  # small lists: regional and national both
    try:
        tables = frequency_tables(frame.head(counted).lazy(), "nama", smoothed=smoothed)
        looked_up = attach_frequency(frame, tables, by_key=True)
        assert looked_up.equals(attach_frequency(frame, tables))
        assert looked_up.columns == [*frame.columns, "__tf_nama"]
    finally:
        keys.MIN_REGION_ROWS = original


def test_keys_of_one_hash_are_left_to_the_joins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two counted keys of one hash are not looked up (neither could be told apart by
    it): their rows get the joins' frequencies all the same."""
    import sidalih.scale._keys as keys

    frame = pl.DataFrame({"nama": ["A", "A", "B", "C", None], "kode_kab": ["1"] * 5})
    monkeypatch.setattr(keys, "_key_hash", lambda rows: np.zeros(rows.height, np.uint64))
    tables = frequency_tables(frame.lazy(), "nama")
    assert tables.keyed.hashes.size == 0
    assert attach_frequency(frame, tables, by_key=True).equals(attach_frequency(frame, tables))


def _in_full_naive(batch: pl.DataFrame, plan: BatchPlan, left: np.ndarray, right: np.ndarray,
                   rule: np.ndarray, earlier: list[int]) -> np.ndarray:
    """Rule by rule, pair by pair: both rows known to rule ``v`` (before the pair's own),
    of one key, and that key not one of ``v``'s big blocks."""
    out = np.zeros(left.size, dtype=bool)
    for p, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        for v in earlier:
            ka, kb = batch[hash_column(v)][a], batch[hash_column(v)][b]
            big = plan.big.get(v, np.zeros(0, np.int64))
            if rule[p] > v and ka is not None and ka == kb and ka not in big.tolist():
                out[p] = True
    return out


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(
           st.lists(st.lists(st.sampled_from([None, 1, 2, -5]), min_size=n, max_size=n),
                    min_size=3, max_size=3),
           st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                              st.integers(0, 3)), max_size=30))),
       st.lists(st.sampled_from([1, 2, -5]), max_size=2), st.booleans())
def test_pairs_in_an_earlier_rules_block_are_those_found_rule_by_rule(
        data: tuple, big: list[int], skip_middle: bool) -> None:
    """One pass over the pairs (:func:`sidalih.scale._batch.in_full_earlier`) finds the
    pairs that a naive look, rule by rule and pair by pair, finds."""
    from sidalih.blocking import block_on
    from sidalih.scale._batch import in_full_earlier

    columns, pairs = data
    batch = pl.DataFrame({hash_column(v): pl.Series(c, dtype=pl.Int64)
                          for v, c in enumerate(columns)})
    plan = BatchPlan(tuple(block_on(f"k{v}") for v in range(4)), Model.untrained([]))
    plan = plan.with_big({1: np.array(big, np.int64)})
    left = np.array([p[0] for p in pairs], np.int64)
    right = np.array([p[1] for p in pairs], np.int64)
    rule = np.array([p[2] for p in pairs], np.int8)
    earlier = [0, 2] if skip_middle else [0, 1, 2]
    found = in_full_earlier(batch, plan, left, right, rule, earlier)
    assert found.tolist() == _in_full_naive(batch, plan, left, right, rule, earlier).tolist()


def test_pairs_outside_the_batch_are_refused() -> None:
    from sidalih.blocking import block_on
    from sidalih.scale._batch import in_full_earlier

    batch = pl.DataFrame({"__h0": [1, 1]})
    plan = BatchPlan((block_on("a"), block_on("b")), Model.untrained([]))
    with pytest.raises(AssertionError, match="outside the batch"):
        in_full_earlier(batch, plan, np.array([0]), np.array([2]), np.ones(1, np.int8), [0])


def test_a_background_task_that_fails_raises_in_the_caller() -> None:
    """The error of a write on the writer thread comes out of the next submit or of the
    block's end; an error of the caller's own is kept, once the queued task ends."""
    from sidalih.scale._passes import Background

    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"), Background() as background:
        background.submit(fail)
        background.submit(print, "never")
    with pytest.raises(OSError, match="disk full"), Background() as background:
        background.submit(fail)
    done: list[int] = []
    with pytest.raises(KeyError), Background() as background:
        background.submit(done.append, 1)
        raise KeyError("the caller's")
    assert done == [1]
