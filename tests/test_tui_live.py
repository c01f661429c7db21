"""Live reload while a trainer edits the course: changes appear at the same place, errors
appear as findings over the last good version, and fixing them brings the course back."""

from __future__ import annotations

import os
import time

from coursekit import write_course
from tui_kit import make_app, markdown, screen_text, settle

from course_tui.course.watch import CourseWatcher, compare, fingerprint
from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.findings import FindingsScreen, LiveFindingsScreen
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen
from course_tui.tui.screens.scenario import ScenarioScreen


def rewrite(path, old: str, new: str) -> None:
    """Edit a course file as an editor would, making sure its mtime moves on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # coarse file system clocks
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


# -- the watcher (pure) ---------------------------------------------------------------
def test_fingerprint_sees_added_removed_and_changed_files(tmp_path):
    course = write_course(tmp_path / "c")
    watcher = CourseWatcher(course)
    assert set(watcher.last) == {
        "course.yaml",
        "lessons/intro.zh.md",
        "lessons/intro.en.md",
        "lessons/next.zh.md",
        "lessons/next.en.md",
        "quizzes/quiz.yaml",
        "quizzes/scenario.yaml",
    }
    assert not watcher.poll()
    rewrite(course / "lessons/intro.en.md", "Text.", "Text, longer now.")
    (course / "quizzes/extra.yml").write_text("x: 1\n", encoding="utf-8")
    (course / "quizzes/scenario.yaml").unlink()
    (course / "quizzes/notes.txt").write_text("not course content", encoding="utf-8")
    changes = watcher.poll()
    assert changes.modified == ("lessons/intro.en.md",)
    assert changes.added == ("quizzes/extra.yml",)
    assert changes.removed == ("quizzes/scenario.yaml",)
    assert changes.paths == ("lessons/intro.en.md", "quizzes/extra.yml", "quizzes/scenario.yaml")
    assert not watcher.poll()


def test_fingerprint_of_a_missing_folder_is_empty(tmp_path):
    assert fingerprint(tmp_path / "nothing") == {}
    assert not compare({}, {})


# -- in the app -------------------------------------------------------------------------
async def test_an_edited_section_appears_at_the_same_place(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("intro", "two")
        await settle(pilot, LessonScreen)
        rewrite(course / "lessons/intro.en.md", "More text.", "More text, edited live.")
        await app.live.poll()
        await settle(pilot, LessonScreen)
        assert app.screen.section.id == "two"
        assert "edited live" in markdown(app)
        await pilot.press("escape")  # the map is still underneath
        await settle(pilot, CourseMapScreen)


async def test_a_broken_file_shows_findings_over_the_last_good_version_until_fixed(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("intro", "two")
        await settle(pilot, LessonScreen)
        rewrite(course / "quizzes/quiz.yaml", "    answer: a\n", "    answer: z\n")
        await app.live.poll()
        await settle(pilot, LiveFindingsScreen)
        text = screen_text(app)
        assert "quizzes/quiz.yaml:" in text and "error" in text
        assert app.course.quiz("intro-quiz").questions[0].answer == "a"  # the last good version is kept
        await pilot.press("escape")
        await settle(pilot, LessonScreen)
        assert app.screen.section.id == "two"
        rewrite(course / "quizzes/quiz.yaml", "    answer: z\n", "    answer: b\n")
        await app.live.poll()
        await settle(pilot, LessonScreen)
        assert app.course.quiz("intro-quiz").questions[0].answer == "b"
        assert app.screen.section.id == "two"


async def test_a_fix_closes_the_findings_shown_for_an_earlier_failed_reload(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        rewrite(course / "course.yaml", "pass_mark: 60", "pass_mark: sixty")
        await app.live.poll()
        await settle(pilot, LiveFindingsScreen)
        assert "course.yaml:4:12: error: pass_mark must be a whole number" in screen_text(app)
        rewrite(course / "course.yaml", "pass_mark: sixty", "pass_mark: 70")
        await app.live.poll()
        await settle(pilot, CourseMapScreen)
        assert app.course.pass_mark == 70
        assert not any(isinstance(s, FindingsScreen) for s in app.screen_stack)


async def test_quiz_feedback_follows_an_edited_explanation_in_the_same_attempt(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        attempt = app.screen.run.attempt_id
        order = app.screen.run.option_order(app.screen.question)
        await pilot.press(str(order.index("a") + 1), "enter")
        await pilot.pause()
        assert "Because" in markdown(app)
        rewrite(
            course / "quizzes/quiz.yaml",
            "explanation: {zh: 因为, en: Because}\n    options:\n      - {id: a",
            "explanation: {zh: 因为, en: Because of the edit}\n    options:\n      - {id: a",
        )
        await app.live.poll()
        await settle(pilot, QuizScreen)
        assert app.screen.run.attempt_id == attempt
        assert app.screen.question.id == "q-single"
        assert "Because of the edit" in markdown(app)
    attempts = Store(tmp_path / "s").read("amy")["courses"]["t"]["attempts"]
    assert [a["id"] for a in attempts] == [attempt]  # no new attempt was started


async def test_a_scenario_run_keeps_its_place(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press(str(app.screen.run.choice_order().index(0) + 1), "enter")  # the written first choice, wherever this run shows it
        await pilot.pause()
        assert app.screen.run.node.id == "m"
        rewrite(course / "quizzes/scenario.yaml", "text: {zh: 中间, en: Middle}", "text: {zh: 中间, en: Middle rewritten}")
        await app.live.poll()
        await settle(pilot, ScenarioScreen)
        assert app.screen.run.node.id == "m"
        assert "Middle rewritten" in markdown(app)


async def test_a_removed_quiz_returns_to_the_map_and_says_so(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        (course / "quizzes/quiz.yaml").unlink()
        await app.live.poll()
        await settle(pilot, CourseMapScreen)
        assert len(app.screen_stack) == 1  # only the map (the app's bottom screen) is left
        assert any("intro-quiz" in str(n.message) and "no longer" in str(n.message) for n in app._notifications)


async def test_an_invalid_course_at_start_opens_once_fixed(tmp_path):
    course = write_course(tmp_path / "c")
    rewrite(course / "course.yaml", "pass_mark: 60", "pass_mark: sixty")
    app = CourseApp(open_session(course, store=tmp_path / "s", learner="李雷", lang="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, FindingsScreen)
        assert "course.yaml:4:12" in screen_text(app)
        (course / "lessons/next.en.md").write_text("no front matter\n", encoding="utf-8")
        await app.live.poll()  # still broken, now two files: the list follows
        await pilot.pause()
        assert "lessons/next.en.md" in screen_text(app)
        rewrite(course / "course.yaml", "pass_mark: sixty", "pass_mark: 60")
        (course / "lessons/next.en.md").write_text("---\nid: next\ntitle: Next\n---\n\n## Only {#only}\n\nText.\n", encoding="utf-8")
        await app.live.poll()
        await settle(pilot, CourseMapScreen)
        assert app.learner.name == "李雷"
        assert "测试" in app.title
    assert Store(tmp_path / "s").learners() == ["李雷"]


async def test_f5_reloads_now(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        text = (course / "course.yaml").read_text(encoding="utf-8").replace("en: Test}", "en: Test renamed}")
        stamp = (course / "course.yaml").stat().st_mtime_ns
        (course / "course.yaml").write_text(text, encoding="utf-8")
        os.utime(course / "course.yaml", ns=(stamp, stamp))  # an edit the poll could miss
        app.live.watcher.last = fingerprint(course)
        await pilot.press("f5")
        for _ in range(20):
            await pilot.pause()
            if "renamed" in app.title:
                break
        assert app.title == "Test renamed"


async def test_the_timer_picks_up_a_change_without_a_key(tmp_path):
    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        rewrite(course / "course.yaml", "en: Test}", "en: Test by timer}")
        deadline = time.monotonic() + 5
        while "timer" not in app.title and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert app.title == "Test by timer"


async def test_the_map_under_a_lesson_shows_the_new_title_when_it_comes_back(tmp_path):
    from course_tui.tui.widgets.titlebar import TitleBar

    app = make_app(tmp_path)
    course = tmp_path / "c"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("intro", "one")
        await settle(pilot, LessonScreen)
        rewrite(course / "course.yaml", "en: Test}", "en: Test retitled}")
        await app.live.poll()
        await settle(pilot, LessonScreen)
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        await pilot.pause()
        assert str(app.screen.query_one(TitleBar).render()).startswith("Test retitled — ")
