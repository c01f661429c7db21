"""Notes and bookmarks: the dialog that writes a note on a lesson section (``N`` in a
lesson), and the screen that lists every bookmark and note by chapter (``b`` on the map);
Enter opens the section. What is listed, and in which order, is learning/notes.py's."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from course_tui.learning.notes import Mark, marks_by_chapter
from course_tui.learning.storeschema import MAX_NOTE_LENGTH
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseModal, BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.numbered import hanging
from course_tui.tui.widgets.titlebar import TitleBar


class NoteDialog(BaseModal):
    """Write or change the note on one section: Ctrl+S saves (an empty note is removed),
    Esc closes without saving. Dismisses with the text, or None."""

    AUTO_FOCUS = "#note-text"
    BINDINGS = [Binding("ctrl+s", "save", "key.save", priority=True), Binding("escape", "cancel", "key.back")]

    def __init__(self, section_title: str, text: str) -> None:
        super().__init__()
        self.section_title, self.text = section_title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(self.tr("notes.write_title", section=one_line(self.section_title)), classes="heading", markup=False)
            yield TextArea(self.text, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Label(self.tr("notes.write_help"), classes="muted", markup=False)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text[:MAX_NOTE_LENGTH])

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotesScreen(BaseScreen):
    """Every bookmark and note of the learner, by chapter."""

    reopens_fresh = True
    AUTO_FOCUS = "#marks"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "key.back")]
    DEFAULT_CSS = """
    NotesScreen #marks { height: 1fr; }
    NotesScreen > Label { padding: 0 1; width: 100%; }
    """

    def compose(self) -> ComposeResult:
        app = self.course_app
        chapters = marks_by_chapter(app.learner.course, app.course, self.lang)
        self.targets: list[Mark | None] = []
        yield TitleBar()
        yield Label(self.tr("notes.title"), classes="heading", markup=False)
        yield Label(self.tr("notes.help" if chapters else "notes.none"), classes="muted", markup=False)
        options: list[Option] = []
        for chapter in chapters:
            options.append(Option(one_line(chapter.title), disabled=True))
            self.targets.append(None)
            for m in chapter.marks:
                first = next((line for line in m.note.splitlines() if line.strip()), "")
                text = one_line(m.section_title) + (f" — {one_line(first)}" if first else "")
                marks = ("★" if m.bookmarked else "") + ("✎" if m.note else "")
                options.append(Option(hanging(marks, text)))
                self.targets.append(m)
        yield OptionList(*options, id="marks", markup=False)
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        mark = self.targets[event.option_index]
        if mark is None:
            return
        app = self.course_app
        try:
            app.course.lesson(mark.lesson).section_index(mark.section)
        except KeyError:
            self.notify(self.tr("notes.gone"), severity="warning")
            return
        app.open_lesson(mark.lesson, mark.section)
