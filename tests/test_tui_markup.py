"""Text from a course, a learner name, a file name or an exception is shown
as text on every screen of the app, never parsed as Textual markup.

The hostile course's titles, section titles, prompts, options, feedback and scenario texts
are markup: a click action that would write a file (app.screenshot), one that would quit,
and a closing tag (``[/etc]``) that made Textual raise MarkupError. Every screen is visited;
each must show the literal text, and clicking it must do nothing."""

from __future__ import annotations

import pytest

import ast
import html
import re
from pathlib import Path

from hostile_kit import write_hostile_course
from tui_kit import settle

from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.help import HelpScreen
from course_tui.tui.screens.learners import LearnersScreen
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen, QuizSummaryScreen
from course_tui.tui.screens.review import ReviewScreen
from course_tui.tui.screens.scenario import ScenarioScreen
from course_tui.tui.screens.settings import SettingsScreen
from course_tui.tui.screens.stats import StatsScreen
from course_tui.tui.screens.trainer import TrainerScreen

LEARNER = "The [/etc] guy"


def payloads() -> dict[str, str]:
    write = "[@click=app.screenshot('target.txt','x')]CLICKME[/]"  # x: in the test's folder
    return {
        "course": "The [/etc] course",
        "chapter": write,
        "section": "The [/etc] folder",
        "body": "Body [@click=app.quit]QUIT[/] and [b]not bold[/b] in [/etc]",
        "quiz": "[@click=app.quit]Quiz[/] [/etc]",
        "prompt": "Prompt [/etc] [@click=app.quit]P[/]",
        "option": "[@click=app.quit]Opt[/] [/etc]",
        "feedback": "Feedback [/etc] [@click=app.quit]F[/]",
        "scenario": "Scen [/etc] [@click=app.quit]S[/]",
        "node": "Node [@click=app.quit]N[/]",
        "choice": "[@click=app.quit]Choice[/]",
        "ending": "End [/etc]",
    }


def screen_lines(app: CourseApp) -> list[str]:
    """What the terminal shows, one string per row (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    rows: dict[int, list[str]] = {}
    for line, text in re.findall(r'<text [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(int(line), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(rows[i]) for i in sorted(rows)]


def shown(app: CourseApp) -> str:
    """The screen's text, rows joined with spaces and runs of spaces made one (wrapped
    lines read as one; a toast's border left out)."""
    return re.sub(r" +", " ", " ".join(line.replace("▌", " ").strip() for line in screen_lines(app)))


async def click_row_with(pilot, text: str) -> None:
    """Click every cell of *text* where it first shows on the terminal."""
    for y, line in enumerate(screen_lines(pilot.app)):
        if text in line:
            for x in range(line.index(text), line.index(text) + len(text)):
                await pilot.click(offset=(x, y))
            break
    else:
        raise AssertionError(f"{text!r} is not on the screen")
    await pilot.pause()


def make_hostile_app(tmp_path: Path, monkeypatch, learner: str = LEARNER) -> tuple[CourseApp, dict[str, str], Path]:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "x"
    p = payloads()
    course = write_hostile_course(tmp_path / "c", p)
    return CourseApp(open_session(course, store=tmp_path / "s", learner=learner, lang="en")), p, target


@pytest.mark.slow
async def test_hostile_markup_is_text_on_every_screen_and_clicks_do_nothing(tmp_path, monkeypatch):
    app, p, target = make_hostile_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The course map: the "▶ Continue" line that wrote a file when clicked, the title bar
        text = shown(app)
        assert "The [/etc] course — Learner: The [/etc] guy" in text
        assert f"▶ Continue: {p['chapter']}" in text
        await click_row_with(pilot, "[@click=app.screenshot(")
        assert isinstance(app.screen, CourseMapScreen) and app.is_running

        # A lesson, its contents, and the end of it (buttons with the quiz's title)
        await pilot.press("c")
        await settle(pilot, LessonScreen)
        assert "▸ 1. The [/etc] folder" in shown(app)  # the table of contents
        await pilot.press("t", "t")  # to the contents, then hidden: the text alone, full width
        await pilot.pause()
        text = shown(app)
        assert "## The [/etc] folder" not in text and "The [/etc] folder" in text
        assert "Body [@click=app.quit]QUIT[/] and [b]not bold[/b] in [/etc]" in text
        await click_row_with(pilot, "Body [@click=app.quit]")
        assert isinstance(app.screen, LessonScreen) and app.is_running
        await pilot.press("right")
        await pilot.pause()
        assert f"Take the quiz “{p['quiz']}”" in shown(app) or p["quiz"] in shown(app)

        # A practice quiz: question, options, feedback, then the summary
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        screen = app.screen
        first = screen.question.id
        text = shown(app)
        assert "Prompt [/etc] [@click=app.quit]P[/]" in text
        assert p["quiz"] in text
        if first == "q-single":
            order = screen.run.option_order(screen.question)
            assert p["option"] in text
            await pilot.press(str(order.index("b") + 1), "enter")  # wrong: the option's feedback
        else:
            assert p["option"] in text
            await pilot.press("enter")
        await pilot.pause()
        assert "Feedback [/etc] [@click=app.quit]F[/]" in shown(app)
        await click_row_with(pilot, "Feedback [/etc]")
        assert app.is_running
        await pilot.press("ctrl+f")  # the finish page, and the course's text on it
        await pilot.pause()
        assert app.is_running
        await pilot.press("enter")  # Submit all and finish
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        assert p["quiz"] in shown(app)

        # Review (the missed question), scenario, stats, trainer
        await app.action_review()
        await settle(pilot, ReviewScreen)
        assert "Prompt [/etc]" in shown(app)
        app.open_scenario("intro-scenario")
        await settle(pilot, ScenarioScreen)
        text = shown(app)
        assert "Node [@click=app.quit]N[/]" in text and "[@click=app.quit]Choice[/]" in text and "Scen [/etc]" in text
        await click_row_with(pilot, "[@click=app.quit]Choice")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert "End [/etc]" in shown(app) and app.is_running
        await app.action_stats()
        await settle(pilot, StatsScreen)
        assert "[@click=app.screenshot(" in shown(app) or "The [/etc]" in shown(app)
        app.trainer = True  # as if started with --trainer
        await app.action_trainer()
        await settle(pilot, TrainerScreen)
        assert "The [/etc] guy" in shown(app)

        # The dialogs: learners, settings, help, about
        await app.action_learners()
        await settle(pilot, LearnersScreen)
        assert "▸ The [/etc] guy" in shown(app)
        await pilot.press("escape")
        await app.action_settings()
        await settle(pilot, SettingsScreen)
        assert "The [/etc] guy" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        await app.action_help()
        await settle(pilot, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await app.action_about()
        await pilot.pause()
        assert "The [/etc] course" in shown(app)
        await pilot.press("escape")
        await app._go_home()
        await pilot.pause()

        # The command palette: every lesson, quiz and scenario by its title
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"click")
        await pilot.pause(0.3)
        text = shown(app)
        assert "[@click=app.screenshot(" in text and "[@click=app.quit]Quiz[/]" in text
        await click_row_with(pilot, "[@click=app.quit]Quiz")  # runs the command: opens the quiz
        await pilot.pause()
        assert app.is_running

        assert not target.exists(), "a click in course text ran an action"
        assert app.return_code is None


async def until_shown(pilot, text: str, rounds: int = 40) -> None:
    """Wait (a busy machine draws toasts late) until *text* is on screen, literally."""
    for _ in range(rounds):
        await pilot.pause()
        if text in shown(pilot.app):
            return
    assert text in shown(pilot.app)


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_notifications_show_names_and_file_names_as_text(tmp_path, monkeypatch):
    """A learner switched to, a file name in the live-reload notice, an exception text:
    shown literally in the toast (Textual's notify parses markup by default)."""
    app, p, target = make_hostile_app(tmp_path, monkeypatch, learner="amy")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await app.switch_learner("[@click=app.quit]Zed[/] [/etc]")
        await until_shown(pilot, "Now studying as [@click=app.quit]Zed[/] [/etc].")
        await app.live.reload(('quizzes/notes[x="].yaml',))
        await until_shown(pilot, 'notes[x="].yaml')
        app.screen.notify("widget [/etc] [@click=app.quit]W[/]")  # a screen's notify too
        await until_shown(pilot, "widget [/etc] [@click=app.quit]W[/]")
        await click_row_with(pilot, "widget [/etc]")
        assert app.is_running and app.return_code is None
    assert not target.exists()


def test_no_widget_of_the_app_parses_markup():
    """Source guard: every Label/Static/OptionList of the interface is built with
    markup=False, every Button with a Content label (a Button parses a str as markup)."""
    offenders = []
    for path in sorted(Path(__file__).parent.parent.joinpath("course_tui", "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name in ("Label", "Static", "OptionList") and not any(
                k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords
            ):
                offenders.append(f"{path.name}:{node.lineno} {name} without markup=False")
            if name == "Button" and node.args:
                first = node.args[0]
                if not (isinstance(first, ast.Call) and getattr(first.func, "id", "") == "Content"):
                    offenders.append(f"{path.name}:{node.lineno} Button label is not a Content")
    assert offenders == []
