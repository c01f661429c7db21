"""Scaling: synthetic courses (validate, load) and stores (load, save, size)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Any

from synth import course_bytes, learner_doc, write_course

COURSES = [(10, 200), (100, 2000), (1000, 20000)]
STORES = [100, 1000, 10000, 100000]


def _validate_once(folder: Path) -> float:
    t0 = perf_counter()
    run = subprocess.run([sys.executable, "-m", "course_tui", "validate", str(folder)], check=False, capture_output=True, text=True)
    elapsed = perf_counter() - t0
    if run.returncode != 0:
        raise RuntimeError(f"synthetic course does not validate: {run.stdout[-2000:]}{run.stderr[-2000:]}")
    return elapsed


def courses(runs: int, quick: bool) -> list[dict[str, Any]]:
    from course_tui.course.loader import load_course

    rows = []
    sizes = COURSES[:2] if quick else COURSES
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        for lessons, questions in sizes:
            folder = write_course(Path(tmp) / f"c{lessons}", lessons, questions)
            validate = statistics.median(_validate_once(folder) for _ in range(max(1, runs if lessons < 1000 else min(runs, 3))))
            loads = []
            for _ in range(max(2, min(runs, 5))):
                t0 = perf_counter()
                result = load_course(folder)
                loads.append(perf_counter() - t0)
                assert result.course is not None
            rows.append(
                {
                    "size": f"{lessons:,} lessons / {questions:,} questions",
                    "units": questions,
                    "bytes": course_bytes(folder),
                    "validate": validate,
                    "load": statistics.median(loads[1:]),
                }
            )
    return rows


def stores(runs: int, quick: bool) -> list[dict[str, Any]]:
    from course_tui.learning.progress import Learner
    from course_tui.learning.store import Store

    rows = []
    sizes = STORES[:3] if quick else STORES
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        for n in sizes:
            folder = Path(tmp) / f"s{n}"
            Store(folder).update("bench", lambda d, n=n: d.update(learner_doc("bench", "synthetic", n)))
            loads = []
            for _ in range(max(1, min(runs, 3))):
                t0 = perf_counter()
                me = Learner(Store(folder), "bench", "synthetic")
                loads.append(perf_counter() - t0)
            saves = []
            attempt = me.start_attempt("quiz-0", "practice", [f"q{i}" for i in range(max(runs, 10))])
            for i in range(max(runs, 10)):
                t0 = perf_counter()
                me.record_answer(attempt, f"q{i}", "a", 1.0, "quiz-0")
                saves.append(perf_counter() - t0)
            rows.append(
                {
                    "size": f"{n:,} attempts",
                    "units": n,
                    "bytes": Store(folder).path_for("bench").stat().st_size,
                    "load": statistics.median(loads),
                    "save": statistics.median(saves),
                    "save_worst": max(saves),
                }
            )
    return rows
