"""Naive references for sidalih.cli: pair counting by listing every pair in Python sets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from itertools import combinations


def pairs_within(ids: Sequence[Hashable], groups: Sequence[Hashable]) -> set[frozenset[Hashable]]:
    """Every unordered pair of ids that share a group."""
    members: dict[Hashable, list[Hashable]] = defaultdict(list)
    for i, g in zip(ids, groups, strict=True):
        members[g].append(i)
    return {frozenset(p) for m in members.values() for p in combinations(m, 2)}


def pairwise_accuracy_ref(
    ids: Sequence[Hashable], clusters: Sequence[Hashable], persons: Sequence[Hashable]
) -> dict[str, float | int | None]:
    """Precision, recall and F1 of the pairs within clusters against the pairs within persons."""
    predicted = pairs_within(ids, clusters)
    true = pairs_within(ids, persons)
    correct = predicted & true
    precision = len(correct) / len(predicted) if predicted else None
    recall = len(correct) / len(true) if true else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else None
    )
    return {
        "true_pairs": len(true),
        "predicted_pairs": len(predicted),
        "correct_pairs": len(correct),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }
