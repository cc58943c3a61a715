"""Fitting for random pairs of the list, and conditional weights: a part of FellegiSunter.

Kept apart from :mod:`._fs` (the estimator, its plain EM fits and scoring) because it is
one method with its helpers; :mod:`._population` holds the algorithm and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from sidalih.model._kernels import add_conditionals
from sidalih.model._patterns import checked_gamma, count_patterns
from sidalih.model._sessions import session_m

__all__ = ["PopulationFitting"]

_Fitted = TypeVar("_Fitted", bound="PopulationFitting")


class PopulationFitting:
    """Mixed into :class:`~sidalih.model.FellegiSunter`: ``fit_population`` and its weights."""

    comparisons: Any
    max_iter: int
    tol: float
    m_pseudo_count: float
    u_pseudo_count: float
    m_: list[np.ndarray]
    u_: list[np.ndarray]

    if TYPE_CHECKING:  # provided by FellegiSunter
        def _session_inputs(self, gamma_pairs: Any, n_records: Any, anchors: Any,
                            depends_on: Any) -> tuple[np.ndarray, int, list[bool] | None,
                                                      list[list[int]] | None]: ...
        def _n_levels(self) -> list[int]: ...
        def _check_fitted(self) -> None: ...
        def _u_from_random_pairs(self, u_gamma: Any) -> tuple[list[np.ndarray], int]: ...

    def fit_population(self: _Fitted, gamma_pairs: Any, *, u_gamma: Any, n_records: int,
                       total_pairs: float, anchors: Sequence[bool] | None = None,
                       depends_on: Sequence[Sequence[int]] | None = None,
                       orders: Sequence[Sequence[int]] | None = None,
                       m_prior: Mapping[str, Any] | None = None,
                       prior_strength: float = 100.0,
                       u_within: Mapping[str, tuple[Any, Sequence[int], Sequence[str]]
                                         | tuple[Any, Sequence[int], Sequence[str], str]]
                       | None = None,
                       precedence: Mapping[str, Sequence[str]] | None = None,
                       lambda_floor: float = 0.0) -> _Fitted:
        """Fit so that weights do not depend on how many pairs blocking produced.

        ``u`` and ``lambda`` describe two records drawn at random from the list (of
        ``total_pairs`` pairs in all); ``m`` comes from anchored sessions, pulled toward
        ``m_prior`` (comparison name -> m, e.g. the shipped default model's) by
        ``prior_strength`` pseudo-matches; every comparison's ratios ``m / u`` are kept
        in its evidence order (``orders``, numeric by default). ``u_within`` maps a
        condition (by default named after its comparison) to ``(levels of random pairs
        for which it holds, the levels of its comparison that make it hold, names of
        the comparisons whose u is measured there[, the comparison's name[, names of
        those whose m is measured there too[, the distinct pairs each random pair stands
        for (<= 1)[, per name a prior (conditional u to start from, conditional m where
        too few matches hold the condition; either None)]]]])``: their
        conditional u is then used for pairs for which it holds (``u_given_``);
        ``precedence`` lists, per comparison, the conditions in order (a pair takes the
        first that holds). ``lambda_floor`` bounds ``lambda_`` from below (0: none).
        See :mod:`sidalih.model._population` for the method and why.
        """
        from sidalih.model._population import fit_population, ordered_conditional

        n_levels = self._n_levels()
        gamma, n_records, anchors, depends_on = self._session_inputs(
            gamma_pairs, n_records, anchors, depends_on)
        orders = [tuple(range(n)) for n in n_levels] if orders is None else list(orders)
        u, n_u_pairs = self._u_from_random_pairs(u_gamma)
        # counted once: the sessions, the fit and the levels seen read the patterns
        patterns, counts = count_patterns(gamma, n_levels)
        session_ms, sessions, learned = session_m(
            (patterns, counts), u, n_levels, n_records=n_records, anchors=anchors, depends_on=depends_on,
            max_iter=self.max_iter, tol=self.tol, m_pseudo_count=self.m_pseudo_count,
            u_pseudo_count=self.u_pseudo_count)
        self.sessions_ = sessions
        m = self._pulled_m(session_ms, learned, m_prior or {}, prior_strength)
        names = [spec.name for spec in self.comparisons]
        conditions: dict[str, tuple[str, tuple[Any, ...]]] = {
            key: (entry[3] if len(entry) > 3 else key, tuple(entry))  # type: ignore[misc]
            for key, entry in (u_within or {}).items()}
        ids = {key: q for q, key in enumerate(k for k, (given, _) in conditions.items()
                                              if given in names)}
        within = {ids[key]: (checked_gamma(entry[0], n_levels, what="u_within"),
                             tuple(int(x) for x in entry[1]),
                             tuple(names.index(t) for t in entry[2] if t in names),
                             names.index(given),
                             tuple(names.index(str(t)) for t in
                                   (entry[4] if len(entry) > 4 else ()) if t in names),
                             float(entry[5]) if len(entry) > 5 else 1.0,
                             {names.index(str(t)): tuple(None if x is None else
                                                         np.asarray(x, dtype=np.float64)
                                                         for x in known)
                              for t, known in (entry[6] if len(entry) > 6 else {}).items()
                              if t in names},
                             bool(entry[7]) if len(entry) > 7 else False)
                  for key, (given, entry) in conditions.items() if key in ids}
        order = {names.index(t): [ids[g] for g in givens if g in ids]
                 for t, givens in (precedence or {}).items() if t in names}
        result = fit_population((patterns, counts),
                                checked_gamma(u_gamma, n_levels, what="u_gamma"), n_levels,
                                m=m, orders=orders, total_pairs=float(total_pairs),
                                tol=self.tol, u_pseudo_count=self.u_pseudo_count,
                                u_within=within, precedence=order,
                                lambda_floor=lambda_floor)
        self.m_, self.u_, self.lambda_ = result.m, result.u, result.lam
        self.n_iter_, self.converged_ = result.n_iter, result.converged
        self.log_likelihood_ = 0.0
        self.n_pairs_, self.n_u_pairs_ = gamma.shape[0], n_u_pairs
        self.n_patterns_ = len(counts)
        # which levels the list's pairs show at all: a level none of them holds (a
        # district in a one-village list) was not learned here, only carried over
        self.levels_seen_ = {spec.name: _level_counts(patterns[:, j], counts, n_levels[j])
                              for j, spec in enumerate(self.comparisons)}
        self.pooled_ = {spec.name: levels for spec, levels in
                        zip(self.comparisons, result.pooled, strict=True) if levels}
        self.matches_learned_ = {spec.name: float(w) for spec, w in
                                 zip(self.comparisons, learned, strict=True)}
        self.u_given_ = {
            names[j]: [(names[c], equal,
                        ordered_conditional(result.m[j] if m_cond is None else m_cond,
                                            u_cond, orders[j]), u_cond)
                       for c, equal, u_cond, m_cond in conditions]
            for j, conditions in result.conditional.items()}
        return self

    def conditional_adjustments(self, gamma: Any) -> dict[str, np.ndarray]:
        """Per comparison with a conditional u (``u_given_``), the weight to add per pair.

        Where the pair shares the conditioning comparison's value the comparison's
        weight is ``log2(m_given / u_given)`` (both in ``u_given_``; ``m_given`` is ``m``
        kept in evidence order against ``u_given``) instead of ``log2(m / u)``; 0 elsewhere.
        """
        self._check_fitted()
        gamma = checked_gamma(gamma, self._n_levels())
        out = {}
        names, terms = self._conditional_terms()
        for t, name in enumerate(names):
            column = np.zeros(gamma.shape[0], dtype=np.float64)
            add_conditionals(column, gamma, *(part[t:t + 1] for part in terms))
            out[name] = column
        return out

    def _conditional_terms(self) -> tuple[list[str], tuple[np.ndarray, ...]]:
        """The comparisons with a conditional u, and their terms for
        :func:`~sidalih.model._kernels.add_conditionals`: per comparison its position, its
        conditioning positions in precedence order (padded), how many there are, the
        levels of each where it applies, and the weight change per level (both padded
        with False and 0)."""
        names = [spec.name for spec in self.comparisons]
        given_u = getattr(self, "u_given_", {})
        n_terms = len(given_u)
        most = max((len(c) for c in given_u.values()), default=0)
        width = max((spec.n_levels for spec in self.comparisons), default=0) + 1
        js = np.zeros(n_terms, dtype=np.int64)
        given = np.zeros((n_terms, most), dtype=np.int64)
        n_given = np.zeros(n_terms, dtype=np.int64)
        applies = np.zeros((n_terms, most, width), dtype=np.bool_)
        delta = np.zeros((n_terms, most, width - 1))
        for t, (name, conditions) in enumerate(given_u.items()):
            j = js[t] = names.index(name)
            n_given[t] = len(conditions)
            own = np.log2(self.m_[j] / self.u_[j])
            for k, (condition, equal, m_cond, u_cond) in enumerate(conditions):
                given[t, k] = names.index(condition)
                applies[t, k, np.asarray(equal, dtype=np.int64) + 1] = True
                delta[t, k, :len(own)] = np.log2(m_cond / u_cond) - own
        return list(given_u), (js, given, n_given, applies, delta)

    def _pulled_m(self, session_ms: Sequence[np.ndarray | None], learned: np.ndarray,
                  m_prior: Mapping[str, Any], strength: float) -> list[np.ndarray | None]:
        """Each comparison's m: its sessions' estimate and the prior's, weighted by matches."""
        out: list[np.ndarray | None] = []
        for spec, own, weight in zip(self.comparisons, session_ms, learned, strict=True):
            prior = m_prior.get(spec.name)
            prior = None if prior is None else np.asarray(prior, dtype=np.float64)
            if prior is not None and prior.shape != (spec.n_levels,):
                prior = None  # another comparison under this name: nothing to pull toward
            if own is None:
                out.append(prior)
            elif prior is None:
                out.append(own)
            else:
                out.append((weight * own + strength * prior) / (weight + strength))
        return out


def _level_counts(levels: np.ndarray, counts: np.ndarray, n_levels: int) -> np.ndarray:
    """Pairs per level of one comparison, from the patterns' levels and counts (null
    levels left out)."""
    known = levels >= 0
    return np.bincount(levels[known].astype(np.int64), weights=counts[known],
                       minlength=n_levels).astype(np.int64)
