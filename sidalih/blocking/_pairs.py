"""Candidate pairs: plan every rule, then stream the union of their pairs in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numba
import numpy as np
import polars as pl

from sidalih._frames import frame_to_polars
from sidalih.blocking._defaults import (
    CHUNK_PAIRS,
    MAX_BLOCK_SIZE,
    WINDOW,
    default_rules,
    placeless_rules,
)
from sidalih.blocking._plan import Layout, plan_rules, rule_layout
from sidalih.blocking._report import BlockingReport, RuleReport
from sidalih.blocking._resolve import Resolved, refuse_unread, resolve_rules
from sidalih.errors import CapacityError, InvalidParameterError
from sidalih.kernels.pairs import anchor_counts, close_gaps, emit_new

__all__ = ["CandidatePairs", "candidate_pairs", "iter_candidate_pairs"]

_MAX_ROWS = 2**31 - 2  # block ids and positions are int32
_TASK_PAIRS = 200_000  # candidate pairs below which a parallel task is not worth it
#: The smallest block bound a pair budget may lower to: below it a rule's blocks are
#: windows of a few rows, and a list that still has too many pairs has a key problem.
MIN_BUDGET_BLOCK = 4


@dataclass(frozen=True)
class CandidatePairs:
    """Candidate pairs as row positions, the rule that found each, and the report.

    ``left`` and ``right`` are int64 row positions (deduplication: ``left < right`` in
    ``records``; linkage: ``left`` in ``records``, ``right`` in ``other``). ``rule`` is
    the int8 index, in ``rule_names``, of the first rule that generated the pair.
    """

    left: np.ndarray
    right: np.ndarray
    rule: np.ndarray
    report: BlockingReport
    rule_names: tuple[str, ...]
    #: The rules that paired records (those the report lists as used), in order.
    rules_used: tuple[Any, ...] = ()

    def __len__(self) -> int:
        return int(self.left.shape[0])

    def to_frame(self) -> pl.DataFrame:
        """The pairs as a polars frame: ``left``, ``right``, ``rule`` (the rule's name).

        Examples
        --------
        >>> import polars as pl
        >>> from sidalih.blocking import block_on, candidate_pairs
        >>> df = pl.DataFrame({"k": ["a", "b", "a"]})
        >>> candidate_pairs(df, [block_on("k")]).to_frame().rows()
        [(0, 2, 'k')]
        """
        names = pl.Series(self.rule_names, dtype=pl.String)
        return pl.DataFrame(
            {
                "left": self.left,
                "right": self.right,
                "rule": names.gather(self.rule.astype(np.int64)) if len(self) else names.clear(),
            }
        )


def _check_int(value: object, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidParameterError(f"{name}: expected an integer >= {low}, got {value!r}")
    return int(value)


def _layout(
    n_left: int, n_right: int, linkage: bool, max_block_size: object, window: object
) -> Layout:
    size = _check_int(max_block_size, "max_block_size", 2)
    win = _check_int(window, "window", 2)
    if win > size:
        raise InvalidParameterError(
            f"window: expected at most max_block_size ({size}), got {win}; the window "
            "applies only inside blocks larger than max_block_size"
        )
    if n_left + n_right > _MAX_ROWS:
        raise InvalidParameterError(
            f"blocking handles at most {_MAX_ROWS:,} rows at once, got {n_left + n_right:,}; "
            "partition the input (for example by province) first"
        )
    return Layout(n_left + n_right, n_left, linkage, size, win)


@dataclass
class _Run:
    """The plan of every used rule, as the union check reads it (row-major)."""

    resolved: Resolved
    layout: Layout
    report: BlockingReport
    tbl_blk: np.ndarray  # (rows, used rules) int32 block ids
    tbl_pos: np.ndarray  # (rows, rules with a windowed block) int32 positions
    widx: np.ndarray  # per used rule: its column in tbl_pos, or -1
    n_blocks: list[int]


def _planned_pairs(run: _Run) -> int:
    """The rules' generated pairs: what the union may hold, before pairs found twice."""
    return sum(run.report.rules[use.index].pairs_generated for use in run.resolved.used)


def _plan_within(
    records: Any, rules: Sequence[Any] | None, other: Any, max_block_size: object,
    window: object, max_pairs: int | None,
) -> _Run:
    """The plan, with the block bound halved until its pairs fit ``max_pairs``.

    A list where one place holds most records (a whole regency coded as one village, a
    kelurahan of 200,000) makes a place rule's blocks as large as the bound allows:
    a million records in one village planned over a billion pairs, which no memory
    holds. Halving the bound walks more blocks as sorted neighbourhoods (and a smaller
    window); the report says by how much and how many pairs that left out.
    """
    run = _plan(records, rules, other, max_block_size, window)
    if max_pairs is None:
        return run
    first = run
    bound = asked = run.layout.max_block_size
    while _planned_pairs(run) > max_pairs:
        if bound <= MIN_BUDGET_BLOCK:
            raise CapacityError(_over_budget(run, max_pairs))
        bound = max(MIN_BUDGET_BLOCK, bound // 2)
        run = _plan(records, rules, other, bound, min(run.layout.window, bound))
    left_out = run.report.pairs_not_generated - first.report.pairs_not_generated
    run.report = replace(run.report, max_pairs=max_pairs,
                         lowered_from=asked if bound != asked else None,
                         left_out_by_budget=left_out)
    return run


def _over_budget(run: _Run, max_pairs: int) -> str:
    reports = sorted((run.report.rules[use.index] for use in run.resolved.used),
                     key=lambda r: r.pairs_generated, reverse=True)[:3]
    widest = ", ".join(f"{r.name} ({r.pairs_generated:,}, largest block "
                       f"{r.largest_blocks[0].rows if r.largest_blocks else 0:,} rows)"
                       for r in reports)
    planned = _planned_pairs(run)
    return (f"blocking plans {planned:,} candidate pairs ({run.report.per_record(planned):,.0f} "
            f"per record) even with blocks of {run.layout.max_block_size} rows, more than "
            f"max_pairs={max_pairs:,}; the rules with the most: {widest}. A key column with "
            "one value on most records (every row in one kode_desa, one birth date) makes its "
            "rules national: check it, or give rules with keys that tell records apart; a "
            "list too large for this machine's memory runs out of core from a Parquet path "
            "(deduplicate(path, out=..., memory_limit=...))")


def _plan(
    records: Any, rules: Sequence[Any] | None, other: Any, max_block_size: object, window: object
) -> _Run:
    left, _ = frame_to_polars(records)
    right = frame_to_polars(other)[0] if other is not None else None
    linkage = right is not None
    n_right = right.height if right is not None else 0
    layout = _layout(left.height, n_right, linkage, max_block_size, window)
    resolved = resolve_rules(_default_for(left, right) if rules is None else rules, left, right)
    n_used = len(resolved.used)
    tbl_blk = np.empty((layout.n_rows, n_used), dtype=np.int32)
    positions: list[np.ndarray] = []
    widx = np.full(n_used, -1, dtype=np.int64)
    n_blocks: list[int] = []
    reports: list[RuleReport] = list(resolved.skipped_reports)
    plans = plan_rules(resolved.data, resolved.used, layout)
    for u, (use, plan) in enumerate(zip(resolved.used, plans, strict=True)):
        tbl_blk[:, u] = plan.blk
        if plan.windowed:
            widx[u] = len(positions)
            positions.append(plan.pos)
        n_blocks.append(plan.n_blocks)
        reports[use.index] = plan.report
    tbl_pos = np.stack(positions, axis=1) if positions else np.zeros((layout.n_rows, 0), np.int32)
    report = BlockingReport(
        rules=tuple(reports),
        linkage=linkage,
        n_left=left.height,
        n_right=n_right,
        max_block_size=layout.max_block_size,
        window=layout.window,
    )
    return _Run(resolved, layout, report, tbl_blk, tbl_pos, widx, n_blocks)


@dataclass
class _Rule:
    """One rule's rows grouped by block, and the anchored candidates' offsets."""

    order: np.ndarray
    bstart: np.ndarray
    windowed: np.ndarray
    side: np.ndarray
    aoff: np.ndarray  # aoff[p]: candidates anchored before sorted position p


def _rule(run: _Run, u: int) -> _Rule:
    lay = run.layout
    blk = np.ascontiguousarray(run.tbl_blk[:, u])
    w = int(run.widx[u])
    pos = np.ascontiguousarray(run.tbl_pos[:, w]) if w >= 0 else np.full_like(blk, -1)
    order, bstart, windowed, side = rule_layout(blk, pos, run.n_blocks[u], lay)
    counts = anchor_counts(bstart, windowed, side, lay.window, lay.linkage)
    aoff = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=aoff[1:])
    return _Rule(order, bstart, windowed, side, aoff)


def _tasks(aoff: np.ndarray, p: int, q: int) -> np.ndarray:
    """Cut sorted positions ``[p, q)`` into tasks of about equal candidate counts."""
    work = int(aoff[q] - aoff[p])
    n = max(1, min(4 * numba.get_num_threads(), work // _TASK_PAIRS))
    targets = aoff[p] + (work * np.arange(1, n, dtype=np.int64)) // n
    cuts = np.searchsorted(aoff[p : q + 1], targets, side="left") + p
    return np.concatenate(([p], np.clip(cuts, p, q), [q])).astype(np.int64)


def _emit(run: _Run, u: int, r: _Rule, tasks: np.ndarray, left: np.ndarray,
          right: np.ndarray) -> int:
    """Write rule ``u``'s new pairs of the ``tasks`` range into ``left``/``right``; their count.

    The arrays hold at least the range's anchored candidates (``aoff`` difference)."""
    lay = run.layout
    kept = emit_new(
        r.order, r.bstart, r.windowed, r.side, lay.window, lay.linkage, lay.n_left, r.aoff,
        tasks, run.tbl_blk, run.tbl_pos, run.widx, u, left, right,
    )  # fmt: skip
    return int(close_gaps(left, right, r.aoff, tasks, kept))


def _anchor_ranges(aoff: np.ndarray, chunk_pairs: int) -> Iterator[tuple[int, int]]:
    """Sorted-position ranges holding about ``chunk_pairs`` anchored pairs each."""
    cum = aoff[1:]
    p, done = 0, 0
    while p < cum.size:
        q = max(int(np.searchsorted(cum, done + chunk_pairs, side="right")), p + 1)
        if int(cum[q - 1]) > done:
            yield p, q
        p, done = q, int(cum[q - 1])


def _stream(run: _Run, chunk_pairs: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    for u, use in enumerate(run.resolved.used):
        r = _rule(run, u)
        for p, q in _anchor_ranges(r.aoff, chunk_pairs):
            tasks = _tasks(r.aoff, p, q)
            bound = int(r.aoff[q] - r.aoff[p])
            left, right = np.empty(bound, np.int64), np.empty(bound, np.int64)
            n = _emit(run, u, r, tasks, left, right)
            if n == bound:
                yield use.index, left, right
            elif n:  # a chunk keeps only its pairs, not the room its candidates needed
                yield use.index, left[:n].copy(), right[:n].copy()


def iter_candidate_pairs(
    records: Any,
    rules: Sequence[Any] | None = None,
    *,
    other: Any = None,
    max_block_size: int = MAX_BLOCK_SIZE,
    window: int = WINDOW,
    chunk_pairs: int = CHUNK_PAIRS,
) -> Iterator[CandidatePairs]:
    """Stream candidate pairs in chunks of at most about ``chunk_pairs`` pairs.

    The chunks are disjoint and their union is :func:`candidate_pairs`' result, in the
    same order. Every chunk carries the full plan in ``report``, with ``pairs_new``
    counting that chunk's pairs. Memory holds two int32 numbers per row and rule plus
    one chunk.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.blocking import block_on
    >>> df = pl.DataFrame({"k": ["a"] * 4})
    >>> [len(c) for c in iter_candidate_pairs(df, [block_on("k")], chunk_pairs=3)]
    [3, 3]
    """
    size = _check_int(chunk_pairs, "chunk_pairs", 1)
    run = _plan(records, rules, other, max_block_size, window)
    names = run.resolved.names
    for index, left, right in _stream(run, size):
        counts = [0] * len(names)
        counts[index] = int(left.size)
        rule = np.full(left.size, index, dtype=np.int8)
        report = run.report.with_pairs_new(counts, chunk=True)
        yield CandidatePairs(left, right, rule, report, names,
                             tuple(use.rule for use in run.resolved.used))


def candidate_pairs(
    records: Any,
    rules: Sequence[Any] | None = None,
    *,
    other: Any = None,
    max_block_size: int = MAX_BLOCK_SIZE,
    window: int = WINDOW,
    chunk_pairs: int = CHUNK_PAIRS,
    max_pairs: int | None = None,
) -> CandidatePairs:
    """Candidate pairs from the union of blocking rules, each pair once.

    Parameters
    ----------
    records
        Prepared records (pandas, polars or pyarrow frame).
    rules
        Blocking rules (:func:`block_on`); a list is their union, and each pair is
        attributed to the first rule that generated it. Default: :func:`default_rules`,
        skipping (and reporting) those whose columns are absent.
    other
        For linkage: a second frame; only pairs across the two are produced.
    max_block_size
        Blocks with more pairs than a deduplication block of this many rows are split by
        the rule's ``refine_with`` keys, then walked as a sorted neighbourhood; the pairs
        this leaves out are counted in the report, never silently dropped.
    window
        Sorted-neighbourhood window: a row is paired with the next ``window - 1`` rows.
    chunk_pairs
        Pairs per chunk of :func:`iter_candidate_pairs`; checked here but not needed:
        the pairs are written straight into the result.
    max_pairs
        At most this many candidate pairs planned (the rules' pairs before the union):
        where the plan holds more, ``max_block_size`` is halved until it fits (the
        report's ``lowered`` says so), and :class:`~sidalih.errors.CapacityError` is
        raised where blocks of a few rows still give more. None: no budget.

    Returns
    -------
    CandidatePairs

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.blocking import block_on
    >>> df = pl.DataFrame({"nik": ["3271010101900001", None, "3271010101900001"],
    ...                    "nama_key": ["BD", "BD", "BD"], "kode_desa": ["1", "1", "1"]})
    >>> pairs = candidate_pairs(df, [block_on("nik"), block_on("nama_key", "kode_desa")])
    >>> pairs.left.tolist(), pairs.right.tolist(), pairs.rule.tolist()
    ([0, 0, 1], [2, 1, 2], [0, 1, 1])
    >>> list(zip(pairs.report.to_frame()["rule"], pairs.report.to_frame()["pairs_new"]))
    [('nik', 1), ('nama_key+kode_desa', 2)]
    """
    _check_int(chunk_pairs, "chunk_pairs", 1)
    budget = None if max_pairs is None else _check_int(max_pairs, "max_pairs", 1)
    run = _plan_within(records, rules, other, max_block_size, window, budget)
    names = run.resolved.names
    # The rules' generated pairs bound the union: the new pairs of each rule are written
    # straight into arrays of that size (no chunks to concatenate), then trimmed in place.
    # A rule's candidates (its generated pairs) fit after the earlier rules' new pairs.
    capacity = sum(run.report.rules[use.index].pairs_generated for use in run.resolved.used)
    out_l, out_r = np.empty(capacity, np.int64), np.empty(capacity, np.int64)
    out_i = np.empty(capacity, np.int8)
    counts = [0] * len(names)
    at = 0
    for u, use in enumerate(run.resolved.used):
        r = _rule(run, u)
        if int(r.aoff[-1]) > capacity - at:  # the report counts every candidate: never
            raise RuntimeError(f"blocking rule {use.rule.name!r}: candidates miscounted")
        tasks = _tasks(r.aoff, 0, r.order.size)
        n = _emit(run, u, r, tasks, out_l[at:], out_r[at:])
        out_i[at : at + n] = use.index
        counts[use.index] = n
        at += n
    for out in (out_l, out_r, out_i):
        out.resize(at, refcheck=False)
    report = run.report.with_pairs_new(counts, chunk=False)
    return CandidatePairs(out_l, out_r, out_i, report, names,
                          tuple(use.rule for use in run.resolved.used))


def _default_for(left: pl.DataFrame, right: pl.DataFrame | None) -> list[Any]:
    """The default rules, or :func:`placeless_rules` where the columns holding a value (on
    both sides of a linkage) name no key and no place: a column that is all null, as
    in a list of names and dates stacked under a full one, keys no block."""
    parts = [left] if right is None else [left, right]
    filled = [c for c in left.columns
              if all(c in part.columns and part.height > part.get_column(c).null_count()
                     for part in parts)]
    rules = placeless_rules(filled)
    if rules:
        return rules
    present = [c for c in left.columns if all(c in part.columns for part in parts)]
    if not default_rules(present):  # no rule would run: say which column is unreadable
        refuse_unread(parts, placeless_rules(present), filled)
    return default_rules()
