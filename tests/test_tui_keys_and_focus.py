"""Keys that must go on working: after F2 on the course map, in the lesson reader (contents,
the last section, resuming), and what help and the key bar say about them."""

from __future__ import annotations

import pytest

from test_tui_markup import screen_lines
from tui_kit import labels, make_app, settle

from course_tui.course.bundled import bundled_course_path
from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.course_map import CourseMapScreen
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


async def test_t_moves_to_the_contents_and_enter_opens_the_chosen_section(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        toc = app.screen.query_one("#toc", RowList)
        await pilot.press("t")
        await pilot.pause()
        assert toc.display and app.screen.focused is toc
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.index == 1
        assert app.screen.focused is app.screen.query_one("#section")  # the chosen section is read
        await pilot.press("t", "t")  # to the contents, then from them: hidden, back to the text
        await pilot.pause()
        assert not toc.display and app.screen.focused is app.screen.query_one("#section")
        await pilot.press("t")
        await pilot.pause()
        assert toc.display and app.screen.focused is toc


async def test_n_on_the_last_section_offers_the_chapters_quiz(tmp_path):
    from textual.widgets import Button

    from course_tui.tui.screens.quiz import QuizScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.is_last
        await pilot.press("n")
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.name == "quiz:intro-quiz"
        names = [b.name for b in app.screen.query("#lesson-end Button")]
        assert names[-2:] == ["lesson:next", "map:"]  # the next chapter is offered too
        await pilot.press("enter")
        await settle(pilot, QuizScreen)


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_reopening_a_lesson_restores_the_scroll_position(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        body = app.screen.query_one("#section")
        await pilot.press("down", "down", "down", "down", "down")
        await pilot.pause()
        assert body.scroll_y == 5
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        await pilot.pause()
        assert app.screen.query_one("#section").scroll_y == 5


async def test_english_contents_titles_wrap_whole(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        toc = app.screen.query_one("#toc", RowList)
        shown = " ".join(" ".join(line.split()) for line in screen_lines(app))
        for section in app.screen.lesson.sections[:5]:
            title = section.title("en")
            assert all(word in shown for word in title.split()), title
        assert any(len(s.title("en")) > 24 for s in app.screen.lesson.sections)  # would have been cut
        assert toc.display


async def _help_text(pilot) -> str:
    from course_tui.tui.screens.help import HelpScreen

    await pilot.press("question_mark")
    await settle(pilot, HelpScreen)
    text = labels(pilot.app)
    await pilot.press("escape")
    await pilot.pause()
    return text


async def test_help_lists_the_command_palette_once_on_every_screen(tmp_path):
    from course_tui.tui.screens.quiz import QuizScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        texts = {"map": await _help_text(pilot)}
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        texts["lesson"] = await _help_text(pilot)
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        texts["quiz"] = await _help_text(pilot)
    for where, text in texts.items():
        assert [line.split() for line in text.splitlines() if "Commands" in line.split()] == [["^p", "Commands"]], where
    quiz = texts["quiz"]
    assert "Space" in quiz and "Tick or untick" in quiz and "Submit the answer" in quiz and "[ / ]" in quiz
    assert "Tick or untick" not in texts["lesson"]


async def test_the_key_bar_names_f2_and_says_when_keys_are_hidden(tmp_path):
    from course_tui.tui.widgets.footer import KeyBar

    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        drawn = str(bar.render())
        assert "? More keys" in drawn  # s, a (settings, about) are only in help
        assert " f2 " not in drawn
        assert [k.display for k in bar.shown if k.key == "f2"] == ["F2"]
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        drawn = str(app.screen.query_one(KeyBar).render())
        assert "? More keys" in drawn  # m and N (bookmark, note) are only in help
        assert [k.display for k in app.screen.query_one(KeyBar).shown if k.key == "f2"] == ["F2"]
