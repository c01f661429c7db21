"""The contrast filter's share of drawing: time spent inside ``ContrastFilter.apply`` while a
learner pages through the bundled course (Pilot, 80×24, Chinese, textual-dark).

    python benchmarks/contrast.py

Opens four chapters and reads six sections in each; prints the time of the whole walk and the
time inside the filter (every line drawn passes through it), per section.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from course_tui.course.bundled import bundled_course_path
from course_tui.learning.session import open_session
from course_tui.tui import legibility
from course_tui.tui.app import CourseApp

spent = [0.0, 0]
_apply = legibility.ContrastFilter.apply


def _timed(self, segments, background):  # noqa: ANN001, ANN202 - the filter's own signature
    start = time.perf_counter()
    result = _apply(self, segments, background)
    spent[0] += time.perf_counter() - start
    spent[1] += 1
    return result


async def walk(store: Path) -> tuple[int, float]:
    session = open_session(bundled_course_path(), store=store, learner="bench", lang="zh", theme="textual-dark")
    app = CourseApp(session)
    sections = 0
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        start = time.perf_counter()
        for _chapter in range(4):
            await pilot.press("enter")
            for _ in range(3):
                await pilot.pause()
            for _ in range(6):
                await pilot.press("n")
                for _ in range(3):
                    await pilot.pause()
                sections += 1
            await pilot.press("escape")
            for _ in range(3):
                await pilot.pause()
            await pilot.press("down")
            await pilot.pause()
        return sections, time.perf_counter() - start


def main() -> None:
    legibility.ContrastFilter.apply = _timed  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        sections, total = asyncio.run(walk(Path(tmp) / "s"))
    print(
        f"{sections} sections read in {total * 1000:.0f} ms; inside the contrast filter {spent[0] * 1000:.1f} ms "
        f"over {spent[1]} lines drawn: {spent[0] / sections * 1000:.2f} ms per section",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
