"""The background compile helper: its sample is current, it runs the engine, stages are shared."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from sidalih import _warmup
from sidalih.engine import prepare_records
from sidalih.synth import voters


def test_the_shipped_sample_has_the_prepared_schema_of_today() -> None:
    with resources.as_file(resources.files("sidalih.data").joinpath(_warmup.SAMPLE)) as path:
        sample = pl.read_parquet(path)
    fresh = prepare_records(voters(200, seed=0).voters, schema="voter",
                            reference_date="2024-02-14")
    # stale after a change to prepare: rebuild with scripts/build_warmup.py
    assert sample.schema == fresh.schema
    assert sample.height == 1_500


def test_the_helper_runs_every_stage_on_the_sample() -> None:
    _warmup._run()  # raises if the sample no longer fits the engine
    assert isinstance(_warmup.cache_is_warm(), bool)


def test_the_helper_skips_stages_claimed_by_the_first_process(tmp_path: Path) -> None:
    (tmp_path / "block.claim").touch()
    (tmp_path / "block.done").touch()  # as the first process marks it once past it
    _warmup._run(str(tmp_path))
    assert all((tmp_path / f"{s}.done").exists() for s in _warmup.STAGES)


def test_the_helper_runs_the_whole_engine_only_once_its_parts_are_compiled(
        tmp_path: Path) -> None:
    (tmp_path / "block.claim").touch()  # the first process is still on it
    runner = subprocess.Popen([sys.executable, "-m", "sidalih._warmup", str(tmp_path)])
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "block.done").exists() and time.monotonic() < deadline:
            if (tmp_path / "compare.done").exists() and (tmp_path / "names.done").exists():
                time.sleep(0.5)
                assert not (tmp_path / "rest.claim").exists()
                (tmp_path / "block.done").touch()
            time.sleep(0.05)
        assert runner.wait(timeout=120) == 0
        assert (tmp_path / "rest.done").exists()
    finally:
        runner.kill()


def _fake_helper(folder: Path, seconds: float) -> _warmup._Helper:
    process = subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])
    return _warmup._Helper(process, str(folder))


def test_reaching_a_stage_marks_the_earlier_ones_claimed_here_as_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    helper = _fake_helper(tmp_path, 30)
    monkeypatch.setattr(_warmup, "_active", helper)
    try:
        _warmup.ready("names")
        assert not (tmp_path / "names.done").exists()
        _warmup.ready("block")
        assert (tmp_path / "names.done").exists()
        assert not (tmp_path / "block.done").exists()
    finally:
        helper.process.kill()
        helper.process.wait()


def test_ready_claims_a_stage_nobody_has_started(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    helper = _fake_helper(tmp_path, 30)
    monkeypatch.setattr(_warmup, "_active", helper)
    try:
        start = time.perf_counter()
        _warmup.ready("compare")
        assert time.perf_counter() - start < 5
        assert (tmp_path / "compare.claim").exists()
    finally:
        helper.process.kill()
        helper.process.wait()


def test_ready_waits_for_a_stage_the_helper_is_compiling(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "compare.claim").touch()
    helper = _fake_helper(tmp_path, 30)
    monkeypatch.setattr(_warmup, "_active", helper)
    done = tmp_path / "compare.done"
    marker = subprocess.Popen([sys.executable, "-c",
                               f"import time; time.sleep(0.5); open({str(done)!r}, 'w').close()"])
    try:
        _warmup.ready("compare", poll=0.01)
        assert done.exists()
    finally:
        marker.wait()
        helper.process.kill()
        helper.process.wait()


def test_ready_stops_waiting_when_the_helper_exits(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "block.claim").touch()
    helper = _fake_helper(tmp_path, 0.2)
    monkeypatch.setattr(_warmup, "_active", helper)
    _warmup.ready("block", poll=0.01)
    assert helper.process.poll() is not None
    assert not (tmp_path / "block.done").exists()


def test_stop_ends_the_helper_and_removes_its_folder(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "scratch"
    folder.mkdir()
    helper = _fake_helper(folder, 30)
    monkeypatch.setattr(_warmup, "_active", helper)
    _warmup.stop()
    assert helper.process.poll() is not None
    assert not folder.exists()
    assert _warmup._active is None


def test_no_helper_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIDALIH_NO_WARMUP", "1")
    assert _warmup.start() is None
    assert _warmup._active is None
    assert "SIDALIH_NO_WARMUP" in os.environ


def test_while_waiting_the_first_process_compiles_a_later_free_stage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "block.claim").touch()
    helper = _fake_helper(tmp_path, 0.5)
    monkeypatch.setattr(_warmup, "_active", helper)
    _warmup.ready("block", poll=0.01)
    assert (tmp_path / "compare.done").exists()
    assert (tmp_path / "names.done").exists()
    # "rest" runs blocking too, which the helper has not finished: left alone
    assert not (tmp_path / "rest.claim").exists()
    assert _warmup._active is helper
    helper.process.wait()


def test_a_stage_reached_again_does_not_wait_for_anyone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A second list, or the next chunk, prepares names again: this process already did.
    helper = _fake_helper(tmp_path, 30)
    monkeypatch.setattr(_warmup, "_active", helper)
    try:
        _warmup.ready("names")
        start = time.perf_counter()
        _warmup.ready("names")
        assert time.perf_counter() - start < 5
        assert not (tmp_path / "compare.claim").exists()  # nothing compiled meanwhile
    finally:
        helper.process.kill()
        helper.process.wait()


# ------------------------------------------------------------------ dying with the parent
_ORPHAN = """
import os, sys, time
from sidalih import _warmup
if sys.argv[2] == "poll-only":
    _warmup._PR_SET_PDEATHSIG = -1  # prctl refuses an unknown option: the thread alone
poll = 3600.0 if sys.argv[2] == "signal-only" else 0.1
_warmup._die_with_parent(os.getppid(), sys.argv[1], poll=poll)
open(os.path.join(sys.argv[1], "ready"), "w").close()
time.sleep(120)
"""
_PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]])
print(child.pid, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; prctl")
@pytest.mark.parametrize("way", ["signal-only", "poll-only"])
def test_the_helper_exits_and_cleans_up_when_its_parent_is_killed(tmp_path: Path,
                                                                  way: str) -> None:
    folder = tmp_path / "scratch"
    folder.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, _ORPHAN, str(folder), way],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        helper = int(parent.stdout.readline())
        deadline = time.monotonic() + 60
        while not (folder / "ready").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (folder / "ready").exists()
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 3
        while (_running(helper) or folder.exists()) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _running(helper), f"the helper outlived its parent ({way})"
        assert not folder.exists()
    finally:
        parent.kill()
        parent.wait()


def test_stop_does_not_wait_for_a_helper_busy_in_a_long_call(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A helper that ignores SIGTERM (as one deep in a compile would, for a while).
    process = subprocess.Popen([sys.executable, "-c",
                                "import signal, time; signal.signal(signal.SIGTERM, "
                                "signal.SIG_IGN); print('ok', flush=True); time.sleep(60)"],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "ok\n"
    monkeypatch.setattr(_warmup, "_active", _warmup._Helper(process, str(tmp_path)))
    start = time.perf_counter()
    _warmup.stop()
    assert time.perf_counter() - start < 5
    assert process.poll() is not None
