"""The immutable content model of a loaded course, and :class:`LoadResult`.

Everything here is built by :mod:`course_tui.course.loader` after validation succeeded, so
code that uses a :class:`Course` can trust every reference in it.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Union

from msgspec import Struct, field

if TYPE_CHECKING:
    from course_tui.course.findings import Finding


class Text(Mapping[str, str]):
    """Text in one or more languages. ``text(lang)`` falls back to the first language."""

    __slots__ = ("_items",)
    _items: tuple[tuple[str, str], ...]

    def __init__(self, values: Mapping[str, str]) -> None:
        object.__setattr__(self, "_items", tuple(values.items()))

    def __getitem__(self, lang: str) -> str:
        for key, value in self._items:
            if key == lang:
                return value
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __call__(self, lang: str) -> str:
        for key, value in self._items:
            if key == lang:
                return value
        return self._items[0][1] if self._items else ""

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self._items == other._items
        return super().__eq__(other)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Text is immutable")

    def __repr__(self) -> str:
        return f"Text({dict(self._items)!r})"


class SectionRef(Struct, frozen=True):
    """A pointer to a lesson section, written ``lesson#section``."""

    lesson: str
    section: str

    @classmethod
    def parse(cls, ref: str) -> "SectionRef":
        lesson, _, section = ref.partition("#")
        return cls(lesson, section)

    def __str__(self) -> str:
        return f"{self.lesson}#{self.section}"


class Section(Struct, frozen=True):
    """One ``## Heading {#id}`` part of a lesson: what the reader sees on one screen."""

    id: str
    title: Text
    body: Text


class Lesson(Struct, frozen=True):
    """A chapter's reading: its sections in order, objectives and estimated minutes."""

    id: str
    title: Text
    objectives: tuple[Text, ...]
    sections: tuple[Section, ...]
    minutes: int | None = None
    files: tuple[str, ...] = ()

    def section_index(self, section_id: str) -> int:
        for i, section in enumerate(self.sections):
            if section.id == section_id:
                return i
        raise KeyError(section_id)


class Option(Struct, frozen=True):
    """One option of a single- or multiple-choice question."""

    id: str
    text: Text
    feedback: Text | None = None


class QuestionBase(Struct, frozen=True):
    """What every question has; the subclasses add their type's answer."""

    id: str
    prompt: Text
    explanation: Text | None
    section: SectionRef | None
    points: int
    source: str = ""  # "path:line" where the question is written
    hint_text: Text | None = None  # the author's hint (see hint())
    tags: tuple[str, ...] = ()  # pools a quiz's ``draw`` can take questions from

    type = ""

    def hint(self, lang: str) -> str | None:
        """The hint in *lang* (or the first language written); None when the question has none."""
        return self.hint_text(lang) if self.hint_text else None


class SingleChoice(QuestionBase, frozen=True):
    """One right option."""

    options: tuple[Option, ...] = ()
    answer: str = ""
    shuffle: bool = True  # False: options stay in the written order
    type = "single"


class MultipleChoice(QuestionBase, frozen=True):
    """Every right option must be chosen, and no other."""

    options: tuple[Option, ...] = ()
    answer: frozenset[str] = frozenset()
    shuffle: bool = True  # False: options stay in the written order
    type = "multiple"


class TrueFalse(QuestionBase, frozen=True):
    """A statement that is true or false."""

    answer: bool = True
    feedback_true: Text | None = None
    feedback_false: Text | None = None
    type = "true_false"


class ShortAnswer(QuestionBase, frozen=True):
    """A typed answer, compared with the accepted answers of each language."""

    answer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    feedback_wrong: Text | None = None
    match: str = "normalized"  # exact | normalized | contains
    type = "short"

    def shown_answers(self, lang: str) -> tuple[str, ...]:
        """The accepted answers to show a learner reading in *lang*: that language's only
        (the first language written when the question has none in *lang*)."""
        if lang in self.answer:
            return tuple(self.answer[lang])
        return tuple(next(iter(self.answer.values()), ()))

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Accepted answers for *lang*; answers of every language are accepted too."""
        first = self.answer.get(lang, ())
        rest = tuple(a for key, values in self.answer.items() if key != lang for a in values)
        return tuple(first) + rest


class Ordering(QuestionBase, frozen=True):
    """Items to put in order; ``items`` holds the right order."""

    items: tuple[Text, ...] = ()
    feedback_wrong: Text | None = None
    type = "ordering"


class Pair(Struct, frozen=True):
    """A left item and the right item it matches."""

    left: Text
    right: Text


class Matching(QuestionBase, frozen=True):
    """Left items each matched with a right item; distractors match none."""

    pairs: tuple[Pair, ...] = ()
    distractors: tuple[Text, ...] = ()
    feedback_wrong: Text | None = None
    reuse: bool = False  # True: one right-hand item may be chosen for several left items
    type = "matching"

    @property
    def rights(self) -> tuple[Text, ...]:
        """Every right-hand item: the pairs' matches, then the distractors."""
        return tuple(p.right for p in self.pairs) + self.distractors


class NumberRange(Struct, frozen=True):
    """One accepted number: ``value`` ± ``tolerance``, or ``low``..``high`` (both given) —
    with the feedback shown to a learner whose answer falls in it."""

    value: float = 0.0
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    feedback: Text | None = None

    @property
    def bounds(self) -> tuple[float, float]:
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return self.value - self.tolerance, self.value + self.tolerance

    def contains(self, number: float) -> bool:
        low, high = self.bounds
        slack = 1e-9 * max(1.0, abs(low), abs(high))  # 0.1 + 0.2 is 0.3 here
        return low - slack <= number <= high + slack

    def describe(self) -> str:
        """``3``, ``3 ± 2`` or ``1..5``, as the author wrote it."""
        if self.low is not None and self.high is not None:
            return _number(self.low) if self.low == self.high else f"{_number(self.low)}..{_number(self.high)}"
        return f"{_number(self.value)} ± {_number(self.tolerance)}" if self.tolerance else _number(self.value)


def _number(value: float) -> str:
    """A number as people write it: ``3``, ``2.5``, ``0.001`` (no trailing ``.0``)."""
    return f"{value:.15g}"


class Unit(Struct, frozen=True):
    """A unit a numerical answer may be typed in: a number typed in it, divided by
    ``multiplier``, is in the question's first unit (Moodle's rule: ``m`` 1, ``cm`` 100 →
    ``300 cm`` is ``3``)."""

    name: str
    multiplier: float = 1.0


class Numerical(QuestionBase, frozen=True):
    """A typed number, right when it falls in one of the accepted ranges; a unit may be typed
    after it (one of ``units``), or left out (then the first unit is meant)."""

    answer: tuple[NumberRange, ...] = ()
    units: tuple[Unit, ...] = ()
    feedback_wrong: Text | None = None
    type = "numerical"


Question = Union[SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Ordering, Matching, Numerical]
"""Every question type. Code that treats types differently does it in one ``match`` whose
last case is ``case _: assert_never(question)``: a type added here and not handled there
fails the type checker (docs/ARCHITECTURE.md, "Adding a question type")."""

if sys.version_info >= (3, 11):
    from typing import assert_never as assert_never
else:  # Python 3.10: the same signature for the type checker; at run time an error

    def assert_never(value: NoReturn, /) -> NoReturn:
        raise AssertionError(f"unhandled type: {type(value).__name__}")


class Description(Struct, frozen=True):
    """A passage shown between questions (Moodle's "description"): nothing to answer, no
    points. ``position`` is the number of questions written before it; the passage is shown
    with each question after it, up to the next description (a reading passage and its
    questions)."""

    id: str
    text: Text
    position: int
    source: str = ""
    type = "description"


class FeedbackBand(Struct, frozen=True):
    """Overall feedback on an attempt whose score is at ``min`` percent or more."""

    min: float
    text: Text


class Quiz(Struct, frozen=True):
    """A chapter's quiz, or an exam (``chapter`` None, ``mode`` exam).

    ``questions`` are the quiz's own, asked in every attempt. A quiz with a ``draw`` also asks
    ``draw_count`` questions drawn per attempt from ``pool`` (questions of other quizzes, or
    tagged ones); the attempt stores which (see learning/quizrun)."""

    id: str
    title: Text
    chapter: str | None
    mode: str
    pass_mark: int
    time_limit: int | None  # minutes
    shuffle: bool
    questions: tuple[Question, ...]
    description: Text | None = None
    file: str = ""
    attempts: int | None = None  # most graded attempts; None: no limit
    grading: str = "highest"  # highest | last | first | average
    pool: tuple[Question, ...] = ()  # what a draw takes questions from (never one of ``questions``)
    draw_count: int = 0  # questions drawn from ``pool`` per attempt (0: no draw)
    feedback: tuple[FeedbackBand, ...] = ()  # overall feedback by score, highest ``min`` first
    descriptions: tuple[Description, ...] = ()  # passages between the questions (ungraded)

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"

    @property
    def candidates(self) -> tuple[Question, ...]:
        """Every question an attempt may ask: the quiz's own, then its draw's pool."""
        return self.questions + self.pool if self.pool else self.questions

    @property
    def questions_per_attempt(self) -> int:
        return len(self.questions) + self.draw_count

    def question(self, question_id: str) -> Question:
        for q in self.candidates:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def overall_feedback(self, percent: float) -> FeedbackBand | None:
        """The band an attempt's *percent* falls in: the one with the highest ``min`` it reaches."""
        return next((band for band in self.feedback if percent >= band.min), None)

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)

    def passages(self, question_id: str) -> tuple[Description, ...]:
        """The descriptions shown with a question: the last group written before it."""
        if not self.descriptions:
            return ()
        index = next((i for i, q in enumerate(self.questions) if q.id == question_id), -1)
        before = [d for d in self.descriptions if d.position <= index]
        if not before:
            return ()
        last = before[-1].position
        return tuple(d for d in before if d.position == last)


class Choice(Struct, frozen=True):
    """A way out of a scenario node."""

    text: Text
    next: str
    feedback: Text | None
    score: int


class Ending(Struct, frozen=True):
    """How a scenario ends: outcome, debrief and the sections to reread."""

    outcome: str
    title: Text
    debrief: Text
    score: int
    sections: tuple[SectionRef, ...] = ()


class Assumes(Struct, frozen=True):
    """What a node's text takes for granted about the path that led to it: every node in
    ``visited`` was passed on the way, and none in ``not_visited`` was."""

    visited: tuple[str, ...] = ()
    not_visited: tuple[str, ...] = ()


class Node(Struct, frozen=True):
    """One step of a scenario: a situation with choices, or an ending."""

    id: str
    text: Text
    title: Text | None
    choices: tuple[Choice, ...]
    ending: Ending | None
    assumes: Assumes | None = None
    shuffle: bool = True  # False: choices stay in the written order

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


class Scenario(Struct, frozen=True):
    """A branching exercise: nodes by id, played from ``start``."""

    id: str
    title: Text
    chapter: str | None
    scoring: str
    start: str
    nodes: Mapping[str, Node]
    description: Text | None = None
    file: str = ""
    shuffle: bool = True  # False: every node's choices stay in the written order

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes.values() if n.is_ending)


class Source(Struct, frozen=True):
    """The work a course is adapted from (credited on the About screen)."""

    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    note: Text | None = None


class Chapter(Struct, frozen=True):
    """A lesson with the quizzes and scenarios that belong to it."""

    id: str
    lesson: Lesson
    quizzes: tuple[Quiz, ...]
    scenarios: tuple[Scenario, ...]

    @property
    def title(self) -> Text:
        return self.lesson.title


class Course(Struct, frozen=True):
    """A whole valid course, as the loader built it."""

    id: str
    title: Text
    languages: tuple[str, ...]
    pass_mark: int
    chapters: tuple[Chapter, ...]
    exams: tuple[Quiz, ...]
    root: Path
    description: Text | None = None
    version: str | None = None
    source: Source | None = None
    authors: tuple[str, ...] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def chapter(self, chapter_id: str) -> Chapter:
        for chapter in self.chapters:
            if chapter.id == chapter_id:
                return chapter
        raise KeyError(chapter_id)

    def lesson(self, lesson_id: str) -> Lesson:
        return self.chapter(lesson_id).lesson

    def find_section(self, ref: SectionRef | None) -> tuple[Lesson, Section] | None:
        """The lesson and section a pointer names, or None."""
        if ref is None:
            return None
        try:
            lesson = self.lesson(ref.lesson)
            return lesson, lesson.sections[lesson.section_index(ref.section)]
        except KeyError:
            return None

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(q for c in self.chapters for q in c.quizzes) + self.exams

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(s for c in self.chapters for s in c.scenarios)

    def quiz(self, quiz_id: str) -> Quiz:
        for quiz in self.quizzes:
            if quiz.id == quiz_id:
                return quiz
        raise KeyError(quiz_id)

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)


@dataclasses.dataclass
class LoadResult:
    """A course folder read: its course (None when it has errors) and every finding. From the
    parsed-course cache (``cached``) it is always a valid course with its warnings."""

    course: Course | None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    cached: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.course is not None
