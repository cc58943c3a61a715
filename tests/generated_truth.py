"""The truth frames of the sixth and seventh generators, in the shapes the tests read.

Both give ``gen(n, profile, seed) -> (voters, truth)`` with ``truth`` holding ``id``,
``person_id``, ``neg_group`` (a look-alike group, -1 for none) and ``neg_kind``.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

Generated = Callable[[int, str, int], tuple[pl.DataFrame, pl.DataFrame]]


def hard_negative_pairs(truth: pl.DataFrame) -> pl.DataFrame:
    """All pairs of records of two different persons of one look-alike group:
    ``id_l, id_r, neg_kind``."""
    t = truth.filter(pl.col("neg_group") >= 0).select("id", "person_id", "neg_group", "neg_kind")
    j = t.join(t, on="neg_group", suffix="_r").filter(
        (pl.col("id") < pl.col("id_r")) & (pl.col("person_id") != pl.col("person_id_r")))
    return j.select(id_l="id", id_r="id_r", neg_kind="neg_kind")


def listed(gen: Generated, n_records: int, profile: str, seed: int) -> tuple[object, object]:
    """``gen``'s list as the other generators give theirs: a pandas frame with ``id`` and
    ``_pid`` (truth columns start with ``_``) and the look-alike people (``pid_a``,
    ``pid_b``, ``kind``)."""
    voters, truth = gen(n_records, profile, seed)
    frame = voters.join(truth.select("id", _pid="person_id"), on="id", how="left")
    people = truth.filter(pl.col("neg_group") >= 0).select(
        "person_id", "neg_group", "neg_kind").unique()
    look = (people.join(people, on="neg_group", suffix="_b")
            .filter(pl.col("person_id") < pl.col("person_id_b"))
            .select(pid_a="person_id", pid_b="person_id_b", kind="neg_kind").unique()
            .sort("pid_a", "pid_b"))
    return frame.to_pandas(), look.to_pandas()
