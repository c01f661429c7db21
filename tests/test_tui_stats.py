"""The statistics screen shows the numbers stats.compute gives, in 80 columns, in both languages."""

from __future__ import annotations

from textual.widgets import Label
from tui_kit import labels, make_app

from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.tui.screens.stats import StatsScreen

RIGHT = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "PMO", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}


def history(app) -> None:
    """One failed and one passed attempt, one scenario ending, 65 minutes of reading."""
    course, learner = app.course, app.session.learner
    quiz = course.quiz("intro-quiz")
    failed = QuizRun.start(course, quiz, learner, "en", seed=1)
    failed.submit(quiz.question("q-single"), "a")
    failed.finish()
    passed = QuizRun.start(course, quiz, learner, "en", seed=2)
    for qid, response in RIGHT.items():
        passed.submit(quiz.question(qid), response)
    passed.finish()
    run = ScenarioRun.start(course.scenario("intro-scenario"), learner)
    run.choose(1)
    learner.visit_section("intro", "one", False, seconds=65 * 60)


async def open_stats(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("g")  # on the course map
    await pilot.pause()
    assert isinstance(app.screen, StatsScreen)


async def test_stats_show_the_numbers(tmp_path):
    app = make_app(tmp_path)
    history(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app, pilot)
        text = labels(app)
        assert "Quizzes passed: 1/1" in text
        assert "Time spent: reading 1 h 05 min, quizzes 0 min" in text
        rows = [str(label.render()) for label in app.screen.query(".stats-row").results(Label)]
        chart = [r for r in rows if r.lstrip().startswith(("1.", "2."))]
        assert chart[0].startswith(" 1. Intro") and chart[0].endswith("100%") and "█" * 20 in chart[0]
        assert chart[1].startswith(" 2. Next") and chart[1].endswith("—")
        assert any(r.startswith("◐ Scenario") and " 1/2 " in r for r in rows)
        attempts = [r for r in rows if "Quiz " in r and r[:4].isdigit()]
        assert len(attempts) == 2
        assert "17%" in attempts[0] and "✗" in attempts[0] and attempts[0].endswith("practice")
        assert "100%" in attempts[1] and "✓" in attempts[1]
        assert all(len(r) <= 76 for r in rows)  # fits 80 columns with padding and a scrollbar
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)


async def test_stats_empty(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app, pilot)
        text = labels(app)
        assert "Quizzes passed: 0/1" in text and "No quiz finished yet." in text
        assert "reading 0 min, quizzes 0 min" in text
        assert "○ Scenario" in text and " 0/2 " in text


async def test_language_switch_redraws_in_chinese(tmp_path):
    app = make_app(tmp_path)
    history(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        text = labels(app)
        assert "已通过测验：1/1" in text and "学习时长：阅读1小时05分，测验0分钟" in text
        assert " 1. 入门" in text and "练习" in text and "日期" in text
        assert "学习进度与统计 — 学员: amy" in text
