"""The registry under real processes: SIGKILL during an add, a reader during a write, the lock."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sidalih.errors import RegistryLockedError
from sidalih.registry import Registry
from sidalih.synth import voters

ELECTION = "2029-02-14"
WRITER = textwrap.dedent("""
    import sys, polars as pl
    from sidalih.registry import Registry
    reg = Registry.open(sys.argv[1])
    reg.add(pl.read_parquet(sys.argv[2]), cycle="2025-Q1")
    print("done", flush=True)
""")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("crash")
    listed = voters(600, seed=8).voters
    Registry.create(root / "base", listed[:500], election_date=ELECTION, u_pairs=20_000).close()
    listed[500:].write_parquet(root / "batch.parquet")
    return root / "base", root / "batch.parquet"


def _writer(folder: Path, batch: Path, pause: str | None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if pause:
        env["SIDALIH_TEST_PAUSE_AT"] = pause
    return subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(batch)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_pause(process: subprocess.Popen[str], pause: str) -> None:
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if f"test pause at {pause}" in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"writer ended before {pause}: {process.stderr.read()}")
    raise AssertionError(f"writer never reached {pause}")


@pytest.mark.parametrize("pause, after", [("registry:planned", False),
                                          ("registry:before-commit", False),
                                          ("registry:committed", True)])
def test_sigkill_leaves_before_or_after(built, tmp_path: Path, pause: str, after: bool) -> None:
    base, batch = built
    folder = tmp_path / "r"
    shutil.copytree(base, folder)
    writer = _writer(folder, batch, pause)
    try:
        _wait_for_pause(writer, pause)
        if pause == "registry:before-commit":
            # a reader during the write sees the commit before it; a second writer is refused
            reader = Registry.open(folder)
            assert len(reader) == 500
            with pytest.raises(RegistryLockedError, match="being updated"):
                reader.add(voters(3, seed=1).voters.with_columns(id=["n1", "n2", "n3"]))
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
    finally:
        if writer.poll() is None:
            writer.kill()
    reopened = Registry.open(folder)
    assert len(reopened) == (600 if after else 500)
    assert reopened.persons().height == len(reopened)
    # the lock died with the writer: the next add goes through
    if not after:
        out = reopened.add(voters(600, seed=8).voters[500:], cycle="again")
        assert out.height == 100 and len(Registry.open(folder)) == 600


def test_killed_create_leaves_no_registry(tmp_path: Path) -> None:
    script = ("from sidalih.registry import Registry; from sidalih.synth import voters; "
              f"Registry.create({str(tmp_path / 'r')!r}, voters(200, seed=1).voters, "
              f"election_date={ELECTION!r}, u_pairs=10_000)")
    env = dict(os.environ, SIDALIH_TEST_PAUSE_AT="registry:built")
    process = subprocess.Popen([sys.executable, "-c", script], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_pause(process, "registry:built")
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert not (tmp_path / "r").exists()
    Registry.create(tmp_path / "r", voters(200, seed=1).voters, election_date=ELECTION,
                    u_pairs=10_000)
    assert len(Registry.open(tmp_path / "r")) == 200
