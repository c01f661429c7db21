"""The core packages never import textual; commands that need no TUI never load it; the
layer contracts of pyproject.toml (lint-imports) hold, including imports inside functions,
which the checks at run time below cannot see."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course_tui

ROOT = Path(course_tui.__file__).parent
REPO = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    names = []
    for package in ("course", "learning"):
        names.append(f"course_tui.{package}")
        for info in pkgutil.iter_modules([str(ROOT / package)]):
            names.append(f"course_tui.{package}.{info.name}")
    return names


def test_core_modules_do_not_import_textual():
    modules = core_modules()
    assert "course_tui.learning.store" in modules and "course_tui.course.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m.startswith('course_tui.tui'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_validate_and_new_do_not_load_the_tui(tmp_path):
    code = (
        "import sys\n"
        "from course_tui.cli import main\n"
        f"main(['new', 'course', {str(tmp_path / 'c')!r}, '--languages', 'en'])\n"
        f"main(['validate', {str(tmp_path / 'c')!r}])\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('course_tui.tui'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter with the contracts of *tree*'s pyproject.toml, on *tree*'s course_tui."""
    command = [str(Path(sys.executable).with_name("lint-imports")), "--config", str(tree / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True)


def test_the_layer_contracts_hold():
    run = lint_imports(REPO)
    assert run.returncode == 0 and "0 broken" in run.stdout, run.stdout + run.stderr


@pytest.mark.slow  # runs import-linter on a copy of the package: about 2 s each
@pytest.mark.parametrize(
    "module, statement, contract",
    [
        ("learning/standing.py", "import textual", "The core never imports Textual"),
        ("course/model.py", "from course_tui.learning import standing", "never the other way round"),
        ("commands/report.py", "from course_tui.tui import app", "The commands never import the interface"),
    ],
)
def test_an_import_inside_a_function_breaks_its_contract(tmp_path, module, statement, contract):
    shutil.copytree(REPO / "course_tui", tmp_path / "course_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with open(tmp_path / "course_tui" / module, "a", encoding="utf-8") as f:
        f.write(f"\n\ndef _late() -> None:\n    {statement}  # noqa: F401\n")
    run = lint_imports(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    broken = run.stdout.split("Broken contracts", 1)[1]
    assert contract in " ".join(broken.split()) and module.replace("/", ".").removesuffix(".py") in broken
