"""A terminal below the minimum size: a whole, wrapped notice at any size down to 20×5,
gone exactly at the minimum, over every screen (a lesson too), and never left behind by
fast resizes."""

from __future__ import annotations

import pytest
from test_tui_markup import screen_lines
from tui_kit import make_app, settle

from course_tui.tui.app import MIN_HEIGHT, MIN_WIDTH
from course_tui.tui.i18n import t
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.dialogs import TooSmallScreen
from course_tui.tui.screens.lesson import LessonScreen


def _shown(app) -> str:
    return "".join("".join(screen_lines(app)).split())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(50, 15), (20, 5), (59, 24), (80, 19)])
async def test_the_whole_notice_shows_at_any_small_size(tmp_path, lang, size):
    app = make_app(tmp_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = t(lang, "too_small", width=size[0], height=size[1], min_width=MIN_WIDTH, min_height=MIN_HEIGHT)
        assert _shown(app) == "".join(message.split())  # every word, nothing of the map under it


async def test_resizing_to_exactly_the_minimum_unblocks(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)


async def test_fast_resizes_leave_no_notice_behind_and_escape_works(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        for size in [(50, 15), (40, 10), (55, 18), (30, 8)]:  # no pause between them
            await pilot.resize_terminal(*size)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)


async def test_a_screen_opened_while_too_small_is_covered_too(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        app.open_lesson("intro")  # as the command palette does
        await settle(pilot, TooSmallScreen)
        assert isinstance(app.screen_stack[-2], LessonScreen)
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")  # the notice left under the lesson goes away by itself
        await settle(pilot, CourseMapScreen)
