"""Grading: examples and properties (hypothesis)."""

from __future__ import annotations

import pytest
from coursekit import write_course
from hypothesis import given, settings
from hypothesis import strategies as st

from course_tui.course.loader import load_course
from course_tui.course.model import MultipleChoice, Option, Ordering, ShortAnswer, Text
from course_tui.learning.grading import (
    InvalidResponse,
    grade,
    normalize,
    passed,
    play,
    quiz_percent,
    scenario_max_score,
)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    result = load_course(write_course(tmp_path_factory.mktemp("course")))
    assert result.course is not None
    return result.course


def T(s: str) -> Text:
    return Text({"en": s})


def multiple(n_options: int, right: set[int]) -> MultipleChoice:
    return MultipleChoice(
        id="m",
        prompt=T("?"),
        explanation=None,
        section=None,
        points=1,
        options=tuple(Option(f"o{i}", T(f"option {i}")) for i in range(n_options)),
        answer=frozenset(f"o{i}" for i in right),
    )


# -- short answers ------------------------------------------------------------------
def test_short_answer_ignores_case_space_and_width():
    q = ShortAnswer(
        id="s", prompt=T("?"), explanation=None, section=None, points=1, answer={"zh": ("项目管理办公室", "PMO"), "en": ("Project Management Office",)}
    )
    for given_text in ["PMO", "pmo", "  ＰＭＯ ", "Ｐｍｏ", "project   management office", "项目管理办公室"]:
        assert grade(q, given_text, "en").correct, given_text
    assert not grade(q, "PM", "en").correct
    assert not grade(q, "", "en").correct
    assert normalize("甲，乙") == normalize("甲,乙")
    assert normalize("A。") == normalize("a.")


@given(st.text(max_size=40))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20))
def test_full_width_equals_half_width(text):
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert normalize(full) == normalize(text)


@given(st.text(max_size=30), st.sampled_from([" ", "  ", "\t", "\u3000"]))
def test_surrounding_and_repeated_space_is_ignored(text, space):
    q = ShortAnswer(id="s", prompt=T("?"), explanation=None, section=None, points=1, answer={"en": (text,)})
    if normalize(text):
        assert grade(q, space + text.replace(" ", space + " ") + space, "en").correct


# -- choice questions ---------------------------------------------------------------
def test_single_choice_marks(course):
    q = course.quiz("intro-quiz").question("q-single")
    right = grade(q, "a")
    assert right.correct and right.marks == {"a": "correct", "b": "neutral"}
    wrong = grade(q, "b")
    assert not wrong.correct and wrong.marks == {"a": "missed", "b": "wrong"}
    with pytest.raises(InvalidResponse):
        grade(q, "z")


@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.sets(st.integers(0, n - 1), min_size=1),
            st.sets(st.integers(0, n - 1)),
        )
    )
)
def test_multiple_choice_partial_credit(args):
    n, right, chosen = args
    q = multiple(n, right)
    result = grade(q, [f"o{i}" for i in chosen])
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (chosen == right)
    expected = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
    assert result.score == pytest.approx(expected)
    assert result.partly == (0 < expected < 1)  # the summary's ◐ and "Partly right" read this
    # choosing every option never earns full credit unless every option is right
    everything = grade(q, [f"o{i}" for i in range(n)])
    assert everything.correct == (len(right) == n)


def test_true_false(course):
    q = course.quiz("intro-quiz").question("q-tf")
    assert grade(q, True).correct and not grade(q, False).correct
    with pytest.raises(InvalidResponse):
        grade(q, "true")


# -- ordering and matching ----------------------------------------------------------
@given(st.integers(2, 7).flatmap(lambda n: st.permutations(list(range(n)))))
def test_ordering_scores_places(order):
    n = len(order)
    q = Ordering(id="o", prompt=T("?"), explanation=None, section=None, points=1, items=tuple(T(str(i)) for i in range(n)))
    result = grade(q, order)
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (list(order) == list(range(n)))
    assert result.score == pytest.approx(sum(1 for pos, item in enumerate(order) if pos == item) / n)


def test_ordering_rejects_bad_responses(course):
    q = course.quiz("intro-quiz").question("q-order")
    for bad in ([0, 1], [0, 0, 1], "012", None, [0, 1, 5]):
        with pytest.raises(InvalidResponse):
            grade(q, bad)


@given(st.data())
def test_matching(data):
    from course_tui.course.model import Matching, Pair

    n = data.draw(st.integers(2, 6))
    extra = data.draw(st.integers(0, 2))
    q = Matching(
        id="m",
        prompt=T("?"),
        explanation=None,
        section=None,
        points=1,
        pairs=tuple(Pair(T(f"l{i}"), T(f"r{i}")) for i in range(n)),
        distractors=tuple(T(f"d{i}") for i in range(extra)),
    )
    response = {i: data.draw(st.integers(0, n + extra - 1)) for i in range(n)}
    result = grade(q, response)
    assert 0.0 <= result.score <= 1.0
    assert result.correct == all(response[i] == i for i in range(n))


def test_matching_rejects_out_of_range(course):
    q = course.quiz("intro-quiz").question("q-match")
    with pytest.raises(InvalidResponse):
        grade(q, {0: 9})
    with pytest.raises(InvalidResponse):
        grade(q, {7: 0})


# -- quizzes ------------------------------------------------------------------------
def test_quiz_percent_and_pass(course):
    quiz = course.quiz("intro-quiz")
    all_right = {q.id: 1.0 for q in quiz.questions}
    assert quiz_percent(quiz, all_right) == 100.0
    assert passed(quiz, 100.0)
    half = {q.id: 1.0 for q in quiz.questions[:3]}
    assert quiz_percent(quiz, half) == 50.0
    assert not passed(quiz, 50.0)  # pass mark 60 from course.yaml


# -- scenarios ----------------------------------------------------------------------
def test_scenario_path_scoring(course):
    scenario = course.scenario("intro-scenario")
    good = play(scenario, [0, 0])
    assert good.path == ("s", "m", "good") and good.ending == "good" and good.score == 2 + 1 + 5
    bad = play(scenario, [1])
    assert bad.ending == "bad" and bad.score == 0
    unfinished = play(scenario, [0])
    assert not unfinished.finished
    assert scenario_max_score(scenario) == 8
    with pytest.raises(InvalidResponse):
        play(scenario, [5])
    with pytest.raises(InvalidResponse):
        play(scenario, [1, 0])


@settings(max_examples=50)
@given(st.lists(st.integers(0, 1), max_size=4))
def test_scenario_never_beats_max(course, choices):
    scenario = course.scenario("intro-scenario")
    try:
        outcome = play(scenario, choices)
    except InvalidResponse:
        return
    assert outcome.score <= scenario_max_score(scenario)
