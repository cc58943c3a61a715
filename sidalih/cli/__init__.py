"""The ``sidalih`` command line.

::

    sidalih demo                          the main job on built-in data, scored against the truth
    sidalih check FILE                    rule checks, row by row
    sidalih dedupe FILE                   double voters in one list, with reasons
    sidalih link FILE_A FILE_B            the voters of A who are also in B
    sidalih explain RESULT_DIR ID_A ID_B  why two records were (not) matched
    sidalih synth N                       a synthetic list with its truth

Inputs: CSV (``,`` ``;`` tab or ``|``; UTF-8 or Latin-1), Parquet, XLSX; the NIK and NKK
are read as text. Outputs: Parquet (default), CSV or XLSX (``--format``). Progress goes to
stderr when it is a terminal; the summary to stdout. Exit codes: 0 success, 2 bad input
(one message, no traceback; a usage error too), 1 a bug in sidalih, 130 interrupted
(143 on SIGTERM). Results are written whole or not at all (``manifest.json`` last).
"""

from __future__ import annotations

import sys
from typing import Any

from sidalih.cli._signals import Interrupted, quiet_swallowed_interrupts, stop_on_signals

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``sidalih`` console script.

    The signal handlers come first, and the commands (polars, numba) are imported here,
    not when this module is: Ctrl-C or SIGTERM during that second of imports is then one
    line and exit 130 or 143 (README), not a traceback, nor a silent death by SIGTERM.
    The same holds while typer builds the command from the app, before any command's
    own handling (:mod:`sidalih.cli._common`) can catch it.
    """
    stop_on_signals()
    quiet_swallowed_interrupts()
    try:
        from sidalih.cli._app import app

        app(prog_name="sidalih")
    except KeyboardInterrupt as exc:
        sys.stderr.write("sidalih: error: interrupted\n")
        raise SystemExit(exc.code if isinstance(exc, Interrupted) else 130) from None


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer application, for tests and embedding
        from sidalih.cli._app import app

        return app
    raise AttributeError(f"module 'sidalih.cli' has no attribute {name!r}")
