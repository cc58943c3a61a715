"""The ``sidalih`` command line, run as a user would: typer's runner and a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
import typer
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_cli import pairwise_accuracy_ref
from rich.console import Console
from typer.testing import CliRunner, Result

from sidalih import synth
from sidalih.cli import app
from sidalih.cli._progress import Stages
from sidalih.cli.demo import lookalikes_merged, pairwise_accuracy
from sidalih.io import read_table

N = 2000
COMMANDS = ("demo", "check", "dedupe", "link", "explain", "synth")
runner = CliRunner()


def run(*args: object) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    return result


def metric(text: str, name: str) -> float:
    found = re.search(rf"^\s*{name}\s+([0-9.]+)\s*$", text, flags=re.MULTILINE)
    assert found, f"{name} not printed in:\n{text}"
    return float(found.group(1))


def write_numeric_nik_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """KPU headers; the NIK typed into number cells, the rest text (as a spreadsheet user
    does): Excel keeps 15 significant digits of a number typed into it, so the cell
    holds the NIK with its last digit 0 (a program writing every digit is read exactly:
    tests/test_io.py)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DPT")
    for j, name in enumerate(frame.columns):
        sheet.write_string(0, j, name)
    for i, row in enumerate(frame.iter_rows(named=True), start=1):
        for j, (name, value) in enumerate(row.items()):
            if value is None:
                continue
            if name == "NIK":
                sheet.write_number(i, j, float(f"{float(value):.14E}"))
            else:
                sheet.write_string(i, j, str(value))
    book.close()


@pytest.fixture(scope="module")
def listing() -> synth.SyntheticList:
    return synth.voters(N, seed=5)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, listing: synth.SyntheticList) -> Path:
    d = tmp_path_factory.mktemp("inputs")
    kpu = synth.kpu_style(listing.voters)
    kpu.write_csv(d / "dpt_kpu.csv", separator=";")
    listing.voters.write_parquet(d / "dpt.parquet")
    write_numeric_nik_xlsx(kpu.head(400), d / "dpt_numeric.xlsx")
    half = N // 2
    listing.voters[:half].write_csv(d / "a.csv")
    listing.voters[half:].write_csv(d / "b.csv")
    return d


@pytest.fixture(scope="module")
def deduped(tmp_path_factory: pytest.TempPathFactory, inputs: Path) -> Path:
    out = tmp_path_factory.mktemp("dedupe") / "out"
    result = run("dedupe", inputs / "dpt.parquet", "--out", out, "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    return out


# ---------------------------------------------------------------------------- help
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"sidalih {command}" in result.stdout


def test_no_command_shows_the_commands() -> None:
    result = runner.invoke(app, [])
    for command in COMMANDS:
        assert command in result.output


# ---------------------------------------------------------------------------- demo
def test_demo_prints_precision_and_recall_computed_from_its_own_output(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run("demo", "--rows", 1500, "--seed", 3, "--out", out, "--lang", "en", "--quiet")
    assert result.exit_code == 0, result.output
    clusters = pl.read_parquet(out / "clusters.parquet")
    truth = pl.read_parquet(out / "truth.parquet").join(clusters, on="id")
    ref = pairwise_accuracy_ref(
        truth["id"].to_list(), truth["cluster_id"].to_list(), truth["person_id"].to_list()
    )
    # The figures against the truth come after the model's own estimate (also printed).
    printed = result.stdout.split("Accuracy against the truth")[1]
    estimated = result.stdout.split("Estimated without labels")[1].split("Accuracy against")[0]
    for name in ("precision", "recall"):
        assert metric(printed, name) == pytest.approx(ref[name], abs=5e-5)
        assert abs(metric(estimated, name) - ref[name]) <= 0.05
    assert metric(printed, "F1") == pytest.approx(ref["f1"], abs=5e-5)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["accuracy"] == pytest.approx(ref)
    for heading in (
        "Findings by check",
        "Double voters",
        "Time per stage",
        "generate",
        "deduplicate",
        "duplicate clusters",
    ):
        assert heading in result.stdout
    assert {"findings.parquet", "pairs.parquet", "model.json", "records.parquet"} <= {
        p.name for p in out.iterdir()
    }


def test_demo_in_bahasa_indonesia(tmp_path: Path) -> None:
    result = run("demo", "--rows", 600, "--out", tmp_path / "d", "-q")
    assert result.exit_code == 0, result.output
    assert "presisi" in result.stdout and "Waktu per tahap" in result.stdout


# ---------------------------------------------------------------------------- check
def test_check_kpu_csv_with_semicolons(
    tmp_path: Path, inputs: Path, listing: synth.SyntheticList
) -> None:
    out = tmp_path / "cek"
    result = run("check", inputs / "dpt_kpu.csv", "--out", out, "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    findings = read_table(out / "findings.csv")
    assert findings.columns == ["id", "check", "severity", "detail", "tms"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n_rows"] == N and summary["n_findings"] == findings.height
    assert "Findings by check" in result.stdout


def test_check_numeric_nik_cells_are_flagged_not_rounded(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "cek"
    result = run("check", inputs / "dpt_numeric.xlsx", "--out", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    findings = pl.read_parquet(out / "findings.parquet")
    scientific = findings.filter(pl.col("check") == "nik_scientific")
    assert scientific["id"].n_unique() == 400  # every number cell, none trusted
    assert "nik_scientific" in result.stdout


# ---------------------------------------------------------------------------- dedupe
def test_dedupe_outputs_round_trip(deduped: Path) -> None:
    clusters = read_table(deduped / "clusters.csv")
    records = pl.read_parquet(deduped / "records.parquet")
    assert clusters.height == records.height == N
    assert sorted(clusters["id"].to_list()) == sorted(records["id"].cast(pl.String).to_list())
    pairs = read_table(deduped / "pairs.csv")
    summary = json.loads((deduped / "summary.json").read_text())
    sizes = clusters.group_by("cluster_id").len().filter(pl.col("len") > 1)
    assert sizes.height == summary["n_duplicate_clusters"]
    duplicates = read_table(deduped / "duplicates.csv")
    assert duplicates.height == summary["n_records_in_duplicate_clusters"]
    assert {"id_l", "id_r", "match_probability", "reasons"} <= set(pairs.columns)


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_dedupe_with_a_saved_model_writes_each_format(
    tmp_path: Path, inputs: Path, deduped: Path, fmt: str
) -> None:
    out = tmp_path / "again"
    result = run(
        "dedupe",
        inputs / "dpt.parquet",
        "--model",
        deduped / "model.json",
        "--out",
        out,
        "--format",
        fmt,
        "-q",
    )
    assert result.exit_code == 0, result.output
    first = read_table(deduped / "clusters.csv")
    again = read_table(out / f"clusters.{fmt}").with_columns(pl.all().cast(pl.String))
    assert again.sort("id").equals(first.sort("id"))


def test_dedupe_numeric_nik_xlsx(tmp_path: Path, inputs: Path, deduped: Path) -> None:
    result = run(
        "dedupe",
        inputs / "dpt_numeric.xlsx",
        "--model",
        deduped / "model.json",
        "--out",
        tmp_path / "x",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    records = pl.read_parquet(tmp_path / "x" / "records.parquet")
    assert records["nik"].str.contains("E+15", literal=True).all()


def test_dedupe_kpu_csv_in_a_subprocess(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "sub"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sidalih.cli",
            "dedupe",
            str(inputs / "dpt_kpu.csv"),
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Double voters" in done.stdout and "Traceback" not in done.stderr
    clusters = pl.read_parquet(out / "clusters.parquet")
    assert clusters.height == N and clusters["id"].n_unique() == N


# ---------------------------------------------------------------------------- link, explain
def test_link_two_csvs_and_explain_a_linked_pair(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "link"
    result = run("link", inputs / "a.csv", inputs / "b.csv", "--out", out, "--lang", "en", "-q")
    assert result.exit_code == 0, result.output
    clusters = pl.read_parquet(out / "clusters.parquet")
    assert clusters.height == N and set(clusters["source"]) == {"l", "r"}
    summary = json.loads((out / "summary.json").read_text())
    linked = (
        clusters.group_by("cluster_id")
        .agg(pl.col("source").n_unique())
        .filter(pl.col("source") == 2)
    )
    assert summary["n_linked_clusters"] == linked.height > 0
    pair = pl.read_parquet(out / "pairs.parquet").row(0, named=True)
    shown = run("explain", out, pair["id_l"], pair["id_r"], "--lang", "en")
    assert shown.exit_code == 0, shown.output
    assert f"weight {pair['match_weight']:+.2f}" in shown.stdout


def test_explain_reproduces_the_weight_of_a_matched_pair(deduped: Path) -> None:
    pairs = read_table(deduped / "pairs.csv").filter(pl.col("matched") == "true")
    pair = pairs.row(0, named=True)
    result = run("explain", deduped, pair["id_l"], pair["id_r"], "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"weight {float(pair['match_weight']):+.2f}" in result.stdout
    assert "one cluster" in result.stdout
    assert not re.search(r"\d{16}", result.stdout)  # NIKs masked


def test_explain_unknown_id_and_bad_folder(deduped: Path, tmp_path: Path) -> None:
    known = read_table(deduped / "clusters.csv")["id"][0]
    result = run("explain", deduped, known, "999999")
    assert result.exit_code == 2 and "'999999'" in result.stderr and known not in result.stderr
    result = run("explain", tmp_path, "0", "1")
    assert result.exit_code == 2 and "manifest.json" in result.stderr


def test_explain_one_id_twice_is_a_clean_error(deduped: Path) -> None:
    known = read_table(deduped / "clusters.csv")["id"][0]
    result = run("explain", deduped, known, known)
    assert result.exit_code == 2 and "are one record" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_explain_pair_takes_one_id_as_text_per_side(deduped: Path) -> None:
    """A list of ids reached polars as a bare TypeError; a typed error names the side."""
    from sidalih.cli.explain import explain_pair
    from sidalih.errors import InputTypeError

    a, b = read_table(deduped / "clusters.csv")["id"].cast(pl.String)[:2]
    with pytest.raises(InputTypeError, match="id_a must be one record id as text"):
        explain_pair(deduped, [a], b)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="id_b must be one record id as text"):
        explain_pair(deduped, a, (b,))  # type: ignore[arg-type]
    assert explain_pair(deduped, a, b).id_r is not None  # one id each: explained


def test_explain_of_an_out_of_core_folder_says_what_it_lacks(inputs: Path,
                                                              tmp_path: Path) -> None:
    """A --memory-limit run keeps no copy of its list: explain said the folder held no
    records_l.parquet, as if it were a broken linkage; it names what is missing and how
    to get it. A folder with neither table is told apart from one written out of core."""
    out = tmp_path / "pieces"
    done = run("dedupe", inputs / "dpt.parquet", "--out", out, "--memory-limit", "1GiB",
               "--quiet")
    assert done.exit_code == 0, done.stderr
    pair = pl.read_parquet(out / "pairs.parquet").row(0, named=True)
    result = run("explain", out, pair["id_l"], pair["id_r"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert "records_l" not in message
    assert "out of core (--memory-limit)" in message and "no records.parquet" in message
    assert "pairs.parquet" in message and "without --memory-limit" in message
    assert pair["id_l"] not in message
    # the same folder had its summary lost: no word of --memory-limit it cannot know
    summary = out / "summary.json"
    summary.write_text("{}" + " " * (summary.stat().st_size - 2))  # the manifest's size
    result = run("explain", out, pair["id_l"], pair["id_r"])
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2 and "holds no records.parquet" in message
    assert "memory-limit" not in message


# ---------------------------------------------------------------------------- synth
@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_synth_writes_each_format_with_its_truth(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"dpt.{fmt}"
    result = run("synth", 300, "--out", path, "--seed", 2, "-q")
    assert result.exit_code == 0, result.output
    frame = read_table(path)
    truth = pl.read_parquet(tmp_path / "dpt.truth.parquet")
    assert frame.height == truth.height == 300
    lengths = frame["NIK"].drop_nulls().str.len_chars()
    assert (lengths == 16).sum() > 0.9 * len(lengths)  # text, never a float


def test_dedupe_of_a_one_row_list_writes_its_cluster(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("NAMA;NIK;TANGGAL LAHIR\nSiti Aminah;3271014101900001;01-01-1990\n")
    result = run("dedupe", path, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "clusters.parquet").exists()


# ---------------------------------------------------------------------------- errors
def test_missing_column_exits_2_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "no_name.csv"
    path.write_text("NIK;TANGGAL LAHIR\n3271014101900001;01-01-1990\n")
    for command in ("check", "dedupe"):
        result = run(command, path, "--out", tmp_path / command)
        assert result.exit_code == 2
        assert "'nama'" in result.stderr and "no_name.csv" in result.stderr


def test_an_error_listing_problems_is_one_line_naming_each(tmp_path: Path) -> None:
    """A SchemaError lists its problems one per line; the CLI joins them on one line
    (README: bad input is one line on stderr, exit 2)."""
    (tmp_path / "no_name.csv").write_text("NIK;TGL LAHIR;ALAMAT\n3271014101900001;01-01-1990;x\n")
    (tmp_path / "ids.csv").write_text(
        "ID,NAMA,TANGGAL LAHIR\n7,SITI,01-01-1990\n7,BUDI,02-01-1990\n,ANI,03-01-1990\n")
    for path, said in (("no_name.csv", ["'nama' is required"]),
                       ("ids.csv", ["'id' is empty", "'id' values repeat: 7"])):
        result = run("dedupe", tmp_path / path, "--out", tmp_path / f"{path}-out", "-q")
        lines = result.stderr.splitlines()
        assert result.exit_code == 2 and len(lines) == 1, result.stderr
        assert lines[0].startswith("sidalih: error: ") and all(s in lines[0] for s in said)


def test_missing_column_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "no_name.csv"
    path.write_text("NIK,TGL_LAHIR\n3271014101900001,01-01-1990\n")
    done = subprocess.run(
        [sys.executable, "-m", "sidalih.cli", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "'nama'" in done.stderr and "Traceback" not in done.stderr
    assert "3271014101900001" not in done.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", None, "file not found"),
        ("broken.xlsx", b"this is not a workbook", "cannot read broken.xlsx"),
        ("broken.parquet", b"PAR1 nonsense", "cannot read broken.parquet"),
        ("list.json", b"{}", "expected a .csv, .parquet or .xlsx"),
        ("empty.csv", b"", "cannot read empty.csv"),
    ],
)
def test_unreadable_file_exits_2(
    tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("dedupe", path, "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--election-date", "14-02-2024"], "--election-date"),
        (["--threshold", "1.5"], "threshold"),
        (["--lang", "fr"], "fr"),
    ],
)
def test_bad_options_exit_2(inputs: Path, tmp_path: Path, args: list[str], expected: str) -> None:
    result = run("dedupe", inputs / "a.csv", "--out", tmp_path / "o", *args)
    assert result.exit_code == 2
    assert expected in result.stderr


# ---------------------------------------------------------------------------- helpers
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=30))
def test_pairwise_accuracy_agrees_with_listing_every_pair(labels: list[tuple[int, int]]) -> None:
    ids = list(range(len(labels)))
    clusters = pl.DataFrame({"id": ids, "cluster_id": [c for c, _ in labels]})
    truth = pl.DataFrame({"id": ids, "person_id": [p for _, p in labels]})
    got = pairwise_accuracy(clusters, truth)
    ref = pairwise_accuracy_ref(ids, clusters["cluster_id"].to_list(), truth["person_id"].to_list())
    assert got == pytest.approx(ref)


def test_pairwise_accuracy_rejects_mismatched_ids() -> None:
    from sidalih.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="same ids"):
        pairwise_accuracy(
            pl.DataFrame({"id": [1, 2], "cluster_id": [1, 1]}),
            pl.DataFrame({"id": [1, 3], "person_id": [1, 1]}),
        )


def test_lookalikes_merged_counts_pairs_sharing_a_cluster() -> None:
    clusters = pl.DataFrame({"id": [1, 2, 3, 4, 5], "cluster_id": [1, 1, 3, 3, 5]})
    pairs = pl.DataFrame({"id_l": [1, 3, 4], "id_r": [2, 5, 3], "kind": ["twin", "twin", "x"]})
    assert lookalikes_merged(clusters, pairs).rows() == [("twin", 1, 2), ("x", 1, 1)]


def test_progress_shows_on_a_terminal_and_not_when_quiet() -> None:
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    with Stages(quiet=False, console=console) as stages, stages.stage("read", "reading dpt"):
        pass
    assert "reading dpt" in buffer.getvalue() and set(stages.timings) == {"read"}
    quiet = StringIO()
    silent = Console(file=quiet, force_terminal=True)
    with Stages(quiet=True, console=silent) as stages, stages.stage("read", "reading dpt"):
        pass
    assert quiet.getvalue() == "" and set(stages.timings) == {"read"}


def test_dedupe_with_a_memory_limit_gives_the_in_memory_clusters(tmp_path: Path) -> None:
    voters = synth.voters(N, seed=4).voters
    voters.write_parquet(tmp_path / "dpt.parquet")
    whole = run("dedupe", tmp_path / "dpt.parquet", "--out", tmp_path / "whole", "--quiet")
    pieces = run("dedupe", tmp_path / "dpt.parquet", "--out", tmp_path / "pieces",
                 "--memory-limit", "2MiB", "--quiet")
    assert whole.exit_code == 0 and pieces.exit_code == 0, pieces.stderr
    summary = json.loads((tmp_path / "pieces" / "summary.json").read_text())
    assert summary["n_buckets"] > 1
    expected = pl.read_parquet(tmp_path / "whole" / "clusters.parquet").sort("id")
    got = pl.read_parquet(tmp_path / "pieces" / "clusters.parquet").sort("id")
    assert got.equals(expected)


def test_memory_limit_needs_parquet_and_a_size(tmp_path: Path) -> None:
    synth.voters(200, seed=4).voters.write_csv(tmp_path / "dpt.csv")
    synth.voters(200, seed=4).voters.write_parquet(tmp_path / "dpt.parquet")
    as_csv = run("dedupe", tmp_path / "dpt.csv", "--memory-limit", "1GiB", "--quiet")
    assert as_csv.exit_code == 2 and "Parquet" in as_csv.stderr
    bad_size = run("dedupe", tmp_path / "dpt.parquet", "--memory-limit", "lots", "--quiet")
    assert bad_size.exit_code == 2 and "memory_limit" in bad_size.stderr


# ---------------------------------------------------------------------------- interrupts
def _swallowing(then: str) -> object:
    """A command whose library swallows Ctrl-C (a __del__, a callback), then goes on."""
    import signal

    import typer

    from sidalih.cli._common import friendly_errors

    @friendly_errors
    def command() -> None:
        try:
            # raised in this thread: a kill() to the process may land on any of its
            # threads (numba's, polars' from earlier tests), and the main thread then
            # runs the handler only after its sleep, outside this try
            signal.raise_signal(signal.SIGINT)
            time.sleep(1)
        except KeyboardInterrupt:
            pass
        if then == "raise":  # as numba does: "returned a result with an exception set"
            raise SystemError("CPUDispatcher(f) returned a result with an exception set")

    app_ = typer.Typer()
    app_.command()(command)
    return app_


@pytest.mark.parametrize("then", ["return", "raise"])
def test_an_interrupt_that_a_library_swallowed_still_exits_130(then: str) -> None:
    import signal

    # as from a terminal: a test run started in the background of a script inherits
    # SIGINT ignored, and sidalih leaves an ignored SIGINT ignored (see stop_on_signals)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = runner.invoke(_swallowing(then), [])  # type: ignore[arg-type]
    finally:
        signal.signal(signal.SIGINT, before)
    assert result.exit_code == 130
    assert result.stderr == "sidalih: error: interrupted\n"


# The console entry point, signalled while it imports the commands (the import of
# sidalih.cli._app sends the signal itself: no race with a timer).
_SIGNALLED_WHILE_IMPORTING = """
import builtins, os, signal, sys, time
from sidalih.cli import main
stop, real_import = getattr(signal, sys.argv[1]), builtins.__import__
def importing(name, *args, **kwargs):
    if name == "sidalih.cli._app":
        os.kill(os.getpid(), stop)
        time.sleep(30)
    return real_import(name, *args, **kwargs)
builtins.__import__ = importing
sys.argv[1:] = ["synth", "10", "-q"]
main()
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_while_the_commands_are_imported_exits_with_its_code(name: str,
                                                                      code: int) -> None:
    """SIGTERM in the first second or two (imports) killed the process without a word;
    README: an interrupted run exits 130, 143 on SIGTERM."""
    import signal

    # as from a terminal: a test run in the background of a script passes SIGINT on
    # ignored, and sidalih leaves an ignored SIGINT ignored (see stop_on_signals)
    done = subprocess.run([sys.executable, "-c", _SIGNALLED_WHILE_IMPORTING, name],
                          capture_output=True, text=True, timeout=60,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert (done.returncode, done.stderr) == (code, "sidalih: error: interrupted\n")


def test_a_signal_while_the_command_line_is_read_exits_with_its_code() -> None:
    """Between the imports and the command's own handling typer made any signal exit 130
    without a word."""
    import signal

    from sidalih.cli._common import OneLineErrors
    from sidalih.cli._signals import Interrupted

    def stopped(value: str) -> str:
        raise Interrupted(signal.SIGTERM)

    app_ = typer.Typer(cls=OneLineErrors)

    @app_.callback()
    def group() -> None:
        """The group (so that OneLineErrors reads the command line)."""

    @app_.command()
    def command(option: str = typer.Option("x", callback=stopped)) -> None:
        """Never reached: reading --option is stopped."""

    result = runner.invoke(app_, ["command", "--option", "y"])
    assert (result.exit_code, result.stderr) == (143, "sidalih: error: interrupted\n")


def test_a_usage_error_under_an_embedding_caller_is_an_exit_not_a_box() -> None:
    from typer.main import get_command

    command = get_command(app)
    with pytest.raises(typer.Exit) as info:
        command.main(["synth", "0"], prog_name="sidalih", standalone_mode=False)
    assert info.value.exit_code == 2
