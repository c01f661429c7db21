"""The quiz runner and its summary.

Practice mode: after each answer, which options were right and wrong, the chosen option's
feedback, the explanation and the lesson section it tests (``l`` opens it; Esc returns).
Exam mode: no feedback until the summary, options shuffled per attempt, an optional
countdown. Every answer is saved when submitted; leaving and coming back resumes.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Label

from course_tui.course.model import Question
from course_tui.learning.grading import InvalidResponse, Result
from course_tui.learning.quizrun import QuizRun, Summary
from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.bars import percent
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.questions import (
    FeedbackView,
    QuestionView,
    describe_answer,
    describe_response,
    feedback_parts,
    section_line,
)
from course_tui.tui.widgets.titlebar import TitleBar


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class QuizScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "leave", "key.back"),
        Binding("q", "leave", "key.back", show=False),
        Binding("l", "open_section", "key.jump"),
        Binding("ctrl+f", "finish", "key.finish"),
    ]

    def __init__(self, quiz_id: str, exam: bool = False, exit_after: bool = False, run: QuizRun | None = None) -> None:
        """Resume the unfinished attempt at *quiz_id*, else start one; or show *run*."""
        super().__init__()
        app = self.course_app
        self.quiz = app.course.quiz(quiz_id)
        self.exit_after = exit_after
        resumed = run or QuizRun.unfinished(app.course, self.quiz, app.learner, app.lang)
        if run is not None:
            self.run, self.resumed = run, False
        elif resumed is not None and (not exam or resumed.is_exam):
            self.run = resumed
            self.resumed = True
        else:
            self.run = QuizRun.start(app.course, self.quiz, app.learner, app.lang, exam=exam)
            self.resumed = False
        self.index = self.run.current_index
        self.feedback: tuple[Any, Result] | None = None  # (response, result) of the question just answered

    def reopen(self) -> "QuizScreen":
        """The same attempt over the reloaded quiz; the answer on show keeps its feedback."""
        app = self.course_app
        quiz = app.course.quiz(self.quiz.id)
        run = QuizRun(app.course, quiz, app.learner, self.run.attempt_id, app.lang)
        screen = QuizScreen(quiz.id, exit_after=self.exit_after, run=run)
        shown = self.question
        if self.feedback is not None and shown is not None:
            ids = [q.id for q in run.questions]
            if shown.id in ids:
                answer = run.answer_of(run.questions[ids.index(shown.id)])
                if answer.result is not None:
                    screen.index, screen.feedback = ids.index(shown.id), (answer.response, answer.result)
        return screen

    @property
    def question(self) -> Question | None:
        return self.run.questions[self.index] if self.index < len(self.run.questions) else None

    def compose(self) -> ComposeResult:
        self.run.lang = self.lang
        q = self.question
        yield TitleBar(self.quiz.title(self.lang))
        yield Label(self._status_text(), id="quiz-status", classes="status-line", markup=False)
        with VerticalScroll(id="quiz-body", classes="screen-body"):
            if q is not None:
                yield FastMarkdown(q.prompt(self.lang), id="prompt", open_links=False)
                yield from self._answer_area(q)
        yield KeyBar()

    def _answer_area(self, q: Question) -> list[Widget]:
        """What follows the prompt: the question to answer, or the feedback on the answer."""
        if self.feedback is None:
            return [QuestionView(q, self.run.option_order(q), self.lang, id="answer-view")]
        response, result = self.feedback
        parts: list[Widget] = [
            Label(self.tr("quiz.your_answer", answer=describe_response(q, response, self.lang)), classes="muted", markup=False),
            FeedbackView(feedback_parts(q, response, result, self.lang, self.tr), id="feedback"),
        ]
        if q.section:
            parts.append(Label(self._section_text(q), classes="muted", markup=False))
        parts.append(Button(Content(self.tr("quiz.next_question").rstrip("。.")), id="next", variant="primary"))
        return parts

    async def _show_feedback(self) -> None:
        """Swap the question for the feedback on its answer, in place: the title, prompt,
        status line and footer stay. (The next question is composed anew: measured, that is
        faster than swapping the prompt's blocks and the answer view one by one.)"""
        q = self.question
        assert q is not None
        body = self.query_one("#quiz-body", VerticalScroll)
        old = [w for w in body.children if w.id != "prompt"]
        parts = self._answer_area(q)
        with self.app.batch_update():
            await body.mount_all(parts)
            # Focus "next" before the answer view goes: focus then moves from the options
            # straight to the button. (Removed first, the focus would fall back to the
            # scrolling body and every widget in it would be restyled twice.)
            parts[-1].focus(scroll_visible=False)  # the top of the prompt and feedback stays in view
            await body.remove_children(old)
            self._expect_scrollbar(body)
            body.scroll_home(animate=False, immediate=True)

    @staticmethod
    def _expect_scrollbar(body: VerticalScroll) -> None:
        """Show or hide the body's scroll bar now if what it holds needs it or not.

        Textual decides after a layout pass: the feedback (most often taller than the
        question) would be painted once without the bar and again, wrapped anew, with it.
        """
        if not body.size or body.styles.overflow_y != "auto":
            return
        view = body.scrollable_content_region.size
        width = view.width + (body.styles.scrollbar_size_vertical if body.show_vertical_scrollbar else 0)
        needed = body.get_content_height(view, view, width) > view.height
        if needed != body.show_vertical_scrollbar:
            body.show_vertical_scrollbar = needed

    def _status_text(self) -> str:
        total = len(self.run.questions)
        parts = [
            self.quiz.title(self.lang),
            self.tr("quiz.mode." + self.run.mode),
            self.tr("quiz.question_of", n=min(self.index + 1, total), m=total),
        ]
        left = self.run.remaining_seconds()
        if left is not None:
            parts.append(self.tr("quiz.time_left", time=_clock(left)))
        return " · ".join(parts)

    def _section_text(self, q: Question) -> str:
        return section_line(self.course_app.course, q, self.lang)

    def on_mount(self) -> None:
        super().on_mount()
        if self.resumed and self.index > 0:
            self.notify(self.tr("quiz.resumed", n=self.index + 1))
        if self.run.remaining_seconds() is not None:
            self.set_interval(1.0, self._tick)
        self._focus()
        if self.question is None:
            self.call_after_refresh(self._finish)

    def _focus(self, scroll_visible: bool = True) -> None:
        views = self.query(QuestionView)
        if views:
            views.first().focus_answer(scroll_visible)
        elif self.query("#next"):
            self.query_one("#next").focus(scroll_visible)

    async def _tick(self) -> None:
        left = self.run.remaining_seconds()
        if left is None:
            return
        self.query_one("#quiz-status", Label).update(self._status_text())
        if left <= 0 and not self.run.finished:
            self.notify(self.tr("quiz.time_up"), timeout=8)
            await self._finish()

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        try:
            result = self.run.submit(event.question, event.response)
        except InvalidResponse:
            self.notify(self.tr("quiz.need_answer"), severity="warning")
            return
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        if self.run.is_exam:
            await self._advance()
        else:
            self.feedback = (event.response, result)
            await self._show_feedback()

    async def _advance(self) -> None:
        self.feedback = None
        self.index = self.run.current_index
        if self.question is None:
            await self._finish()
            return
        await self.recompose()
        self._focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self._advance()

    async def _finish(self) -> None:
        summary = self.run.finish()
        self.app.switch_screen(QuizSummaryScreen(self.run, summary, self.exit_after))

    async def action_finish(self) -> None:
        await self._finish()

    async def action_open_section(self) -> None:
        q = self.question
        if q is None or q.section is None or (self.run.is_exam and self.feedback is None):
            return
        from course_tui.tui.screens.lesson import LessonScreen

        await self.app.push_screen(LessonScreen(q.section.lesson, q.section.section, visit=False))

    async def action_leave(self) -> None:
        views = self.query(QuestionView)
        if views and views.first().pending_text.strip():
            from course_tui.tui.screens.dialogs import ConfirmScreen

            def leave(yes: bool | None) -> None:
                if yes:
                    self._exit()

            await self.app.push_screen(ConfirmScreen(self.tr("quiz.leave_title"), self.tr("quiz.leave_body")), leave)
            return
        self._exit()

    def _exit(self) -> None:
        if self.exit_after:
            self.app.exit()
        else:
            self.app.pop_screen()

    async def relocalize(self) -> None:
        self.run.lang = self.lang
        await super().relocalize()
        self._focus()


class QuizSummaryScreen(BaseScreen):
    BINDINGS = [
        Binding("escape,q", "back", "key.back"),
        Binding("r", "retry", "key.retry"),
    ]

    def __init__(self, run: QuizRun, summary: Summary, exit_after: bool = False) -> None:
        super().__init__()
        self.run, self.summary, self.exit_after = run, summary, exit_after

    def reopen(self) -> "QuizSummaryScreen":
        app = self.course_app
        run = QuizRun(app.course, app.course.quiz(self.run.quiz.id), app.learner, self.run.attempt_id, app.lang)
        return QuizSummaryScreen(run, run.summary(), self.exit_after)

    def compose(self) -> ComposeResult:
        run, summary, lang = self.run, self.summary, self.lang
        yield TitleBar()
        with VerticalScroll(classes="screen-body", id="summary"):
            yield Label(self.tr("quiz.summary", title=run.quiz.title(lang)), classes="heading", markup=False)
            yield Label(
                f"{self.tr('quiz.passed') if summary.passed else self.tr('quiz.failed')}   "
                f"{self.tr('quiz.score', percent=percent(summary.percent), mark=f'{run.quiz.pass_mark}%')}   "
                f"({summary.correct_count}/{len(summary.results)})",
                id="score",
                markup=False,
            )
            yield Label(self.tr("quiz.per_question"), classes="heading", markup=False)
            lines = []
            for i, r in enumerate(summary.results, 1):
                mark = "✓" if r.correct else ("◐" if r.result and r.result.score > 0 else "✗")
                prompt = " ".join(r.question.prompt(lang).split())
                lines.append(f"{i}. {mark} {prompt}")
                if not r.correct:
                    lines.append(f"   - {describe_response(r.question, r.response, lang)}")
                    lines.append(f"   - {self.tr('quiz.right_answer', answer=describe_answer(r.question, lang))}")
                    if r.question.explanation:
                        lines.append(f"   - {r.question.explanation(lang)}")
            yield FastMarkdown("\n".join(lines), open_links=False, id="per-question")  # whole in the first frame
            with Vertical(id="summary-actions"):
                if summary.missed:
                    yield Button(Content(self.tr("quiz.retry_missed", n=len(summary.missed))), id="retry", variant="primary")
                else:
                    yield Label(self.tr("quiz.all_right"), markup=False)
                yield Button(Content(self.tr("quiz.back")), id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#summary-actions Button").focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            await self.action_retry()
        else:
            await self.action_back()

    async def action_retry(self) -> None:
        if not self.summary.missed:
            return
        retry = self.run.retry_missed()
        self.app.switch_screen(QuizScreen(self.run.quiz.id, exit_after=self.exit_after, run=retry))

    async def action_back(self) -> None:
        if self.exit_after:
            self.app.exit(self.summary)
        else:
            self.app.pop_screen()
