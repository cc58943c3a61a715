"""National scale: out of core on one machine vs Apache Spark ``local[2]``, same list, same model.

For each size, a synthetic list (:func:`sidalih.synth.write`, not timed) is processed

1. out of core (:func:`sidalih.scale.deduplicate_parquet`, ``--memory-limit``), which
   trains its model on whole districts and saves it;
2. with ``sidalih.spark.deduplicate`` on ``local[2]`` with that saved model (the model is
   trained once, as on a cluster), reading the same Parquet file;
3. for the sizes in ``--inmemory-sizes``, in memory (:func:`sidalih.deduplicate` on the
   Parquet file read whole, the clusters written back), alternating with the out-of-core
   run ``--repeat`` times, so that the ratio of the two (medians) comes from one stretch
   of the machine's load.

Each run is a child process; peak memory is polled over the whole process tree (the
JVM and Python workers for Spark). Both report pairwise precision/recall/F1 against the
generator's truth, and whether their clusters are identical.

    python benchmarks/run.py --suite national [--sizes 100000,1000000]
        [--spark-sizes 100000] [--inmemory-sizes 1000000] [--repeat 3]
        [--memory-limit 1GiB] [--timeout 3600]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers  # noqa: E402
from _machine import markdown_table, write_json  # noqa: E402


def _child_outofcore(data: str, out: str, memory_limit: str) -> dict[str, Any]:
    from sidalih.scale import deduplicate_parquet

    result = deduplicate_parquet(data, out, memory_limit=memory_limit)
    return {"timings": result.info["timings"], "n_buckets": result.info["n_buckets"]}


def _child_inmemory(data: str, out: str) -> dict[str, Any]:
    import polars as pl

    import sidalih

    result = sidalih.deduplicate(pl.read_parquet(data))
    Path(out).mkdir(parents=True, exist_ok=True)
    result.clusters.write_parquet(Path(out) / "clusters.parquet")
    return {"timings": result.summary().timings}


def _child_spark(data: str, out: str, model_path: str) -> dict[str, Any]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import sidalih
    import sidalih.spark

    spark = (SparkSession.builder.master("local[2]").appName("sidalih-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "8g")
             .config("spark.sql.shuffle.partitions", "8")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter()
    frame = spark.read.parquet(data)
    result = sidalih.spark.deduplicate(frame, model=sidalih.Model.load(model_path))
    result.clusters.write.mode("overwrite").parquet(out)
    seconds = time.perf_counter() - start
    spark.stop()
    return {"engine_seconds": seconds, "n_buckets": result.info["n_buckets"]}


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["outofcore", "spark", "inmemory"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--memory-limit", default="1GiB")
    parser.add_argument("--model")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.engine == "outofcore":
        extra = _child_outofcore(args.data, args.out, args.memory_limit)
    elif args.engine == "inmemory":
        extra = _child_inmemory(args.data, args.out)
    else:
        extra = _child_spark(args.data, args.out, args.model)
    print(json.dumps({"seconds": time.perf_counter() - start, **extra}))
    return 0


def _tree_rss_mib(process: Any) -> float:
    import psutil

    total = 0.0
    with contextlib.suppress(psutil.Error):
        total += process.memory_info().rss
        for sub in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += sub.memory_info().rss
    return total / 2**20


def _watch(process: Any, timeout: float) -> tuple[float, str]:
    import psutil

    watched = psutil.Process(process.pid)
    start = time.perf_counter()
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss_mib(watched))
        if time.perf_counter() - start > timeout:
            for sub in watched.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    sub.kill()
            process.kill()
            process.wait()
            return peak, f"killed at {timeout:.0f} s"
        time.sleep(0.5)
    return peak, "ok"


def run_engine(engine: str, args: list[str], timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", engine, *args]
    load_before = os.getloadavg()
    # Files, not pipes: a long Spark run can write more to stderr than a pipe holds, and
    # a child blocked on a full pipe would look like a slow engine.
    with tempfile.TemporaryFile("w+") as out_log, tempfile.TemporaryFile("w+") as err_log:
        process = subprocess.Popen(command, stdout=out_log, stderr=err_log, text=True)
        peak, status = _watch(process, timeout)
        out_log.seek(0)
        err_log.seek(0)
        stdout, stderr = out_log.read(), err_log.read()
    figures: dict[str, Any] = {"engine": engine, "status": status, "peak_tree_rss_mib": peak,
                               "load_avg_before": load_before, "load_avg_after": os.getloadavg()}
    if status == "ok" and process.returncode != 0:
        figures["status"] = f"failed (exit {process.returncode})"
        figures["stderr_tail"] = stderr[-3000:]
    if figures["status"] == "ok":
        figures.update(json.loads(stdout.strip().splitlines()[-1]))
    return figures


def _scores(clusters_path: Path, truth: Any) -> dict[str, float]:
    import polars as pl

    clusters = pl.read_parquet(clusters_path)
    return _peers.pair_scores(clusters.select("id", "cluster_id"), truth)


def _run_scored(engine: str, args: list[str], out: Path, size: int, pairs: Any,
                timeout: float) -> dict[str, Any]:
    row = run_engine(engine, ["--out", str(out), *args], timeout)
    row.update(records=size)
    if row["status"] == "ok":
        row.update(_scores(out / "clusters.parquet", pairs))
    return row


def measure(size: int, *, tmp: Path, memory_limit: str, spark: bool, seed: int,
            timeout: float, inmemory: bool = False, repeat: int = 1) -> list[dict[str, Any]]:
    import polars as pl

    from sidalih.synth import write

    data = tmp / f"voters_{size}.parquet"
    truth_path = tmp / f"voters_{size}.truth.parquet"
    write(data, size, seed=seed, kpu_style=False, truth_path=truth_path)
    truth = pl.read_parquet(truth_path)
    pairs = (truth.select("id", "person_id").join(truth.select("id", "person_id"), on="person_id")
             .filter(pl.col("id") < pl.col("id_right"))
             .select(id_l="id", id_r="id_right"))
    rows = []
    ooc_out = tmp / f"ooc_{size}"
    for _ in range(repeat):  # alternately, so both see the same stretch of load
        if inmemory:
            rows.append(_run_scored("inmemory", ["--data", str(data)], tmp / f"mem_{size}",
                                    size, pairs, timeout))
        ooc = _run_scored("outofcore", ["--data", str(data), "--memory-limit", memory_limit],
                          ooc_out, size, pairs, timeout)
        ooc.update(memory_limit=memory_limit)
        rows.append(ooc)
    if spark and ooc["status"] == "ok":
        spark_out = tmp / f"spark_{size}"
        sp = run_engine("spark", ["--data", str(data), "--out", str(spark_out),
                                  "--model", str(ooc_out / "model.json")], timeout)
        sp.update(records=size)
        if sp["status"] == "ok":
            sp.update(_scores(spark_out / "*.parquet", pairs))
            a = pl.read_parquet(ooc_out / "clusters.parquet").sort("id")
            b = pl.read_parquet(spark_out / "*.parquet").select("id", "cluster_id").sort("id")
            sp["identical_to_out_of_core"] = bool(a.equals(b))
        rows.append(sp)
    return rows


def table_row(r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"engine": r["engine"], "records": f"{r['records']:,}"}
    if r["status"] != "ok":
        row.update({"wall s": r["status"], "peak MiB": round(r["peak_tree_rss_mib"])})
        return row
    row.update({
        "wall s": round(r["seconds"], 1),
        "µs/record": round(r["seconds"] / r["records"] * 1e6, 1),
        "peak MiB (tree)": round(r["peak_tree_rss_mib"]),
        "memory limit": r.get("memory_limit", "-"),
        "buckets": r.get("n_buckets"),
        "precision": round(r["precision"], 4),
        "recall": round(r["recall"], 4),
        "F1": round(r["f1"], 4),
        "same clusters": r.get("identical_to_out_of_core", "-"),
        "load 1m": round(r["load_avg_before"][0], 2),
    })
    return row


def ratio_lines(results: list[dict[str, Any]]) -> list[str]:
    """Per size run both ways: median wall out of core over median wall in memory.

    Examples
    --------
    >>> rows = [{"engine": e, "records": 10, "status": "ok", "seconds": s}
    ...         for e, s in [("inmemory", 2.0), ("outofcore", 3.0), ("inmemory", 4.0),
    ...                      ("outofcore", 5.0)]]
    >>> ratio_lines(rows)
    ['10 records: out of core 4.0 s / in memory 3.0 s = 1.33x (medians of 2 and 2 runs)']
    """
    import statistics

    lines = []
    for size in dict.fromkeys(r["records"] for r in results):
        walls = {e: [r["seconds"] for r in results if r["records"] == size
                     and r["engine"] == e and r["status"] == "ok"]
                 for e in ("inmemory", "outofcore")}
        if walls["inmemory"] and walls["outofcore"]:
            mem, ooc = (statistics.median(walls[e]) for e in ("inmemory", "outofcore"))
            lines.append(f"{size} records: out of core {ooc:.1f} s / in memory {mem:.1f} s = "
                         f"{ooc / mem:.2f}x (medians of {len(walls['outofcore'])} and "
                         f"{len(walls['inmemory'])} runs)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--spark-sizes", default="100000")
    parser.add_argument("--inmemory-sizes", default="",
                        help="sizes also run in memory, for the out-of-core/in-memory ratio")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each engine but Spark, alternating")
    parser.add_argument("--memory-limit", default="1GiB")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    spark_sizes = {int(s) for s in args.spark_sizes.split(",") if s}
    inmemory_sizes = {int(s) for s in args.inmemory_sizes.split(",") if s}
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            rows = measure(size, tmp=Path(tmp), memory_limit=args.memory_limit,
                           spark=size in spark_sizes, seed=args.seed, timeout=args.timeout,
                           inmemory=size in inmemory_sizes, repeat=args.repeat)
            results.extend(rows)
            for r in rows:
                print(markdown_table([table_row(r)]).splitlines()[-1], flush=True)
    print()
    print(markdown_table([table_row(r) for r in results]))
    for line in ratio_lines(results):
        print(line)
    out = write_json("national", {"git": _peers.git_state(), "seed": args.seed,
                                  "results": results})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        raise SystemExit(child(sys.argv[2:]))
    raise SystemExit(main())
