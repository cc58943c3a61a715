"""Lists too small to train on: village-sized lists cut out of the other generators' lists.

Every shape's first three of the independent, fourth, fifth, sixth, seventh and eighth
generators at 3,000 rows (seed 1); from each, its first eight villages of 10-299 records,
each deduplicated alone, whole and with a quarter and a twelfth of its people (seed 7).
Prints, per size band, the lists, records, pairs found, false and missed, and the
look-alikes merged per kind, and writes them as JSON. Run an engine from a copy of its
tree as ``ab_independent.py`` says:

    cd /tmp && PYTHONPATH=/tmp/a NUMBA_CACHE_DIR=/tmp/a/.nc \\
        python /work/main/benchmarks/bench_small_lists.py /tmp/a_small.json
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import warnings
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_independent import SHAPES, generate, lookalikes, pairwise  # noqa: E402

import sidalih  # noqa: E402

GENERATORS = ("independent", "fourth", "fifth", "sixth", "seventh", "eighth")
KEPT = (1.0, 0.25, 0.08)


def band(rows: int) -> str:
    return "<30" if rows < 30 else "30-99" if rows < 100 else "100-299"


def parts(listed: pl.DataFrame) -> list[pl.DataFrame]:
    """Each village of 10-299 records (its first eight), whole and thinned by person."""
    sizes = listed.group_by("kode_desa").len().filter(pl.col("len").is_between(10, 299))
    out = []
    for code in sizes.sort("kode_desa")["kode_desa"].to_list()[:8]:
        whole = listed.filter(pl.col("kode_desa") == code)
        people = whole["_pid"].unique().sort()
        for keep in KEPT:
            chosen = people if keep == 1.0 else people.sample(fraction=keep, seed=7)
            part = whole.filter(pl.col("_pid").is_in(chosen.implode()))
            if part.height >= 2:
                out.append(part)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output JSON path")
    args = ap.parse_args()
    totals: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for gen in GENERATORS:
        for shape in SHAPES[gen][:3]:
            frame, look = generate(gen, 3000, shape, 1)
            listed = pl.from_pandas(frame)
            if "kode_desa" not in listed.columns:
                continue
            for part in parts(listed):
                voters = part.drop([c for c in part.columns if c.startswith("_")])
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    clusters = sidalih.deduplicate(voters).clusters
                truth = part.select("id", "_pid")
                scores = pairwise(truth, clusters)
                total = totals[band(part.height)]
                total["lists"] += 1
                total["records"] += part.height
                for k in ("correct_pairs", "false_pairs", "missed_pairs"):
                    total[k] += int(scores[k])
                for kind, (merged, _) in lookalikes(truth, clusters, pl.from_pandas(look)).items():
                    total[f"lookalike {kind}"] += merged
    print(f"sidalih from {sidalih.__file__}")
    print(f"{'band':8s} {'lists':>5s} {'records':>7s} {'found':>5s} {'false':>5s} "
          f"{'missed':>6s}  look-alikes merged")
    for name in ("<30", "30-99", "100-299"):
        t = totals[name]
        looks = ", ".join(f"{k[10:]} {v}" for k, v in sorted(t.items())
                          if k.startswith("lookalike") and v) or "none"
        print(f"{name:8s} {t['lists']:5d} {t['records']:7d} {t['correct_pairs']:5d} "
              f"{t['false_pairs']:5d} {t['missed_pairs']:6d}  {looks}")
    args.out.write_text(json.dumps({"sidalih_file": sidalih.__file__,
                                    "bands": {k: dict(v) for k, v in totals.items()}}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
