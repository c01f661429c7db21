"""Where the bundled course (互联网 PMO 入门 / The Internet-Era PMO) lives.

In an installed wheel it is ``course_tui/bundled/``; in a source checkout it is the
repository root (``course.yaml``, ``lessons/``, ``quizzes/``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_course_path() -> Path:
    installed = _PACKAGE / "bundled"
    if (installed / "course.yaml").is_file():
        return installed
    return _PACKAGE.parent
