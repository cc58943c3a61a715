"""sidalih vs Splink 5 vs recordlinkage on synthetic Indonesian voter lists (100k, 1M).

The list comes from :func:`sidalih.synth.voters` (households, twins with consecutive NIK
serials, fathers and sons sharing a name, namesakes on placeholder dates, one NIK on two
people) and is written to Parquet once; each tool then runs in its own process
(benchmarks/_peers.py) on the same file. sidalih runs with no configuration; Splink and
recordlinkage with the careful configurations documented in _peers.py, on the same
columns. Reported: wall and CPU seconds, peak memory, pairwise P/R/F1 over pairs within
predicted clusters, and per look-alike kind the share of look-alike pairs (different
people) merged into one cluster. recordlinkage is skipped at a size where it already
failed to finish within the time limit at a smaller one.

    python benchmarks/run.py --suite voters [--sizes 100000,1000000] [--timeout 900]
        [--tools sidalih,splink,recordlinkage] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from _machine import markdown_table, write_json  # noqa: E402

TOOLS = ("sidalih", "splink", "recordlinkage")
KINDS = ("twin", "father_son", "namesake_placeholder", "shared_nik")


def measure(tool: str, path: Path, truth: Any, lookalikes: Any, timeout: float,
            repeat: int = 1) -> dict[str, Any]:
    """One tool, ``repeat`` runs: the median run's figures, and every run's times."""
    runs = []
    for _ in range(repeat):
        result = _peers.run(tool, "voters", data=str(path), timeout=timeout)
        out = {key: value for key, value in result.items() if key != "clusters"}
        if result["status"] == "ok":
            out.update(_peers.pair_scores(result["clusters"], truth))
            out["lookalike_merged"] = _peers.lookalike_rates(result["clusters"], lookalikes)
        runs.append(out)
        if result["status"] != "ok":
            return out
    runs.sort(key=lambda r: r["seconds"])
    median = dict(runs[len(runs) // 2])
    median["runs"] = [{k: r[k] for k in ("seconds", "cpu_s", "peak_rss_mib", "f1")}
                      for r in runs]
    return median


def table_row(size: int, r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"records": f"{size:,}", "tool": r["tool"]}
    if r["status"] != "ok":
        row.update(
            {
                "P": "-",
                "R": "-",
                "F1": "-",
                "wall s": r["status"],
                "CPU s": "-",
                "peak MiB": round(r["polled_peak_rss_mib"]),
            }
        )
        row.update({k: "-" for k in KINDS})
    else:
        row.update(
            {
                "P": round(r["precision"], 4),
                "R": round(r["recall"], 4),
                "F1": round(r["f1"], 4),
                "wall s": round(r["seconds"], 1),
                "CPU s": round(r["cpu_s"], 1),
                "peak MiB": round(r["peak_rss_mib"]),
            }
        )
        row.update({k: round(r["lookalike_merged"].get(k, float("nan")), 3) for k in KINDS})
    row["runs"] = len(r.get("runs", [])) or 1
    row["load 1m"] = round(r["load_avg_before"][0], 2)
    return row


def merged(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Earlier results for sizes and tools not run this time are kept."""
    import json

    from _machine import RESULTS

    previous = RESULTS / "voters.json"
    done = {(r["records"], r["tool"]) for r in results}
    kept = []
    if previous.exists():
        kept = [
            r
            for r in json.loads(previous.read_text()).get("results", [])
            if (r.get("records"), r.get("tool")) not in done
        ]
    return kept + results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per tool; the median run is reported (by wall time)")
    args = parser.parse_args(argv)
    from sidalih.synth import voters

    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    gave_up: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            synthetic = voters(size, seed=args.seed)
            path = Path(tmp) / f"voters_{size}.parquet"
            synthetic.voters.write_parquet(path)
            truth, lookalikes = synthetic.true_pairs(), synthetic.lookalike_pairs()
            del synthetic
            for tool in args.tools.split(","):
                if tool in gave_up:
                    result = {
                        "tool": tool,
                        "status": "skipped (did not finish at a smaller size)",
                        "polled_peak_rss_mib": 0.0,
                        "load_avg_before": (0, 0, 0),
                    }
                else:
                    result = measure(tool, path, truth, lookalikes, args.timeout, args.repeat)
                if result["status"].startswith("killed"):
                    gave_up.add(tool)
                result["records"] = size
                results.append(result)
                rows.append(table_row(size, result))
                print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(markdown_table(rows))
    path = write_json(
        "voters",
        {
            "git": _peers.git_state(),
            "seed": args.seed,
            "timeout_s": args.timeout,
            "results": merged(results),
        },
    )
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
