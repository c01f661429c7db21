"""The report of an unhandled exception in the app: the traceback goes to a file in the
platform's user log folder (platformdirs; ``$COURSE_TUI_CRASH_DIR`` instead when set), and
the learner gets one line naming it, once the terminal is restored."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from course_tui.safe_text import one_line

CRASH_DIR_ENV = "COURSE_TUI_CRASH_DIR"


def crash_dir() -> Path:
    env = os.environ.get(CRASH_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_path

    return user_log_path("course-tui", appauthor=False)


def write_report(error: BaseException) -> Path:
    """Write the traceback of *error* (and the versions) to a new file; its path. The
    system's temporary folder is used when the log folder cannot be written."""
    import textual

    from course_tui import __version__

    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = (
        f"course-tui {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
        f"python {sys.version.split()[0]} on {sys.platform}, textual {getattr(textual, '__version__', '?')}\n"
        f"command: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(type(error), error, error.__traceback__))
    )
    for folder in (crash_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.txt"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.write(text)
        return path
    raise OSError("no folder to write the crash report to")


def crash_line(error: BaseException, report: Path) -> str:
    """The one line the launcher prints: what happened and where the report is."""
    what = one_line(f"{type(error).__name__}: {error}")
    if len(what) > 200:
        what = what[:199] + "…"
    return f"course-tui: internal error ({what}); the full report is in {one_line(str(report))}"
