"""How long the app takes to show a lesson section, or a quiz question, of N KB (a
14.9 MB section once froze the app 61 s). The size limits of ``validate`` (course/limits.py) come
from it.

    python benchmarks/section_size.py                       # sections of 16 … 1024 KB, three kinds of text
    python benchmarks/section_size.py --sizes 64,128 --kinds prose
    python benchmarks/section_size.py --what question --sizes 4,8,16   # a prompt and 4 options of N KB each

A course of one lesson whose second section holds N KB of Markdown (prose paragraphs, a
bullet list, or one long paragraph, in English and Chinese) is opened headless at 80x24 with
Pilot; the time is from the key that opens the big section to the last frame that changed
the screen (benchmarks/latency.py's measure). For a question (a prompt, an explanation and four
options with feedback, each N KB) the worse of opening the quiz and showing the answer's
feedback (which shows every text at once). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from latency import _frames, _key, _painted  # noqa: E402

SENTENCE = {
    "en": "The project office keeps the plan, the risks and the budget in one place. ",
    "zh": "项目管理办公室把计划、风险和预算放在一处。",
}


def body(kind: str, lang: str, size: int) -> str:
    """About *size* bytes (UTF-8) of Markdown of one *kind*."""
    sentence = SENTENCE[lang]
    if kind == "prose":  # paragraphs of five sentences
        block, sep = sentence * 5, "\n\n"
    elif kind == "list":  # one bullet per sentence
        block, sep = "- " + sentence, "\n"
    else:  # "line": one paragraph, no line break
        block, sep = sentence, ""
    count = max(1, size // (len(block.encode()) + len(sep)))
    return sep.join([block] * count)


def lesson(lang: str, kind: str, size: int) -> str:
    title = "入门" if lang == "zh" else "Intro"
    return f"---\nid: intro\ntitle: {title}\nobjectives: [x]\n---\n\n## One {{#one}}\n\nSmall.\n\n## Two {{#two}}\n\n{body(kind, lang, size)}\n"


def quiz(kind: str, size: int) -> str:
    def text(word: str) -> str:
        return "{zh: " + json.dumps(word + body(kind, "zh", size), ensure_ascii=False) + ", en: " + json.dumps(word + body(kind, "en", size)) + "}"

    options = "".join(f"      - id: {o}\n        text: {text(o)}\n        feedback: {text(o)}\n" for o in "abcd")
    return (
        "type: quiz\nid: big\nchapter: intro\ntitle: {zh: 大, en: Big}\nquestions:\n"
        f"  - id: big-1\n    type: single\n    section: intro#one\n    prompt: {text('Q')}\n"
        f"    explanation: {text('E')}\n    options:\n{options}    answer: a\n"
    )


async def _open_big_question(course: Path, store: Path, lang: str, loaded: Any) -> tuple[float, float]:
    from course_tui.learning.session import open_session
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.quiz import QuizScreen
    from course_tui.tui.widgets.questions import QuestionView

    app = CourseApp(open_session(course, store=store, learner="bench", lang=lang, loaded=loaded))
    _frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        t0, cpu = perf_counter(), process_time()
        app.open_quiz("big")
        wall = await _painted(pilot, lambda: isinstance(app.screen, QuizScreen), t0, rounds=100_000)
        cpu = process_time() - cpu
        screen = app.screen
        question = screen.run.questions[0]
        t0, cpu2 = perf_counter(), process_time()  # then the answer's feedback: every text at once
        screen.post_message(QuestionView.Answered(question, "b"))
        wall2 = await _painted(pilot, lambda: screen.feedback is not None and bool(screen.query("#feedback")), t0, rounds=100_000)
        return max(wall, wall2), max(cpu, process_time() - cpu2)


async def _open_big_section(course: Path, store: Path, lang: str, loaded: Any) -> tuple[float, float]:
    from course_tui.learning.session import open_session
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen

    app = CourseApp(open_session(course, store=store, learner="bench", lang=lang, loaded=loaded))
    _frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _painted(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        app.open_lesson("intro", "one")
        await _painted(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.index == 0)
        t0, cpu = perf_counter(), process_time()
        _key(app, "right")
        wall = await _painted(pilot, lambda: app.screen.index == 1, t0, rounds=100_000)
        return wall, process_time() - cpu


def measure(what: str, kind: str, lang: str, size: int) -> tuple[float, float]:
    """Seconds to the last changed frame, and CPU seconds of the process meanwhile (what
    other processes on a busy machine do not change; it includes the frames' waiting rounds)."""
    from coursekit import write_course

    from course_tui.course import limits

    # the limits under test are lifted while measuring beyond them
    limits_then = limits.MAX_SECTION_BYTES, limits.MAX_TEXT_BYTES, limits.MAX_SHOWN_BYTES
    with tempfile.TemporaryDirectory(prefix="course-tui-bench-") as tmp:
        if what == "section":
            files = {f"lessons/intro.{x}.md": lesson(x, kind, size) for x in ("zh", "en")}
        else:
            files = {"quizzes/quiz.yaml": None, "quizzes/scenario.yaml": None, "quizzes/big.yaml": quiz(kind, size)}
        course = write_course(Path(tmp) / "c", files)
        from course_tui.course.loader import load_course

        limits.MAX_SECTION_BYTES = limits.MAX_TEXT_BYTES = limits.MAX_SHOWN_BYTES = 1 << 30
        try:
            result = load_course(course)
        finally:
            limits.MAX_SECTION_BYTES, limits.MAX_TEXT_BYTES, limits.MAX_SHOWN_BYTES = limits_then
        assert result.course is not None, [f.format() for f in result.errors][:3]
        opener = _open_big_section if what == "section" else _open_big_question
        return asyncio.run(opener(course, Path(tmp) / "store", lang, result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--what", choices=("section", "question"), default="section")
    parser.add_argument("--sizes", default="16,64,128,256,512,1024", help="text sizes in KB (1 KB = 1024 bytes)")
    parser.add_argument("--kinds", default="prose,list,line", help="prose, list, line")
    parser.add_argument("--langs", default="en,zh")
    args = parser.parse_args(argv)
    print(f"{'kind':<6} {'lang':<4} {'KB':>6} {'seconds':>8} {'CPU s':>8}")
    for kind in args.kinds.split(","):
        for lang in args.langs.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                seconds, cpu = measure(args.what, kind, lang, size * 1024)
                print(f"{kind:<6} {lang:<4} {size:>6} {seconds:>8.3f} {cpu:>8.3f}", flush=True)
                if seconds > 5:
                    break  # larger ones only take longer
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
