"""A quiz's standing (learning.standing): graded score by the grading method, passing only by a
full graded attempt, review rounds that count for nothing, the attempt limit; and every
consumer (course map, chapter status, statistics, trainer report, report json/csv, xAPI)
agreeing on a store with mixed attempts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from coursekit import write_course

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.learning import reports
from course_tui.learning.overview import QUIZ_PASSED, READING, overview
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import NoAttemptsLeft, QuizRun, exam_facts
from course_tui.learning.standing import graded_score, is_review, quiz_standing
from course_tui.learning.stats import compute
from course_tui.learning.store import Store
from course_tui.learning.xapi import learner_statements

RIGHT = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "PMO", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}
WRONG = {"q-single": "b", "q-multi": ["b"], "q-tf": False, "q-short": "no", "q-order": [1, 2, 0], "q-match": {0: 1, 1: 0}}

EXAM = """\
type: quiz
id: final
title: {zh: 期末, en: Final}
mode: exam
attempts: 3
grading: last
pass_mark: 50
questions:
  - {id: e1, type: true_false, section: intro#one, explanation: {zh: 因, en: So}, prompt: {zh: 一, en: One}, answer: true}
  - {id: e2, type: true_false, section: intro#one, explanation: {zh: 因, en: So}, prompt: {zh: 二, en: Two}, answer: false}
"""


def practice_quiz(qid: str, chapter: str, grading: str) -> str:
    return f"""\
type: quiz
id: {qid}
chapter: {chapter}
title: {{zh: 练, en: Practice}}
grading: {grading}
pass_mark: 50
questions:
  - {{id: {qid}-1, type: true_false, section: intro#one, explanation: {{zh: 因, en: So}}, prompt: {{zh: 一, en: One}}, answer: true}}
  - {{id: {qid}-2, type: true_false, section: intro#one, explanation: {{zh: 因, en: So}}, prompt: {{zh: 二, en: Two}}, answer: false}}
"""


@pytest.fixture
def course(tmp_path):
    root = write_course(
        tmp_path / "c",
        {"quizzes/exam.yaml": EXAM, "quizzes/avg.yaml": practice_quiz("avg", "next", "average"), "quizzes/first.yaml": practice_quiz("first", "next", "first")},
    )
    loaded = load_course(root)
    assert loaded.course is not None, [f.format() for f in loaded.findings]
    return loaded.course


def take(course, learner, quiz_id, answers, **kw) -> QuizRun:
    quiz = course.quiz(quiz_id)
    run = QuizRun.start(course, quiz, learner, "en", seed=1, **kw)
    for q in run.questions:
        if q.id in answers:
            run.submit(q, answers[q.id])
    run.finish()
    return run


def two(course, learner, quiz_id, right: int, **kw) -> QuizRun:
    """An attempt at a two-statement quiz with *right* of them right (0, 1 or 2)."""
    quiz = course.quiz(quiz_id)
    answers = {q.id: (q.answer if i < right else not q.answer) for i, q in enumerate(quiz.questions)}
    return take(course, learner, quiz_id, answers, **kw)


def test_the_model_carries_attempts_grading_and_defaults(course):
    final = course.quiz("final")
    assert (final.attempts, final.grading, final.shuffle) == (3, "last", True)
    intro = course.quiz("intro-quiz")
    assert (intro.attempts, intro.grading, intro.shuffle) == (None, "highest", True)  # practice shuffles by default


@pytest.mark.parametrize(
    ("grading", "percents", "score"),
    [
        ("highest", [20.0, 80.0, 50.0], 80.0),
        ("last", [20.0, 80.0, 50.0], 50.0),
        ("first", [20.0, 80.0, 50.0], 20.0),
        ("average", [20.0, 80.0, 50.0], 50.0),
        ("highest", [], None),
    ],
)
def test_graded_score_by_each_grading_method(grading, percents, score):
    assert graded_score(grading, percents) == score


def test_a_failed_attempt_plus_a_right_review_round_is_not_passed(course, tmp_path):
    store = Store(tmp_path / "s")
    amy = Learner(store, "amy", course.id)
    first = take(course, amy, "intro-quiz", WRONG)
    assert not first.summary().passed
    retry = first.retry_missed(seed=2)
    assert retry.is_review
    for q in retry.questions:
        retry.submit(q, RIGHT[q.id])
    summary = retry.finish()
    assert summary.percent == 100.0 and summary.review and not summary.passed
    assert retry.attempt["review"] is True and retry.attempt["passed"] is None
    now = quiz_standing(course.quiz("intro-quiz"), amy.course)
    assert now.score == 0.0 and not now.passed and len(now.graded) == 1 and len(now.reviews) == 1
    # The held-out check: `report --format json` says not passed, with the failed attempt's score.
    out = tmp_path / "r.json"
    assert main(["report", "--course", str(course.root), "--store", str(store.folder), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    learner = data["learners"][0]
    intro = next(q for ch in learner["chapters"] for q in ch["quizzes"] if q["id"] == "intro-quiz")
    assert intro["passed"] is False and intro["best_percent"] == 0.0 and intro["review_rounds"] == 1 and intro["graded_attempts"] == 1


def test_old_stores_retry_of_attempts_are_review_rounds():
    assert is_review({"retry_of": "x"}) and is_review({"review": True}) and not is_review({"retry_of": None})


def test_attempt_limit_stops_a_new_graded_attempt_but_not_a_review_round(course, tmp_path):
    amy = Learner(Store(tmp_path / "s"), "amy", course.id)
    runs = [two(course, amy, "final", 0) for _ in range(3)]
    now = quiz_standing(course.quiz("final"), amy.course)
    assert (now.used, now.allowed, now.left, now.can_start) == (3, 3, 0, False)
    with pytest.raises(NoAttemptsLeft, match="3 of 3"):
        QuizRun.start(course, course.quiz("final"), amy, "en")
    assert exam_facts(course, course.quiz("final"), amy).used_up  # the exam's page offers no start
    review = runs[-1].retry_missed(seed=3)  # practice of the missed ones is never limited
    assert review.is_review and quiz_standing(course.quiz("final"), amy.course).used == 3


def test_an_exam_with_an_attempt_left_or_in_progress_is_not_used_up(course, tmp_path):
    amy = Learner(Store(tmp_path / "s"), "amy", course.id)
    two(course, amy, "final", 0)
    two(course, amy, "final", 0)
    assert not exam_facts(course, course.quiz("final"), amy).used_up
    QuizRun.start(course, course.quiz("final"), amy, "en")  # the third, unfinished: it can be continued
    facts = exam_facts(course, course.quiz("final"), amy)
    assert facts.in_progress and not facts.used_up


def test_an_unfinished_graded_attempt_uses_an_attempt(course, tmp_path):
    amy = Learner(Store(tmp_path / "s"), "amy", course.id)
    two(course, amy, "final", 1)
    two(course, amy, "final", 1)
    run = QuizRun.start(course, course.quiz("final"), amy, "en")
    now = run.standing()
    assert now.used == 3 and now.left == 0 and now.unfinished == run.attempt_id


def mixed_store(course, root) -> Store:
    """Amy: failed intro quiz + perfect review round; exam (grading last) 100 then 0;
    'avg' 100 and 0 (average 50 → passes at 50); 'first' 0 then 100 (first → 0, not passed).
    Bob: passes the intro quiz at the second graded attempt; exam 0 then 100."""
    store = Store(root)
    amy = Learner(store, "Amy", course.id)
    first = take(course, amy, "intro-quiz", WRONG)
    retry = first.retry_missed(seed=2)
    for q in retry.questions:
        retry.submit(q, RIGHT[q.id])
    retry.finish()
    two(course, amy, "final", 2)
    two(course, amy, "final", 0)
    two(course, amy, "avg", 2)
    two(course, amy, "avg", 0)
    two(course, amy, "first", 0)
    two(course, amy, "first", 2)
    bob = Learner(store, "Bob", course.id)
    take(course, bob, "intro-quiz", WRONG)
    take(course, bob, "intro-quiz", RIGHT)
    two(course, bob, "final", 0)
    two(course, bob, "final", 2)
    return store


EXPECTED = {  # learner → quiz → (score, passed)
    "Amy": {"intro-quiz": (0.0, False), "final": (0.0, False), "avg": (50.0, True), "first": (0.0, False)},
    "Bob": {"intro-quiz": (100.0, True), "final": (100.0, True), "avg": (None, False), "first": (None, False)},
}


def test_every_consumer_agrees_on_a_store_with_mixed_attempts(course, tmp_path):
    store = mixed_store(course, tmp_path / "s")
    for name, quizzes in EXPECTED.items():
        learner = Learner(store, name, course.id)
        for quiz_id, (score, passed) in quizzes.items():
            now = quiz_standing(course.quiz(quiz_id), learner.course)
            assert (now.score, now.passed) == (score, passed), (name, quiz_id)
        # course map and chapter status
        statuses = {s.chapter.id: s for s in overview(course, learner)}
        intro_passed = quizzes["intro-quiz"][1]
        assert statuses["intro"].quizzes_passed == int(intro_passed)
        assert statuses["intro"].best_percent == quizzes["intro-quiz"][0]
        assert statuses["intro"].status == (QUIZ_PASSED if intro_passed else READING)
        next_passed = sum(1 for q in ("avg", "first") if quizzes[q][1])
        assert statuses["next"].quizzes_passed == next_passed
        # statistics
        stats = compute(course, learner)
        assert stats.quizzes_passed == sum(1 for _, p in quizzes.values() if p)
        assert dict(stats.chapter_best)["intro"] == quizzes["intro-quiz"][0]
        assert all(not p.passed for p in stats.attempts if p.review)
        assert sum(1 for p in stats.attempts if p.review) == (1 if name == "Amy" else 0)
    # trainer data (the in-app trainer screen draws this report)
    report = reports.build(course, store)
    for row in report.learners:
        results = {q.quiz.id: q for ch in row.chapters for q in ch.quizzes} | {q.quiz.id: q for q in row.exams}
        for quiz_id, (score, passed) in EXPECTED[row.name].items():
            assert (results[quiz_id].best_percent, results[quiz_id].passed) == (score, passed), (row.name, quiz_id)
    # report json and csv
    out = tmp_path / "r.json"
    assert main(["report", "--course", str(course.root), "--store", str(store.folder), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for learner in data["learners"]:
        found = {q["id"]: q for ch in learner["chapters"] for q in ch["quizzes"]} | {q["id"]: q for q in learner["exams"]}
        for quiz_id, (score, passed) in EXPECTED[learner["name"]].items():
            assert (found[quiz_id]["best_percent"], found[quiz_id]["passed"]) == (score, passed), (learner["name"], quiz_id)
    out = tmp_path / "r.csv"
    assert main(["report", "--course", str(course.root), "--store", str(store.folder), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    exam_rows = {r["learner"]: r for r in rows if r["kind"] == "quiz" and r["id"] == "final"}
    assert exam_rows["Amy"]["best_percent"] in ("0", "0.0") and exam_rows["Amy"]["passed"] == "no"
    assert exam_rows["Bob"]["best_percent"] in ("100", "100.0") and exam_rows["Bob"]["passed"] == "yes"
    intro_rows = {r["learner"]: r for r in rows if r["kind"] == "chapter" and r["id"] == "intro"}
    assert intro_rows["Amy"]["passed"] == "no" and intro_rows["Bob"]["passed"] == "yes"
    # xAPI: per graded attempt passed/failed by the pass mark; a review round is neither
    amy = Learner(store, "Amy", course.id)
    export = learner_statements(course, "Amy", amy.doc, "https://lrs.example.com/x")
    verbs = [(s["verb"]["id"].rsplit("/", 1)[1], s["object"]["id"].rsplit("/", 1)[1]) for s in export.statements]
    intro_verdicts = [v for v, obj in verbs if obj == "intro-quiz" and v in ("passed", "failed")]
    assert intro_verdicts == ["failed"]  # the perfect review round is not a passed attempt
    review_ids = {a["id"] for a in amy.course["attempts"] if a.get("review")}
    assert len(review_ids) == 1


@pytest.mark.parametrize(
    ("line", "fragment"),
    [("attempts: 0\ngrading: last", "attempts"), ("grading: best", "grading"), ("shuffle: maybe\ngrading: last", "shuffle")],
)
def test_the_loader_reports_a_bad_attempts_grading_or_shuffle_at_its_line(tmp_path, line, fragment):
    root = write_course(tmp_path / "c", {"quizzes/exam.yaml": EXAM.replace("attempts: 3\ngrading: last", line)})
    found = [f for f in load_course(root).findings if f.severity == "error"]
    assert len(found) == 1 and found[0].path == "quizzes/exam.yaml" and found[0].line == 5 and fragment in found[0].message
    assert found[0].format().startswith("quizzes/exam.yaml:5:")


def test_a_hint_in_an_exam_is_a_warning_at_its_line(tmp_path):
    exam = EXAM.replace("answer: true}\n", "answer: true, hint: {zh: 提示, en: Hint}}\n", 1)
    root = write_course(tmp_path / "c", {"quizzes/exam.yaml": exam})
    found = [f for f in load_course(root).findings if f.code == "hint-in-exam"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].line == 9
