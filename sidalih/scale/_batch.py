"""The engine-agnostic unit of work: a batch of whole blocks in, scored pairs out.

Every partitioned run (out of core on one machine, or Spark tasks) calls
:func:`score_batch` with the rows of some blocks of one rule. The batch carries, per row,
its position in the whole list (``__row``), its side (linkage), the key hash of every
earlier rule, and precomputed name frequencies, so the function needs nothing but the
batch and a :class:`BatchPlan`, and gives for those blocks exactly the pairs and scores
the in-memory engine gives.

How a pair is kept once across rules without seeing the other rules' blocks: rule ``u``
drops a pair when an earlier rule ``v`` has both rows in one block *that ``v`` generates
in full* (not in its list of big blocks). A big block of ``v`` was refined or walked as a
neighbourhood, so ``u`` keeps such pairs; the few that ``v`` also produced come out
twice and are made unique (first rule wins) before clustering. The pairs, their rules
and their scores then equal the in-memory run's.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from sidalih import blocking
from sidalih.blocking._defaults import WINDOW
from sidalih.blocking._report import BlockingReport
from sidalih.blocking._rules import BlockingRule, block_on
from sidalih.compare import ColumnCache
from sidalih.engine import Model, Settings, fit, score_pairs
from sidalih.engine._judgement import ALWAYS_LISTED, verdict_in
from sidalih.engine._reasons import reasons
from sidalih.engine._run import sort_pairs
from sidalih.engine._score import (
    PairScores,
    cluster_bounds,
    cluster_weights,
    term_frequencies,
    verdict_names,
)
from sidalih.errors import CapacityWarning
from sidalih.kernels.codes import in_earlier_block
from sidalih.scale._keys import ROW, SIDE, big_hashes, hash_column

__all__ = ["TRAIN_UNITS", "train_units", "BatchPlan", "score_batch", "score_whole", "score_list", "score_group", "fit_sample", "BATCH_PAIR_COLUMNS", "salt_column",
           "salted_rule", "PART", "N_PARTS", "score_batch_apart", "score_group_apart", "split_pairs",
           "CANNOT_SCHEMA"]

#: Optional batch columns of a sub-block scored by several tasks (left-side salting): the
#: task's share and the number of shares. Every task sees all the sub-block's rows and
#: keeps the pairs whose first row (the smaller row number) falls to its share.
PART, N_PARTS = "__part", "__n_parts"

#: Columns of every pair frame :func:`score_batch` returns, before the comparison levels
#: (and, after them, ``reasons``). Rows and codes: the run turns them into the result's
#: ids and names (:data:`sidalih.engine._summary.PAIR_COLUMNS`) once the pairs are in.
BATCH_PAIR_COLUMNS = ("row_l", "row_r", "rule", "match_weight", "cluster_weight", "verdict")


@dataclass(frozen=True)
class BatchPlan:
    """What every batch needs: the rules, the trained model and the bounds (picklable)."""

    rules: tuple[BlockingRule, ...]
    model: Model
    linkage: bool = False
    max_block_size: int = 2_000
    big: dict[int, np.ndarray] = field(default_factory=dict)
    keep_probability: float = 0.5
    salted: bool = False
    lang: str = "id"
    #: Candidate pairs one batch may plan (None: no budget); set for a list scored whole,
    #: where a batch is every rule over every row (see :func:`score_list`).
    max_pairs: int | None = None

    @property
    def window(self) -> int:
        return min(WINDOW, self.max_block_size)

    @property
    def bound(self) -> int:
        return self.max_block_size * (self.max_block_size - 1) // 2

    def with_big(self, big: dict[int, np.ndarray]) -> BatchPlan:
        return BatchPlan(self.rules, self.model, self.linkage, self.max_block_size,
                         {k: np.sort(np.asarray(v, np.int64)) for k, v in big.items()},
                         self.keep_probability, self.salted, self.lang, self.max_pairs)


def _empty_pairs(plan: BatchPlan) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "row_l": pl.Int64(), "row_r": pl.Int64(), "rule": pl.Int8(),
        "match_weight": pl.Float64(), "cluster_weight": pl.Float64(), "verdict": pl.Int8(),
    }
    schema.update({c.name: pl.Int8() for c in plan.model.comparisons})
    schema["reasons"] = pl.String()
    return pl.DataFrame(schema=schema)


def pair_schema(plan: BatchPlan) -> dict[str, pl.DataType]:
    """The schema of the pair frames :func:`score_batch` returns."""
    return dict(_empty_pairs(plan).schema)


def _candidates(batch: pl.DataFrame, rules: Sequence[BlockingRule], plan: BatchPlan,
                n_left: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs of ``rules`` in ``batch`` (rows of a linkage's left list first), and
    the index in ``rules`` of the first rule that finds each."""
    return _found(batch, rules, plan, n_left)[:3]


def _found(batch: pl.DataFrame, rules: Sequence[BlockingRule], plan: BatchPlan,
           n_left: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, BlockingReport | None]:
    """:func:`_candidates` and the blocking report (None: a linkage with one side empty)."""
    if plan.linkage:
        if n_left in (0, batch.height):
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0, np.int8), None
        found = blocking.candidate_pairs(batch[:n_left], list(rules), other=batch[n_left:],
                                         max_block_size=plan.max_block_size, window=plan.window,
                                         max_pairs=plan.max_pairs)
        right = found.right + n_left
    else:
        found = blocking.candidate_pairs(batch, list(rules), max_block_size=plan.max_block_size,
                                         window=plan.window, max_pairs=plan.max_pairs)
        right = found.right
    if found.report.lowered:  # fewer pairs than the rules ask for: never silently
        warnings.warn(f"blocking: {found.report.lowered}", CapacityWarning, stacklevel=2)
    if list(found.rule_names) != [r.name for r in rules]:
        raise AssertionError(f"rules resolved differently: {found.rule_names}")
    return found.left, right, found.rule, found.report


def salt_column(rule_index: int) -> str:
    """Hash of the rule's first refinement key: the salt of a row in a big block."""
    return f"__s{rule_index}"


def salted_rule(rule: BlockingRule, rule_index: int, batch: pl.DataFrame) -> BlockingRule | None:
    """The rule as it acts inside a big block: keyed on its first refinement key too.

    A block over the bound is always split by its first refinement key, and the
    sub-blocks are refined and walked independently, so blocking on the keys plus that
    key's hash (the salt; a missing value hashes like any other, so its rows stay
    together as in the split) gives the same pairs, from rows spread over many tasks.
    """
    from sidalih.blocking._resolve import resolve_rules

    used = resolve_rules([rule], batch, None).used[0]
    if not used.refine:
        return None
    return block_on(*rule.keys, salt_column(rule_index), name=rule.name,
                    refine_with=[e for e, _ in used.refine[1:]],
                    sort_by=used.sort_by[0] if used.sort_by else None)


def _rule_pairs(batch: pl.DataFrame, rule_index: int, plan: BatchPlan,
                n_left: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of the rule; salted big-block rows are planned by the salted rule."""
    rule = plan.rules[rule_index]
    big = plan.big.get(rule_index)
    if not plan.salted or big is None or big.size == 0 or salt_column(rule_index) not in batch:
        return _candidates(batch, [rule], plan, n_left)[:2]
    in_big = batch[hash_column(rule_index)].is_in(pl.Series(big).implode()).fill_null(False)
    salted = salted_rule(rule, rule_index, batch)
    if salted is None or not in_big.any():
        return _candidates(batch, [rule], plan, n_left)[:2]
    positions = np.arange(batch.height)
    lefts, rights = [], []
    for mask, chosen in ((~in_big, rule), (in_big, salted)):
        part = positions[mask.to_numpy()]
        sub = batch[part]
        left, right, _ = _candidates(sub, [chosen], plan, int((sub[SIDE] == 0).sum()))
        lefts.append(part[left])
        rights.append(part[right])
    return np.concatenate(lefts), np.concatenate(rights)


def _not_earlier(batch: pl.DataFrame, rule_index: int, plan: BatchPlan, left: np.ndarray,
                 right: np.ndarray) -> np.ndarray:
    """Pairs no earlier rule generates in full (see the module's note)."""
    rule = np.full(left.size, rule_index, np.int8)
    return ~in_full_earlier(batch, plan, left, right, rule, range(rule_index))


def in_full_earlier(batch: pl.DataFrame, plan: BatchPlan, left: np.ndarray, right: np.ndarray,
                    rule: np.ndarray, earlier: Iterable[int]) -> np.ndarray:
    """Per pair, whether one of the rules ``earlier`` that comes before the pair's own
    ``rule`` generates it in full: both rows in one of its blocks, not a big one.

    Examples
    --------
    >>> from sidalih.blocking import block_on
    >>> batch = pl.DataFrame({"__h0": [7, 7, None, 7], "__h1": [1, 2, 2, 3]})
    >>> plan = BatchPlan((block_on("a"), block_on("b")), Model.untrained([]))
    >>> pairs = np.array([0, 0, 1]), np.array([1, 2, 3])
    >>> in_full_earlier(batch, plan, *pairs, np.ones(3, np.int8), [0]).tolist()
    [True, False, True]
    >>> in_full_earlier(batch, plan.with_big({0: np.array([7])}), *pairs,
    ...                 np.ones(3, np.int8), [0]).tolist()  # a big block: not in full
    [False, False, False]
    """
    chosen = [int(v) for v in earlier]
    if not chosen or left.size == 0:
        return np.zeros(left.size, dtype=bool)
    if min(int(left.min()), int(right.min())) < 0 or \
            max(int(left.max()), int(right.max())) >= batch.height:
        raise AssertionError("pairs of rows outside the batch")
    keys = np.empty((batch.height, len(chosen)), np.int64)
    known = np.empty((batch.height, len(chosen)), np.bool_)
    for k, v in enumerate(chosen):
        column = batch[hash_column(v)]
        keys[:, k] = column.fill_null(0).to_numpy()
        known[:, k] = column.is_not_null().to_numpy()
        big = plan.big.get(v)
        if big is not None and big.size:
            # a pair in one block has both rows in it: a big block's rows are not known
            known[:, k] &= ~np.isin(keys[:, k], big)
    return np.asarray(in_earlier_block(np.ascontiguousarray(left, np.int64),
                                       np.ascontiguousarray(right, np.int64),
                                       np.ascontiguousarray(rule, np.int8), keys, known,
                                       np.asarray(chosen, np.int8)))


def _in_share(batch: pl.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray | None:
    """Pairs that belong to this task's share of a split sub-block (``None``: no split)."""
    if N_PARTS not in batch.columns:
        return None
    rows = batch[ROW].to_numpy()
    n_parts = batch[N_PARTS].to_numpy()[left]
    first = np.minimum(rows[left], rows[right])
    return np.asarray(first % n_parts == batch[PART].to_numpy()[left])


def score_batch(batch: pl.DataFrame, rule_index: int, plan: BatchPlan) -> tuple[pl.DataFrame,
                                                                                 np.ndarray]:
    """Pairs of rule ``rule_index`` in ``batch`` (whole blocks), scored and judged.

    Returns the pairs kept for clustering and review (merged, listed at or above
    ``plan.keep_probability``, or cannot-link) with global row numbers, and the key
    hashes of this rule's big blocks in the batch.
    """
    batch, left, right, rule, big = _batch_pairs(batch, rule_index, plan)
    return _kept_pairs(batch, ColumnCache(batch), plan, left, right, rule), big


def score_batch_apart(batch: pl.DataFrame, rule_index: int,
                      plan: BatchPlan) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`score_batch`'s pairs as two frames: listed, and cannot-link only.

    See :func:`split_pairs`: together they are :func:`score_batch`'s pairs.
    """
    batch, left, right, rule, _ = _batch_pairs(batch, rule_index, plan)
    return split_pairs(batch, plan, left, right, rule)


def _batch_pairs(batch: pl.DataFrame, rule_index: int, plan: BatchPlan) -> tuple[
        pl.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    batch = _in_row_order(batch)
    big = _big_blocks(batch, rule_index, plan)
    n_left = int((batch[SIDE] == 0).sum())
    left, right = _rule_pairs(batch, rule_index, plan, n_left)
    keep = _not_earlier(batch, rule_index, plan, left, right)
    share = _in_share(batch, left, right)
    if share is not None:
        keep &= share
    left, right = left[keep], right[keep]
    return batch, left, right, np.full(left.size, rule_index, np.int8), big


def score_whole(batch: pl.DataFrame, plan: BatchPlan) -> tuple[pl.DataFrame,
                                                              dict[int, np.ndarray]]:
    """Every rule's pairs in ``batch``, a whole list, scored and judged in one pass.

    What :func:`score_batch` gives rule by rule (each pair once, with the first rule
    that finds it), when one batch holds the whole list: the rules are blocked together
    as the in-memory run blocks them, and each column is encoded once for all of them.
    Returns the kept pairs and, per rule, its big blocks' key hashes.
    """
    big = {u: _big_blocks(batch, u, plan) for u in range(len(plan.rules))}
    return score_group(batch, range(len(plan.rules)), plan, whole=True), big


def score_group(batch: pl.DataFrame, rule_indices: Sequence[int], plan: BatchPlan, *,
                whole: bool = False) -> pl.DataFrame:
    """The pairs of several rules in ``batch``, whole blocks of each, scored together.

    Each pair comes with the first of these rules that finds it (they are blocked
    together, as the in-memory run blocks all rules), and is dropped, as in
    :func:`score_batch`, when an earlier rule outside them generates it in full.
    ``plan.big`` must hold the big blocks of every earlier rule. ``whole``: the batch
    is the whole list (see :func:`_kept_pairs`).
    """
    batch, left, right, rule, _ = _group_pairs(batch, rule_indices, plan)
    return _kept_pairs(batch, ColumnCache(batch), plan, left, right, rule, whole=whole)


def score_list(batch: pl.DataFrame, plan: BatchPlan) -> tuple[pl.DataFrame, dict[int, int]]:
    """:func:`score_whole` on a list held in memory whole, without its rules' key hashes.

    The pairs are :func:`score_whole`'s. A whole list needs no key hash per row (they
    tell batches of one list apart): the number of each rule's big blocks, all it is
    needed for here, comes from the blocking report, which counts the blocks over the
    bound from the same 64-bit key hash (the first step of the skew guard takes every
    such block). Returns the kept pairs and, per rule index, its number of big blocks.

    Examples
    --------
    >>> import sidalih
    >>> from sidalih.engine import prepare_records
    >>> from sidalih.synth import voters
    >>> frame = voters(2_000, seed=1).voters
    >>> model = sidalih.deduplicate(frame, u_pairs=20_000).model
    >>> rows = prepare_records(frame, schema="voter", reference_date="2024-02-14")
    >>> rows = rows.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("__row"),
    ...                          pl.lit(0, pl.Int8).alias("__side"))
    >>> plan = BatchPlan(plan_rules(None, rows), model, max_block_size=20)
    >>> pairs, big = score_list(rows, plan)
    >>> from sidalih.scale import add_rule_hashes  # the big blocks as a batch finds them
    >>> hashed = add_rule_hashes(rows, plan.rules)
    >>> pairs.height > 0, big == {u: _big_blocks(hashed, u, plan).size for u in big}
    (True, True)
    """
    batch, left, right, rule, report = _group_pairs(batch, range(len(plan.rules)), plan)
    pairs = _kept_pairs(batch, ColumnCache(batch), plan, left, right, rule, whole=True)
    return pairs, {u: _n_big(report, rule_.name) for u, rule_ in enumerate(plan.rules)}


def _n_big(report: BlockingReport | None, name: str) -> int:
    """Blocks of rule ``name`` with more pairs than the bound: those the skew guard split."""
    if report is None:
        return 0
    ruled = next(r for r in report.rules if r.name == name and r.status == "used")
    return ruled.splits[0].blocks if ruled.splits else 0


def score_group_apart(batch: pl.DataFrame, rule_indices: Sequence[int],
                      plan: BatchPlan) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`score_group`'s pairs as two frames: listed, and cannot-link only
    (:func:`split_pairs`)."""
    batch, left, right, rule, _ = _group_pairs(batch, rule_indices, plan)
    return split_pairs(batch, plan, left, right, rule)


def _group_pairs(batch: pl.DataFrame, rule_indices: Sequence[int], plan: BatchPlan) -> tuple[
        pl.DataFrame, np.ndarray, np.ndarray, np.ndarray, BlockingReport | None]:
    batch = _in_row_order(batch)
    indices = np.asarray(rule_indices, np.int8)
    n_left = int((batch[SIDE] == 0).sum())
    left, right, found, report = _found(batch, [plan.rules[u] for u in rule_indices], plan,
                                        n_left)
    rule = indices[found]
    outside = sorted(set(range(int(indices.max()))) - set(rule_indices))
    keep = ~in_full_earlier(batch, plan, left, right, rule, outside)
    # in row order, as the in-memory run compares them: the kernels read neighbouring rows
    left, right, rule = sort_pairs(np.asarray(left[keep], np.int64),
                                   np.asarray(right[keep], np.int64), rule[keep],
                                   batch.height, overwrite=True)
    return batch, left, right, rule, report


def _in_row_order(batch: pl.DataFrame) -> pl.DataFrame:
    """The batch sorted by side, then row (the order the in-memory run sees).

    A bucket is read back in that order already (its files follow the prepared chunks,
    and every row of the right list is numbered after the left's), and sorting a
    million rows of strings costs a second per bucket, so a sorted batch is kept as is.
    """
    if batch[SIDE].is_sorted() and batch[ROW].is_sorted():
        return batch  # both non-decreasing: sorted by (side, row), rows being unique
    return batch.sort([SIDE, ROW])


def _big_blocks(batch: pl.DataFrame, rule_index: int, plan: BatchPlan) -> np.ndarray:
    hashes = batch[hash_column(rule_index)]
    present = hashes.is_not_null().to_numpy()
    return big_hashes(hashes.to_numpy()[present], batch[SIDE].to_numpy()[present],
                      bound=plan.bound, linkage=plan.linkage)


@dataclass(frozen=True)
class _Judged:
    """Every candidate pair scored, and which of them a run keeps."""

    scores: PairScores
    merge_weight: np.ndarray
    listed: np.ndarray  # merged, at or above the floor, or always listed
    cannot: np.ndarray  # cannot-link (a guard for clustering)
    tf_listed: dict[str, np.ndarray]  # the term-frequency adjustments of the listed pairs


def _judged(cache: ColumnCache, plan: BatchPlan, left: np.ndarray, right: np.ndarray,
            n_rows: int, *, whole: bool) -> _Judged:
    model = plan.model
    # the adjustments of the few pairs listed are computed again below, not kept for all
    scores = score_pairs(model, cache, left, right, keep_tf=False)
    weight, verdict = scores.weight, scores.verdict
    merge_weight = cluster_weights(weight, verdict, model)
    threshold_weight, forbid = cluster_bounds(model)
    keep_weight = float(np.log2(plan.keep_probability / (1.0 - plan.keep_probability))) \
        if 0.0 < plan.keep_probability < 1.0 else -np.inf
    merged = merge_weight >= threshold_weight
    listed = merged | (weight >= keep_weight) | verdict_in(verdict, ALWAYS_LISTED)
    cannot = merge_weight < forbid
    if whole:
        in_merged = np.zeros(n_rows, dtype=bool)
        in_merged[left[merged]] = True
        in_merged[right[merged]] = True
        cannot &= in_merged[left] & in_merged[right]
    idx = np.flatnonzero(listed)
    tf_listed = term_frequencies(model, cache, scores.gamma[idx], left[idx], right[idx])
    return _Judged(scores, merge_weight, listed, cannot, tf_listed)


def _kept_pairs(batch: pl.DataFrame, cache: ColumnCache, plan: BatchPlan, left: np.ndarray,
                right: np.ndarray, rule: np.ndarray, *, whole: bool = False) -> pl.DataFrame:
    """The pairs to keep, scored: merged, listed at or above the floor, or cannot-link.

    Reasons are worded for the pairs the result lists (merged, at or above the floor, for
    review: :data:`~sidalih.engine._judgement.ALWAYS_LISTED`); a cannot-link pair kept only to guard clustering gets none. With ``whole``
    (the batch is the whole list) a cannot-link pair is kept only when both its rows are
    in some merged pair: elsewhere it cannot bind (most candidate pairs of a list are
    such pairs, and the clusters are the same without them).
    """
    if left.size == 0:
        return _empty_pairs(plan)
    judged = _judged(cache, plan, left, right, batch.height, whole=whole)
    return _pair_frame(batch, plan, left, right, rule, judged,
                       judged.listed | judged.cannot)


def split_pairs(batch: pl.DataFrame, plan: BatchPlan, left: np.ndarray, right: np.ndarray,
                rule: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The kept pairs of a batch as the listed ones and the cannot-link-only ones.

    A batch of a larger list keeps every cannot-link pair (whether it binds depends on
    merges in other batches), and those are nearly all of its pairs (118M of 126M at
    10M records); clustering reads only their rows, rule and weight
    (:data:`CANNOT_COLUMNS`), so they come apart in those four columns instead of
    every level and an empty reason each. Together the two frames hold the pairs of
    :func:`_kept_pairs`, with the same values.
    """
    if left.size == 0:
        return _empty_pairs(plan), pl.DataFrame(schema=CANNOT_SCHEMA)
    judged = _judged(ColumnCache(batch), plan, left, right, batch.height, whole=False)
    only = judged.cannot & ~judged.listed
    rows = batch[ROW].to_numpy()
    cannot = pl.DataFrame({"row_l": rows[left[only]], "row_r": rows[right[only]],
                           "rule": rule[only].astype(np.int8, copy=False),
                           "cluster_weight": judged.merge_weight[only]}, schema=CANNOT_SCHEMA)
    return _pair_frame(batch, plan, left, right, rule, judged, judged.listed), cannot


#: Columns of the cannot-link-only pairs (:func:`split_pairs`): what clustering reads.
CANNOT_SCHEMA: dict[str, pl.DataType] = {"row_l": pl.Int64(), "row_r": pl.Int64(),
                                         "rule": pl.Int8(), "cluster_weight": pl.Float64()}


def _pair_frame(batch: pl.DataFrame, plan: BatchPlan, left: np.ndarray, right: np.ndarray,
                rule: np.ndarray, judged: _Judged, kept: np.ndarray) -> pl.DataFrame:
    rows = batch[ROW].to_numpy()
    model = plan.model
    scores, listed = judged.scores, judged.listed
    gamma, weight, verdict = scores.gamma, scores.weight, scores.verdict
    out = {
        "row_l": rows[left[kept]], "row_r": rows[right[kept]],
        "rule": rule[kept].astype(np.int8, copy=False),
        "match_weight": weight[kept], "cluster_weight": judged.merge_weight[kept],
        "verdict": verdict[kept],
    }
    out.update({c.name: gamma[kept, k] for k, c in enumerate(model.comparisons)})
    # The reasons are written here, with the listed pairs' term-frequency adjustments.
    idx = np.flatnonzero(listed)
    contributions = model.fs.contributions(gamma[idx], tf_adjustments=judged.tf_listed)
    worded = reasons(gamma[idx], contributions, model.comparisons,
                     verdict_names(verdict[idx]), lang=plan.lang)
    position = np.full(left.size, -1, np.int64)
    position[idx] = np.arange(idx.size)
    at = pl.Series(position[kept])
    out["reasons"] = worded.gather(pl.select(pl.when(at >= 0).then(at)).to_series())
    return pl.DataFrame(out, schema=pair_schema(plan))


def unique_pairs(pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per pair, the first rule's (a pair found twice has the same scores)."""
    return pairs.sort("rule").unique(["row_l", "row_r"], keep="first", maintain_order=True)


def plan_rules(rules: Sequence[BlockingRule] | None, sample: pl.DataFrame,
               other: pl.DataFrame | None = None) -> tuple[BlockingRule, ...]:
    """The rules that run on frames shaped like ``sample`` (absent columns skip a rule)."""
    from sidalih.blocking._resolve import resolve_rules

    chosen = blocking.default_rules() if rules is None else list(rules)
    resolved = resolve_rules(chosen, sample, other)
    return tuple(use.rule for use in resolved.used)


#: Units a training sample is drawn in, whole, in this order (see :func:`train_units`).
TRAIN_UNITS = ("kode_kec", "kode_desa")


def train_units(sizes: pl.DataFrame, unit: str, train_rows: int, seed: int) -> pl.Series | None:
    """The values of ``unit`` a training sample takes whole: drawn by hash until about
    ``train_rows`` rows; None where the first drawn alone holds twice that or more.

    Whole districts keep a duplicate's records together. A list of one district, or one
    village (every row under one code), would make the sample the whole list: the next
    unit down is drawn instead, and where none fits, the caller takes the first
    ``train_rows`` rows. ``sizes``: one row per value, its rows in ``n``. Rows without a
    code (null) are one unit like any other: the caller must match null to null.

    Examples
    --------
    >>> sizes = pl.DataFrame({"kode_kec": ["a", "b", "c"], "n": [40, 50, 60]})
    >>> sorted(train_units(sizes, "kode_kec", 200, 0).to_list())
    ['a', 'b', 'c']
    >>> train_units(pl.DataFrame({"kode_kec": ["a"], "n": [500]}), "kode_kec", 100, 0) is None
    True
    >>> train_units(pl.DataFrame({"kode_kec": [None], "n": [90]}), "kode_kec", 100, 0).to_list()
    [None]
    """
    ordered = sizes.with_columns(pl.col(unit).hash(seed=seed).alias("__h")).sort("__h")
    chosen = ordered.filter(pl.col("n").cum_sum().shift(1, fill_value=0) < train_rows)
    if chosen.height == 0 or int(chosen["n"].sum()) >= 2 * train_rows:
        return None
    return chosen[unit]


def fit_sample(sample: pl.DataFrame, settings: Settings) -> Model:
    """A model trained on a sample of prepared rows (whole districts), in row order.

    The out-of-core and Spark runs both train this way, so with one seed they train
    the same model on the same rows.
    """
    records = sample.sort(ROW)
    n_right = int((records[SIDE] == 1).sum())
    return fit(records.drop([c for c in records.columns if c.startswith("__")]), settings,
               other_rows=n_right if n_right else None)
