"""Training: a new :class:`Model` from a list's candidate pairs and its random pairs.

The caller's model is never changed: :func:`fit_pairs` fits a fresh copy of the
template's comparisons (scikit-learn's ``fit`` returning a new estimator, not Splink's
linker mutated in place), and :func:`fit` blocks and compares a prepared list first.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from sidalih.compare import ColumnCache, Comparison, compare_pairs
from sidalih.compare._columns import dense_codes
from sidalih.engine._model import (
    Known,
    Model,
    default_comparing,
    default_conditionals,
    default_lambda,
    default_m,
    model_provenance,
)
from sidalih.engine._settings import Settings
from sidalih.errors import InvalidParameterError
from sidalih.kernels.codes import group_rows, pair_codes, renumbered
from sidalih.kernels.levels import DateLevel, years_near_kernel
from sidalih.model._population import monotone_ratio

__all__ = ["fit_pairs", "varies", "default_instead", "FEWEST_RECORDS_TO_TRAIN", "list_rate",
           "random_pairs", "random_pairs_within",
           "regency_u", "same_year_u", "years_near", "village_sizes", "pairs_per_draw",
           "sampling_order"]


def random_pairs(n_left: int, n_right: int | None, *, size: int, seed: int) -> tuple[np.ndarray,
                                                                                      np.ndarray]:
    """Uniform random pairs (for u): within one list, or across two stacked lists."""
    rng = np.random.default_rng(seed)
    if n_right is None:
        if n_left < 2:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        i = rng.integers(0, n_left, size=size)
        j = rng.integers(0, n_left - 1, size=size)
        j = np.where(j >= i, j + 1, j)  # never a row with itself
        return i.astype(np.int64), j.astype(np.int64)
    if n_left == 0 or n_right == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    i = rng.integers(0, n_left, size=size)
    j = rng.integers(0, n_right, size=size) + n_left
    return i.astype(np.int64), j.astype(np.int64)


def fit_pairs(template: Model, cache: ColumnCache, gamma: np.ndarray, settings: Settings, *,
              n_left: int, other_rows: int | None) -> Model:
    """A new model fitted on candidate pairs' levels ``gamma`` and random pairs of ``cache``.

    ``template`` gives the comparisons, threshold and options; it is left as it was.
    ``settings`` give the seed and number of random pairs, and are saved with the model.
    ``n_left``/``other_rows`` say how the cached records split into two lists (a
    linkage) or not (``other_rows`` None). Where the pairs show one pattern alone there
    is nothing to learn, and the default model comes back (:func:`default_instead`); a
    list of fewer than :data:`FEWEST_RECORDS_TO_TRAIN` records is scored with it too.
    """
    if other_rows is None and n_left < FEWEST_RECORDS_TO_TRAIN and not _foreign(template):
        return default_instead(template, settings, n_records=n_left, prior_for=n_left,
                               place_shares=place_shares(template, cache),
                               reason=f"a list of {n_left:,} records, too few to train on "
                                      f"(fewer than {FEWEST_RECORDS_TO_TRAIN:,})")
    model = Model.untrained(template.comparisons, threshold=template.threshold,
                            forbid_below=template.forbid_below,
                            options=copy.deepcopy(template.options))
    model.settings = settings
    seed, u_pairs = settings.seed, settings.u_pairs
    order = sampling_order(cache.records, n_left)
    u_left, u_right = _in_order(order, *random_pairs(n_left, other_rows, size=u_pairs,
                                                     seed=seed))
    u_gamma = compare_pairs(cache, u_left, u_right, model.comparisons)
    if gamma.shape[0] == 0 or u_gamma.shape[0] == 0:
        raise InvalidParameterError(
            "too few records to train a model (no candidate or random pairs); "
            "pass a trained model=... to score a small list"
        )
    if not varies(gamma, u_gamma):
        one_list = other_rows is None
        return default_instead(template, settings, n_records=cache.records.height,
                               prior_for=n_left if one_list else None,
                               place_shares=place_shares(template, cache) if one_list else None)
    anchors = [bool(c.options.get("anchor", True)) for c in model.comparisons]
    total_pairs = (n_left * (n_left - 1) / 2 if other_rows is None
                   else float(n_left) * float(other_rows))
    within, precedence = _u_within(model, cache, n_left=n_left, other_rows=other_rows,
                                   size=u_pairs, seed=seed, order=order)
    prior = default_m(model.comparisons, model.options)
    # only within one list: the default's rate is a record's duplicates within its own
    # list, and says nothing of how many of a left record's matches a right list holds
    floor = default_lambda(n_left, model.options) if other_rows is None else 0.0
    model.fs.fit_population(gamma, u_gamma=u_gamma, n_records=cache.records.height,
                            # The NIK's m is learned in the name + birth-date session:
                            # among matches a NIK typo and a date error are independent
                            # (the NIK keeps the true date), so no session is excluded.
                            total_pairs=total_pairs, anchors=anchors, depends_on=None,
                            orders=[c.evidence_order for c in model.comparisons],
                            m_prior=prior, u_within=within, precedence=precedence,
                            lambda_floor=floor)
    model.options.update(model_provenance(model, prior))
    if floor > 0:
        model.options["lambda_source"] = "default" if model.fs.lambda_ <= floor else "list"
    years = same_year_u(model, cache, u_left, u_right)
    if years:
        model.options["same_year_u"] = years
    regional = regency_u(model, cache, n_left=n_left, other_rows=other_rows)
    if regional:
        model.options["u_regency"] = regional
    sizes = village_sizes(model, cache, other_rows=other_rows)
    if sizes:
        model.options["village_sizes"] = sizes
    return model


def sampling_order(records: pl.DataFrame, n_left: int) -> np.ndarray | None:
    """The rows in an order that does not depend on how the list was sorted: each list's
    rows by the hash of their ``id`` (None without an id column).

    The random pairs u is measured on are drawn by row position; drawn in the order the
    file came in, a list sorted another way got other pairs, weights up to half a bit
    apart, and borderline pairs merged in one order and not in the other. Drawn in this
    order, a list gives one model however its rows are sorted.

    Examples
    --------
    >>> rows = pl.DataFrame({"id": ["a", "b", "c"]})
    >>> order = sampling_order(rows, 3)
    >>> shuffled = sampling_order(rows[[2, 0, 1]], 3)
    >>> rows["id"].gather(order).to_list() == rows[[2, 0, 1]]["id"].gather(shuffled).to_list()
    True
    """
    if "id" not in records.columns or records.height < 2:
        return None
    hashes = records.get_column("id").hash(seed=0).to_numpy()
    # ids are unique, so hashes tie only on a 64-bit collision: no stable sort needed
    # (a third of its time at 1M rows)
    left = np.argsort(hashes[:n_left])
    right = n_left + np.argsort(hashes[n_left:])
    return np.concatenate([left, right]).astype(np.int64)


def _in_order(order: np.ndarray | None, left: np.ndarray, right: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs drawn among positions of ``order`` as rows of the list."""
    if order is None:
        return left, right
    return order[left], order[right]


def _pairs_sharing_code(codes: np.ndarray, order: np.ndarray | None, n_left: int,
                        n_right: int | None, *, size: int, seed: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`random_pairs_within`, drawn in the rows' :func:`sampling_order`."""
    if order is None:
        return random_pairs_within(codes, n_left, n_right, size=size, seed=seed)
    ordered = renumbered(np.ascontiguousarray(codes, dtype=np.int64), order)
    return _in_order(order, *random_pairs_within(ordered, n_left, n_right, size=size,
                                                 seed=seed))


def varies(gamma: np.ndarray, u_gamma: np.ndarray) -> bool:
    """Whether the pairs show more than one level pattern (null counted as a level).

    Where every candidate pair and every random pair are alike on every comparison (a
    list of one record pasted down a sheet) the random pairs look as the candidates
    do, so u equals m and every weight is 0: there is nothing to learn.

    Examples
    --------
    >>> same = np.array([[3, 2], [3, 2]], dtype=np.int8)
    >>> varies(same, same[:1]), varies(same, np.array([[0, 2]], dtype=np.int8))
    (False, True)
    """
    for j in range(gamma.shape[1]):
        # min and max, not a comparison with the first row: no copy of a column that
        # holds tens of millions of pairs
        low, high = int(gamma[:, j].min()), int(gamma[:, j].max())
        if low != high or int(u_gamma[:, j].min()) != low or int(u_gamma[:, j].max()) != low:
            return True
    return False


#: A list of fewer records (within one list, not a linkage) is scored with the shipped
#: default model instead of its own fit. Its few random pairs cannot measure the u of a
#: rare level (two records of one birth date: the 190 pairs of 20 records put it at
#: 1/300, +8.4 bits where the country's u gives +14), and the few duplicates among its
#: candidate pairs say little of m. On random subsets of twelve lists of four other
#: generators, and of a hand-written village, the default (with the prior below) found
#: more of the duplicates at 50, 150 and 400 records (pairs found 2,676 / 2,582 / 2,613
#: against 2,628 / 2,539 / 2,595; false pairs 7 / 3 / 6 against 0) and fewer at 1,000
#: (2,731 against 2,747, 14 false against 0); on whole lists of 3,000 and 10,000 the
#: list's own fit is the better (mean F1 0.984 against 0.974 on 44 lists).
FEWEST_RECORDS_TO_TRAIN = 300


def _foreign(template: Model) -> list[str]:
    """The template's comparisons the shipped default does not compare as the template
    does (a comparison of one's own has no default weight)."""
    shipped = {c.name: (c.method, c.labels) for c in Model.default().comparisons}
    return [c.name for c in template.comparisons if shipped.get(c.name) != (c.method, c.labels)]


def place_shares(template: Model, cache: ColumnCache) -> tuple[str, np.ndarray] | None:
    """The template's comparison of village codes and the share of the list's pairs (of
    records with a code) at each of its levels, counted exactly; None without one.

    Examples
    --------
    >>> from sidalih import compare
    >>> rows = pl.DataFrame({"kode_desa": ["3201010001", "3201010001", "3201010002", None]})
    >>> village = compare.code_prefix("kode_desa", lengths=(4, 6, 10))
    >>> name, shares = place_shares(Model.untrained([village]), ColumnCache(rows))
    >>> name, [round(float(x), 3) for x in shares]
    ('kode_desa', [0.0, 0.0, 0.667, 0.333])
    """
    place = _place_comparison(template, cache)
    if place is None:
        return None
    lengths = tuple(int(x) for x in place.method_type.prefix_lengths(place.options))
    if place.n_levels != len(lengths) + 1:
        return None
    codes = cache.prefix_codes(place.column, lengths)
    present = int((codes[:, 0] >= 0).sum())
    total = present * (present - 1) / 2
    if total == 0:
        return None
    sharing = _pairs_by_level(codes, codes.shape[0], None)
    counts = [total - sum(sharing), *sharing]
    return place.name, np.asarray(counts, dtype=np.float64) / total


def _on_this_list(m: np.ndarray, u: np.ndarray, shares: np.ndarray, order: Sequence[int]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The default's m and u of a place comparison for pairs of one list whose pairs fall
    on its levels in ``shares``.

    Its prior is the list's (a record's duplicates over the list's pairs), so agreeing on
    the village must weigh what it says among this list's pairs, not among the
    country's: in a list of one village every pair is of one village, and the country's
    "same village +6.7" added to that prior counted the village twice (two namesakes of
    a list of 150, one NIK missing, merged on it). u is the list's share at each level;
    m the default's, among the levels the list has. A level the list has no pair at
    keeps the default's weight (a record added later may fall there), at a negligible
    share of both. The weights keep the levels' declared order (``order``; pooled where
    the shares reverse it: in a list of one village and one record of a neighbouring
    one, "same district, other village" weighed +5.2 and "same village" -0.4).

    Examples
    --------
    >>> m, u = np.array([0.001, 0.001, 0.25, 0.748]), np.array([0.97, 0.003, 0.019, 0.008])
    >>> m_list, u_list = _on_this_list(m, u, np.array([0.0, 0.0, 0.0067, 0.9933]), (0, 1, 2, 3))
    >>> np.log2(m_list / u_list).round(2).tolist()
    [-9.92, -1.58, 0.0, 0.0]
    """
    absent = shares <= 0
    tiny = 1e-9
    m_out = np.where(absent, m * tiny, m)
    u_out = np.where(absent, u * tiny, shares)
    m_out[~absent] *= (1 - m_out[absent].sum()) / m[~absent].sum()
    u_out[~absent] *= 1 - u_out[absent].sum()
    m_out, _ = monotone_ratio(m_out, u_out, order)
    return m_out, u_out


def list_rate(evidence: np.ndarray, n_records: int, floor: float) -> float:
    """The match rate of a list too small to train on, from its candidate pairs'
    ``evidence`` (match weights less the prior, in bits; the pairs the rules keep apart
    left out): the fixed point of ``lambda = rho / (n - 1)``, ``rho`` the duplicates per
    record, counted as ``2 sum(posterior) / n`` over the list's ``n`` records and the
    default's ``rho0 = floor (n - 1)`` over :data:`FEWEST_RECORDS_TO_TRAIN` more; never
    below ``floor`` (the default's rate), never above 0.5.

    The default's rate is a list as lists are made: in a list of 100 people each listed
    twice, two copies of a name and a placeholder date stayed apart at it (p 0.75). The
    list's own count says so, as far as its records weigh against the default's: at a
    list's own rate alone the pair being judged set its own prior (0.5 in a list of
    two: two namesakes with two valid NIKs merged in lists of 2 to 10 records).

    Examples
    --------
    >>> round(list_rate(np.array([20.0]), 2, 0.0435), 4)  # one pair of a list of two
    0.0498
    >>> rate = list_rate(np.full(100, 14.0), 200, 0.0435 / 199)  # 100 people listed twice
    >>> round(float(np.log2(rate)), 1)
    -8.9
    """
    if n_records < 2:
        return floor
    rho0 = floor * (n_records - 1)
    lam = max(floor, 1e-12)
    for _ in range(200):
        prior = np.log2(lam) - np.log2(1.0 - lam)
        posterior = 1.0 / (1.0 + np.exp2(-np.clip(prior + evidence, -1000.0, 1000.0)))
        rho = (2.0 * float(posterior.sum()) + FEWEST_RECORDS_TO_TRAIN * rho0) / (
            n_records + FEWEST_RECORDS_TO_TRAIN)
        new = min(max(rho / (n_records - 1), floor), _MOST_LAMBDA)
        if abs(np.log(new) - np.log(lam)) < 1e-9:
            return new
        lam = new
    return lam


def default_instead(template: Model, settings: Settings, *, n_records: int,
                    prior_for: int | None = None, reason: str | None = None,
                    place_shares: tuple[str, np.ndarray] | None = None) -> Model:
    """The shipped default model for a list with nothing to learn (see :func:`varies`),
    or too small to learn from (``reason`` says why; :data:`FEWEST_RECORDS_TO_TRAIN`).

    Its weights as :meth:`Model.default` has them, for the template's comparisons alone
    (:func:`~sidalih.engine._model.default_comparing`: a list without the sex column is
    scored as the default scores one whose sex is missing), the template's threshold,
    the run's settings, and ``options["fallback"]`` saying why (the run's summary says
    so). With ``prior_for`` (one list of that many records, not a linkage) its prior is
    the default's for a list of that size (:func:`~sidalih.engine._model.default_lambda`:
    a record has as many duplicates in a list of 2 as in the country, so the chance that
    two of its records are one person is the default's duplicates per record over
    ``prior_for - 1``); the country's prior (-23 bits) left two identical records of a
    list of two apart. An
    :class:`~sidalih.errors.InvalidParameterError` when the template compares what the
    default does not (comparisons of one's own): pass a trained ``model=``.

    Examples
    --------
    >>> from sidalih import compare
    >>> template = Model.untrained([compare.name("nama_norm"), compare.date("tanggal_lahir")])
    >>> small = default_instead(template, Settings(), n_records=2, prior_for=2,
    ...                         reason="two records")
    >>> small.options["fallback"], round(float(np.log2(small.fs.lambda_)), 1)
    ('two records', -4.5)
    """
    foreign = _foreign(template)
    reason = reason or (f"every pair of these {n_records:,} records, candidate or random, "
                        "is alike on every comparison (nothing to learn)")
    if foreign:
        raise InvalidParameterError(
            f"{reason}: no weight can be learned, and the default "
            f"model does not compare {', '.join(foreign)} as these comparisons do; pass "
            "a trained model=...")
    chosen = default_comparing([c.name for c in template.comparisons])
    options_extra: dict[str, Any] = {}
    for_list = (0.0 if prior_for is None
                else default_lambda(prior_for, {"lambda_prior": "default"}))
    if for_list > 0:
        chosen.fs.lambda_ = min(for_list, _MOST_LAMBDA)
        if prior_for is not None and prior_for < FEWEST_RECORDS_TO_TRAIN:
            # too few records to count how common a name is (engine._tf.pulled_to_average)
            options_extra = {"fallback_records": prior_for}
        names = [c.name for c in chosen.comparisons]
        if place_shares is not None and place_shares[0] in names:
            j = names.index(place_shares[0])
            chosen.fs.m_[j], chosen.fs.u_[j] = _on_this_list(
                np.asarray(chosen.fs.m_[j], dtype=np.float64),
                np.asarray(chosen.fs.u_[j], dtype=np.float64), place_shares[1],
                chosen.comparisons[j].evidence_order)
    return dataclasses.replace(chosen, threshold=template.threshold, settings=settings,
                               options={**chosen.options, **options_extra, "fallback": reason})


#: The prior never says two records are more likely one person than not.
_MOST_LAMBDA = 0.5


def same_year_u(model: Model, cache: ColumnCache, left: np.ndarray,
                right: np.ndarray) -> dict[str, dict[str, float]]:
    """Per date comparison with a term frequency, how often two random records share a
    birth year (``"year"``), a birth year and month (``"month"``), and have birth years
    one apart or one digit apart (``"near"``).

    A placeholder date says the day was not known: 01-07-1960 (also 31-12 and 01-01)
    tells the year, the 15th (1960-03-15) the year and the month. Its term frequency
    alone treats the placeholder as a value each person draws independently, but days
    are unknown for whole groups at once (the old, one village's clerk, two namesakes
    of one age), and DOMAIN.md warns that agreement on a placeholder says little: two
    people of one name and age in one village, both on 01-07-2005, scored +11 bits for
    the date, as much as two agreeing real dates of a rarer year. Scoring lets such
    agreement weigh no more than agreeing on what the placeholder tells
    (:func:`sidalih.engine._tf.placeholder_floor`). The same holds for a near miss: two
    placeholders a year apart (31-12-1961, 31-12-1962) agree on the day and month only
    because both are placeholders, and say no more than two years one apart
    (:func:`sidalih.engine._tf.placeholder_near_adjustment`). Counted among the random
    pairs u is measured on, with one pseudo-pair either way.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import compare
    >>> from sidalih.compare import ColumnCache
    >>> from sidalih.engine import Model
    >>> records = pl.DataFrame({"d": pl.Series(["1960-07-01", "1960-03-02", "1971-01-01",
    ...                                         None]).str.to_date()})
    >>> model = Model.untrained([compare.date("d", tf=True)])
    >>> same_year_u(model, ColumnCache(records), np.array([0, 0, 2]), np.array([1, 2, 3]))
    {'d': {'year': 0.5, 'month': 0.25, 'near': 0.25}}
    """
    out: dict[str, dict[str, float]] = {}
    for comparison in model.comparisons:
        if (comparison.method != "date" or not comparison.tf_column
                or comparison.column not in cache.records.columns):
            continue
        # the year, month and day the comparison itself read (0 where missing)
        ymd = comparison.method_type.encode(comparison, cache)[2]
        year, month = ymd[:, 0], ymd[:, 1]
        both = (year[left] > 0) & (year[right] > 0)
        pairs = int(np.count_nonzero(both)) + 2
        same_year = both & (year[left] == year[right])
        same_month = same_year & (month[left] == month[right])
        near = both & years_near(year[left], year[right])
        out[comparison.name] = {"year": (int(np.count_nonzero(same_year)) + 1) / pairs,
                                "month": (int(np.count_nonzero(same_month)) + 1) / pairs,
                                "near": (int(np.count_nonzero(near)) + 1) / pairs}
    return out


def years_near(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair, whether two birth years are one apart, differ in one digit (of four or of
    the last two: 95/05 for 1995/2005) or have their last two digits swapped: the years of
    the date comparison's near level (:class:`sidalih.kernels.levels.DateLevel`).

    Examples
    --------
    >>> years_near(np.array([1960, 1960, 1960, 1960, 1995, 1983]),
    ...            np.array([1961, 1969, 1971, 1960, 2005, 1938])).tolist()
    [True, True, False, False, True, True]
    """
    # the comparison kernel's own rule, not a second copy of it
    return years_near_kernel(np.ascontiguousarray(a, dtype=np.int64),  # type: ignore[no-any-return]
                             np.ascontiguousarray(b, dtype=np.int64))


def village_sizes(model: Model, cache: ColumnCache, *,
                  other_rows: int | None) -> dict[str, Any]:
    """Records per village of the list, for the village-size adjustment of scoring.

    See :func:`sidalih.engine._tf.village_adjustments`: the prior of a pair of one
    village falls with the village's size. Only within one list: in a linkage a
    village's pairs are a left and a right record, and what a record's duplicates are
    spread over is less clear.
    """
    place = _place_comparison(model, cache)
    if place is None or other_rows is not None:
        return {}
    records = cache.records
    village = records.get_column(place.column).cast(pl.String).alias("village")
    counts = village.drop_nulls().value_counts()
    if counts.height < 2:
        return {}  # one village: the list's own prior is that village's
    out: dict[str, Any] = {"comparison": place.name,
                           "sizes": dict(zip(counts["village"].to_list(),
                                             counts["count"].cast(pl.Int64).to_list(),
                                             strict=True))}
    return out


def _place_comparison(model: Model, cache: ColumnCache) -> Comparison | None:
    """The comparison of village codes by prefixes (village, district, regency), if any."""
    return next((c for c in model.comparisons
                 if len(c.method_type.prefix_lengths(c.options)) >= 3
                 and c.column in cache.records.columns), None)


def regency_u(model: Model, cache: ColumnCache, *, n_left: int,
              other_rows: int | None) -> dict[str, list[float]]:
    """Per comparison with a term-frequency adjustment, u among random pairs of one regency.

    A term-frequency adjustment replaces a level's u by the agreed value's frequency,
    and names' frequencies are counted within the regency: the u it replaces must be
    the u of the same pairs, two records of one regency, not the country's. Against the
    country's u a pair of one village was charged twice for local names being alike
    (once by the regency's frequency, once by the village's u): 0.7 bit less for an
    exact name than the village's own list gave it. It is the mixture of the u's
    measured by place (one village; one district, two villages; one regency, two
    districts), each weighted by how many pairs of the list are of that kind.
    """
    place = _place_comparison(model, cache)
    given = getattr(model.fs, "u_given_", {})
    if place is None or not given:
        return {}
    lengths = place.method_type.prefix_lengths(place.options)
    codes = cache.prefix_codes(place.column, tuple(int(x) for x in lengths))
    level_pairs = dict(enumerate(_pairs_by_level(codes, n_left, other_rows), start=1))
    out: dict[str, list[float]] = {}
    for comparison in model.comparisons:
        if not comparison.tf_column or comparison.name not in given:
            continue
        mixture, total = np.zeros(comparison.n_levels), 0.0
        for name, equal, _, u_cond in given[comparison.name]:
            if name != place.name or len(equal) != 1 or int(equal[0]) not in level_pairs:
                continue
            weight = level_pairs[int(equal[0])]
            mixture = mixture + weight * np.asarray(u_cond, dtype=np.float64)
            total += weight
        if total > 0:
            out[comparison.name] = [float(x) for x in mixture / total]
    return out


def _pairs_by_level(codes: np.ndarray, n_left: int, other_rows: int | None) -> list[float]:
    """Pairs of the list at each level of a place comparison above "different" (level 1,
    the coarsest prefix shared and no finer, first): ``codes`` one column per prefix,
    coarsest first."""
    # pairs sharing each prefix; the finer the prefix, the fewer
    sharing = [_pairs_sharing(codes[:, k], n_left, other_rows) for k in range(codes.shape[1])]
    return [max(sharing[k] - sharing[k + 1], 0.0) for k in range(len(sharing) - 1)] + [sharing[-1]]


def _pairs_sharing(codes: np.ndarray, n_left: int, other_rows: int | None) -> float:
    """How many pairs of the list (left-right pairs of a linkage) share a code (>= 0)."""
    if other_rows is None:
        sizes = np.bincount(codes[codes >= 0]).astype(np.float64)
        return float((sizes * (sizes - 1) / 2).sum())
    left, right = codes[:n_left], codes[n_left:]
    width = int(codes.max()) + 1 if codes.size else 0
    if width <= 0:
        return 0.0
    return float((np.bincount(left[left >= 0], minlength=width).astype(np.float64)
                  * np.bincount(right[right >= 0], minlength=width)).sum())


Conditions = dict[str, tuple[Any, ...]]


def _u_within(model: Model, cache: ColumnCache, *, n_left: int, other_rows: int | None,
              size: int, seed: int, order: np.ndarray | None = None
              ) -> tuple[Conditions, dict[str, list[str]]]:
    """Random pairs sharing each ``u_within`` column, compared on every comparison.

    Only where a comparison of the model reads that column (its levels say when a pair
    shares the value): the conditional u is used for those pairs. Also each
    comparison's conditions in precedence order.

    A region code compared by its prefixes (village within district within regency)
    conditions at every level: after "same village", u is also measured among random
    pairs of one district in two villages, then of one regency in two districts. Names,
    birth years and NIK digits are more alike nearby than across the country (local
    family names, one registration office), so a pair of one district credited with
    the country's u for its alike names was worth bits more than such pairs are: the
    middle probabilities came out too high (missing_nik 200k: 6-28 % of the pairs in the
    0.5-0.9 bins one person).
    """
    targets: dict[str, list[str]] = {}
    precedence: dict[str, list[str]] = {}
    regions: dict[str, str] = {}
    for comparison in model.comparisons:
        for column in comparison.within_columns:
            given = next((c for c in model.comparisons
                          if c.column == column and c is not comparison), None)
            if given is None or column not in cache.records.columns:
                continue
            targets.setdefault(given.name, []).append(comparison.name)
            precedence.setdefault(comparison.name, []).append(given.name)
            region = comparison.options.get("u_within_region")
            if region and region in cache.records.columns and column == comparison.within_columns[0]:
                regions[given.name] = region
    out: Conditions = {}
    known = default_conditionals(model.comparisons, model.options)
    for given_name, names in targets.items():
        given = next(c for c in model.comparisons if c.name == given_name)
        prefix = given.group_prefix
        codes = (cache.codes(given.column) if prefix is None
                 else _prefix_column(model, cache, given.column, prefix))
        if given_name in regions:
            # within one regency too: who shares NIK digits by chance lives nearby
            codes = _joint_codes(codes, _prefix_column(model, cache, regions[given_name], 4))
        left, right = _pairs_sharing_code(codes, order, n_left, other_rows,
                                          size=max(size // 4, 1), seed=seed)
        if left.size:
            out[given_name] = (compare_pairs(cache, left, right, model.comparisons),
                               given.equal_levels, names, given_name,
                               _cards(model, given, names),
                               pairs_per_draw(codes, n_left, other_rows, left.size),
                               _known(known, names, given_name, given.equal_levels))
        for key, condition in _coarser_places(model, cache, given, names, n_left=n_left,
                                              other_rows=other_rows, size=max(size // 4, 1),
                                              seed=seed, known=known, order=order).items():
            out[key] = condition
            for name in names:
                precedence[name].append(key)
        region = regions.get(given_name)
        near = _near_dates(model, cache, given, names, region=region, n_left=n_left,
                           other_rows=other_rows, size=max(size // 4, 1), seed=seed,
                           known=known, order=order)
        for key, condition in near.items():
            out[key] = condition
        for name in names:
            # right after the date's own condition: a pair of two near dates takes
            # these before the place's
            at = precedence[name].index(given_name) + 1
            precedence[name][at:at] = list(near)
    return out, precedence


#: The date levels at which two records were born in one year (or a year apart) but not
#: on one day: a placeholder on one side (01-07-1997 / 11-05-1997), or one field off by
#: one (11-05-1997 / 11-06-1997).
_NEAR_DATE_LEVELS = (DateLevel.PLACEHOLDER_YEAR, DateLevel.NEAR)


def _near_dates(model: Model, cache: ColumnCache, given: Comparison, names: list[str], *,
                region: str | None, n_left: int, other_rows: int | None, size: int,
                seed: int, known: Known, order: np.ndarray | None = None) -> Conditions:
    """Conditions at the near levels of a birth-date comparison, for the comparisons
    measured within one birth date (the NIK's).

    A NIK is a code of its holder's district and birth date, so two people of one
    district born in one year hold NIKs that agree but for a digit of the day or month
    (and the serial) far more often than two people of the country: among random pairs
    of one regency and birth year, a NIK one digit off is a few per cent, among all
    pairs one in a million. Where one record carries a placeholder date and its NIK
    the real one (DOMAIN.md: a NIK's date may differ from the recorded one), or the
    two dates are a day or a month apart, the country's u credited "NIK one digit
    off" +15 bits, and two namesakes of one district born a month apart merged
    (synthetic 1M lists: 25 such pairs at 0.92, none one person). Measured among random
    pairs of one birth year (and regency, as the date's own condition is), at each
    near level of the date: the pairs at that level.
    """
    if given.method != "date" or given.column not in cache.records.columns:
        return {}
    year = pl.Series(given.method_type.encode(given, cache)[2][:, 0])  # 0 where missing
    codes = dense_codes(pl.select(pl.when(year > 0).then(year)).to_series())
    if region is not None and region in cache.records.columns:
        codes = _joint_codes(codes, _prefix_column(model, cache, region, 4))
    left, right = _pairs_sharing_code(codes, order, n_left, other_rows, size=size,
                                      seed=seed + 17)
    if not left.size:
        return {}
    sample = compare_pairs(cache, left, right, model.comparisons)
    k_given = model.comparisons.index(given)
    per_draw = pairs_per_draw(codes, n_left, other_rows, left.size)
    out: Conditions = {}
    for level in _NEAR_DATE_LEVELS:
        at_level = sample[sample[:, k_given] == int(level)]
        if at_level.shape[0]:
            out[f"{given.name}@{int(level)}"] = (
                at_level, (int(level),), names, given.name, (), per_draw,
                _known(known, names, given.name, (int(level),)), True)
    return out


def _known(known: Known, names: list[str], given: str, equal: Sequence[int]
           ) -> dict[str, tuple[np.ndarray | None, np.ndarray | None]]:
    """Of ``names``, those whose u or m under this condition the default model gives."""
    key = tuple(int(x) for x in equal)
    return {name: known[(name, given, key)] for name in names
            if (name, given, key) in known}


def pairs_per_draw(codes: np.ndarray, n_left: int, n_right: int | None, draws: int) -> float:
    """How many distinct pairs sharing a code each of ``draws`` random pairs stands for (<= 1).

    The pairs are drawn with replacement: in a 1,000-row list a quarter of a million
    draws among the 2,000 pairs of one village repeat each pair a hundred times, and
    count for no more than the 2,000 (:func:`sidalih.model._population.credible_u`).

    Examples
    --------
    >>> pairs_per_draw(np.array([0, 0, 0, 1, 1, -1]), 6, None, 40)  # 3 + 1 pairs
    0.1
    """
    codes = np.asarray(codes, dtype=np.int64)
    if n_right is None:
        sizes = np.bincount(codes[:n_left][codes[:n_left] >= 0]).astype(np.float64)
        distinct = float((sizes * (sizes - 1) / 2).sum())
    else:
        width = int(codes.max()) + 1 if codes.size else 0
        side = [np.bincount(part[part >= 0], minlength=width).astype(np.float64)
                for part in (codes[:n_left], codes[n_left:n_left + n_right])]
        distinct = float((side[0] * side[1]).sum())
    return min(1.0, distinct / draws) if draws else 1.0


def _cards(model: Model, given: Comparison, names: list[str]) -> tuple[str, ...]:
    """The family cards among ``names`` whose m is measured by place too.

    A card changes when its holder moves (DOMAIN.md, NKK and Movers): one person listed
    twice in one village mostly keeps one card, and in two villages has mostly
    a new one. With one m for all, a new card counted against movers and a shared card
    barely set namesakes of one village apart. The person's own fields keep one m:
    learning theirs among the few candidate pairs of two villages lets non-matches pass
    for matches.
    """
    if not given.method_type.prefix_lengths(given.options):
        return ()
    return tuple(c.name for c in model.comparisons
                 if c.name in names and c.role == "family_card")


def _coarser_places(model: Model, cache: ColumnCache, given: Comparison, names: list[str], *,
                    n_left: int, other_rows: int | None, size: int, seed: int,
                    known: Known, order: np.ndarray | None = None) -> Conditions:
    """Conditions at each coarser level of a code compared by prefixes, finest first."""
    lengths = given.method_type.prefix_lengths(given.options)
    if not lengths or len(lengths) < 2:
        return {}
    k_given = model.comparisons.index(given)
    out: Conditions = {}
    for level in range(len(lengths) - 1, 0, -1):  # level k: the first k prefixes agree
        codes = _prefix_column(model, cache, given.column, int(lengths[level - 1]))
        left, right = _pairs_sharing_code(codes, order, n_left, other_rows, size=size,
                                          seed=seed + level)
        if not left.size:
            continue
        sample = compare_pairs(cache, left, right, model.comparisons)
        sample = sample[sample[:, k_given] == level]  # not also a finer level
        if sample.shape[0]:
            out[f"{given.name}@{level}"] = (sample, (level,), names, given.name,
                                            _cards(model, given, names),
                                            pairs_per_draw(codes, n_left, other_rows,
                                                           left.size),
                                            _known(known, names, given.name, (level,)))
    return out


def _prefix_column(model: Model, cache: ColumnCache, column: str, length: int) -> np.ndarray:
    """Dense codes of ``column``'s first ``length`` characters (-1 where it is missing).

    The column of a comparison's own prefix codes when one compares ``column`` by that
    prefix: the codes are the same (a prefix's codes do not depend on the other lengths),
    and that table is built once for comparing, not once more per length.
    """
    for comparison in model.comparisons:
        lengths = tuple(int(x) for x in comparison.method_type.prefix_lengths(comparison.options))
        if comparison.column == column and length in lengths:
            return cache.prefix_codes(column, lengths)[:, lengths.index(length)]
    return cache.prefix_codes(column, (length,))[:, 0]


def _joint_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dense codes of the pairs (a, b); -1 where either is missing."""
    # numbered as sorting the distinct (a, b) would, by counting sorts: np.unique's sort
    # of every row's combined key grew faster than the list (0.7 s at 3M records)
    return pair_codes(np.ascontiguousarray(a, dtype=np.int64),  # type: ignore[no-any-return]
                      np.ascontiguousarray(b, dtype=np.int64))


def random_pairs_within(codes: np.ndarray, n_left: int, n_right: int | None, *, size: int,
                        seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random pairs among the pairs whose two rows share a code (``codes >= 0``).

    Within one list (``n_right`` None) a pair of distinct rows of one group; across two
    stacked lists a left row and a right row of one group. Each such pair is equally
    likely: a group is drawn in proportion to its number of pairs.

    Examples
    --------
    >>> left, right = random_pairs_within(np.array([0, 0, 1, -1, 1, 2]), 6, None, size=200,
    ...                                   seed=1)
    >>> sorted({(int(a), int(b)) if a < b else (int(b), int(a)) for a, b in zip(left, right)})
    [(0, 1), (2, 4)]
    """
    rng = np.random.default_rng(seed + 1)
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    n_groups = int(codes.max()) + 1 if codes.size else 0
    if n_groups == 0 or size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sides = [(0, n_left)] if n_right is None else [(0, n_left), (n_left, n_left + n_right)]
    members = []
    for lo, hi in sides:
        # the side's rows with a code, grouped by code: a counting sort, the order of a
        # stable sort by code
        order, counts = group_rows(codes, lo, hi, n_groups)
        members.append((order, counts, np.concatenate([[0], np.cumsum(counts)[:-1]])))
    return pairs_from_groups(members, n_groups, paired=n_right is not None, size=size, rng=rng)


def pairs_from_groups(members: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_groups: int,
                      *, paired: bool, size: int, rng: np.random.Generator
                      ) -> tuple[np.ndarray, np.ndarray]:
    """``size`` uniform random pairs of rows of one group, from each side's rows grouped
    (rows in group order, rows per group, each group's start): within one side, or a row
    of each of two sides (``paired``)."""
    if not paired:
        sizes = members[0][1].astype(np.float64)
        weight = sizes * (sizes - 1) / 2
    else:
        weight = members[0][1].astype(np.float64) * members[1][1]
    if weight.sum() <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    group = rng.choice(n_groups, size=size, p=weight / weight.sum())
    order, counts, starts = members[0]
    i = rng.integers(0, counts[group])
    if not paired:
        j = rng.integers(0, counts[group] - 1)
        j = np.where(j >= i, j + 1, j)
        return order[starts[group] + i], order[starts[group] + j]
    order_r, counts_r, starts_r = members[1]
    j = rng.integers(0, counts_r[group])
    return order[starts[group] + i], order_r[starts_r[group] + j]
