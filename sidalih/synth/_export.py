"""KPU-style output: upper-case headers, NIK/NKK as text, ``DD-MM-YYYY`` dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from sidalih.errors import DataFileError, InvalidParameterError

__all__ = ["KPU_HEADERS", "kpu_style", "write_chunks", "XLSX_MAX_ROWS"]

#: Canonical column -> KPU export header.
KPU_HEADERS = {
    "id": "NO",
    "nkk": "NKK",
    "nik": "NIK",
    "nama": "NAMA",
    "tempat_lahir": "TEMPAT LAHIR",
    "tanggal_lahir": "TANGGAL LAHIR",
    "status_kawin": "STATUS PERKAWINAN",
    "jenis_kelamin": "JENIS KELAMIN",
    "alamat": "ALAMAT",
    "rt": "RT",
    "rw": "RW",
    "disabilitas": "DISABILITAS",
    "ektp": "KTP-EL",
    "kode_desa": "KODE DESA",
    "tps": "TPS",
}
XLSX_MAX_ROWS = 1_048_575


def kpu_style(voters: pl.DataFrame) -> pl.DataFrame:
    """Voter columns as a KPU export shows them.

    Examples
    --------
    >>> import datetime as dt
    >>> df = pl.DataFrame({"nik": ["3271010101900001"], "tanggal_lahir": [dt.date(1990, 1, 1)]})
    >>> kpu_style(df).row(0)
    ('3271010101900001', '01-01-1990')
    """
    cols = [c for c in KPU_HEADERS if c in voters.columns]
    out = voters.select(cols)
    if "tanggal_lahir" in out.columns:
        out = out.with_columns(pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y"))
    return out.rename({c: KPU_HEADERS[c] for c in cols})


def write_chunks(
    chunks: Iterator[tuple[pl.DataFrame, pl.DataFrame]],
    path: Path,
    truth_path: Path | None,
    *,
    fmt: str,
    kpu: bool,
) -> int:
    """Write voter chunks to ``path`` (and truth to ``truth_path`` as Parquet); rows written."""
    if fmt not in ("parquet", "csv", "xlsx"):
        raise InvalidParameterError(f"format must be 'parquet', 'csv' or 'xlsx', got {fmt!r}")
    if fmt == "xlsx":
        parts = list(chunks)
        voters = pl.concat([v for v, _ in parts])
        if voters.height > XLSX_MAX_ROWS:
            raise InvalidParameterError(
                f"an .xlsx sheet holds at most {XLSX_MAX_ROWS:,} rows; use csv or parquet"
            )
        _write_xlsx(kpu_style(voters) if kpu else voters, path)
        if truth_path is not None:
            pl.concat([t for _, t in parts]).write_parquet(truth_path)
        return voters.height
    return _stream(chunks, path, truth_path, fmt=fmt, kpu=kpu)


def _stream(chunks: Iterator[tuple[pl.DataFrame, pl.DataFrame]], path: Path,
            truth_path: Path | None, *, fmt: str, kpu: bool) -> int:  # fmt: skip
    rows = 0
    writer: pq.ParquetWriter | None = None
    truth_writer: pq.ParquetWriter | None = None
    try:
        with open(path, "wb") as handle:
            for voters, truth in chunks:
                out = kpu_style(voters) if kpu else voters
                if fmt == "csv":
                    out.write_csv(handle, include_header=rows == 0)
                else:
                    table = out.to_arrow()
                    writer = writer or pq.ParquetWriter(handle, table.schema)
                    writer.write_table(table)
                if truth_path is not None:
                    t = truth.to_arrow()
                    truth_writer = truth_writer or pq.ParquetWriter(truth_path, t.schema)
                    truth_writer.write_table(t)
                rows += voters.height
            if writer is not None:
                writer.close()
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {exc}") from exc
    finally:
        if truth_writer is not None:
            truth_writer.close()
    return rows


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """Every column as text cells, so Excel never shows a NIK as 3.27E+15."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    try:
        sheet = book.add_worksheet("DPT")
        text = book.add_format({"num_format": "@"})
        for j, name in enumerate(frame.columns):
            sheet.write_string(0, j, name)
            sheet.set_column(j, j, None, text)
        for i, row in enumerate(frame.iter_rows(), start=1):
            for j, value in enumerate(row):
                if value is not None:
                    sheet.write_string(i, j, str(value))
    finally:
        book.close()
