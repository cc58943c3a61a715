"""What a Spark run gives back: the result protocol of :mod:`sidalih.engine._summary`
with Spark frames, and the listed pairs named as every result kind names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model
from sidalih.engine._judgement import VERDICTS
from sidalih.engine._summary import Summary, model_facts, pair_columns, summary_from_sizes
from sidalih.scale._keys import ROW

__all__ = ["SparkResult", "named_pairs", "with_probability"]


@dataclass
class SparkResult:
    """The result protocol of :mod:`sidalih.engine._summary` with Spark frames.

    ``clusters`` (``id``, [``source``,] ``cluster_id``), ``pairs`` (every merged,
    at-floor or for-review pair: ids, weight, probability, ``matched``, verdict and rule
    names, levels, reasons: the columns of :class:`sidalih.Result`'s pairs), the
    ``model`` and ``summary()``; ``info`` holds what the run recorded (buckets, big
    and salted blocks).
    """

    clusters: Any
    pairs: Any
    model: Model
    info: dict[str, Any]

    def summary(self) -> Summary:
        """Counts of the run, aggregated by Spark (see :class:`~sidalih.Summary`)."""
        from pyspark.sql import functions as F

        sizes = _collect(self.clusters.groupBy("cluster_id").agg(F.count("*").alias("size"))
                         .groupBy("size").agg(F.count("*").alias("clusters")))
        # one job over the pairs: per verdict, how many and how many matched
        verdicts = _collect(self.pairs.groupBy("verdict").agg(
            F.count("*").alias("n"), F.sum(F.col("matched").cast("long")).alias("matched")))
        counts = {str(v): int(n) for v, n, _ in verdicts.iter_rows()}
        return summary_from_sizes(
            n_records=int(self.info["n_records"]),
            cluster_sizes=sizes.cast({"size": pl.Int64, "clusters": pl.Int64}),
            verdicts=counts, n_matched_pairs=int(verdicts["matched"].sum()),
            n_review_pairs=counts.get("nik_clash", 0),
            model=model_facts(self.model, trained_here=bool(self.info.get("trained"))),
            timings={}, blocking=self.info.get("big_blocks"))


def _collect(frame: Any) -> pl.DataFrame:
    out = pl.from_arrow(frame.toArrow())
    assert isinstance(out, pl.DataFrame)
    return out


def named_pairs(spark: Any, listed: Any, prepared: Any, clustered: pl.DataFrame, model: Model,
                 rules: Sequence[BlockingRule]) -> Any:
    """The listed pairs with the result's columns: ids for rows, names for codes, matched."""
    from pyspark.sql import functions as F

    ids = prepared.select(ROW, "id")
    labels = spark.createDataFrame(clustered.rename({"row": ROW}).to_arrow(),
                                   schema=f"{ROW} long, label long")

    def side(frame: Any, name: str) -> Any:
        return frame.withColumnRenamed(ROW, f"row_{name}")

    verdicts = F.array(*[F.lit(str(v)) for v in VERDICTS])
    rule_names = F.array(*[F.lit(r.name) for r in rules])
    out = (listed
           .join(side(ids.withColumnRenamed("id", "id_l"), "l"), on="row_l", how="left")
           .join(side(ids.withColumnRenamed("id", "id_r"), "r"), on="row_r", how="left")
           .join(F.broadcast(side(labels.withColumnRenamed("label", "label_l"), "l")),
                 on="row_l", how="left")
           .join(F.broadcast(side(labels.withColumnRenamed("label", "label_r"), "r")),
                 on="row_r", how="left")
           .withColumn("matched", F.coalesce(F.col("label_l") == F.col("label_r"),
                                             F.lit(False)))
           .withColumn("verdict", F.element_at(verdicts, F.col("verdict").cast("int") + 1))
           .withColumn("rule", F.element_at(rule_names, F.col("rule").cast("int") + 1)))
    for comparison in model.comparisons:
        out = out.withColumnRenamed(comparison.name, f"level_{comparison.name}")
    return with_probability(out.orderBy("row_l", "row_r"), model)


def with_probability(pairs: Any, model: Model) -> Any:
    """The result's pair columns, ``match_probability`` computed by Spark from the weight
    (as every Spark run has: Spark's ``pow`` and polars' may differ in the last bit)."""
    from pyspark.sql import functions as F

    weight = F.greatest(F.least(F.col("match_weight"), F.lit(500.0)), F.lit(-500.0))
    return (pairs.withColumn("match_probability", 1.0 / (1.0 + F.pow(F.lit(2.0), -weight)))
            .select(*pair_columns(model.comparisons)))
