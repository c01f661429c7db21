"""Moodle XML import and export (docs/MOODLEXML.md).

``import_moodlexml`` turns a Moodle XML question file into a quiz YAML file of our format
(through the same converter as GIFT, with a warning for everything it cannot carry);
``export_quiz`` writes one of our quizzes as Moodle XML. Pure Python, standard library XML.
"""

from __future__ import annotations

from course_tui import gcpolicy
from course_tui.course.gift import GiftImport, build_import
from course_tui.course.moodlexml.reader import XmlError, read_questions
from course_tui.course.moodlexml.writer import export_quiz

__all__ = ["XmlError", "export_quiz", "import_moodlexml"]


def import_moodlexml(data: bytes, source_name: str, quiz_id: str, chapter: str | None = None, title: str | None = None) -> GiftImport:
    """Convert a Moodle XML file's bytes into a quiz file; raises :class:`XmlError` when the
    file is not (safe, well-formed) Moodle XML. The garbage collector is paused meanwhile,
    as for GIFT: a bank makes many small acyclic objects (course_tui/gcpolicy.py)."""
    with gcpolicy.paused():
        parsed, warnings = read_questions(data, source_name)
        return build_import(parsed, warnings, source_name, quiz_id, chapter, title, ("moodlexml", "Moodle XML"))
