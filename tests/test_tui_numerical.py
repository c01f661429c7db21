"""A quiz with a reading passage (description) and numerical questions, driven with the keyboard."""

from __future__ import annotations

import pytest
from tui_kit import labels, markdown
from tui_kit import make_app as app_on

from course_tui.learning.store import Store
from course_tui.tui.screens.quiz import QuizScreen, QuizSummaryScreen

READING = """\
type: quiz
id: reading-quiz
chapter: intro
title: {zh: 阅读, en: Reading}
shuffle: false
questions:
  - id: passage
    type: description
    text: {zh: 办公室长三米，建于1822年。, en: The office is three metres long and was built in 1822.}
  - id: n-length
    type: numerical
    section: intro#one
    prompt: {zh: 办公室多长？, en: How long is the office?}
    answer:
      - {value: 3, tolerance: 0.1, feedback: {zh: 对，三米。, en: "Right: three metres."}}
    units: [{unit: m}, {unit: cm, multiplier: 100}]
    feedback_wrong: {zh: 再读一遍材料。, en: Read the passage again.}
    explanation: {zh: 见材料。, en: See the passage.}
  - id: n-year
    type: numerical
    prompt: {zh: 哪一年建的？, en: When was it built?}
    answer: [{min: 1820, max: 1825}]
    explanation: {zh: 1822年。, en: In 1822.}
  - id: r-tf
    type: true_false
    prompt: {zh: 这是真的, en: This is true}
    answer: true
    explanation: {zh: 对, en: Right}
  - id: passage-2
    type: description
    text: {zh: 第二段材料。, en: A second passage.}
"""


def make_app(tmp_path, lang):
    """The reading quiz, opened directly."""
    return app_on(tmp_path, lang, files={"quizzes/reading.yaml": READING}, quiz="reading-quiz")


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
@pytest.mark.parametrize(
    "lang, passage, head, typed_help, units_help, wrong, right, bad",
    [
        (
            "en",
            "The office is three metres long",
            "Read this first",
            "Type a number and press Enter; a unit may follow it (m, cm).",
            "Type a number (a unit may follow it: m, cm).",
            "Read the passage again.",
            "Right: three metres.",
            "Right answer: 3 ± 0.1 m",
        ),
        (
            "zh",
            "办公室长三米",
            "先读这段材料",
            "输入一个数字后按回车；数字后可加单位（m, cm）。",
            "请输入一个数字（数字后可加单位：m, cm）。",
            "再读一遍材料。",
            "对，三米。",
            "3 ± 0.1 m",
        ),
    ],
)
async def test_a_passage_stays_above_its_questions_and_numbers_are_graded_with_units(tmp_path, lang, passage, head, typed_help, units_help, wrong, right, bad):
    app = make_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.question.id == "n-length"
        assert passage in markdown(app) and head in labels(app) and typed_help in labels(app)
        # three questions: the passages are not counted
        assert screen.tr("quiz.question_of", n=1, m=3) in str(screen.query_one("#quiz-status").render())
        await pilot.press(*"three", "enter")  # not a number: asked again, nothing saved
        await pilot.pause()
        assert screen.feedback is None and units_help in [n.message for n in app._notifications]
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.press(*"250 cm", "enter")
        await pilot.pause()
        assert screen.feedback is not None and not screen.feedback[1].correct
        shown = markdown(app)
        assert wrong in shown and bad in shown and passage not in shown  # the feedback page keeps the prompt, not the passage
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question.id == "n-year" and passage in markdown(app)  # still shown: the passage's second question
        await pilot.press(*"1822", "enter")
        await pilot.pause()
        assert screen.feedback[1].correct
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        summary = app.screen.summary
        assert [r.question.id for r in summary.results] == ["n-length", "n-year", "r-tf"]
        assert summary.correct_count == 2 and summary.percent == pytest.approx(66.67)
    [attempt] = Store(tmp_path / "s").read("amy")["courses"]["t"]["attempts"]
    assert attempt["order"] == ["n-length", "n-year", "r-tf"] and attempt["answers"]["n-length"]["response"] == "250 cm"


async def test_a_right_number_shows_its_own_feedback(tmp_path):
    app = make_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"3.05 m", "enter")
        await pilot.pause()
        assert app.screen.feedback[1].correct
        assert "Right: three metres." in markdown(app) and "Read the passage again." not in markdown(app)


async def test_a_missed_numerical_question_comes_back_in_review_with_its_passage(tmp_path):
    from tui_kit import settle

    from course_tui.learning.quizrun import QuizRun
    from course_tui.tui.screens.review import ReviewScreen

    app = app_on(tmp_path, files={"quizzes/reading.yaml": READING})
    course, learner = app.course, app.session.learner
    run = QuizRun.start(course, course.quiz("reading-quiz"), learner, "en", seed=1)
    run.submit(run.quiz.question("n-year"), "1900")
    run.finish()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot, ReviewScreen)
        assert "The office is three metres long" in markdown(app) and "When was it built?" in markdown(app)
        await pilot.press(*"1822", "enter")
        await pilot.pause()
        assert "✓ Correct" in markdown(app)
