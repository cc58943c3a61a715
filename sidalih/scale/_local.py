"""Out of core on one machine: a Parquet list larger than memory, piece by piece.

Steps, each holding at most one piece in memory:

1. **prepare**: read the list in row chunks, prepare each, number the rows, hash every
   rule's keys, write the chunk to a work folder;
2. **count** the name frequencies over the whole list (streaming group-by);
3. **score**: a list that fits in one bucket is read once and every rule is scored on it
   together (:func:`score_whole`, as in memory); otherwise per group of rules
   (:mod:`sidalih.scale._groups`: rules whose every block lies in one regency, one
   district or one NIK prefix share buckets; any other rule is a group alone) **bucket** the prepared
   rows, every group in one pass (all rows of a block land in one bucket), then score
   bucket by bucket (:func:`score_group`, :func:`score_batch`), writing the listed pairs
   and, apart, the cannot-link pairs that only guard clustering;
4. **cluster** the matched pairs in memory (a few per cent of the rows) and write
   ``clusters.parquet`` (``id``, ``cluster_id``), ``pairs.parquet``, ``model.json`` and
   ``summary.json``.

The number of buckets follows from ``memory_limit``; a single block larger than a
bucket's share (a junk NIK on a million rows) is still scored whole, within the skew
guard's pair bound.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import math
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl

from sidalih._checks import path_argument
from sidalih._folders import ResultFolder
from sidalih._memory import pairs_within
from sidalih.blocking._rules import BlockingRule
from sidalih.engine import Model, Settings, prepare_records, resolve
from sidalih.engine._run import absent_fields, warn_absent
from sidalih.engine._settings import PEMILU_2024
from sidalih.engine._tf import smoothed_tf
from sidalih.errors import (
    CapacityError,
    CapacityWarning,
    DataFileError,
    DuplicateIdError,
    InvalidParameterError,
    SchemaError,
    format_rows,
)
from sidalih.prepare import placeholder_niks, void_niks
from sidalih.scale._batch import TRAIN_UNITS, BatchPlan, fit_sample, plan_rules, train_units
from sidalih.scale._groups import add_unit_hashes
from sidalih.scale._keys import (
    ROW,
    SIDE,
    add_rule_hashes,
    attach_frequencies,
    frequency_tables,
)
from sidalih.scale._output import PartitionedResult, finish
from sidalih.scale._passes import (
    SCRATCH,
    Background,
    score_groups,
    score_one_batch,
    scoring_columns,
)
from sidalih.schema import column_mapping, numbered_scan

__all__ = ["deduplicate_parquet", "link_parquet", "PartitionedResult", "parse_memory"]

_T = TypeVar("_T")

# Measured peak bytes per record of the in-memory engine at 1M records (blocking,
# comparison and scoring together), and of preparing a chunk (raw + prepared copies).
SCORE_BYTES_PER_ROW = 3_500
PREPARE_BYTES_PER_ROW = 2_500
MIN_CHUNK_ROWS = 5_000
# Rows of the prepared list read at a time to bucket it for every group of rules (the
# slice, its name frequencies and one group's copy of it are in memory together).
BUCKET_BYTES_PER_ROW = 4_000
MAX_CHUNK_ROWS = 2_000_000
# Candidate pairs any in-memory step may plan whatever the limit (about 256 MB of them).
MIN_PAIR_BUDGET = 4_000_000
# Rows below which a training sample is not halved further to fit the pair budget.
MIN_TRAIN_ROWS = 20_000

_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


def parse_memory(value: int | str) -> int:
    """Bytes from an int or a size such as ``"2GiB"`` or ``"500 MB"``.

    Examples
    --------
    >>> parse_memory("2GiB"), parse_memory("500 MB"), parse_memory(2**30)
    (2147483648, 500000000, 1073741824)
    """
    if isinstance(value, bool):
        raise InvalidParameterError(f"memory_limit: expected bytes or a size, got {value!r}")
    if isinstance(value, (int, np.integer)):
        size = int(value)
    else:
        match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", str(value))
        unit = match.group(2).upper() if match else None
        if match is None or unit not in _UNITS:
            raise InvalidParameterError(
                f"memory_limit: expected bytes or a size such as '2GiB', got {value!r}")
        size = int(float(match.group(1)) * _UNITS[unit])
    if size < 2**20:
        raise InvalidParameterError(f"memory_limit: at least 1 MiB, got {value!r}")
    return size


@dataclass
class _Settings:
    """The run's :class:`~sidalih.engine.Settings` and what only a partitioned run needs."""

    run: Settings
    train_rows: int
    memory: int
    progress: Callable[[str], None] | None

    def __getattr__(self, name: str) -> Any:  # schema, seed, pairs_floor... of the run
        if name == "run":
            raise AttributeError(name)
        return getattr(self.run, name)


def _say(settings: _Settings, text: str) -> None:
    if settings.progress is not None:
        settings.progress(text)


def _parquet_files(source: str | os.PathLike[str] | Sequence[str]) -> list[str]:
    """The files a source names (a file, a folder, a glob or a list of them), as polars
    would read them; a name that matches nothing is left for polars to report."""
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    files: list[str] = []
    for item in items:
        name = os.fspath(item)
        if os.path.isdir(name):
            files += sorted(str(p) for p in Path(name).rglob("*.parquet") if p.is_file())
        elif any(c in name for c in "*?["):
            files += sorted(f for f in glob.glob(name, recursive=True) if os.path.isfile(f))
        else:
            files.append(name)
    return files


def _schemas(files: list[str]) -> list[dict[str, pl.DataType]]:
    """Each file's columns, read from its footer: a file missing or not Parquet is refused
    here, naming it (the scan reads only the first file before the run, and a later one
    failed half-way through with polars' error)."""
    schemas = []
    for f in files:
        try:
            schemas.append(pl.read_parquet_schema(f))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise DataFileError(f"cannot read Parquet input {f}: {exc}") from exc
    return schemas


def _check_same_columns(files: list[str], schemas: list[dict[str, pl.DataType]]) -> None:
    """Refuse files whose columns differ in type: polars would stop half-way through the
    run with an error naming no file. One regency may export NIK as text, one as numbers."""
    if len(files) < 2:
        return
    seen: dict[str, dict[str, list[str]]] = {}  # column -> type -> files
    for f, schema in zip(files, schemas, strict=True):
        for column, dtype in schema.items():
            seen.setdefault(column, {}).setdefault(str(dtype), []).append(os.path.basename(f))
    problems = [
        f"column {column!r} is " + "; ".join(
            f"{dtype} in {format_rows(names, limit=3)}" for dtype, names in types.items())
        for column, types in seen.items() if len(types) > 1]
    problems += [
        f"column {column!r} is missing from {len(files) - n} of the {len(files)} files"
        for column, types in seen.items() if (n := sum(map(len, types.values()))) < len(files)]
    if problems:
        raise SchemaError(
            "the Parquet files of one list must have the same columns of the same types: "
            "write them again with one type per column (e.g. nik as text)", problems=problems)


def _scan(source: str | os.PathLike[str] | Sequence[str]) -> pl.LazyFrame:
    """The scan of a source, every file it names checked first (readable, same columns)."""
    files = _parquet_files(source)
    _check_same_columns(files, _schemas(files))
    try:
        scan = pl.scan_parquet(source)  # type: ignore[arg-type]
        scan.collect_schema()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise DataFileError(f"cannot read Parquet input {source}: {exc}") from exc
    return scan


def _prepared_chunks(scan: pl.LazyFrame, n_rows: int, *, side: int, first_row: int,
                     chunk_rows: int, settings: _Settings
                     ) -> Iterator[tuple[int, pl.DataFrame]]:
    """Each chunk of ``scan`` prepared and numbered: its offset and frame."""
    for offset in range(0, max(n_rows, 1), chunk_rows):
        # One piece per column: a scan gives a piece per row group read, and preparing
        # (and every later with_columns) on pieces cost three times as long (4.5 s
        # against 1.4 s for 1.7M rows read from five row groups; rechunking: 0.2 s).
        raw = _with_ids(scan.slice(offset, chunk_rows).collect().rechunk(), first_row=offset,
                        schema=settings.schema)
        prepared = prepare_records(raw, schema=settings.schema,
                                   reference_date=settings.election_date)
        del raw
        yield offset, prepared.with_columns(
            (pl.int_range(pl.len(), dtype=pl.Int64) + first_row + offset).alias(ROW),
            pl.lit(side, pl.Int8).alias(SIDE),
        )


def _write_scratch(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, **SCRATCH)


def _rules(chosen: list[BlockingRule] | None, prepared: pl.DataFrame,
           settings: _Settings) -> list[BlockingRule]:
    """The run's rules: those given, else the defaults that apply to the first chunk."""
    if chosen is not None:
        return chosen
    return list(plan_rules(None if settings.schema == "voter" else [], prepared))


def _prepare_chunks(scan: pl.LazyFrame, n_rows: int, work: Path, *, side: int,
                    first_row: int, chunk_rows: int, settings: _Settings,
                    rules: list[BlockingRule] | None,
                    id_hashes: list[tuple[pl.DataType, np.ndarray]] | None = None
                    ) -> list[BlockingRule]:
    """Prepare ``scan`` chunk by chunk into ``work``; return the rules. Each chunk's ids'
    type and hashes are added to ``id_hashes`` (see :func:`_check_unique_ids`)."""
    chosen = rules
    with Background() as background:  # a chunk is written while the next is prepared
        for offset, prepared in _prepared_chunks(scan, n_rows, side=side, first_row=first_row,
                                                 chunk_rows=chunk_rows, settings=settings):
            chosen = _rules(chosen, prepared, settings)
            if id_hashes is not None:
                ids = prepared.get_column("id")
                id_hashes.append((ids.dtype, ids.hash(seed=0).to_numpy()))
            # The whole list in one chunk: void it now. Else prepare_records voided what
            # this chunk alone shows, and the rest waits for the whole count
            # (_void_and_hash); the keys are hashed now either way, so a chunk is
            # written once.
            found = placeholders(prepared.lazy()) if n_rows <= chunk_rows else None
            prepared = _voided_and_hashed(prepared, found, chosen)
            background.submit(_write_scratch, prepared,
                              work / f"s{side}-{offset:012d}.parquet")
            del prepared
    assert chosen is not None
    return chosen


def _prepare_in_memory(scans: list[pl.LazyFrame], n_by_side: list[int], *, chunk_rows: int,
                       settings: _Settings, rules: list[BlockingRule] | None
                       ) -> tuple[pl.DataFrame, list[BlockingRule]]:
    """Every list prepared into one frame, for a run that fits one bucket.

    What the on-disk steps give (the chunks aligned, each list's placeholder NIKs counted
    over the whole list and voided), without writing the list out and reading it back
    for each later step. No rule's key hash is added: one batch holds every block, and
    the blocking report counts the big blocks (:func:`~sidalih.scale.score_list`).
    """
    chosen = rules
    chunks: list[pl.DataFrame] = []
    sides: list[int] = []
    first_row = 0
    for side, (scan, n) in enumerate(zip(scans, n_by_side, strict=True)):
        for _, prepared in _prepared_chunks(scan, n, side=side, first_row=first_row,
                                            chunk_rows=chunk_rows, settings=settings):
            chosen = _rules(chosen, prepared, settings)
            chunks.append(prepared)
            sides.append(side)
        first_row += n
    assert chosen is not None
    chunks = aligned(chunks)
    lists = []
    for side in range(len(scans)):
        frames = [c for c, s in zip(chunks, sides, strict=True) if s == side]
        frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
        # A list prepared in one chunk had its placeholders counted over the whole of it
        # by prepare_records; counting them again would find the same NIKs, all voided.
        if len(frames) > 1:
            found = placeholders(frame.lazy())
            if found is not None and found.height:
                frame = void_niks(frame, found)
        lists.append(frame)
    return (pl.concat(lists, how="vertical") if len(lists) > 1 else lists[0]), chosen


def _void_and_hash(files: list[Path], rules: list[BlockingRule]) -> None:
    """Placeholder NIKs counted over the whole list (a chunk sees only its share).

    A NIK on more records than one person has carries no identity (:mod:`sidalih.prepare`);
    the chunks were hashed as they were prepared, so a chunk holding a NIK that only the
    whole count finds is voided and its rule hashes computed again (no placeholder NIK
    makes a block). A chunk where voiding changes nothing (nearly all: a NIK crowded in
    a chunk was voided there) is left as written.
    """
    found = placeholders(pl.scan_parquet(files)) if files else None
    if found is None or found.height == 0:
        return
    for path in files:
        if _voids_some(pl.scan_parquet(path), found):
            _voided_and_hashed(pl.read_parquet(path), found, rules).write_parquet(path, **SCRATCH)


def _voids_some(chunk: pl.LazyFrame, found: pl.DataFrame) -> bool:
    """Whether voiding ``found`` changes a prepared chunk (read on its NIK columns only:
    :func:`~sidalih.prepare.void_niks` touches none other)."""
    narrow = chunk.select(pl.col("^nik.*$")).collect()
    return not void_niks(narrow, found).equals(narrow)


def placeholders(prepared: pl.LazyFrame) -> pl.DataFrame | None:
    """The placeholder NIKs of a whole prepared list (None: it has no NIK column).

    Only a prepared voter list has them (``schema=None`` compares columns as given).
    """
    if "nik_placeholder" not in prepared.collect_schema().names():
        return None
    return placeholder_niks(prepared)


def _voided_and_hashed(frame: pl.DataFrame, found: pl.DataFrame | None,
                       rules: Sequence[BlockingRule]) -> pl.DataFrame:
    if found is not None and found.height:
        frame = void_niks(frame, found)
    return _hashed(frame, rules)


def _hashed(frame: pl.DataFrame, rules: Sequence[BlockingRule]) -> pl.DataFrame:
    """A prepared chunk with its rules' key hashes and its bucketing units' hashes
    (:func:`~sidalih.scale._groups.add_unit_hashes`; a voided NIK changes its unit)."""
    return add_unit_hashes(add_rule_hashes(frame, rules))


def has_id_column(columns: Sequence[str], schema: str | None) -> bool:
    """Whether the list names its rows (an ``id`` column or, for voter lists, an alias)."""
    return "id" in column_mapping(columns).values() if schema == "voter" else "id" in columns


def _with_ids(raw: pl.DataFrame, *, first_row: int, schema: str | None) -> pl.DataFrame:
    """Number rows across chunks when the list has no id column (else each chunk restarts)."""
    if has_id_column(raw.columns, schema):
        return raw
    return raw.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + first_row).alias("id"))


def _check_unique_ids(prepared: pl.LazyFrame, n_by_side: list[int], *,
                      id_hashes: Mapping[int, list[np.ndarray]] | None = None) -> None:
    """Raise :class:`DuplicateIdError` when a list repeats an id.

    ``id_hashes``: per side, the 64-bit hashes of its ids, taken as it was prepared.
    Ids of distinct hashes are distinct, so a list whose hashes are all distinct (any
    list of unique ids, but for a collision in 2**64) is not read again for its ids
    (4 s at 10M records); otherwise the ids themselves are counted.
    """
    if id_hashes is not None and all(_all_distinct(id_hashes.get(side, []), n)
                                     for side, n in enumerate(n_by_side)):
        return
    counts = (prepared.group_by(SIDE).agg(pl.col("id").n_unique().alias("n"))
              .collect(engine="streaming"))
    for side, n_unique in counts.iter_rows():
        if n_unique != n_by_side[side]:
            dupes = (prepared.filter(pl.col(SIDE) == side).group_by("id").agg(pl.len())
                     .filter(pl.col("len") > 1).head(5).collect(engine="streaming")["id"])
            raise DuplicateIdError(
                f"column 'id': {n_by_side[side] - n_unique:,} repeated ids across the "
                f"{'left' if side == 0 else 'right'} list (e.g. {dupes.to_list()}); "
                "ids must be unique")


def _all_distinct(hashes: list[np.ndarray], n: int) -> bool:
    """Whether ``hashes`` (in pieces) are ``n`` distinct values."""
    joined = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    return joined.size == n and pl.Series(joined).n_unique() == n


def _common_schema(schemas: Sequence[Mapping[str, pl.DataType]]) -> dict[str, pl.DataType]:
    """One schema for every chunk: a column all null in one chunk takes another's type,
    two types that differ become text."""
    common: dict[str, pl.DataType] = {}
    for schema in schemas:
        for name, dtype in schema.items():
            if common.get(name) in (None, pl.Null):
                common[name] = dtype
            elif dtype not in (pl.Null, common[name]):
                common[name] = pl.String()
    return common


def _conformed(frame: pl.DataFrame, common: Mapping[str, pl.DataType]) -> pl.DataFrame:
    frame = frame.with_columns(pl.lit(None).alias(c) for c in common if c not in frame.columns)
    return frame.select([pl.col(c).cast(t) for c, t in common.items()])


def aligned(frames: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """Prepared chunks given one schema, as :func:`_align_chunks` gives their files.

    Examples
    --------
    >>> a = pl.DataFrame({"x": [1], "y": [None]})
    >>> b = pl.DataFrame({"x": ["p"], "y": [2.5]})
    >>> [dict(f.schema) for f in aligned([a, b])] == [{"x": pl.String, "y": pl.Float64}] * 2
    True
    """
    common = _common_schema([f.schema for f in frames])
    # the columns' order too: two lists with the same columns in another order (one
    # given an absent field at its end) cannot be stacked
    return [f if list(f.schema.items()) == list(common.items()) else _conformed(f, common)
            for f in frames]


def _align_chunks(folder: Path, rules: Sequence[BlockingRule] = ()) -> None:
    """Give every prepared chunk one schema (a column all null in one chunk is typed);
    a chunk changed has its ``rules``' key hashes computed again, on the new types."""
    files = sorted(folder.glob("*.parquet"))
    schemas = [pl.read_parquet_schema(f) for f in files]
    common = _common_schema(schemas)
    for path, schema in zip(files, schemas, strict=True):
        if list(schema.items()) == list(common.items()):
            continue
        frame = _conformed(pl.read_parquet(path), common)
        (_hashed(frame, rules) if rules else frame).write_parquet(path, **SCRATCH)


def _train(prepared: pl.LazyFrame, settings: _Settings) -> Model:
    """Fit on whole districts (their duplicates stay together), about ``train_rows`` rows.

    Where the districts drawn hold twice that or more (a list of one district, or of
    one village: every row under one code), whole villages, and where the villages do
    too, the first ``train_rows`` rows (:func:`~sidalih.scale._batch.train_units`): the
    sample's pairs must fit the run's memory.
    """
    names = prepared.collect_schema().names()
    sample = prepared.head(settings.train_rows)
    for unit in TRAIN_UNITS:
        if unit in names:
            sizes = (prepared.group_by(unit).agg(pl.len().alias("n"))
                     .collect(engine="streaming"))
            chosen = train_units(sizes, unit, settings.train_rows, settings.seed)
            if chosen is not None:
                # rows without a code are a unit of their own, drawn like any other
                # (is_in never matches null: a list without codes trained on no row)
                sample = prepared.filter(pl.col(unit).is_in(chosen.implode(), nulls_equal=True))
                break
    # a village's pairs per row can be tens of times a district's: plan within memory,
    # and where even the smallest blocks of the sample do not fit, train on fewer rows
    frame = sample.collect()
    run = settings.run.replace(max_pairs=_pair_budget(settings))
    while True:
        try:
            return fit_sample(frame, run)
        except CapacityError:
            if frame.height <= MIN_TRAIN_ROWS:
                raise
            frame = frame.head(frame.height // 2)


def _noting(lowered: list[str], step: Callable[[], _T]) -> _T:
    """``step()``, its warnings passed on and the pair budget's (a lowered block bound)
    noted in ``lowered`` for the run's ``summary.json``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = step()
    for w in caught:
        if issubclass(w.category, CapacityWarning):
            lowered.append(str(w.message))
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return out


def _pair_budget(settings: _Settings) -> int:
    """Candidate pairs one in-memory step of the run may plan: what half ``memory_limit``
    holds, and at least :data:`MIN_PAIR_BUDGET` (a limit below the process's own size,
    as tests use to force many buckets on small lists, sizes the pieces, not the pairs)."""
    return max(MIN_PAIR_BUDGET, pairs_within(settings.memory))


def _prepare_on_disk(scans: list[pl.LazyFrame], n_by_side: list[int], prepared_dir: Path, *,
                     chunk_rows: int, settings: _Settings, rules: list[BlockingRule] | None
                     ) -> tuple[list[BlockingRule], dict[int, list[np.ndarray]] | None]:
    """Every list prepared chunk by chunk into ``prepared_dir``, voided and hashed.

    Returns the rules and, per side, the hashes of its ids (None where chunks gave
    the ids different types: aligned, two such ids may become one).
    """
    chosen = rules
    first_row = 0
    hashed: dict[int, list[tuple[pl.DataType, np.ndarray]]] = {}
    for side, (scan, n) in enumerate(zip(scans, n_by_side, strict=True)):
        _say(settings, f"prepare {'left' if side == 0 else 'right'} list")
        chosen = _prepare_chunks(scan, n, prepared_dir, side=side, first_row=first_row,
                                 chunk_rows=chunk_rows, settings=settings, rules=chosen,
                                 id_hashes=hashed.setdefault(side, []))
        first_row += n
    assert chosen is not None
    _align_chunks(prepared_dir, chosen)
    types = {dtype for pieces in hashed.values() for dtype, _ in pieces}
    id_hashes = ({side: [h for _, h in pieces] for side, pieces in hashed.items()}
                 if len(types) <= 1 else None)
    for side, n in enumerate(n_by_side):  # each list counts its own NIKs, as link() does
        if n > chunk_rows:  # a list in one chunk was voided as it was prepared
            _void_and_hash(sorted(prepared_dir.glob(f"s{side}-*.parquet")), chosen)
    return chosen, id_hashes


def _absent_as_missing(scans: list[pl.LazyFrame], model: Model) -> list[pl.LazyFrame]:
    """Each list with every voter field ``model`` compares and it lacks, empty (as
    :func:`sidalih.engine._run.absent_as_missing` does in memory), and a warning naming them."""
    absent = [absent_fields(model, scan.collect_schema().names(), prepared=False)
              for scan in scans]
    if not any(absent):
        return scans
    # warn_absent < _absent_as_missing < _write < _run < deduplicate_parquet < deduplicate
    # < caller
    warn_absent(sorted({field for fields in absent for field in fields}), stacklevel=7)
    return [scan.with_columns(pl.lit(None, dtype=pl.String).alias(field) for field in fields)
            for scan, fields in zip(scans, absent, strict=True)]


_CALLER_STAGES: ContextVar[bool] = ContextVar("sidalih_caller_stages", default=False)


@contextlib.contextmanager
def caller_stages() -> Iterator[None]:
    """Within it, a run writes its files straight into ``out``: a folder its caller staged
    and commits itself (the command line's :class:`~sidalih._folders.ResultFolder`, put in
    place only when the run was not interrupted)."""
    token = _CALLER_STAGES.set(True)
    try:
        yield
    finally:
        _CALLER_STAGES.reset(token)


def _run(sources: list[Any], out: str | os.PathLike[str], *, model: Model | None,
         settings: _Settings, workdir: str | os.PathLike[str] | None) -> PartitionedResult:
    """Run on ``sources`` (one list, or two to link) and write the result folder ``out``.

    As :meth:`sidalih.Result.to_parquet` and the command line write one
    (:class:`~sidalih._folders.ResultFolder`): staged beside ``out``, ``manifest.json``
    last, renamed into place; an earlier sidalih result there is replaced whole, a folder
    holding anything else is refused before the run, never written into.
    """
    clock = time.perf_counter()
    scans = [_scan(source) for source in sources]  # every file checked before any is written
    if _CALLER_STAGES.get():
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        return _write(sources, scans, out_dir, clock=clock, model=model, settings=settings,
                      workdir=workdir)
    inputs = [f for source in sources for f in _parquet_files(source)]
    with ResultFolder(path_argument(out, what="out"), command="link" if len(sources) == 2
                      else "dedupe", inputs=inputs) as folder:
        written = _write(sources, scans, folder.path, clock=clock, model=model,
                         settings=settings, workdir=workdir)
        target = folder.commit()
    return PartitionedResult(target, written.model, written.info)


def _write(sources: list[Any], scans: list[pl.LazyFrame], out_dir: Path, *, clock: float,
           model: Model | None, settings: _Settings,
           workdir: str | os.PathLike[str] | None) -> PartitionedResult:
    """The run on ``scans`` (of ``sources``), its files written into ``out_dir``."""
    timings: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="sidalih-", dir=workdir))
    try:
        prepared_dir = work / "prepared"
        prepared_dir.mkdir()
        chunk_rows = int(min(MAX_CHUNK_ROWS, max(MIN_CHUNK_ROWS,
                                                 settings.memory // PREPARE_BYTES_PER_ROW)))
        rules = settings.blocking_rules
        chosen = list(rules) if rules is not None else None
        if settings.schema == "voter":  # a DPT's NO repeats per TPS: number the rows
            scans = [numbered_scan(scan) for scan in scans]
        if model is not None and model.fitted and settings.schema == "voter":
            scans = _absent_as_missing(scans, model)
        n_by_side = [int(scan.select(pl.len()).collect().item()) for scan in scans]
        n_rows = sum(n_by_side)
        n_buckets = max(1, math.ceil(n_rows * SCORE_BYTES_PER_ROW / settings.memory))
        whole: pl.DataFrame | None = None
        id_hashes: dict[int, list[np.ndarray]] | None = None
        if n_buckets == 1:  # scored in one batch: the prepared list stays in memory
            _say(settings, "prepare the list in memory")
            whole, chosen = _prepare_in_memory(scans, n_by_side, chunk_rows=chunk_rows,
                                               settings=settings, rules=chosen)
            prepared = whole.lazy()
        else:
            chosen, id_hashes = _prepare_on_disk(scans, n_by_side, prepared_dir,
                                                 chunk_rows=chunk_rows, settings=settings,
                                                 rules=chosen)
            prepared = pl.scan_parquet(prepared_dir / "*.parquet")
        _check_unique_ids(prepared, n_by_side, id_hashes=id_hashes)
        timings["prepare"] = round(time.perf_counter() - clock, 3)
        trained = model is None or not model.fitted
        lowered: list[str] = []
        if model is None or not model.fitted:
            _say(settings, "train the model on a sample of whole districts")
            model = _noting(lowered, lambda: _train(prepared, settings))
        timings["train"] = round(time.perf_counter() - clock - sum(timings.values()), 3)
        tables = [frequency_tables(prepared, c.tf_column, smoothed=smoothed_tf(c))
                  for c in model.comparisons
                  if c.tf_column and c.tf_column in prepared.collect_schema().names()]

        def extra(frame: pl.DataFrame) -> pl.DataFrame:
            # slice after slice (bucketed), by key; the whole list at once, by joins
            return attach_frequencies(frame, tables, by_key=whole is None)

        plan = BatchPlan(tuple(chosen), model, linkage=len(sources) == 2,
                         max_block_size=settings.max_block_size,
                         keep_probability=settings.pairs_floor, lang=settings.lang,
                         # scored whole, the list's rows fit: its pairs must too
                         max_pairs=_pair_budget(settings) if whole is not None else None)
        pairs_dir = work / "pairs"
        pairs_dir.mkdir()
        names = prepared.collect_schema().names()
        passes = [[rule.name for rule in chosen]]
        cannot_dir = None
        if whole is not None:
            _say(settings, f"score {len(chosen)} rules on the whole list")
            big = _noting(lowered, lambda: score_one_batch(
                whole, pairs_dir, plan, extra,
                scoring_columns(chosen, model, names, len(chosen) - 1)))
        else:
            hashes, passes, cannot_dir = score_groups(
                prepared_dir, pairs_dir, work, prepared, plan, extra, n_buckets=n_buckets,
                n_rows=n_rows, names=names, say=lambda text: _say(settings, text),
                slice_rows=int(max(MIN_CHUNK_ROWS, settings.memory // BUCKET_BYTES_PER_ROW)))
            big = {u: int(h.size) for u, h in hashes.items()}
        timings["block_compare_score"] = round(time.perf_counter() - clock
                                               - sum(timings.values()), 3)
        _say(settings, "cluster")
        summary = finish(prepared, pairs_dir, out_dir, model, chosen, settings,
                          n_rows=n_rows, n_buckets=n_buckets, big=big,
                          linkage=len(sources) == 2, cannot_dir=cannot_dir)
        timings["cluster_and_write"] = round(time.perf_counter() - clock
                                             - sum(timings.values()), 3)
        summary["timings"] = timings
        summary["rule_passes"] = passes
        summary["n_by_side"] = n_by_side
        summary["trained"] = trained
        summary["blocking_lowered"] = lowered
        (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
        return PartitionedResult(out_dir, model, summary)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _settings(*, settings: Settings | None, model: Model | None, train_rows: int,
              memory_limit: int | str, progress: Callable[[str], None] | None,
              **options: Any) -> tuple[_Settings, Model | None]:
    """The run's settings (``settings``, else built from the keyword ``options``), resolved
    against ``model`` as the in-memory run does, and the partitioned run's own bounds."""
    if isinstance(train_rows, bool) or not isinstance(train_rows, int) or train_rows < 100:
        raise InvalidParameterError(f"train_rows must be an integer >= 100, got {train_rows!r}")
    if settings is None:
        settings = Settings.given(**options)
    resolved, model = resolve(settings, model)
    return _Settings(resolved, train_rows, parse_memory(memory_limit), progress), model


def deduplicate_parquet(
    source: str | os.PathLike[str] | Sequence[str],
    out: str | os.PathLike[str],
    *,
    model: Model | None = None,
    memory_limit: int | str = "4GiB",
    blocking_rules: Sequence[BlockingRule] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str = PEMILU_2024,
    settings: Settings | None = None,
    max_block_size: int = 2_000,
    pairs_floor: float = 0.5,
    seed: int = 0,
    u_pairs: int = 1_000_000,
    train_rows: int = 500_000,
    workdir: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> PartitionedResult:
    """Deduplicate a Parquet list of any size with bounded memory; results go to ``out``.

    Gives the clusters :func:`sidalih.deduplicate` gives on the same list with the same
    ``model`` (without one, a model is trained on whole districts, about ``train_rows``
    rows). ``memory_limit`` sets the piece size, which bounds the memory of preparing and
    scoring whatever the input size; on top of it come the process itself (~0.4 GiB),
    one block scored whole however large, and per-row state of the final steps (ids,
    cluster labels, name frequencies: ~0.2 KiB per record, 3.5 GiB peak at 10M records
    with a 1 GiB limit).

    ``out`` is written as :meth:`sidalih.Result.to_parquet` writes a folder: staged beside
    it, ``manifest.json`` last, renamed into place once complete. It may be absent, empty
    or an earlier sidalih result, which is replaced whole; a folder holding anything else
    is refused before the run, never written into.

    Examples
    --------
    >>> import tempfile, os, sidalih
    >>> from sidalih.synth import voters
    >>> d = tempfile.mkdtemp()
    >>> voters(2_000, seed=1).voters.write_parquet(os.path.join(d, "dpt.parquet"))
    >>> res = deduplicate_parquet(os.path.join(d, "dpt.parquet"), os.path.join(d, "out"),
    ...                           memory_limit="2MiB", u_pairs=20_000)
    >>> res.clusters.height, res.info["n_buckets"] > 1
    (2000, True)
    """
    run, model = _settings(settings=settings, model=model, train_rows=train_rows,
                           memory_limit=memory_limit, progress=progress,
                           blocking_rules=blocking_rules, threshold=threshold, schema=schema,
                           election_date=election_date, max_block_size=max_block_size,
                           pairs_floor=pairs_floor, seed=seed, u_pairs=u_pairs)
    return _run([source], out, model=model, settings=run, workdir=workdir)


def link_parquet(
    left: str | os.PathLike[str] | Sequence[str],
    right: str | os.PathLike[str] | Sequence[str],
    out: str | os.PathLike[str],
    *,
    model: Model | None = None,
    memory_limit: int | str = "4GiB",
    blocking_rules: Sequence[BlockingRule] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str = PEMILU_2024,
    settings: Settings | None = None,
    max_block_size: int = 2_000,
    pairs_floor: float = 0.5,
    seed: int = 0,
    u_pairs: int = 1_000_000,
    train_rows: int = 500_000,
    workdir: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> PartitionedResult:
    """Link two Parquet lists of any size with bounded memory (see :func:`deduplicate_parquet`).

    ``clusters.parquet`` lists the left ids then the right ids; a cluster id is the
    smallest id in the cluster, so give the two lists ids that do not collide.
    """
    run, model = _settings(settings=settings, model=model, train_rows=train_rows,
                           memory_limit=memory_limit, progress=progress,
                           blocking_rules=blocking_rules, threshold=threshold, schema=schema,
                           election_date=election_date, max_block_size=max_block_size,
                           pairs_floor=pairs_floor, seed=seed, u_pairs=u_pairs)
    return _run([left, right], out, model=model, settings=run, workdir=workdir)
