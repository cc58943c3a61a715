"""A name typed with its tokens together or apart has one whole-name blocking key.

A mover whose NIK and family card changed is found by name, birth date and birthplace
(the ``nama_key`` rules); a clerk who runs the tokens together (FELIXHARTONO) gave the
name another key, and the two records were never paired. The key is now the phonetic
key with its tokens run together (:func:`sidalih.prepare.whole_name_key`), and a
registry reads the records it stored before the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

import sidalih
from sidalih import synth
from sidalih.engine import prepare_records
from sidalih.registry import Registry
from sidalih.registry._state import _current_keys

ELECTION = dt.date(2029, 2, 14)


def _mover_pair() -> pl.DataFrame:
    """One man listed in two regencies: a new card, his NIK missing on the second copy,
    the name typed apart and together."""
    base = {"jenis_kelamin": "L", "tempat_lahir": "Medan", "tanggal_lahir": "04-02-1987"}
    return pl.DataFrame([
        dict(base, id="felix-a", nama="Felix Hartono", nik="3374030402870004",
             nkk="3374031203100002", kode_desa="3374031001"),
        dict(base, id="felix-b", nama="FELIXHARTONO", nik=None,
             nkk="3522092105190003", kode_desa="3522092009"),
    ])


def test_a_name_typed_together_has_the_key_of_the_name_typed_apart() -> None:
    prepared = prepare_records(_mover_pair(), schema="voter", reference_date=ELECTION)
    keys = prepared["nama_key"].to_list()
    assert keys[0] == keys[1] and " " not in keys[0]
    # the public phonetic key keeps its tokens: only the blocking column runs them together
    assert " " in sidalih.names.phonetic_key("Felix Hartono")


def test_a_mover_whose_name_was_typed_together_is_paired() -> None:
    listed = synth.profile("default", 3_000, seed=7).voters
    voters = pl.concat([listed, _mover_pair()], how="diagonal_relaxed")
    pairs = sidalih.deduplicate(voters, pairs_floor=0.0).pairs
    found = pairs.filter(pl.col("id_l").is_in(["felix-a", "felix-b"])
                         & pl.col("id_r").is_in(["felix-a", "felix-b"]))
    assert found.height == 1, found


def test_stored_keys_written_apart_are_read_together() -> None:
    stored = pl.DataFrame({"id": ["1", "2"], "nama_key": ["peliks hartana", None]})
    assert _current_keys(stored)["nama_key"].to_list() == ["pelikshartana", None]
    assert _current_keys(pl.DataFrame({"id": ["1"]})).columns == ["id"]


def test_a_registry_stored_with_keys_apart_finds_a_name_typed_together(
        tmp_path: Path) -> None:
    """A registry created before the keys ran together holds them with spaces: opened
    now, its index reads them run together, and a look-up by the name typed together
    meets the stored record on the name-and-date rule."""
    listed = synth.voters(300, seed=21).voters
    held = pl.concat([listed, _mover_pair()[:1]], how="diagonal_relaxed")
    reg = Registry.create(tmp_path / "r", held, election_date=ELECTION, u_pairs=20_000)
    store = reg._store  # type: ignore[attr-defined]
    with store.db:  # write the stored chunks back as an older version kept them
        _rewrite_keys_apart(store)
    reopened = Registry.open(tmp_path / "r")
    query = _mover_pair()[1:].drop("id")
    found = reopened.match(query, top=3)
    assert "felix-a" in found["id"].to_list(), found


def _rewrite_keys_apart(store: object) -> None:
    import io

    db = store.db  # type: ignore[attr-defined]
    for seq, blob in db.execute("SELECT seq, data FROM chunks ORDER BY seq").fetchall():
        chunk = pl.read_parquet(io.BytesIO(blob))
        apart = chunk.with_columns(nama_key=sidalih.names.phonetic_key(chunk["nama"]))
        assert apart["nama_key"].str.contains(" ").any()
        out = io.BytesIO()
        apart.write_parquet(out)
        db.execute("UPDATE chunks SET data = ? WHERE seq = ?", (out.getvalue(), seq))
