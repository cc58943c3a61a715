"""Weights that mean the same in a village list and in the national list.

A pair's match weight is ``log2(lambda / (1 - lambda)) + sum log2(m / u)``. If ``u`` and
``lambda`` describe the *candidate pairs* that blocking produced, every weight depends on
how many pairs blocking made and of what kind: a list with a huge placeholder-date block
gets a tiny lambda and loses every duplicate, and in a village list, where every
candidate pair shares the village, "same village" comes out as evidence *against* a
match. So here both describe **two records drawn at random from the list**:

- ``u`` per level is the level's frequency among uniformly random pairs of the list
  (never the candidate pairs), less the expected share of true matches among them
  (``lambda * m``): in a 1,000-row village list a million random pairs hold every
  duplicate pair many times over, and counting them as non-matches would make
  agreement on a NIK look common. Every level gets the same pseudo-count, so the
  strongest agreements are bounded by the sample's resolution, equally for every size.
- ``lambda`` is the probability that two random records of the list are one person. It
  is the fixed point of ``lambda = E[matches among candidate pairs] / all pairs``: the
  posterior match probabilities of the candidate pairs, summed, are the expected number
  of duplicate pairs (blocking is built to keep nearly all of them), and all pairs are
  ``n (n - 1) / 2`` (``n_left * n_right`` for a linkage).

Why this keeps a pair's weight when the list grows: for a random sub-list, ``lambda`` and
``u`` are unchanged; for a geographic one (a village out of a regency), ``lambda`` grows
with ``1 / n`` and ``u`` of "same village" grows with it, so their sum for a same-village
pair stays put. The weights of a single comparison do change with the list ("same
village" is worth nothing in a village list, where every pair shares it); the total does
not.

``m`` (what matches look like) is a property of how lists are made, not of their size:
it comes from anchored sessions (:mod:`._sessions`), pulled toward the shipped national
default (:meth:`sidalih.Model.default`) by ``prior_strength`` pseudo-matches, so a list
with few duplicates is scored with the default's ``m`` and a large one with its own.

Dependent facts are counted once. A comparison's u can be measured among random pairs
for which another comparison's value is shared (``u_within``: names and birth dates
within a family card, a family card within a village, ...), and a code compared by
prefixes conditions at each of its levels: u among random pairs of one village, then
of one district in two villages, then of one regency in two districts. Without the
coarser levels a pair of one district but two villages was credited with the
country's u for its birthplace and alike names, though people of one district are
mostly born in one place and share local names: a birthplace agreement worth 0.6 bit
there was scored +4.8 bits, and the probabilities of pairs without a NIK came out far
too high (missing_nik 200k: 6-28 % true in the 0.5-0.9 bins; 34-92 % now). This needs
no labels: each u is the frequency among random pairs at the pair's own distance.

One comparison's ``m`` is measured by place too: the family card's. A card changes
when its holder moves (DOMAIN.md), so one person listed twice in one village nearly
always keeps one card and in two villages mostly has a new one; one ``m`` for both
counted a move twice against movers (the village and the card) and barely set
namesakes of one village apart by their two cards. Its ``m`` per place is the M step
of EM restricted to the candidate pairs of that place (each pair weighted by its match
posterior), pulled toward the overall ``m`` by 20 pseudo-matches, where the place holds
200 expected matches or more (a list of a few thousand keeps the overall ``m``; in a
village list that is the village's anyway). The person's own
fields (name, date, NIK) keep one ``m``: measured among the few candidate pairs of two
villages they drift toward whatever non-matches look like there.

A conditional u is measured among the pairs that take it: of the random pairs of one
village, those that share a family card take the card's u, so they are left out of the
village's u of names and dates (a family's share of a village's pairs is ``1 / n_v``,
and counting it in charged a large village's pairs for the small villages' families).

A conditional u is measured only as far as its sample can (:func:`credible_u`). A
village list holds a few thousand pairs per condition, drawn a quarter of a million
times with replacement: each draw counts for the distinct pairs it stands for, and a
level's u moves from where it starts only to the one-standard-error bound of what the
sample shows. Where a list cannot measure it, a conditional u starts from the list's own
u, except for two facts that are the same in every list and come from the shipped
default: how often NIK digits agree among people born on one day or living in one place
(the NIK is a code of both), and how often names and birth dates agree within one family
card (a family's surname, its twins); the card's m by place too, under 200 expected
matches. Before, a pseudo-count per level made a rare level's conditional u the
sample's resolution whatever it was: a 1,000-row list charged an exact name 2.3 bits and
credited "same tokens" 4.7 bits that nothing had measured, and lost half the duplicates
of a list where everyone shares one placeholder date.

Two corrections are made when pairs are scored (:mod:`sidalih.engine._tf`), because they
depend on the pair's own place, not on a level. (1) The village's size: ``lambda`` and
"same village" give a pair of one village the duplicate rate per pair pooled over the
list's villages, but a record has as many duplicates and family members in a village
of 500 as in one of 5,000, so the rate per pair of village ``v`` is ``rho / (n_v - 1)``:
a same-village pair gets ``log2(A / (n_v - 1))``, ``A = sum n (n - 1) / sum n``,
unless it shares a family card (a family, like a person's duplicates, does not grow
with its village: within a card the size cancels). A village's own list has
``A = n_v - 1``: both give the pair the same prior. (2) A term frequency replaces the u of the place its frequency was
counted in (the regency's), not the country's: against the country's u a pair of one
village was charged twice for local names. Measured (village list against the list
holding it, median |difference|): 1.00 -> 0.44 bit (largest village of a 20,000 list),
1.13 -> 0.45 (two villages of a 200,000 list).

Three more facts are counted once (session 13; each was found among pairs weighed
0.5-0.9 that were mostly two people). A name says its holder's sex: the sex's u is
measured among random pairs sharing the exact name (``u_within``), so two records of one
name gain nothing for agreeing on it (+1 bit before). A NIK repeats its holder's birth
date: a day and month swapped counts as the same date when the NIK's u is conditioned
on the date, and two men born on one day in one district (serials 0001 and 0002,
unlike names, one date written day-first) are no longer credited for the date twice. A
placeholder date tells the year (the 15th: the year and month): its agreement weighs no
more than agreeing on those (:func:`sidalih.engine._fit.same_year_u`), and two
placeholders a year apart no more than two years one apart (session 16:
:func:`sidalih.engine._tf.placeholder_near_adjustment`); DOMAIN.md warns
that it says little, and namesakes of one village and age on 01-07-2005 were credited
+11 bits. With the family card's m trained on a list where cards also change in the
village, the middle bins moved from 0.15-0.3 too confident to within 0.1 of their
probability (lists of 20,000 and of 200,000; benchmarks/README.md).

A NIK repeats its holder's birth date near it too (session 23). Two people of one
district born a month or a day apart in one year hold NIKs one digit apart wherever
their serials agree; where one record carries a placeholder date and its NIK the real
one, the two recorded dates do not say so, and the country's u of "NIK one digit off"
(one pair in a million) credited such namesakes +15.8 bits: 40 of 40 planted in a list
of 20,000 merged. The NIK's u is measured among random pairs of one birth year and
regency at each near level of the date (a placeholder on one side; one field off by
one), where it is hundreds of times the country's, now +8 bits (10 of 40 merge, each a
rare full name). Such a condition is *blind*: its pairs' match posterior is read without
the NIK's own evidence, since with the country's u every pair whose NIKs were one digit
apart looked like a match and stayed out of the non-matches' count, so u never moved.

Finally each comparison's weights are kept in its declared evidence order
(``Comparison.evidence_order``): the likelihood ratio ``m / u`` is fitted by isotonic
regression (pool adjacent violators, weights ``u``), the maximum-likelihood ``m`` whose
ratios rise with the order. ``sum m = sum u = 1`` then gives a lowest level with weight
<= 0 and a top level >= 0. Levels whose order the data contradicted are reported
(``pooled_``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sidalih.model._em import LAMBDA_BOUNDS, level_table, monotone_init
from sidalih.model._patterns import count_patterns

__all__ = ["PopulationFit", "fit_population", "monotone_ratio", "random_pair_u",
           "pattern_log_ratio", "ordered_conditional", "credible_u"]

_MAX_ROUNDS = 200


@dataclass
class PopulationFit:
    m: list[np.ndarray]
    u: list[np.ndarray]
    lam: float
    n_iter: int
    converged: bool
    pooled: list[list[int]] = field(default_factory=list)
    conditional: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)


def monotone_ratio(m: np.ndarray, u: np.ndarray, order: Sequence[int]) -> tuple[np.ndarray,
                                                                                 list[int]]:
    """``m`` with ``m / u`` non-decreasing along ``order``; the levels that were pooled.

    Pool adjacent violators on the ratios with weights ``u``: a pooled block gets
    ``sum m / sum u``, which keeps ``sum m`` and is the closest (maximum-likelihood)
    ``m`` under the order.

    Examples
    --------
    >>> m, pooled = monotone_ratio(np.array([0.1, 0.5, 0.4]), np.array([0.8, 0.1, 0.1]),
    ...                            (0, 1, 2))
    >>> m.round(3).tolist(), pooled
    ([0.1, 0.45, 0.45], [1, 2])
    """
    index = list(order)
    blocks: list[list[float]] = []  # [sum m, sum u, first position, last position]
    for position, level in enumerate(index):
        blocks.append([float(m[level]), float(u[level]), position, position])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            tail = blocks.pop()
            blocks[-1][0] += tail[0]
            blocks[-1][1] += tail[1]
            blocks[-1][3] = tail[3]
    out = np.array(m, dtype=np.float64)
    pooled: list[int] = []
    for sum_m, sum_u, first, last in blocks:
        ratio = sum_m / sum_u
        for position in range(int(first), int(last) + 1):
            out[index[position]] = ratio * u[index[position]]
        if last > first:
            pooled.extend(index[int(first): int(last) + 1])
    return out, sorted(pooled)


def random_pair_u(counts: list[np.ndarray], m: list[np.ndarray], lam: float,
                  pseudo_count: float) -> list[np.ndarray]:
    """u per comparison from level counts among random pairs, less the expected matches.

    Examples
    --------
    >>> u = random_pair_u([np.array([999_000.0, 1_000.0])], [np.array([0.1, 0.9])], 1e-3, 1.0)
    >>> round(float(u[0][1]), 6)  # 900 of the 1,000 agreements are expected matches
    0.000101
    """
    out = []
    for count, m_j in zip(counts, m, strict=True):
        total = count.sum()
        non_match = np.maximum(count - lam * total * m_j, 0.0) + pseudo_count
        out.append(non_match / non_match.sum())
    return out


def _level_counts(gamma: np.ndarray, n_levels: Sequence[int]) -> list[np.ndarray]:
    patterns, counts = count_patterns(gamma, n_levels)
    out = []
    for j, n in enumerate(n_levels):
        present = patterns[:, j] >= 0
        out.append(np.bincount(patterns[present, j], weights=counts[present].astype(np.float64),
                               minlength=n).astype(np.float64))
    return out


Conditions = Mapping[int, "list[tuple[Any, ...]]"]
"""Per comparison, its conditional u's in precedence order: (conditioning position, its
levels meaning "equal values", u measured among random pairs sharing that value[, m
measured among the expected matches sharing it, or None])."""


def pattern_log_ratio(patterns: np.ndarray, m: list[np.ndarray], u: list[np.ndarray],
                      given: Conditions, *, per_term: bool = False) -> np.ndarray:
    """``sum log(m / u)`` per pattern, each comparison's first conditional u that holds
    (``per_term``: each comparison's ``log(m / u)``, one column each, not summed).

    Examples
    --------
    >>> m, u = [np.array([0.1, 0.9]), np.array([0.2, 0.8])], [np.array([0.9, 0.1])] * 2
    >>> given = {0: [(1, (1,), np.array([0.5, 0.5]))]}  # u of 0 among pairs equal on 1
    >>> pattern_log_ratio(np.array([[1, 1], [1, 0]]), m, u, given).round(2).tolist()
    [2.67, 0.69]
    """
    rows = np.arange(len(m))[None, :]
    index = patterns.astype(np.int64) + 1
    log_m = np.log(level_table(m, null=1.0))[rows, index]
    log_u = np.log(level_table(u, null=1.0))[rows, index]
    for j, conditions in given.items():
        done = patterns[:, j] < 0
        for condition in conditions:
            c, equal, u_cond = condition[:3]
            holds = np.isin(patterns[:, c], equal) & ~done
            log_u[holds, j] = np.log(u_cond[patterns[holds, j]])
            m_cond = condition[3] if len(condition) > 3 else None
            if m_cond is not None:
                log_m[holds, j] = np.log(m_cond[patterns[holds, j]])
            done |= holds
    terms = log_m - log_u
    return terms if per_term else terms.sum(axis=1)  # type: ignore[no-any-return]


def _posterior(patterns: np.ndarray, m: list[np.ndarray], u: list[np.ndarray], lam: float,
               given: Conditions) -> np.ndarray:
    log_ratio = pattern_log_ratio(patterns, m, u, given)
    prior = np.log(lam) - np.log1p(-lam)
    return 1.0 / (1.0 + np.exp(-np.clip(prior + log_ratio, -700.0, 700.0)))  # type: ignore[no-any-return]


Samples = Mapping[int, "tuple[np.ndarray, np.ndarray, tuple[int, ...], tuple[int, ...], int, tuple[int, ...], dict[int, tuple[np.ndarray | None, np.ndarray | None]], bool]"]
"""Per condition (an id): the random pairs' patterns and counts where it holds, the levels
of its comparison that make it hold, the comparisons whose u it conditions, the
position of its comparison, those of them whose m is measured where it holds too, and
per comparison the conditional u to start from and the conditional m to take when too
few matches hold the condition to measure it (where a prior model gives them; else the
list's u and overall m), and whether the condition is blind (its pairs' match posterior
read without the target's own evidence). Counts are in distinct pairs (a draw's count
times the distinct pairs it stands for)."""

_M_GIVEN_STRENGTH = 20.0
"""Pseudo-matches pulling a conditional m toward the comparison's m."""
_M_GIVEN_MIN_MATCHES = 200.0
"""Expected matches a condition must hold for its own m: below it (a list of a few
thousand) the overall m, which a village list measures among one village's matches
anyway. Measured among a few dozen, the card's m set a registry built in batches apart
from one run over the same list (F1 0.982 between them)."""


def _conditional_m(within: Samples, found: dict[int, dict[int, tuple[Any, ...]]],
                   patterns: np.ndarray, weights: np.ndarray, m: list[np.ndarray],
                   n_levels: Sequence[int]) -> None:
    """m of the comparisons a condition marks, among the candidate pairs where it holds.

    ``weights`` are the candidate patterns' counts times their match posteriors: the
    expected matches, as the M step of EM counts them.
    """
    for q, (_, _, equal, _targets, c, learn_m, known, _blind) in within.items():
        holds = np.isin(patterns[:, c], equal) if learn_m else None
        for j in learn_m:
            if holds is None or q not in found.get(j, {}):
                continue
            rows = holds & (patterns[:, j] >= 0)
            level_counts = np.bincount(patterns[rows, j], weights=weights[rows],
                                       minlength=n_levels[j])
            if level_counts.sum() < _M_GIVEN_MIN_MATCHES:
                # too few matches there to tell their m from the overall one: a prior
                # model's where it gives one, else the overall m
                found[j][q] = (*found[j][q][:3], known.get(j, (None, None))[1])
                continue
            m_cond = (level_counts + _M_GIVEN_STRENGTH * m[j]) / (
                level_counts.sum() + _M_GIVEN_STRENGTH)
            found[j][q] = (*found[j][q][:3], m_cond)


def _conditional_u(within: Samples, m: list[np.ndarray], u: list[np.ndarray],
                   n_levels: Sequence[int], previous: Mapping[int, Mapping[int, tuple[Any, ...]]],
                   precedence: Mapping[int, Sequence[int]], pseudo_count: float
                   ) -> tuple[dict[int, list[tuple[Any, ...]]],
                              dict[int, dict[int, tuple[Any, ...]]]]:
    """u of comparisons measured among random pairs that share another comparison's value.

    Such a sample holds more matches than uniform pairs do (a family card's pairs hold
    its duplicates): each pair is weighted by its posterior of *not* matching, under a
    match rate for the sample found as the fixed point of the mean posterior. Returns
    the conditions per comparison in precedence order, and by condition id (for the
    next round).
    """
    found: dict[int, dict[int, tuple[Any, ...]]] = {j: dict(by_q) for j, by_q in previous.items()}
    for q, (patterns, counts, equal, targets, c, _, known, blind) in within.items():
        terms = pattern_log_ratio(patterns, m, u, _ordered(found, precedence), per_term=True)
        log_ratio = terms.sum(axis=1)
        shared = None if blind else _non_match_weights(counts, log_ratio)
        for j in targets:
            # a blind condition judges its pairs by the other comparisons' evidence: the
            # target's u there is what is being measured, and the list's u of it may be
            # off by orders (NIK digits shared by people born near in one place), so
            # that every pair it holds looked like a match and stayed out of the count
            weights = (_non_match_weights(counts, log_ratio - terms[:, j]) if shared is None
                       else shared)
            present = (patterns[:, j] >= 0) & ~_taken_earlier(within, patterns, j, q,
                                                              precedence)
            level_counts = np.bincount(patterns[present, j], weights=weights[present],
                                       minlength=n_levels[j])
            m_cond = found.get(j, {}).get(q, (None,) * 4)[3:]
            start = known.get(j, (None, None))[0]
            start = u[j] if start is None else start
            found.setdefault(j, {})[q] = (c, equal, credible_u(level_counts, start, pseudo_count),
                                          *m_cond)
    return _ordered(found, precedence), found


def _non_match_weights(counts: np.ndarray, log_ratio: np.ndarray) -> np.ndarray:
    """The sample's counts weighted by each pattern's posterior of not matching, under the
    sample's own match rate (the fixed point of the mean posterior)."""
    lam_c = 0.01
    posterior = np.zeros(log_ratio.shape[0])
    for _ in range(50):
        prior = np.log(lam_c) - np.log1p(-lam_c)
        posterior = 1.0 / (1.0 + np.exp(-np.clip(prior + log_ratio, -700.0, 700.0)))
        new = float(np.clip((counts * posterior).sum() / counts.sum(), *LAMBDA_BOUNDS))
        if abs(np.log(new) - np.log(lam_c)) < 1e-4:
            lam_c = new
            break
        lam_c = new
    return counts * (1.0 - posterior)  # type: ignore[no-any-return]


def credible_u(counts: np.ndarray, u: np.ndarray, pseudo_count: float) -> np.ndarray:
    """A conditional u from non-match counts: each level moved from ``u`` only as far as shown.

    Per level the sample's count is set against what the list's ``u`` expects there. The
    ratio of the two moves away from 1 only as far as its one-standard-error bound
    (the Poisson rate's Garwood bounds, Gamma quantiles of shape ``count`` and ``count +
    pseudo_count`` by the Wilson-Hilferty approximation): a ratio the sample measured
    stays (twins: one
    NIK but the serial among a few thousand pairs born on one day, 30 times their
    share of all pairs), one it could not measure is 1 (an exact name where a
    village's 2,000 pairs expect a seventh of one), and an empty sample gives the list's
    u. Adding a pseudo-count to each level instead made a rare level's conditional u
    the sample's resolution, whatever its u: a village list charged an exact name 2.3
    bits and credited "same tokens" 4.7 bits that nothing had measured, and lost half
    the duplicates of a list on one placeholder date.

    Examples
    --------
    >>> u = np.array([0.9, 0.0999, 0.0001])
    >>> credible_u(np.array([0.0, 0.0, 0.0]), u, 1.0).tolist() == u.tolist()
    True
    >>> r = credible_u(np.array([1_799.0, 200.0, 1.0]), u, 1.0) / u  # level 2: 0.2 expected
    >>> [round(float(x), 2) for x in r]
    [1.0, 1.0, 1.0]
    >>> r = credible_u(np.array([1_795.0, 200.0, 5.0]), u, 1.0) / u  # 5 where 0.2 expected
    >>> bool(r[2] > 10)
    True
    """
    counts = np.asarray(counts, dtype=np.float64)
    expected = counts.sum() * u
    if not expected.sum() > 0:
        return np.asarray(u, dtype=np.float64)
    low = _gamma_quantile(counts, -1.0) / expected
    high = _gamma_quantile(counts + pseudo_count, 1.0) / expected
    ratio = np.where(low > 1.0, low, np.where(high < 1.0, high, 1.0))
    out = u * ratio
    return out / out.sum()  # type: ignore[no-any-return]


def _gamma_quantile(shape: np.ndarray, z: float) -> np.ndarray:
    """Wilson-Hilferty: the Gamma(shape, 1) quantile at ``z`` standard normal deviations."""
    shape = np.maximum(shape, 1e-12)
    c = 1.0 / (9.0 * shape)
    return shape * np.maximum(1.0 - c + z * np.sqrt(c), 0.0) ** 3  # type: ignore[no-any-return]


def _taken_earlier(within: Samples, patterns: np.ndarray, j: int, q: int,
                   precedence: Mapping[int, Sequence[int]]) -> np.ndarray:
    """The sample's pairs for which a condition before ``q`` holds, for comparison ``j``.

    A conditional u is used only for the pairs that take it, so it is measured among
    them: the pairs of one village that share a family card take the card's u, and
    counting them in the village's u of names and dates made it grow as villages
    shrink (a family's share of a village's pairs is ``1 / n_v``); the whole list then
    charged a large village's pairs for the small villages' families.
    """
    taken = np.zeros(patterns.shape[0], dtype=np.bool_)
    order = list(precedence.get(j, ()))
    if q not in order:
        return taken
    for earlier in order[:order.index(q)]:
        if earlier in within:
            _, _, equal, _, c = within[earlier][:5]
            taken |= np.isin(patterns[:, c], equal)
    return taken


def _ordered(found: Mapping[int, Mapping[int, tuple[Any, ...]]],
             precedence: Mapping[int, Sequence[int]]) -> dict[int, list[tuple[Any, ...]]]:
    """Each comparison's conditions in its declared precedence (then any others)."""
    out = {}
    for j, by_q in found.items():
        order = [q for q in precedence.get(j, ()) if q in by_q]
        order += [q for q in by_q if q not in order]
        out[j] = [by_q[q] for q in order]
    return out


def ordered_conditional(m: np.ndarray, u_given: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """The ``m`` to weigh pairs that share the conditioning value: ``m / u_given`` in order.

    Examples
    --------
    >>> ordered_conditional(np.array([0.1, 0.2, 0.7]), np.array([0.8, 0.01, 0.19]),
    ...                     (0, 1, 2)).round(3).tolist()
    [0.1, 0.045, 0.855]
    """
    return monotone_ratio(m, u_given, order)[0]


def _weighted(patterns_counts: tuple[np.ndarray, np.ndarray], pairs_per_draw: float
              ) -> tuple[np.ndarray, np.ndarray]:
    patterns, counts = patterns_counts
    return patterns, counts * pairs_per_draw


def fit_population(gamma: np.ndarray | tuple[np.ndarray, np.ndarray], u_gamma: np.ndarray,
                   n_levels: Sequence[int], *,
                   m: Sequence[np.ndarray | None], orders: Sequence[Sequence[int]],
                   total_pairs: float, tol: float = 1e-4, u_pseudo_count: float = 1.0,
                   u_within: Mapping[int, tuple[Any, ...]] | None = None,
                   precedence: Mapping[int, Sequence[int]] | None = None,
                   lambda_floor: float = 0.0) -> PopulationFit:
    """u and lambda for random pairs of the list, with ``m`` kept in evidence order.

    ``m`` holds one estimate per comparison (None: a geometric start in evidence order);
    ``gamma`` holds the candidate pairs' levels (or their distinct patterns and counts,
    :func:`count_patterns`, where the caller has them), ``u_gamma`` the random pairs'.
    ``u_within`` maps a condition id to the levels of random pairs for which it holds
    (all comparisons, ``-1`` null), the levels of its comparison that make it hold, the
    positions of the comparisons whose u is measured there, optionally the position of
    its comparison (omitted: the id is that position), the positions of those whose
    m is measured where it holds too (omitted: none) and the distinct pairs each random
    pair stands for, at most 1 (omitted: 1; a sample drawn with replacement from fewer
    pairs than it holds measures only as much as those pairs say, see
    :func:`credible_u`) and per target position a prior's (conditional u its estimate
    starts from, conditional m taken where too few matches hold the condition), each
    None for the list's own (omitted: both): a *conditional* u (and m), used
    for the pairs for which the condition holds. One comparison may give several
    conditions (same village; same district, another village). ``precedence`` lists,
    per comparison, its condition ids in order: a pair takes the first that holds.
    ``lambda_floor`` bounds lambda from below at every round (0: the list's own fixed
    point): a list cleaned of its duplicates has a fixed point near 0, which says how
    many duplicates it has left, not how often the records a registry adds later are
    someone it holds (:func:`sidalih.engine._model.default_lambda`).
    """
    k = len(n_levels)
    start = [monotone_init(n, increasing=True)[np.argsort(order)]
             for n, order in zip(n_levels, orders, strict=True)]
    given_m = [s if x is None else np.asarray(x, dtype=np.float64)
               for x, s in zip(m, start, strict=True)]
    counts_u = _level_counts(u_gamma, n_levels)
    patterns, counts = gamma if isinstance(gamma, tuple) else count_patterns(gamma, n_levels)
    within = {q: (*_weighted(count_patterns(entry[0], n_levels),
                             float(entry[5]) if len(entry) > 5 else 1.0),
                  tuple(entry[1]), tuple(entry[2]), int(entry[3]) if len(entry) > 3 else q,
                  tuple(entry[4]) if len(entry) > 4 else (),
                  dict(entry[6]) if len(entry) > 6 else {},
                  bool(entry[7]) if len(entry) > 7 else False)
              for q, entry in (u_within or {}).items() if entry[0].shape[0]}
    floor = float(np.clip(lambda_floor, 0.0, LAMBDA_BOUNDS[1]))
    lam = max(float(np.clip(counts.sum() / max(total_pairs, 1.0) * 0.01, *LAMBDA_BOUNDS)),
              floor)
    converged, rounds = False, 0
    fitted, u = given_m, [np.ones(n) / n for n in n_levels]
    pooled: list[list[int]] = [[] for _ in range(k)]
    conditional: dict[int, list[tuple[Any, ...]]] = {}
    by_id: dict[int, dict[int, tuple[Any, ...]]] = {}
    for rounds in range(1, _MAX_ROUNDS + 1):  # noqa: B007 (read after the loop)
        u = random_pair_u(counts_u, fitted, lam, u_pseudo_count)
        projected = [monotone_ratio(x, y, o) for x, y, o in zip(given_m, u, orders, strict=True)]
        fitted = [p[0] for p in projected]
        pooled = [p[1] for p in projected]
        conditional, by_id = _conditional_u(within, fitted, u, n_levels, by_id,
                                            precedence or {}, u_pseudo_count)
        posterior = _posterior(patterns, fitted, u, lam, conditional)
        _conditional_m(within, by_id, patterns, counts * posterior, fitted, n_levels)
        conditional = _ordered(by_id, precedence or {})
        expected = float((counts * posterior).sum())
        new_lam = max(float(np.clip(expected / max(total_pairs, 1.0), *LAMBDA_BOUNDS)), floor)
        change = abs(np.log(new_lam) - np.log(lam))
        lam = new_lam
        if change < tol:
            converged = True
            break
    return PopulationFit(fitted, u, lam, rounds, converged, pooled, conditional)
