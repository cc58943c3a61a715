"""``sidalih synth N``: a synthetic voter list with its ground truth, to try sidalih on.

Written whole or not at all (:mod:`sidalih._folders`): a folder is staged and renamed
into place with its manifest; a file and its truth are each renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sidalih import synth
from sidalih._folders import ResultFolder, StagedFiles
from sidalih.cli._common import (
    Format,
    Lang,
    LangOpt,
    QuietOpt,
    SeedOpt,
    commit,
    friendly_errors,
    shown,
    stdout_console,
)
from sidalih.cli._progress import Stages
from sidalih.cli._summary import key_values, label, print_tables, timings_table
from sidalih.errors import InvalidParameterError

__all__ = ["synth_command", "synth_path"]

EXAMPLE = "Example:  sidalih synth 50000 --out dpt-contoh.csv"

_SUFFIXES = {f".{f.value}": f for f in Format}
MAX_ROWS = 300_000_000
"""More rows than any real list; the generator's sampling breaks down far above it."""


def synth_path(out: Path | None, fmt: Format | None) -> tuple[Path, Format]:
    """Where to write: ``out`` when it names a file, else ``out/voters.<format>``.

    Examples
    --------
    >>> path, fmt = synth_path(Path("dpt.csv"), None)
    >>> path.as_posix(), fmt.value
    ('dpt.csv', 'csv')
    >>> path, fmt = synth_path(Path("contoh"), Format.xlsx)
    >>> path.as_posix(), fmt.value
    ('contoh/voters.xlsx', 'xlsx')
    """
    out = out if out is not None else Path("sidalih-synth")
    by_suffix = _SUFFIXES.get(out.suffix.lower())
    if by_suffix is not None:
        if fmt is not None and fmt != by_suffix:
            raise InvalidParameterError(
                f"--format {fmt.value} contradicts the file name {out.name}"
            )
        return out, by_suffix
    chosen = fmt or Format.parquet
    return out / f"voters.{chosen.value}", chosen


@friendly_errors
def synth_command(
    n: Annotated[
        int,
        typer.Argument(
            help="Number of rows (voters plus duplicates); at most 300 million (the 2024 "
            "national list has 205 million).",
            min=1,
            max=MAX_ROWS,
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="A .parquet/.csv/.xlsx file, or a folder to hold voters.FORMAT "
            "[default: ./sidalih-synth/].",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Format when --out is a folder [default: parquet]."),
    ] = None,
    seed: SeedOpt = 0,
    kpu_style: Annotated[
        bool,
        typer.Option(
            "--kpu-headers/--canonical-headers",
            help="KPU's upper-case headers and DD-MM-YYYY dates, or sidalih's column names.",
        ),
    ] = True,
    lang: LangOpt = Lang.id,
    quiet: QuietOpt = False,
) -> None:
    """Write a realistic synthetic voter list, and its truth (NAME.truth.parquet) beside it.

    Duplicates carry the errors of real lists (typos, spreadsheet-damaged NIKs, swapped
    dates, moves) and look-alikes that are different people (twins, father and son).
    """
    path, chosen = synth_path(out, fmt)
    in_folder = out is None or out.suffix.lower() not in _SUFFIXES
    if in_folder and path.parent.exists() and not path.parent.is_dir():
        raise InvalidParameterError(
            f"--out {path.parent} is a file: give a file name ending in .parquet, .csv or "
            ".xlsx, or a folder"
        )
    staged = (ResultFolder(path.parent, command="synth") if in_folder
              else StagedFiles(path, command="synth"))
    with staged, Stages(quiet=quiet) as stages:
        with stages.stage("generate", f"writing {n:,} voters"):
            synth.write(staged.path / path.name, n, seed=seed, format=chosen.value,
                        kpu_style=kpu_style)
        commit(staged)
    truth = path.with_name(path.stem + ".truth.parquet")
    console = stdout_console()
    print_tables(
        console,
        [
            key_values(
                label("results", lang.value),
                [(label("records", lang.value), n), ("voters", shown(path)),
                 ("truth", shown(truth))],
                lang.value,
            ),
            timings_table(stages.timings, lang.value),
        ],
    )
