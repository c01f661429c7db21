"""Random draws (a quiz asks N questions per attempt from a pool of tags or quizzes; the drawn
set is kept with the attempt) and overall feedback by score band on the result page."""

from __future__ import annotations

import jsonschema
import pytest
from coursekit import write_course
from tui_kit import make_app, settle

from course_tui.course.formats import json_schema
from course_tui.course.loader import load_course
from course_tui.course.yamlsrc import load_yaml, plain
from course_tui.learning import reports
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun
from course_tui.learning.store import Store

BANK = """\
type: quiz
id: bank
chapter: next
title: {zh: 题库, en: Bank}
questions:
""" + "".join(
    f"""\
  - id: bank-{i}
    type: true_false
    section: next#only
    tags: [{"easy" if i < 4 else "hard"}]
    prompt: {{zh: 第{i}题, en: Statement {i}}}
    explanation: {{zh: 因为, en: Because}}
    answer: true
"""
    for i in range(6)
)

EXAM = """\
type: quiz
id: drawn-exam
title: {zh: 抽题考试, en: Drawn exam}
mode: exam
draw: {from: [easy, intro-quiz], count: COUNT}
feedback:
  - {min: 80, text: {zh: 很好, en: "**Well done**: ready for the next part."}}
  - {min: 0, text: {zh: 再读一遍, en: Read the chapter again.}}
  - {min: 50, text: {zh: 还行, en: Nearly there.}}
"""


def course(tmp_path, count=3, exam=EXAM):
    root = write_course(tmp_path / "c", {"quizzes/bank.yaml": BANK, "quizzes/exam.yaml": exam.replace("COUNT", str(count))})
    return root, load_course(root)


def test_a_draw_takes_its_pool_from_tags_and_quiz_ids(tmp_path):
    _, result = course(tmp_path)
    assert result.ok, result.findings
    exam = result.course.quiz("drawn-exam")
    assert exam.questions == () and exam.draw_count == 3 and exam.questions_per_attempt == 3
    assert [q.id for q in exam.pool] == ["bank-0", "bank-1", "bank-2", "bank-3", "q-single", "q-multi", "q-tf", "q-short", "q-order", "q-match"]
    assert [b.min for b in exam.feedback] == [80, 50, 0]  # highest first


def test_a_pool_smaller_than_the_count_is_a_finding(tmp_path):
    _, result = course(tmp_path, count=11)
    [finding] = [f for f in result.findings if f.code == "draw-pool-too-small"]
    assert (finding.path, finding.line) == ("quizzes/exam.yaml", 5)
    assert "draws 11 question(s) from a pool of 10" in finding.message


def test_an_unknown_pool_name_and_a_quiz_with_nothing_to_ask_are_findings(tmp_path):
    _, result = course(tmp_path, exam=EXAM.replace("[easy, intro-quiz]", "[esay, drawn-exam]"))
    unknown = [f.message for f in result.findings if f.code == "draw-unknown-pool"]
    assert unknown == [
        "quiz 'drawn-exam' draws from 'esay', which is no quiz id and no question's tag",
        "quiz 'drawn-exam' draws from 'drawn-exam', which is itself",
    ]
    _, result = course(tmp_path / "b", exam=EXAM.replace("draw: {from: [easy, intro-quiz], count: COUNT}\n", ""))
    assert any(f.code == "missing-field" and "needs 'questions', a 'draw', or both" in f.message for f in result.findings)


def test_two_bands_at_one_score_are_a_finding(tmp_path):
    _, result = course(tmp_path, exam=EXAM.replace("{min: 50,", "{min: 80,"))
    assert [f.line for f in result.findings if f.code == "duplicate-id"] == [9]


def test_the_drawn_set_is_stored_with_the_attempt_and_resume_asks_the_same(tmp_path):
    root, result = course(tmp_path)
    c = result.course
    exam = c.quiz("drawn-exam")
    learner = Learner(Store(tmp_path / "s"), "amy", c.id)
    draws = set()
    for seed in range(8):
        run = QuizRun.start(c, exam, learner, "en", seed=seed)
        ids = [q.id for q in run.questions]
        assert len(ids) == 3 == len(set(ids)) and set(ids) <= {q.id for q in exam.pool}
        assert run.attempt["order"] == ids  # kept with the attempt
        again = QuizRun(c, exam, Learner(Store(tmp_path / "s"), "amy", c.id), run.attempt_id, "en")  # a restart
        assert [q.id for q in again.questions] == ids
        draws.add(tuple(ids))
        run.finish()
    assert len(draws) > 1  # attempts differ


def test_a_drawn_attempt_is_scored_on_what_it_asked_and_reported_by_question(tmp_path):
    root, result = course(tmp_path)
    c = result.course
    exam = c.quiz("drawn-exam")
    store = Store(tmp_path / "s")
    learner = Learner(store, "amy", c.id)
    run = QuizRun.start(c, exam, learner, "en", seed=1)
    for q in run.questions:  # the true/false ones answered right, the rest left unanswered
        if q.type == "true_false":
            run.submit(q, q.answer)
    summary = run.finish()
    right = sum(1 for q in run.questions if q.type == "true_false")
    assert 0 < right < 3  # this seed draws both kinds
    assert summary.percent == pytest.approx(100 * right / 3, abs=0.01)  # of the 3 asked, not of the pool
    stats = {s.quiz.id: s for s in reports.build(c, store).quizzes}["drawn-exam"]
    answered = {q.question.id for q in stats.questions if q.answered}
    assert answered == {q.id for q in run.questions if q.type == "true_false"} and len(answered) == right


@pytest.mark.parametrize(
    "percent, words", [(100, "**Well done**: ready for the next part."), (80, "**Well done**"), (79.9, "Nearly there."), (0, "Read the chapter again.")]
)
def test_overall_feedback_is_the_band_the_score_reaches(tmp_path, percent, words):
    _, result = course(tmp_path)
    band = result.course.quiz("drawn-exam").overall_feedback(percent)
    assert words in band.text("en")


def test_a_review_round_gets_no_overall_feedback(tmp_path):
    _, result = course(tmp_path)
    c = result.course
    run = QuizRun.start(c, c.quiz("drawn-exam"), Learner(Store(tmp_path / "s"), "amy", c.id), "en", seed=3)
    assert run.finish().overall("en") == "Read the chapter again."
    assert run.retry_missed(seed=4).finish().overall is None


def test_the_schemas_accept_draws_feedback_and_tags(tmp_path):
    assert not list(jsonschema.Draft202012Validator(json_schema("quiz")).iter_errors(plain(load_yaml(EXAM.replace("COUNT", "3")).value)))
    assert not list(jsonschema.Draft202012Validator(json_schema("quiz")).iter_errors(plain(load_yaml(BANK).value)))


async def test_result_page_shows_the_overall_feedback(tmp_path):
    course(tmp_path)
    app = make_app(tmp_path)
    from course_tui.tui.screens.quiz import QuizSummaryScreen
    from textual.widgets import Markdown

    async with app.run_test(size=(80, 24)) as pilot:
        run = QuizRun.start(app.course, app.course.quiz("drawn-exam"), app.learner, "en", seed=5)
        await app.push_screen(QuizSummaryScreen(run, run.finish()))
        await settle(pilot, QuizSummaryScreen)
        assert app.screen.query_one("#overall-feedback", Markdown).source == "Read the chapter again."
