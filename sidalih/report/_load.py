"""Read what result folders hold into one :class:`Run`: the report's and worklists' input.

A folder is a complete sidalih result (its manifest checked first, see
:mod:`sidalih._folders`) of ``dedupe``, ``link`` or ``check``, or one written by
:meth:`sidalih.Result.to_parquet`. Several folders of one list (a dedupe and a check
result) make one run, and are refused unless they are of one list (:mod:`._onelist`).
Anything a folder lacks is ``None`` here; the page says so.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from sidalih._folders import check_folder
from sidalih._frames import frame_to_polars
from sidalih.errors import (
    DataFileError,
    InputTypeError,
    InvalidParameterError,
    SidalihError,
    format_rows,
)
from sidalih.io import read_table
from sidalih.report._onelist import ListSeen, check_one_list, locate
from sidalih.schema import standardise_polars

__all__ = ["Run", "load_run", "find_table"]

_TABLE_SUFFIXES = ("parquet", "csv", "xlsx")


@dataclass
class Run:
    """Everything the report and the worklists read, from one or more result folders."""

    folders: list[Path]
    commands: list[str]
    manifests: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    check_summary: dict[str, Any] = field(default_factory=dict)
    clusters: pl.DataFrame | None = None
    pairs: pl.DataFrame | None = None
    findings: pl.DataFrame | None = None
    blocking: pl.DataFrame | None = None
    model: Any = None
    records: pl.DataFrame | None = None
    """Standardised list rows, ``id`` as text (a linkage's two lists stacked, ``source``)."""
    lists: list[ListSeen] = field(default_factory=list)
    """What each input says about its list: they must be of one (:mod:`._onelist`)."""

    @property
    def is_link(self) -> bool:
        return self.clusters is not None and "source" in self.clusters.columns


def find_table(folder: Path, files: Sequence[str], name: str) -> Path | None:
    """The path of table ``name`` in any format the commands write, or None."""
    for suffix in _TABLE_SUFFIXES:
        if f"{name}.{suffix}" in files:
            return folder / f"{name}.{suffix}"
    return None


def _read(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path) if path.suffix == ".parquet" else read_table(path)
    except SidalihError:
        raise
    except (OSError, pl.exceptions.PolarsError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DataFileError(f"cannot read {path}: {first}; run the command again") from None


def _ids_as_text(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    present = [c for c in columns if c in frame.columns]
    return frame.with_columns(pl.col(present).cast(pl.String)) if present else frame


# CSV and XLSX hold every cell as text; the report sorts by weight and negates
# ``matched``, so the pairs table gets back the types the Parquet form has.
_PAIR_TYPES: dict[str, pl.DataType] = {"match_weight": pl.Float64(),
                                       "match_probability": pl.Float64()}
_TRUTH = {"true": True, "false": False, "1": True, "0": False}


def _pair_type(column: str) -> pl.DataType | None:
    if column == "matched":
        return pl.Boolean()
    return pl.Int8() if column.startswith("level_") else _PAIR_TYPES.get(column)


def _typed_pairs(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    casts: list[pl.Expr] = []
    for column in frame.columns:
        dtype = _pair_type(column)
        if dtype is None or frame.schema[column] != pl.String:
            continue
        text = pl.col(column).str.strip_chars()
        text = pl.when(text == "").then(None).otherwise(text)
        if dtype == pl.Boolean:
            typed = text.str.to_lowercase().replace_strict(_TRUTH, default=None,
                                                           return_dtype=pl.Boolean)
        else:
            typed = text.cast(pl.Float64, strict=False).cast(dtype, strict=False)
        casts.append(typed.alias(column))
        bad = frame.with_row_index("_row", offset=2).filter(
            text.is_not_null() & typed.is_null())  # row 1 is the header
        if bad.height:
            raise DataFileError(
                f"cannot read {path}: column {column!r} should hold {dtype} values but rows "
                f"{format_rows(bad['_row'].to_list())} do not; write the result again "
                "with the command")
    return frame.with_columns(casts) if casts else frame


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read {path}: {exc}; run the command again") from None
    return data if isinstance(data, dict) else {}


def _load_records(folder: Path, files: Sequence[str]) -> pl.DataFrame | None:
    if "records.parquet" in files:
        return _ids_as_text(_read(folder / "records.parquet"), "id")
    parts = []
    for side in ("l", "r"):
        if f"records_{side}.parquet" in files:
            part = _ids_as_text(_read(folder / f"records_{side}.parquet"), "id")
            parts.append(part.with_columns(source=pl.lit(side)))
    return pl.concat(parts, how="diagonal_relaxed") if parts else None


def records_of_list(path: str | os.PathLike[str]) -> pl.DataFrame:
    """A voter list read and standardised as the commands do, ``id`` as text."""
    return _ids_as_text(standardise_polars(read_table(Path(path))), "id")


def _load_one(run: Run, folder: Path) -> None:
    manifest = check_folder(folder)
    files = list(manifest.files)
    command = manifest.command
    run.folders.append(folder)
    run.commands.append(command)
    run.manifests.append({"folder": str(folder), "command": command,
                          "run_id": manifest.run_id, "created": manifest.created,
                          "sidalih_version": manifest.sidalih_version})
    summary = _json(folder / "summary.json") if "summary.json" in files else {}
    clusters = find_table(folder, files, "clusters")
    findings = find_table(folder, files, "findings")
    if clusters is None and findings is None:
        raise DataFileError(
            f"{folder} is a sidalih {command} result with neither a clusters nor a findings "
            "table: give the folder of `sidalih dedupe`, `sidalih link` or `sidalih check`")
    if clusters is not None:
        if run.clusters is not None:
            raise InvalidParameterError(
                "give at most one dedupe (or link) result folder and one check folder; "
                f"{folder} is a second dedupe result")
        run.summary = summary
        run.clusters = _ids_as_text(_read(clusters), "id", "cluster_id")
        pairs = find_table(folder, files, "pairs")
        if pairs is not None:
            run.pairs = _typed_pairs(_ids_as_text(_read(pairs), "id_l", "id_r"), pairs)
        if "blocking.parquet" in files:
            run.blocking = _read(folder / "blocking.parquet")
        elif isinstance(summary.get("blocking"), list):
            run.blocking = pl.DataFrame(summary["blocking"])
        if "model.json" in files:
            from sidalih import Model

            run.model = Model.load(folder / "model.json")
        records = _load_records(folder, files)
        run.records = records if run.records is None else run.records
        if not run.is_link:  # a link folder holds two lists
            name = _recorded_input(summary)
            run.lists.append(ListSeen(
                f"the {command} result {folder}", run.clusters["id"], every_row=True,
                n_rows=run.clusters.height, name=name, path=locate(name, [folder]),
                rows=records))
    if findings is not None:
        if run.findings is not None:
            raise InvalidParameterError(
                f"give at most one check result folder; {folder} is a second one")
        run.findings = _ids_as_text(_read(findings), "id")
        run.check_summary = summary if command == "check" else summary.get("check", {})
        if clusters is None:  # a demo folder holds its own list's check
            n_rows, name = run.check_summary.get("n_rows"), _recorded_input(run.check_summary)
            run.lists.append(ListSeen(
                f"the {command} result {folder}", run.findings["id"], every_row=False,
                n_rows=n_rows if isinstance(n_rows, int) else None, name=name,
                path=locate(name, [folder])))


def _recorded_input(summary: dict[str, Any]) -> str | None:
    """The list file a command's ``summary.json`` records it read, or None."""
    name = summary.get("input")
    return name if isinstance(name, str) and name else None


def _input_list(run: Run) -> Path | None:
    """The checked list named in a check summary, where it can still be found."""
    return locate(run.check_summary.get("input"), run.folders)


def _given_records(voters: Any) -> pl.DataFrame:
    """The list given as ``voters``: a file path, or a pandas, polars or pyarrow frame."""
    if isinstance(voters, (str, os.PathLike)):
        return records_of_list(voters)
    try:
        frame, _ = frame_to_polars(voters)
    except InputTypeError:
        raise InputTypeError(
            f"voters must be the voter list as a file path or a pandas, polars or pyarrow "
            f"frame, got {type(voters).__name__}") from None
    return _ids_as_text(standardise_polars(frame), "id")


def load_run(folders: Sequence[str | os.PathLike[str]], *, voters: Any = None) -> Run:
    """Read one or more result folders of one list (a dedupe result and a check result).

    ``voters``, the list itself (a file path, or a pandas, polars or pyarrow frame),
    gives the check findings their
    villages and the worklists their rows when no dedupe folder holds the records;
    without it, the list named in the check's ``summary.json`` is read if it is there.

    Examples
    --------
    >>> import tempfile
    >>> load_run([tempfile.mkdtemp()])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sidalih.errors.DataFileError: ... is not a complete sidalih result: it has no manifest.json ...
    """
    if not folders:
        raise InvalidParameterError("give at least one result folder")
    run = Run(folders=[], commands=[])
    for folder in folders:
        _load_one(run, Path(folder))
    if voters is not None:
        run.records = _given_records(voters)
    elif run.records is None and run.findings is not None:
        found = _input_list(run)
        if found is not None:
            try:
                run.records = records_of_list(found)
            except SidalihError:  # changed since the check ran: do without
                run.records = None
    if voters is not None and run.records is not None and not run.is_link:
        given = Path(voters) if isinstance(voters, (str, os.PathLike)) else None
        run.lists.append(ListSeen(
            "the list given" if given is None else f"the list {given}", run.records["id"],
            every_row=True, n_rows=run.records.height,
            name=None if given is None else str(given), path=given, rows=run.records,
            given=True))
    check_one_list(run.lists, read=records_of_list)
    return run
