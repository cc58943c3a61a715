"""What every kind of run gives back: the result protocol, and the summary of a run.

In memory (:class:`sidalih.Result`), out of core (:class:`sidalih.scale.PartitionedResult`)
and on Spark (:class:`sidalih.spark.SparkResult`) a run gives the same attributes:
``clusters`` (``id``, ``cluster_id``; ``source`` in a linkage), ``pairs`` with
:data:`PAIR_COLUMNS` then one ``level_<comparison>`` column per comparison and
``reasons``, ``model`` and ``summary()`` (a :class:`Summary`). Frames are the kind the
run works in (the caller's frame kind in memory, polars read from the result folder
out of core, Spark frames on Spark).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import polars as pl

from sidalih.errors import masked_repr

__all__ = ["Summary", "RunResult", "PAIR_COLUMNS", "pair_columns", "masked_repr",
           "model_facts", "summary_from_sizes"]

PAIR_COLUMNS = ("id_l", "id_r", "match_weight", "match_probability", "matched", "verdict",
                "rule")
"""The leading pair columns of every result kind, in order."""


def pair_columns(comparisons: Sequence[Any]) -> list[str]:
    """Every pair column of a result, in order, for a model's comparisons.

    Examples
    --------
    >>> from sidalih import compare
    >>> pair_columns([compare.exact("nkk")])[-2:]
    ['level_nkk', 'reasons']
    """
    return [*PAIR_COLUMNS, *(f"level_{c.name}" for c in comparisons), "reasons"]


@runtime_checkable
class RunResult(Protocol):
    """What every result kind exposes (see the module docstring)."""

    @property
    def clusters(self) -> Any: ...

    @property
    def pairs(self) -> Any: ...

    @property
    def model(self) -> Any: ...

    def summary(self) -> Summary: ...


@masked_repr
@dataclass
class Summary:
    """Counts an official can read: records, pairs, duplicates, clusters, blocking.

    ``clusters_by_size`` (``size``, ``clusters``), ``by_village`` (``kode_desa``,
    ``records``, ``records_in_duplicates``; None without ``kode_desa``) and
    ``blocking.to_frame()`` are frames of the kind the run was given, as the result's.

    A partitioned run does not keep every candidate pair: its ``n_candidate_pairs`` is
    None, and its ``verdicts`` count the listed pairs (every domain verdict is listed;
    of the model's own only those at or above the pair floor).
    """

    n_records: int
    n_candidate_pairs: int | None
    n_matched_pairs: int
    n_review_pairs: int
    n_clusters: int
    n_duplicate_clusters: int
    n_records_in_duplicate_clusters: int
    verdicts: dict[str, int]
    clusters_by_size: Any
    by_village: Any
    blocking: Any
    model: dict[str, Any]
    timings: dict[str, float]
    estimated: dict[str, Any] | None = None

    def __str__(self) -> str:
        lines = [
            f"records: {self.n_records:,}",
            "candidate pairs: " + (f"{self.n_candidate_pairs:,}"
                                   if self.n_candidate_pairs is not None else "not kept"),
            f"matched pairs: {self.n_matched_pairs:,}",
            f"pairs for review (one NIK, two people): {self.n_review_pairs:,}",
            f"duplicate clusters: {self.n_duplicate_clusters:,} "
            f"({self.n_records_in_duplicate_clusters:,} records)",
            "domain verdicts: " + (", ".join(f"{k} {v:,}" for k, v in self.verdicts.items()
                                             if k != "model") or "none"),
            f"model: {_source_text(self.model)}",
        ]
        lowered = getattr(self.blocking, "lowered", "")
        if lowered:  # the pair budget bounded the blocks: say so beside the counts
            lines.insert(2, f"blocking: {lowered}")
        if self.estimated and self.estimated.get("precision") is not None:
            e = self.estimated
            unblocked = e.get("expected_unblocked_pairs") or 0.0
            # the part of the missed pairs no blocking rule paired, where there is one
            beyond = f" ({unblocked:,.1f} never paired by blocking)" if unblocked >= 0.05 else ""
            lines.append(
                f"estimated without labels: precision {e['precision']:.4f}, recall "
                f"{e['recall']:.4f}, F1 {e['f1']:.4f}; expected false merges "
                f"{e['expected_false_merges']:,.1f}, missed pairs "
                f"{e['expected_missed_pairs']:,.1f}{beyond}")
        return "\n".join(lines)


def _source_text(model: dict[str, Any]) -> str:
    source = model.get("source")
    if source == "none":
        return "none: no pair of records to compare"
    if source == "given" and model.get("shipped_default"):
        return "given: the national default shipped with sidalih (not trained on this list)"
    if source == "given":
        return "given (not trained on this list)"
    if model.get("fallback"):
        lam = model.get("lambda")
        prior = f"; lambda={lam:.3g}" if lam is not None else ""
        return f"the national default, not trained: {model['fallback']}{prior}"
    text = {"default": "the national default's m (too little in this list to learn from); "
                       "u and lambda from this list",
            "list": "trained on this list, m pulled toward the national default"}.get(
        str(source), "trained on this list")
    shift = model.get("default_shift_bits")
    if source == "list" and shift is not None:
        text += f" (largest shift from it {shift:.2f} bits)"
    lam = model.get("lambda")
    return text + (f"; lambda={lam:.3g}" if lam is not None else "")


def model_facts(model: Any, *, trained_here: bool) -> dict[str, Any]:
    """What a summary says of the model: convergence, lambda, where its m came from, and
    whether a model given to the run is the shipped national default (README: the
    summary says which model was used)."""
    from sidalih.engine._model import is_shipped_default

    fs = model.fs
    return {"converged": getattr(fs, "converged_", None),
            "n_iter": getattr(fs, "n_iter_", None),
            "lambda": getattr(fs, "lambda_", None),
            # a list with no pair to compare trains nothing and was given nothing
            "source": ("none" if not model.fitted
                       else model.options.get("source", "list") if trained_here else "given"),
            "shipped_default": not trained_here and is_shipped_default(model),
            "default_shift_bits": model.options.get("default_shift_bits"),
            "fallback": model.options.get("fallback") if trained_here else None,
            "fallback_records": model.options.get("fallback_records") if trained_here else None}


def summary_from_sizes(*, n_records: int, cluster_sizes: pl.DataFrame,
                       verdicts: dict[str, int], n_matched_pairs: int, n_review_pairs: int,
                       model: dict[str, Any], timings: dict[str, float],
                       blocking: Any = None, n_candidate_pairs: int | None = None) -> Summary:
    """A :class:`Summary` from cluster sizes (``size``, ``clusters``: how many clusters of
    each size, every record counted once) and pair counts, for runs that keep files or
    Spark frames rather than arrays.

    Examples
    --------
    >>> sizes = pl.DataFrame({"size": [1, 2], "clusters": [5, 1]})
    >>> summary_from_sizes(n_records=7, cluster_sizes=sizes, verdicts={"model": 1},
    ...                    n_matched_pairs=1, n_review_pairs=0, model={},
    ...                    timings={}).n_duplicate_clusters
    1
    """
    sizes = cluster_sizes.sort("size")
    dup = sizes.filter(pl.col("size") > 1)
    return Summary(
        n_records=n_records, n_candidate_pairs=n_candidate_pairs,
        n_matched_pairs=n_matched_pairs, n_review_pairs=n_review_pairs,
        n_clusters=int(sizes["clusters"].sum()) if sizes.height else 0,
        n_duplicate_clusters=int(dup["clusters"].sum()) if dup.height else 0,
        n_records_in_duplicate_clusters=int((dup["size"] * dup["clusters"]).sum())
        if dup.height else 0,
        verdicts=dict(sorted(verdicts.items())), clusters_by_size=sizes, by_village=None,
        blocking=blocking, model=model, timings=dict(timings), estimated=None)
