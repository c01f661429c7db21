"""Every screen at 80×24, in Chinese and English (pytest-textual-snapshot).

The screens are drawn on the small course in tests/fixtures/course, so that editing the bundled
course changes none of them; a handful (``test_bundled_*``) show the bundled course itself.
Update the pictures after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at them (snapshot_report.html) before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tui_kit
from coursekit import edit, write_course

from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun

LANGS = ["zh", "en"]


@pytest.fixture(autouse=True)
def _fixed_shuffles(monkeypatch):
    """A drawing is the same at every run: a fresh quiz attempt or scenario run takes a fixed
    seed (its options and choices are still shuffled, as learners see them)."""
    quiz_start, run_start = QuizRun.start.__func__, ScenarioRun.start.__func__

    def start_quiz(cls, *args, seed=None, **kwargs):
        return quiz_start(cls, *args, seed=1 if seed is None else seed, **kwargs)

    def start_run(cls, scenario, learner, seed=None):
        return run_start(cls, scenario, learner, seed=1 if seed is None else seed)

    monkeypatch.setattr(QuizRun, "start", classmethod(start_quiz))
    monkeypatch.setattr(ScenarioRun, "start", classmethod(start_run))


def bundled_app(tmp_path, lang, **kwargs):
    return tui_kit.bundled_app(tmp_path, lang, theme="textual-dark", **kwargs)


def fixture_app(tmp_path, lang, **kwargs):
    return tui_kit.fixture_app(tmp_path, lang, theme="textual-dark", **kwargs)


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_course_map(snap_compare, tmp_path, lang):
    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_reader(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right", "right")  # the third section: longer than the view
        await settle(pilot)

    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_end(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", *["right"] * 3)
        await settle(pilot)
        pilot.app.screen.query_one("#section").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_question(snap_compare, tmp_path, lang):
    app = fixture_app(tmp_path, lang, quiz="basics-quiz")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_feedback(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)

    app = fixture_app(tmp_path, lang, quiz="basics-quiz")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_summary(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+f")  # the finish page
        await settle(pilot)
        await pilot.press("enter", "y")  # Submit all and finish, confirmed
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    app = fixture_app(tmp_path, lang, quiz="basics-quiz")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ["question_mark", "a", "u", "s"], ids=["help", "about", "learners", "settings"])
def test_dialogs(snap_compare, tmp_path, lang, key):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_course_findings(snap_compare, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    app = tui_kit.make_app(tmp_path, lang, course=Path("c"))  # relative: the findings name c/…, not the tmp path
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_too_small(snap_compare, tmp_path, lang):
    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(50, 15), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_scenario_player(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_scenario("basics-scenario")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)

    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ["r", "g"], ids=["review", "stats"])
def test_review_and_stats_on_a_new_store(snap_compare, tmp_path, lang, key):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(fixture_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_notice_of_a_moved_progress_file(snap_compare, tmp_path, lang):
    app = fixture_app(tmp_path, lang)
    app.session.notices.append(
        "The progress file of learner 'amy' could not be read (not valid UTF-8 JSON: JSONDecodeError). "
        "It was moved to /store/learner-0123.unreadable-20261127T080000.json and a new one was started; nothing was deleted."
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_exam_intro(snap_compare, tmp_path, lang):
    app = fixture_app(tmp_path, lang, quiz="final-exam", exam=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


async def _start_exam(pilot):
    await settle(pilot)
    await pilot.press("enter", "y")
    await settle(pilot)
    pilot.app.screen.run.remaining_seconds = lambda now=None: 1800.0  # a still clock in the picture


@pytest.mark.parametrize("lang", LANGS)
def test_exam_navigation_panel(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await _start_exam(pilot)
        await pilot.press("f", "1", "enter")  # flag question 1, answer it: on to question 2
        await settle(pilot)
        pilot.app.clear_notifications()
        pilot.app.screen.query_one("#quiz-status").update(pilot.app.screen._status_text())
        await settle(pilot)

    app = fixture_app(tmp_path, lang, quiz="final-exam", exam=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_exam_finish_page(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await _start_exam(pilot)
        await pilot.press("f", "1", "enter")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    app = fixture_app(tmp_path, lang, quiz="final-exam", exam=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# The bundled course itself: these change when it is edited (redraw them then).


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_course_map(snap_compare, tmp_path, lang):
    assert snap_compare(bundled_app(tmp_path, lang), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_lesson_reader(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right")
        await settle(pilot)

    assert snap_compare(bundled_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_quiz_question(snap_compare, tmp_path, lang):
    assert snap_compare(bundled_app(tmp_path, lang, quiz="background-quiz"), terminal_size=(80, 24), run_before=settle)
