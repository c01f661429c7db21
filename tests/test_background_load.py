"""Parsing a course on the other core while the interface is imported (course.background).

On Linux a course the cache cannot serve is parsed in a forked child that sends it back
and then writes the cache; anything else, or a failing child, leaves the parent to load it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from coursekit import edit, write_course

from course_tui.course import background, cache
from course_tui.course.loader import load_course
from course_tui.learning.session import open_session

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked on Linux only")
OLD = time.time_ns() - 3600 * 10**9


def settled(folder: Path) -> Path:
    for path in folder.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    return folder


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@linux
def test_a_course_not_in_the_cache_is_parsed_by_a_child_that_then_caches_it(tmp_path, cache_dir):
    folder = settled(write_course(tmp_path / "c"))
    pending = background.start(folder)
    assert pending.forked
    got = pending.result()
    assert got is not None and got.course == load_course(folder).course and got.course.root == folder.resolve()
    for _ in range(100):  # the child writes the cache after sending the course
        if list(cache_dir.rglob("*.pickle")):
            break
        time.sleep(0.05)
    assert list(cache_dir.rglob("*.pickle"))
    again = background.start(folder)
    assert not again.forked and again.result() is not None  # from the cache, at once


@linux
def test_a_course_with_errors_is_left_to_the_parent(tmp_path):
    folder = write_course(tmp_path / "bad", edit("course.yaml", "pass_mark: 60", "pass_mark: 600"))
    pending = background.start(folder)
    assert pending.forked and pending.result() is None
    session = open_session(folder, store=tmp_path / "s", learner="amy", loaded=pending.result())
    assert session.loaded.course is None and session.loaded.errors


@linux
def test_a_child_that_fails_leaves_the_parent_to_load(tmp_path, monkeypatch):
    folder = write_course(tmp_path / "c")

    def crash(*args):
        raise RuntimeError("no")

    monkeypatch.setattr(background, "_child", crash)
    pending = background.start(folder)
    assert pending.forked and pending.result() is None
    session = open_session(folder, store=tmp_path / "s", learner="amy", loaded=pending.result())
    assert session.loaded.course is not None


def test_without_a_cache_or_a_folder_nothing_is_started(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")  # no fork there
    folder = write_course(tmp_path / "c")
    assert background.start(folder).result() is None
    assert background.start(tmp_path / "missing").result() is None


@linux
def test_the_child_is_collected_at_once(tmp_path):
    folder = write_course(tmp_path / "c")
    pending = background.start(folder)
    pid = pending._pid
    assert pending.result() is not None
    with pytest.raises(ChildProcessError):  # collected: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
