"""A footer that is composed anew only when the keys it shows change.

Textual's ``Footer`` recomposes (every key widget unmounted, made, styled and mounted again)
whenever the screen's bindings are refreshed -- on every change of focus, even when the
focused widget's bindings are all hidden and the footer would show exactly the same keys.
On the quiz screen that happened on every answer (focus moves from the options to the
"next question" button): about a third of the work of showing the feedback.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class SteadyFooter(Footer):
    """``Footer`` that skips recomposing when what it would show is unchanged."""

    _shown: Any = None

    def _signature(self) -> Any:
        """What :meth:`Footer.compose` shows, as comparable data."""
        screen, app = self.screen, self.app
        keys = tuple(
            (b.key, app.get_key_display(b), b.description, b.action, enabled, tooltip, b.group)
            for (_, b, enabled, tooltip) in screen.active_bindings.values()
            if b.show or b.key == app.COMMAND_PALETTE_BINDING
        )
        return keys, self.show_command_palette and app.ENABLE_COMMAND_PALETTE, self.compact

    def compose(self):
        if self._bindings_ready:
            self._shown = self._signature()
        yield from super().compose()

    def bindings_changed(self, screen: Any) -> None:
        current = self._shown is not None and self.is_attached and screen is self.screen and screen.app.app_focus
        if current and self._signature() == self._shown:
            return
        super().bindings_changed(screen)
