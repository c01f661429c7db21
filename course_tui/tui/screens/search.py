"""Search (``/``): every lesson section, quiz explanation and scenario text of the course in
the current language; results as you type, each with the line that matched; Enter opens the
section (or the scenario). The matching itself is learning/search.py's."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from course_tui.learning.search import Hit, index_for
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import fit
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

SHOWN = 100  # rows drawn at most; the count says how many matched


class SearchField(Input):
    """The query; ↓ (or Enter) goes to the results."""

    @dataclass
    class Down(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:  # async as Input's: Textual calls both
        if event.key == "down":
            event.stop()
            self.post_message(self.Down())


class SearchScreen(BaseScreen):
    DEFAULT_CSS = """
    SearchScreen #search-results { height: 1fr; }
    SearchScreen #search-count { padding: 0 1; }
    """
    AUTO_FOCUS = "#search-field"
    BINDINGS = [Binding("escape", "app.pop_screen", "key.back")]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.hits: list[Hit] = []

    def reopen(self) -> "SearchScreen":
        return SearchScreen(self.query_text)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SearchField(self.query_text, placeholder=self.tr("search.placeholder"), id="search-field")
        yield Label("", id="search-count", classes="muted", markup=False)
        yield OptionList(id="search-results", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self._show(self.query_text)

    async def relocalize(self) -> None:
        await super().relocalize()  # the same query, searched in the new language
        self._show(self.query_text)
        self.query_one("#search-field").focus()

    def _show(self, query: str) -> None:
        app = self.course_app
        index = index_for(app.course, self.lang, {"question": self.tr("search.question")})
        self.query_text = query
        self.hits = index.search(query)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        width = max(20, self.size.width - 10)  # less border, padding and the scrollbar
        options = []
        for hit in self.hits[:SHOWN]:
            line = _around(one_line(hit.line), hit.at, width - 2)
            row = Text(fit(one_line(hit.where), width, pad=False), style="bold")
            row.append("\n  " + fit(line, width - 2, pad=False))
            options.append(Option(row))
        results.add_options(options)
        if not query.strip():
            count = self.tr("search.hint")
        elif not self.hits:
            count = self.tr("search.none")
        else:
            count = self.tr("search.count", n=len(self.hits)) + (self.tr("search.first", n=SHOWN) if len(self.hits) > SHOWN else "")
        self.query_one("#search-count", Label).update(count)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._to_results()

    def on_search_field_down(self, _: SearchField.Down) -> None:
        self._to_results()

    def _to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[event.option_index]
        target = hit.target
        if target.kind == "scenario":
            self.course_app.open_scenario(target.id)
        else:
            self.course_app.open_lesson(target.id, target.section)


def _around(line: str, at: int, width: int) -> str:
    """*line*, starting a little before *at* when the match there would fall past *width*."""
    if cell_len(line[:at]) <= width * 2 // 3:
        return line
    start = at
    while start > 0 and cell_len(line[start - 1 : at]) <= width // 4:
        start -= 1
    return "…" + line[start:]
