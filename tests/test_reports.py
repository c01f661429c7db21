"""The trainer's report: exact numbers over three learners, the formats, and `course-tui report`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from reportkit import make_course, make_store

from course_tui.cli import main
from course_tui.learning import report_formats, report_table, reports
from course_tui.learning.report_table import cells, fit


@pytest.fixture
def setup(tmp_path):
    course = make_course(tmp_path / "c")
    store = make_store(course, tmp_path / "s")
    return course, store, tmp_path


def by_name(report):
    return {row.name: row for row in report.learners}


def test_learners_by_chapter(setup):
    course, store, _ = setup
    report = reports.build(course, store)
    assert [row.name for row in report.learners] == ["Amy", "Bob", "小王"]  # "Other" studies another course
    rows = by_name(report)

    wang = rows["小王"].chapters
    assert (wang[0].sections_read, wang[0].sections_total, wang[0].lesson_read) == (2, 2, True)
    assert wang[0].best_percent == pytest.approx(88.89) and wang[0].passed is True
    assert [(e.id, e.outcome) for s in wang[0].scenarios for e in s.endings] == [("good", "success")]
    assert wang[0].scenarios[0].best_score == 8 and wang[0].scenarios[0].max_score == 8
    assert (wang[1].sections_read, wang[1].lesson_read, wang[1].passed) == (1, True, None)
    assert rows["小王"].exams[0].best_percent == 100.0 and rows["小王"].exams[0].passed
    assert (rows["小王"].lessons_read, rows["小王"].quizzes_passed, rows["小王"].quizzes_total) == (2, 2, 2)

    amy = rows["Amy"].chapters[0]
    assert (amy.sections_read, amy.lesson_read) == (1, False)
    assert amy.best_percent == pytest.approx(33.33)  # the retry's 100 % is not the best: it asked 4 of 6
    assert amy.passed is False and amy.quizzes[0].attempts == 2  # a review round (the retry) passes nothing
    assert [(e.id, e.outcome) for e in amy.scenarios[0].endings] == [("bad", "failure")]
    assert not rows["Amy"].exams[0].attempted

    bob = rows["Bob"].chapters[0]
    assert bob.best_percent is None and bob.quizzes[0].attempts == 0 and not bob.scenarios[0].endings


def test_question_statistics_weakest_first(setup):
    course, store, _ = setup
    report = reports.build(course, store)
    quiz = next(q for q in report.quizzes if q.quiz.id == "intro-quiz")
    assert quiz.learners == 3
    stats = {q.question.id: q for q in quiz.questions}
    expect = {  # answered, right at the first answer, right at some answer
        "q-single": (3, 1, 2),
        "q-multi": (2, 1, 2),
        "q-tf": (2, 1, 2),
        "q-short": (3, 2, 2),
        "q-order": (2, 1, 1),
        "q-match": (2, 1, 2),
    }
    assert {qid: (s.answered, s.right_first, s.right_best) for qid, s in stats.items()} == expect
    assert [q.question.id for q in quiz.weakest_first()] == ["q-single", "q-multi", "q-tf", "q-match", "q-order", "q-short"]
    assert [qid for qid, s in stats.items() if s.weak] == ["q-single"]
    assert stats["q-order"].mean_first_score == pytest.approx(2 / 3, abs=1e-4)

    wrong = {qid: s.top_wrong for qid, s in stats.items()}
    assert (wrong["q-single"].kind, wrong["q-single"].value, wrong["q-single"].learners) == ("option", "b", 2)
    assert (wrong["q-multi"].kind, wrong["q-multi"].value) == ("option", "b")
    assert (wrong["q-tf"].kind, wrong["q-tf"].value) == ("value", False)
    assert (wrong["q-short"].kind, wrong["q-short"].value) == ("text", "P.M.O")
    assert (wrong["q-order"].kind, wrong["q-order"].text("en")) == ("misplaced", "two")
    assert (wrong["q-match"].kind, wrong["q-match"].text("en"), wrong["q-match"].right("en")) == ("pair", "A", "two")
    words = report_table.EN
    assert [report_table.describe_wrong(wrong[q], "zh", words) for q in ("q-single", "q-tf", "q-short", "q-order", "q-match")] == [
        "乙",
        "false",
        "“P.M.O”",
        "out of place: 二",
        "甲 → 二",
    ]
    exam = next(q for q in report.quizzes if q.quiz.id == "exam")
    assert exam.learners == 1 and exam.questions[0].top_wrong is None


def test_multiple_choice_left_out_option_only_when_no_wrong_option(tmp_path):
    course = make_course(tmp_path / "c")
    store = reports.Store(tmp_path / "s")
    from reportkit import take

    from course_tui.learning.progress import Learner

    take(course, Learner(store, "Ann", course.id), {"q-multi": ["a"]})
    stats = next(q for q in reports.build(course, store).quizzes if q.quiz.id == "intro-quiz").questions[1]
    assert (stats.top_wrong.kind, stats.top_wrong.value) == ("missed", "c")
    assert report_table.describe_wrong(stats.top_wrong, "en") == "left out: C"


def test_table_fits_80_columns_in_both_languages(setup):
    course, store, _ = setup
    report = reports.build(course, store)
    for lang in ("en", "zh"):
        lines = report_table.table_lines(report, lang)
        assert max(cells(line) for line in lines) <= 80
        text = "\n".join(lines)
        assert "小王 — lessons read 2/2 · quizzes passed 2/2" in text
    en = report_formats.table(report, "en").splitlines()
    assert any(line.startswith(" 1 Intro") and "2/2 ✓" in line and "89% yes" in line and "1/2: success" in line for line in en)
    assert any(line.startswith("⚠  q-single") and line.rstrip().endswith("1/3    2/3 Pick one") for line in en)
    assert "✗ “P.M.O” (1)" in "\n".join(en)
    assert any(line.startswith(" 1 Intro") and line.split()[-3:] == ["1/3", "1/3", "61%"] for line in en)  # cohort row (Amy's review round passes nothing)


def test_fit_counts_wide_characters():
    assert cells("小王abc") == 7
    assert fit("互联网PMO入门", 8) == "互联网P…"
    assert fit("互联网PMO入门", 6) == "互联… "  # a wide character is never split: padded instead
    assert cells(fit("互联网PMO入门", 6)) == 6
    assert fit("abc", 5, ">") == "  abc"


def test_csv_has_bom_and_parses_back(setup):
    course, store, _ = setup
    text = report_formats.csv_text(reports.build(course, store), "zh")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == report_formats.CSV_COLUMNS
    assert len(rows) == 3 * 3  # three learners × (two chapters + the exam)
    wang = [r for r in rows if r["learner"] == "小王"]
    assert wang[0]["title"] == "入门"
    assert (wang[0]["best_percent"], wang[0]["passed"], wang[0]["lesson_read"], wang[0]["verdicts"]) == ("88.89", "yes", "yes", "success")
    assert (wang[2]["kind"], wang[2]["id"], wang[2]["best_percent"], wang[2]["passed"]) == ("quiz", "exam", "100", "yes")
    bob = [r for r in rows if r["learner"] == "Bob"]
    assert (bob[0]["best_percent"], bob[0]["passed"]) == ("", "")


def test_moodle_csv_headers_and_grades(setup):
    course, store, _ = setup
    text = report_formats.moodle_csv_text(reports.build(course, store), "en")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["ID number", "Email address", "Quiz", "Final exam", "Scenario"]
    # the scenario: 小王's good ending scores 8 of 8, Amy's bad one 0, Bob never finished it
    assert rows[1:] == [["Amy", "", "33.33", "", "0"], ["Bob", "", "", "", ""], ["小王", "", "88.89", "100", "100"]]


def test_scenario_best_percent_is_the_best_score_over_the_highest_possible(setup):
    course, store, _ = setup
    rows = by_name(reports.build(course, store))
    [wang] = rows["小王"].chapters[0].scenarios
    assert (wang.best_score, wang.max_score, wang.best_percent) == (8, 8, 100.0)
    [bob] = rows["Bob"].chapters[0].scenarios
    assert bob.best_percent is None
    assert reports.ScenarioResult(wang.scenario, 1, (), -3, 8).best_percent == 0.0
    assert reports.ScenarioResult(wang.scenario, 1, (), 2, 8).best_percent == 25.0


def test_moodle_email_column_only_for_email_names(tmp_path):
    course = make_course(tmp_path / "c")
    store = reports.Store(tmp_path / "s")
    store.update("wang@example.com", lambda doc: None)
    rows = report_formats.moodle_rows(reports.build(course, store), "en")
    assert rows[1][:2] == ["wang@example.com", "wang@example.com"]


def test_json_is_complete(setup):
    course, store, _ = setup
    data = json.loads(report_formats.json_text(reports.build(course, store), "en"))
    assert set(data) == {"course", "generated", "learners", "quizzes", "notices"}
    wang = next(learner for learner in data["learners"] if learner["name"] == "小王")
    chapter = wang["chapters"][0]
    assert chapter["best_percent"] == pytest.approx(88.89) and chapter["lesson_read"] is True
    assert chapter["scenarios"][0]["endings"] == [{"id": "good", "outcome": "success", "title": "Good"}]
    question = data["quizzes"][0]["questions"][0]
    assert question["id"] == "q-single" and question["weak"] is True and question["first_rate"] == pytest.approx(1 / 3)
    assert question["top_wrong"] == {"kind": "option", "value": "b", "text": "B", "learners": 2}


def test_unreadable_files_are_said_and_left_out(setup):
    course, store, _tmp_path = setup
    (store.folder / "learner-0000garbage.json").write_bytes(b"\xff not json")
    bad = store.path_for("Amy")
    doc = json.loads(bad.read_text(encoding="utf-8"))
    doc["courses"][course.id]["attempts"] = "oops"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in store.folder.iterdir()}
    report = reports.build(course, store)
    assert len(report.notices) == 2
    garbage, amy = sorted(report.notices, key=lambda n: "garbage" not in n)
    assert "learner-0000garbage.json could not be read (not valid UTF-8 JSON" in garbage and "left out" in garbage
    assert bad.name in amy and f"$.courses.{course.id}.attempts: expected `array`, got `str`" in amy and "nothing was changed" in amy
    assert "Amy" not in by_name(report)  # left out, not started afresh
    # the report only reads: every file as it was, nothing moved aside, nothing created
    assert {p.name: p.read_bytes() for p in store.folder.iterdir()} == before
    assert store.notices == []


# -- the command ----------------------------------------------------------------------------
def test_cli_table(setup, capsys):
    _course, store, tmp_path = setup
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(store.folder)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Test (t) — 3 learner(s)") and out.err == ""
    assert max(cells(line) for line in out.out.splitlines()) <= 80


@pytest.mark.parametrize("fmt", ["csv", "moodle-csv"])
def test_cli_csv_to_file(setup, capsys, fmt):
    _course, store, tmp_path = setup
    target = tmp_path / "out.csv"
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(store.folder), "--format", fmt, "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == (10 if fmt == "csv" else 4)
    assert f"wrote {target} (3 learner(s), {fmt})" in capsys.readouterr().err


def test_cli_json_and_warnings_on_stderr(setup, capsys):
    _course, store, tmp_path = setup
    (store.folder / "learner-0000garbage.json").write_text("{", encoding="utf-8")
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(store.folder), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["learners"][2]["name"] == "小王"
    assert out.err.startswith("course-tui: warning: ") and "learner-0000garbage.json" in out.err
    assert len(out.err.splitlines()) == 1


def test_cli_errors(tmp_path, capsys):
    course_dir = tmp_path / "c"
    make_course(course_dir)
    assert main(["report", "--course", str(course_dir), "--store", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith("course-tui: error: progress store not found:")
    (tmp_path / "empty").mkdir()
    assert main(["report", "--course", str(course_dir), "--store", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert err == f"course-tui: error: no learners of 't' in the progress store {tmp_path / 'empty'}; nothing to report\n"
    (course_dir / "course.yaml").write_text("id: t\n", encoding="utf-8")
    assert main(["report", "--course", str(course_dir), "--store", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("course-tui: error: the course in") and "run `course-tui validate" in err and len(err.splitlines()) == 1
    assert main(["report", "--course", str(tmp_path / "missing")]) == 2
    assert "course folder not found" in capsys.readouterr().err
    assert main(["report", "--format", "xml"]) == 2


def test_cli_store_from_environment(setup, capsys, monkeypatch):
    _course, store, tmp_path = setup
    monkeypatch.setenv("COURSE_TUI_STORE", str(store.folder))
    assert main(["report", "--course", str(tmp_path / "c"), "--format", "moodle-csv"]) == 0
    assert capsys.readouterr().out.lstrip("\ufeff").startswith("ID number,Email address,Quiz,Final exam")


def test_app_strings_and_docs_match_the_core():
    from pathlib import Path

    from course_tui.tui.i18n import en, zh

    assert {k: en.STRINGS[f"report.{k}"] for k in report_table.EN} == report_table.EN  # the app's English is the command's
    assert all(f"report.{k}" in zh.STRINGS for k in report_table.EN)
    docs = (Path(__file__).resolve().parent.parent / "docs" / "REPORTS.md").read_text(encoding="utf-8")
    for column in report_formats.CSV_COLUMNS:
        assert f"`{column}`" in docs


def test_report_command_does_not_load_the_tui(setup):
    import subprocess
    import sys

    _course, store, tmp_path = setup
    code = (
        "import sys, io, contextlib\n"
        "from course_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['report', '--course', {str(tmp_path / 'c')!r}, '--store', {str(store.folder)!r}])\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('course_tui.tui'))\n"
        "sys.exit(rc or (1 if bad else 0))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
