"""The key bar at the bottom of every screen, drawn by one widget.

Textual's ``Footer`` makes a widget per key (seven or eight on most screens), composes them
only after the screen's first frame (so a screen first shows an empty footer, and the keys
cost one more layout and frame), and composes them all anew on every change of focus. This
bar looks the same (the same theme colours, spacing and the command-palette key at the
right), but reads the screen's active bindings when it draws: it is whole in the first
frame, and a change of focus or language is one repaint of one line. A description that is
an interface-string key (``key.…``, as every binding of the app declares) is shown in the
learner's language.

A click on a key presses that key, as on Textual's footer.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.widget import Widget

from course_tui.tui.i18n import t
from course_tui.tui.textual_compat import class_bindings


HELP_KEY = "question_mark"


class Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The screen's shown key bindings (``Binding.show``), then the command palette's at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--palette-border"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--palette-border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._keys: tuple[list[Key], Key | None] | None = None
        self._spans: list[tuple[int, int, Key]] = []  # (start, end, key) of each drawn key, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if self._read_keys() != self._keys:
            self.refresh()

    def _read_keys(self) -> tuple[list[Key], Key | None]:
        """What the bar shows: the first shown binding of each action, in the screen's order
        (as Textual's footer groups them), and the command palette's key. When the screen
        has keys of its own that the bar does not show, the help key says "more keys"."""
        app = self.app
        lang = getattr(app, "lang", "en")
        keys: list[Key] = []
        actions: set[str] = set()
        palette: Key | None = None
        unshown = []
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            description = t(lang, binding.description) if binding.description.startswith("key.") else binding.description
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = Key(binding.key, app.get_key_display(binding), description, enabled)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(Key(binding.key, app.get_key_display(binding), description, enabled))
            elif not binding.show and binding.description:
                unshown.append(binding)
        if any(b.action not in actions and self._screens_own(b) for b in unshown):
            keys = [k._replace(description=self._more()) if k.key == HELP_KEY else k for k in keys]
        return keys, palette

    def _screens_own(self, binding: Any) -> bool:
        """One of the screen's own keys that help lists (its description an i18n key "key.…"),
        offered now; not Textual's (Tab, Ctrl+C) nor the app's."""
        screen_keys = class_bindings(type(self.screen))  # descriptions there are i18n keys
        if screen_keys is None:
            return False
        own = any(b.action == binding.action and b.description.startswith("key.") for b in screen_keys.key_to_bindings.get(binding.key, []))
        target, _, name = binding.action.rpartition(".")
        owner = self.app if target == "app" else self.screen
        return own and owner.check_action(name, ()) is not False

    def _more(self) -> str:
        tr = getattr(self.app, "tr", None)
        return tr("key.more") if callable(tr) else "More keys"

    def _item(self, key: Key) -> Content:
        key_style = self.get_visual_style("keybar--key")
        if not key.description:
            item = Content.styled(key.display, key_style)
        else:
            item = Content.assemble((f" {key.display} ", key_style), (f"{key.description} ", self.get_visual_style("keybar--description")))
        return item.stylize("dim") if not key.enabled else item

    def render(self) -> Content:
        self._keys = keys, palette = self._read_keys()
        width = self.size.width
        right = Content("")
        if palette is not None:  # Textual draws this key compact: no space around the key
            item = Content.assemble(
                (palette.display, self.get_visual_style("keybar--key")), (f" {palette.description}", self.get_visual_style("keybar--description"))
            )
            right = Content.assemble(("▏", self.get_visual_style("keybar--palette-border")), item, " ")
        room = max(0, width - right.cell_length)
        left, spans, x = Content(""), [], 0
        for key in keys:
            item = self._item(key)
            spans.append((x, x + item.cell_length, key))
            left, x = left + item, x + item.cell_length
        if left.cell_length > room:  # keys drop from the right; the help key stays, last
            helps = [k for k in keys if k.key == HELP_KEY]
            kept = [k for k in keys if k.key != HELP_KEY]
            more = [k._replace(description=self._more()) for k in helps]
            while kept and sum(self._item(k).cell_length for k in kept + more) > room:
                kept.pop()
            left, spans, x = Content(""), [], 0
            for key in kept + more:
                item = self._item(key)
                spans.append((x, x + item.cell_length, key))
                left, x = left + item, x + item.cell_length
            if left.cell_length > room:
                left = left.truncate(room)
        if palette is not None:
            spans.append((room, width, palette))
        self._spans = [(start, min(end, room) if key is not palette else end, key) for start, end, key in spans if start < room or key is palette]
        return Content.assemble(left, " " * (room - left.cell_length), right)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return

    @property
    def shown(self) -> list[Key]:
        """The keys on the bar, the command palette's last."""
        keys, palette = self._read_keys()
        return keys + ([palette] if palette else [])
