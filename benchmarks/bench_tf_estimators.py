"""Names' term frequencies: which estimate of a name's frequency serves small and large lists?

An exact name agreement weighs ``log2(u / freq(name))``. The engine's ``freq`` is the
name's count over the rows of its regency (or of the list), and that count includes the
pair's own records: in a 5,000-row list on one placeholder date (``synth.profile("skewed",
5000)``, 12,696 possible names drawn at random) a name held by one duplicate pair counts
2 in 5,000 where the population holds ~1 in 12,696, and some duplicates are missed
(issue 19; the strict xfail in ``tests/test_model_small_lists.py``).

This experiment replaces the frequency of ``nama_norm`` (in memory only; the engine is
patched for the run, nothing is changed) by other estimates of the same value's
probability, computed from the same counts per place (the regency when it holds at
least 1,000 rows, else the list), beside the engine's own
(:func:`sidalih.engine._tf.good_turing_frequency`), and reports the two things an
estimate must serve:

* the skewed lists of 5,000 rows, seeds 17 and 19: planted duplicates found (all 12
  wanted, at least 90 %);
* the middle probability bins, pooled over ``missing_nik`` lists of 200,000, seeds 11,
  12, 13 (``tests/test_model_trust.py::test_the_middle_probabilities_are_calibrated``):
  the share of pairs that are one person must lie in the bin widened by 0.05.

Estimators (``r`` a value's count in its place, ``N_r`` how many values are seen ``r``
times there):

``engine``    the engine's: ``sgt`` at most ``r`` and at least ``min(r, A)`` (``A / n``
              the chance that two random records of the place agree), non-decreasing
``raw``       ``r / n`` (the engine before issue 19's Good-Turing frequencies)
``loo``       ``(r - 1) / n``: the other records only
``sgt``       Gale & Sampson's simple Good-Turing ``r*``: Turing's ``(r + 1) N_{r+1} / N_r``
              while it differs significantly from the log-linear smoothed estimate, then
              the smoothed one; renormalised so that seen values hold ``1 - N_1 / N``
``sgt_half``  the geometric mean of ``r`` and the ``sgt`` estimate (half its shift in bits)
``sgt_le2``   ``sgt`` for values seen once or twice, ``r`` above
``sgt_sq``    ``sgt`` rescaled per place so that the chance that two random records agree
              (the sum of squared frequencies) is the raw counts'
``absdisc``   absolute discounting, ``r - D`` with ``D = N_1 / (N_1 + 2 N_2)`` (Ney)

    python benchmarks/bench_tf_estimators.py --estimators raw sgt
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _machine import machine  # noqa: E402
from _peers import git_state  # noqa: E402
from bench_model import calibration  # noqa: E402

import sidalih  # noqa: E402
import sidalih.engine._tf as engine_tf  # noqa: E402

ESTIMATORS = ("engine", "raw", "loo", "sgt", "sgt_half", "sgt_le2", "sgt_sq", "absdisc")
COLUMN = "nama_norm"
MIN_REGION_ROWS = 1_000  # as sidalih.engine._tf


def simple_good_turing(counts: np.ndarray) -> dict[int, float]:
    """Gale & Sampson (1995) adjusted counts ``r*`` per distinct count, renormalised."""
    rs, nr_ = np.unique(counts, return_counts=True)
    nr = dict(zip(rs.tolist(), nr_.tolist(), strict=True))
    total = float((rs * nr_).sum())
    n1 = float(nr.get(1, 0))
    if len(rs) < 2 or n1 == 0:
        return {int(r): float(r) for r in rs}
    q = np.concatenate([[0], rs[:-1]])
    t = np.concatenate([rs[1:], [2 * rs[-1] - q[-1]]])
    z = nr_ / (0.5 * (t - q))
    slope = float(np.polyfit(np.log(rs), np.log(z), 1)[0])
    out: dict[int, float] = {}
    smoothed = False
    for r in rs.tolist():
        y = r * (1 + 1 / r) ** (slope + 1)
        if not smoothed and (r + 1) in nr:
            x = (r + 1) * nr[r + 1] / nr[r]
            sd = math.sqrt((r + 1) ** 2 * nr[r + 1] / nr[r] ** 2 * (1 + nr[r + 1] / nr[r]))
            if abs(x - y) > 1.96 * sd:
                out[r] = x
                continue
        smoothed = True
        out[r] = y
    scale = (total - n1) / sum(nr[r] * out[r] for r in out)
    return {r: v * scale for r, v in out.items()}


def adjusted_counts(kind: str, counts: np.ndarray) -> dict[int, float]:
    """Per distinct count in one place, the count the estimator ``kind`` puts in its stead."""
    distinct = np.unique(counts).tolist()
    if kind == "raw":
        return {r: float(r) for r in distinct}
    if kind == "loo":
        return {r: float(r - 1) for r in distinct}
    if kind == "absdisc":
        n1, n2 = int((counts == 1).sum()), int((counts == 2).sum())
        d = n1 / (n1 + 2 * n2) if n1 else 0.0
        return {r: r - d for r in distinct}
    sgt = simple_good_turing(counts)
    if kind == "sgt":
        return sgt
    if kind == "sgt_half":
        return {r: math.sqrt(r * v) for r, v in sgt.items()}
    if kind == "sgt_le2":
        return {r: v if r <= 2 else float(r) for r, v in sgt.items()}
    if kind == "sgt_sq":
        raw2 = float((counts.astype(np.float64) ** 2).sum())
        gt2 = sum(sgt[int(r)] ** 2 for r in counts.tolist())
        return {r: v * math.sqrt(raw2 / gt2) for r, v in sgt.items()}
    raise ValueError(kind)


def frequency_by(kind: str) -> Callable[..., np.ndarray]:
    """A stand-in for ``engine._tf._value_frequency`` that uses the estimator ``kind``."""
    original = engine_tf._value_frequency

    def value_frequency(records: pl.DataFrame, column: str, *, cache: Any = None,
                        smoothed: bool = False) -> np.ndarray:
        if column != COLUMN or kind == "engine":
            return original(records, column, cache=cache,  # type: ignore[no-any-return]
                            smoothed=smoothed)
        if kind == "raw":
            return original(records, column, cache=cache)  # type: ignore[no-any-return]
        n = records.height
        value = records.get_column(column).rank("dense").fill_null(0).to_numpy().astype(
            np.int64) - 1
        region = (records.get_column("kode_kab").rank("dense").fill_null(0).to_numpy()
                  .astype(np.int64) - 1 if "kode_kab" in records.columns
                  else np.full(n, -1, np.int64))
        has = value >= 0
        region_rows = np.bincount(region[region >= 0], minlength=int(region.max()) + 1)
        big = (region >= 0) & (region_rows[np.maximum(region, 0)] >= MIN_REGION_ROWS)
        out = np.ones(n)
        # the list as one place, for rows outside a large regency
        count = np.bincount(value[has], minlength=int(value.max()) + 1)
        table = adjusted_counts(kind, count[count > 0])
        rows = has & ~big
        out[rows] = np.array([table[int(r)] for r in count[value[rows]]]) / n
        for k in np.unique(region[big]).tolist():
            rows = big & has & (region == k)
            codes, inverse, per_value = np.unique(value[rows], return_inverse=True,
                                                  return_counts=True)
            table = adjusted_counts(kind, per_value)
            out[rows] = np.array([table[int(r)] for r in per_value[inverse]]) / region_rows[k]
        return out

    return value_frequency


def skewed_found(n: int, seed: int) -> tuple[int, int]:
    lists = sidalih.synth.profile("skewed", n, seed=seed)
    result = sidalih.deduplicate(lists.voters)
    truth = lists.truth.select("id", "person_id")
    pairs = truth.join(truth, on="person_id").filter(pl.col("id") < pl.col("id_right"))
    joined = (pairs.join(result.clusters.rename({"cluster_id": "c_l"}), on="id")
              .join(result.clusters.rename({"id": "id_right", "cluster_id": "c_r"}),
                    on="id_right"))
    return int((joined["c_l"] == joined["c_r"]).sum()), pairs.height


def pooled_calibration(size: int, seeds: tuple[int, ...]) -> list[dict[str, Any]]:
    pooled: dict[int, list[float]] = {}
    for seed in seeds:
        lists = sidalih.synth.profile("missing_nik", size, seed=seed)
        for cell in calibration(sidalih.deduplicate(lists.voters).pairs, lists.truth):
            got = pooled.setdefault(cell["bin"], [0.0, 0.0])
            got[0] += cell["pairs"]
            got[1] += cell["share_true"] * cell["pairs"]
    rows = []
    for b in sorted(pooled):
        pairs, one = pooled[b]
        share = one / pairs
        rows.append({"bin": b, "pairs": int(pairs), "share_true": round(share, 4),
                     "within": b / 10 - 0.05 <= share <= (b + 1) / 10 + 0.05})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estimators", nargs="+", default=list(ESTIMATORS),
                        choices=ESTIMATORS)
    parser.add_argument("--size", type=int, default=200_000, help="missing_nik list size")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "tf_estimators.json")
    args = parser.parse_args(argv)
    original = engine_tf._value_frequency
    rows = []
    print("| estimator | skewed 5k s17 | skewed 5k s19 | p 0.5-0.6 | p 0.6-0.7 | p 0.7-0.8 "
          "| p 0.8-0.9 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    try:
        for kind in args.estimators:
            engine_tf._value_frequency = frequency_by(kind)  # type: ignore[assignment]
            found = [skewed_found(5_000, seed) for seed in (17, 19)]
            bins = pooled_calibration(args.size, (11, 12, 13))
            rows.append({"estimator": kind, "skewed_found": found, "calibration": bins})
            cells = {c["bin"]: c for c in bins}
            shown = [f"{cells[b]['share_true']:.3f} ({cells[b]['pairs']})"
                     f"{'' if cells[b]['within'] else ' out'}" if b in cells else "—"
                     for b in range(5, 9)]
            print(f"| {kind} | " + " | ".join(f"{f}/{p}" for f, p in found) + " | "
                  + " | ".join(shown) + " |", flush=True)
    finally:
        engine_tf._value_frequency = original
    payload = {"suite": "tf_estimators", "machine": machine(), **git_state(),
               "date": time.strftime("%Y-%m-%d"), "rows": rows}
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
