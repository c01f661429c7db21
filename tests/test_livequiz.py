"""The live quiz's file protocol (course_tui.learning.livequiz): a host and learners in one
process on one store folder, as separate app processes would be."""

from __future__ import annotations

import json
import os

import pytest
from coursekit import write_course

from course_tui.course.loader import load_course
from course_tui.learning import livequiz
from course_tui.learning.livequiz import Host, LiveError, Player, points
from course_tui.learning.progress import Learner
from course_tui.learning.reports import build
from course_tui.learning.report_formats import json_data
from course_tui.learning.session import enter_learner
from course_tui.learning.standing import quiz_standing
from course_tui.learning.store import Store
from course_tui.learning.xapi import learner_statements


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def world(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    assert course is not None
    store = Store(tmp_path / "s")
    return course, store, Clock()


def learner(store: Store, name: str, course) -> Learner:
    return enter_learner(store, name, course.id)


def test_host_writes_a_session_learners_join_and_the_lobby_lists_them(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock, seed=1)
    session = livequiz.joinable(store.folder, course.id, now=clock())
    assert session is not None and session.state == "lobby" and session.quiz == "intro-quiz"
    assert session.order == [q.id for q in course.quiz("intro-quiz").questions]
    Player.join(store.folder, course, learner(store, "A", course), session, "en", clock=clock)
    Player.join(store.folder, course, learner(store, "小王", course), session, "zh", clock=clock)
    assert sorted(host.board().learners) == ["A", "小王"]
    # The answer files are named from a hash of the name, never the name.
    names = os.listdir(livequiz.answers_folder(store.folder, session.session))
    assert all(n.startswith("answers-") and "小王" not in n for n in names) and len(names) == 2


def test_a_two_question_session_scores_speed_and_ranks_to_the_podium(world):
    course, store, clock = world
    quiz = course.quiz("intro-quiz")
    host = Host.open(store.folder, course, quiz, clock=clock, seed=1)
    host.set_seconds(20)
    a = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    b = Player.join(store.folder, course, learner(store, "小王", course), host.session, "zh", clock=clock)
    host.next()  # question 1: q-single, right answer "a"
    for p in (a, b):
        p.refresh()
    q1 = a.question
    assert q1 is not None and q1.id == "q-single" and a.session.is_open(clock())
    clock.now += 4
    assert a.answer(q1, "a", "en")  # right after 4 s of 20
    clock.now += 6
    assert b.answer(q1, "b", "zh")  # wrong
    assert not a.answer(q1, "b", "en")  # once only
    assert host.tick()  # everyone answered: closed and revealed
    assert host.session.state == "reveal"
    board = host.board()
    tally = board.tally(q1)
    assert (tally.answered, tally.right, tally.counts) == (2, 1, {"a": 1, "b": 1})
    assert [(r.learner, r.rank, r.points) for r in board.leaderboard()] == [("A", 1, points(True, 4, 20, True)), ("小王", 2, 0)]
    assert points(True, 4, 20, True) == 900
    host.next()  # question 2: q-multi
    for p in (a, b):
        p.refresh()
    q2 = b.question
    assert q2 is not None and q2.id == "q-multi"
    clock.now += 10
    assert b.answer(q2, ["a", "c"], "zh")  # right after 10 s: 750
    clock.now += 15  # past the deadline: A did not answer in time
    assert not a.answer(q2, ["a", "c"], "en")
    assert host.tick() and host.session.state == "reveal"
    rows = host.board().leaderboard()
    assert [(r.learner, r.points, r.right) for r in rows] == [("A", 900, 1), ("小王", 750, 1)]
    host.podium()  # the podium now: the remaining questions are not asked
    assert host.session.state == "podium"
    for p in (a, b):
        p.refresh()
        assert p.over()
        p.finish()
    attempt = next(x for x in a.learner.course["attempts"] if x.get("mode") == "live")
    assert attempt["finished"] and attempt["passed"] is None
    assert attempt["live"] == {"session": host.session.session, "points": 900, "rank": 1, "learners": 2}
    assert set(attempt["answers"]) == {"q-single"}
    assert attempt["percent"] == 50.0  # of the two questions asked, not of the whole quiz


def test_speed_scoring_can_be_switched_off(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    host.set_speed(False)
    a = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    host.next()
    a.refresh()
    clock.now += 25
    assert a.answer(a.question, "a", "en")
    host.next()  # the host closes the question early
    assert host.board().row("A").points == livequiz.MAX_POINTS


def test_a_live_attempt_is_recorded_but_never_passes_or_uses_an_attempt(world):
    course, store, clock = world
    quiz = course.quiz("intro-quiz")
    host = Host.open(store.folder, course, quiz, clock=clock)
    a = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    answers = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "PMO", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}
    for _ in quiz.questions:
        host.next()
        a.refresh()
        assert a.answer(a.question, answers[a.question.id], "en")
        host.tick()
    host.next()
    a.refresh()
    a.finish()
    standing = quiz_standing(quiz, a.learner.course)
    assert len(standing.live) == 1 and standing.live[0]["percent"] == 100.0
    assert not standing.passed and standing.score is None and standing.used == 0
    # "continue" and the quiz screen never resume a live attempt
    assert a.learner.course.get("position") is None


def test_a_learner_who_reconnects_gets_the_same_answer_file_and_attempt(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    first = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    host.next()
    first.refresh()
    assert first.answer(first.question, "a", "en")
    # a new process: a new Store and Learner object, the same name
    again = Player.join(store.folder, course, Learner(Store(store.folder), "A", course.id), livequiz.read_session(store.folder), "en", clock=clock)
    assert again.attempt_id == first.attempt_id
    assert again.answered("q-single") and not again.answer(again.question, "b", "en")
    assert len([x for x in again.learner.course["attempts"] if x.get("mode") == "live"]) == 1
    assert host.board().learners == ["A"]


def test_a_session_whose_host_is_gone_expires_and_its_attempts_are_settled(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    a = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    host.next()
    a.refresh()
    assert a.answer(a.question, "a", "en")
    clock.now += livequiz.STALE_SECONDS - 1
    assert livequiz.joinable(store.folder, course.id, now=clock()) is not None
    clock.now += 2  # no heartbeat for longer than STALE_SECONDS
    assert livequiz.joinable(store.folder, course.id, now=clock()) is None
    assert a.over()
    # a new host may start now; before, it was refused
    assert livequiz.settle(store.folder, course, a.learner, now=clock()) == 1
    attempt = next(x for x in a.learner.course["attempts"] if x.get("mode") == "live")
    assert attempt["finished"] and attempt["live"]["points"] > 0 and attempt["live"]["rank"] == 1


def test_a_second_host_is_refused_while_a_session_runs(world):
    course, store, clock = world
    Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    with pytest.raises(LiveError, match="already running"):
        Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    clock.now += livequiz.STALE_SECONDS + 1
    Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)


def test_the_session_file_is_replaced_atomically_and_garbage_is_ignored(world, tmp_path):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    path = livequiz.session_path(store.folder)
    inode = os.stat(path).st_ino
    host.next()
    assert os.stat(path).st_ino != inode  # a new file renamed over the old: readers never see half
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    path.write_text("{not json", encoding="utf-8")
    assert livequiz.read_session(store.folder) is None
    path.unlink()
    os.mkfifo(path)  # never opened for a blocking read
    assert livequiz.read_session(store.folder) is None


def test_an_answer_file_with_another_name_or_a_path_as_session_is_left_out(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    folder = livequiz.answers_folder(store.folder, host.session.session)
    forged = {"session": host.session.session, "learner": "B", "joined": clock(), "answers": {}}
    (folder / livequiz.sheet_name("C")).write_text(json.dumps(forged), encoding="utf-8")
    assert host.board().learners == ["A"]
    with pytest.raises(LiveError):
        livequiz.answers_folder(store.folder, "../../etc")


def test_reports_and_xapi_include_live_attempts(world):
    course, store, clock = world
    host = Host.open(store.folder, course, course.quiz("intro-quiz"), clock=clock)
    a = Player.join(store.folder, course, learner(store, "A", course), host.session, "en", clock=clock)
    host.next()
    a.refresh()
    assert a.answer(a.question, "a", "en")
    while host.session.state != "podium":
        host.next()
    a.refresh()
    a.finish()
    data = json_data(build(course, Store(store.folder)), "en")
    (row,) = data["learners"]
    assert row["live"] == [
        {
            "quiz": "intro-quiz",
            "session": host.session.session,
            "started": row["live"][0]["started"],
            "finished": row["live"][0]["finished"],
            "percent": row["live"][0]["percent"],
            "answered": 1,
            "right": 1,
            "points": 1000,
            "rank": 1,
            "learners": 1,
        }
    ]
    quiz_json = data["learners"][0]["chapters"][0]["quizzes"][0]
    assert quiz_json["live_sessions"] == 1 and quiz_json["passed"] is False and quiz_json["best_percent"] is None
    statements = learner_statements(course, "A", a.learner.doc, "https://example.org").statements
    (started,) = [
        s
        for s in statements
        if s["context"].get("extensions", {}).get("https://example.org/xapi/extensions/mode") == "live" and s["verb"]["id"].endswith("attempted")
    ]
    live = [s for s in statements if s["context"].get("registration") == started["context"]["registration"]]
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[-1] for s in live)
    assert verbs == ["answered", "attempted", "completed"]  # never passed or failed
    assert started["context"]["extensions"]["https://example.org/xapi/extensions/live-session"] == host.session.session
