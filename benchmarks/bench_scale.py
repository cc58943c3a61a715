"""sidalih alone at growing sizes: time per stage, peak memory, time per record.

Each size runs in its own process (so peak memory is that run's), on a synthetic list from
:func:`sidalih.synth.voters` written to Parquet first (generation is not timed), with
the zero-configuration defaults. Stage times are ``Result.summary().timings``.

    python benchmarks/run.py --suite scale [--sizes 10000,100000,1000000] [--repeat 3]

With ``--repeat`` each size runs that many times and the median run (by wall time) is
reported. The growth of wall time with size is fitted as ``time ∝ n^b`` by least squares
on log-log (``b`` = 1: time per record flat), once over all sizes and once from 100k up,
where fixed costs (imports, training on random pairs) no longer dominate.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from _machine import markdown_table, write_json  # noqa: E402

STAGES = ("prepare", "block", "compare", "train", "score_and_cluster")


def table_row(size: int, r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"records": f"{size:,}"}
    if r["status"] != "ok":
        row.update({"wall s": r["status"], "peak MiB": round(r["polled_peak_rss_mib"])})
        return row
    timings = r.get("timings") or {}
    row.update({stage: round(timings.get(stage, 0.0), 2) for stage in STAGES})
    row.update(
        {
            "wall s": round(r["seconds"], 1),
            "CPU s": round(r["cpu_s"], 1),
            "µs/record": round(r["seconds"] / size * 1e6, 1),
            "candidate pairs": f"{r.get('candidate_pairs', 0):,}",
            "peak MiB": round(r["peak_rss_mib"]),
            "load 1m": round(r["load_avg_before"][0], 2),
        }
    )
    return row


def growth_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(size): time grows as size ** slope."""
    if len(sizes) < 2:
        return None
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


def _median_run(path: Path, timeout: float, repeat: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeat):
        result = _peers.run("sidalih", "voters", data=str(path), timeout=timeout)
        result.pop("clusters", None)
        runs.append(result)
        if result["status"] != "ok":
            return result
    runs.sort(key=lambda r: r["seconds"])
    median = dict(runs[len(runs) // 2])
    median["runs"] = [{k: r[k] for k in ("seconds", "cpu_s", "peak_rss_mib")} for r in runs]
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    from sidalih.synth import write

    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"voters_{size}.parquet"
            write(path, size, seed=args.seed, kpu_style=False, truth_path=False)
            result = _median_run(path, args.timeout, args.repeat)
            result["records"] = size
            results.append(result)
            rows.append(table_row(size, result))
            print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
            path.unlink()
    print()
    print(markdown_table(rows))
    ok = [r for r in results if r["status"] == "ok"]
    growth = {
        "all sizes": growth_exponent([r["records"] for r in ok], [r["seconds"] for r in ok]),
        "from 100k": growth_exponent([r["records"] for r in ok if r["records"] >= 100_000],
                                     [r["seconds"] for r in ok if r["records"] >= 100_000]),
    }
    print("\nwall time ~ n^b, fitted b: " + ", ".join(
        f"{k} {v:.2f}" for k, v in growth.items() if v is not None))
    out = write_json("scale", {"git": _peers.git_state(), "seed": args.seed,
                               "repeat": args.repeat, "growth_exponent": growth,
                               "results": results})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
