"""Per-question statistics over a cohort: which ideas the learners missed.

For each question of a quiz: how many learners answered it, how many got it fully right *at
their first answer* and *at some answer*, the mean credit of first answers, and the wrong
answer given by the most learners. A question is *weak* when fewer than half of the learners
who answered it were right at the first try; :meth:`QuizStats.weakest_first` orders a quiz's
questions for the trainer.

Counting rules (docs/REPORTS.md): a learner counts once per question whatever the number of
attempts; answers are re-graded against the current course (an answer that no longer fits the
question is left out); "the most chosen wrong answer" counts the learners who gave it at least
once, over every attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from course_tui.course.model import (
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
from course_tui.learning.grading import InvalidResponse, grade, normalize
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import from_stored

WEAK_BELOW = 0.5  # a question is weak when under half were right at the first try


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer and how many learners gave it.

    kind: ``option`` (a wrong option chosen), ``missed`` (a right option left out — multiple
    choice, only when no wrong option was ever chosen), ``value`` (true/false), ``text`` (a
    short answer, ``value`` is the spelling first seen, ``""`` for a blank one), ``misplaced``
    (an ordering item put in a wrong place), ``pair`` (a matching left item given a wrong
    right item, ``right`` None when left unmatched).
    """

    kind: str
    learners: int
    text: Text | None = None
    right: Text | None = None
    value: Any = None


@dataclass(frozen=True)
class QuestionStats:
    quiz_id: str
    question: Question
    answered: int  # learners with at least one answer
    right_first: int  # learners fully right at their first answer
    right_best: int  # learners fully right at some answer
    mean_first_score: float | None  # mean credit (0–1) of the first answers
    top_wrong: WrongAnswer | None

    @property
    def first_rate(self) -> float | None:
        return self.right_first / self.answered if self.answered else None

    @property
    def weak(self) -> bool:
        rate = self.first_rate
        return rate is not None and rate < WEAK_BELOW


@dataclass(frozen=True)
class QuizStats:
    quiz: Quiz
    learners: int  # learners who answered at least one of its questions
    questions: tuple[QuestionStats, ...]  # in the quiz's order

    def weakest_first(self) -> list[QuestionStats]:
        """Answered questions, lowest first-try share first (then lower mean credit, more
        learners, quiz order); questions nobody answered are left out."""
        answered = [q for q in self.questions if q.answered]
        return sorted(answered, key=lambda q: (q.first_rate, q.mean_first_score or 0.0, -q.answered))

    @property
    def unanswered(self) -> int:
        return sum(1 for q in self.questions if not q.answered)


def _answers(progress: dict[str, Any], quiz: Quiz) -> dict[str, list[tuple[Any, float]]]:
    """Question id → the learner's graded answers, oldest first: (grade()'s response, credit)."""
    out: dict[str, list[tuple[Any, float]]] = {}
    for attempt in progress.get("attempts", []):
        if not isinstance(attempt, dict) or attempt.get("quiz") != quiz.id:
            continue
        answers, lang = attempt.get("answers", {}), attempt.get("lang")
        for question in quiz.candidates:  # a drawn question too: it was asked in this quiz
            saved = answers.get(question.id)
            if not isinstance(saved, dict) or "response" not in saved:
                continue
            response = from_stored(question, saved["response"])
            try:
                result = grade(question, response, lang if isinstance(lang, str) else "")
            except (InvalidResponse, TypeError):
                continue  # the question changed since: this answer no longer fits it
            out.setdefault(question.id, []).append((response, result.score))
    return out


def _wrong_keys(question: Question, response: Any) -> list[tuple[Any, ...]]:
    """What was wrong in one (not fully right) response, as tally keys."""
    match question:
        case SingleChoice():
            return [("option", response)] if response != question.answer else []
        case MultipleChoice():
            chosen = set(response)
            wrong = [("option", o.id) for o in question.options if o.id in chosen - question.answer]
            return wrong or [("missed", o.id) for o in question.options if o.id in question.answer - chosen]
        case TrueFalse():
            return [("value", response)]
        case ShortAnswer() | Numerical():
            return [("text", normalize(response))]
        case Ordering():
            return [("misplaced", item) for pos, item in enumerate(response) if item != pos]
        case Matching():
            return [("pair", left, response.get(left)) for left in range(len(question.pairs)) if response.get(left) != left]
        case _:
            assert_never(question)


def _describe(question: Question, key: tuple[Any, ...], learners: int, spelling: dict[tuple[Any, ...], str]) -> WrongAnswer:
    kind = key[0]
    if kind in ("option", "missed") and isinstance(question, (SingleChoice, MultipleChoice)):
        option = next(o for o in question.options if o.id == key[1])
        return WrongAnswer(kind, learners, text=option.text, value=option.id)
    if kind == "misplaced" and isinstance(question, Ordering):
        return WrongAnswer(kind, learners, text=question.items[key[1]], value=key[1])
    if kind == "pair" and isinstance(question, Matching):
        right = question.rights[key[2]] if key[2] is not None else None
        return WrongAnswer(kind, learners, text=question.pairs[key[1]].left, right=right, value=[key[1], key[2]])
    if kind == "text":
        return WrongAnswer(kind, learners, value=spelling.get(key, key[1]))
    return WrongAnswer(kind, learners, value=key[1])


def _top_wrong(question: Question, wrong_by_learner: Iterable[list[Any]]) -> WrongAnswer | None:
    tally: dict[tuple[Any, ...], int] = {}
    spelling: dict[tuple[Any, ...], str] = {}
    for responses in wrong_by_learner:
        keys: dict[tuple[Any, ...], None] = {}
        for response in responses:
            for key in _wrong_keys(question, response):
                keys.setdefault(key)
                if key[0] == "text":
                    spelling.setdefault(key, " ".join(str(response).split()))
        for key in keys:
            tally[key] = tally.get(key, 0) + 1
    if not tally:
        return None
    # A wrong option chosen says more than a right one left out: "missed" only when alone.
    pool = {k: v for k, v in tally.items() if k[0] != "missed"} or tally
    key = min(pool, key=lambda k: -pool[k])  # stable: ties keep first-seen order
    return _describe(question, key, pool[key], spelling)


def quiz_stats(quiz: Quiz, learners: list[Learner]) -> QuizStats:
    per_learner = [_answers(learner.course, quiz) for learner in learners]
    questions = []
    for question in quiz.candidates:
        histories = [answers[question.id] for answers in per_learner if answers.get(question.id)]
        firsts = [history[0][1] for history in histories]
        wrong = [[response for response, score in history if score < 1.0] for history in histories]
        questions.append(
            QuestionStats(
                quiz_id=quiz.id,
                question=question,
                answered=len(histories),
                right_first=sum(1 for score in firsts if score >= 1.0),
                right_best=sum(1 for history in histories if any(score >= 1.0 for _, score in history)),
                mean_first_score=round(sum(firsts) / len(firsts), 4) if firsts else None,
                top_wrong=_top_wrong(question, wrong),
            )
        )
    return QuizStats(quiz, sum(1 for answers in per_learner if answers), tuple(questions))
