"""Turn one rule into per-row block ids, applying the skew guard, before any pair exists.

For a rule the planner evaluates the keys, drops rows with a missing key, hashes the keys
to 64 bits and numbers the runs of equal hashes in hash order (dense block ids,
deterministic; inside a block rows stay in row order). Pairs per block are counted from
the block sizes; a block above the bound is split by each ``refine_with`` key in turn
(sub-blocks in key order, nulls last, ties by row), and a block still above it is walked
as a sorted neighbourhood (each row paired with the next ``window - 1`` rows). A block's
refinement and neighbourhood positions depend only on the block's own rows. The outcome
is two int32 arrays per rule (see :mod:`sidalih.kernels.pairs`) and the rule's report.

Everything after the hash works on numpy arrays of the blocked rows; the refinement and
sort keys are evaluated only when some block is above the bound, and only the rows of
those blocks are sorted by them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np
import polars as pl

from sidalih.blocking._report import BlockSize, RuleReport, SplitStep
from sidalih.blocking._resolve import UsedRule
from sidalih.blocking._rules import BlockingRule, missing_key_expr
from sidalih.errors import InputTypeError, InvalidParameterError, mask_nik
from sidalih.kernels.pairs import anchor_counts, build_order, hash_blocks

__all__ = ["RulePlan", "plan_rule", "plan_rules", "Layout", "TOP_BLOCKS"]

TOP_BLOCKS = 5


@dataclass(frozen=True)
class Layout:
    """Shape of the run: rows in the (concatenated) data, left rows, linkage or not."""

    n_rows: int
    n_left: int
    linkage: bool
    max_block_size: int
    window: int

    @property
    def bound(self) -> int:
        """Pairs in a deduplication block of ``max_block_size`` rows: the size bound."""
        return self.max_block_size * (self.max_block_size - 1) // 2


@dataclass(frozen=True)
class RulePlan:
    """A planned rule: its report and, per row, block id and neighbourhood position.

    ``windowed`` tells whether any block is walked as a sorted neighbourhood (otherwise
    ``pos`` is ``-1`` everywhere).
    """

    report: RuleReport
    blk: np.ndarray
    pos: np.ndarray
    n_blocks: int
    windowed: bool = False


@dataclass
class _Blocks:
    """Blocked rows (ascending), the block of each and the pairs of each block."""

    rows: np.ndarray
    blk: np.ndarray
    pairs: np.ndarray


def _block_pairs(blk: np.ndarray, side: np.ndarray, n_blocks: int, linkage: bool) -> np.ndarray:
    sizes = np.bincount(blk, minlength=n_blocks).astype(np.int64)
    if not linkage:
        return sizes * (sizes - 1) // 2
    n_l = np.bincount(blk, weights=(side == 0), minlength=n_blocks).astype(np.int64)
    return n_l * (sizes - n_l)


def _blocks(rows: np.ndarray, blk: np.ndarray, n_blocks: int, layout: Layout) -> _Blocks:
    """Count pairs per block and drop the blocks (and rows) that give none."""
    pairs = _block_pairs(blk, rows >= layout.n_left, n_blocks, layout.linkage)
    keep = pairs > 0
    if keep.all():
        return _Blocks(rows, blk, pairs)
    renumber = np.cumsum(keep) - 1
    inside = keep[blk]
    return _Blocks(rows[inside], renumber[blk[inside]], pairs[keep])


def _key_frame(data: pl.DataFrame, rule: BlockingRule) -> pl.DataFrame:
    names = [f"__k{i}" for i in range(len(rule.keys))]
    try:
        # with_columns, not select: a constant or an aggregate (max) is one key for
        # every row, and a key of another length (drop_nulls, unique) is an error
        # rather than keys silently paired with the wrong rows.
        frame = data.with_columns(
            k.alias(n) for n, k in zip(names, rule.keys, strict=True)
        ).select(names)
    except pl.exceptions.ShapeError as err:
        raise InvalidParameterError(
            f"blocking rule {rule.name!r}: a key must give one value per row ({err})"
        ) from err
    _check_sortable(frame, rule)
    return frame


def _check_sortable(frame: pl.DataFrame, rule: BlockingRule) -> None:
    for i, dtype in enumerate(frame.dtypes):
        if dtype == pl.Object:
            raise InputTypeError(
                f"blocking rule {rule.name!r}: key {rule.key_names[i]!r} holds Python "
                "objects, which cannot be sorted; convert it to text or numbers first"
            )


@dataclass
class _Hashed:
    """A rule's blocks straight from the key hashes, before the skew guard."""

    blk: np.ndarray  # int32 per row, -1: not blocked
    pairs: np.ndarray
    sizes: np.ndarray
    first: np.ndarray  # first row of each block
    rows_blocked: int


def _all_key_frames(
    data: pl.DataFrame, rules: Sequence[BlockingRule], layout: Layout
) -> tuple[list[pl.DataFrame], list[_Hashed]] | None:
    """Every rule's key frame and blocks; None when the keys cannot be evaluated together
    (the caller then goes rule by rule).

    A key shared by several rules (a column, or equal expressions) is evaluated and
    checked for missing values once, all keys in one polars pass; the rules are then
    hashed and grouped into blocks in threads.
    """
    exprs: list[pl.Expr] = []
    cols: list[list[str]] = []  # per rule, the columns of its keys
    for rule in rules:
        cols.append([])
        for key in rule.keys:
            same = next((j for j, e in enumerate(exprs) if e.meta.eq(key)), None)
            if same is None:
                same = len(exprs)
                exprs.append(key)
            cols[-1].append(f"__d{same}")
    names = [f"__d{j}" for j in range(len(exprs))]
    try:
        # with_columns as in _key_frame: constants and aggregates broadcast, other lengths fail
        keyed = data.with_columns(e.alias(n) for e, n in zip(exprs, names, strict=True)).select(
            names)
        frames = [keyed.select(c) for c in cols]
        for frame, rule in zip(frames, rules, strict=True):
            _check_sortable(frame, rule)
        flags = keyed.select(missing_key_expr(n, keyed.schema[n]).alias(n) for n in names)
        missing = {n: flags[n].to_numpy() for n in names}
        del flags

        def block(u: int) -> _Hashed:
            h = frames[u].select(_key_hash(frames[u].columns)).to_series().to_numpy()
            return _blocks_of(h, np.logical_or.reduce([missing[c] for c in cols[u]]), layout)

        threads = max(1, min(len(rules), numba.get_num_threads()))
        if threads == 1:
            return frames, [block(u) for u in range(len(rules))]
        # one rule per thread at a time: polars hashes one rule while numba groups another
        with ThreadPoolExecutor(max_workers=threads) as pool:
            return frames, list(pool.map(block, range(len(rules))))
    except pl.exceptions.PolarsError:
        return None


def _key_hash(cols: Sequence[str]) -> pl.Expr:
    # A 64-bit hash of the keys groups rows several times faster than the key text; a
    # collision can only merge two blocks, which adds candidate pairs for the comparisons
    # to reject, never loses one. Block ids follow the hash order. The struct's fields
    # are named as in a rule's own key frame, whatever frame they come from.
    return pl.struct([pl.col(c).alias(f"__k{i}") for i, c in enumerate(cols)]).hash(seed=0)


def _blocks_of(h: np.ndarray, missing: np.ndarray, layout: Layout) -> _Hashed:
    blk, pairs, sizes, first, rows_blocked = hash_blocks(h, missing, layout.n_left, layout.linkage)
    return _Hashed(blk, pairs, sizes, first, int(rows_blocked))


def _hash_blocks(frame: pl.DataFrame, layout: Layout) -> _Hashed:
    cols = frame.columns
    missing = pl.any_horizontal([missing_key_expr(c, frame.schema[c]) for c in cols])
    stats = frame.select(missing.alias("m"), _key_hash(cols).alias("h"))
    return _blocks_of(stats["h"].to_numpy(), stats["m"].to_numpy(), layout)


def _largest(frame: pl.DataFrame, hashed: _Hashed, rule: BlockingRule) -> tuple[BlockSize, ...]:
    pairs, sizes = hashed.pairs, hashed.sizes
    if not pairs.size:
        return ()
    top = np.lexsort((np.arange(pairs.size), -sizes, -pairs))[:TOP_BLOCKS]
    values = frame[hashed.first[top].tolist()].rows()
    masked = rule.sensitive()
    out = []
    for b, row in zip(top.tolist(), values, strict=True):
        text = ", ".join(
            f"{label}={mask_nik(v) if hide else v}"
            for label, v, hide in zip(rule.key_names, row, masked, strict=True)
        )
        out.append(BlockSize(rows=int(sizes[b]), pairs=int(pairs[b]), key=text))
    return tuple(out)


def _sorted_subset(blocks: _Blocks, over: np.ndarray, values: pl.Series | None) -> pl.DataFrame:
    """Rows of the blocks in ``over``, sorted by block, ``values`` (nulls last), row."""
    inside = over[blocks.blk]
    rows = blocks.rows[inside]
    columns = {"b": pl.Series(blocks.blk[inside]), "row": pl.Series(rows)}
    if values is not None:
        columns["v"] = values.gather(rows)
    sub = pl.DataFrame(columns)
    by = ["b", "v", "row"] if values is not None else ["b", "row"]
    return sub.sort(by, nulls_last=True)


def _refine(
    blocks: _Blocks, values: pl.Series, how: str, layout: Layout
) -> tuple[_Blocks, SplitStep | None]:
    pairs = blocks.pairs
    over = pairs > layout.bound
    if not over.any():
        return blocks, None
    sub = _sorted_subset(blocks, over, values)
    v = pl.col("v")
    first = sub.select(
        (pl.col("b") != pl.col("b").shift(1)).fill_null(True) | v.ne_missing(v.shift(1))
    ).to_series()
    sub_b, sub_row = sub["b"].to_numpy(), sub["row"].to_numpy()
    sid = np.cumsum(first.to_numpy()) - 1  # sub-block number over the sorted subset
    parts = np.ones(pairs.size, np.int64)
    parts[over] = np.bincount(sub_b, weights=first.to_numpy(), minlength=pairs.size)[over]
    # Each old block becomes parts[b] consecutive new blocks, in the old blocks' order.
    offset = np.cumsum(parts) - parts
    split_parts = np.where(over, parts, 0)
    before = np.cumsum(split_parts) - split_parts  # sub-blocks of split blocks before b
    new_blk = offset[blocks.blk]
    new_blk[np.searchsorted(blocks.rows, sub_row)] = offset[sub_b] + sid - before[sub_b]
    n_after = int(offset[-1] + parts[-1])
    new_pairs = _block_pairs(new_blk, blocks.rows >= layout.n_left, n_after, layout.linkage)
    touched = np.zeros(n_after, dtype=bool)
    touched[new_blk[over[blocks.blk]]] = True
    step = SplitStep(
        how=how,
        blocks=int(over.sum()),
        rows=int(sub.height),
        pairs_before=int(pairs[over].sum()),
        blocks_after=int((touched & (new_pairs > 0)).sum()),
        pairs_after=int(new_pairs[touched].sum()),
    )
    return _blocks(blocks.rows, new_blk, n_after, layout), step


def _window(
    blocks: _Blocks, values: pl.Series | None, how: str, layout: Layout
) -> tuple[np.ndarray | None, int, SplitStep | None]:
    """Neighbourhood positions (per row; None: no block over the bound) and pairs kept."""
    pairs = blocks.pairs
    over = pairs > layout.bound
    if not over.any():
        return None, int(pairs.sum()), None
    sub = _sorted_subset(blocks, over, values)
    sub_b, sub_row = sub["b"].to_numpy(), sub["row"].to_numpy()
    index = np.arange(sub_b.size)
    starts = np.flatnonzero(np.r_[True, sub_b[1:] != sub_b[:-1]])
    pos = np.full(layout.n_rows, -1, dtype=np.int32)
    pos[sub_row] = index - np.repeat(starts, np.diff(np.r_[starts, sub_b.size]))
    bstart = np.append(starts, sub_b.size).astype(np.int64)
    side = (sub_row >= layout.n_left).astype(np.int8)
    windowed = np.ones(starts.size, dtype=bool)
    after = int(anchor_counts(bstart, windowed, side, layout.window, layout.linkage).sum())
    step = SplitStep(
        how=how,
        blocks=int(over.sum()),
        rows=int(sub.height),
        pairs_before=int(pairs[over].sum()),
        blocks_after=int(over.sum()),
        pairs_after=after,
    )
    return pos, int(pairs[~over].sum()) + after, step


def _evaluate(data: pl.DataFrame, expr: pl.Expr) -> pl.Series:
    # On the whole frame, not the rows of the big blocks: an expression may look at
    # other rows (a rank, a window), and the result must not depend on which rows ask.
    return data.select(expr.alias("v")).to_series()


def _skew_guard(
    data: pl.DataFrame,
    hashed: _Hashed,
    refine: list[tuple[pl.Expr, str]],
    sort_by: tuple[pl.Expr, str] | None,
    layout: Layout,
) -> tuple[np.ndarray, np.ndarray | None, int, int, list[SplitStep]]:
    """Block per row, positions, blocks and pairs generated after refinement and window."""
    rows = np.flatnonzero(hashed.blk >= 0)
    blocks = _Blocks(rows, hashed.blk[rows].astype(np.int64), hashed.pairs)
    steps = []
    for expr, label in refine:
        if not (blocks.pairs > layout.bound).any():
            break
        blocks, step = _refine(blocks, _evaluate(data, expr), f"refine by {label}", layout)
        if step is not None:
            steps.append(step)
    order_label = sort_by[1] if sort_by else "input order"
    how = f"sorted neighbourhood on {order_label}, window {layout.window}"
    over = (blocks.pairs > layout.bound).any()
    values = _evaluate(data, sort_by[0]) if over and sort_by is not None else None
    pos, generated, step = _window(blocks, values, how, layout)
    if step is not None:
        steps.append(step)
    blk = np.full(layout.n_rows, -1, dtype=np.int32)
    blk[blocks.rows] = blocks.blk
    return blk, pos, int(blocks.pairs.size), generated, steps


def plan_rule(
    data: pl.DataFrame,
    rule: BlockingRule,
    *,
    refine: list[tuple[pl.Expr, str]],
    sort_by: tuple[pl.Expr, str] | None,
    layout: Layout,
    notes: tuple[str, ...] = (),
) -> RulePlan:
    """Plan one rule over ``data`` (left rows first, then right rows in linkage)."""
    frame = _key_frame(data, rule)
    return _finish(data, rule, frame, _hash_blocks(frame, layout), refine=refine,
                   sort_by=sort_by, layout=layout, notes=notes)


def plan_rules(
    data: pl.DataFrame, used: Sequence[UsedRule], layout: Layout
) -> Iterator[RulePlan]:
    """Plan every used rule, in order, as :func:`plan_rule` would one after another.

    The keys of all rules are evaluated in one polars pass (polars spreads the
    expressions over the cores), then each rule's keys are hashed and grouped into
    blocks in threads (polars and :func:`hash_blocks` release the GIL). When the keys
    cannot be evaluated together, the rules are planned one by one, so the error raised
    is the one the first failing rule gives.
    """
    rules = [use.rule for use in used]
    keyed = _all_key_frames(data, rules, layout)
    if keyed is None:
        for use in used:
            yield plan_rule(data, use.rule, refine=use.refine, sort_by=use.sort_by,
                            layout=layout, notes=use.notes)
        return
    frames, hashed = keyed
    for use in used:  # each rule's frame and blocks are let go once planned
        yield _finish(data, use.rule, frames.pop(0), hashed.pop(0), refine=use.refine,
                      sort_by=use.sort_by, layout=layout, notes=use.notes)


def _finish(
    data: pl.DataFrame,
    rule: BlockingRule,
    frame: pl.DataFrame,
    hashed: _Hashed,
    *,
    refine: list[tuple[pl.Expr, str]],
    sort_by: tuple[pl.Expr, str] | None,
    layout: Layout,
    notes: tuple[str, ...],
) -> RulePlan:
    largest = _largest(frame, hashed, rule)
    pos: np.ndarray | None = None
    steps: list[SplitStep] = []
    if hashed.pairs.size and int(hashed.pairs.max()) > layout.bound:
        blk, pos, n_blocks, generated, steps = _skew_guard(data, hashed, refine, sort_by, layout)
    else:
        blk, n_blocks, generated = hashed.blk, int(hashed.pairs.size), int(hashed.pairs.sum())
    report = RuleReport(
        name=rule.name,
        keys=rule.key_names,
        rows_blocked=hashed.rows_blocked,
        rows_missing_key=data.height - hashed.rows_blocked,
        blocks=int(hashed.pairs.size),
        pairs_in_blocks=int(hashed.pairs.sum()),
        pairs_generated=generated,
        largest_blocks=largest,
        splits=tuple(steps),
        notes=notes,
    )
    if pos is None:
        return RulePlan(report, blk, np.full(layout.n_rows, -1, np.int32), n_blocks, False)
    return RulePlan(report, blk, pos, n_blocks, True)


def rule_layout(
    blk: np.ndarray, pos: np.ndarray, n_blocks: int, layout: Layout
) -> tuple[np.ndarray, ...]:
    """Sorted rows, block offsets, windowed flag per block and side per sorted row."""
    order, bstart = build_order(blk, pos, n_blocks)
    windowed = pos[order[bstart[:-1]]] >= 0 if n_blocks else np.zeros(0, dtype=bool)
    side = (order >= layout.n_left).astype(np.int8)
    return order, bstart, windowed, side


def count_generated(blk: np.ndarray, pos: np.ndarray, n_blocks: int, layout: Layout) -> np.ndarray:
    """Pairs anchored at each sorted row of the rule (before the union check)."""
    _, bstart, windowed, side = rule_layout(blk, pos, n_blocks, layout)
    return anchor_counts(bstart, windowed, side, layout.window, layout.linkage)
