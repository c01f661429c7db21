"""Keys that must go on working: after F2 on the course map, in the lesson reader (contents,
the last section, resuming), and what help and the key bar say about them."""

from __future__ import annotations

from tui_kit import settle

from course_tui.course.bundled import bundled_course_path
from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.widgets.rowlist import RowList


def bundled_app(tmp_path, lang: str = "en") -> CourseApp:
    return CourseApp(open_session(bundled_course_path(), store=tmp_path / "s", learner="amy", lang=lang))


async def test_f2_on_the_map_keeps_the_chosen_chapter_and_the_keys_work_at_once(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.press("f2")
        await pilot.pause()
        chapters = app.screen.query_one("#chapters", RowList)
        assert app.lang == "zh" and chapters.highlighted == 2
        assert app.screen.focused is chapters
        await pilot.press("down", "enter")
        await settle(pilot, LessonScreen)
        assert app.screen.lesson.id == app.course.chapters[3].id
