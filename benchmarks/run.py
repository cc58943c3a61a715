"""Run a benchmark suite: ``python benchmarks/run.py --suite NAME [args...]``.

Each suite is a script ``benchmarks/bench_<name>.py`` that prints a markdown table
and writes ``benchmarks/results/<name>.json``. Extra arguments are passed through.
Suites that time peers need the bench extra: ``pip install -e ".[bench]"``.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def suites() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", required=True, choices=suites() + ["all"])
    args, rest = parser.parse_known_args(argv)
    names = suites() if args.suite == "all" else [args.suite]
    for name in names:
        print(f"## suite: {name}", flush=True)
        sys.argv = [str(HERE / f"bench_{name}.py"), *rest]
        runpy.run_path(str(HERE / f"bench_{name}.py"), run_name="__main__")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
