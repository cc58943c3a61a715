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
from sidalih.compare._columns import WHITESPACE

__all__ = ["KeyIndex", "rule_hashes", "usable_rules"]

_NULL = np.iinfo(np.int64).min  # no key: the row is in no block of that rule

#: Rows up to which keys are hashed as a look-up's: every level of every rule at once
#: (:meth:`KeyIndex.candidates`), which keys are missing read from Python values.
_FEW = 16


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
    plan = _hash_plan(rules, tuple(levels or [0] * len(rules)), frame)
    if frame.height <= _FEW:
        return _few_hashes(frame.select_seq(plan.distinct), plan)
    result = frame.select(plan.keyed).select(plan.hashed).to_numpy()
    return np.ascontiguousarray(result, dtype=np.int64).reshape(frame.height, len(rules))


@dataclass(frozen=True)
class _Plan:
    """The expressions that hash a frame's keys, for one (rules, levels, schema)."""

    rules: Sequence[BlockingRule]  # kept so that the ids in the plan's key stay theirs
    keyed: list[pl.Expr]  # each key, evaluated
    hashed: list[pl.Expr]  # per rule: the keys' hash, or _NULL where a key is missing
    # The few-rows path: each distinct key evaluated once (rules share key columns),
    # per rule the unsigned hash of its keys' struct (reinterpreted in numpy: the same
    # bits as ``hashed``), and per rule its keys' positions in ``distinct`` with the
    # missing rule of each.
    distinct: list[pl.Expr]
    plain: list[pl.Expr]
    checks: list[list[tuple[int, str]]]


# Built expressions by (rules, levels, input schema): building them costs more than
# hashing one record's keys, which a look-up does every time.
_PLANS: dict[tuple[object, ...], _Plan] = {}


def _hash_plan(rules: Sequence[BlockingRule], levels: tuple[int, ...],
               frame: pl.DataFrame) -> _Plan:
    # the columns and types as lists: a frame's schema is built anew at each read
    columns, types = frame.columns, frame.dtypes
    key = (tuple(id(r) for r in rules), levels, tuple(columns), tuple(types))
    if key in _PLANS:
        return _PLANS[key]
    schema = pl.Schema(zip(columns, types, strict=True))
    keyed: list[pl.Expr] = []
    hashes: list[tuple[list[str], int]] = []  # key names, rule keys
    shared: dict[str, int] = {}  # a key's serialised expression -> its distinct position
    distinct: list[pl.Expr] = []
    positions: list[list[int]] = []  # per rule: each key's distinct position
    for u, (rule, j) in enumerate(zip(rules, levels, strict=True)):
        exprs = [*rule.keys, *rule.refine_with[:j]]
        names = [f"__u{u}k{i}" for i in range(len(exprs))]
        hashes.append((names, len(rule.keys)))
        keyed += [e.alias(n) for e, n in zip(exprs, names, strict=True)]
        positions.append([])
        for e in exprs:
            p = shared.setdefault(_signature(e, len(shared)), len(shared))
            if p == len(distinct):
                distinct.append(e.alias(f"__d{p}"))
            positions[-1].append(p)
    evaluated = pl.LazyFrame(schema=schema).select(keyed).collect_schema()
    hashed, plain, checks = [], [], []
    for u, (names, n_keys) in enumerate(hashes):
        missing = pl.any_horizontal([missing_key_expr(n, evaluated[n])
                                     for n in names[:n_keys]])
        value = pl.struct(names).hash(seed=0).reinterpret(signed=True)
        hashed.append(pl.when(~missing).then(value).otherwise(pl.lit(_NULL, pl.Int64))
                      .alias(f"h{u}"))
        # a struct's hash reads its fields' values, types and order, not their names
        plain.append(pl.struct([f"__d{p}" for p in positions[u]]).hash(seed=0).alias(f"h{u}"))
        checks.append([(p, _missing_rule(evaluated[n]))
                       for p, n in zip(positions[u], names[:n_keys], strict=False)])
    if len(_PLANS) >= 64:
        _PLANS.clear()
    _PLANS[key] = _Plan(rules, keyed, hashed, distinct, plain, checks)
    return _PLANS[key]


def _signature(expr: pl.Expr, fallback: int) -> str:
    """What makes two keys one (their serialised expression); a key polars cannot
    serialise stays apart (``fallback``: its own position)."""
    try:
        return expr.meta.serialize(format="json")
    except Exception:  # noqa: BLE001 - any failure only costs the sharing
        return f"#{fallback}"


def _missing_rule(dtype: pl.DataType) -> str:
    """How :func:`missing_key_expr` reads a key of ``dtype``: as text, as a float, or else."""
    return "text" if dtype == pl.String else "float" if dtype.is_float() else "other"


def _few_hashes(keys: pl.DataFrame, plan: _Plan) -> np.ndarray:
    """:func:`rule_hashes` of a few rows (``keys``: their evaluated keys).

    The hashes are polars' (the index holds those), but which keys are missing is read
    from the rows' Python values, as :func:`missing_key_expr` reads it: a look-up hashes
    one record, and the missing tests were half of the frame operations it took. Its
    frame operations run their expressions one after the other (``select_seq``): handing
    a row's keys to polars' thread pool costs more than evaluating them, and on a busy
    machine the wait for a pool thread was several times the work (mean 0.9 against
    0.2 ms at a load of 9 on 2 cores).
    """
    # a copy: one column's array may be polars' own, read-only
    out = np.array(keys.select_seq(plan.plain).to_numpy(), dtype=np.uint64, order="C").view(
        np.int64).reshape(keys.height, len(plan.plain))
    for i, row in enumerate(keys.rows()):
        for u, checks in enumerate(plan.checks):
            if any(_missing(row[c], rule) for c, rule in checks):
                out[i, u] = _NULL
    return out


def _missing(value: object, rule: str) -> bool:
    """Whether a key's Python value is missing under ``rule`` (:func:`_missing_rule`)."""
    if value is None:
        return True
    if rule == "text":
        return not str(value).strip(WHITESPACE)
    return rule == "float" and value != value  # NaN


@dataclass
class _Level:
    hashes: np.ndarray  # sorted
    rows: np.ndarray  # rows in the same order


def _level(hashes: np.ndarray, rows: np.ndarray) -> _Level:
    keep = hashes != _NULL
    hashes, rows = hashes[keep], rows[keep]
    order = np.argsort(hashes)  # rows of one key in any order: candidates are sets
    return _Level(hashes[order], rows[order])


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [lo, hi): (which range, position) of every element."""
    counts = hi - lo
    owner = np.repeat(np.arange(lo.size), counts)
    starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return owner, starts + np.arange(counts.sum())


class KeyIndex:
    """Rows of the registry by rule key, refined where a block passes ``bound`` rows.

    Kept up to date by :meth:`insert` and :meth:`remove`, which return a new index and
    cost the rows given (plus a copy of the sorted arrays), never a rebuild. After any
    sequence of them the candidates are those of an index built from scratch on the
    rows held: a level holds every row of every block of the level above that passes
    the bound; it may also keep rows of a block that has since shrunk, which no query
    reaches (a query descends only from a block that passes the bound, and a refined
    key includes the keys above it).
    """

    def __init__(self, frame: pl.DataFrame, rows: np.ndarray, rules: Sequence[BlockingRule],
                 *, bound: int, base: np.ndarray | None = None) -> None:
        self.rules = list(rules)
        self.bound = bound
        base = rule_hashes(frame, self.rules) if base is None else base
        self.width = int(rows.max(initial=0)) + 1
        self.crossed = np.zeros(0, np.int64)  # set by insert: old rows refined by it
        self.levels: list[list[_Level]] = []
        for u, rule in enumerate(self.rules):
            levels = [_level(base[:, u], rows)]
            for j in range(1, len(rule.refine_with) + 1):
                big = _big_rows(levels[-1], bound)
                if big.size == 0:
                    break
                position = np.searchsorted(rows, big)
                sub = frame[position]
                refined = rule_hashes(sub, [rule], [j])[:, 0]
                levels.append(_level(refined, big))
            self.levels.append(levels)

    def insert(self, records: pl.DataFrame, rows: np.ndarray, base: np.ndarray) -> KeyIndex:
        """A new index with ``rows`` (of ``records``, indexed by row) added.

        ``base`` are their level-0 hashes. A block that passes the bound because of them
        has its rows (old ones too) refined into the next level; those old rows are the
        new index's ``crossed`` (their candidates may have shrunk).
        """
        out = self._copy()
        out.width = max(self.width, int(rows.max(initial=-1)) + 1)
        crossed = []
        for u, rule in enumerate(self.rules):
            levels = list(self.levels[u])
            added = _level(base[:, u], rows)
            for j in range(len(rule.refine_with) + 1):
                if j == len(levels):
                    levels.append(_level(np.zeros(0, np.int64), np.zeros(0, np.int64)))
                levels[j] = _merged(levels[j], added)
                if j == len(rule.refine_with) or added.hashes.size == 0:
                    break
                big = _grown_rows(levels[j], np.unique(added.hashes), self.bound)
                big = big[~np.isin(big, levels[j + 1].rows)] if j + 1 < len(levels) else big
                if big.size == 0:
                    break
                crossed.append(big[~np.isin(big, rows)])
                refined = rule_hashes(records[big], [rule], [j + 1])[:, 0]
                added = _level(refined, big)
            out.levels.append(levels)
        out.crossed = np.unique(np.concatenate(crossed)).astype(np.int64) if crossed \
            else np.zeros(0, np.int64)
        return out

    def remove(self, rows: np.ndarray) -> KeyIndex:
        """A new index without ``rows``."""
        out = self._copy()
        gone = np.zeros(self.width, dtype=bool)
        gone[rows[rows < self.width]] = True
        for levels in self.levels:
            kept = []
            for level in levels:
                keep = ~gone[level.rows]
                kept.append(_Level(level.hashes[keep], level.rows[keep]))
            out.levels.append(kept)
        return out

    def _copy(self) -> KeyIndex:
        out = object.__new__(KeyIndex)
        out.rules, out.bound, out.width, out.levels = self.rules, self.bound, self.width, []
        out.crossed = np.zeros(0, np.int64)
        return out

    def candidates(self, frame: pl.DataFrame, base: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
        """(query row, registry row) for every rule whose block a query row falls in.

        A pair found by several rules comes once. ``base`` are the query rows' level-0
        hashes when already computed.
        """
        if base is None and frame.height <= _FEW:
            known = self._every_level(frame)
            if frame.height == 1:
                return self._one(known)
        else:
            base = rule_hashes(frame, self.rules) if base is None else base
            known = [[base[:, u]] for u in range(len(self.rules))]
        found_q, found_r = [], []
        for u, rule in enumerate(self.rules):
            query = np.arange(frame.height)
            hashes = known[u][0]
            for j, level in enumerate(self.levels[u]):
                if j > 0:
                    hashes = (known[u][j][query] if j < len(known[u])
                              else rule_hashes(frame[query], [rule], [j])[:, 0])
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
        key = np.unique(q * self.width + r)
        return key // self.width, key % self.width

    def _one(self, known: list[list[np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`candidates` of one query row (``known``: its hashes at every level).

        The same descent, read with scalars: a look-up's one record met a dozen small
        array operations per rule, each costing more than the search itself.
        """
        found = []
        for u, levels in enumerate(self.levels):
            for j, level in enumerate(levels):
                h = known[u][j][0]
                if h == _NULL:
                    break
                lo = int(level.hashes.searchsorted(h, side="left"))
                hi = int(level.hashes.searchsorted(h, side="right"))
                if hi - lo <= self.bound:
                    found.append(level.rows[lo:hi])
                    break
        r = np.unique(np.concatenate(found).astype(np.int64)) if found else \
            np.zeros(0, np.int64)
        return np.zeros(r.size, np.int64), r

    def _every_level(self, frame: pl.DataFrame) -> list[list[np.ndarray]]:
        """Per rule, the rows' hashes at each of its index's levels, hashed at once.

        A look-up's one record would otherwise hash again for each refined level its
        key reaches (a frame operation each); a row's hash does not depend on the rows
        beside it, so the values are those hashed level by level.
        """
        flat = [(u, j) for u in range(len(self.rules)) for j in range(len(self.levels[u]))]
        hashed = rule_hashes(frame, [self.rules[u] for u, _ in flat], [j for _, j in flat])
        out: list[list[np.ndarray]] = [[] for _ in self.rules]
        for column, (u, _) in enumerate(flat):
            out[u].append(hashed[:, column])
        return out


def _merged(level: _Level, added: _Level) -> _Level:
    """Two sorted levels as one (the arrays are copied, the inputs left as they are)."""
    if added.hashes.size == 0:
        return level
    at = np.searchsorted(level.hashes, added.hashes, side="right")
    return _Level(np.insert(level.hashes, at, added.hashes), np.insert(level.rows, at, added.rows))


def _grown_rows(level: _Level, hashes: np.ndarray, bound: int) -> np.ndarray:
    """Rows of the blocks among ``hashes`` (sorted, unique) that pass ``bound``."""
    lo = np.searchsorted(level.hashes, hashes, side="left")
    hi = np.searchsorted(level.hashes, hashes, side="right")
    big = (hi - lo) > bound
    if not big.any():
        return np.zeros(0, np.int64)
    _, position = _expand(lo[big], hi[big])
    return np.sort(level.rows[position])


def _big_rows(level: _Level, bound: int) -> np.ndarray:
    """Rows of the blocks of ``level`` (sorted by hash) with more than ``bound`` rows."""
    h = level.hashes
    if h.size == 0:
        return np.zeros(0, np.int64)
    start = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
    counts = np.diff(np.append(start, h.size))
    big = counts > bound
    if not big.any():
        return np.zeros(0, np.int64)
    _, position = _expand(start[big], start[big] + counts[big])
    return np.sort(level.rows[position])
