"""Markdown lists drawn by one widget (widgets/mdlist.py) look exactly like Textual's."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown

from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.mdlist import OneWidgetBulletList, OneWidgetOrderedList

TEXT = """\
Before the list.

- A short item with **bold** and `code`
- A long item that has to wrap over several lines because it is much wider than the column it is drawn in
- 一个很长的中文条目，用来检查中文文字在窄栏里换行时是否仍然缩进在项目符号之后，而不是回到行首

1. First
2. Second, long enough to wrap onto the next line of this narrow column of text
3. Third

8. Eight
9. Nine
10. Ten, and the numbers stay aligned

- Nested:
  - inner item
- Next
"""


class Show(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def _screen(widget, width: int) -> str:
    app = Show(widget)
    async with app.run_test(size=(width, 40)) as pilot:
        for _ in range(4):
            await pilot.pause()
        svg = app.export_screenshot()
    svg = re.sub(r"terminal-[0-9a-z-]+", "t", svg)  # ids differ from app to app
    return re.sub(r"<title>.*?</title>", "", svg)


@pytest.mark.parametrize("width", [40, 80])
async def test_one_widget_lists_draw_what_textual_draws(width):
    stock = await _screen(Markdown(TEXT), width)
    ours = await _screen(FastMarkdown(TEXT), width)
    assert ours == stock


async def test_simple_lists_are_one_widget_and_nested_ones_are_left_to_textual():
    app = Show(FastMarkdown(TEXT))
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        simple = [w for w in app.query("OneWidgetBulletList, OneWidgetOrderedList") if w._items is not None]
        assert len(simple) == 3 and all(not w.children for w in simple)
        nested = [w for w in app.query(OneWidgetBulletList) if w._items is None]
        assert len(nested) == 1 and nested[0].children  # composed by Textual
        assert isinstance(simple[1], OneWidgetOrderedList)
