"""How the app starts: the course map is the bottom screen; the garbage collector, paused by
the command line, is on again once the first screen is painted, with what start-up made
frozen (course_tui/gcpolicy.py); a start neither imports the loader for a cached course nor
rewrites an unchanged store."""

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

from course_tui import gcpolicy
from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.findings import FindingsScreen
from course_tui.tui.screens.quiz import QuizScreen


@pytest.fixture(autouse=True)
def gc_back_on():
    yield
    gc.unfreeze()  # what a test's first paint froze is this test process's heap: collectable again
    gc.enable()


async def test_the_map_is_the_only_screen_and_the_collector_comes_back_frozen(tmp_path):
    app = CourseApp(open_session(write_course(tmp_path / "c"), store=tmp_path / "s", learner="amy"))
    with gcpolicy.launching():  # as `course-tui` runs the app
        assert not gc.isenabled()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, CourseMapScreen)
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() > 10_000  # on, and start-up's heap frozen
            assert len(app.screen_stack) == 1 and isinstance(app.screen_stack[0], CourseMapScreen)
            assert app.screen.query("#chapters")
            made = object.__new__(type("Made", (), {}))
            await pilot.pause(gcpolicy.TICK_SECONDS * 2)  # the app's timer freezes what was made meanwhile
            assert not any(o is made for generation in range(3) for o in gc.get_objects(generation=generation))


async def test_an_invalid_course_also_hands_the_collector_back(tmp_path):
    course = write_course(tmp_path / "c", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    app = CourseApp(open_session(course, store=tmp_path / "s", learner="amy"))
    with gcpolicy.launching():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, FindingsScreen)
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() > 0
            assert not isinstance(app.screen_stack[0], CourseMapScreen)
    assert gc.isenabled()


async def test_a_quiz_of_its_own_opens_over_the_plain_default_screen(tmp_path):
    app = CourseApp(open_session(write_course(tmp_path / "c"), store=tmp_path / "s", learner="amy"), quiz="intro-quiz")
    with gcpolicy.launching():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, QuizScreen)
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() > 0
            assert not any(isinstance(s, CourseMapScreen) for s in app.screen_stack)
    assert gc.isenabled()


async def test_an_app_started_without_the_launcher_freezes_nothing(tmp_path):
    app = CourseApp(open_session(write_course(tmp_path / "c"), store=tmp_path / "s", learner="amy"))
    frozen = gc.get_freeze_count()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == frozen


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
    assert "course_tui.course.loader" in first.stdout  # the first start parses the course...
    assert list((tmp_path / "cache").rglob("*.pickle")), "...and caches it"
    second = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == "[]"


def test_the_heap_is_frozen_once_the_app_is_over(tmp_path):
    """The interpreter's last collection would walk everything the finished app left."""
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
