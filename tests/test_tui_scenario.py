"""The scenario player: play to two endings, resume, look up a lesson idea, switch language."""

from __future__ import annotations

from tui_kit import labels, make_app, markdown, screen_text, settle

from course_tui.learning.store import Store
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.scenario import ScenarioScreen
from course_tui.tui.widgets.numbered import NumberedList
import pytest

from course_tui.learning.scenariorun import ScenarioRun


@pytest.fixture(autouse=True)
def _written_order(request, monkeypatch):
    """These tests walk the player's flow by position: they see the choices in the written
    order (the per-run shuffle is tested in test_run_order_is_what_the_player_shows and in
    test_assessment_core)."""
    if request.node.get_closest_marker("shuffled") is None:
        monkeypatch.setattr(ScenarioRun, "choice_order", lambda self, node=None: list(range(len((node or self.node).choices))))


@pytest.mark.shuffled
async def test_run_order_is_what_the_player_shows(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        run = app.screen.run
        node = run.node
        shown = [text for _, text in app.screen.query_one("#scenario-choices", NumberedList).items]
        assert shown == [node.choices[i].text("en") for i in run.choice_order(node)]
        await pilot.press("1", "enter")
        await pilot.pause()
        assert "You chose: " + shown[0] in labels(app)
    assert runs_of(tmp_path)[0]["choices"] == [run.choice_order(node)[0]]  # stored by written index


def runs_of(tmp_path):
    return Store(tmp_path / "s").read("amy")["courses"]["t"]["scenario_runs"]


async def test_play_to_two_endings(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        assert isinstance(app.screen, ScenarioScreen)
        assert "Start" in markdown(app)
        assert app.screen.query_one("#scenario-choices", NumberedList).items[0] == ("1.", "Good")
        assert "Endings found 0/2" in labels(app)

        await pilot.press("1")  # a digit only selects
        await pilot.pause()
        assert runs_of(tmp_path)[0]["choices"] == []
        await pilot.press("enter")  # Enter takes it: s → m
        await pilot.pause()
        assert "You chose: Good" in labels(app)
        assert "Path: Start › Middle" in labels(app)
        assert "Middle" in markdown(app)
        assert [r["choices"] for r in runs_of(tmp_path)] == [[0]]  # saved at once

        await pilot.press("enter")  # the highlighted first choice: m → good
        await pilot.pause()
        text = labels(app)
        assert "✓ Success — Ending: Good" in text
        assert "Score 8 of 8" in text
        assert "Endings found 1/2" in text
        assert "Debrief" in markdown(app)
        assert app.screen.query_one("#scenario-actions", NumberedList).items[0] == ("1.", "First")

        await pilot.press("r")  # replay
        await pilot.pause()
        assert "Start" in markdown(app) and "You chose" not in labels(app)
        await pilot.press("down", "enter")  # arrows + Enter: s → bad
        await pilot.pause()
        text = labels(app)
        assert "✗ failure — Ending: Bad" in text
        assert "Score 0 of 8" in text
        assert "Endings found 2/2" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ScenarioScreen)

    runs = runs_of(tmp_path)
    assert [(r["choices"], r["ending"], r["score"]) for r in runs] == [([0, 0], "good", 8), ([1], "bad", 0)]
    assert all(r["finished"] for r in runs)


async def test_mouse_click_chooses(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.click("#scenario-choices", offset=(4, 1))  # the second choice
        await pilot.pause()
        assert "✗ failure" in labels(app)
    assert runs_of(tmp_path)[0]["choices"] == [1]


async def test_unfinished_run_resumes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press("1", "enter", "escape")
        await pilot.pause()
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        assert "You chose: Good" in labels(app) and "Middle" in markdown(app)
    runs = runs_of(tmp_path)
    assert len(runs) == 1 and runs[0]["choices"] == [0] and not runs[0]["finished"]


async def test_lesson_idea_opens_on_top_without_counting_as_a_visit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        await pilot.press("1", "enter")  # the first lesson idea: intro#one
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.section.id == "one" and app.screen.visit is False
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        assert "✓ Success" in labels(app)
    assert "intro" not in Store(tmp_path / "s").read("amy")["courses"]["t"]["lessons"]


async def test_language_switch_redraws_in_chinese(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "你的选择：好" in text and "路径：开始 › 中间" in text and "中间" in markdown(app)
        assert app.screen.query_one("#scenario-choices", NumberedList).items[0] == ("1.", "继续")
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("f2", "f2")  # back to English and again to Chinese at the ending
        await pilot.pause()
        text = labels(app)
        assert "✓ 成功——结局：好" in text and "得分8，满分8" in text and "已发现结局1/2" in text
        assert app.screen.query_one("#scenario-actions", NumberedList).items[0] == ("1.", "第一节")


async def test_reached_from_the_end_of_the_lesson_and_esc_goes_to_the_map(tmp_path):
    from textual.widgets import Button

    from course_tui.tui.screens.course_map import CourseMapScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("intro", "two")
        await settle(pilot, LessonScreen)
        next(b for b in app.screen.query(Button) if b.name == "scenario:intro-scenario").press()
        await settle(pilot, ScenarioScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "✗ failure" in labels(app)
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)


async def test_idea_from_another_chapter_names_its_lesson(tmp_path):
    from coursekit import edit, write_course

    write_course(tmp_path / "c", edit("quizzes/scenario.yaml", "sections: [intro#one]", "sections: [intro#one, next#only]"))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        items = app.screen.query_one("#scenario-actions", NumberedList).items
        assert items == [("1.", "First"), ("2.", "Next › Only"), ("r.", "↻ Play again to find other endings")]
        await pilot.press("down", "enter")  # arrows + Enter on the second idea
        await settle(pilot, LessonScreen)
        assert app.screen.lesson.id == "next"
