"""The Typer application: every command, with the group that prints usage errors in one line."""

from __future__ import annotations

import typer

from sidalih.cli import check, dedupe, demo, explain, registry, report, synth
from sidalih.cli._common import OneLineErrors

__all__ = ["app"]

app = typer.Typer(
    name="sidalih",
    cls=OneLineErrors,
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
    ("report", report.report_command, report.EXAMPLE),
    ("worklist", report.worklist_command, report.WORKLIST_EXAMPLE),
):
    app.command(_name, epilog=_example)(_function)
app.add_typer(registry.app, name="registry")
