"""Moving through a lesson, answering a quiz question and coming back to the map update the
screen in place: the same widgets stay, only what changed is shown anew."""

from __future__ import annotations

import pytest

from textual.widgets import Button, Label
from tui_kit import bundled_app, pause

from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.rowlist import RowList


@pytest.mark.slow  # about 4 s: a whole flow (CI runs it in the slow step)
async def test_moving_between_sections_keeps_the_screen_and_shows_the_new_text(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        lesson = app.course.chapters[0].lesson
        app.open_lesson(lesson.id, lesson.sections[0].id)
        await pause(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        toc, footer = screen.query_one("#toc", RowList), screen.query_one(KeyBar)
        for i in range(1, len(lesson.sections)):
            await pilot.press("right")
            await pause(pilot)
            assert app.screen is screen and screen.index == i
            assert screen.query_one("#toc", RowList) is toc and screen.query_one(KeyBar) is footer
            shown = [md for md in screen.query(FastMarkdown) if md.display]
            assert shown == [screen.text_widget]
            assert shown[0].source.startswith(f"## {lesson.sections[i].title('en')}")
            assert shown[0].query("MarkdownBlock"), "the blocks are mounted"
            assert [m.startswith("▸") for m in toc.texts] == [k == i for k in range(len(lesson.sections))]
            assert toc.highlighted == i
            assert f"Section {i + 1} of {len(lesson.sections)}" in str(screen.query_one("#section-of", Label).content)
            assert screen.query_one("#prev-section", Button).disabled is False
            assert not screen.query_one("#next-section", Button).disabled  # on the last: what follows
            assert any(block.display for block in screen.query("#lesson-end")) is screen.is_last
            assert screen.query_one("#section").scroll_y == 0
            saved = app.learner.course["lessons"][lesson.id]["section"]
            assert saved == lesson.sections[i].id
        # Back to the first section with the mouse.
        await pilot.click("#toc", offset=(2, 0))
        await pause(pilot)
        assert screen.index == 0 and not any(block.display for block in screen.query("#lesson-end"))
        assert [md for md in screen.query(FastMarkdown) if md.display] == [screen.text_widget]
        assert screen.query_one("#prev-section", Button).disabled is True


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_a_jump_to_a_section_not_fetched_ahead(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        lesson = app.course.chapters[0].lesson
        app.open_lesson(lesson.id, lesson.sections[0].id)
        await pause(pilot)
        screen = app.screen
        assert set(screen._texts) == {0, 1}, "the next section is fetched ahead"
        toc = screen.query_one("#toc")
        toc.focus()
        toc.highlighted = 4
        await pilot.press("enter")
        await pause(pilot)
        assert screen.index == 4
        shown = [md for md in screen.query(FastMarkdown) if md.display]
        assert shown == [screen.text_widget] and shown[0].source.startswith(f"## {lesson.sections[4].title('en')}")
        assert {3, 4, 5} <= set(screen._texts)


async def test_answer_feedback_swaps_only_the_answer_area(tmp_path):
    app = bundled_app(tmp_path, quiz="background-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        prompt, status = screen.query_one("#prompt", FastMarkdown), screen.query_one("#quiz-status", Label)
        footer = screen.query_one(KeyBar)
        first = screen.question
        await pilot.press("1", "enter")
        await pause(pilot)
        assert screen.feedback is not None and screen.query("#feedback") and not screen.query("#answer-view")
        assert screen.query_one("#prompt") is prompt and prompt.source == first.prompt("en")
        assert screen.query_one("#quiz-status") is status and screen.query_one(KeyBar) is footer
        assert screen.query_one("#quiz-body").scroll_y == 0
        assert app.focused is screen.query_one("#next", Button)
        await pilot.press("enter")
        await pause(pilot)
        second = screen.question
        assert second is not first and screen.feedback is None
        assert not screen.query("#feedback") and screen.query("#answer-view")
        assert screen.query_one("#prompt", FastMarkdown).source == second.prompt("en")
        assert "Question 2 of" in str(screen.query_one("#quiz-status", Label).content)


async def test_the_map_shows_progress_made_in_a_lesson_without_being_rebuilt(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        the_map = app.screen
        assert isinstance(the_map, CourseMapScreen)
        chapters = the_map.query_one("#chapters", RowList)
        assert "○" in chapters.row(0).title
        untouched = chapters.row(1)
        await pilot.press("enter")
        await pause(pilot)
        await pilot.press("right", "escape")
        await pause(pilot)
        assert app.screen is the_map and the_map.query_one("#chapters", RowList) is chapters
        assert chapters.row(1) is untouched  # only the changed row is replaced
        title, detail = chapters.texts[0].split("\n")
        assert "◐" in title and "2/" in detail
        assert "2/" in str(the_map.query_one("#continue-line", Label).content)


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
async def test_without_textual_internals_the_stock_markdown_path_still_shows_every_section(tmp_path, monkeypatch):
    from course_tui.tui import textual_compat

    monkeypatch.setattr(textual_compat, "EAGER_MARKDOWN", False)  # as with a Textual whose Markdown changed
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        lesson = app.course.chapters[0].lesson
        app.open_lesson(lesson.id, lesson.sections[0].id)
        await pause(pilot, 6)
        screen = app.screen
        for i in range(1, 3):
            await pilot.press("right")
            await pause(pilot, 6)
            assert screen.index == i
            assert screen.text_widget.source.startswith(f"## {lesson.sections[i].title('en')}")
            assert screen.text_widget.query("MarkdownBlock"), "the blocks are mounted"


async def test_the_lesson_text_has_the_focus_from_the_start_and_after_a_language_change(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        lesson = app.course.chapters[0].lesson
        app.open_lesson(lesson.id, lesson.sections[1].id)
        await pause(pilot)
        assert app.focused is not None and app.focused.id == "section"
        await pilot.press("f2")  # the screen is composed anew in Chinese
        await pause(pilot)
        body = app.screen.query_one("#section")
        assert app.focused is body
        await pilot.press("down")  # the arrows still scroll the text
        await pause(pilot)
        assert body.scroll_y > 0
        assert "返回" in [k.description for k in app.screen.query_one(KeyBar).shown]
