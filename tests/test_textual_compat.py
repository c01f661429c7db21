"""What course_tui/tui/textual_compat.py relies on in Textual and Rich. A failure here means
a new Textual or Rich changed an internal: update textual_compat.py (and only it)."""

from __future__ import annotations

import inspect

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Label

from course_tui.tui.textual_compat import CrashReportingApp, show_controls_as_placeholders


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
