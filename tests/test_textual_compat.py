"""What course_tui/tui/textual_compat.py relies on in Textual and Rich. A failure here means
a new Textual or Rich changed an internal: update textual_compat.py (and only it)."""

from __future__ import annotations

import inspect

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from course_tui.tui import textual_compat
from course_tui.tui.textual_compat import (
    CrashReportingApp,
    EagerMarkdown,
    MarkdownBulletList,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownParagraph,
    child_blocks,
    class_bindings,
    paragraph_content,
    show_controls_as_placeholders,
)
from textual.content import Content


def test_textual_content_and_rich_text_show_control_characters_as_placeholders():
    assert show_controls_as_placeholders(), "Textual's Content or Rich's Text no longer strip through a table we can extend"
    assert Content("a\x1b]52;c;eA==\x07b").plain == "a␛]52;c;eA==b"  # BEL: stripped, as Textual always did
    assert Content("x\x9b2J\x00\x7f").plain == "x\ufffd2J␀␡"
    assert Text("a\x1b[2J").plain == "a␛[2J"
    assert Content.from_markup("[b]x\x1b[/b]").plain == "x␛"
    # one character for one: a styled span keeps its place
    styled = Content.assemble(("\x1b]2;t", "bold"), "after")
    assert styled.plain == "␛]2;tafter" and styled.spans[0].end == 5
    assert Content("tab\tand\nnewline").plain == "tab\tand\nnewline"


def test_textual_still_routes_unhandled_exceptions_through_handle_exception():
    source = inspect.getsource(App)
    assert callable(getattr(App, "_handle_exception", None))
    assert "self._handle_exception(" in source and "self._exit_renderables" in source


class Boom(CrashReportingApp[None]):
    def __init__(self) -> None:
        super().__init__()
        self.reports: list[BaseException] = []

    def compose(self) -> ComposeResult:
        yield Label("x")

    def report_crash(self, error: BaseException) -> None:
        self.reports.append(error)

    def key_x(self) -> None:
        raise ZeroDivisionError("on purpose")


async def test_a_crash_is_reported_once_and_textual_prints_no_traceback():
    app = Boom()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test() as pilot:
            await pilot.press("x")
            await pilot.pause()
    assert [type(e) for e in app.reports] == [ZeroDivisionError]
    assert app.return_code == 1
    assert app._exit_renderables == []  # Textual's own traceback was dropped: the report replaces it


class Holder(App):
    def __init__(self, *widgets) -> None:
        super().__init__()
        self.widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self.widgets


def test_textual_markdown_still_has_what_eager_markdown_needs():
    assert textual_compat.EAGER_MARKDOWN, "Markdown._build_from_source is gone: EagerMarkdown falls back to the stock (slower) path"
    widget = Markdown("# Title\n\ntext")
    for name in ("_initial_markdown", "_markdown", "_table_of_contents", "_last_parsed_line", "_theme"):
        assert hasattr(widget, name), f"Markdown.{name} is gone: update EagerMarkdown"
    assert widget._initial_markdown == "# Title\n\ntext"
    blocks = widget._build_from_source("# Title\n\ntext")
    assert [type(b).__name__ for b in blocks] == ["MarkdownH1", "MarkdownParagraph"]
    source = inspect.getsource(Markdown.update)
    for name in ("self._markdown =", "self._table_of_contents = None", "self._last_parsed_line =", "self._theme ="):
        assert name in source, f"Markdown.update no longer sets {name!r}: EagerMarkdown must keep the same state"


async def test_eager_markdown_has_its_blocks_when_mounted_and_after_an_update_as_markdown_has():
    eager, stock = EagerMarkdown("# One\n\n- a\n- b\n"), Markdown("# One\n\n- a\n- b\n")
    app = Holder(eager, stock)
    async with app.run_test() as pilot:
        assert [type(b).__name__ for b in eager.query_children(MarkdownBlock)] == ["MarkdownH1", "MarkdownBulletList"]
        for _ in range(5):
            await pilot.pause()
        assert [type(b) for b in eager.query_children(MarkdownBlock)] == [type(b) for b in stock.query_children(MarkdownBlock)]

        def toc(md):  # (level, title): the ids hold each block's object id
            return [entry[:2] for entry in md.table_of_contents]

        assert eager.source == stock.source and toc(eager) == toc(stock) == [(1, "One")]
        await eager.update("## Two\n\nmore")
        await stock.update("## Two\n\nmore")
        assert [type(b) for b in eager.query_children(MarkdownBlock)] == [type(b) for b in stock.query_children(MarkdownBlock)]
        assert eager.source == stock.source == "## Two\n\nmore"
        assert toc(eager) == toc(stock) == [(2, "Two")]


def test_markdown_list_blocks_keep_their_items_and_paragraph_text_where_mdlist_reads_them():
    blocks = Markdown()._build_from_source("- one **bold**\n- two\n\n1. first\n")
    bullet, ordered = blocks
    assert type(bullet) is MarkdownBulletList and type(ordered) is MarkdownOrderedList
    items = child_blocks(bullet)
    assert items is not None, "a list block no longer keeps its items in _blocks: widgets/mdlist.py falls back to Textual's lists"
    assert [type(i) for i in items] == [type(items[0])] * 2 and isinstance(items[0], MarkdownListItem)
    assert [b.bullet.strip() for b in items] == ["•", "•"]
    paragraphs = [child_blocks(i) for i in items]
    assert all(p is not None and len(p) == 1 and type(p[0]) is MarkdownParagraph for p in paragraphs)
    text = paragraph_content(paragraphs[0][0])
    assert text is not None, "a paragraph no longer keeps its text in _content"
    assert text.plain == "one bold" and text.spans, "the bold span is kept"


def test_a_screens_declared_bindings_merge_its_bases_as_textual_does():
    class Base(Screen):
        BINDINGS = [Binding("a", "one", "key.one")]

    class Child(Base):
        BINDINGS = [Binding("b", "two", "key.two")]

    merged = class_bindings(Child)
    assert isinstance(merged, BindingsMap), "DOMNode._merged_bindings is gone: update class_bindings"
    assert {"a", "b"} <= set(merged.key_to_bindings)
    assert [b.description for b in merged.key_to_bindings["b"]] == ["key.two"]


async def test_a_screen_publishes_its_layout_refresh_after_painting_the_frame():
    """The lesson fetches its neighbouring sections on this signal (public API since Textual 0.5x)."""
    painted: list[bool] = []

    class Pushed(Screen):
        def compose(self) -> ComposeResult:
            yield Label("x")

        def on_mount(self) -> None:
            self.screen_layout_refresh_signal.subscribe(self, lambda screen: painted.append(not screen._dirty_widgets))

    app = Holder(Label("first"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.push_screen(Pushed())
        for _ in range(3):
            await pilot.pause()
    assert painted and painted[0], "no layout refresh was published once the pushed screen was painted"


async def test_a_stable_scrollbar_gutter_keeps_the_width_when_the_bar_appears():
    body = VerticalScroll(Static("short", id="text"))
    body.styles.scrollbar_gutter = "stable"
    app = Holder(body)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        label = app.query_one("#text", Static)
        width = label.size.width
        assert not body.show_vertical_scrollbar
        await body.mount_all([Label(f"line {i}") for i in range(30)])
        await pilot.pause()
        assert body.show_vertical_scrollbar and label.size.width == width


async def test_screen_cells_gives_each_run_of_text_with_the_colours_the_terminal_shows():
    from course_tui.tui.textual_compat import screen_cells

    plain = Label("plain", id="plain")
    plain.styles.color = "#102030"
    plain.styles.background = "#f0e0d0"
    swapped = Label("swapped", id="swapped")
    swapped.styles.color = "#102030"
    swapped.styles.background = "#f0e0d0"
    swapped.styles.text_style = "reverse"
    wide = Label(Content.assemble("中文", ("dim", "dim")), id="wide")
    wide.styles.color = "#ffffff"
    wide.styles.background = "#000000"
    app = Holder(plain, swapped, wide)
    async with app.run_test(size=(30, 4)) as pilot:
        await pilot.pause()
        cells = screen_cells(app)
    assert cells is not None, "Screen._compositor.render_update is gone: update screen_cells"
    by_text = {text.strip(): (row, column, fg, bg) for row, column, text, fg, bg, _ in cells if text.strip()}
    assert by_text["plain"] == (0, 0, (0x10, 0x20, 0x30), (0xF0, 0xE0, 0xD0))
    assert by_text["swapped"] == (1, 0, (0xF0, 0xE0, 0xD0), (0x10, 0x20, 0x30))
    assert by_text["中文"][:2] == (2, 0) and by_text["dim"][:2] == (2, 4)  # two cells per character
    assert by_text["dim"][2] == (168, 168, 168)  # white dimmed on black, as Textual dims (DIM_FACTOR 0.66)
