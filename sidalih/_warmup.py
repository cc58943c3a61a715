"""Compile the engine's numba kernels in a second process while the first one works.

On a fresh install every numba kernel is compiled on first use (``cache=True`` keeps the
result on disk for later runs), which makes a first ``sidalih demo`` spend most of its
time compiling, on one core. :func:`start` launches a process that runs the engine's
stages (name parsing, blocking, comparison, then model and clustering) on a small
prepared sample shipped with the package, so their kernels compile there while the
first process compiles the others; the first process then loads them from the cache.

The two processes share the stages through claim files in a scratch folder: whichever
claims a stage first compiles it. The helper starts with the comparison kernels (the
costliest, needed last but one); the first process claims each stage when it reaches
it (:func:`ready`, subscribed to the engine's stage announcements, :mod:`sidalih._stages`). When the helper holds a stage the first process needs, the first
process compiles a stage nobody has claimed yet, then waits for the helper: compiling
the same kernels twice would only slow both down. Nothing changes in the results: the
cache holds the same machine code either way.

The helper dies with the first process, however that one ends (even ``kill -9``): it
asks Linux for SIGTERM when its parent dies (``prctl(PR_SET_PDEATHSIG)``) and checks
on its own, several times a second, that its parent is still the process that started
it; either way it removes its scratch folder and exits at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sidalih._stages import subscribe, unsubscribe

__all__ = ["start", "stop", "ready", "cache_is_warm", "SAMPLE", "STAGES"]

SAMPLE = "warmup_prepared.parquet"
STAGES = ("names", "block", "compare", "rest")
"""In the order the first process needs them."""
HELPER_ORDER = ("compare", "names", "block", "rest")
"""The order the helper takes them in: the costliest first."""
_NEEDS = {"rest": ("block", "compare")}
"""Stages whose work runs other stages' kernels too (``rest`` runs the whole engine)."""
PARENT_POLL = 0.2
"""Seconds between the helper's checks that its parent is alive."""
_PR_SET_PDEATHSIG = 1


@dataclass
class _Helper:
    process: subprocess.Popen[bytes]
    folder: str
    mine: set[str] = field(default_factory=set)  # stages the first process claimed


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
        [sys.executable, "-m", "sidalih._warmup", folder, str(os.getpid())],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _active = _Helper(process, folder)
    subscribe(ready)  # the engine announces its stages (sidalih._stages); it never calls us
    return process


def stop() -> None:
    """Stop the helper, whatever it has done by then, and remove its scratch folder."""
    global _active
    helper, _active = _active, None
    unsubscribe(ready)
    if helper is None:
        return
    if helper.process.poll() is None:
        # SIGKILL: numba writes each cache file whole (a temporary file renamed), so
        # nothing is lost by not letting the helper finish the kernel it is on.
        helper.process.kill()
        helper.process.wait()
    shutil.rmtree(helper.folder, ignore_errors=True)


def ready(stage: str, *, poll: float = 0.05) -> None:
    """Call before ``stage``: return at once, or once the helper has compiled its kernels.

    Without a helper (warm cache, library use) this does nothing. Otherwise the first
    process claims the stage and compiles it itself, unless the helper claimed it
    first: then it compiles a stage nobody has claimed yet (rather than sit idle), and
    waits for the helper to finish the stage, or to exit.

    Examples
    --------
    >>> ready("compare")  # no helper running: returns at once
    """
    global _active
    helper = _active
    # A stage reached again (a second list to prepare, one chunk after another) has
    # run here already, or the helper has finished it.
    if helper is None or stage in helper.mine or _done(helper.folder, stage):
        return
    # Reaching a stage means the ones claimed here before it have run.
    for earlier in STAGES[: STAGES.index(stage)] if stage in STAGES else ():
        if earlier in helper.mine:
            _mark_done(helper.folder, earlier)
    if _claim(helper.folder, stage):
        helper.mine.add(stage)
        return
    _active = None  # the stages run below call ready() themselves: no waiting on ourselves
    try:
        _compile_free_stages(helper.folder, until=stage)
    finally:
        _active = helper
    while not _done(helper.folder, stage) and helper.process.poll() is None:
        time.sleep(poll)


def _compile_free_stages(folder: str, *, until: str) -> None:
    work = None
    for other in STAGES:
        if _done(folder, until):
            return
        if all(_done(folder, n) for n in _NEEDS.get(other, ())) and _claim(folder, other):
            work = _stages(_sample()) if work is None else work
            work[other]()
            _mark_done(folder, other)


def _claim(folder: str, stage: str) -> bool:
    try:
        os.close(os.open(os.path.join(folder, f"{stage}.claim"),
                         os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _done(folder: str, stage: str) -> bool:
    return os.path.exists(os.path.join(folder, f"{stage}.done"))


def _mark_done(folder: str, stage: str) -> None:
    open(os.path.join(folder, f"{stage}.done"), "w").close()


def _stages(records: Any) -> dict[str, Callable[[], object]]:
    from sidalih.blocking import candidate_pairs
    from sidalih.compare import ColumnCache, compare_pairs
    from sidalih.engine import Settings, run
    from sidalih.engine._comparisons import voter_comparisons
    from sidalih.engine._fit import random_pairs
    from sidalih.prepare import _prepare_names

    def compare() -> object:
        left, right = random_pairs(records.height, None, size=5_000, seed=0)
        return compare_pairs(ColumnCache(records), left, right, voter_comparisons(records))

    def rest() -> object:
        return run(records, Settings(u_pairs=20_000))

    def block() -> object:
        from sidalih.engine._run import sort_pairs

        pairs = candidate_pairs(records, window=100)
        return sort_pairs(pairs.left, pairs.right, pairs.rule, records.height)

    return {
        "names": lambda: _prepare_names(records.select("nama")),
        "block": block,
        "compare": compare,
        "rest": rest,
    }


def _sample() -> Any:
    import polars as pl

    path = resources.files("sidalih.data").joinpath(SAMPLE)
    with resources.as_file(path) as local:
        return pl.read_parquet(local)


def _run(folder: str | None = None, *, poll: float = 0.05) -> None:
    """Run every stage on the sample; with ``folder``, only the stages claimed here.

    A stage that runs other stages' kernels waits until they are compiled (here or by
    the first process), so that they are not compiled twice.
    """
    work = _stages(_sample())
    for stage in HELPER_ORDER:
        if folder is None:
            work[stage]()
            continue
        while not all(_done(folder, n) for n in _NEEDS.get(stage, ())):
            time.sleep(poll)
        if _claim(folder, stage):
            work[stage]()
            _mark_done(folder, stage)


def _die_with_parent(parent: int, folder: str | None, *,
                    poll: float = PARENT_POLL) -> threading.Thread:
    """In the helper: exit (removing ``folder``) as soon as process ``parent`` is gone.

    Two ways, because either alone can miss: Linux sends SIGTERM on the parent's death
    (``PR_SET_PDEATHSIG``, set here, after the parent may already have died), and a
    daemon thread compares ``os.getppid()`` with ``parent`` every ``poll`` seconds (an
    orphan is adopted by another process). The thread is returned for tests.
    """

    def leave(*_: object) -> None:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, leave)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        leave()

    if os.getppid() != parent:  # died before the death signal was asked for
        leave()
    thread = threading.Thread(target=watch, name="sidalih-warmup-parent", daemon=True)
    thread.start()
    return thread


def _main(argv: list[str]) -> None:
    folder = argv[0] if argv else None
    if len(argv) > 1:
        _die_with_parent(int(argv[1]), folder)
    _run(folder)


if __name__ == "__main__":
    _main(sys.argv[1:])
