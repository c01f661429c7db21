"""Our seven question types as xAPI 1.0.3 interactions (cmi.interaction): the activity
definition with its component lists and correct-responses pattern, and a learner's stored
response in the same syntax.

| our type     | interactionType | components                      | pattern / response          |
|--------------|-----------------|---------------------------------|-----------------------------|
| single       | choice          | choices (our option ids)        | ``b``                       |
| multiple     | choice          | choices (our option ids)        | ``a[,]c``                   |
| true_false   | true-false      | —                               | ``true`` / ``false``        |
| short        | fill-in         | —                               | ``{case_matters=false}PMO`` |
| ordering     | sequencing      | choices ``item-1`` … (right order) | ``item-1[,]item-2[,]…``  |
| matching     | matching        | source ``left-N``, target ``right-N`` | ``left-1[.]right-1[,]…`` |
| numerical    | numeric         | —                               | ``3`` / ``1[:]5`` (response: the number, in the first unit) |

Items of ordering questions and both sides of matching questions have no ids in our
format, so their component ids are their 1-based positions in the question as written
(for matching, ``right-N`` past the pairs are the distractors).
"""

from __future__ import annotations

from typing import Any

from course_tui.course.model import (
    Matching,
    MultipleChoice,
    NumberRange,
    Numerical,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    assert_never,
)
from course_tui.learning.grading import NotANumber, read_number
from course_tui.learning.xapi_vocab import ACTIVITY_TYPES, lang_map

LIST, PAIR = "[,]", "[.]"
NAME_LIMIT = 120

INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "short": "fill-in",
    "ordering": "sequencing",
    "matching": "matching",
    "numerical": "numeric",
}


def _components(prefix: str, texts: Any) -> list[dict[str, Any]]:
    out = []
    for i, text in enumerate(texts, start=1):
        item: dict[str, Any] = {"id": f"{prefix}-{i}"}
        description = lang_map(text)
        if description:
            item["description"] = description
        out.append(item)
    return out


def _options(question: SingleChoice | MultipleChoice) -> list[dict[str, Any]]:
    out = []
    for option in question.options:
        item: dict[str, Any] = {"id": option.id}
        description = lang_map(option.text)
        if description:
            item["description"] = description
        out.append(item)
    return out


def _fill_in_patterns(question: ShortAnswer, langs: tuple[str, ...]) -> list[str]:
    """One pattern per accepted answer; ``{lang=xx}`` when only one language accepts it."""
    where: dict[str, list[str]] = {}
    for lang, answers in question.answer.items():
        for answer in answers:
            if answer.strip():
                where.setdefault(answer.strip(), []).append(lang)
    patterns = []
    for answer, in_langs in where.items():
        lang = f"{{lang={in_langs[0]}}}" if len(langs) > 1 and len(set(in_langs)) == 1 else ""
        patterns.append("{case_matters=false}" + lang + answer)
    return patterns


def _numeric_pattern(r: NumberRange) -> str:
    """xAPI's numeric pattern: the exact number, or ``low[:]high``."""
    low, high = r.bounds
    return f"{low:.15g}" if low == high else f"{low:.15g}[:]{high:.15g}"


def definition(question: Question, langs: tuple[str, ...]) -> dict[str, Any]:
    """The activity definition of *question* as an xAPI interaction."""
    out: dict[str, Any] = {"type": ACTIVITY_TYPES["question"]}
    name = lang_map(question.prompt, NAME_LIMIT)
    if name:
        out["name"] = name
    description = lang_map(question.prompt)
    if description:
        out["description"] = description
    out["interactionType"] = INTERACTION_TYPES[question.type]
    match question:
        case SingleChoice():
            out["choices"] = _options(question)
            out["correctResponsesPattern"] = [question.answer]
        case MultipleChoice():
            out["choices"] = _options(question)
            out["correctResponsesPattern"] = [LIST.join(o.id for o in question.options if o.id in question.answer)]
        case TrueFalse():
            out["correctResponsesPattern"] = ["true" if question.answer else "false"]
        case ShortAnswer():
            out["correctResponsesPattern"] = _fill_in_patterns(question, langs)
        case Numerical():
            out["correctResponsesPattern"] = [_numeric_pattern(r) for r in question.answer]
        case Ordering():
            out["choices"] = _components("item", question.items)
            out["correctResponsesPattern"] = [LIST.join(f"item-{i}" for i in range(1, len(question.items) + 1))]
        case Matching():
            out["source"] = _components("left", (p.left for p in question.pairs))
            out["target"] = _components("right", question.rights)
            out["correctResponsesPattern"] = [LIST.join(f"left-{i}{PAIR}right-{i}" for i in range(1, len(question.pairs) + 1))]
        case _:
            assert_never(question)
    return out


def response(question: Question, stored: Any) -> str | None:
    """A stored response (see course_tui.learning.quizrun.to_stored) in the interaction's
    syntax; None when there is nothing to report (e.g. nothing chosen)."""
    match question:
        case SingleChoice():
            return stored if isinstance(stored, str) and stored in {o.id for o in question.options} else None
        case MultipleChoice():
            chosen = set(stored) if isinstance(stored, list) else set()
            return LIST.join(o.id for o in question.options if o.id in chosen) or None
        case TrueFalse():
            return ("true" if stored else "false") if isinstance(stored, bool) else None
        case ShortAnswer():
            return (stored.strip() or None) if isinstance(stored, str) else None
        case Numerical():
            if not isinstance(stored, str):
                return None
            try:  # xAPI's numeric response is the bare number (in the question's first unit)
                return f"{read_number(question, stored):.15g}"
            except NotANumber:
                return None
        case Ordering():
            n = len(question.items)
            if not isinstance(stored, list) or sorted(stored) != list(range(n)):
                return None
            return LIST.join(f"item-{i + 1}" for i in stored) or None
        case Matching():
            if not isinstance(stored, list):
                return None
            m = len(question.rights)
            pairs = [
                f"left-{left + 1}{PAIR}right-{right + 1}"
                for left, right in enumerate(stored[: len(question.pairs)])
                if isinstance(right, int) and not isinstance(right, bool) and 0 <= right < m
            ]
            return LIST.join(pairs) or None
        case _:
            assert_never(question)
