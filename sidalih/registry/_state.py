"""What an open registry holds in memory, read from one snapshot of the store.

The prepared records of every commit, the record -> person map, the person aliases, the
links that decide clusters (pairs above the threshold with their weights, and one NIK on
two names with its weight, a cannot-link pair that yields to a bridge: see
:func:`sidalih.registry._update.held_links`; other cannot-link pairs as rows only), the key index over the records still held, the term-frequency
counts (:mod:`._freq`, frozen: over the records held at ``create`` or the last
recount), and the model. Writes update all of it in place of
the batch's rows, never by reading or rebuilding the whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.blocking import default_rules
from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings
from sidalih.engine._tf import smoothed_tf
from sidalih.prepare import whole_name_key
from sidalih.registry._freq import Frequencies
from sidalih.registry._index import KeyIndex, usable_rules
from sidalih.registry._store import Store

__all__ = ["State", "load_state", "NIK_HASH", "nik_hash", "tf_columns", "smoothed_columns"]

NIK_HASH = "__nik_hash"


def nik_hash(nik: str | None, salt: str) -> str | None:
    """The registry's salted hash of a (prepared, 16-digit) NIK: 32 hex digits.

    Examples
    --------
    >>> len(nik_hash("3271010101900001", "s")), nik_hash(None, "s")
    (32, None)
    """
    if nik is None:
        return None
    return hashlib.sha256(f"{salt}:{nik}".encode()).hexdigest()[:32]


def tf_columns(model: Model) -> list[str]:
    return [c.tf_column for c in model.comparisons if c.tf_column]


def smoothed_columns(model: Model) -> list[str]:
    """The term-frequency columns whose frequencies are Good-Turing estimates."""
    return [c.tf_column for c in model.comparisons if c.tf_column and smoothed_tf(c)]


@dataclass
class State:
    """One registry snapshot in memory (rows numbered in commit order)."""

    seq: int
    salt: str
    model: Model
    settings: Settings
    rules: list[BlockingRule]
    records: pl.DataFrame  # prepared, every row ever added
    ids: np.ndarray  # object: record id text per row
    person: np.ndarray  # object: person id per row
    active: np.ndarray  # bool: not removed
    alias: dict[str, str]  # merged person -> the person it merged into
    links: tuple[np.ndarray, np.ndarray, np.ndarray]  # row a, row b, weight (held_links)
    cannot: tuple[np.ndarray, np.ndarray]  # rows a, b of cannot-link pairs (int32)
    index: KeyIndex
    freq: Frequencies
    # person -> commit that created it: read when first needed (a writer, a history),
    # as a reader's look-ups never need the million rows of it
    created_loader: Callable[[], dict[str, int]] | None = None
    _created: dict[str, int] | None = None

    @property
    def created(self) -> dict[str, int]:
        if self._created is None:
            self._created = self.created_loader() if self.created_loader else {}
        return self._created

    @property
    def n(self) -> int:
        return self.records.height

    def active_rows(self) -> np.ndarray:
        return np.flatnonzero(self.active).astype(np.int64)

    def resolve(self, person: str) -> str:
        while person in self.alias:
            person = self.alias[person]
        return person

    def frequencies_of(self, rows: np.ndarray) -> pl.DataFrame:
        """The registry's ``rows`` with the term-frequency columns over the records held."""
        return self.freq.attach(self.records[rows], rows)


def registry_rules(model: Model, columns: list[str]) -> list[BlockingRule]:
    saved = model.settings.blocking_rules if model.settings is not None else None
    # lookup=True: a query may name no place ({"nama": ..., "tanggal_lahir": ...}), and
    # only the national name + birth date rule can meet it (its blocks grow with the
    # registry, bounded by the block size bound as every rule's are)
    return usable_rules(list(saved) if saved else default_rules(lookup=True), columns)


def load_state(store: Store) -> State:
    """Read one consistent snapshot of the store into memory."""
    with store.snapshot():
        meta = store.meta()
        chunks = store.read_chunks()
        person = [p for (p,) in store.db.execute("SELECT person FROM records ORDER BY row")]
        removed = [r for (r,) in store.db.execute(
            "SELECT row FROM records WHERE removed IS NOT NULL")]
        alias = dict(store.db.execute(
            "SELECT person, alias_of FROM persons WHERE alias_of IS NOT NULL").fetchall())
        links = store.read_links(int(meta["links_from"]))
        tf_commit = int(meta["tf_commit"])
        counted = [r for (r,) in store.db.execute(
            "SELECT row FROM records WHERE added <= ? AND (removed IS NULL OR removed > ?)",
            (tf_commit, tf_commit))]
    model = Model.from_dict(_json(meta["model"]))
    settings = (model.settings or Settings()).replace(
        election_date=dt.date.fromisoformat(meta["election_date"]))
    records = _current_keys(pl.concat(chunks, how="vertical") if chunks else pl.DataFrame())
    rules = registry_rules(model, records.columns)
    active = np.ones(len(person), dtype=bool)
    active[np.array(removed, dtype=np.int64)] = False
    rows = np.flatnonzero(active).astype(np.int64)
    held = records if rows.size == records.height else records[rows]
    basis = np.zeros(len(person), dtype=bool)
    basis[np.array(counted, dtype=np.int64)] = True
    strong = links.filter(pl.col("weight").is_not_null())
    cannot = links.filter(pl.col("weight").is_null())
    return State(
        seq=int(meta["seq"]), salt=meta["salt"], model=model, settings=settings, rules=rules,
        records=records,
        ids=records["id"].cast(pl.String).to_numpy().astype(object),
        person=np.array(person, dtype=object),
        active=active,
        alias=alias,
        links=(strong["a"].to_numpy(), strong["b"].to_numpy(), strong["weight"].to_numpy()),
        cannot=(cannot["a"].to_numpy().astype(np.int32), cannot["b"].to_numpy().astype(np.int32)),
        index=KeyIndex(held, rows, rules, bound=settings.max_block_size),
        freq=Frequencies.build(records, basis, tf_columns(model), frozen=True,
                               smoothed=smoothed_columns(model)),
        created_loader=lambda: dict(store.db.execute(
            "SELECT person, created FROM persons").fetchall()),
    )


def _current_keys(records: pl.DataFrame) -> pl.DataFrame:
    """Stored records with the blocking keys prepare gives now: a whole-name key written
    with its tokens apart (before session 23) is run together, as a look-up's is
    (:func:`sidalih.prepare.whole_name_key`), so the rows stored before still meet it.

    >>> _current_keys(pl.DataFrame({"nama_key": ["tri lestari", None]}))["nama_key"].to_list()
    ['trilestari', None]
    """
    if "nama_key" not in records.columns:
        return records
    return records.with_columns(whole_name_key(records.get_column("nama_key")))


def _json(text: str) -> dict[str, object]:
    import json

    return dict(json.loads(text))
