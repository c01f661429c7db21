"""Shown instead of the course when it has validation errors: the findings, not a crash."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Label

from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.titlebar import TitleBar


class FindingsScreen(BaseScreen):
    BINDINGS = [Binding("q,escape", "app.quit", "key.quit")]

    def compose(self) -> ComposeResult:
        loaded = self.course_app.session.loaded
        yield TitleBar()
        with VerticalScroll(classes="screen-body findings"):
            yield Label(f"✗ {self.tr('invalid.title')}", classes="heading")
            for finding in loaded.findings:
                yield Label(finding.format(), markup=False)
            yield Label(self.tr("invalid.hint", folder=self.course_app.session.folder), classes="heading", markup=False)
        yield Footer()
