"""Starting a chapter over (x on the map) and deleting a learner (Ctrl+D in the learners
dialog): both ask first, and nothing is destroyed — a copy, or the file moved aside."""

from __future__ import annotations

import json
import os

import pytest

from coursekit import write_course
from tui_kit import make_app, settle

from course_tui.course.loader import load_course
from course_tui.learning.overview import NOT_STARTED, overview
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store, StoreError


def test_deleting_a_learner_moves_the_file_aside_and_unlists_it(tmp_path):
    store = Store(tmp_path / "s")
    Learner(store, "bob", "t").set_setting("lang", "en")
    Learner(store, "amy", "t").set_setting("lang", "zh")
    before = store.path_for("bob").read_bytes()
    with pytest.raises(StoreError, match="may be studying now"):  # just saved: maybe busy elsewhere
        store.delete("bob")
    moved = store.delete("bob", idle_seconds=0)
    assert store.learners() == ["amy"] and ".deleted-" in moved.name and moved.read_bytes() == before


def test_resetting_a_chapter_clears_it_and_keeps_a_copy(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    store = Store(tmp_path / "s")
    me = Learner(store, "amy", course.id)
    chapter = course.chapters[0]
    me.visit_section(chapter.id, chapter.lesson.sections[0].id, last=False)
    quiz = chapter.quizzes[0]
    attempt = me.start_attempt(quiz.id, "practice", [q.id for q in quiz.questions])
    me.record_answer(attempt, quiz.questions[0].id, "b", 0.0, quiz.id)
    me.set_note(chapter.id, chapter.lesson.sections[0].id, "mine", ("t", "s"))
    kept = me.reset_chapter(chapter.id, [quiz.id], [s.id for s in chapter.scenarios])
    assert overview(course, me)[0].status == NOT_STARTED
    assert me.course["attempts"] == [] and me.course["review"] == {} and me.note(chapter.id, chapter.lesson.sections[0].id) == "mine"
    old = json.loads(kept.read_text(encoding="utf-8"))
    assert old["courses"][course.id]["attempts"][0]["id"] == attempt  # the copy has it all
    assert store.learners() == ["amy"]  # the copy is not a learner


async def test_x_on_the_map_starts_the_highlighted_chapter_over_after_yes(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.dialogs import ConfirmScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        chapter = app.course.chapters[0]
        app.learner.visit_section(chapter.id, chapter.lesson.sections[0].id, last=False)
        await pilot.press("x")
        await settle(pilot, ConfirmScreen)
        await pilot.press("escape")  # no: nothing changes
        await settle(pilot, CourseMapScreen)
        assert app.learner.course["lessons"].get(chapter.id)
        await pilot.press("x")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, CourseMapScreen)
        await pilot.pause()
        assert chapter.id not in app.learner.course["lessons"]
        assert list((tmp_path / "s").glob("learner-*.before-reset-*.json"))


async def test_ctrl_d_deletes_another_learner_but_not_the_one_studying(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.dialogs import ConfirmScreen
    from course_tui.tui.screens.learners import LearnersScreen

    app = make_app(tmp_path)
    Learner(app.session.store, "bob", app.course.id).set_setting("lang", "en")
    bob = app.session.store.path_for("bob")
    os.utime(bob, (bob.stat().st_atime, bob.stat().st_mtime - 3600))  # bob last studied an hour ago
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("u")
        await settle(pilot, LearnersScreen)
        listed = app.screen.query_one("#learner-list")
        names = [item.name for item in listed.children]
        assert sorted(names) == ["amy", "bob"]
        listed.index = names.index("amy")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, LearnersScreen)  # refused: amy is studying
        assert app.session.store.learners() and "bob" in app.session.store.learners()
        listed.index = names.index("bob")
        await pilot.press("ctrl+d")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, LearnersScreen)
        await pilot.pause()
        assert app.session.store.learners() == ["amy"]
        assert [item.name for item in app.screen.query_one("#learner-list").children] == ["amy"]
