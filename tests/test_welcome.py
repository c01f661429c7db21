"""First run: with no learner named and none in the store, a welcome screen asks for the
language and the learner's own name (the provisional login-name learner is renamed to it),
then a skippable tour of the keys, reachable again with w in the help."""

from __future__ import annotations

from coursekit import write_course
from tui_kit import settle

from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp


def first_app(tmp_path, learner=None, monkeypatch=None):
    course = tmp_path / "c"
    if not course.exists():
        write_course(course)
    return CourseApp(open_session(course, store=tmp_path / "s", learner=learner, lang="en"))


async def test_a_newcomer_chooses_a_language_and_a_name_then_sees_the_tour(tmp_path, monkeypatch):
    from course_tui.tui.screens.welcome import TourScreen, WelcomeScreen

    monkeypatch.setattr("course_tui.learning.session.login_name", lambda: "root")
    app = first_app(tmp_path)
    assert app.session.first_run
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, WelcomeScreen)
        await pilot.click("#lang-zh")
        await pilot.pause()
        assert app.lang == "zh"
        app.screen.query_one("#welcome-name").focus()
        await pilot.press(*"小王", "enter")
        await settle(pilot, TourScreen)
        for _ in range(4):
            await pilot.press("enter")
            await pilot.pause()
        assert not isinstance(app.screen, (TourScreen, WelcomeScreen))
        assert app.learner.name == "小王" and app.learner.settings.get("lang") == "zh"
    assert Store(tmp_path / "s").learners() == ["小王"]  # no stray learner under the login name


async def test_an_empty_name_is_refused_and_esc_goes_on_under_the_name_shown(tmp_path, monkeypatch):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.welcome import WelcomeScreen

    monkeypatch.setattr("course_tui.learning.session.login_name", lambda: "root")
    app = first_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, WelcomeScreen)
        await pilot.press("enter")  # nothing typed
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        assert app.learner.name == "root"


async def test_a_named_learner_or_a_known_store_goes_straight_in(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen

    app = first_app(tmp_path, learner="amy")
    assert not app.session.first_run
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
    again = first_app(tmp_path)  # the store has a learner now
    assert not again.session.first_run


async def test_w_in_the_help_shows_the_tour_again(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.help import HelpScreen
    from course_tui.tui.screens.welcome import TourScreen

    app = first_app(tmp_path, learner="amy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        await pilot.press("w")
        await settle(pilot, TourScreen)
        assert "The course map" in str(app.screen.query_one("#tour-title").render())
        await pilot.press("escape")
        await settle(pilot, HelpScreen)
