"""Markdown lists drawn by one widget.

Textual's Markdown mounts four widgets per list item (a row, the bullet, a column and the
paragraph), and they compose one level at a time after the list is mounted: a section with
a list of five took over twenty widgets and several layout passes before it was whole. The
course's lessons have lists in nearly every section.

Where every item of a list is one paragraph (no nested list, no code block), the list here
is one widget that draws the bullets and wraps each item under its own text (a hanging
indent), with the same bullets, numbers, colours and spacing as Textual's. Any other list is
left to Textual, and so is every list where Textual's list blocks are not as
textual_compat expects them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import ComposeResult
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets.markdown import MarkdownBlock

from course_tui.tui.textual_compat import (
    MarkdownBulletList,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownOrderedListItem,
    MarkdownParagraph,
    child_blocks,
    paragraph_content,
)


class Items(Visual):
    """List items: each symbol, then its text wrapped in the width left beside the symbol."""

    def __init__(self, items: list[tuple[str, Content]], symbol_style: Style) -> None:
        self.items, self.symbol_style = items, symbol_style

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips: list[Strip] = []
        for symbol, text in self.items:
            indent = cell_len(symbol)
            lines = text.render_strips(max(1, width - indent), None, style, options) or [Strip.blank(max(1, width - indent))]
            head = Strip([Segment(symbol, (style + self.symbol_style).rich_style)], indent)
            blank = Strip.blank(indent, style.rich_style)
            strips.extend(Strip.join([head if i == 0 else blank, line]) for i, line in enumerate(lines))
        return strips[:height] if height is not None else strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((cell_len(s) + t.get_optimal_width(rules, container_width) for s, t in self.items), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(t.get_height(rules, max(1, width - cell_len(s))) for s, t in self.items)


def _only_paragraph(item: MarkdownBlock) -> Content | None:
    """The text of a list item that holds exactly one paragraph, else None."""
    inner = child_blocks(item) if isinstance(item, MarkdownListItem) else None
    if inner is None or len(inner) != 1 or type(inner[0]) is not MarkdownParagraph:
        return None
    return paragraph_content(inner[0])


class _OneWidgetList:
    """Mixin for the two list blocks: draw simple lists, else compose as Textual does."""

    _items: list[tuple[str, Content]] | None = None

    def _symbols(self) -> list[str]:  # pragma: no cover - defined by the subclasses
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        blocks = child_blocks(self)  # type: ignore[arg-type]
        texts = [_only_paragraph(block) for block in blocks or []]
        if blocks and all(text is not None for text in texts):
            self._items = [(symbol, text) for symbol, text in zip(self._symbols(), texts) if text is not None]
            blocks.clear()
            return
        yield from super().compose()  # type: ignore[misc]

    def render(self):  # noqa: ANN201 - a Visual, or what Textual's block renders
        if self._items is None:
            return super().render()  # type: ignore[misc]
        return Items(self._items, self.get_visual_style("list--symbol"))  # type: ignore[attr-defined]


class OneWidgetBulletList(_OneWidgetList, MarkdownBulletList):
    COMPONENT_CLASSES: ClassVar[set[str]] = MarkdownBlock.COMPONENT_CLASSES | {"list--symbol"}
    DEFAULT_CSS = """
    OneWidgetBulletList > .list--symbol { color: $text-primary; }
    OneWidgetBulletList:light > .list--symbol { color: $text-secondary; }
    """

    def _symbols(self) -> list[str]:
        return [block.bullet for block in child_blocks(self) or []]  # type: ignore[attr-defined]  # a bullet list's blocks are MarkdownBullet


class OneWidgetOrderedList(_OneWidgetList, MarkdownOrderedList):
    COMPONENT_CLASSES: ClassVar[set[str]] = MarkdownBlock.COMPONENT_CLASSES | {"list--symbol"}
    DEFAULT_CSS = """
    OneWidgetOrderedList > .list--symbol { color: $text-primary; }
    OneWidgetOrderedList:light > .list--symbol { color: $text-secondary; }
    """

    def _symbols(self) -> list[str]:
        """Numbered as Textual numbers them: from the first item's number, right-aligned."""
        blocks = child_blocks(self) or []
        start = 1
        if blocks and isinstance(blocks[0], MarkdownOrderedListItem):
            try:
                start = int(blocks[0].bullet)
            except ValueError:
                pass
        size = max(len(f"{n}. ") for n in range(start, start + len(blocks)))
        return [f"{n}. ".rjust(size + 1) for n in range(start, start + len(blocks))]


LIST_BLOCKS: dict[str, type[MarkdownBlock]] = {"bullet_list_open": OneWidgetBulletList, "ordered_list_open": OneWidgetOrderedList}
"""Markdown.BLOCKS entries for these lists."""
