"""The course's findings (file:line:col), instead of a crash.

At start, when the course has errors, it is all there is: fix the files and the course
opens by itself (live reload) or on F5. After a live reload that failed (``live``), it lies
over the last good version of the course, which Esc returns to.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from course_tui.course.model import LoadResult
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


class FindingsScreen(BaseScreen):
    BINDINGS = [Binding("q,escape", "leave", "key.quit")]
    live = False

    def __init__(self, loaded: LoadResult | None = None) -> None:
        super().__init__()
        self.loaded = loaded

    def compose(self) -> ComposeResult:
        app = self.course_app
        loaded = self.loaded or app.session.loaded
        yield TitleBar()
        with VerticalScroll(classes="screen-body findings"):
            yield Label(f"✗ {self.tr('invalid.reload_title' if self.live else 'invalid.title')}", classes="heading", markup=False)
            for finding in loaded.findings:
                yield Label(finding.format(), markup=False)
            yield Label(self.tr("invalid.hint", folder=app.session.folder), classes="heading", markup=False)
            if self.live:
                yield Label(self.tr("invalid.kept"), classes="muted", markup=False)
        yield KeyBar()

    def action_leave(self) -> None:
        self.app.exit()


class LiveFindingsScreen(FindingsScreen):
    """Findings of a reload that failed, over the last good version of the course."""

    BINDINGS = [Binding("q,escape", "leave", "key.back")]
    live = True

    def action_leave(self) -> None:
        self.app.pop_screen()
