"""A store with three learners who did different things on the test course (plus an exam),
for the report tests. What each did, and so what the report must say:

* 小王 read both lessons to the end; background quiz 88.89 % (ordering wrong: items 1 and 0
  swapped), passed; scenario to the good ending (success, 8 points); exam 100 %.
* Amy read one of the two intro sections; quiz 33.33 % (single b, multiple a+b, true/false
  false, matching swapped; short "pmo " and ordering right), then a retry of the four missed
  questions, all right (100 %: a pass, as on the course map); scenario to the bad ending.
* Bob answered two questions (single b, short "P.M.O") and left the attempt unfinished.
* "Other" has progress in another course only (left out of this course's report).
"""

from __future__ import annotations

from pathlib import Path

from coursekit import write_course

from course_tui.course.loader import load_course
from course_tui.course.model import Course
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.store import Store

EXAM = """\
type: quiz
id: exam
title: {zh: 结业考试, en: Final exam}
mode: exam
questions:
  - id: x-tf
    type: true_false
    section: next#only
    prompt: {zh: 对吗, en: "Right?"}
    explanation: {zh: 因为, en: Because}
    answer: true
"""

RIGHT = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "PMO", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}


def make_course(root: Path) -> Course:
    write_course(root, {"quizzes/exam.yaml": EXAM})
    loaded = load_course(root)
    assert loaded.course is not None, [f.format() for f in loaded.findings]
    return loaded.course


def take(course: Course, learner: Learner, answers: dict, finish: bool = True, quiz_id: str = "intro-quiz") -> QuizRun:
    quiz = course.quiz(quiz_id)
    run = QuizRun.start(course, quiz, learner, "en", seed=1)
    for qid, response in answers.items():
        run.submit(quiz.question(qid), response)
    if finish:
        run.finish()
    return run


def make_store(course: Course, folder: Path) -> Store:
    store = Store(folder)
    wang = Learner(store, "小王", course.id)
    for lesson, section, last in (("intro", "one", False), ("intro", "two", True), ("next", "only", True)):
        wang.visit_section(lesson, section, last)
    take(course, wang, {**RIGHT, "q-order": [1, 0, 2]})
    run = ScenarioRun.start(course.scenario("intro-scenario"), wang)
    run.choose(0)
    run.choose(0)
    take(course, wang, {"x-tf": True}, quiz_id="exam")

    amy = Learner(store, "Amy", course.id)
    amy.visit_section("intro", "one", False)
    first = take(course, amy, {**RIGHT, "q-single": "b", "q-multi": ["a", "b"], "q-tf": False, "q-short": "pmo ", "q-match": {0: 1, 1: 0}})
    retry = first.retry_missed(seed=2)
    for question in retry.questions:
        retry.submit(question, RIGHT[question.id])
    retry.finish()
    run = ScenarioRun.start(course.scenario("intro-scenario"), amy)
    run.choose(1)

    bob = Learner(store, "Bob", course.id)
    take(course, bob, {"q-single": "b", "q-short": "P.M.O"}, finish=False)

    store.update("Other", lambda doc: doc["courses"].setdefault("another-course", {}))
    return store
