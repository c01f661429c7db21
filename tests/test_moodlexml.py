"""Moodle XML: import of a realistic Moodle export, export → import round trips, and safe parsing.

tests/fixtures/moodlexml/reading.xml is written after Moodle's documented export format
(Question bank → Export → Moodle XML): a category, a description, single choice with
Moodle's standard combined feedback, numerical with partial credit, a catch-all and units,
true/false, short answer, matching with a distractor, an essay and a calculated question.
"""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from test_gift_roundtrip import BUNDLED, _bundled_root, _t, _tricky_course, assert_same

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.course.model import Matching, Numerical, Ordering, Quiz, SingleChoice
from course_tui.course.moodlexml import XmlError, export_quiz, import_moodlexml

FIXTURE = Path(__file__).parent / "fixtures" / "moodlexml" / "reading.xml"


def imp(data: bytes | str, quiz_id: str = "q"):
    result = import_moodlexml(data.encode() if isinstance(data, str) else data, "t.xml", quiz_id, "intro")
    return yaml.safe_load(result.yaml), [w.format("t.xml") for w in result.warnings], result


def test_a_moodle_export_converts_with_every_feedback_grade_unit_and_hint():
    data, warnings, result = imp(FIXTURE.read_bytes(), "reading")
    by_id = {q["id"]: q for q in data["questions"]}
    assert data["title"] == "Project basics"
    assert (result.converted, result.descriptions, result.skipped) == (6, 1, 2)
    assert data["questions"][0] == {
        "id": "reading-reading-the-founding",
        "type": "description",
        "text": "The office was founded in **1822** by a committee of three.",
    }
    single = by_id["founder"]
    assert (single["type"], single["points"], single["answer"], single["hint"], single["explanation"]) == (
        "single",
        2,
        "a",
        "Read the passage again.",
        "See the passage.",
    )
    assert [o.get("feedback") for o in single["options"]] == ["Yes: three people.", "No king.", None]
    year = by_id["reading-founding-year"]
    assert year["answer"] == [{"value": 1822, "feedback": "Right: 1822."}] and year["feedback_wrong"] == "Read the passage."
    room = by_id["reading-room-length"]
    assert room["answer"] == [{"value": 3, "tolerance": 0.1}] and room["units"] == [{"unit": "m"}, {"unit": "cm", "multiplier": 100}]
    assert (by_id["reading-three-founders"]["feedback_true"], by_id["reading-three-founders"]["feedback_false"]) == (
        "Yes, a committee of three.",
        "It was three.",
    )
    assert by_id["reading-office-name"]["feedback_wrong"] == "Think of a room."
    roles = by_id["reading-roles"]
    assert roles["distractors"] == ["sings"] and roles["feedback_wrong"] == "Look at the roles again."
    assert warnings == [
        "t.xml:107: warning: the answer 1822±2 earned 50% in Moodle; partial credit is not kept, so it counts as wrong here",
        "t.xml:225: warning: the feedback for a partly right response is not kept (one feedback, feedback_wrong, serves every response that is not right)",
        "t.xml:271: warning: essay question: its answers need a person to grade them, which this app cannot do; not imported",
        "t.xml:289: warning: Moodle question type 'calculated' has no counterpart here; question skipped",
    ]


def test_the_imported_moodle_export_validates_and_grades_units(tmp_path):
    from coursekit import write_course

    from course_tui.learning.grading import grade

    _, _, result = imp(FIXTURE.read_bytes(), "reading")
    root = write_course(tmp_path / "c", {"quizzes/reading.yaml": result.yaml})
    loaded = load_course(root)
    assert loaded.course is not None, [f.format() for f in loaded.errors]
    quiz = loaded.course.quiz("reading")
    room = quiz.question("reading-room-length")
    assert isinstance(room, Numerical)
    assert [grade(room, typed).score for typed in ("3", "3.05 m", "295 cm", "2.8")] == [1.0, 1.0, 1.0, 0.0]
    assert [d.id for d in quiz.passages("founder")] == ["reading-reading-the-founding"]


def roundtrip(course_root: Path, quiz: Quiz, lang: str, tmp: Path) -> Quiz:
    text, _ = export_quiz(quiz, lang)
    ET.fromstring(text.encode())  # well-formed for any XML reader, Moodle's included
    imported = import_moodlexml(text.encode(), f"{quiz.id}.xml", quiz.id, quiz.chapter)
    assert imported.conversion.skipped == []
    copy = tmp / f"{quiz.id}-{lang}"
    shutil.copytree(course_root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".git"))
    (copy / quiz.file).unlink()
    (copy / "quizzes" / f"{quiz.id}-imported.yaml").write_text(imported.yaml, encoding="utf-8")
    loaded = load_course(copy)
    assert loaded.course is not None, [f.format() for f in loaded.errors]
    return loaded.course.quiz(quiz.id)


def assert_same_xml(orig, got, lang: str) -> None:
    """What Moodle XML keeps on top of GIFT: ids, hints, units, shuffle and the wrong-answer
    feedback of matching and ordering questions."""
    assert_same(orig, got, lang)
    assert _t(got.hint_text, lang) == _t(orig.hint_text, lang), orig.id
    if isinstance(orig, (Matching, Ordering)):
        assert _t(got.feedback_wrong, lang) == _t(orig.feedback_wrong, lang), orig.id
    if isinstance(orig, SingleChoice):
        assert got.shuffle == orig.shuffle, orig.id
    if isinstance(orig, Numerical):
        assert [u.name for u in got.units] == [u.name for u in orig.units] and [u.multiplier for u in got.units] == [u.multiplier for u in orig.units]
        assert [pytest.approx(r.bounds) for r in got.answer] == [r.bounds for r in orig.answer]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("quiz_id", [q.id for q in BUNDLED.quizzes])
def test_bundled_quiz_survives_moodle_xml_export_and_import(quiz_id, lang, tmp_path):
    quiz = BUNDLED.quiz(quiz_id)
    got = roundtrip(_bundled_root(tmp_path), quiz, lang, tmp_path)
    assert got.title(lang) == quiz.title(lang)
    assert [q.id for q in got.questions] == [q.id for q in quiz.questions]
    for orig, new in zip(quiz.questions, got.questions):
        assert_same_xml(orig, new, lang)


EXTRA = """type: quiz
id: extra
chapter: intro
title: {en: "Extra <xml> & --comments--", zh: 额外}
questions:
  - id: x-order
    type: ordering
    prompt: {en: "Order <these> & those", zh: 排序}
    items: [{en: one, zh: 一}, {en: two, zh: 二}, {en: three, zh: 三}]
    feedback_wrong: {en: Count again., zh: 再数数。}
    hint: {en: "Start at one -- then up", zh: 从一开始}
  - id: x-match
    type: matching
    prompt: {en: Match, zh: 配对}
    pairs:
      - {left: {en: a, zh: 甲}, right: {en: "1 < 2", zh: 一}}
      - {left: {en: b, zh: 乙}, right: {en: "2 & 3", zh: 二}}
    feedback_wrong: {en: Not all right., zh: 不全对。}
  - id: x-fixed
    type: single
    shuffle: false
    prompt: {en: "All of the above?", zh: 以上都是？}
    options:
      - {id: first, text: {en: A, zh: 甲}}
      - {id: all, text: {en: All of the above, zh: 以上都是}}
    answer: all
  - id: x-len
    type: numerical
    points: 3
    prompt: {en: Length?, zh: 长度？}
    answer:
      - {min: 2.9, max: 3.1, feedback: {en: "Yes & good", zh: 对}}
    units: [{unit: m}, {unit: cm, multiplier: 100}]
    feedback_wrong: {en: No., zh: 不对。}
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_question_type_and_what_gift_loses_survive_moodle_xml(lang, tmp_path):
    root = _tricky_course(tmp_path / "course")
    (root / "quizzes" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    course = load_course(root).course
    assert course is not None
    for quiz_id in ("tricky", "extra"):
        quiz = course.quiz(quiz_id)
        got = roundtrip(root, quiz, lang, tmp_path)
        assert [q.id for q in got.questions] == [q.id for q in quiz.questions]
        for orig, new in zip(quiz.questions, got.questions):
            assert_same_xml(orig, new, lang)
        assert [(d.id, d.position, _t(d.text, lang)) for d in got.descriptions] == [(d.id, d.position, _t(d.text, lang)) for d in quiz.descriptions]


def test_export_writes_what_moodle_reads(tmp_path):
    root = _tricky_course(tmp_path / "course")
    (root / "quizzes" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    course = load_course(root).course
    text, warnings = export_quiz(course.quiz("extra"), "en")
    tree = ET.fromstring(text.encode())
    kinds = [q.get("type") for q in tree.findall("question")]
    assert kinds == ["category", "ordering", "matching", "multichoice", "numerical"]
    length = tree.findall("question")[-1]
    assert length.findtext("defaultgrade") == "3"
    assert [(a.get("fraction"), a.findtext("text"), a.findtext("tolerance")) for a in length.findall("answer")] == [("100", "3", "0.1"), ("0", "*", "0")]
    assert [u.findtext("unit_name") for u in length.find("units").findall("unit")] == ["m", "cm"]
    fixed = tree.findall("question")[3]
    assert fixed.findtext("shuffleanswers") == "false" and fixed.findtext("single") == "true"
    assert "<!-- course-tui: ids=first,all -->" in text and "- -comments- -" in text
    assert "<text>$course$/top/Extra &lt;xml&gt; &amp; --comments--</text>" in text
    assert warnings == []


@pytest.mark.parametrize(
    "data, message",
    [
        (
            '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><quiz>&b;</quiz>',
            "t.xml: a DOCTYPE (document type declaration) is not accepted",
        ),
        ('<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "file:///etc/passwd"><quiz/>', "t.xml: a DOCTYPE (document type declaration) is not accepted"),
        ("<quiz><question type='truefalse'>", "t.xml is not well-formed XML (line 1, column 34: no element found)"),
        ("<quiz>&undefined;</quiz>", "t.xml is not well-formed XML (line 1, column 7: undefined entity)"),
        ("<html><body/></html>", "t.xml is not a Moodle XML question file (its root element is not <quiz>)"),
        (b"\xff\xfe<\x00q\x00", "t.xml is not well-formed XML"),
    ],
)
def test_unsafe_or_broken_xml_is_refused_with_one_line(data, message):
    with pytest.raises(XmlError) as caught:
        imp(data)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_cli_imports_and_exports_moodle_xml(tmp_path, capsys):
    assert main(["new", "course", str(tmp_path / "c"), "--languages", "en"]) == 0
    out = tmp_path / "c" / "quizzes" / "reading.yaml"
    assert main(["import", "moodlexml", str(FIXTURE), "-o", str(out), "--chapter", "getting-started"]) == 0
    err = capsys.readouterr().err
    assert err.strip().endswith(f"reading.xml: 6 question(s) and 1 description(s) converted, 2 skipped, 4 warning(s) → {out}")
    assert main(["validate", str(tmp_path / "c")]) == 0
    capsys.readouterr()
    assert main(["export", "moodlexml", "reading", "--course", str(tmp_path / "c"), "-o", str(tmp_path / "r.xml")]) == 0
    assert "reading: 6 question(s) written as Moodle XML (en) →" in capsys.readouterr().err
    assert ET.parse(tmp_path / "r.xml").getroot().tag == "quiz"
    assert main(["export", "moodlexml", "reading", "--course", str(tmp_path / "c"), "-o", str(tmp_path / "r.xml")]) == 1
    assert "already exists; use --force" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_cli_never_waits_on_a_fifo_and_refuses_a_broken_file(tmp_path, capsys):
    fifo = tmp_path / "bank.xml"
    os.mkfifo(fifo)
    assert main(["import", "moodlexml", str(fifo)]) == 1
    assert f"course-tui: error: {fifo} is a FIFO (named pipe), not a regular file; give a Moodle XML file" in capsys.readouterr().err
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz><question>", encoding="utf-8")
    assert main(["import", "moodlexml", str(broken)]) == 1
    assert "broken.xml is not well-formed XML" in capsys.readouterr().err


def test_ordering_marks_hints_and_case_are_read_from_moodle_xml():
    text = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ordering">
    <name><text>Steps</text></name>
    <questiontext format="plain_text"><text>Put the steps in order.</text></questiontext>
    <defaultgrade>1.5000000</defaultgrade>
    <incorrectfeedback format="html"><text>&lt;p&gt;Plan &amp;amp; then act.&lt;/p&gt;</text></incorrectfeedback>
    <answer fraction="2" format="plain_text"><text>Plan</text></answer>
    <answer fraction="1" format="plain_text"><text>Ask</text></answer>
    <answer fraction="3" format="plain_text"><text>Act</text></answer>
    <hint format="plain_text"><text>Asking comes first.</text></hint>
    <hint format="plain_text"><text>Acting comes last.</text></hint>
  </question>
  <question type="shortanswer">
    <name><text>Code</text></name>
    <questiontext format="markdown"><text>The language's **name**?</text></questiontext>
    <defaultgrade>0</defaultgrade>
    <usecase>1</usecase>
    <answer fraction="100" format="moodle_auto_format"><text>C++</text></answer>
  </question>
</quiz>
"""
    data, warnings, _ = imp(text)
    steps, code = data["questions"]
    assert (steps["type"], steps["items"], steps["points"]) == ("ordering", ["Ask", "Plan", "Act"], 2)
    assert steps["feedback_wrong"] == "Plan & then act." and steps["hint"] == "Asking comes first."
    assert (code["type"], code["match"], code["points"], code["prompt"]) == ("short", "exact", 0, "The language's **name**?")
    assert warnings == [
        "t.xml:3: warning: the mark 1.5 is not a whole number; it is rounded to 2 point(s)",
        "t.xml:3: warning: 2 hints: only the first is kept (a question here has one hint)",
    ]


def test_deep_nesting_is_refused_before_it_costs_anything():
    deep = "<quiz><question type='truefalse'>" + "<a>" * 100 + "</a>" * 100 + "</question></quiz>"
    with pytest.raises(XmlError) as caught:
        imp(deep)
    assert str(caught.value) == "t.xml: elements are nested more than 64 deep (line 1); Moodle XML never is"
