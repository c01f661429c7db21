"""The store's incremental saves write exactly what a full save would, and never
miss another writer's change."""

from __future__ import annotations

import json
from pathlib import Path

from course_tui.learning import review
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store

COURSE = "c"


def full_json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_every_learner_change_writes_the_full_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    me = Learner(store, "小王", COURSE)
    path = store.path_for("小王")
    steps = []
    for k in range(4):
        attempt = me.start_attempt(f"quiz{k}", "practice", ["q1", "q2"], shuffles={"q1": [1, 0]})
        steps.append(me.doc)
        me.record_answer(attempt, "q1", ["a", "中"], 1.0, f"quiz{k}")
        me.record_answer(attempt, "q2", {"0": 1}, 0.0, f"quiz{k}")
        me.finish_attempt(attempt, 50.0, False)
        run = me.start_run(f"sc{k}", "n0")
        me.record_choice(run, 1, "n1")
        me.finish_run(run, 3, "n1")
        me.visit_section("l1", f"s{k}", last=k == 3, seconds=2.5)
        me.set_setting("lang", "zh")
        review.review_answer(me, "q2", correct=k % 2 == 0)
        assert path.read_bytes() == full_json(me.doc)
        assert json.loads(path.read_bytes()) == Store(tmp_path / "s").read("小王")
    course = me.course
    assert len(course["attempts"]) == 4 and all(len(a["answers"]) == 2 and a["finished"] for a in course["attempts"])
    assert [r["path"] for r in course["scenario_runs"]] == [["n0", "n1"]] * 4
    assert course["review"]["q2"]["wrong"] >= 1
    # documents returned earlier were not changed by later saves
    assert [len(s["courses"][COURSE]["attempts"]) for s in steps] == [1, 2, 3, 4]
    assert steps[0]["courses"][COURSE]["attempts"][0]["answers"] == {}


def test_a_change_by_another_writer_is_read_before_the_next_save(tmp_path: Path) -> None:
    mine, theirs = Store(tmp_path / "s"), Store(tmp_path / "s")
    me = Learner(mine, "amy", COURSE)
    attempt = me.start_attempt("quiz", "practice", ["q1", "q2"])
    me.record_answer(attempt, "q1", "a", 1.0, "quiz")
    other = Learner(theirs, "amy", COURSE)
    other.record_answer(attempt, "q2", "b", 0.0, "quiz")  # the same attempt, from another store
    other.set_setting("theme", "textual-light")
    me.finish_attempt(attempt, 50.0, False)
    on_disk = json.loads(mine.path_for("amy").read_bytes())
    answers = on_disk["courses"][COURSE]["attempts"][0]["answers"]
    assert set(answers) == {"q1", "q2"} and on_disk["courses"][COURSE]["attempts"][0]["percent"] == 50.0
    assert on_disk["settings"] == {"theme": "textual-light"}


def test_a_file_replaced_behind_the_store_is_read_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    me = Learner(store, "amy", COURSE)
    me.set_setting("a", 1)
    path = store.path_for("amy")
    doc = json.loads(path.read_bytes())
    doc["settings"]["b"] = 2
    path.write_bytes(full_json(doc))  # written in place, same inode, other size
    me.set_setting("c", 3)
    assert json.loads(path.read_bytes())["settings"] == {"a": 1, "b": 2, "c": 3}
