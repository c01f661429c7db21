"""The learner switcher: switch to, create or rename a learner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, ListItem, ListView

from course_tui.learning.store import StoreError, check_name
from course_tui.tui.i18n import store_message
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseModal


class LearnersScreen(BaseModal):
    AUTO_FOCUS = "#learner-list"  # focused in the first frame, not moved there after it
    reopens_fresh = True
    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("ctrl+n", "new", "key.new"),
        Binding("ctrl+r", "rename", "key.rename"),
        Binding("ctrl+d", "delete", "key.delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode = "switch"  # or "new", "rename"

    def compose(self) -> ComposeResult:
        store = self.course_app.session.store
        current = self.course_app.learner.name
        names = store.learners()
        if current not in names:
            names.insert(0, current)
        with Vertical(classes="dialog"):
            yield Label(self.tr("learners.title"), classes="heading", markup=False)
            yield ListView(
                *[
                    ListItem(Label(f"{'▸' if n == current else ' '} {one_line(n)} {self.tr('learners.current') if n == current else ''}", markup=False), name=n)
                    for n in names
                ],
                id="learner-list",
            )
            yield Label("", id="prompt", markup=False)
            yield Input(id="name", placeholder=self.tr("learners.new_name"))
            keys = " · ".join(f"{self.app.get_key_display(b)} {self.tr(b.description)}" for b in self.BINDINGS if isinstance(b, Binding))
            yield Label(keys, classes="muted", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#name").display = False

    def _ask(self, mode: str, prompt: str, value: str = "") -> None:
        self.mode = mode
        self.query_one("#prompt", Label).update(prompt)
        field = self.query_one("#name", Input)
        field.display = True
        field.value = value
        field.focus()

    def action_new(self) -> None:
        self._ask("new", self.tr("learners.new_name"))

    def action_rename(self) -> None:
        name = self.course_app.learner.name
        self._ask("rename", self.tr("learners.rename_to", name=one_line(name)), one_line(name))

    async def action_delete(self) -> None:
        """Ctrl+D: delete the highlighted learner (not the one studying now), after a
        confirmation; the file is moved aside, never destroyed."""
        from course_tui.tui.screens.dialogs import ConfirmScreen

        listed = self.query_one("#learner-list", ListView)
        item = listed.highlighted_child
        name = item.name if item is not None else None
        app = self.course_app
        if not name:
            return
        if name == app.learner.name:
            self.notify(self.tr("learners.delete_current"), severity="warning")
            return

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            try:
                moved = app.session.store.delete(name)
            except StoreError as exc:
                app.store_error(exc)
                return
            self.notify(self.tr("learners.deleted", name=one_line(name), path=moved.name), timeout=10)
            self.call_later(self.recompose)

        await self.app.push_screen(ConfirmScreen(self.tr("learners.delete_title", name=one_line(name)), self.tr("learners.delete_body")), delete)

    def action_close(self) -> None:
        self.dismiss(None)

    async def on_list_view_selected(self, event: ListView.Selected) -> None:
        name = event.item.name or ""
        self.dismiss(None)
        if name and name != self.course_app.learner.name:
            self.app.call_later(self.course_app.switch_learner, name)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            name = check_name(event.value)
        except StoreError:
            self.notify(self.tr("learners.empty_name"), severity="warning")
            return
        app = self.course_app
        if self.mode == "rename":
            try:
                app.session.store.rename(app.learner.name, name)
            except StoreError as exc:
                self.notify(store_message(self.lang, exc), severity="error", timeout=10)
                return
            self.dismiss(None)
            app.call_later(app.switch_learner, name)
        else:
            self.dismiss(None)
            app.call_later(app.switch_learner, name)
