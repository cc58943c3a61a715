"""Naive references for sidalih.synth (kernels and vectorised helpers)."""

from __future__ import annotations

from collections.abc import Sequence


def join_tokens_ref(rows: Sequence[Sequence[int]], words: Sequence[str]) -> list[str]:
    """Join pool words per row with spaces; -1 is empty; a word starting with "," is glued."""
    out = []
    for row in rows:
        parts: list[str] = []
        for t in row:
            if t < 0:
                continue
            w = words[t]
            if parts and not w.startswith(","):
                parts.append(" ")
            parts.append(w)
        out.append("".join(parts))
    return out


def date_field_ref(year: int, month: int, day: int, female: bool) -> int:
    """DDMMYY of a NIK as an int, women's day + 40."""
    return (day + (40 if female else 0)) * 10_000 + month * 100 + year % 100


def rank_within_ref(keys: Sequence[int]) -> list[int]:
    """Rank of each row among earlier rows with the same key."""
    seen: dict[int, int] = {}
    out = []
    for k in keys:
        out.append(seen.get(k, 0))
        seen[k] = seen.get(k, 0) + 1
    return out
