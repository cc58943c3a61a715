"""Generate one unit of the plan: people, names, look-alikes, NIK/NKK, duplicates, TPS."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sidalih.synth import _lookalikes as L
from sidalih.synth._errors import corrupt
from sidalih.synth._names import assemble, name_tokens
from sidalih.synth._nik import SerialRegistry, nik_numbers, nkk_numbers, to_text
from sidalih.synth._people import people, voting_cutoff
from sidalih.synth._places import (
    GROUP_NAMES,
    district_codes,
    group_weights,
    predecessors,
    regency_names,
)
from sidalih.synth._plan import Config, Plan
from sidalih.synth._pools import BIG_CITIES

__all__ = ["generate_unit", "VOTER_COLUMNS", "TRUTH_COLUMNS"]

VOTER_COLUMNS = ("id", "nik", "nkk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
                 "status_kawin", "alamat", "rt", "rw", "kode_desa", "tps", "disabilitas", "ektp")  # fmt: skip
TRUTH_COLUMNS = ("id", "person_id", "record_kind", "errors", "lookalike", "lookalike_group")


def _groups(vil: pl.DataFrame, hh_v: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    prov = vil["kode_provinsi"].to_list()
    city = [k[2:] >= "71" for k in vil["kode_kabkota"].to_list()]
    cum = np.cumsum([group_weights(p, city=c) for p, c in zip(prov, city, strict=True)], axis=1)
    u = rng.random(hh_v.size)
    return np.minimum((u[:, None] > cum[hh_v]).sum(axis=1), len(GROUP_NAMES) - 1)


def _registration(
    p: dict[str, np.ndarray], vil: pl.DataFrame, byear: np.ndarray, cfg: Config,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """District of first registration per person, and whether it is a district of this unit."""
    kec = vil["kode_kecamatan"].to_list()
    home_d = np.array([int(k) for k in kec], dtype=np.int64)
    pred_map = predecessors()
    pred = np.array([int(pred_map.get(k, "0")) if k[0] == "9" else 0 for k in kec])
    v = p["v"]
    reg = home_d[v].copy()
    n = v.size
    # People of Papua registered before the 2022 split keep the old code (DOMAIN.md, NIK).
    old = (pred[v] > 0) & (byear <= 2004) & (rng.random(n) < cfg.presplit_rate)
    reg[old] = pred[v][old]
    rate = np.where(p["role"] == 2, cfg.foreign_nik_rate / 2, cfg.foreign_nik_rate)
    foreign = rng.random(n) < rate
    codes = district_codes()
    reg[foreign] = codes[rng.integers(0, codes.size, int(foreign.sum()))].astype(np.int64)
    return reg, ~foreign


def _birth_place(reg: np.ndarray, rng: np.random.Generator) -> pl.Series:
    codes, names = regency_names()
    r4 = reg // 100
    pos = np.minimum(np.searchsorted(codes, r4), codes.size - 1)
    away = (codes[pos] != r4) | (rng.random(reg.size) < 0.1)
    city = rng.integers(0, len(BIG_CITIES), reg.size)
    words = pl.Series(list(names) + list(BIG_CITIES), dtype=pl.String)
    index = np.where(away, names.size + city, pos)
    return words.gather(pl.Series(index, dtype=pl.UInt32)).alias("tempat_lahir")


def _originals(vil: pl.DataFrame, quotas: np.ndarray, cfg: Config, rng: np.random.Generator,
               registry: SerialRegistry) -> dict[str, Any]:  # fmt: skip
    df = people(quotas, rng, election=cfg.election, placeholder_scale=cfg.placeholder_scale)
    p: dict[str, Any] = {c: df[c].to_numpy().copy() for c in df.columns if c != "alamat"}
    p["alamat"] = df["alamat"]
    n = df.height
    hh = p["hh"]
    p["head_row"] = np.searchsorted(hh, hh, side="left")
    hh_v = p["v"][np.flatnonzero(np.r_[True, hh[1:] != hh[:-1]])]
    p["group_nm"] = _groups(vil, hh_v, rng)[hh]
    p["kind"] = np.zeros(n, dtype=np.int8)
    p["group"] = np.full(n, -1, dtype=np.int64)
    cutoff = voting_cutoff(cfg.election)
    p["cutoff"] = np.array([cutoff], dtype=np.int32)
    ta, tb = L.twins(p, round(cfg.twin_rate * n / 2), rng)
    fa, fb = L.father_son(p, round(cfg.father_son_rate * n), rng)
    na, nb = L.namesakes(p, round(cfg.namesake_rate * n / 2), rng)
    byear = p["bdate"].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    tok = name_tokens(p["group_nm"], p["female"], p["age"], byear, p["role"], p["order"],
                      p["head_row"], rng)  # fmt: skip
    L.twin_names(tok, ta, tb, p["twin_pair"])
    L.copy_name(tok, fa, fb)
    L.common_name(tok, na, nb, rng)
    p["nama"] = assemble(tok)
    reg, home = _registration(p, vil, byear, cfg, rng)
    reg[tb], home[tb] = reg[ta], home[ta]
    nik = nik_numbers(reg, p["bdate"], p["female"], home, registry)
    sa, sb = L.shared_nik(p, round(cfg.shared_nik_rate * n / 2), rng)
    nik[sb] = nik[sa]
    p["nik"] = to_text(nik, name="nik")
    heads = np.flatnonzero(np.r_[True, hh[1:] != hh[:-1]])
    kec = np.array([int(k) for k in vil["kode_kecamatan"].to_list()], dtype=np.int64)
    rec = rng.integers(12_784, 19_722, heads.size)  # recorded 2005-01-01 .. 2023-12-31
    nkk = nkk_numbers(kec[p["v"][heads]], rec)
    p["nkk"] = to_text(nkk, name="nkk").gather(pl.Series(hh, dtype=pl.UInt32))
    p["tempat_lahir"] = _birth_place(reg, rng)
    p["disabilitas"] = np.where(rng.random(n) < 0.012, rng.integers(1, 7, n), 0).astype(np.int8)
    p["ektp"] = rng.random(n) < np.where(p["age"] < 20, 0.8, 0.97)
    return p


_TEXT = ("alamat", "nkk", "nik", "nama", "tempat_lahir")
_NUMERIC = ("v", "rw", "rt", "bdate", "female", "status_kawin", "disabilitas", "ektp", "kind",
            "group")  # fmt: skip


def _duplicates(p: dict[str, Any], d: int, vil: pl.DataFrame, cfg: Config,
                rng: np.random.Generator) -> dict[str, Any]:  # fmt: skip
    """``d`` duplicate records: copies of originals, some twice, with the error model applied.

    Text columns come back as lists, the others as arrays.
    """
    n = p["v"].size
    d = min(d, n)
    second = d // 20  # about one person in twenty is registered three times
    first = rng.choice(n, d - second, replace=False) if d else np.zeros(0, np.int64)
    src = np.sort(np.concatenate([first, first[:second]])).astype(np.int64)
    take = pl.Series(src, dtype=pl.UInt32)
    dup: dict[str, Any] = {k: p[k][src].copy() for k in _NUMERIC}
    dup.update({k: p[k].gather(take).to_list() for k in _TEXT})
    dup["person"] = src
    records = {k: dup[k] for k in ("nama", "nik", "tempat_lahir")}
    records["bdate"] = dup["bdate"].tolist()
    records["female"] = dup["female"].tolist()
    errors = corrupt(records, cfg.error_rates, rng)
    dup["nik"] = ["" if x is None else x for x in records["nik"]]
    dup["bdate"] = np.array(records["bdate"], dtype=np.int32)
    moved = rng.random(src.size) < cfg.error_rates["moved"]
    new_card = moved & (rng.random(src.size) < cfg.error_rates["moved_nkk"])
    _move(dup, p, moved, new_card, vil, rng)
    own_card = _new_cards(dup, ~moved, cfg.error_rates["own_nkk"], vil, rng)
    tags = np.where(new_card, "moved;moved_nkk", np.where(moved, "moved", ""))
    tags = np.where(own_card, "own_nkk", tags).tolist()
    dup["errors"] = [";".join(x for x in (e, t) if x) for e, t in zip(errors, tags, strict=True)]
    return dup


def _move(dup: dict[str, Any], p: dict[str, Any], moved: np.ndarray, new_card: np.ndarray,
          vil: pl.DataFrame, rng: np.random.Generator) -> None:  # fmt: skip
    """Moved to another village of the same district, into the address of a family there."""
    kec = vil["kode_kecamatan"].to_numpy()
    start = np.searchsorted(kec, kec, side="left")
    count = np.searchsorted(kec, kec, side="right") - start
    rows = np.flatnonzero(moved)
    v = dup["v"][rows]
    step = 1 + rng.integers(0, np.maximum(count[v] - 1, 1))
    target = np.where(count[v] > 1, start[v] + (v - start[v] + step) % count[v], v)
    first = np.searchsorted(p["v"], target, side="left")
    size = np.searchsorted(p["v"], target, side="right") - first
    host = np.minimum(first + (rng.random(v.size) * size).astype(np.int64), p["v"].size - 1)
    ok = size > 0
    rows, host = rows[ok], host[ok]
    dup["v"][rows] = target[ok]
    dup["rw"][rows] = p["rw"][host]
    dup["rt"][rows] = p["rt"][host]
    for i, a in zip(
        rows.tolist(), p["alamat"].gather(pl.Series(host, dtype=pl.UInt32)).to_list(), strict=True
    ):
        dup["alamat"][i] = a
    _issue_cards(dup, np.flatnonzero(new_card), vil, rng, band=5000)


def _issue_cards(dup: dict[str, Any], rows: np.ndarray, vil: pl.DataFrame,
                 rng: np.random.Generator, *, band: int) -> None:
    """New family cards for ``rows``, issued in their village's district 2019-2023;
    ``band`` keeps one kind of new card from another's numbers."""
    kec_int = np.array([int(k) for k in vil["kode_kecamatan"].to_numpy()], dtype=np.int64)
    rec = rng.integers(17_897, 19_722, rows.size)  # recorded 2019-01-01 .. 2023-12-31
    nkk = to_text(nkk_numbers(kec_int[dup["v"][rows]], rec, band=band), name="nkk").to_list()
    for i, value in zip(rows.tolist(), nkk, strict=True):
        dup["nkk"][i] = value


def _new_cards(dup: dict[str, Any], eligible: np.ndarray, rate: float, vil: pl.DataFrame,
               rng: np.random.Generator) -> np.ndarray:  # fmt: skip
    """A new family card in the record's own village for ``rate`` of ``eligible`` records.

    A card changes without a move too (DOMAIN.md, NKK): a married child gets their own,
    a divorce or the death of the head issues a new one. The draws come from a child
    stream (``spawn``), so every other field of a list is what it was without them.
    """
    side = rng.spawn(1)[0]
    chosen = eligible & (side.random(eligible.size) < rate)
    if chosen.any():
        # band 7000: never one of the cards of movers (5000) or of the families
        _issue_cards(dup, np.flatnonzero(chosen), vil, side, band=7000)
    return chosen


def _tps(v: np.ndarray, unit: np.ndarray, max_tps: int) -> np.ndarray:
    """Polling station per row (1-based within the village), families kept together.

    Rows are ordered by village then unit (a family, or a duplicate record). With ``k``
    stations for ``N`` voters, a unit goes to the station where its first voter falls
    (``start * k // N``); a station then holds at most ``N/k + largest unit - 1`` voters,
    which ``k = ceil(N / (max_tps - largest unit + 1))`` keeps within ``max_tps``.
    """
    n = v.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new_unit = np.r_[True, (unit[1:] != unit[:-1]) | (v[1:] != v[:-1])]
    unit_id = np.cumsum(new_unit) - 1
    unit_size = np.bincount(unit_id)
    vstart = np.searchsorted(v, v, side="left")
    pos = np.arange(n) - vstart
    nv = int(v.max()) + 1
    total = np.bincount(v, minlength=nv)
    largest = np.zeros(nv, dtype=np.int64)
    np.maximum.at(largest, v[new_unit], unit_size)
    k = -(-total // np.maximum(max_tps - largest + 1, 1))
    unit_start = pos[new_unit][unit_id]
    return unit_start * k[v] // np.maximum(total[v], 1) + 1


def generate_unit(
    plan: Plan, u: int, cfg: Config, registry: SerialRegistry
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Voter rows and truth rows of unit ``u``, ids continuing from the rows before it."""
    vil, quotas, row0 = plan.unit(u)
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, 0x5EED, u]))
    total = int(quotas.sum())
    d = int(rng.binomial(total, cfg.duplicate_rate)) if total else 0
    d_v = rng.multivariate_hypergeometric(quotas, d) if d else np.zeros_like(quotas)
    p = _originals(vil, quotas - d_v, cfg, rng, registry)
    n = p["v"].size
    p["person"] = np.arange(n)
    p["errors"] = pl.Series("errors", [], dtype=pl.String).extend_constant("", n)
    dup = _duplicates(p, d, vil, cfg, rng)
    m = dup["v"].size
    # Families stay together; a duplicate record is a unit of its own at a random place.
    unit_key = np.r_[p["hh"], n + np.arange(m)]
    shuffle = rng.permutation(int(unit_key.max()) + 1 if unit_key.size else 0)
    both_n = {k: np.concatenate([p[k], dup[k]]) for k in _NUMERIC + ("person",)}
    order = _row_order(both_n["v"], both_n["rw"], both_n["rt"], shuffle[unit_key])
    rows: dict[str, Any] = {k: a[order] for k, a in both_n.items()}
    take = pl.Series(order, dtype=pl.UInt32)
    for k in _TEXT + ("errors",):
        both = pl.concat([p[k].alias(k), pl.Series(k, dup[k], dtype=pl.String)])
        rows[k] = both.gather(take)
    is_dup = order >= n
    tps = _tps(rows["v"], unit_key[order], cfg.max_tps)
    return _frames(rows, is_dup, tps, vil, row0)


def _row_order(v: np.ndarray, rw: np.ndarray, rt: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Rows by village, RW, RT, unit, then position: one stable sort of a packed key."""
    if unit.size and max(int(v.max()), int(unit.max())) < (1 << 24):
        key = ((v.astype(np.int64) << 7 | rw) << 7 | rt) << 24 | unit
        return np.argsort(key, kind="stable")
    return np.lexsort((np.arange(v.size), unit, rt, rw, v))


def _frames(rows: dict[str, Any], is_dup: np.ndarray, tps: np.ndarray,
            vil: pl.DataFrame, row0: int) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    n = is_dup.size
    ids = pl.Series("id", np.arange(row0 + 1, row0 + n + 1)).cast(pl.String).str.zfill(9)
    voters = pl.DataFrame(
        {
            "id": ids,
            "nik": rows["nik"].replace("", None),
            "nkk": rows["nkk"],
            "nama": rows["nama"],
            "tempat_lahir": rows["tempat_lahir"],
            "tanggal_lahir": pl.Series(rows["bdate"].astype(np.int32)).cast(pl.Date),
            "jenis_kelamin": _codes(("L", "P"), rows["female"]),
            "status_kawin": _codes(("B", "S", "P"), rows["status_kawin"]),
            "alamat": rows["alamat"],
            "rt": pl.Series(rows["rt"]).cast(pl.String).str.zfill(3),
            "rw": pl.Series(rows["rw"]).cast(pl.String).str.zfill(3),
            "kode_desa": vil["kode_desa"].gather(pl.Series(rows["v"], dtype=pl.UInt32)),
            "tps": pl.Series(tps).cast(pl.String).str.zfill(3),
            "disabilitas": pl.Series(rows["disabilitas"]).cast(pl.String).replace("0", None),
            "ektp": _codes(("B", "S"), rows["ektp"]),
        }
    )
    group = pl.Series(rows["group"] + row0, dtype=pl.Int64)
    truth = pl.DataFrame(
        {
            "id": ids,
            "person_id": pl.Series(rows["person"] + row0, dtype=pl.Int64),
            "record_kind": _codes(("original", "duplicate"), is_dup),
            "errors": rows["errors"],
            "lookalike": _codes(L.KINDS, rows["kind"]).replace("", None),
            "lookalike_group": group.zip_with(pl.Series(rows["group"] >= 0), group.clear(n)),
        }
    )
    return voters, truth


def _codes(words: tuple[str, ...], codes: np.ndarray) -> pl.Series:
    return pl.Series(list(words), dtype=pl.String).gather(
        pl.Series(codes.astype(np.int64), dtype=pl.UInt32)
    )
