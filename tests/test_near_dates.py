"""NIK digits shared by people born near in one place are not the NIK's evidence.

A NIK is a code of its holder's district and birth date (DOMAIN.md), so two people of one
district born a month apart hold NIKs one digit apart wherever their serials agree. Where
one record carries a placeholder date and its NIK the real one, nothing else says the two
dates differ, and the country's u of "NIK one digit off" (one pair in a million) made such
namesakes one person. The u of the NIK is measured among random pairs of one birth year
and regency at each near level of the date (:func:`sidalih.engine._fit._near_dates`), the
pairs judged without the NIK's own evidence (a *blind* condition).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

import sidalih
from sidalih import synth
from sidalih.cli.demo import pairwise_accuracy
from sidalih.model._population import fit_population


def _month_before(nik: str) -> str | None:
    """The NIK of one born a month earlier on the same day (one digit of the month)."""
    month = int(nik[8:10])
    if month in (1, 10):  # 01 -> 12 or 10 -> 09 changes two digits
        return None
    return nik[:8] + f"{month - 1:02d}" + nik[10:]


def _namesakes_a_month_apart(n: int, seed: int, wanted: int) -> tuple[pl.DataFrame, list]:
    """A synthetic list with ``wanted`` namesakes added: same name, sex, birthplace and
    district as a record of the list, another village and family card, born a month
    earlier (the NIK says so) and listed with the placeholder date of that year."""
    lists = synth.profile("default", n, seed=seed)
    voters = lists.voters
    singles = lists.truth.filter(pl.len().over("person_id") == 1).select("id")
    pool = voters.join(singles, on="id").filter(
        pl.col("nik").is_not_null() & (pl.col("nik").str.slice(12, 4) == "0001"))
    rng = np.random.default_rng(seed)
    rows, pairs = [], []
    villages = voters["kode_desa"].unique().sort().to_list()
    for k in rng.permutation(pool.height):
        record = pool.row(int(k), named=True)
        nik = _month_before(record["nik"])
        others = [v for v in villages if v[:6] == record["kode_desa"][:6]
                  and v != record["kode_desa"]]
        if nik is None or not others or voters["nik"].is_in([nik]).any():
            continue
        new = dict(record, id=f"near{len(rows):04d}", nik=nik,
                   nkk=record["nkk"][:12] + f"{9000 + len(rows):04d}",
                   kode_desa=others[len(rows) % len(others)],
                   tanggal_lahir=dt.date(record["tanggal_lahir"].year, 7, 1))
        rows.append(new)
        pairs.append((record["id"], new["id"]))
        if len(rows) == wanted:
            break
    return pl.concat([voters, pl.DataFrame(rows, schema=voters.schema)]), pairs


def test_namesakes_born_a_month_apart_one_on_a_placeholder_stay_apart() -> None:
    """Before: all 40 merged (the NIK one digit off +15.8 bits). Measured: 10 of 40 (+8.0
    bits), each a rare full name (+11.7 to +12.3 bits) that nothing else here disputes."""
    voters, pairs = _namesakes_a_month_apart(20_000, seed=5, wanted=40)
    assert len(pairs) == 40
    result = sidalih.deduplicate(voters)
    cluster = dict(zip(result.clusters["id"].to_list(), result.clusters["cluster_id"].to_list(),
                       strict=True))
    merged = sum(cluster[a] == cluster[b] for a, b in pairs)
    assert merged <= 15, merged
    # the list's own duplicates are still found
    lists = synth.profile("default", 20_000, seed=5)
    truth = pairwise_accuracy(
        result.clusters.filter(~pl.col("id").str.starts_with("near")), lists.truth)
    assert truth["recall"] >= 0.97, truth


def test_the_nik_u_near_a_birth_date_is_measured_blind() -> None:
    """A sample where the target's level 1 is common: seen blind, it is a non-match's u.

    Two comparisons: a NIK-like target (levels 0, 1) and a name (0, 1). Among the random
    pairs of the condition 30 % agree on the target and none on the name: non-matches.
    Judged with the target's list-wide u (1e-6 at level 1) every such pair looks like a
    match and its u stays near 1e-6; judged blind it is measured, about 0.3.
    """
    sample = np.array([[1, 0]] * 300 + [[0, 0]] * 700, dtype=np.int8)
    sample = np.column_stack([sample, np.ones(1000, dtype=np.int8)])  # the condition's own
    # the condition (third comparison) holds for a tenth of the list's random pairs
    random = np.array([[0, 0, 0]] * 899_998 + [[0, 0, 1]] * 100_000 + [[1, 0, 0]] + [[0, 1, 1]],
                      dtype=np.int8)
    gamma = np.array([[1, 1, 1]] * 50 + [[0, 0, 0]] * 50, dtype=np.int8)
    n_levels = [2, 2, 2]
    m = [np.array([0.05, 0.95]), np.array([0.01, 0.99]), np.array([0.5, 0.5])]
    orders = [(0, 1)] * 3

    def nik_u_there(blind: bool) -> float:
        fit = fit_population(gamma, random, n_levels, m=m, orders=orders,
                             total_pairs=1e8, u_within={0: (sample, (1,), (0,), 2, (), 1.0,
                                                            {}, blind)},
                             precedence={0: [0]})
        return float(fit.conditional[0][0][2][1])

    assert nik_u_there(blind=False) < 1e-3
    assert 0.25 < nik_u_there(blind=True) < 0.35
