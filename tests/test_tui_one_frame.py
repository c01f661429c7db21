"""The next section and the answer feedback show in one frame: the scroll bar's column is kept
whether or not the text needs a bar (the text is wrapped once, at the same width, bar or no
bar), the last section's end block comes with its text, and the neighbouring sections are
fetched after the paint, not in front of it."""

from __future__ import annotations

import pytest
from tui_kit import bundled_app, pause

from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen
from course_tui.tui.widgets.questions import QuestionView


def _answer(q, wrong: bool):
    """A right (or a wrong) response to *q*."""
    from course_tui.course.model import (
        Matching,
        MultipleChoice,
        Ordering,
        ShortAnswer,
        SingleChoice,
        TrueFalse,
    )

    if isinstance(q, SingleChoice):
        return next(o.id for o in q.options if o.id != q.answer) if wrong else q.answer
    if isinstance(q, MultipleChoice):
        return [next(o.id for o in q.options if o.id not in q.answer)] if wrong else list(q.answer)
    if isinstance(q, TrueFalse):
        return (not q.answer) if wrong else q.answer
    if isinstance(q, ShortAnswer):
        return "something else" if wrong else q.accepted("en")[0]
    if isinstance(q, Ordering):
        order = list(range(len(q.items)))
        return order[::-1] if wrong else order
    assert isinstance(q, Matching)
    return {i: (i + 1) % len(q.pairs) if wrong else i for i in range(len(q.pairs))}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_each_section_is_wrapped_at_the_same_width_with_or_without_a_scroll_bar(tmp_path, lang):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        if lang != app.lang:
            await pilot.press("f2")
            await pause(pilot)
        bars: set[bool] = set()
        for chapter in app.course.chapters[:3]:
            lesson = chapter.lesson
            app.open_lesson(lesson.id, lesson.sections[0].id)
            await pause(pilot)
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            body = screen.query_one("#section")
            width = body.scrollable_content_region.width
            for i in range(1, len(lesson.sections)):
                await screen._show(i)
                if screen.is_last:
                    assert any(block.display for block in screen.query("#lesson-end")), "the end block is shown with the text"
                await pause(pilot)
                assert body.scrollable_content_region.width == width, (lesson.id, i)
                assert screen.text_widget.size.width == width - screen.text_widget.styles.gutter.width
                assert body.show_vertical_scrollbar == (body.max_scroll_y > 0)
                bars.add(body.show_vertical_scrollbar)
                if i + 1 < len(lesson.sections):
                    assert i + 1 in screen._texts, "the next section was fetched after the paint"
                assert set(screen._texts) <= {i - 1, i, i + 1}, "texts further away are unmounted"
                assert len(screen.query(".section-md")) == len(screen._texts)
            app.go_home()
            await pause(pilot)
    assert bars == {True, False}, "sections with and without a scroll bar were both seen"


@pytest.mark.slow
async def test_the_question_and_its_feedback_are_wrapped_at_the_same_width_with_or_without_a_scroll_bar(tmp_path):
    app = bundled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        quiz = app.course.chapters[0].quizzes[0]
        app.open_quiz(quiz.id)
        await pause(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        width = screen.query_one("#quiz-body").scrollable_content_region.width
        bars: set[bool] = set()
        for k, q in enumerate(screen.run.questions):
            await screen.on_question_view_answered(QuestionView.Answered(q, _answer(q, wrong=k % 2 == 0)))
            body = screen.query_one("#quiz-body")
            await pause(pilot)
            assert body.scrollable_content_region.width == width, q.id
            bars.add(body.show_vertical_scrollbar)
            await pilot.press("enter")
            await pause(pilot)
    assert bars == {True, False}, "feedback with and without a scroll bar were both seen"
