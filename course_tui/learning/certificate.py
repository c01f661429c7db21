"""A certificate of completion drawn as SVG: learner, course, date, final score and the
course's attribution line, in the learner's language. Every text is escaped for XML and
stripped of control characters; a long name or title is fitted to the page."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape

from course_tui.course.model import Course
from course_tui.learning.completion import Completion
from course_tui.safe_text import one_line

WIDTH, HEIGHT = 1123, 794  # A4 landscape at 96 dpi
FONTS = "'Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', 'SimSun', 'Noto Serif', Georgia, serif"

WORDS = {
    "zh": {
        "heading": "结业证书",
        "sub": "CERTIFICATE OF COMPLETION",
        "certifies": "兹证明",
        "completed": "已完成课程全部章节并通过结业考试",
        "completed_no_exam": "已完成课程全部章节",
        "score": "结业考试成绩：{score}",
        "date": "完成日期：{date}",
        "source": "改编自：{source}",
    },
    "en": {
        "heading": "Certificate of Completion",
        "sub": "COURSE-TUI",
        "certifies": "This certifies that",
        "completed": "has completed every chapter of the course and passed its final exam",
        "completed_no_exam": "has completed every chapter of the course",
        "score": "Final exam score: {score}",
        "date": "Completed on {date}",
        "source": "Adapted from {source}",
    },
}


def attribution(course: Course) -> str:
    """The course's source in one line: “Title” — author, publisher, date."""
    source = course.source
    if source is None:
        return ""
    rest = ", ".join(p for p in (source.author, source.publisher, source.date) if p)
    return f"“{source.title}”" + (f" — {rest}" if rest else "")


def cell_len(text: str) -> int:
    """Columns *text* takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(x: float, y: float, text: str, size: int, max_width: float, **attrs: str) -> str:
    """One centred line; squeezed to *max_width* when it would be wider (cells × size × 0.56)."""
    shown = one_line(text)
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    fit = ""
    if cell_len(shown) * size * 0.56 > max_width:
        fit = f' textLength="{max_width:.0f}" lengthAdjust="spacingAndGlyphs"'
    return f'  <text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="middle"{fit}{extra}>{escape(shown)}</text>\n'


def certificate_svg(course: Course, learner: str, result: Completion, lang: str, now: datetime | None = None) -> str:
    """The SVG document (the learner must have completed the course: *result*.complete)."""
    words = WORDS["zh" if lang == "zh" else "en"]
    when = result.completed or now or datetime.now().astimezone()
    date = when.astimezone().strftime("%Y-%m-%d")  # the learner's own date, not UTC's
    score = f"{result.final_score:g}%" if result.final_score is not None else "—"
    cx, inner = WIDTH / 2, WIDTH - 240
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONTS}">\n',
        f"  <title>{escape(one_line(words['heading'] + ' — ' + learner))}</title>\n",
        f'  <rect width="{WIDTH}" height="{HEIGHT}" fill="#fbf7ee"/>\n',
        f'  <rect x="28" y="28" width="{WIDTH - 56}" height="{HEIGHT - 56}" fill="none" stroke="#8a6d3b" stroke-width="6"/>\n',
        f'  <rect x="44" y="44" width="{WIDTH - 88}" height="{HEIGHT - 88}" fill="none" stroke="#8a6d3b" stroke-width="1.5"/>\n',
        _text(cx, 150, words["heading"], 56, inner, fill="#5a4522", font_weight="bold"),
        _text(cx, 190, words["sub"], 16, inner, fill="#8a6d3b", letter_spacing="4"),
        f'  <line x1="{cx - 160:.0f}" y1="215" x2="{cx + 160:.0f}" y2="215" stroke="#8a6d3b" stroke-width="1"/>\n',
        _text(cx, 285, words["certifies"], 24, inner, fill="#333333"),
        _text(cx, 365, learner, 52, inner, fill="#1f2a44", font_weight="bold"),
        f'  <line x1="{cx - 260:.0f}" y1="385" x2="{cx + 260:.0f}" y2="385" stroke="#c9b58a" stroke-width="1"/>\n',
        _text(cx, 440, words["completed" if result.exams else "completed_no_exam"], 22, inner, fill="#333333"),
        _text(cx, 500, course.title(lang), 34, inner, fill="#1f2a44", font_weight="bold"),
    ]
    if result.exams:  # a course without an exam has no final score to show
        parts.append(_text(cx, 570, words["score"].format(score=score), 22, inner, fill="#333333"))
    parts.append(_text(cx, 608, words["date"].format(date=date), 22, inner, fill="#333333"))
    source = attribution(course)
    if source:
        parts.append(_text(cx, 700, words["source"].format(source=source), 15, inner, fill="#6b6b6b"))
    parts.append("</svg>\n")
    return "".join(parts)
