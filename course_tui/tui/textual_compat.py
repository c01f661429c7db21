"""The one module where course-tui relies on internals of Textual (8.2) and Rich, and why.

The public API was tried first; what is here has no public equivalent. Each piece checks
that what it needs is there and does nothing otherwise (the app then runs as with a plain
Textual), and tests/test_textual_compat.py fails loudly when a new Textual or Rich changes
it: update this module, nowhere else.

1. Control characters. Textual's ``Content`` and Rich's ``Text`` remove
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

2. Unhandled exceptions. Textual catches every exception raised in the
   app in ``App._handle_exception``, sets the return code (public: ``App.return_code``) and
   keeps a Rich traceback in ``App._exit_renderables``, which it prints to stderr once the
   terminal is restored. There is no public hook. :class:`CrashReportingApp` calls
   ``report_crash(error)`` (once, with the first exception) and drops Textual's traceback: the
   app writes its own report to a file and the launcher prints one line naming it.

3. Markdown parsed while composing. Textual's ``Markdown`` mounts empty, parses its text in a
   worker thread and then mounts the blocks: two mounts and two or three layout passes
   before the text shows (about 20 ms per lesson section on a 2-CPU machine). Its public
   API has no synchronous way in; :class:`EagerMarkdown` builds the blocks with the private
   ``Markdown._build_from_source`` while composing and on update (one mount, one layout),
   and keeps ``Markdown``'s private state (``_initial_markdown``, ``_markdown``,
   ``_table_of_contents``, ``_last_parsed_line``, ``_theme``) as ``Markdown.update`` leaves
   it. Where those are missing it is the stock ``Markdown``: slower, never broken.

4. Markdown list blocks. The list, list-item and paragraph block classes are not exported by
   ``textual.widgets.markdown`` (the public module is tried first), and a block's children
   (``_blocks``) and a paragraph's text (``_content``) have no public accessor.
   course_tui/tui/widgets/mdlist.py draws a list of one-paragraph items as one widget with
   them (:func:`child_blocks`, :func:`paragraph_content`); where they are missing the list is
   left to Textual.

5. The bindings a screen class declares. ``Screen.active_bindings`` (public) is what is
   active now: it leaves out actions ``check_action`` disables and keys the focused widget
   takes. The help screen lists every key of a screen, so it reads the class's merged
   ``BINDINGS`` (``DOMNode._merged_bindings``, built by Textual from the class and its
   bases): :func:`class_bindings`.

6. Line breaking. Textual's ``Content`` and Rich's ``Text`` wrap through Rich's
   ``rich._wrap.divide_line``, which each imports by name (``textual.content.divide_line``,
   ``rich.text.divide_line``): it breaks only at spaces and folds a Chinese sentence at any
   character, so lines started with "，" or "）". Neither has an option for another line
   breaker. :func:`break_lines_by_cjk_rules` puts :func:`course_tui.tui.linebreak.divide_line`
   (same interface, the CJK line-breaking rules) in both places: every wrapped text in the
   app — labels, Markdown, lists, options, toasts — follows the rules.

7. The screen as drawn. ``App.export_screenshot`` (public) gives an SVG; the theme-contrast
   checks need each cell's final colours. :func:`screen_cells` reads the screen's compositor
   (``Screen._compositor.render_update``, what ``export_screenshot`` itself draws from, with the
   screens below a dialog; not for use while the app runs: it marks the screen clean), and
   resolves each run's colours as a terminal shows them (course_tui/tui/legibility.py). The
   contrast filter there is a ``textual.filter.LineFilter``, a class Textual calls internal,
   added through the public ``App.get_line_filters``; tests/test_contrast.py fails when it is no
   longer applied.

Replaced by public means (nothing here): a scroll bar that appears no longer re-wraps the text
(CSS ``scrollbar-gutter: stable`` on the scrolling bodies), the lesson fetches its
neighbouring sections once a frame is painted (``Screen.screen_layout_refresh_signal``), and
key descriptions follow the language where the key bar and the help screen draw them (no
rebuilt ``_bindings``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingsMap
from textual.content import Content
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

try:  # not exported by textual.widgets.markdown in Textual 8.2; a later version may
    from textual.widgets.markdown import (  # type: ignore[attr-defined]
        MarkdownBulletList,
        MarkdownListItem,
        MarkdownOrderedList,
        MarkdownOrderedListItem,
        MarkdownParagraph,
    )
except ImportError:
    from textual.widgets._markdown import (
        MarkdownBulletList,
        MarkdownListItem,
        MarkdownOrderedList,
        MarkdownOrderedListItem,
        MarkdownParagraph,
    )

from course_tui.safe_text import INERT_TABLE
from course_tui.tui.contrast import RGB

__all__ = [
    "EAGER_MARKDOWN",
    "CrashReportingApp",
    "EagerMarkdown",
    "MarkdownBulletList",
    "MarkdownListItem",
    "MarkdownOrderedList",
    "MarkdownOrderedListItem",
    "MarkdownParagraph",
    "child_blocks",
    "class_bindings",
    "controls_are_shown_as_placeholders",
    "paragraph_content",
    "screen_cells",
    "show_controls_as_placeholders",
]


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


def break_lines_by_cjk_rules() -> bool:
    """Make Textual's Content and Rich's Text wrap with the CJK line-breaking rules
    (idempotent). True when both now do."""
    import rich.text
    import textual.content

    from course_tui.tui.linebreak import divide_line

    done = True
    for module in (textual.content, rich.text):
        if callable(getattr(module, "divide_line", None)):
            module.divide_line = divide_line  # type: ignore[attr-defined]
        else:
            done = False
    return done and lines_break_by_cjk_rules()


def lines_break_by_cjk_rules() -> bool:
    from rich.text import Text
    from textual.content import Content

    probe = "一二三四，五"  # at 8 cells "，" would start the second line
    return Content(probe).wrap(8)[1].plain.startswith("四") and Text(probe).wrap(_console(), 8)[1].plain.startswith("四")


def _console():  # noqa: ANN202 - a Rich Console
    from rich.console import Console

    return Console(width=80)


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


# -- 3. Markdown parsed while composing ------------------------------------------------------

EAGER_MARKDOWN = callable(getattr(Markdown, "_build_from_source", None))
"""Textual's Markdown still has what :class:`EagerMarkdown` needs (checked once)."""


class EagerMarkdown(Markdown):
    """``Markdown`` whose blocks are built while composing and on update, not in a thread.
    What it shows is exactly what ``Markdown`` shows (the same parser and block widgets)."""

    _composed_source: str | None = None  # the text compose() built (see update())

    def _eager(self) -> bool:
        return EAGER_MARKDOWN and hasattr(self, "_initial_markdown")

    def compose(self) -> ComposeResult:
        if not self._eager():
            yield from super().compose()
            return
        text = self._initial_markdown or ""
        self._composed_source = text  # Markdown's own mount handler then has nothing left to do
        self._markdown = text
        yield from self._build_from_source(text)

    def update(self, markdown: str) -> AwaitComplete:
        """Show *markdown* instead; await the result to know the new blocks are mounted."""
        if not self._eager():
            return super().update(markdown)
        if self._composed_source == markdown:  # Markdown's mount handler: done in compose
            self._composed_source = None
            self._after_update(markdown)
            return AwaitComplete(_nothing())
        self._composed_source = None
        self._theme = self.app.theme
        blocks = self._build_from_source(markdown)
        self._markdown = markdown
        self._table_of_contents = None

        async def swap() -> None:
            async with self.lock:
                with self.app.batch_update():
                    await self.query_children(MarkdownBlock).remove()
                    await self.mount_all(blocks)
            self._after_update(markdown)

        return AwaitComplete(swap())

    def _after_update(self, markdown: str) -> None:
        lines = markdown.splitlines()
        self._last_parsed_line = len(lines) - (1 if lines and lines[-1] else 0)
        self._theme = self.app.theme
        self.post_message(Markdown.TableOfContentsUpdated(self, self.table_of_contents).set_sender(self))


async def _nothing() -> None:
    return None


# -- 4. Markdown list blocks -----------------------------------------------------------------


def child_blocks(block: MarkdownBlock) -> list[MarkdownBlock] | None:
    """The blocks *block* holds before it composes them (the list itself: clearing it leaves
    nothing for Textual to compose), or None where Textual keeps them elsewhere."""
    blocks = getattr(block, "_blocks", None)
    return blocks if isinstance(blocks, list) else None


def paragraph_content(paragraph: MarkdownBlock) -> Content | None:
    """The styled text of a Markdown paragraph block, or None where Textual keeps it elsewhere."""
    content = getattr(paragraph, "_content", None)
    return content if isinstance(content, Content) else None


# -- 5. The bindings a screen class declares -------------------------------------------------


def class_bindings(node_type: type) -> BindingsMap | None:
    """Every binding *node_type* declares in ``BINDINGS``, its bases' merged in as Textual
    merges them; None when it declares none (or Textual keeps them elsewhere)."""
    merged = getattr(node_type, "_merged_bindings", None)
    return merged if isinstance(merged, BindingsMap) else None


# -- 7. The screen as drawn ------------------------------------------------------------------


def screen_cells(app: App[Any], eight_bit: bool = False) -> list[tuple[int, int, str, RGB, RGB, bool]] | None:
    """Every run of text on *app*'s screen as drawn now: ``(row, column, text, foreground,
    background, bold)`` with the colours a terminal shows
    (:func:`course_tui.tui.legibility.shown_colours`: reverse video swapped, palette colours
    through the app's ANSI palette, dim blended as Textual blends it; *eight_bit*: true colours
    rounded as a terminal of 256 colours shows them). None where the compositor is not
    reachable."""
    from rich.segment import Segment

    from course_tui.tui.legibility import shown_colours

    compositor = getattr(app.screen, "_compositor", None)
    render = getattr(compositor, "render_update", None)
    if not callable(render):
        return None
    update = render(full=True, screen_stack=getattr(app, "_background_screens", None))
    strips = getattr(update, "strips", None)
    if strips is None:
        return None
    palette = app.ansi_theme
    cells: list[tuple[int, int, str, RGB, RGB, bool]] = []
    for row, line in enumerate(strips):
        column = 0
        for strip in line:
            for segment in strip:
                text, style = segment.text, segment.style
                if isinstance(segment, Segment) and segment.control:
                    continue
                if style is not None and text:
                    fg, bg = shown_colours(style, palette, eight_bit)
                    cells.append((row, column, text, fg, bg, bool(style.bold)))
                column += segment.cell_length
    return cells
