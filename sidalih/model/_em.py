"""Expectation–maximisation for the Fellegi–Sunter mixture, on pattern counts.

Each distinct agreement pattern ``p`` (a row of levels, ``-1`` for null) occurs
``c_p`` times. Comparisons are conditionally independent given match status, so

    P(p | match)     = prod_j m_j[p_j]      (null comparisons left out)
    P(p | non-match) = prod_j u_j[p_j]

E-step: the posterior match probability ``r_p`` of each pattern. M-step:
``lambda = sum c_p r_p / sum c_p`` and ``m_j[l]`` the share of level ``l`` among the
expected matches that have a value for comparison ``j``, plus a small pseudo-count so
no level gets probability 0 (a level never seen among matches would otherwise weigh
minus infinity). ``u`` is normally fixed from random pairs; if it is freed it gets
the same update with ``1 - r_p``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["EMResult", "run_em", "level_table", "smoothed_frequencies", "monotone_init"]

# Keeps log(lambda / (1 - lambda)) finite when every or no candidate pair matches.
LAMBDA_BOUNDS = (1e-12, 1.0 - 1e-12)


@dataclass
class EMResult:
    m: list[np.ndarray]
    u: list[np.ndarray]
    lam: float
    n_iter: int
    converged: bool
    log_likelihood: float


def level_table(probabilities: Sequence[np.ndarray], *, null: float = 0.0) -> np.ndarray:
    """A (k, max_levels + 1) table: column 0 is the null level, column ``l + 1`` level ``l``."""
    width = max(len(p) for p in probabilities) + 1
    table = np.full((len(probabilities), width), null, dtype=np.float64)
    for j, p in enumerate(probabilities):
        table[j, 1 : len(p) + 1] = p
    return table


def smoothed_frequencies(
    patterns: np.ndarray, weights: np.ndarray, n_levels: Sequence[int], pseudo_count: float
) -> list[np.ndarray | None]:
    """Per comparison, ``(weighted count of level l + a) / (total + a * L)``.

    None where no pattern has a value for the comparison (nothing to learn from).
    """
    out: list[np.ndarray | None] = []
    for j, n in enumerate(n_levels):
        column = patterns[:, j]
        present = column >= 0
        counts = np.bincount(column[present], weights=weights[present], minlength=n)
        total = counts.sum()
        out.append(None if total <= 0 else (counts + pseudo_count) / (total + pseudo_count * n))
    return out


def monotone_init(n_levels: int, *, increasing: bool) -> np.ndarray:
    """Geometric start values, ratio 4 between neighbouring levels, summing to 1.

    >>> monotone_init(3, increasing=True).round(3).tolist()
    [0.048, 0.19, 0.762]
    """
    values = 4.0 ** np.arange(n_levels, dtype=np.float64)
    values = values if increasing else values[::-1]
    return values / values.sum()


def _e_step(
    patterns: np.ndarray, counts: np.ndarray, m: list[np.ndarray], u: list[np.ndarray], lam: float
) -> tuple[np.ndarray, float]:
    """Posterior match probability per pattern, and the mean log-likelihood per pair."""
    rows = np.arange(len(m))[None, :]
    index = patterns.astype(np.int64) + 1
    log_m = np.log(level_table(m, null=1.0))[rows, index].sum(axis=1)
    log_u = np.log(level_table(u, null=1.0))[rows, index].sum(axis=1)
    joint_m = np.log(lam) + log_m
    joint_u = np.log1p(-lam) + log_u
    total = np.logaddexp(joint_m, joint_u)
    posterior = np.exp(joint_m - total)
    return posterior, float((counts * total).sum() / counts.sum())


def _update(old: list[np.ndarray], new: list[np.ndarray | None]) -> tuple[list[np.ndarray], float]:
    merged = [o if n is None else n for o, n in zip(old, new, strict=True)]
    change = max(float(np.abs(a - b).max()) for a, b in zip(merged, old, strict=True))
    return merged, change


def run_em(
    patterns: np.ndarray,
    counts: np.ndarray,
    *,
    m: list[np.ndarray],
    u: list[np.ndarray],
    lam: float,
    fix_u: bool,
    fix_lambda: bool,
    fix_m: bool | Sequence[bool] = False,
    max_iter: int,
    tol: float,
    m_pseudo_count: float,
    u_pseudo_count: float,
) -> EMResult:
    """Iterate until no m, u or lambda moves by more than ``tol``, or ``max_iter`` steps."""
    n_levels = [len(p) for p in m]
    weights = counts.astype(np.float64)
    converged, n_iter = False, 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (read after the loop)
        posterior, _ = _e_step(patterns, counts, m, u, lam)
        expected = weights * posterior
        change = 0.0
        if fix_m is not True:
            fresh_m = smoothed_frequencies(patterns, expected, n_levels, m_pseudo_count)
            if fix_m is not False:  # a mask: only the comparisons not held are updated
                fresh_m = [None if held else f for f, held in zip(fresh_m, fix_m, strict=True)]
            m, change = _update(m, fresh_m)
        if not fix_u:
            fresh = smoothed_frequencies(patterns, weights - expected, n_levels, u_pseudo_count)
            u, u_change = _update(u, fresh)
            change = max(change, u_change)
        if not fix_lambda:
            new_lam = float(np.clip(expected.sum() / weights.sum(), *LAMBDA_BOUNDS))
            change = max(change, abs(new_lam - lam))
            lam = new_lam
        if change < tol:
            converged = True
            break
    _, log_likelihood = _e_step(patterns, counts, m, u, lam)
    return EMResult(m, u, lam, n_iter, converged, log_likelihood)
