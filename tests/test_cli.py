"""The command line: exit codes, formats, scaffolds and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from coursekit import edit, write_course

from course_tui import __version__
from course_tui.cli import main


def run(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course_tui", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"course-tui {__version__}"
    for args in (["--help"], ["validate", "--help"], ["new", "--help"]):
        out = run(*args)
        assert out.returncode == 0 and "usage:" in out.stdout, args


def test_validate_valid_course(tmp_path, capsys):
    write_course(tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "valid" in captured.err


def test_validate_reports_every_finding_with_position(tmp_path, capsys):
    files = {}
    files.update(edit("quizzes/quiz.yaml", "answer: [a, c]", "answer: [a, d]"))
    files.update(edit("course.yaml", "pass_mark: 60", "pass_mark: high"))
    write_course(tmp_path, files)
    assert main(["validate", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "course.yaml:4:12: error: pass_mark must be a whole number, not text [wrong-type]" in lines
    assert any(line.startswith("quizzes/quiz.yaml:24:") and line.endswith("[answer-not-in-options]") for line in lines)


def test_validate_json(tmp_path, capsys):
    write_course(tmp_path, edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    assert main(["validate", str(tmp_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "path": "quizzes/quiz.yaml",
            "line": 3,
            "col": 10,
            "severity": "error",
            "code": "unknown-chapter",
            "message": "chapter 'outro' is not listed in course.yaml chapters",
        }
    ]


def test_validate_warnings_still_exit_zero(tmp_path):
    write_course(tmp_path, edit("quizzes/quiz.yaml", "title: {zh: 测验, en: Quiz}", "title: Quiz"))
    out = run("validate", str(tmp_path))
    assert out.returncode == 0
    assert "warning" in out.stdout and "[not-localized]" in out.stdout


@pytest.mark.parametrize(
    "args, code, text",
    [
        (["validate", "/no/such/folder"], 2, "course folder not found"),
        (["validate", "--format", "xml"], 2, "invalid choice"),
        (["frobnicate"], 2, "invalid choice"),
        (["--lang", "fr"], 2, "invalid choice"),
        (["--course", "/no/such/folder"], 2, "course folder not found"),
        (["new", "lesson", "x", "--course", "/no/such/folder"], 2, "course folder not found"),
    ],
)
def test_bad_input_gives_one_line(args, code, text):
    out = run(*args)
    assert out.returncode == code
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("course-tui: error:") and text in lines[0]
    assert "Traceback" not in out.stderr


def test_validate_a_file_not_a_folder(tmp_path):
    (tmp_path / "f").write_text("x")
    out = run("validate", str(tmp_path / "f"))
    assert out.returncode == 2 and "not a folder" in out.stderr


@pytest.mark.parametrize("langs", ["en", "zh", "zh,en"])
def test_new_course_validates(tmp_path, langs):
    target = tmp_path / "c"
    out = run("new", "course", str(target), "--languages", langs)
    assert out.returncode == 0, out.stderr
    assert (target / "course.yaml").is_file() and (target / "schemas" / "quiz.schema.json").is_file()
    check = run("validate", str(target))
    assert check.returncode == 0 and check.stdout == "", check.stdout + check.stderr


def test_new_items_validate_and_never_overwrite(tmp_path):
    target = tmp_path / "c"
    assert run("new", "course", str(target), "--languages", "zh,en").returncode == 0
    assert run("new", "lesson", "second", "--course", str(target)).returncode == 0
    assert "  - second" in (target / "course.yaml").read_text(encoding="utf-8")
    assert run("new", "quiz", "second-quiz", "--course", str(target), "--chapter", "second").returncode == 0
    assert run("new", "scenario", "second-scenario", "--course", str(target)).returncode == 0
    check = run("validate", str(target))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "2 chapters" in check.stderr and "2 scenarios" in check.stderr
    before = (target / "quizzes" / "second-quiz.yaml").read_text(encoding="utf-8")
    again = run("new", "quiz", "second-quiz", "--course", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (target / "quizzes" / "second-quiz.yaml").read_text(encoding="utf-8") == before
    assert run("new", "course", str(target)).returncode == 1
    bad = run("new", "quiz", "bad id", "--course", str(target))
    assert bad.returncode == 1 and "not a valid id" in bad.stderr
    unknown = run("new", "quiz", "q9", "--course", str(target), "--chapter", "nope")
    assert unknown.returncode == 1 and "not in course.yaml" in unknown.stderr


def test_new_lesson_in_current_folder(tmp_path):
    target = tmp_path / "c"
    assert run("new", "course", str(target), "--languages", "en").returncode == 0
    assert run("new", "lesson", "two", cwd=target).returncode == 0
    assert (target / "lessons" / "two.md").is_file()
    assert run("validate", str(target)).returncode == 0


def test_validate_bundled_course_by_default():
    out = run("validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""


def test_launcher_reports_store_problem_in_one_line(tmp_path):
    blocker = tmp_path / "store"
    blocker.write_text("not a folder")
    env = {**os.environ, "COURSE_TUI_STORE": str(blocker)}
    write_course(tmp_path / "c")
    out = run("--course", str(tmp_path / "c"), "--learner", "x", env=env)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "course-tui: error:" in out.stderr and "Traceback" not in out.stderr


def test_scaffolded_files_have_no_trailing_spaces(tmp_path):
    from course_tui.cli import main

    assert main(["new", "course", str(tmp_path / "c"), "--languages", "zh,en"]) == 0
    for path in (tmp_path / "c").rglob("*"):
        if path.suffix in (".yaml", ".md"):
            lines = path.read_text(encoding="utf-8").split("\n")
            assert [n for n, line in enumerate(lines, 1) if line != line.rstrip()] == [], path


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--store", "/tmp/s"],
        ["--lang=zh", "--learner", "李雷"],
        ["--course", "c", "--store", "s", "--theme", "textual-light"],
        ["--learner", "--store"],
        ["--lang", "fr"],
        ["--trainer", "--store", "s"],
        ["--learner", "--trainer"],
    ],
)
def test_a_plain_start_parses_as_the_whole_command_line_does(argv):
    from course_tui.cli import CliError, build_parser, only_launch_options

    assert only_launch_options(argv)

    def parse(parser):
        try:
            return parser.parse_args(argv)
        except CliError as exc:
            return str(exc)

    assert parse(build_parser(commands=False)) == parse(build_parser())


@pytest.mark.parametrize("argv", [["validate"], ["--help"], ["-h"], ["--version"], ["--store"], ["--bogus"], ["--store", "s", "quiz", "q"], ["valdate"]])
def test_anything_else_gets_the_whole_command_line(argv):
    from course_tui.cli import only_launch_options

    assert not only_launch_options(argv)
