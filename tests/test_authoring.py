"""Authoring: what a trainer meets while writing a course (subfolders of quizzes/, validate in
the current folder, level-1 headings, one finding per mistake, YAML messages in plain words,
path-scoring loops, the JSON Schemas agreeing with validate, any declared language)."""

from __future__ import annotations

import jsonschema
import pytest
from coursekit import BASE, edit, write_course

from course_tui.cli import main
from course_tui.course import scaffold
from course_tui.course.formats import json_schema
from course_tui.course.loader import load_course


def _codes(result):
    return [(f.code, f.path, f.line) for f in result.findings]


def test_quiz_in_a_subfolder_of_quizzes_is_loaded(tmp_path):
    extra = BASE["quizzes/quiz.yaml"].replace("id: intro-quiz", "id: extra-quiz").replace("id: q-", "id: x-")
    root = write_course(tmp_path, {"quizzes/extra/deeper/more.yaml": extra})
    result = load_course(root)
    assert result.ok, result.findings
    assert "extra-quiz" in [q.id for q in result.course.quizzes]
    assert result.course.quiz("extra-quiz").file == "quizzes/extra/deeper/more.yaml"


def test_an_id_clash_between_folders_of_quizzes_is_a_finding(tmp_path):
    root = write_course(tmp_path, {"quizzes/extra/copy.yaml": BASE["quizzes/quiz.yaml"]})
    result = load_course(root)
    assert not result.ok
    dup = [f for f in result.findings if f.code == "duplicate-id"]
    assert len(dup) >= 1 and dup[0].path == "quizzes/quiz.yaml"
    assert "already defined at" in dup[0].message


def test_hidden_folders_in_quizzes_are_not_read(tmp_path):
    root = write_course(tmp_path, {"quizzes/.git/broken.yaml": "type: [\n"})
    assert load_course(root).ok


def test_validate_without_a_folder_checks_the_course_in_the_current_folder(tmp_path, monkeypatch, capsys):
    root = write_course(tmp_path / "c", edit("quizzes/quiz.yaml", "answer: a", "answer: z"))
    monkeypatch.chdir(root)
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert "answer-not-in-options" in out
    assert "(the course in the current folder)" in err


def test_validate_without_a_folder_elsewhere_checks_the_bundled_course_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "(the bundled course: no course.yaml in the current folder)" in capsys.readouterr().err


def test_level_one_heading_in_a_lesson_is_a_warning(tmp_path):
    files = edit("lessons/intro.en.md", "Text.\n\n## Second", "Text.\n\n# Big title\n\nmore\n\n## Second")
    files.update(edit("lessons/intro.zh.md", "## 第二节 {#two}", "# 第二节 {#two}"))
    result = load_course(write_course(tmp_path, files))
    warnings = [f for f in result.findings if f.code == "level-1-heading"]
    assert [(w.path, w.severity) for w in warnings] == [("lessons/intro.en.md", "warning"), ("lessons/intro.zh.md", "warning")]
    assert "shown as text in section 'one'" in warnings[0].message
    assert "write '## 第二节 {#two}'" in warnings[1].message


def test_level_one_heading_inside_a_code_fence_is_no_heading(tmp_path):
    files = edit("lessons/intro.en.md", "Text.\n\n## Second", "Text.\n\n```sh\n# a comment\n```\n\n## Second")
    assert not [f for f in load_course(write_course(tmp_path, files)).findings if f.code == "level-1-heading"]


def test_a_broken_lesson_file_gives_one_finding(tmp_path):
    # the front matter is missing: no chapter-no-lesson, no missing-language, no unknown-section
    result = load_course(write_course(tmp_path, {"lessons/intro.en.md": "## First {#one}\n\nText.\n"}))
    assert [f.code for f in result.findings] == ["frontmatter-missing"]


def test_a_broken_lesson_in_both_languages_gives_one_finding_per_file(tmp_path):
    result = load_course(write_course(tmp_path, {"lessons/intro.en.md": "nothing\n", "lessons/intro.zh.md": "nothing\n"}))
    assert [(f.code, f.path) for f in result.findings] == [("frontmatter-missing", "lessons/intro.en.md"), ("frontmatter-missing", "lessons/intro.zh.md")]


def test_chapter_no_lesson_names_the_file_to_add(tmp_path):
    one = tmp_path / "one"
    scaffold.new_course(one, ["en"])
    (one / "course.yaml").write_text((one / "course.yaml").read_text().replace("chapters:\n", "chapters:\n  - later\n"))
    [finding] = [f for f in load_course(one).findings if f.code == "chapter-no-lesson"]
    assert "add lessons/later.md with 'id: later'" in finding.message
    two = write_course(tmp_path / "two", edit("course.yaml", "  - next\n", "  - next\n  - later\n"))
    [finding] = [f for f in load_course(two).findings if f.code == "chapter-no-lesson"]
    assert "add lessons/later.zh.md and lessons/later.en.md" in finding.message


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        ("type: quiz\nid: x\ntitle:\n\tzh: a\n", "a tab is used for indentation here; YAML indents with spaces only"),
        ("type: quiz\nid: [x, y\n", "a list in [ ] is not closed"),
        ("type: quiz\nid: x: y\n", "put the whole value in quotes"),
        ('type: quiz\ntitle: "open\n', "a quoted text is not closed (it opens on line 2)"),
        ("type: quiz\nid: @x\n", "a value cannot start with '@'"),
    ],
)
def test_yaml_syntax_errors_are_said_in_plain_words(tmp_path, yaml_text, words):
    result = load_course(write_course(tmp_path, {"quizzes/quiz.yaml": yaml_text}))
    [finding] = [f for f in result.findings if f.code == "yaml-syntax"]
    assert words in finding.message
    for raw in ("while scanning", "while parsing", "cannot start any token", "mapping values are not allowed"):
        assert raw not in finding.message


def test_a_path_scoring_loop_is_reported_beside_another_error(tmp_path):
    files = edit("quizzes/scenario.yaml", "next: good, score: 1}", "next: s, score: 1}\n      - {text: {zh: 错, en: Lost}, next: nowhere}")
    codes = [f.code for f in load_course(write_course(tmp_path, files)).findings]
    assert "scenario-next-undefined" in codes and "scenario-cycle" in codes


# -- the shipped JSON Schemas accept what validate accepts --------------------------------------

QUIZ_WITH_INTEGERS = """\
type: quiz
id: 7
chapter: intro
title: {zh: 测验, en: Quiz}
questions:
  - id: 101
    type: single
    section: intro#one
    prompt: {zh: 选, en: Pick}
    explanation: {zh: 因为, en: Because}
    points: POINTS
    options:
      - {id: 1, text: {zh: 1984, en: 1984}}
      - {id: 2, text: {zh: 2.5, en: 2.5}}
    answer: ANSWER
"""


@pytest.mark.parametrize(
    "points, answer, valid",
    [
        ("1", "1", True),  # integers as ids and answers
        ("2.0", "2", True),  # a whole number written with .0
        ("1", "-1", False),  # an id cannot start with '-'
        ("1", "1.5", False),  # an id is no fraction
        ("1.5", "1", False),  # points are whole
        ("1", "true", False),
    ],
)
def test_json_schema_and_validate_agree_on_numbers(tmp_path, points, answer, valid):
    from course_tui.course.yamlsrc import load_yaml, plain

    text = QUIZ_WITH_INTEGERS.replace("POINTS", points).replace("ANSWER", answer)
    result = load_course(write_course(tmp_path, {"quizzes/quiz.yaml": text, "quizzes/scenario.yaml": None}))
    errors = [f for f in result.findings if f.severity == "error" and f.code != "answer-not-in-options"]
    schema_errors = list(jsonschema.Draft202012Validator(json_schema("quiz")).iter_errors(plain(load_yaml(text).value)))
    assert (not errors) is valid, errors
    assert (not schema_errors) is valid, schema_errors


def test_export_gift_takes_any_language_the_course_declares(tmp_path, capsys):
    scaffold.new_course(tmp_path / "fr", ["fr", "en"])
    assert main(["export", "gift", "getting-started-quiz", "--course", str(tmp_path / "fr"), "--lang", "fr"]) == 0
    assert "written as GIFT (fr)" in capsys.readouterr().err
    assert main(["export", "gift", "getting-started-quiz", "--course", str(tmp_path / "fr"), "--lang", "de"]) == 2
    assert "the course is not written in de (its languages: fr, en)" in capsys.readouterr().err


def test_live_reload_and_the_cache_see_quizzes_in_subfolders(tmp_path):
    from course_tui.course import cache, watch

    root = write_course(tmp_path, {"quizzes/extra/more.yaml": "type: quiz\n"})
    assert "quizzes/extra/more.yaml" in watch.fingerprint(root)
    assert "quizzes/extra/more.yaml" in dict(cache.source_key(root))
    (root / "quizzes" / "extra" / "more.yaml").write_text("type: quiz\nid: changed\n")
    before = watch.fingerprint(root)
    (root / "quizzes" / "extra" / "new.yaml").write_text("type: quiz\n")
    assert set(watch.fingerprint(root)) - set(before) == {"quizzes/extra/new.yaml"}
