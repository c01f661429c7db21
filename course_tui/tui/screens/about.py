"""About: the course, its source article (credited), and the program."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from course_tui import __version__
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


class AboutScreen(BaseScreen):
    reopens_fresh = True
    BINDINGS = [Binding("escape,q", "app.pop_screen", "key.back")]

    def compose(self) -> ComposeResult:
        course, lang = self.course_app.course, self.lang
        yield TitleBar()
        with VerticalScroll(classes="screen-body findings"):
            yield Label(self.tr("about.title"), classes="heading", markup=False)
            yield Label(course.title(lang) + (f"  (v{course.version})" if course.version else ""), markup=False)
            if course.description:
                yield Label(course.description(lang), markup=False)
            if course.source:
                src = course.source
                yield Label(self.tr("about.source"), classes="heading", markup=False)
                yield Label(f"《{src.title}》" if lang == "zh" else src.title, markup=False)
                if src.author:
                    yield Label(self.tr("about.by", author=src.author), markup=False)
                if src.publisher or src.date:
                    yield Label(self.tr("about.published", publisher=src.publisher or "", date=src.date or ""), markup=False)
                if src.url:
                    yield Label(src.url, markup=False)
                if src.note:
                    yield Label(src.note(lang), markup=False)
            if course.authors:
                yield Label(", ".join(course.authors), classes="muted", markup=False)
            yield Label(self.tr("about.program", version=__version__), classes="heading muted", markup=False)
        yield KeyBar()
