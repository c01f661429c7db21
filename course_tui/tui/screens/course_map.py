"""The course map (home): every chapter with status, progress and scores; "continue"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList

from course_tui.learning import review
from course_tui.learning.overview import (
    ALL_DONE,
    NOT_STARTED,
    QUIZ_PASSED,
    READING,
    Target,
    continue_target,
    overall_fraction,
    overview,
)
from course_tui.learning.standing import quiz_standing
from course_tui.tui.i18n import quoted
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import bar, percent
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.rowlist import RowList
from course_tui.tui.widgets.titlebar import TitleBar

ICONS = {NOT_STARTED: "○", READING: "◐", QUIZ_PASSED: "◕", ALL_DONE: "✓"}


class CourseMapScreen(BaseScreen):
    reopens_fresh = True
    BINDINGS = [
        Binding("c", "continue", "key.continue"),
        Binding("r", "app.review", "key.review"),
        Binding("g", "app.stats", "key.stats"),
        Binding("b", "app.notes", "key.notes", show=False),
        Binding("x", "reset_chapter", "key.reset_chapter", show=False),
        Binding("t", "app.trainer", "key.trainer", show=False),
        Binding("u", "app.learners", "key.learners"),
        Binding("s", "app.settings", "key.settings", show=False),
        Binding("a", "app.about", "key.about", show=False),
        Binding("q", "app.quit", "key.quit"),
    ]

    def compose(self) -> ComposeResult:
        top, rows = self._texts()
        yield TitleBar()
        with Vertical(id="map-top"):
            yield Label(top[0], id="overall", markup=False)
            yield Label(top[1], id="continue-line", markup=False)
        yield RowList(rows, id="chapters")  # one widget draws every row (see rowlist)
        yield KeyBar()

    def _texts(self) -> tuple[tuple[str, str], list[tuple[str, str, str | None]]]:
        """The two lines at the top, and (id, title line, detail line or None) per row."""
        app = self.course_app
        course, learner, lang = app.course, app.learner, self.lang
        statuses = overview(course, learner)
        due = len(review.due(course, learner))
        top = (
            f"{self.tr('map.overall')} {bar(overall_fraction(statuses), 20)} {percent(100 * overall_fraction(statuses))}   "
            + (self.tr("map.review_due", n=due) if due else self.tr("map.review_none")),
            self.tr("map.complete") if self._complete() else self.tr("map.continue", where=self._describe(continue_target(course, learner))),
        )
        rows: list[tuple[str, str, str | None]] = []
        for i, status in enumerate(statuses, 1):
            chapter = status.chapter
            scores = self.tr("map.best", score=percent(status.best_percent)) if status.best_percent is not None else self.tr("map.no_score")
            detail = " · ".join(
                part
                for part in (
                    self.tr("map.sections", seen=status.sections_seen, total=len(chapter.lesson.sections)),
                    scores if chapter.quizzes else "",
                    self.tr("map.scenarios", played=status.scenarios_played, total=len(chapter.scenarios)) if chapter.scenarios else "",
                )
                if part
            )
            rows.append(
                (
                    f"lesson:{chapter.id}",
                    f"{i:>2}. {ICONS[status.status]} {chapter.title(lang)}",
                    f"    {bar(status.fraction, 8)} {percent(100 * status.fraction):>4}  [{self.tr('status.' + status.status)}] {detail}",
                )
            )
        for exam in course.exams:
            standing = quiz_standing(exam, learner.course)
            best = standing.score
            mark = "✓" if standing.passed else "○"
            score = self.tr("map.best", score=percent(best)) if best is not None else self.tr("map.no_score")
            rows.append((f"quiz:{exam.id}", f" ★  {mark} {exam.title(lang)}  [{self.tr('map.exams')}]  {score}", None))
        return top, rows

    async def _refresh_texts(self) -> None:
        """Show the progress made elsewhere: only the lines whose text changed are redrawn."""
        top, rows = self._texts()
        chapters = self.query_one("#chapters", RowList)
        if chapters.ids != [row_id for row_id, _, _ in rows]:
            await self.recompose()
            return
        for label, text in ((self.query_one("#overall", Label), top[0]), (self.query_one("#continue-line", Label), top[1])):
            if str(label.content) != text:
                label.update(text)
        chapters.set_rows(rows)

    def _describe(self, target: Target) -> str:
        course, lang = self.course_app.course, self.lang
        if target.kind == "lesson":
            lesson = course.lesson(target.id)
            n = lesson.section_index(target.section) + 1 if target.section else 1
            return self.tr("map.continue_lesson", chapter=lesson.title(lang), n=n, m=len(lesson.sections))
        if target.kind == "quiz":
            quiz = course.quiz(target.id)
            if target.attempt:
                # imported here: only to describe a quiz to resume, not at every start
                from course_tui.learning.quizrun import QuizRun

                run = QuizRun(course, quiz, self.course_app.learner, target.attempt, lang)
                return self.tr(
                    "map.continue_quiz_resume", title=quoted(quiz.title(lang)), n=min(run.current_index + 1, len(run.questions)), m=len(run.questions)
                )
            return self.tr("map.continue_quiz", title=quoted(quiz.title(lang)))
        return self.tr("map.continue_scenario", title=quoted(course.scenario(target.id).title(lang)))

    _resumed_once = False

    _was_complete: bool | None = None

    async def on_screen_resume(self) -> None:  # type: ignore[override]  # Textual runs each class's handler: the base's too
        """Coming back from a lesson, quiz or dialog: show the progress made there (and, the
        moment the course is complete, the completion screen)."""
        if self._resumed_once:
            await self._refresh_texts()
        self._resumed_once = True
        self.query_one(RowList).focus()
        complete = self._complete()
        if self._was_complete is False and complete:
            self.call_later(self._show_completion)
        self._was_complete = complete

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(RowList).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, item = (event.option.id or "").partition(":")
        if kind == "lesson":
            self.course_app.open_lesson(item)
        elif kind == "quiz":
            self.course_app.open_quiz(item)

    async def action_reset_chapter(self) -> None:
        """``x``: start the highlighted chapter over, after a confirmation."""
        from course_tui.learning.store import StoreError
        from course_tui.tui.screens.dialogs import ConfirmScreen

        chapters = self.query_one("#chapters", RowList)
        if chapters.highlighted is None:
            return
        kind, _, item = (chapters.get_option_at_index(chapters.highlighted).id or "").partition(":")
        if kind != "lesson":
            return
        app = self.course_app
        chapter = app.course.chapter(item)

        async def reset(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept = app.learner.reset_chapter(chapter.id, [q.id for q in chapter.quizzes], [s.id for s in chapter.scenarios])
            except StoreError as exc:
                app.store_error(exc)
                return
            self.notify(self.tr("reset.done", chapter=chapter.title(self.lang), path=kept.name if kept else "—"), timeout=10)
            await self._refresh_texts()

        await self.app.push_screen(ConfirmScreen(self.tr("reset.title", chapter=chapter.title(self.lang)), self.tr("reset.body")), reset)

    def _complete(self) -> bool:
        from course_tui.learning.completion import completion

        return completion(self.course_app.course, self.course_app.learner.course).complete

    async def _show_completion(self) -> None:
        from course_tui.tui.screens.completion import CompletionScreen

        await self.app.push_screen(CompletionScreen())

    async def action_continue(self) -> None:
        if self._complete():  # nothing left to continue: the results and the certificate
            await self._show_completion()
            return
        target = continue_target(self.course_app.course, self.course_app.learner)
        if target.kind == "lesson":
            self.course_app.open_lesson(target.id, target.section)
        elif target.kind == "quiz":
            self.course_app.open_quiz(target.id)
        else:
            self.course_app.open_scenario(target.id)
