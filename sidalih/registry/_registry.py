"""The :class:`Registry`: create, open, match, add, remove, persons, history."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import frame_from_polars, frame_to_polars
from sidalih.engine import Settings, prepare_records, run
from sidalih.engine._reasons import reasons
from sidalih.engine._score import cluster_bounds, cluster_weights, verdict_names
from sidalih.errors import DuplicateIdError, InvalidParameterError, format_rows
from sidalih.registry._ids import assign
from sidalih.registry._state import NIK_HASH, State, load_state, nik_hash
from sidalih.registry._store import Store, insert_chunk, insert_events, pause_at
from sidalih.registry._update import Plan, plan_add, score_local

__all__ = ["Registry"]

_REVIEW_FLOOR = 0.5


class Registry:
    """A persistent voter registry: stable person ids, one-record look-ups, an audit trail.

    Make one with :meth:`create`, read one with :meth:`open`. See :mod:`sidalih.registry`
    for the store, the id rules and what one machine holds.

    Examples
    --------
    >>> import tempfile, os
    >>> from sidalih.synth import voters
    >>> folder = os.path.join(tempfile.mkdtemp(), "dpt")
    >>> listed = voters(300, seed=2).voters
    >>> reg = Registry.create(folder, listed[:250], election_date="2029-02-14")
    >>> added = reg.add(listed[250:], cycle="2025-Q1")
    >>> sorted(set(added["status"].to_list()) - {"new", "existing", "review"})
    []
    >>> len(Registry.open(folder)) == 300
    True
    """

    def __init__(self, store: Store, state: State) -> None:
        self._store = store
        self._state = state

    # ------------------------------------------------------------------ making and opening
    @classmethod
    def create(cls, folder: str | os.PathLike[str], voters: Any, *,
               election_date: dt.date | str, u_pairs: int = 1_000_000, seed: int = 0,
               who: str | None = None) -> Registry:
        """Deduplicate ``voters``, give each person an id and store everything in ``folder``.

        The folder is built beside its target and renamed into place, so a crash leaves
        no half-made registry. ``election_date`` judges ages and two-digit NIK years.
        """
        target = Path(folder)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise InvalidParameterError(
                f"{os.fspath(folder)!r} exists and is not empty; open it with "
                "Registry.open or choose a new folder")
        frame, _ = frame_to_polars(voters)
        settings = Settings(election_date=election_date, u_pairs=u_pairs,  # type: ignore[arg-type]
                            seed=seed)
        records = prepare_records(frame, schema="voter", reference_date=settings.election_date)
        scored = run(records, settings)
        salt = secrets.token_hex(16)
        records = records.with_columns(_hashes(records, salt))
        ids = [str(x) for x in records["id"].to_list()]
        people = assign(scored.labels, ids, [None] * len(ids), {}, lambda p: False)
        weight = cluster_weights(scored.weight, scored.verdict, scored.model)
        threshold, forbid = cluster_bounds(scored.model)
        keep = (weight >= threshold) | (weight < forbid)
        building = target.with_name(f".{target.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        store = Store.initialise(building, {
            "salt": salt, "election_date": str(settings.election_date),
            "model": json.dumps(scored.model.to_dict()),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
        members: dict[str, list[str]] = {}
        for record, pid in zip(ids, people.person, strict=True):
            members.setdefault(pid, []).append(record)
        with store.write() as db:
            insert_chunk(db, 1, 0, records)
            db.executemany("INSERT INTO records (row, id, person, added) VALUES (?, ?, ?, 1)",
                           zip(range(len(ids)), ids, people.person, strict=True))
            db.executemany("INSERT INTO persons VALUES (?, 1, NULL)",
                           [(p,) for p in members])
            db.executemany("INSERT INTO links VALUES (?, ?, ?)",
                           zip(scored.left[keep].tolist(), scored.right[keep].tolist(),
                               weight[keep].tolist(), strict=True))
            insert_events(db, 1, ({"kind": "created", "person": p,
                                   "detail": {"records": sorted(r)}}
                                  for p, r in members.items()))
            _commit_row(db, 1, "create", None, who, len(ids))
            db.execute("UPDATE meta SET value = '1' WHERE key = 'seq'")
        store.close()
        pause_at("registry:built")
        if target.exists():
            target.rmdir()
        os.replace(building, target)
        return cls.open(target)

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Registry:
        """Open a registry for reading (and for writing: each write takes the lock)."""
        store = Store(folder)
        return cls(store, load_state(store))

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._state.active.sum())

    def __repr__(self) -> str:
        return (f"Registry({os.fspath(self._store.folder)!r}, records={len(self)}, "
                f"commit={self._state.seq})")

    # ------------------------------------------------------------------ reading
    def hash_nik(self, nik: str) -> str:
        """The registry's salted hash of ``nik``, for services that may not see NIKs."""
        cleaned = prepare_records(pl.DataFrame({"id": ["q"], "nik": [str(nik)], "nama": ["-"]}),
                                  schema="voter", reference_date=self._state.settings.election_date)
        value = cleaned["nik"][0]
        if value is None:
            raise InvalidParameterError("the NIK given is not a valid 16-digit NIK")
        return str(nik_hash(value, self._state.salt))

    def persons(self, *, include_removed: bool = False) -> pl.DataFrame:
        """``id`` and ``person_id`` of every record held (and ``removed`` when asked)."""
        s = self._state
        person = [s.resolve(str(p)) for p in s.person]
        out = pl.DataFrame({"id": s.ids.tolist(), "person_id": person,
                            "removed": ~s.active}, schema={"id": pl.String, "person_id": pl.String,
                                                            "removed": pl.Boolean})
        return out if include_removed else out.filter(~pl.col("removed")).drop("removed")

    def match(self, record: Any, *, top: int = 5, nik_hash: str | None = None,
              lang: str = "id") -> Any:
        """The registry's best candidates for each record given (a dict, or a frame).

        Returns ``query`` (row of the input), ``id``, ``person_id``, ``match_probability``,
        ``match_weight``, ``verdict`` and ``reasons``, best first, ``top`` per query.
        ``nik_hash`` (from :meth:`hash_nik`) finds the records holding that NIK instead.
        """
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise InvalidParameterError(f"top must be an integer >= 1, got {top!r}")
        if nik_hash is not None:
            return self._match_hash(nik_hash, top)
        if isinstance(record, dict):
            record = pl.DataFrame([record])
        frame, kind = frame_to_polars(record)
        s = self._state
        query = self._prepare(frame.drop("id", strict=False).with_row_index("id")
                              .with_columns(pl.col("id").cast(pl.String)))
        q, r = s.index.candidates(query)
        extra = query.with_columns(pl.lit(1.0).alias(c) for c in s.records.columns
                                   if c.startswith("__tf_"))
        scores = score_local(s, np.zeros(0, np.int64), extra, r, s.n + q)
        best = pl.DataFrame({"q": q, "r": r, "w": scores.weight, "k": np.arange(q.size)})
        best = best.sort(["q", "w", "r"], descending=[False, True, False]).group_by(
            "q", maintain_order=True).head(top)
        k = best["k"].to_numpy()
        gamma = scores.gamma[k]
        tf = {name: values[k] for name, values in scores.tf.items()}
        contributions = s.model.fs.contributions(gamma, tf_adjustments=tf)
        verdicts = verdict_names(scores.verdict[k])
        rows = best["r"].to_numpy()
        out = pl.DataFrame({
            "query": best["q"].cast(pl.Int64), "id": s.ids[rows].astype(str).tolist(),
            "person_id": [s.resolve(str(p)) for p in s.person[rows]],
            "match_probability": scores.probability[k], "match_weight": scores.weight[k],
            "verdict": verdicts.astype(str).tolist(),
            "reasons": reasons(gamma, contributions, s.model.comparisons, verdicts, lang=lang),
        }, schema_overrides={"id": pl.String, "person_id": pl.String, "verdict": pl.String})
        return frame_from_polars(out, kind)

    def _match_hash(self, value: str, top: int) -> pl.DataFrame:
        s = self._state
        hit = (s.records[NIK_HASH] == str(value)).to_numpy() & s.active
        rows = np.flatnonzero(hit)[:top]
        return pl.DataFrame({
            "query": [0] * rows.size, "id": s.ids[rows].astype(str).tolist(),
            "person_id": [s.resolve(str(p)) for p in s.person[rows]],
            "match_probability": [None] * rows.size, "verdict": ["same_nik"] * rows.size,
        }, schema={"query": pl.Int64, "id": pl.String, "person_id": pl.String,
                   "match_probability": pl.Float64, "verdict": pl.String})

    def history(self, person_id: str) -> pl.DataFrame:
        """The events behind a person (its aliases' too): created, joined, merged, split,
        removed; each with its commit, time, cycle and details (JSON)."""
        s = self._state
        if person_id not in s.created:
            raise InvalidParameterError(f"no person {person_id!r} in this registry")
        survivor = s.resolve(person_id)
        group = [survivor] + [a for a in s.alias if s.resolve(a) == survivor]
        marks = ",".join("?" * len(group))
        query = ("SELECT e.seq, c.at, c.cycle, e.kind, e.person, e.other, e.record, e.detail "
                 "FROM events e JOIN commits c ON c.seq = e.seq "
                 f"WHERE e.person IN ({marks}) OR e.other IN ({marks}) ORDER BY e.event")
        return self._store.read_table(query, {
            "commit": pl.Int64, "at": pl.String, "cycle": pl.String, "kind": pl.String,
            "person_id": pl.String, "other": pl.String, "record": pl.String,
            "detail": pl.String}, group + group)

    # ------------------------------------------------------------------ writing
    def add(self, voters: Any, *, cycle: str | None = None, who: str | None = None) -> Any:
        """Add records: each joins the person it matches, or becomes a new person.

        Returns ``id``, ``person_id`` and ``status`` per row: ``'new'`` (a new person),
        ``'existing'`` (joined a person held before) or ``'review'`` (a possible match
        with another person, between 0.5 and the threshold, was not taken).
        The call commits atomically; another writer at the same time gets
        :class:`~sidalih.errors.RegistryLockedError`.
        """
        frame, kind = frame_to_polars(voters)
        with self._writing():
            s = self._state
            new = self._prepare(frame)
            self._check_new_ids(new)
            plan = plan_add(s, new, review_floor=_REVIEW_FLOOR)
            pause_at("registry:planned")
            seq = s.seq + 1
            with self._store.write() as db:
                self._write_add(db, plan, seq, cycle, who)
            pause_at("registry:committed")
            self._apply_add(plan, seq)
        persons = dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True))
        out = pl.DataFrame({"id": new["id"].cast(pl.String),
                            "person_id": [persons[s.n - new.height + i]
                                          for i in range(new.height)],
                            "status": plan.status})
        return frame_from_polars(out, kind)

    def remove(self, ids: Sequence[Any], *, reason: str, who: str | None = None) -> pl.DataFrame:
        """Mark records removed (never deleted), with who, when and why (e.g. ``"TMS-1"``)."""
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidParameterError("reason must be a non-empty text, e.g. 'TMS-1' (died)")
        wanted = [str(i) for i in ids]
        with self._writing():
            s = self._state
            where = {str(x): k for k, x in enumerate(s.ids)}
            unknown = [i for i in wanted if i not in where]
            if unknown:
                raise InvalidParameterError(
                    f"ids not in the registry: {format_rows(unknown)}")
            rows = sorted({where[i] for i in wanted if s.active[where[i]]})
            seq = s.seq + 1
            with self._store.write() as db:
                db.executemany("UPDATE records SET removed = ?, removed_reason = ?, "
                               "removed_by = ? WHERE row = ?",
                               [(seq, reason, who, r) for r in rows])
                insert_events(db, seq, ({"kind": "removed", "person": s.resolve(str(s.person[r])),
                                         "record": str(s.ids[r]),
                                         "detail": {"reason": reason, "who": who}}
                                        for r in rows))
                _commit_row(db, seq, "remove", None, who, len(rows))
                db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
            s.active[rows] = False
            s.seq = seq
            s.refresh_frequencies()
            s.reindex()
        return pl.DataFrame({"id": [str(s.ids[r]) for r in rows],
                             "person_id": [s.resolve(str(s.person[r])) for r in rows]},
                            schema={"id": pl.String, "person_id": pl.String})

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self._store.lock()
        try:
            current = int(self._store.meta()["seq"])
            if current != self._state.seq:  # another writer committed since we read
                self._state = load_state(self._store)
            yield
        finally:
            self._store.unlock()

    def _prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        s = self._state
        prepared = prepare_records(frame, schema="voter",
                                   reference_date=s.settings.election_date)
        prepared = prepared.with_columns(_hashes(prepared, s.salt))
        stored = {c: t for c, t in s.records.schema.items() if not c.startswith("__tf_")}
        return prepared.select(
            (pl.col(c) if c in prepared.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in stored.items())

    def _check_new_ids(self, new: pl.DataFrame) -> None:
        held = set(self._state.ids.tolist())
        clash = [i for i in new["id"].cast(pl.String).to_list() if i in held]
        if clash:
            raise DuplicateIdError(f"ids already in the registry: {format_rows(clash)}; "
                                   "give new records new ids")

    def _write_add(self, db: Any, plan: Plan, seq: int, cycle: str | None,
                   who: str | None) -> None:
        s, n0 = self._state, self._state.n
        insert_chunk(db, seq, n0, plan.new)
        person = dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True))
        db.executemany("INSERT INTO records (row, id, person, added, cycle) VALUES (?, ?, ?, ?, ?)",
                       [(n0 + i, str(x), person[n0 + i], seq, cycle)
                        for i, x in enumerate(plan.new["id"].to_list())])
        db.executemany("UPDATE records SET person = ? WHERE row = ?",
                       [(p, g) for g, p in person.items() if g < n0 and s.person[g] != p])
        fresh = {p for p in plan.assignment.person if p not in s.created}
        db.executemany("INSERT INTO persons VALUES (?, ?, NULL)", [(p, seq) for p in fresh])
        db.executemany("UPDATE persons SET alias_of = ? WHERE person = ?",
                       [(b, a) for a, b in plan.assignment.merged])
        a, b, w = plan.links
        db.executemany("INSERT INTO links VALUES (?, ?, ?)",
                       zip(a.tolist(), b.tolist(), w.tolist(), strict=True))
        insert_events(db, seq, plan.events)
        _commit_row(db, seq, "add", cycle, who, plan.new.height)
        db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))

    def _apply_add(self, plan: Plan, seq: int) -> None:
        s = self._state
        person = dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True))
        n0 = s.n
        s.records = pl.concat([s.records.select(plan.new.columns), plan.new], how="vertical")
        s.ids = np.concatenate([s.ids, np.array([str(x) for x in plan.new["id"].to_list()],
                                                dtype=object)])
        s.person = np.concatenate([s.person, np.empty(plan.new.height, dtype=object)])
        for g, p in person.items():
            s.person[g] = p
        s.active = np.concatenate([s.active, np.ones(plan.new.height, dtype=bool)])
        for p in plan.assignment.person:
            s.created.setdefault(p, seq)
        for alias, survivor in plan.assignment.merged:
            s.alias[alias] = survivor
        s.links = tuple(np.concatenate([x, y]) for x, y in  # type: ignore[assignment]
                        zip(s.links, plan.links, strict=True))
        s.base = np.concatenate([s.base, plan.base])
        s.seq = seq
        assert s.n == n0 + plan.new.height
        s.refresh_frequencies()
        s.reindex()


def _hashes(records: pl.DataFrame, salt: str) -> pl.Series:
    niks = records["nik"].to_list() if "nik" in records.columns else [None] * records.height
    return pl.Series(NIK_HASH, [nik_hash(v, salt) for v in niks],
                     dtype=pl.String)


def _commit_row(db: Any, seq: int, kind: str, cycle: str | None, who: str | None,
                n: int) -> None:
    at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    db.execute("INSERT INTO commits VALUES (?, ?, ?, ?, ?, ?)", (seq, at, kind, cycle, who, n))

