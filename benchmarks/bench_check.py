"""Benchmark: sidalih.quality.check on a voter list of 10 million rows.

The list is made by a vectorised generator in this script (sidalih.synth is exact but
far too slow for 10^7 rows): real village codes, households with one NKK and TPS,
NIKs composed from district + birth date (+40 for women) + serial (12 % registered in
another district), text birth dates with the placeholder dates of DOMAIN.md, names
from pools with titles, 2 % duplicate records, and about 3 % of rows damaged (NIK in
scientific notation, 15 digits, masked; impossible dates; placeholder names; missing
TPS; unknown village; under-age voters).

Each size is checked in a fresh subprocess (one cold call on 1,000 rows first, so
numba's cache is loaded), timing ``check`` alone (wall and CPU seconds, with the load
average: other work on a shared machine stretches wall time) and recording the peak
resident memory of that process and its memory before ``check``.

Run: ``python benchmarks/bench_check.py [--sizes 1000000 10000000]``. Prints a markdown
table and writes ``benchmarks/results/check.json``. The generated lists are cached as
Parquet under ``--cache`` (default ``/tmp/sidalih_bench``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import markdown_table, write_json  # noqa: E402

GIVEN_L = [
    "budi",
    "agus",
    "eko",
    "joko",
    "ahmad",
    "muhammad",
    "hendra",
    "rudi",
    "bambang",
    "slamet",
    "wahyu",
    "yusuf",
    "ali",
    "hasan",
    "rahmat",
    "dedi",
    "asep",
    "ujang",
    "dadang",
    "made",
    "wayan",
    "ketut",
    "andi",
    "rizky",
    "fauzi",
    "samsul",
    "arifin",
    "gunawan",
]
GIVEN_P = [
    "siti",
    "sri",
    "dewi",
    "rina",
    "yuni",
    "nur",
    "fitri",
    "ayu",
    "putri",
    "indah",
    "lestari",
    "rahayu",
    "ratna",
    "yanti",
    "tuti",
    "endang",
    "suryani",
    "fatimah",
    "aminah",
    "kartini",
    "euis",
    "neneng",
    "ni",
    "wulan",
]
FAMILY = [
    "santoso",
    "susanto",
    "purnomo",
    "wibowo",
    "prasetyo",
    "nugroho",
    "saputra",
    "pratama",
    "kusuma",
    "wijaya",
    "siregar",
    "nasution",
    "lubis",
    "harahap",
    "hidayat",
    "setiawan",
    "kurniawan",
    "firmansyah",
]
TITLES = ["", "", "", "", "", "", "", "", "H. ", "Hj. ", "Drs. ", "Dr. "]
STREETS = ["MAWAR", "MELATI", "ANGGREK", "KENANGA", "DAHLIA", "MERDEKA", "SUDIRMAN", "PAHLAWAN"]
ELECTION = "2024-02-14"


def _pick(rng: np.random.Generator, words: list[str], n: int) -> pl.Series:
    return pl.Series(
        np.asarray(words, dtype=object)[rng.integers(0, len(words), n)], dtype=pl.String
    )


def _households(rng: np.random.Generator, n: int, villages: np.ndarray) -> pl.DataFrame:
    sizes = rng.integers(1, 6, n // 2)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
    hh = np.repeat(np.arange(sizes.size), sizes)[:n]
    village_of_hh = np.sort(rng.integers(0, villages.size, sizes.size))
    village = villages[village_of_hh[hh]]
    # TPS: ~280 voters each, counted within the village in household order
    first = np.r_[0, np.flatnonzero(village[1:] != village[:-1]) + 1]
    start = np.repeat(first, np.diff(np.r_[first, n]))
    hh_start = np.r_[0, np.flatnonzero(hh[1:] != hh[:-1]) + 1]
    pos_hh = np.repeat(hh_start, np.diff(np.r_[hh_start, n]))
    tps = (pos_hh - start) // 280 + 1
    return pl.DataFrame({"hh": hh, "kode_desa": village.astype(str), "tps_n": tps})


def generate(n: int, seed: int = 0) -> pl.DataFrame:
    """A synthetic voter list of ``n`` rows (see the module docstring)."""
    from sidalih.regions import villages as village_table

    rng = np.random.default_rng(seed)
    codes = village_table()["kode_desa"].to_numpy()
    villages = np.sort(rng.choice(codes, size=max(1, n // 2500), replace=False))
    base = _households(rng, n, villages)
    female = rng.random(n) < 0.5
    year = rng.integers(1935, 2007, n)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    placeholder = rng.random(n) < np.clip((2005 - year) / 140, 0.02, 0.45)
    kind = rng.integers(0, 3, n)
    day = np.where(placeholder, np.choose(kind, [1, 31, 1]), day)
    month = np.where(placeholder, np.choose(kind, [7, 12, 1]), month)
    districts = np.asarray([c[:6] for c in codes[rng.integers(0, codes.size, 512)]], dtype=object)
    frame = base.with_columns(
        pl.Series("female", female), pl.Series("y", year), pl.Series("m", month),
        pl.Series("d", day), pl.Series("serial", rng.integers(1, 5000, n)),
        pl.Series("other", districts[rng.integers(0, districts.size, n)], dtype=pl.String),
        pl.Series("moved", rng.random(n) < 0.12),
    )  # fmt: skip
    given = pl.when(pl.col("female")).then(_pick(rng, GIVEN_P, n)).otherwise(_pick(rng, GIVEN_L, n))
    z2 = lambda c: pl.col(c).cast(pl.String).str.zfill(2)  # noqa: E731
    district = (
        pl.when(pl.col("moved"))
        .then(pl.col("other"))
        .otherwise(pl.col("kode_desa").str.slice(0, 6))
    )
    nik_day = (
        (pl.col("d") + pl.when(pl.col("female")).then(40).otherwise(0)).cast(pl.String).str.zfill(2)
    )
    out = frame.select(
        pl.concat_str(district, nik_day, z2("m"), (pl.col("y") % 100).cast(pl.String).str.zfill(2),
                      pl.col("serial").cast(pl.String).str.zfill(4)).alias("nik"),
        pl.concat_str(pl.col("kode_desa").str.slice(0, 6), pl.lit("0101"),
                      (pl.col("hh") % 100).cast(pl.String).str.zfill(2),
                      (pl.col("hh") % 9999 + 1).cast(pl.String).str.zfill(4)).alias("nkk"),
        pl.concat_str(_pick(rng, TITLES, n), given.str.to_titlecase(), pl.lit(" "),
                      _pick(rng, FAMILY, n).str.to_titlecase()).alias("nama"),
        _pick(rng, ["BOGOR", "JAKARTA", "BANDUNG", "SURABAYA", "MEDAN", "KLATEN"], n).alias("tempat_lahir"),
        pl.concat_str(z2("d"), pl.lit("-"), z2("m"), pl.lit("-"), pl.col("y").cast(pl.String)).alias("tanggal_lahir"),
        pl.when(pl.col("female")).then(pl.lit("P")).otherwise(pl.lit("L")).alias("jenis_kelamin"),
        _pick(rng, ["S", "S", "S", "B", "B", "P"], n).alias("status_kawin"),
        pl.concat_str(pl.lit("JL. "), _pick(rng, STREETS, n), pl.lit(" NO. "),
                      (pl.col("hh") % 97 + 1).cast(pl.String)).alias("alamat"),
        (pl.col("hh") % 12 + 1).cast(pl.String).str.zfill(3).alias("rt"),
        (pl.col("hh") % 5 + 1).cast(pl.String).str.zfill(3).alias("rw"),
        pl.col("kode_desa"),
        pl.col("tps_n").cast(pl.String).str.zfill(3).alias("tps"),
    )  # fmt: skip
    return _damage(_with_duplicates(out, rng), rng)


def _with_duplicates(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = frame.height
    copies = frame[np.sort(rng.choice(n, size=n // 50, replace=False))]
    kept = frame.head(n - copies.height)
    return (
        pl.concat([kept, copies])
        .with_row_index("id", offset=1)
        .with_columns(pl.col("id").cast(pl.Int64))
    )


def _damage(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = frame.height
    r = rng.random(n)
    damaged: dict[str, list[tuple[float, str | None]]] = {
        "nik": [(0.004, "3.27101E+15"), (0.008, "327101550385001"), (0.010, "327101550385****")],
        "tanggal_lahir": [(0.003, "31-02-1980"), (0.005, "01-01-2010"), (0.006, None)],
        "nama": [(0.002, "NN"), (0.003, "-"), (0.004, "Hj.")],
        "tps": [(0.002, None)],
        "kode_desa": [(0.001, "3299999999")],
    }
    columns = []
    for column, cuts in damaged.items():
        expr = pl.col(column)
        low = 0.0
        for high, value in cuts:
            hit = pl.Series((r >= low) & (r < high))
            expr = pl.when(hit).then(pl.lit(value, dtype=pl.String)).otherwise(expr)
            low = high
        columns.append(expr.alias(column))
        r = rng.random(n)
    return frame.with_columns(columns)


CHILD = r"""
import json, os, resource, sys, time
import polars as pl
from sidalih.quality import check
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
path, election = sys.argv[1], sys.argv[2]
small = pl.read_parquet(path, n_rows=1000)
t0 = time.perf_counter(); check(small, election_date=election); cold = time.perf_counter() - t0
voters = pl.read_parquet(path)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
load_before = os.getloadavg()[0]
t0, c0 = time.perf_counter(), cpu()
report = check(voters, election_date=election)
seconds, cpu_seconds = time.perf_counter() - t0, cpu() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
by = report.summary().sort("n_findings", descending=True).head(8).rows()
print(json.dumps({"rows": report.n_rows, "seconds": seconds, "cpu_seconds": cpu_seconds,
                  "load_before": load_before, "load_after": os.getloadavg()[0],
                  "cold_1k_seconds": cold, "rss_before_mib": before, "peak_rss_mib": peak,
                  "findings": report.n_findings, "rows_clean": report.n_rows_clean,
                  "top_checks": by}))
"""


def run_size(n: int, cache: Path, seed: int) -> dict[str, object]:
    path = cache / f"voters_{n}_{seed}.parquet"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        generate(n, seed).write_parquet(path)
        print(f"generated {n:,} rows in {time.perf_counter() - t0:.1f} s -> {path}", flush=True)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path), ELECTION],
                          capture_output=True, text=True, check=True)  # fmt: skip
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["rows_per_second"] = result["rows"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/sidalih_bench"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    results = [run_size(n, args.cache, args.seed) for n in args.sizes]
    rows = [
        {"rows": r["rows"], "check s": r["seconds"], "CPU s": r["cpu_seconds"],
         "load avg": f"{r['load_before']:.1f}-{r['load_after']:.1f}",
         "rows/s": r["rows_per_second"],
         "peak RSS MiB": r["peak_rss_mib"], "RSS before check MiB": r["rss_before_mib"],
         "findings": r["findings"], "clean rows": r["rows_clean"],
         "cold 1k-row call s": r["cold_1k_seconds"]}
        for r in results
    ]  # fmt: skip
    print(markdown_table(rows))
    for r in results:
        print(f"\nlargest checks at {r['rows']:,} rows: {r['top_checks']}")
    path = write_json("check", {"election_date": ELECTION, "results": results})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
