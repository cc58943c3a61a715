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
(one message, no traceback), 1 a bug in sidalih.
"""

from __future__ import annotations

import typer

from sidalih.cli import check, dedupe, demo, explain, synth

__all__ = ["app", "main"]

app = typer.Typer(
    name="sidalih",
    help="Clean Indonesian voter lists and find the people registered more than once.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

for _name, _function, _example in (
    ("demo", demo.demo_command, demo.EXAMPLE),
    ("check", check.check_command, check.EXAMPLE),
    ("dedupe", dedupe.dedupe_command, dedupe.EXAMPLE),
    ("link", dedupe.link_command, dedupe.LINK_EXAMPLE),
    ("explain", explain.explain_command, explain.EXAMPLE),
    ("synth", synth.synth_command, synth.EXAMPLE),
):
    app.command(_name, epilog=_example)(_function)


def main() -> None:
    """Entry point of the ``sidalih`` console script."""
    app(prog_name="sidalih")
