"""Hostile course files: a FIFO or a link to a device never hangs
or exhausts memory, control characters become visible placeholders with a warning, and file
names never reach the terminal raw.

Every path that reads a course is run with a time limit (:func:`bounded`): a regression fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from coursekit import BASE, write_course

from course_tui.cli import main
from course_tui.course import cache, sources
from course_tui.course.findings import Finding
from course_tui.course.loader import load_course
from course_tui.course.watch import CourseWatcher

posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero")

LIMIT = 30.0  # seconds; each of these takes well under one


def bounded(fn: Callable[[], Any], seconds: float = LIMIT) -> Any:
    """``fn()`` run in a daemon thread; the test fails if it has not returned in time (a hung
    thread blocked on a FIFO is left behind, and does not keep the process alive)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s (a FIFO or a device was read?)"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def hostile_course(root: Path) -> Path:
    """The small valid course plus a FIFO in lessons/ and quizzes/ and a lesson that is a
    symbolic link to /dev/zero."""
    folder = write_course(root)
    os.mkfifo(folder / "lessons" / "pipe.en.md")
    os.mkfifo(folder / "quizzes" / "pipe.yaml")
    (folder / "lessons" / "zero.en.md").symlink_to("/dev/zero")
    return folder


def not_regular(findings: list[Finding]) -> dict[str, str]:
    return {f.path: f.message for f in findings if f.code == "file-not-regular"}


EXPECTED = {
    "lessons/pipe.en.md": "the file is a FIFO (named pipe), not a regular file; course files must be regular files",
    "quizzes/pipe.yaml": "the file is a FIFO (named pipe), not a regular file; course files must be regular files",
    "lessons/zero.en.md": "the file is a device, not a regular file; course files must be regular files",
}


@posix
def test_validate_reports_a_fifo_and_a_device_link_as_findings_without_hanging(tmp_path):
    result = bounded(lambda: load_course(hostile_course(tmp_path)))
    assert result.course is None
    assert not_regular(result.findings) == EXPECTED


@posix
def test_validate_command_prints_the_findings_and_exits_1(tmp_path, capsys):
    folder = hostile_course(tmp_path)
    assert bounded(lambda: main(["validate", str(folder)])) == 1
    out = capsys.readouterr().out
    assert "lessons/pipe.en.md:1:1: error: the file is a FIFO (named pipe), not a regular file" in out
    assert "lessons/zero.en.md:1:1: error: the file is a device, not a regular file" in out


@posix
def test_a_manifest_that_is_a_fifo_is_reported_as_such_not_as_missing(tmp_path):
    folder = write_course(tmp_path)
    (folder / "course.yaml").unlink()
    os.mkfifo(folder / "course.yaml")
    result = bounded(lambda: load_course(folder))
    assert not_regular(result.findings) == {"course.yaml": EXPECTED["quizzes/pipe.yaml"]}
    assert not any(f.code == "missing-manifest" for f in result.findings)


@posix
def test_app_start_through_the_cache_does_not_hang(tmp_path):
    folder = hostile_course(tmp_path / "c")
    result = bounded(lambda: cache.load_for_study(folder))
    assert result.course is None and not_regular(result.findings) == EXPECTED
    # the parsed-course cache's change detection only stats: a second start is bounded too
    assert bounded(lambda: cache.source_key(folder))


@posix
def test_live_reload_notices_a_new_fifo_without_opening_it(tmp_path):
    folder = write_course(tmp_path)
    watcher = CourseWatcher(folder)
    os.mkfifo(folder / "quizzes" / "pipe.yaml")
    (folder / "lessons" / "zero.en.md").symlink_to("/dev/zero")
    changes = bounded(watcher.poll)
    # listed, so that the reload it causes reports them (file-not-regular) instead of hiding them
    assert changes.added == ("lessons/zero.en.md", "quizzes/pipe.yaml")
    assert bounded(lambda: load_course(folder)).course is None


@posix
def test_new_quiz_refuses_a_lesson_that_is_a_fifo(tmp_path, capsys):
    folder = tmp_path / "c"
    assert main(["new", "course", str(folder), "--languages", "en"]) == 0
    lesson = folder / "lessons" / "getting-started.md"
    lesson.unlink()
    os.mkfifo(lesson)
    assert bounded(lambda: main(["new", "quiz", "q2", "--course", str(folder)])) == 1
    assert "a FIFO (named pipe), not a regular file" in capsys.readouterr().err
    (folder / "course.yaml").unlink()
    (folder / "course.yaml").symlink_to("/dev/zero")
    assert bounded(lambda: main(["new", "lesson", "two", "--course", str(folder)])) == 1
    assert "a device, not a regular file" in capsys.readouterr().err


@posix
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_gift_refuses_a_fifo_or_a_device_link(tmp_path, capsys, kind):
    bank = tmp_path / "bank.gift"
    if kind == "fifo":
        os.mkfifo(bank)
    else:
        bank.symlink_to("/dev/zero")
    assert bounded(lambda: main(["import", "gift", str(bank)])) == 1
    err = capsys.readouterr().err.strip()
    what = "a FIFO (named pipe)" if kind == "fifo" else "a device"
    assert err == f"course-tui: error: {bank} is {what}, not a regular file; give a GIFT file"


def test_import_gift_refuses_a_file_over_its_limit(tmp_path, capsys, monkeypatch):
    from course_tui.commands import gift

    monkeypatch.setattr(gift, "MAX_GIFT_BYTES", 1024 * 1024)
    bank = tmp_path / "bank.gift"
    bank.write_bytes(b"Q {T}\n\n" * 200_000)
    assert main(["import", "gift", str(bank)]) == 1
    err = capsys.readouterr().err
    assert "bank.gift is 1.3 MiB; a GIFT file may be at most 1 MiB" in err


# -- control characters (item 2) --------------------------------------------------------


def test_control_characters_are_reported_and_loaded_as_placeholders(tmp_path):
    lesson = BASE["lessons/intro.en.md"].replace("## First {#one}", "## First\x1b]2;owned\x07 {#one}")
    lesson = lesson.replace("Intro\n", "Intro\x9b2J\n", 1)
    quiz = BASE["quizzes/quiz.yaml"]
    quiz = quiz.replace("en: Pick one}", 'en: "Pick one\x1b[2J\x7f"}', 1)
    prompt = next(line for line in quiz.split("\n") if "\x1b" in line)
    result = load_course(write_course(tmp_path, {"lessons/intro.en.md": lesson, "quizzes/quiz.yaml": quiz}))
    found = [(f.path, f.line, f.col, f.severity) for f in result.findings if f.code == "control-character"]
    assert ("lessons/intro.en.md", 3, 13, "warning") in found  # title: Intro\x9b2J (col of \x9b)
    heading_line = lesson.split("\n").index("## First\x1b]2;owned\x07 {#one}") + 1
    assert ("lessons/intro.en.md", heading_line, 9, "warning") in found  # one finding per line
    assert sum(1 for p, line, *_ in found if p == "lessons/intro.en.md" and line == heading_line) == 1
    prompt_line = quiz.split("\n").index(prompt) + 1
    assert ("quizzes/quiz.yaml", prompt_line, prompt.index("\x1b") + 1, "warning") in found
    message = next(f.message for f in result.findings if f.code == "control-character" and f.line == heading_line)
    assert message == "control character U+001B in the text (shown as \u241b); remove it"
    course = result.course
    assert course is not None  # warnings only
    section = course.chapters[0].lesson.sections[0]
    assert section.title.get("en") == "First\u241b]2;owned\u2407"
    assert course.chapters[0].lesson.title.get("en") == "Intro\ufffd2J"
    prompts = [q.prompt.get("en") for q in course.chapters[0].quizzes[0].questions]
    assert "Pick one\u241b[2J\u2421" in prompts
    assert not any(ch in repr(course) for ch in "\x1b\x07\x9b\x7f")


def test_control_character_findings_are_capped_per_file_with_a_count(tmp_path):
    lesson = BASE["lessons/intro.en.md"] + "".join(f"\nline {i} \x1b[31mred\x1b[0m\n" for i in range(20))
    result = load_course(write_course(tmp_path, {"lessons/intro.en.md": lesson}))
    found = [f for f in result.findings if f.code == "control-character"]
    assert len(found) == sources.MAX_CONTROL_FINDINGS + 1
    assert found[0].message == "40 control characters in this file in all (only the first lines are listed); all are shown as placeholders; remove them"


def test_a_course_without_control_characters_has_no_such_warning(tmp_path):
    result = load_course(write_course(tmp_path))
    assert result.course is not None
    assert not any(f.code == "control-character" for f in result.findings)


def test_finding_format_shows_a_hostile_file_name_and_message_on_one_inert_line():
    finding = Finding("lessons/x\x1b[2J\n.zh.md", 1, 1, "error", "frontmatter-missing", "bad \x9b1m thing\x1b]52;c;AAAA\x07")
    line = finding.format()
    assert "\n" not in line and not any(ch in line for ch in "\x1b\x9b\x07")
    assert line == "lessons/x\u241b[2J\u240a.zh.md:1:1: error: bad \ufffd1m thing\u241b]52;c;AAAA\u2407 [frontmatter-missing]"


def _course_with_hostile_file_name(tmp_path: Path) -> tuple[Path, str]:
    folder = write_course(tmp_path / "c\x1b[2J")
    name = "x\x1b[2J\x9b1m.en.md"
    (folder / "lessons" / name).write_text("no front matter\n", encoding="utf-8")
    return folder, name


def test_validate_text_output_never_prints_control_characters(tmp_path, capsys):
    folder, _ = _course_with_hostile_file_name(tmp_path)
    assert main(["validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "lessons/x\u241b[2J\ufffd1m.en.md:1:1: error:" in captured.out
    assert "c\u241b[2J: 1 error(s)" in captured.err  # the summary names the folder inertly
    for text in (captured.out, captured.err):
        assert not any(ch in text for ch in "\x1b\x9b")


def test_validate_json_output_escapes_c1_and_del_too(tmp_path, capsys):
    folder, name = _course_with_hostile_file_name(tmp_path)
    assert main(["validate", str(folder), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x9b\x7f")
    assert "\\u009b" in out and "\\u001b" in out
    assert f"lessons/{name}" in [f["path"] for f in json.loads(out)]  # the same data, read back


# -- big and deep inputs (item 11) ------------------------------------------------------


def test_a_section_over_the_limit_is_an_error_and_one_at_it_loads(tmp_path):
    from course_tui.course import limits

    lesson = BASE["lessons/intro.en.md"]
    at_limit = "x" * (limits.MAX_SECTION_BYTES - 6) + "\n\nabcd"  # exactly the limit, in bytes
    assert len(at_limit.encode()) == limits.MAX_SECTION_BYTES
    ok = load_course(write_course(tmp_path / "a", {"lessons/intro.en.md": lesson.replace("More text.", at_limit)}))
    assert ok.course is not None and not any(f.code == "section-too-long" for f in ok.findings)
    # Chinese: 3 bytes a character, so a third as many characters reach the limit
    over = "项" * (limits.MAX_SECTION_BYTES // 3 + 1)
    result = load_course(write_course(tmp_path / "b", {"lessons/intro.en.md": lesson.replace("More text.", over)}))
    assert result.course is None
    [finding] = [f for f in result.findings if f.code == "section-too-long"]
    assert (finding.path, finding.line, finding.severity) == ("lessons/intro.en.md", lesson.split("\n").index("## Second {#two}") + 1, "error")
    size, limit = len(over.encode()) / 1024, limits.MAX_SECTION_BYTES // 1024
    assert (
        finding.message
        == f"section 'two' is {size:.1f} KB; a section may be at most {limit} KB (the app shows a section at once): split it into several sections"
    )


@pytest.mark.parametrize(
    "where, old, new",
    [
        ("quizzes/quiz.yaml", "en: Pick one}", "en: {big}}}"),  # a prompt
        ("quizzes/quiz.yaml", "explanation: {zh: 因为, en: Because}", "explanation: {{zh: 因为, en: {big}}}"),
        ("course.yaml", "title: {zh: 测试, en: Test}", "title: {{zh: 测试, en: {big}}}"),
    ],
)
def test_a_quiz_or_course_text_over_the_limit_is_an_error(tmp_path, where, old, new):
    from course_tui.course import limits

    big = "y" * (limits.MAX_TEXT_BYTES + 1)
    text = BASE[where]
    assert old in text
    result = load_course(write_course(tmp_path, {where: text.replace(old, new.format(big=big), 1)}))
    assert result.course is None
    [finding] = [f for f in result.findings if f.code == "text-too-long"]
    limit = limits.MAX_TEXT_BYTES // 1024
    assert finding.path == where and finding.message.endswith(
        f"is {limit}.0 KB; a text may be at most {limit} KB (the app shows it at once): shorten it, or move the detail into a lesson section"
    )


def test_a_scenario_node_text_over_the_limit_is_an_error(tmp_path):
    from course_tui.course import limits

    scenario = BASE["quizzes/scenario.yaml"]
    line = next(x for x in scenario.split("\n") if x.strip().startswith("text:"))
    big = line[: line.index("text:")] + 'text: "' + "z" * (limits.MAX_TEXT_BYTES + 1) + '"'
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": scenario.replace(line, big, 1)}))
    assert [f.path for f in result.findings if f.code == "text-too-long"] == ["quizzes/scenario.yaml"]


@pytest.mark.parametrize("where", ["course.yaml", "quizzes/deep.yaml"])
@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_yaml_is_a_finding_not_a_recursion_error(tmp_path, where, depth):
    extra = "description: " + "[" * depth + "]" * depth + "\n"
    files = {where: (BASE[where] if where in BASE else "type: quiz\nid: deep\n") + extra}
    result = bounded(lambda: load_course(write_course(tmp_path, files)))
    errors = [f for f in result.findings if f.path == where and f.code in ("yaml-nesting", "yaml-syntax")]
    assert errors and "nest" in errors[0].message, result.findings


@pytest.mark.parametrize("where", ["course.yaml", "quizzes/laughs.yaml"])
def test_a_billion_laughs_alias_bomb_is_refused_at_the_first_anchor(tmp_path, where):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
    )
    result = bounded(lambda: load_course(write_course(tmp_path, {where: bomb})))
    assert [(f.path, f.line, f.code) for f in result.findings if f.path == where] == [(where, 1, "yaml-alias")]


def test_a_question_whose_texts_together_are_over_the_limit_is_an_error(tmp_path):
    from course_tui.course import limits

    each = limits.MAX_TEXT_BYTES - 100  # every text within its own limit
    count = limits.MAX_SHOWN_BYTES // each + 1  # but together over
    options = "".join(f"      - {{id: o{i}, text: {{zh: 项, en: {'w' * each}}}}}\n" for i in range(count))
    quiz = BASE["quizzes/quiz.yaml"].replace(
        "      - {id: a, text: {zh: 甲, en: A}}\n      - {id: b, text: {zh: 乙, en: B}, feedback: {zh: 错, en: Wrong}}\n",
        "      - {id: a, text: {zh: 甲, en: A}}\n" + options,
    )
    result = load_course(write_course(tmp_path / "a", {"quizzes/quiz.yaml": quiz}))
    assert not any(f.code == "text-too-long" for f in result.findings)
    [finding] = [f for f in result.findings if f.code == "question-too-long"]
    assert (finding.path, finding.line) == ("quizzes/quiz.yaml", quiz.split("\n").index("  - id: q-single") + 1)
    assert finding.message.startswith("question 'q-single' has ") and f"at most {limits.MAX_SHOWN_BYTES // 1024} KB" in finding.message
    assert result.course is None


def test_a_scenario_node_whose_texts_together_are_over_the_limit_is_an_error(tmp_path):
    from course_tui.course import limits

    each = limits.MAX_TEXT_BYTES - 100
    count = limits.MAX_SHOWN_BYTES // each + 1
    choices = "".join(f"      - {{text: {{zh: 好, en: {'v' * each}}}, next: m}}\n" for _ in range(count))
    scenario = BASE["quizzes/scenario.yaml"].replace(
        "      - {text: {zh: 坏, en: Bad}, next: bad, score: 0}\n", "      - {text: {zh: 坏, en: Bad}, next: bad, score: 0}\n" + choices
    )
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": scenario}))
    assert [(f.code, f.line) for f in result.findings if f.severity == "error"] == [("node-too-long", scenario.split("\n").index("  - id: s") + 1)]


def test_a_bilingual_question_is_measured_per_language_not_summed(tmp_path):
    from course_tui.course import limits

    text = "项" * (limits.MAX_TEXT_BYTES // 3 - 10)  # Chinese characters: 3 bytes each
    count = 3  # three such texts per language: within the limit in each language, over it summed
    options = "".join(f"      - {{id: o{i}, text: {{zh: {text}, en: {text}}}}}\n" for i in range(count))
    quiz = BASE["quizzes/quiz.yaml"].replace(
        "      - {id: a, text: {zh: 甲, en: A}}\n      - {id: b, text: {zh: 乙, en: B}, feedback: {zh: 错, en: Wrong}}\n",
        "      - {id: a, text: {zh: 甲, en: A}}\n" + options,
    )
    per_language = count * len(text.encode())
    assert per_language <= limits.MAX_SHOWN_BYTES < 2 * per_language
    result = load_course(write_course(tmp_path, {"quizzes/quiz.yaml": quiz}))
    assert not any(f.code == "question-too-long" for f in result.findings), result.findings


def test_section_headings_are_read_as_before_and_a_long_heading_line_is_quick(tmp_path):
    import random
    import re

    from course_tui.course.lessonfile import heading

    # the regular expression headings were read with (it backtracked quadratically)
    old = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<id>[^}]*)\})?\s*$")
    rng = random.Random(11)
    pieces = ["#", "{", "}", "{#", " ", "a", "\t", "x}", "中", "\u3000"]
    for _ in range(20_000):
        line = "##" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        m = old.match(line)
        assert heading(line) == ((m.group("title"), m.group("id")) if m else None), line
    # a 40 KB heading line of spaces took the old expression minutes; now a finding at once
    line = "## t " + " " * 40_000 + "{#x} x"
    lesson = BASE["lessons/intro.en.md"].replace("## Second {#two}", line)
    result = bounded(lambda: load_course(write_course(tmp_path, {"lessons/intro.en.md": lesson})), 10)
    assert any(f.code == "text-too-long" and f.path == "lessons/intro.en.md" for f in result.findings)


def test_yaml_escapes_that_write_control_characters_are_reported_and_made_inert(tmp_path):
    quiz = BASE["quizzes/quiz.yaml"].replace("en: Pick one}", 'en: "Pick \\e]52;c;QUJD\\a one\\x9b2J"}', 1)
    lesson = BASE["lessons/intro.en.md"].replace("title: Intro", 'title: "Intro\\u001b[2J"', 1)
    result = load_course(write_course(tmp_path, {"quizzes/quiz.yaml": quiz, "lessons/intro.en.md": lesson}))
    found = {(f.path, f.line) for f in result.findings if f.code == "control-character"}
    assert found == {
        ("quizzes/quiz.yaml", quiz.split("\n").index(next(x for x in quiz.split("\n") if "QUJD" in x)) + 1),
        ("lessons/intro.en.md", 3),
    }
    course = result.course
    assert course is not None
    assert course.chapters[0].lesson.title.get("en") == "Intro\u241b[2J"
    assert course.chapters[0].quizzes[0].questions[0].prompt.get("en") == "Pick \u241b]52;c;QUJD\u2407 one\ufffd2J"


def test_a_file_full_of_control_characters_is_reported_briefly_and_quickly(tmp_path):
    from course_tui.course import sources

    # a million lines with an ESC each, and a line of a million: a few findings and a count,
    # found in linear time (once, every control character of a line recounted the lines)
    body = "\x1b\n" * 1_000_000 + "\x1b" * 1_000_000
    lesson = BASE["lessons/intro.en.md"].replace("More text.", body)
    folder = write_course(tmp_path, {"lessons/intro.en.md": lesson})
    result = bounded(lambda: load_course(folder), 60)
    found = [f for f in result.findings if f.code == "control-character" and f.path == "lessons/intro.en.md"]
    assert len(found) == sources.MAX_CONTROL_FINDINGS + 1
    assert found[0].message.startswith("2000000 control characters in this file in all")
    first = BASE["lessons/intro.en.md"].split("\n").index("More text.") + 1
    assert [(f.line, f.col) for f in found[1:]] == [(first + i, 1) for i in range(sources.MAX_CONTROL_FINDINGS)]


def test_a_symlink_out_of_the_course_folder_is_not_read(tmp_path):
    """A course cannot make the app show a file of the learner's: a lesson linked to a file
    elsewhere is a finding, and its text is nowhere in the result."""
    course = write_course(tmp_path / "c")
    secret = tmp_path / "secret.md"
    secret.write_text("top secret words\n", encoding="utf-8")
    (course / "lessons" / "extra.en.md").symlink_to(secret)
    result = load_course(course)
    found = [f for f in result.findings if f.code == "file-outside-course"]
    assert [f.path for f in found] == ["lessons/extra.en.md"]
    assert "top secret" not in repr(result)


def test_a_symlink_inside_the_course_folder_is_read(tmp_path):
    course = write_course(tmp_path / "c")
    lesson = next((course / "lessons").glob("*.md"))
    (course / "spare").mkdir()
    moved = course / "spare" / lesson.name
    lesson.rename(moved)
    lesson.symlink_to(moved)
    result = load_course(course)
    assert not [f for f in result.findings if f.code == "file-outside-course"]
    assert result.course is not None, [f.format() for f in result.findings]
