"""Reports an officer opens: one self-contained HTML page per run, worklists per village.

:func:`write_report` reads one or more result folders (``sidalih dedupe``, ``link``,
``check``, or :meth:`sidalih.Result.to_parquet`) and writes one HTML file with its
styles, script and charts inlined, so it opens from a USB stick without a network: the
headline figures, charts (findings by village with village names, cluster sizes, match
weights with the threshold, the model's level weights), searchable and sortable tables
of duplicate clusters and of pairs to review (each pair with its waterfall), the
blocking report, the model and the run's settings. Bahasa Indonesia by default.

:func:`write_worklists` writes one spreadsheet per village with the rows an officer must
act on. No full NIK appears in either: ids, values and paths are masked.

=====================  ===================================================
module                 holds
=====================  ===================================================
``_load``              result folders read into one :class:`Run`
``_onelist``           folders of two different lists refused
``_data``              the page's figures and tables as plain data
``_charts``            matplotlib charts as inline SVG
``_page``              the Jinja2 template rendered
``_worklist``          the per-village spreadsheets
``_text``              the words, in Indonesian and English
=====================  ===================================================
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from sidalih._folders import StagedFiles
from sidalih.errors import DataFileError, InvalidParameterError
from sidalih.report._load import Run, load_run
from sidalih.report._page import MAX_ROWS, render
from sidalih.report._text import LANGS
from sidalih.report._worklist import worklist_rows, write_worklists

__all__ = ["Run", "load_run", "render_report", "write_report", "worklist_rows",
           "write_worklists", "MAX_ROWS", "REPORT_NAME"]

REPORT_NAME = "report.html"


def render_report(folders: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                  lang: str = "id", voters: Any = None, blocking: Any = None,
                  max_rows: int = MAX_ROWS) -> str:
    """The report of one or more result folders of one list, as HTML text.

    Parameters
    ----------
    folders
        A result folder, or several of one list (a dedupe and a check result).
    lang
        ``"id"`` (Bahasa Indonesia) or ``"en"``.
    voters
        The voter list (a file path, or a pandas, polars or pyarrow frame) when no
        folder holds its rows: it gives a check folder's findings their villages.
    blocking
        A blocking report (:class:`sidalih.blocking.BlockingReport` or its frame) when
        the folder holds none (``sidalih dedupe`` passes its own).
    max_rows
        Most duplicate clusters and most pairs embedded (each); the page says when
        there were more.

    Examples
    --------
    >>> import tempfile, polars as pl, sidalih
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990"]})
    >>> folder = sidalih.deduplicate(voters).to_parquet(tempfile.mkdtemp() + "/hasil")
    >>> html = render_report(folder, lang="en")
    >>> "Duplicate clusters" in html, "3271014101900001" in html
    (True, False)
    """
    if lang not in LANGS:
        raise InvalidParameterError(f"lang must be one of {LANGS}, got {lang!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise InvalidParameterError(f"max_rows must be a whole number >= 1, got {max_rows!r}")
    paths = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    run = load_run(paths, voters=voters)
    if blocking is not None and run.blocking is None:
        # a BlockingReport of a pandas run gives pandas from to_frame()
        frame = blocking.to_polars() if hasattr(blocking, "to_polars") else blocking
        if not isinstance(frame, pl.DataFrame):
            raise InvalidParameterError(
                f"blocking must be a BlockingReport or its polars frame, got "
                f"{type(blocking).__name__}")
        run.blocking = frame
    return render(run, lang=lang, max_rows=max_rows)


def write_report(folders: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                 out: str | os.PathLike[str] | None = None, lang: str = "id",
                 voters: Any = None, blocking: Any = None,
                 max_rows: int = MAX_ROWS) -> Path:
    """Write the report of result folders to ``out`` (default ``FOLDER/report.html``).

    The file is written beside its target and renamed into place: a reader never sees
    half a page. The options are those of :func:`render_report`.

    Examples
    --------
    >>> import tempfile, polars as pl, sidalih
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990"]})
    >>> folder = sidalih.deduplicate(voters).to_parquet(tempfile.mkdtemp() + "/hasil")
    >>> write_report(folder).name
    'report.html'
    """
    paths = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    if not paths:
        raise InvalidParameterError("give at least one result folder")
    html = render_report(paths, lang=lang, voters=voters, blocking=blocking,
                         max_rows=max_rows)
    target = Path(out) if out is not None else Path(paths[0]) / REPORT_NAME
    if target.suffix.lower() not in (".html", ".htm"):
        raise InvalidParameterError(
            f"the report is an HTML file: give --out a name ending in .html, got {target.name}")
    try:
        with StagedFiles(target, command="report") as staged:
            (staged.path / target.name).write_text(html, encoding="utf-8")
            return staged.commit()
    except OSError as exc:
        if isinstance(exc, DataFileError):
            raise
        raise DataFileError(f"cannot write {target}: {exc.strerror or exc}") from None
