"""Grading: pure functions from a question and a learner's response to a result.

Responses by question type:

* single — the chosen option id (``str``)
* multiple — the chosen option ids (any iterable of ``str``)
* true_false — ``bool``
* short — the typed text (``str``)
* numerical — the typed text (``str``): a number, optionally followed by one of the
  question's units (``300 cm``); without a unit the number is in the first unit
* ordering — the item indexes (0-based, in the question's correct order) as the learner
  arranged them, e.g. ``[1, 0, 2]``
* matching — ``{left index: right index}``, right indexes into ``question.rights``

Partial credit (documented in docs/AUTHORING.md):

* multiple: ``max(0, (right options chosen − wrong options chosen) / right options)``
* ordering: the share of items in their correct place
* matching: the share of left items matched correctly. Matching is one-to-one unless the
  question says ``reuse: true``: left items that share one right-hand item are all marked
  wrong (a response may still give them; it just earns nothing for them).
* every other type: 1 or 0. A numerical answer is right when its number (converted to
  the first unit) falls in one of the accepted ranges.

Short answers are compared by the question's ``match``: ``normalized`` (default; see
:func:`normalize`), ``exact`` (only surrounding white space ignored) or ``contains`` (an
accepted answer, normalized, appears in the normalized response).

A result counts as *correct* only with full credit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from course_tui.course.model import (
    Matching,
    MultipleChoice,
    NumberRange,
    Numerical,
    Ordering,
    Question,
    Quiz,
    Scenario,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    assert_never,
)

_CJK_PUNCT = str.maketrans({"。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "〜": "~", "—": "-", "－": "-"})
_SPACE = re.compile(r"\s+")


def _edge(ch: str) -> bool:
    """Punctuation, symbols and spaces: stripped from both ends of a typed answer."""
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZ" or unicodedata.category(ch) == "Cf"


def normalize(text: str) -> str:
    """Fold case, width (ＰＭＯ → pmo, ， → ,), CJK punctuation and runs of space, and drop
    punctuation and symbols at either end (``“项目管理办公室。”`` → ``项目管理办公室``)."""
    folded = unicodedata.normalize("NFKC", text).translate(_CJK_PUNCT).casefold()
    folded = _SPACE.sub(" ", folded)
    start, end = 0, len(folded)
    while start < end and _edge(folded[start]):
        start += 1
    while end > start and _edge(folded[end - 1]):
        end -= 1
    return folded[start:end]


def short_answer_matches(question: ShortAnswer, response: str, lang: str = "") -> bool:
    """Whether *response* is accepted by *question* (by its ``match``; see the module)."""
    if question.match == "exact":
        given = response.strip()
        return bool(given) and any(given == a.strip() for a in question.accepted(lang))
    given = normalize(response)
    if not given:
        return False
    if question.match == "contains":
        return any(normalize(a) and normalize(a) in given for a in question.accepted(lang))
    return any(given == normalize(a) for a in question.accepted(lang))


_NUMBER = re.compile(r"^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(.*)$")


class NotANumber(ValueError):
    """The typed text is not a number (with one of the question's units)."""


def read_number(question: Numerical, response: str) -> float:
    """The number a learner typed, in the question's first unit. Full-width digits and a
    decimal comma are read (``３,5`` is 3.5); raises :class:`NotANumber` for anything else,
    or a unit the question does not list."""
    typed = " ".join(unicodedata.normalize("NFKC", response).split()).replace("−", "-")
    m = _NUMBER.match(typed)
    if not m:
        raise NotANumber(response)
    digits, unit = m.group(1), m.group(2).strip()
    if "," in digits:
        digits = digits.replace(",", ".")
    value = float(digits)
    if not unit:
        return value
    for u in question.units:
        if unit == u.name:
            return value / u.multiplier
    raise NotANumber(response)


def number_range(question: Numerical, response: str) -> NumberRange | None:
    """The accepted range a typed number falls in (the first one written), or None."""
    value = read_number(question, response)
    return next((r for r in question.answer if r.contains(value)), None)


@dataclass(frozen=True)
class Result:
    """How one response scored. ``marks`` says, per option/item, what happened:

    * choice questions: option id → "correct" (chosen, right), "missed" (right, not chosen),
      "wrong" (chosen, not right), "neutral" (neither)
    * ordering: position → "correct" | "wrong"; matching: left index → "correct" | "wrong"
    """

    score: float
    marks: Mapping[Any, str] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.score >= 1.0

    @property
    def partly(self) -> bool:
        """Some credit, not full (shown as partly right)."""
        return 0.0 < self.score < 1.0


class InvalidResponse(ValueError):
    """The response does not fit the question (wrong type, unknown option …)."""


def grade(question: Question, response: Any, lang: str = "") -> Result:
    """Grade *response* to *question*; raise :class:`InvalidResponse` if it does not fit."""
    marks: dict[Any, str] = {}
    match question:
        case SingleChoice():
            ids = {o.id for o in question.options}
            if not isinstance(response, str) or response not in ids:
                raise InvalidResponse(f"choose one of {sorted(ids)}")
            for o in question.options:
                if o.id == question.answer:
                    marks[o.id] = "correct" if response == o.id else "missed"
                else:
                    marks[o.id] = "wrong" if response == o.id else "neutral"
            return Result(1.0 if response == question.answer else 0.0, marks)
        case MultipleChoice():
            if isinstance(response, (str, bytes)) or not isinstance(response, Iterable):
                raise InvalidResponse("give a list of option ids")
            chosen = set(response)
            ids = {o.id for o in question.options}
            if not chosen <= ids:
                raise InvalidResponse(f"unknown option(s) {sorted(chosen - ids)}")
            hits, wrong = len(chosen & question.answer), len(chosen - question.answer)
            score = max(0.0, (hits - wrong) / len(question.answer))
            for o in question.options:
                if o.id in question.answer:
                    marks[o.id] = "correct" if o.id in chosen else "missed"
                else:
                    marks[o.id] = "wrong" if o.id in chosen else "neutral"
            return Result(score, marks)
        case TrueFalse():
            if not isinstance(response, bool):
                raise InvalidResponse("answer true or false")
            return Result(1.0 if response == question.answer else 0.0, {response: "correct" if response == question.answer else "wrong"})
        case ShortAnswer():
            if not isinstance(response, str):
                raise InvalidResponse("type an answer")
            return Result(1.0 if short_answer_matches(question, response, lang) else 0.0)
        case Numerical():
            if not isinstance(response, str):
                raise InvalidResponse("type a number")
            try:
                hit = number_range(question, response)
            except NotANumber:
                units = ", ".join(u.name for u in question.units)
                raise InvalidResponse("type a number" + (f" (units: {units})" if units else "")) from None
            return Result(1.0 if hit is not None else 0.0)
        case Ordering():
            n = len(question.items)
            order = list(response) if isinstance(response, (list, tuple)) else None
            if order is None or sorted(order) != list(range(n)):
                raise InvalidResponse(f"give each of the {n} item indexes once")
            marks = {pos: "correct" if item == pos else "wrong" for pos, item in enumerate(order)}
            return Result(sum(1 for v in marks.values() if v == "correct") / n, marks)
        case Matching():
            if not isinstance(response, Mapping):
                raise InvalidResponse("give a mapping of left index to right index")
            n, m = len(question.pairs), len(question.rights)
            for left in range(n):
                right = response.get(left)
                if right is not None and (not isinstance(right, int) or isinstance(right, bool) or not 0 <= right < m):
                    raise InvalidResponse(f"right index {right!r} is out of range")
                marks[left] = "correct" if right == left else "wrong"
            if any(not isinstance(k, int) or not 0 <= k < n for k in response):
                raise InvalidResponse("unknown left index")
            if not question.reuse:  # one-to-one: a right-hand item given to several left items counts for none
                used: dict[int, int] = {}
                for right in response.values():
                    if right is not None:
                        used[right] = used.get(right, 0) + 1
                for left in range(n):
                    if used.get(response.get(left), 0) > 1:  # type: ignore[arg-type]
                        marks[left] = "wrong"
            return Result(sum(1 for v in marks.values() if v == "correct") / n, marks)
        case _:
            assert_never(question)


def quiz_percent(quiz: Quiz, scores: Mapping[str, float]) -> float:
    """Weighted percent (0–100) for question id → credit (0–1); unanswered counts 0."""
    total = quiz.total_points
    if total <= 0:
        return 100.0 if all(v >= 1 for v in scores.values()) else 0.0
    earned = sum(q.points * scores.get(q.id, 0.0) for q in quiz.questions)
    return round(100.0 * earned / total, 2)


def passed(quiz: Quiz, percent: float) -> bool:
    return percent >= quiz.pass_mark


@dataclass(frozen=True)
class ScenarioOutcome:
    path: tuple[str, ...]  # node ids visited, start first
    score: int
    ending: str | None  # ending node id, when reached

    @property
    def finished(self) -> bool:
        return self.ending is not None


def play(scenario: Scenario, choices: Iterable[int]) -> ScenarioOutcome:
    """Follow choice indexes from the start; score by the scenario's rule."""
    node = scenario.nodes[scenario.start]
    path = [node.id]
    score = 0
    for index in choices:
        if node.is_ending:
            raise InvalidResponse("the scenario has already ended")
        if not isinstance(index, int) or not 0 <= index < len(node.choices):
            raise InvalidResponse(f"node {node.id!r} has no choice {index!r}")
        choice = node.choices[index]
        score += choice.score
        node = scenario.nodes[choice.next]
        path.append(node.id)
    if node.ending is None:
        return ScenarioOutcome(tuple(path), score if scenario.scoring == "path" else 0, None)
    total = node.ending.score + (score if scenario.scoring == "path" else 0)
    return ScenarioOutcome(tuple(path), total, node.id)


def scenario_max_score(scenario: Scenario) -> int:
    """The best score any path can reach (validation guarantees path scoring is acyclic)."""
    if scenario.scoring == "ending":
        return max((n.ending.score for n in scenario.endings if n.ending), default=0)
    best: dict[str, int] = {}

    def walk(nid: str) -> int:
        if nid in best:
            return best[nid]
        node = scenario.nodes[nid]
        if node.ending is not None:
            value = node.ending.score
        else:
            value = max(c.score + walk(c.next) for c in node.choices)
        best[nid] = value
        return value

    order = _post_order(scenario)
    for nid in order:
        walk(nid)
    return best[scenario.start]


def _post_order(scenario: Scenario) -> list[str]:
    """Nodes reachable from the start, children before parents (iterative, no recursion limit)."""
    seen: set[str] = set()
    out: list[str] = []
    stack: list[tuple[str, bool]] = [(scenario.start, False)]
    while stack:
        nid, done = stack.pop()
        if done:
            out.append(nid)
            continue
        if nid in seen:
            continue
        seen.add(nid)
        stack.append((nid, True))
        for choice in scenario.nodes[nid].choices:
            if choice.next not in seen:
                stack.append((choice.next, False))
    return out
