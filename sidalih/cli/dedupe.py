"""``sidalih dedupe FILE`` and ``sidalih link FILE_A FILE_B``: who is registered more than once.

The result folder holds the tables (``clusters``, ``pairs``, ``duplicates``), the model
(``model.json``), ``summary.json`` and what ``sidalih explain`` needs to recompute any pair:
the standardised input (``records.parquet``; ``records_l``/``records_r`` for a linkage).
It is written beside its target and renamed into place with ``manifest.json`` (see
:mod:`sidalih._folders`): an interrupted run leaves the earlier result as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

import sidalih
from sidalih.cli._common import (
    ELECTION_DEFAULT,
    ElectionDateOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    ModelOpt,
    OutOpt,
    QuietOpt,
    SeedOpt,
    ThresholdOpt,
    commit,
    default_out,
    fail,
    friendly_errors,
    result_folder,
    shown,
    stdout_console,
    write_frames,
    write_json,
)
from sidalih.cli._progress import Stages, warmed_kernels
from sidalih.cli._summary import key_values, label, print_tables, timings_table
from sidalih.cli.check import parse_election_date, read_list
from sidalih.cli.report import ReportOpt, write_run_report
from sidalih.engine._fit import FEWEST_RECORDS_TO_TRAIN
from sidalih.schema import standardise_polars

__all__ = [
    "dedupe_command",
    "link_command",
    "duplicate_rows",
    "dedupe_tables",
    "write_result",
    "stage_timings",
]

EXAMPLE = "Example:  sidalih dedupe DPT_3271.xlsx --format xlsx --out hasil-ganda"
LINK_EXAMPLE = "Example:  sidalih link DPT_2019.parquet DPT_2024.parquet --out hasil-tautan"

MemoryOpt = Annotated[
    str | None,
    typer.Option(
        "--memory-limit",
        help="Process a Parquet list larger than memory piece by piece within this much "
        "memory (e.g. 8GiB); writes clusters, pairs (always Parquet: --format csv or xlsx "
        "is refused), model.json and summary.json.",
        show_default=False,
    ),
]

FileArg = Annotated[
    Path, typer.Argument(help="Voter list: .csv, .parquet or .xlsx.", show_default=False)
]


def duplicate_rows(records: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """The input rows that belong to a duplicate cluster, cluster by cluster (for review).

    Examples
    --------
    >>> records = pl.DataFrame({"id": [1, 2, 3], "nama": ["A", "A.", "B"]})
    >>> clusters = pl.DataFrame({"id": [1, 2, 3], "cluster_id": [1, 1, 3]})
    >>> duplicate_rows(records, clusters).rows()
    [(1, 2, 1, 'A'), (1, 2, 2, 'A.')]
    """
    keys = [c for c in ("source", "id") if c in clusters.columns and c in records.columns]
    sized = clusters.with_columns(pl.len().over("cluster_id").alias("cluster_size"))
    joined = records.join(sized.filter(pl.col("cluster_size") > 1), on=keys, how="inner")
    front = ["cluster_id", "cluster_size", *keys]
    return joined.select(*front, *[c for c in records.columns if c not in front]).sort(
        "cluster_id", *keys
    )


def stage_timings(stages: Stages, engine: dict[str, float], *, after: str) -> dict[str, float]:
    """The command's stages with the engine's own stages listed (indented) under ``after``."""
    out: dict[str, float] = {}
    for key, seconds in stages.timings.items():
        out[key] = seconds
        if key == after:
            out.update({f"  {k}": v for k, v in engine.items()})
    return out


def dedupe_tables(result: sidalih.Result, lang: str) -> tuple[list[Any], dict[str, Any]]:
    """Summary tables of a result and the same figures for ``summary.json``."""
    s = result.summary()
    verdicts = {k: v for k, v in s.verdicts.items() if k != "model"}
    rows: list[tuple[str, Any]] = [
        (label("records", lang), s.n_records),
        (label("candidate_pairs", lang), s.n_candidate_pairs),
        (label("matched_pairs", lang), s.n_matched_pairs),
        (label("duplicate_clusters", lang), s.n_duplicate_clusters),
        (label("records_in_duplicates", lang), s.n_records_in_duplicate_clusters),
        (label("review_pairs", lang), s.n_review_pairs),
        *((f"{label('verdicts', lang)}: {k}", v) for k, v in verdicts.items()),
    ]
    data = {
        "n_records": s.n_records,
        "n_candidate_pairs": s.n_candidate_pairs,
        "n_matched_pairs": s.n_matched_pairs,
        "n_duplicate_clusters": s.n_duplicate_clusters,
        "n_records_in_duplicate_clusters": s.n_records_in_duplicate_clusters,
        "n_review_pairs": s.n_review_pairs,
        "verdicts": s.verdicts,
        "clusters_by_size": s.clusters_by_size.to_dicts(),
        "model": s.model,
        "estimated": s.estimated,
        "blocking_lowered": getattr(s.blocking, "lowered", "") or None,
    }
    source = s.model.get("source")
    if source == "given" and s.model.get("shipped_default"):
        source = "given_default"
    rows.append((label("model_used", lang), _model_used(s.model, source, lang)))
    if source == "list" and s.model.get("default_shift_bits") is not None:
        rows.append((label("model_shift", lang), round(float(s.model["default_shift_bits"]), 2)))
    tables = [key_values(label("duplicates", lang), rows, lang)]
    if s.estimated and s.estimated.get("precision") is not None:
        e = s.estimated
        tables.append(key_values(label("estimated", lang), [
            (label("precision", lang), round(e["precision"], 4)),
            (label("recall", lang), round(e["recall"], 4)),
            (label("f1", lang), round(e["f1"], 4)),
            (label("false_merges", lang), round(e["expected_false_merges"], 1)),
            (label("missed_pairs", lang), round(e["expected_missed_pairs"], 1)),
            (label("unblocked_pairs", lang), round(e.get("expected_unblocked_pairs") or 0.0, 1)),
        ], lang))
    return tables, data


def _model_used(model: dict[str, Any], source: Any, lang: str) -> str:
    """Which model scored the list, in the run's language (the summary says it)."""
    if model.get("fallback") and source != "given":
        records = model.get("fallback_records")
        if records is not None:
            return label("model_fallback_small", lang).format(
                n=f"{int(records):,}", fewest=f"{FEWEST_RECORDS_TO_TRAIN:,}")
        return label("model_fallback_alike", lang)
    if source in ("list", "default", "given", "given_default", "none"):
        return label(f"model_{source}", lang)
    return str(source)


def write_result(
    out: Path, result: sidalih.Result, records: dict[str, pl.DataFrame], *, fmt: Format
) -> None:
    """Tables in ``fmt``; model, records and blocking report as JSON/Parquet for ``explain``."""
    clusters = result.clusters_polars()
    stacked = _stack(records)
    if "source" in clusters.columns:  # the stacked lists' ids are text
        clusters = clusters.with_columns(pl.col("id").cast(pl.String))
    write_frames(
        out,
        {
            "clusters": result.clusters_polars(),
            "pairs": result.pairs_polars(),
            "duplicates": duplicate_rows(stacked, clusters),
        },
        fmt=fmt,
    )
    if result.model.fitted:  # a list too small to pair trains no model
        result.model.save(out / "model.json")
    report = result.blocking_report
    if hasattr(report, "to_frame"):  # `sidalih report` shows it
        report.to_frame().write_parquet(out / "blocking.parquet")
    for name, frame in records.items():
        frame.write_parquet(out / f"{name}.parquet")


def _stack(records: dict[str, pl.DataFrame]) -> pl.DataFrame:
    if set(records) == {"records"}:
        return records["records"]
    parts = [
        f.with_columns(pl.col("id").cast(pl.String), source=pl.lit(name[-1]))
        for name, f in records.items()
    ]
    return pl.concat(parts, how="diagonal_relaxed")


def _out_of_core(files: list[Path], out: Path, memory_limit: str, options: dict[str, Any], *,
                 seed: int, lang: str, quiet: bool, fmt: Format) -> None:
    """A Parquet list larger than memory, piece by piece (sidalih.scale)."""
    from sidalih.scale import deduplicate_parquet, link_parquet
    from sidalih.scale._local import caller_stages

    if fmt is not Format.parquet:  # tables too large for memory: no CSV or workbook of them
        fail(f"--memory-limit writes Parquet tables only, got --format {fmt.value}; leave out "
             "--format, or leave out --memory-limit for a list that fits in memory")
    bad = [str(f) for f in files if f.suffix.lower() != ".parquet"]
    if bad:
        fail(f"--memory-limit reads Parquet lists only, got {', '.join(bad)}; convert the "
             "list to Parquet first (for example with `sidalih synth` or polars)")
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        fail(f"file not found: {', '.join(missing)}")
    command = "dedupe" if len(files) == 1 else "link"
    with result_folder(out, command=command, inputs=files) as folder, \
            Stages(quiet=quiet) as stages:  # fmt: skip
        def say(text: str) -> None:
            if stages.enabled:
                stages.console.log(text)

        kwargs = dict(model=options.get("model"), threshold=options.get("threshold"),
                      election_date=options.get("election_date", ELECTION_DEFAULT),
                      memory_limit=memory_limit, seed=seed, progress=say)
        # the run writes its files into the folder staged here, committed below
        with stages.stage("deduplicate", "finding double voters, piece by piece"), \
                caller_stages():  # fmt: skip
            if len(files) == 1:
                result = deduplicate_parquet(files[0], folder.path, **kwargs)
            else:
                result = link_parquet(files[0], files[1], folder.path, **kwargs)
        commit(folder)
    s = result.info
    rows = [
        (label("records", lang), s["n_records"]),
        (label("duplicate_clusters", lang), s["n_duplicate_clusters"]),
        (label("records_in_duplicates", lang), s["n_records_in_duplicate_clusters"]),
    ]
    timings = stage_timings(stages, s["timings"], after="deduplicate")
    console = stdout_console()
    print_tables(console, [key_values(label("duplicates", lang), rows, lang),
                           timings_table(timings, lang)])
    console.print(f"{label('results', lang)}: {shown(out)}")


def _run_options(
    election_date: str, threshold: float | None, model: Path | None
) -> tuple[dt.date, dict[str, Any]]:
    date = parse_election_date(election_date)
    # The API applies --threshold to a loaded model (and checks it), so pass both as given.
    options: dict[str, Any] = {
        "model": sidalih.Model.load(model) if model is not None else None,
        "election_date": date,
    }
    if threshold is not None:
        options["threshold"] = threshold
    return date, options


@friendly_errors
def dedupe_command(
    file: FileArg,
    out: OutOpt = None,
    fmt: FormatOpt = Format.parquet,
    lang: LangOpt = Lang.id,
    election_date: ElectionDateOpt = ELECTION_DEFAULT,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
    seed: SeedOpt = 0,
    quiet: QuietOpt = False,
    memory_limit: MemoryOpt = None,
    html_report: ReportOpt = False,
) -> None:
    """Find the voters registered more than once in one list, and say why.

    Writes clusters (every row once), scored pairs with reasons, the rows of duplicate
    clusters, model.json and what `sidalih explain` needs (default ./NAME-dedupe/ for NAME.csv).
    With --memory-limit a Parquet list of any size is processed in pieces.
    """
    date, options = _run_options(election_date, threshold, model)
    out = out if out is not None else default_out(file, suffix="dedupe")
    if memory_limit is not None:
        _out_of_core([file], out, memory_limit, options, seed=seed, lang=lang.value,
                     quiet=quiet, fmt=fmt)
        if html_report:
            write_run_report(out, lang=lang.value)
        return
    with result_folder(out, command="dedupe", inputs=[file]) as folder:
        with warmed_kernels(), Stages(quiet=quiet) as stages:
            records = standardise_polars(read_list(file, stages))
            with stages.stage("deduplicate", "finding double voters"):
                result = sidalih.deduplicate(records, lang=lang.value, seed=seed, **options)
            tables, data = dedupe_tables(result, lang.value)
            with stages.stage("write", f"writing {shown(out)}"):
                write_result(folder.path, result, {"records": records}, fmt=fmt)
        timings = stage_timings(stages, result.summary().timings, after="deduplicate")
        write_json(
            folder.path / "summary.json",
            {
                "command": "dedupe",
                "input": shown(file),  # a list saved under a NIK: no full NIK in the file
                "election_date": date,
                **data,
                "timings": timings,
            },
        )
        commit(folder)
    console = stdout_console()
    print_tables(console, [*tables, timings_table(timings, lang.value)])
    console.print(f"{label('results', lang.value)}: {shown(out)}")
    if html_report:
        write_run_report(out, lang=lang.value, blocking=result.summary().blocking)


@friendly_errors
def link_command(
    file_a: FileArg,
    file_b: FileArg,
    out: OutOpt = None,
    fmt: FormatOpt = Format.parquet,
    lang: LangOpt = Lang.id,
    election_date: ElectionDateOpt = ELECTION_DEFAULT,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
    seed: SeedOpt = 0,
    quiet: QuietOpt = False,
    memory_limit: MemoryOpt = None,
    html_report: ReportOpt = False,
) -> None:
    """Find the voters of list A who are also in list B (pairs across the lists only).

    Clusters carry a source column (l = A, r = B); ids need only be unique within a list
    (default folder ./A-B-link/). With --memory-limit, Parquet lists of any size.
    """
    date, options = _run_options(election_date, threshold, model)
    out = out if out is not None else default_out(file_a, file_b, suffix="link")
    if memory_limit is not None:
        _out_of_core([file_a, file_b], out, memory_limit, options, seed=seed,
                     lang=lang.value, quiet=quiet, fmt=fmt)
        if html_report:
            write_run_report(out, lang=lang.value)
        return
    with result_folder(out, command="link", inputs=[file_a, file_b]) as folder, \
            warmed_kernels(), Stages(quiet=quiet) as stages:  # fmt: skip
        left = standardise_polars(read_list(file_a, stages, key="read_a"))
        right = standardise_polars(read_list(file_b, stages, key="read_b"))
        with stages.stage("link", "linking the two lists"):
            result = sidalih.link(left, right, lang=lang.value, seed=seed, **options)
        tables, data = dedupe_tables(result, lang.value)
        clusters = result.clusters_polars()
        linking = clusters.group_by("cluster_id").agg(pl.col("source").n_unique().alias("n"))
        n_linked = int((linking["n"] > 1).sum())
        tables.append(
            key_values(
                label("linked", lang.value),
                [
                    (label("left", lang.value), left.height),
                    (label("right", lang.value), right.height),
                    (label("linked_clusters", lang.value), n_linked),
                ],
                lang.value,
            )
        )
        with stages.stage("write", f"writing {shown(out)}"):
            write_result(folder.path, result, {"records_l": left, "records_r": right},
                         fmt=fmt)
        timings = stage_timings(stages, result.summary().timings, after="link")
        write_json(
            folder.path / "summary.json",
            {
                "command": "link",
                "inputs": [shown(file_a), shown(file_b)],
                "election_date": date,
                "n_linked_clusters": n_linked,
                **data,
                "timings": timings,
            },
        )
        commit(folder)
    console = stdout_console()
    print_tables(console, [*tables, timings_table(timings, lang.value)])
    console.print(f"{label('results', lang.value)}: {shown(out)}")
    if html_report:
        write_run_report(out, lang=lang.value, blocking=result.summary().blocking)
