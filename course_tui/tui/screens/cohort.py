"""The trainer's view of a served class (``course-tui serve``, the trainer code): who is online
and where each learner is, then the trainer's report (chapter progress, quiz scores, the
weakest questions), read again by itself every few seconds.

Presence comes from the learners' sessions (:func:`course_tui.learning.classroom.online`),
progress and scores from :func:`course_tui.learning.reports.build`; this screen lays them out.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from course_tui.learning import classroom, reports
from course_tui.learning.report_table import cells, fit
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseModal
from course_tui.tui.screens.trainer import TrainerScreen

REFRESH_SECONDS = 5.0
NAME_W, WHERE_W, LESSONS_W, PASSED_W = 16, 35, 10, 12


class CohortScreen(TrainerScreen):
    """The class live. Where the live-quiz controls go: :meth:`compose_lead`, before the
    learners online (a control there, its key in BINDINGS)."""

    TITLE_KEY = "cohort.title"
    DEFAULT_CSS = """
    CohortScreen #trainer-body .trainer-title { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "key.back"),
        Binding("w", "questions", "key.trainer_questions"),
        Binding("l", "learners_top", "key.trainer_learners"),
        Binding("r", "refresh_report", "key.trainer_refresh"),
        Binding("v", "live_quiz", "key.live_quiz"),
    ]

    async def action_live_quiz(self) -> None:
        """``v``: pick a quiz and host it live for the class (learners get the prompt to join)."""
        app = self.course_app

        async def start(quiz_id: str | None) -> None:
            if not quiz_id:
                return
            from course_tui.learning.livequiz import LiveError
            from course_tui.tui.screens.livehost import LiveHostScreen

            try:
                await app.push_screen(LiveHostScreen.open(app, quiz_id))
            except (LiveError, KeyError) as exc:
                self.notify(one_line(str(exc)), severity="error")

        await app.push_screen(QuizPicker(), start)

    def on_mount(self) -> None:
        super().on_mount()
        self.seen = self.signature()
        self.set_interval(REFRESH_SECONDS, self._tick)

    def _tick(self) -> None:
        self.call_later(self.refresh_report)  # in the screen's own turn, never in the middle of its closing

    def signature(self) -> tuple[object, ...]:
        """What the screen shows changes only with this: who is where, and the learners' files."""
        folder = self.course_app.session.store.folder
        try:
            files = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("learner-*.json")))
        except OSError:
            files = ()
        return tuple((p.name, p.place) for p in classroom.online(folder)), files

    async def refresh_report(self) -> None:
        """Read the presence records and the store again when they changed, keeping the place
        scrolled to; the time of the last look is shown either way."""
        if self.app.screen is not self:
            return  # under a dialog or help: the next tick after it closes
        now = self.signature()
        if now == self.seen:
            self.query_one("#cohort-stamp", Label).update(self.tr("cohort.auto", s=int(REFRESH_SECONDS), time=datetime.now().strftime("%H:%M:%S")))
            return
        self.seen = now
        body = self.query_one("#trainer-body", VerticalScroll)
        scrolled = body.scroll_y
        await self.action_refresh_report()
        self.query_one("#trainer-body", VerticalScroll).scroll_to(y=scrolled, animate=False, immediate=True)

    def where(self, place: classroom.Place) -> str:
        course = self.course_app.course
        title = place.item
        try:
            if place.kind == "lesson":
                title = course.lesson(place.item).title(self.lang)
            elif place.kind == "quiz":
                title = course.quiz(place.item).title(self.lang)
            elif place.kind == "scenario":
                title = course.scenario(place.item).title(self.lang)
        except (KeyError, AttributeError):
            pass  # an item the course no longer has: its id
        if place.kind in ("lesson", "quiz") and place.of:
            key = f"cohort.where.{place.kind}_step"
            room = WHERE_W - cells(self.tr(key, title="", step=place.step, of=place.of))  # a long title is cut, never the step
            return self.tr(key, title=fit(title, max(4, room)).rstrip(), step=place.step, of=place.of)
        if place.kind in ("lesson", "quiz", "scenario"):
            return title
        return self.tr(f"cohort.where.{place.kind}")

    def compose_lead(self, report: reports.Report | None) -> ComposeResult:
        here = classroom.online(self.course_app.session.store.folder)
        rows = {row.name: row for row in report.learners} if report is not None else {}
        stamp = datetime.now().strftime("%H:%M:%S")
        yield Label(self.tr("cohort.live_hint"), classes="trainer-note", id="cohort-live", markup=False)
        yield Label(self.tr("cohort.online", n=len(here)), classes="trainer-heading", id="cohort-online", markup=False)
        yield Label(self.tr("cohort.auto", s=int(REFRESH_SECONDS), time=stamp), classes="trainer-note", id="cohort-stamp", markup=False)
        if not here:
            yield Label(self.tr("cohort.nobody"), classes="trainer-note", markup=False)
            return
        head = [
            (self.tr("cohort.col.learner"), NAME_W, "<"),
            (self.tr("cohort.col.where"), WHERE_W, "<"),
            (self.tr("cohort.col.lessons"), LESSONS_W, ">"),
            (self.tr("cohort.col.passed"), PASSED_W, ">"),
        ]
        yield Label(_row(head), classes="trainer-head", markup=False)
        for presence in here:
            row = rows.get(presence.name)
            lessons = f"{row.lessons_read}/{len(row.chapters)}" if row else "—"
            passed = f"{row.quizzes_passed}/{row.quizzes_total}" if row else "—"
            cells = [(one_line(presence.name), NAME_W, "<"), (self.where(presence.place), WHERE_W, "<"), (lessons, LESSONS_W, ">"), (passed, PASSED_W, ">")]
            yield Label(_row(cells), classes="trainer-row cohort-learner", markup=False)


class QuizPicker(BaseModal):
    """The quiz to run live: Enter picks it, Esc closes."""

    AUTO_FOCUS = "#live-quizzes"
    BINDINGS = [Binding("escape", "cancel", "key.close")]

    def compose(self) -> ComposeResult:
        course, lang = self.course_app.course, self.lang
        self.ids = [quiz.id for quiz in course.quizzes]
        with Vertical(classes="dialog"):
            yield Label(self.tr("cohort.live_pick"), classes="heading", markup=False)
            yield OptionList(*[Option(quiz.title(lang)) for quiz in course.quizzes], id="live-quizzes", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.ids[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(parts: list[tuple[str, int, str]]) -> str:
    """Cells of fixed widths: NAME_W + WHERE_W + LESSONS_W + PASSED_W and the spaces make WIDTH."""
    return " ".join(fit(text, width, align) for text, width, align in parts).rstrip()
