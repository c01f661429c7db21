"""Search (/): lessons, quiz explanations and scenario texts in the current language;
Chinese by characters, English by words; titles first; Enter opens the section; closed
during an exam; fast enough to answer every keystroke."""

from __future__ import annotations

import time

import pytest
from coursekit import write_course
from tui_kit import make_app, settle

from course_tui.course.bundled import bundled_course_path
from course_tui.course.loader import load_course
from course_tui.learning.search import SearchIndex, Target, fold, index_for, matcher, plain_line


@pytest.fixture(scope="module")
def bundled():
    return load_course(bundled_course_path()).course


def test_chinese_is_matched_by_characters_inside_words(bundled):
    hits = SearchIndex(bundled, "zh").search("打出来")
    assert hits and all("打出来" in h.line.replace(" ", "") or h.in_title for h in hits)
    assert any(h.target == Target("section", "background", h.target.section) for h in hits)


def test_english_is_matched_by_word_starts_in_any_order_and_case(bundled):
    index = SearchIndex(bundled, "en")
    hits = index.search("FOUGHT position")
    assert hits and all("fought" in fold(h.line) and "position" in fold(h.line) for h in hits if not h.in_title)
    assert not [h for h in index.search("ought") if "fought" in fold(h.line) and "ought " not in fold(h.line)]  # not inside a word


def test_full_width_letters_match_half_width():
    match = matcher("ＰＭＯ")
    assert match is not None and match(fold("the PMO office"))


def test_an_empty_query_finds_nothing(bundled):
    assert SearchIndex(bundled, "en").search("   ") == []


def test_section_titles_come_before_lines_in_the_text(bundled):
    hits = SearchIndex(bundled, "en").search("takeaways")
    assert hits[0].in_title
    firsts = [h.in_title for h in hits]
    assert firsts == sorted(firsts, reverse=True)  # every title hit before every text hit


def test_quiz_explanations_lead_to_the_section_they_point_to_and_scenarios_to_the_scenario(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    index = SearchIndex(course, "en", {"question": "question {n}"})
    explanation = [h for h in index.search("because") if "question" in h.where]
    assert explanation and explanation[0].target.kind == "section"
    quiz = course.quizzes[0]
    q = quiz.questions[int(explanation[0].where.rsplit(" ", 1)[1]) - 1]
    assert explanation[0].target == Target("section", q.section.lesson, q.section.section)
    scenario = course.chapters[0].scenarios[0]
    node_text = next(iter(scenario.nodes.values())).text("en").split()[0]
    assert any(h.target == Target("scenario", scenario.id) for h in index.search(node_text))


def test_markdown_markers_are_not_shown_in_the_matched_line():
    assert plain_line("## A **bold** `code` [link](http://x) {#id}") == "A bold code link"
    assert plain_line("> - 1. quoted item") == "quoted item"


def test_the_index_is_built_once_per_course_and_language(bundled):
    assert index_for(bundled, "zh") is index_for(bundled, "zh")
    assert index_for(bundled, "zh") is not index_for(bundled, "en")


def test_a_keystroke_is_answered_quickly_on_the_bundled_course(bundled):
    """The budget is 50 ms a keystroke (benchmarks/search.py measures it); this guards
    against a slow path with room for a busy test machine."""
    for lang, query in (("zh", "项目管理办公室"), ("en", "pain point killer"), ("en", "p"), ("zh", "管")):
        index = index_for(bundled, lang)
        start = time.perf_counter()
        for prefix in range(1, len(query) + 1):
            index.search(query[:prefix])
        per_key = (time.perf_counter() - start) / len(query)
        assert per_key < 0.25, (lang, query, per_key)


async def test_slash_opens_search_and_enter_opens_the_section(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen
    from course_tui.tui.screens.search import SearchScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("slash")
        await settle(pilot, SearchScreen)
        screen = app.screen
        await pilot.press(*"second")
        await pilot.pause()
        assert screen.hits and f"{len(screen.hits)} match" in str(screen.query_one("#search-count").render())
        target = screen.hits[0].target
        await pilot.press("down", "enter")
        await settle(pilot, LessonScreen)
        assert app.screen.lesson.id == target.id
        assert app.screen.lesson.sections[app.screen.index].id == target.section


async def test_f2_searches_the_same_words_in_the_other_language(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.search import SearchScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("slash")
        await settle(pilot, SearchScreen)
        await pilot.press(*"因为")
        await pilot.pause()
        assert not app.screen.hits  # English content has no Chinese words
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "zh" and app.screen.hits and app.screen.query_text == "因为"
        assert "找到" in str(app.screen.query_one("#search-count").render())


async def test_search_is_closed_during_an_exam(tmp_path):
    from course_tui.tui.screens.quiz import QuizScreen
    from course_tui.tui.screens.search import SearchScreen

    app = make_app(tmp_path, quiz="intro-quiz", exam=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, QuizScreen)
        await app.action_search()
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen) and isinstance(app.screen, QuizScreen)
        assert app.check_action("search", ()) is False


async def test_slash_under_help_during_an_exam_still_does_not_search(tmp_path):
    from course_tui.tui.screens.help import HelpScreen
    from course_tui.tui.screens.quiz import QuizScreen
    from course_tui.tui.screens.search import SearchScreen

    app = make_app(tmp_path, quiz="intro-quiz", exam=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, QuizScreen)
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        await pilot.press("slash")
        await pilot.pause()
        assert not any(isinstance(screen, SearchScreen) for screen in app.screen_stack)
