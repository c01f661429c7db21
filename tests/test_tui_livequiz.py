"""Pilot tests of the live quiz: a host app and two learner apps in one process on one store,
as `course-tui live` and two `course-tui` (or two browser tabs) would be."""

from __future__ import annotations

import pytest
from coursekit import write_course
from tui_kit import labels, settle

from course_tui.course.cache import load_for_study
from course_tui.learning import livequiz
from course_tui.learning.livequiz import Host
from course_tui.learning.session import DEFAULT_THEME, Session, open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.livehost import LiveHostScreen
from course_tui.tui.screens.livejoin import JoinLiveScreen, LiveQuizScreen
from course_tui.tui.widgets.questions import QuestionView

LIVE_QUIZ = """\
type: quiz
id: live-quiz
chapter: next
title: {zh: 现场, en: Live}
questions:
  - id: l1
    type: single
    prompt: {zh: 第一题, en: First question}
    explanation: {zh: 因为, en: Because}
    options:
      - {id: a, text: {zh: 甲, en: Alpha}}
      - {id: b, text: {zh: 乙, en: Beta}}
    answer: a
  - id: l2
    type: true_false
    prompt: {zh: 第二题, en: Second question}
    explanation: {zh: 因为, en: Because}
    answer: false
"""

WORDS = {
    "en": {"joined": "Joined (2)", "right": "Right!", "podium": "Podium", "over": "The live quiz is over."},
    "zh": {"joined": "已加入（2人）", "right": "答对了", "podium": "颁奖台", "over": "现场测验结束了。"},
}


def course_folder(tmp_path):
    return write_course(tmp_path / "c", {"quizzes/live.yaml": LIVE_QUIZ})


def host_app(tmp_path, lang: str) -> tuple[CourseApp, Host]:
    """What `course-tui live live-quiz --store tmp/s` starts: no learner, the host screen."""
    folder = course_folder(tmp_path)
    loaded = load_for_study(folder)
    store = Store(tmp_path / "s")
    host = Host.open(store.folder, loaded.course, loaded.course.quiz("live-quiz"), seed=3)
    return CourseApp(Session(folder, loaded, store, None, lang, DEFAULT_THEME), live_host=host), host


def learner_app(tmp_path, name: str, lang: str) -> CourseApp:
    return CourseApp(open_session(course_folder(tmp_path), store=tmp_path / "s", learner=name, lang=lang))


async def now(pilot, callback) -> None:
    """Run *callback* in *pilot*'s app now (as its timer would, a moment later): several apps
    run in this test, and a callback runs as part of the app that calls it."""
    pilot.app.call_later(callback)
    await pilot.pause()
    await pilot.pause()


async def poll(pilot) -> None:
    """The live screen of *pilot*'s app looks at the files now."""
    await now(pilot, pilot.app.screen.poll)


async def join(pilot) -> LiveQuizScreen:
    """The app notices the session (its watch, called now rather than after a second) and joins."""
    await now(pilot, pilot.app.live_watch.check)
    await settle(pilot, JoinLiveScreen)
    await pilot.press("enter")  # "Join" has the focus
    await settle(pilot, LiveQuizScreen)
    return pilot.app.screen


async def answer(pilot, option: str | bool, host: Host) -> None:
    """Choose *option* by its number as shown (the host's order, the same for everyone)."""
    await poll(pilot)
    assert pilot.app.screen.query(QuestionView), labels(pilot.app)
    question = host.question
    order = host.session.shuffles.get(question.id) or [True, False]
    await pilot.press(str(order.index(option) + 1), "enter")
    await pilot.pause()


@pytest.mark.slow  # three apps, two questions to the podium: about 3.5 s each
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_host_and_two_learners_play_two_questions_to_the_podium(tmp_path, lang):
    words = WORDS[lang]
    hosting, host = host_app(tmp_path, lang)
    a_app, b_app = learner_app(tmp_path, "A", lang), learner_app(tmp_path, "小王", lang)
    async with hosting.run_test(size=(80, 24)) as hp, a_app.run_test(size=(80, 24)) as ap, b_app.run_test(size=(80, 24)) as bp:
        await settle(hp, LiveHostScreen)
        await join(ap)
        await join(bp)
        await poll(hp)
        shown = labels(hp.app)
        assert words["joined"] in shown and "A · 小王" in shown

        await hp.press("enter")  # the first question
        await answer(ap, "a", host)  # right
        await answer(bp, "b", host)  # wrong
        await poll(hp)  # everyone answered: closed and revealed
        assert host.session.state == "reveal"
        shown = labels(hp.app)
        assert "✓" in shown and "1. A" in shown and "2. 小王" in shown
        await poll(ap)
        await poll(bp)
        assert words["right"] in labels(ap.app) and words["right"] not in labels(bp.app)

        await hp.press("enter")  # the second (last) question
        await answer(ap, True, host)  # wrong
        await answer(bp, False, host)  # right
        await poll(hp)
        assert host.session.state == "reveal"
        await hp.press("enter")  # the podium
        assert host.session.state == "podium"
        shown = labels(hp.app)
        assert words["podium"] in shown and "🥇 1." in shown and "🥈 2." in shown
        for pilot in (ap, bp):
            await poll(pilot)
            assert words["over"] in labels(pilot.app) and "🥇" in labels(pilot.app)
        await hp.press("enter")  # the host ends the session and the app
        await hp.pause()
    assert livequiz.read_session(tmp_path / "s").state == "ended"
    found, _ = Store(tmp_path / "s").read_all()
    live = {f.name: [a for a in f.doc["courses"]["t"]["attempts"] if a.get("mode") == "live"] for f in found}
    assert set(live) == {"A", "小王"}
    for name, (attempt,) in live.items():
        assert attempt["finished"] and attempt["passed"] is None and len(attempt["answers"]) == 2
        assert attempt["live"]["learners"] == 2 and attempt["live"]["rank"] in (1, 2)
    assert live["A"][0]["answers"]["l1"]["correct"] and not live["A"][0]["answers"]["l2"]["correct"]


async def test_a_learner_who_says_not_now_is_not_asked_again_for_that_session(tmp_path):
    hosting, host = host_app(tmp_path, "en")
    app = learner_app(tmp_path, "A", "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await now(pilot, app.live_watch.check)
        await settle(pilot, JoinLiveScreen)
        await pilot.press("escape")
        await pilot.pause()
        await now(pilot, app.live_watch.check)
        assert not isinstance(app.screen, JoinLiveScreen)
        # the command palette still offers it
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert any("Join the live quiz: Live" in c for c in commands)


async def test_a_learner_who_reopens_the_app_rejoins_the_question_on_show(tmp_path):
    hosting, host = host_app(tmp_path, "en")
    first = learner_app(tmp_path, "A", "en")
    async with first.run_test(size=(80, 24)) as pilot:
        await join(pilot)
    host.next()  # the first question opens while A's app is closed
    again = learner_app(tmp_path, "A", "en")
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await join(pilot)
        assert screen.query(QuestionView) and "First question" in screen.query_one("#live-prompt").source
        await answer(pilot, "a", host)
        assert "Your answer is in: Alpha" in labels(pilot.app)
    attempts = [a for a in again.learner.course["attempts"] if a.get("mode") == "live"]
    assert len(attempts) == 1 and "l1" in attempts[0]["answers"]


async def test_the_host_screen_sets_time_and_speed_in_the_lobby(tmp_path):
    hosting, host = host_app(tmp_path, "zh")
    async with hosting.run_test(size=(80, 24)) as pilot:
        await settle(pilot, LiveHostScreen)
        await pilot.press("plus", "plus", "s")
        assert host.session.seconds == 40 and host.session.speed is False
        assert "每题时间：40秒" in labels(pilot.app) and "速度加分：关" in labels(pilot.app)
        assert livequiz.read_session(tmp_path / "s").seconds == 40  # learners read it from the file
        await pilot.press("escape")  # ends after a confirmation
        await pilot.press("y")
        await pilot.pause()
    assert livequiz.read_session(tmp_path / "s").state == "ended"


async def test_names_and_titles_on_the_host_screen_are_text_not_markup(tmp_path):
    hosting, host = host_app(tmp_path, "en")
    store = Store(tmp_path / "s")
    from course_tui.learning.livequiz import Player
    from course_tui.learning.session import enter_learner

    course = host.course
    Player.join(store.folder, course, enter_learner(store, "[b]Bold[/b] [@click=app.quit]", course.id), host.session, "en")
    async with hosting.run_test(size=(80, 24)) as pilot:
        await settle(pilot, LiveHostScreen)
        await poll(pilot)
        assert "[b]Bold[/b] [@click=app.quit]" in labels(pilot.app)


async def test_a_learner_who_left_is_done_when_the_session_ends(tmp_path):
    hosting, host = host_app(tmp_path, "en")
    app = learner_app(tmp_path, "A", "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await join(pilot)
        host.next()
        await answer(pilot, "a", host)
        await pilot.press("escape", "y")  # leave the live quiz (asked first)
        await pilot.pause()
        assert not isinstance(app.screen, LiveQuizScreen)
        await now(pilot, app.live_watch.check)  # the session is still open: not finished yet
        (attempt,) = [a for a in app.learner.course["attempts"] if a.get("mode") == "live"]
        assert not attempt["finished"]
        host.end()
        await now(pilot, app.live_watch.check)
        (attempt,) = [a for a in app.learner.course["attempts"] if a.get("mode") == "live"]
        assert attempt["finished"] and attempt["live"]["rank"] == 1 and attempt["percent"] == 100.0


async def test_no_prompt_to_join_over_the_first_run_welcome(tmp_path):
    from course_tui.tui.screens.welcome import WelcomeScreen

    hosting, host = host_app(tmp_path, "en")
    app = CourseApp(open_session(course_folder(tmp_path), store=tmp_path / "s", lang="en"))
    assert app.session.first_run
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, WelcomeScreen)
        await now(pilot, app.live_watch.check)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.live_watch.joinable() is not None  # open, and offered once the welcome is done
