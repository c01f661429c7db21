"""The lesson reader: one section per view, a table of contents beside it, the place saved
on every move, and at the end the way into the chapter's quizzes and scenarios."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Label, ListItem, ListView, Markdown

from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.bars import bar
from course_tui.tui.widgets.titlebar import TitleBar


class LessonScreen(BaseScreen):
    BINDINGS = [
        Binding("right,n,pagedown", "next", "key.next"),
        Binding("left,p,pageup", "prev", "key.prev"),
        Binding("t", "toggle_toc", "key.toc"),
        Binding("escape", "back", "key.back"),
        Binding("q", "back", "key.back", show=False),
    ]

    def __init__(self, lesson_id: str, section: str | None = None, visit: bool = True) -> None:
        super().__init__()
        self.lesson = self.course_app.course.lesson(lesson_id)  # self.app is the running app
        ids = [s.id for s in self.lesson.sections]
        if section not in ids:
            saved = self.course_app.learner.course.get("lessons", {}).get(lesson_id, {}).get("section")
            section = saved if saved in ids else ids[0]
        self.index = ids.index(section)
        self.visit = visit  # False when opened to look something up from a quiz
        self._opened_at = time.monotonic()

    def reopen(self) -> "LessonScreen":
        if self.visit:
            self._save_position()  # the time read so far counts
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
            yield ListView(
                *[
                    ListItem(Label(f"{'▸' if i == self.index else ' '} {i + 1}. {s.title(lang)}", markup=False), name=str(i))
                    for i, s in enumerate(self.lesson.sections)
                ],
                id="toc",
                initial_index=self.index,
            )
            with VerticalScroll(id="section"):
                yield Markdown(self._markdown(), id="section-md", open_links=False)
                if self.is_last:
                    yield from self._end_of_lesson()
        with Horizontal(classes="status-line", id="lesson-status"):
            yield Button(f"← {self.tr('key.prev')}", id="prev-section", classes="nav", disabled=self.index == 0)
            yield Label(
                f" {bar((self.index + 1) / len(self.lesson.sections), 10)} "
                f"{self.tr('lesson.section_of', n=self.index + 1, m=len(self.lesson.sections))} ",
                id="section-of",
                markup=False,
            )
            yield Button(f"{self.tr('key.next')} →", id="next-section", classes="nav", disabled=self.is_last)
        yield Footer()

    def _markdown(self) -> str:
        section = self.section
        text = f"## {section.title(self.lang)}\n\n{section.body(self.lang)}"
        if self.index == 0 and self.lesson.objectives:
            goals = "\n".join(f"- {o(self.lang)}" for o in self.lesson.objectives)
            text = f"**{self.tr('lesson.objectives')}**\n\n{goals}\n\n{text}"
        return text

    def _end_of_lesson(self) -> ComposeResult:
        chapter = self.course_app.course.chapter(self.lesson.id)
        with Vertical(id="lesson-end"):
            yield Label(self.tr("lesson.finished"))
            for quiz in chapter.quizzes:
                yield Button(self.tr("lesson.take_quiz", title=quiz.title(self.lang)), name=f"quiz:{quiz.id}")
            for scenario in chapter.scenarios:
                yield Button(self.tr("lesson.play_scenario", title=scenario.title(self.lang)), name=f"scenario:{scenario.id}")
            yield Button(self.tr("lesson.back_to_map"), name="map:")

    def on_mount(self) -> None:
        super().on_mount()
        self._save_position()
        self.query_one("#section").focus()

    def _save_position(self) -> None:
        if not self.visit:
            return
        now = time.monotonic()
        spent, self._opened_at = now - self._opened_at, now
        try:
            self.course_app.learner.visit_section(self.lesson.id, self.section.id, self.is_last, seconds=min(spent, 1800.0))
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)

    async def _show(self, index: int) -> None:
        if not 0 <= index < len(self.lesson.sections) or index == self.index:
            return
        self.index = index
        self._save_position()
        await self.recompose()
        self.query_one("#section").focus()

    async def action_next(self) -> None:
        await self._show(self.index + 1)

    async def action_prev(self) -> None:
        await self._show(self.index - 1)

    def action_toggle_toc(self) -> None:
        toc = self.query_one("#toc")
        toc.display = not toc.display

    async def action_back(self) -> None:
        if self.visit:
            self._save_position()
        self.app.pop_screen()

    async def on_list_view_selected(self, event: ListView.Selected) -> None:
        await self._show(int(event.item.name or 0))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("prev-section", "next-section"):
            await self._show(self.index + (1 if event.button.id == "next-section" else -1))
            return
        kind, _, item = (event.button.name or "").partition(":")
        if kind == "quiz":
            self.course_app.open_quiz(item)
        elif kind == "scenario":
            self.course_app.open_scenario(item)
        else:
            self.course_app.go_home()
