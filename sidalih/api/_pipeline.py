"""The engine's stages, orchestrated: prepare → block → compare → model → judge → cluster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from sidalih import _warmup, blocking
from sidalih.api._judgement import IDENTICAL, VERDICTS, VETOES, judge
from sidalih.api._model import Model, default_m, model_provenance
from sidalih.api._settings import voter_comparisons
from sidalih.blocking._defaults import WINDOW
from sidalih.cluster import cluster_pairs
from sidalih.compare import ColumnCache, Comparison, compare_pairs
from sidalih.errors import InvalidParameterError
from sidalih.kernels.levels import DateLevel
from sidalih.model import tf_weight_adjustment
from sidalih.prepare import prepare
from sidalih.schema import checked_ids, standardise_polars

__all__ = ["Scored", "prepare_records", "score", "random_pairs", "cluster_bounds",
           "cluster_weights", "frequency_column", "nik_values", "birth_years"]

_MIN_REGION_ROWS = 1_000
_SLICE = 1 << 22  # pairs per slice where whole-length temporaries would cost gigabytes


@dataclass(frozen=True)
class _Blocked:
    report: Any
    rule_names: tuple[str, ...]


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
    tf: dict[str, np.ndarray]
    weight: np.ndarray
    probability: np.ndarray
    verdict: np.ndarray
    labels: np.ndarray
    model: Model
    blocking_report: Any
    timings: dict[str, float]


def prepare_records(frame: pl.DataFrame, *, schema: str | None,
                    reference_date: dt.date | str | None) -> pl.DataFrame:
    """Standardise (voter schema) or just number the rows (any other data), then prepare."""
    if schema == "voter":
        return prepare(standardise_polars(frame), reference_date=reference_date)
    if schema is None:
        # Any columns, kept as given: voter aliases (dob, birth_date...) must not rename
        # a user's columns. Only the row id is added or checked.
        if "id" not in frame.columns:
            return frame.with_row_index("id").with_columns(pl.col("id").cast(pl.Int64))
        return checked_ids(frame)
    raise InvalidParameterError(f"schema must be 'voter' or None, got {schema!r}")


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


def term_frequency_adjustments(model: Model, cache: ColumnCache, gamma: np.ndarray,
                               left: np.ndarray) -> dict[str, np.ndarray]:
    """Agreement on a rare value weighs more than on a common one (Splink-style tf).

    Names use their frequency within the regency when the regency is large enough to
    measure it, else nationally; placeholder birth dates their frequency in the list.
    """
    return dict(each_term_frequency_adjustment(model, cache, gamma, left))


def each_term_frequency_adjustment(model: Model, cache: ColumnCache, gamma: np.ndarray,
                                   left: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """:func:`term_frequency_adjustments` one comparison at a time (one array held at once)."""
    records = cache.records
    for comparison in model.comparisons:
        column = comparison.tf_column
        if not column or column not in records.columns:
            continue
        given = frequency_column(column)
        if given in records.columns:
            # computed over the whole list by a partitioned run (sidalih.scale)
            row_freq = records[given].fill_null(1.0).to_numpy().astype(np.float64)
        else:
            row_freq = _value_frequency(records, column)
        if comparison.method == "date":
            yield comparison.name, _placeholder_adjustment(model, comparison.name, gamma,
                                                           row_freq, left)
        else:
            j = [c.name for c in model.comparisons].index(comparison.name)
            yield comparison.name, _tf_at(model, j, gamma, row_freq, left,
                                          comparison.n_levels - 1)


def _tf_at(model: Model, j: int, gamma: np.ndarray, row_freq: np.ndarray, left: np.ndarray,
           level: int, *, shift: float = 0.0) -> np.ndarray:
    """The tf adjustment (plus ``shift``) of comparison ``j`` at ``level``; 0 elsewhere.

    The same floats as ``model.fs.tf_adjustment`` on a per-pair frequency, computed a
    slice of pairs at a time: over tens of millions of pairs (a list where everyone
    shares a placeholder date) each whole-length temporary costs hundreds of megabytes.
    """
    out = np.zeros(gamma.shape[0], dtype=np.float64)
    u = float(model.fs.u_[j][level])
    for start in range(0, gamma.shape[0], _SLICE):
        rows = start + np.flatnonzero(gamma[start:start + _SLICE, j] == level)
        out[rows] = tf_weight_adjustment(u, row_freq[left[rows]])
        if shift:
            out[rows] += shift
    return out


def _placeholder_adjustment(model: Model, name: str, gamma: np.ndarray,
                            row_freq: np.ndarray, left: np.ndarray) -> np.ndarray:
    """Agreement on a placeholder date weighs ``log2(m_agree / frequency of the date)``.

    ``m_agree`` is the share of matches whose dates agree at all (exactly or on one
    placeholder): how often a placeholder is used is a property of the list, not of
    what a match looks like, so the level's own ``m`` would carry the list's share of
    placeholders into the weight (in a list where everyone has 01-07-1960 it made
    agreement on that date evidence *against* a match).
    """
    j = [c.name for c in model.comparisons].index(name)
    m = model.fs.m_[j]
    agree = float(m[DateLevel.EXACT] + m[DateLevel.EXACT_PLACEHOLDER])
    placeholder = float(m[DateLevel.EXACT_PLACEHOLDER])
    return _tf_at(model, j, gamma, row_freq, left, int(DateLevel.EXACT_PLACEHOLDER),
                  shift=float(np.log2(agree / placeholder)))


def frequency_column(column: str) -> str:
    """Name of the precomputed relative frequency of ``column``'s values, when present."""
    return f"__tf_{column}"


def _value_frequency(records: pl.DataFrame, column: str) -> np.ndarray:
    """Relative frequency of each row's value (within its regency when one is known)."""
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


def score(records: pl.DataFrame, *, other_rows: int | None, model: Model | None,
          comparisons: Sequence[Comparison] | None, rules: Sequence[Any] | None,
          threshold: float, seed: int, u_pairs: int, max_block_size: int,
          timings: dict[str, float], clock: Any) -> Scored:
    """Block, compare, fit (unless a model is given), judge and cluster ``records``.

    For linkage ``records`` holds the left list then the right one, and ``other_rows``
    is the size of the right one.
    """
    n = records.height
    n_left = n - (other_rows or 0)
    _warmup.ready("block")
    pairs = _block(records, n_left=n_left, linkage=other_rows is not None, rules=rules,
                   max_block_size=max_block_size)
    # Linkage pairs index the right list from 0; the stacked records put it after the left.
    right = np.asarray(pairs.right, dtype=np.int64) + (n_left if other_rows else 0)
    # Pairs in row order: the comparison kernels then read neighbouring memory, and the
    # order no longer depends on which rule found a pair.
    left, right, rule = sort_pairs(np.asarray(pairs.left, dtype=np.int64), right,
                                   np.asarray(pairs.rule, dtype=np.int8), n)
    # keep the report, not a second copy of every pair (hundreds of MB at 1M records)
    pairs = _Blocked(pairs.report, tuple(pairs.rule_names))
    timings["block"] = clock()
    if model is None:
        chosen = list(comparisons) if comparisons else voter_comparisons(records)
        if not chosen:
            raise InvalidParameterError(
                "no comparison applies to these columns; pass comparisons=[...] "
                "(see sidalih.compare) or use the voter column names"
            )
        model = Model.untrained(chosen, threshold=threshold)
    cache = ColumnCache(records)
    _warmup.ready("compare")
    gamma = compare_pairs(cache, left, right, model.comparisons)
    timings["compare"] = clock()
    if not model.fitted and len(left) == 0:
        # Nothing to compare: every record is its own cluster; there is nothing to learn.
        return _unscored(records, cache, pairs, model, timings)
    _warmup.ready("rest")
    if not model.fitted:
        _fit(model, cache, gamma, n_left=n_left, other_rows=other_rows, seed=seed,
             u_pairs=u_pairs)
        timings["train"] = clock()
    weight = model.fs.match_weight(gamma)
    # Added one at a time (the floats match_weight would give) and kept for the pairs
    # table's per-comparison weights only, as float32 (hundredths of a bit are shown):
    # at tens of millions of pairs every float64 array is hundreds of megabytes.
    tf: dict[str, np.ndarray] = {}
    for name, adjustment in (each_term_frequency_adjustment(model, cache, gamma, left)
                             if len(left) else ()):
        weight += adjustment
        tf[name] = adjustment.astype(np.float32)
        del adjustment
    probability = probabilities(weight)
    verdict = judge(gamma, model.comparisons, nik_values=nik_values(cache, model),
                    birth_years=birth_years(records), left=left, right=right, records=records)
    labels = _cluster(n, left, right, weight, verdict, model)
    timings["score_and_cluster"] = clock()
    return Scored(records, cache, left, right, rule, list(pairs.rule_names), gamma, tf,
                  weight, probability, verdict, labels, model, pairs.report, timings)


def sort_pairs(left: np.ndarray, right: np.ndarray, rule: np.ndarray,
               n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs in (left, right) order, with their rules.

    One int64 key per pair (left, right and the 7-bit rule packed together) sorts in a
    fraction of the time of a two-key lexsort; lists too large to pack fall back to it.

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
    key = (left * n_rows + right) * 128 + rule.astype(np.int64)
    key = pl.Series(key).sort().to_numpy()  # multi-threaded
    rule_sorted = (key % 128).astype(np.int8)
    pair = key // 128
    return pair // n_rows, pair % n_rows, rule_sorted


def _unscored(records: pl.DataFrame, cache: ColumnCache, pairs: Any, model: Model,
              timings: dict[str, float]) -> Scored:
    empty = np.empty(0, dtype=np.int64)
    return Scored(records, cache, empty, empty, np.empty(0, dtype=np.int8),
                  list(pairs.rule_names), np.empty((0, len(model.comparisons)), dtype=np.int8),
                  {}, np.empty(0), np.empty(0), np.empty(0, dtype=np.int8),
                  np.arange(records.height, dtype=np.int64), model, pairs.report, timings)


def _block(records: pl.DataFrame, *, n_left: int, linkage: bool, rules: Sequence[Any] | None,
           max_block_size: int) -> Any:
    chosen = list(rules) if rules is not None else None
    # The sorted-neighbourhood window cannot exceed the block bound it enforces.
    window = min(WINDOW, max_block_size) if isinstance(max_block_size, int) else WINDOW
    if not linkage:
        return blocking.candidate_pairs(records, chosen, max_block_size=max_block_size,
                                        window=window)
    return blocking.candidate_pairs(records[:n_left], chosen, other=records[n_left:],
                                    max_block_size=max_block_size, window=window)


def _fit(model: Model, cache: ColumnCache, gamma: np.ndarray, *, n_left: int,
         other_rows: int | None, seed: int, u_pairs: int) -> None:
    u_left, u_right = random_pairs(n_left, other_rows, size=u_pairs, seed=seed)
    u_gamma = compare_pairs(cache, u_left, u_right, model.comparisons)
    if gamma.shape[0] == 0 or u_gamma.shape[0] == 0:
        raise InvalidParameterError(
            "too few records to train a model (no candidate or random pairs); "
            "pass a trained model=... to score a small list"
        )
    anchors = [bool(c.options.get("anchor", True)) for c in model.comparisons]
    total_pairs = (n_left * (n_left - 1) / 2 if other_rows is None
                   else float(n_left) * float(other_rows))
    within, precedence = _u_within(model, cache, n_left=n_left, other_rows=other_rows,
                                   size=u_pairs, seed=seed)
    prior = default_m(model.comparisons, model.options)
    model.fs.fit_population(gamma, u_gamma=u_gamma, n_records=cache.records.height,
                            # The NIK's m is learned in the name + birth-date session:
                            # among matches a NIK typo and a date error are independent
                            # (the NIK keeps the true date), so no session is excluded.
                            total_pairs=total_pairs, anchors=anchors, depends_on=None,
                            orders=[c.evidence_order for c in model.comparisons],
                            m_prior=prior, u_within=within, precedence=precedence)
    model.options.update(model_provenance(model, prior))


def _u_within(model: Model, cache: ColumnCache, *, n_left: int, other_rows: int | None,
              size: int, seed: int
              ) -> tuple[dict[str, tuple[np.ndarray, tuple[int, ...], list[str]]],
                         dict[str, list[str]]]:
    """Random pairs sharing each ``u_within`` column, compared on every comparison.

    Only where a comparison of the model reads that column (its levels say when a pair
    shares the value): the conditional u is used for those pairs. Also each
    comparison's conditioning comparisons in precedence order.
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
    out: dict[str, tuple[np.ndarray, tuple[int, ...], list[str]]] = {}
    for given_name, names in targets.items():
        given = next(c for c in model.comparisons if c.name == given_name)
        prefix = given.group_prefix
        codes = (cache.codes(given.column) if prefix is None
                 else cache.prefix_codes(given.column, (prefix,))[:, 0])
        if given_name in regions:
            # within one regency too: who shares NIK digits by chance lives nearby
            codes = _joint_codes(codes, cache.prefix_codes(regions[given_name], (4,))[:, 0])
        left, right = random_pairs_within(codes, n_left, other_rows, size=max(size // 4, 1),
                                          seed=seed)
        if left.size:
            out[given_name] = (compare_pairs(cache, left, right, model.comparisons),
                               given.equal_levels, names)
    return out, precedence


def _joint_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dense codes of the pairs (a, b); -1 where either is missing."""
    present = (a >= 0) & (b >= 0)
    joint = np.where(present, a * (int(b.max()) + 1 if b.size else 1) + b, -1)
    _, dense = np.unique(joint, return_inverse=True)
    return np.where(present, dense - int((joint < 0).any()), -1).astype(np.int64)


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
    codes = np.asarray(codes, dtype=np.int64)
    n_groups = int(codes.max()) + 1 if codes.size else 0
    if n_groups == 0 or size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sides = [np.arange(n_left)] if n_right is None else [np.arange(n_left),
                                                          np.arange(n_left, n_left + n_right)]
    members = []
    for rows in sides:
        rows = rows[codes[rows] >= 0]
        order = rows[np.argsort(codes[rows], kind="stable")]
        counts = np.bincount(codes[order], minlength=n_groups)
        members.append((order, counts, np.concatenate([[0], np.cumsum(counts)[:-1]])))
    if n_right is None:
        sizes = members[0][1].astype(np.float64)
        weight = sizes * (sizes - 1) / 2
    else:
        weight = members[0][1].astype(np.float64) * members[1][1]
    if weight.sum() <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    group = rng.choice(n_groups, size=size, p=weight / weight.sum())
    order, counts, starts = members[0]
    i = rng.integers(0, counts[group])
    if n_right is None:
        j = rng.integers(0, counts[group] - 1)
        j = np.where(j >= i, j + 1, j)
        return order[starts[group] + i], order[starts[group] + j]
    order_r, counts_r, starts_r = members[1]
    j = rng.integers(0, counts_r[group])
    return order[starts[group] + i], order_r[starts_r[group] + j]


def nik_values(cache: ColumnCache, model: Model) -> np.ndarray | None:
    """The int64 NIKs the NIK comparison read (its cache entry), if there is one."""
    for comparison in model.comparisons:
        arrays = cache.peek(("nik", comparison.column))
        if comparison.method == "nik" and arrays is not None:
            return arrays[0]  # type: ignore[no-any-return]
    return None


def birth_years(records: pl.DataFrame) -> np.ndarray | None:
    if "birth_year" not in records.columns:
        return None
    return records["birth_year"].fill_null(0).to_numpy().astype(np.int32)


def cluster_bounds(model: Model) -> tuple[float, float]:
    """Match weights at or above which pairs merge, and below which they never share a cluster."""
    threshold_weight = float(np.log2(model.threshold / (1.0 - model.threshold)))
    return threshold_weight, min(model.forbid_below, threshold_weight - 1.0)


def cluster_weights(weight: np.ndarray, verdict: np.ndarray, model: Model) -> np.ndarray:
    """The weight clustering uses: the model's, overruled by the domain verdicts."""
    threshold_weight, forbid = cluster_bounds(model)
    # A domain veto makes the pair cannot-link, whatever the model scored; an identical
    # duplicate is merged whatever it scored. One copy, changed in place.
    cluster_weight = weight.copy()
    cluster_weight[np.isin(verdict, VETOES)] = forbid - 1.0
    np.maximum(cluster_weight, threshold_weight, out=cluster_weight, where=verdict == IDENTICAL)
    return cluster_weight


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


def _cluster(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
             verdict: np.ndarray, model: Model) -> np.ndarray:
    threshold_weight, forbid = cluster_bounds(model)
    return cluster_pairs(n, left, right, cluster_weights(weight, verdict, model),
                         threshold=threshold_weight, forbid_below=forbid)


def verdict_names(verdict: np.ndarray) -> np.ndarray:
    return np.asarray(VERDICTS, dtype=object)[verdict]
