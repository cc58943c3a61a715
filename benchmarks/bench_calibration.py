"""Calibration pooled over lists: is a pair at probability p one person as often as p says?

One list of a few thousand rows holds a handful of pairs in the middle probability bins,
so the share of each bin is pooled over profiles and seeds. For each size: per bin
(0.5-0.6, ..., 0.9-1.0) the pairs the model decided (domain verdicts left out, see
``bench_model.calibration``), the share that are one person and the mean probability.
Prints a markdown table and writes ``benchmarks/results/calibration.json``.

    python benchmarks/bench_calibration.py --sizes 5000 20000 --seeds 1 2 3 4 5 6 7 8
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _machine import machine  # noqa: E402
from _peers import git_state  # noqa: E402
from bench_model import calibration  # noqa: E402

import sidalih  # noqa: E402

PROFILES = ("default", "village", "moved", "namesake", "missing_nik")


def pooled(size: int, profiles: list[str], seeds: list[int]) -> list[dict[str, Any]]:
    """Per bin over every list of ``size``: pairs, share one person, mean probability."""
    rows = []
    for kind in profiles:
        for seed in seeds:
            lists = sidalih.synth.profile(kind, size, seed=seed)
            result = sidalih.deduplicate(lists.voters)
            rows += [{**cell, "profile": kind, "seed": seed}
                     for cell in calibration(result.pairs, lists.truth)]
    if not rows:
        return []
    table = pl.DataFrame(rows).with_columns(ones=pl.col("share_true") * pl.col("pairs"),
                                            mass=pl.col("mean_p") * pl.col("pairs"))
    return (table.group_by("bin")
            .agg(pl.col("pairs").sum(),
                 (pl.col("ones").sum() / pl.col("pairs").sum()).alias("share_true"),
                 (pl.col("mass").sum() / pl.col("pairs").sum()).alias("mean_p"))
            .sort("bin").to_dicts())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(1, 9)))
    parser.add_argument("--profiles", nargs="+", default=list(PROFILES), choices=PROFILES)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "calibration.json")
    args = parser.parse_args(argv)
    print("| size | " + " | ".join(f"{b / 10:.1f}-{(b + 1) / 10:.1f}" for b in range(5, 10))
          + " |")
    print("|---|" + "---|" * 5)
    out = []
    for size in args.sizes:
        bins = pooled(size, args.profiles, args.seeds)
        out.append({"size": size, "bins": bins})
        cells = {b["bin"]: b for b in bins}
        shown = [f"{cells[b]['share_true']:.3f} ({cells[b]['pairs']}) / {cells[b]['mean_p']:.2f}"
                 if b in cells else "—" for b in range(5, 10)]
        print(f"| {size:,} | " + " | ".join(shown) + " |", flush=True)
    payload = {"suite": "calibration", "machine": machine(), **git_state(),
               "date": time.strftime("%Y-%m-%d"), "profiles": args.profiles,
               "seeds": args.seeds, "sizes": out}
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
