"""A one-line title bar: the screen's (or app's) title and the learner; under it, while the
store cannot be written, the read-only banner (what the learner must know on every screen).

Used instead of Textual's Header, whose title watchers race with screens that are rebuilt
(recomposed) when the language or the learner changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.events import Resize
from textual.style import Style
from textual.widgets import Label

from course_tui.safe_text import one_line
from course_tui.tui.i18n import t

from course_tui.tui.text import fit


BANNER_STYLE = Style(bold=True, reverse=True)


class TitleBar(Label):
    DEFAULT_CSS = """
    TitleBar {
        width: 100%;
        height: auto;
        background: $panel;
        color: $foreground;
        text-style: bold;
        content-align: center middle;
        &.-read-only { text-align: center; }
    }
    """

    def __init__(self, title: str | None = None) -> None:
        super().__init__("", markup=False)
        self.fixed_title = title
        self._shown: tuple[str, str] | None = None

    def on_mount(self) -> None:
        self.refresh_title()

    def on_resize(self, event: Resize) -> None:
        self.refresh_title()

    def refresh_title(self) -> None:
        """The title, cut with … where needed so that the learner's name always shows; under
        it the read-only banner while the store cannot be written."""
        app = self.app
        title = self.fixed_title or app.title
        suffix = f" — {app.sub_title}" if app.sub_title else ""
        width = self.size.width or app.size.width
        room = max(8, width - 2 - cell_len(suffix))
        text = fit(title, room, pad=False) + suffix
        reason = getattr(app, "read_only_reason", None)
        banner = fit(t(getattr(app, "lang", "en"), "readonly.banner", reason=one_line(reason)), max(8, 3 * (width - 2)), pad=False) if reason else ""
        if (text, banner) != self._shown:  # a resize that changes nothing must not ask for a new layout
            self._shown = (text, banner)
            self.set_class(bool(banner), "-read-only")
            self.update(Content.assemble(text, "\n", (banner, BANNER_STYLE)) if banner else text)
