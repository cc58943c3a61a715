"""An ``add``, computed in memory before anything is written.

New rows are scored against the records they share a block with (the key index, the
new rows included), with term frequencies over the registry plus the batch. The
*affected* rows are the new ones, the persons they link to, and every person those
reach through stored links above the threshold; they are clustered again, exactly as
the batch run clusters a component (strongest pair first, never across a veto), from
the stored links among them plus the new ones. Person ids then follow :mod:`._ids`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from sidalih.cluster import cluster_pairs
from sidalih.compare import ColumnCache
from sidalih.engine import score_pairs
from sidalih.engine._reasons import reasons
from sidalih.engine._score import PairScores, cluster_bounds, cluster_weights, verdict_names
from sidalih.registry._ids import Assignment, assign
from sidalih.registry._index import KeyIndex, rule_hashes
from sidalih.registry._state import State, tf_columns, with_frequencies

__all__ = ["Plan", "plan_add", "score_local", "pair_reasons"]


@dataclass
class Plan:
    """Everything one ``add`` will write."""

    new: pl.DataFrame  # prepared new rows (no frequency columns)
    base: np.ndarray  # their key hashes
    rows: np.ndarray  # affected rows (global), re-clustered
    assignment: Assignment
    old_person: list[str | None]
    links: tuple[np.ndarray, np.ndarray, np.ndarray]
    status: list[str]
    events: list[dict[str, Any]] = field(default_factory=list)


def score_local(state: State, rows: np.ndarray, extra: pl.DataFrame, left: np.ndarray,
                right: np.ndarray) -> PairScores:
    """Score pairs of global rows; rows >= ``state.n`` are ``extra``'s (in order).

    One small frame holds the registry rows involved then ``extra``; the registry-wide
    frequency columns travel with the rows, so the weights are the whole list's.
    """
    held = np.unique(np.concatenate([left[left < state.n], right[right < state.n], rows]))
    frame = state.records[held]
    if extra.height:
        frame = pl.concat([frame, extra.select(frame.columns)], how="vertical")
    local = np.full(state.n + extra.height, -1, dtype=np.int64)
    local[held] = np.arange(held.size)
    local[state.n:] = held.size + np.arange(extra.height)
    return score_pairs(state.model, ColumnCache(frame), local[left], local[right])


def pair_reasons(state: State, scores: PairScores, k: int, *, lang: str = "id") -> str:
    gamma = scores.gamma[k:k + 1]
    tf = {name: values[k:k + 1] for name, values in scores.tf.items()}
    contributions = state.model.fs.contributions(gamma, tf_adjustments=tf)
    return str(reasons(gamma, contributions, state.model.comparisons,
                       verdict_names(scores.verdict[k:k + 1]), lang=lang)[0])


def plan_add(state: State, new: pl.DataFrame, *, review_floor: float) -> Plan:
    n0, m = state.n, new.height
    columns = tf_columns(state.model)
    held = state.records.filter(pl.Series(state.active)).drop(
        [c for c in state.records.columns if c.startswith("__tf_")])
    extra = with_frequencies(new, pl.concat([held, new.select(held.columns)]), columns)
    base = rule_hashes(new, state.rules)
    rows_all = np.concatenate([state.active_rows(), n0 + np.arange(m)])
    frame_all = pl.concat([held, new.select(held.columns)], how="vertical")
    index = KeyIndex(frame_all, rows_all, state.rules, bound=state.settings.max_block_size,
                     base=np.concatenate([state.base[state.active], base]))
    q, r = index.candidates(new, base)
    q = q + n0
    keep = r < q  # a new-new pair once, never a row with itself
    left, right = r[keep], q[keep]
    scores = score_local(state, np.zeros(0, np.int64), extra, left, right)
    weight = cluster_weights(scores.weight, scores.verdict, state.model)
    threshold, forbid = cluster_bounds(state.model)
    decisive = (weight >= threshold) | (weight < forbid)
    new_links = (left[decisive], right[decisive], weight[decisive])
    links = tuple(np.concatenate([a, b]) for a, b in zip(state.links, new_links, strict=True))
    rows = _affected(state, n0, m, links, threshold)
    new_ids = [str(x) for x in new["id"].to_list()]
    labels, order = _recluster(state, rows, links, threshold, forbid, n0, new_ids)
    ids = [_record_id(state, new_ids, int(i), n0) for i in order]
    old = [None if i >= n0 else str(state.person[i]) for i in order]
    assignment = assign(labels, ids, old, state.created,
                        lambda p: p in state.created)
    person = dict(zip(order.tolist(), assignment.person, strict=True))
    status = _status(state, scores, left, right, person, n0, m, threshold, review_floor)
    plan = Plan(new, base, order, assignment, old, new_links, status)
    plan.events = _events(state, plan, scores, left, right, person, n0, new_ids)
    return plan


def _record_id(state: State, new: list[str], row: int, n0: int) -> str:
    return str(state.ids[row]) if row < n0 else new[row - n0]


def _affected(state: State, n0: int, m: int, links: tuple[np.ndarray, ...],
              threshold: float) -> np.ndarray:
    """New rows plus every held row reachable from them through links at the threshold."""
    a, b, w = links
    strong = w >= threshold
    a, b = a[strong], b[strong]
    persons = state.person
    rows = set(range(n0, n0 + m))
    frontier = np.arange(n0, n0 + m)
    seen_persons: set[str] = set()
    while frontier.size:
        hit = np.isin(a, frontier) | np.isin(b, frontier)
        reached = np.unique(np.concatenate([a[hit], b[hit]]))
        reached = reached[reached < n0]
        grown = {str(persons[i]) for i in reached} - seen_persons
        seen_persons |= grown
        more = np.flatnonzero(np.isin(persons[:n0], list(grown)) & state.active[:n0]) \
            if grown else np.zeros(0, np.int64)
        fresh = [int(i) for i in np.concatenate([reached, more]) if int(i) not in rows]
        rows.update(fresh)
        frontier = np.array(fresh, dtype=np.int64)
    return np.array(sorted(rows), dtype=np.int64)


def _recluster(state: State, rows: np.ndarray, links: tuple[np.ndarray, ...],
               threshold: float, forbid: float, n0: int, new: list[str]
               ) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels of the affected rows, ordered by record id (order-independent ties)."""
    ids = [_record_id(state, new, int(i), n0) for i in rows]
    order = rows[np.argsort(np.array(ids, dtype=object), kind="stable")]
    local = {int(g): k for k, g in enumerate(order)}
    a, b, w = links
    inside = np.isin(a, order) & np.isin(b, order)
    la = np.array([local[int(x)] for x in a[inside]], dtype=np.int64)
    lb = np.array([local[int(x)] for x in b[inside]], dtype=np.int64)
    labels = cluster_pairs(order.size, la, lb, w[inside], threshold=threshold,
                           forbid_below=forbid)
    return labels, order


def _status(state: State, scores: PairScores, left: np.ndarray, right: np.ndarray,
            person: dict[int, str], n0: int, m: int, threshold: float,
            review_floor: float) -> list[str]:
    probability = scores.probability
    status = []
    for i in range(n0, n0 + m):
        status.append("existing" if person[i] in state.created else "new")
    # a possible match not taken: another person scored in the review band
    band = (probability >= review_floor) & (probability < state.model.threshold)
    for k in np.flatnonzero(band):
        a, b = int(left[k]), int(right[k])
        pa = person.get(a, state.resolve(str(state.person[a])) if a < n0 else None)
        if pa != person[b]:
            status[b - n0] = "review"
    return status


def _events(state: State, plan: Plan, scores: PairScores, left: np.ndarray,
            right: np.ndarray, person: dict[int, str], n0: int,
            new: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ids = {int(g): _record_id(state, new, int(g), n0) for g in plan.rows}
    for pid in plan.assignment.created:
        members = sorted(ids[g] for g, p in person.items() if p == pid)
        out.append({"kind": "created", "person": pid, "detail": {"records": members}})
    for g, p in sorted(person.items(), key=lambda kv: ids[kv[0]]):
        if g >= n0 and p in state.created:
            out.append({"kind": "joined", "person": p, "record": ids[g]})
    for alias, survivor in plan.assignment.merged:
        out.append({"kind": "merged", "person": survivor, "other": alias,
                    "detail": _merge_pair(state, scores, left, right, alias, survivor, ids)})
    for fresh, source in plan.assignment.split:
        members = sorted(ids[g] for g, p in person.items() if p == fresh)
        out.append({"kind": "split", "person": fresh, "other": source,
                    "detail": {"records": members}})
    return out


def _merge_pair(state: State, scores: PairScores, left: np.ndarray, right: np.ndarray,
                alias: str, survivor: str, ids: dict[int, str]) -> dict[str, Any]:
    """The strongest new pair that joined the two persons' records, and its reasons."""
    before = {g: str(state.person[g]) for g in ids if g < state.n}
    best, best_w = -1, -np.inf
    for k in range(left.size):
        a, b = int(left[k]), int(right[k])
        sides = {before.get(a), before.get(b)}
        if (alias in sides or survivor in sides) and scores.weight[k] > best_w:
            best, best_w = k, float(scores.weight[k])
    if best < 0:
        return {}
    a, b = int(left[best]), int(right[best])
    return {"pair": [ids.get(a, str(a)), ids.get(b, str(b))],
            "match_probability": round(float(scores.probability[best]), 4),
            "reasons": pair_reasons(state, scores, best)}
