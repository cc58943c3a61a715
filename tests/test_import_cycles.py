"""No import cycles inside ``sidalih``: between modules, and between its packages.

The graph is read from the source with :mod:`ast`, not by importing: a cycle that only
works because of the order modules happen to be imported in is still a cycle. Every
``import`` counts, at module level or inside a function (a lazy import hides a cycle, it
does not remove it); imports under ``if TYPE_CHECKING:`` do not run and do not count.

``from sidalih.x import y`` is an edge to ``sidalih.x.y`` when that is a module, else to
``sidalih.x``. No edge is added to parent packages: ``import sidalih.a.b`` runs
``sidalih/__init__`` and ``sidalih/a/__init__``, but that is Python's doing, not a
dependency of ours.

The package graph has one node per entry of ``sidalih/`` (``sidalih.api``,
``sidalih.dates``, ``sidalih.errors``...) and an edge wherever any module of one imports
any module of another. The top-level ``sidalih/__init__.py`` is the front door and may
import anything, so it has no edges there.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

import sidalih

ROOT = Path(sidalih.__file__).resolve().parent

Graph = Mapping[str, Iterable[str]]


# --------------------------------------------------------------------------- the graph


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package under ``root`` by dotted name (packages by their own)."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join([package, *parts])] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: anywhere but under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)  # the else branch does run
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # ``from . import x`` in a package's __init__ is relative to the package itself.
    keep = len(base) - node.level + (1 if is_package else 0)
    stem = ".".join(base[:keep])
    return f"{stem}.{node.module}" if node.module else stem


def import_graph(root: Path, package: str = "sidalih") -> dict[str, set[str]]:
    """Edges from each module to the modules of the same package it imports."""
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                source = _absolute(node, name, path.name == "__init__.py")
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def package_of(module: str, package: str = "sidalih") -> str:
    """``sidalih.api._pipeline`` -> ``sidalih.api``; ``sidalih`` stays ``sidalih``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == package and len(parts) > 1 else module


def package_graph(graph: Graph, package: str = "sidalih") -> dict[str, set[str]]:
    """Edges between the entries of ``package``; its own ``__init__`` imports freely."""
    out: dict[str, set[str]] = {package_of(m, package): set() for m in graph}
    for module, targets in graph.items():
        if module == package:
            continue
        source = package_of(module, package)
        out[source].update(package_of(t, package) for t in targets)
        out[source].discard(source)
    return out


# --------------------------------------------------------------------------- cycles


def _components(graph: Graph) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def _shortest_path(adjacency: Mapping[str, list[str]], start: str, goal: str) -> list[str]:
    previous = {start: start}
    queue = deque([start])
    while queue and goal not in previous:
        node = queue.popleft()
        for child in adjacency[node]:
            if child not in previous:
                previous[child] = node
                queue.append(child)
    path = [goal]
    while path[-1] != start:
        path.append(previous[path[-1]])
    return path[::-1]


def find_cycles(graph: Graph) -> list[list[str]]:
    """Cycles as ``[a, b, ..., a]``: the shortest one through every edge that lies on one.

    Every edge inside a strongly connected component is on some cycle; listing the
    shortest cycle through each such edge names every import that would have to go,
    without the exponential list of all elementary cycles. Each cycle starts at its
    smallest name, and the list is sorted.
    """
    cycles: set[tuple[str, ...]] = set()
    for component in _components(graph):
        inside = set(component)
        adjacency = {n: sorted(c for c in graph.get(n, ()) if c in inside) for n in component}
        for a in component:
            for b in adjacency[a]:
                loop = [a, *_shortest_path(adjacency, b, a)[:-1]] if a != b else [a]
                turn = loop.index(min(loop))
                loop = loop[turn:] + loop[:turn]
                cycles.add((*loop, loop[0]))
    return [list(c) for c in sorted(cycles)]


def chains(cycles: list[list[str]]) -> str:
    """One readable line per cycle: ``a -> b -> a``."""
    return "\n".join(" -> ".join(cycle) for cycle in cycles)


# --------------------------------------------------------------------------- the finder itself


def test_find_cycles_on_a_hand_made_graph() -> None:
    graph = {
        "a": {"b"},
        "b": {"c", "d"},
        "c": {"a"},
        "d": {"b", "e"},  # a second loop through b
        "e": set(),
        "f": {"f"},  # a module importing itself
        "g": {"h", "e"},  # into a component already found: no cycle
        "h": {"d"},
    }
    assert sorted(_components(graph)) == [["a", "b", "c", "d"], ["e"], ["f"], ["g"], ["h"]]
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["b", "d", "b"], ["f", "f"]]
    assert chains(find_cycles(graph)).splitlines()[0] == "a -> b -> c -> a"
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles({}) == []


def test_find_cycles_on_a_long_chain() -> None:
    # Deeper than Python's default recursion limit (1000): the search must not recurse.
    n = 1100
    graph = {f"m{i:05d}": {f"m{i + 1:05d}"} for i in range(n)}
    graph[f"m{n:05d}"] = {"m00000"}
    (cycle,) = find_cycles(graph)
    assert len(cycle) == n + 2 and cycle[0] == cycle[-1] == "m00000"
    assert cycle == sorted(cycle[:-1]) + ["m00000"]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_import_graph_reads_every_kind_of_import(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "from pkg.a import thing\n",
            "a.py": (
                "from typing import TYPE_CHECKING\n"
                "import pkg.b\n"
                "if TYPE_CHECKING:\n"
                "    from pkg import c\n"
                "else:\n"
                "    import pkg.e\n"
                "def f():\n"
                "    from pkg.sub import d\n"
                "    from pkg.sub import name_in_init\n"
                "thing = 1\n"
            ),
            "b.py": "from . import c\nimport os\n",
            "c.py": "from .sub.d import x\n",
            "e.py": "import pkg.e\n",  # itself: no edge
            "sub/__init__.py": "from . import d\nfrom .. import a\n",
            "sub/d.py": "from ..a import thing\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph == {
        "pkg": {"pkg.a"},
        "pkg.a": {"pkg.b", "pkg.e", "pkg.sub.d", "pkg.sub"},  # not pkg.c: TYPE_CHECKING only
        "pkg.b": {"pkg.c"},
        "pkg.c": {"pkg.sub.d"},
        "pkg.e": set(),
        "pkg.sub": {"pkg.sub.d", "pkg.a"},
        "pkg.sub.d": {"pkg.a"},
    }
    assert find_cycles(graph) == [
        ["pkg.a", "pkg.b", "pkg.c", "pkg.sub.d", "pkg.a"],
        ["pkg.a", "pkg.sub", "pkg.a"],
        ["pkg.a", "pkg.sub", "pkg.sub.d", "pkg.a"],
        ["pkg.a", "pkg.sub.d", "pkg.a"],
    ]
    assert package_graph(graph, "pkg") == {
        "pkg": set(),  # the front door imports freely
        "pkg.a": {"pkg.b", "pkg.e", "pkg.sub"},
        "pkg.b": {"pkg.c"},
        "pkg.c": {"pkg.sub"},
        "pkg.e": set(),
        "pkg.sub": {"pkg.a"},
    }


# --------------------------------------------------------------------------- sidalih


@pytest.fixture(scope="module")
def sidalih_graph() -> dict[str, set[str]]:
    return import_graph(ROOT)


@pytest.fixture(scope="module")
def sidalih_cycles(sidalih_graph: dict[str, set[str]]) -> list[list[str]]:
    return find_cycles(sidalih_graph)


def test_the_graph_sees_sidalih(sidalih_graph: dict[str, set[str]]) -> None:
    # Guards the two tests below against passing on an empty or misread graph.
    assert {"sidalih", "sidalih.errors", "sidalih.quality._check"} <= set(sidalih_graph)
    assert "sidalih.errors" in sidalih_graph["sidalih.quality._check"]


def test_no_import_cycles_between_modules(sidalih_cycles: list[list[str]]) -> None:
    cycles = sidalih_cycles
    assert not cycles, f"{len(cycles)} import cycle(s) inside sidalih:\n{chains(cycles)}"


# One verdict per package, so that a cycle in one area does not hide the state of another.
PACKAGES = sorted({package_of(m) for m in module_names(ROOT, "sidalih")} - {"sidalih"})


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles_through_package(package: str, sidalih_cycles: list[list[str]]) -> None:
    cycles = [c for c in sidalih_cycles if any(package_of(m) == package for m in c)]
    assert not cycles, f"{len(cycles)} import cycle(s) through {package}:\n{chains(cycles)}"


def test_no_import_cycles_between_packages(sidalih_graph: dict[str, set[str]]) -> None:
    cycles = find_cycles(package_graph(sidalih_graph))
    assert not cycles, (
        f"{len(cycles)} import cycle(s) between sidalih's packages:\n{chains(cycles)}"
    )
