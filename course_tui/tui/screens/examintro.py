"""The page before an exam attempt (Moodle's quiz view page): how many questions, the time
limit, the pass mark, attempts used and allowed, the grading method; "Start attempt" with a
confirmation. The attempt (and its clock) is created only when the learner confirms; an
attempt already in progress is continued without asking."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label

from course_tui.learning.quizrun import exam_facts
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import percent
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


class ExamIntroScreen(BaseScreen):
    BINDINGS = [Binding("escape,q", "back", "key.back")]

    def __init__(self, quiz_id: str, exit_after: bool = False) -> None:
        super().__init__()
        self.quiz = self.course_app.course.quiz(quiz_id)
        self.exit_after = exit_after

    def reopen(self) -> "ExamIntroScreen":
        return ExamIntroScreen(self.quiz.id, self.exit_after)

    def compose(self) -> ComposeResult:
        app, quiz, lang = self.course_app, self.quiz, self.lang
        facts = exam_facts(app.course, quiz, app.learner)
        yield TitleBar(quiz.title(lang))
        with VerticalScroll(id="exam-intro", classes="screen-body"):
            yield Label(self.tr("exam.title", title=quiz.title(lang)), classes="heading", markup=False)
            lines = [
                self.tr("exam.questions", n=facts.questions),
                self.tr("exam.time_limit", minutes=facts.time_limit) if facts.time_limit else self.tr("exam.no_time_limit"),
                self.tr("exam.pass_mark", mark=f"{quiz.pass_mark}%"),
                self.tr("exam.attempts", used=facts.used, allowed=facts.allowed) if facts.allowed else self.tr("exam.attempts_unlimited", used=facts.used),
                self.tr("exam.grading", method=self.tr("exam.grading." + facts.grading)),
            ]
            if facts.standing is not None:
                lines.append(self.tr("exam.standing", score=percent(facts.standing)))
            yield Label("\n".join(lines), id="exam-facts", markup=False)
            yield Label(self.tr("exam.rules"), classes="muted", markup=False)
            with Vertical(id="exam-actions"):
                if facts.in_progress:
                    yield Label(self.tr("exam.in_progress"), markup=False)
                    yield Button(Content(self.tr("exam.continue")), id="start", variant="primary")
                elif facts.used_up:
                    yield Label(self.tr("exam.no_attempts_left"), id="no-attempts", markup=False)
                else:
                    yield Button(Content(self.tr("exam.start")), id="start", variant="primary")
                yield Button(Content(self.tr("quiz.back")), id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query("#exam-actions Button").first().focus(scroll_visible=False)

    async def relocalize(self) -> None:
        await super().relocalize()
        self.query("#exam-actions Button").first().focus(scroll_visible=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            await self.action_start()
        else:
            self.action_back()

    async def action_start(self) -> None:
        app = self.course_app
        facts = exam_facts(app.course, self.quiz, app.learner)
        if facts.in_progress:
            self._begin()
            return
        if facts.used_up:
            return
        from course_tui.tui.screens.dialogs import ConfirmScreen

        body = self.tr("exam.start_body_timed", minutes=facts.time_limit) if facts.time_limit else self.tr("exam.start_body")

        def start(yes: bool | None) -> None:
            if yes:
                self._begin()

        await self.app.push_screen(ConfirmScreen(self.tr("exam.start_title"), body), start)

    def _begin(self) -> None:
        from course_tui.learning.store import StoreError
        from course_tui.tui.screens.quiz import QuizScreen

        try:
            screen = QuizScreen(self.quiz.id, exam=True, exit_after=self.exit_after)
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        self.app.switch_screen(screen)

    def action_back(self) -> None:
        if self.exit_after:
            self.app.exit()
        else:
            self.app.pop_screen()
