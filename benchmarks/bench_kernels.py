"""String-kernel throughput: sidalih vs rapidfuzz vs DuckDB on the same name pairs, one core.

Builds realistic normalised Indonesian name pairs (half a name and a corrupted
copy of it, half two unrelated names), encodes both columns once, then measures
pairs per second for every method in the same process. These pairs are in random
order: every pair has its own left string.

The engine compares pairs sorted by left row (``np.lexsort((right, left))``), so a
second part measures that order on the real candidate pairs of a synthetic voter
list (``sidalih.synth`` + ``prepare`` + ``blocking.candidate_pairs``, ``--voters``
records): Jaro–Winkler on ``nama_norm`` alone, and the fused voter comparison
vector (``sidalih.compare.compare_pairs`` with ``voter_comparisons``), once with
one thread (per core, CPU time) and once with the default threads (wall time).

Each figure is the median of ``--repeats`` runs after a warm-up (numba compile
time and the per-column encodings are excluded). CPU time of the process is the
main clock, because the machine is shared; wall time is recorded too.

Usage::

    python benchmarks/bench_kernels.py [--pairs 2000000] [--repeats 3] [--voters 200000]

Needs the ``bench`` extra (duckdb).
"""

from __future__ import annotations

import os

# One core: numba and DuckDB run single-threaded, rapidfuzz with workers=1.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

MALE = [
    "muhammad",
    "ahmad",
    "abdul",
    "agus",
    "budi",
    "bambang",
    "joko",
    "slamet",
    "sugeng",
    "hadi",
    "eko",
    "dwi",
    "tri",
    "rudi",
    "andi",
    "arif",
    "hendra",
    "wahyu",
    "yusuf",
    "ibrahim",
    "ismail",
    "hasan",
    "husein",
    "rahmat",
    "ridwan",
    "sholeh",
    "syaiful",
    "taufik",
    "teguh",
    "wawan",
    "yanto",
    "yudi",
    "zainal",
    "darmawan",
    "gunawan",
    "setiawan",
    "kurniawan",
    "hidayat",
    "nugroho",
    "purnomo",
    "santoso",
    "prasetyo",
    "wibowo",
    "saputra",
    "putra",
    "firmansyah",
    "hermawan",
    "kusuma",
    "susilo",
    "sutrisno",
    "wayan",
    "made",
    "nyoman",
    "ketut",
    "gede",
    "putu",
    "kadek",
    "komang",
]
FEMALE = [
    "siti",
    "nur",
    "sri",
    "dewi",
    "rina",
    "wati",
    "yuni",
    "lestari",
    "ratna",
    "indah",
    "ayu",
    "fitri",
    "dian",
    "nurul",
    "ani",
    "aminah",
    "fatimah",
    "aisyah",
    "khadijah",
    "maryam",
    "zahra",
    "rahmawati",
    "wulandari",
    "handayani",
    "kartika",
    "purwaningsih",
    "susanti",
    "suryani",
    "puspita",
    "novita",
    "mega",
    "kurniasih",
    "hartini",
    "sulastri",
    "sumarni",
    "ningsih",
    "rohmah",
    "halimah",
    "maemunah",
    "luh",
    "ni",
]
FAMILY = [
    "siregar",
    "nasution",
    "harahap",
    "lubis",
    "simanjuntak",
    "sitompul",
    "hutapea",
    "pane",
    "tambunan",
    "sinaga",
    "simatupang",
    "manurung",
    "panjaitan",
    "pardede",
    "situmorang",
    "tampubolon",
    "lumbantobing",
    "wenas",
    "lumempouw",
    "pattiasina",
    "latuconsina",
]
BIN = ["bin", "binti"]
MUHAMMAD = ["muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "moh", "muh", "m"]
FOLDS = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("ny", "nj"), ("sy", "sj"), ("kh", "ch")]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def make_name(rng: random.Random) -> str:
    """One normalised name: 1-4 tokens, sometimes a Batak/Minahasa family name or bin/binti."""
    pool = MALE if rng.random() < 0.5 else FEMALE
    n = rng.choices([1, 2, 3, 4], weights=[15, 45, 30, 10])[0]
    tokens = [rng.choice(pool) for _ in range(n)]
    roll = rng.random()
    if roll < 0.10:
        tokens.append(rng.choice(FAMILY))
    elif roll < 0.15 and len(tokens) <= 2:
        tokens += [rng.choice(BIN), rng.choice(MALE)]
    return " ".join(tokens)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word
    k = rng.randrange(len(word))
    kind = rng.randrange(6)
    if kind == 0:
        return word[:k] + rng.choice(LETTERS) + word[k + 1 :]
    if kind == 1:
        return word[:k] + word[k + 1 :]
    if kind == 2:
        return word[:k] + rng.choice(LETTERS) + word[k:]
    if kind == 3 and k < len(word) - 1:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if kind == 4:  # doubled consonant or dropped final h
        return word[:-1] if word.endswith("h") else word[:k] + word[k] + word[k:]
    old, new = rng.choice(FOLDS)
    return word.replace(old, new, 1)


def corrupt(name: str, rng: random.Random) -> str:
    """A realistic variant of ``name``: typos, old spelling, Muhammad forms, initials, dropped or swapped tokens."""
    tokens = name.split(" ")
    for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0]):
        roll = rng.random()
        i = rng.randrange(len(tokens))
        if roll < 0.55:
            tokens[i] = _typo(tokens[i], rng)
        elif roll < 0.65 and tokens[i] in MUHAMMAD:
            tokens[i] = rng.choice(MUHAMMAD)
        elif roll < 0.75 and len(tokens) > 1:
            tokens[i] = tokens[i][0]
        elif roll < 0.85 and len(tokens) > 1:
            del tokens[i]
        elif roll < 0.92 and len(tokens) > 1:
            tokens = tokens[1:] + tokens[:1]
        else:
            tokens.insert(i, rng.choice(FEMALE + MALE))
    return " ".join(t for t in tokens if t)


def make_pairs(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    left, right = [], []
    for k in range(n):
        name = make_name(rng)
        left.append(name)
        right.append(corrupt(name, rng) if k % 2 == 0 else make_name(rng))
    order = list(range(n))
    rng.shuffle(order)
    return [left[i] for i in order], [right[i] for i in order]


def measure(fn: Callable[[], Any], repeats: int) -> dict[str, float]:
    fn()  # warm-up: compile, caches
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {"cpu_s": statistics.median(cpu), "wall_s": statistics.median(wall)}


def methods(left: list[str], right: list[str]) -> dict[str, tuple[str, Callable[[], Any]]]:
    import duckdb
    import pyarrow as pa
    from rapidfuzz import process
    from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

    from sidalih import strings

    enc_l, enc_r = strings.encode(left), strings.encode(right)
    idx = np.arange(len(left), dtype=np.int64)
    con = duckdb.connect()
    con.execute("SET threads=1")
    con.register("src", pa.table({"l": left, "r": right}))
    con.execute("CREATE TABLE p AS SELECT * FROM src")

    def duck(expr: str) -> Callable[[], Any]:
        return lambda: con.execute(f"SELECT sum({expr}) FROM p").fetchall()

    jw = JaroWinkler.similarity
    lev = Levenshtein.distance
    return {
        "jw": ("Jaro–Winkler, sidalih", lambda: strings.jaro_winkler(enc_l, enc_r, idx, idx)),
        "jw_cut": (
            "Jaro–Winkler, sidalih, score_cutoff=0.88",
            lambda: strings.jaro_winkler(enc_l, enc_r, idx, idx, score_cutoff=0.88),
        ),
        "lev": ("Levenshtein, sidalih", lambda: strings.levenshtein(enc_l, enc_r, idx, idx)),
        "lev_cut": (
            "Levenshtein, sidalih, max_dist=2",
            lambda: strings.levenshtein(enc_l, enc_r, idx, idx, max_dist=2),
        ),
        "osa_cut": (
            "OSA, sidalih, max_dist=2",
            lambda: strings.osa(enc_l, enc_r, idx, idx, max_dist=2),
        ),
        "token_set": ("token set, sidalih", lambda: strings.token_set(enc_l, enc_r, idx, idx)),
        "rf_jw_loop": (
            "Jaro–Winkler, rapidfuzz per pair",
            lambda: [jw(a, b) for a, b in zip(left, right, strict=True)],
        ),
        "rf_jw_cpdist": (
            "Jaro–Winkler, rapidfuzz cpdist(workers=1)",
            lambda: process.cpdist(left, right, scorer=jw, workers=1),
        ),
        "rf_lev_loop": (
            "Levenshtein, rapidfuzz per pair",
            lambda: [lev(a, b) for a, b in zip(left, right, strict=True)],
        ),
        "rf_lev_cpdist_cut": (
            "Levenshtein, rapidfuzz cpdist(workers=1), score_cutoff=2",
            lambda: process.cpdist(left, right, scorer=lev, score_cutoff=2, workers=1),
        ),
        "rf_osa_cpdist_cut": (
            "OSA, rapidfuzz cpdist(workers=1), score_cutoff=2",
            lambda: process.cpdist(left, right, scorer=OSA.distance, score_cutoff=2, workers=1),
        ),
        "duck_jw": ("Jaro–Winkler, DuckDB, 1 thread", duck("jaro_winkler_similarity(l, r)")),
        "duck_lev": ("Levenshtein, DuckDB, 1 thread", duck("levenshtein(l, r)")),
    }


def engine_pairs(n_voters: int, seed: int) -> tuple[Any, np.ndarray, np.ndarray]:
    """Prepared synthetic voters and their candidate pairs, sorted by left row as the engine does."""
    from sidalih import blocking, synth
    from sidalih.blocking._defaults import MAX_BLOCK_SIZE, WINDOW
    from sidalih.engine import prepare_records

    records = prepare_records(
        synth.voters(n_voters, seed=seed).voters, schema="voter", reference_date="2024-02-14"
    )
    pairs = blocking.candidate_pairs(records, None, max_block_size=MAX_BLOCK_SIZE, window=WINDOW)
    left = np.asarray(pairs.left, dtype=np.int64)
    right = np.asarray(pairs.right, dtype=np.int64)
    order = np.lexsort((right, left))
    return records, np.ascontiguousarray(left[order]), np.ascontiguousarray(right[order])


def engine_methods(
    records: Any, left: np.ndarray, right: np.ndarray
) -> dict[str, tuple[str, Callable[[], Any]]]:
    from sidalih import strings
    from sidalih.compare import ColumnCache, compare_pairs
    from sidalih.engine import voter_comparisons

    names = strings.encode(records["nama_norm"])
    cache = ColumnCache(records)
    comparisons = voter_comparisons(records)
    return {
        "engine_jw": (
            "Jaro–Winkler, sidalih, engine pairs sorted by left",
            lambda: strings.jaro_winkler(names, names, left, right),
        ),
        "engine_jw_cut": (
            "Jaro–Winkler, sidalih, engine pairs sorted by left, score_cutoff=0.88",
            lambda: strings.jaro_winkler(names, names, left, right, score_cutoff=0.88),
        ),
        "compare_1thread": (
            f"fused voter comparison vector ({len(comparisons)} comparisons), 1 thread",
            lambda: compare_pairs(cache, left, right, comparisons, threads=1),
        ),
        "compare_threads": (
            f"fused voter comparison vector, default threads ({os.cpu_count()} cores)",
            lambda: compare_pairs(cache, left, right, comparisons),
        ),
    }


def check_agreement(left: list[str], right: list[str], sample: int = 50_000) -> dict[str, float]:
    """Sanity: sidalih agrees with rapidfuzz on a sample of the benchmark pairs."""
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler, Levenshtein

    from sidalih import strings

    lft, rgt = left[:sample], right[:sample]
    idx = np.arange(len(lft))
    ours = strings.jaro_winkler(lft, rgt, idx, idx)
    ref = process.cpdist(lft, rgt, scorer=JaroWinkler.similarity, workers=1, dtype=np.float64)
    lev = strings.levenshtein(lft, rgt, idx, idx, max_dist=2)
    lev_ref = process.cpdist(lft, rgt, scorer=Levenshtein.distance, score_cutoff=2, workers=1)
    return {
        "jw_max_abs_diff": float(np.max(np.abs(ours - ref))),
        "lev_mismatches": int(np.sum(lev != lev_ref)),
    }


def machine_info() -> dict[str, Any]:
    packages: dict[str, str | None] = {}
    for name in ("numpy", "numba", "polars", "pyarrow", "rapidfuzz", "duckdb"):
        try:
            packages[name] = version(name)
        except Exception:
            packages[name] = None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "packages": packages,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240214)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "kernels.json"
    )
    parser.add_argument("--voters", type=int, default=200_000)
    args = parser.parse_args()

    left, right = make_pairs(args.pairs, args.seed)
    from sidalih import strings

    series = pl.Series(left), pl.Series(right)
    encode_time = measure(
        lambda: (strings.encode(series[0]), strings.encode(series[1])), args.repeats
    )
    rows = []
    for key, (label, fn) in methods(left, right).items():
        timing = measure(fn, args.repeats)
        rows.append(
            {
                "key": key,
                "method": label,
                "pairs_per_s_cpu": args.pairs / timing["cpu_s"],
                "pairs_per_s_wall": args.pairs / timing["wall_s"],
                **timing,
            }
        )
        print(f"  {label}: {rows[-1]['pairs_per_s_cpu'] / 1e6:.2f} M/s", flush=True)

    records, eng_left, eng_right = engine_pairs(args.voters, args.seed)
    n_engine = len(eng_left)
    print(f"  engine pairs: {n_engine:,} from {args.voters:,} synthetic voters", flush=True)
    engine_rows: list[dict[str, Any]] = []
    for key, (label, fn) in engine_methods(records, eng_left, eng_right).items():
        timing = measure(fn, args.repeats)
        engine_rows.append(
            {
                "key": key,
                "method": label,
                "pairs": n_engine,
                "pairs_per_s_cpu": n_engine / timing["cpu_s"],
                "pairs_per_s_wall": n_engine / timing["wall_s"],
                **timing,
            }
        )
        print(f"  {label}: {engine_rows[-1]['pairs_per_s_cpu'] / 1e6:.2f} M/s", flush=True)

    agreement = check_agreement(left, right)
    print()
    print(
        f"{args.pairs:,} name pairs, one core, median of {args.repeats} runs (pairs/s by CPU time)"
    )
    print()
    print("| method | pairs/s (CPU) | pairs/s (wall) |")
    print("| --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['method']} | {row['pairs_per_s_cpu'] / 1e6:.2f} M | "
            f"{row['pairs_per_s_wall'] / 1e6:.2f} M |"
        )
    print()
    print(
        f"engine order: {n_engine:,} candidate pairs of {args.voters:,} synthetic voters, "
        "sorted by left row (with several threads, CPU time sums over cores: read wall)"
    )
    print()
    print("| method | pairs/s (CPU) | pairs/s (wall) |")
    print("| --- | --- | --- |")
    for row in engine_rows:
        print(
            f"| {row['method']} | {row['pairs_per_s_cpu'] / 1e6:.2f} M | "
            f"{row['pairs_per_s_wall'] / 1e6:.2f} M |"
        )
    print()
    print(
        f"encoding both columns (polars Series) once: {encode_time['cpu_s']:.3f} s CPU; "
        f"agreement with rapidfuzz on 50,000 pairs: {agreement}"
    )
    mean_len = statistics.fmean(len(s) for s in left[:100_000])
    result = {
        "benchmark": "string kernels",
        "pairs": args.pairs,
        "repeats": args.repeats,
        "seed": args.seed,
        "mean_name_length": mean_len,
        "clock": "process CPU time (median); wall time also given",
        "encode_s": encode_time,
        "agreement": agreement,
        "results": rows,
        "engine_order": {"voters": args.voters, "pairs": n_engine, "results": engine_rows},
        "machine": machine_info(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
