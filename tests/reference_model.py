"""Naive references for sidalih.model and sidalih.cluster: slow, obvious, per pair.

Nothing here is shared with the code under test: the references loop over pairs and
use Python sets, so agreement with the pattern-count EM and the union–find kernels is
evidence that those are right.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

# ------------------------------------------------------------------ Fellegi–Sunter


def naive_match_weight(
    gamma: Sequence[Sequence[int]],
    m: Sequence[Sequence[float]],
    u: Sequence[Sequence[float]],
    lam: float,
) -> list[float]:
    """Prior weight plus log2(m/u) of every non-null level, pair by pair."""
    out = []
    for row in gamma:
        total = math.log2(lam / (1.0 - lam))
        for j, level in enumerate(row):
            if level >= 0:
                total += math.log2(m[j][level] / u[j][level])
        out.append(total)
    return out


def _smoothed(sums: list[float], pseudo: float) -> list[float] | None:
    total = sum(sums)
    if total <= 0:
        return None
    return [(s + pseudo) / (total + pseudo * len(sums)) for s in sums]


def naive_em(
    gamma: Sequence[Sequence[int]],
    m: list[list[float]],
    u: list[list[float]],
    lam: float,
    *,
    n_iter: int,
    fix_u: bool,
    m_pseudo: float,
    u_pseudo: float,
) -> tuple[list[list[float]], list[list[float]], float]:
    """``n_iter`` EM steps over the pairs one by one (no pattern counting)."""
    for _ in range(n_iter):
        post = []
        for row in gamma:
            pm, pu = lam, 1.0 - lam
            for j, level in enumerate(row):
                if level >= 0:
                    pm *= m[j][level]
                    pu *= u[j][level]
            post.append(pm / (pm + pu))
        new_m, new_u = [], []
        for j in range(len(m)):
            sm = [0.0] * len(m[j])
            su = [0.0] * len(m[j])
            for row, r in zip(gamma, post, strict=True):
                if row[j] >= 0:
                    sm[row[j]] += r
                    su[row[j]] += 1.0 - r
            new_m.append(_smoothed(sm, m_pseudo) or m[j])
            new_u.append(_smoothed(su, u_pseudo) or u[j])
        m = new_m
        u = u if fix_u else new_u
        lam = min(max(sum(post) / len(post), 1e-12), 1.0 - 1e-12)
    return m, u, lam


# ------------------------------------------------------------------ clustering


def naive_components(n: int, left: Sequence[int], right: Sequence[int]) -> list[int]:
    """Breadth-first search; each row labelled with the smallest row it reaches."""
    adjacency: list[set[int]] = [set() for _ in range(n)]
    for a, b in zip(left, right, strict=True):
        adjacency[a].add(b)
        adjacency[b].add(a)
    labels = [-1] * n
    for start in range(n):
        if labels[start] != -1:
            continue
        seen, queue = [start], deque([start])
        labels[start] = start
        while queue:
            row = queue.popleft()
            for other in adjacency[row]:
                if labels[other] == -1:
                    labels[other] = start
                    seen.append(other)
                    queue.append(other)
    return labels


def naive_guarded_clusters(
    n: int,
    left: Sequence[int],
    right: Sequence[int],
    weight: Sequence[float],
    *,
    threshold: float,
    forbid_below: float | None,
    max_size: int | None,
) -> list[int]:
    """Greedy merging with explicit member sets, strongest pair first."""
    cannot = {
        frozenset((a, b))
        for a, b, w in zip(left, right, weight, strict=True)
        if forbid_below is not None and w < forbid_below and a != b
    }
    candidates = sorted(
        (-w, min(a, b), max(a, b))
        for a, b, w in zip(left, right, weight, strict=True)
        if w >= threshold
    )
    cluster_of = list(range(n))
    members = {i: {i} for i in range(n)}
    for _, a, b in candidates:
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        joined = members[ca] | members[cb]
        if max_size is not None and len(joined) > max_size:
            continue
        if any(frozenset((x, y)) in cannot for x in members[ca] for y in members[cb]):
            continue
        for row in members[cb]:
            cluster_of[row] = ca
        members[ca] = joined
        del members[cb]
    return [min(members[cluster_of[i]]) for i in range(n)]
