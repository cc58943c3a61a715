"""Look-alikes: different people whose records resemble duplicates (DOMAIN.md, NIK and Names).

Each function picks disjoint sets of originals, edits their arrays in place and tags
them in ``kind``/``group`` (group = the row of the first member, made global later).
"""

from __future__ import annotations

import numpy as np

from sidalih.synth import _pools as P
from sidalih.synth._names import POOL, S

__all__ = ["KINDS", "twins", "father_son", "namesakes", "shared_nik"]

KINDS = ("", "twin", "father_son", "namesake_placeholder", "shared_nik")
TWIN, FATHER_SON, NAMESAKE, SHARED = 1, 2, 3, 4


def _disjoint_pairs(first: np.ndarray, second: np.ndarray, count: int, kind: np.ndarray,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Up to ``count`` candidate pairs, in random order, sharing no row and no tag."""
    if count <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    free = (kind[first] == 0) & (kind[second] == 0)
    first, second = first[free], second[free]
    order = rng.permutation(first.size)
    used = np.zeros(kind.size, dtype=bool)
    a_out: list[int] = []
    b_out: list[int] = []
    for i in order[: 4 * count + 10]:
        a, b = int(first[i]), int(second[i])
        if used[a] or used[b]:
            continue
        used[a] = used[b] = True
        a_out.append(a)
        b_out.append(b)
        if len(a_out) == count:
            break
    return np.array(a_out, dtype=np.int64), np.array(b_out, dtype=np.int64)


def _tag(kind: np.ndarray, group: np.ndarray, a: np.ndarray, b: np.ndarray, k: int) -> None:
    kind[a] = kind[b] = k
    group[a] = group[b] = np.minimum(a, b)


def twins(
    p: dict[str, np.ndarray], count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Make ``count`` pairs of adjacent grown-up siblings twins: one birth date, adjacent rows.

    Returns the (first, second) rows; names are set by :func:`twin_names` afterwards.
    """
    hh, role = p["hh"], p["role"]
    cand = np.flatnonzero((role[:-1] == 2) & (role[1:] == 2) & (hh[:-1] == hh[1:]))
    a, b = _disjoint_pairs(cand, cand + 1, count, p["kind"], rng)
    for col in ("age", "bdate", "placeholder"):
        p[col][b] = p[col][a]
    _tag(p["kind"], p["group"], a, b, TWIN)
    # A third of twins get names that sound alike (Hasan/Husein); their sexes follow.
    similar = rng.random(a.size) < 0.35
    pair = rng.integers(0, len(P.TWIN_PAIRS), a.size)
    sexes = np.array([[s1 == "P", s2 == "P"] for _, _, s1, s2 in P.TWIN_PAIRS])
    p["female"][a] = np.where(similar, sexes[pair, 0], p["female"][a])
    p["female"][b] = np.where(similar, sexes[pair, 1], p["female"][b])
    p["twin_pair"] = np.where(similar, pair, -1)
    return a, b


def twin_names(tok: np.ndarray, a: np.ndarray, b: np.ndarray, pair: np.ndarray) -> None:
    """Give twins different given names (alike ones where ``pair`` >= 0)."""
    words = POOL.add([w for x in P.TWIN_PAIRS for w in x[:2]]).reshape(-1, 2)
    alike = pair >= 0
    tok[a[alike], S["g1"]] = words[pair[alike], 0]
    tok[b[alike], S["g1"]] = words[pair[alike], 1]
    tok[a[alike], S["g2"]] = -1
    tok[b[alike], S["g2"]] = -1
    same = ~alike & (tok[a, S["g1"]] == tok[b, S["g1"]])
    # Same draw for both: the second twin takes the alike name of a fixed pair instead.
    tok[b[same], S["g1"]] = words[0, 1]


def father_son(
    p: dict[str, np.ndarray], count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (head, son) of a male head and a grown son in one family, to share one name."""
    hh, role, fem = p["hh"], p["role"], p["female"]
    head_row = p["head_row"]
    son = np.flatnonzero((role == 2) & ~fem & (role[head_row] == 0) & ~fem[head_row])
    a, b = _disjoint_pairs(head_row[son], son, count, p["kind"], rng)
    keep = hh[a] == hh[b]
    a, b = a[keep], b[keep]
    _tag(p["kind"], p["group"], a, b, FATHER_SON)
    return a, b


def copy_name(tok: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Give ``b`` the name of ``a`` (the son has no academic title of his own)."""
    tok[b] = tok[a]


def namesakes(
    p: dict[str, np.ndarray], count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of people of one village and sex, near in age, in different families.

    Both get one placeholder birth date (1 July or 31 December of the first one's year).
    """
    n = p["hh"].size
    # One int64 sort key (village, sex, age, random tie-break) is far cheaper than lexsort.
    key = (p["v"].astype(np.int64) * 2 + p["female"]) * 128 + p["age"]
    order = np.argsort(key * (1 << 24) + rng.integers(0, 1 << 24, n), kind="stable")
    x, y = order[:-1], order[1:]
    ok = (p["v"][x] == p["v"][y]) & (p["female"][x] == p["female"][y]) & (p["hh"][x] != p["hh"][y])
    ok &= np.abs(p["age"][x].astype(np.int64) - p["age"][y]) <= 1
    a, b = _disjoint_pairs(x[ok], y[ok], count, p["kind"], rng)
    dates = p["bdate"][a].astype("datetime64[D]")
    year = dates.astype("datetime64[Y]")
    july = (year.astype("datetime64[M]") + 6).astype("datetime64[D]")
    dec = (year + 1).astype("datetime64[D]") - 1
    new = np.where(rng.random(a.size) < 0.6, july, dec).astype(np.int64).astype(np.int32)
    new = np.minimum(new, p["cutoff"][0])
    p["bdate"][a] = p["bdate"][b] = new
    p["placeholder"][a] = p["placeholder"][b] = True
    _tag(p["kind"], p["group"], a, b, NAMESAKE)
    return a, b


def common_name(tok: np.ndarray, a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> None:
    """Give both members the same common name: the first one's top-ranked given names."""
    keep = [S["g1"], S["g2"], S["fam"], S["pre"]]
    row = np.full((a.size, tok.shape[1]), -1, dtype=np.int64)
    row[:, keep] = tok[a][:, keep]
    short = rng.random(a.size) < 0.5
    row[short, S["g2"]] = -1
    tok[a] = row
    tok[b] = row


def shared_nik(
    p: dict[str, np.ndarray], count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of people in different families; the second is recorded under the first's NIK."""
    n = p["hh"].size
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    x = rng.integers(0, n, 4 * count + 10)
    y = rng.integers(0, n, 4 * count + 10)
    ok = p["hh"][x] != p["hh"][y]
    a, b = _disjoint_pairs(x[ok], y[ok], count, p["kind"], rng)
    _tag(p["kind"], p["group"], a, b, SHARED)
    return a, b
