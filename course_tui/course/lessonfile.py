"""Reading one lesson file: YAML front matter, then Markdown split into ``##`` sections.

A section starts at a level-2 heading with an explicit id: ``## Title {#section-id}``.
Headings inside fenced code blocks do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from course_tui.course import limits
from course_tui.course.findings import Report
from course_tui.course.formats import LESSON
from course_tui.course.schema import ID_PATTERN, INVALID, Ctx
from course_tui.course.yamlsrc import Pos, YamlProblem, YMap, load_yaml

FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ID_RE = re.compile(ID_PATTERN)


def heading(line: str) -> tuple[str, str | None] | None:
    """``## Title {#id}`` → (title, id); ``## Title`` → (title, None); None if *line* is no
    level-2 heading. Read without a regular expression: the one this replaces,
    ``^##(?!#)\\s*(.*?)\\s*(?:\\{#([^}]*)\\})?\\s*$``, backtracked quadratically on a long
    line of spaces (one 40 KB heading line took minutes); same results."""
    if not line.startswith("##") or line.startswith("###"):
        return None
    text = line[2:].strip()
    if text.endswith("}"):
        # the id group is the first '{#' after the last '}' before the closing one
        start = text.find("{#", text.rfind("}", 0, len(text) - 1) + 1)
        if 0 <= start <= len(text) - 3:
            return text[:start].rstrip(), text[start + 2 : -1]
    return text, None


def level_one(line: str) -> tuple[str, str | None] | None:
    """``# Title {#id}`` → (title, id); ``# Title`` → (title, None); None if *line* is no
    level-1 heading (``#`` then a space, as Markdown has it)."""
    if not (line.startswith("# ") or line.rstrip() == "#"):
        return None
    found = heading("#" + line)
    return found if found is not None else (line[1:].strip(), None)


@dataclass
class RawSection:
    id: str
    title: str
    body: str
    line: int


@dataclass
class LessonFile:
    path: str
    meta: YMap
    lang: str | None
    sections: list[RawSection] = field(default_factory=list)


def split_front_matter(text: str, report: Report) -> tuple[str, int, str, int] | None:
    """Return (front matter, its first line, body, body's first line) or None after reporting."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.error("frontmatter-missing", "a lesson must start with YAML front matter between '---' lines", Pos(1, 1))
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    report.error("frontmatter-unclosed", "the front matter has no closing '---' line", Pos(1, 1))
    return None


def split_sections(body: str, first_line: int, report: Report) -> list[RawSection]:
    sections: list[RawSection] = []
    seen: dict[str, int] = {}
    fence: str | None = None
    current: RawSection | None = None
    buffer: list[str] = []
    stray_line = 0

    def close() -> None:
        if current is not None:
            current.body = "\n".join(buffer).strip("\n")
            if not current.body.strip():
                report.warning("empty-section", f"section {current.id!r} has no text", Pos(current.line, 1))
            elif limits.over(current.body, limits.MAX_SECTION_BYTES):
                report.error(
                    "section-too-long",
                    f"section {current.id!r} is {len(current.body.encode()) / 1024:,.1f} KB; a section may be at most "
                    f"{limits.MAX_SECTION_BYTES // 1024} KB (the app shows a section at once): split it into several sections",
                    Pos(current.line, 1),
                )
            sections.append(current)

    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        # The substring tests are cheap necessary conditions for the regular expressions.
        match = FENCE_RE.match(line) if "```" in line or "~~~" in line else None
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        found = heading(line) if fence is None and line.startswith("##") else None
        if found is not None:
            close()
            buffer = []
            title, sid = found
            if sid is None:
                report.error(
                    "missing-section-id",
                    f"section heading {title!r} needs an id: write '## {title} {{#some-id}}'",
                    Pos(lineno, 1),
                )
                sid = f"_line{lineno}"
            elif not _ID_RE.match(sid):
                report.error("bad-value", f"section id {sid!r} is not valid: use letters, digits, '-', '_' or '.'", Pos(lineno, 1))
            elif sid in seen:
                report.error("duplicate-id", f"section id {sid!r} is already used on line {seen[sid]}", Pos(lineno, 1))
            else:
                seen[sid] = lineno
            if not title:
                report.error("empty-value", "section heading has no title", Pos(lineno, 1))
            elif limits.over(title, limits.MAX_TEXT_BYTES):
                report.error(
                    "text-too-long",
                    f"the section title is {len(title.encode()) / 1024:,.1f} KB; a text may be at most "
                    f"{limits.MAX_TEXT_BYTES // 1024} KB (the app shows it at once): shorten it",
                    Pos(lineno, 1),
                )
            current = RawSection(sid, title, "", lineno)
            continue
        if fence is None and line.startswith("#") and level_one(line) is not None:
            title, sid = level_one(line)  # type: ignore[misc]
            where_shown = f"shown as text in section {current.id!r}" if current is not None else "not shown"
            if sid is not None:
                message = f"'# {title} {{#{sid}}}' is a level-1 heading, so it starts no section ({where_shown}): write '## {title} {{#{sid}}}'"
            else:
                message = f"'# {title}' is a level-1 heading inside the lesson ({where_shown}); sections start at '## Title {{#id}}', and the lesson's title is in the front matter"
            report.warning("level-1-heading", message, Pos(lineno, 1))
            if current is None:
                continue
        if current is None:
            if line.strip() and not stray_line:
                stray_line = lineno
            continue
        buffer.append(line)
    close()
    if stray_line:
        report.warning(
            "text-outside-section",
            "text before the first '## Heading {#id}' belongs to no section and is not shown",
            Pos(stray_line, 1),
        )
    if not sections:
        report.error("no-sections", "the lesson has no sections: start each with '## Title {#section-id}'", Pos(first_line, 1))
    return sections


def language_from_name(filename: str) -> str | None:
    """``intro.zh.md`` → ``zh``; ``intro.md`` → None."""
    parts = filename.split(".")
    if len(parts) >= 3 and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", parts[-2]):
        return parts[-2]
    return None


def read_lesson(text: str, path: str, filename: str, report: Report, languages: tuple[str, ...]) -> LessonFile | None:
    """Parse one lesson file, reporting problems; None when it cannot be used at all."""
    parts = split_front_matter(text, report)
    if parts is None:
        return None
    front, front_line, body, body_line = parts
    try:
        loaded = load_yaml(front, line_offset=front_line - 1)
    except YamlProblem as problem:
        report.error(problem.code, f"front matter: {problem.message}", problem.pos)
        return None
    for dup in loaded.duplicates:
        report.error("yaml-duplicate-key", f"key {dup.key!r} is given twice (first on line {dup.first.line})", dup.pos)
    report.escaped_controls(loaded.controls)
    if loaded.value is None:
        report.error("missing-field", "the front matter is empty: it needs at least id and title", Pos(1, 1))
        return None
    meta = LESSON.check(loaded.value, Pos(front_line, 1), Ctx(report, languages), "")
    if meta is INVALID:
        return None
    lang = meta.get("lang") or language_from_name(filename)
    if lang is None and len(languages) == 1:
        lang = languages[0]
    if lang is None:
        report.error(
            "missing-language",
            f"cannot tell this lesson's language: name the file NAME.{languages[0] if languages else 'en'}.md or set 'lang' in the front matter",
            meta.pos,
        )
    elif languages and lang not in languages:
        report.error(
            "unknown-language",
            f"lesson language {lang!r} is not a course language ({', '.join(languages)})",
            meta.where("lang") if "lang" in meta.val_pos else meta.pos,
        )
        lang = None
    sections = split_sections(body, body_line, report)
    return LessonFile(path, meta, lang, sections)
