"""What the command line and every command share: the program's name, the one-line error
that ends a command, and the ``--course`` folder."""

from __future__ import annotations

from pathlib import Path

PROG = "course-tui"


class CliError(Exception):
    """A one-line message for the user; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def course_dir(value: str | None) -> Path:
    """``--course``/``DIR`` checked, else the bundled course's folder."""
    if value:
        path = Path(value).expanduser()
        if not path.exists():
            raise CliError(f"course folder not found: {value}", 2)
        if not path.is_dir():
            raise CliError(f"not a folder: {value}", 2)
        return path
    from course_tui.course.bundled import bundled_course_path

    return bundled_course_path()
