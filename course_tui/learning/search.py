"""Full-text search of a course in one language: lesson sections, quiz explanations and
scenario texts.

Chinese (and any text with CJK characters in the query) is matched by characters: the query,
without its spaces, must occur in a line. Other text is matched by words: every word of the
query must begin a word of the line. Case, full-width/half-width forms and accents of the
same letter (NFKC + casefold) never matter. Each hit names where it leads: a lesson section
(a section's own text, or the section a quiz question tests) or a scenario.

The index is built once per course and language (a few milliseconds for the bundled course)
and a query only scans prepared lines, so a keystroke is answered well inside 50 ms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from course_tui.course.model import Course, Text

MAX_HITS = 200

# CJK ideographs, kana, hangul and CJK punctuation: matched by characters, not words.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_WORD = re.compile(r"\w+")
# Markdown a reader does not see: heading marks, list and quote markers, emphasis, code ticks,
# a link's target, an {#id} anchor.
_MD_LEAD = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*")
_MD_INLINE = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|\]\([^)]*\)|\[|\{#[^}]*\}")


def fold(text: str) -> str:
    """The form both sides are compared in."""
    return unicodedata.normalize("NFKC", text).casefold()


def plain_line(line: str) -> str:
    """One line of Markdown as a reader sees it (markers and link targets dropped)."""
    return " ".join(_MD_INLINE.sub("", _MD_LEAD.sub("", line)).split())


@dataclass(frozen=True)
class Target:
    """Where a hit leads: a lesson section (``kind`` "section") or a scenario ("scenario")."""

    kind: str
    id: str  # the lesson id, or the scenario id
    section: str | None = None


@dataclass(frozen=True)
class Hit:
    where: str  # "Lesson › Section", "Quiz · question 3", "Scenario › node" in the language
    line: str  # the line that matched, as a reader sees it
    target: Target
    in_title: bool  # the query matched the title itself (those come first)
    at: int = 0  # where in ``line`` the match begins (about: for a window around it)


@dataclass(frozen=True)
class _Entry:
    where: str
    folded_title: str  # the entry's own title (a section's, a node's): a match there ranks first
    lines: tuple[tuple[str, str], ...]  # (shown line, folded line)
    target: Target


def _lines(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for raw in text.splitlines():
        shown = plain_line(raw)
        if shown:
            out.append((shown, fold(shown)))
    return tuple(out)


def _text(value: Text | None, lang: str) -> str:
    return value(lang) if value is not None else ""


class SearchIndex:
    """Every searchable text of *course* in *lang*, prepared once."""

    def __init__(self, course: Course, lang: str, labels: dict[str, str] | None = None) -> None:
        """*labels*: ``{"question": "question {n}"}`` in the interface language."""
        self.lang = lang
        words = {"question": "question {n}", **(labels or {})}
        entries: list[_Entry] = []

        def add(where: str, title: str, text: str, target: Target) -> None:
            entries.append(_Entry(where, fold(title), _lines(text), target))

        for chapter in course.chapters:
            lesson = chapter.lesson
            for n, section in enumerate(lesson.sections):
                where = f"{lesson.title(lang)} › {section.title(lang)}"
                title = where if n == 0 else section.title(lang)  # the lesson's title: its first section
                add(where, title, section.body(lang), Target("section", lesson.id, section.id))
        for quiz in course.quizzes:
            for n, q in enumerate(quiz.questions, 1):
                if q.section is None or course.find_section(q.section) is None:
                    continue
                where = f"{quiz.title(lang)} · {words['question'].format(n=n)}"
                add(where, "", _text(q.explanation, lang), Target("section", q.section.lesson, q.section.section))
        for chapter in course.chapters:
            for scenario in chapter.scenarios:
                for node in scenario.nodes.values():
                    parts = [_text(node.title, lang), node.text(lang)]
                    parts += [choice.text(lang) for choice in node.choices]
                    parts += [_text(choice.feedback, lang) for choice in node.choices]
                    if node.ending is not None:
                        parts += [node.ending.title(lang), node.ending.debrief(lang)]
                    where = f"{scenario.title(lang)} › {_text(node.title, lang) or node.id}"
                    title = f"{scenario.title(lang)} {_text(node.title, lang)}" if node.id == scenario.start else _text(node.title, lang)
                    add(where, title, "\n".join(p for p in parts if p), Target("scenario", scenario.id))
        self.entries = tuple(entries)

    def search(self, query: str, limit: int = MAX_HITS) -> list[Hit]:
        """The hits of *query*, titles first, then in course order; at most *limit*."""
        match = matcher(query)
        if match is None:
            return []
        first = fold(query).split()[0] if fold(query).split() else ""
        first = first if not _CJK.search(first) else "".join(fold(query).split())[:2]
        titled: list[Hit] = []
        others: list[Hit] = []
        for entry in self.entries:
            if entry.folded_title and match(entry.folded_title):
                opening = entry.lines[0][0] if entry.lines else ""
                titled.append(Hit(entry.where, opening, entry.target, True))
                continue
            for shown, folded in entry.lines:
                if match(folded):
                    others.append(Hit(entry.where, shown, entry.target, False, max(0, folded.find(first))))
                    break  # one hit per section or node: its first matching line
            if len(titled) + len(others) >= limit:
                break
        return (titled + others)[:limit]


_INDEXES: dict[tuple[int, str], tuple[Course, SearchIndex]] = {}


def index_for(course: Course, lang: str, labels: dict[str, str] | None = None) -> SearchIndex:
    """The index of *course* in *lang*, built on first use and kept while the course is
    (a reloaded course is a new object and gets a new index; at most four are kept)."""
    key = (id(course), lang)
    found = _INDEXES.get(key)
    if found is not None and found[0] is course:
        return found[1]
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    index = SearchIndex(course, lang, labels)
    _INDEXES[key] = (course, index)
    return index


def matcher(query: str) -> Callable[[str], bool] | None:
    """A predicate telling whether a folded line matches *query*; None for an empty query."""
    q = fold(query).strip()
    if not q:
        return None
    if _CJK.search(q):
        needle = "".join(q.split())
        return lambda line: needle in line.replace(" ", "")
    words = _WORD.findall(q)
    if not words:
        needle = q
        return lambda line: needle in line
    patterns = [(w, re.compile(r"(?<!\w)" + re.escape(w))) for w in words]
    # the plain substring test first: most lines fail it, and it is much cheaper than a regex
    return lambda line: all(w in line and p.search(line) for w, p in patterns)
