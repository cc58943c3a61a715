"""Execute the notebooks top to bottom and save them with their outputs.

The notebooks under ``notebooks/`` are committed with their outputs so that their charts
show on a code-hosting page. After changing a notebook or the library, regenerate them:

    python scripts/run_notebooks.py                 # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/01_quickstart.ipynb

Needs the ``plot`` and ``test`` extras (matplotlib, nbclient, ipykernel). Each notebook
runs in a fresh kernel with ``notebooks/`` as its working directory and the Agg backend;
execution timestamps are not recorded, so a rerun changes only what the code prints.
``tests/test_notebooks.py`` executes the same notebooks with :func:`execute` (without
saving).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 300


def notebook_paths() -> list[Path]:
    """The notebooks to run, in name order."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def execute(path: Path, *, timeout: int = CELL_TIMEOUT) -> Any:
    """Run one notebook in a fresh kernel and return it (an ``nbformat`` node) with outputs.

    A failing cell raises ``nbclient.exceptions.CellExecutionError`` naming the cell.
    """
    import nbformat
    from nbclient import NotebookClient

    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    # The kernel inherits this environment: a headless backend, and the same numba cache
    # as the caller so the kernels compiled once are reused.
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(
        book,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    return book


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)
    import nbformat

    for path in args.paths or notebook_paths():
        start = time.perf_counter()
        book = execute(path, timeout=args.timeout)
        nbformat.write(book, path)
        print(f"{path.name}: {len(book.cells)} cells in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
