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
