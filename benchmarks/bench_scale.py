"""sidalih alone at growing sizes: time per stage, peak memory, time per record.

Each size runs in its own process (so peak memory is that run's), on a synthetic list from
:func:`sidalih.synth.voters` written to Parquet first (generation is not timed), with
the zero-configuration defaults. Stage times are ``Result.summary().timings``.

    python benchmarks/run.py --suite scale [--sizes 10000,100000,1000000] [--timeout 3600]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    from sidalih.synth import write

    results: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"voters_{size}.parquet"
            write(path, size, seed=args.seed, kpu_style=False, truth_path=False)
            result = _peers.run("sidalih", "voters", data=str(path), timeout=args.timeout)
            result.pop("clusters", None)
            result["records"] = size
            results.append(result)
            rows.append(table_row(size, result))
            print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
            path.unlink()
    print()
    print(markdown_table(rows))
    out = write_json("scale", {"git": _peers.git_state(), "seed": args.seed, "results": results})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
