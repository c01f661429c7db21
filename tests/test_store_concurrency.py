"""Several writers on the same learner never lose each other's updates."""

from __future__ import annotations

import pytest

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from course_tui.learning.progress import Learner
from course_tui.learning.store import Store

ROOT = Path(__file__).resolve().parents[1]
NAME = "并发 Learner"
COURSE = "shared-course"
PROCESSES = 3
N = 150

# Each process: its own quiz attempt with N wrong answers to the shared questions q0..q{N-1}
# (so every review counter is a read-modify-write on data all processes change), N visits to
# its own sections, and one setting of its own. It waits for "go" on stdin so all start together.
WRITER = textwrap.dedent(
    """
    import sys
    from course_tui.learning.progress import Learner
    from course_tui.learning.store import Store

    folder, name, course, who, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    me = Learner(Store(folder), name, course)
    print("ready", flush=True)
    assert sys.stdin.readline().strip() == "go"
    attempt = me.start_attempt("quiz", who, [f"q{i}" for i in range(n)])
    for i in range(n):
        me.record_answer(attempt, f"q{i}", who, 0.0, "quiz")
        me.visit_section("shared-lesson", f"{who}-s{i}", last=False, seconds=1.0)
    me.set_setting(who, n)
    me.finish_attempt(attempt, 0.0, False)
    store = me.store
    assert store.notices == [], store.notices
    print("done", flush=True)
    """
)


def _on_disk(store: Store, name: str) -> dict:
    return json.loads(store.path_for(name).read_bytes().decode("utf-8"))


@pytest.mark.slow
def test_processes_updating_the_same_learner_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    whos = [f"p{k}" for k in range(PROCESSES)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), NAME, COURSE, who, str(N)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for who in whos
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready", proc.stderr.read() if proc.stderr else ""
        for proc in procs:  # release them together
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode(errors="replace")
        assert out.strip() == b"done"

    store = Store(folder)
    disk = _on_disk(store, NAME)
    assert store.read(NAME) == disk
    assert store.notices == []
    course = disk["courses"][COURSE]

    # every attempt, with every answer
    attempts = {a["mode"]: a for a in course["attempts"]}
    assert sorted(attempts) == whos
    assert len(course["attempts"]) == PROCESSES
    for who in whos:
        answers = attempts[who]["answers"]
        assert sorted(answers) == sorted(f"q{i}" for i in range(N))
        assert all(answer["response"] == who for answer in answers.values())
        assert attempts[who]["finished"] is not None

    # every shared counter saw every increment
    assert sorted(course["review"]) == sorted(f"q{i}" for i in range(N))
    for question, item in course["review"].items():
        assert item["wrong"] == PROCESSES, (question, item)
        assert item["right"] == 0

    # every visit of every process
    lesson = course["lessons"]["shared-lesson"]
    assert sorted(lesson["seen"]) == sorted(f"{who}-s{i}" for who in whos for i in range(N))
    assert len(lesson["seen"]) == PROCESSES * N
    assert lesson["seconds"] == PROCESSES * N * 1.0

    assert disk["settings"] == {who: N for who in whos}
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == [store.path_for(NAME).name]


def test_two_store_objects_in_one_process_interleave(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = Learner(Store(folder), NAME, COURSE)
    second = Learner(Store(folder), NAME, COURSE)  # e.g. a second window on the same store

    first.visit_section("l1", "s1", last=False)
    second.set_setting("lang", "zh")  # second's cached doc is stale: it has not seen s1
    attempt = first.start_attempt("quiz", "exam", ["q1", "q2"])
    second.visit_section("l1", "s2", last=False)
    first.record_answer(attempt, "q1", 0, 0.0, "quiz")
    second.record_answer(attempt, "q2", 1, 1.0, "quiz")  # an attempt second never read itself
    first.set_setting("theme", "dark")
    second.finish_attempt(attempt, 50.0, False)

    disk = _on_disk(first.store, NAME)
    course = disk["courses"][COURSE]
    assert course["lessons"]["l1"]["seen"] == ["s1", "s2"]
    assert disk["settings"] == {"lang": "zh", "theme": "dark"}
    [saved] = course["attempts"]
    assert sorted(saved["answers"]) == ["q1", "q2"]
    assert saved["percent"] == 50.0
    assert course["review"]["q1"]["wrong"] == 1
    # after saving, each Learner's cached doc is the file
    assert second.doc == disk
    assert first.store.notices == [] and second.store.notices == []


def test_threads_with_separate_stores_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    n = 60
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def work(who: str) -> None:
        try:
            me = Learner(Store(folder), NAME, COURSE)
            barrier.wait()
            for i in range(n):
                me.visit_section("lesson", f"{who}-{i}", last=False)
                me.store.update(NAME, lambda doc: doc["settings"].__setitem__("count", doc["settings"].get("count", 0) + 1))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{k}",)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    disk = _on_disk(Store(folder), NAME)
    assert disk["settings"]["count"] == 3 * n
    assert len(disk["courses"][COURSE]["lessons"]["lesson"]["seen"]) == 3 * n


def test_a_lock_held_by_another_course_tui_is_a_one_off_error_not_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """filelock's Timeout is a TimeoutError (an OSError): a lock held past LOCK_TIMEOUT is a
    one-off StoreError ("locked by another course-tui"), never StoreNotWritable; the learner
    stays writable and the next save, once the lock is free, is saved."""
    from filelock import FileLock

    from course_tui.learning import store as store_module
    from course_tui.learning.store import StoreError, StoreNotWritable

    store = Store(tmp_path / "store")
    me = Learner(store, "Ada", "c")
    me.set_setting("lang", "en")
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.05)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:  # another FileLock object in another thread: not reentrant with ours
        with FileLock(str(store.path_for("Ada")) + ".lock"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(StoreError, match="locked by another course-tui") as info:
            store.update("Ada", lambda doc: doc["settings"].update(lang="zh"))
        assert not isinstance(info.value, StoreNotWritable)
        with pytest.raises(StoreError) as info:
            me.set_setting("lang", "zh")
        assert not isinstance(info.value, StoreNotWritable)
        assert me.read_only is None
    finally:
        release.set()
        holder.join(10)
    me.set_setting("lang", "zh")
    assert me.read_only is None
    assert Store(tmp_path / "store").read("Ada")["settings"]["lang"] == "zh"
