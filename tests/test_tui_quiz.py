"""Quiz flows driven with the keyboard, checked against the store."""

from __future__ import annotations

import pytest

from coursekit import write_course
from tui_kit import answer_right, attempts, make_app, start_exam, submit_all

from course_tui.learning.store import Store
from course_tui.tui.screens.quiz import QuizScreen, QuizSummaryScreen
from course_tui.tui.widgets.questions import OrderList


@pytest.mark.slow  # about 4 s: a whole flow (CI runs it in the slow step)
async def test_pass_a_practice_quiz_with_feedback(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(6):
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            qid = screen.question.id
            await answer_right(pilot, qid)
            assert screen.feedback is not None and screen.feedback[1].correct, qid
            await pilot.press("enter")  # next question
            await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        assert app.screen.summary.percent == 100.0
    [attempt] = attempts(tmp_path)
    assert attempt["finished"] and attempt["passed"] is True and len(attempt["answers"]) == 6


async def test_fail_then_retry_the_missed_ones(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await submit_all(pilot)  # finish at once: everything unanswered
        summary_screen = app.screen
        assert isinstance(summary_screen, QuizSummaryScreen) and not summary_screen.summary.passed
        await pilot.press("r")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry is not screen
        assert len(retry.run.questions) == 6 and retry.run.attempt["retry_of"]
    first, second = attempts(tmp_path)
    assert first["finished"] and first["percent"] == 0 and not first["passed"]
    assert second["retry_of"] == first["id"] and not second["finished"]


async def test_resume_a_half_done_quiz_after_restart(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await answer_right(pilot, app.screen.question.id)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")  # leave: nothing typed, so no question asked
        await pilot.pause()
    [attempt] = attempts(tmp_path)
    assert len(attempt["answers"]) == 2 and not attempt["finished"]
    # restart: the map's "continue" goes back into the same attempt at question 3
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.run.attempt_id == attempt["id"] and screen.index == 2
        assert "Question 3 of 6" in str(screen.query_one("#quiz-status").render())


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_exam_mode_gives_no_feedback_until_the_end(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz", exam=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_exam(pilot)
        screen = app.screen
        assert screen.run.is_exam
        first = screen.question.id
        await answer_right(pilot, first)
        assert screen.feedback is None and screen.question.id != first  # straight on
        await submit_all(pilot)
        assert isinstance(app.screen, QuizSummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
    [attempt] = attempts(tmp_path)
    assert attempt["mode"] == "exam" and attempt["finished"] and len(attempt["answers"]) == 1


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_leaving_with_typed_text_asks_first(tmp_path):
    from course_tui.tui.screens.dialogs import ConfirmScreen

    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while app.screen.question.id != "q-short":
            await answer_right(pilot, app.screen.question.id)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press(*"pm")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: stay
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)


async def test_wrong_answer_shows_marks_and_switches_language(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        order = app.screen.run.option_order(app.screen.question)
        await pilot.press(str(order.index("b") + 1), "enter")
        await pilot.pause()
        feedback = app.screen.query_one("#feedback")
        text = feedback.text
        assert "Not right" in text and "chosen, wrong" in text and "Wrong" in text and "Because" in text
        await pilot.press("f2")
        await pilot.pause()
        assert "回答错误" in app.screen.query_one("#feedback").text
    review = Store(tmp_path / "s").read("amy")["courses"]["t"]["review"]
    assert "q-single" in review


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_ordering_with_the_mouse(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while app.screen.question.id != "q-order":
            await answer_right(pilot, app.screen.question.id)
            await pilot.press("enter")
            await pilot.pause()
        widget = app.screen.query_one(OrderList)
        for target in range(len(widget.order)):
            start = widget.order.index(target)
            if start != target:
                await pilot.click(OrderList, offset=(6, 1 + start))  # pick up (row 0 is the border)
                await pilot.pause()
                await pilot.click(OrderList, offset=(6, 1 + target))  # put down
                await pilot.pause()
        assert widget.order == [0, 1, 2]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.feedback[1].correct


@pytest.mark.slow  # about 4 s: a whole flow (CI runs it in the slow step)
async def test_a_digit_selects_space_ticks_and_only_enter_submits(tmp_path):
    """Single, multiple and true/false: a digit moves the selection, never answers."""
    from course_tui.tui.widgets.questions import ChoiceList

    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = set()
        while isinstance(app.screen, QuizScreen) and app.screen.question is not None and len(seen) < 6:
            screen = app.screen
            qid = screen.question.id
            seen.add(qid)
            if qid in ("q-single", "q-multi", "q-tf"):
                await pilot.press("2", "1", "2")
                await pilot.pause()
                assert screen.feedback is None and qid not in screen.run.attempt["answers"], qid
                choices = screen.query_one(ChoiceList)
                assert choices.highlighted == 1 and not choices.ticked
                if qid == "q-multi":
                    await pilot.press("space")
                    assert choices.ticked == {1}
                    await pilot.pause()
                    assert qid not in screen.run.attempt["answers"]
                await pilot.press("enter")
                await pilot.pause()
                assert qid in screen.run.attempt["answers"]
            else:
                await answer_right(pilot, qid)
            await pilot.press("enter")
            await pilot.pause()
        assert {"q-single", "q-multi", "q-tf"} <= seen


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_result_page_opens_at_the_top_lists_answers_and_labels_a_review_round(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit_all(pilot)
        page = app.screen
        assert isinstance(page, QuizSummaryScreen)
        await pilot.pause()
        assert page.query_one("#summary").scroll_y == 0  # the score first
        text = page.query_one("#per-question").source
        assert "Your answer: not answered" in text and "Right answer:" in text
        assert "Lesson: Intro › First" in text and "✗ " in text  # the section, matching pairs
        assert "NOT PASSED" in str(page.query_one("#score").render())
        await pilot.press("r")  # retry the missed ones: a review round
        await pilot.pause()
        await submit_all(pilot)
        page = app.screen
        score = str(page.query_one("#score").render())
        assert "0 of 6 right this round" in score and "PASSED" not in score
        assert any("Review round" in str(label.render()) for label in page.query("Label"))


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_the_result_page_opens_a_questions_lesson_section_and_esc_comes_back(tmp_path):
    from course_tui.tui.screens.lesson import LessonScreen
    from course_tui.tui.screens.quiz import SectionList

    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit_all(pilot)
        page = app.screen
        assert isinstance(page, QuizSummaryScreen)
        sections = page.query_one(SectionList)
        assert sections.option_count and sections.targets[0] == ("intro", "one")
        first = sections.get_option_at_index(0).prompt.columns
        assert [str(c._cells[0]) for c in first] == ["1. ✗", "Intro › First"]
        sections.focus()
        sections.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "intro"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is page


async def test_h_shows_the_hint_in_practice_records_it_and_the_result_says_so(tmp_path):
    from coursekit import edit

    write_course(
        tmp_path / "c",
        edit(
            "quizzes/quiz.yaml", "    prompt: {zh: 选一个, en: Pick one}\n", "    prompt: {zh: 选一个, en: Pick one}\n    hint: {zh: 想一想, en: Think of A}\n"
        ),
    )
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while app.screen.question.id != "q-single":
            assert not app.screen.check_action("hint", ())  # no hint written: not offered
            await answer_right(pilot, app.screen.question.id)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert any("Think of A" in str(n.message) for n in app._notifications)
        assert app.screen.run.hint_used(app.screen.question)
        await submit_all(pilot)
        assert "(Hint used)" in app.screen.query_one("#per-question").source


async def test_a_question_taller_than_the_screen_keeps_its_prompt_start_and_every_option_in_view(tmp_path):
    from course_tui.tui.widgets.questions import ChoiceList

    long_prompt = " ".join(f"Sentence {n} of a long case the learner must read first." for n in range(12))
    long_option = "An option long enough to wrap over two lines of the screen at eighty columns wide"
    from coursekit import BASE

    text = BASE["quizzes/quiz.yaml"]
    for old, new in (
        ("prompt: {zh: 选一个, en: Pick one}", f"prompt: {{zh: 选一个, en: '{long_prompt}'}}"),
        ("text: {zh: 甲, en: A}}", f"text: {{zh: 甲, en: '{long_option} A'}}}}"),
        ("text: {zh: 乙, en: B}", f"text: {{zh: 乙, en: '{long_option} B'}}"),
        (
            "feedback: {zh: 错, en: Wrong}}\n",
            "feedback: {zh: 错, en: Wrong}}\n" + "".join(f"      - {{id: {x}, text: {{zh: {x}, en: '{long_option} {x}'}}}}\n" for x in "cde"),
        ),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    write_course(tmp_path / "c", {"quizzes/quiz.yaml": text})
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.question.id == "q-single"
        body = screen.query_one("#quiz-body")
        choices = screen.query_one(ChoiceList)
        assert body.scroll_y == 0  # the prompt's first line is on screen
        assert choices.region.bottom <= body.region.bottom  # and the whole list under it
        await pilot.press("down")
        await pilot.pause()
        assert choices.highlighted == 1 and body.scroll_y == 0


async def test_a_burst_of_digits_and_spaces_ticks_what_each_digit_selected(tmp_path):
    """ "1 Space 2 Space" arriving in one read ticks options 1 and 2, in that order."""
    from textual import events

    from course_tui.tui.widgets.questions import ChoiceList

    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(8):
            if screen.question.id == "q-multi":
                break
            await answer_right(pilot, screen.question.id)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.question.id == "q-multi"
        for key, char in (("1", "1"), ("space", " "), ("2", "2"), ("space", " ")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(ChoiceList).ticked == {0, 1}
