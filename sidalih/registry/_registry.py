"""The :class:`Registry`: create, open, match, add, remove, recount, persons, history.

(About 500 lines: the public methods, each with its runnable example, in one class;
the work behind them lives in ``_update``, ``_index``, ``_freq`` and ``_recount``.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sidalih._aliases import canonical_name
from sidalih._frames import frame_from_polars, frame_to_polars
from sidalih.engine import Model, Settings, prepare_records, resolve, run
from sidalih.engine._reasons import reasons, verdict_phrase
from sidalih.engine._run import untrained_model
from sidalih.engine._score import cluster_bounds, cluster_weights, verdict_names
from sidalih.engine._settings import MAX_BLOCK_SIZE
from sidalih.errors import (
    ColumnNotFoundError,
    DataFileError,
    DuplicateIdError,
    InputTypeError,
    InvalidParameterError,
    format_rows,
)
from sidalih.registry._conform import conform
from sidalih.registry._ids import Assignment, assign
from sidalih.registry._recount import plan_recount
from sidalih.registry._state import NIK_HASH, State, load_state, nik_hash
from sidalih.registry._store import Store, insert_chunk, insert_events, insert_links, pause_at
from sidalih.registry._update import Plan, plan_add, plan_remove, score_queries, stored_from
from sidalih.schema import column_mapping, id_keys, row_number_header

__all__ = ["Registry"]

_REVIEW_FLOOR = 0.5
_MATCH_SCHEMA = {"query": pl.Int64, "id": pl.String, "person_id": pl.String,
                 "match_probability": pl.Float64, "match_weight": pl.Float64,
                 "verdict": pl.String, "reasons": pl.String}


def _id_list(ids: Any) -> list[str]:
    """Record ids as text; one id given alone would otherwise be read letter by letter."""
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
        raise InputTypeError(
            f"ids must be a list of record ids, e.g. ['000000001'], got "
            f"{type(ids).__name__}" + (f" {ids!r}: put it in a list" if isinstance(ids, str)
                                       else ""))
    return [str(i) for i in ids]


def _commit_number(since: Any) -> int:
    if isinstance(since, bool) or not isinstance(since, (int, np.integer)) or since < 0:
        raise InvalidParameterError(
            f"since must be a commit number (an integer >= 0), got {since!r}")
    return int(since)


def _with_default_model(frame: pl.DataFrame, settings: Settings) -> tuple[pl.DataFrame, Any]:
    """Prepare and score a list with the shipped default model.

    A list with no candidate pair (a handful of distinct voters) has nothing to learn
    from, yet the registry must score every later add. The default compares every voter
    column: one the list lacks is added empty, so it takes each comparison's null level
    (no evidence either way), and later adds that have it are compared on it.
    """
    resolved, default = resolve(settings, Model.default())
    assert default is not None  # a model was given
    have = {canonical_name(c) for c in frame.columns}
    absent = sorted({c.column for c in default.comparisons} - have)
    if absent:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in absent)
    records = prepare_records(frame, schema="voter", reference_date=resolved.election_date)
    model = dataclasses.replace(default, settings=resolved)
    return records, run(records, resolved, model=model)


def _write_created(store: Store, records: pl.DataFrame, ids: list[str], person: list[str], *,
                   links: tuple[np.ndarray, np.ndarray, np.ndarray], model: Model,
                   who: str | None) -> None:
    """A new registry's first commit: its records, persons, links and events."""
    members: dict[str, list[str]] = {}
    for record, pid in zip(ids, person, strict=True):
        members.setdefault(pid, []).append(record)
    with store.write() as db:
        insert_chunk(db, 1, 0, records)
        db.executemany("INSERT INTO records (row, id, person, added) VALUES (?, ?, ?, 1)",
                       zip(range(len(ids)), ids, person, strict=True))
        db.executemany("INSERT INTO persons VALUES (?, 1, NULL)", [(p,) for p in members])
        insert_links(db, 1, *links, stored_from(model))
        insert_events(db, 1, ({"kind": "created", "person": p,
                               "detail": {"records": sorted(r)}}
                              for p, r in members.items()))
        _commit_row(db, 1, "create", None, who, len(ids))
        db.execute("UPDATE meta SET value = '1' WHERE key = 'seq'")


def _put_in_place(building: Path, target: Path, *, shown: str) -> None:
    """Rename a built registry onto its target, unless another create got there first.

    Two creates of one folder at once (two operators, a retried job) both find it free
    and both build; the rename is the one step only one of them can win. The other is
    told so as a later create is, not with the operating system's "Directory not empty".
    """
    try:
        if target.exists():
            target.rmdir()  # an empty folder given as the target; a full one refuses
        os.rename(building, target)
    except OSError as exc:
        if target.is_dir() and any(target.iterdir()):
            raise InvalidParameterError(
                f"{shown!r} exists and is not empty (another create finished first); open "
                "it with Registry.open or choose a new folder") from None
        raise DataFileError(f"cannot create the registry {shown!r}: "
                            f"{exc.strerror or exc}") from None


def _require_record_ids(frame: pl.DataFrame) -> None:
    """Refuse a list whose ids would be row numbers: a registry keeps record ids for life.

    :func:`sidalih.deduplicate` may read the ids from a printed list's row number
    (``NO``), or number the rows itself (no id column, or a ``NO`` that restarts in each
    TPS), and that serves one run. In a registry those numbers would stay the records'
    ids, and the next batch's numbers would name other voters with the same ids:
    :meth:`Registry.remove` and ``history`` would find the wrong record, or the batch
    would be refused as a duplicate.
    """
    fix = ("give an 'id' column that names each record for good (the record number of the "
           "system the list comes from), the same id in every later batch")
    header = row_number_header(frame.columns)
    if header is not None:
        values = frame[header]
        raise ColumnNotFoundError(
            f"the list has no id column, only the row number {header!r} ("
            f"{values.len() - values.n_unique():,} repeated values, {values.null_count():,} "
            "empty; a DPT restarts it in each TPS): a registry keeps record ids for life and "
            f"row numbers would name other voters in the next batch; {fix}")
    if "id" not in column_mapping(frame.columns).values():
        raise ColumnNotFoundError(
            "the list has no id column (id, ID, unique_id...): a registry keeps record ids "
            f"for life and cannot number the rows of each batch anew; {fix}")

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
               max_block_size: int | None = None, who: str | None = None) -> Registry:
        """Deduplicate ``voters``, give each person an id and store everything in ``folder``.

        The folder is built beside its target and renamed into place, so a crash leaves
        no half-made registry. ``election_date`` judges ages and two-digit NIK years;
        ``max_block_size`` is the blocking bound (the engine's default when None). The
        term frequencies are counted over ``voters`` and kept for the registry's life.
        Record ids are kept for life too: a list without an ``id`` column, or whose ids
        would be its row number ``NO``, is refused
        (:class:`~sidalih.errors.ColumnNotFoundError`), here and in :meth:`add`.
        """
        target = Path(folder)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise InvalidParameterError(
                f"{os.fspath(folder)!r} exists and is not empty; open it with "
                "Registry.open or choose a new folder")
        frame, _ = frame_to_polars(voters)
        _require_record_ids(frame)
        settings = Settings(election_date=election_date, u_pairs=u_pairs,  # type: ignore[arg-type]
                            seed=seed, max_block_size=(MAX_BLOCK_SIZE if max_block_size is None
                                                       else max_block_size))
        records = prepare_records(frame, schema="voter", reference_date=settings.election_date)
        # The prior is floored at the default model's duplicates per record: the list
        # given is often one already cleaned (a DPT), whose own prior is near 0, but the
        # model scores every record added later, and how often such a record is someone
        # already registered is not what the cleaned list shows (default_lambda).
        template = untrained_model(records, settings, options={"lambda_prior": "default"})
        scored = run(records, settings, model=template)
        if not scored.model.fitted:
            records, scored = _with_default_model(frame, settings)
        salt = secrets.token_hex(16)
        records = records.with_columns(_hashes(records, salt))
        ids = [str(x) for x in records["id"].to_list()]
        people = assign(scored.labels, ids, [None] * len(ids), {}, lambda p: False)
        weight = cluster_weights(scored.weight, scored.verdict, scored.model)
        threshold, forbid = cluster_bounds(scored.model)
        keep = (weight >= threshold) | (weight < forbid)
        building = target.with_name(f".{target.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        try:  # the folder holds the whole list: no error, nor a lost race, leaves it behind
            store = Store.initialise(building, {
                "salt": salt, "election_date": str(settings.election_date),
                "tf_commit": "1", "links_from": "1",
                "model": json.dumps(scored.model.to_dict()),
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
            try:
                _write_created(store, records, ids, people.person,
                               links=(scored.left[keep], scored.right[keep], weight[keep]),
                               model=scored.model, who=who)
            finally:
                store.close()
            pause_at("registry:built")
            _put_in_place(building, target, shown=os.fspath(folder))
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return cls.open(target)

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Registry:
        """Open a registry for reading (and for writing: each write takes the lock)."""
        store = Store(folder)
        return cls(store, load_state(store))

    def refresh(self) -> bool:
        """Read the store again if another process committed since this one read it.

        A reader keeps the snapshot it opened (a look-up never waits for a writer); call
        this between look-ups to see later commits. Returns whether anything changed.
        Reloading costs an :meth:`open`.

        Examples
        --------
        >>> import tempfile, os
        >>> from sidalih.synth import voters
        >>> folder = os.path.join(tempfile.mkdtemp(), "dpt")
        >>> listed = voters(80, seed=2).voters
        >>> writer = Registry.create(folder, listed[:60], election_date="2029-02-14")
        >>> reader = Registry.open(folder)
        >>> _ = writer.add(listed[60:])
        >>> len(reader), reader.refresh(), len(reader), reader.refresh()
        (60, True, 80, False)
        """
        if int(self._store.meta()["seq"]) == self._state.seq:
            return False
        self._state = load_state(self._store)
        return True

    def close(self) -> None:
        """Close the database. Look-ups go on from memory; writes and the audit trail
        (``history``, ``events``) raise :class:`~sidalih.errors.RegistryClosedError`:
        open the folder again with :meth:`open` for those."""
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
        """The registry's salted hash of ``nik``, for services that may not see NIKs.

        ``nik`` is one NIK (text, or an integer); a list of them is an
        :class:`~sidalih.errors.InputTypeError`: hash one NIK per call.
        """
        if isinstance(nik, bool) or not isinstance(nik, (str, int, np.integer)):
            raise InputTypeError(f"nik must be one NIK as text (e.g. '3271014101900001'), "
                                 f"got {type(nik).__name__}; hash one NIK per call")
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
        ``nik_hash`` (one hash, from :meth:`hash_nik`) finds the records holding that NIK
        instead, as the same columns: query 0, verdict ``same_nik``, no probability or
        weight (null: nothing is scored) and a reason saying the NIK hash found them.

        Examples
        --------
        >>> import tempfile, os
        >>> from sidalih.synth import voters
        >>> listed = voters(60, seed=3).voters
        >>> reg = Registry.create(os.path.join(tempfile.mkdtemp(), "dpt"), listed,
        ...                       election_date="2029-02-14")
        >>> found = reg.match({}, nik_hash=reg.hash_nik(listed["nik"][0]), lang="en")
        >>> found.select("id", "match_weight", "verdict", "reasons").rows()
        [('000000001', None, 'same_nik', 'same NIK: found by NIK hash, not scored')]
        """
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise InvalidParameterError(f"top must be an integer >= 1, got {top!r}")
        if nik_hash is not None and not isinstance(nik_hash, str):
            # a list was compared with each record's hash as its text, and found no one
            raise InputTypeError(f"nik_hash must be one hash as text (from hash_nik), got "
                                 f"{type(nik_hash).__name__}; look up one NIK per call")
        if nik_hash is not None:
            return self._match_hash(nik_hash, top, lang)
        if isinstance(record, dict):
            record = pl.DataFrame([record])
        frame, kind = frame_to_polars(record)
        s = self._state
        # The query's own ids (``id``, or a KPU ``NO``...) are not looked up: each query
        # is numbered by its row instead, so they must go under every name add() reads.
        given = frame.drop([c for c in frame.columns if canonical_name(c) == "id"])
        numbers = pl.Series("id", [str(i) for i in range(given.height)], dtype=pl.String)
        query = self._prepare(numbers.to_frame().hstack(given))
        q, r = s.index.candidates(query)
        if q.size == 0:  # a stranger: nothing to score
            return frame_from_polars(pl.DataFrame(schema=_MATCH_SCHEMA), kind)
        scores = score_queries(s, query, q, r)
        k = _best(q, r, scores.weight, top)
        gamma = scores.gamma[k]
        tf = {name: values[k] for name, values in scores.tf.items()}
        contributions = s.model.fs.contributions(gamma, tf_adjustments=tf)
        verdicts = verdict_names(scores.verdict[k])
        rows = r[k]
        columns = {
            "query": q[k].astype(np.int64), "id": s.ids[rows].astype(str).tolist(),
            "person_id": [s.resolve(str(p)) for p in s.person[rows]],
            "match_probability": scores.probability[k], "match_weight": scores.weight[k],
            "verdict": verdicts.astype(str).tolist(),
            "reasons": reasons(gamma, contributions, s.model.comparisons, verdicts, lang=lang),
        }
        out = pl.DataFrame([pl.Series(name, values, dtype=_MATCH_SCHEMA[name])
                            for name, values in columns.items()])
        return frame_from_polars(out, kind)

    def _match_hash(self, value: str, top: int, lang: str) -> pl.DataFrame:
        s = self._state
        said = verdict_phrase("same_nik", lang=lang)  # also checks lang
        # records without a NIK have no hash: null, never a hit
        hit = (s.records[NIK_HASH] == str(value)).fill_null(False).to_numpy() & s.active
        rows = np.flatnonzero(hit)[:top]
        # match()'s columns: a hash finds records, it scores none (probability and weight
        # null), and the reason says how they were found
        return pl.DataFrame({
            "query": [0] * rows.size, "id": s.ids[rows].astype(str).tolist(),
            "person_id": [s.resolve(str(p)) for p in s.person[rows]],
            "match_probability": [None] * rows.size, "match_weight": [None] * rows.size,
            "verdict": ["same_nik"] * rows.size, "reasons": [said] * rows.size,
        }, schema=_MATCH_SCHEMA)

    def events(self, *, since: int = 0) -> pl.DataFrame:
        """The audit trail after commit ``since`` (all of it by default), oldest first:
        each event's commit, time, the commit's kind and cycle, the event's kind, person,
        other person, record and details (JSON).

        Examples
        --------
        >>> import tempfile, os
        >>> from sidalih.synth import voters
        >>> reg = Registry.create(os.path.join(tempfile.mkdtemp(), "dpt"),
        ...                       voters(60, seed=3).voters, election_date="2029-02-14")
        >>> _ = reg.remove(["000000004"], reason="TMS-1")
        >>> reg.events(since=1).select("commit", "change", "kind", "record").to_dicts()
        [{'commit': 2, 'change': 'remove', 'kind': 'removed', 'record': '000000004'}]
        """
        query = ("SELECT e.seq, c.at, c.kind, c.cycle, e.kind, e.person, e.other, e.record, "
                 "e.detail FROM events e JOIN commits c ON c.seq = e.seq WHERE e.seq > ? "
                 "ORDER BY e.event")
        return self._store.read_table(query, {
            "commit": pl.Int64, "at": pl.String, "change": pl.String, "cycle": pl.String,
            "kind": pl.String, "person_id": pl.String, "other": pl.String,
            "record": pl.String, "detail": pl.String}, (_commit_number(since),))

    def history(self, person_id: str) -> pl.DataFrame:
        """The events behind a person (its aliases' too): created, joined, merged, split,
        removed, and ``review`` where an added record was put up for review against it or
        by it (:meth:`add`); each with its commit, time, cycle and details (JSON)."""
        s = self._state
        if not isinstance(person_id, str):
            raise InputTypeError(
                f"person_id must be one person id as text (e.g. 'P1a2b3c4d5e6'), "
                f"got {type(person_id).__name__}; ask for one person at a time")
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
        ``'existing'`` (joined a person held before) or ``'review'``: the record has a
        person (new, or one it joined) and a pair with another person needs an
        official's eye, either a possible match between 0.5 and the threshold that was
        not taken, or one NIK on two people (verdict ``nik_clash``, e.g. a clerk copied
        the household head's NIK: kept apart, as :func:`sidalih.deduplicate` keeps and
        lists such a pair). Each ``review`` row has a ``review`` event in the audit trail
        per other person, naming the pair, its verdict, probability and reasons
        (:meth:`events`, :meth:`history` of either person).
        The call commits atomically; another writer at the same time gets
        :class:`~sidalih.errors.RegistryLockedError`.

        Examples
        --------
        >>> import tempfile, os, json
        >>> from sidalih.synth import voters
        >>> listed = voters(300, seed=2).voters
        >>> reg = Registry.create(os.path.join(tempfile.mkdtemp(), "dpt"), listed,
        ...                       election_date="2029-02-14")
        >>> held = listed.row(0, named=True)  # another person given this voter's NIK:
        >>> other = dict(held, id="X1", nama="Yohana Kristina", tanggal_lahir=None,
        ...              jenis_kelamin="P" if held["jenis_kelamin"] == "L" else "L")
        >>> added = reg.add(pl.DataFrame([other], schema=listed.schema))
        >>> added["status"].to_list(), added["person_id"][0] != reg.persons()["person_id"][0]
        (['review'], True)
        >>> review = reg.events(since=1).filter(pl.col("kind") == "review")
        >>> json.loads(review["detail"][0])["verdict"]
        'nik_clash'
        """
        frame, kind = frame_to_polars(voters)
        _require_record_ids(frame)
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
        wanted = _id_list(ids)
        with self._writing():
            s = self._state
            where = _rows_of(s, wanted)
            unknown = [i for i in wanted if i not in where]
            if unknown:
                raise InvalidParameterError(
                    f"ids not in the registry: {format_rows(unknown)}")
            rows = np.array(sorted({where[i] for i in wanted if s.active[where[i]]}),
                            dtype=np.int64)
            before = [s.resolve(str(s.person[r])) for r in rows]
            split = plan_remove(s, rows)
            person = dict(zip(split.rows.tolist(), split.assignment.person, strict=True))
            seq = s.seq + 1
            with self._store.write() as db:
                db.executemany("UPDATE records SET removed = ?, removed_reason = ?, "
                               "removed_by = ? WHERE row = ?",
                               [(seq, reason, who, int(r)) for r in rows])
                insert_events(db, seq, ({"kind": "removed", "person": p,
                                         "record": str(s.ids[r]),
                                         "detail": {"reason": reason, "who": who}}
                                        for r, p in zip(rows, before, strict=True)))
                _write_persons(db, s, person, split.assignment, seq)
                insert_events(db, seq, split.events)
                _commit_row(db, seq, "remove", None, who, len(rows))
                db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
            s.active[rows] = False  # the frequencies are frozen: no count changes
            s.index = s.index.remove(rows)
            _apply_persons(s, person, split.assignment, seq)
            s.seq = seq
        return pl.DataFrame({"id": [str(s.ids[r]) for r in rows], "person_id": before},
                            schema={"id": pl.String, "person_id": pl.String})

    def recount(self, *, cycle: str | None = None, who: str | None = None) -> pl.DataFrame:
        """Count the term frequencies again over the records held and re-score everything.

        Adds score with the frequencies counted at ``create`` (or at the last recount),
        which keeps the persons a function of the records held; as the list drifts, a
        recount brings them up to date: the key index is rebuilt, every candidate pair
        scored with the saved model, and everyone re-clustered (changes are logged as
        merges and splits). It costs a batch run without its fit. Returns the records
        whose person changed: ``id``, ``person_id`` and ``before``.

        Examples
        --------
        >>> import tempfile, os
        >>> from sidalih.synth import voters
        >>> listed = voters(120, seed=2).voters
        >>> reg = Registry.create(os.path.join(tempfile.mkdtemp(), "dpt"), listed[:80],
        ...                       election_date="2029-02-14")
        >>> _ = reg.add(listed[80:])
        >>> reg.recount(cycle="2025-Q2").columns
        ['id', 'person_id', 'before']
        >>> reg.events(since=2)["change"].unique().to_list() in ([], ["recount"])
        True
        """
        with self._writing():
            s = self._state
            plan = plan_recount(s)
            before = [s.resolve(str(s.person[g])) for g in plan.rows]
            person = dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True))
            seq = s.seq + 1
            with self._store.write() as db:
                _write_persons(db, s, person, plan.assignment, seq)
                a, b, w = plan.links
                insert_links(db, seq, a, b, w, stored_from(s.model))
                insert_events(db, seq, plan.events)
                _commit_row(db, seq, "recount", cycle, who, len(plan.rows))
                db.executemany("UPDATE meta SET value = ? WHERE key = ?",
                               [(str(seq), k) for k in ("seq", "tf_commit", "links_from")])
            _apply_persons(s, person, plan.assignment, seq)
            links, cannot = plan.held
            s.links = (links[0], links[1], links[2])
            s.cannot = (cannot[0].astype(np.int32), cannot[1].astype(np.int32))
            s.index, s.freq, s.seq = plan.index, plan.freq, seq
        changed = [(str(s.ids[g]), p, b) for g, p, b in
                   zip(plan.rows.tolist(), plan.assignment.person, before, strict=True) if p != b]
        return pl.DataFrame(changed, schema={"id": pl.String, "person_id": pl.String,
                                             "before": pl.String}, orient="row")

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
        hashes = _hashes(prepared, s.salt)
        prepared = (prepared.with_columns(hashes) if hashes.name in prepared.columns
                    else prepared.hstack([hashes]))
        return conform(prepared, s.records)

    def _check_new_ids(self, new: pl.DataFrame) -> None:
        # as check_ids reads ids: "7 " re-uses "7" (repeats within: prepare refuses)
        given = new["id"].cast(pl.String)
        keys = id_keys(given)
        clash = given.filter(keys.is_in(id_keys(self._state.records["id"].cast(pl.String))
                                        .implode())).to_list()
        if clash:
            raise DuplicateIdError(f"ids already in the registry: {format_rows(map(repr, clash))}"
                                   "; give new records new ids (blanks around an id do not "
                                   "make another)")

    def _write_add(self, db: Any, plan: Plan, seq: int, cycle: str | None,
                   who: str | None) -> None:
        s, n0 = self._state, self._state.n
        insert_chunk(db, seq, n0, plan.new)
        person = dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True))
        db.executemany("INSERT INTO records (row, id, person, added, cycle) VALUES (?, ?, ?, ?, ?)",
                       [(n0 + i, str(x), person[n0 + i], seq, cycle)
                        for i, x in enumerate(plan.new["id"].to_list())])
        _write_persons(db, s, person, plan.assignment, seq)
        a, b, w = plan.links
        insert_links(db, seq, a, b, w, stored_from(s.model), dropped=plan.dropped)
        insert_events(db, seq, plan.events)
        _commit_row(db, seq, "add", cycle, who, plan.new.height)
        db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))

    def _apply_add(self, plan: Plan, seq: int) -> None:
        s = self._state
        m = plan.new.height
        s.records = pl.concat([s.records, plan.new.select(s.records.columns)], how="vertical")
        new_ids = [str(x) for x in plan.new["id"].to_list()]
        s.ids = np.concatenate([s.ids, np.array(new_ids, dtype=object)])
        s.person = np.concatenate([s.person, np.full(m, None, dtype=object)])
        s.active = np.concatenate([s.active, np.ones(m, dtype=bool)])
        _apply_persons(s, dict(zip(plan.rows.tolist(), plan.assignment.person, strict=True)),
                       plan.assignment, seq)
        links, cannot = plan.held
        s.links = (links[0], links[1], links[2])
        s.cannot = (cannot[0].astype(np.int32), cannot[1].astype(np.int32))
        s.index, s.freq, s.seq = plan.index, plan.freq, seq


def _best(q: np.ndarray, r: np.ndarray, weight: np.ndarray, top: int) -> np.ndarray:
    """The pairs to show: per query (in order), its ``top`` by weight, then registry row.

    Examples
    --------
    >>> _best(np.array([0, 0, 0, 1]), np.array([5, 3, 4, 9]), np.array([1.0, 2.0, 1.0, 0.5]),
    ...       2).tolist()
    [1, 2, 3]
    """
    if not np.isfinite(weight).all() or (weight == 0).any():
        # polars orders NaN, infinities and signed zeros its own way: keep its order
        best = pl.DataFrame({"q": q, "r": r, "w": weight, "k": np.arange(q.size)})
        best = best.sort(["q", "w", "r"], descending=[False, True, False]).group_by(
            "q", maintain_order=True).head(top)
        return best["k"].to_numpy()
    order = np.lexsort((r, -weight, q))
    grouped = q[order]
    rank = np.arange(order.size) - np.searchsorted(grouped, grouped, side="left")
    return order[rank < top]


def _rows_of(s: State, ids: list[str]) -> dict[str, int]:
    """Row of each of ``ids`` held (removed ones too); absent ids are left out."""
    held = s.records["id"].cast(pl.String)
    rows = np.flatnonzero(held.is_in(pl.Series(ids, dtype=pl.String).implode()).to_numpy())
    return {str(s.ids[r]): int(r) for r in rows}


def _write_persons(db: Any, s: State, person: dict[int, str], assignment: Assignment,
                   seq: int) -> None:
    """The person rows of a re-clustering: changed records, new persons, aliases."""
    db.executemany("UPDATE records SET person = ? WHERE row = ?",
                   [(p, g) for g, p in person.items() if g < s.n and s.person[g] != p])
    fresh = {p for p in assignment.person if p not in s.created}
    db.executemany("INSERT INTO persons VALUES (?, ?, NULL)", [(p, seq) for p in fresh])
    db.executemany("UPDATE persons SET alias_of = ? WHERE person = ?",
                   [(b, a) for a, b in assignment.merged])


def _apply_persons(s: State, person: dict[int, str], assignment: Assignment,
                   seq: int) -> None:
    for g, p in person.items():
        if s.person[g] != p:
            s.person[g] = p
    for p in assignment.person:
        s.created.setdefault(p, seq)
    for alias, survivor in assignment.merged:
        s.alias[alias] = survivor


def _hashes(records: pl.DataFrame, salt: str) -> pl.Series:
    niks = records["nik"].to_list() if "nik" in records.columns else [None] * records.height
    return pl.Series(NIK_HASH, [nik_hash(v, salt) for v in niks],
                     dtype=pl.String)


def _commit_row(db: Any, seq: int, kind: str, cycle: str | None, who: str | None,
                n: int) -> None:
    at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    db.execute("INSERT INTO commits VALUES (?, ?, ?, ?, ?, ?)", (seq, at, kind, cycle, who, n))

