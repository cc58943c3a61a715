"""Benchmark sidalih.synth: 1M rows in memory, 10M rows streamed to Parquet.

Usage: ``python benchmarks/bench_synth.py [--rows 1000000] [--big 10000000]``.
Prints a markdown table and writes ``benchmarks/results/synth.json``. Each measurement runs
in a fresh subprocess so its peak RSS (``ru_maxrss``) is that job's alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_IN_MEMORY = """
import resource, time, sys
import sidalih.synth as s
s.voters(2000, seed=0)  # warm caches (region tables, numba kernel)
t, c = time.perf_counter(), time.process_time()
out = s.voters({n}, seed={seed})
el, cpu = time.perf_counter() - t, time.process_time() - c
assert out.voters.height == {n}
print(cpu, el, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_TO_PARQUET = """
import resource, time
import sidalih.synth as s
t, c = time.perf_counter(), time.process_time()
s.write({path!r}, {n}, seed=0, chunk_rows={chunk})
el, cpu = time.perf_counter() - t, time.process_time() - c
print(cpu, el, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _run(code: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in GiB) of ``code`` in a fresh interpreter.

    CPU time is reported beside wall time because the machine is shared: under load the
    wall time says more about the neighbours than about the generator.
    """
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    cpu, seconds, rss_kib = out.stdout.split()[-3:]
    return float(seconds), float(cpu), float(rss_kib) / 1024**2


def _versions() -> dict[str, str]:
    import numba
    import numpy
    import polars
    import pyarrow

    return {"numpy": numpy.__version__, "polars": polars.__version__,
            "pyarrow": pyarrow.__version__, "numba": numba.__version__}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    args = parser.parse_args()

    runs = [_run(_IN_MEMORY.format(n=args.rows, seed=i)) for i in range(args.repeat)]
    median = statistics.median(r[0] for r in runs)
    median_cpu = statistics.median(r[1] for r in runs)
    mem_rss = max(r[2] for r in runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "dpt.parquet")
        big_s, big_cpu, big_rss = _run(_TO_PARQUET.format(path=path, n=args.big, chunk=args.chunk))
        size = os.path.getsize(path) / 1024**2
    rows = [
        ("voters(), in memory", args.rows, f"{median:.2f} s (median of {args.repeat})",
         f"{median_cpu:.2f} s", f"{mem_rss:.2f} GiB"),
        ("write(), Parquet in chunks", args.big, f"{big_s:.1f} s ({size:.0f} MiB)",
         f"{big_cpu:.1f} s", f"{big_rss:.2f} GiB"),
    ]  # fmt: skip
    print("| task | rows | wall time | CPU time | peak RSS |\n| --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r[0]} | {r[1]:,} | {r[2]} | {r[3]} | {r[4]} |")
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "versions": _versions(),
        "in_memory": {"rows": args.rows, "seconds": [r[0] for r in runs], "median_s": median,
                      "cpu_s": [r[1] for r in runs], "peak_rss_gib": mem_rss},
        "parquet": {"rows": args.big, "seconds": big_s, "cpu_s": big_cpu,
                    "peak_rss_gib": big_rss, "chunk_rows": args.chunk, "file_mib": size},
        "load_average": os.getloadavg(),
    }  # fmt: skip
    out = Path(__file__).parent / "results" / "synth.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
