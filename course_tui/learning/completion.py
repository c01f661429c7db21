"""Whether a learner has completed a course, and the facts of a certificate.

A course is **complete** when every chapter is done (its lesson read to the end, its quizzes
passed, its scenarios played: the course map's ✓) and every exam is passed (by its standing,
learning/standing.py). The completion date is when the last of those was reached: the
latest lesson completion, passing graded attempt and finished scenario run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from course_tui.course.model import Course
from course_tui.learning.overview import ALL_DONE, chapter_status
from course_tui.learning.standing import attempt_passed, is_review, quiz_standing


@dataclass(frozen=True)
class Completion:
    complete: bool
    chapters_done: int
    chapters: int
    exams_passed: int
    exams: int
    final_score: float | None  # the exams' scores averaged (each by its grading); None without exams
    completed: datetime | None  # when the last requirement was met (None until complete)

    @property
    def missing(self) -> str:
        """What is left, in words (English, for the command line)."""
        parts = []
        if self.chapters_done < self.chapters:
            parts.append(f"{self.chapters - self.chapters_done} of {self.chapters} chapter(s) not done")
        if self.exams_passed < self.exams:
            parts.append(f"{self.exams - self.exams_passed} of {self.exams} exam(s) not passed")
        return "; ".join(parts)


def _stamp(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def completion(course: Course, progress: Mapping[str, Any]) -> Completion:
    """*progress*: the learner's entry for this course (``Learner.course``)."""
    statuses = [chapter_status(chapter, dict(progress)) for chapter in course.chapters]
    done = sum(1 for s in statuses if s.status == ALL_DONE)
    standings = [quiz_standing(exam, progress) for exam in course.exams]
    passed = sum(1 for s in standings if s.passed)
    scores = [s.score for s in standings if s.score is not None]
    final = round(sum(scores) / len(scores), 2) if scores and len(scores) == len(standings) else None
    complete = done == len(statuses) and passed == len(standings) and bool(statuses)
    when: datetime | None = None
    if complete:
        when = _completed_at(course, progress)
    return Completion(complete, done, len(statuses), passed, len(standings), final, when)


def _completed_at(course: Course, progress: Mapping[str, Any]) -> datetime | None:
    """The latest of the dates each requirement was first met (a later run or attempt does
    not move it)."""
    firsts: list[datetime | None] = []
    lessons = progress.get("lessons", {})
    attempts = progress.get("attempts", [])
    runs = progress.get("scenario_runs", [])

    def earliest(stamps: list[datetime | None]) -> datetime | None:
        known = [s for s in stamps if s is not None]
        return min(known) if known else None

    for chapter in course.chapters:
        firsts.append(_stamp(lessons.get(chapter.id, {}).get("completed")))
        firsts += [earliest([_stamp(r.get("finished")) for r in runs if r.get("scenario") == sc.id]) for sc in chapter.scenarios]
    for quiz in course.quizzes:
        passing = [a for a in attempts if a.get("quiz") == quiz.id and not is_review(a) and attempt_passed(quiz, a)]
        firsts.append(earliest([_stamp(a.get("finished")) for a in passing]))
    known = [f for f in firsts if f is not None]
    return max(known) if known else None
