"""Progress and statistics: a bar chart of the best quiz score per chapter, every finished
attempt over time, time spent, quizzes passed and the scenario endings found.
Everything shown comes from :func:`course_tui.learning.stats.compute`; rows fit 80 columns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from course_tui.learning import stats
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import bar, duration, fit, local_time, percent
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

TITLE_CELLS = 42  # chapter titles in the chart
BAR_CELLS = 20
QUIZ_CELLS = 28  # quiz titles in the attempts table


class StatsScreen(BaseScreen):
    AUTO_FOCUS = "#stats-body"  # focused in the first frame, not moved there after it
    reopens_fresh = True
    BINDINGS = [
        Binding("escape,q", "back", "key.back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.course_app
        course, lang = app.course, self.lang
        data = stats.compute(course, app.learner)
        yield TitleBar(self.tr("stats.title"))
        with VerticalScroll(id="stats-body", classes="screen-body"):
            yield Label(self.tr("stats.quizzes_passed", passed=data.quizzes_passed, total=data.quizzes_total), id="stats-passed", markup=False)
            yield Label(
                self.tr("stats.time", reading=duration(data.reading_seconds, lang), quizzes=duration(data.quiz_seconds, lang)),
                id="stats-time",
                markup=False,
            )

            yield Label(self.tr("stats.chapter_scores"), classes="heading", markup=False)
            titles = {c.id: c.title(lang) for c in course.chapters}
            for i, (chapter_id, best) in enumerate(data.chapter_best, 1):
                chart = bar(best / 100, BAR_CELLS) if best is not None else " " * BAR_CELLS
                yield Label(
                    f"{i:>2}. {fit(titles.get(chapter_id, chapter_id), TITLE_CELLS)} {chart} {percent(best):>4}",
                    classes="stats-row",
                    markup=False,
                )

            yield Label(self.tr("stats.endings"), classes="heading", markup=False)
            names = {s.id: s.title(lang) for s in course.scenarios}
            if not data.endings:
                yield Label("—", classes="stats-row", markup=False)
            for scenario_id, found, total in data.endings:
                icon = "✓" if total and found >= total else ("◐" if found else "○")
                yield Label(
                    f"{icon} {fit(names.get(scenario_id, scenario_id), 56)} {found:>2}/{total:<2} {bar(found / total if total else 0, 8)}",
                    classes="stats-row",
                    markup=False,
                )

            yield Label(self.tr("stats.attempts"), classes="heading", markup=False)
            if not data.attempts:
                yield Label(self.tr("stats.none"), id="stats-none", markup=False)
            else:
                quizzes = {q.id: q.title(lang) for q in course.quizzes}
                head = (
                    f"{fit(self.tr('stats.col.date'), 16)}  {fit(self.tr('stats.col.quiz'), QUIZ_CELLS)}  "
                    f"{fit(self.tr('stats.col.score'), 5)}  {fit(self.tr('stats.col.passed'), 6)}  {self.tr('stats.col.mode')}"
                )
                yield Label(head, classes="stats-row stats-head", markup=False)
                for point in data.attempts:
                    mark = "–" if point.review else "✓" if point.passed else "✗"  # a review round passes nothing
                    yield Label(
                        f"{fit(local_time(point.finished), 16)}  {fit(quizzes.get(point.quiz_id, point.quiz_id), QUIZ_CELLS)}  "
                        f"{percent(point.percent):>5}  {fit(mark, 6)}  {self.tr('quiz.mode.review' if point.review else 'quiz.mode.' + point.mode)}",
                        classes="stats-row",
                        markup=False,
                    )
        yield KeyBar()

    def action_back(self) -> None:
        self.app.pop_screen()
