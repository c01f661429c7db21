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

    changed = False  # "Saved for NAME." only once something was changed

    def compose(self) -> ComposeResult:
        app = self.course_app
        languages = list(app.course.languages)
        themes = sorted(app.available_themes)
        with Vertical(classes="dialog"):
            yield Label(self.tr("settings.title"), classes="heading", markup=False)
            yield Label(self.tr("settings.language"), markup=False)
            choices = OptionList(
                *[Option(f"{'●' if code == self.lang else '○'} {LANGUAGE_NAMES.get(code, code)}", id=f"lang:{code}") for code in languages],
                id="languages",
                markup=False,
            )
            if self.lang in languages:  # the current one is marked ● and highlighted
                choices.highlighted = languages.index(self.lang)
            yield choices
            yield Label(self.tr("settings.theme"), markup=False)
            choices = OptionList(
                *[Option(f"{'●' if name == app.theme else '○'} {name}", id=f"theme:{name}") for name in themes],
                id="themes",
                markup=False,
            )
            if app.theme in themes:  # highlighted, so scrolled into view
                choices.highlighted = themes.index(app.theme)
            yield choices
            saved = self.tr("settings.saved", name=one_line(app.learner.name)) if self.changed else ""
            yield Label(saved, id="saved", classes="muted", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, value = (event.option.id or "").partition(":")
        if kind == "lang" and value != self.lang:
            self.changed = True
            await self.course_app.set_language(value)  # every screen redrawn, this one too
        elif kind == "theme" and value != self.app.theme:
            self.changed = True
            self.app.theme = value
            await self.recompose()
            self.query_one("#themes").focus()
