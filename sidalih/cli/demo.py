"""``sidalih demo``: the whole main job on a built-in synthetic list, scored against its truth.

Generate a multi-village list (200,000 rows by default) with :func:`sidalih.synth.voters`,
deduplicate it, check it (with the duplicates found), compare the clusters with the known
persons, and write everything to a folder (the generated list is ``records.parquet``, its
truth ``truth.parquet``; the folder is written whole or not at all, see
:mod:`sidalih._folders`). Precision and recall are computed here, from the clusters and the
truth, on every run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

import sidalih
from sidalih import synth
from sidalih.cli._common import (
    ELECTION_DEFAULT,
    ElectionDateOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    QuietOpt,
    SeedOpt,
    ThresholdOpt,
    TpsOpt,
    commit,
    friendly_errors,
    result_folder,
    shown,
    stdout_console,
    write_frames,
    write_json,
)
from sidalih.cli._progress import Stages, warmed_kernels
from sidalih.cli._summary import key_values, label, print_tables, timings_table
from sidalih.cli.check import check_tables, parse_election_date, run_check
from sidalih.cli.dedupe import dedupe_tables, stage_timings, write_result
from sidalih.errors import InvalidParameterError

__all__ = ["demo_command", "pairwise_accuracy", "lookalikes_merged"]


EXAMPLE = "Example:  sidalih demo --rows 20000 --lang en --out demo-kecil"


def _pairs_in_groups(frame: pl.DataFrame, keys: list[str]) -> int:
    sizes = frame.group_by(keys).len()["len"].cast(pl.Int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_accuracy(clusters: pl.DataFrame, truth: pl.DataFrame) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of predicted clusters against true persons.

    A pair is predicted when its two records share a ``cluster_id``, true when they share a
    ``person_id``; counts come from group sizes (``n (n - 1) / 2``), so no pair is listed.
    Precision (recall) is None when nothing is predicted (nothing is true).

    Examples
    --------
    >>> clusters = pl.DataFrame({"id": [1, 2, 3, 4], "cluster_id": [1, 1, 1, 4]})
    >>> truth = pl.DataFrame({"id": [1, 2, 3, 4], "person_id": [7, 7, 8, 8]})
    >>> r = pairwise_accuracy(clusters, truth)
    >>> r["predicted_pairs"], r["true_pairs"], r["correct_pairs"], round(r["precision"], 3)
    (3, 2, 1, 0.333)
    """
    joined = clusters.select("id", "cluster_id").join(
        truth.select("id", "person_id"), on="id", how="inner"
    )
    if joined.height != clusters.height or joined.height != truth.height:
        raise InvalidParameterError(
            f"clusters ({clusters.height:,} rows) and truth ({truth.height:,} rows) do not "
            f"hold the same ids ({joined.height:,} in common)"
        )
    predicted = _pairs_in_groups(joined, ["cluster_id"])
    true = _pairs_in_groups(joined, ["person_id"])
    correct = _pairs_in_groups(joined, ["cluster_id", "person_id"])
    precision = correct / predicted if predicted else None
    recall = correct / true if true else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else None
    )
    return {
        "true_pairs": true,
        "predicted_pairs": predicted,
        "correct_pairs": correct,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def lookalikes_merged(clusters: pl.DataFrame, lookalikes: pl.DataFrame) -> pl.DataFrame:
    """For each look-alike kind: pairs of different people put in one cluster, and all pairs.

    Examples
    --------
    >>> clusters = pl.DataFrame({"id": [1, 2, 3, 4], "cluster_id": [1, 1, 3, 4]})
    >>> pairs = pl.DataFrame({"id_l": [1, 3], "id_r": [2, 4], "kind": ["twin", "twin"]})
    >>> lookalikes_merged(clusters, pairs).rows()
    [('twin', 1, 2)]
    """
    ids = clusters.select("id", "cluster_id")
    joined = lookalikes.join(ids.rename({"id": "id_l", "cluster_id": "c_l"}), on="id_l").join(
        ids.rename({"id": "id_r", "cluster_id": "c_r"}), on="id_r"
    )
    return (
        joined.group_by("kind")
        .agg(
            (pl.col("c_l") == pl.col("c_r")).sum().cast(pl.Int64).alias("merged"),
            pl.len().cast(pl.Int64).alias("total"),
        )
        .sort("kind")
    )


def _accuracy_tables(metrics: dict[str, Any], looks: pl.DataFrame, lang: str) -> list[Any]:
    def shown(value: float | None) -> Any:
        return "n/a" if value is None else value

    rows = [(label(k, lang), shown(metrics[k])) for k in ("precision", "recall", "f1")]
    rows += [
        (label(k, lang), metrics[k]) for k in ("true_pairs", "predicted_pairs", "correct_pairs")
    ]
    look_rows = [
        (r["kind"], f"{r['merged']:,} / {r['total']:,}") for r in looks.iter_rows(named=True)
    ]
    return [
        key_values(label("accuracy", lang), rows, lang),
        key_values(
            label("lookalikes", lang),
            look_rows,
            lang,
            headers=(label("kind", lang), label("merged", lang)),
        ),
    ]


@friendly_errors
def demo_command(
    rows: Annotated[
        int, typer.Option("--rows", "-n", min=2, help="Rows of the synthetic list.")
    ] = 200_000,
    out: Annotated[
        Path, typer.Option("--out", "-o", file_okay=False, help="Folder for the results.")
    ] = Path("sidalih-demo"),
    fmt: FormatOpt = Format.parquet,
    lang: LangOpt = Lang.id,
    election_date: ElectionDateOpt = ELECTION_DEFAULT,
    max_voters_per_tps: TpsOpt = 300,
    threshold: ThresholdOpt = None,
    seed: SeedOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Run the main job on built-in data: generate, deduplicate, check, score against the truth.

    The synthetic list spans many villages, with duplicates carrying real-world errors and
    look-alikes that are different people; precision and recall are computed on each run.
    """
    date = parse_election_date(election_date)
    options: dict[str, Any] = {} if threshold is None else {"threshold": threshold}
    with result_folder(out, command="demo") as folder:
        timings, metrics, looks, parts = _run_demo(
            folder.path, rows=rows, seed=seed, date=date, fmt=fmt, lang=lang.value,
            max_voters_per_tps=max_voters_per_tps, quiet=quiet, options=options,
            shown_out=shown(out))
        commit(folder)
    console = stdout_console()
    print_tables(console, [*parts, *_accuracy_tables(metrics, looks, lang.value),
                           timings_table(timings, lang.value)])
    console.print(f"{label('results', lang.value)}: {shown(out)}")


def _run_demo(out: Path, *, rows: int, seed: int, date: Any, fmt: Format, lang: str,
              max_voters_per_tps: int, quiet: bool, options: dict[str, Any],
              shown_out: str) -> tuple[dict[str, float], dict[str, Any], pl.DataFrame, list[Any]]:
    """Generate, deduplicate, check and evaluate; write everything into ``out``."""
    with warmed_kernels(), Stages(quiet=quiet) as stages:
        with stages.stage("generate", f"generating {rows:,} voters"):
            generated = synth.voters(rows, seed=seed, election=date)
        with stages.stage("deduplicate", "finding double voters"):
            result = sidalih.deduplicate(
                generated.voters, election_date=date, lang=lang, seed=seed, **options
            )
        with stages.stage("check", "checking every row"):
            report = run_check(
                generated.voters,
                election_date=date,
                max_voters_per_tps=max_voters_per_tps,
                lang=lang,
                result=result,
            )
        with stages.stage("evaluate", "scoring against the truth"):
            clusters = result.clusters_polars()
            metrics = pairwise_accuracy(clusters, generated.truth)
            looks = lookalikes_merged(clusters, generated.lookalike_pairs())
        check_parts, check_data = check_tables(report, lang)
        dedupe_parts, dedupe_data = dedupe_tables(result, lang)
        with stages.stage("write", f"writing {shown_out}"):
            write_result(out, result, {"records": generated.voters}, fmt=fmt)
            write_frames(out, {"findings": pl.DataFrame(report.findings)}, fmt=fmt)
            generated.truth.write_parquet(out / "truth.parquet")
    timings = stage_timings(stages, result.summary().timings, after="deduplicate")
    write_json(
        out / "summary.json",
        {
            "command": "demo",
            "rows": rows,
            "seed": seed,
            "election_date": date,
            "accuracy": metrics,
            "lookalikes_merged": looks.to_dicts(),
            "check": check_data,
            "dedupe": dedupe_data,
            "timings": timings,
            "total_seconds": round(sum(stages.timings.values()), 3),
        },
    )
    return timings, metrics, looks, [*check_parts[1:], *dedupe_parts]
