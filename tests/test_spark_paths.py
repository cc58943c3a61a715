"""In memory, out of core and Spark (whole and in buckets) give one clustering.

A Spark run scores a list that fits one task whole, as out of core scores a list that fits
one bucket (:mod:`sidalih.spark._whole`), and cuts a larger one into buckets of whole
blocks. Both must give the clusters of :func:`sidalih.deduplicate` and of the out-of-core
run, on lists where a block spans districts, a big block is salted and split, rows have
no ids, and two lists are linked. Needs the ``spark`` extra and Java (skipped otherwise).
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil

import polars as pl
import pytest

import sidalih
from sidalih.errors import InvalidParameterError
from sidalih.scale import deduplicate_parquet, link_parquet
from sidalih.synth import voters as synth_voters
from tests.spark_session import local_spark

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install -e .[spark]")
if shutil.which("java") is None:  # pragma: no cover - CI installs Java
    pytest.skip("Spark needs Java 17 or 21 on PATH", allow_module_level=True)

pytestmark = pytest.mark.spark

JUNK_NKK = "3201010107800001"
SMALL_BLOCKS = 40


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    yield from local_spark("sidalih-test-paths")


def _skewed(n: int, seed: int) -> pl.DataFrame:
    """400 records on one junk family card that spans districts; 200 of them also share
    a first name and a birth date (a sub-block still over the bound after salting)."""
    voters = synth_voters(n, seed=seed).voters
    junk = pl.int_range(pl.len()) < 400
    same = pl.int_range(pl.len()) < 200
    return voters.with_columns(
        pl.when(junk).then(pl.lit(JUNK_NKK)).otherwise("nkk").alias("nkk"),
        pl.when(same).then(pl.lit("Sulastri ") + pl.col("nama")).otherwise("nama").alias("nama"),
        pl.when(same).then(pl.lit(dt.date(1980, 7, 1))).otherwise("tanggal_lahir")
        .alias("tanggal_lahir"))


def _in_pieces(spark, voters: pl.DataFrame, rows: int):  # type: ignore[no-untyped-def]
    """A Spark frame of several partitions, in the list's order."""
    pieces = [spark.createDataFrame(voters.slice(k, rows).to_arrow())
              for k in range(0, voters.height, rows)]
    return functools.reduce(lambda a, b: a.union(b), pieces)


def _clusters(result) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    got = pl.from_arrow(result.clusters.toArrow())
    assert isinstance(got, pl.DataFrame)
    return got


@pytest.fixture(scope="module")
def skewed(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    voters = _skewed(5_000, seed=7)
    reference = sidalih.deduplicate(voters, u_pairs=100_000, max_block_size=SMALL_BLOCKS)
    folder = tmp_path_factory.mktemp("paths")
    voters.write_parquet(folder / "dpt.parquet")
    outofcore = deduplicate_parquet(folder / "dpt.parquet", folder / "out",
                                    model=reference.model, memory_limit="2MiB",
                                    max_block_size=SMALL_BLOCKS)
    assert outofcore.info["n_buckets"] > 1
    return voters, reference, outofcore


@pytest.mark.parametrize("n_buckets", [None, 3])
def test_in_memory_out_of_core_and_spark_give_one_clustering(spark, skewed, n_buckets) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    voters, reference, outofcore = skewed
    result = sidalih.spark.deduplicate(_in_pieces(spark, voters, 1_300), model=reference.model,
                                       max_block_size=SMALL_BLOCKS, n_buckets=n_buckets,
                                       split_rows=80)
    got = _clusters(result)
    # in row order, as in memory
    assert got["id"].to_list() == reference.clusters["id"].to_list()
    assert got.equals(reference.clusters)
    assert outofcore.clusters.sort("id").equals(got.sort("id"))
    assert result.info["big_blocks"]["nkk"] == 1
    if n_buckets is None:  # the list fits one task: scored whole, in one pass
        assert result.info["n_buckets"] == 1
        assert [len(p) for p in result.info["passes"]] == [len(result.info["big_blocks"])]
    else:  # the junk card spans districts: its rule is salted and split over tasks
        assert result.info["n_buckets"] == 3
        assert ["nkk"] in result.info["passes"]
        assert result.info["split_sub_blocks"]["nkk"]["tasks"] > 1
    mine, theirs = result.summary(), reference.summary()
    for field in ("n_records", "n_clusters", "n_duplicate_clusters",
                  "n_records_in_duplicate_clusters", "n_review_pairs"):
        assert getattr(mine, field) == getattr(theirs, field), field
    pairs = pl.from_arrow(result.pairs.toArrow())
    assert isinstance(pairs, pl.DataFrame)
    columns = ["id_l", "id_r", "rule", "verdict", "matched"]
    assert pairs.select(columns).sort("id_l", "id_r").equals(
        reference.pairs.select(columns).sort("id_l", "id_r"))


def test_a_list_larger_than_a_task_goes_to_buckets_uncounted(spark, skewed) -> None:  # type: ignore[no-untyped-def]
    """With a given model no job counts the rows: the whole-list task stops past the
    rows a task holds (about 3,000 in 10 MiB), and the list is cut into buckets."""
    import sidalih.spark

    voters, reference, _ = skewed
    result = sidalih.spark.deduplicate(_in_pieces(spark, voters, 1_300), model=reference.model,
                                       max_block_size=SMALL_BLOCKS, split_rows=80,
                                       task_memory="10MiB")
    assert result.info["n_buckets"] > 1 and result.info["n_records"] == voters.height
    assert _clusters(result).sort("id").equals(reference.clusters.sort("id"))


@pytest.mark.parametrize("n_buckets", [None, 2])
def test_a_link_gives_the_in_memory_clusters(spark, tmp_path, n_buckets) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    voters = _skewed(3_000, seed=8)
    left, right = voters[:1_500], voters[1_500:].drop("id")  # the right list has no ids
    reference = sidalih.link(left, right, u_pairs=100_000, max_block_size=SMALL_BLOCKS)
    result = sidalih.spark.link(_in_pieces(spark, left, 700), _in_pieces(spark, right, 400),
                                model=reference.model, max_block_size=SMALL_BLOCKS,
                                n_buckets=n_buckets)
    got = _clusters(result)
    assert got.columns == ["id", "source", "cluster_id"]
    assert got.sort("source", "id").equals(reference.clusters.sort("source", "id"))
    left.write_parquet(tmp_path / "l.parquet")
    right.write_parquet(tmp_path / "r.parquet")
    outofcore = link_parquet(tmp_path / "l.parquet", tmp_path / "r.parquet", tmp_path / "out",
                             model=reference.model, max_block_size=SMALL_BLOCKS)
    assert outofcore.clusters.sort("source", "id").equals(got.sort("source", "id"))


def test_a_trained_run_is_the_same_whole_or_in_buckets(spark) -> None:  # type: ignore[no-untyped-def]
    """Without a model Spark trains on the driver; both paths score with that model."""
    import sidalih.spark

    voters = synth_voters(4_000, seed=12).voters.drop("id")  # ids are row positions
    frame = _in_pieces(spark, voters, 900)
    whole = sidalih.spark.deduplicate(frame, u_pairs=50_000, train_rows=2_000)
    buckets = sidalih.spark.deduplicate(frame, u_pairs=50_000, train_rows=2_000, n_buckets=2)
    assert whole.info["trained"] and whole.info["n_buckets"] == 1
    assert whole.model.to_dict() == buckets.model.to_dict()
    reference = sidalih.deduplicate(voters, model=whole.model)
    assert _clusters(whole).equals(reference.clusters)
    assert _clusters(buckets).sort("id").equals(reference.clusters.sort("id"))


def test_a_whole_run_is_a_handful_of_spark_jobs(spark) -> None:  # type: ignore[no-untyped-def]
    """One task scores the list: a sample, the task (which counts the rows), the pairs'
    blobs and the clusters' write.

    (Before, each rule's block sizes were one job and each rule group one shuffle: about
    120 jobs for any list.)
    """
    import sidalih.spark

    voters = _skewed(2_000, seed=3)
    model = sidalih.deduplicate(voters, u_pairs=50_000).model
    tracker = spark.sparkContext.statusTracker()
    spark.sparkContext.setJobGroup("whole-run", "counted")
    try:
        result = sidalih.spark.deduplicate(_in_pieces(spark, voters, 500), model=model)
        result.clusters.count()
    finally:
        spark.sparkContext.setJobGroup("", "")
    assert len(tracker.getJobIdsForGroup("whole-run")) <= 8
    assert result.info["n_buckets"] == 1


def test_bucket_count_and_task_memory_are_checked(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    frame = spark.createDataFrame(synth_voters(50, seed=1).voters.to_arrow())
    with pytest.raises(InvalidParameterError, match="n_buckets"):
        sidalih.spark.deduplicate(frame, n_buckets=0)
    with pytest.raises(InvalidParameterError, match="memory"):
        sidalih.spark.deduplicate(frame, task_memory="lots")


def test_spark_bridges_one_nik_on_two_names_as_in_memory(spark) -> None:  # type: ignore[no-untyped-def]
    """Three copies of one person under one NIK, two read alone as two names (session 22,
    ``tests/test_bridged_clash.py``): Spark gives the in-memory clusters, the copies in
    one cluster."""
    from bridged_lists import bridged_list

    import sidalih.spark

    voters, truth = bridged_list(1_000, triads=15, households=5)
    reference = sidalih.deduplicate(voters, u_pairs=50_000, max_block_size=SMALL_BLOCKS)
    result = sidalih.spark.deduplicate(_in_pieces(spark, voters, 400), model=reference.model,
                                       max_block_size=SMALL_BLOCKS, n_buckets=3, split_rows=80)
    got = _clusters(result)
    assert got.sort("id").equals(reference.clusters.sort("id"))
    triads = got.join(truth, on="id").filter(pl.col("kind") == "triad")
    assert triads.group_by("person").agg(pl.col("cluster_id").n_unique())["cluster_id"].max() == 1
