"""Kill -9 a process in the middle of saving progress, hundreds of times.

A child process updates one learner as fast as it can; the parent kills it with SIGKILL
at a random moment and then checks that the learner's file is still complete JSON that
the store reads without moving anything aside, and that no saved answer was lost.
The same store folder is reused for every round, so each kill hits a real, growing file.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from course_tui.learning.store import Store

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 200
NAME = "崩溃 test ✓"
COURSE = "crash-course"

CHILD = textwrap.dedent(
    """
    import sys
    from course_tui.learning.progress import Learner
    from course_tui.learning.store import Store

    store = Store(sys.argv[1])
    me = Learner(store, sys.argv[2], sys.argv[3])
    attempt = me.start_attempt("quiz", "practice", ["q"])
    i = 0
    while True:
        me.record_answer(attempt, f"q{i}", i, 0.0 if i % 3 == 0 else 1.0, "quiz")
        me.visit_section(f"lesson{i % 7}", f"s{i % 11}", last=i % 5 == 0, seconds=0.5)
        if i == 0:
            sys.stdout.write("ready\\n")
            sys.stdout.flush()
        i += 1
    """
)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _wait_ready(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            proc.kill()
            _, err = proc.communicate()
            pytest.fail(f"child did not start within {timeout} s: {err.decode(errors='replace')}")
    line = proc.stdout.readline()
    if line.strip() != b"ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"child failed before its first update: {line!r}\n{err.decode(errors='replace')}")


def _answers(doc: dict) -> int:
    return sum(len(a["answers"]) for a in doc["courses"][COURSE]["attempts"])


@pytest.mark.slow
def test_sigkill_during_updates_never_corrupts_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    path = Store(folder).path_for(NAME)
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)

    kills = 0
    leftovers_seen = 0
    previous_answers = 0
    previous_attempts = 0
    started = time.monotonic()
    for round_no in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), NAME, COURSE],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_ready(proc)
            time.sleep(rng.uniform(0.0, 0.020))
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"round {round_no}: child exited by itself ({proc.returncode}): {err.decode(errors='replace')}"
        kills += 1

        # 1. plain json, no help from the store
        raw = path.read_bytes()
        try:
            plain = json.loads(raw.decode("utf-8"))
        except ValueError as exc:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"round {round_no} (seed {seed}): file unreadable after SIGKILL: {exc}; {len(raw)} bytes")
        assert plain["learner"]["name"] == NAME

        leftovers_seen += len(list(folder.glob(f".{path.name}.*.tmp")))

        # 2. through the store: nothing moved aside, leftovers cleaned
        store = Store(folder)
        doc = store.read(NAME)
        assert store.notices == [], f"round {round_no} (seed {seed}): {store.notices}"
        assert doc == plain
        assert list(folder.glob("*.unreadable-*")) == []
        assert list(folder.glob(f".{path.name}.*.tmp")) == []

        # 3. nothing lost: each round saved its attempt and at least one answer before "ready"
        attempts = len(doc["courses"][COURSE]["attempts"])
        answers = _answers(doc)
        assert attempts == previous_attempts + 1, f"round {round_no}: attempts {previous_attempts} -> {attempts}"
        assert answers > previous_answers, f"round {round_no}: answers {previous_answers} -> {answers}"
        previous_attempts, previous_answers = attempts, answers

    elapsed = time.monotonic() - started
    assert kills >= ROUNDS
    names = sorted(p.name for p in folder.iterdir())
    assert names == [path.name, path.name + ".lock"], names
    print(
        f"\n{kills} kills, every file readable "
        f"({previous_answers} answers in {previous_attempts} attempts, "
        f"{leftovers_seen} leftover temp files cleaned, {elapsed:.1f} s, seed {seed})"
    )


# -- kills during renames ---------------------------------------------------------------------
RENAMER = textwrap.dedent(
    """
    import sys
    from course_tui.learning.store import Store

    store = Store(sys.argv[1])
    names = (sys.argv[2], sys.argv[3])
    current = names[0] if store.exists(names[0]) else names[1]
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    while True:
        other = names[1] if current == names[0] else names[0]
        store.rename(current, other)
        current = other
    """
)
RENAME_ROUNDS = 100


def _holders(folder: Path) -> list[tuple[str, str]]:
    """(file name, learner name) of every learner file, read with plain json."""
    out = []
    for path in sorted(folder.glob("learner-*.json")):
        if path.name.count(".") == 1:
            out.append((path.name, json.loads(path.read_bytes().decode("utf-8"))["learner"]["name"]))
    return out


@pytest.mark.slow
def test_sigkill_during_renames_leaves_exactly_one_file_holding_the_learner(tmp_path: Path) -> None:
    from course_tui.learning.progress import Learner

    folder = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    names = ("Ada 改名", "Bea ✓")
    me = Learner(Store(folder), names[0], COURSE)
    for i in range(20):
        me.visit_section("lesson", f"s{i}", last=False)
    Store(folder).set_last_learner(names[0])
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    for round_no in range(RENAME_ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", RENAMER, str(folder), *names],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_ready(proc)
            time.sleep(rng.uniform(0.0, 0.030))
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"round {round_no}: child exited by itself: {err.decode(errors='replace')}"
        [(file_name, holder)] = _holders(folder)  # exactly one file, holding one of the two names
        assert holder in names, f"round {round_no} (seed {seed}): {holder!r}"
        store = Store(folder)
        assert store.learners() == [holder]
        assert store.read(holder)["courses"][COURSE]["lessons"]["lesson"]["seen"] == [f"s{i}" for i in range(20)]
        assert store.notices == [] and list(folder.glob("*.unreadable-*")) == []
        assert not store.exists(names[1] if holder == names[0] else names[0])
    assert file_name == Store(folder).path_for(names[0]).name  # the file never changed its name
    print(f"\n{RENAME_ROUNDS} kills during renames, one file every time (seed {seed})")


# -- kills while the last learner is recorded --------------------------------------------------
STATE_WRITER = textwrap.dedent(
    """
    import sys
    from course_tui.learning.store import Store

    store = Store(sys.argv[1])
    store.set_last_learner("a")
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    i = 0
    while True:
        store.set_last_learner(f"learner {i % 7}")
        i += 1
    """
)


@pytest.mark.slow
def test_temp_files_of_the_state_file_left_by_kills_are_removed_at_the_next_start(tmp_path: Path) -> None:
    from coursekit import write_course

    from course_tui.learning.session import open_session

    folder = tmp_path / "store"
    course = write_course(tmp_path / "c")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    rng = random.Random()
    left = 0
    for _ in range(60):
        proc = subprocess.Popen(
            [sys.executable, "-c", STATE_WRITER, str(folder)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            _wait_ready(proc)
            time.sleep(rng.uniform(0.0, 0.010))
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        left += len(list(folder.glob(".store.json.*.tmp")))
        session = open_session(course, store=folder)  # a start as the last learner
        assert list(folder.glob(".store.json.*.tmp")) == []
        assert session.learner_name.startswith(("a", "learner "))
    print(f"\n{left} leftover temp files of store.json seen after kills, all removed at the next start")
