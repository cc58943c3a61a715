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
from sidalih.api._pipeline import prepare_records
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
