"""Name assembly: tokens drawn from the group pools, then joined into ``nama``.

A name is a row of token indices into one :class:`~sidalih.synth._join.TokenPool`, in
the slots of :data:`SLOTS` (front title, Muhammad/Balinese prefix, two given names,
family name, bin/binti and the father's name, academic title), -1 for an empty slot.
Look-alikes edit these indices; :func:`assemble` joins them into strings once.
Draws are Zipf-like (weight about ``1/(rank+1)``): the head of every pool collides
often, as common names do in real lists.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl

from sidalih.synth import _pools as P
from sidalih.synth._join import TokenPool, join_tokens
from sidalih.synth._places import GROUP_NAMES

__all__ = ["SLOTS", "POOL", "name_tokens", "assemble", "old_spelling", "zipf_index"]

SLOTS = ("front", "pre", "g1", "g2", "fam", "binw", "father", "back")
S = {s: i for i, s in enumerate(SLOTS)}
_OLD_SPELLING_GROUPS = ("jawa", "sunda", "melayu", "minang", "bugis")
_MUHAMMAD_RATE = {"melayu": 0.25, "bugis": 0.3, "minang": 0.15, "sunda": 0.1, "jawa": 0.08}

POOL = TokenPool()


def zipf_index(sizes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ranks in ``[0, size)`` with probability falling like ``1/(rank+1)``.

    Examples
    --------
    >>> r = zipf_index(np.full(10_000, 50), np.random.default_rng(0))
    >>> bool((r >= 0).all() and (r < 50).all()), bool((r == 0).mean() > (r == 40).mean())
    (True, True)
    """
    sizes = np.asarray(sizes)
    u = rng.random(sizes.shape, dtype=np.float32)
    r = np.expm1(u * np.log1p(sizes.astype(np.float32))).astype(np.int64)
    return np.minimum(r, np.maximum(sizes.astype(np.int64) - 1, 0))


def old_spelling(text: str) -> str:
    """Rewrite a modern spelling into the pre-1972 one (DOMAIN.md, Names).

    Examples
    --------
    >>> [old_spelling(w) for w in ["Yusuf", "Cahyo", "Joko", "Sukarno", "Nyoman", "Khairul"]]
    ['Joesoef', 'Tjahjo', 'Djoko', 'Soekarno', 'Njoman', 'Chairoel']
    """
    for new, old in (
        ("j", "dj"),
        ("J", "Dj"),
        ("y", "j"),
        ("Y", "J"),
        ("c", "tj"),
        ("C", "Tj"),
        ("u", "oe"),
        ("U", "Oe"),
        ("kh", "ch"),
        ("Kh", "Ch"),
    ):
        text = text.replace(new, old)
    return text


@lru_cache(maxsize=1)
def _tables() -> dict[str, np.ndarray]:
    """Pool indices of every group's pools, and of their old spellings.

    ``off``/``size``: (group, kind) with kinds 0 male, 1 female, 2 second male,
    3 second female, 4 family; ``flat`` the pool index of each entry, ``flat_old`` that
    of its old spelling.
    """
    words: list[str] = []
    off = np.zeros((len(GROUP_NAMES), 5), dtype=np.int64)
    size = np.zeros((len(GROUP_NAMES), 5), dtype=np.int64)
    for gi, gname in enumerate(GROUP_NAMES):
        grp = P.GROUPS[gname]
        pools = (grp.male, grp.female, grp.second_male or grp.male,
                 grp.second_female or grp.female, grp.family)  # fmt: skip
        for k, pool in enumerate(pools):
            off[gi, k], size[gi, k] = len(words), len(pool)
            words.extend(pool)
    batak = GROUP_NAMES.index("batak")
    boru = ["Br. " + w for w in P.GROUPS["batak"].family]
    bali = _bali_table()
    return {
        "off": off,
        "size": size,
        "flat": POOL.add(words),
        "flat_old": POOL.add([old_spelling(w) for w in words]),
        "boru": POOL.add(boru),
        "batak_fam_off": np.array([off[batak, 4]]),
        "muh": POOL.add(list(P.MUHAMMAD_FORMS)),
        "muh_abbr": POOL.add(list(P.MUHAMMAD_ABBR)),
        "abdul": POOL.add(["Abdul"]),
        "abdul2": POOL.add(list(P.ABDUL_NAMES)),
        "bin": POOL.add(["bin", "binti"]),
        "front": POOL.add(["H.", "Hj.", "Drs.", "Dra.", "Andi"]),
        "back": POOL.add([", " + t for t in P.TITLES_BACK]),
        "bali": POOL.add([w for _, _, w in bali]),
        "bali_start": np.array([[_first(bali, s, b) for b in range(4)] for s in (0, 1)]),
        "bali_count": np.array([[_count(bali, s, b) for b in range(4)] for s in (0, 1)]),
    }


def _bali_table() -> list[tuple[int, int, str]]:
    """(sex, birth-order bucket, prefix) with I/Ni; Gede is male-only, Luh female-only."""
    table = []
    for sex, gender_word in ((0, "I"), (1, "Ni")):
        for b, words in enumerate(P.BALI_ORDER):
            for w in words:
                if (sex, w) not in ((0, "Luh"), (1, "Gede")):
                    table.append((sex, b, f"{gender_word} {w}"))
    return table


def _first(table: list[tuple[int, int, str]], sex: int, bucket: int) -> int:
    return next(i for i, (s, b, _) in enumerate(table) if (s, b) == (sex, bucket))


def _count(table: list[tuple[int, int, str]], sex: int, bucket: int) -> int:
    return sum(1 for s, b, _ in table if (s, b) == (sex, bucket))


def _group_param(attr: str, g: np.ndarray) -> np.ndarray:
    return np.array([getattr(P.GROUPS[n], attr) for n in GROUP_NAMES])[g]


def name_tokens(
    g: np.ndarray,
    female: np.ndarray,
    age: np.ndarray,
    byear: np.ndarray,
    role: np.ndarray,
    order: np.ndarray,
    head_row: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Token indices (rows × :data:`SLOTS`) for every person.

    ``head_row[i]`` is the row of person i's household head (whose family name children
    inherit and whose given name ``bin``/``binti`` cites).
    """
    t = _tables()
    n = g.size
    fem = female.astype(np.int64)
    tok = np.full((n, len(SLOTS)), -1, dtype=np.int64)
    single = (byear < 1960) & (rng.random(n) < _group_param("p_single_old", g))
    old = np.isin(g, [GROUP_NAMES.index(x) for x in _OLD_SPELLING_GROUPS])
    old &= (byear < 1965) & (rng.random(n) < 0.5)
    r1 = t["off"][g, fem] + zipf_index(t["size"][g, fem], rng)
    k2 = 2 + fem
    r2 = zipf_index(t["size"][g, k2], rng)
    e2 = t["off"][g, k2] + r2
    e2 = np.where(e2 == r1, t["off"][g, k2] + (r2 + 1) % np.maximum(t["size"][g, k2], 1), e2)
    has2 = (rng.random(n) < _group_param("p_two_given", g)) & ~single
    tok[:, S["g1"]] = np.where(old, t["flat_old"][r1], t["flat"][r1])
    tok[:, S["g2"]] = np.where(has2, np.where(old, t["flat_old"][e2], t["flat"][e2]), -1)
    _family(tok, g, fem, role, head_row, single, t, rng)
    _muslim(tok, g, fem, byear, role, head_row, t, rng)
    _bali(tok, g, fem, role, order, t, rng)
    _titles(tok, g, fem, age, role, head_row, t, rng)
    return tok


def _family(
    tok: np.ndarray,
    g: np.ndarray,
    fem: np.ndarray,
    role: np.ndarray,
    head_row: np.ndarray,
    single: np.ndarray,
    t: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> None:
    n = g.size
    size = t["size"][g, 4]
    own = t["off"][g, 4] + zipf_index(np.maximum(size, 1), rng)
    # Heads pass their family name to the children; spouses and parents bring their own.
    entry = np.where((role == 0) | (role == 2), own[head_row], own)
    has = (size > 0) & (rng.random(n) < _group_param("p_family", g)) & ~single
    boru = (g == GROUP_NAMES.index("batak")) & (fem == 1)
    batak_i = np.clip(entry - t["batak_fam_off"][0], 0, t["boru"].size - 1)
    value = np.where(boru, t["boru"][batak_i], t["flat"][np.minimum(entry, t["flat"].size - 1)])
    tok[:, S["fam"]] = np.where(has, value, -1)


def _muslim(
    tok: np.ndarray,
    g: np.ndarray,
    fem: np.ndarray,
    byear: np.ndarray,
    role: np.ndarray,
    head_row: np.ndarray,
    t: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> None:
    n = g.size
    muslim = _group_param("muslim", g)
    p_muh = np.array([_MUHAMMAD_RATE.get(x, 0.0) for x in GROUP_NAMES])[g]
    male = fem == 0
    muh = male & (rng.random(n) < p_muh)
    # Registrations since 2022 may not abbreviate; older ones keep it (DOMAIN.md, Names).
    abbr = muh & (byear < 1995) & (rng.random(n) < 0.35)
    full_i = t["muh"][zipf_index(np.full(n, t["muh"].size), rng)]
    abbr_i = t["muh_abbr"][zipf_index(np.full(n, t["muh_abbr"].size), rng)]
    tok[:, S["pre"]] = np.where(muh, np.where(abbr, abbr_i, full_i), -1)
    abdul = male & ~muh & muslim & (g != GROUP_NAMES.index("jawa")) & (rng.random(n) < 0.06)
    tok[abdul, S["g1"]] = t["abdul"][0]
    tok[abdul, S["g2"]] = t["abdul2"][zipf_index(np.full(int(abdul.sum()), t["abdul2"].size), rng)]
    # bin/binti + the father's given name: the head's for a male head's children.
    binti = muslim & (rng.random(n) < 0.04)
    father_known = (role == 2) & (fem[head_row] == 0)
    some_man = t["flat"][t["off"][g, 0] + zipf_index(t["size"][g, 0], rng)]
    father = np.where(father_known, tok[head_row, S["g1"]], some_man)
    tok[:, S["binw"]] = np.where(binti, t["bin"][fem], -1)
    tok[:, S["father"]] = np.where(binti, father, -1)


def _bali(
    tok: np.ndarray,
    g: np.ndarray,
    fem: np.ndarray,
    role: np.ndarray,
    order: np.ndarray,
    t: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> None:
    n = g.size
    bali = g == GROUP_NAMES.index("bali")
    bucket = np.where(role == 2, (np.maximum(order, 1) - 1) % 4, rng.integers(0, 4, n))
    idx = t["bali_start"][fem, bucket] + zipf_index(t["bali_count"][fem, bucket], rng)
    tok[:, S["pre"]] = np.where(bali, t["bali"][idx], tok[:, S["pre"]])


def _titles(
    tok: np.ndarray,
    g: np.ndarray,
    fem: np.ndarray,
    age: np.ndarray,
    role: np.ndarray,
    head_row: np.ndarray,
    t: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> None:
    n = g.size
    p_haji = np.where(age >= 60, 0.15, np.where(age >= 45, 0.08, 0.0))
    haji = _group_param("muslim", g) & (rng.random(n) < p_haji)
    drs = (age >= 50) & (age <= 75) & (rng.random(n) < 0.02)
    # Andi marks Bugis nobility and passes to the children (DOMAIN.md, Names: titles).
    andi = (g == GROUP_NAMES.index("bugis")) & (rng.random(n) < 0.12)[head_row] & (role != 1)
    which = np.select([haji, drs, andi], [0 + fem, 2 + fem, np.full(n, 4)], -1)
    tok[:, S["front"]] = np.where(which >= 0, t["front"][np.maximum(which, 0)], -1)
    academic = (age >= 23) & (age <= 65) & (rng.random(n) < 0.07)
    back = t["back"][zipf_index(np.full(n, t["back"].size), rng)]
    tok[:, S["back"]] = np.where(academic, back, -1)


def assemble(tok: np.ndarray) -> pl.Series:
    """Join token rows into ``nama`` strings."""
    _tables()
    return join_tokens(tok, POOL, name="nama")
