"""The exam's attempt flow (Moodle's is the reference), driven with the keyboard."""

from __future__ import annotations

import pytest

from datetime import datetime, timedelta, timezone

from coursekit import edit
from tui_kit import answer_right, attempts, make_app, start_exam, submit_all

from course_tui.tui.screens.dialogs import ConfirmScreen
from course_tui.tui.screens.examintro import ExamIntroScreen
from course_tui.tui.screens.quiz import QuizScreen, QuizSummaryScreen
from course_tui.tui.widgets.questionnav import QuestionNav


async def page_to(pilot, screen, question_id: str) -> None:
    """PgDn through the exam until *question_id* is shown."""
    for _ in range(len(screen.run.questions)):
        if screen.question.id == question_id:
            return
        await pilot.press("pagedown")
        await pilot.pause()
    assert screen.question.id == question_id


def exam_app(tmp_path, minutes=None, lang="en"):
    """The test course's quiz taken as an exam, with a time limit of *minutes* if given."""
    timed = edit("quizzes/quiz.yaml", "chapter: intro\n", f"chapter: intro\ntime_limit: {minutes}\n") if minutes else None
    return make_app(tmp_path, lang, files=timed, quiz="intro-quiz", exam=True)


def shown(app):
    return "\n".join(str(w.render()) for w in app.screen.query("Label"))


async def test_opening_an_exam_shows_the_intro_and_starts_no_attempt_until_confirmed(tmp_path):
    app = exam_app(tmp_path, minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamIntroScreen)
        text = shown(app)
        assert "Questions: 6" in text and "Time limit: 5 min" in text and "Pass mark: 60%" in text
        assert "Attempts used: 0" in text and "Grading method: highest grade" in text
        assert attempts(tmp_path) == []
        await pilot.press("enter")  # Start attempt: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and attempts(tmp_path) == []
        await pilot.press("escape")  # no
        await pilot.pause()
        assert isinstance(app.screen, ExamIntroScreen) and attempts(tmp_path) == []
        await pilot.press("enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.run.is_exam
        [attempt] = attempts(tmp_path)
        assert attempt["mode"] == "exam" and not attempt["finished"]


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_navigation_panel_jumps_and_flags_are_kept_on_resume(tmp_path):
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        nav = screen.query_one(QuestionNav)
        assert len(nav.marks) == 6 and nav.marks[0] == (False, False)
        await pilot.press("f")  # flag question 1
        await pilot.pause()
        assert nav.marks[0] == (False, True)
        await answer_right(pilot, screen.question.id)  # answered: on to question 2
        assert screen.index == 1 and screen.query_one(QuestionNav).marks[0] == (True, True)
        nav = screen.query_one(QuestionNav)
        nav.focus()
        nav.highlighted = 3
        await pilot.press("enter")  # jump to question 4
        await pilot.pause()
        assert screen.index == 3
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.index == 2
        await pilot.press("escape", "y")  # leave (asked), the attempt stays open
        await pilot.pause()
    [attempt] = attempts(tmp_path)
    assert not attempt["finished"] and attempt["flags"] == [attempt["order"][0]]
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "in progress" in shown(app)
        await pilot.press("enter")  # continue: no question asked
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.run.attempt_id == attempt["id"]
        assert app.screen.query_one(QuestionNav).marks[0] == (True, True)


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_answers_can_be_changed_until_the_attempt_is_submitted(tmp_path):
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await page_to(pilot, screen, "q-tf")
        index = screen.index
        await pilot.press("2", "enter")  # False
        await pilot.pause()
        assert screen.run.attempt["answers"]["q-tf"]["response"] is False
        await screen._go_to(index)  # back to it: the answer given is selected
        await pilot.pause()
        from course_tui.tui.widgets.questions import ChoiceList

        assert screen.query_one(ChoiceList).highlighted == 1
        await pilot.press("1", "enter")  # changed to True
        await pilot.pause()
        assert screen.run.attempt["answers"]["q-tf"]["response"] is True
        await submit_all(pilot)
        assert isinstance(app.screen, QuizSummaryScreen)
    [attempt] = attempts(tmp_path)
    assert attempt["finished"] and attempt["answers"]["q-tf"]["correct"]


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_an_answer_not_confirmed_with_enter_is_saved_when_moving_on(tmp_path):
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await page_to(pilot, screen, "q-tf")
        index = screen.index
        await pilot.press("2", "pagedown")  # select False, then move on without Enter
        await pilot.pause()
        assert screen.index == index + 1
        assert screen.run.attempt["answers"]["q-tf"]["response"] is False
        assert screen.query_one(QuestionNav).marks[index] == (True, False)
        untouched = screen.question.id
        await pilot.press("pageup")  # nothing put in there: moving away saves nothing
        await pilot.pause()
        assert screen.index == index and untouched not in screen.run.attempt["answers"]
        assert screen.query_one(QuestionNav).marks[index + 1] == (False, False)
        await pilot.press("1", "ctrl+f")  # select True, then the finish page: saved as well
        await pilot.pause()
        assert screen.on_finish_page and screen.run.attempt["answers"]["q-tf"]["response"] is True
    assert not attempts(tmp_path)[0]["finished"]  # saved, never submitted


async def test_a_digit_and_pgdn_typed_at_once_still_save_the_digits_choice(tmp_path):
    from textual import events

    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        first = screen.question.id
        app.post_message(events.Key("2", "2"))  # both keys in one read, as a fast typist's
        app.post_message(events.Key("pagedown", None))
        await pilot.pause()
        await pilot.pause()
        assert screen.index == 1
        assert first in screen.run.attempt["answers"]


async def test_two_pgdn_typed_at_once_move_two_questions(tmp_path):
    from textual import events

    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        app.post_message(events.Key("pagedown", None))
        app.post_message(events.Key("pagedown", None))
        for _ in range(6):
            await pilot.pause()
        assert screen.index == 2


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_ctrl_g_flags_from_inside_a_typed_answer_where_f_is_a_letter(tmp_path):
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await page_to(pilot, screen, "q-short")
        assert screen.question.id == "q-short"
        await pilot.press("f")
        await pilot.pause()
        assert screen.query_one("#short-answer").value == "f" and not screen.run.flagged(screen.question)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert screen.run.flagged(screen.question) and screen.query_one(QuestionNav).marks[screen.index][1]
        assert screen.query_one("#short-answer").value == "f"


async def test_ctrl_f_shows_the_finish_page_and_never_submits_by_itself(tmp_path):
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await pilot.press("f")
        await answer_right(pilot, screen.question.id)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert screen.on_finish_page and isinstance(app.screen, QuizScreen)
        text = shown(app)
        assert "Summary of attempt" in text and "1 of 6 answered · 5 not answered · 1 flagged" in text
        assert not attempts(tmp_path)[0]["finished"]
        await pilot.press("enter")  # Submit all and finish: asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await pilot.pause()
        assert app.screen is screen and not attempts(tmp_path)[0]["finished"]
        await pilot.press("ctrl+f")  # already there: nothing happens
        await pilot.pause()
        assert app.screen is screen and not attempts(tmp_path)[0]["finished"]


async def test_no_lesson_jump_and_the_exam_asks_before_leaving(tmp_path):
    from course_tui.tui.screens.lesson import LessonScreen

    app = exam_app(tmp_path, minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)
        assert not app.screen.check_action("open_section", ())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "clock keeps running" in shown(app)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running


def _age(screen, seconds):
    """Move the attempt's start *seconds* into the past (in memory: the clock reads it)."""
    attempt = screen.run.attempt
    started = datetime.fromisoformat(attempt["started"]) - timedelta(seconds=seconds)
    attempt["started"] = started.astimezone(timezone.utc).isoformat()


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_the_clock_ticks_through_every_transition_without_crashing(tmp_path):
    app = exam_app(tmp_path, minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await screen._tick()
        # next question: a tick while the new question is composed
        nxt = screen._go_to(1)
        await screen._tick()
        await nxt
        await screen._tick()
        # a jump back, and the finish page
        jump = screen._go_to(0)
        await screen._tick()
        await jump
        page = screen.action_finish_page()
        await screen._tick()
        await page
        await screen._tick()
        assert screen.on_finish_page
        # under the confirmation dialog
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await screen._tick()
        await pilot.press("y")
        await pilot.pause()
        await screen._tick()  # the summary is up: the old screen's tick does nothing
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        assert len(attempts(tmp_path)) == 1
        await pilot.press("escape")  # leaving
        await pilot.pause()
        await screen._tick()


async def test_the_clock_ticks_through_practice_feedback(tmp_path):
    """A timed quiz taken in practice mode has no clock; ticks must still be harmless."""
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await answer_right(pilot, screen.question.id)
        await screen._tick()
        await pilot.press("enter")
        await screen._tick()
        await pilot.pause()


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_at_zero_the_attempt_is_submitted_with_a_notice(tmp_path):
    app = exam_app(tmp_path, minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        await pilot.press("ctrl+f", "enter")  # the confirmation dialog is open at 0:00
        await pilot.pause()
        _age(screen, 61)
        await screen._tick()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        assert any("Time is up" in str(n.message) for n in app._notifications)
    [attempt] = attempts(tmp_path)
    assert attempt["finished"]
