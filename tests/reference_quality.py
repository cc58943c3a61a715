"""Naive, row-by-row references for sidalih.quality's rules (plain Python, no polars).

Each function states a rule the obvious way so hypothesis can make the vectorised
checks agree with it on random input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from sidalih._unicode import PUNCT_TO_ASCII
from sidalih.names._lexicon import PAIR_TITLES, PREFIX_TITLES, SUFFIX_STRONG, SUFFIX_WEAK
from sidalih.quality._names import PLACEHOLDER_NAMES

_STRONG = set(PREFIX_TITLES) | set(SUFFIX_STRONG)
_WEAK = set(SUFFIX_WEAK)
_PAIRS = {(head, tail) for head, tails in PAIR_TITLES.items() for tail in tails}
_ALLOWED_SYMBOLS = set(".,'’`-")


def _letters(name: str) -> str:
    return "".join(c for c in name if unicodedata.category(c).startswith("L")).upper()


def _titles_only(words: list[str], allowed: set[str]) -> bool:
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i], words[i + 1]) in _PAIRS:
            i += 2
        elif words[i] in allowed:
            i += 1
        else:
            return False
    return bool(words)


def name_checks(name: str | None) -> set[str]:
    """The name checks that flag ``name``."""
    if name is None or not name.strip():
        return {"name_empty"}
    letters = _letters(name)
    words = " ".join(
        "".join(c if unicodedata.category(c).startswith("L") else " " for c in name.upper()).split()
    )
    if words in PLACEHOLDER_NAMES or not letters or (len(letters) >= 3 and len(set(letters)) == 1):
        return {"name_placeholder"}
    out = set()
    compact = re.sub(r"[.'’`]", "", name.lower())
    tokens = re.sub(r"[\s,;/]+", " ", compact).split()
    allowed = _STRONG | (_WEAK if "." in name else set())
    if _titles_only(tokens, allowed):
        out.add("name_title_only")
    elif len(letters) == 1:
        out.add("name_one_letter")
    # a combining mark (category M) is part of the letter before it (a name in NFD); a
    # typographic hyphen or quote is the ASCII one, an invisible character nothing
    if any(
        not (unicodedata.category(c)[0] in "LM" or c.isspace()
             or PUNCT_TO_ASCII.get(c, c) in _ALLOWED_SYMBOLS | {""})
        for c in name
    ):
        out.add("name_bad_chars")
    # a letter sidalih.names drops: not a-z once NFKD has split off the accents
    if any(
        unicodedata.category(c).startswith("L") and unicodedata.category(c) != "Lm"
        and not ("a" <= c.lower() <= "z" and c.isascii())
        for c in unicodedata.normalize("NFKD", name)
    ):
        out.add("name_non_latin")
    return out


def tps_key(value: str | None) -> str | None:
    """Normal form of a TPS number: ``TPS 001`` -> ``1``."""
    if value is None:
        return None
    text = re.sub(r"\bTPS\b", "", value.upper())
    text = re.sub(r"[^0-9A-Z]", "", text)
    if not text:
        return None
    if text.isdigit():
        return text.lstrip("0") or "0"
    return text


def overfull(rows: list[tuple[object, str | None, str | None]], limit: int) -> set[object]:
    """Ids in a (village, TPS) with more than ``limit`` rows; rows are (id, village, tps)."""
    keyed = [(i, v, tps_key(t)) for i, v, t in rows]
    counts = Counter((v, k) for _, v, k in keyed if k is not None)
    return {i for i, v, k in keyed if k is not None and counts[(v, k)] > limit}


def family_split(
    rows: list[tuple[object, str | None, str | None, str | None]],
) -> dict[object, bool]:
    """Ids of split families -> whether the row is outside the family's main TPS.

    Rows are (id, village, valid NKK or None, tps).
    """
    members: dict[tuple[str | None, str], list[tuple[object, str]]] = defaultdict(list)
    for i, village, nkk, tps in rows:
        key = tps_key(tps)
        if nkk is not None and key is not None:
            members[(village, nkk)].append((i, key))
    out: dict[object, bool] = {}
    for family in members.values():
        counts = Counter(k for _, k in family)
        if len(counts) < 2:
            continue
        main = min(counts, key=lambda k: (-counts[k], k))
        out.update({i: k != main for i, k in family})
    return out


def mask(value: str) -> str:
    """sidalih.errors.mask_nik for text up to 40 characters."""
    return "*" * len(value) if len(value) < 12 else value[:4] + "*" * (len(value) - 8) + value[-4:]
