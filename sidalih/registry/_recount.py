"""A recount: term frequencies counted again over the records held, every pair re-scored.

An ``add`` scores with the frequencies frozen at the last recount (at ``create`` first),
so that the persons are a function of the records held, whatever the order or batches
of the adds. As the list drifts from the one they were counted on, :meth:`Registry.recount`
counts them again over the records held, rebuilds the key index (a removal's shrunken
blocks give their pairs again), scores every candidate pair with the registry's model
and re-clusters everyone, as a batch run with that model would. It costs a batch run's
blocking, scoring and clustering (not its fit); person ids follow :mod:`._ids`, each
change logged as a merge or a split.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sidalih.engine._score import cluster_bounds, cluster_weights
from sidalih.registry._freq import Frequencies
from sidalih.registry._ids import Assignment
from sidalih.registry._index import KeyIndex
from sidalih.registry._state import State, smoothed_columns, tf_columns
from sidalih.registry._update import held_links, recluster, regroup, score_local

__all__ = ["Recount", "plan_recount"]


@dataclass
class Recount:
    """What one recount writes, and the in-memory state after it."""

    rows: np.ndarray  # every held row, ordered by record id
    assignment: Assignment
    links: tuple[np.ndarray, np.ndarray, np.ndarray]  # decisive pairs (a < b), weight
    held: tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]  # links, cannot-links
    index: KeyIndex
    freq: Frequencies
    events: list[dict[str, Any]]


def plan_recount(state: State) -> Recount:
    rows = state.active_rows()
    freq = Frequencies.build(state.records, state.active, tf_columns(state.model), frozen=True,
                             smoothed=smoothed_columns(state.model))
    held = state.records[rows]
    index = KeyIndex(held, rows, state.rules, bound=state.settings.max_block_size)
    q, r = index.candidates(held)
    q = rows[q]
    keep = r < q
    left, right = r[keep], q[keep]
    swap = state.ids[left] > state.ids[right]  # as an add orients them: by record id
    counted = replace(state, freq=freq)
    scores = score_local(counted, np.zeros(0, np.int64), held[:0], np.where(swap, right, left),
                         np.where(swap, left, right))
    weight = cluster_weights(scores.weight, scores.verdict, state.model)
    threshold, forbid = cluster_bounds(state.model)
    strong, veto = held_links(weight, state.model)
    links = (left[strong], right[strong], weight[strong])
    cannot = (left[veto].astype(np.int32), right[veto].astype(np.int32))
    labels, order = recluster(rows, state.ids, state.active, links, cannot, threshold, forbid)
    assignment, events = regroup(state, labels, order, {"after_recount": True})
    decisive = strong | veto
    return Recount(order, assignment, (left[decisive], right[decisive], weight[decisive]),
                   (links, cannot), index, freq, events)
