"""Contrast between two colours, as WCAG 2.2 defines it, and the themes' legibility fixes.

WCAG's level AA asks 4.5:1 between text and its background (success criterion 1.4.3). The
ratio is (L1 + 0.05) / (L2 + 0.05) of the two relative luminances, L1 the lighter.
"""

from __future__ import annotations

from collections.abc import Callable

RGB = tuple[int, int, int]

AA_TEXT = 4.5
"""WCAG 2.2 level AA for text (1.4.3 Contrast (Minimum))."""

AA_AIM = 4.6
"""What a colour that falls short is moved to: AA with a little room (a terminal of 256
colours is handled apart: the fix is checked on the rounded colours)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: RGB) -> float:
    """The relative luminance of an sRGB colour: 0 for black, 1 for white."""
    r, g, b = color
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: RGB, b: RGB) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    if la < lb:
        la, lb = lb, la
    return (la + 0.05) / (lb + 0.05)


# -- every text cell at AA, whatever the theme ------------------------------------------------

# Box drawing and block elements: borders, rules, scroll bars and progress bars, not text.
_GRAPHICS = frozenset(" \t\u2800") | frozenset(chr(c) for c in range(0x2500, 0x25A0))


def is_text(text: str) -> bool:
    """Does *text* hold a character read as text (not blank, not a border or a bar)?"""
    return not frozenset(text) <= _GRAPHICS


def legible(color: RGB, background: RGB, target: float = AA_AIM, shown: Callable[[RGB], RGB] | None = None) -> RGB:
    """*color*, moved just far enough to reach *target* against *background*: away from the
    background (lighter text on a darker background gets lighter), or the other way when that
    end cannot reach AA; *color* itself when it already reaches AA. Where the near end reaches
    AA but not *target*, the near end itself (white or black). *shown*: what the terminal
    shows for a colour (one of 256 colours rounds it; *background* is given as shown)."""

    def show(rgb: RGB) -> RGB:
        return rgb if shown is None else shown(rgb)

    if contrast(show(color), background) >= AA_TEXT:
        return color
    white, black = (255, 255, 255), (0, 0, 0)
    end = white if luminance(color) >= luminance(background) else black
    if contrast(end, background) < AA_TEXT:
        end = black if end == white else white
    if contrast(end, background) < target:
        return end

    def mix(t: float) -> RGB:
        r, g, b = color
        return (round(r + (end[0] - r) * t), round(g + (end[1] - g) * t), round(b + (end[2] - b) * t))

    if shown is not None:  # a rounded colour does not grow steadily: the first of 256 steps
        return next((mix(step / 256) for step in range(1, 256) if contrast(shown(mix(step / 256)), background) >= target), end)
    low, high = 0.0, 1.0
    for _ in range(12):  # the smallest step that reaches the target, to 1/4096
        middle = (low + high) / 2
        if contrast(mix(middle), background) >= target:
            high = middle
        else:
            low = middle
    return mix(high)
