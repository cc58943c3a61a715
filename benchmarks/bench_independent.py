"""Accuracy on lists from generators written apart from this project.

``tests/independent_lists.py`` (session 16), ``tests/fourth_lists.py`` (session 18),
``tests/fifth_lists.py`` (session 19: regions outside Java), ``tests/sixth_lists.py``
(session 20: Java, Arabic spellings, Chinese-Indonesian names), ``tests/seventh_lists.py``
(Balinese birth-order names, Batak marga, Daeng/Andi/Teuku, Papuan and Ambonese clans,
bin/binti, letters in NIKs, region splits) and ``tests/eighth_lists.py`` (session 26: a
Sundanese village, a Deli Serdang district, Batam's migrants, Wonogiri's placeholder dates,
Sikka's large families, a Balinese desa) were each written from DOMAIN.md alone, by a helper
that had not read ``sidalih.synth``, the hand-written villages or the other generators:
their names, families, look-alikes and clerk errors are their own. Every list is
deduplicated with the defaults, as a new user would; the table gives pairwise precision,
recall and F1 against the generator's person ids, the false-merge pairs, the look-alikes
merged by kind (twins, fathers and sons, namesakes on a placeholder date) and the
label-free estimate.

    python benchmarks/bench_independent.py                      # 5 shapes x 1k/3k/10k/30k
    python benchmarks/bench_independent.py --sizes 1000 3000 --shapes movers
    python benchmarks/bench_independent.py --generator fourth   # results/fourth.json
    python benchmarks/bench_independent.py --generator fifth    # results/fifth.json
    python benchmarks/bench_independent.py --generator sixth    # results/sixth.json
    python benchmarks/bench_independent.py --generator seventh  # results/seventh.json
    python benchmarks/bench_independent.py --generator eighth   # results/eighth.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import eighth_lists  # noqa: E402
import fifth_lists  # noqa: E402
import fourth_lists  # noqa: E402
import independent_lists  # noqa: E402
import pandas as pd  # noqa: E402
import seventh_lists  # noqa: E402
import sixth_lists  # noqa: E402
from _machine import machine  # noqa: E402
from _peers import git_state  # noqa: E402

import sidalih  # noqa: E402

SHAPES = {"independent": ("one_village", "many_villages", "family_heavy", "nik_missing30",
                          "movers"),
          "fourth": ("village", "district", "moves", "hardneg", "nikmissing"),
          "fifth": ("village", "district", "batak", "east", "mixed_city"),
          "sixth": ("java_village", "java_district", "chinese_city", "arabic_spelling",
                    "mixed"),
          "seventh": ("bali", "batak", "sulsel", "aceh_minang", "papua_maluku", "mixed"),
          "eighth": tuple(eighth_lists.SHAPES)}
RESULTS = Path(__file__).resolve().parent / "results"


def generate(generator: str, size: int, shape: str, seed: int) -> tuple[pd.DataFrame,
                                                                       pd.DataFrame]:
    """A list with its truth columns (``id``, ``_pid``; ``_`` columns are dropped before
    matching) and its look-alikes (``pid_a``, ``pid_b``, ``kind``)."""
    if generator == "independent":
        return independent_lists.gen(size, shape, seed)  # type: ignore[no-any-return]
    if generator == "fifth":
        return fifth_lists.listed(size, shape, seed)  # type: ignore[no-any-return]
    if generator == "sixth":
        return sixth_lists.listed(size, shape, seed)  # type: ignore[return-value]
    if generator == "seventh":
        return seventh_lists.listed(size, shape, seed)  # type: ignore[return-value]
    if generator == "eighth":
        return eighth_lists.listed(size, shape, seed)
    return fourth_lists.listed(size, shape, seed)  # type: ignore[no-any-return]


def _pairs(n: pl.Expr) -> pl.Expr:
    return (n * (n - 1) // 2).sum()


def pairwise(truth: pl.DataFrame, clusters: pl.DataFrame) -> dict[str, float]:
    """Pairwise precision, recall and F1 of ``clusters`` against ``truth`` (id, _pid)."""
    joined = truth.join(clusters.select("id", "cluster_id"), on="id")
    both = joined.group_by("cluster_id", "_pid").len().select(_pairs(pl.col("len"))).item()
    found = joined.group_by("cluster_id").len().select(_pairs(pl.col("len"))).item()
    true = joined.group_by("_pid").len().select(_pairs(pl.col("len"))).item()
    precision = both / found if found else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "false_pairs": found - both,
            "true_pairs": true, "found_pairs": found, "correct_pairs": both,
            "missed_pairs": true - both, "rows_scored": joined.height}


def lookalikes(truth: pl.DataFrame, clusters: pl.DataFrame,
               look: pl.DataFrame) -> dict[str, list[int]]:
    """Per kind, look-alike people merged (any of their records in one cluster) / total."""
    person_clusters = (truth.join(clusters.select("id", "cluster_id"), on="id")
                       .select("_pid", "cluster_id").unique())
    shared = (look.join(person_clusters.rename({"_pid": "pid_a"}), on="pid_a")
              .join(person_clusters.rename({"_pid": "pid_b"}), on=["pid_b", "cluster_id"])
              .select("pid_a", "pid_b", "kind").unique())
    out = {}
    for kind, total in look.group_by("kind").len().iter_rows():
        out[str(kind)] = [int((shared["kind"] == kind).sum()), int(total)]
    return out


def measure(shape: str, size: int, seed: int, generator: str = "independent"
            ) -> dict[str, Any]:
    frame, look = generate(generator, size, shape, seed)
    listed = pl.from_pandas(frame)
    voters = listed.drop([c for c in listed.columns if c.startswith("_")])
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(voters)
        clusters = result.clusters
    seconds = time.perf_counter() - start
    truth = listed.select("id", "_pid")
    row: dict[str, Any] = {"shape": shape, "size": size, "seed": seed, "rows": voters.height,
                           "seconds": round(seconds, 2)}
    row.update(pairwise(truth, clusters))
    row["lookalikes"] = lookalikes(truth, clusters, pl.from_pandas(look))
    estimate = result.accuracy()
    row["estimated"] = {k: estimate[k] for k in ("precision", "recall", "f1")}
    return row


def _merged(row: dict[str, Any], kind: str) -> str:
    merged, total = row["lookalikes"].get(kind, [0, 0])
    return f"{merged}/{total}"


def _line(row: dict[str, Any]) -> str:
    # each generator names its kinds: fathers and sons are parent_child in the sixth, the
    # eighth's namesakes on a placeholder date namesake_planted
    looks = " | ".join(next((_merged(row, k) for k in kinds if k in row["lookalikes"]), "0/0")
                       for kinds in (("twin",), ("father_son", "parent_child"),
                                     ("namesake_placeholder", "namesake",
                                      "namesake_planted")))
    return (f"| {row['shape']} | {row['rows']:,} | {row['seed']} | {row['precision']:.4f} | "
            f"{row['recall']:.4f} | {row['f1']:.4f} | {row['false_pairs']} | {looks} | "
            f"{row['estimated']['f1']:.4f} | {row['seconds']} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generator", choices=sorted(SHAPES), default="independent")
    parser.add_argument("--shapes", nargs="+", default=None,
                        choices=sorted({s for shapes in SHAPES.values() for s in shapes}))
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 3000, 10000, 30000])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    shapes = args.shapes or SHAPES[args.generator]
    if set(shapes) - set(SHAPES[args.generator]):
        parser.error(f"the {args.generator} generator's shapes are "
                     f"{', '.join(SHAPES[args.generator])}")
    out = args.out or RESULTS / f"{args.generator}.json"
    rows = []
    print("| shape | rows | seed | P | R | F1 | false pairs | twins | father/son | "
          "namesakes | est. F1 | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shape, size, seed in itertools.product(shapes, args.sizes, args.seeds):
        rows.append(measure(shape, size, seed, args.generator))
        print(_line(rows[-1]), flush=True)
    mean = sum(r["f1"] for r in rows) / len(rows)
    print(f"\nmean F1 {mean:.4f} over {len(rows)} lists; false pairs "
          f"{sum(r['false_pairs'] for r in rows)}")
    kinds: dict[str, list[int]] = {}
    for r in rows:
        for kind, (merged, total) in r["lookalikes"].items():
            kinds.setdefault(kind, [0, 0])
            kinds[kind][0] += merged
            kinds[kind][1] += total
    print("look-alikes merged, all lists: " + ", ".join(
        f"{k} {m}/{t}" for k, (m, t) in sorted(kinds.items())))
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"suite": args.generator, "machine": machine(), **git_state(),
               "date": time.strftime("%Y-%m-%d"), "rows": rows}
    out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
