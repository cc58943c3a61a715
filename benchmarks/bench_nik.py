"""Throughput of ``sidalih.nik.parse`` on 10 million realistic NIK strings, one core.

Run: ``NUMBA_NUM_THREADS=1 python benchmarks/bench_nik.py [--rows N] [--repeat R]``.
Prints a markdown table and writes ``benchmarks/results/nik.json``. The kernel is
single-threaded; numba compilation is excluded (a small warm-up call comes first).
Contrast: a per-value pure-Python parser (the test reference) on 100,000 values.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("POLARS_MAX_THREADS", "1")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _machine import markdown_table, peak_rss_mib, write_json  # noqa: E402

import sidalih.nik as nik  # noqa: E402
from sidalih.regions import code_masks  # noqa: E402


def realistic_niks(n: int, *, seed: int = 0) -> pl.Series:
    """Mostly valid NIKs over real district codes; ~6% carry the damage seen in lists."""
    rng = np.random.default_rng(seed)
    districts = np.flatnonzero(code_masks()[2])
    district = rng.choice(districts, n)
    # ages 17-95 on 2024-02-14; a quarter of the old on placeholder dates (01-07, 31-12)
    year = 2024 - rng.integers(17, 96, n)
    month = rng.integers(1, 13, n)
    day = np.minimum(rng.integers(1, 29, n), 28)
    placeholder = rng.random(n) < 0.1
    month = np.where(placeholder, 7, month)
    day = np.where(placeholder, 1, day)
    women = rng.random(n) < 0.5
    day = day + 40 * women
    serial = rng.integers(1, 400, n)
    value = district * 10**10 + day * 10**8 + month * 10**6 + (year % 100) * 10**4 + serial
    text = pl.Series("nik", value).cast(pl.String)
    kind = rng.random(n)
    frame = pl.DataFrame({"nik": text, "kind": kind})
    damaged = frame.select(
        pl.when(pl.col("kind") < 0.01).then(pl.lit("'") + pl.col("nik"))
        .when(pl.col("kind") < 0.02).then(pl.col("nik") + pl.lit(".0"))
        .when(pl.col("kind") < 0.025).then(
            pl.col("nik").str.slice(0, 4) + " " + pl.col("nik").str.slice(4, 4) + " "
            + pl.col("nik").str.slice(8, 4) + " " + pl.col("nik").str.slice(12, 4))
        .when(pl.col("kind") < 0.03).then(pl.col("nik").str.slice(0, 12) + pl.lit("****"))
        .when(pl.col("kind") < 0.035).then(pl.col("nik").str.slice(0, 15))
        .when(pl.col("kind") < 0.04).then(pl.col("nik") + pl.lit("0"))
        .when(pl.col("kind") < 0.045).then(pl.lit("3.27101E+15"))
        .when(pl.col("kind") < 0.05).then(pl.lit(None, dtype=pl.String))
        .when(pl.col("kind") < 0.055).then(pl.col("nik").str.slice(0, 12) + pl.lit("0000"))
        .when(pl.col("kind") < 0.06).then(pl.lit("1111111111111111"))
        .otherwise(pl.col("nik"))
        .alias("nik")
    )  # fmt: skip
    return damaged.to_series()


def time_parse(series: pl.Series, repeat: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = nik.parse(series)
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
        assert out.height == len(series)
        del out
    return walls, cpus


def python_baseline(series: pl.Series) -> float:
    from reference_nik import reference_parse

    mask = code_masks()[2]
    values = series.to_list()
    start = time.perf_counter()
    for value in values:
        reference_parse(value, district_versions=lambda code: int(mask[code]))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    series = realistic_niks(args.rows)
    nik.parse(series.head(1000))  # compile / load the numba cache outside the timing
    walls, cpus = time_parse(series, args.repeat)
    baseline = python_baseline(series.head(args.baseline_rows))
    status = nik.parse(series.head(1_000_000))["status"].value_counts(sort=True)

    best_wall, med_wall = min(walls), statistics.median(walls)
    rows = [
        {"method": "sidalih.nik.parse (polars String, 1 thread), best wall", "rows": args.rows,
         "seconds": best_wall, "NIKs/s": args.rows / best_wall},
        {"method": "sidalih.nik.parse, median wall", "rows": args.rows,
         "seconds": med_wall, "NIKs/s": args.rows / med_wall},
        {"method": "sidalih.nik.parse, best CPU time", "rows": args.rows,
         "seconds": min(cpus), "NIKs/s": args.rows / min(cpus)},
        {"method": "per-value pure Python (tests/reference_nik.py)", "rows": args.baseline_rows,
         "seconds": baseline, "NIKs/s": args.baseline_rows / baseline},
    ]  # fmt: skip
    print(markdown_table(rows))
    print(
        f"\nspeed-up over per-value Python: {(args.rows / best_wall) / (args.baseline_rows / baseline):,.0f}x"
    )
    load = os.getloadavg()
    print(f"load average (1, 5, 15 min) at the end: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}")
    print(f"peak RSS: {peak_rss_mib():,.0f} MiB; status mix of the first million:")
    print(status)
    path = write_json(
        "nik",
        {"rows": rows, "walls": walls, "cpus": cpus, "peak_rss_mib": peak_rss_mib(),
         "load_average": load, "numba_num_threads": os.environ.get("NUMBA_NUM_THREADS")},
    )  # fmt: skip
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
