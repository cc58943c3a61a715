"""The registry on disk: one SQLite database in WAL mode and one writer's lock file.

Tables (every write of one ``add``/``remove`` is one transaction):

``meta``     key/value: format, salt, election date, model JSON, last commit number,
             ``tf_commit`` (the term frequencies are counted over the records held at
             that commit: ``create``'s or the last recount's; see
             :mod:`sidalih.registry`), ``links_from`` (the first commit whose links
             count: a recount replaces all earlier ones)
``chunks``   the prepared records of each commit, as Parquet bytes (rows in order)
``records``  row number, id, person id, commit added, removal (commit, reason, who)
``persons``  person id, commit created, alias_of (set when merged into another)
``links``    the scored pairs that decide clusters, as Parquet bytes per commit: rows
             ``a`` < ``b`` and the cluster weight of pairs at or above the threshold;
             pairs below the cannot-link bound with a null weight (clustering only
             asks whether a pair is below it, and these are most pairs: ~16 a record);
             rows with ``dropped`` true take an earlier commit's pair out (its block
             grew past the bound and no longer gives it)
``events``   the audit trail: commit, kind, person, other person, record, detail JSON
``commits``  commit number, time, kind, cycle, who, rows
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

from sidalih.errors import DataFileError, RegistryClosedError, RegistryLockedError

__all__ = ["Store", "DATABASE", "LOCK", "pause_at", "insert_chunk", "insert_links", "insert_events"]

DATABASE = "registry.sqlite"
LOCK = "writer.lock"
FORMAT = "sidalih-registry"
FORMAT_VERSION = 6  # 3: frozen term frequencies (tf_rows), dropped pairs; 4: bounded default rules;
# 5: names' frequencies are Good-Turing estimates (pairs stored before weighed otherwise);
# 6: namesakes stored as links that yield to a record identical to both, identical records
# weighed as certain (a registry of 5 held them as cannot-links: a batch run merges them)
# Set by tests only: a writer stops at the named point so a test can kill it there.
_PAUSE_ENV = "SIDALIH_TEST_PAUSE_AT"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chunks (seq INTEGER PRIMARY KEY, first_row INTEGER NOT NULL,
                     n INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE records (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                      person TEXT NOT NULL, added INTEGER NOT NULL, cycle TEXT,
                      removed INTEGER, removed_reason TEXT, removed_by TEXT);
CREATE INDEX records_person ON records(person);
CREATE TABLE persons (person TEXT PRIMARY KEY, created INTEGER NOT NULL, alias_of TEXT);
CREATE TABLE links (seq INTEGER PRIMARY KEY, n INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE events (event INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL,
                     kind TEXT NOT NULL, person TEXT NOT NULL, other TEXT, record TEXT,
                     detail TEXT);
CREATE INDEX events_person ON events(person);
CREATE INDEX events_other ON events(other);
CREATE TABLE commits (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL,
                      cycle TEXT, who TEXT, n INTEGER NOT NULL);
"""


def pause_at(name: str) -> None:
    """Sleep at a named point of a write when a test asked for it (``SIDALIH_TEST_PAUSE_AT``)."""
    if os.environ.get(_PAUSE_ENV) == name:
        print(f"sidalih: test pause at {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    connection.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk when it returns (NORMAL may lose the last one on power loss)
    connection.execute("PRAGMA synchronous=FULL")
    return connection


class Store:
    """An open registry database (readers and the writer share this class)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        path = self.folder / DATABASE
        if not path.is_file():
            raise DataFileError(f"{os.fspath(folder)!r} is not a registry: {DATABASE} is "
                                "missing (create one with Registry.create)")
        try:
            self._db: sqlite3.Connection | None = _connect(path)
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise DataFileError(f"cannot read the registry in {os.fspath(folder)!r}: {exc}"
                                ) from exc
        if meta.get("format") != FORMAT:
            raise DataFileError(f"{os.fspath(folder)!r} holds no sidalih registry")
        version = int(meta.get("format_version", 0))
        if version > FORMAT_VERSION:
            raise DataFileError("the registry was written by a newer sidalih; upgrade to read it")
        if version < FORMAT_VERSION:
            raise DataFileError(f"the registry in {os.fspath(folder)!r} has format {version}, "
                                f"written before sidalih's first release; this version reads "
                                f"format {FORMAT_VERSION}: create it again from its records")
        self._lock_fd: int | None = None

    @classmethod
    def initialise(cls, folder: Path, meta: dict[str, str]) -> Store:
        """Create the tables in a new (empty) folder."""
        folder.mkdir(parents=True, exist_ok=True)
        db = _connect(folder / DATABASE)
        db.executescript(_SCHEMA)
        rows = {"format": FORMAT, "format_version": str(FORMAT_VERSION), "seq": "0"} | meta
        with _transaction(db):
            db.executemany("INSERT INTO meta VALUES (?, ?)", rows.items())
        db.close()
        return cls(folder)

    @property
    def db(self) -> sqlite3.Connection:
        """The open database, or a :class:`RegistryClosedError` after :meth:`close`
        (sqlite's own error would not say what to do)."""
        if self._db is None:
            raise RegistryClosedError(
                f"the registry {os.fspath(self.folder)!r} was closed; open it again with "
                "Registry.open(folder) to read its history or to write to it")
        return self._db

    def close(self) -> None:
        self.unlock()
        if self._db is not None:
            self._db.close()
            self._db = None

    # ------------------------------------------------------------------ the writer's lock
    def lock(self) -> None:
        """Take the one writer's lock, or raise :class:`RegistryLockedError` at once."""
        _ = self.db  # closed: refused before the lock file is touched
        if self._lock_fd is not None:
            return
        fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise RegistryLockedError(
                f"the registry {os.fspath(self.folder)!r} is being updated by process "
                f"{holder}; wait for it to finish (readers need no lock)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None

    # ------------------------------------------------------------------ reading
    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta").fetchall())

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same commit (WAL)."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def read_chunks(self) -> list[pl.DataFrame]:
        return [pl.read_parquet(io.BytesIO(blob)) for (blob,) in
                self.db.execute("SELECT data FROM chunks ORDER BY seq")]

    def read_links(self, since: int = 0) -> pl.DataFrame:
        """The links held (``a``, ``b``, ``weight``; null weight: cannot-link): those of
        every commit from ``since`` on, less those a later commit dropped (a dropped
        pair never returns)."""
        frames = [pl.read_parquet(io.BytesIO(blob)) for (blob,) in
                  self.db.execute("SELECT data FROM links WHERE seq >= ? ORDER BY seq",
                                  (since,))]
        if not frames:
            return pl.DataFrame(schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64})
        every = pl.concat(frames)
        dropped = every.filter(pl.col("dropped"))
        held = every.filter(~pl.col("dropped")).drop("dropped")
        if dropped.height == 0:
            return held
        return held.join(dropped.select("a", "b"), on=["a", "b"], how="anti",
                         maintain_order="left")

    def read_table(self, query: str, schema: dict[str, Any],
                   parameters: Sequence[Any] = ()) -> pl.DataFrame:
        rows = self.db.execute(query, parameters).fetchall()
        return pl.DataFrame(rows, schema=schema, orient="row")

    # ------------------------------------------------------------------ writing
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        with _transaction(self.db):
            yield self.db


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    pause_at("registry:before-commit")
    db.execute("COMMIT")


def insert_chunk(db: sqlite3.Connection, seq: int, first_row: int, frame: pl.DataFrame) -> None:
    """One commit's prepared records, as one Parquet row group.

    A row group is read back as one chunk per column: a look-up gathers its candidates'
    rows from every column, faster from one chunk than from a dozen (polars' default
    groups of 512**2 rows), and rechunking at ``open`` would copy the whole list.
    """
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", row_group_size=max(frame.height, 1))
    db.execute("INSERT INTO chunks VALUES (?, ?, ?, ?)",
               (seq, first_row, frame.height, buffer.getvalue()))


def insert_links(db: sqlite3.Connection, seq: int, a: Any, b: Any, weight: Any,
                 threshold: float, *, dropped: tuple[Any, Any] | None = None) -> None:
    """One commit's links; weights below ``threshold`` (the registry passes
    :func:`sidalih.registry._update.stored_from`: the yielding vetoes keep theirs) are
    stored as cannot-link (null);
    ``dropped``: rows ``a``, ``b`` (a < b) of earlier pairs this commit takes out."""
    schema = {"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64}
    frame = pl.DataFrame({"a": a, "b": b, "weight": weight}, schema=schema)
    frame = frame.with_columns(pl.when(pl.col("weight") >= threshold)
                               .then(pl.col("weight")).alias("weight"),
                               pl.lit(False).alias("dropped"))
    if dropped is not None:
        gone = pl.DataFrame({"a": dropped[0], "b": dropped[1]}, schema={"a": pl.Int64,
                                                                         "b": pl.Int64})
        frame = pl.concat([frame, gone.with_columns(pl.lit(None, pl.Float64).alias("weight"),
                                                    pl.lit(True).alias("dropped"))])
    frame = frame.sort("a", "b")
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    db.execute("INSERT INTO links VALUES (?, ?, ?)", (seq, frame.height, buffer.getvalue()))


def insert_events(db: sqlite3.Connection, seq: int, events: Iterable[dict[str, Any]]) -> None:
    db.executemany(
        "INSERT INTO events (seq, kind, person, other, record, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [(seq, e["kind"], e["person"], e.get("other"), e.get("record"),
          json.dumps(e["detail"], ensure_ascii=False) if e.get("detail") else None)
         for e in events])
