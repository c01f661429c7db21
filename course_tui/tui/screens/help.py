"""Help: every key that works on the screen below and everywhere, in the learner's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label

from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

NAMES = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "space": "Space", "left_square_bracket": "[",
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
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "key.close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def _lines(self, node: DOMNode) -> list[str]:
        by_action: dict[str, list[str]] = {}
        source = type(node)._merged_bindings  # descriptions there are i18n keys ("key.…")
        for key, bindings in source.key_to_bindings.items():  # type: ignore[union-attr]
            for b in bindings:
                if b.description.startswith("key."):
                    by_action.setdefault(self.tr(b.description), []).append(_key_name(key))
        return [f"  {' / '.join(keys):<18} {desc}" for desc, keys in by_action.items()]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(classes="screen-body findings"):
            yield Label(self.tr("help.title"), classes="heading", markup=False)
            if self.below is not None and type(self.below)._merged_bindings is not None:
                yield Label(self.tr("help.here"), classes="heading", markup=False)
                for line in self._lines(self.below):
                    yield Label(line, markup=False)
            yield Label(self.tr("help.everywhere"), classes="heading", markup=False)
            for line in self._lines(self.app):
                yield Label(line, markup=False)
            yield Label("  Ctrl+P             " + self.tr("key.palette"), markup=False)
            yield Label(self.tr("help.palette"), classes="heading muted", markup=False)
        yield KeyBar()
