"""The core packages never import textual; commands that need no TUI never load it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import course_tui

ROOT = Path(course_tui.__file__).parent


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
