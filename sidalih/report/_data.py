"""The report's figures and tables as plain data (dicts and lists) for the template.

Every value that could hold a NIK (ids, compared values, input paths, details) passes
:func:`~sidalih.errors.mask_long_digits` here, before the template sees it. Large runs are
sampled: at most ``max_rows`` clusters and ``max_rows`` pairs are embedded (largest
clusters and review pairs first) and the page says how many there were.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from sidalih.errors import mask_long_digits
from sidalih.report._load import Run
from sidalih.report._text import FIELDS

__all__ = ["headline", "village_names", "cluster_rows", "pair_rows", "findings_by_village",
           "model_view", "settings_view", "blocking_rows", "findings_by_check", "SEVERITIES"]

SEVERITIES = ("error", "warning", "info")
_REVIEW, _VETOES = "nik_clash", ("twin", "family", "namesake")
_MEMBER_COLUMNS = ("nama", "tanggal_lahir", "kode_desa", "tps", "rt", "rw")
_BLOCKING_COLUMNS = ("rule", "status", "pairs_generated", "pairs_new", "pairs_not_generated",
                     "blocks_split")


def _masked(value: Any) -> str:
    return "" if value is None else mask_long_digits(str(value))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


# ----------------------------------------------------------------------------- headline
def headline(run: Run) -> dict[str, Any]:
    """Records, clusters, pairs to review, findings by severity and the estimate."""
    s, clusters = run.summary, run.clusters
    out: dict[str, Any] = {"records": s.get("n_records")}
    if clusters is not None:
        sizes = clusters.group_by("cluster_id").len().filter(pl.col("len") > 1)
        out["records"] = out["records"] or clusters.height
        out["duplicate_clusters"] = sizes.height
        out["records_in_duplicates"] = int(sizes["len"].sum()) if sizes.height else 0
    if run.pairs is not None and "verdict" in run.pairs.columns:
        out["review_pairs"] = int((run.pairs["verdict"] == _REVIEW).sum())
    elif "n_review_pairs" in s:
        out["review_pairs"] = s["n_review_pairs"]
    if run.findings is not None:
        counts = dict(run.findings.group_by("severity").len().iter_rows())
        out["findings"] = {k: int(counts.get(k, 0)) for k in SEVERITIES}
        out["records"] = out["records"] or run.check_summary.get("n_rows")
    estimated = s.get("estimated")
    if isinstance(estimated, dict) and _number(estimated.get("precision")) is not None:
        out["estimated"] = {k: _number(estimated.get(k)) for k in (
            "precision", "recall", "f1", "expected_false_merges", "expected_missed_pairs")}
    return out


def findings_by_check(run: Run) -> list[dict[str, Any]]:
    """One row per check: severity, findings, TMS findings."""
    if run.findings is None:
        return []
    frame = run.findings
    tms = pl.col("tms").is_not_null().sum() if "tms" in frame.columns else pl.lit(0)
    return (frame.group_by("check", "severity", maintain_order=True)
            .agg(pl.len().alias("n"), tms.alias("n_tms")).sort("n", descending=True).to_dicts())


# ----------------------------------------------------------------------------- villages
def village_names(codes: pl.Series) -> dict[str, str]:
    """Village name by code, from :func:`sidalih.regions.villages` (newest table first)."""
    from sidalih import regions

    wanted = codes.drop_nulls().unique().cast(pl.String)
    names: dict[str, str] = {}
    for version in ("2025", "2019"):
        table = regions.villages(version=version).select("kode_desa", "nama_desa")
        found = table.filter(pl.col("kode_desa").is_in(wanted.implode()))
        for code, name in found.iter_rows():
            names.setdefault(code, name)
    return names


def _labelled(codes: list[str | None], names: dict[str, str], missing: str) -> list[str]:
    # a code with no village name may be anything a clerk typed or a column shift moved
    # into kode_desa, a NIK among them: the chart label is masked like every table cell
    return [missing if c is None else f"{names[c]} ({c})" if c in names else _masked(c)
            for c in codes]


def findings_by_village(run: Run, *, top: int, missing: str) -> dict[str, Any] | None:
    """Findings per village split by severity (or, without findings, duplicate records)."""
    records = run.records
    if records is None or "kode_desa" not in records.columns:
        return None
    villages = records.select("id", *(["source"] if "source" in records.columns else []),
                              "kode_desa")
    if run.findings is not None:
        joined = run.findings.join(villages.unique("id"), on="id", how="left")
        table = (joined.group_by("kode_desa", "severity").len()
                 .pivot("severity", index="kode_desa", values="len").fill_null(0))
        series = [s for s in SEVERITIES if s in table.columns]
    elif run.clusters is not None:
        keys = [c for c in ("source", "id") if c in run.clusters.columns]
        dup = run.clusters.filter(pl.len().over("cluster_id") > 1)
        table = (dup.join(villages, on=keys, how="left").group_by("kode_desa").len()
                 .rename({"len": "duplicates"}))
        series = ["duplicates"]
    else:
        return None
    if not series:
        return {"labels": [], "series": {}, "n_villages": 0, "kind": "findings"}
    table = table.with_columns(pl.sum_horizontal(series).alias("_total")).sort(
        ["_total", "kode_desa"], descending=[True, False], nulls_last=True)
    n = table.height
    table = table.head(top)
    codes = table["kode_desa"].cast(pl.String).to_list()
    return {"labels": _labelled(codes, village_names(table["kode_desa"]), missing),
            "series": {s: table[s].to_list() for s in series}, "n_villages": n,
            "kind": "findings" if run.findings is not None else "duplicates"}


# ----------------------------------------------------------------------------- tables
def _keyed_records(run: Run) -> pl.DataFrame | None:
    records = run.records
    if records is None:
        return None
    key = (pl.col("source") + ":" + pl.col("id")) if "source" in records.columns else pl.col("id")
    return records.with_columns(key.alias("_key"))


def _member(row: dict[str, Any], names: dict[str, str]) -> dict[str, str]:
    code = row.get("kode_desa")
    village = f"{names[code]} ({code})" if code in names else _masked(code)
    rt_rw = "/".join(_masked(row.get(c)) for c in ("rt", "rw") if row.get(c) is not None)
    return {"id": _masked(row["id"]), "source": _masked(row.get("source")),
            "nama": _masked(row.get("nama")), "tanggal_lahir": _masked(row.get("tanggal_lahir")),
            "village": village, "tps": _masked(row.get("tps")), "rt_rw": rt_rw}


def cluster_rows(run: Run, *, max_rows: int) -> tuple[list[dict[str, Any]], int]:
    """The duplicate clusters, largest first, at most ``max_rows``; and how many there are."""
    if run.clusters is None:
        return [], 0
    clusters = run.clusters.with_columns(pl.len().over("cluster_id").alias("size"))
    dup = clusters.filter(pl.col("size") > 1)
    order = (dup.group_by("cluster_id").agg(pl.first("size"))
             .sort(["size", "cluster_id"], descending=[True, False]))
    n = order.height
    chosen = dup.join(order.head(max_rows).select("cluster_id"), on="cluster_id", how="semi")
    records = _keyed_records(run)
    key = (pl.col("source") + ":" + pl.col("id")) if run.is_link else pl.col("id")
    chosen = chosen.with_columns(key.alias("_key"))
    if records is not None:
        keep = ["_key", *[c for c in _MEMBER_COLUMNS if c in records.columns]]
        chosen = chosen.join(records.select(keep), on="_key", how="left")
    names = village_names(chosen["kode_desa"]) if "kode_desa" in chosen.columns else {}
    rows: list[dict[str, Any]] = []
    for (cluster_id,), group in chosen.sort("_key").group_by("cluster_id", maintain_order=True):
        members = [_member(r, names) for r in group.iter_rows(named=True)]
        rows.append({"cluster_id": _masked(cluster_id), "size": group.height,
                     "members": members})
    rows.sort(key=lambda r: (-r["size"], r["cluster_id"]))
    return rows, n


def _categorised(pairs: pl.DataFrame, threshold: float | None) -> pl.DataFrame:
    verdict = pl.col("verdict") if "verdict" in pairs.columns else pl.lit("model")
    matched = pl.col("matched") if "matched" in pairs.columns else pl.lit(False)
    near = ~matched & (verdict == "model")
    if threshold is not None:
        near = near & (pl.col("match_probability") < threshold)
    category = (pl.when(verdict == _REVIEW).then(pl.lit("review"))
                .when(matched & ~verdict.is_in(_VETOES)).then(pl.lit("matched"))
                .when(near).then(pl.lit("near")).otherwise(None))
    rank = pl.col("category").replace_strict({"review": 0, "matched": 1, "near": 2}, default=3)
    return (pairs.with_columns(category.alias("category")).filter(pl.col("category").is_not_null())
            .with_columns(rank.alias("_rank"))
            .sort(["_rank", "match_weight"], descending=[False, True]))


def pair_rows(run: Run, *, max_rows: int, lang: str,
              texts: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    """Pairs to review, merged and near the threshold, each with its waterfall."""
    if run.pairs is None or "match_weight" not in run.pairs.columns:
        return [], 0
    model = run.model
    threshold = float(model.threshold) if model is not None else None
    pairs = _categorised(run.pairs, threshold)
    n = pairs.height
    pairs = pairs.head(max_rows)
    records = _keyed_records(run)
    left_key = ("l:" + pl.col("id_l")) if run.is_link else pl.col("id_l")
    right_key = ("r:" + pl.col("id_r")) if run.is_link else pl.col("id_r")
    pairs = pairs.with_columns(left_key.alias("_kl"), right_key.alias("_kr"))
    lookup: dict[str, dict[str, Any]] = {}
    if records is not None:
        wanted = pl.concat([pairs["_kl"], pairs["_kr"]]).unique().implode()
        for row in records.filter(pl.col("_key").is_in(wanted)).iter_rows(named=True):
            lookup[row["_key"]] = row
    steps = _waterfalls(pairs, model, lookup, lang=lang, texts=texts)
    rows = []
    for i, p in enumerate(pairs.iter_rows(named=True)):
        left, right = lookup.get(p["_kl"], {}), lookup.get(p["_kr"], {})
        rows.append({
            "id_l": _masked(p["id_l"]), "id_r": _masked(p["id_r"]),
            "name_l": _masked(left.get("nama")), "name_r": _masked(right.get("nama")),
            "weight": float(p["match_weight"]),
            "probability": float(p.get("match_probability") or 0.0),
            "verdict": _masked(p.get("verdict")), "category": texts[f"cat_{p['category']}"],
            "category_key": p["category"], "reasons": _masked(p.get("reasons")),
            "waterfall": steps[i] if steps else None,
        })
    return rows, n


def _waterfalls(pairs: pl.DataFrame, model: Any, lookup: dict[str, dict[str, Any]], *,
                lang: str, texts: dict[str, str]) -> list[dict[str, Any]] | None:
    """Prior, each comparison's weight and the value-frequency rest: one list per pair.

    The model gives each comparison's weight from the pair's levels (``pairs`` holds one
    level column per comparison); the rest of the match weight is the term-frequency
    adjustment of common or rare names and dates, shown as one step.
    """
    if model is None or not pairs.height:
        return None
    comparisons = list(model.comparisons)
    columns = [f"level_{c.name}" for c in comparisons]
    if any(c not in pairs.columns for c in columns):
        return None
    gamma = pairs.select(pl.col(columns).cast(pl.Int64).fill_null(-1)).to_numpy()
    contributions = np.asarray(model.fs.contributions(gamma.astype(np.int8)), dtype=float)
    prior = float(model.fs.prior_weight)
    fields = FIELDS[lang]
    out = []
    for i, p in enumerate(pairs.iter_rows(named=True)):
        left, right = lookup.get(p["_kl"], {}), lookup.get(p["_kr"], {})
        rows = [{"label": texts["prior"], "left": "", "right": "", "level": "", "weight": prior}]
        for k, c in enumerate(comparisons):
            level = int(gamma[i, k])
            column = c.name if c.name in left or c.name in right else c.column
            rows.append({"label": fields.get(c.name, c.name),
                         "left": _masked(left.get(column)), "right": _masked(right.get(column)),
                         "level": "—" if level < 0 else c.labels[level],
                         "weight": float(contributions[i, k])})
        rest = float(p["match_weight"]) - prior - float(contributions[i].sum())
        # any rest is shown, however small: the steps must add up to the total an
        # officer reads (a rest of 0.005 bit left out broke the sum)
        if abs(rest) >= 1e-9:
            rows.append({"label": texts["tf"], "left": "", "right": "", "level": "",
                         "weight": rest})
        out.append({"steps": _bars(rows), "total": float(p["match_weight"])})
    return out


def _bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each step's bar as left offset and width in percent of the pair's weight range."""
    ends = np.cumsum([r["weight"] for r in rows])
    starts = np.concatenate([[0.0], ends[:-1]])
    lo, hi = min(0.0, float(ends.min())), max(0.0, float(ends.max()))
    span = (hi - lo) or 1.0
    for row, start, end in zip(rows, starts, ends, strict=True):
        row["left_pct"] = round((min(start, end) - lo) / span * 100, 2)
        row["width_pct"] = round(max(abs(end - start) / span * 100, 0.3), 2)
        row["zero_pct"] = round(-lo / span * 100, 2)
    return rows


# ----------------------------------------------------------------------------- model etc.
def model_view(run: Run) -> dict[str, Any] | None:
    """The model's provenance and its parameter table."""
    if run.model is None:
        return None
    raw = run.summary.get("model")
    info: dict[str, Any] = raw if isinstance(raw, dict) else {}
    source = info.get("source") or run.model.options.get("source")
    table = run.model.parameter_table()
    params = [{"comparison": r["comparison"], "label": r["label"], "m": r["m"], "u": r["u"],
               "weight": r["match_weight"]} for r in table.iter_rows(named=True)]
    return {"source": source, "threshold": run.model.threshold,
            "lambda": _number(info.get("lambda")), "converged": info.get("converged"),
            "n_iter": info.get("n_iter"),
            "shift": _number(info.get("default_shift_bits")
                             or run.model.options.get("default_shift_bits")),
            "parameters": params}


def blocking_rows(run: Run) -> tuple[list[str], list[dict[str, Any]]]:
    """The blocking report's columns shown and its rows."""
    if run.blocking is None:
        return [], []
    columns = [c for c in _BLOCKING_COLUMNS if c in run.blocking.columns]
    return columns, run.blocking.select(columns).to_dicts()


def settings_view(run: Run) -> dict[str, Any]:
    """Commands, inputs, dates, versions and timings: what a second officer needs."""
    rows: list[tuple[str, str]] = []
    reproduce: list[str] = []
    for manifest, summary in _summaries(run):
        command = manifest["command"]
        rows.append(("command", command))
        inputs = summary.get("inputs") or ([summary["input"]] if summary.get("input") else [])
        rows.extend(("input", _masked(i)) for i in inputs)
        for key in ("election_date",):
            if summary.get(key):
                rows.append((key, _masked(summary[key])))
        rows.extend([("created", manifest["created"]), ("run_id", manifest["run_id"]),
                     ("version", manifest["sidalih_version"])])
        parts = ["sidalih", command, *(_masked(i) for i in inputs)]
        if summary.get("election_date"):
            parts.append(f"--election-date {summary['election_date']}")
        if command in ("dedupe", "link") and run.model is not None:
            parts.append(f"--threshold {run.model.threshold:g}")
        reproduce.append(" ".join(parts))
    timings = {}
    for _, summary in _summaries(run):
        if isinstance(summary.get("timings"), dict):
            timings.update({k: v for k, v in summary["timings"].items() if _number(v) is not None})
    skipped = run.check_summary.get("skipped") if isinstance(run.check_summary, dict) else None
    return {"rows": rows, "reproduce": reproduce, "timings": timings,
            "skipped": {k: _masked(v) for k, v in (skipped or {}).items()}}


def _summaries(run: Run) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for manifest in run.manifests:
        summary = run.check_summary if manifest["command"] == "check" else run.summary
        out.append((manifest, summary if isinstance(summary, dict) else {}))
    return out
