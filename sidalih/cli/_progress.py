"""Progress on stderr, one line per stage, and the time each stage took.

The library's stages report nothing while they run (DESIGN.md: no stage prints), so a
stage shows a pulsing bar and its elapsed time, then a full bar when it ends. The display
is off when stderr is not a terminal (a scheduler's log, a pipe, a test) or with
``--quiet``; the timings are recorded either way for the summary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

__all__ = ["Stages"]


class Stages:
    """Times named stages and, on a terminal, shows each as a progress line on stderr.

    Use as a context manager around the whole run and :meth:`stage` around each step.

    Examples
    --------
    >>> with Stages(quiet=True) as stages:
    ...     with stages.stage("read", "reading the list"):
    ...         pass
    >>> list(stages.timings)
    ['read']
    """

    def __init__(self, *, quiet: bool, console: Console | None = None) -> None:
        self.console = console if console is not None else Console(stderr=True)
        self.enabled = not quiet and self.console.is_terminal
        self.timings: dict[str, float] = {}
        self._progress: Progress | None = None

    def __enter__(self) -> Stages:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                TimeElapsedColumn(), console=self.console,
            )  # fmt: skip
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:  # fmt: skip
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @contextmanager
    def stage(self, key: str, label: str) -> Iterator[None]:
        """Run one stage: show ``label`` while it runs, record its time under ``key``."""
        start = time.perf_counter()
        task = self._progress.add_task(label, total=None) if self._progress else None
        try:
            yield
        finally:
            self.timings[key] = round(time.perf_counter() - start, 3)
            if self._progress is not None and task is not None:
                self._progress.update(task, total=1, completed=1)


@contextmanager
def warmed_kernels() -> Iterator[None]:
    """On a cold numba cache, compile the engine's later kernels in a second process.

    A first run on a fresh install otherwise compiles every kernel on one core; the
    helper process is stopped when the command ends, whatever it has done by then.
    """
    from sidalih import _warmup

    _warmup.start()
    try:
        yield
    finally:
        _warmup.stop()
