"""The app served to a browser (course-tui serve): a learner's session keeps its learner, says
where it is and lets go when it ends; the trainer's view opens on the class, live."""

from __future__ import annotations

import time

import pytest
from reportkit import make_course, make_store
from tui_kit import labels, settle

from course_tui.learning import classroom
from course_tui.learning.classroom import Place, Presence, Role
from course_tui.learning.report_table import cells
from course_tui.learning.session import open_session
from course_tui.tui import classroom as tui_classroom
from course_tui.tui.app import CourseApp
from course_tui.tui.screens import cohort
from course_tui.tui.screens.cohort import CohortScreen
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.lesson import LessonScreen


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(tui_classroom, "CHECK_SECONDS", 0.05)
    monkeypatch.setattr(cohort, "REFRESH_SECONDS", 0.2)


def served_app(tmp_path, role, learner="小王", lang="en", trainer=False):
    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    return CourseApp(open_session(tmp_path / "c", store=tmp_path / "s", learner=learner, lang=lang), trainer=trainer, classroom=role)


def online_rows(app) -> list[str]:
    return [str(label.render()) for label in app.screen.query(".cohort-learner")]


async def wait_until(pilot, check, tries=60):
    for _ in range(tries):
        await pilot.pause(0.05)
        if check():
            return
    raise AssertionError("never happened")


async def test_a_learners_session_says_where_the_learner_is_and_lets_go_at_the_end(tmp_path, quick):
    app = served_app(tmp_path, Role("learner", "s1", "b1"))
    store = tmp_path / "s"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await wait_until(pilot, lambda: classroom.holder(store, "小王") is not None)
        held = classroom.holder(store, "小王")
        assert (held.browser, held.session, held.place) == ("b1", "s1", Place("map"))
        app.open_lesson("intro")
        await settle(pilot, LessonScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: classroom.holder(store, "小王").place.kind == "lesson")
        assert classroom.holder(store, "小王").place == Place("lesson", "intro", 2, 2)
    assert classroom.holder(store, "小王") is None


async def test_a_learners_session_cannot_switch_to_another_learner(tmp_path, quick):
    app = served_app(tmp_path, Role("learner", "s1", "b1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # no list of the store's learners
        await app.action_learners()
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert app.tr("cmd.learners") not in names and app.tr("cmd.trainer") not in names
        assert "u" not in app.screen.active_bindings  # nor its key in the key bar
        assert not app.check_action("learners", ())


async def test_a_plain_start_still_switches_learners(tmp_path):
    app = served_app(tmp_path, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        assert app.check_action("learners", ()) and "u" in app.screen.active_bindings
        assert app.tr("cmd.learners") in [command.title for command in app.get_system_commands(app.screen)]


async def test_the_trainers_view_opens_on_the_class_and_follows_it(tmp_path, quick):
    store = tmp_path / "s"
    app = served_app(tmp_path, Role("trainer", "t1"), learner="trainer", trainer=True)
    classroom.write_presence(store, Presence("小王", "b1", "s1", Place("lesson", "intro", 2, 2), time.time()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CohortScreen)
        text = labels(app)
        assert "Online now: 1" in text
        [row] = online_rows(app)
        assert "Intro §2/2" in row and row.split()[-2:] == ["2/2", "2/2"]  # lessons read, quizzes passed (the quiz and the exam)
        assert "Chapters across the cohort" in text and "Questions" in text  # the trainer's report below
        classroom.write_presence(store, Presence("Amy", "b2", "s2", Place("quiz", "intro-quiz", 3, 6), time.time()))
        await wait_until(pilot, lambda: "Online now: 2" in labels(app))
        assert [row[:3] for row in online_rows(app)] == ["Amy", "小王 "] and online_rows(app)[0].split()[1:3] == ["Quiz", "Q3/6"]
        gone = Place("lesson", "a-lesson-the-course-no-longer-has-with-a-very-long-id", 7, 9)
        where = app.screen.where(gone)  # an unknown item shows as its id; a long one is cut, never the step
        assert where.endswith("… §7/9") and cells(where) <= cohort.WHERE_W
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        assert app.check_action("trainer", ())


async def test_the_trainers_view_in_chinese(tmp_path, quick):
    store = tmp_path / "s"
    app = served_app(tmp_path, Role("trainer", "t1"), learner="trainer", lang="zh", trainer=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CohortScreen)
        assert "在线：0 人" in labels(app) and "目前没有学员在线。" in labels(app)
        classroom.write_presence(store, Presence("小王", "b1", "s1", Place("map"), time.time()))
        await wait_until(pilot, lambda: "在线：1 人" in labels(app))
        [row] = online_rows(app)
        assert row.startswith("小王") and "课程地图" in row


async def test_the_trainers_view_starts_a_live_quiz_for_the_class(tmp_path, quick):
    from course_tui.learning.livequiz import read_session
    from course_tui.tui.screens.cohort import QuizPicker
    from course_tui.tui.screens.livehost import LiveHostScreen

    app = served_app(tmp_path, Role("trainer", "t1"), learner="trainer", trainer=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CohortScreen)
        assert "v: run a quiz live" in labels(app)
        await pilot.press("v")
        await settle(pilot, QuizPicker)
        await pilot.press("enter")  # the first quiz
        await settle(pilot, LiveHostScreen)
        session = read_session(tmp_path / "s")
        assert session is not None and session.quiz == app.course.quizzes[0].id
