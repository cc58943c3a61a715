"""``sidalih check FILE``: every rule check on a voter list; findings written as a table.

The result folder is written whole or not at all (:mod:`sidalih._folders`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

from sidalih import quality
from sidalih.cli._common import (
    ELECTION_DEFAULT,
    ElectionDateOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    OutOpt,
    QuietOpt,
    TpsOpt,
    commit,
    default_out,
    friendly_errors,
    result_folder,
    shown,
    stdout_console,
    write_frames,
    write_json,
)
from sidalih.cli._progress import Stages
from sidalih.cli._summary import findings_table, key_values, label, print_tables, timings_table
from sidalih.cli.report import ReportOpt, write_run_report
from sidalih.errors import ColumnNotFoundError, InvalidParameterError
from sidalih.io import read_table
from sidalih.schema import standardise_polars

__all__ = [
    "check_command",
    "parse_election_date",
    "require_voter_columns",
    "read_list",
    "run_check",
    "check_tables",
]

EXAMPLE = "Example:  sidalih check DPT.csv --election-date 2024-11-27 --out cek"

FileArg = Annotated[
    Path, typer.Argument(help="Voter list: .csv, .parquet or .xlsx.", show_default=False)
]


def parse_election_date(text: str) -> dt.date:
    """``--election-date`` as a date, or a bad-input error naming the option.

    Examples
    --------
    >>> parse_election_date("2024-02-14")
    datetime.date(2024, 2, 14)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidParameterError(
            f"--election-date must be polling day as YYYY-MM-DD (Pemilu 2024: 2024-02-14), "
            f"got {text!r}"
        ) from None


def require_voter_columns(frame: pl.DataFrame) -> None:
    """Raise ``ColumnNotFoundError`` naming the voter columns a list lacks (nama, nik or tanggal_lahir).

    A file whose headers were not recognised would otherwise give a finding on every row.
    """
    standardise_polars(frame.head(0))


def read_list(path: Path, stages: Stages, *, key: str = "read") -> pl.DataFrame:
    """Read a voter list (a stage of its own) and check it has the voter columns."""
    with stages.stage(key, f"reading {shown(path.name)}"):
        frame = read_table(path)
    try:
        require_voter_columns(frame)
    except ColumnNotFoundError as exc:
        raise ColumnNotFoundError(f"{path.name}: {exc}") from None
    return frame


def run_check(
    frame: pl.DataFrame,
    *,
    election_date: dt.date,
    max_voters_per_tps: int,
    lang: str,
    result: Any = None,
) -> Any:
    """:func:`sidalih.quality.check` with the command line's options."""
    return quality.check(
        frame,
        election_date=election_date,
        max_voters_per_tps=max_voters_per_tps,
        lang=lang,
        result=result,
    )


def check_tables(report: Any, lang: str) -> tuple[list[Any], dict[str, Any]]:
    """The summary tables of a check report, and the same figures for ``summary.json``."""
    by_check = report.summary()
    counts = [
        (label("rows", lang), report.n_rows),
        (label("rows_clean", lang), report.n_rows_clean),
        (label("n_findings", lang), report.n_findings),
    ]
    data = {
        "n_rows": report.n_rows,
        "n_rows_clean": report.n_rows_clean,
        "n_findings": report.n_findings,
        "findings_by_check": by_check.to_dicts(),
        "skipped": dict(report.skipped),
    }
    return [key_values(label("findings", lang), counts, lang), findings_table(by_check, lang)], data


@friendly_errors
def check_command(
    file: FileArg,
    out: OutOpt = None,
    fmt: FormatOpt = Format.parquet,
    lang: LangOpt = Lang.id,
    election_date: ElectionDateOpt = ELECTION_DEFAULT,
    max_voters_per_tps: TpsOpt = 300,
    quiet: QuietOpt = False,
    html_report: ReportOpt = False,
) -> None:
    """Check a voter list: NIK/NKK, eligibility, names, TPS and region rules, row by row.

    Writes findings (id, check, severity, detail, TMS category) and a summary by check
    to the output folder (default ./NAME-check/ for NAME.csv).
    """
    date = parse_election_date(election_date)
    out = out if out is not None else default_out(file, suffix="check")
    with result_folder(out, command="check", inputs=[file]) as folder, \
            Stages(quiet=quiet) as stages:  # fmt: skip
        frame = read_list(file, stages)
        with stages.stage("check", "checking every row"):
            report = run_check(
                frame, election_date=date, max_voters_per_tps=max_voters_per_tps, lang=lang.value
            )
        tables, data = check_tables(report, lang.value)
        with stages.stage("write", f"writing {shown(out)}"):
            write_frames(
                folder.path,
                {
                    "findings": pl.DataFrame(report.findings),
                    "findings_summary": pl.DataFrame(report.summary()),
                },
                fmt=fmt,
            )
            write_json(
                folder.path / "summary.json",
                {
                    "command": "check",
                    "input": shown(file),  # a list saved under a NIK: no full NIK in the file
                    "election_date": date,
                    **data,
                    "timings": stages.timings,
                },
            )
        commit(folder)
    console = stdout_console()
    print_tables(console, [*tables, timings_table(stages.timings, lang.value)])
    console.print(f"{label('results', lang.value)}: {shown(out)}")
    if html_report:
        write_run_report(out, lang=lang.value, voters=frame)
