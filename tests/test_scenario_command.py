"""``course-tui scenario SCENARIO_ID``: one scenario from the shell, as ``quiz`` opens one quiz."""

from __future__ import annotations

import pytest
from coursekit import edit, write_course
from pty_kit import VENV_BIN, run_in_pty
from tui_kit import make_app, settle

from course_tui.cli import main
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.scenario import ScenarioScreen


@pytest.fixture(autouse=True)
def _written_order(monkeypatch):
    monkeypatch.setattr(ScenarioRun, "choice_order", lambda self, node=None: list(range(len((node or self.node).choices))))


async def test_scenario_app_plays_one_scenario_and_exits_with_its_outcome(tmp_path):
    write_course(tmp_path / "c")
    app = CourseApp(open_session(tmp_path / "c", store=tmp_path / "s", learner="amy", lang="en"), scenario="intro-scenario")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, ScenarioScreen)
        assert len(app.screen_stack) == 2  # no course map under it
        await pilot.press("1", "enter")  # Good (score 2) → m
        await pilot.pause()
        await pilot.press("1", "enter")  # Go on (score 1) → good ending (5)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    outcome = app.return_value
    assert outcome.ending == "good" and outcome.score == 8
    [run] = Store(tmp_path / "s").read("amy")["courses"]["t"]["scenario_runs"]
    assert run["ending"] == "good" and run["choices"] == [0, 0]


async def test_leaving_before_an_ending_exits_with_nothing(tmp_path):
    write_course(tmp_path / "c")
    app = CourseApp(open_session(tmp_path / "c", store=tmp_path / "s", learner="amy", lang="en"), scenario="intro-scenario")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, ScenarioScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None


async def test_scenario_screen_in_the_app_still_goes_back_to_the_map(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ScenarioScreen)


def test_unknown_scenario_id_is_a_one_line_error(tmp_path, capsys):
    write_course(tmp_path / "c")
    assert main(["scenario", "nope", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--learner", "amy"]) == 1
    err = capsys.readouterr().err
    assert err == "course-tui: error: no scenario 'nope' in this course (scenarios: intro-scenario)\n"


@pytest.mark.slow  # the real command in a pseudo-terminal: about 3 s
def test_scenario_command_in_a_terminal_prints_the_ending_and_score(tmp_path):
    course = write_course(tmp_path / "c", edit("quizzes/scenario.yaml", "scoring: path\n", "scoring: path\nshuffle: false\n"))
    run = run_in_pty(
        [
            str(VENV_BIN / "course-tui"),
            "--lang",
            "en",
            "scenario",
            "intro-scenario",
            "--course",
            str(course),
            "--store",
            str(tmp_path / "s"),
            "--learner",
            "amy",
        ],
        [(b"Choose", b"1"), (0.3, b"\r"), (b"Middle", b"1"), (0.3, b"\r"), (b"Debrief", b"\x1b")],
        env={"COURSE_TUI_CRASH_DIR": str(tmp_path / "crash")},
        timeout=60,
    )
    text = run.output.decode("utf-8", "replace")
    assert run.status == 0, text[-1500:]
    assert "intro-scenario: ending 'Good' (success), score 8/8; saved for amy" in text, text[-800:]
