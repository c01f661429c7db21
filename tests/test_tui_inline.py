"""Options, scenario choices and "Your answer" show their inline Markdown as prompts do
(code without its backticks, emphasis without its stars), and never as markup."""

from __future__ import annotations

import html
import re

import pytest
from coursekit import edit, write_course
from tui_kit import labels, make_app, settle

from course_tui.learning.scenariorun import ScenarioRun
from course_tui.tui.screens.quiz import QuizScreen
from course_tui.tui.screens.scenario import ScenarioScreen


def shown(app) -> str:
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text [^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


@pytest.fixture
def course(tmp_path):
    files = edit(
        "quizzes/quiz.yaml",
        "- {id: a, text: {zh: 甲, en: A}}\n      - {id: b, text: {zh: 乙, en: B}, feedback",
        '- {id: a, text: {zh: 甲, en: "Run `git status` [b]x[/b]"}}\n      - {id: b, text: {zh: 乙, en: "**Never** this"}, feedback',
    )
    files.update(edit("quizzes/scenario.yaml", "{text: {zh: 好, en: Good}", '{text: {zh: 好, en: "Type `ls -l` *now*"}'))
    write_course(tmp_path / "c", files)
    return tmp_path


async def test_options_and_your_answer_render_inline_markdown(course, monkeypatch):
    app = make_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        text = shown(app)
        assert "Run git status [b]x[/b]" in text and "`git status`" not in text
        assert "Never this" in text and "**Never**" not in text
        order = app.screen.run.option_order(app.screen.run.questions[0])
        await pilot.press(str(order.index("a") + 1), "enter")
        await pilot.pause()
        from course_tui.tui.widgets.numbered import HangingLine

        answer = app.screen.query_one(HangingLine)  # the label, then the answer hanging under itself
        assert answer.label.strip() == "Your answer:" and answer.text.plain == "Run git status [b]x[/b]"


async def test_scenario_choices_and_you_chose_render_inline_markdown(course, monkeypatch):
    monkeypatch.setattr(ScenarioRun, "choice_order", lambda self, node=None: list(range(len((node or self.node).choices))))
    app = make_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        text = shown(app)
        assert "Type ls -l" in text and "`ls -l`" not in text and "*now*" not in text
        await pilot.press("1", "enter")
        await pilot.pause()
        assert "You chose: Type ls -l now" in labels(app)
