"""The garbage-collection policy (course_tui/gcpolicy.py): pauses while parsing, off from the
launcher's start to the first paint, start-up's heap frozen then, frozen again while the
learner is busy and collected in full in the learner's pauses, everything frozen at the end,
and COURSE_TUI_GC_POLICY=off turning all of it off."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

import pytest
from coursekit import write_course

from course_tui import gcpolicy
from course_tui.course import loader


@pytest.fixture(autouse=True)
def clean_collector(monkeypatch):
    monkeypatch.delenv(gcpolicy.ENV, raising=False)
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def in_oldest_generation(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects(generation=2))


def in_a_generation(obj: object) -> bool:
    return any(o is obj for generation in range(3) for o in gc.get_objects(generation=generation))


def test_a_pause_turns_the_collector_off_and_puts_it_back_as_it_was():
    with gcpolicy.paused():
        assert not gc.isenabled()
        with gcpolicy.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()
    gc.disable()
    with gcpolicy.paused():
        pass
    assert not gc.isenabled()  # it was off before: it stays off


def test_what_a_pause_leaves_alive_is_in_the_oldest_generation():
    with gcpolicy.paused():
        survivor = [[] for _ in range(1000)]  # made with no collection: all in the youngest generation
    assert in_oldest_generation(survivor) and in_oldest_generation(survivor[0])


def test_a_pause_in_a_worker_thread_keeps_the_collector_off_until_it_ends():
    entered, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with gcpolicy.paused():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait(5)
    with gcpolicy.paused():
        pass
    assert not gc.isenabled()  # the main thread's pause ended; the worker's is still on
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_collector_is_off_from_the_launch_to_the_first_paint_then_on_with_the_heap_frozen():
    with gcpolicy.launching():
        assert not gc.isenabled()
        with gcpolicy.paused():  # the course parsed during start-up
            pass
        assert not gc.isenabled()
        before = object.__new__(type("Made", (), {}))  # a tracked object made while starting
        assert in_a_generation(before)
        gcpolicy.first_paint()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert not in_a_generation(before)  # frozen: in no generation the collector walks
        frozen = gc.get_freeze_count()
        gcpolicy.first_paint()  # once only
        assert gc.get_freeze_count() == frozen
    assert gc.isenabled() and gc.get_freeze_count() > 0  # the app is over: all frozen


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_busy_ticks_freeze_and_each_pause_gets_one_full_collection(monkeypatch):
    clock, collections = Clock(), []
    monkeypatch.setattr(gcpolicy, "_clock", clock)
    collect = gc.collect
    monkeypatch.setattr(gcpolicy.gc, "collect", lambda *args: collections.append(args) or collect(*args))
    with gcpolicy.launching():
        assert gcpolicy.first_paint()
        made = object.__new__(type("Made", (), {}))
        assert in_a_generation(made)
        clock.now += gcpolicy.IDLE_SECONDS / 2
        gcpolicy.tick()  # the learner is busy: frozen again, nothing walked
        assert not in_a_generation(made) and collections == []
        clock.now += gcpolicy.IDLE_SECONDS
        gcpolicy.tick()
        gcpolicy.tick()
        assert collections == [()]  # one full collection in the pause, not one per tick
        assert not in_a_generation(made) and gc.isenabled()  # and frozen again after it
        gcpolicy.input_seen()
        clock.now += gcpolicy.IDLE_SECONDS + 0.01
        gcpolicy.tick()
        assert collections == [(), ()]
    gcpolicy.tick()  # the app is over: nothing more
    assert collections == [(), ()]


def test_ticks_outside_the_launcher_do_nothing(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(gcpolicy, "_clock", clock)
    made = object.__new__(type("Made", (), {}))
    assert not gcpolicy.first_paint()
    gcpolicy.tick()
    clock.now += 10
    gcpolicy.tick()
    assert in_a_generation(made) and gc.get_freeze_count() == 0


def test_a_first_paint_outside_the_launcher_does_nothing():
    gcpolicy.first_paint()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_launch_that_fails_before_painting_ends_the_pause_and_freezes_nothing():
    with pytest.raises(RuntimeError), gcpolicy.launching():
        raise RuntimeError("course folder not found")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gcpolicy.first_paint()  # a later app, not launched: nothing left of the failed start
    assert gc.get_freeze_count() == 0


def test_off_leaves_the_collector_to_python(monkeypatch):
    monkeypatch.setenv(gcpolicy.ENV, "off")
    with gcpolicy.launching():
        assert gc.isenabled()
        with gcpolicy.paused():
            assert gc.isenabled()
        gcpolicy.first_paint()
    assert gc.get_freeze_count() == 0


def test_a_course_is_parsed_inside_a_pause(tmp_path, monkeypatch):
    folder = write_course(tmp_path / "c")
    seen = []
    parse = loader._load_course
    monkeypatch.setattr(loader, "_load_course", lambda f: seen.append(gc.isenabled()) or parse(f))
    assert loader.load_course(folder).course is not None
    monkeypatch.setenv(gcpolicy.ENV, "off")
    loader.load_course(folder)
    assert seen == [False, True] and gc.isenabled()


def test_the_policy_module_imports_no_textual():
    code = "import sys, course_tui.gcpolicy; print(sorted(m for m in sys.modules if m.startswith(('textual', 'course_tui.'))))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "['course_tui.gcpolicy']"
