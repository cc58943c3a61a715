"""Naive references for the string kernels (sidalih.kernels.strings).

Deliberately slow and obvious: textbook loops over Python strings, written from
the definitions, so the fast kernels have something independent to agree with.
rapidfuzz is the other reference (Jaro–Winkler, Levenshtein, OSA).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Jaro–Winkler (textbook: for each byte of b, the first unmatched equal byte of a
# within the window)
# ---------------------------------------------------------------------------


def jaro(a: str, b: str) -> float:
    """Jaro similarity; 1.0 for two empty strings, 0.0 when only one is empty."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(0, max(len(a), len(b)) // 2 - 1)
    used_a = [False] * len(a)
    matched_b: list[str] = []
    for j, ch in enumerate(b):
        for i in range(max(0, j - window), min(len(a), j + window + 1)):
            if not used_a[i] and a[i] == ch:
                used_a[i] = True
                matched_b.append(ch)
                break
    matches = len(matched_b)
    if matches == 0:
        return 0.0
    matched_a = [ch for ch, used in zip(a, used_a, strict=True) if used]
    half = sum(x != y for x, y in zip(matched_a, matched_b, strict=True))
    return (matches / len(a) + matches / len(b) + (matches - half // 2) / matches) / 3.0


def jaro_winkler(a: str, b: str, *, prefix_weight: float = 0.1, score_cutoff: float = 0.0) -> float:
    """Jaro–Winkler with a common prefix of at most 4, boosted only above 0.7."""
    sim = jaro(a, b)
    if sim > 0.7:
        prefix = 0
        while prefix < min(4, len(a), len(b)) and a[prefix] == b[prefix]:
            prefix += 1
        sim += prefix * prefix_weight * (1.0 - sim)
    return sim if sim >= score_cutoff else 0.0


# ---------------------------------------------------------------------------
# Token-set similarity (definition in sidalih/kernels/_tokens.py)
# ---------------------------------------------------------------------------


def token_score(
    x: str, y: str, *, prefix_weight: float, token_cutoff: float, initial_score: float
) -> float:
    """Score of two tokens; 0.0 means they do not agree."""
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return initial_score if x[0] == y[0] else 0.0
    sim = jaro_winkler(x, y, prefix_weight=prefix_weight)
    return sim if sim >= token_cutoff else 0.0


def token_set(
    a: str,
    b: str,
    *,
    token_cutoff: float = 0.85,
    initial_score: float = 0.9,
    denominator: str = "mean",
    prefix_weight: float = 0.1,
    max_tokens: int = 32,
    score_cutoff: float = 0.0,
) -> float:
    """Greedy best-first pairing of tokens, summed and divided by the token count."""
    ta = [t for t in a.split(" ") if t][:max_tokens]
    tb = [t for t in b.split(" ") if t][:max_tokens]
    if not ta or not tb:
        return 1.0 if not ta and not tb else 0.0
    candidates = []
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            s = token_score(
                x,
                y,
                prefix_weight=prefix_weight,
                token_cutoff=token_cutoff,
                initial_score=initial_score,
            )
            if s > 0.0:
                candidates.append((-s, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    for neg, i, j in candidates:
        if i not in used_a and j not in used_b:
            total += -neg
            used_a.add(i)
            used_b.add(j)
    if denominator == "min":
        sim = total / min(len(ta), len(tb))
    elif denominator == "max":
        sim = total / max(len(ta), len(tb))
    else:
        sim = 2.0 * total / (len(ta) + len(tb))
    return sim if sim >= score_cutoff else 0.0
