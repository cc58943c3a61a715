"""One local Spark session for a test module (the Spark tests share how they start it)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any


def local_spark(app: str) -> Iterator[Any]:
    """A ``local[2]`` session whose tasks run in this interpreter; stopped afterwards."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # tasks must run in this interpreter (the one with sidalih and its dependencies)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
