"""Help: every key that works on the screen below and everywhere, in the learner's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label

from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.textual_compat import class_bindings
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "space": "Space", "left_square_bracket": "[",
         "right_square_bracket": "]", "pagedown": "PgDn", "pageup": "PgUp", "left": "←", "right": "→", "up": "↑", "down": "↓",
         "tab": "Tab"}


def _key_name(key: str) -> str:
    if key in NAMES:
        return NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + _key_name(key[5:]).upper()
    if key.startswith("shift+"):
        return "Shift+" + _key_name(key[6:])
    if len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "key.close"), Binding("w", "tour", "key.tour")]

    async def action_tour(self) -> None:
        from course_tui.tui.screens.welcome import TourScreen

        await self.app.push_screen(TourScreen())

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def _lines(self, node: object) -> list[str]:
        by_action: dict[str, list[str]] = {}
        source = class_bindings(type(node))  # descriptions there are i18n keys ("key.…")
        for key, bindings in source.key_to_bindings.items() if source is not None else ():
            for b in bindings:
                if b.description.startswith("key.") and self._offered(node, b.action):
                    by_action.setdefault(self.tr(b.description), []).append(_key_name(key))
        return [f"  {' / '.join(keys):<18} {desc}" for desc, keys in by_action.items()]

    def _offered(self, node: object, action: str) -> bool:
        """Whether *action* is offered now (a screen or the app can withhold one, as the app
        withholds the trainer screen without --trainer)."""
        target, _, name = action.rpartition(".")
        owner = self.app if target == "app" else node
        return owner.check_action(name, ()) is not False  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(classes="screen-body findings"):
            yield Label(self.tr("help.title"), classes="heading", markup=False)
            if self.below is not None and class_bindings(type(self.below)) is not None:
                yield Label(self.tr("help.here"), classes="heading", markup=False)
                for line in self._lines(self.below):
                    yield Label(line, markup=False)
                for note in getattr(self.below, "HELP_NOTES", ()):  # keys of the screen's widgets
                    yield Label(self.tr(note), markup=False)
            yield Label(self.tr("help.everywhere"), classes="heading", markup=False)
            everywhere = self._lines(self.app)
            if not any(line.lstrip().startswith("Ctrl+P ") for line in everywhere):  # listed once
                everywhere.append(f"  {'Ctrl+P':<18} {self.tr('key.palette')}")
            for line in everywhere:
                yield Label(line, markup=False)
            yield Label("  w                  " + self.tr("key.tour"), markup=False)
            yield Label(self.tr("help.palette"), classes="heading muted", markup=False)
        yield KeyBar()
