"""Model trust: accuracy, look-alike merges and label-free estimates over list sizes and shapes.

For every profile of :func:`sidalih.synth.profile` and every size, deduplicate the list
with sidalih's defaults and report pairwise precision, recall and F1 against the truth,
the share of look-alike pairs (different people) merged, the share of the skewed list's
planted duplicates found, the model used, and the estimate of precision and recall that
``Result.accuracy()`` gives without labels. Prints a markdown table and writes
``benchmarks/results/model.json``.

    python benchmarks/run.py --suite model --sizes 1000 5000 20000 --profiles default village
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _machine import machine  # noqa: E402
from _peers import git_state  # noqa: E402

import sidalih  # noqa: E402
from sidalih.cli.demo import lookalikes_merged, pairwise_accuracy  # noqa: E402

DEFAULT_SIZES = (1_000, 5_000, 20_000, 200_000)


def lookalike_share(clusters: pl.DataFrame, lists: Any) -> tuple[int, int]:
    pairs = lists.lookalike_pairs()
    if pairs.height == 0:
        return 0, 0
    table = lookalikes_merged(clusters, pairs)
    return int(table["merged"].sum()), int(table["total"].sum())


def planted_found(clusters: pl.DataFrame, truth: pl.DataFrame) -> tuple[int, int]:
    """Duplicates whose record shares a cluster with another record of its person."""
    joined = truth.select("id", "person_id", "record_kind").join(clusters, on="id")
    same = joined.with_columns(
        found=(pl.col("cluster_id").n_unique().over("person_id") == 1)
        & (pl.len().over("person_id") > 1))
    dups = same.filter(pl.col("record_kind") == "duplicate")
    return int(dups["found"].sum()), dups.height


def calibration(pairs: pl.DataFrame, truth: pl.DataFrame) -> list[dict[str, Any]]:
    """Per probability bin (5: 0.5-0.6, ..., 9: 0.9-1.0): pairs, share that are one person.

    Pairs a domain rule decided (twins, family, namesakes, one NIK on two people) are
    left out: their probability is overruled, not acted on.
    """
    person = truth.select("id", "person_id")
    joined = (pairs.filter((pl.col("match_probability") >= 0.5)
                           & pl.col("verdict").is_in(["model", "identical"]))
              .select("id_l", "id_r", "match_probability", "verdict")
              .join(person.rename({"id": "id_l", "person_id": "p_l"}), on="id_l")
              .join(person.rename({"id": "id_r", "person_id": "p_r"}), on="id_r")
              # tenths as integers: polars divides by multiplying with 0.1 (6 * 0.1 != 0.6)
              .with_columns(bin=(pl.col("match_probability") * 10).floor().clip(5, 9)
                            .cast(pl.Int64),
                            same=pl.col("p_l") == pl.col("p_r")))
    table = joined.group_by("bin").agg(pl.len().alias("pairs"), pl.col("same").mean()
                                       .alias("share_true"),
                                       pl.col("match_probability").mean().alias("mean_p"))
    return table.sort("bin").to_dicts()


def measure(kind: str, size: int, seed: int) -> dict[str, Any]:
    lists = sidalih.synth.profile(kind, size, seed=seed)
    start = time.perf_counter()
    result = sidalih.deduplicate(lists.voters)
    seconds = time.perf_counter() - start
    clusters = result.clusters
    truth = pairwise_accuracy(clusters, lists.truth)
    merged, look = lookalike_share(clusters, lists)
    found, planted = planted_found(clusters, lists.truth)
    row: dict[str, Any] = {
        "profile": kind, "rows": lists.voters.height, "seconds": round(seconds, 2),
        "precision": truth["precision"], "recall": truth["recall"], "f1": truth["f1"],
        "lookalikes_merged": merged, "lookalike_pairs": look,
        "duplicates_found": found, "duplicates": planted,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    row["calibration"] = calibration(result.pairs, lists.truth)
    summary = result.summary()
    for key in ("model_source", "model_shift_bits"):
        if hasattr(summary, key):
            row[key] = getattr(summary, key)
    if hasattr(result, "accuracy"):
        estimate = result.accuracy()
        row["estimated"] = {k: estimate[k] for k in ("precision", "recall", "f1")}
    return row


def shown(value: Any) -> str:
    return "—" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--profiles", nargs="+", default=list(sidalih.synth.PROFILES))
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "model.json")
    args = parser.parse_args(argv)
    rows = []
    print("| profile | rows | P | R | F1 | look-alikes merged | planted found | est. P | est. R | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in args.profiles:
        for size in args.sizes:
            row = measure(kind, size, args.seed)
            rows.append(row)
            est = row.get("estimated", {})
            print(f"| {kind} | {row['rows']:,} | {shown(row['precision'])} | "
                  f"{shown(row['recall'])} | {shown(row['f1'])} | "
                  f"{row['lookalikes_merged']}/{row['lookalike_pairs']} | "
                  f"{row['duplicates_found']}/{row['duplicates']} | "
                  f"{shown(est.get('precision'))} | {shown(est.get('recall'))} | "
                  f"{row['seconds']} |", flush=True)
    print("\n| profile | rows | " + " | ".join(f"p {b / 10:.1f}-{(b + 1) / 10:.1f}"
                                           for b in range(5, 10)) + " |")
    print("|---|---:|" + "---:|" * 5)
    for row in rows:
        cells = {c["bin"]: c for c in row["calibration"]}
        shown_bins = [f"{cells[b]['share_true']:.2f} ({cells[b]['pairs']})"
                      if b in cells else "—" for b in range(5, 10)]
        print(f"| {row['profile']} | {row['rows']:,} | " + " | ".join(shown_bins) + " |")
    payload = {"suite": "model", "machine": machine(), **git_state(),
               "date": time.strftime("%Y-%m-%d"), "rows": rows}
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
