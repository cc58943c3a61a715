"""Benchmark: sidalih.names.parse (normalised names + phonetic keys) on 1M names.

Generates a realistic Indonesian village-style name column from its own pools (titles,
old spelling, abbreviations, Balinese names, case and spacing noise, 30-60 % distinct
full names), times ``parse`` on it (cold: first call in the process, and warm), and a
pure-Python per-name baseline (tests/reference_names.py) on 50k names for contrast.

Run: ``python benchmarks/bench_names.py [--n 1000000]``. Prints a markdown table and
writes ``benchmarks/results/names.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

GIVEN = [
    "budi",
    "agus",
    "dedi",
    "eko",
    "joko",
    "sri",
    "siti",
    "dewi",
    "rina",
    "yuni",
    "ahmad",
    "abdul",
    "muhammad",
    "nur",
    "nurul",
    "hendra",
    "andi",
    "rudi",
    "bambang",
    "slamet",
    "sugeng",
    "sutrisno",
    "suharto",
    "sumarni",
    "suparmi",
    "wahyu",
    "yusuf",
    "ali",
    "hasan",
    "husein",
    "fatimah",
    "aminah",
    "khadijah",
    "zainal",
    "zaenal",
    "ismail",
    "ibrahim",
    "rahmat",
    "rohmat",
    "saleh",
    "sholeh",
    "dian",
    "fitri",
    "ayu",
    "putri",
    "putra",
    "indah",
    "lestari",
    "rahayu",
    "wulandari",
    "kartini",
    "kurniawan",
    "setiawan",
    "hidayat",
    "santoso",
    "susanto",
    "purnomo",
    "wibowo",
    "prasetyo",
    "nugroho",
    "saputra",
    "saputri",
    "pratama",
    "permata",
    "ratna",
    "yanti",
    "yati",
    "tuti",
    "endang",
    "suryani",
    "mulyadi",
    "muliadi",
    "rizky",
    "rizki",
    "fauzi",
    "pauji",
    "syamsul",
    "samsul",
    "syarifuddin",
    "arifin",
    "firmansyah",
    "gunawan",
    "irawan",
    "kusuma",
    "wijaya",
    "sanjaya",
    "panji",
    "anjani",
    "asep",
    "ujang",
    "dadang",
    "cecep",
    "iis",
    "euis",
    "neneng",
    "enok",
    "ujang",
    "maman",
    "encep",
]
OLD = [
    "soekarno",
    "soeharto",
    "djoko",
    "soejono",
    "tjipto",
    "sjahrir",
    "chairul",
    "djojo",
    "soetrisno",
    "soepardi",
    "moeljono",
    "soedarmo",
    "djamilah",
    "chadidjah",
    "tjahjo",
    "sjamsoedin",
    "roesli",
]
BALI = ["sudarma", "suarta", "wirawan", "artini", "suastika", "budiarta", "sukerta", "adnyana"]
BALI_ORDER = ["wayan", "putu", "gede", "made", "kadek", "nengah", "nyoman", "komang", "ketut"]
BATAK = [
    "siregar",
    "nasution",
    "lubis",
    "harahap",
    "simanjuntak",
    "panjaitan",
    "sitompul",
    "hutapea",
]
# Syllables for made-up Javanese/Sundanese-like given names, so the number of distinct
# tokens is realistic (tens of thousands), not just the named pools above.
ONSETS = [
    "b",
    "c",
    "d",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "w",
    "y",
    "sr",
    "tr",
    "br",
    "ny",
    "ng",
    "kh",
    "sy",
]
NUCLEI = ["a", "i", "u", "e", "o", "a", "a", "i", "u"]
CODAS = ["", "", "", "n", "ng", "r", "t", "h", "s", "k", "m", "l"]
ENDINGS = ["", "", "o", "i", "a", "wati", "yanti", "ningsih", "to", "no", "di", "man", "ah"]


def _made_up(rng: np.random.Generator) -> str:
    k = int(rng.integers(1, 3))
    word = "".join(
        str(rng.choice(ONSETS)) + str(rng.choice(NUCLEI)) + str(rng.choice(CODAS)) for _ in range(k)
    )
    return word + str(rng.choice(ENDINGS))


MUH = ["Muhammad", "Muhamad", "Mohammad", "Moh.", "M.", "Mochammad", "Muh.", "Mhd."]
PREFIX = ["H.", "Hj.", "Dr.", "Drs.", "Ir.", "Prof. Dr.", "KH.", "R.", "Andi", "Dr. H."]
SUFFIX = [", S.Pd.", ", S.H.", " SE", ", S.Kom", ", A.Md.", ", M.Pd.", " S.Sos", ", S.E., M.M."]


def _one(rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.08:
        parts = [rng.choice(["I", "Ni"]), rng.choice(BALI_ORDER).title(), rng.choice(BALI).title()]
    elif r < 0.14:
        parts = [rng.choice(GIVEN).title(), rng.choice(BATAK).title()]
    else:
        k = int(rng.choice([1, 2, 2, 3, 3, 4]))
        pool = [str(rng.choice(GIVEN)) if rng.random() < 0.8 else _made_up(rng) for _ in range(k)]
        if rng.random() < 0.12:
            pool[0] = str(rng.choice(OLD))
        if rng.random() < 0.15:
            pool.insert(0, str(rng.choice(MUH)))
        parts = [w.title() for w in pool]
        if rng.random() < 0.05:
            parts += ["bin" if rng.random() < 0.5 else "binti", str(rng.choice(GIVEN)).title()]
    name = " ".join(parts)
    if rng.random() < 0.07:
        name = f"{rng.choice(PREFIX)} {name}"
    if rng.random() < 0.06:
        name += str(rng.choice(SUFFIX))
    noise = rng.random()
    if noise < 0.5:
        name = name.upper()
    elif noise < 0.55:
        name = "  " + name.replace(" ", "  ") + " "
    return name


def make_names(n: int, *, distinct_share: float = 0.55, seed: int = 7) -> list[str]:
    """``n`` names of which about ``distinct_share`` are distinct (repeats drawn Zipf-like)."""
    rng = np.random.default_rng(seed)
    base = [_one(rng) for _ in range(int(n * distinct_share))]
    repeats = rng.zipf(1.3, size=n - len(base)) % len(base)
    return base + [base[i] for i in repeats]


def _time(fn, *args, **kwargs) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process): the machine is shared, so both."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--baseline-n", type=int, default=50_000)
    args = ap.parse_args()

    from reference_names import ref_parse

    import sidalih.names as names

    data = make_names(args.n)
    series = pl.Series("nama", data)
    distinct = series.n_unique()
    keys = ["nama_norm", "phonetic_key", "key_token"]
    cold = _time(names.parse, series, columns=keys)
    warm = min(_time(names.parse, series, columns=keys) for _ in range(3))
    full = min(_time(names.parse, series) for _ in range(2))
    pandas_t = _time(names.parse, series.to_pandas(), columns=keys)
    base = data[: args.baseline_n]
    baseline = _time(lambda xs: [ref_parse(x) for x in xs], base)
    rows = [
        ("parse: normalised + keys, polars, first call", args.n, cold),
        ("parse: normalised + keys, polars, warm (best of 3)", args.n, warm),
        ("parse: all 10 columns (lists too), polars, best of 2", args.n, full),
        ("parse: normalised + keys, pandas in/out", args.n, pandas_t),
        ("pure Python per name (tests/reference_names.py)", len(base), baseline),
    ]
    print(f"names: {args.n:,}, distinct: {distinct:,} ({distinct / args.n:.0%})")
    print(f"load average at the end: {os.getloadavg()}\n")
    print("| method | names | wall s | names/s (wall) | CPU s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, n, (secs, cpu) in rows:
        print(f"| {label} | {n:,} | {secs:.3f} | {n / secs:,.0f} | {cpu:.3f} |")
    import numba
    import pandas

    out = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "versions": {
            "polars": pl.__version__,
            "numpy": np.__version__,
            "numba": numba.__version__,
            "pandas": pandas.__version__,
        },
        "n": args.n,
        "distinct": distinct,
        "load_average": os.getloadavg(),
        "results": [
            {
                "method": label,
                "names": n,
                "seconds": secs,
                "cpu_seconds": cpu,
                "names_per_s": n / secs,
            }
            for label, n, (secs, cpu) in rows
        ],
    }
    path = ROOT / "benchmarks" / "results" / "names.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
