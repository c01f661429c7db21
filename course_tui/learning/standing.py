"""A quiz's standing for one learner: the one place that decides its score, whether it is
passed, and how many graded attempts are used and left.

Every screen, report and export reads a quiz's score and pass from :func:`standing`, so the
course map, the chapter status, the statistics, the trainer's report and the xAPI export
cannot disagree.

The rules (docs/AUTHORING.md, "Attempts and grading"):

* A **graded attempt** is an attempt at the whole quiz. A **review round** ("retry the missed
  ones": ``review: true`` in the attempt, or, in stores written before review rounds were
  marked, a ``retry_of``) is practice: it never changes the score, the pass or the chapter
  status, and it does not use up an attempt.
* The quiz's **score** is made from the finished graded attempts by the quiz's ``grading``:
  ``highest`` (default), ``last``, ``first`` or ``average``.
* The quiz is **passed** when that score is at or above the pass mark (so only full graded
  attempts can pass it; with ``highest`` one full attempt at the pass mark is enough).
* A **live attempt** (mode ``live``: a host-paced live quiz, course_tui.learning.livequiz)
  is recorded like practice: it never changes the score, the pass or the chapter status, and
  it does not use up an attempt (the host, not the learner, chose to run it).
* ``attempts: N`` limits the graded attempts a learner may *start* (an unfinished one counts:
  it can be resumed); review rounds are never limited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course_tui.course.model import Quiz


def is_review(attempt: Mapping[str, Any]) -> bool:
    """Whether a stored attempt is a review round (practice of missed questions), not graded."""
    return bool(attempt.get("review")) or bool(attempt.get("retry_of"))


def is_live(attempt: Mapping[str, Any]) -> bool:
    """Whether a stored attempt was a live quiz's (recorded, never graded for passing)."""
    return attempt.get("mode") == "live"


def attempt_percent(attempt: Mapping[str, Any]) -> float | None:
    """The stored percent of a finished attempt; None when it has none usable."""
    value = attempt.get("percent")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def attempt_passed(quiz: Quiz, attempt: Mapping[str, Any]) -> bool | None:
    """Whether one finished graded attempt reached the pass mark; None for a review round or
    an attempt without a score (it neither passes nor fails)."""
    percent = attempt_percent(attempt)
    if is_review(attempt) or is_live(attempt) or percent is None or not attempt.get("finished"):
        return None
    return percent >= quiz.pass_mark


def graded_score(grading: str, percents: list[float]) -> float | None:
    """The quiz's score from its graded attempts' percents (oldest first) by *grading*."""
    if not percents:
        return None
    if grading == "last":
        return percents[-1]
    if grading == "first":
        return percents[0]
    if grading == "average":
        return round(sum(percents) / len(percents), 2)
    return max(percents)


@dataclass(frozen=True)
class Standing:
    """Where one learner stands in one quiz (see the module's rules)."""

    quiz: Quiz
    graded: tuple[Mapping[str, Any], ...]  # finished graded attempts, oldest first
    reviews: tuple[Mapping[str, Any], ...]  # finished review rounds, oldest first
    score: float | None  # by the quiz's grading; None before a graded attempt is finished
    best: float | None  # the highest graded attempt (whatever the grading)
    passed: bool
    used: int  # graded attempts started (finished or not)
    allowed: int | None  # the quiz's limit; None: no limit
    unfinished: str | None  # id of the latest unfinished graded attempt (to resume)
    live: tuple[Mapping[str, Any], ...] = ()  # finished live attempts, oldest first (never graded)

    @property
    def grading(self) -> str:
        return self.quiz.grading

    @property
    def left(self) -> int | None:
        """Graded attempts the learner may still start; None: no limit."""
        return None if self.allowed is None else max(0, self.allowed - self.used)

    @property
    def can_start(self) -> bool:
        """Whether a new graded attempt may start (review rounds always may)."""
        return self.allowed is None or self.used < self.allowed

    @property
    def attempted(self) -> bool:
        """A graded attempt has been finished."""
        return self.score is not None

    @property
    def started(self) -> bool:
        """Any attempt at all (graded or review, finished or not)."""
        return bool(self.used or self.reviews)

    @property
    def attempts(self) -> int:
        """Finished attempts, review rounds included."""
        return len(self.graded) + len(self.reviews)


def standing(quiz: Quiz, attempts: Iterable[Mapping[str, Any]]) -> Standing:
    """The standing in *quiz* from a learner's stored attempts (any quiz's; others are skipped)."""
    graded: list[Mapping[str, Any]] = []
    reviews: list[Mapping[str, Any]] = []
    live: list[Mapping[str, Any]] = []
    used = 0
    unfinished: str | None = None
    for attempt in attempts:
        if not isinstance(attempt, Mapping) or attempt.get("quiz") != quiz.id:
            continue
        if is_live(attempt):
            if attempt.get("finished"):
                live.append(attempt)
            continue
        review = is_review(attempt)
        if not review:
            used += 1
        if not attempt.get("finished"):
            if not review:
                unfinished = attempt.get("id")
            continue
        (reviews if review else graded).append(attempt)
    graded.sort(key=lambda a: str(a.get("finished") or ""))
    reviews.sort(key=lambda a: str(a.get("finished") or ""))
    percents = [p for p in (attempt_percent(a) for a in graded) if p is not None]
    score = graded_score(quiz.grading, percents)
    return Standing(
        quiz=quiz,
        graded=tuple(graded),
        reviews=tuple(reviews),
        score=score,
        best=max(percents) if percents else None,
        passed=score is not None and score >= quiz.pass_mark,
        used=used,
        allowed=quiz.attempts,
        unfinished=unfinished,
        live=tuple(sorted(live, key=lambda a: str(a.get("finished") or ""))),
    )


def quiz_standing(quiz: Quiz, progress: Mapping[str, Any]) -> Standing:
    """:func:`standing` from a learner's course progress (``Learner.course``)."""
    attempts = progress.get("attempts") if isinstance(progress, Mapping) else None
    return standing(quiz, attempts if isinstance(attempts, list) else [])
