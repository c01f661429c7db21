"""The review list (错题本): the missed questions that are due, one at a time, answered with
the quiz's own question widgets; each answer is graded, explained and recorded so the
spaced-repetition schedule (course_tui.learning.review) decides when it comes back."""

from __future__ import annotations

import random
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Label, Markdown

from course_tui.course.model import Question
from course_tui.learning import review
from course_tui.learning.grading import InvalidResponse, Result
from course_tui.learning.quizrun import display_order
from course_tui.learning.store import StoreError
from course_tui.tui.i18n import quoted
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.questions import (
    QuestionView,
    your_answer,
    feedback_lines,
    section_line,
)
from course_tui.tui.text import local_time
from course_tui.tui.widgets.titlebar import TitleBar


class ReviewScreen(BaseScreen):
    reopens_fresh = True
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("enter", "next", "key.next_question"),
        Binding("l", "open_section", "key.jump"),
    ]

    def __init__(self) -> None:
        super().__init__()
        app = self.course_app
        due = review.due(app.course, app.learner)
        self.items = {item.question.id: item for item in due}  # what is due now, fixed for this sitting
        self.queue = [item.question.id for item in due]
        self.index = 0
        self.right = 0
        self.rng = random.Random()
        self.orders: dict[str, list[Any]] = {}
        self.feedback: tuple[Any, Result] | None = None  # the answer just given and its result

    @property
    def item(self) -> review.ReviewItem | None:
        return self.items[self.queue[self.index]] if self.index < len(self.queue) else None

    # -- what is shown ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        item = self.item
        yield TitleBar(self.tr("review.title"))
        yield Label(self._status_text(), id="review-status", classes="status-line", markup=False)
        with VerticalScroll(id="review-body", classes="screen-body"):
            if item is None:
                yield from self._nothing_due()
            else:
                yield from self._question(item)
        yield KeyBar()

    def _status_text(self) -> str:
        parts = [self.tr("review.title")]
        if self.item is not None:
            parts.append(self.tr("quiz.question_of", n=self.index + 1, m=len(self.queue)))
        return " · ".join(parts)

    def _question(self, item: review.ReviewItem) -> ComposeResult:
        q, lang = item.question, self.lang
        quiz = self.course_app.course.quiz(item.quiz_id)
        yield Label(self.tr("review.from", quiz=quoted(quiz.title(lang)), n=item.wrong), id="review-from", classes="muted", markup=False)
        if self.feedback is None and (passages := quiz.passages(q.id)):  # the reading passage the question is about
            yield Label(self.tr("quiz.passage"), classes="heading", markup=False)
            yield Markdown("\n\n".join(d.text(lang) for d in passages), id="passage", open_links=False)
        yield Markdown(q.prompt(lang), id="prompt", open_links=False)
        if self.feedback is None:
            order = self.orders.setdefault(q.id, display_order(q, self.rng))
            yield QuestionView(q, order, lang, id="answer-view")
            return

        response, result = self.feedback
        yield Label(your_answer(q, response, lang), classes="muted", markup=False)
        yield Markdown("\n\n".join(feedback_lines(q, response, result, lang, self.tr)), id="feedback", open_links=False)
        if self._section_text(q):
            yield Label(self._section_text(q), classes="muted", markup=False)
        yield Label(self._schedule_text(q), id="review-schedule", markup=False)
        last = self.index + 1 >= len(self.queue)
        yield Button(Content(self.tr("review.finish" if last else "review.next")), id="next", variant="primary")

    def _schedule_text(self, q: Question) -> str:
        """When this question comes back, after the answer just recorded."""
        still = next((i for i in review.items(self.course_app.course, self.course_app.learner) if i.question.id == q.id), None)
        if still is None:
            return self.tr("review.mastered", n=review.MASTERED_STREAK)
        return self.tr("review.comes_back", when=local_time(still.due))

    def _nothing_due(self) -> ComposeResult:
        if self.queue:
            yield Label(self.tr("review.done"), classes="heading", markup=False)
            yield Label(self.tr("review.result", right=self.right, total=len(self.queue)), id="review-result", markup=False)
        else:
            yield Label(self.tr("review.none"), id="review-none", markup=False)
        waiting = review.items(self.course_app.course, self.course_app.learner)
        if waiting:
            yield Label(self.tr("review.on_list", n=len(waiting)), id="review-on-list", markup=False)
            yield Label(self.tr("review.next_due", when=local_time(waiting[0].due)), id="review-next-due", markup=False)
        with Vertical(id="review-actions"):
            yield Button(Content(self.tr("lesson.back_to_map")), id="back")

    def _section_text(self, q: Question) -> str:
        return section_line(self.course_app.course, q, self.lang)

    # -- focus and redraw -------------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        self._focus()

    def _focus(self) -> None:
        views = self.query(QuestionView)
        if views:
            views.first(QuestionView).focus_answer()
        elif self.feedback is not None:
            self.query_one("#review-body").focus()  # arrows scroll the explanation; Enter goes on
        elif self.query("Button"):
            self.query(Button).first().focus()

    async def _redraw(self) -> None:
        await self.recompose()
        self.refresh_bindings()
        self._focus()
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    async def relocalize(self) -> None:
        await super().relocalize()
        self._focus()

    # -- answering --------------------------------------------------------------------
    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        event.stop()
        item = self.item
        if item is None or self.feedback is not None:
            return
        try:
            result = review.answer(self.course_app.learner, event.question, event.response, self.lang)
        except InvalidResponse:
            self.notify(self.tr("quiz.need_answer"), severity="warning")
            return
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        self.right += result.correct
        self.feedback = (event.response, result)
        await self._redraw()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "back":
            self.action_back()

    async def action_next(self) -> None:
        if self.feedback is None:
            return
        self.feedback = None
        self.index += 1
        await self._redraw()

    async def action_open_section(self) -> None:
        item = self.item
        if item is None or item.question.section is None or self.feedback is None:
            return
        from course_tui.tui.screens.lesson import LessonScreen

        ref = item.question.section
        await self.app.push_screen(LessonScreen(ref.lesson, ref.section, visit=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_section":
            item = self.item
            return item is not None and self.feedback is not None and item.question.section is not None
        if action == "next":
            return self.feedback is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()
