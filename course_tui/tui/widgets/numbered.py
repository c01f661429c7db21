"""A list of numbered choices whose long (CJK) text wraps under itself, not under the number,
and whose highlighted entry is marked with ▸ as well as by colour; and a labelled line
("Your answer: …") whose text wraps under itself, not under the label."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from course_tui.tui.widgets.inline import inline_text


def hanging(prefix: str, text: str) -> Table:
    """*prefix* in a column of its own, so that long *text* (course text: its inline
    Markdown rendered, never markup) wraps under itself."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(prefix), inline_text(text))
    return grid


class HangingLine(Widget):
    """*label* and then *text*, which wraps under itself (a hanging indent)."""

    DEFAULT_CSS = "HangingLine { height: auto; width: 100%; }"

    def __init__(self, label: str, text: str | Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label, self.text = label, text if isinstance(text, Content) else Content(text)

    def lines(self, width: int) -> list[Content]:
        indent = cell_len(self.label)
        if width - indent < 8:  # too narrow to hang: wrap as one text
            return (Content(self.label) + self.text).wrap(max(1, width))
        hang = Content(" " * indent)
        return [(Content(self.label) if i == 0 else hang) + line for i, line in enumerate(self.text.wrap(width - indent))]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))


class NumberedList(OptionList):
    def __init__(self, items: list[tuple[str, str]], **kwargs: Any) -> None:
        """*items*: (key shown before the text, e.g. "1." or "r.", text)."""
        self.items = list(items)
        self._marked: int | None = None
        super().__init__(*[Option(self._prompt(i, False)) for i in range(len(self.items))], **kwargs)

    def _prompt(self, index: int, current: bool) -> Table:
        key, text = self.items[index]
        return hanging(f"{'▸' if current else ' '} {key}", text)

    def on_mount(self) -> None:
        if self.items and self.highlighted is None:
            self.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self:
            return
        if self._marked is not None and self._marked < len(self.items):
            self.replace_option_prompt_at_index(self._marked, self._prompt(self._marked, False))
        self._marked = event.option_index
        self.replace_option_prompt_at_index(event.option_index, self._prompt(event.option_index, True))
