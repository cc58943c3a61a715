"""Lists with three copies of one person under one NIK, two of them read alone as two names.

Each *triad* is a synthetic voter listed twice more under the same NIK, date, card and
village: once with the first word of the name alone (``Enos``), once with a letter doubled
in that word (``Enoss Meaga``). The original (``Enos Meaga``) is one name retyped from
each; the two copies, a word dropped on one and a slip on the other, are one NIK on two
names (``nik_clash``) when read alone. Each *household* is a head listed twice and his wife
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
    first = pl.col("nama").str.split(" ").list.first()
    rest = pl.col("nama").str.split(" ").list.slice(1).list.join(" ")
    short = chosen.with_columns(id=pl.col("id") + "a", nama=first)
    slipped = chosen.with_columns(
        id=pl.col("id") + "b",
        nama=pl.concat_str([first + first.str.slice(-1), rest], separator=" "))
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
