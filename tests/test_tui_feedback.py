"""Practice feedback in few widgets (each widget costs layout time): every option's mark in words, the chosen option's
feedback, the right answer and the explanation; and a footer that is not rebuilt when the
keys it shows stay the same."""

from __future__ import annotations

from tui_kit import make_app

from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.questions import (
    FeedbackView,
    MarksView,
    feedback_lines,
    feedback_parts,
    inline_text,
)


def _rendered(widget) -> str:
    """The text the widget shows on the terminal, line by line."""
    lines = widget.render_lines(widget.region.reset_offset)
    return "\n".join("".join(segment.text for segment in line).rstrip() for line in lines)


async def test_a_wrong_choice_shows_every_mark_its_feedback_the_answer_and_why(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        order = screen.run.option_order(screen.question)
        await pilot.press(str(order.index("b") + 1), "enter")
        await pilot.pause()
        view = screen.query_one("#feedback", FeedbackView)
        assert len(list(view.walk_children())) <= 6  # head, marks, prose (Markdown + paragraphs)
        marks = _rendered(view.query_one(".feedback-marks", MarksView))
        rows = [" ".join(line.split()) for line in marks.splitlines()]
        assert rows == ["○ right, not chosen A", "✗ chosen, wrong B", "↳ Wrong"]
        assert "Not right" in view.text and "Right answer: A" in view.text and "Because" in view.text
        prose = view.query_one(".feedback-prose")._markdown
        assert "Right answer: A" in prose and "Because" in prose


async def test_the_key_bar_is_one_widget_that_follows_focus_and_language(tmp_path):
    app = make_app(tmp_path, quiz="intro-quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert not bar.children, "the keys are drawn, not widgets"
        before = [k.description for k in bar.shown]
        assert "Back" in before and before[-1] == "Commands"
        line = bar.render().plain
        assert "esc Back" in line and line.rstrip().endswith("▏^p Commands")
        order = app.screen.run.option_order(app.screen.question)
        await pilot.press(str(order.index("a") + 1), "enter")  # focus moves to "next question"
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#next").has_focus
        assert app.screen.query_one(KeyBar) is bar and [k.description for k in bar.shown] == before
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert "返回" in [k.description for k in app.screen.query_one(KeyBar).shown]


async def test_a_click_on_the_key_bar_presses_that_key(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        await pilot.click(KeyBar, offset=(line.index("? ") + 1, 0))  # "? Help", or "? More keys"
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


def test_feedback_lines_for_the_review_screen_keep_their_markdown(tmp_path):
    from coursekit import write_course

    from course_tui.course.loader import load_course
    from course_tui.learning.grading import grade
    from course_tui.tui.i18n import t

    write_course(tmp_path / "c")
    question = load_course(tmp_path / "c").course.quiz("intro-quiz").questions[0]  # q-single
    result = grade(question, "b")
    tr = lambda key, **values: t("en", key, **values)  # noqa: E731
    parts = feedback_parts(question, "b", result, "en", tr)
    assert parts.head == "✗ Not right"
    assert parts.marks == [("○ right, not chosen", "A", ""), ("✗ chosen, wrong", "B", "Wrong")]
    assert parts.prose == ["Right answer: A", "**Why**: Because"]
    assert feedback_lines(question, "b", result, "en", tr) == [
        "**✗ Not right**",
        "- ○ right, not chosen — A",
        "- ✗ chosen, wrong — B",
        "  - Wrong",
        "Right answer: A",
        "**Why**: Because",
    ]


def test_inline_markdown_in_option_feedback_is_styled_not_shown_raw():
    text = inline_text("Use **bold**, *this* and `code`\nhere", "italic")
    assert text.plain == "Use bold, this and code here"
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert "bold" in styles["bold"] and "italic" in styles["this"] and "bold" in styles["code"]
