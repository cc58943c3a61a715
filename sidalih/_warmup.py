"""Compile the engine's numba kernels in a second process while the first one works.

On a fresh install every numba kernel is compiled on first use (``cache=True`` keeps the
result on disk for later runs), which makes a first ``sidalih demo`` spend most of its
time compiling, on one core. :func:`start` launches a process that runs the engine's
stages (name parsing, blocking, comparison, then model and clustering) on a small
prepared sample shipped with the package, so their kernels compile there while the
first process compiles the others; the first process then loads them from the cache.

The two processes share the stages through claim files in a scratch folder: whichever
reaches a stage first claims it and compiles it; the other one skips it (the helper) or,
before running it, waits until the helper has finished it (:func:`ready`), since
compiling the same kernels twice would only slow both down. Nothing changes in the
results: the cache holds the same machine code either way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["start", "stop", "ready", "cache_is_warm", "SAMPLE", "STAGES"]

SAMPLE = "warmup_prepared.parquet"
STAGES = ("names", "block", "compare", "rest")
"""In the order the first process needs them once it has parsed the NIKs of its list."""


@dataclass(frozen=True)
class _Helper:
    process: subprocess.Popen[bytes]
    folder: str


_active: _Helper | None = None


def cache_is_warm() -> bool:
    """Whether the last-compiled kernel of a run already has a cache entry on disk."""
    try:
        from sidalih.kernels import unionfind

        dispatcher: Any = unionfind.components
        return bool(os.path.exists(dispatcher._cache._cache_file._index_path))
    except Exception:  # numba's cache layout is not public: assume cold
        return False


def start() -> subprocess.Popen[bytes] | None:
    """Start compiling in a background process when the cache is cold; None when warm.

    ``SIDALIH_NO_WARMUP=1`` turns it off (one core only, or measuring a cold start).
    """
    global _active
    if os.environ.get("SIDALIH_NO_WARMUP") or cache_is_warm():
        return None
    folder = tempfile.mkdtemp(prefix="sidalih-warmup-")
    process = subprocess.Popen(
        [sys.executable, "-m", "sidalih._warmup", folder],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _active = _Helper(process, folder)
    return process


def stop() -> None:
    """Stop the helper, whatever it has done by then, and remove its scratch folder."""
    global _active
    helper, _active = _active, None
    if helper is None:
        return
    if helper.process.poll() is None:
        helper.process.terminate()
        helper.process.wait()
    shutil.rmtree(helper.folder, ignore_errors=True)


def ready(stage: str, *, poll: float = 0.05) -> None:
    """Call before ``stage``: return at once, or once the helper has compiled its kernels.

    Without a helper (warm cache, library use) this does nothing. Otherwise the first
    process claims the stage and compiles it itself unless the helper claimed it first;
    then it waits for the helper to finish it, or to exit.

    Examples
    --------
    >>> ready("compare")  # no helper running: returns at once
    """
    helper = _active
    if helper is None or _claim(helper.folder, stage):
        return
    done = os.path.join(helper.folder, f"{stage}.done")
    while not os.path.exists(done) and helper.process.poll() is None:
        time.sleep(poll)


def _claim(folder: str, stage: str) -> bool:
    try:
        os.close(os.open(os.path.join(folder, f"{stage}.claim"),
                         os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _stages(records: Any) -> dict[str, Callable[[], object]]:
    from sidalih.api._pipeline import random_pairs, score
    from sidalih.api._settings import voter_comparisons
    from sidalih.blocking import candidate_pairs
    from sidalih.compare import ColumnCache, compare_pairs
    from sidalih.prepare import _prepare_names

    def compare() -> object:
        left, right = random_pairs(records.height, None, size=5_000, seed=0)
        return compare_pairs(ColumnCache(records), left, right, voter_comparisons(records))

    def rest() -> object:
        return score(records, other_rows=None, model=None, comparisons=None, rules=None,
                     threshold=0.9, seed=0, u_pairs=20_000, max_block_size=2_000,
                     timings={}, clock=lambda: 0.0)

    return {
        "names": lambda: _prepare_names(records.select("nama")),
        "block": lambda: candidate_pairs(records, window=100),
        "compare": compare,
        "rest": rest,
    }


def _run(folder: str | None = None) -> None:
    """Run every stage on the sample; with ``folder``, only the stages claimed here."""
    import polars as pl

    path = resources.files("sidalih.data").joinpath(SAMPLE)
    with resources.as_file(path) as local:
        records = pl.read_parquet(local)
    for stage, work in _stages(records).items():
        if folder is None or _claim(folder, stage):
            work()
            if folder is not None:
                open(os.path.join(folder, f"{stage}.done"), "w").close()


if __name__ == "__main__":
    _run(sys.argv[1] if len(sys.argv) > 1 else None)
