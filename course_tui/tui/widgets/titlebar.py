"""A one-line title bar: the screen's (or app's) title and the learner.

Used instead of Textual's Header, whose title watchers race with screens that are rebuilt
(recomposed) when the language or the learner changes.
"""

from __future__ import annotations

from textual.widgets import Label


class TitleBar(Label):
    DEFAULT_CSS = """
    TitleBar {
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        content-align: center middle;
    }
    """

    def __init__(self, title: str | None = None) -> None:
        super().__init__("", markup=False)
        self.fixed_title = title

    def on_mount(self) -> None:
        self.refresh_title()

    def refresh_title(self) -> None:
        app = self.app
        title = self.fixed_title or app.title
        self.update(f"{title} — {app.sub_title}" if app.sub_title else title)
