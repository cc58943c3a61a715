"""Rebuild ``sidalih/data/warmup_prepared.parquet``: a prepared synthetic sample.

``sidalih._warmup`` runs the engine's later stages on it in a background process to
compile their numba kernels. Synthetic voters only (no personal data). Rebuild after a
change to the prepared columns (a test compares the schemas):

    python scripts/build_warmup.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sidalih.engine import prepare_records
from sidalih.synth import voters

OUT = Path(__file__).resolve().parents[1] / "sidalih" / "data" / "warmup_prepared.parquet"


def build() -> pl.DataFrame:
    sample = voters(1_500, seed=0).voters
    return prepare_records(sample, schema="voter", reference_date="2024-02-14")


if __name__ == "__main__":
    frame = build()
    frame.write_parquet(OUT, compression="zstd", compression_level=19)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {frame.height} rows)")
