"""How the app starts (issue #6): the course map is the bottom screen, the cyclic garbage
collector paused by the command line is on again once a screen is shown, and a start
neither imports the loader for a cached course nor rewrites an unchanged store."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time

import pytest
from coursekit import edit, write_course
from tui_kit import settle

from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.findings import FindingsScreen
from course_tui.tui.screens.quiz import QuizScreen


@pytest.fixture(autouse=True)
def gc_back_on():
    yield
    gc.enable()


async def test_the_map_is_the_only_screen_and_the_collector_comes_back(tmp_path):
    app = CourseApp(open_session(write_course(tmp_path / "c"), store=tmp_path / "s", learner="amy"))
    gc.disable()  # as `course-tui` does before it starts the app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.pause()
        assert app.idle_gc.running  # the collector is back in charge (run in the learner's pauses)
        assert len(app.screen_stack) == 1 and isinstance(app.screen_stack[0], CourseMapScreen)
        assert app.screen.query("#chapters")


async def test_an_invalid_course_also_hands_the_collector_back(tmp_path):
    course = write_course(tmp_path / "c", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    app = CourseApp(open_session(course, store=tmp_path / "s", learner="amy"))
    gc.disable()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, FindingsScreen)
        await pilot.pause()
        assert app.idle_gc.running
        assert not isinstance(app.screen_stack[0], CourseMapScreen)
    assert gc.isenabled()  # the app is over: Python's own collector again


async def test_a_quiz_of_its_own_opens_over_the_plain_default_screen(tmp_path):
    app = CourseApp(open_session(write_course(tmp_path / "c"), store=tmp_path / "s", learner="amy"), quiz="intro-quiz")
    gc.disable()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, QuizScreen)
        await pilot.pause()
        assert app.idle_gc.running
        assert not any(isinstance(s, CourseMapScreen) for s in app.screen_stack)
    assert gc.isenabled()


def test_an_unchanged_last_learner_is_not_written_again(tmp_path):
    course = write_course(tmp_path / "c")
    open_session(course, store=tmp_path / "s", learner="amy")
    state = tmp_path / "s" / "store.json"
    past = time.time_ns() - 10**10
    os.utime(state, ns=(past, past))
    open_session(course, store=tmp_path / "s", learner="amy")
    assert state.stat().st_mtime_ns == past  # nothing to change: not rewritten
    open_session(course, store=tmp_path / "s", learner="bob")
    assert json.loads(state.read_text(encoding="utf-8"))["last_learner"] == "bob"
    assert Store(tmp_path / "s").last_learner() == "bob"


def test_a_cached_start_imports_neither_the_loader_nor_yaml(tmp_path):
    """The whole launch path, up to the app's start, in a fresh interpreter; a learner's file
    that is only read takes no lock either, so filelock is not imported."""
    course = write_course(tmp_path / "c")
    old = time.time_ns() - 3600 * 10**9
    for path in course.rglob("*"):
        os.utime(path, ns=(old, old))
    code = (
        "import sys\n"
        "import course_tui.tui.app as app_module\n"
        "from course_tui import cli\n"
        "class Stop(app_module.CourseApp):\n"
        "    def run(self, *args, **kwargs):\n"
        "        return None\n"
        "app_module.CourseApp = Stop\n"
        f"assert cli.main(['--course', {str(course)!r}, '--store', {str(tmp_path / 's')!r}, '--learner', 'amy']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('course_tui.course.loader', 'course_tui.course.schema', 'yaml', 'filelock'))))\n"
    )
    env = {**os.environ, "COURSE_TUI_CACHE": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    for _ in range(100):  # written by a process of its own on Linux (course/background.py)
        if list((tmp_path / "cache").rglob("*.pickle")):
            break
        time.sleep(0.05)
    assert list((tmp_path / "cache").rglob("*.pickle")), "the first start parsed the course and cached it"
    # on Linux a forked child parses it (course/background.py); elsewhere the app itself
    assert ("course_tui.course.loader" in first.stdout) is not sys.platform.startswith("linux")
    second = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == "[]"


def test_the_heap_is_frozen_once_the_app_is_over(tmp_path):
    """The interpreter's last collection would walk everything the finished app left (#6)."""
    course = write_course(tmp_path / "c")
    code = (
        "import gc\n"
        "import course_tui.tui.app as app_module\n"
        "from course_tui import cli\n"
        "class Stop(app_module.CourseApp):\n"
        "    def run(self, *args, **kwargs):\n"
        "        print(gc.get_freeze_count())\n"
        "        return None\n"
        "app_module.CourseApp = Stop\n"
        f"assert cli.main(['--course', {str(course)!r}, '--store', {str(tmp_path / 's')!r}, '--learner', 'amy']) == 0\n"
        "print(gc.get_freeze_count())\n"
    )
    env = {**os.environ, "COURSE_TUI_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    during, after = (int(n) for n in done.stdout.split())
    assert during == 0 and after > 10_000
