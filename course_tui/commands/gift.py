"""``course-tui import gift FILE`` and ``course-tui export gift QUIZ_ID`` (docs/GIFT.md)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, write_file
from course_tui.course.gift import (
    GiftError,
    GiftImport,
    decode,
    export_quiz,
    import_gift,
    quiz_id_for,
)
from course_tui.course.limits import MAX_FILE_BYTES
from course_tui.safe_files import NotRegular, TooLarge, read_regular
from course_tui.safe_text import inert, one_line

# The largest GIFT file imported. The quiz file made from it is larger than the GIFT text (a
# YAML mapping per question), and a course file may be at most limits.MAX_FILE_BYTES: a
# bigger bank would make a quiz the course cannot load. 100,000 short questions are ~10 MB.
MAX_GIFT_BYTES = MAX_FILE_BYTES

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ID_RULE = "use letters, digits, '-', '_' or '.', starting with a letter or digit"


def _check_id(option: str, value: str | None) -> None:
    if value is not None and not _ID_RE.match(value):
        raise CliError(f"{option} {value!r} is not a valid id: {_ID_RULE}", 2)


def read_bank(file: str, kind: str, max_bytes: int) -> tuple[Path, str, bytes]:
    """The bytes of a question bank named on the command line (a regular file within
    *max_bytes*, never a FIFO or a device); *kind* names it in messages ("GIFT file")."""
    path = Path(file).expanduser()
    name = one_line(file)
    if not os.path.lexists(path):
        raise CliError(f"{kind} not found: {name}")
    if path.is_dir():
        raise CliError(f"{name} is a folder, not a {kind}")
    try:  # only a regular file, never a FIFO or /dev/zero, and within the limit
        return path, name, read_regular(path, max_bytes)
    except NotRegular as exc:
        raise CliError(f"{name} is {exc}; give a {kind}") from None
    except TooLarge as exc:
        raise CliError(
            f"{name} is {exc.size / 1048576:.1f} MiB; a {kind} may be at most {max_bytes // 1048576} MiB "
            "(the quiz file made from it could not be loaded): split it"
        ) from None
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from None


def finish_import(result: GiftImport, name: str, args: argparse.Namespace) -> int:
    """Print the warnings, write the quiz (or refuse when no question came along), sum up."""
    for warning in result.warnings:
        say(warning.format(name))
    skipped = result.skipped
    if result.converted == 0:
        raise CliError(f"{name}: no question could be converted ({skipped} skipped; see the warnings above)")
    quiz_yaml = inert(result.yaml)  # titles and categories kept as comments: controls shown
    if args.output:
        write_file(args.output, quiz_yaml, args.force)
    else:
        sys.stdout.write(quiz_yaml)
    where = args.output or "standard output"
    descriptions = f" and {result.descriptions} description(s)" if result.descriptions else ""
    say(f"{name}: {result.converted} question(s){descriptions} converted, {skipped} skipped, {len(result.warnings)} warning(s) → {where}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    _check_id("--id", args.id)
    _check_id("--chapter", args.chapter)
    path, name, data = read_bank(args.file, "GIFT file", MAX_GIFT_BYTES)
    try:
        text = decode(data, name)
    except GiftError as exc:
        raise CliError(str(exc)) from None
    # The file name goes into the YAML's comments: on one line, or it could add keys.
    result = import_gift(text, one_line(path.name), args.id or quiz_id_for(path), args.chapter)
    return finish_import(result, name, args)


def chosen_quiz(args: argparse.Namespace) -> tuple[Any, Any, str]:
    """The course, the quiz named by ``QUIZ_ID`` and the language asked for (``--lang``)."""
    from course_tui.course.loader import load_course

    folder = course_dir(args.course)
    loaded = load_course(folder)
    course = loaded.course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    ids = [q.id for q in course.quizzes]
    if args.quiz_id not in ids:
        raise CliError(f"no quiz {args.quiz_id!r} in this course (quizzes: {', '.join(ids)})")
    lang = args.lang or course.default_language
    if lang not in course.languages:
        raise CliError(f"the course is not written in {one_line(lang)} (its languages: {', '.join(course.languages)})", 2)
    return course, course.quiz(args.quiz_id), lang


def finish_export(args: argparse.Namespace, quiz: Any, lang: str, text: str, warnings: list, kind: str) -> int:
    """Print the warnings, write the text (controls made visible), sum up."""
    for question, message in warnings:
        say(f"{question.source}: warning: question {question.id!r}: {message}")
    written = len(quiz.questions) - sum(1 for _, m in warnings if m.endswith("question left out"))
    if written == 0:
        raise CliError(f"no question of {args.quiz_id!r} can be written as {kind} (see the warnings above)")
    text = inert(text)  # a control character cannot be written: it is shown, never sent raw
    if args.output:
        write_file(args.output, text, args.force)
    else:
        sys.stdout.write(text)
    say(f"{args.quiz_id}: {written} question(s) written as {kind} ({lang}) → {args.output or 'standard output'}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    course, quiz, lang = chosen_quiz(args)
    text, warnings = export_quiz(quiz, lang, f"exported by course-tui from {course.id}")
    return finish_export(args, quiz, lang, text, warnings, "GIFT")
