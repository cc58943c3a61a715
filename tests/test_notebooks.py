"""The notebooks run top to bottom, and the committed copies carry their charts.

Execution uses ``scripts/run_notebooks.py`` (the command that regenerates the committed
outputs), in a fresh kernel per notebook, without saving.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_quickstart.ipynb", "02_pipeline.ipynb", "03_registry.ipynb"]

nbformat = pytest.importorskip("nbformat")


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "run_notebooks", ROOT / "scripts" / "run_notebooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outputs(book: Any, kind: str) -> list[dict[str, object]]:
    return [
        o
        for cell in book.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if kind in o.get("data", {})
    ]


def test_the_runner_finds_exactly_the_notebooks() -> None:
    assert [p.name for p in _runner().notebook_paths()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_its_outputs_and_no_errors(name: str) -> None:
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run scripts/run_notebooks.py"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert len(_outputs(book, "image/png")) >= 3
    # a chart cell must display one figure, not the figure twice (pyplot and the return value)
    for cell in code:
        assert sum("image/png" in o.get("data", {}) for o in cell.outputs) <= 1


def test_notebooks_readme_links_every_notebook() -> None:
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"({name})" in text
    assert "scripts/run_notebooks.py" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name: str) -> None:
    pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    book = _runner().execute(NOTEBOOKS / name, timeout=300)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert len(_outputs(book, "image/png")) >= 3
