"""Person ids: how a cluster found by the engine keeps, takes or gets its id.

Rules (the module docstring of :mod:`sidalih.registry` states them for users):

* a new person's id is ``"P"`` + 12 hex digits of BLAKE2b over the smallest record id
  among its records at creation (``#k`` appended, k = 1, 2..., when that id was ever
  given before), so it depends on which records form the person, not on row order;
* after re-clustering, each old person goes to the new cluster holding most of its
  records (tie: the cluster holding its smallest record id);
* a cluster that received old persons keeps the *oldest* one's id (created in the
  earliest commit; tie: the smaller id); the others become its aliases (a merge);
* a cluster that received none gets a new id: a split when it holds old records,
  a creation otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["person_id", "Assignment", "assign"]


def person_id(record_id: str, taken: Callable[[str], bool]) -> str:
    """The id of a new person founded on ``record_id`` (the smallest record id it holds).

    Examples
    --------
    >>> a = person_id("17", lambda p: False)
    >>> a, person_id("17", lambda p: p == a) != a
    ('P1828d371ff0b', True)
    """
    k = 0
    while True:
        text = record_id if k == 0 else f"{record_id}#{k}"
        candidate = "P" + hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
        if not taken(candidate):
            return candidate
        k += 1


@dataclass
class Assignment:
    """The person id of each row, and what changed."""

    person: list[str]
    created: list[str] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (alias, survivor)
    split: list[tuple[str, str]] = field(default_factory=list)  # (new, from old)


def assign(labels: np.ndarray, record_ids: Sequence[str], old: Sequence[str | None],
           created: Mapping[str, int], taken: Callable[[str], bool]) -> Assignment:
    """Person ids for clustered rows.

    ``labels``: a cluster label per row; ``old``: each row's person before (None for a
    new record); ``created``: each old person's creation commit.

    Examples
    --------
    >>> out = assign(np.array([0, 0, 2]), ["a", "b", "c"], ["P1", "P2", None],
    ...              {"P1": 3, "P2": 1}, lambda p: False)
    >>> out.person[:2], out.merged
    (['P2', 'P2'], [('P1', 'P2')])
    """
    n = len(record_ids)
    home: dict[str, int] = {}
    members: dict[str, list[int]] = {}
    for i in range(n):
        p = old[i]
        if p is not None:
            members.setdefault(p, []).append(i)
    for p, rows in members.items():
        counts: dict[int, int] = {}
        for i in rows:
            counts[int(labels[i])] = counts.get(int(labels[i]), 0) + 1
        smallest = min(rows, key=lambda i: record_ids[i])
        home[p] = max(counts, key=lambda c: (counts[c], c == int(labels[smallest]), -c))
    claims: dict[int, list[str]] = {}
    for p, cluster in home.items():
        claims.setdefault(cluster, []).append(p)
    out = Assignment(person=[""] * n)
    by_cluster: dict[int, list[int]] = {}
    for i in range(n):
        by_cluster.setdefault(int(labels[i]), []).append(i)
    issued: set[str] = set()
    for cluster in sorted(by_cluster, key=lambda c: min(record_ids[i] for i in by_cluster[c])):
        rows = by_cluster[cluster]
        owners = sorted(claims.get(cluster, []), key=lambda p: (created[p], p))
        if owners:
            pid = owners[0]
            out.merged.extend((alias, pid) for alias in owners[1:])
        else:
            first = min(record_ids[i] for i in rows)
            pid = person_id(first, lambda p: taken(p) or p in issued)
            issued.add(pid)
            olds = sorted({str(old[i]) for i in rows if old[i] is not None})
            if olds:
                out.split.extend((pid, str(o)) for o in olds)
            else:
                out.created.append(pid)
        for i in rows:
            out.person[i] = pid
    return out
