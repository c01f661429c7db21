"""The report (:mod:`course_tui.learning.reports`) as a table for a terminal: every line fits
*width* cells (80 by default; CJK characters take two), long titles are cut with “…”.

Labels come from a ``words`` mapping (English by default, :data:`EN`); the app passes its own
translations of the same keys, so the trainer screen shows the very same table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from course_tui.learning.question_stats import WrongAnswer
from course_tui.learning.reports import ChapterRow, QuizResult, Report
from course_tui.safe_text import inert

EN: dict[str, str] = {
    "title": "{course} ({id}) — {n} learner(s) — {when}",
    "legend": "Read: sections read of the lesson (✓ read to the end). Best: best quiz score. Passed: every quiz of the chapter passed.",
    "cohort": "Chapters across the cohort",
    "col.num": "#",
    "col.chapter": "Chapter",
    "col.read": "Read",
    "col.best": "Best",
    "col.passed": "Passed",
    "col.endings": "Scenario endings",
    "col.read_by": "Read by",
    "col.passed_by": "Passed by",
    "col.mean_best": "Mean best",
    "learner": "{name} — lessons read {read}/{chapters} · quizzes passed {passed}/{quizzes} · active {when}",
    "questions_heading": "Questions, weakest first",
    "questions": "First: learners right at their first answer, of those who answered; Ever: right at some answer; ⚠ under half right at the first try.",
    "quiz": "{title} · {id} · answered by {n} learner(s)",
    "col.question": "Question",
    "col.first": "First",
    "col.ever": "Ever",
    "col.text": "Prompt / ✗ most chosen wrong answer (learners)",
    "nobody": "  Nobody has answered this quiz yet.",
    "unanswered": "  {n} question(s) not answered by anyone.",
    "none": "No learners yet.",
    "live": "Live quiz: {title} — rank {rank} of {learners} · {points} points · right {right}/{answered} · {when}",
    "yes": "yes",
    "no": "no",
    "true": "true",
    "false": "false",
    "blank": "(blank)",
    "missed": "left out: {option}",
    "misplaced": "out of place: {item}",
    "unmatched": "(no match)",
    "outcome.success": "success",
    "outcome.partial": "partial",
    "outcome.failure": "failure",
}


# -- cells -----------------------------------------------------------------------------------
def cells(text: str) -> int:
    """Terminal cells *text* takes: wide and full-width characters 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int, align: str = "<") -> str:
    """*text* on one line in exactly *width* cells, cut with “…” when longer; line breaks and
    tabs become spaces, other control characters visible placeholders (a name from a store
    file can carry ESC sequences: they never reach the terminal)."""
    text = inert(" ".join(str(text).split()))
    if cells(text) > width:
        out, used = "", 0
        for ch in text:
            w = cells(ch)
            if used + w > width - 1:
                break
            out, used = out + ch, used + w
        text = out.rstrip() + "…"
    pad = " " * max(0, width - cells(text))
    return pad + text if align == ">" else text + pad


def _row(parts: list[tuple[str, int, str]]) -> str:
    return " ".join(fit(text, width, align) for text, width, align in parts).rstrip()


# -- values ----------------------------------------------------------------------------------
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def local_time(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return "—"
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def describe_wrong(wrong: WrongAnswer, lang: str, words: Mapping[str, str] = EN) -> str:
    """One line saying what the wrong answer was (without the number of learners)."""
    text = wrong.text(lang) if wrong.text is not None else ""
    if wrong.kind == "option":
        return text
    if wrong.kind == "missed":
        return words["missed"].format(option=text)
    if wrong.kind == "value":
        return words["true"] if wrong.value else words["false"]
    if wrong.kind == "text":
        return f"“{wrong.value}”" if wrong.value else words["blank"]
    if wrong.kind == "misplaced":
        return words["misplaced"].format(item=text)
    if wrong.kind == "pair":
        return f"{text} → {wrong.right(lang) if wrong.right is not None else words['unmatched']}"
    return str(wrong.value)  # pragma: no cover


def wrong_cell(wrong: WrongAnswer, lang: str, words: Mapping[str, str], width: int) -> str:
    """``✗ what (learners)`` in at most *width* cells; a wrong pair keeps both of its sides."""
    count = f" ({wrong.learners})"
    room = width - 2 - len(count)
    if wrong.kind == "pair" and wrong.text is not None:
        right = wrong.right(lang) if wrong.right is not None else words["unmatched"]
        half = (room - 3) // 2
        left_text = fit(wrong.text(lang), max(1, room - 3 - min(cells(right), half))).rstrip()
        what = f"{left_text} → {fit(right, room - 3 - cells(left_text)).rstrip()}"
    else:
        what = fit(describe_wrong(wrong, lang, words), room).rstrip()
    return f"✗ {what}{count}"


def chapter_passed(row: ChapterRow, words: Mapping[str, str] = EN) -> str:
    """yes / no / — (nothing finished or no quiz) / "1/2" for a chapter of several quizzes."""
    if not row.quizzes or not any(q.attempted for q in row.quizzes):
        return "—"
    if len(row.quizzes) > 1 and 0 < row.quizzes_passed < len(row.quizzes):
        return f"{row.quizzes_passed}/{len(row.quizzes)}"
    return words["yes"] if row.passed else words["no"]


def quiz_passed(result: QuizResult, words: Mapping[str, str] = EN) -> str:
    return "—" if not result.attempted else (words["yes"] if result.passed else words["no"])


def endings(row: ChapterRow, words: Mapping[str, str] = EN) -> str:
    """``1/4: success`` — endings reached of all the chapter's scenario endings, with verdicts."""
    if not row.scenarios:
        return ""
    total = sum(len(s.scenario.endings) for s in row.scenarios)
    reached = [e for s in row.scenarios for e in s.endings]
    verdicts = ", ".join(words.get(f"outcome.{e.outcome}", e.outcome) for e in reached)
    return f"{len(reached)}/{total}" + (f": {verdicts}" if verdicts else "")


def cohort_rows(report: Report) -> list[tuple[int, ChapterRow | QuizResult, int, int | None, float | None]]:
    """Per chapter (then per chapterless quiz): learners who read it to the end, learners who
    passed (None when it has no quiz), the mean of the learners' best scores."""
    out: list[tuple[int, Any, int, int | None, float | None]] = []
    if not report.learners:
        return out
    first = report.learners[0]
    for i, chapter in enumerate(first.chapters):
        rows = [learner.chapters[i] for learner in report.learners]
        bests = [r.best_percent for r in rows if r.best_percent is not None]
        passed = sum(1 for r in rows if r.passed) if chapter.quizzes else None
        out.append((i + 1, chapter, sum(1 for r in rows if r.lesson_read), passed, sum(bests) / len(bests) if bests else None))
    for j, exam in enumerate(first.exams):
        results = [learner.exams[j] for learner in report.learners]
        bests = [r.best_percent for r in results if r.best_percent is not None]
        out.append((0, exam, 0, sum(1 for r in results if r.passed), sum(bests) / len(bests) if bests else None))
    return out


# -- table -----------------------------------------------------------------------------------
Block = tuple[str, str]  # (kind, line): kind is title, note, heading, subheading, head, row or blank


def table_blocks(report: Report, lang: str, words: Mapping[str, str] = EN, width: int = 80) -> list[Block]:
    """The report as lines of at most *width* cells (≥ 60), each with what kind of line it is."""
    course, n = report.course, len(report.learners)
    out: list[Block] = []

    def add(kind: str, *lines: str) -> None:
        out.extend((kind, line) for line in lines)

    add("title", *_wrap(words["title"].format(course=course.title(lang), id=course.id, n=n, when=local_time(report.generated)), width))
    if not report.learners:
        add("blank", "")
        add("note", words["none"])
        return out
    add("blank", "")
    add("note", *_wrap(words["legend"], width))

    # Cohort: one row per chapter.
    title_w = width - 3 - 3 * 11
    add("blank", "")
    add("heading", words["cohort"])
    add(
        "head",
        _row(
            [
                (words["col.num"], 2, ">"),
                (words["col.chapter"], title_w, "<"),
                (words["col.read_by"], 10, ">"),
                (words["col.passed_by"], 10, ">"),
                (words["col.mean_best"], 10, ">"),
            ]
        ),
    )
    for num, item, read, passed, mean in cohort_rows(report):
        if isinstance(item, ChapterRow):
            label, read_text = item.title(lang), f"{read}/{n}"
        else:
            label, read_text = item.quiz.title(lang), ""
        add(
            "row",
            _row(
                [
                    (str(num) if num else "★", 2, ">"),
                    (label, title_w, "<"),
                    (read_text, 10, ">"),
                    ("—" if passed is None else f"{passed}/{n}", 10, ">"),
                    (percent(mean), 10, ">"),
                ]
            ),
        )

    # Learners × chapters.
    end_w = max(12, (width - 26) * 2 // 5)
    title_w = width - 26 - end_w
    for learner in report.learners:
        add("blank", "")
        add(
            "subheading",
            *_wrap(
                words["learner"].format(
                    name=learner.name,
                    read=learner.lessons_read,
                    chapters=len(learner.chapters),
                    passed=learner.quizzes_passed,
                    quizzes=learner.quizzes_total,
                    when=local_time(learner.updated),
                ),
                width,
            ),
        )
        add(
            "head",
            _row(
                [
                    (words["col.num"], 2, ">"),
                    (words["col.chapter"], title_w, "<"),
                    (words["col.read"], 8, "<"),
                    (words["col.best"], 5, ">"),
                    (words["col.passed"], 6, "<"),
                    (words["col.endings"], end_w, "<"),
                ]
            ),
        )
        for i, row in enumerate(learner.chapters, 1):
            sections = f"{row.sections_read}/{row.sections_total}" + (" ✓" if row.lesson_read else "")
            best = percent(row.best_percent) if row.quizzes else ""
            add(
                "row",
                _row(
                    [
                        (str(i), 2, ">"),
                        (row.title(lang), title_w, "<"),
                        (sections, 8, "<"),
                        (best, 5, ">"),
                        (chapter_passed(row, words) if row.quizzes else "", 6, "<"),
                        (endings(row, words), end_w, "<"),
                    ]
                ),
            )
        for exam in learner.exams:
            add(
                "row",
                _row(
                    [
                        ("★", 2, ">"),
                        (exam.quiz.title(lang), title_w, "<"),
                        ("", 8, "<"),
                        (percent(exam.best_percent), 5, ">"),
                        (quiz_passed(exam, words), 6, "<"),
                    ]
                ),
            )
        for live in learner.live:
            add(
                "row",
                *_wrap(
                    words["live"].format(
                        title=live.quiz.title(lang),
                        rank="—" if live.rank is None else live.rank,
                        learners="—" if live.learners is None else live.learners,
                        points="—" if live.points is None else live.points,
                        right=live.right,
                        answered=live.answered,
                        when=local_time(live.finished),
                    ),
                    width,
                ),
            )

    # Questions, weakest first: id and shares on the first line, what was missed below.
    add("blank", "")
    add("heading", words["questions_heading"])
    add("note", *_wrap(words["questions"], width))
    for stats in report.quizzes:
        add("blank", "")
        add("subheading", *_wrap(words["quiz"].format(title=stats.quiz.title(lang), id=stats.quiz.id, n=stats.learners), width))
        if not stats.learners:
            add("note", words["nobody"])
            continue
        id_w = min(14, max(cells(words["col.question"]), *(cells(q.question.id) for q in stats.questions)))
        text_w = width - id_w - 18
        add(
            "head",
            _row(
                [("", 2, "<"), (words["col.question"], id_w, "<"), (words["col.first"], 6, ">"), (words["col.ever"], 6, ">"), (words["col.text"], text_w, "<")]
            ),
        )
        for stat in stats.weakest_first():
            add(
                "row",
                _row(
                    [
                        ("⚠" if stat.weak else "", 2, "<"),
                        (stat.question.id, id_w, "<"),
                        (f"{stat.right_first}/{stat.answered}", 6, ">"),
                        (f"{stat.right_best}/{stat.answered}", 6, ">"),
                        (stat.question.prompt(lang), text_w, "<"),
                    ]
                ),
            )
            if stat.top_wrong is not None:
                add("row", " " * (width - text_w) + wrong_cell(stat.top_wrong, lang, words, text_w))
        if stats.unanswered:
            add("note", words["unanswered"].format(n=stats.unanswered))
    return out


def table_lines(report: Report, lang: str, words: Mapping[str, str] = EN, width: int = 80) -> list[str]:
    return [line for _, line in table_blocks(report, lang, words, width)]


_BREAKS = re.compile(r"[^\S ]")  # any whitespace but the space: CR, LF, tab, U+2028…


def _wrap(text: str, width: int) -> list[str]:
    """Wrap *text* into lines of at most *width* cells: between words, and between any two
    CJK characters (which need no space to break). Line breaks and tabs in *text* are spaces,
    other control characters visible placeholders, as in :func:`fit`."""
    text = inert(_BREAKS.sub(" ", text))
    units: list[str] = []
    for token in re.findall(r"\S+\s*|\s+", text):
        if any(cells(ch) == 2 for ch in token) or cells(token.rstrip()) > width:
            units.extend(token)
        else:
            units.append(token)
    lines, line = [], ""
    for unit in units:
        if cells((line + unit).rstrip()) > width and line.strip():
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def table(report: Report, lang: str, width: int = 80) -> str:
    return "\n".join(table_lines(report, lang, EN, width)) + "\n"
