"""Moodle GIFT import and export (docs/GIFT.md).

``import_gift`` turns GIFT text into a quiz YAML file of our format, with a warning for every
construct it cannot carry; ``export_quiz`` writes one of our quizzes as GIFT. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_tui import gcpolicy
from course_tui.course.gift.convert import Conversion, category_name, convert, slug
from course_tui.course.gift.lexer import GiftError, decode
from course_tui.course.gift.model import GiftWarning, GQuestion
from course_tui.course.gift.parser import parse
from course_tui.course.gift.writer import export_quiz
from course_tui.course.gift.yamlout import quiz_yaml

__all__ = ["GiftError", "GiftImport", "build_import", "decode", "export_quiz", "import_gift", "parse", "quiz_id_for"]


@dataclass
class GiftImport:
    yaml: str
    parsed: list[GQuestion]
    conversion: Conversion
    warnings: list[GiftWarning]

    @property
    def converted(self) -> int:
        """Questions converted (descriptions not counted: they are not questions)."""
        return len(self.conversion.questions) - self.descriptions

    @property
    def descriptions(self) -> int:
        return sum(1 for c in self.conversion.questions if c.data.get("type") == "description")

    @property
    def skipped(self) -> int:
        """Every question that did not come along: unreadable, or not convertible."""
        return len(self.conversion.skipped)


def quiz_id_for(path: str | Path) -> str:
    return slug(Path(path).stem, 60) or "imported-quiz"


def import_gift(text: str, source_name: str, quiz_id: str, chapter: str | None = None, title: str | None = None) -> GiftImport:
    """Convert GIFT *text* (already decoded) into a quiz file; *source_name* is used in comments.

    The cyclic garbage collector is paused meanwhile, as the course loader does: a bank
    makes millions of small acyclic objects, and the collections they trigger cost a third
    of the time of a 100,000-question import (benchmarks/gift_import.py; course_tui/gcpolicy.py)."""
    with gcpolicy.paused():
        return _import_gift(text, source_name, quiz_id, chapter, title)


def _import_gift(text: str, source_name: str, quiz_id: str, chapter: str | None, title: str | None) -> GiftImport:
    parsed, warnings = parse(text)
    return build_import(parsed, warnings, source_name, quiz_id, chapter, title)


def build_import(
    parsed: list[GQuestion],
    warnings: list[GiftWarning],
    source_name: str,
    quiz_id: str,
    chapter: str | None,
    title: str | None,
    origin: tuple[str, str] = ("gift", "Moodle GIFT"),
) -> GiftImport:
    """The quiz file made of records read from a question bank (GIFT, or Moodle XML: *origin*
    names the command and the format in the file's header)."""
    label = "GIFT" if origin[0] == "gift" else "Moodle"
    conversion = convert(parsed, quiz_id, label)
    warnings = sorted(warnings + conversion.warnings, key=lambda w: w.line)
    if title is None:
        names = [category_name(c) for c in conversion.categories]
        title = next((n for n in names if n), "") or Path(source_name).stem.replace("_", " ").replace("-", " ")
    fields: dict[str, Any] = {"type": "quiz", "id": quiz_id}
    if chapter:
        fields["chapter"] = chapter
    fields["title"] = title
    skipped = len(conversion.skipped)
    descriptions = sum(1 for c in conversion.questions if c.data.get("type") == "description")
    kept = f"{len(conversion.questions) - descriptions} question(s)" + (f" and {descriptions} description(s)" if descriptions else "")
    header = [
        "yaml-language-server: $schema=../schemas/quiz.schema.json",
        f"Imported by `course-tui import {origin[0]}` from {Path(source_name).name} ({origin[1]}):",
        f"{kept} converted, {skipped} skipped; the import printed a warning for each",
        f"thing it could not carry. {label} titles, tags and categories are kept as comments.",
        "Next: give each question `section: lesson-id#section-id` (validate warns until then)" + ("" if chapter else " and the quiz a `chapter:`") + ".",
    ]
    yaml_text = quiz_yaml(header, fields, [(c.data, [x for x in c.comments if x != f"{label} title: {c.data['id']}"]) for c in conversion.questions])
    return GiftImport(yaml_text, parsed, conversion, warnings)
