"""An unhandled exception in the app restores the terminal, prints one
line naming the file that holds the full report (the traceback), and exits non-zero."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from coursekit import write_course
from pty_kit import run_in_pty
from tui_kit import make_app

from course_tui import cli
from course_tui.tui.screens.course_map import CourseMapScreen

# The real launcher (course_tui.cli.main), with the course map's "c" key made to raise.
LAUNCH_AND_CRASH = """
import sys
from course_tui.tui.screens.course_map import CourseMapScreen

async def broken_continue(self):
    raise ZeroDivisionError("a bug on purpose")

CourseMapScreen.action_continue = broken_continue
from course_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def test_a_crash_in_the_app_exits_non_zero_with_one_line_naming_the_report(tmp_path):
    course = write_course(tmp_path / "c")
    crash_dir = tmp_path / "crash"
    run = run_in_pty(
        [sys.executable, "-c", LAUNCH_AND_CRASH, "--course", str(course), "--store", str(tmp_path / "s"), "--learner", "amy"],
        [(b"Continue", b"c")],
        env={"COURSE_TUI_CRASH_DIR": str(crash_dir)},
        timeout=60,
    )
    assert run.status not in (None, 0), run.output[-2000:]
    text = run.output.decode("utf-8", "replace")
    assert "\x1b[?1049l" in text  # the terminal was given back (the alternate screen left)
    after = ESCAPES.sub("", text.rsplit("\x1b[?1049l", 1)[1])
    lines = [line for line in after.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in text
    found = re.fullmatch(r"course-tui: internal error \(ZeroDivisionError: a bug on purpose\); the full report is in (\S+)", lines[0].strip())
    assert found, lines[0]
    report = Path(found.group(1))
    assert report.parent == crash_dir and report.name.startswith("crash-")
    body = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in body and "broken_continue" in body and "ZeroDivisionError: a bug on purpose" in body


async def test_the_launcher_returns_the_apps_status_and_prints_the_crash_line(tmp_path, monkeypatch, capsys):
    """In process: cli's exit status comes from the app (it was 0 whatever happened)."""
    monkeypatch.setenv("COURSE_TUI_CRASH_DIR", str(tmp_path / "crash"))
    app = make_app(tmp_path)

    async def broken_continue(self):
        raise KeyError("on purpose")

    monkeypatch.setattr(CourseMapScreen, "action_continue", broken_continue)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
    except KeyError:
        pass
    assert app.return_code == 1
    assert cli._finished(app) == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith("course-tui: internal error (KeyError: 'on purpose'); the full report is in ")
    assert Path(line.rsplit(" ", 1)[1]).is_file()


async def test_an_app_that_ends_on_an_error_gives_the_launcher_a_non_zero_status(tmp_path):
    """`course-tui quiz` ends with "course-tui: error: …" when its quiz cannot be opened or
    is gone after a reload: the status says so too (it was 0)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.exit_with_error("the quiz [/etc] is gone\x1b[2J")
        await pilot.pause()
    assert app.return_code == 1 and cli._finished(app) == 1
