"""`course-tui import gift` and `course-tui export gift` as a trainer uses them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from coursekit import write_course

from course_tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "gift"


def test_import_writes_a_quiz_that_validates_in_a_new_course(tmp_path, capsys):
    assert main(["new", "course", str(tmp_path / "c"), "--languages", "en"]) == 0
    out = tmp_path / "c" / "quizzes" / "options.yaml"
    assert main(["import", "gift", str(FIXTURES / "options1.gift"), "-o", str(out), "--id", "moodle-options", "--chapter", "getting-started"]) == 0
    err = capsys.readouterr().err
    assert f"{FIXTURES / 'options1.gift'}:36: warning: partial credit is not kept" in err
    assert err.strip().endswith(f"options1.gift: 14 question(s) converted, 0 skipped, 8 warning(s) → {out}")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (data["id"], data["chapter"], len(data["questions"])) == ("moodle-options", "getting-started", 14)
    assert main(["validate", str(tmp_path / "c")]) == 0
    assert "valid — 1 chapters" in capsys.readouterr().err


def test_import_to_standard_output_and_never_over_an_existing_file(tmp_path, capsys):
    assert main(["import", "gift", str(FIXTURES / "mc1.gift")]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out)["questions"][0]["id"] == "mc1-q1"
    assert "→ standard output" in captured.err
    target = tmp_path / "quiz.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["import", "gift", str(FIXTURES / "mc1.gift"), "-o", str(target)]) == 1
    assert f"course-tui: error: {target} already exists; use --force to replace it, or choose another name" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert main(["import", "gift", str(FIXTURES / "mc1.gift"), "-o", str(target), "--force"]) == 0
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["questions"][0]["id"] == "mc1-q1"


def test_import_errors_are_one_line(tmp_path, capsys):
    latin = tmp_path / "latin.gift"
    latin.write_bytes("Qu'est-ce que c'est? {=Café}".encode("latin-1"))
    cases = [
        ([str(latin)], f"course-tui: error: {latin} is not UTF-8 text (byte 0xe9 on line 1); save it as UTF-8 (Moodle exports GIFT as UTF-8) and try again"),
        ([str(tmp_path / "missing.gift")], f"course-tui: error: GIFT file not found: {tmp_path / 'missing.gift'}"),
        ([str(tmp_path)], f"course-tui: error: {tmp_path} is a folder, not a GIFT file"),
        (
            [str(FIXTURES / "mc1.gift"), "--id", "bad id"],
            "course-tui: error: --id 'bad id' is not a valid id: use letters, digits, '-', '_' or '.', starting with a letter or digit",
        ),
        ([str(FIXTURES / "essay1.gift")], f"course-tui: error: {FIXTURES / 'essay1.gift'}: no question could be converted (1 skipped; see the warnings above)"),
    ]
    for args, message in cases:
        code = main(["import", "gift", *args])
        err = capsys.readouterr().err
        assert code in (1, 2) and err.strip().splitlines()[-1] == message, (args, err)
        assert "Traceback" not in err


def test_export_bundled_quiz_in_chinese(tmp_path, capsys):
    out = tmp_path / "exam.gift"
    assert main(["export", "gift", "final-exam", "--lang", "zh", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/top/结业考试" in text and "// [id:fx-01]" in text and "::fx-01::[markdown]" in text
    assert "warning: question 'fx-17': ordering has no GIFT type" in err
    assert err.strip().endswith(f"final-exam: 26 question(s) written as GIFT (zh) → {out}")


def test_export_errors_are_one_line(tmp_path, capsys):
    write_course(tmp_path / "c")
    one_lang = tmp_path / "en-only"
    assert main(["new", "course", str(one_lang), "--languages", "en"]) == 0
    capsys.readouterr()
    cases = [
        (["nope"], "course-tui: error: no quiz 'nope' in this course (quizzes: background-quiz"),
        (["getting-started-quiz", "--course", str(one_lang), "--lang", "zh"], "course-tui: error: the course is not written in zh (its languages: en)"),
        (["x", "--course", str(tmp_path / "absent")], f"course-tui: error: course folder not found: {tmp_path / 'absent'}"),
    ]
    (tmp_path / "c" / "quizzes" / "quiz.yaml").write_text("type: quiz\n", encoding="utf-8")
    cases.append((["intro-quiz", "--course", str(tmp_path / "c")], "course-tui: error: the course in"))
    for args, message in cases:
        code = main(["export", "gift", *args])
        err = capsys.readouterr().err
        assert code in (1, 2) and err.strip().splitlines()[-1].startswith(message), (args, err)


def test_commands_run_as_a_program(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "course_tui", "import", "gift", str(FIXTURES / "giftFormatPhpExamples.gift"), "-o", str(tmp_path / "q.yaml")],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and run.stdout == ""
    assert "giftFormatPhpExamples.gift:43: warning: the answer 1822±2 earned 50% in Moodle; partial credit is not kept" in run.stderr
    assert "giftFormatPhpExamples.gift: 10 question(s) converted, 0 skipped, 5 warning(s)" in run.stderr
    run = subprocess.run([sys.executable, "-m", "course_tui", "export", "gift", "background-quiz"], check=False, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("// 小测：PMO为什么难以定义 (background-quiz), zh")
    assert "\n$CATEGORY: $course$/top/小测：PMO为什么难以定义\n" in run.stdout


def test_import_summary_and_yaml_header_agree_on_what_was_kept_and_skipped(tmp_path, capsys):
    bank = tmp_path / "bank.gift"
    bank.write_text(
        "::Passage::Read this first.\n\n::Q1::Who? {~=A committee#Yes ~A king}\n\n"
        "::Q2::Two {=a ~b} and {=c ~d}\n\n::Q3::Bad {#abc}\n\n::Q4::When? {#1822 #Right}\n\n::Q5::Range {#3:2~#Too far}\n",
        encoding="utf-8",
    )
    out = tmp_path / "bank.yaml"
    assert main(["import", "gift", str(bank), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.strip().endswith(f"bank.gift: 3 question(s) and 1 description(s) converted, 2 skipped, 3 warning(s) → {out}")
    assert "bank.gift:3: warning: 1 empty answer(s) left out" in err
    text = out.read_text(encoding="utf-8")
    assert "# 3 question(s) and 1 description(s) converted, 2 skipped;" in text
    data = yaml.safe_load(text)
    assert [q["type"] for q in data["questions"]] == ["description", "single", "numerical", "numerical"]
    assert data["questions"][2]["answer"] == [{"value": 1822, "feedback": "Right"}]
    assert data["questions"][3]["feedback_wrong"] == "Too far"
