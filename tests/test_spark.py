"""The Spark path gives the single-machine clusters (needs the ``spark`` extra and Java).

Run in CI by ``.ci/run`` after ``pip install -e .[spark]``; skipped, with the reason, in
an environment without pyspark.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil

import polars as pl
import pytest

from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.prepare import prepare
from sidalih.schema import standardise_polars
from sidalih.synth import voters as synth_voters
from tests.spark_session import local_spark

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install -e .[spark]")
if shutil.which("java") is None:  # pragma: no cover - CI installs Java
    pytest.skip("Spark needs Java 17 or 21 on PATH", allow_module_level=True)

pytestmark = pytest.mark.spark

JUNK_NKK = "3201010107800001"
SPREAD_NIK = "3201014507800002"
SMALL_BLOCKS = 40


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    yield from local_spark("sidalih-test")


def _skewed(n: int, seed: int) -> pl.DataFrame:
    """600 records on one junk family card (a block over every bound).

    (A junk NIK on 600 people is a placeholder: it carries no identity and makes no block.)
    The ``nkk`` rule is refined, as the ``nik`` rule is, by first name and birth date.
    """
    voters = synth_voters(n, seed=seed).voters
    junk = pl.int_range(pl.len()) < 600
    # half of them also share a first name and a birth date: a sub-block still over the
    # bound after salting by the first name (left-side salting spreads it)
    same = pl.int_range(pl.len()) < 300
    return voters.with_columns(
        pl.when(junk).then(pl.lit(JUNK_NKK)).otherwise("nkk").alias("nkk"),
        pl.when(same).then(pl.lit("Sulastri ") + pl.col("nama")).otherwise("nama").alias("nama"),
        pl.when(same).then(pl.lit(dt.date(1980, 7, 1))).otherwise("tanggal_lahir")
        .alias("tanggal_lahir"))


def _assert_same_clusters(result, reference):  # type: ignore[no-untyped-def]
    """Spark's clusters are the in-memory engine's; returns the in-memory clusters by id."""
    got = pl.from_arrow(result.clusters.toArrow())
    assert isinstance(got, pl.DataFrame)
    expected = reference.clusters.sort("id")
    got = got.sort("id")
    assert got["id"].to_list() == expected["id"].to_list()
    assert got["cluster_id"].to_list() == expected["cluster_id"].to_list()
    return expected


def test_spark_gives_the_single_machine_clusters(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    voters = _skewed(20_000, seed=5)
    reference = sidalih.deduplicate(voters, u_pairs=200_000, max_block_size=SMALL_BLOCKS)
    result = sidalih.spark.deduplicate(spark.createDataFrame(voters.to_pandas()),
                                       model=reference.model, max_block_size=SMALL_BLOCKS,
                                       split_rows=100, n_buckets=2)
    # the junk card's block was over the bound: salted by its first refinement key (spread
    # over tasks), then refined and walked as a neighbourhood inside each salt; the
    # 300-row sub-block went, whole, to three tasks that each kept a third of its pairs
    assert result.info["big_blocks"]["nkk"] == 1
    assert result.info["salted_blocks"]["nkk"] == 1
    assert result.info["split_sub_blocks"]["nkk"] == {"sub_blocks": 1, "tasks": 3}
    # rules whose blocks lie in one district or NIK prefix shared a shuffle; the junk
    # card spans districts, so its rule kept its own (salted) one
    assert any(len(names) > 1 for names in result.info["passes"])
    assert ["nkk"] in result.info["passes"]
    expected = _assert_same_clusters(result, reference)
    assert expected["cluster_id"].n_unique() < expected.height
    _assert_same_protocol(result, reference)


def _assert_same_protocol(result, reference):  # type: ignore[no-untyped-def]
    """The Spark result has the in-memory result's attributes, pair columns and pairs."""
    from sidalih.engine._summary import RunResult, pair_columns

    assert isinstance(result, RunResult)
    columns = pair_columns(result.model.comparisons)
    assert result.pairs.columns == columns == list(reference.pairs.columns)
    got = pl.from_arrow(result.pairs.toArrow())
    assert isinstance(got, pl.DataFrame) and got.height > 0
    both = got.join(reference.pairs, on=["id_l", "id_r"], how="inner", suffix="_mem")
    assert both.height >= 0.99 * reference.pairs.height
    for column in columns[4:]:  # matched, verdict, rule, levels, reasons
        assert (both[column] == both[f"{column}_mem"]).all(), column
    mine, theirs = result.summary(), reference.summary()
    for field in ("n_records", "n_clusters", "n_duplicate_clusters",
                  "n_records_in_duplicate_clusters", "n_review_pairs"):
        assert getattr(mine, field) == getattr(theirs, field), field


def _spread(n: int, seed: int, every: int) -> pl.DataFrame:
    """One NIK on every ``every``-th record, each a different person."""
    voters = synth_voters(n, seed=seed).voters
    spread = pl.int_range(pl.len()) % every == every // 2
    return voters.with_columns(pl.when(spread).then(pl.lit(SPREAD_NIK)).otherwise("nik")
                               .alias("nik"))


def _in_pieces(spark, voters: pl.DataFrame, rows: int):  # type: ignore[no-untyped-def]
    """A Spark frame made of pieces of ``rows`` records, in order: no batch spans two."""
    pieces = [spark.createDataFrame(voters.slice(k, rows).to_pandas())
              for k in range(0, voters.height, rows)]
    return functools.reduce(lambda a, b: a.union(b), pieces)


def test_a_nik_spread_over_batches_is_a_placeholder_everywhere(spark) -> None:  # type: ignore[no-untyped-def]
    """Each batch holds one record of the NIK; counted over the whole list, it has ten."""
    from pyspark.sql import functions as F

    import sidalih.spark
    from sidalih.engine._settings import PEMILU_2024
    from sidalih.spark import _run

    voters = _spread(3_000, seed=11, every=300)
    assert voters.filter(pl.col("nik") == SPREAD_NIK)["nama"].n_unique() == 10
    reference = sidalih.deduplicate(voters, u_pairs=100_000)
    frame = _in_pieces(spark, voters, rows=300)
    job = _run._job(frame, schema="voter", election_date=PEMILU_2024, rules=None)
    holders = _run._prepare([frame], job).where(
        F.coalesce(F.col("nik"), F.col("nik_placeholder")) == SPREAD_NIK).toArrow()
    assert holders.num_rows == 10
    assert holders.column("nik").null_count == 10
    assert holders.column("nik_masked12").null_count == 10
    # no rule keyed on the NIK (whole, first twelve digits, slices) makes a block of it
    nik_rules = [u for u, rule in enumerate(job.rules) if "nik" in rule.name]
    assert len(nik_rules) >= 4
    for u in nik_rules:
        assert holders.column(f"__h{u}").null_count == 10
    result = sidalih.spark.deduplicate(frame, model=reference.model)
    _assert_same_clusters(result, reference)


def test_each_list_counts_its_own_niks(spark) -> None:  # type: ignore[no-untyped-def]
    """Linking, a NIK is a placeholder in the list where it is crowded, as in memory."""
    from pyspark.sql import functions as F

    from sidalih.engine._settings import PEMILU_2024
    from sidalih.spark import _run

    shared, crowded = SPREAD_NIK, "3201014507800003"
    voters = synth_voters(40, seed=3).voters
    # three people in each list share one NIK (six in all), five in the left share another
    left = voters.head(20).with_columns(
        pl.when(pl.int_range(pl.len()) < 3).then(pl.lit(shared))
        .when(pl.int_range(pl.len()) < 8).then(pl.lit(crowded)).otherwise("nik").alias("nik"))
    right = voters.tail(20).with_columns(
        pl.when(pl.int_range(pl.len()) < 3).then(pl.lit(shared))
        .when(pl.int_range(pl.len()) < 4).then(pl.lit(crowded)).otherwise("nik").alias("nik"))
    frames = [_in_pieces(spark, side, rows=2) for side in (left, right)]
    job = _run._job(frames[0], schema="voter", election_date=PEMILU_2024, rules=None)
    got = _run._prepare(frames, job).where(
        F.coalesce(F.col("nik"), F.col("nik_placeholder")).isin(shared, crowded))
    table = pl.from_arrow(got.select("__side", "nik", "nik_placeholder").toArrow())
    assert isinstance(table, pl.DataFrame)
    expected = pl.concat([prepare(standardise_polars(side)).select(
        pl.lit(k, pl.Int8).alias("__side"), "nik", "nik_placeholder")
        .filter(pl.coalesce("nik", "nik_placeholder").is_in([shared, crowded]))
        for k, side in enumerate((left, right))])
    assert table.sort(pl.all()).equals(expected.sort(pl.all()))
    assert table.filter(pl.col("nik_placeholder") == crowded)["__side"].to_list() == [0] * 5
    assert table.filter(pl.col("nik") == shared).height == 6


def test_numbering_rows_leaves_the_frame_as_it_was(spark) -> None:  # type: ignore[no-untyped-def]
    """A frame is deduplicated twice, or prepared and then deduplicated, without error."""
    from sidalih.spark import _run

    frame = spark.createDataFrame(_skewed(50, seed=1).to_pandas())
    columns = list(frame.columns)
    for _ in range(2):
        assert _run._with_rows(frame, 0).columns == [*columns, "__row"]
    assert frame.columns == columns


def test_spark_rejects_a_bad_split_size(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    frame = spark.createDataFrame(_skewed(50, seed=1).to_pandas())
    with pytest.raises(InvalidParameterError, match="split_rows"):
        sidalih.spark.deduplicate(frame, split_rows=0)


def test_spark_rejects_a_pandas_frame(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    with pytest.raises(InputTypeError, match="pyspark.sql.DataFrame"):
        sidalih.spark.deduplicate(_skewed(100, seed=1).to_pandas())


def test_spark_units_are_the_out_of_core_units(spark) -> None:  # type: ignore[no-untyped-def]
    """A row goes to the same unit value on Spark as out of core (nulls included)."""
    from sidalih.scale._groups import UNITS
    from sidalih.spark._groups import unit_column

    rows = pl.DataFrame({
        "kode_kec": ["327101", None, "327102", "3271"],
        "nik": ["3271014107800001", "3271", None, None],
        "nik_masked12": [None, "327101410780", "320101010180", None],
    })
    frame = spark.createDataFrame(rows.to_pandas())
    for unit in UNITS:
        got = [r[0] for r in frame.select(unit_column(unit)).collect()]
        assert got == rows.select(UNITS[unit]).to_series().to_list(), unit


def test_a_given_model_fills_an_absent_field_as_in_memory(spark) -> None:  # type: ignore[no-untyped-def]
    """Session 17: the default model scores a list without the sex (no crash in a task),
    as the in-memory run does, with the same warning."""
    import sidalih.spark
    from sidalih.errors import AbsentColumnWarning

    voters = synth_voters(2_000, seed=8).voters.drop("jenis_kelamin")
    with pytest.warns(AbsentColumnWarning, match="jenis_kelamin"):
        reference = sidalih.deduplicate(voters, model=sidalih.Model.default())
    with pytest.warns(AbsentColumnWarning, match="jenis_kelamin"):
        result = sidalih.spark.deduplicate(spark.createDataFrame(voters.to_pandas()),
                                           model=sidalih.Model.default(), n_buckets=2)
    _assert_same_clusters(result, reference)
