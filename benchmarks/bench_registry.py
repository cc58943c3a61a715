"""The registry: look-up latency after ``open``, add throughput, storage per record.

    python benchmarks/bench_registry.py [--sizes 100000,1000000] [--queries 500]
    python benchmarks/bench_registry.py --sizes 1000000 --registry /tmp/reg1m --passes 2

``--registry`` builds the registry once in a folder and reuses it in later runs (the
1M ``create`` takes minutes); ``--passes`` repeats the look-ups (on a shared machine
their figures move from one pass to the next); ``--no-writes`` and
``--splink-repeats 0`` leave out the adds and Splink.

Per size: ``create`` from a synthetic list (timed, not a target), ``open`` (timed, in a
fresh process so nothing is warm but the disk cache), then ``match`` of one record at a
time (``--queries`` records: half drawn from the registry's own list, half from a
second synthetic list): median, p90 and p99 in milliseconds, the share of look-ups
that found candidates and the median of each kind (a record without a candidate skips
the scoring), and how much of it is preparing the one record
(:func:`sidalih.engine.prepare_records`); then ``add`` of 10,000 new records (a second
add too: the first also reads the persons' creation commits, which a reader never
needs); then the folder's bytes per record. Splink 5's ``predict_between`` runs on the same
records when ``import splink`` works: its model is trained beforehand on the registry's
records (not timed), the registry is registered in DuckDB with its term-frequency table,
and the time of ``predict_between`` for 1 record and for 100 is measured (median of
``--splink-repeats``). Targets (issue 20, 2 cores): median <= 5 ms, p99 <= 20 ms at
1M, add 10k <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine, markdown_table, peak_rss_mib, write_json  # noqa: E402

ELECTION = "2029-02-14"
_OPEN = """
import sys, time
start = time.perf_counter()
from sidalih.registry import Registry
imported = time.perf_counter()
reg = Registry.open(sys.argv[1])
print(time.perf_counter() - imported, len(reg))
"""


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _open_seconds(folder: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _OPEN, str(folder)], capture_output=True,
                         text=True, check=True)
    return float(out.stdout.split()[0])


def _splink(listed: pl.DataFrame, probe: pl.DataFrame, repeats: int) -> dict[str, Any]:
    """Splink 5's ``predict_between`` of 1 and 100 records against the whole list."""
    try:
        import splink  # noqa: F401
    except ImportError:
        return {"splink 1 ms": "not installed", "splink 100 ms": "not installed"}
    import _peers
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    table = _peers.voter_keys(listed).rename({"id": "unique_id"}).to_pandas()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _peers._splink_nik_comparison(),
            cl.NameComparison("nama_u").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("tanggal_lahir", input_is_string=False),
            cl.JaroWinklerAtThresholds("tempat_u", [0.88]),
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("nkk"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*k) for k in _peers.VOTER_BLOCKS],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    registry = db_api.register(table, table_name="registry")
    linker = Linker(registry, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "nama_u", "tanggal_lahir")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=0)
    for rule in (block_on("nik"), block_on("nama_u", "tanggal_lahir")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)
    linker.table_management.compute_tf_table("nama_u")
    queries = _peers.voter_keys(probe.with_row_index("id").with_columns(
        ("q" + pl.col("id").cast(pl.String)).alias("id"))).rename({"id": "unique_id"})
    out: dict[str, Any] = {}
    for n in (1, 100):
        times = []
        for r in range(repeats):
            new = db_api.register(queries[r * n:(r + 1) * n].to_pandas(),
                                  table_name=f"new_{n}_{r}")
            start = time.perf_counter()
            linker.inference.predict_between(registry, new).as_pandas_dataframe()
            times.append(time.perf_counter() - start)
        out[f"splink {n} ms"] = round(float(np.median(times)) * 1e3, 1)
    return out


def _lookups(reg: Any, probe: pl.DataFrame, reference: pl.DataFrame) -> dict[str, Any]:
    """One pass of look-ups, one record each: percentiles, kinds, the prepare share."""
    from sidalih.engine import prepare_records

    # warm: a held record (candidates: every scoring kernel loads) and a probe record
    reg.match(reference[:1].drop("id"))
    reg.match(probe[:1])
    lookups, prepares, found = [], [], []
    for i in range(probe.height):
        one = probe[i:i + 1]
        start = time.perf_counter()
        found.append(reg.match(one).height > 0)
        lookups.append(time.perf_counter() - start)
        start = time.perf_counter()
        prepare_records(one, schema="voter", reference_date=ELECTION)
        prepares.append(time.perf_counter() - start)
    ms, hit = np.array(lookups) * 1e3, np.array(found)
    return {"match median ms": round(float(np.median(ms)), 2),
            "match p90 ms": round(float(np.percentile(ms, 90)), 2),
            "match p99 ms": round(float(np.percentile(ms, 99)), 2),
            "of which prepare ms": round(float(np.median(prepares)) * 1e3, 2),
            "with candidates %": round(100 * float(hit.mean()), 1),
            "median with candidates ms": round(float(np.median(ms[hit])), 2)
            if hit.any() else None,
            "median without ms": round(float(np.median(ms[~hit])), 2)
            if (~hit).any() else None}


def _probe(listed: pl.DataFrame, others: pl.DataFrame, queries: int, k: int) -> pl.DataFrame:
    """Pass ``k``'s look-ups: half registered people (their records as held), half from
    another list (a stranger has no candidate and skips the scoring, so the mix moves
    the median). Pass 0 draws the records earlier runs drew."""
    half = queries // 2
    return pl.concat([listed.sample(half, seed=4 + 10 * k),
                      others.sample(queries - half, seed=3 + 10 * k)]
                     ).sample(fraction=1.0, shuffle=True, seed=5 + 10 * k).drop("id")


def _writes(folder: Path, others: pl.DataFrame, size: int) -> dict[str, Any]:
    """Two adds of 10,000 new records and a removal of 100, then the folder's size."""
    from sidalih.registry import Registry

    row: dict[str, Any] = {}
    reg = Registry.open(folder)
    for k, part in enumerate((others[:10_000], others[10_000:20_000])):
        start = time.perf_counter()
        reg.add(part, cycle=f"bench-{k}")
        row[f"add 10k s (#{k + 1})"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    reg.remove(others["id"][:100].to_list(), reason="TMS-1")
    row["remove 100 s"] = round(time.perf_counter() - start, 2)
    reg.close()
    row["bytes/record after"] = round(_folder_bytes(folder) / (size + 20_000))
    return row


def one_size(size: int, queries: int, splink_repeats: int, *, registry: Path | None = None,
             passes: int = 1, writes: bool = True) -> dict[str, Any]:
    """All figures of one size. ``registry``: a folder to build once and reuse (the
    writes then run on a copy of it, so it stays as built); ``passes`` look-up passes."""
    from sidalih.registry import Registry
    from sidalih.synth import voters

    listed = voters(size, seed=1).voters
    others = voters(max(queries, 10_000) * 2, seed=2).voters
    others = others.with_columns(("n" + others["id"].cast(str)).alias("id"))
    row: dict[str, Any] = {"records": f"{size:,}"}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = registry if registry is not None else Path(tmp) / "dpt"
        if not folder.exists():
            start = time.perf_counter()
            Registry.create(folder, listed, election_date=ELECTION).close()
            row["create s"] = round(time.perf_counter() - start, 1)
        else:
            row["create s"] = "reused"
        row["bytes/record"] = round(_folder_bytes(folder) / size)
        row["open s (new process)"] = round(_open_seconds(folder), 2)
        start = time.perf_counter()
        reg = Registry.open(folder)
        row["open s"] = round(time.perf_counter() - start, 2)
        for k in range(passes):
            # each pass its own records (prepare remembers the names it has seen)
            probe = _probe(listed, others, queries, k)
            figures = _lookups(reg, probe, listed)
            row.update(figures if k == 0 else {
                f"{name} (#{k + 1})": value for name, value in figures.items()
                if name in ("match median ms", "match p90 ms", "match p99 ms")})
            load.append(os.getloadavg()[0])
        reg.close()
        if writes:
            copy = Path(tmp) / "writes"
            shutil.copytree(folder, copy)
            row.update(_writes(copy, others, size))
    load.append(os.getloadavg()[0])
    row["peak RSS MiB"] = round(peak_rss_mib())
    if splink_repeats > 0:
        row.update(_splink(listed, _probe(listed, others, queries, 0), splink_repeats))
    row["load avg"] = "/".join(f"{x:.1f}" for x in load + [os.getloadavg()[0]])
    return row


def main() -> None:
    import _peers

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--splink-repeats", type=int, default=5,
                        help="0 leaves Splink out")
    parser.add_argument("--registry", type=Path, default=None,
                        help="folder of the registry, built there once when absent and "
                             "reused (one size only); the writes run on a copy")
    parser.add_argument("--passes", type=int, default=1,
                        help="look-up passes (a shared machine's figures move between them)")
    parser.add_argument("--no-writes", action="store_true", help="leave out add and remove")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON file to write (default: results/registry.json)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.registry is not None and len(sizes) != 1:
        parser.error("--registry holds one registry: give one size")
    rows = []
    for size in sizes:
        rows.append(one_size(size, args.queries, args.splink_repeats, registry=args.registry,
                             passes=args.passes, writes=not args.no_writes))
        print(json.dumps(rows[-1]), flush=True)
    print(markdown_table(rows))
    payload = {"git": _peers.git_state(), "queries": args.queries,
               "command": " ".join(sys.argv), "rows": rows}
    if args.out is None:
        path = write_json("registry", payload)
    else:
        args.out.write_text(json.dumps({"machine": machine(), **payload}, indent=2,
                                       default=str))
        path = args.out
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
