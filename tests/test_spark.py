"""The Spark path gives the single-machine clusters (needs the ``spark`` extra and Java).

Run in CI by ``.ci/run`` after ``pip install -e .[spark]``; skipped, with the reason, in
an environment without pyspark.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys

import polars as pl
import pytest

from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.synth import voters as synth_voters

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install -e .[spark]")
if shutil.which("java") is None:  # pragma: no cover - CI installs Java
    pytest.skip("Spark needs Java 17 or 21 on PATH", allow_module_level=True)

pytestmark = pytest.mark.spark

JUNK_NIK = "3201010107800001"
SMALL_BLOCKS = 40


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # tasks must run in this interpreter (the one with sidalih and its dependencies)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("sidalih-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _skewed(n: int, seed: int) -> pl.DataFrame:
    voters = synth_voters(n, seed=seed).voters
    junk = pl.int_range(pl.len()) < 600
    # half of them also share a first name and a birth date: a sub-block still over the
    # bound after salting by the first name (left-side salting spreads it)
    same = pl.int_range(pl.len()) < 300
    return voters.with_columns(
        pl.when(junk).then(pl.lit(JUNK_NIK)).otherwise("nik").alias("nik"),
        pl.when(same).then(pl.lit("Sulastri ") + pl.col("nama")).otherwise("nama").alias("nama"),
        pl.when(same).then(pl.lit(dt.date(1980, 7, 1))).otherwise("tanggal_lahir")
        .alias("tanggal_lahir"))


def test_spark_gives_the_single_machine_clusters(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    voters = _skewed(20_000, seed=5)
    reference = sidalih.deduplicate(voters, u_pairs=200_000, max_block_size=SMALL_BLOCKS)
    result = sidalih.spark.deduplicate(spark.createDataFrame(voters.to_pandas()),
                                       model=reference.model, max_block_size=SMALL_BLOCKS,
                                       split_rows=100)
    # the junk-NIK block was over the bound: salted by its first refinement key (spread
    # over tasks), then refined and walked as a neighbourhood inside each salt; the
    # 300-row sub-block went, whole, to three tasks that each kept a third of its pairs
    assert result.summary["big_blocks"]["nik"] == 1
    assert result.summary["salted_blocks"]["nik"] == 1
    assert result.summary["split_sub_blocks"]["nik"] == {"sub_blocks": 1, "tasks": 3}
    got = pl.from_arrow(result.clusters.toArrow())
    assert isinstance(got, pl.DataFrame)
    expected = reference.clusters.sort("id")
    got = got.sort("id")
    assert got["id"].to_list() == expected["id"].to_list()
    assert got["cluster_id"].to_list() == expected["cluster_id"].to_list()
    assert expected["cluster_id"].n_unique() < expected.height


def test_spark_rejects_a_bad_split_size(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    frame = spark.createDataFrame(_skewed(50, seed=1).to_pandas())
    with pytest.raises(InvalidParameterError, match="split_rows"):
        sidalih.spark.deduplicate(frame, split_rows=0)


def test_spark_rejects_a_pandas_frame(spark) -> None:  # type: ignore[no-untyped-def]
    import sidalih.spark

    with pytest.raises(InputTypeError, match="pyspark.sql.DataFrame"):
        sidalih.spark.deduplicate(_skewed(100, seed=1).to_pandas())
