"""No module of course_tui imports, directly or through others, a module that imports it.

Every ``import`` and ``from … import`` of each module is read from its source (with ``ast``),
the ones inside functions included: a cycle that only closes when a function runs is a cycle
all the same. Imports under ``if TYPE_CHECKING:`` never run and are left out (they are how a
screen names the app's class in its type hints).
"""

from __future__ import annotations

import ast
from pathlib import Path

import course_tui

ROOT = Path(course_tui.__file__).parent


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative: from the module's package, one level up per extra dot
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(parts + ([base] if base else []))
        return [base] + [f"{base}.{alias.name}" for alias in node.names]  # a name may be a submodule
    return []


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package in *root* and the package's modules it imports."""
    files = {_module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []  # ast.walk has not entered it yet
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(tree):
            for imported in _imported(node, package):
                while imported and imported not in files:  # a name inside a module: the module
                    imported = imported.rpartition(".")[0]
                if imported and imported != name:
                    targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_course_tui_has_no_import_cycle():
    graph = import_graph(ROOT)
    assert "course_tui.tui.app" in graph["course_tui.cli"]  # imported inside a function: seen
    assert cycles(graph) == []


def test_a_cycle_closed_inside_a_function_is_found_and_a_type_hint_import_is_not(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def late():\n    from ..a import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n")
    (package / "sub" / "d.py").write_text("import pkg.c\n")
    graph = import_graph(package)
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]
    assert graph["pkg.c"] == set() and graph["pkg.sub.d"] == {"pkg.c"}
