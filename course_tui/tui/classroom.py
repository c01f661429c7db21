"""The app's part in a served class (``course-tui serve``): a learner's session says, every few
seconds, that it holds its learner and where in the course the learner is
(:mod:`course_tui.learning.classroom`), and lets the record go when it ends.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.screen import Screen

from course_tui.learning import classroom

if TYPE_CHECKING:
    from course_tui.tui.app import CourseApp

CHECK_SECONDS = 1.0  # a move to another screen is said within a second; the record itself every HEARTBEAT_SECONDS


def place_of(screen: Screen) -> classroom.Place:
    """Where the learner is, from the screen on top (dialogs and help: the screen below)."""
    from course_tui.tui.screens.base import BaseScreen

    stack = screen.app.screen_stack
    for candidate in reversed(stack):
        if isinstance(candidate, BaseScreen):
            screen = candidate
            break
    kind = type(screen).__name__
    if kind == "LessonScreen":
        return classroom.Place("lesson", screen.lesson.id, screen.index + 1, len(screen.lesson.sections))  # type: ignore[attr-defined]
    if kind in ("QuizScreen", "ExamIntroScreen", "QuizSummaryScreen"):
        quiz = screen.quiz  # type: ignore[attr-defined]
        run = getattr(screen, "run", None)
        if kind == "QuizScreen" and run is not None:
            total = len(run.questions)
            return classroom.Place("quiz", quiz.id, min(screen.index + 1, total), total)  # type: ignore[attr-defined]
        return classroom.Place("quiz", quiz.id)
    if kind == "ScenarioScreen":
        return classroom.Place("scenario", screen.scenario.id)  # type: ignore[attr-defined]
    return classroom.Place({"CourseMapScreen": "map", "ReviewScreen": "review", "StatsScreen": "stats"}.get(kind, "other"))


class Heartbeat:
    """Keeps the learner's presence record fresh while the session runs."""

    def __init__(self, app: "CourseApp", role: classroom.Role) -> None:
        self.app, self.role = app, role
        self.said: tuple[classroom.Place, float] | None = None

    @property
    def store(self):  # noqa: ANN201 - Path
        return self.app.session.store.folder

    def start(self) -> None:
        self.beat()
        self.app.set_interval(CHECK_SECONDS, self.beat)

    def beat(self) -> None:
        if self.app.session.learner is None:
            return
        try:
            place = place_of(self.app.screen)
        except Exception:  # noqa: BLE001 - no screen yet (or being replaced): say it next time
            return
        now = time.time()
        if self.said is not None and self.said[0] == place and now - self.said[1] < classroom.HEARTBEAT_SECONDS:
            held = classroom.read_presence(self.store, self.app.learner.name)
            if held is not None and held.session == self.role.session:
                return  # said, and still ours (another tab of this browser that ended may have taken the record away)
        presence = classroom.Presence(self.app.learner.name, self.role.browser, self.role.session, place, now)
        try:
            classroom.write_presence(self.store, presence)
        except OSError:
            return  # the store went read-only: the banner says so; the trainer sees the learner go
        self.said = (place, now)

    def stop(self) -> None:
        if self.app.session.learner is not None:
            classroom.release(self.store, self.app.learner.name, self.role.session)
