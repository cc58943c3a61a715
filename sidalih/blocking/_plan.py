"""Turn one rule into per-row block ids, applying the skew guard, before any pair exists.

For a rule the planner evaluates the keys, drops rows with a missing key, sorts by the
keys and numbers the runs of equal keys (dense block ids, deterministic: ties broken by
row position). Pairs per block are counted from the block sizes; a block above the bound
is split by each ``refine_with`` key in turn, and a block still above it is walked as a
sorted neighbourhood (each row paired with the next ``window - 1`` rows). The outcome is
two int32 arrays per rule (see :mod:`sidalih.kernels.pairs`) and the rule's report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.blocking._report import BlockSize, RuleReport, SplitStep
from sidalih.blocking._rules import BlockingRule, missing_key_expr
from sidalih.errors import InputTypeError, mask_nik
from sidalih.kernels.pairs import anchor_counts, build_order

__all__ = ["RulePlan", "plan_rule", "Layout", "TOP_BLOCKS"]

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
    """A planned rule: its report and, per row, block id and neighbourhood position."""

    report: RuleReport
    blk: np.ndarray
    pos: np.ndarray
    n_blocks: int


def _block_pairs(blk: np.ndarray, side: np.ndarray, n_blocks: int, linkage: bool) -> np.ndarray:
    sizes = np.bincount(blk, minlength=n_blocks).astype(np.int64)
    if not linkage:
        return sizes * (sizes - 1) // 2
    n_l = np.bincount(blk, weights=(side == 0), minlength=n_blocks).astype(np.int64)
    return n_l * (sizes - n_l)


def _renumber(valid: pl.DataFrame, boundary: pl.Expr) -> pl.DataFrame:
    return valid.with_columns((boundary.cum_sum() - 1).cast(pl.Int64).alias("__b"))


def _drop_pairless(valid: pl.DataFrame, layout: Layout) -> tuple[pl.DataFrame, np.ndarray]:
    """Drop rows of blocks that give no pair; return the frame and pairs per block."""
    blk = valid["__b"].to_numpy()
    n_blocks = int(blk[-1]) + 1 if blk.size else 0
    pairs = _block_pairs(blk, valid["__side"].to_numpy(), n_blocks, layout.linkage)
    if pairs.size and (pairs == 0).any():
        valid = valid.filter(pl.Series(pairs[blk] > 0))
        valid = _renumber(valid, pl.col("__b") != pl.col("__b").shift(1).fill_null(-1))
        pairs = pairs[pairs > 0]
    return valid, pairs


def _key_frame(
    data: pl.DataFrame,
    rule: BlockingRule,
    refine: list[pl.Expr],
    sort_by: pl.Expr | None,
    n_left: int,
) -> pl.DataFrame:
    exprs = [k.alias(f"__k{i}") for i, k in enumerate(rule.keys)]
    exprs += [r.alias(f"__r{j}") for j, r in enumerate(refine)]
    exprs.append((sort_by if sort_by is not None else pl.lit(0)).alias("__s"))
    frame = data.select(exprs).with_row_index("__row")
    for i, dtype in enumerate(frame.dtypes[1 : len(rule.keys) + 1]):
        if dtype == pl.Object:
            raise InputTypeError(
                f"blocking rule {rule.name!r}: key {rule.key_names[i]!r} holds Python "
                "objects, which cannot be sorted; convert it to text or numbers first"
            )
    return frame.with_columns(
        pl.col("__row").cast(pl.Int64), (pl.col("__row") >= n_left).cast(pl.Int8).alias("__side")
    )


def _largest(valid: pl.DataFrame, pairs: np.ndarray, rule: BlockingRule) -> tuple[BlockSize, ...]:
    if not pairs.size:
        return ()
    blk = valid["__b"].to_numpy()
    sizes = np.bincount(blk).astype(np.int64)
    top = np.lexsort((np.arange(pairs.size), -sizes, -pairs))[:TOP_BLOCKS]
    starts = np.searchsorted(blk, top)
    keys = [f"__k{i}" for i in range(len(rule.keys))]
    firsts = valid[starts.tolist()].select(keys).rows()
    masked = rule.sensitive()
    out = []
    for b, values in zip(top.tolist(), firsts, strict=True):
        text = ", ".join(
            f"{label}={mask_nik(v) if hide else v}"
            for label, v, hide in zip(rule.key_names, values, masked, strict=True)
        )
        out.append(BlockSize(rows=int(sizes[b]), pairs=int(pairs[b]), key=text))
    return tuple(out)


def _refine(
    valid: pl.DataFrame, pairs: np.ndarray, column: str, how: str, layout: Layout
) -> tuple[pl.DataFrame, np.ndarray, SplitStep | None]:
    over = pairs > layout.bound
    if not over.any():
        return valid, pairs, None
    split = pl.Series(over[valid["__b"].to_numpy()])
    valid = valid.with_columns(split.alias("__split"))
    valid = valid.sort(["__b", pl.when("__split").then(pl.col(column)), "__row"], nulls_last=True)
    boundary = (pl.col("__b") != pl.col("__b").shift(1)).fill_null(True) | (
        pl.col("__split") & pl.col(column).ne_missing(pl.col(column).shift(1))
    )
    valid = _renumber(valid, boundary)
    new_blk = valid["__b"].to_numpy()
    split_np = valid["__split"].to_numpy()
    n_after = int(new_blk[-1]) + 1
    new_pairs = _block_pairs(new_blk, valid["__side"].to_numpy(), n_after, layout.linkage)
    touched = np.zeros(n_after, dtype=bool)
    touched[new_blk[split_np]] = True
    step = SplitStep(
        how=how,
        blocks=int(over.sum()),
        rows=int(split_np.sum()),
        pairs_before=int(pairs[over].sum()),
        blocks_after=int((touched & (new_pairs > 0)).sum()),
        pairs_after=int(new_pairs[touched].sum()),
    )
    valid, pairs = _drop_pairless(valid.drop("__split"), layout)
    return valid, pairs, step


def _window(
    valid: pl.DataFrame, pairs: np.ndarray, how: str, layout: Layout
) -> tuple[pl.DataFrame, np.ndarray, SplitStep | None]:
    over = pairs > layout.bound
    if not over.any():
        return valid.with_columns(pl.lit(-1, pl.Int64).alias("__pos")), pairs, None
    split = pl.Series(over[valid["__b"].to_numpy()])
    valid = valid.with_columns(split.alias("__split"))
    valid = valid.sort(["__b", pl.when("__split").then(pl.col("__s")), "__row"], nulls_last=True)
    blk = valid["__b"].to_numpy()
    starts = np.searchsorted(blk, np.arange(pairs.size))
    pos = np.where(over[blk], np.arange(blk.size) - starts[blk], -1)
    valid = valid.with_columns(pl.Series("__pos", pos, dtype=pl.Int64)).drop("__split")
    side = valid["__side"].to_numpy()
    bstart = np.append(starts, blk.size).astype(np.int64)
    counts = anchor_counts(bstart, over, side, layout.window, layout.linkage)
    after = int(counts[over[blk]].sum())
    step = SplitStep(
        how=how,
        blocks=int(over.sum()),
        rows=int(over[blk].sum()),
        pairs_before=int(pairs[over].sum()),
        blocks_after=int(over.sum()),
        pairs_after=after,
    )
    return valid, pairs, step


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
    frame = _key_frame(
        data, rule, [r for r, _ in refine], sort_by[0] if sort_by else None, layout.n_left
    )
    key_cols = [f"__k{i}" for i in range(len(rule.keys))]
    missing = pl.any_horizontal([missing_key_expr(c, frame.schema[c]) for c in key_cols])
    # Blocks are runs of equal keys. Sorting by a 64-bit hash of the key instead of the
    # key text is several times faster; a hash collision can only merge two blocks,
    # which adds candidate pairs for the comparisons to reject, never loses one.
    valid = (
        frame.filter(~missing)
        .with_columns(pl.struct(key_cols).hash(seed=0).alias("__h"))
        .sort(["__h", "__row"])
    )
    rows_blocked = valid.height
    boundary = pl.col("__h").ne_missing(pl.col("__h").shift(1))
    valid = _renumber(valid, boundary)
    valid, pairs = _drop_pairless(valid, layout)
    largest = _largest(valid, pairs, rule)
    base_blocks, base_pairs = int(pairs.size), int(pairs.sum())
    steps = []
    for j, (_, label) in enumerate(refine):
        valid, pairs, step = _refine(valid, pairs, f"__r{j}", f"refine by {label}", layout)
        if step is not None:
            steps.append(step)
    order_label = sort_by[1] if sort_by else "input order"
    how = f"sorted neighbourhood on {order_label}, window {layout.window}"
    valid, pairs, step = _window(valid, pairs, how, layout)
    if step is not None:
        steps.append(step)
    blk = np.full(layout.n_rows, -1, dtype=np.int32)
    pos = np.full(layout.n_rows, -1, dtype=np.int32)
    rows = valid["__row"].to_numpy()
    blk[rows] = valid["__b"].to_numpy()
    pos[rows] = valid["__pos"].to_numpy()
    generated = count_generated(blk, pos, int(pairs.size), layout)
    report = RuleReport(
        name=rule.name,
        keys=rule.key_names,
        rows_blocked=rows_blocked,
        rows_missing_key=frame.height - rows_blocked,
        blocks=base_blocks,
        pairs_in_blocks=base_pairs,
        pairs_generated=int(generated.sum()),
        largest_blocks=largest,
        splits=tuple(steps),
        notes=notes,
    )
    return RulePlan(report=report, blk=blk, pos=pos, n_blocks=int(pairs.size))


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
