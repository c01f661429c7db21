"""Interaction latency in-process, driven with Textual's Pilot at 80x24.

Each figure is the wall time from the input (a key event sent through the driver, or the
answer message the question widget would post) until the screen has processed everything
it caused and has been repainted (a ``call_after_refresh`` callback ran with nothing left
dirty), store saves included.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

from synth import learner_doc


async def _painted(pilot, ready: Callable[[], Any] = lambda: True, rounds: int = 400) -> None:
    """Wait until *ready()* holds and the screen has been repainted after it."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    settled = 0
    for _ in range(rounds):
        await pilot._wait_for_screen()
        done = loop.create_future()
        app.screen.call_after_refresh(lambda done=done: done.done() or done.set_result(None))
        await done
        if ready():
            settled += 1
            if settled == 2:  # one more round: widgets mounted by the last one have painted too
                return
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


def _stats(samples: list[float]) -> dict[str, Any]:
    return {"n": len(samples), "median": statistics.median(samples) * 1000, "worst": max(samples) * 1000}


async def _lessons_and_quizzes(course_dir: Path, store: Path, lang: str, out: dict[str, list[float]], quick: bool) -> None:
    from course_tui.learning.session import open_session
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen
    from course_tui.tui.screens.quiz import QuizScreen
    from course_tui.tui.widgets.questions import QuestionView

    app = CourseApp(open_session(course_dir, store=store, learner=f"bench-{lang}", lang=lang))
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        course = app.course
        chapters = course.chapters[:2] if quick else course.chapters
        for chapter in chapters:
            lesson = chapter.lesson
            t0 = perf_counter()
            app.open_lesson(lesson.id, lesson.sections[0].id)
            await _painted(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.index == 0)
            out["lesson open (from the map)"].append(perf_counter() - t0)
            for i in range(1, len(lesson.sections)):
                t0 = perf_counter()
                _key(app, "right")
                await _painted(pilot, lambda i=i: app.screen.index == i)
                out["section open (next section)"].append(perf_counter() - t0)
            for quiz in chapter.quizzes:
                app.open_quiz(quiz.id)
                await _painted(pilot, lambda: isinstance(app.screen, QuizScreen))
                screen = app.screen
                for k, q in enumerate(screen.run.questions):
                    t0 = perf_counter()
                    screen.post_message(QuestionView.Answered(q, _right_answer(q, lang, wrong=k % 3 == 2)))
                    await _painted(pilot, lambda screen=screen: screen.feedback is not None and bool(screen.query("#feedback")))
                    out["answer feedback (save included)"].append(perf_counter() - t0)
                    t0 = perf_counter()
                    _key(app, "enter")  # the focused "next question" button
                    await _painted(pilot, lambda screen=screen: screen.feedback is None or not screen.is_current)
                    out["next question"].append(perf_counter() - t0)
            app.go_home()
            await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))


async def _map_with_attempts(course_dir: Path, store: Path, attempts: int, out: dict[str, list[float]], repeats: int) -> None:
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
    t0 = perf_counter()
    app = CourseApp(open_session(course_dir, store=store, learner="bench-map", lang="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        out.setdefault(f"app start to map ({attempts:,} attempts, in-process)", []).append(perf_counter() - t0)
        for _ in range(repeats):
            app.open_lesson(course.chapters[0].id)
            await _painted(pilot, lambda: isinstance(app.screen, LessonScreen))
            t0 = perf_counter()
            _key(app, "escape")
            await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
            out.setdefault(f"course map open ({attempts:,} attempts)", []).append(perf_counter() - t0)


def run(course_dir: Path, quick: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """Rows of (what, {n, median, worst}) in milliseconds."""
    out: dict[str, list[float]] = {
        "lesson open (from the map)": [],
        "section open (next section)": [],
        "answer feedback (save included)": [],
        "next question": [],
    }
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        for lang in ("zh",) if quick else ("zh", "en"):
            asyncio.run(_lessons_and_quizzes(course_dir, Path(tmp) / "store", lang, out, quick))
        asyncio.run(_map_with_attempts(course_dir, Path(tmp) / "store-map", 1000, out, 3 if quick else 10))
    return [(what, _stats(samples)) for what, samples in out.items() if samples]
