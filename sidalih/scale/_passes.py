"""The scoring passes of an out-of-core run: bucket the prepared list, score each bucket.

A list that fits one bucket is scored in one pass over the whole list
(:func:`score_one_batch`); otherwise the rules are scored a group at a time
(:func:`score_groups`, :mod:`sidalih.scale._groups`), each group bucketing the prepared
rows so that its blocks land whole, and writing the kept pairs of each bucket.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model
from sidalih.scale._batch import BatchPlan, score_batch, score_group, score_whole
from sidalih.scale._groups import UNITS, RuleGroup, plan_groups, unit_hash
from sidalih.scale._keys import REGION, ROW, SIDE, hash_column

__all__ = ["scoring_columns", "score_groups", "score_one_batch", "group_buckets",
           "bucket_rule", "score_rule", "SCRATCH"]


SCRATCH: dict[str, Any] = {"compression": "lz4", "statistics": False}
"""Parquet options for the working files, written once and read back within the run:
lz4 writes about twice as fast as the default zstd, and nothing filters on statistics."""


def scoring_columns(rules: Sequence[BlockingRule], model: Model, available: Sequence[str],
                    rule_index: int) -> list[str]:
    """The prepared columns a rule's batches need: keys, compared fields, judgement inputs.

    Raw copies and fields nothing compares stay behind, which halves what each rule's
    buckets write and read.
    """
    wanted = {ROW, SIDE, "birth_year", REGION, *(hash_column(v) for v in range(rule_index + 1))}
    for rule in rules:
        exprs = [*rule.keys, *rule.refine_with, *([rule.sort_by] if rule.sort_by is not None
                                                  else [])]
        for expr in exprs:
            wanted.update(expr.meta.root_names())
    for comparison in model.comparisons:
        wanted.update({comparison.column,
                       *comparison.method_type.companions(comparison.column)})
        if comparison.tf_column:
            wanted.add(comparison.tf_column)
    return [c for c in available if c in wanted]


def bucket_rule(prepared: Path, buckets: Path, u: int, n_buckets: int,
                 extra: Callable[[pl.DataFrame], pl.DataFrame], columns: list[str]) -> None:
    h = hash_column(u)
    for path in sorted(prepared.glob("*.parquet")):
        frame = pl.read_parquet(path, columns=columns).filter(pl.col(h).is_not_null())
        frame = extra(frame).with_columns(
            (pl.col(h).hash(seed=1) % n_buckets).cast(pl.Int32).alias("__bucket"))
        for (b,), part in frame.partition_by("__bucket", as_dict=True).items():
            target = buckets / f"b{b:05d}"
            target.mkdir(exist_ok=True)
            part.drop("__bucket").write_parquet(target / path.name, **SCRATCH)


def score_rule(buckets: Path, pairs_dir: Path, u: int, plan: BatchPlan) -> np.ndarray:
    big: list[np.ndarray] = []
    for bucket in sorted(p for p in buckets.iterdir() if p.is_dir()):
        batch = pl.read_parquet(bucket / "*.parquet")
        pairs, big_here = score_batch(batch, u, plan)
        big.append(big_here)
        if pairs.height:
            pairs.write_parquet(pairs_dir / f"r{u:03d}-{bucket.name}.parquet", **SCRATCH)
        shutil.rmtree(bucket)
    return np.concatenate(big) if big else np.zeros(0, np.int64)


def score_groups(prepared_dir: Path, pairs_dir: Path, work: Path, prepared: pl.LazyFrame,
                  plan: BatchPlan, extra: Callable[[pl.DataFrame], pl.DataFrame], *,
                  n_buckets: int, n_rows: int, names: list[str],
                  say: Callable[[str], None]) -> tuple[dict[int, np.ndarray], list[list[str]]]:
    """Bucket and score the rules a group at a time (:mod:`sidalih.scale._groups`).

    Returns every rule's big blocks and the groups' rule names (one pass each).
    """
    rules = list(plan.rules)
    grouping = plan_groups(prepared, rules, bound=plan.bound, linkage=plan.linkage,
                           max_rows=max(1, n_rows // (n_buckets * GROUP_SPREAD_MAX)))
    plan = plan.with_big(grouping.big)
    for group in grouping.groups:
        last = max(group.rules)
        label = "+".join(rules[u].name for u in group.rules)
        spread = group_buckets(n_buckets, len(group.rules))
        say(f"rules {label}: {spread if group.unit else n_buckets} buckets"
             + (f" by {group.unit}" if group.unit else ""))
        buckets = work / f"rule{group.rules[0]:03d}"
        buckets.mkdir()
        columns = scoring_columns(rules, plan.model, names, last)
        if group.unit is None:
            bucket_rule(prepared_dir, buckets, last, n_buckets, extra, columns)
            score_rule(buckets, pairs_dir, last, plan)
        else:
            _bucket_group(prepared_dir, buckets, group, spread, extra, columns)
            _score_group_buckets(buckets, pairs_dir, group, plan)
    return grouping.big, [[rules[u].name for u in g.rules] for g in grouping.groups]


#: A bucket of a group of k rules holds the pairs of k rules: each rule past the first
#: adds about a fifth of a one-rule bucket's memory (1M voters at a 1 GiB limit: one rule
#: per bucket peaked at 1.4 GB, seven rules at 2.1 GB), so a group spreads its rows over
#: that many more buckets; a unit used for grouping must fit the finest of them.
GROUP_SPREAD_MAX = 3


def group_buckets(n_buckets: int, n_rules: int) -> int:
    """Buckets for a group of ``n_rules`` rules where one rule would need ``n_buckets``.

    Examples
    --------
    >>> group_buckets(4, 1), group_buckets(4, 7), group_buckets(4, 12)
    (4, 9, 12)
    """
    return math.ceil(n_buckets * min(1 + (n_rules - 1) / 5, GROUP_SPREAD_MAX))


def _bucket_group(prepared: Path, buckets: Path, group: RuleGroup, n_buckets: int,
                  extra: Callable[[pl.DataFrame], pl.DataFrame], columns: list[str]) -> None:
    assert group.unit is not None
    blocked = pl.any_horizontal([pl.col(hash_column(u)).is_not_null() for u in group.rules])
    roots = [c for c in UNITS[group.unit].meta.root_names() if c not in columns]
    bucket = (unit_hash(group.unit) % n_buckets).cast(pl.Int32).alias("__bucket")
    for path in sorted(prepared.glob("*.parquet")):
        frame = pl.read_parquet(path, columns=[*columns, *roots]).filter(blocked)
        frame = extra(frame.with_columns(bucket).drop(roots))
        for (b,), part in frame.partition_by("__bucket", as_dict=True).items():
            target = buckets / f"b{b:05d}"
            target.mkdir(exist_ok=True)
            part.drop("__bucket").write_parquet(target / path.name, **SCRATCH)


def _score_group_buckets(buckets: Path, pairs_dir: Path, group: RuleGroup,
                         plan: BatchPlan) -> None:
    for bucket in sorted(p for p in buckets.iterdir() if p.is_dir()):
        pairs = score_group(pl.read_parquet(bucket / "*.parquet"), group.rules, plan)
        if pairs.height:
            pairs.write_parquet(pairs_dir / f"g{group.rules[0]:03d}-{bucket.name}.parquet",
                                **SCRATCH)
        shutil.rmtree(bucket)


def score_one_batch(prepared: Path, pairs_dir: Path, plan: BatchPlan,
                     extra: Callable[[pl.DataFrame], pl.DataFrame],
                     columns: list[str]) -> dict[int, np.ndarray]:
    """Every rule on the whole list at once, when it fits in one bucket.

    One bucket per rule would hold every row anyway; reading the list once and
    scoring every rule's pairs together (:func:`score_whole`) gives the same pairs
    without writing the list out again for each rule or encoding its columns twelve times.
    """
    files = sorted(prepared.glob("*.parquet"))
    batch = extra(pl.concat([pl.read_parquet(path, columns=columns) for path in files],
                            how="vertical_relaxed"))
    pairs, big = score_whole(batch, plan)
    if pairs.height:
        pairs.write_parquet(pairs_dir / "whole.parquet", **SCRATCH)
    return big
