"""Ctrl-C (SIGINT) and SIGTERM as an exception that says its exit code (130, 143).

Apart from :mod:`sidalih.cli._common`, and on the standard library only, so that the
console entry point installs the handlers before it imports the commands (polars, numba:
a second or two): a SIGTERM in that second then exits 143 with one line, not silently.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any

__all__ = ["Interrupted", "seen_signals", "stop_on_signals", "restore", "interrupted_code",
           "quiet_swallowed_interrupts"]

STOPPING = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal (Ctrl-C, SIGTERM); ``code`` is its exit code.

    >>> Interrupted(signal.SIGTERM).code
    143
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.code = 128 + signum


#: The signals received since the handlers were installed (or a command started):
#: remembered, because a library may swallow the exception and let the run go on.
seen_signals: list[int] = []


def _on_signal(signum: int, frame: FrameType | None) -> None:
    seen_signals.append(signum)
    raise Interrupted(signum)


def stop_on_signals() -> dict[int, Any]:
    """Make SIGINT and SIGTERM raise :class:`Interrupted`; the handlers they had before.

    Nothing changes outside the main thread (only it may set handlers), nor for a signal
    ignored by whoever started us: a background job of a script ignores SIGINT, so that
    Ctrl-C reaches the script only, and it stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {s: signal.signal(s, _on_signal) for s in STOPPING
            if signal.getsignal(s) is not signal.SIG_IGN}


def restore(before: dict[int, Any]) -> None:
    """Give the signals the handlers :func:`stop_on_signals` replaced."""
    for s, handler in before.items():
        signal.signal(s, handler)


def interrupted_code() -> int | None:
    """The exit code of the first signal remembered (None when none came)."""
    return 128 + seen_signals[0] if seen_signals else None


def quiet_swallowed_interrupts() -> None:
    """Print nothing for an :class:`Interrupted` that Python could not raise (a signal in
    a ctypes callback, as numba's llvmlite compiles; a ``__del__``): it is remembered in
    :data:`seen_signals`, and the command exits 130/143 with one line. Python would print
    "Exception ignored ..." and a traceback above that line. Other errors print as before.

    For the console script only: it changes the process-wide ``sys.unraisablehook``.
    """
    before = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            before(unraisable)

    sys.unraisablehook = hook
