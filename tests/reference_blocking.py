"""Naive references for sidalih.blocking and sidalih.kernels.pairs (plain Python, all pairs)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import frame_to_polars
from sidalih.blocking import BlockingReport, RuleReport, default_rules
from sidalih.blocking._pairs import _layout
from sidalih.blocking._plan import TOP_BLOCKS, Layout
from sidalih.blocking._report import BlockSize, SplitStep
from sidalih.blocking._resolve import resolve_rules
from sidalih.blocking._rules import BlockingRule, missing_key_expr
from sidalih.errors import InputTypeError, mask_nik
from sidalih.kernels.pairs import anchor_counts, build_order, emit_pairs

Pair = tuple[int, int]


def is_missing(value: Any) -> bool:
    """Missing as sidalih defines it: None, NaN, or text that is blank after stripping."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _agree(a: dict[str, Any], b: dict[str, Any], keys: Sequence[str]) -> bool:
    return all(not (is_missing(a[k]) or is_missing(b[k])) and a[k] == b[k] for k in keys)


def reference_pairs(
    rows: list[dict[str, Any]],
    rules: Sequence[Sequence[str]],
    other: list[dict[str, Any]] | None = None,
) -> dict[Pair, int]:
    """Every pair agreeing on some rule's keys, mapped to the first such rule.

    Deduplication: pairs ``(i, j)`` with ``i < j``; linkage: (row of ``rows``, row of ``other``).
    """
    out: dict[Pair, int] = {}
    if other is None:
        candidates = (
            (i, j, rows[i], rows[j]) for i in range(len(rows)) for j in range(i + 1, len(rows))
        )
    else:
        candidates = ((i, j, a, b) for i, a in enumerate(rows) for j, b in enumerate(other))
    for i, j, a, b in candidates:
        for r, keys in enumerate(rules):
            if _agree(a, b, keys):
                out[(i, j)] = r
                break
    return out


def reference_generated(
    blk: Sequence[Sequence[int]],
    pos: Sequence[Sequence[int]],
    *,
    window: int,
    n_left: int | None,
) -> dict[Pair, int]:
    """Kernel semantics by brute force: rule r generates (a, b) when both rows share a block
    id >= 0 and, in a windowed block (pos >= 0), their positions differ by less than
    ``window``; each pair goes to the first rule generating it. ``n_left`` set means linkage:
    only pairs with a < n_left <= b, reported as (a, b - n_left).
    """
    n = len(blk[0]) if blk else 0
    out: dict[Pair, int] = {}
    for a in range(n):
        for b in range(a + 1, n):
            if n_left is not None and not (a < n_left <= b):
                continue
            for r in range(len(blk)):
                same = blk[r][a] >= 0 and blk[r][a] == blk[r][b]
                near = pos[r][a] < 0 or abs(pos[r][a] - pos[r][b]) < window
                if same and near:
                    key = (a, b - n_left) if n_left is not None else (a, b)
                    out[key] = r
                    break
    return out


# ---------------------------------------------------------------- previous implementation
# The planner as it was before the hash-grouping rewrite (polars sorts of whole key frames,
# block ids by run numbering, emission through ``emit_pairs``): slow, kept to check that
# the rewrite gives the same pairs, attribution, order and report.


def _old_block_pairs(blk: np.ndarray, side: np.ndarray, n_blocks: int, linkage: bool) -> np.ndarray:
    sizes = np.bincount(blk, minlength=n_blocks).astype(np.int64)
    if not linkage:
        return sizes * (sizes - 1) // 2
    n_l = np.bincount(blk, weights=(side == 0), minlength=n_blocks).astype(np.int64)
    return n_l * (sizes - n_l)


def _old_renumber(valid: pl.DataFrame, boundary: pl.Expr) -> pl.DataFrame:
    return valid.with_columns((boundary.cum_sum() - 1).cast(pl.Int64).alias("__b"))


def _old_drop_pairless(valid: pl.DataFrame, layout: Layout) -> tuple[pl.DataFrame, np.ndarray]:
    """Drop rows of blocks that give no pair; return the frame and pairs per block."""
    blk = valid["__b"].to_numpy()
    n_blocks = int(blk[-1]) + 1 if blk.size else 0
    pairs = _old_block_pairs(blk, valid["__side"].to_numpy(), n_blocks, layout.linkage)
    if pairs.size and (pairs == 0).any():
        valid = valid.filter(pl.Series(pairs[blk] > 0))
        valid = _old_renumber(valid, pl.col("__b") != pl.col("__b").shift(1).fill_null(-1))
        pairs = pairs[pairs > 0]
    return valid, pairs


def _old_key_frame(
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


def _old_largest(
    valid: pl.DataFrame, pairs: np.ndarray, rule: BlockingRule
) -> tuple[BlockSize, ...]:
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


def _old_refine(
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
    valid = _old_renumber(valid, boundary)
    new_blk = valid["__b"].to_numpy()
    split_np = valid["__split"].to_numpy()
    n_after = int(new_blk[-1]) + 1
    new_pairs = _old_block_pairs(new_blk, valid["__side"].to_numpy(), n_after, layout.linkage)
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
    valid, pairs = _old_drop_pairless(valid.drop("__split"), layout)
    return valid, pairs, step


def _old_window(
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


def old_plan_rule(
    data: pl.DataFrame,
    rule: BlockingRule,
    *,
    refine: list[tuple[pl.Expr, str]],
    sort_by: tuple[pl.Expr, str] | None,
    layout: Layout,
    notes: tuple[str, ...] = (),
) -> tuple[RuleReport, np.ndarray, np.ndarray, int]:
    """The previous planner: report, block per row, position per row, blocks."""
    frame = _old_key_frame(
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
    valid = _old_renumber(valid, boundary)
    valid, pairs = _old_drop_pairless(valid, layout)
    largest = _old_largest(valid, pairs, rule)
    base_blocks, base_pairs = int(pairs.size), int(pairs.sum())
    steps = []
    for j, (_, label) in enumerate(refine):
        valid, pairs, step = _old_refine(valid, pairs, f"__r{j}", f"refine by {label}", layout)
        if step is not None:
            steps.append(step)
    order_label = sort_by[1] if sort_by else "input order"
    how = f"sorted neighbourhood on {order_label}, window {layout.window}"
    valid, pairs, step = _old_window(valid, pairs, how, layout)
    if step is not None:
        steps.append(step)
    blk = np.full(layout.n_rows, -1, dtype=np.int32)
    pos = np.full(layout.n_rows, -1, dtype=np.int32)
    rows = valid["__row"].to_numpy()
    blk[rows] = valid["__b"].to_numpy()
    pos[rows] = valid["__pos"].to_numpy()
    generated = old_count_generated(blk, pos, int(pairs.size), layout)
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
    return report, blk, pos, int(pairs.size)


def old_rule_layout(
    blk: np.ndarray, pos: np.ndarray, n_blocks: int, layout: Layout
) -> tuple[np.ndarray, ...]:
    """Sorted rows, block offsets, windowed flag per block and side per sorted row."""
    order, bstart = build_order(blk, pos, n_blocks)
    windowed = pos[order[bstart[:-1]]] >= 0 if n_blocks else np.zeros(0, dtype=bool)
    side = (order >= layout.n_left).astype(np.int8)
    return order, bstart, windowed, side


def old_count_generated(
    blk: np.ndarray, pos: np.ndarray, n_blocks: int, layout: Layout
) -> np.ndarray:
    """Pairs anchored at each sorted row of the rule (before the union check)."""
    _, bstart, windowed, side = old_rule_layout(blk, pos, n_blocks, layout)
    return anchor_counts(bstart, windowed, side, layout.window, layout.linkage)


def reference_candidate_pairs(
    records: Any,
    rules: Sequence[Any] | None = None,
    *,
    other: Any = None,
    max_block_size: int = 2_000,
    window: int = 100,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, BlockingReport]:
    """``candidate_pairs`` as the previous implementation computed it (left, right, rule, report)."""
    left, _ = frame_to_polars(records)
    right = frame_to_polars(other)[0] if other is not None else None
    n_right = right.height if right is not None else 0
    layout = _layout(left.height, n_right, right is not None, max_block_size, window)
    resolved = resolve_rules(default_rules() if rules is None else rules, left, right)
    n_used = len(resolved.used)
    blk = np.full((n_used, layout.n_rows), -1, dtype=np.int32)
    pos = np.full((n_used, layout.n_rows), -1, dtype=np.int32)
    n_blocks: list[int] = []
    reports: list[RuleReport] = list(resolved.skipped_reports)
    for u, use in enumerate(resolved.used):
        plan = old_plan_rule(
            resolved.data, use.rule, refine=use.refine, sort_by=use.sort_by, layout=layout,
            notes=use.notes,
        )  # fmt: skip
        blk[u], pos[u] = plan[1], plan[2]
        n_blocks.append(plan[3])
        reports[use.index] = plan[0]
    lefts, rights, idx = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.int8)]
    counts = [0] * len(resolved.names)
    for u, use in enumerate(resolved.used):
        order, bstart, windowed, side = old_rule_layout(blk[u], pos[u], n_blocks[u], layout)
        total = int(anchor_counts(bstart, windowed, side, layout.window, layout.linkage).sum())
        a, b = emit_pairs(
            order, bstart, windowed, side, layout.window, layout.linkage, layout.n_left,
            0, order.size, total, blk, pos, u,
        )  # fmt: skip
        lefts.append(a)
        rights.append(b)
        idx.append(np.full(a.size, use.index, dtype=np.int8))
        counts[use.index] = int(a.size)
    report = BlockingReport(
        rules=tuple(reports), linkage=right is not None, n_left=left.height, n_right=n_right,
        max_block_size=layout.max_block_size, window=layout.window,
    ).with_pairs_new(counts, chunk=False)  # fmt: skip
    return np.concatenate(lefts), np.concatenate(rights), np.concatenate(idx), report
