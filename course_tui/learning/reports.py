"""The trainer's report: every learner of a store against one course.

Two views, both computed here from the learner documents (see :mod:`course_tui.learning.progress`):

* **learners × chapters** — per learner and chapter: sections read of the lesson's total and
  whether the lesson was read to its end, the best quiz score and whether the chapter's quizzes
  are passed (:func:`course_tui.learning.overview.chapter_status`, the rule the course map uses),
  and the scenario endings reached with their verdicts; then the quizzes that belong to no
  chapter (the final exam).
* **question statistics** — per quiz and question, who got it right at the first try and
  at some try, and the wrong answer most learners gave (:mod:`course_tui.learning.question_stats`).

Learners: every learner in the store, except those whose file holds progress in other courses
only. The store is only read (:meth:`~course_tui.learning.store.Store.read_all`): a file that
cannot be read never stops the report and is never changed; :attr:`Report.notices` says,
one line per file, what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from course_tui.course.model import Course, Quiz, Scenario, Text
from course_tui.learning.grading import scenario_max_score
from course_tui.learning.overview import chapter_status
from course_tui.learning.progress import Learner
from course_tui.learning.question_stats import QuizStats, quiz_stats
from course_tui.learning.scenariorun import endings_found
from course_tui.learning.standing import Standing, attempt_percent, is_live, quiz_standing
from course_tui.learning.store import Store


# -- learners × chapters --------------------------------------------------------------------
@dataclass(frozen=True)
class QuizResult:
    quiz: Quiz
    attempts: int  # finished attempts, review rounds of missed questions included
    best_percent: float | None  # the quiz's score by its grading (graded attempts only; see learning.standing)
    passed: bool
    standing: Standing | None = None

    @property
    def attempted(self) -> bool:
        return self.best_percent is not None


@dataclass(frozen=True)
class EndingReached:
    id: str
    outcome: str  # the ending's verdict: success, partial or failure
    title: Text


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    runs: int  # finished runs
    endings: tuple[EndingReached, ...]  # distinct endings reached, in the scenario's order
    best_score: int | None
    max_score: int

    @property
    def best_percent(self) -> float | None:
        """The best score as a percent of the highest any path can reach (0–100; a negative
        score counts as 0); None before a finished run, or when no path scores above 0."""
        if self.best_score is None or self.max_score <= 0:
            return None
        return round(100 * min(max(self.best_score, 0), self.max_score) / self.max_score, 2)


@dataclass(frozen=True)
class ChapterRow:
    chapter_id: str
    title: Text
    sections_read: int
    sections_total: int
    lesson_read: bool  # read to the last section
    best_percent: float | None  # best score over the chapter's quizzes (None: none finished)
    quizzes_passed: int
    quizzes: tuple[QuizResult, ...]
    scenarios: tuple[ScenarioResult, ...]

    @property
    def passed(self) -> bool | None:
        """Every quiz of the chapter passed; None when the chapter has no quiz."""
        return self.quizzes_passed == len(self.quizzes) if self.quizzes else None


@dataclass(frozen=True)
class LiveResult:
    """One finished live quiz attempt (host-paced; recorded, never graded for passing)."""

    quiz: Quiz
    session: str
    started: str
    finished: str
    percent: float | None
    answered: int
    right: int
    points: int | None  # None: the session's answers were gone when the attempt was closed
    rank: int | None
    learners: int | None


@dataclass(frozen=True)
class LearnerRow:
    name: str
    updated: str  # ISO timestamp of the learner's last saved change ("" if unknown)
    chapters: tuple[ChapterRow, ...]
    exams: tuple[QuizResult, ...]  # quizzes without a chapter
    live: tuple[LiveResult, ...] = ()  # live quizzes taken, oldest first

    @property
    def lessons_read(self) -> int:
        return sum(1 for c in self.chapters if c.lesson_read)

    @property
    def quizzes_passed(self) -> int:
        return sum(1 for c in self.chapters for q in c.quizzes if q.passed) + sum(1 for q in self.exams if q.passed)

    @property
    def quizzes_total(self) -> int:
        return sum(len(c.quizzes) for c in self.chapters) + len(self.exams)


def quiz_result(progress: dict[str, Any], quiz: Quiz) -> QuizResult:
    """One quiz for one learner, from its standing (the rule the course map uses)."""
    now = quiz_standing(quiz, progress)
    return QuizResult(quiz, now.attempts, now.score, now.passed, now)


def scenario_result(scenario: Scenario, learner: Learner) -> ScenarioResult:
    found = endings_found(scenario, learner)
    runs = [r for r in learner.course.get("scenario_runs", []) if r.get("scenario") == scenario.id and r.get("finished") and r.get("ending") in scenario.nodes]
    scores = [r["score"] for r in runs if isinstance(r.get("score"), int) and not isinstance(r.get("score"), bool)]
    endings = tuple(EndingReached(node.id, node.ending.outcome, node.ending.title) for node in scenario.endings if node.id in found and node.ending)
    return ScenarioResult(scenario, len(runs), endings, max(scores) if scores else None, scenario_max_score(scenario))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def live_results(course: Course, progress: dict[str, Any]) -> tuple[LiveResult, ...]:
    """The learner's finished live quiz attempts (of quizzes the course still has), oldest first."""
    quizzes = {q.id: q for q in course.quizzes}
    out = []
    for attempt in progress.get("attempts", []):
        quiz = quizzes.get(attempt.get("quiz"))
        if quiz is None or not is_live(attempt) or not attempt.get("finished"):
            continue
        live = attempt.get("live") if isinstance(attempt.get("live"), dict) else {}
        answers = [a for a in (attempt.get("answers") or {}).values() if isinstance(a, dict)]
        out.append(
            LiveResult(
                quiz=quiz,
                session=str(live.get("session") or ""),
                started=str(attempt.get("started") or ""),
                finished=str(attempt["finished"]),
                percent=attempt_percent(attempt),
                answered=len(answers),
                right=sum(1 for a in answers if a.get("correct")),
                points=_int(live.get("points")),
                rank=_int(live.get("rank")),
                learners=_int(live.get("learners")),
            )
        )
    return tuple(sorted(out, key=lambda r: r.finished))


def learner_row(course: Course, learner: Learner) -> LearnerRow:
    progress = learner.course
    chapters = []
    for chapter in course.chapters:
        status = chapter_status(chapter, progress)
        chapters.append(
            ChapterRow(
                chapter_id=chapter.id,
                title=chapter.title,
                sections_read=status.sections_seen,
                sections_total=len(chapter.lesson.sections),
                lesson_read=status.lesson_done,
                best_percent=status.best_percent,
                quizzes_passed=status.quizzes_passed,
                quizzes=tuple(quiz_result(progress, q) for q in chapter.quizzes),
                scenarios=tuple(scenario_result(s, learner) for s in chapter.scenarios),
            )
        )
    updated = learner.doc.get("updated")
    return LearnerRow(
        name=learner.name,
        updated=updated if isinstance(updated, str) else "",
        chapters=tuple(chapters),
        exams=tuple(quiz_result(progress, q) for q in course.exams),
        live=live_results(course, progress),
    )


# -- the report -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    course: Course
    generated: str  # ISO timestamp with time zone
    learners: tuple[LearnerRow, ...]
    quizzes: tuple[QuizStats, ...]  # every quiz of the course, in course order
    notices: tuple[str, ...]  # files left out or moved aside, in plain words


def _belongs(doc: dict[str, Any], course_id: str) -> bool:
    courses = doc.get("courses") or {}
    return not courses or course_id in courses


def build(course: Course, store: Store, now: datetime | None = None) -> Report:
    """The report over every learner of *store* for *course* (the store is only read)."""
    found, notices = store.read_all()
    learners = [Learner(store, f.name, course.id, doc=f.doc) for f in sorted(found, key=lambda f: (f.name.casefold(), f.name)) if _belongs(f.doc, course.id)]
    stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return Report(
        course=course,
        generated=stamp,
        learners=tuple(learner_row(course, learner) for learner in learners),
        quizzes=tuple(quiz_stats(quiz, learners) for quiz in course.quizzes),
        notices=tuple(notices),
    )
