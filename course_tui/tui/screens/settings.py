"""Settings saved per learner: language and theme."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from course_tui.safe_text import one_line
from course_tui.tui.i18n import LANGUAGE_NAMES
from course_tui.tui.screens.base import BaseModal


class SettingsScreen(BaseModal):
    AUTO_FOCUS = "#languages"  # focused in the first frame, not moved there after it
    reopens_fresh = True
    BINDINGS = [Binding("escape,q", "close", "key.close")]

    def compose(self) -> ComposeResult:
        app = self.course_app
        with Vertical(classes="dialog"):
            yield Label(self.tr("settings.title"), classes="heading", markup=False)
            yield Label(self.tr("settings.language"), markup=False)
            yield OptionList(
                *[Option(f"{'●' if code == self.lang else '○'} {LANGUAGE_NAMES.get(code, code)}", id=f"lang:{code}") for code in app.course.languages],
                id="languages",
                markup=False,
            )
            yield Label(self.tr("settings.theme"), markup=False)
            yield OptionList(
                *[Option(f"{'●' if name == app.theme else '○'} {name}", id=f"theme:{name}") for name in sorted(app.available_themes)],
                id="themes",
                markup=False,
            )
            yield Label(self.tr("settings.saved", name=one_line(app.learner.name)), classes="muted", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, value = (event.option.id or "").partition(":")
        if kind == "lang":
            await self.course_app.set_language(value)
        elif kind == "theme":
            self.app.theme = value
            await self.recompose()
