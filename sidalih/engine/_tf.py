"""Term-frequency adjustments: agreeing on a rare value weighs more than on a common one."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from sidalih.compare import ColumnCache, Comparison
from sidalih.compare._columns import SMALL_ROWS
from sidalih.engine._fit import FEWEST_RECORDS_TO_TRAIN
from sidalih.engine._model import Model
from sidalih.kernels.codes import frequencies, gather_at_level, pair_codes
from sidalih.kernels.levels import DateLevel
from sidalih.kernels.turing import turing_frequencies
from sidalih.model import tf_weight_adjustment

__all__ = ["term_frequency_adjustments", "each_term_frequency_adjustment", "frequency_column",
           "good_turing_frequency", "smoothed_tf", "placeholder_floor",
           "placeholder_near_adjustment", "fifteenth_adjustments", "pulled_to_average"]

_MIN_REGION_ROWS = 1_000
_SLICE = 1 << 22  # pairs per slice where whole-length temporaries would cost gigabytes


def term_frequency_adjustments(model: Model, cache: ColumnCache, gamma: np.ndarray,
                               left: np.ndarray, right: np.ndarray) -> dict[str, np.ndarray]:
    """Agreement on a rare value weighs more than on a common one (Splink-style tf).

    Names use their frequency within the regency when the regency is large enough to
    measure it, else nationally, estimated by :func:`good_turing_frequency`; placeholder
    birth dates their frequency in the list.
    """
    out: dict[str, np.ndarray] = {}
    # one comparison may get several (a date's placeholder and near floors, a village's size)
    for name, adjustment in each_term_frequency_adjustment(model, cache, gamma, left, right):
        out[name] = adjustment if name not in out else out[name] + adjustment
    return out


def each_term_frequency_adjustment(model: Model, cache: ColumnCache, gamma: np.ndarray,
                                   left: np.ndarray,
                                   right: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """:func:`term_frequency_adjustments` one comparison at a time (one array held at once)."""
    records = cache.records
    for comparison in model.comparisons:
        column = comparison.tf_column
        if not column or column not in records.columns:
            continue
        given = frequency_column(column)
        # a list too small to train on: its size as fitted (an out-of-core bucket holds
        # part of it), its counts pulled to the average below
        small = model.options.get("fallback_records")
        if given in records.columns:
            # computed over the whole list by a partitioned run (sidalih.scale)
            row_freq = _filled(records.get_column(given), 1.0).astype(np.float64)
        else:
            row_freq = _value_frequency(records, column, cache=cache,
                                        smoothed=smoothed_tf(comparison) and small is None)
        j = [c.name for c in model.comparisons].index(comparison.name)
        reference = _reference_u(model, j, _has_region(records))
        if small is not None:
            level = (int(DateLevel.EXACT_PLACEHOLDER)
                     if comparison.method_type.tf_applies == "placeholder"
                     else comparison.n_levels - 1)
            u_rows, which = reference
            row_freq = pulled_to_average(row_freq, int(small), FEWEST_RECORDS_TO_TRAIN,
                                         u_rows[which, level])
        if comparison.method_type.tf_applies == "placeholder":
            adjustment = _placeholder_adjustment(model, j, gamma, row_freq, left, reference,
                                                 cache)
            # added in place: a list on one placeholder date has tens of millions of
            # pairs, a few of them near misses, and a second whole-length array cost
            # seconds there
            placeholder_near_adjustment(model, j, gamma, left, right, reference, cache,
                                        out=adjustment)
            yield comparison.name, adjustment
        else:
            yield comparison.name, _tf_at(gamma, j, row_freq, left, comparison.n_levels - 1,
                                          reference)
    yield from village_adjustments(model, cache, gamma, left)
    yield from fifteenth_adjustments(model, cache, gamma, left)


def pulled_to_average(row_freq: np.ndarray, n_rows: int, prior_rows: float,
                      average: float | np.ndarray) -> np.ndarray:
    """Values' frequencies in a list of fewer than ``prior_rows`` records (``row_freq``
    each row's value's share of the list's ``n_rows``): the pair's own two records set
    aside, the rest of the list counted, and the records it lacks up to ``prior_rows``
    taken at the ``average`` frequency (the level's u); never below the lower of the
    list's share and the average (no bonus a count did not give).

    A list of fewer records than :data:`sidalih.engine._fit.FEWEST_RECORDS_TO_TRAIN` is
    scored with the default model, but its names' frequencies were its own counts, and
    in a list of two records two copies of one name made that name as common as names
    get: "same name -0.5 bits", "same placeholder date -2.0", rising to +5.6 and +3.1
    at 152 records for the same pair; pulled toward the average with the pair counted,
    an exact name still weighed less than a name one letter off in lists of up to 50
    (+6.5 against +8.1 at two records). The pair's two records say nothing of how
    common its name is; the rest of the list says as much as its records weigh.

    Examples
    --------
    >>> pulled_to_average(np.array([1.0, 1.0]), 2, 300, 0.003).round(4).tolist()
    [0.003, 0.003]
    >>> round(float(pulled_to_average(np.array([5 / 228]), 228, 300, 0.003)[0]), 4)
    0.0107
    """
    seen = min(float(n_rows), prior_rows)
    others = np.maximum(row_freq * n_rows - 2.0, 0.0)
    pulled = (others + (prior_rows - max(seen - 2.0, 0.0)) * average) / prior_rows
    return np.maximum(pulled, np.minimum(row_freq, average))


def fifteenth_adjustments(model: Model, cache: ColumnCache, gamma: np.ndarray,
                          left: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """Agreement on a real 15th weighs as if a share of the 15ths were placeholders.

    Where a list writes the 15th no more than 1.25 times as often as a typical day, a
    15th is a real date (:mod:`sidalih.engine._fifteenth`) and agreement on it is the
    date's exact level. The share of its 15ths beyond a typical day's count stand for
    an unknown day all the same (``fifteenth_share``): two random records agree on such
    a 15th about as often as on a year and month (``same_year_u``'s ``"month"``), so the
    chance of agreeing on a 15th is ``share * u_month + (1 - share) * u_exact``, and the
    pair weighs ``log2`` of ``u_exact`` over that less (0 where the share is 0; a model
    saved without ``same_year_u`` gets none). Three SITTI HAWA of one city on 15-03-1999
    (the list's 15ths 1.24 times a typical day, share 0.19) merged at 0.96 as one real
    date without it.

    Examples
    --------
    >>> import dataclasses
    >>> import polars as pl
    >>> from sidalih import compare
    >>> from sidalih.engine import Model
    >>> date = dataclasses.replace(compare.date(tf=True),
    ...                            options={"fifteenth": False, "fifteenth_share": 0.2})
    >>> model = Model.untrained([date], options={"same_year_u": {"tanggal_lahir": {
    ...     "year": 0.02, "month": 0.002, "near": 0.05}}})
    >>> model.fs.u_ = [np.array([0.9, 0.05, 0.04, 0.001, 0.001, 0.0001])]
    >>> days = pl.Series(["1980-03-15", "1980-03-15", "1980-03-14", "1980-03-14"]).str.to_date()
    >>> cache = ColumnCache(pl.DataFrame({"tanggal_lahir": days}))
    >>> gamma = np.array([[5], [5]], dtype=np.int8)
    >>> [(name, a.round(2).tolist()) for name, a in
    ...  fifteenth_adjustments(model, cache, gamma, np.array([0, 2]))]
    [('tanggal_lahir', [-2.26, 0.0])]
    """
    if not len(left):
        return
    for j, comparison in enumerate(model.comparisons):
        share = float(comparison.options.get("fifteenth_share", 0.0))
        if (comparison.method != "date" or comparison.options.get("fifteenth", True)
                or share <= 0.0 or comparison.column not in cache.records.columns):
            continue
        saved = model.options.get("same_year_u", {}).get(comparison.name)
        if not isinstance(saved, dict) or "month" not in saved:
            continue
        u_exact = float(model.fs.u_[j][DateLevel.EXACT])
        mixed = share * float(saved["month"]) + (1.0 - share) * u_exact
        delta = float(np.log2(u_exact) - np.log2(max(mixed, u_exact)))
        day = comparison.method_type.encode(comparison, cache)[2][:, 2]
        out = np.zeros(gamma.shape[0], dtype=np.float64)
        for start in range(0, gamma.shape[0], _SLICE):
            rows = start + np.flatnonzero(gamma[start:start + _SLICE, j] == DateLevel.EXACT)
            out[rows[day[left[rows]] == 15]] = delta
        yield comparison.name, out


def village_adjustments(model: Model, cache: ColumnCache, gamma: np.ndarray,
                        left: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """A pair of one village weighs ``log2(A / (n_v - 1))`` more: its village's size.

    A record's duplicates and its family are a fact about the person, not about the
    size of the village: a record has as many duplicates in a village of 500 as in one
    of 5,000, so the chance that two random records of village ``v`` are one person
    is ``rho / (n_v - 1)``. A list's prior and "same village" weight give a pair of one
    village the rate pooled over its villages, ``rho / A`` with ``A = sum n (n - 1) /
    sum n``: a large village's pairs got a small village's density, and the village's
    own list (where ``A = n_v - 1``) weighed them apart (0.7 bit for the largest of a
    20,000 list). This is the term-frequency adjustment of agreeing on a village (its
    chance among random pairs ``n_v (n_v - 1)``, among matches ``n_v``). A pair that
    shares a family card gets none: the card's u within a village falls with its size in
    the same way (a family has as many members in a large village as in a small one), so
    within one card duplicates per pair do not depend on the village. (The village's own
    count of pairs sharing a card is no measure of that u: where cards are rare, as in a
    list of placeholder records, the pairs sharing one are its duplicates, and the count
    took 3 bits from them.)

    Sizes are those of the list the model was fitted on (``options["village_sizes"]``);
    a village it did not see, and a list of one village, get none.
    """
    saved = model.options.get("village_sizes")
    names = [c.name for c in model.comparisons]
    if not saved or saved.get("comparison") not in names or not len(left):
        return
    j = names.index(saved["comparison"])
    column = model.comparisons[j].column
    if column not in cache.records.columns:
        return
    sizes = saved["sizes"]
    n = np.asarray(list(sizes.values()), dtype=np.float64)
    pooled = float((n * (n - 1)).sum() / n.sum())
    # a large village's pairs weigh less, but one village never less than one district
    # in two villages (the levels' declared order: round 12 read "same district, other
    # village +0.91" above "same village +0.67" in a list of a village of 2,500)
    lowest = -np.inf  # a model not yet fitted has no levels to keep in order
    if model.fitted and model.comparisons[j].n_levels > 1:
        levels = np.log2(np.asarray(model.fs.m_[j], dtype=np.float64)
                         / np.asarray(model.fs.u_[j], dtype=np.float64))
        lowest = min(0.0, float(levels[-2] - levels[-1]))
    per_village = {code: max(float(np.log2(pooled / (size - 1))), lowest) if size > 1 else 0.0
                   for code, size in sizes.items()}
    row = (cache.records.get_column(column).cast(pl.String)
           .replace_strict(per_village, default=0.0, return_dtype=pl.Float64)
           .to_numpy())
    card = next((k for k, c in enumerate(model.comparisons) if c.role == "family_card"), -1)
    card_top = model.comparisons[card].n_levels - 1 if card >= 0 else 0
    # one pass over the pairs, no temporaries: a list on one placeholder date has tens
    # of millions
    yield names[j], gather_at_level(
        np.ascontiguousarray(gamma), j, model.comparisons[j].n_levels - 1, card, card_top,
        np.ascontiguousarray(left, dtype=np.int64), np.ascontiguousarray(row, dtype=np.float64))


def _reference_u(model: Model, j: int, regional: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per record, which u a frequency replaces: the regency's where the record has one.

    A value's frequency within the regency replaces the level's u among random pairs of
    one regency (``options["u_regency"]``, see :func:`sidalih.engine._fit.regency_u`).
    A record of a regency of fewer than 1,000 rows has its frequency counted over the
    whole list and still takes the regency's u: the out-of-core path is given only the
    frequency, not where it was counted, and must give the same floats. Returns both
    rows of u (the list's, the regency's) and, per record, 1 where it has a regency.
    """
    national = np.asarray(model.fs.u_[j], dtype=np.float64)
    saved = model.options.get("u_regency", {}).get(model.comparisons[j].name)
    regency = national if saved is None else np.asarray(saved, dtype=np.float64)
    if regency.shape != national.shape:
        regency = national
    return np.stack([national, regency]), regional.astype(np.int64)


def _tf_at(gamma: np.ndarray, j: int, row_freq: np.ndarray, left: np.ndarray, level: int,
           reference: tuple[np.ndarray, np.ndarray], *, shift: float = 0.0) -> np.ndarray:
    """The tf adjustment (plus ``shift``) of comparison ``j`` at ``level``; 0 elsewhere.

    ``log2(u / frequency)`` with the u of the place the frequency was counted in
    (:func:`_reference_u`). It depends on the left row alone: with at least as many
    pairs as rows it is computed once per row and read per pair
    (:func:`~sidalih.kernels.codes.gather_at_level`), the same floats as computing it
    per pair (:func:`_tf_per_pair`, which a look-up of a few pairs in a large list uses).
    """
    u_rows, which = reference
    u_level = u_rows[:, level]
    if gamma.shape[0] < row_freq.shape[0] or not _relative(row_freq):
        return _tf_per_pair(gamma, j, row_freq, left, level, u_level, which, shift=shift)
    per_row = tf_weight_adjustment(1.0, row_freq) + np.log2(u_level[which])
    if shift:
        per_row += shift
    return gather_at_level(  # type: ignore[no-any-return]
        np.ascontiguousarray(gamma), j, level, -1, 0,
        np.ascontiguousarray(left, dtype=np.int64), per_row)


def _relative(freq: np.ndarray) -> bool:
    """Whether every row's frequency lies in [0, 1] (or is NaN): one outside is an error
    only where a pair reads it, so those rows go the per-pair way."""
    return not bool(((freq < 0.0) | (freq > 1.0)).any())


def _tf_per_pair(gamma: np.ndarray, j: int, row_freq: np.ndarray, left: np.ndarray, level: int,
                 u_level: np.ndarray, which: np.ndarray, *, shift: float = 0.0) -> np.ndarray:
    """:func:`_tf_at` computed per pair, a slice of pairs at a time: over tens of millions
    of pairs (a list where everyone shares a placeholder date) each whole-length
    temporary costs hundreds of megabytes."""
    out = np.zeros(gamma.shape[0], dtype=np.float64)
    for start in range(0, gamma.shape[0], _SLICE):
        rows = start + np.flatnonzero(gamma[start:start + _SLICE, j] == level)
        by_row = left[rows]
        out[rows] = tf_weight_adjustment(1.0, row_freq[by_row]) + np.log2(
            u_level[which[by_row]])
        if shift:
            out[rows] += shift
    return out


def _placeholder_adjustment(model: Model, j: int, gamma: np.ndarray, row_freq: np.ndarray,
                            left: np.ndarray, reference: tuple[np.ndarray, np.ndarray],
                            cache: ColumnCache) -> np.ndarray:
    """Agreement on a placeholder date weighs ``log2(m_agree / frequency of the date)``.

    ``m_agree`` is the share of matches whose dates agree at all (exactly or on one
    placeholder): how often a placeholder is used is a property of the list, not of
    what a match looks like, so the level's own ``m`` would carry the list's share of
    placeholders into the weight (in a list where everyone has 01-07-1960 it made
    agreement on that date evidence *against* a match).
    """
    m = model.fs.m_[j]
    agree = float(m[DateLevel.EXACT] + m[DateLevel.EXACT_PLACEHOLDER])
    placeholder = float(m[DateLevel.EXACT_PLACEHOLDER])
    floor = placeholder_floor(model, j, cache)
    if floor is not None:
        row_freq = np.maximum(row_freq, floor)
    return _tf_at(gamma, j, row_freq, left, int(DateLevel.EXACT_PLACEHOLDER), reference,
                  shift=float(np.log2(agree / placeholder)))


def placeholder_floor(model: Model, j: int, cache: ColumnCache) -> np.ndarray | None:
    """Per record, the least frequency its placeholder date is scored with (None: no floor).

    Agreeing on a placeholder date weighs no more than agreeing on what it tells: the
    birth year for 01-07, 31-12 and 01-01, the year and month for the 15th
    (:func:`sidalih.engine._fit.same_year_u`). A model saved without these figures has
    no floor.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import compare
    >>> from sidalih.engine import Model
    >>> model = Model.untrained([compare.date("d", tf=True)],
    ...                         options={"same_year_u": {"d": {"year": 0.02, "month": 0.002}}})
    >>> records = pl.DataFrame({"d": pl.Series(["1960-07-01", "1960-03-15", None]).str.to_date()})
    >>> placeholder_floor(model, 0, ColumnCache(records)).tolist()
    [0.02, 0.002, 0.02]
    """
    comparison = model.comparisons[j]
    saved = model.options.get("same_year_u", {}).get(comparison.name)
    if not isinstance(saved, dict) or comparison.column not in cache.records.columns:
        return None
    day = comparison.method_type.encode(comparison, cache)[2][:, 2]  # as compared, cached
    return np.where(day == 15, float(saved["month"]), float(saved["year"]))


def placeholder_near_adjustment(model: Model, j: int, gamma: np.ndarray, left: np.ndarray,
                                right: np.ndarray, reference: tuple[np.ndarray, np.ndarray],
                                cache: ColumnCache, *,
                                out: np.ndarray | None = None) -> np.ndarray | None:
    """A near miss between placeholder dates weighs no more than what they tell.

    The near level (one day apart; day and month equal, the years one apart or one digit
    apart) is rare between strangers' real dates, but two placeholders share their day
    and month by being placeholders: 31-12-1961 and 31-12-1962 tell two years one or one
    digit apart, which a fifth of random pairs share, not a near-identical date. In a
    district of a million records (every one of one village) such namesakes filled the
    0.7-0.8 bin, three in ten of them one person. Where a side is a placeholder, the
    level's u is raised to the share of random pairs whose years are near
    (``same_year_u``'s ``"near"``), or, where the years agree (a day or a month apart),
    to those sharing a year; a 15th tells its month too, so where the months agree that
    share is scaled by the month's (``month / year``). Returns the adjustment per pair (0
    elsewhere; never positive), added into ``out`` when given, or None for a model saved
    without these figures.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import compare
    >>> from sidalih.engine import Model
    >>> model = Model.untrained([compare.date("d", tf=True)], options={
    ...     "same_year_u": {"d": {"year": 0.02, "month": 0.002, "near": 0.05}}})
    >>> model.fs.u_ = [np.array([0.9, 0.05, 0.04, 0.001, 0.001, 0.008])]
    >>> days = pl.Series(["1961-12-31", "1962-12-31", "1961-04-23", "1962-04-23"]).str.to_date()
    >>> cache = ColumnCache(pl.DataFrame({"d": days, "tgl_placeholder": [True, True, False, False]}))
    >>> gamma = np.array([[3], [3]], dtype=np.int8)
    >>> reference = (np.stack([model.fs.u_[0]] * 2), np.zeros(4, np.int64))
    >>> adjustment = placeholder_near_adjustment(model, 0, gamma, np.array([0, 2]),
    ...                                          np.array([1, 3]), reference, cache)
    >>> adjustment.round(2).tolist()  # placeholders: log2(0.001 / 0.05); real dates: none
    [-5.64, 0.0]
    """
    comparison = model.comparisons[j]
    saved = model.options.get("same_year_u", {}).get(comparison.name)
    if (not isinstance(saved, dict) or "near" not in saved
            or comparison.column not in cache.records.columns):
        return None
    if out is None:
        out = np.zeros(gamma.shape[0], dtype=np.float64)
    _, placeholder, ymd = comparison.method_type.encode(comparison, cache)
    u_rows, which = reference
    u_near = u_rows[:, int(DateLevel.NEAR)]
    for start in range(0, gamma.shape[0], _SLICE):
        rows = start + np.flatnonzero(gamma[start:start + _SLICE, j] == DateLevel.NEAR)
        a, b = left[rows], right[rows]
        flagged = placeholder[a] | placeholder[b]
        rows, a, b = rows[flagged], a[flagged], b[flagged]
        floor = np.where(ymd[a, 0] == ymd[b, 0], float(saved["year"]), float(saved["near"]))
        fifteenth = (ymd[a, 2] == 15) | (ymd[b, 2] == 15)
        floor = np.where(fifteenth & (ymd[a, 1] == ymd[b, 1]),
                         floor * float(saved["month"]) / float(saved["year"]), floor)
        u = u_near[which[a]]
        out[rows] += np.minimum(0.0, np.log2(u) - np.log2(np.maximum(u, floor)))
    return out


def _filled(series: pl.Series, value: float) -> np.ndarray:
    """``series`` with nulls as ``value``, as numpy (no frame operation when none is null:
    a look-up scores a few dozen rows, and each operation costs the same at any length)."""
    return (series if series.null_count() == 0 else series.fill_null(value)).to_numpy()


def frequency_column(column: str) -> str:
    """Name of the precomputed relative frequency of ``column``'s values, when present."""
    return f"__tf_{column}"


def _has_region(records: pl.DataFrame) -> np.ndarray:
    """Per record, whether it has a regency (its value's frequency is the regency's)."""
    if "kode_kab" not in records.columns:
        return np.zeros(records.height, dtype=np.bool_)
    return records.get_column("kode_kab").is_not_null().to_numpy()


def smoothed_tf(comparison: Comparison) -> bool:
    """Whether ``comparison``'s term frequencies are :func:`good_turing_frequency`'s.

    A name's (or any value drawn from a population of values) is; a placeholder birth
    date's is not: how often a list writes 01-07 for an unknown date is a clerk's
    habit, counted as it is.

    Examples
    --------
    >>> from sidalih import compare
    >>> smoothed_tf(compare.name("nama_norm")), smoothed_tf(compare.date("d", tf=True))
    (True, False)
    """
    return bool(comparison.tf_column) and comparison.method_type.tf_applies != "placeholder"


def good_turing_frequency(values: np.ndarray, regions: np.ndarray | None = None) -> np.ndarray:
    """Each row's value's frequency, Good-Turing estimated (1.0 where it has no value).

    ``values`` and ``regions`` are integer codes (-1 missing). The place of a row is its
    region when that holds at least 1,000 rows, else the whole list; a value seen ``r``
    times in a place of ``n`` rows gets ``a_r / n``
    (:func:`sidalih.kernels.turing.turing_table`):

    * ``a_r`` starts from Gale & Sampson's simple Good-Turing ``r*``, the count that a
      value seen ``r`` times has in the population the list was drawn from, estimated
      from ``N_r``, how many values the place holds ``r`` times. A raw count includes
      the records being compared: in a list of 5,000 whose names are drawn from 12,696,
      a name held by one duplicate pair counts 2 in 5,000 where the population holds 1
      in 12,696 (``N_3 / N_2`` says how rarely a name seen twice there is seen again),
      and its exact agreement was charged about 2.3 bits (``log2(5,000 / (2 * 12,696))``)
      for being common: 3 and 5 of 12 planted duplicates were missed;
    * ``r*`` never exceeds ``r``: a frequent value keeps its count;
    * ``a_r`` is never below ``min(r, A)``, ``A / n`` the chance that two random records
      of the place share a value (about the u of an exact agreement there): the estimate
      takes back a penalty that the pair's own records charged, up to the weight of an
      average agreement, and never adds a bonus a raw count did not give. A name rarer
      than average is already credited, and how often two neighbours share a rare name
      is no draw from the population (namesakes are relatives and neighbours): crediting
      Good-Turing's lower frequency there lifted namesakes without NIKs into the middle
      probability bins (lists of 200,000 with 30 % of NIKs missing, three pooled: 0.38
      one person in the 0.5-0.6 bin, 0.54 in the 0.6-0.7; 0.46 and 0.55 with the floor,
      0.47 and 0.56 with raw counts; ``benchmarks/bench_tf_estimators.py``).

    Counting is linear in the rows, the table per place linear in its distinct values,
    a row's frequency one look-up; every path that counts the same list gets the same
    floats (:mod:`sidalih.kernels.turing`).

    Examples
    --------
    >>> freq = good_turing_frequency(np.array([0, 0, 1, 2, 3, -1]))
    >>> freq[-1], bool(freq[0] <= 2 / 6), bool(freq[2] <= 1 / 6)
    (np.float64(1.0), True, True)
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    if regions is None:
        regions = np.full(values.shape[0], -1, dtype=np.int64)
    regions = np.ascontiguousarray(regions, dtype=np.int64)
    return turing_frequencies(values, regions,  # type: ignore[no-any-return]
                              pair_codes(values, regions), _MIN_REGION_ROWS)


def _value_frequency(records: pl.DataFrame, column: str, *,
                     cache: ColumnCache | None = None, smoothed: bool = False) -> np.ndarray:
    """Relative frequency of each row's value (within its regency when one is known);
    :func:`good_turing_frequency`'s where ``smoothed``."""
    counted = None if cache is None else _counted_frequency(cache, column, smoothed=smoothed)
    if counted is not None:
        return counted
    if smoothed:
        return good_turing_frequency(_dense(records.get_column(column)),
                                     _dense(records.get_column("kode_kab"))
                                     if "kode_kab" in records.columns else None)
    value = pl.col(column)
    if "kode_kab" in records.columns:
        region_rows = pl.len().over("kode_kab")
        per_region = pl.len().over(column, "kode_kab") / region_rows
        national = pl.len().over(column) / pl.len()
        freq = pl.when(pl.col("kode_kab").is_not_null() & (region_rows >= _MIN_REGION_ROWS)) \
            .then(per_region).otherwise(national)
    else:
        freq = pl.len().over(column) / pl.len()
    out = records.select(pl.when(value.is_not_null()).then(freq).otherwise(None).alias("f"))
    return out["f"].fill_null(1.0).to_numpy().astype(np.float64)


def _dense(series: pl.Series) -> np.ndarray:
    """Dense codes of ``series``' values, equal where polars' values are (-1 null)."""
    return series.rank("dense").fill_null(0).to_numpy().astype(np.int64) - 1


def _counted_frequency(cache: ColumnCache, column: str, *,
                       smoothed: bool = False) -> np.ndarray | None:
    """:func:`_value_frequency` counted from the codes the comparisons already built (the
    polars windows grouped the column three times: 0.15 s per column at 1M rows); None
    where no such codes say exactly which values polars groups together."""
    records = cache.records
    if records.height <= SMALL_ROWS:
        return None  # a look-up's few rows: the windows cost less than building codes
    values = _value_codes(cache, column)
    if values is None:
        return None
    if "kode_kab" in records.columns:
        regions = _value_codes(cache, "kode_kab")
        if regions is None:
            return None
    else:
        regions = np.full(records.height, -1, dtype=np.int64)
    if smoothed:
        return good_turing_frequency(values, regions)
    return frequencies(values, regions, pair_codes(values, regions),  # type: ignore[no-any-return]
                       _MIN_REGION_ROWS)


def _value_codes(cache: ColumnCache, column: str) -> np.ndarray | None:
    """Codes equal exactly where polars' values are equal (-1 null), or None."""
    series = cache.records.get_column(column)
    if series.dtype == pl.String:
        ids = cache.string_ids(column)
        # a blank value is a value to polars but missing (-1) to the string ids
        if int(np.count_nonzero(ids >= 0)) != series.len() - series.null_count():
            return None
        return ids
    if series.dtype.is_integer() or series.dtype == pl.Date:
        return cache.codes(column)
    return None
