"""Scoring: candidate pairs in, levels, weights and domain verdicts out.

:func:`score_pairs` is the one scoring sequence (compare → term frequencies → weights →
domain judgement) that the in-memory run, ``Result.explain``, the out-of-core batches
and the Spark tasks all call, so a pair gets the same floats whichever path scores it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.cluster import cluster_pairs
from sidalih.compare import ColumnCache, compare_pairs
from sidalih.election import PEMILU_2024
from sidalih.engine._judgement import (
    IDENTICAL,
    NAMESAKE,
    NIK_CLASH,
    VERDICTS,
    VETOES,
    judge,
)
from sidalih.engine._model import Model
from sidalih.engine._tf import each_term_frequency_adjustment
from sidalih.kernels import guards
from sidalih.kernels.guards import guarded_weights
from sidalih.kernels.nik import resolve_year
from sidalih.nik._core import OLDEST_AGE, VOTING_AGE

__all__ = ["PairScores", "score_pairs", "term_frequencies", "probabilities", "threshold_weight",
           "cluster_bounds", "cluster_weights", "cluster_labels", "certain_band", "yielding_bands",
           "lowest_yielding", "nik_values",
           "birth_years", "verdict_names"]


@dataclass(frozen=True)
class PairScores:
    """What scoring gives per pair (rows of the arrays are the pairs given).

    ``gamma``: the comparison levels (int8, one column per comparison); ``tf``: each
    term-frequency adjustment that applied (float32: hundredths of a bit are shown, and
    at tens of millions of pairs every float64 array is hundreds of megabytes);
    ``weight``: the match weight (float64); ``verdict``: the domain verdict codes
    (:data:`~sidalih.engine._judgement.VERDICTS`).
    """

    gamma: np.ndarray
    tf: dict[str, np.ndarray]
    weight: np.ndarray
    verdict: np.ndarray

    @property
    def probability(self) -> np.ndarray:
        return probabilities(self.weight)


def score_pairs(model: Model, cache: ColumnCache, left: np.ndarray, right: np.ndarray,
                *, gamma: np.ndarray | None = None, keep_tf: bool = True) -> PairScores:
    """Score the pairs (``left[i]``, ``right[i]``) of the cached records with a fitted model.

    ``gamma`` may be given when the levels were computed already (to train the model).
    With ``keep_tf`` False the term-frequency adjustments are added to the weights and
    not kept (``tf`` is empty): a run over millions of pairs lists a few thousand, and
    :func:`term_frequencies` gives theirs again, the same floats.

    Examples
    --------
    >>> import polars as pl, numpy as np
    >>> from sidalih import compare
    >>> from sidalih.compare import ColumnCache
    >>> from sidalih.engine._model import Model
    >>> records = pl.DataFrame({"nama": ["SITI", "SITI", "BUDI"]})
    >>> from sidalih.model import ComparisonSpec, FellegiSunter
    >>> model = Model.untrained([compare.exact("nama")])
    >>> model.fs = FellegiSunter([ComparisonSpec("nama", ["different", "exact"])],
    ...                          prior=0.01).fit([[1], [0]], u_probabilities=[[0.9, 0.1]])
    >>> scores = score_pairs(model, ColumnCache(records), np.array([0, 0]), np.array([1, 2]))
    >>> scores.gamma[:, 0].tolist(), bool(scores.weight[0] > scores.weight[1])
    ([1, 0], True)
    """
    if gamma is None:
        gamma = compare_pairs(cache, left, right, model.comparisons)
    weight = model.fs.match_weight(gamma)
    tf = _add_term_frequencies(weight, model, cache, gamma, left, right, keep=keep_tf)
    records = cache.records
    niks = nik_values(cache, model)
    settings = getattr(model, "settings", None)
    election = settings.election_date if settings is not None else PEMILU_2024.date
    verdict = judge(gamma, model.comparisons, nik_values=niks,
                    birth_years=birth_years(records, niks, election), left=left, right=right,
                    records=records)
    return PairScores(gamma, tf, weight, verdict)


def term_frequencies(model: Model, cache: ColumnCache, gamma: np.ndarray, left: np.ndarray,
                     right: np.ndarray) -> dict[str, np.ndarray]:
    """The term-frequency adjustments :func:`score_pairs` adds to these pairs' weights.

    Each depends on the pair alone (its levels and its records), so the adjustments of a
    few pairs of a scored list are those their scoring added.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import compare
    >>> from sidalih.compare import ColumnCache
    >>> from sidalih.engine._model import Model
    >>> from sidalih.model import ComparisonSpec, FellegiSunter
    >>> records = pl.DataFrame({"nama": ["SITI", "SITI", "BUDI", "SITI"]})
    >>> model = Model.untrained([compare.exact("nama", tf=True)])
    >>> model.fs = FellegiSunter([ComparisonSpec("nama", ["different", "exact"])],
    ...                          prior=0.01).fit([[1], [0]], u_probabilities=[[0.9, 0.1]])
    >>> cache, left, right = ColumnCache(records), np.array([0, 0]), np.array([1, 2])
    >>> every = score_pairs(model, cache, left, right).tf["nama"]
    >>> bool(term_frequencies(model, cache, np.array([[1]], dtype=np.int8), left[:1],
    ...                       right[:1])["nama"][0] == every[0])
    True
    """
    weight = np.zeros(gamma.shape[0], dtype=np.float64)
    return _add_term_frequencies(weight, model, cache, gamma, left, right, keep=True)


def _add_term_frequencies(weight: np.ndarray, model: Model, cache: ColumnCache,
                          gamma: np.ndarray, left: np.ndarray, right: np.ndarray, *,
                          keep: bool) -> dict[str, np.ndarray]:
    """Add each adjustment to ``weight`` in place, and return them (float32) if ``keep``.

    Added one at a time (the floats match_weight would give with them all), so one
    whole-length float64 temporary is held at once.
    """
    tf: dict[str, np.ndarray] = {}
    for name, adjustment in (each_term_frequency_adjustment(model, cache, gamma, left, right)
                             if len(left) else ()):
        weight += adjustment
        if not keep:
            del adjustment  # before the next is computed
            continue
        # one comparison may get two (a term frequency and its village's size): the
        # second is added in place, float32(first + second) with no float64 temporary
        if name in tf:
            tf[name] += adjustment
        else:
            tf[name] = adjustment.astype(np.float32)
        del adjustment
    return tf


def nik_values(cache: ColumnCache, model: Model) -> np.ndarray | None:
    """The int64 NIKs the NIK comparison read (its cache entry), if there is one.

    The comparison is found by its role, as the domain judgement finds it.
    """
    for comparison in model.comparisons:
        arrays = cache.peek(("nik", comparison.column))
        if comparison.role == "nik" and arrays is not None:
            return arrays[0]  # type: ignore[no-any-return]
    return None


def birth_years(records: pl.DataFrame, niks: np.ndarray | None = None,
                election: dt.date = PEMILU_2024.date) -> np.ndarray | None:
    """Birth years the judgement reads (twins, father and son), when the list has them.

    Where a record has no birth date, its NIK's (``niks``: int64, -1 none) stands in:
    the NIK carries the birth date (DOMAIN.md), so a father and son of one name on one
    card, 28 years apart in their NIKs, stay a family when the list has no dates. The
    century is the NIK parser's (:func:`sidalih.kernels.nik.resolve_year`: a voter's
    reading on ``election``).

    Examples
    --------
    >>> import polars as pl
    >>> rows = pl.DataFrame({"birth_year": [1990, None, None]}, schema={"birth_year": pl.Int16})
    >>> birth_years(rows, np.array([-1, 3271010101700001, 3271014101050002])).tolist()
    [1990, 1970, 2005]
    """
    if "birth_year" in records.columns:
        years = records.get_column("birth_year").fill_null(0).to_numpy().astype(np.int32)
    elif niks is not None:
        years = np.zeros(records.height, dtype=np.int32)
    else:
        return None
    if niks is not None and niks.shape[0] == years.shape[0]:
        missing = np.flatnonzero((years == 0) & (niks >= 0))
        if missing.size:
            years[missing] = _nik_years(niks[missing], election)
    return years


def _nik_years(niks: np.ndarray, election: dt.date) -> np.ndarray:
    """Birth years from NIKs' date digits, once per distinct DDMMYY (0: no date's)."""
    births, inverse = np.unique((niks // 10_000) % 1_000_000, return_inverse=True)
    ref = np.array([election.year, election.month, election.day], dtype=np.int64)
    limits = np.array([OLDEST_AGE, VOTING_AGE], dtype=np.int64)
    years = np.zeros(births.size, dtype=np.int32)
    for k, birth in enumerate(births.tolist()):
        day, month, yy = birth // 10_000, (birth // 100) % 100, birth % 100
        day -= 40 if day > 40 else 0  # a woman's day is +40
        if 1 <= month <= 12 and 1 <= day <= 31:
            years[k] = resolve_year(day, month, yy, ref, limits, False)[0]
    return years[inverse.reshape(-1)]


#: The match weight from which a pair's probability is 1.0 as :func:`probabilities` computes
#: it: 1 + 2**-53 rounds to 1 in float64.
CERTAIN_WEIGHT = 53.0


def threshold_weight(threshold: float) -> float:
    """The match weight at or above which a pair's probability reaches ``threshold``.

    ``log2(t / (1 - t))``; a threshold of 1 (documented as "at or above", so allowed) is
    the weight from which the probability is 1.0, :data:`CERTAIN_WEIGHT`, not a division
    by zero: only those pairs, and identical records, merge.

    Examples
    --------
    >>> round(threshold_weight(0.8), 9), threshold_weight(1.0)
    (2.0, 53.0)
    >>> float(probabilities(np.array([threshold_weight(1.0)]))[0])
    1.0
    """
    if threshold >= 1.0:
        return CERTAIN_WEIGHT
    return float(np.log2(threshold / (1.0 - threshold)))


def cluster_bounds(model: Model) -> tuple[float, float]:
    """Match weights at or above which pairs merge, and below which they never share a cluster."""
    merge = threshold_weight(model.threshold)
    return merge, min(model.forbid_below, merge - 1.0)


def cluster_weights(weight: np.ndarray, verdict: np.ndarray, model: Model) -> np.ndarray:
    """The weight clustering uses: the model's, overruled by the domain verdicts."""
    threshold_weight, forbid = cluster_bounds(model)
    # A domain veto makes the pair cannot-link, whatever the model scored; an identical
    # duplicate is merged whatever it scored, as a certain pair. One pass, one new array
    # (sidalih.kernels.guards). One NIK on two records whose names or dates disagree yields to a third
    # record merged with each (YIELDING); namesakes yield only to a third record
    # identical to each (YIELDING_TO_CERTAIN); twins, a family and a pair the model
    # scored clearly different never do, so they lie below both bands.
    return guarded_weights(np.ascontiguousarray(weight, dtype=np.float64),
                           np.ascontiguousarray(verdict, dtype=np.int8), _guard_kinds(),
                           float(forbid), max(float(threshold_weight), 0.0), CERTAIN_WEIGHT)


@functools.cache
def _guard_kinds() -> np.ndarray:
    """Each verdict's band (:mod:`sidalih.kernels.guards`): identical records merge as
    certain (in the order of their own weights: the stronger of two identical partners
    wins a conflict whatever the rows' order)."""
    kinds = np.full(len(VERDICTS), guards.MODEL, dtype=np.int8)
    kinds[list(VETOES)] = guards.HARD
    kinds[list(YIELDING_TO_CERTAIN)] = guards.TO_CERTAIN
    kinds[list(YIELDING)] = guards.YIELDS
    kinds[IDENTICAL] = guards.CERTAIN
    return kinds


#: Vetoes that yield to a bridge (:func:`sidalih.cluster.cluster_pairs`, ``yielding_from``):
#: one NIK on two records read alone as two names, which are two copies of one person,
#: each with its own slip (Mangasy / Msngasi Siregar, each one letter off Mangasi
#: Siregar on a third record of that NIK; Enos / Enoss Meaga beside Enos Meaga): the third
#: copy, merged with each, says they are one. A household under one NIK has no record
#: one slip from two of its members: that record's pair with the other is a clash too.
#: Twins do not yield: a copy of one twin whose NIK was mistyped scores high against the
#: other (twins' names, one card, one date) and would bridge them (the fourth generator
#: merged 48 -> 67 of 2,662 twins so; one NIK on two people, 0 more false pairs).
YIELDING = (NIK_CLASH,)
#: Vetoes that yield only to a certain bridge (``yielding_to_certain``): a record
#: identical to each of the two. Namesakes read from two records alone (one name and
#: date, two NIKs apart in the serial, two cards) are one person where a third record is
#: identical to both: the same NIK as the one, the other's card with a serial slip (the
#: eighth generator's Balinese villages: I GEDE ADI PUTRA, moved to another card, and a
#: copy with the serial mistyped, kept apart from its original). A record that merely
#: scores high against two namesakes (no NIK, a placeholder date) bridges nothing.
YIELDING_TO_CERTAIN = (NAMESAKE,)


def yielding_bands(threshold: float, forbid: float
                   ) -> tuple[float | None, tuple[float, float] | None]:
    """``cluster_pairs``' ``yielding_from`` and ``yielding_to_certain`` for these bounds.

    The first is the cluster weight of a veto that yields to a bridge (:data:`YIELDING`);
    the second the cluster weight of a veto that yields only to a certain bridge
    (:data:`YIELDING_TO_CERTAIN`) and the weight of a certain pair (identical records get
    this plus their own weight, :func:`cluster_weights`). Both None where nothing is forbidden (``forbid`` -inf).

    Examples
    --------
    >>> yielding_bands(2.0, -10.0)
    (-11.0, (-11.5, 53.0))
    >>> yielding_bands(2.0, float("-inf"))
    (None, None)
    """
    if not np.isfinite(forbid):
        return None, None
    return forbid - 1.0, (forbid - 1.5, max(threshold, CERTAIN_WEIGHT))


def yielding_weight(model: Model) -> float | None:
    """The cluster weight of a veto that yields to a bridge (:data:`YIELDING`), which is
    the lower end of the band :func:`sidalih.cluster.cluster_pairs` lifts; None where
    nothing is forbidden (``forbid_below`` -inf: no cannot-link pair to lift)."""
    return yielding_bands(*cluster_bounds(model))[0]


def certain_band(model: Model) -> tuple[float, float] | None:
    """``cluster_pairs``' ``yielding_to_certain`` for the model (:func:`yielding_bands`)."""
    return yielding_bands(*cluster_bounds(model))[1]


def lowest_yielding(model: Model) -> float | None:
    """The lowest cluster weight of a veto that may yield: below it, a pair never joins."""
    band = certain_band(model)
    return band[0] if band is not None else None


def probabilities(weight: np.ndarray) -> np.ndarray:
    """``1 / (1 + 2**-w)`` per pair, computed in one array (no temporaries per step).

    Examples
    --------
    >>> probabilities(np.array([0.0, 10.0, -1000.0])).round(4).tolist()
    [0.5, 0.999, 0.0]
    """
    out = np.clip(weight, -500, 500)
    np.negative(out, out=out)
    np.exp2(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def cluster_labels(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
                   verdict: np.ndarray, model: Model) -> np.ndarray:
    """A cluster label per record: pairs at or above the threshold merge, vetoes never."""
    threshold_weight, forbid = cluster_bounds(model)
    return cluster_pairs(n, left, right, cluster_weights(weight, verdict, model),
                         threshold=threshold_weight, forbid_below=forbid,
                         yielding_from=yielding_weight(model),
                         yielding_to_certain=certain_band(model))


def verdict_names(verdict: np.ndarray) -> np.ndarray:
    """Verdict codes as their names (``"model"``, ``"twin"``...)."""
    return np.asarray(VERDICTS, dtype=object)[verdict]
