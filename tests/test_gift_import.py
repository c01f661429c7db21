"""GIFT import: every fixture converts into a quiz our loader accepts, and means what it meant.

For each third-party fixture the converted questions are checked against its authors'
expected parse (NAME.json): type, prompt, options and which are right, feedback, explanation,
accepted answers, pairs, numbers and ranges, description texts. Where we deliberately differ
(essays) the test asserts the warning at the question's line instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from gift_fixture_table import rows, table

from course_tui.course import scaffold
from course_tui.course.gift import import_gift, quiz_id_for
from course_tui.course.gift.htmltext import html_to_markdown, looks_like_html
from course_tui.course.loader import load_course
from course_tui.course.model import (
    Description,
    Matching,
    MultipleChoice,
    Numerical,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

FIXTURES = Path(__file__).parent / "fixtures" / "gift"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.gift"))


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gift") / "course"
    scaffold.new_course(root, ["en"])
    return root


def render(value: dict | None) -> str | None:
    """How a fixture text should read after import (HTML becomes Markdown)."""
    if value is None:
        return None
    if value["format"] == "html" or (value["format"] == "moodle" and looks_like_html(value["text"])):
        return html_to_markdown(value["text"])[0] or None
    return value["text"].strip() or None


def _t(text) -> str | None:
    return text("en") if text is not None else None


def _bounds(spec: dict) -> tuple[float, float]:
    if spec["type"] == "high-low":
        return (spec["numberLow"], spec["numberHigh"])
    tolerance = spec.get("range") or 0
    return (spec["number"] - tolerance, spec["number"] + tolerance)


def check_converted(item: dict, q) -> None:
    kind = item["type"]
    if kind == "Description":
        assert isinstance(q, Description) and _t(q.text) == render(item["stem"])
        return
    # a blank right before punctuation loses the space the authors' parse keeps ("from _____.")
    assert _t(q.prompt) == re.sub(r"_____ (?=[.,;:!?])", "_____", render(item["stem"]))
    assert _t(q.explanation) == render(item.get("globalFeedback"))
    if kind == "MC":
        choices = item["choices"]
        weights = [c["weight"] if c["weight"] is not None else (100 if c["isCorrect"] else 0) for c in choices]
        one_answer_mode = any(c["isCorrect"] for c in choices)
        right = {i for i, w in enumerate(weights) if (w == 100 if one_answer_mode else w > 0)}
        assert isinstance(q, SingleChoice if one_answer_mode and len(right) == 1 else MultipleChoice)
        assert [_t(o.text) for o in q.options] == [render(c["text"]) for c in choices]
        assert [_t(o.feedback) for o in q.options] == [render(c["feedback"]) for c in choices]
        answer = {q.answer} if isinstance(q, SingleChoice) else q.answer
        assert {i for i, o in enumerate(q.options) if o.id in answer} == right
    elif kind == "TF":
        assert isinstance(q, TrueFalse) and q.answer is item["isTrue"]
        wrong, right = render(item["trueFeedback"]), render(item["falseFeedback"])  # GIFT's 1st, 2nd
        assert (_t(q.feedback_true), _t(q.feedback_false)) == ((right, wrong) if item["isTrue"] else (wrong, right))
    elif kind == "Short":
        assert isinstance(q, ShortAnswer)
        full = [" ".join(render(c["text"]).split()) for c in item["choices"] if c["weight"] in (None, 100) and c["text"]["text"] != "*"]
        assert list(q.accepted("en")) == full
        catch_all = [render(c["feedback"]) for c in item["choices"] if c["text"]["text"] == "*"]
        assert _t(q.feedback_wrong) == (catch_all[0] if catch_all else None)
    elif kind == "Numerical":
        assert isinstance(q, Numerical)
        choices = item["choices"] if isinstance(item["choices"], list) else [{"isCorrect": True, "weight": None, "text": item["choices"]}]
        numbers = [c for c in choices if c["weight"] in (None, 100) and c["isCorrect"]]
        assert [pytest.approx(r.bounds) for r in q.answer] == [_bounds(c["text"]) for c in numbers]
        assert [_t(r.feedback) for r in q.answer] == [render(c.get("feedback")) for c in numbers]
    elif kind == "Matching":
        assert isinstance(q, Matching)
        pairs = [(render(p["subquestion"]), p["subanswer"]) for p in item["matchPairs"] if render(p["subquestion"])]
        assert [(_t(p.left), _t(p.right)) for p in q.pairs] == pairs
        assert [_t(d) for d in q.distractors] == [p["subanswer"] for p in item["matchPairs"] if not render(p["subquestion"])]
    else:  # pragma: no cover - every other kind is skipped
        raise AssertionError(kind)


SKIP_REASON = {"Essay": "essay question"}


@pytest.mark.parametrize("name", NAMES)
def test_fixture_converts_to_a_valid_quiz_that_means_the_same(name, course):
    path = FIXTURES / f"{name}.gift"
    result = import_gift(path.read_text(encoding="utf-8"), path.name, quiz_id_for(path), "getting-started")
    expected = [i for i in json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")) if i["type"] != "Category"]
    parsed = [q for q in result.parsed if q.kind != "Category"]
    assert len(parsed) == len(expected)
    target = course / "quizzes" / "imported.yaml"
    loaded = None
    if result.converted:
        target.write_text(result.yaml, encoding="utf-8")
        try:
            outcome = load_course(course)
        finally:
            target.unlink()
        assert outcome.course is not None, [f.format() for f in outcome.errors]
        loaded = outcome.course.quiz(quiz_id_for(path))
        assert (len(loaded.questions), len(loaded.descriptions)) == (result.converted, result.descriptions)
    by_line = {c.line: c.data["id"] for c in result.conversion.questions}
    skipped = dict(result.conversion.skipped)
    assert len(by_line) + len(skipped) == len(parsed)
    for item, q in zip(expected, parsed):
        if q.line in skipped:
            assert SKIP_REASON[item["type"]] in skipped[q.line]
            assert any(w.line == q.line and ("skipped" in w.message or "not imported" in w.message) for w in result.warnings)
        else:
            qid = by_line[q.line]
            if loaded is None:  # descriptions only: no quiz to load (the command refuses it)
                (data,) = [c.data for c in result.conversion.questions if c.data["id"] == qid]
                assert data["type"] == "description" and data["text"] == render(item["stem"])
                continue
            found = [d for d in loaded.descriptions if d.id == qid] or [loaded.question(qid)]
            check_converted(item, found[0])


def test_fixture_results_table():
    results = {r["file"]: r for r in rows()}
    assert len(results) == len(NAMES)
    for r in results.values():
        assert r["converted"] + r["skipped"] == r["questions"], r
    assert results["essay1.gift"]["skipped"] == 1 and results["essay1.gift"]["reasons"] == "essay"
    assert results["numerical1.gift"]["converted"] == 10 and results["numerical1.gift"]["skipped"] == 0
    assert results["markdown.gift"]["descriptions"] == 4 and results["markdown.gift"]["skipped"] == 0
    assert results["options1.gift"]["converted"] == 14
    text = table()
    assert text.count("\n") == len(NAMES) + 2 and "| essay1.gift | 1 | 0 | 0 | 1 | essay | 1 |" in text


def test_html_becomes_readable_markdown():
    html = (
        "<p>First &amp; <b>bold</b>, <em>em</em>&nbsp;and <code>x</code>.</p><!-- gone -->"
        '<p>See <a href="https://example.com">the site</a><br>next line</p>'
        "<ul><li>one</li><li>two<ol><li>sub</li></ol></li></ul>"
        "<pre>  code {\n    x;\n  }</pre><script>alert(1)</script>"
        '<p><img src="@@PLUGINFILE@@/a.png" alt="diagram"></p>'
    )
    text, notes = html_to_markdown(html)
    assert text == (
        "First & **bold**, *em* and `x`.\n\n"
        "See [the site](https://example.com)\nnext line\n\n"
        "- one\n- two\n  1. sub\n\n"
        "```\n  code {\n    x;\n  }\n```\n\n"
        "[image: diagram]"
    )
    assert notes == ["an image (@@PLUGINFILE@@/a.png) cannot be imported; its description 'diagram' is kept"]
