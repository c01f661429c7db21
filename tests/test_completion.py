"""Completion: every chapter done and every exam passed → a completion screen (also with c
on the map) and a certificate, from the app or `course-tui certificate`, as an SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from coursekit import write_course
from tui_kit import make_app, settle

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.learning.certificate import certificate_svg
from course_tui.learning.completion import completion
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store


def finish_everything(course, learner: Learner, but: str | None = None) -> None:
    """Read every section, pass every quiz, play every scenario (all but the one named)."""
    for chapter in course.chapters:
        lesson = chapter.lesson
        for i, section in enumerate(lesson.sections):
            learner.visit_section(lesson.id, section.id, last=i == len(lesson.sections) - 1)
        for quiz in chapter.quizzes:
            if quiz.id == but:
                continue
            attempt = learner.start_attempt(quiz.id, "practice", [q.id for q in quiz.questions])
            learner.finish_attempt(attempt, 90.0, True)
        for scenario in chapter.scenarios:
            run = learner.start_run(scenario.id, scenario.start)
            ending = next(n.id for n in scenario.nodes.values() if n.is_ending)
            learner.finish_run(run, 3, ending)


@pytest.fixture
def course(tmp_path):
    return load_course(write_course(tmp_path / "c")).course


def test_complete_only_when_every_chapter_is_done(course, tmp_path):
    me = Learner(Store(tmp_path / "s"), "amy", course.id)
    finish_everything(course, me, but=course.quizzes[0].id)
    result = completion(course, me.course)
    assert not result.complete and result.completed is None and "chapter(s) not done" in result.missing
    attempt = me.start_attempt(course.quizzes[0].id, "practice", [])
    me.finish_attempt(attempt, 95.0, True)
    result = completion(course, me.course)
    assert result.complete and result.chapters_done == result.chapters == 2 and result.completed is not None


def test_the_certificate_is_valid_svg_with_the_facts_and_escaped_text(course, tmp_path):
    me = Learner(Store(tmp_path / "s"), "A <b>&amp; 小王", course.id)
    finish_everything(course, me)
    svg = certificate_svg(course, me.name + " \x1b[2J", completion(course, me.course), "zh")  # a name from elsewhere
    root = ET.fromstring(svg.encode("utf-8"))  # well-formed XML
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "结业证书" in texts and any("A <b>&amp;" in t and "小王" in t for t in texts)
    assert "\x1b" not in svg and any(course.title("zh") in t for t in texts)
    assert any(t.startswith("完成日期：") for t in texts)


def test_certificate_command_writes_the_svg_and_refuses_an_unfinished_learner(course, tmp_path, capsys):
    store = tmp_path / "s"
    done, busy = Learner(Store(store), "amy", course.id), Learner(Store(store), "bob", course.id)
    finish_everything(course, done)
    busy.visit_section(course.chapters[0].id, course.chapters[0].lesson.sections[0].id, last=False)
    out = tmp_path / "amy.svg"
    base = ["certificate", "--course", str(tmp_path / "c"), "--store", str(store)]
    assert main([*base, "--learner", "amy", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml") and "amy" in out.read_text(encoding="utf-8")
    assert main([*base, "--learner", "amy", "-o", str(out)]) == 1  # never over an existing file
    assert main([*base, "--learner", "bob", "-o", str(tmp_path / "bob.svg")]) == 1
    assert "bob has not completed" in capsys.readouterr().err and not (tmp_path / "bob.svg").exists()


async def test_finishing_the_last_step_shows_the_completion_screen_and_saves_the_certificate(tmp_path, monkeypatch):
    from course_tui.tui.screens import completion as completion_screen
    from course_tui.tui.screens.completion import CompletionScreen
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.help import HelpScreen

    docs = tmp_path / "docs"
    docs.mkdir()
    monkeypatch.setattr(completion_screen, "certificate_folder", lambda: docs)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        course = app.course
        finish_everything(course, app.learner, but=course.quizzes[0].id)
        await pilot.press("question_mark")  # away and back: not complete yet
        await settle(pilot, HelpScreen)
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        attempt = app.learner.start_attempt(course.quizzes[0].id, "practice", [])
        app.learner.finish_attempt(attempt, 100.0, True)
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        await pilot.press("escape")  # back on the map: the course is now complete
        await settle(pilot, CompletionScreen)
        await pilot.press("enter")  # the save button has the focus
        await pilot.pause()
        [saved] = list(docs.glob("certificate-*.svg"))
        assert "amy" in saved.read_text(encoding="utf-8")
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        assert "Course complete" in str(app.screen.query_one("#continue-line").render())
        await pilot.press("c")
        await settle(pilot, CompletionScreen)


def test_the_completion_date_is_when_the_last_requirement_was_first_met_in_local_time(course, tmp_path, monkeypatch):
    import time as time_mod

    from course_tui.learning.certificate import certificate_svg

    me = Learner(Store(tmp_path / "s"), "amy", course.id)
    finish_everything(course, me)
    entry = me.course
    for lesson in entry["lessons"].values():
        lesson["completed"] = "2026-12-01T10:00:00+00:00"
    for run in entry["scenario_runs"]:
        run["finished"] = "2026-12-01T11:00:00+00:00"
    quiz = course.quizzes[0]
    first, *_ = [a for a in entry["attempts"] if a["quiz"] == quiz.id]
    first["finished"] = "2026-12-02T20:30:00+00:00"  # the last first-pass: the completion
    entry["attempts"].append({**first, "id": "later", "finished": "2026-12-05T09:00:00+00:00"})  # a later pass moves nothing
    for other in entry["attempts"]:
        if other["quiz"] != quiz.id:
            other["finished"] = "2026-12-01T12:00:00+00:00"
    result = completion(course, entry)
    assert result.completed.isoformat() == "2026-12-02T20:30:00+00:00"
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time_mod.tzset()
    try:
        svg = certificate_svg(course, "amy", result, "en")
    finally:
        monkeypatch.undo()
        time_mod.tzset()
    assert "Completed on 2026-12-03" in svg  # 04:30 the next morning in Shanghai
    assert "final exam" not in svg and "Final exam score" not in svg  # this course has no exam
