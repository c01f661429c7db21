"""The Markdown widget of every screen: whole the moment it is mounted.

Textual's ``Markdown`` mounts empty, parses its text in a worker thread and then mounts the
blocks. Section texts, quiz prompts and feedback are a few kilobytes at most, so
:class:`FastMarkdown` parses on the spot (textual_compat.EagerMarkdown: one mount, one
layout), and draws lists whose items are single paragraphs as one widget each
(widgets/mdlist.py). What it shows is what ``Markdown`` shows.
"""

from __future__ import annotations

from textual.widgets import Markdown

from course_tui.tui.textual_compat import EagerMarkdown
from course_tui.tui.widgets.mdlist import LIST_BLOCKS


class FastMarkdown(EagerMarkdown):
    """``Markdown`` whose blocks are built while composing and on update, not in a thread;
    lists whose items are single paragraphs are one widget each."""

    BLOCKS = {**Markdown.BLOCKS, **LIST_BLOCKS}
