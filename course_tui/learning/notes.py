"""A learner's notes and bookmarks: listed by chapter in course order, and written out as
Markdown (``course-tui export notes``). What is stored is progress.py's; this module only
reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_tui.course.model import Course
from course_tui.safe_text import inert, one_line


@dataclass(frozen=True)
class Mark:
    """One section with a bookmark, a note, or both."""

    lesson: str
    section: str
    lesson_title: str
    section_title: str
    bookmarked: bool
    note: str  # "" when only bookmarked


@dataclass(frozen=True)
class ChapterMarks:
    title: str
    marks: tuple[Mark, ...]


def _split(key: str) -> tuple[str, str]:
    lesson, _, section = key.partition("#")
    return lesson, section


def marks_by_chapter(entry: dict[str, Any], course: Course | None, lang: str) -> list[ChapterMarks]:
    """The marks of one course entry of a learner file. With the course: chapters and
    sections in course order and titles in *lang*; marks on sections the course no longer has
    (and every mark without the course) come last, under the titles saved with them."""
    notes = entry.get("notes", {}) if isinstance(entry.get("notes"), dict) else {}
    bookmarks = entry.get("bookmarks", {}) if isinstance(entry.get("bookmarks"), dict) else {}
    keys = list(dict.fromkeys([*notes, *bookmarks]))

    def mark(key: str, lesson_title: str | None = None, section_title: str | None = None) -> Mark:
        saved = notes.get(key) or bookmarks.get(key) or {}
        lesson, section = _split(key)
        return Mark(
            lesson,
            section,
            lesson_title or str(saved.get("lesson_title") or lesson),
            section_title or str(saved.get("section_title") or section),
            key in bookmarks,
            str((notes.get(key) or {}).get("text", "")),
        )

    out: list[ChapterMarks] = []
    placed: set[str] = set()
    if course is not None:
        for chapter in course.chapters:
            lesson = chapter.lesson
            found = []
            for section in lesson.sections:
                key = f"{lesson.id}#{section.id}"
                if key in notes or key in bookmarks:
                    found.append(mark(key, lesson.title(lang), section.title(lang)))
                    placed.add(key)
            if found:
                out.append(ChapterMarks(lesson.title(lang), tuple(found)))
    rest = [key for key in keys if key not in placed]
    by_lesson: dict[str, list[Mark]] = {}
    for key in rest:
        m = mark(key)
        by_lesson.setdefault(m.lesson_title, []).append(m)
    out += [ChapterMarks(title, tuple(marks)) for title, marks in by_lesson.items()]
    return out


def markdown(learner: str, course_title: str, chapters: list[ChapterMarks], labels: dict[str, str]) -> str:
    """The marks as a Markdown document. *labels*: ``title`` (with ``{learner}``),
    ``bookmarked`` and ``none`` in the reader's language. The learner's text is kept as
    written (it is Markdown too), without control characters."""
    lines = [f"# {one_line(labels['title'].format(learner=learner))}", "", f"*{one_line(course_title)}*", ""]
    if not chapters:
        lines += [labels["none"], ""]
    for chapter in chapters:
        lines += [f"## {one_line(chapter.title)}", ""]
        for m in chapter.marks:
            star = f" ★ {labels['bookmarked']}" if m.bookmarked else ""
            lines += [f"### {one_line(m.section_title)}{star}", ""]
            if m.note:
                lines += [inert(m.note), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
