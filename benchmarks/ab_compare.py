"""Compare two engines' ``benchmarks/ab_independent.py`` outputs: per-list F1 and
missed/false pairs, totals, and the record pairs whose status (same cluster or not)
differs between the two.

    python benchmarks/ab_compare.py /tmp/a.json /tmp/b.json [--changed /tmp/changed.txt]

The changed pairs are written with each record's name, NIK masked to its first and last
four characters, birth date, sex, kode_desa, NKK, the generator's person id and truth
columns, whether the two are one person (and the look-alike kind where the generator
planted them as such), and each version's scored pair (weight, probability, NIK level)
where the pair was scored at or above pairs_floor. The lists are regenerated from the
tests folder recorded in A's JSON, checked against both runs' frame hashes.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

FLOOR = 0.97


def frame_hash(frame: Any) -> str:
    """As ab_independent.py's: the list's content, to check a regenerated list is the one run."""
    import hashlib

    import pandas as pd

    h = pd.util.hash_pandas_object(frame.astype(str), index=True).values
    return hashlib.sha1(h.tobytes()).hexdigest()


def load(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


def merged_pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, cid in clusters.items():
        groups[cid].append(rid)
    out = set()
    for ids in groups.values():
        if len(ids) > 1:
            out.update(itertools.combinations(sorted(ids), 2))
    return out


def mask(value: Any) -> str:
    s = "" if value is None else str(value)
    if s in ("", "nan", "None"):
        return "<blank>"
    if len(s) <= 8:
        return s[:4] + "*" * max(0, len(s) - 4)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def norm(col: str) -> str:
    return col.strip().lower().replace(" ", "_")


FIELDS = {"nama": "name", "nik": "NIK", "tanggal_lahir": "date", "jenis_kelamin": "sex",
          "kode_desa": "kode_desa", "nkk": "nkk"}


def record_line(rec: dict[str, Any]) -> str:
    parts = [f"id={rec['id']}", f"pid={rec['_pid']}"]
    for col, label in FIELDS.items():
        val = rec.get(col)
        parts.append(f"{label}={mask(val) if col == 'nik' else val!s}")
    extra = []
    for col, val in rec.items():
        if col.startswith("_") and col != "_pid" and val not in ("", None):
            if "nik" in col and "date" not in col and "damage" not in col:
                val = mask(val)
            extra.append(f"{col}={val}")
    line = "  " + " | ".join(parts)
    if extra:
        line += "\n      truth: " + " ".join(extra)
    return line


def table(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    ra = {r["list"]: r for r in a["rows"]}
    rb = {r["list"]: r for r in b["rows"]}
    keys = [k for k in ra if k in rb] + [k for k in rb if k not in ra]
    out = ["| list | F1 A | F1 B | dF1 | false A | false B | missed A | missed B | "
           "look-alikes merged A | B |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def looks(r: dict[str, Any] | None) -> str:
        if r is None:
            return "-"
        m = sum(v[0] for v in r["lookalikes"].values())
        t = sum(v[1] for v in r["lookalikes"].values())
        return f"{m}/{t}"

    for k in keys:
        x, y = ra.get(k), rb.get(k)
        d = f"{y['f1'] - x['f1']:+.4f}" if x and y else "-"
        flag = " *" if (x and y and merged_pairs(x["clusters"]) != merged_pairs(y["clusters"])) else ""
        out.append(f"| {k}{flag} | {_cell(x, 'f1', '{:.4f}')} | {_cell(y, 'f1', '{:.4f}')} | {d} | "
                   f"{_cell(x, 'false_pairs')} | {_cell(y, 'false_pairs')} | {_cell(x, 'missed_pairs')} | "
                   f"{_cell(y, 'missed_pairs')} | {looks(x)} | {looks(y)} |")
    out.append("")
    out.append("(* = the two runs' clusterings differ on this list)")
    out.append("")
    for name, run in (("A", a), ("B", b)):
        rows = run["rows"]
        mean = sum(r["f1"] for r in rows) / len(rows)
        below = [f"{r['list']} {r['f1']:.4f}" for r in rows if r["f1"] < FLOOR]
        kinds: dict[str, list[int]] = {}
        for r in rows:
            for kind, (m, t) in r["lookalikes"].items():
                kinds.setdefault(kind, [0, 0])
                kinds[kind][0] += m
                kinds[kind][1] += t
        out.append(f"{name} ({run['sidalih_file']}, {len(rows)} lists): mean F1 {mean:.4f}; "
                   f"true pairs {sum(r['true_pairs'] for r in rows)}, found "
                   f"{sum(r['found_pairs'] for r in rows)}, false "
                   f"{sum(r['false_pairs'] for r in rows)}, missed "
                   f"{sum(r['missed_pairs'] for r in rows)}; runtime {run['total_seconds']}s "
                   f"(deduplicate {run['dedup_seconds']}s)")
        out.append("  pooled P/R/F1: " + pooled(rows))
        out.append(f"  below {FLOOR}: " + (", ".join(below) if below else "none"))
        out.append("  look-alikes merged: " + ", ".join(
            f"{k} {m}/{t}" for k, (m, t) in sorted(kinds.items())))
    return out


def _cell(r: dict[str, Any] | None, column: str, fmt: str = "{}") -> str:
    return "-" if r is None else fmt.format(r[column])


def pooled(rows: list[dict[str, Any]]) -> str:
    both = sum(r["correct_pairs"] for r in rows)
    found = sum(r["found_pairs"] for r in rows)
    true = sum(r["true_pairs"] for r in rows)
    p, r = both / found, both / true
    return f"{p:.4f} / {r:.4f} / {2 * p * r / (p + r):.4f}"


def scored(run_row: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    cols = run_row["pairs_columns"]
    out = {}
    for values in run_row["pairs"]:
        d = dict(zip(cols, values, strict=True))
        out[tuple(sorted((str(d["id_l"]), str(d["id_r"]))))] = d
    return out


def pair_score(d: dict[str, Any] | None) -> str:
    if d is None:
        return "not scored >= pairs_floor"
    return (f"w {d.get('match_weight', float('nan')):.2f} p {d.get('match_probability', 0):.3f}"
            f" nik_level {d.get('level_nik')} rule {d.get('rule')}")


def changed(a: dict[str, Any], b: dict[str, Any], path: Path) -> list[str]:
    sys.path.insert(0, a["tests_dir"])
    ra = {r["list"]: r for r in a["rows"]}
    rb = {r["list"]: r for r in b["rows"]}
    lines = [f"Pairs of records whose status differs: A = {a['sidalih_file']}, "
             f"B = {b['sidalih_file']}", "NIKs masked to first 4 / last 4 characters.", ""]
    summary = []
    for k in ra:
        if k not in rb:
            continue
        x, y = ra[k], rb[k]
        pa, pb = merged_pairs(x["clusters"]), merged_pairs(y["clusters"])
        if pa == pb:
            continue
        if x["frame_sha1"] != y["frame_sha1"]:
            lines.append(f"## {k}: the two runs' input frames differ; skipped")
            continue
        gen, shape, size, seed = k.split("/")
        mod = importlib.import_module("independent_lists" if gen == "independent"
                                      else f"{gen}_lists")
        make = mod.gen if gen == "independent" else mod.listed
        frame, look = make(int(size), shape, int(seed))
        if frame_hash(frame) != x["frame_sha1"]:
            lines.append(f"## {k}: regenerated frame differs from the run's; skipped")
            continue
        frame = frame.rename(columns={c: norm(c) if not c.startswith("_") else c
                                      for c in frame.columns})
        recs = {str(r["id"]): r for r in frame.to_dict("records")}
        kinds = {}
        for pa_, pb_, kind in look[["pid_a", "pid_b", "kind"]].itertuples(index=False):
            kinds[(int(pa_), int(pb_))] = kind
            kinds[(int(pb_), int(pa_))] = kind
        sa, sb = scored(x), scored(y)
        only_a, only_b = sorted(pa - pb), sorted(pb - pa)
        lines.append(f"## {k}: F1 A {x['f1']:.4f} B {y['f1']:.4f}; merged only in A "
                     f"{len(only_a)}, only in B {len(only_b)}")
        counts = defaultdict(int)
        for which, pairs in (("A only", only_a), ("B only", only_b)):
            for i, j in pairs:
                ri, rj = recs[i], recs[j]
                same = int(ri["_pid"]) == int(rj["_pid"])
                kind = kinds.get((int(ri["_pid"]), int(rj["_pid"])))
                truth = "SAME person" if same else (
                    f"DIFFERENT people (look-alike: {kind})" if kind else "DIFFERENT people")
                right = ("B" if which == "B only" else "A") if same else (
                    "A" if which == "B only" else "B")
                counts[(which, "same" if same else (kind or "different"), right)] += 1
                lines.append(f"- merged {which}; truth: {truth}; right: {right}")
                lines.append(record_line(ri))
                lines.append(record_line(rj))
                lines.append(f"    A: {'merged' if (i, j) in pa else 'apart'}; "
                             f"{pair_score(sa.get((i, j)))}")
                lines.append(f"    B: {'merged' if (i, j) in pb else 'apart'}; "
                             f"{pair_score(sb.get((i, j)))}")
        lines.append("")
        for (which, truth, right), n in sorted(counts.items()):
            summary.append(f"{k}: merged {which}, truth {truth}: {n} pair(s), right: {right}")
    path.write_text("\n".join(lines) + "\n\nSummary\n" + "\n".join(summary) + "\n")
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--changed", type=Path, default=None,
                    help="write the changed pairs, with their records, here")
    args = ap.parse_args()
    a, b = load(args.a), load(args.b)
    print("\n".join(table(a, b)))
    if args.changed is None:
        return 0
    summary = changed(a, b, args.changed)
    print()
    print(f"changed pairs -> {args.changed}")
    print("\n".join(summary) if summary else "no pair changed status")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
