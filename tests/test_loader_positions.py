"""Positions stored lazily by yamlsrc read back as 1-based Pos everywhere, and
the loader's fast paths build the same course as the checks they shortcut."""

from __future__ import annotations

import sys
from pathlib import Path

from coursekit import edit, write_course

from course_tui.course.findings import Report
from course_tui.course.formats import MANIFEST
from course_tui.course.loader import load_course
from course_tui.course.schema import Ctx
from course_tui.course.yamlsrc import Pos, YList, YMap, load_yaml, to_pos

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synth import write_course as write_synthetic

DOC = """\
id: t
title: {zh: 测试, en: "Test"}
chapters:
  - intro
  -   next
"""


def test_positions_read_back_as_pos():
    root = load_yaml(DOC).value
    assert isinstance(root, YMap) and root.pos == Pos(1, 1)
    assert root.key_pos == {"id": Pos(1, 1), "title": Pos(2, 1), "chapters": Pos(3, 1)}
    assert root.val_pos["title"] == Pos(2, 8) and root.where("chapters") == Pos(4, 3)
    assert all(type(p) is Pos for p in [*root.key_pos.values(), *root.val_pos.values()])
    chapters = root["chapters"]
    assert isinstance(chapters, YList) and chapters.item_pos == [Pos(4, 5), Pos(5, 7)]
    assert chapters.where(1) == Pos(5, 7) and chapters.where(9) == chapters.pos == Pos(4, 3)
    assert root["title"].where("en") == Pos(2, 21) and root.where("missing") == Pos(1, 1)


def test_line_offset_shifts_lines_only():
    root = load_yaml("a: 1\nb: [x, y]\n", line_offset=4).value
    assert root.where("a") == Pos(5, 4) and root["b"].item_pos == [Pos(6, 5), Pos(6, 8)]
    assert load_yaml("a: 1\na: 2\n", line_offset=1).duplicates[0][1:] == (Pos(3, 1), Pos(2, 1))


def test_checked_map_keeps_the_positions_of_its_source():
    report = Report(path="course.yaml")
    raw = load_yaml(DOC + "languages: [zh, en]\nversion:\n").value
    checked = MANIFEST.check(raw, Pos(1, 1), Ctx(report, ("zh", "en")), "")
    assert report.findings == []
    assert checked.where("chapters") == Pos(4, 3) and checked["chapters"].item_pos == [Pos(4, 5), Pos(5, 7)]
    assert checked.key_pos["chapters"] == Pos(3, 1)
    # a field given as null has no position of its own in the checked map, as before
    assert "version" not in checked.val_pos and checked.where("version") == checked.pos == Pos(1, 1)
    assert checked["title"] == {"zh": "测试", "en": "Test"} and type(checked["title"]) is dict


def test_report_converts_stored_positions():
    raw = load_yaml("a:\n  b: 1\n").value
    report = Report(path="f.yaml")
    report.error("x", "m", raw["a"]._vp["b"])  # a position as stored (a parser mark)
    report.warning("y", "n", Pos(7, 2))
    report.error("z", "o")
    assert [(f.line, f.col) for f in report.findings] == [(2, 6), (7, 2), (1, 1)]
    assert to_pos(Pos(3, 4)) == Pos(3, 4)


def test_a_list_or_map_as_type_is_a_finding_not_a_crash(tmp_path):
    for bad in ("[quiz]", "{a: b}"):
        root = write_course(tmp_path / bad.strip("[{}").replace(": ", "-"), edit("quizzes/quiz.yaml", "type: quiz", f"type: {bad}"))
        result = load_course(root)
        assert result.course is None
        assert any(f.code == "bad-value" and f.path == "quizzes/quiz.yaml" and f.line == 1 for f in result.findings)


def test_synthetic_course_loads_whole(tmp_path):
    """Every chapter gets its own quiz and scenarios, in file order, and every question."""
    result = load_course(write_synthetic(tmp_path / "c", 12, 120))
    assert result.findings == [] and result.course is not None
    course = result.course
    assert [ch.id for ch in course.chapters] == [f"ch{i:04d}" for i in range(12)]
    assert [[q.id for q in ch.quizzes] for ch in course.chapters] == [[f"{ch.id}-quiz"] for ch in course.chapters]
    assert [len(ch.scenarios) for ch in course.chapters] == [1 if i % 10 == 0 else 0 for i in range(12)]
    assert sum(len(q.questions) for q in course.quizzes) == 120
    assert {q.type for q in course.quizzes[0].questions} == {"single", "multiple", "true_false", "short", "ordering", "matching"}
    first = course.quizzes[0].questions[0]
    assert first.source == "quizzes/ch0000-quiz.yaml:9" and first.prompt("en").startswith("Question 0:")
