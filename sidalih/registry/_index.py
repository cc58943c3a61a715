"""The in-memory key index: per blocking rule, sorted key hashes and the rows holding them.

A rule's block is the rows whose keys hash alike (as in :mod:`sidalih.scale._keys`); a
block larger than the bound is split by the rule's refinement keys, one more at a time
(the in-memory planner's order), so a look-up meets at most ``bound`` rows per rule.
Only rows of big blocks carry the refined hashes, so the index of 1M records is the
level-0 hashes (one int64 per rule and row) plus a few thousand refined ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.blocking._rules import BlockingRule, missing_key_expr

__all__ = ["KeyIndex", "rule_hashes", "usable_rules"]

_NULL = np.iinfo(np.int64).min  # no key: the row is in no block of that rule


def usable_rules(rules: Sequence[BlockingRule], columns: Sequence[str]) -> list[BlockingRule]:
    """The rules whose key columns a prepared list has (optional default rules drop out)."""
    present = set(columns)
    return [r for r in rules if set(r.columns()) <= present]


def rule_hashes(frame: pl.DataFrame, rules: Sequence[BlockingRule],
                levels: Sequence[int] | None = None) -> np.ndarray:
    """An (n_rows, n_rules) int64 array: each row's key hash per rule (``levels[u]``
    refinement keys added), the minimum int64 where a key is missing.

    Examples
    --------
    >>> from sidalih.blocking import block_on
    >>> h = rule_hashes(pl.DataFrame({"k": ["a", None, "a"]}), [block_on("k")])
    >>> bool(h[0, 0] == h[2, 0]), bool(h[1, 0] == np.iinfo(np.int64).min)
    (True, True)
    """
    if not rules:
        return np.zeros((frame.height, 0), dtype=np.int64)
    levels = levels or [0] * len(rules)
    keyed, hashes = [], []
    for u, (rule, j) in enumerate(zip(rules, levels, strict=True)):
        exprs = [*rule.keys, *rule.refine_with[:j]]
        names = [f"__u{u}k{i}" for i in range(len(exprs))]
        keyed += [e.alias(n) for e, n in zip(exprs, names, strict=True)]
        hashes.append((names, len(rule.keys)))
    lazy = frame.lazy().select(keyed)
    schema = lazy.collect_schema()
    out = []
    for u, (names, n_keys) in enumerate(hashes):
        missing = pl.any_horizontal([missing_key_expr(n, schema[n]) for n in names[:n_keys]])
        hashed = pl.struct(names).hash(seed=0).reinterpret(signed=True)
        out.append(pl.when(~missing).then(hashed).otherwise(pl.lit(_NULL, pl.Int64))
                   .alias(f"h{u}"))
    result = lazy.select(out).collect().to_numpy()
    return np.ascontiguousarray(result, dtype=np.int64).reshape(frame.height, len(rules))


@dataclass
class _Level:
    hashes: np.ndarray  # sorted
    rows: np.ndarray  # rows in the same order


def _level(hashes: np.ndarray, rows: np.ndarray) -> _Level:
    keep = hashes != _NULL
    hashes, rows = hashes[keep], rows[keep]
    order = np.argsort(hashes, kind="stable")
    return _Level(hashes[order], rows[order])


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [lo, hi): (which range, position) of every element."""
    counts = hi - lo
    owner = np.repeat(np.arange(lo.size), counts)
    starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return owner, starts + np.arange(counts.sum())


class KeyIndex:
    """Rows of the registry by rule key, refined where a block passes ``bound`` rows."""

    def __init__(self, frame: pl.DataFrame, rows: np.ndarray, rules: Sequence[BlockingRule],
                 *, bound: int, base: np.ndarray | None = None) -> None:
        self.rules = list(rules)
        self.bound = bound
        self.base = rule_hashes(frame, self.rules) if base is None else base
        self.rows = rows
        self.levels: list[list[_Level]] = []
        for u, rule in enumerate(self.rules):
            levels = [_level(self.base[:, u], rows)]
            for j in range(1, len(rule.refine_with) + 1):
                big = _big_rows(levels[-1], bound)
                if big.size == 0:
                    break
                position = np.searchsorted(rows, big)
                sub = frame[position]
                refined = rule_hashes(sub, [rule], [j])[:, 0]
                levels.append(_level(refined, big))
            self.levels.append(levels)

    def candidates(self, frame: pl.DataFrame, base: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
        """(query row, registry row) for every rule whose block a query row falls in.

        A pair found by several rules comes once. ``base`` are the query rows' level-0
        hashes when already computed.
        """
        base = rule_hashes(frame, self.rules) if base is None else base
        found_q, found_r = [], []
        for u, rule in enumerate(self.rules):
            query = np.arange(frame.height)
            hashes = base[:, u]
            for j, level in enumerate(self.levels[u]):
                if j > 0:
                    hashes = rule_hashes(frame[query], [rule], [j])[:, 0]
                ok = hashes != _NULL
                query, hashes = query[ok], hashes[ok]
                lo = np.searchsorted(level.hashes, hashes, side="left")
                hi = np.searchsorted(level.hashes, hashes, side="right")
                small = (hi - lo) <= self.bound
                owner, position = _expand(lo[small], hi[small])
                found_q.append(query[small][owner])
                found_r.append(level.rows[position])
                query = query[~small]
                if query.size == 0:
                    break
        if not found_q:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        q = np.concatenate(found_q).astype(np.int64)
        r = np.concatenate(found_r).astype(np.int64)
        key = np.unique(q * (int(self.rows.max(initial=0)) + 1) + r)
        width = int(self.rows.max(initial=0)) + 1
        return key // width, key % width


def _big_rows(level: _Level, bound: int) -> np.ndarray:
    if level.hashes.size == 0:
        return np.zeros(0, np.int64)
    values, start, counts = np.unique(level.hashes, return_index=True, return_counts=True)
    big = counts > bound
    if not big.any():
        return np.zeros(0, np.int64)
    owner, position = _expand(start[big], start[big] + counts[big])
    return np.sort(level.rows[position])
