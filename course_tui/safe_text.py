"""Text from a course, a store or a command line, made inert before it is shown.

One rule, kept here: such text is data. It is never parsed as Textual/Rich markup (the
screens use ``markup=False`` or :class:`textual.content.Content`), and no control character
from it reaches a terminal. :func:`inert` replaces every C0 control but newline and tab,
DEL, and every C1 control (ESC, CSI, OSC and the rest) with a visible placeholder;
:func:`one_line` also shows newlines and tabs, for text that must stay on one line (a name
in a message, a file name in a finding).
"""

from __future__ import annotations

import re

# C0 controls except tab (\x09) and newline (\x0a); DEL; C1 controls. As regular expression
# character classes, for the other modules that need the same sets (the store's names).
CONTROL_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
CONTROL_OR_BREAK_CLASS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROLS = re.compile(f"[{CONTROL_CLASS}]")
_CONTROLS_AND_BREAKS = re.compile(f"[{CONTROL_OR_BREAK_CLASS}]")
REPLACEMENT = "\ufffd"


def _picture(code: int) -> str:
    """The visible stand-in of one control character: its Unicode control picture
    (␛ for ESC, ␍ for CR, ␡ for DEL), or U+FFFD for a C1 control, which has none."""
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code in (0x2028, 0x2029):
        return "\u2424"
    return REPLACEMENT


# The replacements as translation tables: str.translate runs in C, in one pass.
INERT_TABLE = {c: _picture(c) for c in range(0xA0) if _CONTROLS.match(chr(c))}
_ONE_LINE_TABLE = {c: _picture(c) for c in (*range(0xA0), 0x2028, 0x2029) if _CONTROLS_AND_BREAKS.match(chr(c))}


def control_positions(text: str) -> list[int]:
    """Offsets of the control characters :func:`inert` would replace."""
    return [m.start() for m in _CONTROLS.finditer(text)]


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def inert(text: str) -> str:
    """*text* with every control character but newline and tab shown as a placeholder."""
    if _CONTROLS.search(text) is None:  # the common case: no copy
        return text
    return text.translate(INERT_TABLE)


def one_line(text: str) -> str:
    """*text* on one line: newlines and tabs shown as placeholders too (names, paths)."""
    if _CONTROLS_AND_BREAKS.search(text) is None:
        return text
    return text.translate(_ONE_LINE_TABLE)
