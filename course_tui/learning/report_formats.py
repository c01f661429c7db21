"""The report (:mod:`course_tui.learning.reports`) as files: CSV for spreadsheets, JSON, and a
CSV that Moodle's gradebook imports; :data:`FORMATS` adds the terminal table
(:mod:`course_tui.learning.report_table`). docs/REPORTS.md describes every column.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from course_tui import safe_json
from course_tui.safe_text import inert
from course_tui.learning.question_stats import WrongAnswer
from course_tui.learning.report_table import describe_wrong, table
from course_tui.learning.reports import QuizResult, Report

BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one


# -- CSV -------------------------------------------------------------------------------------
CSV_COLUMNS = [
    "learner",
    "kind",
    "number",
    "id",
    "title",
    "sections_read",
    "sections_total",
    "lesson_read",
    "best_percent",
    "passed",
    "quizzes_passed",
    "quizzes_total",
    "scenarios_played",
    "endings_reached",
    "endings_total",
    "verdicts",
    "last_active",
    "live_sessions",
]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A cell of text from a course or a store (a name, a title): control characters shown
    as placeholders, and a leading formula character neutralised by a ``'`` before it (the
    spreadsheet then shows the text as it is). Numbers the report computes are not text cells."""
    text = inert(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _live(result: QuizResult) -> int:
    """Live quiz sessions the learner took part in at this quiz (never graded)."""
    return len(result.standing.live) if result.standing is not None else 0


def csv_rows(report: Report, lang: str) -> list[list[str]]:
    """One row per learner and chapter, then per learner and chapterless quiz (see docs/REPORTS.md)."""
    rows = [[text_cell(c) for c in CSV_COLUMNS]]
    for learner in report.learners:
        name, updated = text_cell(learner.name), text_cell(learner.updated)
        for i, ch in enumerate(learner.chapters, 1):
            reached = [e for s in ch.scenarios for e in s.endings]
            rows.append(
                [
                    name,
                    "chapter",
                    str(i),
                    text_cell(ch.chapter_id),
                    text_cell(ch.title(lang)),
                    str(ch.sections_read),
                    str(ch.sections_total),
                    _yes(ch.lesson_read),
                    _num(ch.best_percent),
                    _yes(ch.passed if any(q.attempted for q in ch.quizzes) else None),
                    str(ch.quizzes_passed),
                    str(len(ch.quizzes)),
                    str(sum(1 for s in ch.scenarios if s.runs)),
                    str(len(reached)),
                    str(sum(len(s.scenario.endings) for s in ch.scenarios)),
                    text_cell("; ".join(e.outcome for e in reached)),
                    updated,
                    str(sum(_live(q) for q in ch.quizzes)),
                ]
            )
        for exam in learner.exams:
            rows.append(
                [
                    name,
                    "quiz",
                    "",
                    text_cell(exam.quiz.id),
                    text_cell(exam.quiz.title(lang)),
                    "",
                    "",
                    "",
                    _num(exam.best_percent),
                    _yes(exam.passed if exam.attempted else None),
                    str(int(exam.passed)),
                    "1",
                    "",
                    "",
                    "",
                    "",
                    updated,
                    str(_live(exam)),
                ]
            )
    return rows


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return BOM + out.getvalue()


def csv_text(report: Report, lang: str) -> str:
    """UTF-8 CSV text starting with a BOM (Excel then reads Chinese correctly)."""
    return _csv_text(csv_rows(report, lang))


_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")


def moodle_rows(report: Report, lang: str) -> list[list[str]]:
    """Moodle "Import grades → CSV file": ID number, Email address, one column per quiz (best %),
    then one per scenario (best score as a % of the highest possible)."""
    scenarios = [s for ch in report.course.chapters for s in ch.scenarios]
    rows = [["ID number", "Email address", *[text_cell(q.quiz.title(lang)) for q in report.quizzes], *[text_cell(s.title(lang)) for s in scenarios]]]
    for learner in report.learners:
        results = {r.quiz.id: r for ch in learner.chapters for r in ch.quizzes}
        results.update({r.quiz.id: r for r in learner.exams})
        runs = {r.scenario.id: r for ch in learner.chapters for r in ch.scenarios}
        email = learner.name if _EMAIL.match(learner.name) else ""
        rows.append(
            [
                text_cell(learner.name),
                text_cell(email),
                *[_num(results[q.quiz.id].best_percent) for q in report.quizzes],
                *[_num(runs[s.id].best_percent) if s.id in runs else "" for s in scenarios],
            ]
        )
    return rows


def moodle_csv_text(report: Report, lang: str) -> str:
    return _csv_text(moodle_rows(report, lang))


# -- JSON ------------------------------------------------------------------------------------
def _quiz_json(result: QuizResult) -> dict[str, Any]:
    standing = result.standing
    out = {"id": result.quiz.id, "attempts": result.attempts, "best_percent": result.best_percent, "passed": result.passed}
    if standing is not None:
        out.update(grading=standing.grading, graded_attempts=len(standing.graded), review_rounds=len(standing.reviews), live_sessions=len(standing.live))
    return out


def _wrong_json(wrong: WrongAnswer | None, lang: str) -> dict[str, Any] | None:
    if wrong is None:
        return None
    return {"kind": wrong.kind, "value": wrong.value, "text": describe_wrong(wrong, lang), "learners": wrong.learners}


def json_data(report: Report, lang: str) -> dict[str, Any]:
    course = report.course
    return {
        "course": {"id": course.id, "title": course.title(lang), "lang": lang},
        "generated": report.generated,
        "learners": [
            {
                "name": learner.name,
                "last_active": learner.updated or None,
                "lessons_read": learner.lessons_read,
                "quizzes_passed": learner.quizzes_passed,
                "quizzes_total": learner.quizzes_total,
                "chapters": [
                    {
                        "id": ch.chapter_id,
                        "title": ch.title(lang),
                        "sections_read": ch.sections_read,
                        "sections_total": ch.sections_total,
                        "lesson_read": ch.lesson_read,
                        "best_percent": ch.best_percent,
                        "passed": ch.passed,
                        "quizzes": [_quiz_json(q) for q in ch.quizzes],
                        "scenarios": [
                            {
                                "id": s.scenario.id,
                                "runs": s.runs,
                                "best_score": s.best_score,
                                "max_score": s.max_score,
                                "endings_total": len(s.scenario.endings),
                                "endings": [{"id": e.id, "outcome": e.outcome, "title": e.title(lang)} for e in s.endings],
                            }
                            for s in ch.scenarios
                        ],
                    }
                    for ch in learner.chapters
                ],
                "exams": [_quiz_json(q) for q in learner.exams],
                "live": [
                    {
                        "quiz": r.quiz.id,
                        "session": r.session,
                        "started": r.started,
                        "finished": r.finished,
                        "percent": r.percent,
                        "answered": r.answered,
                        "right": r.right,
                        "points": r.points,
                        "rank": r.rank,
                        "learners": r.learners,
                    }
                    for r in learner.live
                ],
            }
            for learner in report.learners
        ],
        "quizzes": [
            {
                "id": stats.quiz.id,
                "title": stats.quiz.title(lang),
                "chapter": stats.quiz.chapter,
                "learners": stats.learners,
                "questions": [
                    {
                        "id": q.question.id,
                        "type": q.question.type,
                        "prompt": q.question.prompt(lang),
                        "section": str(q.question.section) if q.question.section else None,
                        "answered": q.answered,
                        "right_first": q.right_first,
                        "right_best": q.right_best,
                        "first_rate": q.first_rate,
                        "mean_first_score": q.mean_first_score,
                        "weak": q.weak,
                        "top_wrong": _wrong_json(q.top_wrong, lang),
                    }
                    for q in stats.questions
                ],
            }
            for stats in report.quizzes
        ],
        "notices": list(report.notices),
    }


def json_text(report: Report, lang: str, left_out: list[str] | None = None) -> str:
    """The report as JSON (:func:`course_tui.safe_json.dumps`: a value that is not a finite
    number is left out, its place appended to *left_out*; no raw C1 character)."""
    return safe_json.dumps(json_data(report, lang), indent=2, left_out=left_out) + "\n"


FORMATS = {"table": table, "csv": csv_text, "json": json_text, "moodle-csv": moodle_csv_text}
