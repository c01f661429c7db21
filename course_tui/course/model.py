"""The immutable content model of a loaded course.

Everything here is built by :mod:`course_tui.course.loader` after validation succeeded, so
code that uses a :class:`Course` can trust every reference in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


class Text(Mapping[str, str]):
    """Text in one or more languages. ``text(lang)`` falls back to the first language."""

    __slots__ = ("_items",)

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


@dataclass(frozen=True)
class SectionRef:
    lesson: str
    section: str

    @classmethod
    def parse(cls, ref: str) -> "SectionRef":
        lesson, _, section = ref.partition("#")
        return cls(lesson, section)

    def __str__(self) -> str:
        return f"{self.lesson}#{self.section}"


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    body: Text


@dataclass(frozen=True)
class Lesson:
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


@dataclass(frozen=True)
class Option:
    id: str
    text: Text
    feedback: Text | None = None


@dataclass(frozen=True)
class QuestionBase:
    id: str
    prompt: Text
    explanation: Text | None
    section: SectionRef | None
    points: int
    source: str = ""  # "path:line" where the question is written

    type = ""


@dataclass(frozen=True)
class SingleChoice(QuestionBase):
    options: tuple[Option, ...] = ()
    answer: str = ""
    type = "single"


@dataclass(frozen=True)
class MultipleChoice(QuestionBase):
    options: tuple[Option, ...] = ()
    answer: frozenset[str] = frozenset()
    type = "multiple"


@dataclass(frozen=True)
class TrueFalse(QuestionBase):
    answer: bool = True
    feedback_true: Text | None = None
    feedback_false: Text | None = None
    type = "true_false"


@dataclass(frozen=True)
class ShortAnswer(QuestionBase):
    answer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    feedback_wrong: Text | None = None
    type = "short"

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Accepted answers for *lang*; answers of every language are accepted too."""
        first = self.answer.get(lang, ())
        rest = tuple(a for key, values in self.answer.items() if key != lang for a in values)
        return tuple(first) + rest


@dataclass(frozen=True)
class Ordering(QuestionBase):
    items: tuple[Text, ...] = ()
    feedback_wrong: Text | None = None
    type = "ordering"


@dataclass(frozen=True)
class Pair:
    left: Text
    right: Text


@dataclass(frozen=True)
class Matching(QuestionBase):
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[Text, ...] = ()
    feedback_wrong: Text | None = None
    type = "matching"

    @property
    def rights(self) -> tuple[Text, ...]:
        """Every right-hand item: the pairs' matches, then the distractors."""
        return tuple(p.right for p in self.pairs) + self.distractors


Question = Union[SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Ordering, Matching]


@dataclass(frozen=True)
class Quiz:
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

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Choice:
    text: Text
    next: str
    feedback: Text | None
    score: int


@dataclass(frozen=True)
class Ending:
    outcome: str
    title: Text
    debrief: Text
    score: int
    sections: tuple[SectionRef, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    text: Text
    title: Text | None
    choices: tuple[Choice, ...]
    ending: Ending | None

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Text
    chapter: str | None
    scoring: str
    start: str
    nodes: Mapping[str, Node]
    description: Text | None = None
    file: str = ""

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes.values() if n.is_ending)


@dataclass(frozen=True)
class Source:
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Chapter:
    id: str
    lesson: Lesson
    quizzes: tuple[Quiz, ...]
    scenarios: tuple[Scenario, ...]

    @property
    def title(self) -> Text:
        return self.lesson.title


@dataclass(frozen=True)
class Course:
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
