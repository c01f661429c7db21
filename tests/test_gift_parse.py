"""The GIFT parser against every third-party fixture in tests/fixtures/gift/.

Each ``NAME.gift`` comes with ``NAME.json``, the parse that the GIFT-grammar-PEG.js authors
expect (their JSON shape). Both are mapped to one neutral shape here and compared field by
field: kind, title, id, tags, stem (format and text), embedded blank, general feedback,
choices (correct, weight, text, feedback), numbers, matching pairs, true/false feedback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_tui.course.gift.model import GNumber, GQuestion, GText
from course_tui.course.gift.parser import parse

FIXTURES = Path(__file__).parent / "fixtures" / "gift"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.gift"))


def _t(value):
    """A PEG {format, text} as a pair (None stays None)."""
    return None if value is None else (value["format"], value["text"])


def _num(value):
    if value is None or "format" in value:  # their '*' catch-all answer
        return None
    if value["type"] == "simple":
        return ("simple", value["number"])
    if value["type"] == "range":
        return ("range", value["number"], value["range"])
    return ("high-low", value["numberLow"], value["numberHigh"])


def expected_shape(item: dict) -> dict:
    if item["type"] == "Category":
        return {"kind": "Category", "category": item["title"]}
    out = {
        "kind": item["type"],
        "title": item["title"],
        "id": item.get("id"),
        "tags": item.get("tags") or [],
        "stem": _t(item["stem"]),
        "embedded": item["hasEmbeddedAnswers"],
        "global_feedback": _t(item.get("globalFeedback")),
    }
    kind = item["type"]
    if kind in ("MC", "Short"):
        out["choices"] = [(c["isCorrect"], c["weight"], _t(c["text"]), _t(c["feedback"])) for c in item["choices"]]
    elif kind == "Numerical":
        choices = item["choices"]
        if isinstance(choices, dict):  # their short form {#1822:5}: one answer, no list
            out["choices"] = [(True, None, _num(choices), None)]
        else:
            out["choices"] = [(c["isCorrect"], c["weight"], _num(c["text"]), _t(c["feedback"])) for c in choices]
    elif kind == "TF":
        # Their trueFeedback/falseFeedback are GIFT's first and second feedback, by position.
        # Moodle reads the first as the feedback for a wrong answer, the second for a right one.
        out["is_true"] = item["isTrue"]
        out["tf"] = (_t(item["trueFeedback"]), _t(item["falseFeedback"]))
    elif kind == "Matching":
        out["pairs"] = [(_t(p["subquestion"]), p["subanswer"]) for p in item["matchPairs"]]
    return out


def _g(value: GText | None):
    return None if value is None else (value.format, value.text)


def _gnum(n: GNumber | None):
    if n is None:
        return None
    if n.kind == "simple":
        return ("simple", n.number)
    if n.kind == "range":
        return ("range", n.number, n.tolerance)
    return ("high-low", n.low, n.high)


def actual_shape(q: GQuestion) -> dict:
    if q.kind == "Category":
        return {"kind": "Category", "category": q.category}
    out = {
        "kind": q.kind,
        "title": q.title,
        "id": q.id,
        "tags": q.tags,
        "stem": _g(q.stem),
        "embedded": q.embedded,
        "global_feedback": _g(q.global_feedback),
    }
    if q.kind in ("MC", "Short"):
        out["choices"] = [(c.correct, c.weight, _g(c.text), _g(c.feedback)) for c in q.choices]
    elif q.kind == "Numerical":
        out["choices"] = [(c.correct, c.weight, _gnum(c.number), _g(c.feedback)) for c in q.choices]
    elif q.kind == "TF":
        out["is_true"] = q.is_true
        out["tf"] = (_g(q.feedback_wrong), _g(q.feedback_right))
    elif q.kind == "Matching":
        out["pairs"] = [(_g(m.left), m.right) for m in q.matches]
    return out


def test_every_fixture_has_its_expected_parse():
    assert len(NAMES) >= 45
    for name in NAMES:
        assert (FIXTURES / f"{name}.json").is_file(), name
    assert (FIXTURES / "LICENSE-GIFT-grammar-PEG.js").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_fixture_parses_as_its_authors_expect(name):
    source = (FIXTURES / f"{name}.gift").read_text(encoding="utf-8")
    expected = [expected_shape(item) for item in json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))]
    questions, warnings = parse(source)
    actual = [actual_shape(q) for q in questions]
    assert warnings == []
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected):
        assert got == want
