"""The summary printed at the end of a command: short tables, in Bahasa Indonesia or English."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from rich import box
from rich.console import Console
from rich.table import Table

__all__ = ["LABELS", "label", "key_values", "findings_table", "timings_table", "print_tables"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "findings": "Temuan per pemeriksaan",
        "check": "pemeriksaan",
        "severity": "tingkat",
        "count": "jumlah",
        "rows": "baris",
        "rows_clean": "baris tanpa temuan",
        "n_findings": "temuan",
        "duplicates": "Pemilih ganda",
        "records": "rekaman",
        "candidate_pairs": "pasangan kandidat",
        "matched_pairs": "pasangan cocok",
        "review_pairs": "pasangan untuk ditinjau (satu NIK, dua orang)",
        "duplicate_clusters": "klaster ganda",
        "records_in_duplicates": "rekaman dalam klaster ganda",
        "verdicts": "putusan domain",
        "accuracy": "Akurasi terhadap kebenaran (pasangan)",
        "precision": "presisi",
        "recall": "recall",
        "f1": "F1",
        "true_pairs": "pasangan benar",
        "predicted_pairs": "pasangan terprediksi",
        "correct_pairs": "pasangan benar terprediksi",
        "lookalikes": "Mirip tapi beda orang (pasangan)",
        "kind": "jenis",
        "merged": "digabung / semua",
        "total": "semua",
        "timings": "Waktu per tahap",
        "stage": "tahap",
        "seconds": "detik",
        "results": "Hasil ditulis ke",
        "metric": "ukuran",
        "value": "nilai",
        "linked": "Hasil penautan",
        "left": "daftar A",
        "right": "daftar B",
        "linked_clusters": "klaster yang menautkan A dan B",
        "none": "tidak ada",
        "skipped": "pemeriksaan dilewati",
        "estimated": "Perkiraan tanpa label (dari peluang model)",
        "false_merges": "perkiraan gabungan keliru",
        "missed_pairs": "perkiraan pasangan terlewat",
        "unblocked_pairs": "  di antaranya tak terpasangkan oleh blocking",
        "model_used": "model",
        "model_list": "dilatih pada daftar ini, ditarik ke model default nasional",
        "model_default": "m model default nasional (daftar terlalu sedikit ganda untuk dilatih)",
        "model_given": "model yang diberikan",
        "model_given_default": "model default nasional yang diberikan (tidak dilatih pada daftar ini)",
        "model_none": "tidak ada: tidak ada pasangan rekaman untuk dibandingkan",
        "model_fallback_small": "model default nasional, tidak dilatih: daftar {n} rekaman, terlalu "
                                "sedikit untuk dilatih (kurang dari {fewest})",
        "model_fallback_alike": "model default nasional, tidak dilatih: setiap pasangan sama pada "
                                "setiap perbandingan (tidak ada yang dipelajari)",
        "model_shift": "pergeseran terbesar dari default (bit)",
    },
    "en": {
        "findings": "Findings by check",
        "check": "check",
        "severity": "severity",
        "count": "count",
        "rows": "rows",
        "rows_clean": "rows without findings",
        "n_findings": "findings",
        "duplicates": "Double voters",
        "records": "records",
        "candidate_pairs": "candidate pairs",
        "matched_pairs": "matched pairs",
        "review_pairs": "pairs for review (one NIK, two people)",
        "duplicate_clusters": "duplicate clusters",
        "records_in_duplicates": "records in duplicate clusters",
        "verdicts": "domain verdicts",
        "accuracy": "Accuracy against the truth (pairwise)",
        "precision": "precision",
        "recall": "recall",
        "f1": "F1",
        "true_pairs": "true pairs",
        "predicted_pairs": "predicted pairs",
        "correct_pairs": "correctly predicted pairs",
        "lookalikes": "Look-alikes: different people (pairs)",
        "kind": "kind",
        "merged": "merged / all",
        "total": "all",
        "timings": "Time per stage",
        "stage": "stage",
        "seconds": "seconds",
        "results": "Results written to",
        "metric": "metric",
        "value": "value",
        "linked": "Linkage",
        "left": "list A",
        "right": "list B",
        "linked_clusters": "clusters linking A and B",
        "none": "none",
        "skipped": "checks skipped",
        "estimated": "Estimated without labels (from the model's probabilities)",
        "false_merges": "expected false merges",
        "missed_pairs": "expected missed pairs",
        "unblocked_pairs": "  of which no blocking rule paired",
        "model_used": "model",
        "model_list": "trained on this list, pulled toward the national default",
        "model_default": "the national default's m (too few duplicates to learn from)",
        "model_given": "the model given",
        "model_given_default": "the national default, given (not trained on this list)",
        "model_none": "none: no pair of records to compare",
        "model_fallback_small": "the national default, not trained: a list of {n} records, too "
                                "few to train on (fewer than {fewest})",
        "model_fallback_alike": "the national default, not trained: every pair alike on every "
                                "comparison (nothing to learn)",
        "model_shift": "largest shift from the default (bits)",
    },
}


def label(key: str, lang: str) -> str:
    """A summary label in ``lang`` (``"id"`` or ``"en"``).

    Examples
    --------
    >>> label("precision", "id"), label("precision", "en")
    ('presisi', 'precision')
    """
    return LABELS[lang][key]


def _table(title: str, columns: Sequence[str], *, numeric_from: int = 1) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, min_width=52
    )
    for i, name in enumerate(columns):
        table.add_column(name, justify="right" if i >= numeric_from else "left")
    return table


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def key_values(
    title: str,
    rows: Iterable[tuple[str, Any]],
    lang: str,
    *,
    headers: tuple[str, str] | None = None,
) -> Table:
    """A two-column table of named values (headers: "metric", "value" unless given)."""
    names = headers or (label("metric", lang), label("value", lang))
    table = _table(title, list(names))
    for name, value in rows:
        table.add_row(name, _cell(value))
    return table


def findings_table(summary: pl.DataFrame, lang: str, *, limit: int = 25) -> Table:
    """Findings by check and severity (``summary`` from ``CheckReport.summary()``)."""
    table = _table(
        label("findings", lang),
        [label("check", lang), label("severity", lang), label("n_findings", lang)],
        numeric_from=2,
    )
    for row in summary.head(limit).iter_rows(named=True):
        table.add_row(row["check"], row["severity"], _cell(int(row["n_findings"])))
    if summary.height > limit:
        rest = int(summary["n_findings"][limit:].sum())
        table.add_row("…", "", _cell(rest))
    if summary.height == 0:
        table.add_row(label("none", lang), "", "0")
    return table


def timings_table(timings: Mapping[str, float], lang: str) -> Table:
    """Seconds per stage; a ``"  "``-indented key is a part of the stage above it."""
    table = _table(label("timings", lang), [label("stage", lang), label("seconds", lang)])
    for name, seconds in timings.items():
        table.add_row(name, f"{seconds:.2f}")
    return table


def print_tables(console: Console, tables: Iterable[Table]) -> None:
    for table in tables:
        console.print(table)
