"""``sidalih registry create|add|match|remove|recount|history``: the persistent voter registry.

Errors follow the other commands (:mod:`sidalih.cli._common`): bad input or a registry
another process is updating is one ``sidalih: error:`` line and exit 2; tables go to
stdout (CSV with ``--csv``), progress to stderr on a terminal. No NIK is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sidalih.cli._common import QuietOpt, friendly_errors, stdout_console
from sidalih.cli._progress import Stages
from sidalih.errors import InvalidParameterError, mask_long_digits
from sidalih.io import read_table

__all__ = ["app", "EXAMPLE", "masked_cells"]

EXAMPLE = ("Example: sidalih registry create dpt/ dpt.csv --election-date 2029-02-14; "
           "sidalih registry match dpt/ --field nama='SITI AMINAH' --field tanggal_lahir=1990-01-01")

app = typer.Typer(help="A persistent registry: stable person ids, look-ups, an audit trail.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

FolderArg = Annotated[Path, typer.Argument(help="The registry folder.", file_okay=False)]
ListArg = Annotated[Path, typer.Argument(help="A .csv/.parquet/.xlsx voter list.",
                                         dir_okay=False, exists=True)]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the table as CSV.")]


def masked_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with NIK-like numbers masked cell by cell, never across a separator.

    Masking the printed text instead would read CSV cells joined by a comma
    (``100,000000101``: a query number and a record id) as one long number and mask it.
    Integer columns that could hold a NIK become text; other columns are kept as they are.

    Examples
    --------
    >>> frame = pl.DataFrame({"query": [100], "id": ["000000101"], "nik": ["3271014101900001"]})
    >>> print(masked_cells(frame).write_csv(), end="")
    query,id,nik
    100,000000101,3271********0001
    """
    columns = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String and not dtype.is_integer():
            continue
        text = frame[name].cast(pl.String)
        masked = text.map_elements(mask_long_digits, return_dtype=pl.String, skip_nulls=True)
        if not masked.equals(text, null_equal=True):  # an integer column stays a number
            columns.append(masked.alias(name))
    return frame.with_columns(columns)


def _show(frame: pl.DataFrame, csv: bool) -> None:
    # floats rounded: 16 decimals would read as a NIK to the masking
    frame = masked_cells(frame.with_columns(pl.col(pl.Float64).round(4)))
    if csv:
        typer.echo(frame.write_csv(), nl=False)
        return
    console = stdout_console()
    with pl.Config(tbl_rows=50, fmt_str_lengths=80, tbl_width_chars=160):
        console.print(str(frame), markup=False, highlight=False)


@app.command("create", epilog=EXAMPLE)
@friendly_errors
def create_command(folder: FolderArg, voters: ListArg,
                   election_date: Annotated[str, typer.Option(
                       "--election-date", help="Polling day (YYYY-MM-DD).")],
                   quiet: QuietOpt = False, csv: CsvOpt = False) -> None:
    """Deduplicate a list and store it as a new registry with person ids."""
    from sidalih.registry import Registry

    with Stages(quiet=quiet) as stages:
        with stages.stage("read", "reading the list"):
            frame = read_table(voters)
        with stages.stage("create", "deduplicating and storing"):
            reg = Registry.create(folder, frame, election_date=election_date)
    persons = reg.persons()
    _show(pl.DataFrame({"records": [persons.height],
                        "persons": [persons["person_id"].n_unique()]}), csv)


@app.command("add")
@friendly_errors
def add_command(folder: FolderArg, voters: ListArg,
                cycle: Annotated[str | None, typer.Option("--cycle", help="e.g. 2025-Q1.")] = None,
                who: Annotated[str | None, typer.Option("--who", help="Operator.")] = None,
                quiet: QuietOpt = False, csv: CsvOpt = False) -> None:
    """Add records: each joins the person it matches, or becomes a new person."""
    from sidalih.registry import Registry

    with Stages(quiet=quiet) as stages:
        with stages.stage("open", "opening the registry"):
            reg = Registry.open(folder)
        with stages.stage("add", "matching and committing"):
            out = reg.add(read_table(voters), cycle=cycle, who=who)
    _show(out, csv)


@app.command("match")
@friendly_errors
def match_command(folder: FolderArg,
                  field: Annotated[list[str] | None, typer.Option(
                      "--field", help="column=value of one record (repeat).")] = None,
                  voters: Annotated[Path | None, typer.Option(
                      "--file", help="Many records from a file.", dir_okay=False,
                      exists=True)] = None,
                  top: Annotated[int, typer.Option("--top", min=1)] = 5,
                  quiet: QuietOpt = False, csv: CsvOpt = False) -> None:
    """Find the registry's best candidates for one record (--field) or many (--file)."""
    from sidalih.registry import Registry

    if (field is None) == (voters is None):
        raise InvalidParameterError("give one record with --field col=value, or --file")
    record: dict[str, str] | pl.DataFrame
    if field is not None:
        pairs = [f.split("=", 1) for f in field]
        bad = [f for f, p in zip(field, pairs, strict=True) if len(p) != 2]
        if bad:
            raise InvalidParameterError(f"--field must be column=value, got {bad[0]!r}")
        record = {k: v for k, v in pairs}
    else:
        record = read_table(voters)  # type: ignore[arg-type]
    with Stages(quiet=quiet) as stages:
        with stages.stage("open", "opening the registry"):
            reg = Registry.open(folder)
        with stages.stage("match", "looking up"):
            out = reg.match(record, top=top)
    _show(out, csv)


@app.command("remove")
@friendly_errors
def remove_command(folder: FolderArg,
                   ids: Annotated[list[str], typer.Argument(help="Record ids to remove.")],
                   reason: Annotated[str, typer.Option("--reason", help="e.g. TMS-1.")],
                   who: Annotated[str | None, typer.Option("--who")] = None,
                   csv: CsvOpt = False) -> None:
    """Mark records removed (never deleted), with who, when and why."""
    from sidalih.registry import Registry

    _show(Registry.open(folder).remove(ids, reason=reason, who=who), csv)


@app.command("recount")
@friendly_errors
def recount_command(folder: FolderArg,
                    cycle: Annotated[str | None, typer.Option("--cycle", help="e.g. 2025-Q2.")] = None,
                    who: Annotated[str | None, typer.Option("--who", help="Operator.")] = None,
                    quiet: QuietOpt = False, csv: CsvOpt = False) -> None:
    """Count name frequencies again over the records held, re-score and re-cluster.

    Prints the records whose person changed (id, person_id, before).
    """
    from sidalih.registry import Registry

    with Stages(quiet=quiet) as stages:
        with stages.stage("open", "opening the registry"):
            reg = Registry.open(folder)
        with stages.stage("recount", "re-scoring every pair"):
            out = reg.recount(cycle=cycle, who=who)
    _show(out, csv)


@app.command("history")
@friendly_errors
def history_command(folder: FolderArg,
                    person_id: Annotated[str, typer.Argument(help="A person id.")],
                    csv: CsvOpt = False) -> None:
    """The events behind a person: created, joined, merged, split, removed."""
    from sidalih.registry import Registry

    _show(Registry.open(folder).history(person_id), csv)
