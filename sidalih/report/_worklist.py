"""Worklists: one spreadsheet per village with the rows an officer must act on.

A row is a record of a duplicate cluster (to confirm) or with an error or warning
finding (to fix); a record that is both is one row. Each row carries what finds the
voter on the ground (name, RT/RW, TPS, address), the NIK and NKK masked and stored as
text, the TMS category where one applies, and an empty column for the officer's
decision. Every such record is in exactly one file: the one of its own village.

Ids, values and file names are masked (:func:`~sidalih.errors.mask_long_digits`): the
cluster column holds the cluster's smallest id masked as the id column is, and where two
clusters' masked ids are one text, each gets a number after it (``3271********0001 #2``)
so that a cluster's rows still read as one. Values of ``by`` that mask or sanitise to
one file name (two 13-digit TPS codes, ``RT 01/02`` and ``RT 01-02``, names differing in
case only, which a USB stick's file system does not tell apart) get a number after the
name each (``3271xxxxx1001-1.csv``, ``3271xxxxx1001-2.csv``): no file replaces another.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from sidalih._aliases import column_named
from sidalih._folders import ResultFolder
from sidalih.errors import (
    ColumnNotFoundError,
    DataFileError,
    InvalidParameterError,
    mask_long_digits,
)
from sidalih.report._load import Run, load_run
from sidalih.report._text import text

__all__ = ["worklist_rows", "write_worklists", "ACT_ON"]

ACT_ON = ("error", "warning")
"""Severities of the findings an officer must act on (info findings are for the record)."""
FORMATS = ("xlsx", "csv")
_PLACE = ("kode_desa", "tps", "rt", "rw", "nama", "alamat", "jenis_kelamin", "tanggal_lahir",
          "nik", "nkk")
_UNSAFE = re.compile(r"[^0-9A-Za-z_-]+")
_LONGEST_STEM = 100  # file systems allow 255 bytes; room left for the number and suffix
_GROUP = "\x00by"  # the unmasked value of `by`: no list's column is named so


def _mask(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).map_elements(
        mask_long_digits, return_dtype=pl.String, skip_nulls=True)


def _cluster_labels(clusters: pl.Series) -> pl.DataFrame:
    """Each cluster id with its label: masked, numbered where two masks are one text."""
    ids = clusters.drop_nulls().unique().sort()
    frame = pl.DataFrame({"_cluster": ids}).with_columns(
        pl.col("_cluster").map_elements(mask_long_digits, return_dtype=pl.String)
        .alias("_masked"))
    number = pl.int_range(1, pl.len() + 1).over("_masked").cast(pl.String)
    return frame.select("_cluster", pl.when(pl.len().over("_masked") > 1)
                        .then(pl.col("_masked") + " #" + number)
                        .otherwise(pl.col("_masked")).alias("_label"))


def worklist_rows(run: Run, *, lang: str = "id", by: str = "kode_desa") -> pl.DataFrame:
    """The rows to act on, one per record, with the action, details and an empty decision.

    Every cell is masked: a NIK typed into the name, the birth date or the village
    column is shown as ``3271********0001``, as in the finding that names it.

    Examples
    --------
    >>> from sidalih.report._load import Run
    >>> run = Run(folders=[], commands=["check"],
    ...           findings=pl.DataFrame({"id": ["1", "1", "2"], "check": ["a", "b", "c"],
    ...                                  "severity": ["error", "warning", "info"],
    ...                                  "detail": ["x", "y", "z"], "tms": [None, "4", None]}),
    ...           records=pl.DataFrame({"id": ["1", "2"], "nama": ["SITI", "BUDI"],
    ...                                 "kode_desa": ["3271011001", "3271011001"]}))
    >>> worklist_rows(run, lang="en").select("id", "action", "detail", "TMS category").rows()
    [('1', 'fix the data', 'a: x; b: y', '4')]
    """
    rows, _ = _rows_and_groups(run, lang=lang, by=_by_column(run, by))
    return rows


def _by_column(run: Run, by: str) -> str:
    """The column of the list that ``by`` names: as sidalih names it (``kode_desa``) or as
    the list was given (``KODE DESA``)."""
    if run.records is None:
        return by
    found = column_named(by, run.records.columns)
    if found is None:
        raise ColumnNotFoundError(
            f"--by {by!r} is not a column of the list; its columns are "
            f"{', '.join(run.records.columns)}")
    return found


def _no_rows(run: Run) -> DataFileError:
    """Why no folder given holds the list's rows, and what to give. A dedupe or link result
    written by ``Result.to_parquet`` (clusters, pairs and the model, not the rows) is not
    a check folder, and was called one.

    Examples
    --------
    >>> print(_no_rows(Run(folders=[Path("hasil")], commands=["dedupe"])))
    a worklist needs the list's rows, which the dedupe result hasil does not hold (one \
written by Result.to_parquet keeps clusters, pairs and the model only): give --list FILE \
(the list that was deduplicated), or the folder `sidalih dedupe` writes
    """
    for folder, command in zip(run.folders, run.commands, strict=True):
        if command == "dedupe":
            return DataFileError(
                f"a worklist needs the list's rows, which the dedupe result {folder} does not "
                "hold (one written by Result.to_parquet keeps clusters, pairs and the model "
                "only): give --list FILE (the list that was deduplicated), or the folder "
                "`sidalih dedupe` writes")
        if command == "link":
            return DataFileError(
                f"a worklist needs the lists' rows, which the link result {folder} does not "
                "hold (one written by Result.to_parquet keeps clusters, pairs and the model "
                "only): give the folder `sidalih link` writes, which keeps both lists' rows")
    return DataFileError(
        "a worklist needs the list's rows, which a check folder does not hold: give "
        "the dedupe result folder as well, or --list FILE (the list that was checked)")


def _rows_and_groups(run: Run, *, lang: str, by: str) -> tuple[pl.DataFrame, pl.Series]:
    """The masked rows and, aligned with them, each row's unmasked value of ``by``.

    The files are split on the unmasked value: two villages whose codes mask alike
    (list-wide 13-digit TPS codes) still get a file each.
    """
    t = text(lang)
    records = run.records
    if records is None:
        raise _no_rows(run)
    keys = ["source", "id"] if "source" in records.columns else ["id"]
    acts = []
    if run.clusters is not None:
        sized = run.clusters.with_columns(pl.len().over("cluster_id").alias("_size"))
        acts.append(sized.filter(pl.col("_size") > 1).select(
            *keys, pl.col("cluster_id").alias("_cluster"), pl.col("_size"),
            pl.lit(t["wl_dup"]).alias("_dup")))
    if run.findings is not None:
        found = run.findings.filter(pl.col("severity").is_in(ACT_ON))
        tms = pl.col("tms").drop_nulls().unique(maintain_order=True).str.join("; ") \
            if "tms" in found.columns else pl.lit(None, pl.String)
        acts.append(found.group_by("id", maintain_order=True).agg(
            (pl.col("check") + ": " + pl.col("detail").fill_null("")).str.join("; ")
            .alias("_detail"), tms.alias("_tms"), pl.lit(t["wl_fix"]).alias("_fix"))
            .with_columns(pl.col("_tms").replace("", None)))
    if not acts:
        return pl.DataFrame(), pl.Series(_GROUP, [], pl.String)
    rows = acts[0] if len(acts) == 1 else acts[0].join(acts[1], on="id", how="full",
                                                        coalesce=True)
    place = [c for c in dict.fromkeys([*_PLACE, by]) if c in records.columns and c not in keys]
    rows = rows.join(records.select(*keys, *place), on=keys, how="left")
    if "_cluster" in rows.columns:  # the smallest id: a NIK where the list is keyed by NIK
        rows = rows.join(_cluster_labels(rows["_cluster"]), on="_cluster", how="left") \
            .with_columns(pl.col("_label").alias("_cluster")).drop("_label")
    action = pl.concat_str([pl.col(c) for c in ("_dup", "_fix") if c in rows.columns],
                           separator=" + ", ignore_nulls=True)
    extra = {"_cluster": t["wl_cluster"], "_size": t["wl_cluster_size"],
             "_detail": t["wl_detail"], "_tms": t["wl_tms"]}
    # every value a clerk typed may hold a NIK (typed as the name or birth date, shifted
    # into kode_desa): each written cell is masked, not only id, nik and nkk; the
    # cluster size is a count and the cluster label is already masked
    unmasked = {"_size", "_cluster"}
    out = rows.select(
        *[pl.col(c) if c in unmasked else _mask(c) for c in (*place, *keys)],
        action.alias(t["wl_action"]),
        *[(pl.col(k) if k in unmasked else _mask(k)).alias(v)
          for k, v in extra.items() if k in rows.columns],
        pl.lit(None, pl.String).alias(t["wl_decision"]),
        (pl.col(by) if by in rows.columns else pl.lit(None)).alias(_GROUP))
    order = [c for c in (_GROUP, "tps", "rt", "rw", t["wl_cluster"], "nama") if c in out.columns]
    out = out.sort(order, nulls_last=True)
    return out.drop(_GROUP), out.get_column(_GROUP)


def _file_stem(value: Any, name: str | None, missing: str) -> str:
    if value is None:
        return missing
    stem = mask_long_digits(str(value)).replace("*", "x")
    if name:
        stem += "-" + name
    return _UNSAFE.sub("-", stem).strip("-")[:_LONGEST_STEM].strip("-") or missing


def _unique_stems(stems: Sequence[str]) -> list[str]:
    """The stems, each stem shared by several (in any case) numbered ``-1``, ``-2``...

    Examples
    --------
    >>> _unique_stems(["3271xxxxx1001", "3271xxxxx1001", "RT-1", "rt-1", "RT-1-1", "x"])
    ['3271xxxxx1001-1', '3271xxxxx1001-2', 'RT-1-2', 'rt-1-3', 'RT-1-1', 'x']
    """
    shared = {k for k, n in Counter(s.casefold() for s in stems).items() if n > 1}
    taken = {s.casefold() for s in stems if s.casefold() not in shared}
    out = []
    for stem in stems:
        if stem.casefold() in shared:
            number = 1
            while f"{stem}-{number}".casefold() in taken:
                number += 1
            stem = f"{stem}-{number}"
            taken.add(stem.casefold())
        out.append(stem)
    return out


def _write_xlsx(frame: pl.DataFrame, path: Path, *, decision: str, choices: list[str],
                sheet: str) -> None:
    try:
        import xlsxwriter
    except ImportError as exc:
        from sidalih.plot import MissingDependencyError

        raise MissingDependencyError(
            "worklists as .xlsx need xlsxwriter: pip install 'sidalih[excel]', or use "
            "--format csv") from exc
    # strings stay strings: a NIK or TPS "001" typed as a number would lose digits
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    try:
        page = book.add_worksheet(_UNSAFE.sub("-", sheet)[:31] or "worklist")
        bold, as_text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
        for c, name in enumerate(frame.columns):
            page.write_string(0, c, name, bold)
            width = max([len(name), *(len(str(v)) for v in frame[name].head(200) if v)])
            page.set_column(c, c, min(max(width + 2, 8), 60), as_text)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, value in enumerate(row):
                if isinstance(value, int):
                    page.write_number(r, c, value)
                elif value is not None:
                    page.write_string(r, c, str(value), as_text)
        last = frame.columns.index(decision)
        page.data_validation(1, last, max(frame.height, 1), last, {
            "validate": "list", "source": choices, "error_type": "information"})
        page.freeze_panes(1, 0)
        page.autofilter(0, 0, frame.height, frame.width - 1)
    finally:
        book.close()


def write_worklists(folders: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                    out: str | os.PathLike[str], by: str = "kode_desa", format: str = "xlsx",
                    lang: str = "id", voters: Any = None) -> list[Path]:
    """Write one worklist per value of ``by`` (per village) into the folder ``out``.

    The folder is written whole or not at all (:mod:`sidalih._folders`). Returns the
    files written, in order of ``by``. ``voters`` is the voter list (a file path, or a
    pandas, polars or pyarrow frame) when no folder holds its rows.

    Examples
    --------
    >>> import tempfile, polars as pl, sidalih
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990"],
    ...                        "kode_desa": ["3271011001", "3271011001"]})
    >>> base = tempfile.mkdtemp()
    >>> folder = sidalih.deduplicate(voters).to_parquet(base + "/hasil")
    >>> written = write_worklists(folder, out=base + "/kerja", format="csv", voters=voters)
    >>> [p.name for p in written]
    ['3271011001-Batu-Tulis.csv']
    """
    if format not in FORMATS:
        raise InvalidParameterError(f"format must be one of {FORMATS}, got {format!r}")
    t = text(lang)
    paths = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    run = load_run(paths, voters=voters)
    by = _by_column(run, by)
    rows, group = _rows_and_groups(run, lang=lang, by=by)
    names: dict[str, str] = {}
    if by == "kode_desa" and rows.height:
        from sidalih.report._data import village_names

        names = village_names(group)
    written = []
    with ResultFolder(out, command="worklist", inputs=[]) as staged:
        if rows.height:
            parts = rows.with_columns(group).group_by(_GROUP, maintain_order=True)
            groups = [(value, part.drop(_GROUP)) for (value,), part in parts]
            stems = _unique_stems([_file_stem(value, names.get(str(value)), t["wl_no_village"])
                                   for value, _ in groups])
            for stem, (_, part) in zip(stems, groups, strict=True):
                path = staged.path / f"{stem}.{format}"
                if format == "csv":
                    part.write_csv(path)
                else:
                    _write_xlsx(part, path, decision=t["wl_decision"],
                                choices=t["wl_choices"].split("|"), sheet=stem)
                written.append(Path(out) / path.name)
        staged.commit()
    return sorted(written)
