"""The line filter that keeps every text cell at WCAG AA contrast, whatever the theme.

Textual's built-in themes draw some text below 4.5:1 (the key bar's keys on light themes, a
highlighted row on a saturated primary, headings in the primary colour, disabled buttons,
placeholders). Every line a widget draws passes through the app's line filters; this one
checks each run of text against its own background and, where it falls short, moves the text
colour toward black or white just far enough (:func:`course_tui.tui.contrast.legible`).
Colours that pass are untouched, so a theme keeps its look; borders, scroll bars and bar
charts are not text and are left as drawn.

The ``ansi-*`` themes draw with the terminal's own palette, which no program can read. There
the check uses the palette Textual itself stands in for the terminal's (``App.ansi_theme``)
and a text colour that falls short becomes the terminal's default foreground, black or bright
white, whichever reads; a dim that falls short is dropped.

Each style is worked out once (cached); a strip keeps its filtered copy (Textual caches it).
``COURSE_TUI_CONTRAST=off`` turns the filter off (the themes as Textual draws them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.filter import LineFilter

from course_tui.tui.contrast import AA_TEXT, RGB, contrast, is_text, legible

_DEFAULT = RichColor.default()
_PALETTE_CHOICES = (_DEFAULT, RichColor.from_ansi(0), RichColor.from_ansi(15))
"""What a palette colour that does not read becomes: the terminal's default, black, bright white."""


def enabled() -> bool:
    return os.environ.get("COURSE_TUI_CONTRAST", "").strip().lower() != "off"


def _rgb(color: RichColor, palette: TerminalTheme, *, foreground: bool) -> RGB:
    triplet = color.get_truecolor(palette, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def _dimmed(fg: RGB, bg: RGB) -> RGB:
    return (
        round(bg[0] + (fg[0] - bg[0]) * DIM_FACTOR),
        round(bg[1] + (fg[1] - bg[1]) * DIM_FACTOR),
        round(bg[2] + (fg[2] - bg[2]) * DIM_FACTOR),
    )


@lru_cache(4096)
def legible_style(style: Style, background: RichColor, palette: TerminalTheme) -> Style:
    """*style* (drawn on *background* where it sets none) with its text at AA contrast."""
    fg_color = style.color or _DEFAULT
    bg_color = style.bgcolor or background
    if style.reverse:  # the terminal draws the text in the background colour
        text_color, text_role, ground, ground_role = bg_color, False, fg_color, True
    else:
        text_color, text_role, ground, ground_role = fg_color, True, bg_color, False
    text = _rgb(text_color, palette, foreground=text_role)
    under = _rgb(ground, palette, foreground=ground_role)
    shown = _dimmed(text, under) if style.dim else text
    if contrast(shown, under) >= AA_TEXT:
        return style
    if text_color.triplet is not None:  # a true colour: moved just far enough
        fixed = RichColor.from_rgb(*legible(shown, under))
    else:  # a palette colour: the one of three that reads best
        fixed = max(_PALETTE_CHOICES, key=lambda c: contrast(_rgb(c, palette, foreground=text_role), under))
    return style + (Style(bgcolor=fixed, dim=False) if style.reverse else Style(color=fixed, dim=False))


class ContrastFilter(LineFilter):
    """Raise every run of text below 4.5:1 against its background to 4.5:1."""

    def __init__(self, palette: Callable[[], TerminalTheme], enabled: bool = True) -> None:
        """*palette*: the app's stand-in for the terminal's palette now (``App.ansi_theme``)."""
        super().__init__(enabled=enabled)
        self.palette = palette

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        ground = background.rich_color
        palette = self.palette()
        fixed: list[Segment] | None = None  # a copy only once something changes
        for index, segment in enumerate(segments):
            style = segment.style
            if style is None or segment.control:
                continue
            new = legible_style(style, ground, palette)
            if new is not style and is_text(segment.text):
                if fixed is None:
                    fixed = list(segments)
                fixed[index] = Segment(segment.text, new, segment.control)
        return segments if fixed is None else fixed
