"""Chinese line breaking: no line starts with closing punctuation (，。、）” …) and none ends
with an opening bracket or quote, wherever the app wraps text — checked on the rule itself
and on every bundled lesson section, quiz question and result page as the app draws them."""

from __future__ import annotations

import pytest
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.content import Content
from test_tui_markup import screen_lines

from course_tui.course.bundled import bundled_course_path
from course_tui.learning.session import open_session
from course_tui.tui.app import CourseApp
from course_tui.tui.linebreak import NO_END, NO_START, divide_line
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen, QuizSummaryScreen
from course_tui.tui.widgets.numbered import HangingLine
from course_tui.tui.textual_compat import break_lines_by_cjk_rules, lines_break_by_cjk_rules

SAMPLE = "作者还观察到：有一部分产品经理（PM）会尝试转型做PMO，想在“产品解决方案”的设计之外，定期回顾、不断修改——这才是“打出来”。"


def _lines(text: str, width: int) -> list[str]:
    cuts = [0, *divide_line(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


# Chinese closing and opening punctuation (an ASCII "?" alone is a matching answer's mark)
CLOSING = {c for c in NO_START if ord(c) > 127}
OPENING = {c for c in NO_END if ord(c) > 127}


def _bad(lines: list[str]) -> list[str]:
    """The lines that start with closing punctuation or end with an opening one."""
    bad = []
    for line in lines:
        text = line.strip(" \u00a0▌▎│┃▊▍")
        if text and (text[0] in CLOSING or text[-1] in OPENING):
            bad.append(line)
    return bad


@pytest.mark.parametrize("width", range(6, 41))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width):
    lines = _lines(SAMPLE, width)
    assert "".join(lines) == SAMPLE
    assert _bad(lines) == []
    assert all(Console().measure(Text(line.rstrip())).maximum <= width for line in lines)


def test_latin_words_numbers_and_double_dashes_are_not_split():
    lines = _lines(SAMPLE, 12)
    assert any("PMO，" in line for line in lines) and not any(line.endswith(("P", "PM")) for line in lines)
    assert not any(line.endswith("—") for line in lines)
    english = "The PMO runs the weekly review; everyone  reads the notes. A verylongwordthatmustbefolded too."
    for width in range(4, 30):  # English breaks where Rich always broke it
        assert divide_line(english, width) == rich_divide_line(english, width)


def test_textual_content_and_rich_text_wrap_with_the_rules():
    assert break_lines_by_cjk_rules()
    assert lines_break_by_cjk_rules()
    for width in (9, 10, 11, 13):
        assert _bad([c.plain for c in Content(SAMPLE).wrap(width)]) == []
        assert _bad([t.plain for t in Text(SAMPLE).wrap(Console(width=80), width)]) == []


# -- every bundled lesson section and quiz question, as the app draws them --------------


def _drawn(app: CourseApp) -> list[str]:
    """The terminal's rows (from Textual's own screenshot)."""
    return screen_lines(app)


TALL = 150  # rows: a whole section, question or result page at once (the width is what wraps)


def _app(tmp_path, width: int) -> CourseApp:
    return CourseApp(open_session(bundled_course_path(), store=tmp_path / f"s{width}", learner="amy", lang="zh"))


@pytest.mark.slow  # every bundled section or question drawn: about 50 s of CPU each
@pytest.mark.parametrize("width", [80, 60])
async def test_every_chinese_lesson_section_wraps_by_the_rules(tmp_path, width):
    app = _app(tmp_path, width)
    bad: list[str] = []
    seen = 0
    async with app.run_test(size=(width, TALL)) as pilot:
        for chapter in app.course.chapters:
            screen = LessonScreen(chapter.id, visit=False)
            await app.push_screen(screen)
            await pilot.pause()
            screen.action_toggle_toc()  # to the contents, then hidden: rows start where the text starts
            await pilot.pause()
            screen.action_toggle_toc()
            assert not screen.query_one("#toc").display
            for index in range(len(screen.lesson.sections)):
                await screen._show(index)
                await pilot.pause()
                lines = _drawn(app)[1:-2]  # the text, without the title, status and key bars
                seen += len(lines)
                bad += [f"{chapter.id}#{index}: {line.strip()}" for line in _bad(lines)]
            app.pop_screen()
            await pilot.pause()
    assert seen > 1000  # every section was drawn
    assert bad == []


@pytest.mark.slow  # every bundled section or question drawn: about 50 s of CPU each
@pytest.mark.parametrize("width", [80, 60])
async def test_every_chinese_quiz_question_and_the_result_page_wrap_by_the_rules(tmp_path, width):
    app = _app(tmp_path, width)
    bad: list[str] = []
    questions = 0
    async with app.run_test(size=(width, TALL)) as pilot:
        for quiz in app.course.quizzes:
            screen = QuizScreen(quiz.id)  # practice: no navigation panel beside the text
            await app.push_screen(screen)
            await pilot.pause()
            for index in range(len(screen.run.questions)):
                await screen._go_to(index)
                await pilot.pause()
                bad += [f"{quiz.id}#{index}: {line.strip()}" for line in _bad(_drawn(app)[2:-1])]
                questions += 1
            await screen._finish()
            for _ in range(5):
                await pilot.pause()
            assert isinstance(app.screen, QuizSummaryScreen)
            bad += [f"{quiz.id} result: {line.strip()}" for line in _bad(_drawn(app)[1:-1])]
            app.pop_screen()
            await pilot.pause()
    assert questions >= 100
    assert bad == []


async def test_the_practice_feedback_wraps_your_answer_under_the_answer(tmp_path):
    app = _app(tmp_path, 80)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuizScreen("background-quiz"))
        await pilot.pause()
        await pilot.press("1", "space", "down", "space", "enter")  # two long options chosen
        await pilot.pause()
        line = app.screen.query_one(HangingLine)
        rows = [row.plain for row in line.lines(line.content_region.width)]
        assert len(rows) >= 2 and rows[0].startswith("你的答案：")
        label = cell_len("你的答案：")
        assert all(cell_len(row) - cell_len(row.lstrip()) == label for row in rows[1:])  # under the answer
