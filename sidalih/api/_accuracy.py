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
  people: the caller passes ``p = 0`` for it;
- precision = expected correct merges / merged pairs; recall = expected correct merges /
  expected duplicate pairs.

Pairs that blocking never produced are not seen: recall is an upper bound where the
blocking report shows records left out of over-large blocks. Per group (``by``), a pair
belongs to the group of its left record.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih.errors import ColumnNotFoundError, InvalidParameterError

__all__ = ["estimate_accuracy"]

_SLICE = 1 << 22
_COLUMNS = ("precision", "recall", "f1", "merged_pairs", "expected_false_merges",
            "expected_duplicate_pairs", "expected_missed_pairs")


def _figures(probability: np.ndarray, merged: np.ndarray,
             counted: np.ndarray | None = None) -> dict[str, Any]:
    counted = np.ones(probability.shape, dtype=np.bool_) if counted is None else counted
    # sums with ``where=``: no copy of the probabilities (tens of millions of pairs)
    expected = float(probability.sum(where=counted))
    correct = float(probability.sum(where=merged & counted))
    n_merged = int(merged.sum())
    precision = correct / n_merged if n_merged else None
    recall = correct / expected if expected > 0 else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall > 0 else None)
    return {"precision": precision, "recall": recall, "f1": f1, "merged_pairs": n_merged,
            "expected_false_merges": n_merged - correct,
            "expected_duplicate_pairs": expected,
            "expected_missed_pairs": expected - correct}


def estimate_accuracy(probability: np.ndarray, left: np.ndarray, right: np.ndarray,
                      labels: np.ndarray, records: pl.DataFrame, *,
                      by: str | tuple[str, int] | None = None,
                      counted: np.ndarray | None = None) -> Any:
    """Estimated precision, recall, F1, false merges and missed pairs of a clustering.

    ``probability``, ``left``, ``right``: every candidate pair; ``labels``: the cluster of
    every record. ``by``: None for one set of figures (a dict), a column of ``records``,
    or ``(column, n)`` for the first ``n`` characters of it (``("kode_desa", 4)``: per
    regency), for one row per group (a polars frame).

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
    if by is None:
        return _figures(probability, merged, counted)
    if counted is not None:
        probability = np.where(counted, probability, 0.0)
    column, width = (by, None) if isinstance(by, str) else _by_pair(by)
    if column not in records.columns:
        raise ColumnNotFoundError(
            f"accuracy(by={by!r}): the list has no column {column!r}; "
            f"columns: {', '.join(records.columns)}")
    values = records[column].cast(pl.String)
    if width is not None:
        values = values.str.slice(0, width)
    group = values.to_numpy()[left] if left.size else np.empty(0, dtype=object)
    frame = pl.DataFrame({"group": pl.Series(group, dtype=pl.String), "p": probability,
                          "merged": merged})
    rows = []
    for (key,), part in frame.group_by("group", maintain_order=True):
        rows.append({column: key, **_figures(part["p"].to_numpy(), part["merged"].to_numpy())})
    schema = {column: pl.String, "precision": pl.Float64, "recall": pl.Float64,
              "f1": pl.Float64, "merged_pairs": pl.Int64, "expected_false_merges": pl.Float64,
              "expected_duplicate_pairs": pl.Float64, "expected_missed_pairs": pl.Float64}
    return pl.DataFrame(rows, schema=schema).sort(column, nulls_last=True)


def _by_pair(by: Any) -> tuple[str, int]:
    if (isinstance(by, tuple) and len(by) == 2 and isinstance(by[0], str)
            and isinstance(by[1], int) and not isinstance(by[1], bool) and by[1] > 0):
        return by[0], by[1]
    raise InvalidParameterError(
        f"by must be None, a column name or (column, number of leading characters), got {by!r}")
