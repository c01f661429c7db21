"""The intermediate GIFT model: what a GIFT file says, before it becomes our quiz format.

The parser fills these records as faithfully as it can (texts keep their GIFT format and
raw markup, escapes already decoded); :mod:`.convert` decides what each one becomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from course_tui.safe_text import one_line

FORMATS = ("moodle", "html", "markdown", "plain")


@dataclass(frozen=True)
class GText:
    """A GIFT text with its format (moodle, html, markdown or plain)."""

    format: str
    text: str


@dataclass(frozen=True)
class GNumber:
    """A numerical answer: ``simple`` (number), ``range`` (number:tolerance), ``high-low`` (low..high).

    ``token`` keeps the number as written (for ``simple`` answers, e.g. ``3.0``).
    """

    kind: str
    number: float = 0.0
    tolerance: float = 0.0
    low: float = 0.0
    high: float = 0.0
    token: str = ""

    @property
    def exact(self) -> bool:
        if self.kind == "simple":
            return True
        if self.kind == "range":
            return self.tolerance == 0
        return self.low == self.high


@dataclass(frozen=True)
class GChoice:
    """One answer of a multiple-choice, short-answer or numerical question.

    ``correct`` is ``=`` (True) or ``~`` (False); ``weight`` the ``%n%`` percentage if given.
    For numerical questions ``number`` is set (None for the ``*`` catch-all) and ``text`` is None.
    """

    correct: bool
    weight: float | None
    text: GText | None
    feedback: GText | None = None
    number: GNumber | None = None
    line: int = 0


@dataclass(frozen=True)
class GMatch:
    left: GText
    right: str
    line: int = 0


@dataclass
class GQuestion:
    """One GIFT item. ``kind``: MC, TF, Short, Numerical, Matching, Essay, Description, Category,
    or Skipped (the parser could not read it: ``reason`` says why, and a warning was given)."""

    kind: str
    line: int
    title: str | None = None
    stem: GText = GText("moodle", "")
    embedded: bool = False
    global_feedback: GText | None = None
    choices: list[GChoice] = field(default_factory=list)
    matches: list[GMatch] = field(default_factory=list)
    is_true: bool = True
    feedback_wrong: GText | None = None  # true/false: GIFT's first feedback, shown for the wrong answer
    feedback_right: GText | None = None  # true/false: GIFT's second feedback, shown for the right answer
    id: str | None = None
    tags: list[str] = field(default_factory=list)
    category: str | None = None  # the $CATEGORY in force (kind Category: the category itself)
    hints: dict[str, str] = field(default_factory=dict)  # "// course-tui: key=value" comments
    reason: str = ""  # kind Skipped: why
    extra: dict[str, Any] = field(default_factory=dict)  # fields of our question format set as they are (Moodle XML: units, shuffle …)


@dataclass(frozen=True)
class GiftWarning:
    line: int
    message: str

    def format(self, path: str) -> str:
        """One line for a terminal: control characters of the bank's text (quoted in the
        message) are shown as placeholders."""
        return f"{one_line(path)}:{self.line}: warning: {one_line(self.message)}"
