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
from typing import Any

import numpy as np

from sidalih.errors import InvalidParameterError
from sidalih.model._em import monotone_init, run_em

__all__ = ["Session", "session_m", "session_arguments"]

_MIN_SESSION_PAIRS = 20
_MIN_SESSION_LAMBDA = 1e-3
_MIN_M = 1e-3


@dataclass(frozen=True)
class Session:
    anchors: tuple[int, int]
    n_pairs: int
    coincidence: float
    expected_matches: float


def _as_list(value: Any) -> list[Any] | None:
    """A list from a list, tuple or 1-d array; None for anything else (text included)."""
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim == 1 else None
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    return None


def _is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def session_arguments(
    k: int, n_records: Any, anchors: Any, depends_on: Any
) -> tuple[int, list[bool] | None, list[list[int]] | None]:
    """Check :func:`session_m`'s arguments for ``k`` comparisons; return them as plain lists.

    Raises one InvalidParameterError listing every problem. NumPy integers, booleans
    and 1-d arrays are accepted wherever Python ints, bools and lists are.

    Examples
    --------
    >>> session_arguments(2, 100, np.array([True, False]), [[1], []])
    (100, [True, False], [[1], []])
    """
    problems = []
    if not _is_integer(n_records) or n_records < 0:
        problems.append(f"n_records must be an integer >= 0 (the records paired), got {n_records!r}")
    flags = None if anchors is None else _as_list(anchors)
    if anchors is not None and (
        flags is None or len(flags) != k or not all(isinstance(a, (bool, np.bool_)) for a in flags)
    ):
        problems.append(f"anchors must be {k} booleans, one per comparison, got {anchors!r}")
        flags = None
    parents = None if depends_on is None else _as_list(depends_on)
    if depends_on is not None:
        entries = [_as_list(entry) for entry in parents or []]
        if parents is None or len(parents) != k or any(
            entry is None or not all(_is_integer(j) and 0 <= j < k for j in entry)
            for entry in entries
        ):
            problems.append(
                f"depends_on must hold {k} lists, one per comparison, of comparison "
                f"positions in [0, {k - 1}], got {depends_on!r}"
            )
        else:
            parents = [[int(j) for j in entry or ()] for entry in entries]
    if problems:
        raise InvalidParameterError("invalid fit_sessions arguments: " + "; ".join(problems))
    return int(n_records), None if flags is None else [bool(a) for a in flags], parents


def session_m(table: tuple[np.ndarray, np.ndarray], u: list[np.ndarray], n_levels: list[int], *,
              n_records: int,
              anchors: Sequence[bool] | None = None,
              depends_on: Sequence[Sequence[int]] | None = None,
              max_coincidence: float = 0.001,
              max_iter: int = 50, tol: float = 1e-4, m_pseudo_count: float = 1e-3,
              u_pseudo_count: float = 1.0
              ) -> tuple[list[np.ndarray | None], list[Session], np.ndarray]:
    """m per comparison from anchored sessions (None where no session estimated it).

    ``table`` holds the candidate pairs' distinct level patterns and how often each
    occurs (:func:`~sidalih.model._patterns.count_patterns`): a session selects patterns,
    not pairs, so no session passes over the tens of millions of pairs of a national list.

    Also returns, per comparison, the expected number of matches its m was learned from.

    ``anchors`` marks the comparisons that identify a *person* and may anchor a session
    (a NIK, a name, a birth date); household or place keys (family card, village) agree
    for relatives too, so a session anchored on them mixes in look-alikes.
    ``depends_on[j]`` lists the comparisons that comparison ``j`` encodes in part (a NIK
    holds the birth date and sex): a session anchored on one of them does not estimate
    ``j``, whose agreement there would follow from the anchor rather than from identity.
    """
    k = len(n_levels)
    all_patterns, all_counts = table
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
        selected = ((all_patterns[:, a] == n_levels[a] - 1)
                    & (all_patterns[:, b] == n_levels[b] - 1))
        patterns, counts = all_patterns[selected], all_counts[selected]
        n_pairs = int(counts.sum())
        if n_pairs < _MIN_SESSION_PAIRS:
            continue
        # A session that is not match-rich (coincidental agreement is common at this
        # size) only estimates what is still missing, with everything already estimated
        # held: those comparisons then tell its coincidences from its matches.
        held = [False] * k if rich else [j in covered for j in range(k)]
        start = [totals[j] / weights[j] if held[j] else monotone_init(n, increasing=True)
                 for j, n in enumerate(n_levels)]
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
            for t, w in zip(totals, weights, strict=True)], sessions, weights


def _floored(m: np.ndarray) -> np.ndarray:
    """No level is impossible among matches: a typo in sex or a wrong birth date happens.

    Without the floor, a level never seen among the session's matches would weigh
    minus tens of bits and veto a match on its own.
    """
    out = np.maximum(m, _MIN_M)
    return out / out.sum()
