"""Numerical questions and descriptions in the course format: what validate says, how numbers
are read and graded, which passage goes with which question, and the JSON Schema agreeing."""

from __future__ import annotations

import json

import jsonschema
import pytest
from coursekit import write_course

from course_tui.course.formats import json_schema
from course_tui.course.loader import load_course
from course_tui.course.model import Numerical, NumberRange, Text, Unit
from course_tui.course.yamlsrc import load_yaml, plain
from course_tui.learning.grading import InvalidResponse, NotANumber, grade, read_number

QUIZ = """\
type: quiz
id: num-quiz
chapter: intro
title: {{zh: 数, en: Numbers}}
questions:
{body}
"""

NUMERICAL = """\
  - id: n1
    type: numerical
    section: intro#one
    prompt: {zh: 多少？, en: How many?}
    explanation: {zh: 因为, en: Because}
"""


def findings(tmp_path, body: str) -> list[str]:
    root = write_course(tmp_path / "c", {"quizzes/num.yaml": QUIZ.format(body=body)})
    return [f"{f.code}: {f.message}" for f in load_course(root).findings]


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("    answer: [{value: 3, min: 1, max: 5}]\n", "bad-value: question 'n1': answer 1 gives both 'value' and 'min'/'max'; give one or the other"),
        ("    answer: [{min: 1}]\n", "missing-field: question 'n1': answer 1 needs 'value' (and an optional 'tolerance'), or both 'min' and 'max'"),
        ("    answer: [{min: 5, max: 1}]\n", "bad-value: question 'n1': answer 1 has 'min' 5 above 'max' 1"),
        ("    answer: [{value: 3, tolerance: -1}]\n", "bad-value: questions[1].answer[1].tolerance is -1; it must be at least 0"),
        ("    answer: [{value: three}]\n", "wrong-type: questions[1].answer[1].value must be a number, not text"),
        ("    answer: [{value: 3}]\n    units: [{unit: m}, {unit: ' m'}]\n", "duplicate-id: question 'n1': unit 'm' is listed twice"),
        (
            "    answer: [{value: 3}]\n    units: [{unit: m}, {unit: cm, multiplier: 0}]\n",
            "bad-value: question 'n1': the multiplier of unit 'cm' must be above 0",
        ),
        ("", "no-correct-answer: questions[1]: missing required field 'answer'"),
    ],
)
def test_validate_reports_each_inconsistent_numerical_answer(tmp_path, answer, expected):
    found = [f for f in findings(tmp_path, NUMERICAL + answer) if not f.startswith("guessable")]
    assert found == [expected]  # one mistake, one finding


def test_a_quiz_of_descriptions_only_is_an_error(tmp_path):
    body = "  - id: d1\n    type: description\n    text: {zh: 读, en: Read}\n"
    assert "too-few-items: quiz 'num-quiz' has descriptions but no question to answer" in findings(tmp_path, body)


def test_a_description_after_the_last_question_is_reported(tmp_path):
    body = NUMERICAL + "    answer: [{value: 1}]\n  - id: d-end\n    type: description\n    text: {zh: 读, en: Read}\n"
    assert [f for f in findings(tmp_path, body) if "d-end" in f] == [
        "description-at-end: description 'd-end' comes after the last question: a description is shown with the questions after it, so learners never see this one"
    ]


def test_descriptions_share_the_question_ids_and_need_their_text(tmp_path):
    body = (
        "  - id: q-single\n    type: description\n    text: {zh: 读, en: Read}\n"  # q-single is a question of the test course
        "  - id: d2\n    type: description\n    prompt: {zh: 读, en: Read}\n" + NUMERICAL + "    answer: [{value: 1}]\n"
    )
    found = findings(tmp_path, body)
    assert any(f.startswith("duplicate-id: question id 'q-single' is already defined") for f in found)
    assert "unknown-field: questions[2]: unknown field 'prompt'" in " ".join(found)
    assert "missing-field: questions[2]: missing required field 'text'" in found


def test_each_question_shows_the_last_group_of_passages_before_it(tmp_path):
    def d(pid: str) -> str:
        return f"  - id: {pid}\n    type: description\n    text: {{zh: {pid}, en: {pid}}}\n"

    def n(qid: str) -> str:
        return NUMERICAL.replace("n1", qid) + "    answer: [{value: 1}]\n"

    body = n("first") + d("p1") + d("p2") + n("second") + n("third") + d("p3") + n("fourth")
    root = write_course(tmp_path / "c", {"quizzes/num.yaml": QUIZ.format(body=body)})
    quiz = load_course(root).course.quiz("num-quiz")
    assert [q.id for q in quiz.questions] == ["first", "second", "third", "fourth"]
    assert {q.id: [p.id for p in quiz.passages(q.id)] for q in quiz.questions} == {"first": [], "second": ["p1", "p2"], "third": ["p1", "p2"], "fourth": ["p3"]}
    assert quiz.total_points == 4


def _q(*ranges: NumberRange, units: tuple[Unit, ...] = ()) -> Numerical:
    return Numerical(id="n", prompt=Text({"en": "?"}), explanation=None, section=None, points=1, answer=ranges, units=units)


@pytest.mark.parametrize(
    "typed, value",
    [("3", 3.0), (" -2.5 ", -2.5), ("3,5", 3.5), ("１２", 12.0), ("1e3", 1000.0), ("−4", -4.0), (".5", 0.5), ("300 cm", 3.0), ("300cm", 3.0), ("2 m", 2.0)],
)
def test_numbers_are_read_with_a_unit_or_without(typed, value):
    assert read_number(_q(NumberRange(value=1), units=(Unit("m"), Unit("cm", 100))), typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", "three", "3 km", "3 m m", "1/2", "--3"])
def test_what_is_not_a_number_is_refused_not_graded(typed):
    q = _q(NumberRange(value=3), units=(Unit("m"), Unit("cm", 100)))
    with pytest.raises(NotANumber):
        read_number(q, typed)
    with pytest.raises(InvalidResponse):
        grade(q, typed)


def test_tolerance_and_ranges_are_inclusive_and_floats_do_not_bite():
    q = _q(NumberRange(value=3, tolerance=2), NumberRange(low=10, high=11), NumberRange(value=0.3))
    assert [grade(q, typed).score for typed in ("1", "5", "0.999", "5.001", "10", "11", "10.5")] == [1, 1, 0, 0, 1, 1, 1]
    assert grade(_q(NumberRange(value=0.3)), str(0.1 + 0.2)).score == 1.0


def test_json_schema_accepts_numerical_and_description_as_validate_does():
    text = QUIZ.format(
        body=NUMERICAL
        + "    answer: [{value: 3, tolerance: 0.5, feedback: {zh: 对, en: Right}}, {min: 1, max: 2}]\n    units: [{unit: m}, {unit: cm, multiplier: 100}]\n"
        "  - id: d1\n    type: description\n    text: {zh: 读, en: Read}\n"
    )
    data = plain(load_yaml(text).value)
    jsonschema.validate(data, json_schema("quiz"))
    bad = json.loads(json.dumps(data))
    bad["questions"][1]["prompt"] = "descriptions have no prompt"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schema("quiz"))


def test_numerical_answers_are_xapi_numeric_interactions_in_the_first_unit():
    from course_tui.learning.xapi_interaction import definition, response

    q = _q(NumberRange(value=3, tolerance=0.5), NumberRange(low=10, high=12), units=(Unit("m"), Unit("cm", 100)))
    d = definition(q, ("en",))
    assert d["interactionType"] == "numeric" and d["correctResponsesPattern"] == ["2.5[:]3.5", "10[:]12"]
    assert [response(q, typed) for typed in ("250 cm", "3", "three", None)] == ["2.5", "3", None, None]


def test_a_wrong_number_is_tallied_as_typed_in_the_question_statistics(tmp_path):
    from course_tui.learning.question_stats import _wrong_keys

    q = _q(NumberRange(value=3))
    assert _wrong_keys(q, " 4  M ") == [("text", "4 m")]
