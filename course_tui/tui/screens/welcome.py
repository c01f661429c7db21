"""First run: the welcome screen (language, the learner's own name) and the tour of the keys
(skippable; ``w`` in the help shows it again). Shown when no learner was named and the store
had none; ``--learner`` and ``course-tui quiz`` go straight in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label

from course_tui.learning.store import StoreError, check_name
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseModal, BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
TOUR_PAGES = ("tour.map", "tour.lesson", "tour.quiz", "tour.everywhere")


class WelcomeScreen(BaseScreen):
    AUTO_FOCUS = "#welcome-name"
    BINDINGS = [Binding("escape", "skip", "key.skip")]
    DEFAULT_CSS = """
    WelcomeScreen #welcome-langs { height: auto; }
    WelcomeScreen #welcome-langs Button { margin-right: 2; }
    WelcomeScreen Input { margin: 1 0; }
    WelcomeScreen Label { width: 100%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.typed = ""

    def compose(self) -> ComposeResult:
        app = self.course_app
        yield TitleBar()
        with VerticalScroll(classes="screen-body"):
            yield Label(self.tr("welcome.title", course=app.course.title(self.lang)), classes="heading", markup=False)
            yield Label(self.tr("welcome.body"), markup=False)
            if len(app.course.languages) > 1:
                yield Label(self.tr("welcome.language"), classes="heading", markup=False)
                with Horizontal(id="welcome-langs"):
                    for code in app.course.languages:
                        current = code == self.lang
                        yield Button(Content(LANGUAGE_NAMES.get(code, code)), id=f"lang-{code}", variant="primary" if current else "default")
            yield Label(self.tr("welcome.name"), classes="heading", markup=False)
            yield Input(self.typed, placeholder=self.tr("welcome.name_placeholder"), id="welcome-name")
            yield Button(Content(self.tr("welcome.start")), id="welcome-start", variant="success")
            yield Label(self.tr("welcome.skip", name=one_line(app.learner.name)), classes="muted", markup=False)
        yield KeyBar()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.typed = event.value  # kept when the language is switched (the screen is redrawn)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self._start()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("lang-"):
            await self.course_app.set_language(button[5:], save=False)  # saved with the learner chosen
            self.query_one("#welcome-name").focus()
        elif button == "welcome-start":
            await self._start()

    async def _start(self) -> None:
        app = self.course_app
        try:
            name = check_name(self.typed)
        except StoreError:
            self.notify(self.tr("learners.empty_name"), severity="warning")
            self.query_one("#welcome-name").focus()
            return
        provisional = app.learner.name
        store = app.session.store
        try:
            if name != provisional and not store.exists(name) and not app.learner.course:
                store.rename(provisional, name)  # the login-name learner made at start: now theirs
        except StoreError as exc:
            app.store_error(exc)
            return
        chosen = app.lang
        self.dismiss()
        if name != provisional:
            await app.switch_learner(name)
        if app.lang != chosen:  # the language picked here wins over one saved at start
            await app.set_language(chosen)
        app.save_setting("lang", chosen)
        await app.push_screen(TourScreen())

    async def action_skip(self) -> None:
        """Esc: study under the name shown (the login name), and skip the tour."""
        self.course_app.save_setting("lang", self.course_app.lang)
        self.dismiss()


class TourScreen(BaseModal):
    """Thirty seconds on the keys: four pages; Enter or → next, ← back, Esc skips."""

    BINDINGS = [
        Binding("enter,right,space", "page(1)", "key.next"),
        Binding("left", "page(-1)", "key.prev"),
        Binding("escape", "dismiss", "key.skip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="tour"):
            yield Label("", id="tour-title", classes="heading", markup=False)
            yield Label("", id="tour-body", markup=False)
            yield Label("", id="tour-foot", classes="muted", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self._show()

    async def relocalize(self) -> None:
        await super().relocalize()
        self._show()

    def _show(self) -> None:
        key = TOUR_PAGES[self.page]
        self.query_one("#tour-title", Label).update(self.tr(key + ".title"))
        self.query_one("#tour-body", Label).update(self.tr(key + ".body"))
        self.query_one("#tour-foot", Label).update(self.tr("tour.foot", n=self.page + 1, m=len(TOUR_PAGES)))

    def action_page(self, step: int) -> None:
        page = self.page + step
        if page >= len(TOUR_PAGES):
            self.dismiss()
            return
        self.page = max(0, page)
        self._show()
