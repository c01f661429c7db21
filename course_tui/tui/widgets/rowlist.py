"""Lists of rows drawn by one widget: the course map's chapters and a lesson's contents.

A ``ListView`` makes a widget per row, and every widget is styled, laid out and rendered on
its own: on the course map that was most of the time to the first screen. A
:class:`RowList` is Textual's ``OptionList``, which draws all its rows itself, with the
same keys (up/down, home/end, page up/down, Enter) and a click to choose.

A :class:`Row` is a title line, cut with … at the width (so a long title never pushes the
rest down), optionally over detail lines, which wrap, dimmed: the row's own colour (on a highlighted
row too, whatever the theme) blended toward its background. In a list made
with ``wrap=True`` (a lesson's contents) the title wraps instead, under its text after the
number ("1. ").
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

RowSpec = tuple[str, str, "str | None"]
"""(id, title line, detail lines or None)."""


class Row(Visual):
    """One row of a :class:`RowList` (a Textual Visual: text that fits itself to a width)."""

    def __init__(self, title: str, detail: str | None = None, wrap: bool = False) -> None:
        self.title, self.detail, self.wrap = title, detail, wrap
        self._fitted: tuple[int, Content] | None = None

    def content(self, width: int) -> Content:
        """The row at *width* cells: the title cut to fit, the detail wrapped under it."""
        if self._fitted is not None and self._fitted[0] == width:
            return self._fitted[1]
        title = Content(self.title)
        if width > 0 and title.cell_length > width:
            title = self._wrapped(width) if self.wrap else title.truncate(width, ellipsis=True)
        content = title if self.detail is None else Content.assemble(title, "\n", (self.detail, "dim"))
        self._fitted = (width, content)
        return content

    def _wrapped(self, width: int) -> Content:
        """The title wrapped under its text after the number ("▸ 12. "), when that leaves room."""
        head, dot, rest = self.title.partition(". ")
        indent = cell_len(head + dot) if dot else 0
        if not dot or width - indent < 8:
            return Content("\n").join(Content(self.title).wrap(width))
        lines = Content(rest).wrap(width - indent)
        pad = Content(" " * indent)
        return Content("\n").join((Content(head + ". ") if i == 0 else pad) + line for i, line in enumerate(lines))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content(container_width).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content(width).get_height(rules, width)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and (self.title, self.detail, self.wrap) == (other.title, other.detail, other.wrap)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.title if self.detail is None else f"{self.title}\n{self.detail}"


class RowList(OptionList):
    """Rows with ids; ``OptionList.OptionSelected`` when one is chosen (Enter or a click)."""

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0;
        &:focus { border: none; }
        & > .option-list--option { padding: 0 1; }
    }
    """

    def __init__(self, rows: Iterable[RowSpec], highlighted: int = 0, wrap: bool = False, **kwargs) -> None:
        """*wrap*: long titles wrap (else they are cut with …)."""
        self.wrap = wrap
        super().__init__(*(Option(Row(title, detail, wrap), id=row_id) for row_id, title, detail in rows), markup=False, **kwargs)
        if self.option_count:
            self.highlighted = min(max(highlighted, 0), self.option_count - 1)

    @property
    def ids(self) -> list[str | None]:
        return [option.id for option in self.options]

    def row(self, index: int) -> Row:
        prompt = self.get_option_at_index(index).prompt
        assert isinstance(prompt, Row)
        return prompt

    def set_rows(self, rows: Iterable[RowSpec]) -> None:
        """New texts for the same ids, in the same order: only changed rows are replaced."""
        for index, (_, title, detail) in enumerate(rows):
            if self.row(index) != Row(title, detail, self.wrap):
                self.replace_option_prompt_at_index(index, Row(title, detail, self.wrap))

    @property
    def texts(self) -> list[str]:
        """Every row's text (title and detail lines), as shown before fitting to a width."""
        return [str(self.row(i)) for i in range(self.option_count)]
