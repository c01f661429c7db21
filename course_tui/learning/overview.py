"""What the course map shows: per-chapter status and progress, and where "continue" goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_tui.course.model import Chapter, Course, Lesson
from course_tui.learning.progress import Learner
from course_tui.learning.standing import quiz_standing

NOT_STARTED, READING, QUIZ_PASSED, ALL_DONE = "not_started", "reading", "quiz_passed", "all_done"


@dataclass(frozen=True)
class ChapterStatus:
    chapter: Chapter
    status: str
    sections_seen: int
    lesson_done: bool
    quizzes_passed: int
    best_percent: float | None  # the best quiz score of the chapter (each quiz's by its grading)
    scenarios_played: int
    done: int  # steps done: sections seen + quizzes passed + scenarios finished
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class Target:
    """Where "continue" leads: kind is lesson, quiz or scenario."""

    kind: str
    id: str
    section: str | None = None
    attempt: str | None = None
    run: str | None = None


def chapter_status(chapter: Chapter, progress: dict[str, Any]) -> ChapterStatus:
    lesson = progress.get("lessons", {}).get(chapter.id, {})
    ids = {s.id for s in chapter.lesson.sections}
    seen = len(ids & set(lesson.get("seen", [])))
    lesson_done = bool(lesson.get("completed"))
    passed = 0
    best: float | None = None
    standings = [quiz_standing(quiz, progress) for quiz in chapter.quizzes]
    for now in standings:
        if now.passed:
            passed += 1
        if now.score is not None:
            best = now.score if best is None else max(best, now.score)
    played = sum(1 for scenario in chapter.scenarios if any(r.get("scenario") == scenario.id and r.get("finished") for r in progress.get("scenario_runs", [])))
    total = len(ids) + len(chapter.quizzes) + len(chapter.scenarios)
    done = seen + passed + played
    if lesson_done and passed == len(chapter.quizzes) and played == len(chapter.scenarios):
        status = ALL_DONE
    elif chapter.quizzes and passed == len(chapter.quizzes):
        status = QUIZ_PASSED
    elif seen or passed or played or any(s.graded or s.reviews for s in standings):
        status = READING
    else:
        status = NOT_STARTED
    return ChapterStatus(chapter, status, seen, lesson_done, passed, best, played, done, total)


def reading_position(lesson: Lesson, progress: dict[str, Any]) -> str:
    """The section *lesson* opens at: where the learner left it if that section still exists,
    else the first."""
    saved = progress.get("lessons", {}).get(lesson.id, {}).get("section")
    ids = [s.id for s in lesson.sections]
    return saved if saved in ids else ids[0]


def overview(course: Course, learner: Learner) -> list[ChapterStatus]:
    progress = learner.course
    return [chapter_status(chapter, progress) for chapter in course.chapters]


def overall_fraction(statuses: list[ChapterStatus]) -> float:
    total = sum(s.total for s in statuses)
    return sum(s.done for s in statuses) / total if total else 0.0


def continue_target(course: Course, learner: Learner) -> Target:
    """Exactly where the learner stopped, else the first unfinished chapter's lesson."""
    progress = learner.course
    position: dict[str, Any] = progress.get("position") or {}
    kind, item = position.get("kind"), position.get("id", "")
    if kind == "lesson":
        try:
            lesson = course.lesson(item)
            section = position.get("section", "")
            lesson.section_index(section)
            return Target("lesson", lesson.id, section=section)
        except KeyError:
            pass
    # An unfinished quiz attempt or scenario run that still fits the course.
    for name, ref_key, part, lookup in (
        ("quiz", "attempt", "attempts", course.quiz),
        ("scenario", "run", "scenario_runs", course.scenario),
    ):
        if kind != name or not position.get(ref_key):
            continue
        try:
            lookup(item)
        except KeyError:
            continue
        entry = next((e for e in progress.get(part, []) if e.get("id") == position[ref_key]), None)
        if entry is not None and not entry.get("finished"):
            return Target(name, item, **{ref_key: entry["id"]})
    for status in overview(course, learner):
        if status.status != ALL_DONE:
            chapter = status.chapter
            if not status.lesson_done:
                return Target("lesson", chapter.id, section=reading_position(chapter.lesson, progress))
            for quiz in chapter.quizzes:
                if not quiz_standing(quiz, progress).passed:
                    return Target("quiz", quiz.id)
            for scenario in chapter.scenarios:
                if not any(r.get("scenario") == scenario.id and r.get("finished") for r in progress.get("scenario_runs", [])):
                    return Target("scenario", scenario.id)
    if course.exams:
        return Target("quiz", course.exams[0].id)
    first = course.chapters[0]
    return Target("lesson", first.id, section=first.lesson.sections[0].id)
