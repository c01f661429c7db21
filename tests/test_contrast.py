"""Every built-in theme keeps all text at WCAG AA contrast (4.5:1), measured on the screens as
drawn: each run of text on the screen, its final colours (reverse video, ANSI palette colours
and dim resolved as a terminal shows them), against its own background.

The default suite draws every theme on the course map, and a screen of each kind in the light
and the dark default themes; the tests marked slow draw every screen below in every theme, in
both languages.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import tui_kit
from coursekit import edit, write_course
from rich.color import Color as RichColor
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme
from textual.theme import BUILTIN_THEMES

from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.contrast import AA_TEXT, contrast, is_text, legible, luminance
from course_tui.tui.legibility import legible_style, rounded_to_256, shown_colours
from course_tui.tui.textual_compat import screen_cells

THEMES = sorted(BUILTIN_THEMES)
LIGHT_AND_DARK = ["textual-light", "textual-dark"]


# -- the arithmetic --------------------------------------------------------------------------


def test_contrast_follows_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)  # WCAG's textbook grey: fails
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast((1, 2, 3), (200, 100, 50)) == contrast((200, 100, 50), (1, 2, 3))
    assert luminance((255, 255, 255)) == pytest.approx(1.0) and luminance((0, 0, 0)) == 0.0


def test_legible_leaves_a_passing_colour_and_moves_a_failing_one_just_enough_away_from_the_background():
    assert legible((224, 224, 224), (18, 18, 18)) == (224, 224, 224)
    light_on_blue = legible((0xDD, 0xED, 0xF9), (0x01, 0x78, 0xD4))  # a highlighted row
    assert AA_TEXT <= contrast(light_on_blue, (0x01, 0x78, 0xD4)) < 4.8
    assert luminance(light_on_blue) > luminance((0xDD, 0xED, 0xF9))  # lighter: light text stays light
    grey_on_light = legible((0x92, 0x92, 0x92), (0xD8, 0xD8, 0xD8))
    assert AA_TEXT <= contrast(grey_on_light, (0xD8, 0xD8, 0xD8)) < 4.8
    assert luminance(grey_on_light) < luminance((0x92, 0x92, 0x92))  # darker on a light ground


def test_legible_turns_the_other_way_when_the_near_end_cannot_reach_aa():
    mid = (0x80, 0x80, 0x80)  # white reaches 3.95:1 on it, black 5.3:1
    fixed = legible((0x90, 0x90, 0x90), mid)  # lighter than the ground, but white cannot read
    assert contrast(fixed, mid) >= AA_TEXT and luminance(fixed) < luminance(mid)


def test_borders_bars_and_blanks_are_not_text():
    assert not is_text("  ") and not is_text("───│") and not is_text("████░░░░") and not is_text("▔▁")
    assert is_text("█ 50%") and is_text("•") and is_text("中")


def test_a_palette_colour_that_does_not_read_becomes_one_that_does():
    palette = DEFAULT_TERMINAL_THEME  # black on white: bright yellow does not read on it
    ground = tuple(RichColor.default().get_truecolor(palette, foreground=False))
    yellow = RichColor.from_ansi(11)
    assert contrast(tuple(yellow.get_truecolor(palette)), ground) < AA_TEXT
    fixed = legible_style(Style(color=yellow, bold=True), palette, native_ansi=True)
    assert fixed is not None and fixed.color is not None and fixed.color.triplet is None and fixed.bold  # still a palette colour
    assert contrast(tuple(fixed.color.get_truecolor(palette)), ground) >= AA_TEXT
    assert legible_style(Style(color=RichColor.from_ansi(0)), palette, native_ansi=True) is None  # black reads: left alone


def test_without_the_terminal_palette_a_fix_is_a_true_colour_and_reverse_video_fixes_the_background():
    palette = DEFAULT_TERMINAL_THEME
    default_on_white = Style(bgcolor=RichColor.parse("#f0f0f0"))  # the terminal's default text: black on this palette
    light = TerminalTheme((255, 255, 255), (250, 250, 250), [(0, 0, 0)] * 16)  # a palette whose default text is near white
    as_true = legible_style(default_on_white, light, native_ansi=False)
    assert as_true is not None and as_true.color is not None and as_true.color.triplet is not None
    as_palette = legible_style(default_on_white, light, native_ansi=True)
    assert as_palette is not None and as_palette.color is not None and as_palette.color.triplet is None
    swapped = Style.parse("reverse #ffff00 on #eeeeee")  # shows #eeeeee text on yellow
    fixed = legible_style(swapped, palette, native_ansi=False)
    assert fixed is not None and fixed.reverse and fixed.color == swapped.color and fixed.bgcolor != swapped.bgcolor
    text, ground = shown_colours(fixed, palette)
    assert ground == (255, 255, 0) and contrast(text, ground) >= AA_TEXT
    dim = legible_style(Style.parse("dim #777777 on #000000"), palette, native_ansi=False)
    assert dim is not None and not dim.dim and contrast(*shown_colours(dim, palette)) >= AA_TEXT
    reverse_dim = Style.parse("reverse dim #646464 on #c8c8c8")  # #c8c8c8 text on #646464 dimmed
    fixed_reverse_dim = legible_style(reverse_dim, palette, native_ansi=False)
    assert fixed_reverse_dim is not None and contrast(*shown_colours(fixed_reverse_dim, palette)) >= AA_TEXT


def test_on_a_terminal_of_256_colours_the_rounded_colours_pass():
    palette = DEFAULT_TERMINAL_THEME
    detail = Style.parse("#90b8e0 on #004578")  # 4.8:1 as sent; rounded: #87afd7 on #005f87, 3.1:1
    assert contrast((0x90, 0xB8, 0xE0), (0x00, 0x45, 0x78)) >= AA_TEXT
    assert legible_style(detail, palette, native_ansi=False) is None
    assert contrast(*shown_colours(detail, palette, eight_bit=True)) < AA_TEXT
    fixed = legible_style(detail, palette, native_ansi=False, eight_bit=True)
    assert fixed is not None and contrast(*shown_colours(fixed, palette, eight_bit=True)) >= AA_TEXT
    assert rounded_to_256((0, 0, 0)) == (0, 0, 0) and rounded_to_256((255, 255, 255)) == (255, 255, 255)


# -- the screens as drawn ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fixed_shuffles(monkeypatch):
    """The same options and choices at every run (they are still shuffled)."""
    quiz_start, run_start = QuizRun.start.__func__, ScenarioRun.start.__func__
    monkeypatch.setattr(QuizRun, "start", classmethod(lambda cls, *a, seed=None, **k: quiz_start(cls, *a, seed=1, **k)))
    monkeypatch.setattr(ScenarioRun, "start", classmethod(lambda cls, s, learner, seed=None: run_start(cls, s, learner, seed=1)))


Steps = Callable[[object], Awaitable[None]]


@dataclass
class Scene:
    """A screen to measure: how to make the app, what to press, the terminal's size."""

    shows: str
    """The class name of the screen (or dialog) it measures."""
    make: Callable[[Path, str], CourseApp]
    steps: Steps | None = None
    size: tuple[int, int] = (80, 24)
    again: Steps | None = None
    """What to do again after each change of theme (a hover ends with the repaint)."""


def _fixture(**kwargs) -> Callable[[Path, str], CourseApp]:
    return lambda tmp, lang: tui_kit.fixture_app(tmp, lang, **kwargs)


def _press(*keys: str) -> Steps:
    async def steps(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await tui_kit.pause(pilot, 2)

    return steps


def _first_run(tmp: Path, lang: str) -> CourseApp:
    write_course(tmp / "c")
    return CourseApp(open_session(tmp / "c", store=tmp / "s", learner=None, lang=lang))


def _broken_course(tmp: Path, lang: str) -> CourseApp:
    write_course(tmp / "c", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    return tui_kit.make_app(tmp, lang)


def _finished(tmp: Path, lang: str) -> CourseApp:
    from test_completion import finish_everything

    app = tui_kit.make_app(tmp, lang)
    finish_everything(app.course, app.learner)
    return app


async def _to_scenario(pilot) -> None:
    pilot.app.open_scenario("basics-scenario")
    await tui_kit.pause(pilot)
    await pilot.press("1")


async def _searched(pilot) -> None:
    await pilot.press("slash")
    await tui_kit.pause(pilot)
    await pilot.press(*"plan")
    await tui_kit.pause(pilot, 4)


async def _exam_started(pilot) -> None:
    await pilot.press("enter", "y")
    await tui_kit.pause(pilot)
    await pilot.press("f", "1", "enter")


async def _toasts(pilot) -> None:
    pilot.app.notify("Bookmarked: Basics › Getting started", timeout=3600)
    pilot.app.notify("The progress file could not be saved.", severity="error", timeout=3600)
    pilot.app.notify("Time is nearly up.", severity="warning", timeout=3600)


async def _read_only_banner(pilot) -> None:
    pilot.app._went_read_only("The store cannot be written: /store is read-only.")


def _linked_course(tmp: Path, lang: str) -> CourseApp:
    course = tmp / "c"
    shutil.copytree(tui_kit.FIXTURE_COURSE, course)
    for name in ("basics.en.md", "basics.zh.md"):
        lesson = course / "lessons" / name
        text = lesson.read_text(encoding="utf-8").replace("\n## ", "\nSee [the project guide](https://example.com/guide).\n\n## ", 2)
        lesson.write_text(text, encoding="utf-8")
    return tui_kit.make_app(tmp, lang, course=course)


async def _hover_the_link(pilot) -> None:
    [(row, column)] = [(r, c) for r, c, text, *_ in screen_cells(pilot.app) if text.startswith("the project guide")]
    await pilot.hover(offset=(0, 0))
    await pilot.hover(offset=(column + 2, row))
    await tui_kit.pause(pilot, 2)
    [bold] = [bold for r, c, text, _, _, bold in screen_cells(pilot.app) if text.startswith("the project guide")]
    assert bold, "the link is not drawn as hovered (bold)"


async def _hovering_a_link(pilot) -> None:
    await pilot.press("enter")
    await tui_kit.pause(pilot, 3)
    await _hover_the_link(pilot)


SCENES: dict[str, Scene] = {
    "map": Scene("CourseMapScreen", _fixture()),
    "lesson": Scene("LessonScreen", _fixture(), _press("enter", "right", "right")),
    "lesson-contents": Scene("LessonScreen", _fixture(), _press("enter", "t")),
    "lesson-end": Scene("LessonScreen", _fixture(), _press("enter", "right", "right", "right")),
    "link-hovered": Scene("LessonScreen", _linked_course, _hovering_a_link, again=_hover_the_link),
    "quiz": Scene("QuizScreen", _fixture(quiz="basics-quiz")),
    "quiz-feedback": Scene("QuizScreen", _fixture(quiz="basics-quiz"), _press("1", "enter")),
    "quiz-summary": Scene("QuizSummaryScreen", _fixture(quiz="basics-quiz"), _press("1", "enter", "enter", "ctrl+f", "enter", "y")),
    "exam-intro": Scene("ExamIntroScreen", _fixture(quiz="final-exam", exam=True)),
    "exam-question-list": Scene("QuizScreen", _fixture(quiz="final-exam", exam=True), _exam_started),
    "scenario": Scene("ScenarioScreen", _fixture(), _to_scenario),
    "review": Scene("ReviewScreen", _fixture(), _press("r")),
    "stats": Scene("StatsScreen", _fixture(), _press("g")),
    "help": Scene("HelpScreen", _fixture(), _press("question_mark")),
    "about": Scene("AboutScreen", _fixture(), _press("a")),
    "learners": Scene("LearnersScreen", _fixture(), _press("u")),
    "settings": Scene("SettingsScreen", _fixture(), _press("s")),
    "notes": Scene("NotesScreen", _fixture(), _press("b")),
    "search": Scene("SearchScreen", _fixture(), _searched),
    "confirm-start-over": Scene("ConfirmScreen", _fixture(), _press("x")),
    "command-palette": Scene("CommandPalette", _fixture(), _press("ctrl+p")),
    "toasts": Scene("CourseMapScreen", _fixture(), _toasts),
    "read-only": Scene("CourseMapScreen", _fixture(), _read_only_banner),
    "trainer": Scene("TrainerScreen", _fixture(trainer=True), _press("t")),
    "welcome": Scene("WelcomeScreen", _first_run),
    "completion": Scene("CompletionScreen", _finished, _press("c")),
    "tour": Scene("TourScreen", _fixture(), _press("question_mark", "w")),
    "findings": Scene("FindingsScreen", _broken_course),
    "too-small": Scene("TooSmallScreen", _fixture(), size=(50, 15)),
}


def failures(app: CourseApp, eight_bit: bool = False) -> list[str]:
    """Every run of text on the screen below 4.5:1: its place, text, colours and ratio."""
    cells = screen_cells(app, eight_bit)
    assert cells, "the screen could not be read"
    found = []
    for row, column, text, fg, bg, _ in cells:
        if is_text(text) and (ratio := contrast(fg, bg)) < AA_TEXT:
            found.append(f"{row}:{column} {text.strip()[:24]!r} #{bytes(fg).hex()} on #{bytes(bg).hex()} {ratio:.2f}")
    return found


async def _measure(scene: Scene, tmp_path: Path, lang: str, themes: list[str], eight_bit: bool = False) -> dict[str, list[str]]:
    app = scene.make(tmp_path, lang)
    if eight_bit:  # as on a terminal of 256 colours
        app.shows_256_colours = lambda: True  # type: ignore[method-assign]
    found: dict[str, list[str]] = {}
    async with app.run_test(size=scene.size, notifications=True) as pilot:
        await tui_kit.pause(pilot)
        if scene.steps is not None:
            await scene.steps(pilot)
        await tui_kit.pause(pilot, 4)
        drawn = "".join(cell[2] for cell in screen_cells(app) or [] if is_text(cell[2]))
        assert len(drawn.replace(" ", "")) > 20, f"nothing drawn to measure: {drawn!r}"
        for theme in themes:
            app.theme = theme
            await tui_kit.pause(pilot, 3)
            assert app.theme == theme
            if scene.again is not None:
                await scene.again(pilot)
            assert type(app.screen).__name__ == scene.shows, f"{scene.shows} expected, {type(app.screen).__name__} shown"
            if scene.steps is _toasts:
                assert "nearly up" in "".join(cell[2] for cell in screen_cells(app) or []), "the toasts are gone"
            if bad := failures(app, eight_bit):
                found[theme] = bad
    return found


def _check(scene: str, tmp_path: Path, lang: str, themes: list[str], eight_bit: bool = False) -> None:
    found = asyncio.run(_measure(SCENES[scene], tmp_path, lang, themes, eight_bit))
    report = "\n".join(f"{theme}: {len(bad)} runs, e.g. " + "; ".join(bad[:3]) for theme, bad in found.items())
    assert not found, f"text below {AA_TEXT}:1 on {scene} ({lang}):\n{report}"


# The default suite: one screen in every theme, and a screen of each kind of widget (a
# question, a dialog with lists, an input, toasts, the palette) in the light and dark default
# themes. The slow suite: everything.
KINDS = ["quiz-feedback", "settings", "search", "toasts", "command-palette"]


def test_every_theme_keeps_aa_contrast_on_the_course_map(tmp_path):
    _check("map", tmp_path, "en", THEMES)


@pytest.mark.parametrize("scene", KINDS)
def test_each_kind_of_screen_keeps_aa_contrast_in_the_default_light_and_dark_themes(scene, tmp_path):
    _check(scene, tmp_path, "zh" if len(scene) % 2 else "en", LIGHT_AND_DARK)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scene", sorted(SCENES))
def test_every_screen_keeps_aa_contrast_in_every_theme(scene, lang, tmp_path):
    _check(scene, tmp_path, lang, THEMES)


@pytest.mark.slow
@pytest.mark.parametrize("scene", ["map", "lesson", "quiz-feedback", "settings", "search", "learners", "help"])
def test_screens_keep_aa_contrast_in_every_theme_on_a_terminal_of_256_colours(scene, tmp_path):
    _check(scene, tmp_path, "en", THEMES, eight_bit=True)


async def test_a_new_palette_gets_a_new_filter(tmp_path):
    """Textual keeps filtered lines per filter: the filter of one palette must not serve another."""
    app = tui_kit.fixture_app(tmp_path, "en", theme="ansi-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await tui_kit.pause(pilot)
        dark = app.get_line_filters()[-1]
        app.theme = "ansi-light"
        await tui_kit.pause(pilot)
        light = app.get_line_filters()[-1]
        assert light is not dark and light.palette is app.ansi_theme and dark.palette is not app.ansi_theme


def test_the_measurement_catches_what_textual_draws_without_the_filter(tmp_path, monkeypatch):
    """The check can fail: without the contrast filter, the light theme's key bar and the
    highlighted chapter are below AA."""
    monkeypatch.setenv("COURSE_TUI_CONTRAST", "off")
    found = asyncio.run(_measure(SCENES["map"], tmp_path, "en", ["textual-light", "textual-dark"]))
    assert any(f.startswith("3:") for f in found["textual-dark"]), found  # the highlighted chapter
    assert any(f.startswith("23:") for f in found["textual-light"]), found  # the key bar
