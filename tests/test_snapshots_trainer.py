"""The trainer screen at 80×24 in Chinese and English (pytest-textual-snapshot).

Update only these pictures with ``pytest tests/test_snapshots_trainer.py --snapshot-update``.
Times are pinned (report time, learners' last activity, time zone) so the pictures are stable.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from reportkit import make_course, make_store

from course_tui.learning import reports
from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp

FIXED = datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)


class FixedClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return FIXED if tz else FIXED.replace(tzinfo=None)


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(reports, "datetime", FixedClock)
    yield
    monkeypatch.undo()
    time.tzset()


def trainer_app(tmp_path, lang):
    course = make_course(tmp_path / "c")
    store = make_store(course, tmp_path / "s")
    session = open_session(tmp_path / "c", store=tmp_path / "s", learner="小王", lang=lang, theme="textual-dark")
    for path in store.folder.glob("learner-*.json"):  # every learner last active at the same, fixed time
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["updated"] = "2025-03-14T09:00:00+00:00"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return CourseApp(session, trainer=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trainer_screen(snap_compare, tmp_path, lang, pinned):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(trainer_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cohort_screen(snap_compare, tmp_path, lang, pinned, monkeypatch):
    """The trainer's view of a served class: two learners online, where they are, then the report."""
    from course_tui.learning import classroom
    from course_tui.tui.screens import cohort

    monkeypatch.setattr(cohort, "datetime", FixedClock)
    app = trainer_app(tmp_path, lang)
    app.classroom = classroom.Role("trainer", "t1")
    store = tmp_path / "s"
    classroom.write_presence(store, classroom.Presence("小王", "b1", "s1", classroom.Place("lesson", "intro", 2, 2), time.time() + 3600))
    classroom.write_presence(store, classroom.Presence("Amy", "b2", "s2", classroom.Place("quiz", "intro-quiz", 3, 6), time.time() + 3600))

    async def run_before(pilot):
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scenario_graph_screen(snap_compare, tmp_path, lang, pinned):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(trainer_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)
