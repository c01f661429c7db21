"""Markdown lists drawn by one widget.

Textual's Markdown mounts four widgets per list item (a row, the bullet, a column and the
paragraph), and they compose one level at a time after the list is mounted: a section with
a list of five took over twenty widgets and several layout passes before it was whole. The
course's lessons have lists in nearly every section, so this is most of a section's time.

Where every item of a list is one paragraph (no nested list, no code block), the list here
is one widget that draws the bullets and wraps each item under its own text (a hanging
indent), with the same bullets, numbers, colours and spacing as Textual's. Any other list is
left to Textual.
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
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownBulletList,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownOrderedListItem,
    MarkdownParagraph,
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


def _simple(blocks: list[MarkdownBlock]) -> bool:
    """Every item holds exactly one paragraph (what Items can draw)."""
    return all(isinstance(b, MarkdownListItem) and len(b._blocks) == 1 and type(b._blocks[0]) is MarkdownParagraph for b in blocks)


class _OneWidgetList:
    """Mixin for the two list blocks: draw simple lists, else compose as Textual does."""

    _items: list[tuple[str, Content]] | None = None

    def _symbols(self) -> list[str]:  # pragma: no cover - defined by the subclasses
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        blocks = self._blocks  # type: ignore[attr-defined]
        if blocks and _simple(blocks):
            self._items = [(symbol, block._blocks[0]._content) for symbol, block in zip(self._symbols(), blocks)]
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
        return [block.bullet for block in self._blocks]  # type: ignore[attr-defined]  # a bullet list's blocks are MarkdownBullet


class OneWidgetOrderedList(_OneWidgetList, MarkdownOrderedList):
    COMPONENT_CLASSES: ClassVar[set[str]] = MarkdownBlock.COMPONENT_CLASSES | {"list--symbol"}
    DEFAULT_CSS = """
    OneWidgetOrderedList > .list--symbol { color: $text-primary; }
    OneWidgetOrderedList:light > .list--symbol { color: $text-secondary; }
    """

    def _symbols(self) -> list[str]:
        """Numbered as Textual numbers them: from the first item's number, right-aligned."""
        blocks = self._blocks
        start = 1
        if blocks and isinstance(blocks[0], MarkdownOrderedListItem):
            try:
                start = int(blocks[0].bullet)
            except ValueError:
                pass
        size = max(len(f"{n}. ") for n in range(start, start + len(blocks)))
        return [f"{n}. ".rjust(size + 1) for n in range(start, start + len(blocks))]
