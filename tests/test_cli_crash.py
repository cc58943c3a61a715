"""Real ``sidalih dedupe`` processes killed while they write: no half-written result.

Each run is stopped (SIGKILL, SIGINT) at a named point of the write (the writer pauses
there when ``SIDALIH_TEST_PAUSE_AT`` names it) or at an arbitrary moment, over an earlier
result or into a fresh folder. Afterwards the target is the earlier complete result, the
new complete result, or absent; ``sidalih explain`` refuses anything else in one line.
The runs of a group start together, so the file takes seconds on a warm numba cache.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sidalih import _folders, synth
from sidalih._folders import MANIFEST, ResultFolder, StagedFiles, check_folder
from sidalih.cli import app
from sidalih.errors import DataFileError, InvalidParameterError

N = 300
POINTS = ("locked", "written", "manifest", "swapped")
runner = CliRunner()


@dataclass
class Run:
    target: Path
    process: subprocess.Popen[str]
    code: int | None = None
    stderr: str = ""


def _dedupe(listing: Path, target: Path, *extra: str, pause: str | None = None,
            ignore_sigint: bool = False) -> subprocess.Popen[str]:  # fmt: skip
    env = {**os.environ, "SIDALIH_NO_WARMUP": "1"}
    env.pop("SIDALIH_TEST_PAUSE_AT", None)
    if pause is not None:
        env["SIDALIH_TEST_PAUSE_AT"] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "sidalih.cli", "dedupe", str(listing), "--out", str(target),
         "-q", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint
        else None,
    )  # fmt: skip


def _wait_for_pause(run: Run, *, timeout: float = 120) -> None:
    assert run.process.stderr is not None
    ready, _, _ = select.select([run.process.stderr], [], [], timeout)
    line = run.process.stderr.readline() if ready else ""
    assert line.startswith("sidalih: test pause at"), f"{run.target.name}: {line!r}"


def _stop(run: Run, signum: int) -> None:
    run.process.send_signal(signum)
    run.code = run.process.wait(timeout=60)
    assert run.process.stderr is not None
    run.stderr = run.process.stderr.read()


def _state(target: Path, earlier: str | None) -> str:
    """absent, old, new, or incomplete (never allowed at a target)."""
    if not target.exists():
        return "absent"
    try:
        manifest = check_folder(target)
    except DataFileError:
        return "incomplete"
    return "old" if manifest.run_id == earlier else "new"


def _leftovers(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.sidalih*"))


def _explain(folder: Path, pair: tuple[str, str]) -> tuple[int, str]:
    result = runner.invoke(app, ["explain", str(folder), *pair, "-q"])
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("lists")
    synth.voters(N, seed=6).voters.write_csv(d / "dpt.csv")
    synth.voters(N // 2, seed=7).voters.write_csv(d / "other.csv")
    return d / "dpt.csv"


@pytest.fixture(scope="module")
def earlier(listing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete result of an earlier run (written through the same code)."""
    out = tmp_path_factory.mktemp("earlier") / "hasil"
    result = runner.invoke(app, ["dedupe", str(listing), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def pair(earlier: Path) -> tuple[str, str]:
    row = pl.read_parquet(earlier / "pairs.parquet").row(0, named=True)
    return str(row["id_l"]), str(row["id_r"])


# Over an earlier result: SIGKILL at every point, SIGINT before and after the swap; into
# a fresh folder: one of each (8 processes, run at once).
CASES = [
    *((p, signal.SIGKILL, True) for p in POINTS),
    ("written", signal.SIGINT, True),
    ("swapped", signal.SIGINT, True),
    ("written", signal.SIGKILL, False),
    ("manifest", signal.SIGINT, False),
]


def _case_id(case: tuple[str, int, bool]) -> str:
    point, signum, over = case
    return f"{point}-{signal.Signals(signum).name}-{'over' if over else 'fresh'}"


@pytest.fixture(scope="module")
def stopped(listing: Path, earlier: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, Run]:  # fmt: skip
    """Every case run at once, each stopped where it paused."""
    base = tmp_path_factory.mktemp("stopped")
    runs: dict[str, Run] = {}
    for case in CASES:
        target = base / _case_id(case) / "hasil"
        target.parent.mkdir()
        if case[2]:
            shutil.copytree(earlier, target)
        runs[_case_id(case)] = Run(target, _dedupe(listing, target, pause=case[0]))
    for run in runs.values():
        _wait_for_pause(run)
    for case in CASES:
        _stop(runs[_case_id(case)], case[1])
    return runs


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_a_stopped_write_leaves_the_old_or_the_new_result_never_a_mix(
    case: tuple[str, int, bool], stopped: dict[str, Run], earlier: Path,
    pair: tuple[str, str],
) -> None:
    point, signum, over = case
    run = stopped[_case_id(case)]
    old_id = check_folder(earlier).run_id
    state = _state(run.target, old_id)
    if point == "swapped":  # renamed into place before the stop: the new result
        assert state == "new"
    else:
        assert state == ("old" if over else "absent")
    if signum == signal.SIGINT:
        assert run.code == 130, run.stderr
        assert run.stderr.strip().splitlines() == ["sidalih: error: interrupted"]
        assert _leftovers(run.target) == []  # no lock, no temporary folder
    else:
        assert run.code == -signal.SIGKILL
    if state in ("old", "new"):
        code, stderr = _explain(run.target, pair)
        assert code == 0, stderr


def test_what_a_killed_run_leaves_beside_the_target_is_refused_or_the_old_result(
    stopped: dict[str, Run], earlier: Path, pair: tuple[str, str]
) -> None:
    old_id = check_folder(earlier).run_id
    seen = 0
    for run in stopped.values():
        for leftover in _leftovers(run.target):
            if not leftover.is_dir():
                continue  # the lock file of a dead process
            seen += 1
            state = _state(leftover, old_id)
            code, stderr = _explain(leftover, pair)
            if state in ("old", "new"):  # killed between manifest and clean-up: whole
                assert code == 0
            else:
                assert state == "incomplete"
                assert code == 2 and len(stderr.splitlines()) == 1
                assert stderr.startswith("sidalih: error: ") and MANIFEST in stderr
    assert seen >= 3


def test_the_next_run_takes_over_a_dead_runs_lock_and_clears_its_leftovers(
    stopped: dict[str, Run], listing: Path
) -> None:
    run = stopped[_case_id(("written", signal.SIGKILL, True))]
    assert (run.target.parent / ".hasil.sidalih.lock").exists()  # its pid is dead
    again = runner.invoke(app, ["dedupe", str(listing), "--out", str(run.target), "-q"])
    assert again.exit_code == 0, again.output
    check_folder(run.target)
    assert _leftovers(run.target) == []


def test_killed_at_arbitrary_moments(listing: Path, earlier: Path, tmp_path: Path) -> None:
    old_id = check_folder(earlier).run_id
    runs = []
    for k, delay in enumerate((0.6, 1.5, 2.5, 3.5)):
        target = tmp_path / f"r{k}" / "hasil"
        target.parent.mkdir()
        shutil.copytree(earlier, target)
        runs.append((delay, Run(target, _dedupe(listing, target))))
    start = time.monotonic()
    for delay, run in runs:
        time.sleep(max(0.0, start + delay - time.monotonic()))
        run.process.kill()
    for _, run in runs:
        run.process.wait(timeout=60)
        assert _state(run.target, old_id) in ("old", "new")


def test_a_second_writer_of_the_same_folder_is_refused(
    listing: Path, earlier: Path, tmp_path: Path
) -> None:
    target = tmp_path / "hasil"
    first = Run(target, _dedupe(listing, target, "--format", "xlsx", pause="written"))
    try:
        _wait_for_pause(first)
        second = runner.invoke(app, ["dedupe", str(listing), "--out", str(target),
                                     "--format", "xlsx", "-q"])
        assert second.exit_code == 2
        assert second.stderr == (f"sidalih: error: another sidalih run (pid "
                                 f"{first.process.pid}) is writing {target}: wait for it to "
                                 "finish, or write elsewhere\n")
    finally:
        _stop(first, signal.SIGINT)
    assert first.code == 130 and not target.exists()
    third = runner.invoke(app, ["dedupe", str(listing), "--out", str(target), "--format",
                                "xlsx", "-q"])
    assert third.exit_code == 0, third.output
    manifest = check_folder(target)
    assert sorted(p.name for p in target.iterdir()) == sorted([*manifest.files, MANIFEST])
    assert {Path(n).suffix for n in manifest.files} == {".xlsx", ".parquet", ".json"}


def test_sigterm_stops_cleanly_and_an_inherited_ignored_sigint_stays_ignored(
    listing: Path, earlier: Path, tmp_path: Path
) -> None:
    # A background job of a shell script ignores SIGINT (Ctrl-C is for the script).
    target = Path(shutil.copytree(earlier, tmp_path / "hasil"))
    run = Run(target, _dedupe(listing, target, pause="written", ignore_sigint=True))
    _wait_for_pause(run)
    run.process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert run.process.poll() is None
    _stop(run, signal.SIGTERM)
    assert run.code == 143 and run.stderr == "sidalih: error: interrupted\n"
    assert _state(target, check_folder(earlier).run_id) == "old" and _leftovers(target) == []


# ------------------------------------------------------------------ incomplete folders
@pytest.fixture
def copy(earlier: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(earlier, tmp_path / "copy"))


def _refused(folder: Path, pair: tuple[str, str], *words: str) -> None:
    code, stderr = _explain(folder, pair)
    assert code == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("sidalih: error: ")
    assert "bug" not in stderr
    for word in words:
        assert word in stderr


def test_explain_refuses_records_cut_in_half(copy: Path, pair: tuple[str, str]) -> None:
    records = copy / "records.parquet"
    os.truncate(records, records.stat().st_size // 2)
    _refused(copy, pair, "records.parquet", "bytes")


def test_explain_refuses_a_folder_mixing_two_runs(
    copy: Path, listing: Path, tmp_path: Path, pair: tuple[str, str]
) -> None:
    other = tmp_path / "other"
    result = runner.invoke(app, ["dedupe", str(listing.with_name("other.csv")), "--out",
                                 str(other), "-q"])
    assert result.exit_code == 0, result.output
    shutil.copy(other / "clusters.parquet", copy / "clusters.parquet")
    _refused(copy, pair, "clusters.parquet")


def test_explain_refuses_a_folder_without_a_manifest(copy: Path, pair: tuple[str, str]) -> None:
    (copy / MANIFEST).unlink()
    _refused(copy, pair, MANIFEST)


def test_explain_refuses_a_damaged_file_of_the_right_size(
    copy: Path, pair: tuple[str, str]
) -> None:
    records = copy / "records.parquet"
    records.write_bytes(b"\0" * records.stat().st_size)
    _refused(copy, pair, "records.parquet")


def test_explain_refuses_a_damaged_manifest(copy: Path, pair: tuple[str, str]) -> None:
    (copy / MANIFEST).write_text('{"format": "sidalih-result", "format_version": 1}')
    _refused(copy, pair, MANIFEST, "damaged")


# ------------------------------------------------------------------ the compile helper
def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_the_compile_helper_dies_with_the_command(
    listing: Path, tmp_path: Path, signum: int
) -> None:
    cache, scratch = tmp_path / "numba-cache", tmp_path / "tmp"
    cache.mkdir()
    scratch.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "TMPDIR": str(scratch)}
    env.pop("SIDALIH_NO_WARMUP", None)
    cli = subprocess.Popen([sys.executable, "-m", "sidalih.cli", "dedupe", str(listing),
                            "--out", str(tmp_path / "out"), "-q"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        helpers: list[int] = []
        while not helpers and time.monotonic() < deadline and cli.poll() is None:
            helpers = [p for p in _children(cli.pid)
                       if b"sidalih._warmup" in Path(f"/proc/{p}/cmdline").read_bytes()]
            time.sleep(0.05)
        assert helpers, "the cold cache started no compile helper"
        assert [p.name for p in scratch.iterdir() if p.name.startswith("sidalih-warmup-")]
        time.sleep(1.0)  # let it get into compiling
        cli.send_signal(signum)
        cli.wait(timeout=30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (
            _running(helpers[0]) or any(scratch.glob("sidalih-warmup-*"))
        ):
            time.sleep(0.05)
        assert not _running(helpers[0]), "the compile helper outlived the command"
        assert not any(scratch.glob("sidalih-warmup-*")), "its scratch folder is left"
    finally:
        cli.kill()
        cli.wait()
    if signum == signal.SIGTERM:
        assert cli.returncode == 143



# ------------------------------------------------------------------ the writer itself
def _write(target: Path, files: dict[str, bytes], **options: object) -> Path:
    with ResultFolder(target, command="test", **options) as out:  # type: ignore[arg-type]
        for name, data in files.items():
            (out.path / name).write_bytes(data)
        return out.commit()


def _content(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != MANIFEST}


class _Stop(BaseException):
    """Stands for a signal arriving at one instant of the write."""


@settings(max_examples=40, deadline=None)
@given(
    old=st.one_of(st.none(), st.dictionaries(st.sampled_from(["a.csv", "b.json", "c.parquet"]),
                                             st.binary(max_size=40), min_size=1)),
    new=st.dictionaries(st.sampled_from(["a.csv", "d.xlsx", "c.parquet"]),
                        st.binary(max_size=40), min_size=1),
    stop_at=st.sampled_from([None, "locked", "written", "manifest", "swapped",
                             "rename-1", "rename-2"]),
    exchange=st.booleans(),
)
def test_a_write_stopped_anywhere_leaves_exactly_the_old_or_the_new_files(
    old: dict[str, bytes] | None, new: dict[str, bytes], stop_at: str | None, exchange: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "hasil"
        if old is not None:
            _write(target, old)
        renames = 0
        real_rename = os.rename

        def checkpoint(name: str) -> None:
            if name == stop_at:
                raise _Stop(name)

        def rename(a: object, b: object) -> None:
            nonlocal renames
            real_rename(a, b)  # type: ignore[arg-type]
            renames += 1
            if stop_at == f"rename-{renames}":
                raise _Stop(stop_at)  # right after the system call

        with mock.patch.object(_folders, "_checkpoint", checkpoint), \
                mock.patch.object(_folders.os, "rename", rename), \
                mock.patch.object(_folders, "_exchange",
                                  _folders._exchange if exchange else lambda a, b: False):
            try:
                _write(target, new)
                stopped = False
            except _Stop:
                stopped = True
        found = _content(target) if target.exists() else None
        assert found in (old, new)
        if found is not None:
            check_folder(target)  # whole, as its manifest says
        if not stopped:
            assert found == new
        elif stop_at in ("locked", "written", "manifest"):
            assert found == old
        assert sorted(p.name for p in Path(tmp).iterdir()) == (["hasil"] if found else [])


def test_an_earlier_result_of_an_older_sidalih_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "hasil"
    target.mkdir()
    (target / "summary.json").write_text('{"command": "dedupe"}')
    (target / "clusters.parquet").write_bytes(b"old")
    _write(target, {"pairs.csv": b"new"})
    assert _content(target) == {"pairs.csv": b"new"}


@pytest.mark.parametrize("kind", ["file", "foreign", "input", "cwd"])
def test_the_writer_refuses_to_replace_what_is_not_a_result(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hasil"
    inputs: list[Path] = []
    if kind == "file":
        target.write_text("x")
    else:
        target.mkdir()
    if kind == "foreign":
        (target / "thesis.docx").write_text("mine")
    if kind == "input":
        (target / "summary.json").write_text('{"command": "dedupe"}')
        inputs = [target / "dpt.csv"]
        inputs[0].write_text("NAMA\n")
    if kind == "cwd":
        monkeypatch.chdir(target)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(InvalidParameterError):
        _write(target, {"a.csv": b"new"}, inputs=inputs)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_lock_held_by_a_live_process_refuses_a_dead_ones_does_not(tmp_path: Path) -> None:
    target = tmp_path / "hasil"
    lock = tmp_path / ".hasil.sidalih.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; "
         "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); "
         "os.write(fd, ('{\"pid\": %d}' % os.getpid()).encode()); print('ok', flush=True); "
         "time.sleep(60)", str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ok\n"
        with pytest.raises(DataFileError, match=f"pid {holder.pid}"):
            _write(target, {"a.csv": b"1"})
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()
    assert lock.exists()  # left by the killed holder: stale
    _write(target, {"a.csv": b"2"})
    assert _content(target) == {"a.csv": b"2"} and not lock.exists()


def test_files_written_beside_each_other_are_each_whole(tmp_path: Path) -> None:
    target = tmp_path / "dpt.csv"
    target.write_text("old")
    with StagedFiles(target, command="synth") as out:
        (out.path / "dpt.csv").write_text("new")
        (out.path / "dpt.truth.parquet").write_text("truth")
        assert target.read_text() == "old"  # nothing in place before the commit
        out.commit()
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dpt.csv", "dpt.truth.parquet"]
