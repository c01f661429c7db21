"""Which files of a course folder are course files: the one listing the loader, the cache
key and the live-reload poll share, so that they never disagree about what a course holds.

Quizzes and scenarios may sit in subfolders of ``quizzes/`` (any depth). Folders are walked
without following symbolic links to folders (no loops, nothing outside the course is
listed); hidden folders (``.git`` …) are skipped. Only ``os`` is used: the poll lists files
every second without loading the loader.
"""

from __future__ import annotations

import os
from pathlib import Path

QUIZ_SUFFIXES = (".yaml", ".yml")


def quiz_files(root: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` under ``root/quizzes``, sorted by their path in it."""
    top = root / "quizzes"
    found: list[Path] = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, n) for n in names if n.endswith(QUIZ_SUFFIXES))
    return sorted(found, key=lambda p: p.relative_to(top).parts)
