"""What every command shares: its options, its error handling, reading and writing files.

Errors: a :class:`~sidalih.errors.SidalihError` (bad input, a bad option, an unreadable
file) becomes one message on stderr and exit code 2; anything else is a bug in sidalih and
exits 1 with one line (``SIDALIH_DEBUG=1`` shows the traceback). A warning is one
``sidalih: warning:`` line, without Python's file, line and source. A full NIK is never
printed: any run of 12 or more digits in a message, and in a path, is masked. A usage
error (an unknown option, a value of the wrong kind) is one such line too, exit 2.

Ctrl-C (SIGINT) and SIGTERM stop a command with exit 130 (143 for SIGTERM), the
background compile helper stopped and no result folder replaced: results are written into
a folder beside the target and renamed into place only by a run that was not interrupted
(:mod:`sidalih._folders`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import polars as pl
import typer
from rich.console import Console
from typer.core import TyperGroup

from sidalih._folders import ResultFolder
from sidalih.cli._signals import (
    Interrupted,
    interrupted_code,
    restore,
    seen_signals,
    stop_on_signals,
)
from sidalih.election import PEMILU_2024
from sidalih.engine._settings import DEFAULT_THRESHOLD
from sidalih.errors import InvalidParameterError, SidalihError, mask_long_digits
from sidalih.io import write_table

ELECTION_DEFAULT = PEMILU_2024.date.isoformat()
"""``--election-date``'s default as text (typer shows and parses it so)."""

__all__ = [
    "Lang",
    "Format",
    "LangOpt",
    "FormatOpt",
    "QuietOpt",
    "OutOpt",
    "ElectionDateOpt",
    "TpsOpt",
    "ThresholdOpt",
    "ModelOpt",
    "SeedOpt",
    "EXIT_BAD_INPUT",
    "EXIT_BUG",
    "friendly_errors",
    "fail",
    "one_line",
    "OneLineErrors",
    "Interrupted",
    "shown",
    "default_out",
    "result_folder",
    "commit",
    "stdout_console",
    "write_frames",
    "write_json",
    "ids_as",
]

EXIT_BAD_INPUT = 2
EXIT_BUG = 1
_DIGIT_RUN_RE = re.compile(r"[0-9]+(?:[ .\-][0-9]+)*")  # as mask_long_digits reads numbers

F = TypeVar("F", bound=Callable[..., Any])


class Lang(str, Enum):
    """Language of reasons, findings and the summary."""

    id = "id"
    en = "en"


class Format(str, Enum):
    """Format of the output tables."""

    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of reasons and summary: id or en.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Format of the output tables.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars on stderr.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Folder for the results.", file_okay=False)
]
ElectionDateOpt = Annotated[
    str,
    typer.Option(
        "--election-date",
        help="Polling day (YYYY-MM-DD): ages and two-digit NIK years are "
        "judged on it, never on today.",
    ),
]
TpsOpt = Annotated[
    int,
    typer.Option(
        "--max-voters-per-tps",
        min=1,
        help="Most voters a TPS may hold: 300 in Pemilu 2024, 500 in 2019, 600 in Pilkada 2024.",
    ),
]
ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        help="Match probability at or above which two records are one person, in (0, 1] "
        f"[default: {DEFAULT_THRESHOLD}, or the model's own with --model].",
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option(
        "--model", help="A model.json from an earlier run: score without training.", dir_okay=False
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed: same input and seed, same output.")]


def _say_error(message: str) -> None:
    masked = mask_long_digits(one_line(message))
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"sidalih: error: {masked}", markup=False
    )


def _say_warning(message: Warning | str, category: type[Warning], filename: str,
                 lineno: int, file: Any = None, line: str | None = None) -> None:
    """Show a warning as the README promises output: one line on stderr, NIKs masked.

    Python's own display adds the file and line of sidalih's source that raised it, and
    that line's code: noise to an official, who needs the message alone.
    """
    masked = mask_long_digits(one_line(str(message)))
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"sidalih: warning: {masked}", markup=False
    )


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    with warnings.catch_warnings():  # the caller's display is back after the command
        warnings.showwarning = _say_warning
        yield


def one_line(message: str) -> str:
    """``message`` as the one line an error is on stderr: a headline and the problems a
    :class:`~sidalih.errors.SchemaError` lists under it, one per line ("  - ..."), joined
    with "; " (a script reading stderr, or a log, takes one line per error).

    Examples
    --------
    >>> from sidalih.errors import DuplicateIdError
    >>> one_line(str(DuplicateIdError("row ids must be unique and present", problems=[
    ...     "'id' is empty on rows 2", "'id' values repeat: 7"])))
    "row ids must be unique and present: 'id' is empty on rows 2; 'id' values repeat: 7"
    """
    head, *items = [line.strip() for line in message.strip().splitlines() if line.strip()] or [""]
    if not items:
        return head
    return f"{head.removesuffix(':')}: " + "; ".join(item.removeprefix("- ") for item in items)


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one error message on stderr and exit with ``code``."""
    _say_error(message)
    raise typer.Exit(code)


def shown(path: str | os.PathLike[str]) -> str:
    """A path as printed: a NIK-like run of digits in a file name is masked.

    Examples
    --------
    >>> shown(Path("data/3271014101900001-dedupe"))
    'data/3271********0001-dedupe'
    """
    return mask_long_digits(str(path))


def default_out(*files: Path, suffix: str) -> Path:
    """The default result folder, named after the input files, NIK-like digits masked.

    A list is often saved under a voter's NIK; the folder name, printed and listed by
    anyone, must not repeat it (``x`` rather than ``*``: no wildcard in a file name).

    Examples
    --------
    >>> default_out(Path("in/3271014101900001.csv"), suffix="dedupe").as_posix()
    '3271xxxxxxxx0001-dedupe'
    """
    stems = [_DIGIT_RUN_RE.sub(lambda m: mask_long_digits(m.group(0)).replace("*", "x"), f.stem)
             for f in files]
    return Path("-".join([*stems, suffix]))


@contextmanager
def _stoppable() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` (and are remembered) while a command runs.

    Remembered, because a library may swallow the exception (a ``__del__``, a callback)
    and let the run go on: such a run must still not commit its result, nor exit 0. The
    console entry point installed the same handlers already (:func:`sidalih.cli.main`);
    a command run otherwise (embedded, tests) gets them here.
    """
    seen_signals.clear()
    before = stop_on_signals()
    try:
        yield
    finally:
        restore(before)


def result_folder(out: Path, *, command: str, inputs: Sequence[Path] = ()) -> ResultFolder:
    """The staged result folder for ``out`` (see :mod:`sidalih._folders`)."""
    return ResultFolder(out, command=command, inputs=inputs)


def commit(folder: ResultFolder) -> None:
    """Put a staged result in place, unless the run was interrupted on the way."""
    if seen_signals:
        raise Interrupted(seen_signals[0])
    folder.commit()


class OneLineErrors(TyperGroup):
    """The command group: a usage error of any command is one ``sidalih: error:`` line.

    Typer would print a boxed usage text; a script reading stderr, or an official
    reading a log, gets one line naming the command, the option and the fix, exit 2.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:  # fmt: skip
        try:
            value = super().main(args, prog_name, complete_var, standalone_mode=False,
                                 windows_expand_args=windows_expand_args, **extra)  # fmt: skip
        except typer.TyperException as exc:  # click's usage errors derive from it
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # type: ignore[attr-defined]  # `sidalih` alone: the commands
            else:
                _say_error(_usage_message(exc))
            code = exc.exit_code
        except typer.Abort:
            _say_error("aborted")
            code = EXIT_BUG
        else:
            if not standalone_mode:
                return value
            code = value if isinstance(value, int) else 0
        if not standalone_mode:
            raise typer.Exit(code)
        raise SystemExit(code)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Read the group's part of the command line; a signal meanwhile is one line and
        exit 130/143, where typer would exit 130 without a word whatever the signal."""
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:
            fail("interrupted", code=exc.code if isinstance(exc, Interrupted) else 130)

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context
        """Run the command; a signal while its command line is read (before the command's
        own handling, :func:`friendly_errors`) is one line and exit 130/143 too, where
        typer would exit 130 without a word whatever the signal."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            fail("interrupted", code=exc.code if isinstance(exc, Interrupted) else 130)


def _usage_message(exc: Exception) -> str:
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = " ".join(message.replace("Value error, ", "").split())
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "sidalih"
    name = command.partition(" ")[2]
    return f"{name + ': ' if name else ''}{message} (see `{command} --help`)"


def friendly_errors(func: F) -> F:
    """Turn sidalih's errors into exit 2 and anything unexpected into exit 1, no traceback.

    An error raised while an interrupt was pending is the interrupt (numba, for one,
    reports a KeyboardInterrupt inside a kernel call as a SystemError): exit 130/143.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _stoppable(), _warnings_as_lines():
                value = func(*args, **kwargs)
        except (SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # polars' Rust panics are BaseExceptions
            if type(exc).__module__.split(".")[0] in ("typer", "click"):
                raise  # typer.Exit from fail(), usage errors
            _fail_for(exc)
        code = interrupted_code()
        if code is not None:  # an interrupt that something swallowed
            fail("interrupted", code=code)
        return value

    return wrapper  # type: ignore[return-value]


def _fail_for(exc: BaseException) -> NoReturn:
    code = interrupted_code()
    if code is not None or isinstance(exc, KeyboardInterrupt):
        fail("interrupted", code=code or 130)
    if isinstance(exc, SidalihError):
        fail(str(exc))
    if isinstance(exc, MemoryError):
        fail("out of memory: split the list (by regency) or use a larger machine", code=EXIT_BUG)
    if os.environ.get("SIDALIH_DEBUG"):
        raise exc
    fail(
        f"unexpected {type(exc).__name__}: {exc} (a bug in sidalih; run again with "
        "SIDALIH_DEBUG=1 for the traceback and report it)",
        code=EXIT_BUG,
    )


def stdout_console() -> Console:
    """The console for summaries: stdout, wide enough for tables when it is not a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=110, no_color=True)
    return console


def write_frames(out: Path, frames: Mapping[str, pl.DataFrame], *, fmt: Format) -> list[Path]:
    """Write each frame as ``out/<name>.<fmt>``; the paths written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidParameterError(f"cannot create the output folder {out}: {exc}") from exc
    return [
        write_table(frame, out / f"{name}.{fmt.value}", format=fmt.value)
        for name, frame in frames.items()
    ]


def write_json(path: Path, data: Mapping[str, Any]) -> Path:
    """Write ``data`` as indented JSON (dates and other objects as text)."""
    path.write_text(
        json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return path


def ids_as(values: list[str], dtype: pl.DataType, *, column: str = "id") -> list[Any]:
    """Ids typed on the command line, converted to the id column's type.

    Examples
    --------
    >>> ids_as(["7", "12"], pl.Int64())
    [7, 12]
    >>> ids_as(["000123"], pl.String())
    ['000123']
    """
    converted = pl.Series(values, dtype=pl.String).cast(dtype, strict=False)
    bad = [v for v, c in zip(values, converted.to_list(), strict=True) if c is None]
    if bad:
        raise InvalidParameterError(
            f"{', '.join(repr(b) for b in bad)} cannot be an {column} here: the {column} "
            f"column holds {dtype} values"
        )
    return converted.to_list()
