"""Every exported xAPI statement passes a third-party validator: the pydantic models of
ralph-malph (openfun's LRS), ``ralph.models.xapi.base.statements.BaseXapiStatement``.
Hand-made invalid statements prove the validator rejects what it should.

The validator checks the statement structure, IRIs (RFC 3987), UUIDs, RFC 5646 language
tags, durations, score ranges, interaction types and unknown properties. It does not check
correctResponsesPattern syntax, nor that timestamps carry a zone (xAPI only says SHOULD):
:func:`own_checks` adds those, and tests/test_xapi_export.py asserts the patterns exactly.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from datetime import datetime

import pytest
from test_xapi_export import BASE, build_store

from course_tui.cli import main
from course_tui.course.bundled import bundled_course_path
from course_tui.course.loader import load_course
from course_tui.course.model import (
    Matching,
    MultipleChoice,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.store import Store
from course_tui.learning.xapi import learner_statements

ralph_statements = pytest.importorskip("ralph.models.xapi.base.statements", reason="ralph-malph (test extra) validates xAPI statements")
pydantic = pytest.importorskip("pydantic")
BaseXapiStatement = ralph_statements.BaseXapiStatement

ADL_VERBS = {f"http://adlnet.gov/expapi/verbs/{v}" for v in ("launched", "experienced", "completed", "attempted", "answered", "passed", "failed")}
DURATION = re.compile(r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$")
ITEM = {"true-false": r"(true|false)", "choice": r"[^\s\[\]]+", "sequencing": r"[^\s\[\]]+", "matching": r"[^\s\[\]]+\[\.\][^\s\[\]]+"}


def own_checks(statement: dict) -> None:
    """What xAPI asks of a producer beyond the validator: a zone on every timestamp, our
    verbs, numbers as numbers, and patterns/responses in the interaction's syntax."""
    assert datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00")).tzinfo is not None
    assert statement["verb"]["id"] in ADL_VERBS
    assert uuid.UUID(statement["id"]).version == 5
    result = statement.get("result", {})
    for key, value in result.get("score", {}).items():
        assert isinstance(value, (int, float)) and not isinstance(value, bool), key
    if "duration" in result:
        assert DURATION.match(result["duration"]), result["duration"]
    definition = statement["object"].get("definition", {})
    kind = definition.get("interactionType")
    if kind in ITEM:
        ids = {c["id"] for part in ("choices", "source", "target") for c in definition.get(part, [])}
        # optional in xAPI: a scenario node's choices have none (no choice is "the" right one)
        texts = definition.get("correctResponsesPattern", []) + ([result["response"]] if "response" in result else [])
        for text in texts:
            items = text.split("[,]")
            assert all(re.fullmatch(ITEM[kind], item) for item in items), text
            if ids:
                assert {x for item in items for x in item.split("[.]")} <= ids, text
    if kind == "fill-in":
        assert all(p.startswith("{case_matters=false}") for p in definition["correctResponsesPattern"])


def validate(statements: list[dict]) -> int:
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
        own_checks(statement)
    return len(statements)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("xapi-valid")
    course_dir, store_dir = build_store(root)
    out = root / "statements.json"
    assert main(["export", "xapi", "--course", str(course_dir), "--store", str(store_dir), "--base", BASE, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_exported_statement_is_valid(exported):
    assert validate(exported) == len(exported) == 54  # a review round is completed, never passed or failed; 4 scenario choices
    kinds = {(s["verb"]["id"].rsplit("/", 1)[1], s["object"]["definition"]["type"].rsplit("/", 1)[1]) for s in exported}
    assert kinds == {
        ("launched", "lesson"),
        ("experienced", "page"),
        ("completed", "lesson"),
        ("attempted", "assessment"),
        ("answered", "cmi.interaction"),
        ("completed", "assessment"),
        ("passed", "assessment"),
        ("failed", "assessment"),
        ("attempted", "simulation"),
        ("completed", "simulation"),
    }


def right_response(question):
    if isinstance(question, SingleChoice):
        return question.answer
    if isinstance(question, MultipleChoice):
        return sorted(question.answer)
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, ShortAnswer):
        return question.accepted("en")[0]
    if isinstance(question, Ordering):
        return list(range(len(question.items)))
    if isinstance(question, Matching):
        return {i: i for i in range(len(question.pairs))}
    raise AssertionError(question)


def wrong_response(question):
    if isinstance(question, SingleChoice):
        return next(o.id for o in question.options if o.id != question.answer)
    if isinstance(question, MultipleChoice):
        return sorted(o.id for o in question.options if o.id not in question.answer)
    if isinstance(question, TrueFalse):
        return not question.answer
    if isinstance(question, ShortAnswer):
        return "不知道"
    if isinstance(question, Ordering):
        return list(reversed(range(len(question.items))))
    if isinstance(question, Matching):
        n = len(question.pairs)
        return {i: (i + 1) % n for i in range(n)}
    raise AssertionError(question)


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
def test_the_bundled_course_every_question_and_scenario_exports_valid_statements(tmp_path):
    """All 112 bundled questions answered (right, then wrong where possible), every lesson
    section read, every scenario played to its first ending: every statement validates."""
    course = load_course(bundled_course_path()).course
    learner = Learner(Store(tmp_path / "s"), "学员一号", course.id)
    for chapter in course.chapters:
        for i, section in enumerate(chapter.lesson.sections):
            learner.visit_section(chapter.lesson.id, section.id, last=i == len(chapter.lesson.sections) - 1, seconds=30)
    for quiz in course.quizzes:
        run = QuizRun.start(course, quiz, learner, "zh", exam=quiz.is_exam, seed=1)
        for q in run.questions:
            run.submit(q, right_response(q))
        run.finish()
        wrong = QuizRun.start(course, quiz, learner, "en", seed=2)
        for q in wrong.questions:
            wrong.submit(q, wrong_response(q))
        wrong.finish()
    for scenario in course.scenarios:
        run = ScenarioRun.start(scenario, learner)
        while not run.finished:
            run.choose(0)
    export = learner_statements(course, "学员一号", learner.doc, BASE)
    assert export.skipped == 0
    count = validate(export.statements)
    answered = [s for s in export.statements if s["verb"]["id"].endswith("/answered") and "/quizzes/" in s["object"]["id"]]
    assert len(answered) == 2 * 112
    choices = [s for s in export.statements if s["verb"]["id"].endswith("/answered") and "/scenarios/" in s["object"]["id"]]
    runs = learner.doc["courses"][course.id]["scenario_runs"]
    assert len(choices) == sum(len(run["choices"]) for run in runs) > len(runs)
    assert {s["object"]["definition"]["interactionType"] for s in answered} == {"choice", "true-false", "fill-in", "sequencing", "matching"}
    sections = sum(len(c.lesson.sections) for c in course.chapters)
    assert count == 11 + sections + 11 + 12 * 2 * 3 + 2 * 112 + 7 * 2 + len(choices)


def answered_statement(exported, interaction: str) -> dict:
    for s in exported:
        if s["object"]["definition"].get("interactionType") == interaction:
            return copy.deepcopy(s)
    raise AssertionError(interaction)


def broken(exported, change) -> dict:
    statement = answered_statement(exported, "choice")
    change(statement)
    return statement


INVALID = {  # case → (how to break a valid "answered" statement, what the validator says)
    "missing actor": (lambda s: s.pop("actor"), "Field required"),
    "verb id not an IRI": (lambda s: s["verb"].update(id="answered"), "is not a valid 'IRI'"),
    "verb display with an empty text": (lambda s: s["verb"].update(display={"en": ""}), "may not contain empty values"),
    "unparseable timestamp": (lambda s: s.update(timestamp="yesterday at noon"), "valid datetime"),
    "duration not ISO 8601": (lambda s: s["result"].update(duration="90 minutes"), "valid timedelta"),
    "statement id not a UUID": (lambda s: s.update(id="not-a-uuid"), "valid UUID"),
    "unknown interactionType": (lambda s: s["object"]["definition"].update(interactionType="multiple-choice"), "Input should be 'true-false'"),
    "scaled score above 1": (lambda s: s["result"]["score"].update(scaled=1.5), "less than or equal to 1"),
    "raw score above max": (lambda s: s["result"]["score"].update(raw=7, max=1), "raw cannot be greater than max"),
    "success as a string": (lambda s: s["result"].update(success="true"), "valid boolean"),
    "account without homePage": (lambda s: s["actor"]["account"].pop("homePage"), "homePage"),
    "bad language tag": (lambda s: s["context"].update(language="not a tag!"), "Invalid RFC 5646 Language tag"),
    "duplicate choice ids": (
        lambda s: s["object"]["definition"]["choices"].append(copy.deepcopy(s["object"]["definition"]["choices"][0])),
        "Duplicate InteractionComponents",
    ),
    "choice id with a space": (lambda s: s["object"]["definition"]["choices"][0].update(id="option a"), "String should match pattern '^[^\\s]+$'"),
    "property xAPI does not define": (lambda s: s.update(learnerName="小王"), "Extra inputs are not permitted"),
    "empty registration": (lambda s: s["context"].update(registration=""), "may not contain empty values"),
    "version 2.0": (lambda s: s.update(version="2.0.0"), "String should match pattern"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_the_validator_rejects_invalid_statements(exported, case):
    change, message = INVALID[case]
    with pytest.raises(pydantic.ValidationError) as caught:
        BaseXapiStatement.model_validate(broken(exported, change))
    assert message in str(caught.value)


def test_what_the_validator_accepts_but_our_own_checks_refuse(exported):
    """A timestamp without a zone is valid xAPI (the zone is a SHOULD), and the validator
    does not read correctResponsesPattern; our own checks reject both."""
    naive = answered_statement(exported, "choice")
    naive["timestamp"] = "2024-05-01T08:30:00"
    BaseXapiStatement.model_validate(naive)
    with pytest.raises(AssertionError):
        own_checks(naive)
    bad_pattern = answered_statement(exported, "matching")
    bad_pattern["object"]["definition"]["correctResponsesPattern"] = ["left-1:right-1,left-2:right-2"]
    BaseXapiStatement.model_validate(bad_pattern)
    with pytest.raises(AssertionError):
        own_checks(bad_pattern)
