"""Village lists written by hand (``tests/handmade_lists.py``), not by ``sidalih.synth``.

The accuracy of one village list from a generator with its own name pools, families,
look-alikes (twins, a son with his father's name, namesakes on placeholder dates with
their own cards and NIKs) and error model (moves within the village onto a new family
card, lost NIKs, serial typos, titles, dropped letters). For each variant, size and
seed: pairwise precision, recall and F1, look-alike pairs merged, and the estimate that
``Result.accuracy()`` gives without labels. Prints a markdown table and writes
``benchmarks/results/handmade.json``.

    python benchmarks/bench_handmade.py --sizes 1000 3000 8000 --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _machine import machine  # noqa: E402
from _peers import git_state  # noqa: E402
from handmade_lists import handmade_village  # noqa: E402

import sidalih  # noqa: E402
from sidalih.cli.demo import lookalikes_merged, pairwise_accuracy  # noqa: E402

VARIANTS: dict[str, dict[str, float]] = {
    "village": {},
    "missing_nik": {"missing_nik": 0.3},
    "namesake": {"namesake_rate": 0.1},
    "duplicates": {"duplicate_rate": 0.1},
}


def measure(variant: str, size: int, seed: int) -> dict[str, Any]:
    village = handmade_village(size, seed=seed, **VARIANTS[variant])
    start = time.perf_counter()
    result = sidalih.deduplicate(village.voters)
    seconds = time.perf_counter() - start
    accuracy = pairwise_accuracy(result.clusters, village.truth)
    looks = lookalikes_merged(result.clusters, village.lookalikes)
    estimate = result.accuracy()
    return {"variant": variant, "size": size, "seed": seed, "rows": village.voters.height,
            "precision": accuracy["precision"], "recall": accuracy["recall"],
            "f1": accuracy["f1"], "true_pairs": accuracy["true_pairs"],
            "lookalikes": {kind: [merged, total] for kind, merged, total in looks.iter_rows()},
            "estimated": {k: estimate[k] for k in ("precision", "recall", "f1")},
            "seconds": round(seconds, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 3_000, 8_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--out", type=Path, default=HERE / "results" / "handmade.json")
    args = parser.parse_args(argv)
    rows = []
    print("| variant | size | seed | P | R | F1 | twins / juniors / namesakes merged "
          "| est. P | est. R |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
    for variant in args.variants:
        for size in args.sizes:
            for seed in args.seeds:
                row = measure(variant, size, seed)
                rows.append(row)
                looks = " / ".join(f"{m}/{t}" for m, t in (row["lookalikes"].get(k, [0, 0])
                                                            for k in ("twin", "junior",
                                                                      "namesake")))
                est = row["estimated"]
                print(f"| {variant} | {size:,} | {seed} | {row['precision']:.4f} | "
                      f"{row['recall']:.4f} | {row['f1']:.4f} | {looks} | "
                      f"{est['precision']:.4f} | {est['recall']:.4f} |", flush=True)
    payload = {"suite": "handmade", "machine": machine(), **git_state(),
               "date": time.strftime("%Y-%m-%d"), "rows": rows}
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
