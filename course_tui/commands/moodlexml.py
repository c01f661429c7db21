"""``course-tui import moodlexml FILE`` and ``course-tui export moodlexml QUIZ_ID`` (docs/MOODLEXML.md)."""

from __future__ import annotations

import argparse

from course_tui.commands.common import CliError
from course_tui.commands.gift import _check_id, chosen_quiz, finish_export, finish_import, read_bank
from course_tui.course.gift import quiz_id_for
from course_tui.course.limits import MAX_FILE_BYTES
from course_tui.course.moodlexml import XmlError, export_quiz, import_moodlexml
from course_tui.safe_text import one_line

# Moodle XML is wordier than GIFT and may embed images (base64, left out on import): a file
# may be four times the course file limit; the quiz made from it must still fit that limit.
MAX_XML_BYTES = 4 * MAX_FILE_BYTES


def run_import(args: argparse.Namespace) -> int:
    _check_id("--id", args.id)
    _check_id("--chapter", args.chapter)
    path, name, data = read_bank(args.file, "Moodle XML file", MAX_XML_BYTES)
    try:
        result = import_moodlexml(data, one_line(path.name), args.id or quiz_id_for(path), args.chapter)
    except XmlError as exc:
        raise CliError(str(exc)) from None
    return finish_import(result, name, args)


def run_export(args: argparse.Namespace) -> int:
    course, quiz, lang = chosen_quiz(args)
    text, warnings = export_quiz(quiz, lang, f"exported by course-tui from {course.id}")
    return finish_export(args, quiz, lang, text, warnings, "Moodle XML")
