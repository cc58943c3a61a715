"""Out-of-core runs (sidalih.scale) give the in-memory engine's clusters and pairs."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih.engine._tf import smoothed_tf
from sidalih.errors import DataFileError, DuplicateIdError, InvalidParameterError, SchemaError
from sidalih.scale import (
    BatchPlan,
    add_rule_hashes,
    attach_frequency,
    big_hashes,
    deduplicate_parquet,
    frequency_tables,
    link_parquet,
    parse_memory,
    score_batch,
)
from sidalih.synth import voters as synth_voters

JUNK_NKK = "3201010107800001"
NKK_RULE = 0  # the family-card rule, put first (it then owns its pairs): see _card_first
SMALL_BLOCKS = 40  # forces refinement and neighbourhood windows on a few thousand rows


def _skewed(n: int, seed: int) -> pl.DataFrame:
    """A synthetic list where 300 records share one junk family card (a block over every bound).

    (A junk NIK on 300 people is a placeholder: it carries no identity and makes no block.)
    """
    voters = synth_voters(n, seed=seed).voters
    junk = pl.int_range(pl.len()) < 300
    return voters.with_columns(pl.when(junk).then(pl.lit(JUNK_NKK)).otherwise("nkk").alias("nkk"))


@pytest.fixture(scope="module")
def skewed_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    voters = _skewed(6_000, seed=5)
    source = tmp_path_factory.mktemp("scale") / "dpt.parquet"
    voters.write_parquet(source)
    return source, sidalih.deduplicate(voters, u_pairs=100_000, max_block_size=SMALL_BLOCKS)


# 4 MiB cuts the list into buckets per rule; 1 GiB holds it whole: every rule then runs on
# one batch whose columns are encoded once (scale._passes.score_one_batch).
@pytest.fixture(scope="module", params=["4MiB", "1GiB"])
def skewed_run(request: pytest.FixtureRequest, skewed_reference: tuple) -> tuple:
    source, reference = skewed_reference
    result = deduplicate_parquet(source, source.parent / f"out{request.param}",
                                 model=reference.model, memory_limit=request.param,
                                 max_block_size=SMALL_BLOCKS)
    return reference, result


def test_partitioned_dedup_gives_the_in_memory_clusters(skewed_run: tuple) -> None:
    reference, result = skewed_run
    one_batch = result.info["memory_limit"] >= 2**30
    assert (result.info["n_buckets"] == 1) if one_batch else (result.info["n_buckets"] > 1)
    assert result.info["big_blocks"]["nkk"] == 1  # the junk card's block was refined
    expected = reference.clusters.sort("id")
    got = result.clusters.sort("id")
    assert got["id"].to_list() == expected["id"].to_list()
    assert got["cluster_id"].to_list() == expected["cluster_id"].to_list()
    assert expected["cluster_id"].n_unique() < expected.height  # there were duplicates


def test_partitioned_dedup_gives_the_in_memory_pairs(skewed_run: tuple) -> None:
    reference, result = skewed_run
    columns = ["id_l", "id_r", "match_weight", "verdict", "rule"]
    expected = reference.pairs.select(columns).sort("id_l", "id_r")
    got = result.pairs.select(columns).sort("id_l", "id_r")
    assert got.height == expected.height
    assert got.select("id_l", "id_r", "verdict", "rule").equals(
        expected.select("id_l", "id_r", "verdict", "rule"))
    np.testing.assert_allclose(got["match_weight"].to_numpy(),
                               expected["match_weight"].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("memory_limit", ["2MiB", "1GiB"])
def test_partitioned_link_gives_the_in_memory_clusters(tmp_path, memory_limit: str) -> None:
    voters = _skewed(4_000, seed=8)
    left, right = voters[:2_000], voters[2_000:]
    left.write_parquet(tmp_path / "l.parquet")
    right.write_parquet(tmp_path / "r.parquet")
    reference = sidalih.link(left, right, u_pairs=100_000, max_block_size=SMALL_BLOCKS)
    result = link_parquet(tmp_path / "l.parquet", tmp_path / "r.parquet", tmp_path / "out",
                          model=reference.model, memory_limit=memory_limit,
                          max_block_size=SMALL_BLOCKS)
    assert result.clusters.columns == ["id", "source", "cluster_id"]
    assert result.clusters.equals(reference.clusters)


def test_trains_its_own_model_and_finds_the_duplicates(tmp_path) -> None:
    data = synth_voters(6_000, seed=11)
    data.voters.write_parquet(tmp_path / "dpt.parquet")
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 memory_limit="4MiB", u_pairs=100_000, train_rows=3_000)
    assert result.model.fitted
    clusters = result.clusters
    assert clusters.height == 6_000 and clusters["id"].n_unique() == 6_000
    truth = data.truth.select("id", "person_id")
    joined = clusters.join(truth, on="id")
    # pairwise recall and precision of the clusters against the generator's truth
    found = joined.group_by("cluster_id").agg(pl.len().alias("n"))
    same_person = joined.group_by("person_id").agg(pl.len().alias("n"))
    both = joined.group_by("cluster_id", "person_id").agg(pl.len().alias("n"))
    tp = int((both["n"] * (both["n"] - 1) // 2).sum())
    predicted = int((found["n"] * (found["n"] - 1) // 2).sum())
    actual = int((same_person["n"] * (same_person["n"] - 1) // 2).sum())
    assert tp / predicted >= 0.95
    assert tp / actual >= 0.90
    assert (tmp_path / "out" / "model.json").exists()


def test_a_list_of_one_village_scored_whole_stays_within_its_pair_budget(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row in one village: training and the whole-list batch plan within the budget.

    A 1M one-village list at ``memory_limit="4GiB"`` trained on the whole list (one
    district is the sample) with the machine's budget and grew past 16 GiB; a 200k one
    at 2 GiB peaked at 4.1 GB. Here the budget is made small so that a 3,000-row list
    meets it: both steps lower their bound (a warning each), and the duplicates are found.
    """
    from sidalih.errors import CapacityWarning
    from sidalih.scale import _local

    lists = sidalih.synth.profile("village", 3_000, seed=3)
    lists.voters.write_parquet(tmp_path / "dpt.parquet")
    monkeypatch.setattr(_local, "MIN_PAIR_BUDGET", 1_000)
    monkeypatch.setattr(_local, "pairs_within", lambda memory: 9_000)
    with pytest.warns(CapacityWarning, match="max_pairs") as caught:
        result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                     memory_limit="64MiB", u_pairs=50_000)
    assert len([w for w in caught if w.category is CapacityWarning]) >= 2  # train, score
    import json
    noted = json.loads((tmp_path / "out" / "summary.json").read_text())["blocking_lowered"]
    assert len(noted) == 2 and all("max block lowered from 2,000" in text for text in noted)
    joined = result.clusters.join(lists.truth.select("id", "person_id"), on="id")
    pairs = joined.join(joined, on="cluster_id", suffix="_r").filter(pl.col("id") < pl.col("id_r"))
    assert pairs.height > 0 and (pairs["person_id"] == pairs["person_id_r"]).mean() >= 0.99


def test_a_sample_whose_smallest_blocks_exceed_the_budget_trains_on_fewer_rows(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One village, in pieces: the training sample (the whole village) is halved until
    its pairs fit, instead of the run failing with a CapacityError.

    A 1M one-village list at ``memory_limit="1GiB"`` planned 12.6M pairs at blocks of
    four rows against a budget of 8.4M; on its first half it trains and the run ends.
    """
    from sidalih.errors import CapacityWarning
    from sidalih.scale import _local

    lists = sidalih.synth.profile("village", 3_000, seed=3)
    lists.voters.write_parquet(tmp_path / "dpt.parquet")
    monkeypatch.setattr(_local, "MIN_PAIR_BUDGET", 1)
    monkeypatch.setattr(_local, "MIN_TRAIN_ROWS", 500)
    # blocks of four rows plan 7,682 pairs on the whole village, 3,052 on its first half
    monkeypatch.setattr(_local, "pairs_within", lambda memory: 5_000)
    with pytest.warns(CapacityWarning, match="max_pairs"):
        result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                     memory_limit="8MiB", u_pairs=50_000)
    assert result.model.fitted
    joined = result.clusters.join(lists.truth.select("id", "person_id"), on="id")
    pairs = joined.join(joined, on="cluster_id", suffix="_r").filter(pl.col("id") < pl.col("id_r"))
    assert pairs.height > 0 and (pairs["person_id"] == pairs["person_id_r"]).mean() >= 0.99


def test_rows_without_ids_are_numbered_across_chunks(tmp_path) -> None:
    voters = synth_voters(3_000, seed=2).voters.drop("id")
    voters.write_parquet(tmp_path / "dpt.parquet")
    reference = sidalih.deduplicate(voters, u_pairs=50_000)
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 model=reference.model, memory_limit="1MiB")
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))


def test_repeated_ids_across_chunks_are_an_error(tmp_path) -> None:
    voters = synth_voters(12_000, seed=2).voters
    voters = voters.with_columns(pl.when(pl.col("id") == voters["id"][-1])
                                 .then(pl.lit(voters["id"][0])).otherwise("id").alias("id"))
    voters.write_parquet(tmp_path / "dpt.parquet")
    with pytest.raises(DuplicateIdError, match="column 'id'"):
        deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out", memory_limit="1MiB")


def test_missing_input_is_a_data_file_error(tmp_path) -> None:
    with pytest.raises(DataFileError, match="cannot read Parquet"):
        deduplicate_parquet(tmp_path / "absent.parquet", tmp_path / "out")


@pytest.mark.parametrize("bad", ["lots", "12 parsecs", 10, True, "-1GiB"])
def test_bad_memory_limits_are_rejected(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="memory_limit"):
        parse_memory(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "size"), [("1GiB", 2**30), ("1.5 GB", 1_500_000_000),
                                            ("64mib", 64 * 2**20), (2**21, 2**21)])
def test_memory_sizes(text: object, size: int) -> None:
    assert parse_memory(text) == size  # type: ignore[arg-type]


def test_big_hashes_counts_pairs_per_block() -> None:
    hashes = np.array([1, 1, 1, 2, 2, 3])
    sides = np.array([0, 0, 1, 0, 1, 1], dtype=np.int8)
    assert big_hashes(hashes, sides, bound=1, linkage=False).tolist() == [1]
    assert big_hashes(hashes, sides, bound=1, linkage=True).tolist() == [1]
    assert big_hashes(hashes, sides, bound=0, linkage=True).tolist() == [1, 2]


def test_rule_hashes_are_equal_exactly_when_keys_are() -> None:
    from sidalih.blocking import block_on

    frame = pl.DataFrame({"a": ["x", "x", "y", None, ""], "b": [1, 1, 1, 1, 1]})
    hashed = add_rule_hashes(frame, [block_on("a", "b")])["__h0"].to_list()
    assert hashed[0] == hashed[1] != hashed[2]
    assert hashed[3] is None  # a missing key blocks nothing


def test_score_batch_drops_pairs_an_earlier_rule_generates(skewed_run: tuple) -> None:
    """A batch scored for rule 1 keeps no pair whose rule-0 block is generated in full."""
    from sidalih.engine import prepare_records
    from sidalih.scale import plan_rules

    reference, _ = skewed_run
    records = prepare_records(_skewed(2_000, seed=5), schema="voter",
                              reference_date="2024-02-14")
    rules = plan_rules(None, records)
    batch = add_rule_hashes(records, rules).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("__row"), pl.lit(0, pl.Int8).alias("__side"))
    plan = BatchPlan(rules, reference.model, max_block_size=SMALL_BLOCKS)
    plan = plan.with_big({0: big_hashes(batch["__h0"].drop_nulls().to_numpy(),
                                        np.zeros(batch["__h0"].drop_nulls().len(), np.int8),
                                        bound=plan.bound, linkage=False)})
    pairs, _ = score_batch(batch.filter(pl.col("__h1").is_not_null()), 1, plan)
    h0 = batch["__h0"].to_list()
    big = set(plan.big[0].tolist())
    for left, right in pairs.select("row_l", "row_r").iter_rows():
        same = h0[left] is not None and h0[left] == h0[right]
        assert not same or h0[left] in big


def test_the_main_entry_point_takes_a_parquet_path(tmp_path) -> None:
    voters = synth_voters(2_000, seed=6).voters
    voters.write_parquet(tmp_path / "dpt.parquet")
    in_memory = sidalih.deduplicate(voters, u_pairs=50_000)
    pieces = sidalih.deduplicate(str(tmp_path / "dpt.parquet"), model=in_memory.model,
                                 memory_limit="1MiB", out=tmp_path / "out")
    assert pieces.clusters.sort("id").equals(in_memory.clusters.sort("id"))


@pytest.mark.parametrize("every", [1, 3])
def test_rows_without_a_village_code_train_as_in_memory(tmp_path, every: int) -> None:
    # KODE DESA present but empty (every row, or one row in three): the rows without a
    # district are a training unit like any other. Drawn with is_in([None]), which never
    # matches null, they were left out of the sample, and an empty column fitted nothing
    voters = synth_voters(600, seed=4).voters.with_columns(
        pl.when(pl.int_range(pl.len()) % every == 0).then(None).otherwise(pl.col("kode_desa"))
        .alias("kode_desa"))
    voters.write_parquet(tmp_path / "dpt.parquet")
    in_memory = sidalih.deduplicate(voters, u_pairs=50_000)
    pieces = sidalih.deduplicate(str(tmp_path / "dpt.parquet"), memory_limit="1MiB",
                                 out=tmp_path / "out", u_pairs=50_000)
    assert pieces.model.to_dict() == in_memory.model.to_dict()  # trained on the same rows
    assert pieces.clusters.sort("id").equals(in_memory.clusters.sort("id"))


def test_partition_options_are_checked(tmp_path) -> None:
    voters = synth_voters(200, seed=6).voters
    with pytest.raises(InvalidParameterError, match="Parquet path"):
        sidalih.deduplicate(voters, memory_limit="1GiB")
    with pytest.raises(InvalidParameterError, match="out="):
        sidalih.deduplicate(str(tmp_path / "dpt.parquet"), memory_limit="1GiB")
    with pytest.raises(InvalidParameterError, match="out="):
        sidalih.link(str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet"))


def test_a_big_block_spread_over_salted_buckets_gives_the_same_pairs(skewed_run: tuple) -> None:
    """Salting (Spark's skew handling) splits a big block by its first refinement key."""
    from sidalih.engine import prepare_records
    from sidalih.scale import plan_rules
    from sidalih.scale._keys import add_rule_salts

    reference, _ = skewed_run
    records = prepare_records(_skewed(3_000, seed=5), schema="voter",
                              reference_date="2024-02-14")
    rules = _card_first(plan_rules(None, records))
    batch = add_rule_salts(add_rule_hashes(records, rules), rules).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("__row"), pl.lit(0, pl.Int8).alias("__side"))
    # name frequencies over the whole list, as both partitioned paths attach them
    batch = _with_frequencies(batch, reference.model)
    batch = batch.filter(pl.col(f"__h{NKK_RULE}").is_not_null())
    plan = BatchPlan(rules, reference.model, max_block_size=SMALL_BLOCKS)
    whole, big = score_batch(batch, NKK_RULE, plan)
    assert big.size == 1  # the junk family card
    salted = BatchPlan(rules, reference.model, max_block_size=SMALL_BLOCKS, salted=True)
    salted = salted.with_big({NKK_RULE: big})
    in_big = batch[f"__h{NKK_RULE}"].is_in(pl.Series(big).implode())
    pieces = [batch.filter(~in_big)]
    salts = batch.filter(in_big)[f"__s{NKK_RULE}"]
    for value in salts.unique().to_list():
        pieces.append(batch.filter(in_big & (pl.col(f"__s{NKK_RULE}") == value)))
    assert len(pieces) > 10  # the block really was spread out
    parts = [score_batch(piece, NKK_RULE, salted)[0] for piece in pieces]
    spread = pl.concat(parts).sort("row_l", "row_r")
    assert spread.equals(whole.sort("row_l", "row_r"))


def _with_frequencies(batch: pl.DataFrame, model: sidalih.Model) -> pl.DataFrame:
    """Value frequencies over the whole list, as both partitioned paths attach them."""
    for comparison in model.comparisons:
        if comparison.tf_column:
            batch = attach_frequency(batch, frequency_tables(
                batch.lazy(), comparison.tf_column, smoothed=smoothed_tf(comparison)))
    return batch


def _card_first(rules: list) -> list:
    """The default rules with the family-card rule first, so that no earlier rule owns its pairs."""
    return sorted(rules, key=lambda rule: rule.name != "nkk")


def _one_big_sub_block(voters: pl.DataFrame, rows: int) -> pl.DataFrame:
    """The first ``rows`` junk-card records also share a first name and a birth date."""
    import datetime as dt

    first = pl.int_range(pl.len()) < rows
    return voters.with_columns(
        pl.when(first).then(pl.lit("Sulastri ") + pl.col("nama")).otherwise("nama").alias("nama"),
        pl.when(first).then(pl.lit(dt.date(1980, 7, 1))).otherwise("tanggal_lahir")
        .alias("tanggal_lahir"))


@pytest.mark.parametrize("n_parts", [1, 2, 3, 7])
def test_a_sub_block_scored_in_shares_gives_each_pair_once(skewed_run: tuple,
                                                           n_parts: int) -> None:
    """Left-side salting: every share sees the whole sub-block and keeps its own pairs."""
    from sidalih.engine import prepare_records
    from sidalih.scale import plan_rules
    from sidalih.scale._batch import N_PARTS, PART
    from sidalih.scale._keys import add_rule_salts

    reference, _ = skewed_run
    records = prepare_records(_one_big_sub_block(_skewed(3_000, seed=5), 150), schema="voter",
                              reference_date="2024-02-14")
    rules = _card_first(plan_rules(None, records))
    batch = add_rule_salts(add_rule_hashes(records, rules), rules).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("__row"), pl.lit(0, pl.Int8).alias("__side"))
    batch = _with_frequencies(batch, reference.model)
    junk = batch.filter(pl.col("nkk") == JUNK_NKK)
    salt, key = f"__s{NKK_RULE}", f"__h{NKK_RULE}"
    sub_block = junk.filter(pl.col(salt) == junk[salt].mode().first())
    assert sub_block.height == 150
    plan = BatchPlan(rules, reference.model, max_block_size=SMALL_BLOCKS, salted=True)
    plan = plan.with_big({NKK_RULE: sub_block[key].unique().to_numpy()})
    whole, _ = score_batch(sub_block, NKK_RULE, plan)
    assert whole.height > 0
    shares = [score_batch(sub_block.with_columns(pl.lit(p, pl.Int64).alias(PART),
                                                 pl.lit(n_parts, pl.Int64).alias(N_PARTS)),
                          NKK_RULE, plan)[0] for p in range(n_parts)]
    assert all(share.height > 0 for share in shares)
    spread = pl.concat(shares).sort("row_l", "row_r")
    assert spread.equals(whole.sort("row_l", "row_r"))


def test_a_list_compared_as_given_keeps_a_repeated_nik_column(tmp_path) -> None:
    """schema=None is not a voter list: no NIK is voided (as in memory), nothing fails."""
    from sidalih.blocking import block_on

    frame = pl.DataFrame({"nik": ["3271014101900001"] * 6 + ["1", "2"],
                          "nama": list("abcdefgh")})
    frame.write_parquet(tmp_path / "x.parquet")
    result = deduplicate_parquet(tmp_path / "x.parquet", tmp_path / "out", schema=None,
                                 blocking_rules=[block_on("nama")])
    assert result.clusters.height == 8


def test_rules_whose_blocks_share_a_district_or_nik_prefix_are_scored_together(tmp_path) -> None:
    """Rules whose every block lies in one district (or one NIK prefix) share buckets.

    The junk family card spans districts, so the card rule stays alone; the result is
    still the in-memory run's, pair for pair.
    """
    voters = synth_voters(6_000, seed=4, voters_per_village=100, villages_per_district=2).voters
    junk = pl.int_range(pl.len()) % 20 == 0  # 300 rows, in every district
    voters = voters.with_columns(pl.when(junk).then(pl.lit(JUNK_NKK)).otherwise("nkk").alias("nkk"))
    voters.write_parquet(tmp_path / "dpt.parquet")
    reference = sidalih.deduplicate(voters, u_pairs=100_000, max_block_size=SMALL_BLOCKS)
    result = deduplicate_parquet(tmp_path / "dpt.parquet", tmp_path / "out",
                                 model=reference.model, memory_limit="8MiB",
                                 max_block_size=SMALL_BLOCKS)
    passes = result.info["rule_passes"]
    assert result.info["n_buckets"] > 1 and len(passes) < 12
    together = {name: tuple(p) for p in passes for name in p}
    assert {"nik", "nik_masked12"} <= set(together["nik"])
    assert {"nama_first_key+birth_year+kode_kec", "kode_desa+nama_key"} <= set(
        together["kode_desa+nama_key"])
    assert together["nkk"] == ("nkk",)
    assert result.info["big_blocks"]["nkk"] == 1
    columns = ["id_l", "id_r", "match_weight", "verdict", "rule"]
    expected = reference.pairs.select(columns).sort("id_l", "id_r")
    got = result.pairs.select(columns).sort("id_l", "id_r")
    assert got.select("id_l", "id_r", "verdict", "rule").equals(
        expected.select("id_l", "id_r", "verdict", "rule"))
    np.testing.assert_allclose(got["match_weight"].to_numpy(),
                               expected["match_weight"].to_numpy(), rtol=1e-12)
    assert result.clusters.sort("id").equals(reference.clusters.sort("id"))


def test_ids_are_counted_when_their_hashes_do_not_tell() -> None:
    """Hashes of ids that repeat (a collision, or a real repeat) send the check to the
    ids themselves: unique ids pass, a repeated one is named."""
    from sidalih.scale._local import _all_distinct, _check_unique_ids

    assert _all_distinct([np.array([3, 1], np.uint64), np.array([2], np.uint64)], 3)
    assert not _all_distinct([np.array([3, 3], np.uint64)], 2)
    assert not _all_distinct([np.array([3], np.uint64)], 2)  # a piece missing
    assert _all_distinct([], 0)
    rows = pl.LazyFrame({"id": ["a", "b", "c"], "__side": pl.Series([0, 0, 0], dtype=pl.Int8)})
    collided = {0: [np.array([7, 7, 8], np.uint64)]}
    _check_unique_ids(rows, [3], id_hashes=collided)  # unique after all: no error
    repeated = rows.with_columns(pl.Series("id", ["a", "b", "a"]))
    with pytest.raises(DuplicateIdError, match="1 repeated ids"):
        _check_unique_ids(repeated, [3], id_hashes=collided)
    with pytest.raises(DuplicateIdError, match="1 repeated ids"):
        _check_unique_ids(repeated, [3])


def test_files_that_disagree_on_a_column_type_are_named(tmp_path) -> None:
    # one regency exported NIK as text, another as numbers: polars alone names no file
    voters = synth_voters(400, seed=1).voters
    voters[:200].write_parquet(tmp_path / "a.parquet")
    voters[200:].with_columns(pl.col("nik").cast(pl.Int64, strict=False)).write_parquet(
        tmp_path / "b.parquet")
    with pytest.raises(SchemaError, match=r"'nik' is String in a.parquet; Int64 in b.parquet"):
        deduplicate_parquet(str(tmp_path / "*.parquet"), tmp_path / "out", memory_limit="1GiB")
    voters[200:].drop("nkk").write_parquet(tmp_path / "b.parquet")
    with pytest.raises(SchemaError, match=r"'nkk' is missing from 1 of the 2 files"):
        deduplicate_parquet(tmp_path, tmp_path / "out2", memory_limit="1GiB")
