"""Helpers for the Pilot tests of the screens: an app on the test course, and the screen's text."""

from __future__ import annotations

from pathlib import Path

from coursekit import write_course
from textual.widgets import Markdown

from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.widgets.rowlist import RowList


def make_app(tmp_path: Path, lang: str = "en", learner: str = "amy", trainer: bool = False) -> CourseApp:
    course = tmp_path / "c"
    if not course.exists():
        write_course(course)
    return CourseApp(open_session(course, store=tmp_path / "s", learner=learner, lang=lang), trainer=trainer)


def screen_labels(screen) -> str:
    """Every label, and every row of a row list (the course map's chapters, which one widget
    draws), on *screen*, one a line."""
    return "\n".join("\n".join(w.texts) if isinstance(w, RowList) else str(w.render()) for w in screen.query("Label, RowList"))


def labels(app: CourseApp) -> str:
    """:func:`screen_labels` of the current screen."""
    return screen_labels(app.screen)


def markdown(app: CourseApp) -> str:
    """The source of every Markdown widget on the current screen."""
    return "\n".join(md.source for md in app.screen.query(Markdown))


def screen_text(app: CourseApp) -> str:
    return labels(app) + "\n" + markdown(app)


async def settle(pilot, screen_type: type, tries: int = 20) -> None:
    """Pause until the app shows a *screen_type* (navigation is scheduled, not immediate)."""
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, screen_type):
            return
    raise AssertionError(f"expected {screen_type.__name__}, the app shows {type(pilot.app.screen).__name__}")
