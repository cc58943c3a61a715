"""The Fellegi–Sunter estimator: u from random pairs, m and lambda by EM on pattern counts.

One class of about 500 lines: the estimator's fitting entry points, scoring
(``match_weight``, ``contributions``, ``tf_adjustment``) and (de)serialisation share its
fitted state; the population fit lives in ``_fs_population``, EM in ``_em``, the
sessions in ``_sessions`` and the kernels in ``_kernels``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from sidalih.errors import InvalidParameterError, NotFittedError
from sidalih.model import _serialise
from sidalih.model._em import level_table, monotone_init, run_em, smoothed_frequencies
from sidalih.model._fs_population import PopulationFitting
from sidalih.model._kernels import add_conditionals, contributions_gamma, score_gamma
from sidalih.model._patterns import checked_gamma as _gamma
from sidalih.model._patterns import count_patterns
from sidalih.model._sessions import session_arguments, session_m
from sidalih.model._spec import ComparisonSpec, ConvergenceWarning
from sidalih.model._tf import tf_weight_adjustment

__all__ = ["FellegiSunter"]

# Start of EM for lambda when it is estimated: no guess about how many candidate pairs match.
_LAMBDA_START = 0.5
# Candidate pairs are mostly non-matches; starting EM there avoids the swapped solution.
_SESSION_LAMBDA_START = 0.01


class FellegiSunter(PopulationFitting):
    """Fellegi–Sunter record-linkage model over comparison levels.

    ``u`` (level frequencies among non-matching pairs) is estimated from the gamma
    matrix of randomly sampled pairs, which are almost all non-matches; ``m`` (level
    frequencies among matches) and ``lambda`` (the share of candidate pairs that
    match) by EM over the distinct agreement patterns of the candidate pairs. Holding
    ``u`` fixed, as Splink does, keeps EM from swapping the two classes on small data.

    Parameters
    ----------
    comparisons : sequence of ComparisonSpec
        One per gamma column, in column order; names must be distinct.
    max_iter : int, default 25
        EM iterations at most; reaching it warns with :class:`ConvergenceWarning`.
    tol : float, default 1e-4
        EM stops once no probability (m, u when freed, lambda) moves by more than this.
    fix_u : bool, default True
        Keep ``u`` at its random-sampling estimate. ``False`` lets EM update it too.
    prior : float, optional
        A fixed lambda in (0, 1). By default lambda is estimated by EM.
    m_init : sequence of array-like, optional
        Starting m per comparison. By default geometric and increasing with the level
        (ratio 4 between neighbours): higher agreement is more likely among matches.
    u_pseudo_count : float, default 1.0
        Added to the count of every level when estimating u from random pairs (add-one
        smoothing), so a level never seen among random pairs still has u > 0: its u
        becomes about ``1 / n_random_pairs`` and its weight stays finite.
    m_pseudo_count : float, default 1e-3
        Added to the expected match count of every level in each M-step, in units of
        pairs: negligible for any real fit, but a level never seen among matches gets a
        small m instead of 0 (a weight of minus infinity).

    Attributes
    ----------
    m_, u_ : list of numpy.ndarray
        Per comparison, the probability of each level among matches / non-matches.
    lambda_ : float
        Estimated (or fixed) probability that a candidate pair matches.
    n_iter_ : int
        EM iterations run.
    converged_ : bool
        Whether EM met ``tol`` within ``max_iter``.
    log_likelihood_ : float
        Mean log-likelihood (natural log) per candidate pair at the fitted parameters.
    n_pairs_, n_patterns_, n_u_pairs_ : int
        Candidate pairs, their distinct agreement patterns, and random pairs used for u
        (0 when u was given).

    Examples
    --------
    >>> import numpy as np
    >>> specs = [ComparisonSpec("name", ["else", "similar", "exact"]),
    ...          ComparisonSpec("dob", ["else", "exact"])]
    >>> pairs = np.array([[2, 1]] * 30 + [[0, 0]] * 60 + [[1, 0]] * 10, dtype=np.int8)
    >>> model = FellegiSunter(specs).fit(pairs, u_probabilities=[[0.9, 0.09, 0.01], [0.98, 0.02]])
    >>> round(model.lambda_, 2), model.converged_
    (0.3, True)
    >>> model.match_weight(np.array([[2, 1], [0, 0], [-1, 1]], dtype=np.int8)).round(1)
    array([ 11.1, -30.8,   4.4])
    """

    def __init__(
        self,
        comparisons: Sequence[ComparisonSpec],
        *,
        max_iter: int = 25,
        tol: float = 1e-4,
        fix_u: bool = True,
        prior: float | None = None,
        m_init: Sequence[Any] | None = None,
        u_pseudo_count: float = 1.0,
        m_pseudo_count: float = 1e-3,
    ) -> None:
        self.comparisons = comparisons
        self.max_iter = max_iter
        self.tol = tol
        self.fix_u = fix_u
        self.prior = prior
        self.m_init = m_init
        self.u_pseudo_count = u_pseudo_count
        self.m_pseudo_count = m_pseudo_count

    # ----------------------------------------------------------------- fitting

    def fit(
        self,
        gamma_pairs: Any,
        *,
        u_gamma: Any = None,
        u_probabilities: Sequence[Any] | Mapping[str, Any] | None = None,
    ) -> FellegiSunter:
        """Estimate u, then m and lambda by EM.

        Parameters
        ----------
        gamma_pairs : int8 matrix (n_pairs, n_comparisons)
            Levels of the candidate pairs; ``-1`` is null.
        u_gamma : int8 matrix (n_random_pairs, n_comparisons), optional
            Levels of randomly sampled pairs, from which u is estimated.
        u_probabilities : sequence or mapping of array-like, optional
            Known u per comparison (in order, or by name) instead of ``u_gamma``.

        Returns
        -------
        FellegiSunter
            ``self``, fitted.
        """
        self._check_hyperparameters()
        n_levels = self._n_levels()
        gamma = _gamma(gamma_pairs, n_levels, what="gamma_pairs")
        if gamma.shape[0] == 0:
            raise InvalidParameterError("gamma_pairs has no rows: fitting needs candidate pairs")
        u, n_u_pairs = self._initial_u(u_gamma, u_probabilities)
        m = self._initial_m()
        patterns, counts = count_patterns(gamma, n_levels)
        result = run_em(
            patterns,
            counts,
            m=m,
            u=u,
            lam=_LAMBDA_START if self.prior is None else float(self.prior),
            fix_u=self.fix_u,
            fix_lambda=self.prior is not None,
            max_iter=self.max_iter,
            tol=self.tol,
            m_pseudo_count=self.m_pseudo_count,
            u_pseudo_count=self.u_pseudo_count,
        )
        self._store(result, gamma, counts, n_u_pairs)
        return self

    def fit_sessions(self, gamma_pairs: Any, *, u_gamma: Any, n_records: int,
                     anchors: Sequence[bool] | None = None,
                     depends_on: Sequence[Sequence[int]] | None = None) -> FellegiSunter:
        """Fit for candidate pairs from blocking: m in anchored sessions, then u and lambda.

        See :mod:`sidalih.model._sessions`: m is estimated by EM on subsets of pairs
        where two identifying comparisons agree exactly; then, with m held, u and lambda
        are estimated by EM over all candidate pairs (u starting from ``u_gamma``, the
        levels of random pairs). When no session has enough pairs, the anchors' m stay
        at the prior instead (see the comment below). ``lambda_`` is the match rate
        among candidate pairs.

        ``n_records`` (an integer >= 0), ``anchors`` (one bool per comparison) and
        ``depends_on`` (one list of comparison positions per comparison) are checked
        before any work, and every problem is reported in one InvalidParameterError.
        """
        n_levels = self._n_levels()
        gamma, n_records, anchors, depends_on = self._session_inputs(
            gamma_pairs, n_records, anchors, depends_on)
        u, n_u_pairs = self._u_from_random_pairs(u_gamma)
        patterns, counts = count_patterns(gamma, n_levels)
        session_ms, sessions, _ = session_m((patterns, counts), u, n_levels,
                                         n_records=n_records,
                                         anchors=anchors, depends_on=depends_on,
                                         max_iter=self.max_iter, tol=self.tol,
                                         m_pseudo_count=self.m_pseudo_count,
                                         u_pseudo_count=self.u_pseudo_count)
        self.sessions_ = sessions
        held = [m is not None for m in session_ms]
        if not any(held):
            # Too few pairs agree exactly on two person identifiers to learn what a
            # match looks like (a list without duplicates, or a tiny one). A free EM
            # would take the candidate pairs themselves as the matches (lambda -> 1,
            # every voter a duplicate); instead the anchors' m stay at the prior
            # (matches mostly agree on person identifiers) and u, lambda and the other
            # m follow the data.
            held = [True] * len(n_levels) if anchors is None else [bool(a) for a in anchors]
        initial = self._initial_m()
        m = [s if s is not None else i for s, i in zip(session_ms, initial, strict=True)]
        result = run_em(patterns, counts, m=m, u=[x.copy() for x in u], lam=_SESSION_LAMBDA_START,
                        fix_u=False,
                        fix_lambda=self.prior is not None, fix_m=held, max_iter=self.max_iter,
                        tol=self.tol, m_pseudo_count=self.m_pseudo_count,
                        u_pseudo_count=self.u_pseudo_count)
        self._store(result, gamma, counts, n_u_pairs)
        # u now describes non-matches among candidate pairs; keep the random-pair u too
        # (reported in the parameter table, and what a population-level prior needs).
        self.u_random_ = u
        return self

    def _session_inputs(self, gamma_pairs: Any, n_records: Any, anchors: Any, depends_on: Any
                        ) -> tuple[np.ndarray, int, list[bool] | None, list[list[int]] | None]:
        """The checked inputs of a session fit: settings, arguments, then candidate pairs."""
        self._check_hyperparameters()
        n_levels = self._n_levels()
        n_records, anchors, depends_on = session_arguments(
            len(n_levels), n_records, anchors, depends_on
        )
        gamma = _gamma(gamma_pairs, n_levels, what="gamma_pairs")
        if gamma.shape[0] == 0:
            raise InvalidParameterError("gamma_pairs has no rows: fitting needs candidate pairs")
        return gamma, n_records, anchors, depends_on

    def _store(self, result: Any, gamma: np.ndarray, counts: np.ndarray, n_u_pairs: int) -> None:
        self.m_, self.u_, self.lambda_ = result.m, result.u, result.lam
        self.n_iter_, self.converged_ = result.n_iter, result.converged
        self.log_likelihood_ = result.log_likelihood
        self.n_pairs_, self.n_patterns_, self.n_u_pairs_ = gamma.shape[0], len(counts), n_u_pairs
        if not result.converged:
            warnings.warn(
                f"EM did not converge in max_iter={self.max_iter} iterations (tol={self.tol}); "
                "raise max_iter or check that the comparisons separate matches",
                ConvergenceWarning,
                stacklevel=3,
            )

    def _check_hyperparameters(self) -> None:
        problems = _serialise.hyperparameter_problems(self._hyperparameters())
        problems += _serialise.spec_problems(self.comparisons)
        if problems:
            raise InvalidParameterError("invalid FellegiSunter settings: " + "; ".join(problems))

    def _hyperparameters(self) -> dict[str, Any]:
        return {
            "max_iter": self.max_iter,
            "tol": self.tol,
            "fix_u": self.fix_u,
            "prior": self.prior,
            "u_pseudo_count": self.u_pseudo_count,
            "m_pseudo_count": self.m_pseudo_count,
        }

    def _n_levels(self) -> list[int]:
        return [spec.n_levels for spec in self.comparisons]

    def _initial_m(self) -> list[np.ndarray]:
        if self.m_init is None:
            return [monotone_init(n, increasing=True) for n in self._n_levels()]
        return self._probability_lists(self.m_init, what="m_init")

    def _initial_u(self, u_gamma: Any, u_probabilities: Any) -> tuple[list[np.ndarray], int]:
        if u_gamma is not None and u_probabilities is not None:
            raise InvalidParameterError("give u_gamma or u_probabilities, not both")
        if u_probabilities is not None:
            return self._probability_lists(u_probabilities, what="u_probabilities"), 0
        if u_gamma is None:
            if self.fix_u:
                raise InvalidParameterError(
                    "u is held fixed but no u was given: pass u_gamma (levels of randomly "
                    "sampled pairs) or u_probabilities, or set fix_u=False"
                )
            return [monotone_init(n, increasing=False) for n in self._n_levels()], 0
        return self._u_from_random_pairs(u_gamma)

    def _u_from_random_pairs(self, u_gamma: Any) -> tuple[list[np.ndarray], int]:
        n_levels = self._n_levels()
        gamma = _gamma(u_gamma, n_levels, what="u_gamma")
        if gamma.shape[0] == 0:
            raise InvalidParameterError("u_gamma has no rows: u needs random pairs")
        patterns, counts = count_patterns(gamma, n_levels)
        estimates = smoothed_frequencies(
            patterns, counts.astype(np.float64), n_levels, self.u_pseudo_count
        )
        u = []
        for spec, estimate in zip(self.comparisons, estimates, strict=True):
            if estimate is None:
                warnings.warn(
                    f"comparison {spec.name!r} is null in every random pair; its u is set "
                    "uniform, so its weights carry no information",
                    UserWarning,
                    stacklevel=4,
                )
                estimate = np.full(spec.n_levels, 1.0 / spec.n_levels)
            u.append(estimate)
        return u, gamma.shape[0]

    def _probability_lists(self, values: Any, *, what: str) -> list[np.ndarray]:
        if isinstance(values, Mapping):
            missing = [s.name for s in self.comparisons if s.name not in values]
            if missing:
                raise InvalidParameterError(f"{what} has no entry for comparisons {missing}")
            values = [values[s.name] for s in self.comparisons]
        arrays, problems = _serialise.probability_arrays(values, self.comparisons, what=what)
        if problems:
            raise InvalidParameterError(f"invalid {what}: " + "; ".join(problems))
        return arrays

    # ----------------------------------------------------------------- scoring

    def _check_fitted(self) -> None:
        if not hasattr(self, "m_"):
            raise NotFittedError(
                "this FellegiSunter model is not fitted yet: call fit(gamma_pairs, "
                "u_gamma=...) first, or load a saved model with FellegiSunter.load(path)"
            )

    def _weight_table(self) -> np.ndarray:
        return level_table(
            [np.log2(m / u) for m, u in zip(self.m_, self.u_, strict=True)], null=0.0
        )

    @property
    def prior_weight(self) -> float:
        """``log2(lambda / (1 - lambda))``: the weight of a pair before any comparison."""
        self._check_fitted()
        return float(np.log2(self.lambda_) - np.log2(1.0 - self.lambda_))

    def match_weight(
        self, gamma: Any, *, tf_adjustments: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Match weight per pair: prior weight plus ``log2(m / u)`` of every non-null level.

        ``tf_adjustments`` maps a comparison name to one adjustment per pair (see
        :meth:`tf_adjustment`), added to the weight; 0 where it does not apply.

        Examples
        --------
        >>> model = FellegiSunter([ComparisonSpec("dob", ["else", "exact"])], prior=0.01).fit(
        ...     [[1], [0]], u_probabilities=[[0.99, 0.01]])
        >>> model.match_weight([[1], [0], [-1]]).round(1)
        array([  0. , -15.6,  -6.6])
        """
        self._check_fitted()
        gamma = _gamma(gamma, self._n_levels())
        weight = score_gamma(gamma, self._weight_table(), self.prior_weight)
        names, terms = self._conditional_terms()
        if names:
            add_conditionals(weight, gamma, *terms)
        # Added last and in order, so a caller adding them one at a time (to hold one
        # at a time) gets the same floats.
        for adjustment in self._tf_columns(tf_adjustments, gamma.shape[0]).values():
            weight += adjustment
        return weight

    def match_probability(
        self, gamma: Any, *, tf_adjustments: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Posterior match probability per pair, ``2**w / (1 + 2**w)``.

        Examples
        --------
        >>> model = FellegiSunter([ComparisonSpec("dob", ["else", "exact"])], prior=0.01).fit(
        ...     [[1], [0]], u_probabilities=[[0.99, 0.01]])
        >>> model.match_probability([[1], [0], [-1]]).round(3)
        array([0.502, 0.   , 0.01 ])
        """
        weight = self.match_weight(gamma, tf_adjustments=tf_adjustments)
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp2(-weight))

    def contributions(
        self, gamma: Any, *, tf_adjustments: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Per pair and comparison, the weight it adds (0 for null): float64 (n, k).

        The row sums plus :attr:`prior_weight` equal :meth:`match_weight`.

        Examples
        --------
        >>> model = FellegiSunter([ComparisonSpec("dob", ["else", "exact"])], prior=0.01).fit(
        ...     [[1], [0]], u_probabilities=[[0.99, 0.01]])
        >>> model.contributions([[1], [0], [-1]]).round(2)
        array([[ 6.64],
               [-8.93],
               [ 0.  ]])
        """
        self._check_fitted()
        gamma = _gamma(gamma, self._n_levels())
        out = contributions_gamma(gamma, self._weight_table())
        names = [spec.name for spec in self.comparisons]
        for name, adjustment in self._tf_columns(tf_adjustments, gamma.shape[0]).items():
            out[:, names.index(name)] += adjustment
        for name, adjustment in self.conditional_adjustments(gamma).items():
            out[:, names.index(name)] += adjustment
        return out

    def tf_adjustment(
        self,
        gamma: Any,
        name: str,
        value_frequency: Any,
        *,
        level: int | None = None,
        min_frequency: float = 1e-6,
    ) -> np.ndarray:
        """Term-frequency adjustment per pair for one comparison (see :mod:`._tf`).

        Applies to the pairs at ``level`` (default: the comparison's top level, exact
        agreement) and is 0 for every other pair. ``value_frequency`` holds, per pair,
        the relative frequency of the agreed value (e.g. from :func:`term_frequencies`).

        Examples
        --------
        >>> model = FellegiSunter([ComparisonSpec("dob", ["else", "exact"])], prior=0.01).fit(
        ...     [[1], [0]], u_probabilities=[[0.99, 0.01]])
        >>> model.tf_adjustment([[1], [1], [0]], "dob", [0.0005, 0.2, 0.3]).round(2)
        array([ 4.32, -4.32,  0.  ])
        """
        self._check_fitted()
        names = [spec.name for spec in self.comparisons]
        if name not in names:
            raise InvalidParameterError(f"unknown comparison {name!r}; the model has {names}")
        j = names.index(name)
        top = self.comparisons[j].n_levels - 1
        level = top if level is None else level
        if (
            not isinstance(level, (int, np.integer))
            or isinstance(level, (bool, np.bool_))
            or not 0 <= level <= top
        ):
            raise InvalidParameterError(
                f"level must be an integer in [0, {top}] for {name!r}, got {level!r}"
            )
        gamma = _gamma(gamma, self._n_levels())
        freq = _floats(value_frequency)
        if freq is None or freq.shape != (gamma.shape[0],):
            raise InvalidParameterError(
                f"value_frequency must have one number per pair ({gamma.shape[0]}), "
                f"got {'no numbers' if freq is None else f'shape {freq.shape}'}"
            )
        freq = np.where(gamma[:, j] == level, freq, np.nan)
        return tf_weight_adjustment(float(self.u_[j][level]), freq, min_frequency=min_frequency)

    def _tf_columns(
        self, tf_adjustments: Mapping[str, Any] | None, n_pairs: int
    ) -> dict[str, np.ndarray]:
        if tf_adjustments is None:
            return {}
        if not isinstance(tf_adjustments, Mapping):
            raise InvalidParameterError(
                "tf_adjustments must map comparison names to one adjustment per pair, "
                f"got {type(tf_adjustments).__name__}"
            )
        names = {spec.name for spec in self.comparisons}
        out, problems = {}, []
        for name, values in tf_adjustments.items():
            array = _floats(values)
            if name not in names:
                problems.append(f"unknown comparison {name!r}")
            elif array is None:
                problems.append(f"{name!r}: adjustments must be numbers")
            elif array.shape != (n_pairs,):
                problems.append(f"{name!r}: expected shape ({n_pairs},), got {array.shape}")
            elif not np.isfinite(array).all():
                problems.append(f"{name!r}: adjustments must be finite (use 0 where none)")
            else:
                out[name] = array
        if problems:
            raise InvalidParameterError("invalid tf_adjustments: " + "; ".join(problems))
        return out

    def parameter_table(self) -> pl.DataFrame:
        """One row per comparison level: label, m, u and its weight ``log2(m / u)``.

        Examples
        --------
        >>> model = FellegiSunter([ComparisonSpec("sex", ["else", "exact"])], prior=0.5)
        >>> model = model.fit([[1], [0]], u_probabilities=[[0.5, 0.5]])
        >>> model.parameter_table().columns
        ['comparison', 'level', 'label', 'm', 'u', 'match_weight']
        """
        self._check_fitted()
        rows = [
            (spec.name, level, label, float(m[level]), float(u[level]))
            for spec, m, u in zip(self.comparisons, self.m_, self.u_, strict=True)
            for level, label in enumerate(spec.levels)
        ]
        frame = pl.DataFrame(rows, schema=["comparison", "level", "label", "m", "u"], orient="row")
        return frame.with_columns((pl.col("m") / pl.col("u")).log(2).alias("match_weight"))

    # ----------------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """Settings, parameters and fit diagnostics as plain JSON-ready data."""
        return _serialise.model_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FellegiSunter:
        """Rebuild a model from :meth:`to_dict` output; raises ModelError if malformed."""
        parsed = _serialise.parse_model(data)
        model = cls(parsed.comparisons, **parsed.hyperparameters)
        for key, value in parsed.fitted.items():
            setattr(model, key, value)
        return model

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as versioned JSON (never pickle)."""
        _serialise.write_json(self.to_dict(), path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FellegiSunter:
        """Read a model written by :meth:`save`, validating every field."""
        return cls.from_dict(_serialise.read_json(path))

    def __repr__(self) -> str:
        names = [spec.name for spec in self.comparisons]
        state = "fitted" if hasattr(self, "m_") else "not fitted"
        return f"FellegiSunter(comparisons={names}, {state})"

    def __eq__(self, other: object) -> bool:
        """Equal when saved alike: settings, parameters and fit diagnostics, every number
        exactly (as :meth:`to_dict` gives them). A model and the one loaded from its file
        are then equal, and so are two loads of one file; what only training keeps (its
        sessions, pooled counts) is not part of the model a file holds.
        """
        if not isinstance(other, FellegiSunter):
            return NotImplemented
        return self is other or self.to_dict() == other.to_dict()

    # Equal by value and changed in place by fit(): no hash (as the Model dataclass).
    __hash__ = None  # type: ignore[assignment]


def _floats(values: Any) -> np.ndarray | None:
    """``values`` as a float64 array, or None when they are not numbers (text, ragged rows)."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        return None
