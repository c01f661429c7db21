"""The one module where course-tui relies on internals of Textual (8.2) and Rich, and why.

The public API was tried first; what is here has no public equivalent. Each piece checks
that what it needs is there and does nothing otherwise (the app then runs as with a plain
Textual), and tests/test_textual_compat.py fails loudly when a new Textual or Rich changes
it: update this module, nowhere else.

1. Control characters (a course file, a store or a learner can hold any). Textual's ``Content`` and Rich's ``Text`` remove
   five control characters from every text they are given (BEL, BS, VT, FF, CR) and let
   every other one through to the terminal, ESC included: a course title holding
   ``ESC ] 52 ; c ; …`` would write the learner's clipboard, ``ESC [ 2 J`` clear the
   screen. Neither has an option for it. Both strip through a translation table
   (``textual.content._CONTROL_STRIP_TRANSLATE``, ``rich.control._CONTROL_STRIP_TRANSLATE``);
   :func:`show_controls_as_placeholders` adds every other control character that
   :func:`course_tui.safe_text.inert` replaces to those tables, mapped to the same visible
   placeholder (one character for one, so styled spans keep their offsets). Every text the
   app draws (labels, Markdown, option lists, buttons, toasts, inputs, the command palette)
   is a ``Content`` or a Rich ``Text``: this is the one rendering boundary, and it costs
   nothing (the tables were consulted for every character already).

2. Unhandled exceptions (the learner sees a terminal restored and one line, never a
   traceback). Textual catches every exception raised in the
   app in ``App._handle_exception``, sets the return code (public: ``App.return_code``) and
   keeps a Rich traceback in ``App._exit_renderables``, which it prints to stderr once the
   terminal is restored. There is no public hook. :class:`CrashReportingApp` calls
   ``report_crash(error)`` (once, with the first exception) and drops Textual's traceback: the
   app writes its own report to a file and the launcher prints one line naming it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.app import App

from course_tui.safe_text import INERT_TABLE


def _tables() -> list[dict[int, Any]]:
    """The translation tables Textual's Content and Rich's Text strip control codes with."""
    import rich.control
    import textual.content

    found = []
    for module in (textual.content, rich.control):
        table = getattr(module, "_CONTROL_STRIP_TRANSLATE", None)
        if isinstance(table, dict):
            found.append(table)
    return found


def show_controls_as_placeholders() -> bool:
    """Make Textual's Content and Rich's Text show control characters as placeholders
    (idempotent). True when both now do, checked on the real classes."""
    for table in _tables():
        for code, picture in INERT_TABLE.items():
            table.setdefault(code, picture)  # the five stripped already stay stripped
    return controls_are_shown_as_placeholders()


def controls_are_shown_as_placeholders() -> bool:
    from rich.text import Text
    from textual.content import Content

    probe = "a\x1b]52;c;x\x07\x9b2J"
    return "\x1b" not in Content(probe).plain and "\x9b" not in Content(probe).plain and "\x1b" not in Text(probe).plain


ReturnType = TypeVar("ReturnType")


class CrashReportingApp(App[ReturnType], Generic[ReturnType]):
    """An App that hands its first unhandled exception to :meth:`report_crash` and leaves
    Textual's own traceback unprinted. It still exits with a non-zero ``return_code``, and
    ``run_test`` still re-raises the exception (tests see it)."""

    crashed: BaseException | None = None

    def report_crash(self, error: BaseException) -> None:
        """Called once, with the first unhandled exception; the app is closing."""

    def _handle_exception(self, error: Exception) -> None:
        first = self.crashed is None
        if first:
            self.crashed = error
            try:
                self.report_crash(error)
            except Exception:  # noqa: BLE001 - the report failed: Textual's traceback stays
                first = False
        super()._handle_exception(error)
        renderables = getattr(self, "_exit_renderables", None)
        if first and isinstance(renderables, list):
            renderables.clear()  # the report replaces Textual's traceback on stderr

