"""The quiz runner, the exam's finish page, and the result page.

Practice mode: after each answer, which options were right and wrong, the chosen option's
feedback, the explanation and the lesson section it tests (``l`` opens it; Esc returns).
Exam mode (Moodle's attempt flow): an intro page first (tui/screens/examintro.py), then a
navigation panel (jump to any question; ● answered, ○ not answered, ⚑ flagged with ``f``),
answers that can be changed until the attempt is submitted, no feedback and no lesson until
the end, an optional countdown. Ctrl+F (and the end of the questions) shows the finish page:
what is unanswered or flagged, and "Submit all and finish" (confirmed). At 0:00 the attempt
is submitted with a notice. Every answer is saved when submitted; leaving and coming back
resumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from course_tui.course.model import Matching, Numerical, Question
from course_tui.learning.grading import InvalidResponse, Result
from course_tui.learning.quizrun import QuizRun, Summary
from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import percent, shorten
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.numbered import hanging
from course_tui.tui.widgets.questionnav import QuestionNav, nav_mark
from course_tui.tui.widgets.questions import (
    FeedbackView,
    QuestionView,
    describe_answer,
    describe_response,
    feedback_parts,
    section_line,
    your_answer_line,
)
from course_tui.tui.widgets.titlebar import TitleBar


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class QuizScreen(BaseScreen):
    HELP_NOTES = ("help.answer_keys",)  # the answering keys belong to the question widgets
    BINDINGS = [
        Binding("escape", "leave", "key.back"),
        Binding("q", "leave", "key.back", show=False),
        Binding("l", "open_section", "key.jump"),
        Binding("f,ctrl+g", "flag", "key.flag"),  # Ctrl+G also from inside a typed answer
        Binding("h", "hint", "key.hint"),
        Binding("pageup", "step(-1)", "key.prev_question", show=False, priority=True),
        Binding("pagedown", "step(1)", "key.next_question", show=False, priority=True),
        Binding("ctrl+f", "finish_page", "key.finish"),
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
        # The finish page (unanswered and flagged questions, "Submit all and finish"):
        # shown by Ctrl+F, and in exam mode after the last question.
        self.on_finish_page = self.run.is_exam and self.index >= len(self.run.questions)
        self._done = False  # submitted (or leaving): the timer and the keys do nothing more

    def reopen(self) -> "QuizScreen":
        """The same attempt over the reloaded quiz; the answer on show keeps its feedback."""
        app = self.course_app
        quiz = app.course.quiz(self.quiz.id)
        run = QuizRun(app.course, quiz, app.learner, self.run.attempt_id, app.lang)
        screen = QuizScreen(quiz.id, exit_after=self.exit_after, run=run)
        shown = self.question
        ids = [q.id for q in run.questions]
        if shown is not None and shown.id in ids and (self.run.is_exam or self.feedback is not None):
            screen.index = ids.index(shown.id)
            screen.on_finish_page = False
            answer = run.answer_of(run.questions[screen.index])
            if self.feedback is not None and answer.result is not None:
                screen.feedback = (answer.response, answer.result)
        return screen

    @property
    def question(self) -> Question | None:
        if self.on_finish_page:
            return None
        return self.run.questions[self.index] if self.index < len(self.run.questions) else None

    # -- what is shown ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.run.lang = self.lang
        yield TitleBar(self.quiz.title(self.lang))
        yield Label(self._status_text(), id="quiz-status", classes="status-line", markup=False)
        if self.run.is_exam:
            with Horizontal(id="quiz-main"):
                yield QuestionNav(self._marks(), self.index, id="quiz-nav")
                yield from self._body()
        else:
            yield from self._body()
        yield KeyBar()

    def _body(self) -> ComposeResult:
        with VerticalScroll(id="quiz-body", classes="screen-body"):
            q = self.question
            if self.on_finish_page:
                yield from self._finish_page()
            elif q is not None:
                if self.run.is_exam and self.run.flagged(q):
                    yield Label(self.tr("quiz.flagged_note"), id="flag-note", classes="muted", markup=False)
                if self.feedback is None and (passages := self.quiz.passages(q.id)):
                    # a description (reading passage) stays in view while its questions are answered
                    yield Label(self.tr("quiz.passage"), classes="heading", markup=False)
                    yield FastMarkdown("\n\n".join(d.text(self.lang) for d in passages), id="passage", open_links=False)
                yield FastMarkdown(q.prompt(self.lang), id="prompt", open_links=False)
                yield from self._answer_area(q)

    def _marks(self) -> list[tuple[bool, bool]]:
        return [(self.run.answered(q), self.run.flagged(q)) for q in self.run.questions]

    def _answer_area(self, q: Question) -> list[Widget]:
        """What follows the prompt: the question to answer, or the feedback on the answer."""
        if self.feedback is None:
            given = self.run.answer_of(q).response if self.run.is_exam else None
            return [QuestionView(q, self.run.option_order(q), self.lang, response=given, id="answer-view")]
        response, result = self.feedback
        parts: list[Widget] = [
            your_answer_line(q, response, self.lang, classes="muted"),
            FeedbackView(feedback_parts(q, response, result, self.lang, self.tr), id="feedback"),
        ]
        if q.section:
            parts.append(Label(self._section_text(q), classes="muted", markup=False))
        parts.append(Button(Content(self.tr("quiz.next_question").rstrip("。.")), id="next", variant="primary"))
        return parts

    def _finish_page(self) -> ComposeResult:
        """Moodle's "summary of attempt": what is unanswered or flagged; submit or go back."""
        marks = self._marks()
        unanswered = sum(1 for answered, _ in marks if not answered)
        flagged = sum(1 for _, flag in marks if flag)
        yield Label(self.tr("quiz.finish_title"), classes="heading", markup=False)
        yield Label(
            self.tr("quiz.finish_counts", answered=len(marks) - unanswered, total=len(marks), unanswered=unanswered, flagged=flagged),
            id="finish-counts",
            markup=False,
        )
        rows = []
        for i, (q, (answered, flag)) in enumerate(zip(self.run.questions, marks)):
            state = self.tr("quiz.state.answered" if answered else "quiz.state.unanswered")
            if flag:
                state += " · " + self.tr("quiz.state.flagged")
            rows.append(Option(Content(f"{i + 1:>2}. {nav_mark(answered, flag)}  {state} — {shorten(q.prompt(self.lang), 30)}")))
        yield FinishList(*rows, id="finish-list")
        with Horizontal(id="finish-actions"):
            yield Button(Content(self.tr("quiz.return_to_attempt")), id="return")
            yield Button(Content(self.tr("quiz.submit_all")), id="submit-all", variant="warning")

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
            body.scroll_home(animate=False, immediate=True)

    def _status_text(self) -> str:
        total = len(self.run.questions)
        parts = [self.quiz.title(self.lang), self.tr("quiz.mode." + self.run.mode)]
        if self.on_finish_page:
            parts.append(self.tr("quiz.finish_title"))
        else:
            parts.append(self.tr("quiz.question_of", n=min(self.index + 1, total), m=total))
        left = self.run.remaining_seconds()
        if left is not None:
            parts.append(self.tr("quiz.time_left", time=_clock(left)))
        return " · ".join(parts)

    def _need_answer(self, q: Question) -> str:
        if isinstance(q, Numerical):
            units = ", ".join(u.name for u in q.units)
            return self.tr("quiz.need_number", units=units) if units else self.tr("quiz.need_number_plain")
        return self.tr("quiz.need_answer")

    def _section_text(self, q: Question) -> str:
        return section_line(self.course_app.course, q, self.lang)

    def on_mount(self) -> None:
        super().on_mount()
        if self.resumed and self.index > 0:
            self.notify(self.tr("quiz.resumed", n=min(self.index + 1, len(self.run.questions))))
        if self.run.remaining_seconds() is not None:
            self.set_interval(1.0, self._tick)
        self._focus()
        if self.question is None and not self.on_finish_page:
            self.call_after_refresh(self._finish)

    def _focus(self, scroll_visible: bool = True) -> None:
        views = self.query(QuestionView)
        if views:
            views.first().focus_answer(scroll_visible)
            self.call_after_refresh(self._fit_question)
        elif self.query("#next"):
            self.query_one("#next").focus(scroll_visible)
        elif self.query("#submit-all"):
            self.query_one("#submit-all").focus(False)
            self.query_one("#quiz-body").scroll_home(animate=False)

    def _fit_question(self) -> None:
        """A question taller than the screen: shorten its answer list (which then scrolls by
        itself under the arrows) so that the prompt's first line stays in view with the whole
        list; the keyboard could not scroll back up to a prompt pushed off the top."""
        bodies, views = self.query("#quiz-body"), self.query(QuestionView)
        if not bodies or not views or not views.first().query(".answer"):
            return
        body, answer = bodies.first(VerticalScroll), views.first().query_one(".answer")
        if not isinstance(answer, OptionList):
            return
        overflow = body.virtual_size.height - body.size.height
        if overflow > 0 and answer.outer_size.height - overflow >= 5:
            answer.styles.max_height = answer.outer_size.height - overflow
            body.scroll_home(animate=False, immediate=True)

    def on_resize(self) -> None:
        for view in self.query(QuestionView).results(QuestionView):
            for answer in view.query(".answer").results(OptionList):
                answer.styles.max_height = None  # back to the stylesheet's, then fitted again
            self.call_after_refresh(self._fit_question)

    async def _redraw(self) -> None:
        await self.recompose()
        self.refresh_bindings()
        self._focus()

    @property
    def closed_book(self) -> bool:
        """An exam in progress: no search, no lesson (the app asks before offering them)."""
        return self.run.is_exam and not self._done

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        exam = self.run.is_exam
        if action == "open_section":
            q = self.question
            return not exam and q is not None and q.section is not None
        if action == "hint":
            q = self.question
            return not exam and q is not None and self.feedback is None and q.hint(self.lang) is not None
        if action in ("flag", "step"):
            return exam and not self.on_finish_page
        if action == "finish_page":
            return not self.on_finish_page
        return True

    # -- the clock --------------------------------------------------------------------
    async def _tick(self) -> None:
        """Once a second under a time limit. A tick may land at any moment: while the next
        question is composed, on the finish page, under a dialog, after the attempt was
        submitted or the screen left; it only ever updates what is there."""
        if self._done or not self.is_attached:
            return
        left = self.run.remaining_seconds()
        if left is None:
            return
        for label in self.query("#quiz-status").results(Label):
            label.update(self._status_text())
        if left <= 0 and not self.run.finished:
            self._save_pending()
            await self._finish(time_up=True)

    # -- answering and moving ---------------------------------------------------------
    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        if self._done:
            return
        try:
            result = self.run.submit(event.question, event.response)
        except InvalidResponse:
            self.notify(self._need_answer(event.question), severity="warning")
            return
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        if self.run.is_exam:  # saved, changeable until submitted: on to the next question
            await self._go_to(self.index + 1, save=False)
        else:
            self.feedback = (event.response, result)
            await self._show_feedback()

    def _save_pending(self) -> None:
        """Exam mode: an answer put in but not confirmed with Enter is saved when the learner
        moves on (to another question, the finish page, out of the exam, or at 0:00), as
        Moodle saves on navigation. An answer that cannot be graded (nothing ticked) is left."""
        q = self.question
        if not self.run.is_exam or self._done or self.on_finish_page or q is None:
            return
        views = self.query(QuestionView)
        if not views:
            return
        changed, response = views.first().pending_response()
        if not changed:
            return
        try:
            self.run.submit(q, response)
        except InvalidResponse:
            return
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        for nav in self.query(QuestionNav).results(QuestionNav):
            nav.set_mark(self.index, True, self.run.flagged(q))

    async def _go_to(self, index: int, save: bool = True) -> None:
        """Exam mode: show question *index* (past the last one: the finish page)."""
        if save:
            self._save_pending()
        self.feedback = None
        self.index = max(0, min(index, len(self.run.questions)))
        self.on_finish_page = self.index >= len(self.run.questions)
        await self._redraw()

    async def _advance(self) -> None:
        self.feedback = None
        self.index = self.run.current_index
        if self.question is None:
            await self._finish()
            return
        await self._redraw()

    async def on_question_nav_jump(self, event: QuestionNav.Jump) -> None:
        await self._go_to(event.index)

    async def on_finish_list_jump(self, event: FinishList.Jump) -> None:
        await self._go_to(event.index)

    @dataclass
    class Then(Message):
        """A move asked for by PgUp/PgDn, sent through the focused answer widget and carried
        out by the app (CourseApp.on_quiz_screen_then) once it arrives there."""

        screen: "QuizScreen"
        step: int  # counted from wherever the screen is when it arrives (two PgDn: two steps)

    async def action_step(self, step: int) -> None:
        """PgUp/PgDn. They are priority keys: they run before the keys typed just before them
        ("2" then PgDn at once) have reached the app, which runs those keys' bindings. The move
        takes the same road (the focused widget, up to the app), so it comes after them and the
        selection the digit made is there to be saved."""
        if not self.run.is_exam or self.on_finish_page:
            return
        focused = self.app.focused
        if focused is not None and self in focused.ancestors:
            focused.post_message(self.Then(self, step))
        else:
            await self._go_to(self.index + step)

    async def then(self, step: int) -> None:
        if self.run.is_exam and not self.on_finish_page and not self._done and self.is_attached:
            await self._go_to(self.index + step)

    def action_hint(self) -> None:
        """Practice only: the question's hint, recorded as used (the result page says so)."""
        q = self.question
        if self.run.is_exam or q is None or self.feedback is not None or self._done:
            return
        try:
            text = self.run.use_hint(q)
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        self.notify(self.tr("quiz.hint", text=text) if text else self.tr("quiz.no_hint"), timeout=15)

    def action_flag(self) -> None:
        q = self.question
        if not self.run.is_exam or q is None or self._done:
            return
        try:
            self.run.set_flag(q, not self.run.flagged(q))
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        flagged = self.run.flagged(q)
        self.query_one(QuestionNav).set_mark(self.index, self.run.answered(q), flagged)
        self.notify(self.tr("quiz.flag_on" if flagged else "quiz.flag_off", n=self.index + 1))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self._advance()
        elif event.button.id == "return":
            await self._go_to(self.run.current_index if self.run.current_index < len(self.run.questions) else 0)
        elif event.button.id == "submit-all":
            await self._confirm_submit()

    async def action_finish_page(self) -> None:
        """Ctrl+F: the finish page; it never submits by itself."""
        if self._done or self.on_finish_page:
            return
        self._save_pending()
        self.feedback = None
        self.on_finish_page = True
        await self._redraw()

    async def _confirm_submit(self) -> None:
        from course_tui.tui.screens.dialogs import ConfirmScreen

        unanswered = sum(1 for q in self.run.questions if not self.run.answered(q))

        async def submit(yes: bool | None) -> None:
            if yes:
                await self._finish()

        await self.app.push_screen(
            ConfirmScreen(self.tr("quiz.submit_title"), self.tr("quiz.submit_body", n=unanswered)),
            submit,
        )

    async def _finish(self, time_up: bool = False) -> None:
        """Submit the attempt (unanswered questions count 0) and show its result."""
        if self._done:
            return
        self._done = True
        summary = self.run.finish()
        if time_up:
            self.notify(self.tr("quiz.time_up"), timeout=8)
        while self.app.screen is not self and self in self.app.screen_stack:  # a dialog on top goes
            await self.app.pop_screen()
        self.app.switch_screen(QuizSummaryScreen(self.run, summary, self.exit_after))

    async def action_open_section(self) -> None:
        q = self.question
        if q is None or q.section is None or self.run.is_exam:
            return
        from course_tui.tui.screens.lesson import LessonScreen

        await self.app.push_screen(LessonScreen(q.section.lesson, q.section.section, visit=False))

    async def action_leave(self) -> None:
        from course_tui.tui.screens.dialogs import ConfirmScreen

        def leave(yes: bool | None) -> None:
            if yes:
                self._exit()

        if self.run.is_exam and not self._done:
            self._save_pending()  # kept whether the learner leaves or stays
            timed = self.run.remaining_seconds() is not None
            body = self.tr("quiz.leave_exam_timed" if timed else "quiz.leave_exam_body")
            await self.app.push_screen(ConfirmScreen(self.tr("quiz.leave_exam_title"), body), leave)
            return
        views = self.query(QuestionView)
        if views and views.first().pending_text.strip():
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


class FinishList(OptionList):
    """The finish page's questions; selecting one goes back to it."""

    @dataclass
    class Jump(Message):
        index: int

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(event.option_index))


class SectionList(OptionList):
    """The result page's lesson sections, one row per question that points to one; Enter (or
    a click) opens that section, Esc comes back to the result."""

    @dataclass
    class Open(Message):
        lesson: str
        section: str

    def __init__(self, targets: list[tuple[str, str]], *rows: Table, **kwargs: Any) -> None:
        super().__init__(*rows, **kwargs)
        self.targets = targets

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Open(*self.targets[event.option_index]))


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
            review_round = run.is_review
            if review_round:  # practice on the missed ones: no pass or fail of the quiz
                yield Label(self.tr("quiz.review_round", title=run.quiz.title(lang)), classes="heading", markup=False)
                yield Label(
                    self.tr("quiz.review_round_score", right=summary.correct_count, total=len(summary.results)),
                    id="score",
                    markup=False,
                )
                yield Label(self.tr("quiz.review_round_note"), classes="muted", markup=False)
            else:
                yield Label(self.tr("quiz.summary", title=run.quiz.title(lang)), classes="heading", markup=False)
                yield Label(
                    f"{self.tr('quiz.passed') if summary.passed else self.tr('quiz.failed')}   "
                    f"{self.tr('quiz.score', percent=percent(summary.percent), mark=f'{run.quiz.pass_mark}%')}   "
                    f"({summary.correct_count}/{len(summary.results)})",
                    id="score",
                    markup=False,
                )
                if summary.overall is not None:  # the quiz's feedback for this score band
                    yield FastMarkdown(summary.overall(lang), open_links=False, id="overall-feedback")
            yield Label(self.tr("quiz.per_question"), classes="heading", markup=False)
            course = self.course_app.course
            lines = []
            for i, r in enumerate(summary.results, 1):
                mark = "✓" if r.correct else ("◐" if r.result and r.result.partly else "✗")
                prompt = " ".join(r.question.prompt(lang).split())
                hinted = f" ({self.tr('quiz.hints_used')})" if r.hint_used else ""
                lines.append(f"{i}. {mark} {prompt}{hinted}")
                if isinstance(r.question, Matching) and isinstance(r.response, dict):
                    rights = r.question.rights
                    for j, pair in enumerate(r.question.pairs):
                        chosen = r.response.get(j)
                        left, right = pair.left(lang), rights[j](lang)
                        if chosen == j:
                            lines.append(f"   - {self.tr('quiz.pair_right', left=left, right=right)}")
                        else:
                            shown = rights[chosen](lang) if chosen is not None and 0 <= chosen < len(rights) else "?"
                            lines.append(f"   - {self.tr('quiz.pair_wrong', left=left, chosen=shown, right=right)}")
                else:
                    lines.append(f"   - {self.tr('quiz.your_answer', answer=describe_response(r.question, r.response, lang))}")
                    lines.append(f"   - {self.tr('quiz.right_answer', answer=describe_answer(r.question, lang))}")
                if r.question.explanation:
                    lines.append(f"   - {self.tr('quiz.explanation_line', text=r.question.explanation(lang))}")
                found = course.find_section(r.question.section) if r.question.section else None
                if found is not None:
                    lesson, section = found
                    lines.append(f"   - {self.tr('quiz.section_line', lesson=lesson.title(lang), section=section.title(lang))}")
            yield FastMarkdown("\n".join(lines), open_links=False, id="per-question")  # whole in the first frame
            targets, rows = [], []
            for i, r in enumerate(summary.results, 1):
                ref = r.question.section
                found = course.find_section(ref)
                if ref is not None and found is not None:
                    mark = "✓" if r.correct else "✗"
                    targets.append((ref.lesson, ref.section))
                    rows.append(hanging(f"{i}. {mark}", f"{found[0].title(lang)} › {found[1].title(lang)}"))
            if rows:
                yield Label(self.tr("quiz.sections_heading"), classes="heading", markup=False)
                yield Label(self.tr("quiz.result_help"), classes="muted", markup=False)
                yield SectionList(targets, *rows, id="result-sections")
            with Vertical(id="summary-actions"):
                if summary.missed:
                    yield Button(Content(self.tr("quiz.retry_missed", n=len(summary.missed))), id="retry", variant="primary")
                else:
                    yield Label(self.tr("quiz.all_right"), markup=False)
                yield Button(Content(self.tr("quiz.back")), id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        # The score first: the page opens at the top (focusing the button must not scroll).
        self.query_one("#summary-actions Button").focus(scroll_visible=False)
        self.query_one("#summary", VerticalScroll).scroll_home(animate=False, immediate=True)

    async def on_section_list_open(self, event: SectionList.Open) -> None:
        from course_tui.tui.screens.lesson import LessonScreen

        await self.app.push_screen(LessonScreen(event.lesson, event.section, visit=False))

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
