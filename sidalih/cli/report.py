"""``sidalih report RESULTS_DIR`` and ``sidalih worklist RESULTS_DIR``: results for officers.

``report`` writes one self-contained HTML page (``RESULTS_DIR/report.html`` by default)
that opens from a USB stick; ``worklist`` one spreadsheet per village with the rows to
act on. Both read complete result folders only (:mod:`sidalih._folders`); a folder that
is not a sidalih result, or folders of two different lists (:mod:`sidalih.report._onelist`),
is one error line, exit 2.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from sidalih.cli._common import (
    Lang,
    LangOpt,
    friendly_errors,
    shown,
    stdout_console,
)

__all__ = ["report_command", "worklist_command", "write_run_report", "ReportOpt"]

EXAMPLE = "Example:  sidalih report hasil-ganda hasil-cek --lang en"
WORKLIST_EXAMPLE = (
    "Example:  sidalih worklist hasil-ganda hasil-cek --by kode_desa --format xlsx --out kerja")

FoldersArg = Annotated[
    list[Path],
    typer.Argument(help="Result folder(s) of sidalih dedupe, link or check, of one list "
                   "(folders of two lists are refused).",
                   show_default=False, file_okay=False, metavar="RESULTS_DIR"),
]
ListOpt = Annotated[
    Path | None,
    typer.Option("--list", help="The voter list itself, when no folder holds its rows "
                 "(a check folder alone): gives findings their villages.", dir_okay=False,
                 show_default=False),
]
ReportOpt = Annotated[
    bool,
    typer.Option("--report", help="Also write report.html (one self-contained page) into "
                 "the result folder."),
]


class WorklistFormat(str, Enum):
    """Format of the worklists."""

    xlsx = "xlsx"
    csv = "csv"


def write_run_report(out: Path, *, lang: str, voters: Any = None, blocking: Any = None) -> Path:
    """The report of a run just written to ``out`` (``--report`` of dedupe and check)."""
    from sidalih.report import write_report

    path = write_report(out, lang=lang, voters=voters, blocking=blocking)
    stdout_console().print(f"{'Laporan' if lang == 'id' else 'Report'}: {shown(path)}")
    return path


@friendly_errors
def report_command(
    folders: FoldersArg,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="The HTML file to write [default: FOLDER/report.html].",
        dir_okay=False, show_default=False)] = None,
    lang: LangOpt = Lang.id,
    voters: ListOpt = None,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", min=1, help="Most clusters and most pairs embedded in the page (each); "
        "a larger run is sampled, largest first.")] = 500,
) -> None:
    """Write one HTML page an officer opens: headline, charts, clusters, pairs, model.

    Self-contained (no network): open it from a USB stick. Give a dedupe folder and a
    check folder of the same list to have both on one page.
    """
    from sidalih.report import write_report

    path = write_report(folders, out=out, lang=lang.value, voters=voters, max_rows=max_rows)
    stdout_console().print(shown(path))


@friendly_errors
def worklist_command(
    folders: FoldersArg,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for the worklists (one file per village).",
        file_okay=False, show_default=False)],
    by: Annotated[str, typer.Option("--by", help="Column that splits the worklists.")] = (
        "kode_desa"),
    fmt: Annotated[WorklistFormat, typer.Option(
        "--format", "-f", help="xlsx (NIK and NKK as text) or csv.")] = WorklistFormat.xlsx,
    lang: LangOpt = Lang.id,
    voters: ListOpt = None,
) -> None:
    """Write one spreadsheet per village with the rows an officer must act on.

    Duplicates to confirm and rows with an error or warning to fix, each once, with name,
    RT/RW, TPS and address, the NIK masked, the TMS category and a column for the decision.
    """
    from sidalih.report import write_worklists

    written = write_worklists(folders, out=out, by=by, format=fmt.value, lang=lang.value,
                              voters=voters)
    stdout_console().print(f"{len(written):,} {'berkas' if lang.value == 'id' else 'files'}: "
                           f"{shown(out)}")
