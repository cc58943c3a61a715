"""Defect 1 of the black-box round 11: filling in a missing birth date un-merged a copy.

A NIK whose serial's first digit was mistyped (0905 / 7905) was read as "same except
the serial", which within a crowded placeholder date is what most pairs of one district
are; with the copy's date missing it was weighed at the country's u instead. Serials a
thousand apart lie in no district's run, so the kernel reads them as one digit mistyped
(:mod:`sidalih.kernels.levels`), and the pair merges either way.

The round's other defects are fixed and tested where their code is tested: a vowel
slipped in a word siblings share is no twin's name and a boy and a girl whose NIKs differ
only in the sex are twins (``tests/test_nik_traps.py``), ``Registry.add`` puts a second
person on a held NIK up for review (``tests/test_registry.py``), the namesake reason no
longer calls a real date a placeholder (``tests/test_reasons.py``), dotted degrees and
``R. A.`` at a name's start are titles (``tests/test_names.py``), and ``check()`` masks
an id that is a NIK (``tests/test_quality.py``).
"""

from __future__ import annotations

import polars as pl

import sidalih
from sidalih import synth

ELECTION = "2024-02-14"


def _merged(rows: list[dict[str, object]], a: str, b: str) -> bool:
    village = synth.voters(3000, seed=3).voters.head(1500).with_columns(
        pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y"))
    added = pl.DataFrame(rows, schema={c: pl.String for c in rows[0]})
    listed = pl.concat([village.select(added.columns), added])
    clusters = sidalih.deduplicate(listed, election_date=ELECTION).clusters
    cluster = dict(zip(clusters["id"].to_list(), clusters["cluster_id"].to_list(), strict=True))
    return bool(cluster[a] == cluster[b])


def test_filling_in_a_missing_birth_date_never_unmerges_a_duplicate() -> None:
    """One person, the NIK's serial mistyped (0905 / 7905), one copy without a birth date
    or a card: merged. Given the other copy's date, 01-07-1950, it must stay merged."""
    first = {"id": "S1", "nik": "3204374107500905", "nkk": "3204370101100941",
             "nama": "Ni Ketut Sudiani", "tanggal_lahir": "01-07-1950", "jenis_kelamin": "P",
             "kode_desa": "3204372004"}
    copy = {**first, "id": "S2", "nik": "3204374107507905", "nkk": None, "tanggal_lahir": None}
    assert _merged([first, copy], "S1", "S2")
    assert _merged([first, {**copy, "tanggal_lahir": "01-07-1950"}], "S1", "S2")
