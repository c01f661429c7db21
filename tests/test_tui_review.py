"""The review screen (错题本): answer due questions in place; the store's review entry changes."""

from __future__ import annotations

import pytest

from datetime import datetime, timezone

from textual.widgets import Input
from tui_kit import labels, make_app, markdown, screen_text

from course_tui.learning.quizrun import QuizRun
from course_tui.learning.store import Store
from course_tui.tui.screens.review import ReviewScreen
from course_tui.tui.widgets.questions import QuestionView


def miss(app, answers: dict[str, object]) -> None:
    """Answer some questions of the test quiz (wrongly, to put them on the review list)."""
    course, learner = app.course, app.session.learner
    run = QuizRun.start(course, course.quiz("intro-quiz"), learner, "en", seed=1)
    for qid, response in answers.items():
        run.submit(run.quiz.question(qid), response)
    run.finish()


def review_of(tmp_path) -> dict:
    return Store(tmp_path / "s").read("amy")["courses"]["t"]["review"]


async def open_review(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("r")  # on the course map
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def test_right_answer_in_review_reschedules(tmp_path):
    app = make_app(tmp_path)
    miss(app, {"q-single": "b"})
    before = review_of(tmp_path)["q-single"]
    assert before["wrong"] == 1 and before["card"] is None
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        assert "Review (missed questions) · Question 1 of 1" in labels(app)
        assert "From “Quiz” · missed 1×" in labels(app)
        assert "Pick one" in markdown(app)
        digit = app.screen.orders["q-single"].index("a") + 1
        await pilot.press(str(digit), "enter")
        await pilot.pause()
        assert "✓ Correct" in markdown(app)
        assert "This question comes back:" in labels(app)
        await pilot.press("enter")  # the focused "Finish the review" button
        await pilot.pause()
        text = labels(app)
        assert "Review done for now." in text and "1 of 1 right this time." in text
        assert "1 question on the list" in text and "Next review:" in text
    after = review_of(tmp_path)["q-single"]
    assert after["right"] == 1 and after["streak"] == 1 and after["wrong"] == 1
    assert isinstance(after["card"], dict) and not after["mastered"]
    assert datetime.fromisoformat(after["due"]) > datetime.now(timezone.utc)


async def test_wrong_answers_stay_due_soon_and_lesson_opens(tmp_path):
    app = make_app(tmp_path)
    miss(app, {"q-short": "nope", "q-tf": False})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        first = app.screen.queue[0]
        assert set(app.screen.queue) == {"q-short", "q-tf"}
        for qid in app.screen.queue:
            if qid == "q-short":
                await pilot.press("w", "r", "o", "n", "g", "enter")
            else:
                await pilot.press("2", "enter")  # "False" again: wrong
            await pilot.pause()
            assert "✗ Not right" in markdown(app)
            assert "Right answer:" in markdown(app)
            if qid == first:
                await pilot.press("l")  # the lesson section the question tests
                await pilot.pause()
                assert app.screen.__class__.__name__ == "LessonScreen" and app.screen.section.id == "one"
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, ReviewScreen) and "✗ Not right" in markdown(app)
            await pilot.press("enter")
            await pilot.pause()
        assert "0 of 2 right this time." in labels(app)
    entries = review_of(tmp_path)
    for qid in ("q-short", "q-tf"):
        assert entries[qid]["wrong"] == 2 and entries[qid]["streak"] == 0 and isinstance(entries[qid]["card"], dict)
    assert "intro" not in Store(tmp_path / "s").read("amy")["courses"]["t"]["lessons"]  # looked up, not visited


async def test_short_answer_typed_in_review(tmp_path):
    app = make_app(tmp_path)
    miss(app, {"q-short": "nope"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("p", "m", "o", "enter")
        await pilot.pause()
        assert "✓ Correct" in markdown(app)
    assert review_of(tmp_path)["q-short"]["streak"] == 1


async def test_nothing_due(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        text = labels(app)
        assert "Nothing to review now." in text and "Next review" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_not_yet_due_shows_next_due_time(tmp_path):
    app = make_app(tmp_path)
    miss(app, {"q-single": "b"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        await pilot.press(str(app.screen.orders["q-single"].index("a") + 1), "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await open_review(app, pilot)
        text = labels(app)
        assert "Nothing to review now." in text and "Next review:" in text
        assert not app.screen.query(QuestionView)


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_language_switch_redraws_in_chinese(tmp_path):
    app = make_app(tmp_path)
    miss(app, {"q-single": "b", "q-multi": ["b"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "错题本 · 第1题，共2题" in text and "出自“测验”·已答错1次" in text
        assert app.screen.query(QuestionView)
        qid = app.screen.queue[0]
        if qid == "q-single":
            await pilot.press(str(app.screen.orders[qid].index("b") + 1), "enter")
        else:
            await pilot.press(str(app.screen.orders[qid].index("b") + 1), "space", "enter")
        await pilot.pause()
        assert "✗ 回答错误" in markdown(app) and "本题下次复习：" in labels(app)
        await pilot.press("f2", "f2")
        await pilot.pause()
        assert "✗ 回答错误" in markdown(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "第2题，共2题" in labels(app)


async def test_third_right_answer_in_a_row_masters_the_question(tmp_path):
    from datetime import timedelta

    from course_tui.learning import review

    app = make_app(tmp_path)
    miss(app, {"q-tf": False})
    long_ago = datetime.now(timezone.utc) - timedelta(days=400)
    review.review_answer(app.session.learner, "q-tf", True, now=long_ago)
    review.review_answer(app.session.learner, "q-tf", True, now=long_ago + timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot)
        assert app.screen.queue == ["q-tf"]
        await pilot.press("1", "enter")  # True: right
        await pilot.pause()
        assert "Right 3 times in a row: mastered" in labels(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "1 of 1 right this time." in labels(app) and "on the list" not in labels(app)
    entry = review_of(tmp_path)["q-tf"]
    assert entry["mastered"] is True and entry["streak"] == 3
