"""The scoring passes of an out-of-core run: bucket the prepared list, score each bucket.

A list that fits one bucket is held in memory and scored in one pass over the whole
list (:func:`score_one_batch`); otherwise the rules are scored a group at a time
(:func:`score_groups`, :mod:`sidalih.scale._groups`): one pass over the prepared rows
cuts them into every group's buckets, so that each group's blocks land whole, then each
group's buckets are scored, writing the kept pairs of each bucket.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model
from sidalih.scale._batch import (
    BatchPlan,
    score_batch_apart,
    score_group_apart,
    score_list,
)
from sidalih.scale._groups import RuleGroup, plan_groups, unit_key
from sidalih.scale._keys import REGION, ROW, SIDE, hash_column

__all__ = ["scoring_columns", "score_groups", "score_one_batch", "group_buckets",
           "bucket_groups", "score_buckets", "SCRATCH", "Background"]


SCRATCH: dict[str, Any] = {"compression": "lz4", "statistics": False}
"""Parquet options for the working files, written once and read back within the run:
lz4 writes about twice as fast as the default zstd, and nothing filters on statistics."""

BUCKET_SCRATCH: dict[str, Any] = {"compression": "uncompressed", "statistics": False}
"""Parquet options for a bucket's parts, written once, read once and deleted within the
same pass: uncompressed, a quarter less time to write them (three copies of the list at
10M records), for twice their size on disk while the pass lasts."""


def scoring_columns(rules: Sequence[BlockingRule], model: Model, available: Sequence[str],
                    rule_index: int) -> list[str]:
    """The prepared columns a rule's batches need: keys, compared fields, judgement inputs
    (among them the names as written, ``nama``).

    Raw copies and fields nothing compares stay behind, which halves what each rule's
    buckets write and read.
    """
    # the judgement reads the names as written too (a slip that an old-spelling fold made
    # larger, an abbreviation read two ways): without them a bucket judges otherwise
    wanted = {ROW, SIDE, "birth_year", REGION, "nama",
              *(hash_column(v) for v in range(rule_index + 1))}
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


class Background:
    """Runs a task on a thread (writing a frame, deleting a folder) while the caller goes
    on with the next piece; a task is queued once the one before it is done, so two
    pieces at most are in memory. The work is in polars and the file system, which let
    go of the GIL: on two cores the writes of a pass (a third of bucketing) overlap its
    computing.

    Examples
    --------
    >>> done = []
    >>> with Background() as background:
    ...     background.submit(done.append, 1)
    ...     background.submit(done.append, 2)
    >>> done
    [1, 2]
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sidalih-write")
        self._pending: list[Future[Any]] = []

    def submit(self, task: Callable[..., Any], *args: Any) -> None:
        """Run ``task(*args)`` once the task before it is done (its error is raised here)."""
        self.wait()
        self._pending.append(self._pool.submit(task, *args))

    def wait(self) -> None:
        """Wait for every task queued; raise the first error."""
        while self._pending:
            self._pending.pop(0).result()

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.wait()
            else:  # let the tasks end, keep the caller's error
                for future in self._pending:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True)


def _write_parts(folder: Path, parts: dict[Any, pl.DataFrame], name: str) -> None:
    """Each part of a slice into its bucket's folder (``b<bucket>/<name>``)."""
    for (b,), part in parts.items():
        target = folder / f"b{b:05d}"
        target.mkdir(exist_ok=True)
        part.drop("__bucket").write_parquet(target / name, **BUCKET_SCRATCH)


def _write_pairs(pairs: dict[Path, pl.DataFrame], done: Path) -> None:
    """A bucket's pair frames written (the empty ones skipped), then its folder removed."""
    for path, frame in pairs.items():
        if frame.height:
            frame.write_parquet(path, **SCRATCH)
    shutil.rmtree(done)


@dataclass(frozen=True)
class _Bucketing:
    """Where and how one group's rows are bucketed: all rows of a block in one bucket."""

    folder: Path
    keep: pl.Expr  # the rows some rule of the group blocks
    bucket: pl.Expr  # Int32 bucket of a row
    columns: list[str]  # what the group's batches read (the frequencies come after)
    roots: list[str]  # columns only the bucket needs


def _bucketing(work: Path, group: RuleGroup, n_buckets: int, columns: list[str],
               names: Collection[str] = ()) -> _Bucketing:
    """``names``: the prepared list's columns (a unit's hash is read where it holds it)."""
    folder = work / f"rule{group.rules[0]:03d}"
    folder.mkdir()
    if group.unit is None:
        h = hash_column(group.rules[0])
        return _Bucketing(folder, pl.col(h).is_not_null(),
                          (pl.col(h).hash(seed=1) % n_buckets).cast(pl.Int32), columns, [])
    blocked = pl.any_horizontal([pl.col(hash_column(u)).is_not_null() for u in group.rules])
    key = unit_key(group.unit, names)
    roots = [c for c in key.meta.root_names() if c not in columns]
    return _Bucketing(folder, blocked, (key % n_buckets).cast(pl.Int32), columns, roots)


def bucket_groups(prepared: Path, plans: Sequence[_Bucketing],
                  extra: Callable[[pl.DataFrame], pl.DataFrame], *, slice_rows: int) -> None:
    """Bucket the prepared rows for every group in one pass over the list.

    Each slice of the list is read once and its name frequencies attached once (67 s of
    131 s at 10M records bucketed group by group, when each slice was joined with the
    tables; a look-up by key now), then cut into every group's buckets, each group's
    parts written while the next group's are cut. The buckets of every group are on
    disk together until each is scored (:data:`BUCKET_SCRATCH`); ``slice_rows`` bounds
    what is in memory.
    """
    wanted = {c for plan in plans
              for c in (*plan.columns, *plan.roots, *plan.keep.meta.root_names())}
    with Background() as background:
        for path in sorted(prepared.glob("*.parquet")):
            scan = pl.scan_parquet(path)
            names = [c for c in scan.collect_schema().names() if c in wanted]
            n_rows = int(scan.select(pl.len()).collect().item())
            for offset in range(0, n_rows, slice_rows):
                frame = extra(scan.slice(offset, slice_rows).select(names).collect())
                added = [c for c in frame.columns if c not in wanted]
                for plan in plans:
                    chosen = frame.filter(plan.keep).select(
                        *plan.columns, plan.bucket.alias("__bucket"), *added)
                    # written while the next group's copy is cut
                    background.submit(_write_parts, plan.folder,
                                      chosen.partition_by("__bucket", as_dict=True),
                                      f"{path.stem}-{offset:012d}.parquet")
                    del chosen
                del frame


def score_buckets(plan: _Bucketing, pairs_dir: Path, cannot_dir: Path, group: RuleGroup,
                  batch_plan: BatchPlan) -> None:
    """Score a group's buckets one at a time; write the listed and the cannot-link-only
    pairs of each (:func:`~sidalih.scale._batch.split_pairs`)."""
    prefix = f"g{group.rules[0]:03d}" if group.unit is not None else f"r{group.rules[0]:03d}"
    with Background() as background:
        for bucket in sorted(p for p in plan.folder.iterdir() if p.is_dir()):
            batch = pl.read_parquet(bucket / "*.parquet")
            if group.unit is None:
                listed, cannot = score_batch_apart(batch, group.rules[0], batch_plan)
            else:
                listed, cannot = score_group_apart(batch, group.rules, batch_plan)
            del batch
            name = f"{prefix}-{bucket.name}.parquet"
            # written while the next bucket is scored
            background.submit(_write_pairs, {pairs_dir / name: listed, cannot_dir / name: cannot},
                              bucket)
            del listed, cannot


def score_groups(prepared_dir: Path, pairs_dir: Path, work: Path, prepared: pl.LazyFrame,
                  plan: BatchPlan, extra: Callable[[pl.DataFrame], pl.DataFrame], *,
                  n_buckets: int, n_rows: int, names: list[str], slice_rows: int,
                  say: Callable[[str], None]) -> tuple[dict[int, np.ndarray], list[list[str]],
                                                       Path]:
    """Bucket and score the rules a group at a time (:mod:`sidalih.scale._groups`).

    Every group is bucketed in one pass over the list (:func:`bucket_groups`), then
    scored group by group. Returns every rule's big blocks, the groups' rule names (one
    scoring pass each) and the folder of the cannot-link-only pairs.
    """
    rules = list(plan.rules)
    grouping = plan_groups(prepared, rules, bound=plan.bound, linkage=plan.linkage,
                           max_rows=max(1, n_rows // (n_buckets * GROUP_SPREAD_MAX)))
    plan = plan.with_big(grouping.big)
    cannot_dir = work / "cannot"
    cannot_dir.mkdir()
    bucketings = []
    for group in grouping.groups:
        spread = group_buckets(n_buckets, len(group.rules)) if group.unit else n_buckets
        columns = scoring_columns(rules, plan.model, names, max(group.rules))
        if group.unit is not None:
            # a group's own rules are blocked on their keys; only the earlier rules
            # outside it read their key hashes (random 64-bit values: a bucket's
            # least compressible columns, seven of twelve at 10M records)
            own = {hash_column(u) for u in group.rules}
            columns = [c for c in columns if c not in own]
        bucketings.append(_bucketing(work, group, spread, columns, names))
    say(f"bucket the list for {len(grouping.groups)} groups of rules")
    bucket_groups(prepared_dir, bucketings, extra, slice_rows=slice_rows)
    for group, bucketing in zip(grouping.groups, bucketings, strict=True):
        label = "+".join(rules[u].name for u in group.rules)
        n_here = sum(1 for p in bucketing.folder.iterdir() if p.is_dir())
        say(f"rules {label}: {n_here} buckets" + (f" by {group.unit}" if group.unit else ""))
        score_buckets(bucketing, pairs_dir, cannot_dir, group, plan)
    return grouping.big, [[rules[u].name for u in g.rules] for g in grouping.groups], cannot_dir


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


def score_one_batch(prepared: pl.DataFrame, pairs_dir: Path, plan: BatchPlan,
                    extra: Callable[[pl.DataFrame], pl.DataFrame],
                    columns: list[str]) -> dict[int, int]:
    """Every rule on the whole list at once, when it fits in one bucket; the big blocks.

    One bucket per rule would hold every row anyway; scoring every rule's pairs together
    on the prepared list (:func:`score_list`) gives the same pairs without writing the
    list out again for each rule or encoding its columns twelve times. Returns, per rule
    index, its number of big blocks.
    """
    pairs, big = score_list(extra(prepared.select(columns)), plan)
    if pairs.height:
        pairs.write_parquet(pairs_dir / "whole.parquet", **SCRATCH)
    return big
