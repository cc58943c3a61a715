"""Naive references for sidalih.blocking and sidalih.kernels.pairs (plain Python, all pairs)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

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
