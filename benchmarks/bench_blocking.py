"""Blocking alone: ``candidate_pairs`` with the default rules on prepared synthetic voters.

Two tables. **Pairs per record by rule** (counts, not times): for every size, each
default rule's own pairs (``pairs_generated``) and the pairs it adds to the earlier
rules' (``pairs_new``), per record, from the blocking report of a streamed run
(:func:`~sidalih.blocking.iter_candidate_pairs`, so 10M rows need no pair array). Issue
23 asks these to stay flat (within 1.5x) as the list grows. **Time and memory** (skip
with ``--no-timing`` on a shared machine): each measurement in its own process (so peak
memory is that run's), kernels warmed on 1,000 rows, ``candidate_pairs`` timed; peak
memory is the process's peak resident set minus its size before the call; medians of
``--repeat`` runs; ``1 thread`` sets ``POLARS_MAX_THREADS=1`` and ``NUMBA_NUM_THREADS=1``.

Lists come from :func:`sidalih.synth.voters` (its villages and districts grow with the
list: ``ceil(n / 2500)`` villages, four per district, districts drawn nationally; with
``--regencies``, also lists of whole regencies, every village, at the national density
of voters per village: blocks keyed on a district or regency are then as full as in
the national list),
generated and prepared in chunks of whole generation units (about 1M rows), the
placeholder NIKs counted over the whole list (:func:`sidalih.prepare.placeholder_niks`),
so a chunked list is prepared as the whole one would be.

    python benchmarks/bench_blocking.py [--sizes 100000,1000000] [--repeat 3] [--no-timing]
                                        [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine, markdown_table, write_json  # noqa: E402

_CHILD = """
import json, os, resource, sys, time
import polars as pl
from sidalih.blocking import candidate_pairs
frame = pl.read_parquet(sys.argv[1])
candidate_pairs(frame.head(1_000))
with open("/proc/self/statm") as f:
    before = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
start = time.perf_counter()
pairs = candidate_pairs(frame)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "pairs": len(pairs), "peak_rss_mib": peak,
                  "peak_above_input_mib": peak - before, "load_1m": os.getloadavg()[0]}))
"""

# Per-rule counts from the report of a streamed run: pairs_new summed over the chunks.
_RULES_CHILD = """
import json, sys
import polars as pl
from sidalih.blocking import iter_candidate_pairs
frame = pl.read_parquet(sys.argv[1])
new, report = None, None
for chunk in iter_candidate_pairs(frame, chunk_pairs=20_000_000):
    counts = [r.pairs_new for r in chunk.report.rules]
    new = counts if new is None else [a + b for a, b in zip(new, counts)]
    report = chunk.report
rules = [{"rule": r.name, "status": r.status, "blocks": r.blocks,
          "largest_block": r.largest_blocks[0].rows if r.largest_blocks else 0,
          "pairs_in_blocks": r.pairs_in_blocks, "pairs_generated": r.pairs_generated,
          "pairs_new": k} for r, k in zip(report.rules, new or [0] * len(report.rules))]
print(json.dumps({"records": frame.height, "pairs": sum(new or []), "rules": rules}))
"""

_CHUNK_ROWS = 1_000_000


# DPT 2024: 204,807,222 voters in 83,731 villages (DOMAIN.md, The voter list)
_VOTERS_PER_VILLAGE = 2_450


def whole_regencies(count: int, seed: int) -> list[str]:
    """Every village of ``count`` regencies drawn at random: a list at the national density."""
    import numpy as np
    import polars as pl

    from sidalih.synth._places import village_table

    table = village_table()
    codes = table["kode_kabkota"].unique().sort().to_numpy()
    chosen = np.random.default_rng(seed).choice(codes, count, replace=False)
    return table.filter(pl.col("kode_kabkota").is_in(list(chosen)))["kode_desa"].to_list()


def prepared(size: int, seed: int, folder: Path, villages: list[str] | None = None) -> Path:
    """The prepared list of ``size`` rows as one Parquet file (built chunk by chunk)."""
    import polars as pl

    from sidalih.engine import prepare_records
    from sidalih.prepare import placeholder_niks, void_niks
    from sidalih.synth._plan import Config, make_plan
    from sidalih.synth._voters import units

    plan = make_plan(size, seed=seed, villages=villages, voters_per_village=2500,
                     villages_per_district=4)  # as synth.voters(size, seed=seed, villages=...)
    parts: list[Path] = []
    chunk: list[pl.DataFrame] = []

    def flush() -> None:
        if chunk:
            part = folder / f"part_{size}_{len(parts):03d}.parquet"
            prepare_records(pl.concat(chunk), schema="voter", reference_date=None).write_parquet(
                part)
            parts.append(part)
            chunk.clear()

    for voters, _ in units(plan, Config(seed=seed)):
        chunk.append(voters)
        if sum(c.height for c in chunk) >= _CHUNK_ROWS:
            flush()
    flush()
    found = placeholder_niks(pl.scan_parquet(parts))
    path = folder / f"prepared_{size}.parquet"
    pl.concat([void_niks(pl.read_parquet(p), found) for p in parts]).write_parquet(path)
    for part in parts:
        part.unlink()
    return path


def _child(code: str, path: Path, threads: int | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    if threads is not None:
        env.update(POLARS_MAX_THREADS=str(threads), NUMBA_NUM_THREADS=str(threads))
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(path: Path, threads: int | None) -> dict[str, Any]:
    return _child(_CHILD, path, threads)


def per_rule(path: Path) -> dict[str, Any]:
    return _child(_RULES_CHILD, path)


def _label(c: dict[str, Any]) -> str:
    k = c.get("regencies")
    whole = f" ({k} whole {'regency' if k == 1 else 'regencies'})" if k else ""
    return f"{c['records']:,}{whole}: own / new"


def rules_table(counts: list[dict[str, Any]]) -> str:
    """One row per rule, one column per list: own / new pairs per record."""
    rows = []
    for i, rule in enumerate(counts[0]["rules"]):
        row: dict[str, Any] = {"rule": rule["rule"]}
        for c in counts:
            r, n = c["rules"][i], c["records"]
            row[_label(c)] = f"{r['pairs_generated'] / n:.2f} / {r['pairs_new'] / n:.2f}"
        rows.append(row)
    total: dict[str, Any] = {"rule": "**all rules (union)**"}
    for c in counts:
        total[_label(c)] = f"**{c['pairs'] / c['records']:.2f}**"
    return markdown_table([*rows, total])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-timing", action="store_true",
                        help="only the pairs-per-record table (counts, no times)")
    parser.add_argument("--regencies", default="",
                        help="also lists of this many whole regencies (every village, "
                             f"{_VOTERS_PER_VILLAGE:,} voters each), e.g. 1,4")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the JSON here (default: results/blocking.json)")
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    lists: list[tuple[int, list[str] | None]] = [
        (int(s), None) for s in args.sizes.split(",") if s]
    for k in (int(s) for s in args.regencies.split(",") if s):
        villages = whole_regencies(k, args.seed)
        lists.append((_VOTERS_PER_VILLAGE * len(villages), villages))
    with tempfile.TemporaryDirectory() as tmp:
        for size, villages in lists:
            path = prepared(size, args.seed, Path(tmp), villages)
            counts.append(per_rule(path) | {"regencies": len({v[:4] for v in villages or ()}),
                                            "districts": len({v[:6] for v in villages or ()})})
            print(f"{size:,}: {counts[-1]['pairs'] / size:.2f} pairs per record", flush=True)
            for threads in () if args.no_timing or villages else (None, 1):
                runs = [measure(path, threads) for _ in range(args.repeat)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results.append({"records": size, "threads": threads or "default", "runs": runs})
                rows.append(
                    {
                        "records": f"{size:,}",
                        "threads": threads or f"default ({os.cpu_count()})",
                        "median s": round(med["seconds"], 2),
                        "candidate pairs": f"{int(med['pairs']):,}",
                        "peak above input MiB": round(med["peak_above_input_mib"]),
                        "peak RSS MiB": round(med["peak_rss_mib"]),
                        "load 1m": round(med["load_1m"], 2),
                    }
                )
                print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
            path.unlink()
    print("\nCandidate pairs per record by rule (own pairs / pairs added to earlier rules')\n")
    print(rules_table(counts))
    if rows:
        print()
        print(markdown_table(rows))
    payload = {"seed": args.seed, "repeat": args.repeat, "per_rule": counts, "results": results}
    if args.out is None:
        out = write_json("blocking", payload)
    else:
        out = args.out
        out.write_text(json.dumps({"machine": machine(), **payload}, indent=2, default=str))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
