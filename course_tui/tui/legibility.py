"""The line filter that keeps every text cell at WCAG AA contrast, whatever the theme.

Textual's built-in themes draw some text below 4.5:1 (the key bar's keys on light themes, a
highlighted row on a saturated primary, headings in the primary colour, placeholders). Every
line a widget draws passes through the app's line filters (``App.get_line_filters``); this one
checks each run of text against its own background and, where it falls short, moves the text
colour toward black or white just far enough (:func:`course_tui.tui.contrast.legible`).
Colours that pass are untouched, so a theme keeps its look; borders, scroll bars and bar
charts are not text and are left as drawn.

The ``ansi-*`` themes draw with the terminal's own palette, which no program can read. There
the check uses the palette Textual itself stands in for the terminal's (``App.ansi_theme``)
and a text colour that falls short becomes the terminal's default foreground, black or bright
white, whichever reads best on that palette; a dim that falls short is dropped.

A terminal of 256 colours (macOS's Terminal, tmux without true colour) rounds every colour
to the nearest of xterm's fixed ones, which can take a pair that passes under 4.5:1. When the
app draws on such a terminal, the check is made on the rounded colours, and a fix is chosen
so that its rounded colour passes.

Each combination of colours is worked out once (cached); a strip keeps its filtered copy
(Textual caches it per filter and background), so the app makes a new filter when the palette
changes.
``COURSE_TUI_CONTRAST=off`` turns the filter off (the themes as Textual draws them).
"""

from __future__ import annotations

import os
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem
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


def dimmed(fg: RGB, bg: RGB) -> RGB:
    """*fg* dimmed on *bg*, as Textual turns a dim into a colour (``DIM_FACTOR``)."""
    return (
        round(bg[0] + (fg[0] - bg[0]) * DIM_FACTOR),
        round(bg[1] + (fg[1] - bg[1]) * DIM_FACTOR),
        round(bg[2] + (fg[2] - bg[2]) * DIM_FACTOR),
    )


@lru_cache(4096)
def rounded_to_256(rgb: RGB) -> RGB:
    """The colour a terminal of 256 colours shows for *rgb* (Rich's choice of the nearest of
    xterm's 240 fixed colours, which Textual's output goes through on such a terminal)."""
    triplet = RichColor.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def shown_colours(style: Style, palette: TerminalTheme, eight_bit: bool = False) -> tuple[RGB, RGB]:
    """The text and background colours a terminal shows for *style*: palette colours through
    *palette*, no colour as the terminal's default, dim blended (before reverse video swaps the
    two, as Textual does); *eight_bit*: true colours rounded as a terminal of 256 colours does."""
    color, bgcolor = style.color or _DEFAULT, style.bgcolor or _DEFAULT
    fg = _rgb(color, palette, foreground=True)
    bg = _rgb(bgcolor, palette, foreground=False)
    if style.dim:
        fg = dimmed(fg, bg)
    if eight_bit:
        fg = rounded_to_256(fg) if color.triplet is not None else fg
        bg = rounded_to_256(bg) if bgcolor.triplet is not None else bg
    return (bg, fg) if style.reverse else (fg, bg)


def legible_style(style: Style, palette: TerminalTheme, native_ansi: bool, eight_bit: bool = False) -> Style | None:
    """*style* with its text at AA contrast, or None when it reads already. *native_ansi*: the
    terminal draws palette colours from its own palette (the ``ansi-*`` themes), so a palette
    colour stays one; otherwise the fix is a true colour. *eight_bit*: the terminal shows 256
    colours (:func:`rounded_to_256`): the contrast is the rounded colours'."""
    fix = _fix(style.color, style.bgcolor, style.reverse, style.dim, palette, native_ansi, eight_bit)
    return None if fix is None else style + fix


@lru_cache(8192)
def _fix(
    color: RichColor | None,
    bgcolor: RichColor | None,
    reverse: bool | None,
    dim: bool | None,
    palette: TerminalTheme,
    native_ansi: bool,
    eight_bit: bool,
) -> Style | None:
    """What to add to a style of these colours for AA contrast; None when it reads already."""
    style = Style(color=color, bgcolor=bgcolor, reverse=reverse, dim=dim)
    text, ground = shown_colours(style, palette, eight_bit)
    if contrast(text, ground) >= AA_TEXT:
        return None
    text_color = (bgcolor or _DEFAULT) if reverse else (color or _DEFAULT)
    if native_ansi and text_color.triplet is None:  # a palette colour: the one of three that reads best
        fixed = max(_PALETTE_CHOICES, key=lambda c: contrast(_rgb(c, palette, foreground=not reverse), ground))
    else:  # moved just far enough, from the colour as Textual sends it
        exact = shown_colours(style, palette)[0] if eight_bit else text
        fixed = RichColor.from_rgb(*legible(exact, ground, shown=rounded_to_256 if eight_bit else None))
    if not reverse:
        return Style(color=fixed, dim=False)
    if dim:  # the ground was the dimmed colour, blended with the text: fixed as measured
        return Style(color=RichColor.from_rgb(*ground), bgcolor=fixed, dim=False)
    return Style(bgcolor=fixed)


class ContrastFilter(LineFilter):
    """Raise every run of text below 4.5:1 against its background to 4.5:1."""

    def __init__(self, palette: TerminalTheme, native_ansi: bool, eight_bit: bool = False, enabled: bool = True) -> None:
        """*palette*: the app's stand-in for the terminal's palette (``App.ansi_theme``);
        *native_ansi*: palette colours reach the terminal as such (``App.native_ansi_color``);
        *eight_bit*: the terminal shows 256 colours."""
        super().__init__(enabled=enabled)
        self.palette = palette
        self.native_ansi = native_ansi
        self.eight_bit = eight_bit

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        fixed: list[Segment] | None = None  # a copy only once something changes
        for index, segment in enumerate(segments):
            style = segment.style
            if style is None or segment.control:
                continue
            # by colours, not by style (cached): styles differ in their links and handlers
            fix = _fix(style.color, style.bgcolor, style.reverse, style.dim, self.palette, self.native_ansi, self.eight_bit)
            if fix is not None and is_text(segment.text):
                if fixed is None:
                    fixed = list(segments)
                fixed[index] = Segment(segment.text, style + fix, segment.control)
        return segments if fixed is None else fixed
