"""Interaction latency in-process, driven with Textual's Pilot at 80x24.

What one figure measures ("input to repaint"): the wall time from the input (a key event
sent through the driver, or the answer message the question widget would post) to the end
of the last frame that changed what the terminal shows, store saves included.

- A frame is one compositor paint (``Screen._compositor_refresh`` handing its update to
  ``App._display``); :func:`_frames` records each with the time it ended. Frames wait for
  the screen's update timer (``1 / TEXTUAL_FPS`` s, 60 fps), as they do in a terminal.
- The input counts as handled once the screen has *settled*: ``ready()`` holds, every
  message queued on the app and the screen's widgets has been processed
  (``pilot._wait_for_screen``), and a ``call_after_refresh`` callback then ran (Textual runs
  those once nothing is left to lay out or repaint) -- twice in a row, so widgets mounted
  by the first round have painted too.
- Then the frames are replayed on a grid of cells (:class:`_Terminal`, text and style per
  cell). A frame that changed no cell -- Textual repaints a newly shown widget once more
  after its first resize, often identically -- is invisible and does not end the figure.
  If nothing changed, the figure ends when the input's messages had been processed.
- The probing and the replay happen after the last frame and are not counted.
- Each figure is also taken in the process's CPU time over the same interval (input to the
  last changed frame): what the app itself spent, garbage collections included, without the
  time it waited for a core. On a loaded machine the wall time grows with the load; the CPU
  time much less (it still grows with cache misses). The frame timer's wait is not CPU
  time either.

Measurement floor (``python benchmarks/latency.py --floor``: an unbound key, nothing to do,
nothing painted): about 2 ms on the course map and 4 ms on the lesson screen (the cost of
the first probe). The earlier definition -- the wall time until the second settled probe
returned -- read about 7 ms for the same key and counted invisible repaints and whatever
ran after the last frame (say, work the screen schedules once it has painted).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

from synth import learner_doc


class _Terminal:
    """What a terminal would show: every frame the app paints applied to a grid of cells."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, str]] = {}

    def apply(self, update: Any) -> bool:
        """Apply one frame (a Textual compositor update); whether any cell changed."""
        from rich.cells import cell_len
        from rich.segment import ControlType

        cells, changed, x, y = self.cells, False, 0, 0
        for segment in update.__rich_console__(None, None):
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]
                continue
            if segment.text == "\n":
                continue
            style = str(segment.style) if segment.style else ""
            for char in segment.text:
                width = cell_len(char)
                for i, cell in enumerate(((char, style), ("", style))[: max(width, 1)]):
                    if cells.get((x + i, y)) != cell:
                        cells[x + i, y] = cell
                        changed = True
                x += width
        return changed


def _clock() -> tuple[float, float]:
    """Now, as (wall seconds, this process's CPU seconds)."""
    return perf_counter(), process_time()


def _frames(app) -> list[tuple[tuple[float, float], Any]]:
    """Record every frame *app* paints (also in headless mode) with the time it ended."""
    frames: list[tuple[tuple[float, float], Any]] = []
    display = app._display

    def timed(screen, renderable):
        try:
            return display(screen, renderable)
        finally:
            if renderable is not None:
                frames.append((_clock(), renderable))

    app._display = timed
    app._bench_frames = frames
    app._bench_terminal = _Terminal()
    return frames


async def _painted(pilot, ready: Callable[[], Any] = lambda: True, t0: tuple[float, float] | None = None, rounds: int = 400) -> tuple[float, float]:
    """Wait until *ready()* holds and the screen has settled; the seconds (wall, CPU) from
    *t0* to the last frame since that changed what the terminal shows (or, if none did, to
    the input's messages having been processed)."""
    app = pilot.app
    if getattr(app, "_bench_frames", None) is None:
        _frames(app)
    frames, terminal = app._bench_frames, app._bench_terminal
    if t0 is None:
        t0 = _clock()
    loop = asyncio.get_running_loop()
    settled = 0
    processed: float | None = None
    for _ in range(rounds):
        await pilot._wait_for_screen()
        if processed is None:
            processed = _clock()
        done = loop.create_future()
        app.screen.call_after_refresh(lambda done=done: done.done() or done.set_result(None))
        try:  # a screen popped meanwhile never runs the callback: probe again
            await asyncio.wait_for(done, 2.0)
        except asyncio.TimeoutError:
            continue
        if ready():
            settled += 1
            if settled == 2:  # one more round: widgets mounted by the last one have painted too
                shown = None
                for at, update in frames:  # replayed now, when the app is idle: not counted
                    if terminal.apply(update) and at[0] > t0[0]:
                        shown = at
                frames.clear()
                end = shown if shown is not None else processed
                return end[0] - t0[0], end[1] - t0[1]
        else:
            processed = None  # not there yet: the input is still being handled
    raise TimeoutError("the screen never became ready")


def _key(app, key: str) -> None:
    from textual import events

    event = events.Key(key, None)
    event.set_sender(app)
    app._driver.send_message(event)


def _right_answer(q, lang: str, wrong: bool) -> Any:
    from course_tui.course.model import (
        Matching,
        MultipleChoice,
        Ordering,
        ShortAnswer,
        SingleChoice,
        TrueFalse,
    )

    if isinstance(q, SingleChoice):
        return next(o.id for o in q.options if o.id != q.answer) if wrong else q.answer
    if isinstance(q, MultipleChoice):
        return [next(o.id for o in q.options if o.id not in q.answer)] if wrong else list(q.answer)
    if isinstance(q, TrueFalse):
        return (not q.answer) if wrong else q.answer
    if isinstance(q, ShortAnswer):
        return "something else" if wrong else q.accepted(lang)[0]
    if isinstance(q, Ordering):
        order = list(range(len(q.items)))
        return order[::-1] if wrong else order
    if isinstance(q, Matching):
        n = len(q.pairs)
        return {i: (i + 1) % n if wrong else i for i in range(n)}
    raise TypeError(type(q))


def _stats(samples: list[tuple[float, float]]) -> dict[str, Any]:
    """n, and the median, p95 and worst in milliseconds, of the wall times and (``cpu_``) of
    the CPU times."""
    out: dict[str, Any] = {"n": len(samples)}
    for prefix, values in (("", [s[0] for s in samples]), ("cpu_", [s[1] for s in samples])):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]  # nearest rank
        out.update({f"{prefix}median": statistics.median(values) * 1000, f"{prefix}p95": p95 * 1000, f"{prefix}worst": ordered[-1] * 1000})
    return out


async def _lessons_and_quizzes(course_dir: Path, store: Path, lang: str, out: dict[str, list[tuple[float, float]]], quick: bool) -> None:
    from course_tui.learning.session import open_session
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen
    from course_tui.tui.screens.quiz import QuizScreen
    from course_tui.tui.widgets.questions import QuestionView

    app = CourseApp(open_session(course_dir, store=store, learner=f"bench-{lang}", lang=lang))
    _frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        course = app.course
        chapters = course.chapters[:2] if quick else course.chapters
        for chapter in chapters:
            lesson = chapter.lesson
            t0 = _clock()
            app.open_lesson(lesson.id, lesson.sections[0].id)
            out["lesson open (from the map)"].append(await _painted(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.index == 0, t0))
            for i in range(1, len(lesson.sections)):
                t0 = _clock()
                _key(app, "right")
                out["section open (next section)"].append(await _painted(pilot, lambda i=i: app.screen.index == i, t0))
            for quiz in chapter.quizzes:
                app.open_quiz(quiz.id)
                await _painted(pilot, lambda: isinstance(app.screen, QuizScreen))
                screen = app.screen
                for k, q in enumerate(screen.run.questions):
                    t0 = _clock()
                    screen.post_message(QuestionView.Answered(q, _right_answer(q, lang, wrong=k % 3 == 2)))
                    out["answer feedback (save included)"].append(
                        await _painted(pilot, lambda screen=screen: screen.feedback is not None and bool(screen.query("#feedback")), t0)
                    )
                    t0 = _clock()
                    _key(app, "enter")  # the focused "next question" button
                    out["next question"].append(await _painted(pilot, lambda screen=screen: screen.feedback is None or not screen.is_current, t0))
            app.go_home()
            await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))


async def _map_with_attempts(course_dir: Path, store: Path, attempts: int, out: dict[str, list[tuple[float, float]]], repeats: int) -> None:
    from course_tui.course.loader import load_course
    from course_tui.learning.session import open_session
    from course_tui.learning.store import Store
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen

    course = load_course(course_dir).course
    quizzes = [(q.id, [x.id for x in q.questions]) for q in course.quizzes]
    doc = learner_doc("bench-map", course.id, attempts, quizzes)
    Store(store).update("bench-map", lambda d: d.update(doc))
    t0 = _clock()
    app = CourseApp(open_session(course_dir, store=store, learner="bench-map", lang="en"))
    _frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        out.setdefault(f"app start to map ({attempts:,} attempts, in-process)", []).append(
            await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen), t0)
        )
        for _ in range(repeats):
            app.open_lesson(course.chapters[0].id)
            await _painted(pilot, lambda: isinstance(app.screen, LessonScreen))
            t0 = _clock()
            _key(app, "escape")
            out.setdefault(f"course map open ({attempts:,} attempts)", []).append(await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen), t0))


def run(course_dir: Path, quick: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """Rows of (what, {n, median, worst}) in milliseconds."""
    out: dict[str, list[tuple[float, float]]] = {
        "lesson open (from the map)": [],
        "section open (next section)": [],
        "answer feedback (save included)": [],
        "next question": [],
    }
    from course_tui import gcpolicy

    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        # each app under the garbage-collection policy of the launcher (course_tui/gcpolicy.py):
        # off until the first paint, then start-up's heap frozen; COURSE_TUI_GC_POLICY=off: none
        for lang in ("zh",) if quick else ("zh", "en"):
            with gcpolicy.launching():
                asyncio.run(_lessons_and_quizzes(course_dir, Path(tmp) / "store", lang, out, quick))
        with gcpolicy.launching():
            asyncio.run(_map_with_attempts(course_dir, Path(tmp) / "store-map", 1000, out, 3 if quick else 10))
    return [(what, _stats(samples)) for what, samples in out.items() if samples]


async def _floor(course_dir: Path, store: Path, repeats: int) -> dict[str, list[tuple[float, float]]]:
    """The measurement floor: an unbound key (nothing to do, nothing to paint) per screen."""
    from course_tui.learning.session import open_session
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen

    out: dict[str, list[tuple[float, float]]] = {"unbound key, course map": [], "unbound key, lesson": []}
    app = CourseApp(open_session(course_dir, store=store, learner="bench-floor", lang="en"))
    _frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        for what, samples in out.items():
            if what.endswith("lesson"):
                app.open_lesson(app.course.chapters[0].id)
                await _painted(pilot, lambda: isinstance(app.screen, LessonScreen))
            for _ in range(repeats):
                t0 = _clock()
                _key(app, "z")
                samples.append(await _painted(pilot, t0=t0))
    return out


if __name__ == "__main__":
    import sys

    from course_tui.course.bundled import bundled_course_path

    if "--floor" not in sys.argv[1:]:
        raise SystemExit("usage: python benchmarks/latency.py --floor   (run.py --only latency runs the rest)")
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        floor = asyncio.run(_floor(bundled_course_path(), Path(tmp) / "store", 30))
    for what, samples in floor.items():
        s = _stats(samples)
        print(f"{what}: n={s['n']} median {s['median']:.1f} ms, worst {s['worst']:.1f} ms (CPU: {s['cpu_median']:.1f}, {s['cpu_worst']:.1f} ms)")
