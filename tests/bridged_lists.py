"""Lists with three copies of one person under one NIK, two of them read alone as two names.

Each *triad* is a synthetic voter listed twice more under the same NIK, card and
village, each copy with its own clerk's slip: a letter doubled in the name (``Asep
Soppian``), or the birth day's tens digit mistyped (12-05-1980 as 02-05-1980). The
original is each copy with one slip; the two copies, read alone, differ in name and
date under one NIK: one NIK on two people (``nik_clash``). Each *household* is a head listed twice and his wife
under his NIK (another name, sex and date): one NIK on two people, whom no record bridges.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from sidalih import synth

WIVES = [f"{a} {b}" for a in ("Siti", "Sri", "Dewi", "Nur", "Euis", "Yanti")
         for b in ("Rahayu", "Aminah", "Lestari", "Hasanah", "Marlina")]


def bridged_list(n: int, *, triads: int = 30, households: int = 20, seed: int = 3
                 ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The voters and a truth frame (``id``, ``person``, ``kind``: triad, household or
    none) of a synthetic list of ``n`` with ``triads`` and ``households`` appended."""
    data = synth.voters(n, seed=seed)
    voters = data.voters
    person = data.truth.select("id", pl.col("person_id").cast(pl.String).alias("person"))
    multi = pl.col("nama").str.split(" ").list.len() >= 2
    # a given name of four letters or more first (not a title such as Drs. or H.)
    given = pl.col("nama").str.split(" ").list.first()
    with_nik = voters.filter(multi & pl.col("nik").is_not_null()
                             & given.str.contains("^[A-Za-z]{4,}$"))
    chosen = with_nik.head(triads)
    last = pl.col("nama").str.split(" ").list.last()
    before = pl.col("nama").str.split(" ").list.slice(0, pl.col("nama").str.split(" ").list.len() - 1)
    short = chosen.with_columns(  # Asep Soppian
        id=pl.col("id") + "a",
        nama=pl.concat_str([before.list.join(" "),
                            last.str.slice(0, 3) + last.str.slice(2)], separator=" "))
    day = pl.col("tanggal_lahir").dt.day()
    slipped = chosen.with_columns(  # born on the 2nd, not the 12th
        id=pl.col("id") + "b",
        tanggal_lahir=pl.col("tanggal_lahir").dt.offset_by(
            pl.when(day <= 18).then(pl.lit("10d")).otherwise(pl.lit("-10d"))))
    heads = with_nik.slice(triads, households)
    again = heads.with_columns(id=pl.col("id") + "c")
    wives = heads.with_columns(
        id=pl.col("id") + "w", nama=pl.Series(WIVES[:heads.height]), jenis_kelamin=pl.lit("P"),
        tanggal_lahir=pl.lit(dt.date(1980, 1, 5)) + pl.duration(days=pl.int_range(pl.len()) * 97))
    listed = pl.concat([voters, short, slipped, again, wives], how="vertical_relaxed")
    owner = dict(zip(person["id"].to_list(), person["person"].to_list(), strict=True))
    kinds = {i: "triad" for i in chosen["id"].to_list()} | {
        i: "household" for i in heads["id"].to_list()}

    def truth_of(i: str) -> tuple[str, str]:
        base, tag = (i[:-1], i[-1]) if i not in owner else (i, "")
        return (owner[base] + ("w" if tag == "w" else ""), kinds.get(base, "none"))

    rows = [(i, *truth_of(i)) for i in listed["id"].to_list()]
    truth = pl.DataFrame(rows, schema={"id": pl.String, "person": pl.String, "kind": pl.String},
                         orient="row")
    return listed, truth
