"""Blocking alone: ``candidate_pairs`` with the default rules on prepared synthetic voters.

Each measurement runs in its own process (so peak memory is that run's): the prepared list
is read from Parquet, the kernels are warmed on 1,000 rows, then ``candidate_pairs`` is
timed. Peak memory is the process's peak resident set minus its size before the call.
Every configuration runs ``--repeat`` times; the table shows medians. ``1 thread`` sets
``POLARS_MAX_THREADS=1`` and ``NUMBA_NUM_THREADS=1``.

    python benchmarks/bench_blocking.py [--sizes 100000,1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import markdown_table, write_json  # noqa: E402

_CHILD = """
import json, os, resource, sys, time
import polars as pl
from sidalih.blocking import candidate_pairs
frame = pl.read_parquet(sys.argv[1])
candidate_pairs(frame.head(1_000))
with open("/proc/self/statm") as f:
    before = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
start = time.perf_counter()
pairs = candidate_pairs(frame)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "pairs": len(pairs), "peak_rss_mib": peak,
                  "peak_above_input_mib": peak - before, "load_1m": os.getloadavg()[0]}))
"""


def prepared(size: int, seed: int, folder: Path) -> Path:
    from sidalih.engine import prepare_records
    from sidalih.synth import voters

    records = prepare_records(voters(size, seed=seed).voters, schema="voter", reference_date=None)
    path = folder / f"prepared_{size}.parquet"
    records.write_parquet(path)
    return path


def measure(path: Path, threads: int | None) -> dict[str, Any]:
    env = dict(os.environ)
    if threads is not None:
        env.update(POLARS_MAX_THREADS=str(threads), NUMBA_NUM_THREADS=str(threads))
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = prepared(size, args.seed, Path(tmp))
            for threads in (None, 1):
                runs = [measure(path, threads) for _ in range(args.repeat)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results.append({"records": size, "threads": threads or "default", "runs": runs})
                rows.append(
                    {
                        "records": f"{size:,}",
                        "threads": threads or f"default ({os.cpu_count()})",
                        "median s": round(med["seconds"], 2),
                        "candidate pairs": f"{int(med['pairs']):,}",
                        "peak above input MiB": round(med["peak_above_input_mib"]),
                        "peak RSS MiB": round(med["peak_rss_mib"]),
                        "load 1m": round(med["load_1m"], 2),
                    }
                )
                print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(markdown_table(rows))
    out = write_json("blocking", {"seed": args.seed, "repeat": args.repeat, "results": results})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
