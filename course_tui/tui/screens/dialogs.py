"""Small dialogs: a notice to acknowledge, a yes/no question, the too-small-terminal message."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from course_tui.tui.screens.base import BaseModal


class NoticeScreen(BaseModal):
    """Something the learner must read (e.g. a progress file that was moved aside)."""

    BINDINGS = [Binding("escape,enter", "dismiss", "key.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"⚠ {self.tr('notice.title')}", classes="heading", markup=False)
            yield Label(self.text, classes="notice-text", markup=False)
            yield Button(Content(self.tr("ok")), variant="primary", id="ok")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#ok").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ConfirmScreen(BaseModal):
    """A yes/no question; dismisses with True or False."""

    BINDINGS = [Binding("escape", "no", "key.back"), Binding("y", "yes", "yes", show=False)]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="heading", markup=False)
            yield Label(self.body, markup=False)
            with Horizontal():
                yield Button(Content(self.tr("yes")), variant="warning", id="yes")
                yield Button(Content(self.tr("no")), variant="primary", id="no")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is below the minimum size: the whole message,
    wrapped, at any size down to 20×5."""

    BINDINGS = [Binding("ctrl+q,q", "app.quit", "Quit", show=False)]
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > #too-small { width: 100%; height: auto; text-align: center; }
    """

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        yield Label("", id="too-small", markup=False)

    def on_mount(self) -> None:
        self.refresh_text()

    def on_screen_resume(self) -> None:
        app = self.app
        app._size_notice_pending = False  # type: ignore[attr-defined]  # shown now
        if not app.too_small:  # type: ignore[attr-defined]  # enlarged meanwhile, or left under a screen since
            self.dismiss()
        else:
            self.refresh_text()

    def refresh_text(self) -> None:
        app = self.app
        found = self.query("#too-small")
        if not found:  # not composed yet: on_mount fills it in
            return
        found.first(Label).update(
            app.tr("too_small", width=app.size.width, height=app.size.height, min_width=self.min_width, min_height=self.min_height)  # type: ignore[attr-defined]
        )
