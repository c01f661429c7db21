"""Quiz attempts, scenario runs, the review list, the course map's overview and statistics."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from coursekit import write_course

from course_tui.course.loader import load_course
from course_tui.learning import review
from course_tui.learning.grading import InvalidResponse
from course_tui.learning.overview import (
    ALL_DONE,
    NOT_STARTED,
    QUIZ_PASSED,
    READING,
    continue_target,
    overview,
    reading_position,
)
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun, endings_found
from course_tui.learning.stats import compute
from course_tui.learning.store import Store

RIGHT = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "ＰＭＯ", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}


@pytest.fixture
def course(tmp_path):
    return load_course(write_course(tmp_path / "c")).course


@pytest.fixture
def learner(tmp_path):
    return Learner(Store(tmp_path / "s"), "amy", "t")


def answer_all(run: QuizRun, wrong: set[str] = frozenset()) -> None:
    for q in run.questions:
        response = RIGHT[q.id]
        if q.id in wrong:
            response = {"q-single": "b", "q-tf": False, "q-short": "nope"}[q.id]
        run.submit(q, response)


def test_pass_a_quiz(course, learner):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    assert run.mode == "practice" and run.current_index == 0
    assert sorted(run.option_order(quiz.question("q-single"))) == ["a", "b"]  # practice: shuffled too (stored)
    assert run.option_order(quiz.question("q-single")) == run.attempt["shuffles"]["q-single"]
    assert run.option_order(quiz.question("q-order")) != [0, 1, 2]  # ordering: always shuffled
    answer_all(run)
    summary = run.finish()
    assert summary.percent == 100.0 and summary.passed and summary.missed == ()
    attempt = learner.course["attempts"][0]
    assert attempt["finished"] and attempt["passed"] is True and attempt["percent"] == 100.0
    assert attempt["answers"]["q-match"]["response"] == [0, 1]
    assert learner.course["review"] == {}


def test_fail_resume_and_retry_missed(course, learner, tmp_path):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=2)
    run.submit(quiz.question("q-single"), "b")
    run.submit(quiz.question("q-multi"), ["a", "c"])
    # "restart": a new Learner and store object find the unfinished attempt at the right question
    again = Learner(Store(tmp_path / "s"), "amy", "t")
    resumed = QuizRun.unfinished(course, quiz, again, "en")
    assert resumed is not None and resumed.attempt_id == run.attempt_id
    assert resumed.current_index == 2
    assert resumed.answer_of(quiz.question("q-single")).result.marks["b"] == "wrong"
    target = continue_target(course, again)
    assert (target.kind, target.id, target.attempt) == ("quiz", "intro-quiz", run.attempt_id)
    answer_all_rest = [q for q in resumed.questions[resumed.current_index :]]
    for q in answer_all_rest:
        resumed.submit(q, {"q-tf": False, "q-short": "nope"}.get(q.id, RIGHT[q.id]))
    summary = resumed.finish()
    assert summary.percent == 50.0 and not summary.passed  # pass mark 60
    assert set(summary.missed) == {"q-single", "q-tf", "q-short"}
    assert set(again.course["review"]) == {"q-single", "q-tf", "q-short"}
    retry = resumed.retry_missed(seed=3)
    assert [q.id for q in retry.questions] == ["q-single", "q-tf", "q-short"]
    assert retry.attempt["retry_of"] == resumed.attempt_id
    retry.submit(quiz.question("q-single"), "a")
    retry.submit(quiz.question("q-tf"), True)
    retry.submit(quiz.question("q-short"), "pmo")
    assert retry.finish().percent == 100.0


def test_exam_mode_shuffles_and_times(course, learner):
    quiz = course.quiz("intro-quiz")
    orders = set()
    for seed in range(8):
        run = QuizRun.start(course, quiz, learner, "en", exam=True, seed=seed)
        assert run.is_exam
        orders.add(tuple(run.option_order(quiz.question("q-multi"))))
    assert len(orders) > 1
    assert run.remaining_seconds() is None  # no time limit on this quiz


def test_scenario_two_endings_and_resume(course, learner, tmp_path):
    scenario = course.scenario("intro-scenario")
    run = ScenarioRun.start(scenario, learner)
    assert run.node.id == "s" and not run.finished
    run.choose(0)
    resumed = ScenarioRun.unfinished(scenario, Learner(Store(tmp_path / "s"), "amy", "t"))
    assert resumed is not None and resumed.node.id == "m" and resumed.last_choice.next == "m"
    resumed.choose(0)
    assert resumed.finished and resumed.outcome().score == 8 and resumed.max_score == 8
    other = ScenarioRun.start(scenario, learner)
    other.choose(1)
    assert other.finished and other.node.id == "bad"
    assert endings_found(scenario, learner) == {"good", "bad"}
    runs = learner.course["scenario_runs"]
    assert [r["ending"] for r in runs] == ["good", "bad"] and runs[0]["path"] == ["s", "m", "good"]
    with pytest.raises(ValueError):
        other.choose(0)


def test_review_schedule(course, learner):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    answer_all(run, wrong={"q-single"})
    run.finish()
    due = review.due(course, learner)
    assert [item.question.id for item in due] == ["q-single"]
    now = datetime.now(timezone.utc)
    review.review_answer(learner, "q-single", True, now)
    assert review.due(course, learner, now) == []
    entry = learner.course["review"]["q-single"]
    assert datetime.fromisoformat(entry["due"]) > now and entry["streak"] == 1
    later = now + timedelta(days=400)
    assert [i.question.id for i in review.due(course, learner, later)] == ["q-single"]
    review.review_answer(learner, "q-single", True, later)
    review.review_answer(learner, "q-single", True, later + timedelta(days=400))
    assert learner.course["review"]["q-single"]["mastered"] is True
    assert review.items(course, learner) == []
    # missing it again in a quiz puts it back, due now
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    run.submit(quiz.question("q-single"), "b")
    assert [i.question.id for i in review.due(course, learner)] == ["q-single"]


def test_overview_and_continue(course, learner):
    statuses = overview(course, learner)
    assert [s.status for s in statuses] == [NOT_STARTED, NOT_STARTED]
    assert continue_target(course, learner).section == "one"
    learner.visit_section("intro", "one", last=False)
    assert overview(course, learner)[0].status == READING
    assert continue_target(course, learner).section == "one"
    learner.visit_section("intro", "two", last=True)
    target = continue_target(course, learner)
    assert (target.kind, target.id, target.section) == ("lesson", "intro", "two")
    run = QuizRun.start(course, course.quiz("intro-quiz"), learner, "en", seed=1)
    answer_all(run)
    run.finish()
    assert overview(course, learner)[0].status == QUIZ_PASSED
    assert continue_target(course, learner).kind == "scenario"
    sc = ScenarioRun.start(course.scenario("intro-scenario"), learner)
    sc.choose(1)
    first = overview(course, learner)[0]
    assert first.status == ALL_DONE and first.fraction == 1.0 and first.best_percent == 100.0
    target = continue_target(course, learner)
    assert (target.kind, target.id) == ("lesson", "next")


def test_a_lesson_reopens_where_it_was_left_while_that_section_exists(course, learner):
    lesson = course.lesson("intro")
    assert reading_position(lesson, learner.course) == "one"
    learner.visit_section("intro", "two", last=False)
    assert reading_position(lesson, learner.course) == "two"
    learner.course["lessons"]["intro"]["section"] = "gone"  # a section the course no longer has
    assert reading_position(lesson, learner.course) == "one"


def test_a_review_answer_is_graded_then_recorded_and_a_bad_one_records_nothing(course, learner):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    answer_all(run, wrong={"q-single"})
    run.finish()
    before = dict(learner.course["review"]["q-single"])
    with pytest.raises(InvalidResponse):
        review.answer(learner, quiz.question("q-single"), "no-such-option", "en")
    assert learner.course["review"]["q-single"] == before
    result = review.answer(learner, quiz.question("q-single"), RIGHT["q-single"], "en")
    assert result.correct and learner.course["review"]["q-single"]["streak"] == 1


def test_stats(course, learner):
    learner.visit_section("intro", "one", last=False, seconds=30)
    run = QuizRun.start(course, course.quiz("intro-quiz"), learner, "en", seed=1)
    answer_all(run, wrong={"q-tf"})
    run.finish()
    sc = ScenarioRun.start(course.scenario("intro-scenario"), learner)
    sc.choose(1)
    stats = compute(course, learner)
    assert stats.reading_seconds == 30 and stats.quizzes_passed == 1 and stats.quizzes_total == 1
    assert stats.chapter_best[0] == ("intro", stats.attempts[0].percent)
    assert stats.endings == (("intro-scenario", 1, 2),)


def test_flags_are_kept_with_the_attempt_and_survive_a_restart(course, learner, tmp_path):
    quiz = course.quiz("intro-quiz")
    run = QuizRun.start(course, quiz, learner, "en", exam=True, seed=1)
    first, second = run.questions[0], run.questions[1]
    run.set_flag(first, True)
    run.set_flag(second, True)
    run.set_flag(second, False)
    again = Learner(Store(tmp_path / "s"), "amy", "t")  # read from the file, as after a restart
    resumed = QuizRun.unfinished(course, quiz, again, "en")
    assert resumed is not None and resumed.attempt_id == run.attempt_id
    assert resumed.flagged(first) and not resumed.flagged(second)
    assert Store(tmp_path / "s").read("amy")["courses"]["t"]["attempts"][0]["flags"] == [first.id]


def test_a_store_with_a_malformed_flag_list_is_refused_by_the_schema():
    from course_tui.learning.storeschema import Attempt, Invalid, check

    check({"id": "a", "flags": ["q1"]}, Attempt)
    with pytest.raises(Invalid):
        check({"id": "a", "flags": "q1"}, Attempt)
    with pytest.raises(Invalid):
        check({"id": "a", "flags": [1]}, Attempt)
