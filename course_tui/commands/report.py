"""``course-tui report``: every learner of a store against a course, as a table, CSV, JSON or a
Moodle gradebook CSV (docs/REPORTS.md).

Exit status: 0 with a report; 1 when the course has errors, the store folder does not exist or
holds no learner of the course (nothing to report: a wrong ``--store`` is the usual cause).
Files the store cannot read are said on standard error, one line each, and left out.
"""

from __future__ import annotations

import argparse
import sys

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, warn, warn_left_out, write_file
from course_tui.course.loader import CourseNotFound, load_course
from course_tui.learning import report_formats, reports
from course_tui.learning.locations import store_dir
from course_tui.learning.session import pick_language
from course_tui.learning.store import Store, StoreError


def run(args: argparse.Namespace) -> int:
    folder = course_dir(args.course)
    try:
        loaded = load_course(folder)
    except CourseNotFound as exc:
        raise CliError(str(exc)) from None
    course = loaded.course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    where = store_dir(args.store)
    if not where.exists():
        raise CliError(f"progress store not found: {where} (give --store DIR or set COURSE_TUI_STORE)")
    if not where.is_dir():
        raise CliError(f"the progress store {where} is not a folder")
    try:
        report = reports.build(course, Store(where))
    except StoreError as exc:
        raise CliError(str(exc)) from None
    for notice in report.notices:
        warn(notice)
    if not report.learners:
        raise CliError(f"no learners of {course.id!r} in the progress store {where}; nothing to report")
    lang = pick_language(None, None, course.languages)
    if args.format == "json":
        left_out: list[str] = []
        text = report_formats.json_text(report, lang, left_out)
        warn_left_out(left_out)
    else:
        text = report_formats.FORMATS[args.format](report, lang)
    if args.output:
        target = write_file(args.output, text, args.force)
        say(f"wrote {target} ({len(report.learners)} learner(s), {args.format})")
    else:
        _write_stdout(text)
    return 0


def _write_stdout(text: str) -> None:
    """UTF-8 whatever the locale (a BOM and Chinese titles must survive a pipe or redirect)."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # e.g. captured by a test harness as text
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out.write(text.encode("utf-8"))
    out.flush()
