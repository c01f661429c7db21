"""Search: time per keystroke on the bundled course, both languages (budget: 50 ms).

    python benchmarks/search.py

Types each query one character at a time, as a learner would, and reports the median and
the worst time of a keystroke (the search itself; drawing the rows is not included), and the
time to build the index (once per course and language).
"""

from __future__ import annotations

import statistics
import time

from course_tui.course.bundled import bundled_course_path
from course_tui.course.loader import load_course
from course_tui.learning.search import SearchIndex

QUERIES = {
    "zh": ["项目管理办公室", "管理痛点杀手", "打出来", "PMO", "职业通道"],
    "en": ["pain point killer", "fought for", "open school", "pmo", "career paths"],
}


def main() -> None:
    course = load_course(bundled_course_path()).course
    assert course is not None
    print(f"{'lang':<5}{'index build':>14}{'median/key':>14}{'worst/key':>12}   budget 50 ms/key")
    for lang, queries in QUERIES.items():
        started = time.perf_counter()
        index = SearchIndex(course, lang)
        build = time.perf_counter() - started
        times = []
        for _ in range(5):
            for query in queries:
                for n in range(1, len(query) + 1):
                    t = time.perf_counter()
                    index.search(query[:n])
                    times.append(time.perf_counter() - t)
        print(f"{lang:<5}{build * 1000:>11.1f} ms{statistics.median(times) * 1000:>11.2f} ms{max(times) * 1000:>9.2f} ms")


if __name__ == "__main__":
    main()
