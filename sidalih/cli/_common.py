"""What every command shares: its options, its error handling, reading and writing files.

Errors: a :class:`~sidalih.errors.SidalihError` (bad input, a bad option, an unreadable
file) becomes one message on stderr and exit code 2; anything else is a bug in sidalih and
exits 1 with one line (``SIDALIH_DEBUG=1`` shows the traceback). A full NIK is never
printed: any run of 12 or more digits in a message is masked.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import polars as pl
import typer
from rich.console import Console

from sidalih.errors import InvalidParameterError, SidalihError, mask_long_digits
from sidalih.io import write_table

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
    "stdout_console",
    "write_frames",
    "write_json",
    "ids_as",
]

EXIT_BAD_INPUT = 2
EXIT_BUG = 1

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
        help="Match probability at or above which two records are one person "
        "[default: 0.9, or the model's own with --model].",
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option(
        "--model", help="A model.json from an earlier run: score without training.", dir_okay=False
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed: same input and seed, same output.")]


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one error message on stderr and exit with ``code``."""
    masked = mask_long_digits(message.strip())
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"sidalih: error: {masked}", markup=False
    )
    raise typer.Exit(code)


def friendly_errors(func: F) -> F:
    """Turn sidalih's errors into exit 2 and anything unexpected into exit 1, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SidalihError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", code=130)
        except MemoryError:
            fail(
                "out of memory: split the list (by regency) or use a larger machine", code=EXIT_BUG
            )
        except (SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # polars' Rust panics are BaseExceptions
            if type(exc).__module__.split(".")[0] in ("typer", "click") or os.environ.get(
                "SIDALIH_DEBUG"
            ):
                raise
            fail(
                f"unexpected {type(exc).__name__}: {exc} (a bug in sidalih; run again with "
                "SIDALIH_DEBUG=1 for the traceback and report it)",
                code=EXIT_BUG,
            )

    return wrapper  # type: ignore[return-value]


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
