"""The library's entry points: :func:`deduplicate` and :func:`link`.

>>> import polars as pl
>>> import sidalih
>>> voters = pl.DataFrame({
...     "NIK": ["3271014101900001", "3271014101900001", "3271010202850003"],
...     "NAMA": ["SITI AMINAH", "Siti Aminah", "BUDI SANTOSO"],
...     "TANGGAL LAHIR": ["01-01-1990", "01-01-1990", "02-02-1985"]})
>>> result = sidalih.deduplicate(voters, model=None, u_pairs=100)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import caller_rows, frame_to_polars
from sidalih.api._result import Explanation, Result, Summary
from sidalih.compare import Comparison
from sidalih.engine import Model, Settings, prepare_records, resolve, run, voter_comparisons
from sidalih.engine._settings import DEFAULT_THRESHOLD, MAX_BLOCK_SIZE
from sidalih.errors import InputTypeError, InvalidParameterError, SchemaError

__all__ = ["deduplicate", "link", "Model", "Result", "Explanation", "Summary", "Settings",
           "voter_comparisons", "MAX_BLOCK_SIZE", "DEFAULT_THRESHOLD"]


def _clock() -> Callable[[], float]:
    start = [time.perf_counter()]

    def lap() -> float:
        now = time.perf_counter()
        elapsed, start[0] = now - start[0], now
        return round(elapsed, 3)

    return lap


def deduplicate(
    voters: Any,
    *,
    model: Model | None = None,
    comparisons: Sequence[Comparison] | None = None,
    blocking_rules: Sequence[Any] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str | None = None,
    lang: str = "id",
    seed: int = 0,
    u_pairs: int = 1_000_000,
    max_block_size: int | None = None,
    pairs_floor: float = 0.5,
    max_pairs: int | None = None,
    memory_limit: int | str | None = None,
    out: str | os.PathLike[str] | None = None,
) -> Any:
    """Find the records of one list that are one person, and say why.

    Parameters
    ----------
    voters
        A pandas, polars or pyarrow frame; canonical, KPU or English headers. A pandas
        index named as an id (``id``, ``unique_id``, ``NO``...) gives the ids when no
        column does; ``clusters`` comes back on the frame's index (see :class:`Result`).
    model
        A trained :class:`Model` (e.g. ``Model.load("model.json")``): score without
        training. By default a model is trained on this list.
    comparisons, blocking_rules
        Override the defaults (:func:`voter_comparisons`, ``sidalih.blocking.default_rules``).
    threshold
        Match probability at or above which a pair joins a cluster, in (0, 1]: at 1 only
        pairs of probability 1 merge (and identical records, as at any threshold).
        Default: the given model's own threshold, else :data:`DEFAULT_THRESHOLD` (0.8).
    schema
        ``"voter"`` reads the list as a voter list; ``None`` compares any columns
        (then pass ``comparisons`` and ``blocking_rules``, or a trained ``model``:
        without them :class:`~sidalih.errors.InvalidParameterError` says so).
    election_date
        Resolves two-digit NIK years; never "today".
    lang
        Language of the reasons: ``"id"`` (default) or ``"en"``.
    seed
        Seed of the random pairs that estimate u: same input and seed, same output.
    pairs_floor
        Pairs scored at or above this probability are listed in ``Result.pairs``.
    max_pairs
        Candidate pairs an in-memory run may plan (default: what half this machine's
        memory holds, at 64 bytes a pair). A list whose blocks plan more (one village
        code on every row) is blocked with a lower block bound, which a warning,
        ``Result.summary()`` and the blocking report state (only such a list's pairs
        depend on the machine's memory); :class:`~sidalih.errors.CapacityError` where
        even blocks of a few rows give more. Not for a Parquet path (``memory_limit``
        bounds that run).
    memory_limit, out
        For a list larger than memory: give ``voters`` as a Parquet path (file, folder
        glob or list of files), the memory to stay within (``"8GiB"``) and a folder for
        the results; the list is processed piece by piece (:mod:`sidalih.scale`) and a
        :class:`sidalih.scale.PartitionedResult` comes back, with the same clusters.
    """
    settings = Settings.given(comparisons=comparisons, blocking_rules=blocking_rules,
                              threshold=threshold, schema=schema, election_date=election_date,
                              lang=lang, seed=seed, u_pairs=u_pairs,
                              max_block_size=max_block_size, pairs_floor=pairs_floor,
                              max_pairs=max_pairs)
    _as_given_needs_its_own(settings, model)
    if _is_path(voters):
        _in_memory_only(max_pairs)
        from sidalih.scale import deduplicate_parquet

        return deduplicate_parquet(
            voters, _out_folder(out), model=model,
            memory_limit="4GiB" if memory_limit is None else memory_limit, settings=settings)
    _no_partition_options(memory_limit, out)
    settings, model = resolve(settings, model)
    frame, kind = frame_to_polars(voters)
    clock = _clock()
    timings: dict[str, float] = {}
    records = prepare_records(frame, schema=settings.schema,
                              reference_date=settings.election_date)
    timings["prepare"] = clock()
    scored = run(records, settings, model=model, timings=timings, clock=clock)
    return Result(scored, kind=kind, lang=settings.lang, pairs_floor=settings.pairs_floor,
                  rows=caller_rows(voters))


def link(
    left: Any,
    right: Any,
    *,
    model: Model | None = None,
    comparisons: Sequence[Comparison] | None = None,
    blocking_rules: Sequence[Any] | None = None,
    threshold: float | None = None,
    schema: str | None = "voter",
    election_date: dt.date | str | None = None,
    lang: str = "id",
    seed: int = 0,
    u_pairs: int = 1_000_000,
    max_block_size: int | None = None,
    pairs_floor: float = 0.5,
    max_pairs: int | None = None,
    memory_limit: int | str | None = None,
    out: str | os.PathLike[str] | None = None,
) -> Any:
    """Find the records of ``left`` and ``right`` that are one person (pairs across only).

    Ids need only be unique within each list; ``Result.clusters`` carries a ``source``
    column (``"l"`` or ``"r"``) and cluster ids of the form ``"l:<id>"``/``"r:<id>"``.
    Its rows come from two lists, so no one pandas index can carry them: it has a fresh
    index, and rows go back to their list by ``source`` and ``id`` (an index named as an
    id gives a list's ids, as in :func:`deduplicate`).
    Options are those of :func:`deduplicate` (two Parquet paths with ``memory_limit`` and
    ``out`` link lists larger than memory).
    """
    settings = Settings.given(comparisons=comparisons, blocking_rules=blocking_rules,
                              threshold=threshold, schema=schema, election_date=election_date,
                              lang=lang, seed=seed, u_pairs=u_pairs,
                              max_block_size=max_block_size, pairs_floor=pairs_floor,
                              max_pairs=max_pairs)
    _as_given_needs_its_own(settings, model)
    if _both_paths(left, right):
        _in_memory_only(max_pairs)
        from sidalih.scale import link_parquet

        return link_parquet(
            left, right, _out_folder(out), model=model,
            memory_limit="4GiB" if memory_limit is None else memory_limit, settings=settings)
    _no_partition_options(memory_limit, out)
    settings, model = resolve(settings, model)
    frame_l, kind = frame_to_polars(left)
    frame_r, _ = frame_to_polars(right)
    clock = _clock()
    timings: dict[str, float] = {}
    records_l = _prepare_list(frame_l, "left", settings)
    records_r = _prepare_list(frame_r, "right", settings)
    if records_l.schema != records_r.schema:
        records_l, records_r = _align(records_l, records_r)
    records = pl.concat([records_l, records_r], how="vertical")
    timings["prepare"] = clock()
    scored = run(records, settings, model=model, other_rows=records_r.height, timings=timings,
                 clock=clock)
    sources = np.array(["l"] * records_l.height + ["r"] * records_r.height, dtype=object)
    return Result(scored, kind=kind, lang=settings.lang, pairs_floor=settings.pairs_floor,
                  sources=sources)


def _is_path(value: Any) -> bool:
    """A Parquet list given by path: a file, a folder glob or a list of files."""
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(v, (str, os.PathLike)) for v in value)
    return isinstance(value, (str, os.PathLike))


def _both_paths(left: Any, right: Any) -> bool:
    """Whether two lists are both given by path; one path and one frame is refused."""
    left_path, right_path = _is_path(left), _is_path(right)
    if left_path != right_path:
        framed = "left" if right_path else "right"
        raise InputTypeError(
            f"link() got one list as a Parquet path and the {framed} one as "
            f"{type(left if right_path else right).__name__}: give both as Parquet paths "
            "(write the frame with frame.write_parquet('list.parquet')) for a run larger "
            "than memory, or both as frames")
    return left_path


def _out_folder(out: str | os.PathLike[str] | None) -> str | os.PathLike[str]:
    if out is None:
        raise InvalidParameterError(
            "a list given as a Parquet path is processed piece by piece and its results "
            "written to disk: pass out='folder' (and memory_limit='8GiB')")
    if os.path.exists(out) and not os.path.isdir(out):
        raise InvalidParameterError(f"out must be a folder, but {os.fspath(out)!r} is a file")
    return out


def _as_given_needs_its_own(settings: Settings, model: Model | None) -> None:
    """Refuse ``schema=None`` without comparisons or blocking rules (or a model to bring them).

    The defaults read a prepared voter list (``nama_key``, ``kode_kec``...), which columns
    compared as given are not: they applied where a raw column happened to share a name
    (a NIK, a family card) and were dropped elsewhere, so a run went on without comparing
    the name, and twins merged.
    """
    if settings.schema is not None or model is not None:
        return
    built = {"comparisons": "sidalih.compare", "blocking_rules": "sidalih.blocking.block_on"}
    missing = [f"{name}= ({where})" for name, where in built.items()
               if getattr(settings, name) is None]
    if missing:
        raise InvalidParameterError(
            "schema=None compares the columns as given, which the default comparisons and "
            f"blocking rules (written for a voter list) cannot read: pass {' and '.join(missing)}"
            ", a trained model=, or schema='voter'")


def _in_memory_only(max_pairs: Any) -> None:
    if max_pairs is not None:
        raise InvalidParameterError(
            "max_pairs bounds an in-memory run; a list given as a Parquet path is blocked "
            "piece by piece within memory_limit")


def _no_partition_options(memory_limit: Any, out: Any) -> None:
    if memory_limit is not None or out is not None:
        raise InvalidParameterError(
            "memory_limit and out apply to a list given as a Parquet path; a frame in "
            "memory is processed in memory (write it to Parquet to process it in pieces)")


def _prepare_list(frame: pl.DataFrame, side: str, settings: Settings) -> pl.DataFrame:
    try:
        return prepare_records(frame, schema=settings.schema,
                               reference_date=settings.election_date)
    except SchemaError as exc:  # the same problem may sit in either list: say which
        headline = str(exc.args[0]).split("\n", 1)[0]  # the problems follow on their own lines
        raise type(exc)(f"the {side} list: {headline}", problems=exc.problems) from exc


def _align(a: pl.DataFrame, b: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Give both lists the same columns and types (missing columns become null)."""
    columns = list(dict.fromkeys([*a.columns, *b.columns]))
    out = []
    for frame in (a, b):
        missing = [c for c in columns if c not in frame.columns]
        frame = frame.with_columns(pl.lit(None).alias(c) for c in missing)
        out.append(frame.select(columns))
    schema_a, schema_b = out[0].schema, out[1].schema
    casts_a: dict[str, pl.DataType] = {}
    casts_b: dict[str, pl.DataType] = {}
    for column in columns:
        ta, tb = schema_a[column], schema_b[column]
        if ta == tb:
            continue
        if ta == pl.Null:
            casts_a[column] = tb
        elif tb == pl.Null:
            casts_b[column] = ta
        elif ta.is_nested() or tb.is_nested():
            # Lists or structs have no cast to text: show each cell as Python prints it,
            # so an unknown column still passes through on both sides.
            out = [f.with_columns(_printed(f[column])) for f in out]
        else:
            casts_a[column] = casts_b[column] = pl.String()
    return (out[0].with_columns(pl.col(c).cast(t) for c, t in casts_a.items()),
            out[1].with_columns(pl.col(c).cast(t) for c, t in casts_b.items()))


def _printed(series: pl.Series) -> pl.Series:
    return pl.Series(series.name, [None if v is None else str(v) for v in series.to_list()],
                     dtype=pl.String)
