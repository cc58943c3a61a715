"""Households, ages, sexes, marital status and birth dates of one block of villages.

Every draw is vectorised over the block: households first, then their members, then
one row per voter. Only voters are kept (17 or older on election day, or married:
DOMAIN.md, The voter list).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

__all__ = ["people", "heap_placeholders", "voting_cutoff", "EPOCH"]

EPOCH = dt.date(1970, 1, 1)


def voting_cutoff(election: dt.date) -> int:
    """Days since :data:`EPOCH` of the last birth date 17 years old on ``election``.

    An election on 29 February has no such day 17 years earlier; people born on
    28 February turn 17 by then, those born on 1 March do not.

    Examples
    --------
    >>> EPOCH + dt.timedelta(voting_cutoff(dt.date(2024, 2, 29)))
    datetime.date(2007, 2, 28)
    """
    day = 28 if (election.month, election.day) == (2, 29) else election.day
    return (election.replace(year=election.year - 17, day=day) - EPOCH).days


_MAX_CHILDREN = 6

# Adult household heads by age (roughly the shape of Indonesia's adult population).
_HEAD_AGES = np.arange(19, 91)
_HEAD_PMF = np.interp(_HEAD_AGES, [19, 25, 35, 45, 55, 65, 75, 90], [1, 5, 7, 7, 6, 4, 2, 0.3])
_HEAD_PMF = _HEAD_PMF / _HEAD_PMF.sum()

_STREETS = (
    "Jl. Merdeka",
    "Jl. Masjid",
    "Jl. Pahlawan",
    "Jl. Sudirman",
    "Jl. Diponegoro",
    "Jl. Kartini",
    "Jl. Pemuda",
    "Jl. Veteran",
    "Jl. Raya",
    "Jl. Pasar",
    "Jl. Mawar",
    "Jl. Melati",
    "Jl. Kenanga",
    "Jl. Anggrek",
    "Jl. Flamboyan",
    "Jl. Cempaka",
    "Jl. Kebon Jeruk",
    "Jl. Sawah",
    "Jl. Irigasi",
    "Jl. Sekolah",
    "Jl. Mangga",
    "Dusun Krajan",
    "Dusun Kulon",
    "Dusun Wetan",
    "Dusun Tengah",
    "Dusun Sidomulyo",
    "Dusun Karanganyar",
    "Dusun Sukamaju",
    "Kp. Cibadak",
    "Kp. Babakan",
    "Kp. Sukasari",
    "Kp. Pasir Angin",
    "Kp. Bojong",
    "Lingkungan I",
    "Lingkungan II",
    "Lingkungan III",
    "Lorong Damai",
    "Gg. Mushola",
    "Gg. Kelinci",
    "Gg. Buntu",
    "Perum Griya Asri",
    "Perum Bumi Indah",
    "Banjar Kaja",
    "Banjar Kelod",
    "Jorong Koto",
    "Huta Lumban",
)


def _household_heads(m: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    age = rng.choice(_HEAD_AGES, size=m, p=_HEAD_PMF).astype(np.int16)
    p_married = np.interp(age, [19, 25, 35, 60, 75, 90], [0.45, 0.8, 0.9, 0.85, 0.6, 0.35])
    married = rng.random(m) < p_married
    female = np.where(married, rng.random(m) < 0.03, rng.random(m) < 0.5)
    gap = np.rint(rng.normal(4.0, 4.0, m)).astype(np.int16)
    spouse_age = np.clip(np.where(female, age + gap, age - gap), 17, 95).astype(np.int16)
    return {"age": age, "married": married, "female": female, "spouse_age": spouse_age}


def _children(
    heads: dict[str, np.ndarray], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adult children living at home: (household, age, birth order) per child."""
    m = heads["age"].shape[0]
    # The younger parent's age bounds the children's (a spouse may be the younger one).
    parent_age = np.where(
        heads["married"], np.minimum(heads["age"], heads["spouse_age"]), heads["age"]
    )
    count = np.minimum(rng.poisson(2.6, m), _MAX_CHILDREN)
    first = np.asarray(19.0 + 12.0 * rng.random(m))
    steps = 1.5 + 3.5 * rng.random((m, _MAX_CHILDREN))
    steps[:, 0] = 0.0
    at_birth = first[:, None] + np.cumsum(steps, axis=1)
    ages = np.floor(parent_age[:, None] - at_birth).astype(np.int16)
    order = np.broadcast_to(np.arange(1, _MAX_CHILDREN + 1), ages.shape)
    # Grown children leave home to start their own family card (DOMAIN.md, NKK).
    p_home = np.interp(ages, [17, 23, 30, 40], [1.0, 0.85, 0.3, 0.05])
    keep = (order <= count[:, None]) & (ages >= 17) & (rng.random(ages.shape) < p_home)
    hh = np.broadcast_to(np.arange(m)[:, None], ages.shape)
    return hh[keep], ages[keep], order[keep].astype(np.int8)


def _members(m: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Members of ``m`` households, ordered by household, then head, spouse, children, elder."""
    heads = _household_heads(m, rng)
    c_hh, c_age, c_order = _children(heads, rng)
    s_hh = np.flatnonzero(heads["married"])
    e_hh = np.flatnonzero((rng.random(m) < 0.06) & (heads["age"] < 62))
    e_age = np.minimum(heads["age"][e_hh] + rng.integers(22, 35, e_hh.size), 99)
    n_c, n_s, n_e = c_hh.size, s_hh.size, e_hh.size
    hh = np.concatenate([np.arange(m), s_hh, c_hh, e_hh])
    sort = np.argsort(hh, kind="stable")
    female = np.concatenate(
        [heads["female"], ~heads["female"][s_hh], rng.random(n_c) < 0.5, rng.random(n_e) < 0.7]
    )
    cols = {
        "hh": hh,
        "role": np.repeat(np.array([0, 1, 2, 3], dtype=np.int8), [m, n_s, n_c, n_e]),
        "order": np.concatenate([np.zeros(m + n_s, np.int8), c_order, np.zeros(n_e, np.int8)]),
        "age": np.concatenate([heads["age"], heads["spouse_age"][s_hh], c_age, e_age]),
        "female": female,
        "head_married": heads["married"][hh],
    }
    return {k: v[sort] for k, v in cols.items()}


def _marital(cols: dict[str, np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Status codes: 0 = B (never married), 1 = S (married), 2 = P (was married)."""
    role, age = cols["role"], cols["age"]
    u = rng.random(role.size)
    child = np.where(age >= 25, np.where(u < 0.12, 1, np.where(u < 0.15, 2, 0)), 0)
    single = np.where((age < 30) & (u < 0.8), 0, 2)
    head = np.where(cols["head_married"], 1, single)
    return np.select([role == 1, role == 3, role == 2], [1, 2, child], head).astype(np.int8)


def _fill_villages(quotas: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw households per village until each village has at least its quota of voters."""
    nv = quotas.size
    per = (quotas / 2.0).astype(np.int64) + 4
    cols = _members(int(per.sum()), rng)
    hh_v = np.repeat(np.arange(nv), per)
    v = hh_v[cols["hh"]]
    got = np.bincount(v, minlength=nv)
    short = np.flatnonzero(got < quotas)
    if short.size:  # rare: top up the villages that drew too few voters
        extra = _fill_villages(quotas[short] - got[short], rng)
        extra["hh"] = extra["hh"] + int(per.sum())
        extra["v"] = short[extra["v"]]
        cols["v"] = v
        order = np.argsort(np.concatenate([v, extra["v"]]), kind="stable")
        return {k: np.concatenate([cols[k], extra[k]])[order] for k in cols}
    cols["v"] = v
    return cols


def people(
    quotas: np.ndarray, rng: np.random.Generator, *, election: dt.date, placeholder_scale: float
) -> pl.DataFrame:
    """One row per original voter of a block: ``quotas[v]`` voters in village ``v``.

    Columns: ``v`` (village index), ``hh`` (household, numbered within the block),
    ``role`` (0 head, 1 spouse, 2 child, 3 elder parent), ``order`` (birth order of
    children), ``female``, ``age``, ``bdate`` (days since 1970-01-01), ``status_kawin``,
    ``placeholder`` (birth date replaced by a placeholder), ``rt``, ``rw``, ``alamat``.
    """
    quotas = np.asarray(quotas, dtype=np.int64)
    cols = _fill_villages(quotas, rng)
    v = cols["v"]
    first = np.searchsorted(v, np.arange(quotas.size), side="left")
    keep = np.arange(v.size) - first[v] < quotas[v]
    cols = {k: a[keep] for k, a in cols.items()}
    # Renumber households 0..h-1 in order of appearance.
    hh = cols["hh"]
    new_hh = np.cumsum(np.concatenate([[True], hh[1:] != hh[:-1]])) - 1
    cols["hh"] = new_hh.astype(np.int32)
    cols["status_kawin"] = _marital(cols, rng)
    bdate, hit = _birth_dates(cols["age"], rng, election=election, scale=placeholder_scale)
    cols["bdate"], cols["placeholder"] = bdate, hit
    cols["v"] = cols["v"].astype(np.int32)
    del cols["head_married"]
    df = pl.DataFrame(cols)
    return df.with_columns(_addresses(cols["v"], cols["hh"], quotas, rng))


def _birth_dates(
    age: np.ndarray, rng: np.random.Generator, *, election: dt.date, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    e_days = (election - EPOCH).days
    years = age.astype(np.float64)
    days = np.floor(e_days - years * 365.2425 - rng.uniform(1.0, 364.0, age.size))
    cutoff = voting_cutoff(election)
    days = np.minimum(days, cutoff).astype(np.int32)
    return heap_placeholders(days, rng, scale=scale, cutoff=cutoff)


def heap_placeholders(
    days: np.ndarray, rng: np.random.Generator, *, scale: float, cutoff: int
) -> tuple[np.ndarray, np.ndarray]:
    """Replace some birth dates by the placeholders of DOMAIN.md (Birth dates).

    The share rises with age (about 45% of those born in the 1930s, 2% of those born
    after 2000, times ``scale``). The placeholder is 31 December more often for people
    born before 1960 (registered before 2004), 1 July otherwise; 1 January and the 15th
    of the true month also occur. Dates after ``cutoff`` are left alone so that nobody
    becomes too young to vote.
    """
    dates = days.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    share = np.interp(years, [1935, 1960, 1975, 1990, 2005], [0.45, 0.35, 0.15, 0.05, 0.02])
    hit = rng.random(days.size) < share * scale
    old = years < 1960
    u = rng.random(days.size)
    # kinds: 0 = 1 July, 1 = 31 December, 2 = 1 January, 3 = the 15th
    kind = np.where(
        old,
        np.searchsorted([0.33, 0.73, 0.85], u, side="right"),
        np.searchsorted([0.55, 0.73, 0.85], u, side="right"),
    )
    month = np.choose(kind, [np.full_like(months, 7), np.full_like(months, 12), 1, months])
    day = np.choose(kind, [1, 31, 1, 15])
    first = ((years - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    ph = (first.astype(np.int64) + day - 1).astype(np.int32)
    hit &= ph <= cutoff
    return np.where(hit, ph, days).astype(np.int32), hit


def _addresses(
    v: np.ndarray, hh: np.ndarray, quotas: np.ndarray, rng: np.random.Generator
) -> list[pl.Series]:
    nv = quotas.size
    n_rw = np.clip(np.rint(quotas / 350), 1, 20).astype(np.int64)
    n_rt = rng.integers(3, 10, nv)
    street0 = rng.integers(0, len(_STREETS), nv)
    h = int(hh[-1]) + 1 if hh.size else 0
    hh_v = np.zeros(h, dtype=np.int64)
    hh_v[hh] = v
    rw = 1 + np.floor(rng.random(h) * n_rw[hh_v]).astype(np.int64)
    rt = 1 + np.floor(rng.random(h) * n_rt[hh_v]).astype(np.int64)
    street = (street0[hh_v] + rng.integers(0, 6, h)) % len(_STREETS)
    number = np.where(rng.random(h) < 0.5, rng.integers(1, 150, h), 0)
    text = address_text(street, number).gather(pl.Series(hh, dtype=pl.UInt32))
    return [
        pl.Series("rw", rw[hh].astype(np.int16)),
        pl.Series("rt", rt[hh].astype(np.int16)),
        text.alias("alamat"),
    ]


def address_text(street: np.ndarray, number: np.ndarray) -> pl.Series:
    """Address strings: a street, dusun or kampung name and sometimes a house number."""
    name = pl.Series(_STREETS).gather(pl.Series(street, dtype=pl.UInt32))
    no = pl.Series(number)
    return (
        pl.DataFrame({"s": name, "n": no})
        .select(
            pl.when(pl.col("n") > 0)
            .then(pl.concat_str(pl.col("s"), pl.lit(" No. "), pl.col("n").cast(pl.String)))
            .otherwise(pl.col("s"))
            .alias("alamat")
        )
        .to_series()
    )
