"""Text in the learner's language: store errors, the palette's placeholder, answers joined
with the language's separator, titles quoted with nested quotes, singular and plural."""

from __future__ import annotations

from coursekit import write_course
from tui_kit import make_app

from course_tui.course.bundled import bundled_course_path
from course_tui.course.loader import load_course
from course_tui.learning.session import enter_learner
from course_tui.learning.store import Store, StoreError
from course_tui.tui.i18n import quoted, store_message, t
from course_tui.tui.widgets.questions import describe_answer, describe_response


def test_store_errors_are_said_in_the_learners_language(tmp_path):
    store = Store(tmp_path / "s")
    enter_learner(store, "小王", "t")
    enter_learner(store, "amy", "t")
    try:
        store.rename("amy", "小王")
    except StoreError as exc:
        error = exc
    else:
        raise AssertionError("renaming onto an existing learner must fail")
    assert store_message("zh", error) == "已有名为“小王”的学员。"
    assert store_message("en", error) == "A learner called “小王” already exists."
    assert "already exists" in str(error)  # the command line's words stay


def test_chinese_answers_are_joined_with_a_full_width_semicolon():
    course = load_course(bundled_course_path()).course
    matching = next(q for quiz in course.quizzes for q in quiz.questions if type(q).__name__ == "Matching")
    multiple = next(q for quiz in course.quizzes for q in quiz.questions if type(q).__name__ == "MultipleChoice")
    assert "；" in describe_answer(matching, "zh") and "; " not in describe_answer(matching, "zh")
    assert "; " in describe_answer(matching, "en")
    assert describe_response(multiple, [], "zh") == "—" and describe_response(multiple, [], "en") == "—"


def test_titles_in_quotes_nest_their_own_quotes():
    assert quoted('Quiz: the "official" PMO definition') == "“Quiz: the ‘official’ PMO definition”"
    assert quoted("“官方”的PMO定义") == "“‘官方’的PMO定义”"


def test_one_is_singular_in_english():
    assert t("en", "quiz.retry_missed", n=1) == "Retry the missed question"
    assert t("en", "quiz.retry_missed", n=3) == "Retry the 3 missed questions"
    assert t("en", "review.due", n=1) == "1 question due now"
    assert t("zh", "review.due", n=1) == "现在有1题需要复习"


async def test_the_command_palette_placeholder_is_chinese_in_chinese(tmp_path):
    from textual.command import CommandInput, CommandPalette

    write_course(tmp_path / "c")
    app = make_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
