"""course-tui benchmarks: start-up against a bare Textual app, interaction latency, scaling.

    python benchmarks/run.py                 # everything (a few minutes)
    python benchmarks/run.py --quick         # fewer runs and smaller sizes (about a minute)
    python benchmarks/run.py --only startup,latency,scaling --runs 20

Not a test: it prints a table and the performance budget next to each figure.

It measures the course_tui its Python imports. To measure what users install:
``python -m venv /tmp/v && /tmp/v/bin/pip install . && cd /tmp &&
/tmp/v/bin/python /path/to/benchmarks/run.py --only startup``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DRIVER = HERE / "startup_driver.py"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def _half_done_store(folder: Path, course_dir: Path) -> None:
    """A learner who has read half the chapters, passed their quizzes and played their scenarios."""
    from course_tui.course.loader import load_course
    from course_tui.learning.progress import Learner
    from course_tui.learning.store import Store

    course = load_course(course_dir).course
    store = Store(folder)
    me = Learner(store, "bench", course.id)
    me.set_setting("lang", "en")
    for chapter in course.chapters[: len(course.chapters) // 2]:
        sections = chapter.lesson.sections
        for i, s in enumerate(sections):
            me.visit_section(chapter.lesson.id, s.id, last=i == len(sections) - 1, seconds=30)
        for quiz in chapter.quizzes:
            attempt = me.start_attempt(quiz.id, "practice", [q.id for q in quiz.questions])
            for q in quiz.questions:
                me.record_answer(attempt, q.id, None, 1.0, quiz.id)
            me.finish_attempt(attempt, 100.0, True)
        for scenario in chapter.scenarios:
            run = me.start_run(scenario.id, scenario.start)
            me.finish_run(run, 1, scenario.start)
    store.set_last_learner("bench")


def _one(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, float, float]:
    """Wall seconds to exit, peak RSS (KiB), wall seconds to the first paint and CPU seconds
    (user + system) to exit of one child: on a loaded machine the CPU time hardly grows with
    the load, the wall times do."""
    spawned = time.time()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errfile:  # a file, not a pipe: a chatty child cannot block
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errfile, env=env)
        out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errfile.seek(0)
        err = errfile.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    painted = next((float(line.split()[1]) for line in out.splitlines() if line.startswith("painted ")), None)
    if painted is None:
        raise RuntimeError(f"{' '.join(cmd)} never reported its first paint: {err[-2000:]}")
    return elapsed, usage.ru_maxrss, painted - spawned, usage.ru_utime + usage.ru_stime


def _compile_package() -> None:
    """Give course_tui its bytecode, as ``pip install`` does (and as Textual's has in
    site-packages): an editable checkout run with PYTHONDONTWRITEBYTECODE would otherwise
    compile every module from source at each start, which no installed user pays."""
    import compileall

    import course_tui

    compileall.compile_dir(str(Path(course_tui.__file__).parent), quiet=1)


def _load() -> str:
    """The machine's load while measuring (1-minute load average, cores)."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load unknown"


def startup(runs: int) -> list[tuple[str, ...]]:
    import shutil

    from course_tui.course.bundled import bundled_course_path

    course_dir = bundled_course_path()
    _compile_package()
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        store = Path(tmp) / "store"
        _half_done_store(store, course_dir)
        cache = Path(tmp) / "cache"  # the parsed-course cache (course_tui/course/cache.py) of these runs
        env = {**os.environ, "COURSE_TUI_CACHE": str(cache)}
        no_gc_policy = {**env, "COURSE_TUI_GC_POLICY": "off"}
        bare_cmd = [sys.executable, str(DRIVER), "bare"]
        app_cmd = [sys.executable, str(DRIVER), "course", "--store", str(store), "--learner", "bench"]
        _one(bare_cmd, env), _one(app_cmd, env)  # warm the file cache; not counted
        bare, warm, cold, plain_gc, loads = [], [], [], [], []
        for _ in range(runs):  # alternating, so all see the same machine noise
            loads.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0)
            bare.append(_one(bare_cmd, env))
            warm.append(_one(app_cmd, env))  # the course was parsed by an earlier start: read from the cache
            plain_gc.append(_one(app_cmd, no_gc_policy))  # the same, Python's collector left alone
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_one(app_cmd, env))  # the first start after a course change: parsed, cache written

    def med(runs_of: list[tuple[float, int, float, float]], i: int) -> float:
        return statistics.median(r[i] for r in runs_of)

    bw, bm, bp, bc = med(bare, 0), med(bare, 1), med(bare, 2), med(bare, 3)
    rows = [("bare Textual app (Header, Static, Footer)", f"{bp * 1000:.0f} ms", f"{bw * 1000:.0f} ms", f"{bc * 1000:.0f} ms", f"{bm / 1024:.1f} MiB", "")]
    for what, runs_of, limit in (
        ("course-tui to the painted course map, course cached", warm, 1.25),
        ("course-tui, first start after a course change (parsed, cache written)", cold, 1.5),
        ("course-tui, course cached, COURSE_TUI_GC_POLICY=off", plain_gc, None),
    ):
        aw, am, ap, ac = med(runs_of, 0), med(runs_of, 1), med(runs_of, 2), med(runs_of, 3)
        verdict = "" if limit is None else "ok" if ap / bp <= limit and aw / bw <= limit and am / bm <= 1.3 else "OVER"
        rows += [
            (what, f"{ap * 1000:.0f} ms", f"{aw * 1000:.0f} ms", f"{ac * 1000:.0f} ms", f"{am / 1024:.1f} MiB", ""),
            (
                f"  ratio (budget ≤ {limit}× time, ≤ 1.3× memory)" if limit else "  ratio (no budget: the policy's gain)",
                f"{ap / bp:.2f}×",
                f"{aw / bw:.2f}×",
                f"{ac / bc:.2f}×",
                f"{am / bm:.2f}×",
                verdict,
            ),
        ]
    rows.append(
        (f"load average while measuring: median {statistics.median(loads):.1f}, {min(loads):.1f}–{max(loads):.1f} ({os.cpu_count()} cores)", "", "", "", "", "")
    )
    return rows


def _table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"## {title}", "", "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _growth(rows: list[dict], key: str) -> list[str]:
    out = ["—"]
    for prev, cur in itertools.pairwise(rows):
        out.append(f"{(cur[key] / prev[key]) / (cur['units'] / prev['units']):.2f}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="startup,latency,scaling", help="comma-separated: startup, latency, scaling")
    parser.add_argument("--runs", type=int, default=None, help="start-up runs of each app (default 10; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    runs = args.runs or (5 if args.quick else 10)
    print(f"# course-tui benchmarks — {_machine()}; {time.strftime('%Y-%m-%d %H:%M')}\n", flush=True)

    if "startup" in only:
        rows = startup(runs)
        print(
            _table(
                f"Start-up, headless 80×24, median of {runs} alternating runs", ("what", "to first paint", "to exit", "CPU to exit", "peak RSS", "budget"), rows
            ),
            flush=True,
        )

    if "latency" in only:
        import latency

        from course_tui import gcpolicy

        from course_tui.course.bundled import bundled_course_path

        before = _load()
        rows = [
            (
                what,
                str(s["n"]),
                f"{s['median']:.1f}",
                f"{s['p95']:.1f}",
                f"{s['worst']:.1f}",
                f"{s['cpu_median']:.1f}",
                f"{s['cpu_p95']:.1f}",
                f"{s['cpu_worst']:.1f}",
                ("ok" if s["worst"] < 50 else "OVER") if ("section" in what or "feedback" in what or "map open" in what) else "",
            )
            for what, s in latency.run(bundled_course_path(), quick=args.quick)
        ]
        policy = "the launcher's GC policy" if gcpolicy.active() else "COURSE_TUI_GC_POLICY=off"
        print(
            _table(
                f"Interaction latency, bundled course, in-process Pilot 80×24, {policy} (ms, input to repaint; {before} at the start, {_load()} at the end)",
                ("what", "n", "median", "p95", "worst", "CPU median", "CPU p95", "CPU worst", "< 50 ms (worst)"),
                rows,
            ),
            flush=True,
        )

    if "scaling" in only:
        import scaling

        crows = scaling.courses(3 if args.quick else 5, args.quick)
        g_val, g_load = _growth(crows, "validate"), _growth(crows, "load")
        rows = [(r["size"], f"{r['bytes'] / 1e6:.1f} MB", f"{r['validate']:.2f} s", g_val[i], f"{r['load']:.2f} s", g_load[i]) for i, r in enumerate(crows)]
        print(
            _table(
                "Scaling: synthetic courses (validate = `course-tui validate DIR`, a fresh process; load = load_course in-process, warm)",
                ("course", "files", "validate", "growth", "load", "growth"),
                rows,
            )
            + "budget: 1,000 lessons / 20,000 questions validate < 3 s; growth = time ratio ÷ size ratio (1.00 = linear)\n",
            flush=True,
        )
        srows = scaling.stores(10, args.quick)
        g_sl, g_ss = _growth(srows, "load"), _growth(srows, "save")
        rows = [
            (
                r["size"],
                f"{r['bytes'] / 1e6:.2f} MB",
                f"{r['load'] * 1000:.1f} ms",
                g_sl[i],
                f"{r['save'] * 1000:.1f} ms",
                f"{r['save_worst'] * 1000:.1f} ms",
                g_ss[i],
            )
            for i, r in enumerate(srows)
        ]
        print(
            _table(
                "Scaling: learner store (load = open the learner; save = one answer recorded, median of 10)",
                ("store", "file", "load", "growth", "save", "save worst", "growth"),
                rows,
            )
            + "budget: save < 50 ms at 10,000 attempts\n",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
