"""A Markdown widget that is whole the moment it is mounted.

Textual's ``Markdown`` mounts empty, parses its text in a worker thread and then mounts the
blocks: two mounts and two or three layout passes before the text shows (about 20 ms per
section on a 2-CPU machine). Section texts, quiz prompts and feedback are a few kilobytes at
most, so :class:`FastMarkdown` parses on the spot: its blocks are composed with it (one mount,
one layout), and :meth:`FastMarkdown.update` swaps the blocks in one batch. What it shows is
exactly what ``Markdown`` shows (the same parser and block widgets).

It relies on internals of Textual 8.2's ``Markdown`` (``_build_from_source``, the
``_initial_markdown`` it keeps until mounted). Where those are missing (another Textual), it
behaves exactly as the stock widget: slower, never broken.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

try:  # built on Textual 8.2's list blocks (a private module): else Textual's own lists
    from course_tui.tui.widgets.mdlist import OneWidgetBulletList, OneWidgetOrderedList

    LIST_BLOCKS = {"bullet_list_open": OneWidgetBulletList, "ordered_list_open": OneWidgetOrderedList}
except ImportError:  # pragma: no cover - another Textual
    LIST_BLOCKS = {}

# The internals the fast path needs, checked once.
FAST = callable(getattr(Markdown, "_build_from_source", None))


class FastMarkdown(Markdown):
    """``Markdown`` whose blocks are built while composing and on update, not in a thread;
    lists whose items are single paragraphs are one widget each (widgets/mdlist.py)."""

    BLOCKS = {**Markdown.BLOCKS, **LIST_BLOCKS}
    _composed: str | None = None  # the text compose() built (see update())

    def compose(self) -> ComposeResult:
        if not FAST or not hasattr(self, "_initial_markdown"):
            yield from super().compose()
            return
        text = self._initial_markdown or ""
        self._composed = text  # Markdown's own mount handler then has nothing left to do
        self._markdown = text
        yield from self._build_from_source(text)

    def update(self, markdown: str) -> AwaitComplete:
        """Show *markdown* instead; await the result to know the new blocks are mounted."""
        if not FAST or not hasattr(self, "_initial_markdown"):
            return super().update(markdown)
        if self._composed == markdown:  # Markdown's mount handler: done in compose
            self._composed = None
            self._after_update(markdown)
            return AwaitComplete(_nothing())
        self._composed = None
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
