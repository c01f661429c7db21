"""Assessment you can trust, the engine's side: options shuffled per attempt in
practice too and kept with the attempt, scenario choices in a per-run order, short answers
forgiving punctuation, matching one-to-one, hints recorded, and blind answering of the
bundled course scoring at chance level."""

from __future__ import annotations

import random
import string

import pytest
from coursekit import edit, write_course
from hypothesis import given, settings
from hypothesis import strategies as st

from course_tui.course.bundled import bundled_course_path
from course_tui.course.loader import load_course
from course_tui.course.model import Matching, MultipleChoice, Ordering, ShortAnswer, SingleChoice, TrueFalse
from course_tui.learning.grading import grade, normalize
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun, display_order
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.store import Store

FOUR = """\
  - id: q-four
    type: single
    section: intro#one
    prompt: {zh: 四选一, en: Four}
    explanation: {zh: 因为, en: Because}
    options:
      - {id: a, text: {zh: 甲, en: A}}
      - {id: b, text: {zh: 乙, en: B}}
      - {id: c, text: {zh: 丙, en: C}}
      - {id: d, text: {zh: 丁, en: D}}
    answer: a
"""


def load(tmp_path, files=None):
    loaded = load_course(write_course(tmp_path / "c", files))
    assert loaded.course is not None, [f.format() for f in loaded.findings]
    return loaded.course


@pytest.fixture
def course(tmp_path):
    return load(tmp_path, edit("quizzes/quiz.yaml", "questions:\n", "questions:\n" + FOUR))


@pytest.fixture
def learner(tmp_path):
    return Learner(Store(tmp_path / "s"), "amy", "t")


# -- shuffling -------------------------------------------------------------------------------
def test_practice_options_differ_between_fresh_attempts(course, learner):
    quiz = course.quiz("intro-quiz")
    assert quiz.mode == "practice"
    orders = set()
    for _ in range(12):
        run = QuizRun.start(course, quiz, learner, "en")  # a fresh seed each time
        orders.add(tuple(run.option_order(quiz.question("q-four"))))
        run.finish()
    assert len(orders) > 1  # 12 attempts all in one order of 24: about 1 in 10^15


def test_the_order_is_stored_and_the_same_on_resume(course, learner):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=7)
    shown = run.option_order(quiz.question("q-four"))
    assert run.attempt["shuffles"]["q-four"] == shown
    again = QuizRun.unfinished(course, quiz, Learner(learner.store, "amy", "t"), "en")
    assert again is not None and again.option_order(quiz.question("q-four")) == shown


def test_shuffle_false_on_the_quiz_or_the_question_keeps_the_written_order(tmp_path, learner):
    quiz_off = load(tmp_path / "a", edit("quizzes/quiz.yaml", "questions:\n", "shuffle: false\nquestions:\n" + FOUR))
    q_off = load(
        tmp_path / "b", edit("quizzes/quiz.yaml", "questions:\n", "questions:\n" + FOUR.replace("    answer: a\n", "    answer: a\n    shuffle: false\n"))
    )
    assert quiz_off.quiz("intro-quiz").shuffle is False and q_off.quiz("intro-quiz").question("q-four").shuffle is False
    for course in (quiz_off, q_off):
        quiz = course.quiz("intro-quiz")
        for seed in range(10):
            run = QuizRun.start(course, quiz, learner, "en", seed=seed)
            assert run.option_order(quiz.question("q-four")) == ["a", "b", "c", "d"]
            run.finish()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1))
def test_display_order_is_a_permutation_determined_by_the_seed(seed):
    course = _small()
    for q in course.quiz("intro-quiz").questions:
        first = display_order(q, random.Random(seed))
        assert first == display_order(q, random.Random(seed))
        if isinstance(q, (SingleChoice, MultipleChoice)):
            assert sorted(first) == sorted(o.id for o in q.options)
        elif isinstance(q, Ordering):
            assert sorted(first) == list(range(len(q.items))) and first != list(range(len(q.items)))
        elif isinstance(q, Matching):
            assert sorted(first) == list(range(len(q.rights))) and first != list(range(len(q.rights)))


_CACHE: dict[str, object] = {}


def _small():
    if "c" not in _CACHE:
        import tempfile
        from pathlib import Path

        _CACHE["c"] = load_course(write_course(Path(tempfile.mkdtemp()) / "c")).course
    return _CACHE["c"]


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1))
def test_scenario_choice_order_is_determined_by_the_run_seed(seed):
    from types import SimpleNamespace

    course = _bundled()
    for scenario in course.scenarios[:3]:
        stored = SimpleNamespace(course={"scenario_runs": [{"id": "x", "seed": seed, "choices": []}]})
        run, again = ScenarioRun(scenario, stored, "x"), ScenarioRun(scenario, stored, "x")  # type: ignore[arg-type]
        for node in scenario.nodes.values():
            order = run.choice_order(node)
            assert order == again.choice_order(node) and sorted(order) == list(range(len(node.choices)))


def _bundled():
    if "b" not in _CACHE:
        _CACHE["b"] = load_course(bundled_course_path()).course
    return _CACHE["b"]


def test_scenario_choices_keep_the_runs_order_on_resume_and_count_by_written_index(tmp_path):
    course = load(tmp_path)
    scenario = course.scenario("intro-scenario")
    learner = Learner(Store(tmp_path / "s"), "amy", "t")
    orders = set()
    for seed in range(20):
        run = ScenarioRun.start(scenario, learner, seed=seed)
        assert run.run["seed"] == seed
        order = run.choice_order()
        orders.add(tuple(order))
        resumed = ScenarioRun.unfinished(scenario, Learner(learner.store, "amy", "t"))
        assert resumed is not None and resumed.choice_order() == order  # same order on resume
        chosen = run.choose_shown(0)
        assert chosen is scenario.nodes[scenario.start].choices[order[0]]
        assert run.run["choices"] == [order[0]]  # stored by the written index
        while not run.finished:
            run.choose_shown(0)
    assert len(orders) > 1


def test_scenario_shuffle_false_keeps_the_written_order(tmp_path):
    from coursekit import BASE

    text = BASE["quizzes/scenario.yaml"]
    course = load(tmp_path, {"quizzes/scenario.yaml": text.replace("start:", "shuffle: false\nstart:", 1)})
    scenario = course.scenario("intro-scenario")
    assert scenario.shuffle is False
    learner = Learner(Store(tmp_path / "s"), "amy", "t")
    for seed in range(10):
        run = ScenarioRun.start(scenario, learner, seed=seed)
        node = run.node
        assert run.choice_order() == list(range(len(node.choices)))


# -- grading ---------------------------------------------------------------------------------
def short(answers, match="normalized"):
    return ShortAnswer("s", None, None, None, 1, answer={"zh": tuple(answers), "en": ("PMO",)}, match=match)  # type: ignore[arg-type]


def test_a_full_stop_after_the_answer_is_accepted():
    q = short(["项目管理办公室"])
    for typed in ("项目管理办公室。", "项目管理办公室", "“项目管理办公室”", "（项目管理办公室）！", "  项目管理办公室、", "「项目管理办公室」"):
        assert grade(q, typed, "zh").correct, typed
    assert not grade(q, "项目管理", "zh").correct


def test_match_exact_and_contains():
    exact = short(["PMO"], match="exact")
    assert grade(exact, " PMO ", "zh").correct and not grade(exact, "pmo", "zh").correct and not grade(exact, "PMO.", "zh").correct
    contains = short(["项目管理办公室"], match="contains")
    assert grade(contains, "它是项目管理办公室吧", "zh").correct and not grade(contains, "项目", "zh").correct


def test_the_loader_reads_match_reuse_and_hint(tmp_path):
    course = load(
        tmp_path,
        {
            **edit(
                "quizzes/quiz.yaml",
                "    answer: [PMO, 项目管理办公室]\n",
                "    answer: [PMO, 项目管理办公室]\n    match: contains\n    hint: {zh: 三个字母, en: Three letters}\n",
            ),
        },
    )
    q = course.quiz("intro-quiz").question("q-short")
    assert q.match == "contains" and q.hint("en") == "Three letters" and q.hint("zh") == "三个字母"
    assert course.quiz("intro-quiz").question("q-single").hint("en") is None


def test_the_feedback_shows_the_interface_languages_answers_only():
    q = ShortAnswer("s", None, None, None, 1, answer={"zh": ("项目管理办公室",), "en": ("PMO", "project management office")})  # type: ignore[arg-type]
    assert q.shown_answers("en") == ("PMO", "project management office")
    assert q.shown_answers("zh") == ("项目管理办公室",)
    assert q.shown_answers("fr") == ("项目管理办公室",)  # the first language written
    from course_tui.tui.widgets.questions import describe_answer

    assert describe_answer(q, "zh") == "项目管理办公室"


PUNCT = st.sampled_from(list("。.！!、,，?？;；:：\"'“”‘’()（）[]【】「」《》<>…-—~*#") + [" ", "\u3000"])
WORD = st.text(alphabet=string.ascii_letters + "项目管理办公室风险", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(word=WORD, before=st.lists(PUNCT, max_size=4), after=st.lists(PUNCT, max_size=4))
def test_normalize_ignores_surrounding_punctuation_and_symbols(word, before, after):
    assert normalize("".join(before) + word + "".join(after)) == normalize(word) == word.casefold()


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=6), min_size=1, max_size=4),
    gaps=st.lists(st.sampled_from([" ", "  ", "\t", "\u3000", " \n "]), min_size=3, max_size=3),
)
def test_normalize_folds_case_width_and_inner_space(words, gaps):
    spaced = words[0] + "".join(gaps[i % 3] + w for i, w in enumerate(words[1:]))
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in spaced)
    assert normalize(wide.upper()) == normalize(spaced.lower()) == " ".join(w.lower() for w in words)


def test_matching_is_one_to_one_unless_reuse(course):
    q = course.quiz("intro-quiz").question("q-match")
    assert isinstance(q, Matching) and q.reuse is False
    twice = grade(q, {0: 0, 1: 0})  # the first right item for both left items
    assert twice.score == 0.0 and twice.marks == {0: "wrong", 1: "wrong"}
    assert grade(q, {0: 0, 1: 2}).marks == {0: "correct", 1: "wrong"}  # per-pair marks
    reusable = Matching(**{f: getattr(q, f) for f in q.__struct_fields__ if f != "reuse"}, reuse=True)
    assert grade(reusable, {0: 0, 1: 0}).marks == {0: "correct", 1: "wrong"}


def test_hint_use_is_recorded_and_shown_in_the_summary(tmp_path):
    course = load(
        tmp_path,
        edit("quizzes/quiz.yaml", "    answer: [PMO, 项目管理办公室]\n", "    answer: [PMO, 项目管理办公室]\n    hint: {zh: 三个字母, en: Three letters}\n"),
    )
    learner = Learner(Store(tmp_path / "s"), "amy", "t")
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    q = quiz.question("q-short")
    assert not run.hint_used(q)
    assert run.use_hint(q) == "Three letters" and run.hint_used(q)
    assert run.use_hint(quiz.question("q-single")) is None and not run.hint_used(quiz.question("q-single"))
    assert Learner(learner.store, "amy", "t").course["attempts"][0]["hints"] == ["q-short"]  # saved
    summary = run.finish()
    assert summary.hints_used == ("q-short",)
    assert [r.question.id for r in summary.results if r.hint_used] == ["q-short"]


# -- blind answering -------------------------------------------------------------------------
def blind(question, run):
    """Always option 1 / False / the first options / the shown order, as a learner guessing."""
    order = run.option_order(question)
    if isinstance(question, SingleChoice):
        return order[0]
    if isinstance(question, MultipleChoice):
        return order[:3]
    if isinstance(question, TrueFalse):
        return False
    if isinstance(question, ShortAnswer):
        return "1"
    if isinstance(question, Ordering):
        return list(order)
    if isinstance(question, Matching):
        return {left: order[left] for left in range(len(question.pairs))}
    raise AssertionError(question)


@pytest.mark.slow  # every quiz of the bundled course answered blind 8 times, each answer saved: about 9 s
def test_blind_answering_the_bundled_course_scores_at_chance_level(tmp_path):
    course = load_course(bundled_course_path()).course
    learner = Learner(Store(tmp_path / "s"), "blind", course.id)
    percents = []
    for quiz in course.quizzes:
        for seed in range(8):
            run = QuizRun.start(course, quiz, learner, "en", seed=seed * 1000 + 1)
            for q in run.questions:
                run.submit(q, blind(q, run))
            percents.append(run.finish().percent)
    mean = sum(percents) / len(percents)
    assert mean < 45, mean


def test_pressing_1_does_not_reach_the_best_ending_of_every_scenario(tmp_path):
    course = load_course(bundled_course_path()).course
    learner = Learner(Store(tmp_path / "s"), "blind", course.id)
    best, runs = 0, 0
    for scenario in course.scenarios:
        top = max(n.ending.score for n in scenario.endings if n.ending)
        for seed in range(6):
            run = ScenarioRun.start(scenario, learner, seed=seed)
            for _ in range(60):
                if run.finished:
                    break
                run.choose_shown(0)
            runs += 1
            if run.finished and run.node.ending and run.node.ending.score >= top:
                best += 1
    assert best / runs < 0.6, (best, runs)


# -- exams: answers change until submitted, the review list hears only the final ones ---------
def test_changing_an_exam_answer_leaves_the_review_list_alone_until_submission(course, learner):
    quiz = course.quiz("intro-quiz")
    q = quiz.question("q-four")
    run = QuizRun.start(course, quiz, learner, "en", exam=True)
    for choice in ("b", "c", "b", "a"):  # three wrong tries, then right: all before submitting
        run.submit(q, choice)
    assert "q-four" not in learner.course["review"]  # nothing decided yet
    run.finish()
    stored = Learner(learner.store, "amy", "t").course
    assert "q-four" not in stored["review"]  # the final answer was right: never a miss
    assert stored["attempts"][-1]["answers"]["q-four"]["response"] == "a"


def test_a_wrong_final_exam_answer_is_missed_once(course, learner):
    quiz = course.quiz("intro-quiz")
    q = quiz.question("q-four")
    run = QuizRun.start(course, quiz, learner, "en", exam=True)
    for choice in ("a", "b", "d"):
        run.submit(q, choice)
    run.finish()
    item = Learner(learner.store, "amy", "t").course["review"]["q-four"]
    assert item["wrong"] == 1 and item["right"] == 0


def test_practice_answers_update_the_review_list_at_once(course, learner):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en")
    run.submit(quiz.question("q-four"), "b")
    assert learner.course["review"]["q-four"]["wrong"] == 1
