"""The review list (错题本): questions the learner missed come back on a spaced-repetition
schedule computed by FSRS (the ``fsrs`` library).

* A question enters the list when it is answered wrongly anywhere (quiz, exam or review);
  it is due at once.
* Answering it in a review updates its FSRS card: right is rated *Good*, wrong *Again*;
  the card's next due time is FSRS's.
* After three right answers in a row in review it counts as mastered and leaves the list
  (its history stays in the store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from course_tui.course.model import Course, Question
from course_tui.learning.grading import Result, grade
from course_tui.learning.progress import Learner, course_entry
from course_tui.learning.store import Doc

MASTERED_STREAK = 3


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _time(value: Any) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=timezone.utc)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    quiz_id: str
    due: datetime
    wrong: int
    streak: int


def items(course: Course, learner: Learner) -> list[ReviewItem]:
    """Every active (not mastered) review item whose question still exists, soonest first."""
    questions = {q.id: (quiz.id, q) for quiz in course.quizzes for q in quiz.questions}
    out = []
    for qid, entry in learner.course.get("review", {}).items():
        if qid not in questions or not isinstance(entry, dict) or entry.get("mastered"):
            continue
        quiz_id, question = questions[qid]
        out.append(ReviewItem(question, quiz_id, _time(entry.get("due")), int(entry.get("wrong", 0)), int(entry.get("streak", 0))))
    return sorted(out, key=lambda item: (item.due, item.question.id))


def due(course: Course, learner: Learner, now: datetime | None = None) -> list[ReviewItem]:
    now = now or _now()
    return [item for item in items(course, learner) if item.due <= now]


def apply_review(doc: Doc, course_id: str, question_id: str, correct: bool, when: str) -> None:
    """Update one item's FSRS card after a review answer (a change for ``Store.update``)."""
    from fsrs import Card, Rating, Scheduler  # imported here: only reviews need it

    review = course_entry(doc, course_id)["review"]
    entry = review.setdefault(question_id, {"added": when, "wrong": 0, "right": 0, "card": None})
    card = Card.from_dict(entry["card"]) if isinstance(entry.get("card"), dict) else Card()
    card, _log = Scheduler(enable_fuzzing=False).review_card(card, Rating.Good if correct else Rating.Again, _time(when))
    entry["card"] = card.to_dict()
    entry["due"] = card.due.isoformat()
    entry["last"] = when
    entry["streak"] = int(entry.get("streak", 0)) + 1 if correct else 0
    entry["right" if correct else "wrong"] = int(entry.get("right" if correct else "wrong", 0)) + 1
    entry["mastered"] = entry["streak"] >= MASTERED_STREAK


def answer(learner: Learner, question: Question, response: Any, lang: str) -> Result:
    """Grade a review answer and record it (InvalidResponse before anything is recorded)."""
    result = grade(question, response, lang)
    review_answer(learner, question.id, result.correct)
    return result


def review_answer(learner: Learner, question_id: str, correct: bool, now: datetime | None = None) -> None:
    when = (now or _now()).isoformat(timespec="seconds")
    # touches=(): only the review list changes, no attempt or run (a cheap save, see Store.update)
    learner.apply(apply_review, learner.course_id, question_id, correct, when, touches=())
