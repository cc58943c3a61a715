"""An ``add``, computed in memory before anything is written.

New rows are scored against the records they share a block with (the key index, the
new rows included), with the registry's frozen term frequencies, each pair oriented by
record id (the smaller id on the left, whose frequency a term-frequency adjustment
reads), so a pair's weight does not depend on when, or in which order, its records
arrived. A block that the batch makes pass the bound is refined from then on: the
stored pairs of its old rows that the refined index no longer gives are dropped, as a
batch run on the final list would not compare them. The *affected* rows are the new
ones, the ends of dropped pairs, the persons they link to, and every person those
reach through stored links above the threshold; they are clustered again, exactly as
the batch run clusters a component (strongest pair first, never across a veto), from
the stored links among them plus the new ones. Person ids then follow :mod:`._ids`.
Every step costs the batch and the rows it reaches: the index is extended, not
rebuilt, and links are found through row masks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from sidalih.cluster import cluster_pairs
from sidalih.compare import ColumnCache
from sidalih.engine import score_pairs
from sidalih.engine._judgement import NIK_CLASH
from sidalih.engine._reasons import reasons
from sidalih.engine._score import (
    PairScores,
    cluster_bounds,
    cluster_weights,
    lowest_yielding,
    verdict_names,
    yielding_bands,
)
from sidalih.engine._tf import frequency_column
from sidalih.registry._freq import Frequencies
from sidalih.registry._ids import Assignment, assign
from sidalih.registry._index import KeyIndex, rule_hashes
from sidalih.registry._state import State

__all__ = ["Plan", "plan_add", "plan_remove", "score_local", "score_queries", "pair_reasons",
           "recluster", "held_links", "stored_from"]


@dataclass
class Plan:
    """Everything one ``add`` will write, and the in-memory state after it."""

    new: pl.DataFrame  # prepared new rows (no frequency columns)
    rows: np.ndarray  # affected rows (global), re-clustered
    assignment: Assignment
    old_person: list[str | None]
    links: tuple[np.ndarray, np.ndarray, np.ndarray]  # new decisive pairs (a < b), weight
    dropped: tuple[np.ndarray, np.ndarray]  # stored pairs (a < b) no longer compared
    held: tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]  # links, cannot-links after
    status: list[str]
    reviews: dict[tuple[int, str], int]  # (new row, other person) -> the pair that says why
    index: KeyIndex  # with the new rows
    freq: Frequencies  # frozen counts; the new rows given their codes
    events: list[dict[str, Any]] = field(default_factory=list)


def score_local(state: State, rows: np.ndarray, extra: pl.DataFrame, left: np.ndarray,
                right: np.ndarray) -> PairScores:
    """Score pairs of global rows; rows >= ``state.n`` are ``extra``'s (in order).

    One small frame holds the registry rows involved then ``extra`` (which carries its
    own frequency columns); the registry rows get their frequencies over the records
    held, so the weights are the whole list's.
    """
    held = np.unique(np.concatenate([left[left < state.n], right[right < state.n], rows]))
    frame = state.frequencies_of(held)
    if extra.height:
        frame = pl.concat([frame, extra.select(frame.columns)], how="vertical")
    local = np.full(state.n + extra.height, -1, dtype=np.int64)
    local[held] = np.arange(held.size)
    local[state.n:] = held.size + np.arange(extra.height)
    return score_pairs(state.model, ColumnCache(frame), local[left], local[right])


def score_queries(state: State, queries: pl.DataFrame, q: np.ndarray,
                  r: np.ndarray) -> PairScores:
    """Score the pairs (held row ``r[i]``, query row ``q[i]``) of a look-up.

    :func:`score_local` with no frequency columns on the queries: a query's own
    frequency is never read (a term-frequency adjustment takes the left, held, row's).
    The frame is built with one gather, one concatenation and the frequency columns.
    """
    held = np.unique(r)
    # the queries have the records' columns and types (conformed), so a vstack joins
    # them (~50 us less than a concat); polars gathers by a Series faster than by a
    # numpy array, which it converts through several checks
    frame = state.records[pl.Series(held)].vstack(queries)
    ones = np.ones(queries.height, dtype=np.float64)
    # put beside the columns (hstack), not through a query (with_columns): a tenth of
    # a millisecond a look-up; the records never hold a frequency column
    frame = frame.hstack([
        pl.Series(frequency_column(c), np.concatenate([state.freq.frequency(c, held), ones]))
        for c in state.freq.columns])
    return score_pairs(state.model, ColumnCache(frame), np.searchsorted(held, r),
                       held.size + q)


def pair_reasons(state: State, scores: PairScores, k: int, *, lang: str = "id") -> str:
    gamma = scores.gamma[k:k + 1]
    tf = {name: values[k:k + 1] for name, values in scores.tf.items()}
    contributions = state.model.fs.contributions(gamma, tf_adjustments=tf)
    return str(reasons(gamma, contributions, state.model.comparisons,
                       verdict_names(scores.verdict[k:k + 1]), lang=lang)[0])


def plan_add(state: State, new: pl.DataFrame, *, review_floor: float) -> Plan:
    n0, m = state.n, new.height
    rows_new = n0 + np.arange(m, dtype=np.int64)
    freq = state.freq.plus(new)
    extra = freq.attach(new, rows_new)
    base = rule_hashes(new, state.rules)
    records = pl.concat([state.records, new.select(state.records.columns)], how="vertical")
    index = state.index.insert(records, rows_new, base)
    q, r = index.candidates(new, base)
    q = q + n0
    keep = r < q  # a new-new pair once, never a row with itself
    left, right = r[keep], q[keep]
    new_ids = [str(x) for x in new["id"].to_list()]
    ids = np.concatenate([state.ids, np.array(new_ids, dtype=object)])
    swap = ids[left] > ids[right]  # the smaller record id on the left, whatever arrived first
    scores = score_local(state, np.zeros(0, np.int64), extra, np.where(swap, right, left),
                         np.where(swap, left, right))
    weight = cluster_weights(scores.weight, scores.verdict, state.model)
    threshold, forbid = cluster_bounds(state.model)
    strong, veto = held_links(weight, state.model)
    decisive = strong | veto
    gone_links, gone_cannot = _no_longer_compared(state, index, records)
    links = tuple(np.concatenate([x[~gone_links], y[strong]]) for x, y in
                  zip(state.links, (left, right, weight), strict=True))
    cannot = tuple(np.concatenate([x[~gone_cannot], y[veto].astype(np.int32)]) for x, y in
                   zip(state.cannot, (left, right), strict=True))
    dropped = (np.concatenate([state.links[0][gone_links],
                               state.cannot[0][gone_cannot]]).astype(np.int64),
               np.concatenate([state.links[1][gone_links],
                               state.cannot[1][gone_cannot]]).astype(np.int64))
    alive = np.concatenate([state.active, np.ones(m, dtype=bool)])
    ends = np.concatenate(dropped)
    start = np.unique(np.concatenate([rows_new, ends[alive[ends]]]))
    rows = _affected(state, alive, links, start)
    labels, order = recluster(rows, ids, alive, links, cannot, threshold, forbid)
    old = [None if i >= n0 else str(state.person[i]) for i in order]
    assignment = assign(labels, [str(ids[i]) for i in order], old, state.created,
                        lambda p: p in state.created)
    person = dict(zip(order.tolist(), assignment.person, strict=True))
    reviews = _reviews(state, scores, left, right, person, review_floor)
    status = _status(state, person, n0, m, reviews)
    plan = Plan(new, order, assignment, old,
                (left[decisive], right[decisive], weight[decisive]), dropped,
                (links, cannot), status, reviews, index, freq)
    plan.events = _events(state, plan, scores, left, right, person, n0, ids)
    return plan


def _no_longer_compared(state: State, index: KeyIndex, records: pl.DataFrame
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Masks over the stored links and cannot-links: pairs with an end in a block that
    this add made pass the bound (``index.crossed``) that the refined index no longer
    gives, so that the pairs held are those of the final block sizes, as in a batch run."""
    crossed = index.crossed
    touched = np.zeros(records.height, dtype=bool)
    touched[crossed] = True
    out = []
    for a, b in (state.links[:2], state.cannot):
        out.append(touched[a] | touched[b])
    if not any(mask.any() for mask in out):
        return out[0], out[1]
    q, r = index.candidates(records[crossed])
    width = np.int64(records.height)
    given = np.unique(np.concatenate([crossed[q] * width + r, r * width + crossed[q]]))
    for mask, (a, b) in zip(out, (state.links[:2], state.cannot), strict=True):
        at = np.flatnonzero(mask)
        key = a[at].astype(np.int64) * width + b[at].astype(np.int64)
        mask[at] = ~np.isin(key, given)
    return out[0], out[1]


def _affected(state: State, alive: np.ndarray, links: tuple[np.ndarray, ...],
              start: np.ndarray) -> np.ndarray:
    """``start`` plus every row reachable from it through links at the threshold
    between records held.

    That is also every held record of every person reached: a person is a cluster, and
    clustering joins rows only through such links (at ``create``, ``add`` and
    ``remove`` alike), so its records are connected by them.
    """
    a, b = links[0], links[1]
    ok = alive[a] & alive[b]  # a removed record bridges nobody
    a, b = a[ok], b[ok]
    inside = np.zeros(alive.size, dtype=bool)
    inside[start] = True
    frontier = start
    while frontier.size:
        mark = np.zeros(alive.size, dtype=bool)
        mark[frontier] = True
        hit = mark[a] | mark[b]
        found = np.unique(np.concatenate([a[hit], b[hit]]))
        frontier = found[~inside[found]]
        inside[frontier] = True
    return np.flatnonzero(inside).astype(np.int64)


def held_links(weight: np.ndarray, model: Any) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the pairs a registry keeps as links (merged at the threshold, or a veto
    that yields to a bridge: :data:`sidalih.engine._score.YIELDING` and
    :data:`~sidalih.engine._score.YIELDING_TO_CERTAIN`, kept with its weight) and as
    cannot-links (every other pair below the cannot-link bound)."""
    threshold, forbid = cluster_bounds(model)
    lowest = lowest_yielding(model)
    soft = ((weight >= lowest) & (weight < forbid) if lowest is not None
            else np.zeros(weight.shape, dtype=np.bool_))
    return (weight >= threshold) | soft, (weight < forbid) & ~soft


def stored_from(model: Any) -> float:
    """The weight from which a registry stores a link's weight (below: a cannot-link,
    stored without one): the lowest band of vetoes that yield, or the threshold."""
    lowest = lowest_yielding(model)
    return lowest if lowest is not None else cluster_bounds(model)[0]


def recluster(rows: np.ndarray, ids: np.ndarray, alive: np.ndarray,
              links: tuple[np.ndarray, ...], cannot: tuple[np.ndarray, ...],
              threshold: float, forbid: float) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels of ``rows``, ordered by record id (order-independent ties), from
    the links among them (links touching a removed row left out).

    ``links`` hold the vetoes that yield with their weight (:func:`held_links`), so that
    a third record merged with both of their records (for namesakes, identical to both)
    lifts them as a batch run does; ``cannot`` the others, scored below those bands."""
    order = rows[np.argsort(ids[rows], kind="stable")]
    chosen = np.zeros(alive.size, dtype=bool)
    chosen[order] = True
    chosen &= alive
    local = np.full(alive.size, -1, dtype=np.int64)
    local[order] = np.arange(order.size)
    a, b, w = links
    inside = chosen[a] & chosen[b]
    ca, cb = cannot
    apart = chosen[ca] & chosen[cb]
    la = np.concatenate([local[a[inside]], local[ca[apart]]])
    lb = np.concatenate([local[b[inside]], local[cb[apart]]])
    # below the bands of the vetoes that yield (see cluster_weights)
    weight = np.concatenate([w[inside], np.full(int(apart.sum()), forbid - 2.0)])
    yielding, certain = yielding_bands(threshold, forbid)
    labels = cluster_pairs(order.size, la, lb, weight, threshold=threshold,
                           forbid_below=forbid, yielding_from=yielding,
                           yielding_to_certain=certain)
    return labels, order


def _status(state: State, person: dict[int, str], n0: int, m: int,
            reviews: dict[tuple[int, str], int]) -> list[str]:
    """Per new row: ``review`` where a pair puts it up for review (:func:`_reviews`),
    else ``existing`` (it joined a person held before) or ``new``."""
    status = ["existing" if person[i] in state.created else "new" for i in range(n0, n0 + m)]
    for row, _ in reviews:
        status[row - n0] = "review"
    return status


def _reviews(state: State, scores: PairScores, left: np.ndarray, right: np.ndarray,
             person: dict[int, str], review_floor: float) -> dict[tuple[int, str], int]:
    """The pairs that put a new record up for review, as ``(new row, other person) ->
    pair``, the strongest pair where several do.

    A new pair whose records are two persons after the add puts its new records up for
    review (a held one was registered before) where the model scored it in the review
    band (``review_floor`` to the threshold: a possible match not taken) or where it is
    one NIK on two people (``nik_clash``, kept apart whatever its probability: a clerk
    copied a household member's NIK and one of the two records holds a wrong one, so
    the batch run lists such a pair for review too).
    """
    probability = scores.probability
    band = (probability >= review_floor) & (probability < state.model.threshold)
    out: dict[tuple[int, str], int] = {}
    for k in np.flatnonzero(band | (scores.verdict == NIK_CLASH)):
        a, b = int(left[k]), int(right[k])
        pa, pb = (person[g] if g in person else state.resolve(str(state.person[g]))
                  for g in (a, b))
        if pa == pb:
            continue
        for row, other in ((a, pb), (b, pa)):
            if row >= state.n:
                seen = out.get((row, other))
                if seen is None or scores.weight[k] > scores.weight[seen]:
                    out[(row, other)] = int(k)
    return out


def _events(state: State, plan: Plan, scores: PairScores, left: np.ndarray,
            right: np.ndarray, person: dict[int, str], n0: int,
            ids: np.ndarray) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    holding: dict[str, list[str]] = {}
    for g, p in person.items():
        holding.setdefault(p, []).append(str(ids[g]))
    for pid in plan.assignment.created:
        out.append({"kind": "created", "person": pid, "detail": {"records": sorted(holding[pid])}})
    for g, p in sorted(person.items(), key=lambda kv: str(ids[kv[0]])):
        if g >= n0 and p in state.created:
            out.append({"kind": "joined", "person": p, "record": str(ids[g])})
    if plan.assignment.merged:
        sides = (_before(state, left), _before(state, right))
    dropped = [sorted((str(ids[a]), str(ids[b]))) for a, b in zip(*plan.dropped, strict=True)]
    for alias, survivor in plan.assignment.merged:
        why = _merge_pair(state, scores, left, right, sides, (alias, survivor), ids)
        if not why:  # no new pair: a pair that kept them apart is no longer compared
            why = {"no_longer_compared": _touching(dropped, holding[survivor])}
        out.append({"kind": "merged", "person": survivor, "other": alias, "detail": why})
    for fresh, source in plan.assignment.split:
        detail: dict[str, Any] = {"records": sorted(holding[fresh])}
        gone = _touching(dropped, holding[fresh])
        if gone:  # its block passed the bound: the pairs that held it are not compared
            detail["no_longer_compared"] = gone
        out.append({"kind": "split", "person": fresh, "other": source, "detail": detail})
    return out + _review_events(state, plan.reviews, scores, left, right, person, ids)


def _review_events(state: State, reviews: dict[tuple[int, str], int], scores: PairScores,
                   left: np.ndarray, right: np.ndarray, person: dict[int, str],
                   ids: np.ndarray) -> list[dict[str, Any]]:
    """One ``review`` event per new record and other person it was put up for review
    against (:func:`_reviews`): the pair, its verdict, probability and reasons, ordered
    by record id then person. The reasons are worded in one call."""
    chosen = sorted(reviews.items(), key=lambda kv: (str(ids[kv[0][0]]), kv[0][1]))
    if not chosen:
        return []
    ks = np.array([k for _, k in chosen], dtype=np.int64)
    gamma = scores.gamma[ks]
    tf = {name: values[ks] for name, values in scores.tf.items()}
    verdicts = verdict_names(scores.verdict[ks])
    said = reasons(gamma, state.model.fs.contributions(gamma, tf_adjustments=tf),
                   state.model.comparisons, verdicts)
    out = []
    for ((row, other), k), verdict, why in zip(chosen, verdicts, said, strict=True):
        pair = sorted((str(ids[left[k]]), str(ids[right[k]])))
        out.append({"kind": "review", "person": person[row], "other": other,
                    "record": str(ids[row]),
                    "detail": {"pair": pair, "verdict": str(verdict),
                               "match_probability": round(float(scores.probability[k]), 4),
                               "reasons": why}})
    return out


def _touching(pairs: list[list[str]], records: list[str]) -> list[list[str]]:
    """The pairs (record ids) with an end among ``records``, sorted."""
    held = set(records)
    return sorted(p for p in pairs if p[0] in held or p[1] in held)


def _before(state: State, rows: np.ndarray) -> np.ndarray:
    """Each row's person before this add (None for a new row), as an object array."""
    out = np.full(rows.size, None, dtype=object)
    held = rows < state.n
    out[held] = state.person[rows[held]]
    return out


def _merge_pair(state: State, scores: PairScores, left: np.ndarray, right: np.ndarray,
                sides: tuple[np.ndarray, np.ndarray], persons: tuple[str, str],
                ids: np.ndarray) -> dict[str, Any]:
    """Why two persons merged: the strongest new pair that reached the person merged
    away (``pair``), and the one that reached the survivor (``with_survivor``)."""
    alias, survivor = persons
    out = _strongest(state, scores, left, right, sides, alias, ids)
    other = _strongest(state, scores, left, right, sides, survivor, ids)
    if other and other["pair"] != out.get("pair"):
        out["with_survivor"] = other
    return out or other


def _strongest(state: State, scores: PairScores, left: np.ndarray, right: np.ndarray,
               sides: tuple[np.ndarray, np.ndarray], person: str,
               ids: np.ndarray) -> dict[str, Any]:
    # object arrays: compare by equality, never sort None with text
    touches = (sides[0] == person) | (sides[1] == person)
    if not touches.any():
        return {}
    candidates = np.flatnonzero(touches)
    best = int(candidates[np.argmax(scores.weight[candidates])])
    a, b = int(left[best]), int(right[best])
    return {"pair": [str(ids[a]), str(ids[b])],
            "match_probability": round(float(scores.probability[best]), 4),
            "reasons": pair_reasons(state, scores, best)}


@dataclass
class Removal:
    """What one ``remove`` changes besides marking the rows: the persons re-clustered."""

    rows: np.ndarray  # held rows re-clustered, ordered by record id
    assignment: Assignment
    events: list[dict[str, Any]]


def plan_remove(state: State, removed: np.ndarray) -> Removal:
    """Re-cluster what the removed rows held together: a person whose bridging record
    leaves splits (the part with most records keeps the id), and a part freed from a
    veto may join another person (a merge), as a batch run without those rows would.

    ``removed`` are held rows; the removal events are the caller's.
    """
    alive = state.active.copy()
    alive[removed] = False
    # the held neighbours of the removed rows reach every held record of their persons
    a, b = state.links[0], state.links[1]
    gone = ~alive & state.active
    near = np.concatenate([b[gone[a]], a[gone[b]]])
    start = np.unique(near[alive[near]]).astype(np.int64)
    if start.size == 0:
        return Removal(start, Assignment(person=[]), [])
    threshold, forbid = cluster_bounds(state.model)
    rows = _affected(state, alive, state.links, start)
    labels, order = recluster(rows, state.ids, alive, state.links, state.cannot,
                              threshold, forbid)
    gone = sorted(str(state.ids[g]) for g in removed)
    assignment, events = regroup(state, labels, order, {"after_removal": gone})
    return Removal(order, assignment, events)


def regroup(state: State, labels: np.ndarray, order: np.ndarray,
            why: dict[str, Any]) -> tuple[Assignment, list[dict[str, Any]]]:
    """Person ids for re-clustered held rows (``order``), and a split or merge event, with
    ``why`` in its detail, for each person that changed (a removal, a recount)."""
    ids = [str(state.ids[g]) for g in order]
    old: list[str | None] = [str(state.person[g]) for g in order]
    assignment = assign(labels, ids, old, state.created, lambda p: p in state.created)
    holding: dict[str, list[str]] = {}
    for record, p in zip(ids, assignment.person, strict=True):
        holding.setdefault(p, []).append(record)
    events: list[dict[str, Any]] = [
        {"kind": "split", "person": fresh, "other": source,
         "detail": {"records": sorted(holding[fresh]), **why}}
        for fresh, source in assignment.split]
    events += [{"kind": "merged", "person": survivor, "other": alias, "detail": dict(why)}
               for alias, survivor in assignment.merged]
    return assignment, events
