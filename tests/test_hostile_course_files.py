"""Hostile course files (issue 11, items 2 and 3): a FIFO or a link to a device never hangs
or exhausts memory, control characters become visible placeholders with a warning, and file
names never reach the terminal raw.

Every path that reads a course is run with a time limit (:func:`bounded`): a regression fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from coursekit import BASE, write_course

from course_tui.cli import main
from course_tui.course import background, cache, seed, sources
from course_tui.course.findings import Finding
from course_tui.course.loader import load_course
from course_tui.course.watch import CourseWatcher, fingerprint

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
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the background parser forks on Linux only")
def test_app_start_through_the_background_parser_does_not_hang(tmp_path):
    folder = hostile_course(tmp_path / "c")
    pending = background.start(folder)
    assert pending.forked
    # the child found errors: nothing to hand over, the app loads (and shows) them itself
    assert bounded(pending.result) is None


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
def test_seed_digest_reads_only_regular_files(tmp_path):
    folder = write_course(tmp_path / "a")
    plain = seed.course_digest(folder)
    os.mkfifo(folder / "lessons" / "pipe.en.md")
    (folder / "quizzes" / "zero.yaml").symlink_to("/dev/zero")
    assert bounded(lambda: seed.course_digest(folder)) == plain


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
