"""Synthetic Indonesian voter lists with ground truth, at any size, deterministic for a seed.

:func:`voters` returns a :class:`SyntheticList` (voter columns apart from the truth
columns); :func:`write` streams a list to Parquet, CSV or XLSX in bounded memory. The
model (households, names, NIKs, duplicates and look-alikes) is documented in
:func:`voters`; every figure there cites the DOMAIN.md fact it reflects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl

from sidalih.errors import InvalidParameterError
from sidalih.synth._errors import DEFAULT_ERROR_RATES
from sidalih.synth._export import KPU_HEADERS, kpu_style, write_chunks
from sidalih.synth._generate import TRUTH_COLUMNS, VOTER_COLUMNS
from sidalih.synth._plan import Config, check_count, make_plan
from sidalih.synth._profiles import PROFILES, profile
from sidalih.synth._voters import SyntheticList, units, voters

__all__ = [
    "SyntheticList",
    "voters",
    "profile",
    "PROFILES",
    "write",
    "kpu_style",
    "KPU_HEADERS",
    "DEFAULT_ERROR_RATES",
    "VOTER_COLUMNS",
    "TRUTH_COLUMNS",
]


def write(
    path: str | Path,
    n: int,
    *,
    seed: int = 0,
    format: Literal["parquet", "csv", "xlsx"] | None = None,
    kpu_style: bool = True,
    chunk_rows: int = 1_000_000,
    truth_path: str | Path | None | Literal[False] = None,
    villages: int | Sequence[str] | pl.DataFrame | None = None,
    **options: Any,
) -> Path:
    """Write a synthetic list of ``n`` rows to ``path``, generated and written in chunks.

    The rows are those of :func:`voters` with the same arguments, whatever ``chunk_rows``
    (a chunk is a run of whole generation units of about 150,000 rows, so memory stays
    bounded). The truth goes to ``truth_path`` as Parquet (default: ``<stem>.truth.parquet``
    beside ``path``; ``False`` for none).

    Parameters
    ----------
    path : str or Path
    n : int
    seed : int
    format : {"parquet", "csv", "xlsx"}, optional
        Default: from the suffix of ``path``.
    kpu_style : bool
        Upper-case KPU headers, ``DD-MM-YYYY`` dates, NIK/NKK as text (XLSX: text cells).
    chunk_rows : int
        Rows generated before a write.
    truth_path : str, Path, None or False
    villages, **options
        As for :func:`voters`.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> out = write(d / "dpt.csv", 500, seed=2)
    >>> pl.read_csv(out, infer_schema=False).columns[:3], (d / "dpt.truth.parquet").exists()
    (['NO', 'NKK', 'NIK'], True)
    """
    path = Path(path)
    fmt = format or path.suffix.lstrip(".").lower()
    chunk_rows = check_count(chunk_rows, "chunk_rows")
    if truth_path is None:
        truth_path = path.with_name(path.stem + ".truth.parquet")
    # Passed on unconverted: make_plan checks them (int() would parse "2500" or cut 2.5).
    vpv = options.pop("voters_per_village", 2500)
    vpd = options.pop("villages_per_district", 4)
    try:
        cfg = Config(seed=seed, **options)
    except TypeError as exc:
        raise InvalidParameterError(f"write: {exc}") from exc
    plan = make_plan(n, seed=seed, villages=villages, voters_per_village=vpv,
                     villages_per_district=vpd)  # fmt: skip
    chunks = _batched(units(plan, cfg), chunk_rows)
    write_chunks(chunks, path, Path(truth_path) if truth_path else None, fmt=fmt, kpu=kpu_style)
    return path


def _batched(units: Iterator[tuple[pl.DataFrame, pl.DataFrame]],
             rows: int) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:  # fmt: skip
    buf: list[tuple[pl.DataFrame, pl.DataFrame]] = []
    size = 0
    for v, t in units:
        buf.append((v, t))
        size += v.height
        if size >= rows:
            yield pl.concat([b[0] for b in buf]), pl.concat([b[1] for b in buf])
            buf, size = [], 0
    if buf:
        yield pl.concat([b[0] for b in buf]), pl.concat([b[1] for b in buf])
