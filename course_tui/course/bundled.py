"""Where the bundled course (互联网 PMO 入门 / The Internet-Era PMO) lives.

In an installed wheel it is ``course_tui/bundled/``; in a source checkout it is the
repository root (``course.yaml``, ``lessons/``, ``quizzes/``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def installed_bundle() -> Path | None:
    """The bundled course inside the installed package, or None in a source checkout."""
    installed = _PACKAGE / "bundled"
    return installed if (installed / "course.yaml").is_file() else None


def bundled_course_path() -> Path:
    return installed_bundle() or _PACKAGE.parent
