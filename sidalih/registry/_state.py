"""What an open registry holds in memory, read from one snapshot of the store.

The prepared records of every commit (with each term-frequency column's registry-wide
frequency attached), the record -> person map, the person aliases, the links that
decide clusters, the key index over the records still held, and the model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import polars as pl

from sidalih.blocking import default_rules
from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings
from sidalih.engine._tf import frequency_column
from sidalih.registry._index import KeyIndex, rule_hashes, usable_rules
from sidalih.registry._store import Store
from sidalih.scale._keys import attach_frequency, frequency_tables

__all__ = ["State", "load_state", "NIK_HASH", "nik_hash", "tf_columns", "with_frequencies"]

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


def with_frequencies(frame: pl.DataFrame, source: pl.DataFrame,
                     columns: list[str]) -> pl.DataFrame:
    """``frame`` with each column's frequency over ``source`` (the registry's records held)."""
    frame = frame.drop([frequency_column(c) for c in columns], strict=False)
    lazy = source.lazy()
    for column in columns:
        if column in frame.columns:
            frame = attach_frequency(frame, frequency_tables(lazy, column))
    return frame


@dataclass
class State:
    """One registry snapshot in memory (rows numbered in commit order)."""

    seq: int
    salt: str
    model: Model
    settings: Settings
    rules: list[BlockingRule]
    records: pl.DataFrame  # prepared, every row ever added, frequency columns attached
    ids: np.ndarray  # object: record id text per row
    person: np.ndarray  # object: person id per row
    active: np.ndarray  # bool: not removed
    created: dict[str, int]  # person -> commit that created it
    alias: dict[str, str]  # merged person -> the person it merged into
    links: tuple[np.ndarray, np.ndarray, np.ndarray]  # row a, row b, cluster weight
    base: np.ndarray  # level-0 key hashes per row and rule
    index: KeyIndex

    @property
    def n(self) -> int:
        return self.records.height

    def active_rows(self) -> np.ndarray:
        return np.flatnonzero(self.active).astype(np.int64)

    def reindex(self) -> None:
        rows = self.active_rows()
        self.index = KeyIndex(self.records[rows], rows, self.rules,
                              bound=self.settings.max_block_size, base=self.base[rows])

    def refresh_frequencies(self) -> None:
        held = self.records.filter(pl.Series(self.active))
        self.records = with_frequencies(self.records, held, tf_columns(self.model))

    def resolve(self, person: str) -> str:
        while person in self.alias:
            person = self.alias[person]
        return person


def registry_rules(model: Model, columns: list[str]) -> list[BlockingRule]:
    saved = model.settings.blocking_rules if model.settings is not None else None
    return usable_rules(list(saved) if saved else default_rules(), columns)


def load_state(store: Store) -> State:
    """Read one consistent snapshot of the store into memory."""
    with store.snapshot():
        meta = store.meta()
        chunks = store.read_chunks()
        rec = store.db.execute("SELECT row, id, person, removed FROM records ORDER BY row"
                               ).fetchall()
        persons = store.db.execute("SELECT person, created, alias_of FROM persons").fetchall()
        links = store.db.execute("SELECT a, b, weight FROM links").fetchall()
    model = Model.from_dict(_json(meta["model"]))
    settings = (model.settings or Settings()).replace(
        election_date=dt.date.fromisoformat(meta["election_date"]))
    records = pl.concat(chunks, how="vertical") if chunks else pl.DataFrame()
    rules = registry_rules(model, records.columns)
    state = State(
        seq=int(meta["seq"]), salt=meta["salt"], model=model, settings=settings, rules=rules,
        records=records,
        ids=np.array([r[1] for r in rec], dtype=object),
        person=np.array([r[2] for r in rec], dtype=object),
        active=np.array([r[3] is None for r in rec], dtype=bool),
        created={p: c for p, c, _ in persons},
        alias={p: a for p, _, a in persons if a is not None},
        links=(np.array([x[0] for x in links], np.int64), np.array([x[1] for x in links], np.int64),
               np.array([x[2] for x in links], np.float64)),
        base=rule_hashes(records, rules),
        index=None,  # type: ignore[arg-type]
    )
    state.refresh_frequencies()
    state.reindex()
    return state


def _json(text: str) -> dict[str, object]:
    import json

    return dict(json.loads(text))
