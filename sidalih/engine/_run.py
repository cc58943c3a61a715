"""The in-memory run, stage by stage: block → compare → fit → score → cluster.

:func:`fit` trains a new model on a prepared list; :func:`run` scores and clusters it
(training first when no fitted model is given). Both announce their stages
(:mod:`sidalih._stages`) and read every option from one :class:`Settings`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from sidalih import _stages, blocking
from sidalih._malloc import give_back_freed
from sidalih._memory import pair_budget
from sidalih.blocking._defaults import WINDOW
from sidalih.compare import ColumnCache, Comparison, compare_pairs
from sidalih.engine._comparisons import voter_comparisons
from sidalih.engine._fifteenth import fifteenth_reading
from sidalih.engine._fit import fit_pairs, list_rate
from sidalih.engine._judgement import VETOES
from sidalih.engine._model import Model
from sidalih.engine._score import (
    PairScores,
    cluster_labels,
    probabilities,
    score_pairs,
    term_frequencies,
)
from sidalih.engine._settings import DEFAULT_THRESHOLD, SAVED, Settings
from sidalih.errors import (
    AbsentColumnWarning,
    CapacityWarning,
    InputTypeError,
    InvalidParameterError,
)

__all__ = ["Scored", "run", "fit", "resolve", "sort_pairs", "absent_as_missing", "absent_fields",
           "warn_absent", "untrained_model"]


@dataclass(frozen=True)
class _Blocked:
    report: Any
    rule_names: tuple[str, ...]
    rules_used: tuple[Any, ...]


@dataclass
class Scored:
    """Everything the stages produced, kept for results and explanations."""

    records: pl.DataFrame
    cache: ColumnCache
    left: np.ndarray
    right: np.ndarray
    rule: np.ndarray
    rule_names: list[str]
    gamma: np.ndarray
    weight: np.ndarray
    probability: np.ndarray
    verdict: np.ndarray
    labels: np.ndarray
    model: Model
    blocking_report: Any
    timings: dict[str, float]
    settings: Settings = dataclasses.field(default_factory=Settings)
    #: The blocking rules that paired records (the label-free estimate reads their keys).
    rules_used: tuple[Any, ...] = ()

    def tf_at(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        """The term-frequency adjustments scoring added to the pairs at ``idx`` (float32).

        Not kept for every pair (three float32 arrays of 46 MiB at 1M records, for the
        0.2 % of pairs a result lists): computed again for those asked, the same floats.
        """
        if not self.model.fitted:
            return {}
        return term_frequencies(self.model, self.cache, self.gamma[idx], self.left[idx],
                                self.right[idx])


def resolve(settings: Settings, model: Model | None) -> tuple[Settings, Model | None]:
    """The settings a run uses with ``model``, and the model with the run's threshold.

    A fitted model brings the blocking rules, block bound, schema and election date of
    the run that trained it wherever ``settings`` leave them at their defaults, so a
    saved model reproduces its run. A threshold given overrides the model's (on a
    copy: the caller's model is never changed).
    """
    if model is None:
        return settings, None
    if not isinstance(model, Model):
        hint = ("sidalih.Model.load(path)" if isinstance(model, (str, os.PathLike))
                else "sidalih.Model.from_dict(data)" if isinstance(model, dict)
                else "a Model (sidalih.Model.load(path)), and a threshold as threshold=")
        raise InputTypeError(
            f"model must be a sidalih.Model, got {type(model).__name__}: pass {hint}")
    saved = model.settings
    if saved is not None:
        defaults = Settings()
        changes = {name: getattr(saved, name) for name in SAVED
                   if getattr(settings, name) == getattr(defaults, name)}
        settings = settings.replace(**changes)
    if settings.threshold is None:
        settings = settings.replace(threshold=model.threshold)
    elif settings.threshold != model.threshold:
        model = dataclasses.replace(model, threshold=settings.threshold)
    return settings, model


def run(records: pl.DataFrame, settings: Settings, *, model: Model | None = None,
        other_rows: int | None = None, timings: dict[str, float] | None = None,
        clock: Callable[[], float] | None = None) -> Scored:
    """Block, compare, fit (unless a fitted model is given), judge and cluster ``records``.

    ``records`` are prepared (:func:`~sidalih.engine.prepare_records`); for a linkage
    they hold the left list then the right one, and ``other_rows`` is the size of the
    right one. ``settings`` come resolved against ``model`` (:func:`resolve`).
    """
    timings = {} if timings is None else timings
    clock = clock or (lambda: 0.0)
    n = records.height
    n_left = n - (other_rows or 0)
    # what to compare first: a list with nothing to compare is told so before blocking
    template = model if model is not None else untrained_model(records, settings)
    left, right, rule, blocked = _candidates(records, settings, n_left=n_left,
                                             other_rows=other_rows)
    timings["block"] = clock()
    _between_stages(n)
    if model is not None and model.fitted and settings.schema == "voter":
        records = absent_as_missing(records, model, reference_date=settings.election_date)
    cache = ColumnCache(records)
    _stages.reached("compare")
    gamma = compare_pairs(cache, left, right, template.comparisons)
    timings["compare"] = clock()
    if not template.fitted and len(left) == 0:
        # Nothing to compare: every record is its own cluster; there is nothing to learn.
        return _unscored(records, cache, blocked, template, timings, settings)
    _stages.reached("rest")
    _between_stages(n)
    fitted = template
    if not template.fitted:
        fitted = fit_pairs(template, cache, gamma, settings, n_left=n_left,
                           other_rows=other_rows)
        timings["train"] = clock()
        _between_stages(n)
        if fitted.options.get("fallback"):
            # the default's comparisons in place of the template's: the same fields,
            # compared with the options the default was trained with
            gamma = compare_pairs(cache, left, right, fitted.comparisons)
    scores = score_pairs(fitted, cache, left, right, gamma=gamma, keep_tf=False)
    if fitted is not template and fitted.options.get("fallback_records") is not None:
        _rate_on_the_list(fitted, scores, n_left)
    _between_stages(n)
    labels = cluster_labels(n, left, right, scores.weight, scores.verdict, fitted)
    timings["score_and_cluster"] = clock()
    return Scored(records, cache, left, right, rule, list(blocked.rule_names), gamma,
                  scores.weight, probabilities(scores.weight), scores.verdict,
                  labels, fitted, blocked.report, timings, settings, blocked.rules_used)


#: Lists from this size on give freed memory back between stages (:mod:`sidalih._malloc`):
#: a smaller list's heap is small, and a look-up of one record should not pay for it.
GIVE_BACK_FROM_RECORDS = 50_000


def _between_stages(n_records: int) -> None:
    if n_records >= GIVE_BACK_FROM_RECORDS:
        give_back_freed()


def _rate_on_the_list(model: Model, scores: PairScores, n_records: int) -> None:
    """A list too small to train on gets the match rate its candidate pairs show, as far
    as its records weigh (:func:`~sidalih.engine._fit.list_rate`), the pairs the domain
    rules keep apart left out: a village of copied NIKs or twins is no list of more
    duplicates (8 households under their heads' NIKs raised the rate of a list of 20
    forty-fold, and merged an unrelated pair). The model's prior and the pairs' weights
    move by the same bits."""
    before = model.fs.prior_weight
    kept = ~np.isin(scores.verdict, VETOES)
    model.fs.lambda_ = list_rate(scores.weight[kept] - before, n_records, model.fs.lambda_)
    scores.weight[:] += model.fs.prior_weight - before


def fit(records: pl.DataFrame, settings: Settings | None = None, *,
        other_rows: int | None = None, template: Model | None = None) -> Model:
    """A new model trained on a prepared list (or two stacked lists: ``other_rows``).

    Blocks and compares as :func:`run` does, then fits; nothing is clustered.
    ``template`` (an untrained model) gives the comparisons; it is not changed. A list
    with no candidate pair at all has nothing to learn from: the model comes back
    unfitted (``model.fitted`` False), as :func:`run` leaves it.

    Examples
    --------
    >>> from sidalih.synth import voters
    >>> from sidalih.engine import prepare_records
    >>> records = prepare_records(voters(2_000, seed=1).voters, schema="voter",
    ...                           reference_date="2024-02-14")
    >>> model = fit(records, Settings(u_pairs=20_000))
    >>> model.fitted, model.settings.max_block_size
    (True, 2000)
    """
    settings = settings or Settings()
    n_left = records.height - (other_rows or 0)
    left, right, _, _ = _candidates(records, settings, n_left=n_left, other_rows=other_rows)
    chosen = template if template is not None else untrained_model(records, settings)
    cache = ColumnCache(records)
    _stages.reached("compare")
    gamma = compare_pairs(cache, left, right, chosen.comparisons)
    if len(left) == 0:
        return dataclasses.replace(chosen, settings=settings)
    _stages.reached("rest")
    return fit_pairs(chosen, cache, gamma, settings, n_left=n_left, other_rows=other_rows)


def absent_as_missing(records: pl.DataFrame, model: Model, *,
                      reference_date: Any = None) -> pl.DataFrame:
    """``records`` with every voter column ``model`` compares and they lack, empty.

    The national default (or any saved model) scores a list that lacks one of its
    fields, a list without the sex or the place of birth: each row then carries no
    evidence on that field, as a row whose value is missing does, and an
    :class:`~sidalih.errors.AbsentColumnWarning` names the fields. Blocking has run
    already and skipped (and reported) the rules on those fields. A column that no
    voter field yields is left absent (comparing it still says which is missing).

    Examples
    --------
    >>> import warnings
    >>> from sidalih import synth
    >>> from sidalih.engine import prepare_records
    >>> listed = synth.voters(50, seed=1).voters.drop("jenis_kelamin")
    >>> records = prepare_records(listed, schema="voter", reference_date="2024-02-14")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     filled = absent_as_missing(records, Model.default())
    >>> filled["jenis_kelamin"].null_count(), str(caught[0].message)[:60]
    (50, 'the model compares jenis_kelamin, which this list lacks: eve')
    """
    absent = absent_fields(model, records.columns, prepared=True)
    if not absent:
        return records
    empty = pl.DataFrame({"id": records["id"],
                          **{name: pl.Series(name, [None] * records.height, dtype=pl.String)
                             for name in absent}})
    from sidalih.prepare import prepare

    derived = prepare(empty, reference_date=reference_date)
    warn_absent(absent, stacklevel=5)
    return records.hstack(derived.select([c for c in derived.columns
                                          if c not in records.columns]))


def absent_fields(model: Model, columns: Sequence[str], *, prepared: bool) -> list[str]:
    """The voter fields ``model`` compares that ``columns`` lack (canonical names).

    ``columns`` are a prepared table's (``prepared=True``) or a list's own headers, in
    any of the voter aliases (``prepared=False``).

    Examples
    --------
    >>> absent_fields(Model.default(), ["NAMA", "NIK", "TANGGAL LAHIR"], prepared=False)
    ['jenis_kelamin', 'kode_desa', 'nkk', 'tempat_lahir']
    """
    sources = _voter_sources()
    needed = {column for c in model.comparisons
              for column in (c.column, *c.method_type.companions(c.column), c.tf_column)
              if column is not None and column in sources}
    if prepared:
        return sorted({sources[column] for column in needed if column not in columns})
    from sidalih.schema import column_mapping

    mapping = column_mapping(columns)
    present = {mapping.get(column, column) for column in columns}
    return sorted({sources[column] for column in needed} - present)


def warn_absent(fields: Sequence[str], *, stacklevel: int) -> None:
    """Say which voter fields a given model compares that the list lacks."""
    warnings.warn(f"the model compares {', '.join(fields)}, which this list lacks: every "
                  f"row is scored as missing {'it' if len(fields) == 1 else 'them'}",
                  AbsentColumnWarning, stacklevel=stacklevel)


@functools.cache
def _voter_sources() -> dict[str, str]:
    """Prepared column -> the voter column it is derived from (:mod:`sidalih.prepare`),
    read off what preparing each field alone yields."""
    from sidalih.prepare import prepare

    out: dict[str, str] = {}
    for source in ("nik", "nkk", "nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir",
                   "kode_desa", "status_kawin"):
        empty = pl.DataFrame({"id": ["0"], source: pl.Series([None], dtype=pl.String)})
        out.update({c: source for c in prepare(empty, reference_date=None).columns
                    if c != "id"})
    return out


def untrained_model(records: pl.DataFrame, settings: Settings, *,
                    options: Mapping[str, Any] | None = None) -> Model:
    """The untrained model a run fits on ``records``: ``settings``' comparisons, else
    the voter comparisons the list's columns allow, with ``options`` (e.g.
    ``{"lambda_prior": "default"}``, :func:`sidalih.engine._model.default_lambda`).

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.engine import prepare_records
    >>> records = prepare_records(pl.DataFrame({"nama": ["Siti", "Budi"],
    ...                                         "tanggal_lahir": ["01-02-1990", "03-04-1985"]}),
    ...                           schema="voter", reference_date="2024-02-14")
    >>> model = untrained_model(records, Settings(), options={"lambda_prior": "default"})
    >>> [c.name for c in model.comparisons], model.fitted, model.options
    (['nama', 'tanggal_lahir'], False, {'lambda_prior': 'default'})
    """
    chosen = (list(settings.comparisons) if settings.comparisons
              else voter_comparisons(records))
    if not chosen:
        # voter columns present, each without one usable value (all blank, all junk)
        # (voter_comparisons given the column names alone: the ones it would compare)
        empty = sorted({_voter_sources()[c.column] for c in voter_comparisons(records.columns)})
        if empty and settings.schema == "voter" and not settings.comparisons:
            raise InvalidParameterError(
                f"nothing to compare: every value of {', '.join(empty)} is missing or "
                f"unreadable in these {records.height} rows (a list needs some NIKs, "
                "names or birth dates)")
        raise InvalidParameterError(
            "no comparison applies to these columns; pass comparisons=[...] "
            "(see sidalih.compare) or use the voter column names"
        )
    threshold = settings.threshold if settings.threshold is not None else DEFAULT_THRESHOLD
    return Model.untrained(_dates_read(chosen, records), threshold=threshold, options=options)


def _dates_read(comparisons: list[Comparison], records: pl.DataFrame) -> list[Comparison]:
    """``comparisons`` with each birth-date comparison told whether this list writes the
    15th for an unknown day (:mod:`sidalih.engine._fifteenth`), where it does not say."""
    out = []
    for comparison in comparisons:
        if (comparison.method == "date" and "fifteenth" not in comparison.options
                and comparison.column in records.columns):
            placeholder, share = fifteenth_reading(records.get_column(comparison.column))
            if placeholder is False:
                # the few 15ths that still stand for an unknown day weigh agreement on one
                share = round(share or 0.0, 4)
                comparison = dataclasses.replace(comparison, options={
                    **comparison.options, "fifteenth": False, "fifteenth_share": share})
        out.append(comparison)
    return out


def _candidates(records: pl.DataFrame, settings: Settings, *, n_left: int,
                other_rows: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Blocked]:
    _stages.reached("block")
    budget = settings.max_pairs if settings.max_pairs is not None else pair_budget()
    pairs = _block(records, n_left=n_left, linkage=other_rows is not None,
                   rules=settings.blocking_rules, max_block_size=settings.max_block_size,
                   max_pairs=budget)
    if pairs.report.lowered:  # fewer pairs than the rules ask for: never silently
        warnings.warn(f"blocking: {pairs.report.lowered}", CapacityWarning, stacklevel=4)
    # Linkage pairs index the right list from 0; the stacked records put it after the left.
    # (Only then: adding 0 would copy every right row, 8 bytes per pair at the sort.)
    right = np.asarray(pairs.right, dtype=np.int64)
    if other_rows:
        right = right + n_left
    # Pairs in row order: the comparison kernels then read neighbouring memory, and the
    # order no longer depends on which rule found a pair.
    left, right, rule = sort_pairs(np.asarray(pairs.left, dtype=np.int64), right,
                                   np.asarray(pairs.rule, dtype=np.int8), records.height,
                                   overwrite=True)
    # keep the report, not a second copy of every pair (hundreds of MB at 1M records)
    return left, right, rule, _Blocked(pairs.report, tuple(pairs.rule_names), pairs.rules_used)


def sort_pairs(left: np.ndarray, right: np.ndarray, rule: np.ndarray, n_rows: int, *,
               overwrite: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs in (left, right) order, with their rules.

    A counting sort on the rows (:func:`~sidalih.kernels.blocking_sort.sort_pair_rows`,
    on all cores) gives the order of sorting by (left, right, rule) in a fraction of
    the time of a comparison sort; lists too large for it fall back to a lexsort.
    ``overwrite=True`` lets the sort write the result over the caller's three arrays
    (int64, int64, int8, none sharing memory with another) instead of new ones: a
    caller that no longer needs them saves 17 bytes per pair of fresh memory.

    Examples
    --------
    >>> sort_pairs(np.array([2, 0, 0]), np.array([3, 5, 1]), np.array([1, 0, 2], np.int8), 6)
    (array([0, 0, 2]), array([1, 5, 3]), array([2, 0, 1], dtype=int8))
    """
    if left.size == 0:
        return left, right, rule
    if n_rows >= 2**27:
        order = np.lexsort((right, left))
        return (np.ascontiguousarray(left[order]), np.ascontiguousarray(right[order]),
                rule[order])
    import numba

    from sidalih.kernels.blocking_sort import sort_pair_rows

    arrays = (np.ascontiguousarray(left, dtype=np.int64),
              np.ascontiguousarray(right, dtype=np.int64), np.ascontiguousarray(rule, dtype=np.int8))
    separate = not any(np.may_share_memory(a, b) for a, b in
                       ((arrays[0], arrays[1]), (arrays[0], arrays[2]), (arrays[1], arrays[2])))
    out = sort_pair_rows(*arrays, n_rows, threads=numba.get_num_threads(),
                         overwrite=overwrite and separate and all(a.flags.writeable for a in arrays))
    if out is None:
        raise InvalidParameterError(
            f"sort_pairs: rows must lie in [0, {n_rows}) and rules be >= 0")
    return out


def _unscored(records: pl.DataFrame, cache: ColumnCache, blocked: _Blocked, model: Model,
              timings: dict[str, float], settings: Settings) -> Scored:
    empty = np.empty(0, dtype=np.int64)
    return Scored(records, cache, empty, empty, np.empty(0, dtype=np.int8),
                  list(blocked.rule_names), np.empty((0, len(model.comparisons)), dtype=np.int8),
                  np.empty(0), np.empty(0), np.empty(0, dtype=np.int8),
                  np.arange(records.height, dtype=np.int64), model, blocked.report, timings,
                  settings, blocked.rules_used)


def _block(records: pl.DataFrame, *, n_left: int, linkage: bool, rules: Any,
           max_block_size: int, max_pairs: int | None) -> Any:
    chosen = list(rules) if rules is not None else None
    # The sorted-neighbourhood window cannot exceed the block bound it enforces.
    window = min(WINDOW, max_block_size)
    if not linkage:
        return blocking.candidate_pairs(records, chosen, max_block_size=max_block_size,
                                        window=window, max_pairs=max_pairs)
    return blocking.candidate_pairs(records[:n_left], chosen, other=records[n_left:],
                                    max_block_size=max_block_size, window=window,
                                    max_pairs=max_pairs)
