"""Progress and statistics: scores per chapter, attempts over time, time spent, endings found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from course_tui.course.model import Course
from course_tui.learning.overview import overview
from course_tui.learning.progress import Learner
from course_tui.learning.standing import attempt_passed, is_review, quiz_standing


@dataclass(frozen=True)
class AttemptPoint:
    quiz_id: str
    finished: str  # ISO timestamp
    percent: float
    passed: bool  # this attempt reached the pass mark (a review round never does)
    mode: str
    review: bool = False  # a review round of missed questions (practice, not graded)


@dataclass(frozen=True)
class Stats:
    chapter_best: tuple[tuple[str, float | None], ...]  # chapter id, best percent
    attempts: tuple[AttemptPoint, ...]  # finished attempts, oldest first
    quizzes_passed: int
    quizzes_total: int
    reading_seconds: float
    quiz_seconds: float
    endings: tuple[tuple[str, int, int], ...]  # scenario id, endings found, endings in all

    @property
    def total_seconds(self) -> float:
        return self.reading_seconds + self.quiz_seconds


def _seconds_between(start: str | None, end: str | None) -> float:
    try:
        return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def compute(course: Course, learner: Learner) -> Stats:
    progress = learner.course
    quizzes = {q.id: q for q in course.quizzes}
    known = set(quizzes)
    finished = [a for a in progress.get("attempts", []) if a.get("finished") and a.get("quiz") in known]
    points = tuple(
        AttemptPoint(
            a["quiz"],
            a["finished"],
            float(a.get("percent") or 0.0),
            bool(attempt_passed(quizzes[a["quiz"]], a)),
            a.get("mode", "practice"),
            is_review(a),
        )
        for a in sorted(finished, key=lambda a: a["finished"])
    )
    passed_ids = {quiz.id for quiz in course.quizzes if quiz_standing(quiz, progress).passed}
    reading = sum(float(lesson.get("seconds", 0) or 0) for lesson in progress.get("lessons", {}).values() if isinstance(lesson, dict))
    # Time in a quiz: from its start to its last answer (or its end); a long break is capped at 30 min.
    quiz_time = 0.0
    for attempt in progress.get("attempts", []):
        stamps = [x.get("at") for x in attempt.get("answers", {}).values() if isinstance(x, dict)]
        last = attempt.get("finished") or max(filter(None, stamps), default=None)
        quiz_time += min(_seconds_between(attempt.get("started"), last), 30 * 60.0)
    endings = []
    for scenario in course.scenarios:
        found = {
            r.get("ending")
            for r in progress.get("scenario_runs", [])
            if r.get("scenario") == scenario.id and r.get("finished") and r.get("ending") in scenario.nodes
        }
        endings.append((scenario.id, len(found), len(scenario.endings)))
    return Stats(
        chapter_best=tuple((s.chapter.id, s.best_percent) for s in overview(course, learner)),
        attempts=points,
        quizzes_passed=len(passed_ids),
        quizzes_total=len(course.quizzes),
        reading_seconds=reading,
        quiz_seconds=quiz_time,
        endings=tuple(endings),
    )
