"""One engine's accuracy on the other generators' lists, kept for an A/B comparison.

The 44 lists a change to the engine is first tried on (session 28): every shape of the
independent, fourth, fifth, sixth and seventh generators at 10,000 rows (seed 1) and of the
eighth at 3,000 rows (seeds 1-3), deduplicated with the defaults as
``tests/test_independent_lists.py`` does. The JSON keeps, per list, the pairwise scores,
the look-alikes merged per kind, every id's cluster and the scored pairs, so that
``benchmarks/ab_compare.py`` can say which pairs two engines decide apart and which is
right. Run each engine from a copy of its tree (``git archive``), first on the path:

    git archive 3b368e3 | tar -x -C /tmp/a
    cd /tmp && PYTHONPATH=/tmp/a NUMBA_CACHE_DIR=/tmp/a/.nc \
        python /work/main/benchmarks/ab_independent.py /tmp/a.json
    python /work/main/benchmarks/ab_compare.py /tmp/a.json /tmp/b.json --changed /tmp/c.txt

(from a folder that holds no ``sidalih``: the current directory comes first on the path).
The generators are this checkout's ``tests/``, whichever engine runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_independent import SHAPES, pairwise  # noqa: E402
from bench_independent import generate as _generated  # noqa: E402

import sidalih  # noqa: E402


def lists() -> list[tuple[str, str, int, int]]:
    out = []
    for gen in ("independent", "fourth", "fifth", "sixth", "seventh"):
        out += [(gen, shape, 10_000, 1) for shape in SHAPES[gen]]
    out += [("eighth", shape, 3_000, seed) for shape in SHAPES["eighth"] for seed in (1, 2, 3)]
    return out


def key(gen: str, shape: str, size: int, seed: int) -> str:
    return f"{gen}/{shape}/{size}/{seed}"


def generate(gen: str, shape: str, size: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _generated(gen, size, shape, seed)


def frame_hash(frame: pd.DataFrame) -> str:
    h = pd.util.hash_pandas_object(frame.astype(str), index=True).values
    return hashlib.sha1(h.tobytes()).hexdigest()


def lookalikes(truth: pl.DataFrame, clusters: pl.DataFrame, look: pl.DataFrame
               ) -> tuple[dict[str, list[int]], list[list[Any]]]:
    """Per kind [merged, total]: look-alike people with any records in one cluster."""
    people = (truth.join(clusters.select("id", "cluster_id"), on="id")
              .select("_pid", "cluster_id").unique())
    shared = (look.join(people.rename({"_pid": "pid_a"}), on="pid_a")
              .join(people.rename({"_pid": "pid_b"}), on=["pid_b", "cluster_id"])
              .select("pid_a", "pid_b", "kind").unique().sort("kind", "pid_a", "pid_b"))
    out = {}
    for kind, total in look.group_by("kind").len().sort("kind").iter_rows():
        out[str(kind)] = [int((shared["kind"] == kind).sum()), int(total)]
    return out, [[int(a), int(b), str(k)] for a, b, k in shared.iter_rows()]


def package_hash() -> str:
    root = Path(sidalih.__file__).parent
    h = hashlib.sha1()
    for p in sorted(root.rglob("*.py")):
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def measure(gen: str, shape: str, size: int, seed: int, election_date: str | None
            ) -> dict[str, Any]:
    t0 = time.perf_counter()
    frame, look = generate(gen, shape, size, seed)
    gen_s = time.perf_counter() - t0
    listed = pl.from_pandas(frame)
    voters = listed.drop([c for c in listed.columns if c.startswith("_")])
    kwargs = {} if election_date is None else {"election_date": election_date}
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(voters, **kwargs)
        clusters = result.clusters
    seconds = time.perf_counter() - start
    truth = listed.select("id", "_pid")
    row: dict[str, Any] = {"list": key(gen, shape, size, seed), "generator": gen,
                           "shape": shape, "size": size, "seed": seed,
                           "rows": voters.height, "frame_sha1": frame_hash(frame),
                           "generate_seconds": round(gen_s, 2), "seconds": round(seconds, 2)}
    row.update(pairwise(truth, clusters))
    row["lookalikes"], row["lookalikes_merged"] = lookalikes(truth, clusters,
                                                             pl.from_pandas(look))
    cl = clusters.select(pl.col("id").cast(pl.Utf8), pl.col("cluster_id").cast(pl.Utf8))
    row["clusters"] = dict(cl.iter_rows())
    p = result.pairs
    keep = [c for c in ("id_l", "id_r", "match_weight", "match_probability", "matched",
                        "level_nik", "rule") if c in p.columns]
    row["pairs"] = [list(r) for r in p.select(keep).iter_rows()]
    row["pairs_columns"] = keep
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output JSON path")
    ap.add_argument("--only", default=None,
                    help="regex on 'generator/shape/size/seed' to run a subset")
    ap.add_argument("--election-date", default=None,
                    help="pass election_date= to deduplicate (default: not passed, as the "
                         "tests and benchmarks do)")
    args = ap.parse_args()
    todo = [t for t in lists() if args.only is None or re.search(args.only, key(*t))]
    started = time.time()
    t0 = time.perf_counter()
    rows = []
    print(f"sidalih from {sidalih.__file__}; {len(todo)} lists", flush=True)
    for t in todo:
        row = measure(*t, args.election_date)
        rows.append(row)
        looks = ", ".join(f"{k} {m}/{n}" for k, (m, n) in row["lookalikes"].items())
        print(f"{row['list']:40s} F1 {row['f1']:.4f} P {row['precision']:.4f} "
              f"R {row['recall']:.4f} false {row['false_pairs']} missed "
              f"{row['missed_pairs']} {row['seconds']}s | {looks}", flush=True)
    total = time.perf_counter() - t0
    payload = {"sidalih_file": sidalih.__file__, "sidalih_sha1": package_hash(),
               "tests_dir": str(Path(__file__).resolve().parents[1] / "tests"),
               "numba_cache_dir": os.environ.get("NUMBA_CACHE_DIR"),
               "election_date": args.election_date, "python": sys.version.split()[0],
               "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
               "total_seconds": round(total, 1),
               "dedup_seconds": round(sum(r["seconds"] for r in rows), 1),
               "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, default=str) + "\n")
    mean = sum(r["f1"] for r in rows) / len(rows) if rows else float("nan")
    print(f"mean F1 {mean:.4f} over {len(rows)} lists; false {sum(r['false_pairs'] for r in rows)}"
          f" missed {sum(r['missed_pairs'] for r in rows)}; total {total:.1f}s "
          f"(deduplicate {payload['dedup_seconds']}s); written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
