"""One attempt at a quiz, as the quiz runner drives it: question order, per-attempt
shuffles, answers saved as they are submitted, resume after a restart, the summary and
"retry the missed ones".

Responses are stored in JSON-friendly form (see :func:`to_stored`); matching answers are a
list giving, for each left item, the index of the chosen right item (or null).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from course_tui.course.model import (
    Course,
    Matching,
    MultipleChoice,
    Numerical,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
    assert_never,
)
from course_tui.learning.grading import Result, grade, passed, quiz_percent
from course_tui.learning.progress import Learner
from course_tui.learning.standing import Standing, is_live, is_review, quiz_standing


class NoAttemptsLeft(ValueError):
    """Every graded attempt the quiz allows is used (a review round may still start)."""

    def __init__(self, standing: Standing) -> None:
        self.standing = standing
        super().__init__(f"no graded attempt left at quiz {standing.quiz.id!r}: {standing.used} of {standing.allowed} used")


def to_stored(question: Question, response: Any) -> Any:
    """A response as JSON can keep it."""
    match question:
        case MultipleChoice():
            return sorted(response)
        case Ordering():
            return list(response)
        case Matching():
            return [response.get(i) for i in range(len(question.pairs))]
        case SingleChoice() | TrueFalse() | ShortAnswer() | Numerical():
            return response
        case _:
            assert_never(question)


def from_stored(question: Question, stored: Any) -> Any:
    """The response :func:`~course_tui.learning.grading.grade` expects, from its stored form."""
    if isinstance(question, Matching) and isinstance(stored, list):
        return {i: right for i, right in enumerate(stored) if right is not None}
    return stored


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    response: Any  # grade()'s form, None when unanswered
    result: Result | None
    hint_used: bool = False  # the learner asked for the question's hint in this attempt

    @property
    def answered(self) -> bool:
        return self.result is not None

    @property
    def correct(self) -> bool:
        return self.result is not None and self.result.correct


@dataclass(frozen=True)
class Summary:
    """How an attempt went. A review round (``review``) is practice: ``passed`` is always False
    for it and it never counts for the quiz (see :mod:`course_tui.learning.standing`)."""

    percent: float
    passed: bool
    results: tuple[QuestionResult, ...]
    review: bool = False
    overall: Text | None = None  # the quiz's overall feedback for this score (none for a review round)

    @property
    def hints_used(self) -> tuple[str, ...]:
        """Ids of the questions whose hint the learner asked for, in the attempt's order."""
        return tuple(r.question.id for r in self.results if r.hint_used)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(r.question.id for r in self.results if not r.correct)

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self.results if r.correct)


def _parse_time(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


class QuizRun:
    """An attempt in progress (or finished) for *learner*; every change is saved at once."""

    def __init__(self, course: Course, quiz: Quiz, learner: Learner, attempt_id: str, lang: str) -> None:
        self.course = course
        self.quiz = quiz
        self.learner = learner
        self.attempt_id = attempt_id
        self.lang = lang
        attempt = self.attempt
        known = {q.id: q for q in quiz.candidates}
        # The attempt's own question list (drawn questions included) is the one source of what
        # it asks: resume, review and reports read it. Questions removed from the course since
        # the attempt began are skipped.
        self.questions: tuple[Question, ...] = tuple(known[qid] for qid in attempt.get("order", []) if qid in known)

    # -- creating and finding attempts ------------------------------------------------
    @classmethod
    def start(
        cls,
        course: Course,
        quiz: Quiz,
        learner: Learner,
        lang: str,
        exam: bool = False,
        only: list[str] | None = None,
        retry_of: str | None = None,
        seed: int | None = None,
        review: bool = False,
    ) -> QuizRun:
        """A new attempt. *exam* forces exam mode; *only* limits it to some question ids.

        A graded attempt raises :class:`NoAttemptsLeft` when the quiz's ``attempts`` are used
        up. *review* (implied by *retry_of*) starts a review round instead: practice that
        never counts for the quiz's score or pass, and is never limited.

        Options are shuffled per attempt, practice too (unless the quiz or the question says
        ``shuffle: false``); the order is stored with the attempt (:meth:`option_order`).
        A quiz with a ``draw`` adds its ``draw_count`` questions picked at random from its pool
        (:func:`draw_questions`); they are stored in the attempt's question list too.
        *seed* makes the shuffles and the draw reproducible (tests); None draws fresh ones."""
        review = review or retry_of is not None
        if not review:
            now = quiz_standing(quiz, learner.course)
            if not now.can_start:
                raise NoAttemptsLeft(now)
        rng = random.Random(seed)
        mode = "exam" if exam or quiz.is_exam else "practice"
        if only is None:
            questions = list(quiz.questions) + draw_questions(quiz, rng)
        else:
            questions = [q for q in quiz.candidates if q.id in only]
        shuffles: dict[str, list[Any]] = {}
        for q in questions:
            order = display_order(q, rng, quiz.shuffle and getattr(q, "shuffle", True))
            if order:
                shuffles[q.id] = order
        attempt_id = learner.start_attempt(quiz.id, mode, [q.id for q in questions], shuffles, retry_of, lang=lang, review=review)
        return cls(course, quiz, learner, attempt_id, lang)

    @classmethod
    def unfinished(cls, course: Course, quiz: Quiz, learner: Learner, lang: str) -> QuizRun | None:
        """The latest unfinished attempt at *quiz*, to resume; None if there is none (a live
        quiz's attempt is never resumed here: its host paces it)."""
        for attempt in reversed(learner.course.get("attempts", [])):
            if attempt.get("quiz") == quiz.id and not attempt.get("finished") and not is_live(attempt):
                return cls(course, quiz, learner, attempt["id"], lang)
        return None

    # -- state ------------------------------------------------------------------------
    @property
    def attempt(self) -> dict[str, Any]:
        attempts: list[dict[str, Any]] = self.learner.course.get("attempts", [])
        for attempt in attempts:
            if attempt.get("id") == self.attempt_id:
                return attempt
        raise KeyError(self.attempt_id)

    @property
    def mode(self) -> str:
        return str(self.attempt.get("mode", "practice"))

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"

    @property
    def finished(self) -> bool:
        return bool(self.attempt.get("finished"))

    @property
    def is_review(self) -> bool:
        """A review round of missed questions (never graded)."""
        return is_review(self.attempt)

    def standing(self) -> Standing:
        """The quiz's standing for this learner (all attempts, this one included)."""
        return quiz_standing(self.quiz, self.learner.course)

    def use_hint(self, question: Question) -> str | None:
        """The question's hint in the attempt's language, recording that it was shown;
        None (and nothing recorded) when the question has no hint."""
        hint = question.hint(self.lang)
        if hint is not None and not self.hint_used(question):
            self.learner.record_hint(self.attempt_id, question.id)
        return hint

    def hint_used(self, question: Question) -> bool:
        return question.id in (self.attempt.get("hints") or [])

    def option_order(self, question: Question) -> list[Any]:
        """Display order: option ids (choice), item indexes (ordering), right indexes (matching)."""
        stored = self.attempt.get("shuffles", {}).get(question.id)
        match question:
            case SingleChoice() | MultipleChoice():
                ids = [o.id for o in question.options]
                return list(stored) if stored and sorted(stored) == sorted(ids) else ids
            case Ordering():
                n = len(question.items)
            case Matching():
                n = len(question.rights)
            case TrueFalse() | ShortAnswer() | Numerical():
                return []
            case _:
                assert_never(question)
        return list(stored) if stored and sorted(stored) == list(range(n)) else list(range(n))

    def flagged(self, question: Question) -> bool:
        """Flagged for review before submitting (exam mode's navigation and finish page)."""
        return question.id in self.attempt.get("flags", [])

    def set_flag(self, question: Question, flagged: bool) -> None:
        self.learner.set_flag(self.attempt_id, question.id, flagged)

    def answered(self, question: Question) -> bool:
        return question.id in self.attempt.get("answers", {})

    def answer_of(self, question: Question) -> QuestionResult:
        saved = self.attempt.get("answers", {}).get(question.id)
        hinted = self.hint_used(question)
        if not saved:
            return QuestionResult(question, None, None, hinted)
        response = from_stored(question, saved.get("response"))
        try:
            result = grade(question, response, self.lang)
        except ValueError:
            return QuestionResult(question, None, None, hinted)
        return QuestionResult(question, response, result, hinted)

    @property
    def current_index(self) -> int:
        """The first unanswered question (len(questions) when all are answered)."""
        answers = self.attempt.get("answers", {})
        for i, q in enumerate(self.questions):
            if q.id not in answers:
                return i
        return len(self.questions)

    def remaining_seconds(self, now: datetime | None = None) -> float | None:
        """Seconds left under the time limit (exam mode); None without a limit."""
        if not self.quiz.time_limit or not self.is_exam:
            return None
        started = _parse_time(self.attempt.get("started"))
        if started is None:
            return None
        now = now or datetime.now(timezone.utc)
        return max(0.0, self.quiz.time_limit * 60 - (now - started).total_seconds())

    # -- actions ----------------------------------------------------------------------
    def submit(self, question: Question, response: Any) -> Result:
        """Grade and save an answer (raises InvalidResponse before saving anything)."""
        result = grade(question, response, self.lang)
        self.learner.record_answer(self.attempt_id, question.id, to_stored(question, response), result.score, self.quiz.id)
        return result

    def summary(self) -> Summary:
        results = tuple(self.answer_of(q) for q in self.questions)
        scores = {r.question.id: r.result.score for r in results if r.result is not None}
        if not self.quiz.draw_count and len(self.questions) == len(self.quiz.questions):
            percent = quiz_percent(self.quiz, scores)
        else:  # a drawn set, or a retry of some questions: score what was asked
            total = sum(q.points for q in self.questions) or 1
            percent = round(100.0 * sum(q.points * scores.get(q.id, 0.0) for q in self.questions) / total, 2)
        review = self.is_review
        band = None if review else self.quiz.overall_feedback(percent)
        return Summary(percent, False if review else passed(self.quiz, percent), results, review, band.text if band else None)

    def finish(self) -> Summary:
        """Close the attempt (unanswered questions count 0) and save the score (a review
        round's ``passed`` is stored as null: it passes nothing)."""
        summary = self.summary()
        if not self.finished:
            self.learner.finish_attempt(self.attempt_id, summary.percent, None if summary.review else summary.passed)
        return summary

    def retry_missed(self, seed: int | None = None) -> QuizRun:
        """A review round with only the questions this attempt did not get fully right."""
        missed = list(self.summary().missed)
        return QuizRun.start(self.course, self.quiz, self.learner, self.lang, exam=self.is_exam, only=missed, retry_of=self.attempt_id, seed=seed, review=True)


def draw_questions(quiz: Quiz, rng: random.Random) -> list[Question]:
    """The questions one attempt draws from *quiz*'s pool (none without a draw), in the
    pool's order; every question of the pool is equally likely."""
    if not quiz.draw_count or not quiz.pool:
        return []
    picked = set(rng.sample(range(len(quiz.pool)), min(quiz.draw_count, len(quiz.pool))))
    return [q for i, q in enumerate(quiz.pool) if i in picked]


def display_order(question: Question, rng: random.Random, shuffle_options: bool = True) -> list[Any]:
    """How to show a question's parts: option ids (choice questions; shuffled when
    *shuffle_options*), item indexes for ordering and right-item indexes for matching
    (always shuffled, never already in the right order). Empty for other types."""
    match question:
        case SingleChoice() | MultipleChoice():
            ids = [o.id for o in question.options]
            if shuffle_options:
                rng.shuffle(ids)
            return ids if shuffle_options else []
        case Ordering():
            return _derangement(len(question.items), rng)
        case Matching():
            return _derangement(len(question.rights), rng)
        case TrueFalse() | ShortAnswer() | Numerical():
            return []
        case _:
            assert_never(question)


def _derangement(n: int, rng: random.Random) -> list[int]:
    """A shuffled order that is not already the right one (when n > 1)."""
    order = list(range(n))
    if n < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


@dataclass(frozen=True)
class ExamFacts:
    """What the page before an exam attempt states."""

    questions: int
    time_limit: int | None  # minutes
    used: int  # graded attempts finished
    allowed: int | None  # None: no limit
    grading: str  # highest | last | first | average
    standing: float | None  # the grade so far, by the grading method
    in_progress: bool  # an unfinished exam attempt to continue

    @property
    def used_up(self) -> bool:
        """Every graded attempt allowed is used: a new one cannot start."""
        return self.allowed is not None and self.used >= self.allowed


def exam_facts(course: Course, quiz: Quiz, learner: Learner) -> ExamFacts:
    """From the quiz's standing (learning/standing.py): the one count of attempts and grade."""
    now = quiz_standing(quiz, learner.course)
    in_progress = any(a.get("id") == now.unfinished and a.get("mode") == "exam" for a in learner.course.get("attempts", []))
    return ExamFacts(
        questions=quiz.questions_per_attempt,
        time_limit=quiz.time_limit or None,
        used=now.used - (1 if in_progress else 0),
        allowed=now.allowed,
        grading=now.grading,
        standing=now.score,
        in_progress=in_progress,
    )
