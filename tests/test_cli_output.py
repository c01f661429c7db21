"""What the command line writes, when names, titles and paths are hostile: messages
are one inert line each, report bodies are inert, CSV cells cannot run as formulas, JSON stays
valid, and ``-o`` never replaces a file (or a link's target) it was not told to."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal

import pytest
from coursekit import BASE, write_course
from reportkit import RIGHT, make_course, make_store, take

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.learning import report_formats, reports
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store

FORMULA_NAMES = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(1,1)", "-2+3"]
OSC52 = "\x1b]52;c;aGk=\x07"  # sets the clipboard in many terminals
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\r")  # ESC, BEL, CSI, OSC (C1), CR


def no_raw_controls(text: str) -> bool:
    return not any(ch in text for ch in RAW)


def formula_course(root):
    """The test course with a lesson and a quiz whose titles are formulas, and a course title
    carrying an OSC 52 sequence (escaped in YAML, so the loaded title holds the raw ESC)."""
    files = {
        "course.yaml": BASE["course.yaml"].replace("en: Test}", 'en: "\\e]52;c;aGk=\\a Test"}'),
        "lessons/intro.en.md": BASE["lessons/intro.en.md"].replace("title: Intro", 'title: "@SUM(1,1)"'),
        "quizzes/quiz.yaml": BASE["quizzes/quiz.yaml"].replace("en: Quiz}", 'en: "=1+1"}'),
    }
    write_course(root, files)
    loaded = load_course(root)
    assert loaded.course is not None, [f.format() for f in loaded.findings]
    return loaded.course


@pytest.fixture
def formula_store(tmp_path):
    course = formula_course(tmp_path / "c")
    store = Store(tmp_path / "s")
    for name in FORMULA_NAMES:
        learner = Learner(store, name, course.id)
        learner.visit_section("intro", "one", False)
        take(course, learner, RIGHT)
    return course, store, tmp_path


def report_csv(tmp_path, store, fmt, capsys):
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(store.folder), "--format", fmt]) == 0
    out = capsys.readouterr().out
    return list(csv.reader(io.StringIO(out.lstrip("\ufeff"), newline="")))


# -- item 6: CSV formula injection ------------------------------------------------------------
def test_report_csv_neutralises_formula_names_and_titles_but_keeps_scores_numbers(formula_store, capsys):
    _course, store, tmp_path = formula_store
    rows = report_csv(tmp_path, store, "csv", capsys)
    header, body = rows[0], rows[1:]
    assert header[0] == "learner" and header[8] == "best_percent"
    names = {row[0] for row in body}
    assert names == {"'" + name for name in FORMULA_NAMES}
    titles = {row[4] for row in body if row[1] == "chapter"}
    assert "'@SUM(1,1)" in titles
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (row, cell)
    scores = {row[8] for row in body if row[3] == "intro"}
    assert scores == {"100"}  # a number the report computes stays a number


def test_moodle_csv_neutralises_formula_names_and_quiz_title_headers(formula_store, capsys):
    _course, store, tmp_path = formula_store
    rows = report_csv(tmp_path, store, "moodle-csv", capsys)
    assert rows[0][:3] == ["ID number", "Email address", "'=1+1"]
    assert {row[0] for row in rows[1:]} == {"'" + name for name in FORMULA_NAMES}
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (row, cell)
    assert {row[2] for row in rows[1:]} == {"100"}


def renamed(report, names):
    learners = [dataclasses.replace(row, name=name) for row, name in zip(report.learners, names)]
    return dataclasses.replace(report, learners=learners)


@pytest.fixture
def plain_report(tmp_path):
    course = make_course(tmp_path / "c")
    return reports.build(course, make_store(course, tmp_path / "s"))


def test_csv_neutralises_tab_and_cr_led_cells_and_shows_controls(plain_report):
    report = renamed(plain_report, ["\tTab", "\rCR", "Eve" + OSC52])
    for text in (report_formats.csv_text(report, "en"), report_formats.moodle_csv_text(report, "en")):
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
        names = {row[0] for row in rows[1:]}
        assert "'\tTab" in names and "␍CR" in names and "Eve␛]52;c;aGk=␇" in names
        assert no_raw_controls(text.replace("\r\n", "")), text


# -- item 2: report bodies ---------------------------------------------------------------------
def test_report_table_shows_escape_sequences_and_line_breaks_in_names_and_titles_as_text(formula_store, capsys, monkeypatch):
    _course, store, tmp_path = formula_store
    # A name as a hand-edited store file can carry it (whatever the store lets the app create).
    real = reports.build
    monkeypatch.setattr(reports, "build", lambda *a, **k: renamed(real(*a, **k), ["Mallory" + OSC52 + "\r\nfake line\x9b2J"]))
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(store.folder)]) == 0
    out = capsys.readouterr().out
    assert no_raw_controls(out)
    assert "␛]52;c;aGk=␇ Test (t)" in out  # the course title, shown
    assert any(line.startswith("Mallory␛]52;c;aGk=␇  fake line\ufffd2J — lessons read") for line in out.splitlines())
    assert not any(line.startswith("fake line") for line in out.splitlines())


def test_report_json_escapes_c1_and_line_separators_and_keeps_the_data(plain_report):
    name = "Eve" + OSC52 + "\x9b2J\x85\u2028end"
    text = report_formats.json_text(renamed(plain_report, [name, "b", "c"]), "en")
    assert not any(ch in text for ch in "\x1b\x07\x9b\x85\u2028")
    assert "\\u009b" in text and "\\u2028" in text
    assert json.loads(text)["learners"][0]["name"] == name  # escaped, not lost


# -- item 8: no NaN/Infinity in JSON -----------------------------------------------------------
def test_report_json_leaves_out_values_that_are_not_finite_and_says_where(plain_report):
    learner = plain_report.learners[0]
    chapter = dataclasses.replace(learner.chapters[0], best_percent=float("nan"))
    report = dataclasses.replace(plain_report, learners=[dataclasses.replace(learner, chapters=[chapter, *learner.chapters[1:]])])
    left_out: list[str] = []
    text = report_formats.json_text(report, "en", left_out)
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c} in the JSON"))
    assert "best_percent" not in data["learners"][0]["chapters"][0]
    assert left_out == ["$.learners[0].chapters[0].best_percent"]


def test_export_xapi_leaves_out_infinite_scores_with_one_warning(tmp_path, capsys, monkeypatch):
    from course_tui.learning import xapi

    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    real = xapi.learner_statements

    def with_infinity(*args, **kwargs):
        export = real(*args, **kwargs)
        for statement in export.statements:
            score = statement.get("result", {}).get("score")
            if score is not None:
                score["raw"] = float("inf")
        return export

    monkeypatch.setattr(xapi, "learner_statements", with_infinity)
    out = tmp_path / "statements.json"
    assert main(["export", "xapi", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    statements = json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c} in the JSON"))
    scored = [s for s in statements if "score" in s.get("result", {})]
    assert scored and all("raw" not in s["result"]["score"] for s in scored)
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("course-tui: warning: left out ")]
    assert len(warnings) == 1 and "not finite" in warnings[0]


# -- item 2 / 12 / 13: messages are one inert line ---------------------------------------------
def test_error_lines_show_hostile_names_and_paths_on_one_line(tmp_path, capsys):
    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    name = "Eve\r\ncourse-tui: all good" + OSC52
    cases = [
        ["export", "xapi", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--learner", name],
        ["report", "--course", str(tmp_path / name)],
        ["export", "gift", "quiz", "--course", str(tmp_path / "c"), "--lang", "xx" + OSC52],
    ]
    for argv in cases:
        assert main(argv) in (1, 2)
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and err.startswith("course-tui: error: "), err
        assert no_raw_controls(err), err


def test_wrote_line_and_file_name_stay_one_inert_line(plain_report, tmp_path, capsys):
    target = tmp_path / ("r\x1b]2;pwned\x07\nfake.csv")
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--format", "csv", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert target.is_file()
    assert len(err.splitlines()) == 1 and err.startswith("wrote ") and "r␛]2;pwned␇␊fake.csv" in err
    assert no_raw_controls(err)


def test_report_warning_shows_a_hostile_store_file_name_on_one_line(plain_report, tmp_path, capsys):
    (tmp_path / "s" / "learner-x\x1b]2;t\x07\nfake.json").write_text("{", encoding="utf-8")
    assert main(["report", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("course-tui: warning: ") and "x␛]2;t␇␊fake.json" in err
    assert no_raw_controls(err)


def test_export_xapi_learner_lines_stay_one_inert_line_each(plain_report, tmp_path, capsys, monkeypatch):
    from course_tui.learning import xapi

    # whatever a learner's name or account turns out to be, each learner gets exactly one line
    monkeypatch.setattr(xapi, "actor_name", lambda name, base: "acct\r\ncourse-tui: forged\x1b[2J")
    assert main(["export", "xapi", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "-o", str(tmp_path / "x.json")]) == 0
    lines = capsys.readouterr().err.splitlines()
    account_lines = [line for line in lines if "→ account" in line]
    assert len(account_lines) == 4 and not any(line.startswith("course-tui: forged") for line in lines)
    assert all(line.endswith("statement(s)") or "skipped" in line for line in account_lines)
    assert no_raw_controls("\n".join(lines))


def test_import_gift_messages_show_a_hostile_file_name_inert(tmp_path, capsys):
    source = tmp_path / "bank\x1b[2J\n.gift"
    source.write_text("::q1:: Essay? {}\n\n::q2:: Right? {T}\n", encoding="utf-8")
    assert main(["import", "gift", str(source), "--id", "bank"]) == 0
    err = capsys.readouterr().err
    assert no_raw_controls(err) and "bank␛[2J␊.gift" in err
    assert all(line.startswith(str(tmp_path)) for line in err.splitlines()), err


def test_new_prints_hostile_paths_inert(tmp_path, capsys):
    folder = tmp_path / "c\x1b]2;t\x07"
    assert main(["new", "course", str(folder), "--languages", "en"]) == 0
    out = capsys.readouterr().out
    assert no_raw_controls(out) and "c␛]2;t␇" in out
    assert out.splitlines()[0].startswith("wrote ")


def test_an_unexpected_exception_is_one_inert_line_and_a_failure(tmp_path, capsys, monkeypatch):
    from course_tui.commands import report

    def boom(_args):
        raise RuntimeError("broken\r\nTraceback (most recent call last):\x1b[2J")

    monkeypatch.delenv("COURSE_TUI_DEBUG", raising=False)
    monkeypatch.setattr(report, "run", boom)
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert err == "course-tui: internal error: RuntimeError: broken␍␊Traceback (most recent call last):␛[2J (set COURSE_TUI_DEBUG=1 for details)\n"


# -- item 10: -o FILE and --force --------------------------------------------------------------
@pytest.fixture
def world(tmp_path):
    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    gift = tmp_path / "bank.gift"
    gift.write_text("::q1:: Right? {T}\n", encoding="utf-8")
    return tmp_path


COMMANDS = {
    "report": lambda w, out: ["report", "--course", str(w / "c"), "--store", str(w / "s"), "--format", "csv", "-o", str(out)],
    "export-xapi": lambda w, out: ["export", "xapi", "--course", str(w / "c"), "--store", str(w / "s"), "-o", str(out)],
    "export-gift": lambda w, out: ["export", "gift", "intro-quiz", "--course", str(w / "c"), "-o", str(out)],
    "import-gift": lambda w, out: ["import", "gift", str(w / "bank.gift"), "-o", str(out)],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_output_file_is_never_replaced_without_force(world, command, capsys):
    out = world / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    assert main(COMMANDS[command](world, out)) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"course-tui: error: {out} already exists; use --force to replace it, or choose another name"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert main([*COMMANDS[command](world, out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") != "keep me\n" and out.stat().st_size > 20
    assert [p.name for p in world.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_output_never_writes_through_a_symlink(world, command, capsys):
    victim = world / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = world / "link.out"
    link.symlink_to(victim)
    assert main(COMMANDS[command](world, link)) == 1
    assert "already exists (a symbolic link); use --force" in capsys.readouterr().err
    assert link.is_symlink()
    assert main([*COMMANDS[command](world, link), "--force"]) == 0
    assert not link.is_symlink() and link.is_file() and link.read_text(encoding="utf-8") != "precious\n"
    assert victim.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_output_refuses_a_dangling_symlink_and_a_folder(world, command, capsys):
    dangling = world / "dangling.out"
    dangling.symlink_to(world / "nowhere" / "x")
    assert main(COMMANDS[command](world, dangling)) == 1
    assert "already exists (a symbolic link)" in capsys.readouterr().err
    assert not (world / "nowhere").exists()
    folder = world / "folder"
    folder.mkdir()
    for extra in ([], ["--force"]):
        assert main([*COMMANDS[command](world, folder), *extra]) == 1
        err = capsys.readouterr().err
        assert err.splitlines()[-1] == f"course-tui: error: cannot write {folder}: it is a folder; give a file name"
        assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_output_refuses_a_fifo_even_with_force_and_never_opens_it(world, command, capsys):
    fifo = world / "pipe"
    os.mkfifo(fifo)

    def hung(*_):
        raise AssertionError("the command opened the FIFO and waited for a reader")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        for extra in ([], ["--force"]):
            assert main([*COMMANDS[command](world, fifo), *extra]) == 1
            err = capsys.readouterr().err
            assert err.splitlines()[-1] == f"course-tui: error: cannot write {fifo}: it is not a regular file; give a file name"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert fifo.is_fifo()


def test_output_file_gets_the_usual_permissions(world):
    out = world / "report.csv"
    old = os.umask(0o022)
    try:
        assert main(COMMANDS["report"](world, out)) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_force_is_in_every_output_commands_help(capsys):
    for argv in (["report"], ["export", "xapi"], ["export", "gift"], ["import", "gift"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        assert "--force" in capsys.readouterr().out


# -- item 2: GIFT in and out -------------------------------------------------------------------
def test_import_gift_keeps_a_hostile_file_name_inside_one_yaml_comment(tmp_path, capsys):
    import yaml

    source = tmp_path / "bank\nchapter: evil\x1b[2J.gift"
    source.write_text("::q1:: Right? {T}\n", encoding="utf-8")
    assert main(["import", "gift", str(source), "--id", "bank"]) == 0
    out = capsys.readouterr().out
    assert no_raw_controls(out)
    assert "chapter" not in yaml.safe_load(out)


def test_import_gift_shows_controls_in_kept_comments_and_escapes_them_in_values(tmp_path, capsys):
    import yaml

    source = tmp_path / "bank.gift"
    source.write_text("$CATEGORY: top/" + OSC52 + "cat\n\n::q\x1b1\x9b:: Right? {T}\n", encoding="utf-8")
    assert main(["import", "gift", str(source), "--id", "bank"]) == 0
    out = capsys.readouterr().out
    assert no_raw_controls(out)
    assert "# GIFT category: top/␛]52;c;aGk=␇cat" in out
    assert yaml.safe_load(out)["title"] == OSC52 + "cat"  # the value itself is kept, escaped


def test_export_gift_never_sends_control_characters_raw(tmp_path, capsys):
    files = {"quizzes/quiz.yaml": BASE["quizzes/quiz.yaml"].replace("en: Pick one}", 'en: "Pick \\e]52;c;aGk=\\a one"}')}
    write_course(tmp_path / "c", files)
    assert main(["export", "gift", "intro-quiz", "--course", str(tmp_path / "c"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert no_raw_controls(out.replace("\r\n", "\n"))
    assert "Pick ␛]52;c;aGk\\=␇ one" in out  # (GIFT escapes the =)
