"""Help: every key that works on the screen below and everywhere, in the learner's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label

from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.textual_compat import class_bindings
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "key.close"), Binding("w", "tour", "key.tour")]

    async def action_tour(self) -> None:
        from course_tui.tui.screens.welcome import TourScreen

        await self.app.push_screen(TourScreen())

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def _lines(self, node: DOMNode) -> list[str]:
        by_action: dict[str, list[str]] = {}
        source = class_bindings(type(node))  # descriptions there are i18n keys ("key.…")
        for bindings in source.key_to_bindings.values() if source is not None else ():
            for b in bindings:
                if b.description.startswith("key.") and self._offered(node, b.action):
                    by_action.setdefault(self.tr(b.description), []).append(self.app.get_key_display(b))  # as the key bar names it
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
            for line in self._lines(self.app):  # the palette's key among them, once
                yield Label(line, markup=False)
            yield Label("  w                  " + self.tr("key.tour"), markup=False)
            yield Label(self.tr("help.palette"), classes="heading muted", markup=False)
        yield KeyBar()
