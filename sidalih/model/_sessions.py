"""Estimating m in *sessions*: EM on subsets of pairs where identifying fields agree.

Candidate pairs from blocking are dominated by non-matches that are far from random:
household members share a family card, village and address. A two-class EM over all
candidate pairs then tends to find "same household" rather than "same person". Splink
meets this with training sessions per blocking rule; we define sessions by comparison
levels instead, which works for any columns:

1. A session is anchored on two comparisons, both at their top (exact) level. Among
   random pairs such agreement happens with probability ``u_a * u_b``; sessions are
   taken in increasing order of that coincidence rate, while it stays below
   ``max_coincidence / n_records`` (at most ``max_coincidence / 2`` coincidental pairs
   per record, so the session is mostly true matches), and beyond it
   only as needed until every comparison is estimated in a session not anchored on it.
2. In each session EM (u free) estimates m of the comparisons that are *not* anchors. A
   session taken only for coverage (not match-rich) holds the m already estimated and
   learns only the missing ones.
3. Each comparison's m is the average over its sessions, weighted by the session's
   expected number of matches.

The final fit then holds those m fixed and lets u and lambda (and the m of any comparison
no session estimated) be estimated over all candidate pairs, so u describes the
non-matches that blocking actually produces. Only comparisons marked as *anchors*
(person identifiers) anchor sessions.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sidalih.model._em import monotone_init, run_em
from sidalih.model._patterns import count_patterns

__all__ = ["Session", "session_m"]

_MIN_SESSION_PAIRS = 20
_MIN_SESSION_LAMBDA = 1e-3
_MIN_M = 1e-3


@dataclass(frozen=True)
class Session:
    anchors: tuple[int, int]
    n_pairs: int
    coincidence: float
    expected_matches: float


def session_m(gamma: np.ndarray, u: list[np.ndarray], n_levels: list[int], *, n_records: int,
              anchors: Sequence[bool] | None = None,
              depends_on: Sequence[Sequence[int]] | None = None,
              max_coincidence: float = 0.001,
              max_iter: int = 50, tol: float = 1e-4, m_pseudo_count: float = 1e-3,
              u_pseudo_count: float = 1.0) -> tuple[list[np.ndarray | None], list[Session]]:
    """m per comparison from anchored sessions (None where no session estimated it).

    ``anchors`` marks the comparisons that identify a *person* and may anchor a session
    (a NIK, a name, a birth date); household or place keys (family card, village) agree
    for relatives too, so a session anchored on them mixes in look-alikes.
    ``depends_on[j]`` lists the comparisons that comparison ``j`` encodes in part (a NIK
    holds the birth date and sex): a session anchored on one of them does not estimate
    ``j``, whose agreement there would follow from the anchor rather than from identity.
    """
    k = len(n_levels)
    totals = [np.zeros(n) for n in n_levels]
    weights = np.zeros(k)
    sessions: list[Session] = []
    covered: set[int] = set()
    bound = max_coincidence / max(n_records, 1)
    eligible = [j for j in range(k) if anchors is None or anchors[j]]
    ranked = sorted(itertools.combinations(eligible, 2),
                    key=lambda ab: float(u[ab[0]][-1] * u[ab[1]][-1]))
    for a, b in ranked:
        rate = float(u[a][-1] * u[b][-1])
        estimated = {j for j in range(k) if j not in (a, b)
                     and not (depends_on and {a, b} & set(depends_on[j]))}
        rich = rate <= bound
        if not rich and estimated <= covered:
            continue  # not match-rich, and adds nothing that is still missing
        selected = (gamma[:, a] == n_levels[a] - 1) & (gamma[:, b] == n_levels[b] - 1)
        n_pairs = int(selected.sum())
        if n_pairs < _MIN_SESSION_PAIRS:
            continue
        # A session that is not match-rich (coincidental agreement is common at this
        # size) only estimates what is still missing, with everything already estimated
        # held: those comparisons then tell its coincidences from its matches.
        held = [False] * k if rich else [j in covered for j in range(k)]
        start = [totals[j] / weights[j] if held[j] else monotone_init(n, increasing=True)
                 for j, n in enumerate(n_levels)]
        patterns, counts = count_patterns(gamma[selected], n_levels)
        result = run_em(patterns, counts, m=start, u=[x.copy() for x in u], lam=0.5,
                        fix_u=False, fix_lambda=False, fix_m=held, max_iter=max_iter, tol=tol,
                        m_pseudo_count=m_pseudo_count, u_pseudo_count=u_pseudo_count)
        if result.lam < _MIN_SESSION_LAMBDA:
            continue  # no matches found: the session says nothing about m
        expected = result.lam * n_pairs
        sessions.append(Session((a, b), n_pairs, rate, expected))
        learned = estimated if rich else estimated - covered
        for j in learned:
            totals[j] += expected * result.m[j]
            weights[j] += expected
        covered |= learned
    return [_floored(t / w) if w > 0 else None
            for t, w in zip(totals, weights, strict=True)], sessions


def _floored(m: np.ndarray) -> np.ndarray:
    """No level is impossible among matches: a typo in sex or a wrong birth date happens.

    Without the floor, a level never seen among the session's matches would weigh
    minus tens of bits and veto a match on its own.
    """
    out = np.maximum(m, _MIN_M)
    return out / out.sum()
