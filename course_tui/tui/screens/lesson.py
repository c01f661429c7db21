"""The lesson reader: one section per view, a table of contents beside it, the place saved
on every move, and at the end the way into the chapter's quizzes and scenarios."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList

from course_tui.learning.overview import reading_position
from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import bar
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.rowlist import Row, RowList
from course_tui.tui.widgets.titlebar import TitleBar


class LessonScreen(BaseScreen):
    # The text has the focus from the first frame (Textual would give it to the contents
    # first, and moving it later repaints both: one more frame on every lesson opened).
    AUTO_FOCUS = "#section"
    BINDINGS = [
        Binding("right,n,pagedown", "next", "key.next"),
        Binding("left,p,pageup", "prev", "key.prev"),
        Binding("t", "toggle_toc", "key.toc"),
        Binding("m", "bookmark", "key.bookmark", show=False),
        Binding("N", "note", "key.note", show=False),
        Binding("escape", "back", "key.back"),
        Binding("q", "back", "key.back", show=False),
    ]

    def __init__(self, lesson_id: str, section: str | None = None, visit: bool = True) -> None:
        super().__init__()
        self.lesson = self.course_app.course.lesson(lesson_id)  # self.app is the running app
        ids = [s.id for s in self.lesson.sections]
        record = self.course_app.learner.course.get("lessons", {}).get(lesson_id, {})
        saved = record.get("section")
        if section not in ids:
            section = reading_position(self.lesson, self.course_app.learner.course)
        self.index = ids.index(section)
        # Back where the reader was: the section and how far down it (saved with the place).
        scroll = record.get("scroll", 0) if section == saved else 0
        self._resume_scroll = scroll if isinstance(scroll, int) and scroll > 0 else 0
        self.visit = visit  # False when opened to look something up from a quiz
        self._opened_at = time.monotonic()

    def reopen(self) -> "LessonScreen":
        if self.visit:
            self._save_position(self._scrolled())  # the time read so far counts
        return LessonScreen(self.lesson.id, self.section.id, visit=self.visit)

    @property
    def section(self):  # noqa: ANN201
        return self.lesson.sections[self.index]

    @property
    def is_last(self) -> bool:
        return self.index == len(self.lesson.sections) - 1

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield TitleBar(self.lesson.title(lang))
        with Horizontal():
            # one widget draws every entry: a widget per entry was most of the time to open a lesson
            toc = [(str(i), self._toc_text(i), None) for i in range(len(self.lesson.sections))]
            yield RowList(toc, highlighted=self.index, wrap=True, id="toc")
            with VerticalScroll(id="section"):
                self._texts = {self.index: self._text_widget(self.index)}
                yield self._texts[self.index]
                if self.is_last:
                    yield self._lesson_end_block()
        with Horizontal(classes="status-line", id="lesson-status"):
            yield Button(Content(f"← {self.tr('key.prev')}"), id="prev-section", classes="nav", disabled=self.index == 0)
            yield Label(self._status_text(), id="section-of", markup=False)
            yield Button(Content(f"{self.tr('key.next')} →"), id="next-section", classes="nav")  # on the last: what follows
        yield KeyBar()

    def _toc_text(self, i: int) -> str:
        section = self.lesson.sections[i]
        star = "★ " if self.course_app.learner.bookmarked(self.lesson.id, section.id) else ""
        return f"{'▸' if i == self.index else ' '} {i + 1}. {star}{section.title(self.lang)}"

    def _titles(self) -> tuple[str, str]:
        return self.lesson.title(self.lang), self.section.title(self.lang)

    def action_bookmark(self) -> None:
        """``m``: bookmark this section, or take the bookmark off."""
        learner = self.course_app.learner
        on = not learner.bookmarked(self.lesson.id, self.section.id)
        try:
            learner.set_bookmark(self.lesson.id, self.section.id, on, self._titles())
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        self.query_one("#toc", RowList).set_rows([(str(i), self._toc_text(i), None) for i in range(len(self.lesson.sections))])
        self.notify(self.tr("notes.bookmarked" if on else "notes.unbookmarked", section=self.section.title(self.lang)))

    async def action_note(self) -> None:
        """``N``: write (or change) the note on this section."""
        from course_tui.tui.screens.notes import NoteDialog

        lesson_id, section_id, titles = self.lesson.id, self.section.id, self._titles()
        learner = self.course_app.learner

        def save(text: str | None) -> None:
            if text is None or text.rstrip() == learner.note(lesson_id, section_id):
                return
            try:
                learner.set_note(lesson_id, section_id, text, titles)
            except StoreError as exc:
                self.course_app.store_error(exc)
                return
            self.notify(self.tr("notes.saved" if text.strip() else "notes.removed"))

        await self.app.push_screen(NoteDialog(titles[1], learner.note(lesson_id, section_id)), save)

    def _status_text(self) -> str:
        n, m = self.index + 1, len(self.lesson.sections)
        return f" {bar(n / m, 10)} {self.tr('lesson.section_of', n=n, m=m)} "

    def _markdown(self, index: int) -> str:
        section = self.lesson.sections[index]
        text = f"## {section.title(self.lang)}\n\n{section.body(self.lang)}"
        if index == 0 and self.lesson.objectives:
            goals = "\n".join(f"- {o(self.lang)}" for o in self.lesson.objectives)
            text = f"**{self.tr('lesson.objectives')}**\n\n{goals}\n\n{text}"
        return text

    def _text_widget(self, index: int) -> FastMarkdown:
        return FastMarkdown(self._markdown(index), classes="section-md", name=str(index), open_links=False)

    @property
    def text_widget(self) -> FastMarkdown:
        """The Markdown widget showing the current section."""
        return self._texts[self.index]

    _prefetch_pending = False

    def _prefetch_after_paint(self) -> None:
        """Fetch the neighbouring sections once the section just shown is on the terminal:
        after the next layout, which Textual publishes once that frame is painted.

        (``call_after_refresh`` may run before the next paint: the hidden texts would then
        be composed and styled in front of the frame the reader is waiting for.)"""
        self._prefetch_pending = True

    def _after_layout(self, screen: object) -> None:
        if self._prefetch_pending:
            self._prefetch_pending = False
            self.call_later(self._prefetch)

    def _prefetch(self) -> None:
        """Mount the next and the previous section's text, hidden, while the reader reads:
        moving there then only swaps which text is displayed (no parsing, no mounting).
        Texts further away are unmounted. Next to the last section, the end-of-lesson block
        is mounted ahead too (hidden)."""
        if not self.is_attached or not self.is_current:
            return
        body = self.query_one("#section", VerticalScroll)
        far = [i for i in self._texts if abs(i - self.index) > 1]
        if far:  # only the neighbours stay: every mounted widget costs on each key and layout
            body.remove_children([self._texts.pop(i) for i in far])
        found = body.query("#lesson-end")
        end = found.first() if found else None
        last = len(self.lesson.sections) - 1
        if end is not None and self.index < last - 1:
            end.remove()
            end = None
        for i in (self.index + 1, self.index - 1):
            if 0 <= i <= last and i not in self._texts:
                text = self._texts[i] = self._text_widget(i)
                text.display = False
                body.mount(text, before=end)
        if end is None and self.index == last - 1:
            block = self._lesson_end_block()
            block.display = False
            body.mount(block)

    def _lesson_end_block(self) -> Vertical:
        """What the last section ends with: the chapter's quizzes and scenarios, and the map."""
        chapter = self.course_app.course.chapter(self.lesson.id)
        buttons = [Button(Content(self.tr("lesson.take_quiz", title=q.title(self.lang))), name=f"quiz:{q.id}") for q in chapter.quizzes]
        buttons += [Button(Content(self.tr("lesson.play_scenario", title=s.title(self.lang))), name=f"scenario:{s.id}") for s in chapter.scenarios]
        chapters = list(self.course_app.course.chapters)
        place = chapters.index(chapter)
        if place + 1 < len(chapters):
            following = chapters[place + 1]
            buttons.append(Button(Content(self.tr("lesson.next_chapter", title=following.title(self.lang))), name=f"lesson:{following.id}"))
        return Vertical(Label(self.tr("lesson.finished"), markup=False), *buttons, Button(Content(self.tr("lesson.back_to_map")), name="map:"), id="lesson-end")

    def on_mount(self) -> None:
        super().on_mount()
        self.screen_layout_refresh_signal.subscribe(self, self._after_layout)
        self._save_position(self._resume_scroll)
        if self._resume_scroll:
            self.call_after_refresh(self._scroll_back, self._resume_scroll)
        self._prefetch_after_paint()

    def _scroll_back(self, lines: int) -> None:
        self.query_one("#section", VerticalScroll).scroll_to(y=lines, animate=False, immediate=True)

    def _scrolled(self) -> int:
        found = self.query("#section")
        return int(found.first(VerticalScroll).scroll_y) if found else 0

    def _save_position(self, scroll: int = 0) -> None:
        if not self.visit:
            return
        now = time.monotonic()
        spent, self._opened_at = now - self._opened_at, now
        try:
            self.course_app.learner.visit_section(self.lesson.id, self.section.id, self.is_last, seconds=min(spent, 1800.0), scroll=scroll)
        except StoreError as exc:
            self.course_app.store_error(exc)

    async def _show(self, index: int) -> None:
        """Move to section *index* in place: the text shown (fetched ahead by
        :meth:`_prefetch`, else mounted now), the TOC marker, the status line and the
        end-of-lesson block change; nothing else is rebuilt."""
        if not 0 <= index < len(self.lesson.sections) or index == self.index:
            return
        old, self.index = self.index, index
        self._save_position()
        toc = self.query_one("#toc", RowList)
        for i in (old, index):
            toc.replace_option_prompt_at_index(i, Row(self._toc_text(i), wrap=True))
        if toc.highlighted != index:
            toc.highlighted = index
        self.query_one("#section-of", Label).update(self._status_text())
        self.query_one("#prev-section", Button).disabled = index == 0
        body = self.query_one("#section", VerticalScroll)
        end = body.query("#lesson-end")
        with self.app.batch_update():
            if end and not self.is_last:
                end.first().display = False
            self._texts[old].display = False
            if index not in self._texts:  # not fetched ahead (a jump from the table of contents)
                self._texts[index] = self._text_widget(index)
                await body.mount(self._texts[index], after=self._texts[old])
            shown: list[Widget] = [self._texts[index]]
            if self.is_last:
                if not end:  # mounted with the text, in the same batch: one layout, one frame
                    await body.mount(self._lesson_end_block())
                shown.append(body.query_one("#lesson-end"))
            for widget in shown:
                widget.display = True
            body.scroll_home(animate=False, immediate=True)
        body.focus()
        self._prefetch_after_paint()

    async def relocalize(self) -> None:
        await super().relocalize()  # composed anew: only the current section's text
        self._prefetch_after_paint()

    async def action_next(self) -> None:
        if self.is_last:
            self._offer_what_follows()
        else:
            await self._show(self.index + 1)

    def _offer_what_follows(self) -> None:
        """On the last section: to the end block (the chapter's quizzes and scenarios, the
        next chapter, the map), its first choice focused."""
        found = self.query("#lesson-end Button")
        if found:
            first = found.first(Button)
            first.focus(scroll_visible=False)
            self.query_one("#lesson-end").scroll_visible(animate=False, top=False)

    async def action_prev(self) -> None:
        await self._show(self.index - 1)

    def action_toggle_toc(self) -> None:
        """To the contents (shown if hidden; ↑/↓ and Enter choose a section); from them, hide
        them and go back to the text."""
        toc = self.query_one("#toc", RowList)
        if toc.display and toc.has_focus:
            toc.display = False
            self.query_one("#section").focus()
        else:
            toc.display = True
            toc.focus()

    async def action_back(self) -> None:
        if self.visit:
            self._save_position(self._scrolled())
        self.app.pop_screen()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "toc":
            await self._show(int(event.option.id or 0))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next-section":
            await self.action_next()
            return
        if event.button.id == "prev-section":
            await self._show(self.index - 1)
            return
        kind, _, item = (event.button.name or "").partition(":")
        if kind == "quiz":
            self.course_app.open_quiz(item)
        elif kind == "scenario":
            self.course_app.open_scenario(item)
        elif kind == "lesson":
            self.app.pop_screen()
            self.course_app.open_lesson(item)
        else:
            self.course_app.go_home()
