"""``sidalih explain RESULT_DIR ID_A ID_B``: why two records were (or were not) matched.

The result folder of ``sidalih dedupe`` (or ``link``) holds the trained model and the
standardised input. The pair is scored again with that model over the whole list (term
frequencies are list-wide, so the weights are those of the run) but without blocking,
which is the costly stage; whether the two share a cluster is read from the folder's
``clusters`` table. A folder that is not a complete result (no ``manifest.json``, a file
missing or cut short: a run was stopped while writing) is refused before anything is read.
A folder written out of core (``--memory-limit``) keeps no copy of its list, so it has
nothing to compare: explain says so, and where the pairs it kept have their reasons.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich import box
from rich.table import Table

import sidalih
from sidalih._folders import check_folder
from sidalih.api._result import heading
from sidalih.blocking import block_on
from sidalih.cli._common import (
    Lang,
    LangOpt,
    QuietOpt,
    friendly_errors,
    ids_as,
    stdout_console,
)
from sidalih.cli._progress import Stages
from sidalih.errors import DataFileError, InputTypeError, InvalidParameterError, mask_long_digits
from sidalih.io import read_table

__all__ = ["explain_command", "explain_pair"]

EXAMPLE = "Example:  sidalih explain hasil-ganda 000123 000987 --lang en"

# Ids are unique, so this rule makes no candidate pairs: the one pair asked about is
# scored directly, and the costly blocking stage is skipped.
_NO_BLOCKING = [block_on("id", name="explain_only")]


def _need(folder: Path, files: dict[str, int], name: str) -> Path:
    if name == "model.json" and name not in files and "clusters.parquet" in files:
        raise DataFileError(
            f"{folder} holds no model.json: its list was too small to pair, so no model was "
            "trained and there is nothing to explain"
        )
    if name not in files:
        raise DataFileError(
            f"{folder} is not a sidalih dedupe or link result: it holds no {name} "
            "(make one with `sidalih dedupe FILE --out FOLDER`)"
        )
    return folder / name


def _no_records(folder: Path, files: dict[str, int], command: str) -> DataFileError:
    """Why a folder with a model and clusters holds nothing to compare the two records.

    An out-of-core run (``--memory-limit``) keeps no copy of its list: the list is one
    larger than memory, and a copy would double it on disk. Its summary says how much
    memory it ran in, and that is how such a folder is known.
    """
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = None
    if not (isinstance(summary, dict) and "memory_limit" in summary):
        return DataFileError(
            f"{folder} holds no records.parquet (nor records_l.parquet and "
            "records_r.parquet): explain compares the two records again and needs the list "
            "(make the folder with `sidalih dedupe FILE --out FOLDER`)")
    pairs = next((f"pairs.{suffix}" for suffix in ("parquet", "csv", "xlsx")
                  if f"pairs.{suffix}" in files), "pairs.parquet")
    again = ("sidalih link FILE_A FILE_B --out FOLDER" if command == "link"
             else "sidalih dedupe FILE --out FOLDER")
    return DataFileError(
        f"{folder} was written out of core (--memory-limit), which keeps no copy of the "
        f"list (no records.parquet): explain needs the two records' values to compare them "
        f"again. Its {pairs} lists the pairs it kept (match probability 0.5 or more, one "
        "NIK on two people, identical records), each with its reasons; to explain any "
        f"pair, run `{again}` without --memory-limit where the list fits in memory")


def _read_parquet(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DataFileError(f"cannot read {path}: {first}; run the command again") from None


def _clusters(folder: Path, files: dict[str, int]) -> pl.DataFrame:
    for suffix in ("parquet", "csv", "xlsx"):
        if f"clusters.{suffix}" in files:
            found = read_table(folder / f"clusters.{suffix}")
            return found.with_columns(pl.col("id", "cluster_id").cast(pl.String))
    raise DataFileError(f"{folder} holds no clusters table (clusters.parquet/.csv/.xlsx)")


def _cluster_of(clusters: pl.DataFrame, record_id: Any, source: str | None) -> str | None:
    hit = clusters.filter(pl.col("id") == str(record_id))
    if source is not None:
        hit = hit.filter(pl.col("source") == source)
    return hit["cluster_id"][0] if hit.height else None


def _strip(record_id: str, prefix: str) -> str:
    return record_id[len(prefix) :] if record_id.startswith(prefix) else record_id


def explain_pair(folder: Path, id_a: str, id_b: str, *, lang: str = "id") -> sidalih.Explanation:
    """Explain the pair ``id_a``, ``id_b`` of a result folder (ids as typed, converted).

    For a linkage folder ``id_a`` is a record of list A and ``id_b`` one of list B
    (``l:``/``r:`` prefixes, as in the clusters table, are accepted). Each id is one
    id as text (``"000123"``, converted to the id column's type): anything else, a
    list of ids included, is an :class:`~sidalih.errors.InputTypeError`.
    """
    bad = [f"{name} must be one record id as text, as typed (e.g. '000123'), got "
           f"{type(value).__name__}" for name, value in (("id_a", id_a), ("id_b", id_b))
           if not isinstance(value, str)]
    if bad:
        raise InputTypeError("; ".join(bad))
    manifest = check_folder(folder)
    files = manifest.files
    model = sidalih.Model.load(_need(folder, files, "model.json"))
    clusters = _clusters(folder, files)
    if "records.parquet" not in files and "records_l.parquet" not in files:
        raise _no_records(folder, files, manifest.command)
    if "records.parquet" in files:
        records = _read_parquet(folder / "records.parquet")
        a, b = ids_as([id_a, id_b], records["id"].dtype)
        result = sidalih.deduplicate(records, model=model, blocking_rules=_NO_BLOCKING, lang=lang)
        explanation = result.explain(a, b)
        cluster_a, cluster_b = _cluster_of(clusters, a, None), _cluster_of(clusters, b, None)
    else:
        left = _read_parquet(_need(folder, files, "records_l.parquet"))
        right = _read_parquet(_need(folder, files, "records_r.parquet"))
        (a,) = ids_as([_strip(id_a, "l:")], left["id"].dtype)
        (b,) = ids_as([_strip(id_b, "r:")], right["id"].dtype)

        def tagged(frame: pl.DataFrame, tag: str) -> pl.DataFrame:
            return frame.with_columns((pl.lit(tag) + pl.col("id").cast(pl.String)).alias("id"))

        result = sidalih.link(
            tagged(left, "l:"),
            tagged(right, "r:"),
            model=model,
            blocking_rules=_NO_BLOCKING,
            lang=lang,
        )
        explanation = replace(result.explain(f"l:{a}", f"r:{b}"), id_l=a, id_r=b)
        cluster_a, cluster_b = _cluster_of(clusters, a, "l"), _cluster_of(clusters, b, "r")
    missing = [str(i) for i, c in ((a, cluster_a), (b, cluster_b)) if c is None]
    if missing:
        raise InvalidParameterError(f"id {', '.join(missing)} is not in {folder}'s clusters table")
    same = cluster_a == cluster_b
    # A vetoed pair is cannot-link, so two records of one cluster are matched.
    return replace(explanation, same_cluster=same, matched=same)


def _render(explanation: sidalih.Explanation, lang: str) -> list[Any]:
    e = explanation
    # the folder's clusters say whether the two are one person: that ends the line
    if lang == "id":
        head = heading(e, lang=lang,
                       outcome="satu klaster" if e.same_cluster else "klaster berbeda")
        columns = ["perbandingan", "kiri", "kanan", "tingkat", "bobot"]
    else:
        head = heading(e, lang=lang,
                       outcome="one cluster" if e.same_cluster else "different clusters")
        columns = ["comparison", "left", "right", "level", "weight"]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i, name in enumerate(columns):
        table.add_column(name, justify="right" if i == 4 else "left")
    table.add_row("prior", "", "", "", f"{e.prior_weight:+.2f}")
    for row in e.table.iter_rows(named=True):
        # Any compared value may hold a NIK (a birth place typed into the wrong column).
        cells = (mask_long_digits(str(row[k])) for k in ("comparison", "left", "right", "level"))
        table.add_row(*cells, f"{row['weight']:+.2f}")
    return [head, table, mask_long_digits(e.text)]


@friendly_errors
def explain_command(
    result_dir: Annotated[
        Path, typer.Argument(help="Folder written by sidalih dedupe or link.", show_default=False)
    ],
    id_a: Annotated[str, typer.Argument(help="Id of the first record.", show_default=False)],
    id_b: Annotated[str, typer.Argument(help="Id of the second record.", show_default=False)],
    lang: LangOpt = Lang.id,
    quiet: QuietOpt = False,
) -> None:
    """Say why two records were (or were not) matched: each comparison and its weight."""
    with Stages(quiet=quiet) as stages, stages.stage("explain", "scoring the pair"):
        explanation = explain_pair(result_dir, id_a, id_b, lang=lang.value)
    console = stdout_console()
    for part in _render(explanation, lang.value):
        console.print(part)
