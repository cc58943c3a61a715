"""How good is this run? Precision and recall estimated from the model, without labels.

Each candidate pair's ``match_probability`` is the model's belief that it is one person
(DESIGN.md: calibrated, so that among pairs at 0.8 about 80 % are). Summed, they give
what a labelled sample would count, in the manner of fastLink (Enamorado, Fifield and
Imai, 2019):

- merged pairs (two records the run put in one cluster, among the candidate pairs):
  the expected number that are one person is the sum of their probabilities, so the
  expected *false merges* are the sum of ``1 - p`` over them;
- the expected number of duplicate pairs is the sum of ``p`` over every candidate pair,
  merged or not; the expected *missed pairs* are the sum of ``p`` over the pairs not
  merged. A pair the domain rules keep apart (twins, a father and son) counts as two
  people: the caller passes ``p = 0`` for it. One NIK on two records that disagree
  (``nik_clash``) is put up for review, not declared two people: it counts as a
  duplicate missed as often as the model believes it one person (a year or a sex
  mistyped under one NIK), and where the two names disagree as often as the rest of the
  evidence does: the NIK's agreement is what two names under it put in doubt (with it,
  a family listed under the head's NIK counted 0.9-0.99 a pair, and on a Javanese
  village list of 30k the recall estimate fell 0.24 below the truth;
  :func:`sidalih.api._result.clash_probabilities`, session 22). Counting such
  pairs at all (session 18) moved the recall estimate's mean error from 0.013 to 0.005
  on eight synthetic lists of 20k-200k, from 0.023 to 0.016 on five lists of the fourth
  generator and from 0.027 to 0.025 on five of the independent one;
- precision = expected correct merges / merged pairs; recall = expected correct merges /
  expected duplicate pairs.

Pairs that blocking never produced are not seen by the model. Their number is estimated
from the pairs it did produce (:func:`unblocked_pairs`): each merged pair agrees on the
keys of some of the blocking rules, and pairs that only one rule pairs, against pairs
that two rules pair, tell how many no rule pairs (Chao's estimator of unseen classes,
Chao 1984, as capture-recapture uses it: each rule is one capture). Rules are not
independent captures (a mistyped NIK escapes every NIK rule at once), so the figure is
mostly short of the truth: on lists from a generator written apart from this project it
found a third to a half of the duplicate pairs that no rule paired, and on small counts
it can pass them (benchmarks/README.md, session 17); on the synthetic lists, where
blocking misses none, it is about none. Those pairs count as missed. Per group
(``by``; a pair belongs to the group of its left record) they are shared out as the
pairs that one rule alone pairs are, so the groups' figures add up to the list's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from sidalih._aliases import column_named
from sidalih.errors import ColumnNotFoundError, InvalidParameterError

__all__ = ["estimate_accuracy", "unblocked_pairs", "rules_agreeing"]

_SLICE = 1 << 22
_COLUMNS = ("precision", "recall", "f1", "merged_pairs", "expected_false_merges",
            "expected_duplicate_pairs", "expected_missed_pairs")


def _figures(probability: np.ndarray, merged: np.ndarray,
             counted: np.ndarray | None = None,
             instead: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, Any]:
    counted = np.ones(probability.shape, dtype=np.bool_) if counted is None else counted
    # sums with ``where=``: no copy of the probabilities (tens of millions of pairs)
    expected = float(probability.sum(where=counted))
    correct = float(probability.sum(where=merged & counted))
    if instead is not None:
        rows, values = instead
        rows, values = rows[counted[rows]], values[counted[rows]]
        change = values - probability[rows]
        expected += float(change.sum())
        correct += float(change.sum(where=merged[rows]))
    n_merged = int(merged.sum())
    precision = correct / n_merged if n_merged else None
    # nothing merged and less than half a duplicate pair expected: no duplicate to find,
    # and "recall 0.0" would read as every duplicate missed (a list of a head and his
    # wife under his NIK, 6e-5 pairs expected)
    findable = expected > 0 and (n_merged > 0 or expected >= 0.5)
    recall = correct / expected if findable else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall > 0 else None)
    return {"precision": precision, "recall": recall, "f1": f1, "merged_pairs": n_merged,
            "expected_false_merges": n_merged - correct,
            "expected_duplicate_pairs": expected,
            "expected_missed_pairs": expected - correct}


def unblocked_pairs(records: pl.DataFrame, rules: Sequence[Any], left: np.ndarray,
                    right: np.ndarray) -> float:
    """Estimated duplicate pairs that no blocking rule pairs, from merged pairs.

    ``left``, ``right``: the merged pairs (mostly one person each); ``rules``: the
    blocking rules the run used. For each pair, the number of rules whose keys the two
    records share (none missing) is counted; with ``f1`` pairs that one rule pairs and
    ``f2`` that two do, Chao's bias-corrected estimate of the pairs that none does is
    ``f1 (f1 - 1) / (2 (f2 + 1))``, at most the number of pairs given. Short of the truth
    where rules miss together; 0 with fewer than three rules (too few captures).

    Examples
    --------
    >>> from sidalih.blocking import block_on
    >>> records = pl.DataFrame({"a": ["x", "x", "y", "y", "z", "z", "w", "w"],
    ...                         "b": ["1", "1", "2", "3", "4", "5", "6", "7"]})
    >>> rules = [block_on("a"), block_on("b"), block_on("a", "b")]
    >>> # one pair shares three keys, three share one: 3 * 2 / (2 * (0 + 1))
    >>> unblocked_pairs(records, rules, np.array([0, 2, 4, 6]), np.array([1, 3, 5, 7]))
    3.0
    >>> unblocked_pairs(records, rules[:2], np.array([0, 2, 4, 6]), np.array([1, 3, 5, 7]))
    0.0
    """
    agreeing = rules_agreeing(records, rules, left, right)
    return 0.0 if agreeing is None else _chao(agreeing)


def rules_agreeing(records: pl.DataFrame, rules: Sequence[Any], left: np.ndarray,
                   right: np.ndarray) -> np.ndarray | None:
    """Per pair, how many of ``rules`` pair its two records (their keys agree, none
    missing); None where fewer than three rules can be read (too few captures)."""
    present = set(records.columns)
    usable = [rule for rule in rules if set(rule.columns()) <= present]
    if len(usable) < _FEWEST_CAPTURES:
        return None
    agreeing = np.zeros(left.size, dtype=np.int64)
    if left.size == 0:
        return agreeing
    keys = records.select(sorted({column for rule in usable for column in rule.columns()}))
    first, second = keys[left], keys[right]
    for rule in usable:
        keys_a, keys_b = first.select(rule.keys), second.select(rule.keys)
        same = np.ones(left.size, dtype=np.bool_)
        for column in keys_a.columns:
            a, b = _key(keys_a[column]), _key(keys_b[column])
            same &= ((a == b).fill_null(False) & a.is_not_null()).to_numpy()
        agreeing += same
    return agreeing


def _chao(agreeing: np.ndarray) -> float:
    once, twice = int((agreeing == 1).sum()), int((agreeing == 2).sum())
    # never more than the pairs it is estimated from: with few captures and no pair
    # that two rules pair, the formula grows as the square of the pairs
    return min(once * (once - 1) / (2 * (twice + 1)), float(agreeing.size))


#: Captures (rules) the estimate needs: with one rule every merged pair is paired by
#: it alone, and the formula, m(m-1)/2 for m pairs, says nothing; two rules that pair
#: different kinds of duplicate (a NIK, a family card) say little more.
_FEWEST_CAPTURES = 3


def _key(values: pl.Series) -> pl.Series:
    """A key as blocking reads it: blank text and NaN are missing."""
    if values.dtype == pl.String:
        return pl.select(pl.when(values.str.strip_chars().str.len_bytes() > 0)
                         .then(values)).to_series()
    if values.dtype.is_float():
        return values.fill_nan(None)
    return values


def estimate_accuracy(probability: np.ndarray, left: np.ndarray, right: np.ndarray,
                      labels: np.ndarray, records: pl.DataFrame, *,
                      by: str | tuple[str, int] | None = None,
                      counted: np.ndarray | None = None,
                      rules: Sequence[Any] | None = None,
                      instead: tuple[np.ndarray, np.ndarray] | None = None,
                      voter: bool = False) -> Any:
    """Estimated precision, recall, F1, false merges and missed pairs of a clustering.

    ``probability``, ``left``, ``right``: every candidate pair; ``labels``: the cluster of
    every record. ``by``: None for one set of figures (a dict), a column of ``records``,
    or ``(column, n)`` for the first ``n`` characters of it (``("kode_desa", 4)``: per
    regency), for one row per group (a polars frame). ``rules``: the blocking rules of
    the run; with them the overall figures count the pairs no rule paired as missed
    (``expected_unblocked_pairs``, :func:`unblocked_pairs`). ``counted``: the pairs whose
    probability counts (others count as 0); ``instead``: rows and the probabilities read
    there in place of ``probability``'s (a few pairs: no copy of the whole array).
    ``voter``: ``records`` is a prepared voter list, whose columns ``by`` may also name by
    the header the list was given with (``"KODE DESA"``: ``kode_desa``).

    Examples
    --------
    >>> p = np.array([0.99, 0.95, 0.2]); labels = np.array([0, 0, 2, 2, 4])
    >>> figures = estimate_accuracy(p, np.array([0, 2, 0]), np.array([1, 3, 4]), labels,
    ...                             pl.DataFrame({"id": [1, 2, 3, 4, 5]}))
    >>> round(figures["precision"], 3), round(figures["recall"], 3)
    (0.97, 0.907)
    """
    probability = np.asarray(probability, dtype=np.float64)
    merged = np.empty(left.size, dtype=np.bool_)
    for start in range(0, left.size, _SLICE):  # no whole-length label arrays
        stop = start + _SLICE
        merged[start:stop] = labels[left[start:stop]] == labels[right[start:stop]]
    kept = np.flatnonzero(merged if counted is None else merged & counted)
    agreeing = (rules_agreeing(records, rules, left[kept], right[kept])
                if rules is not None else None)
    unseen = 0.0 if agreeing is None else _chao(agreeing)
    if by is None:
        return _with_unblocked(_figures(probability, merged, counted, instead), unseen)
    if counted is not None or instead is not None:
        probability = (probability.copy() if counted is None
                       else np.where(counted, probability, 0.0))
        if instead is not None:
            rows = instead[0] if counted is None else instead[0][counted[instead[0]]]
            values = instead[1] if counted is None else instead[1][counted[instead[0]]]
            probability[rows] = values
    column, width = (by, None) if isinstance(by, str) else _by_pair(by)
    column = _by_column(by, column, records.columns, voter=voter)
    values = records[column].cast(pl.String)
    if width is not None:
        values = values.str.slice(0, width)
    # gathered by polars: a numpy object array of a column with missing values cannot be
    # cast back to text
    group = values.gather(left).rename("group")
    frame = pl.DataFrame({"group": group, "p": probability, "merged": merged})
    share = _unseen_by_group(group, kept, agreeing, unseen)
    rows = []
    for (key,), part in frame.group_by("group", maintain_order=True):
        figures = _figures(part["p"].to_numpy(), part["merged"].to_numpy())
        rows.append({column: key, **_with_unblocked(figures, share.get(key, 0.0))})
    schema = {column: pl.String, "precision": pl.Float64, "recall": pl.Float64,
              "f1": pl.Float64, "merged_pairs": pl.Int64, "expected_false_merges": pl.Float64,
              "expected_duplicate_pairs": pl.Float64, "expected_missed_pairs": pl.Float64,
              "expected_unblocked_pairs": pl.Float64}
    return pl.DataFrame(rows, schema=schema).sort(column, nulls_last=True)


def _unseen_by_group(group: pl.Series, kept: np.ndarray, agreeing: np.ndarray | None,
                     unseen: float) -> dict[Any, float]:
    """The unblocked pairs shared among groups as the pairs one rule alone pairs are: the
    duplicates that come nearest to being missed show where the missed ones lie."""
    if agreeing is None or unseen <= 0:
        return {}
    counts = Counter(group.gather(kept[agreeing == 1]).to_list())  # missing: None
    total = sum(counts.values())
    return {key: unseen * n / total for key, n in counts.items()}


def _with_unblocked(figures: dict[str, Any], unseen: float) -> dict[str, Any]:
    """The overall figures with ``unseen`` duplicate pairs that no rule paired: missed."""
    out = dict(figures, expected_unblocked_pairs=unseen)
    if unseen <= 0:
        return out
    expected = figures["expected_duplicate_pairs"] + unseen
    correct = expected - figures["expected_missed_pairs"] - unseen
    recall = correct / expected if expected > 0 else None
    precision = figures["precision"]
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall > 0 else None)
    out.update(recall=recall, f1=f1, expected_duplicate_pairs=expected,
               expected_missed_pairs=figures["expected_missed_pairs"] + unseen)
    return out


def _by_column(by: Any, column: str, columns: Sequence[str], *, voter: bool) -> str:
    """The column of ``records`` that ``by`` names, or an error listing the list's own
    columns (a voter list's: without those preparing it added, ``nik_masked12``...).

    Examples
    --------
    >>> _by_column("KODE DESA", "KODE DESA", ["id", "kode_desa", "kode_kec"], voter=True)
    'kode_desa'
    >>> _by_column("desa", "desa", ["id", "kode_desa", "birth_year"], voter=True)
    Traceback (most recent call last):
    ...
    sidalih.errors.ColumnNotFoundError: accuracy(by='desa'): the list has no column 'desa'; \
give one of its columns (by its name or the header the list was given with): id, kode_desa
    """
    found = (column_named(column, columns) if voter
             else column if column in columns else None)
    if found is not None:
        return found
    if voter:
        from sidalih.prepare import derived_columns

        derived = derived_columns()
        usable = [c for c in columns if c not in derived]
        how = " (by its name or the header the list was given with)"
    else:
        usable, how = list(columns), ""
    raise ColumnNotFoundError(
        f"accuracy(by={by!r}): the list has no column {column!r}; give one of its "
        f"columns{how}: {', '.join(usable)}")


def _by_pair(by: Any) -> tuple[str, int]:
    if (isinstance(by, tuple) and len(by) == 2 and isinstance(by[0], str)
            and isinstance(by[1], int) and not isinstance(by[1], bool) and by[1] > 0):
        return by[0], by[1]
    raise InvalidParameterError(
        f"by must be None, a column name or (column, number of leading characters), got {by!r}")
