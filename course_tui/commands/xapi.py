"""``course-tui export xapi``: the store's learning records as a JSON array of xAPI 1.0.3
statements, for a Learning Record Store (README "Learning records (xAPI)", docs/XAPI.md)."""

from __future__ import annotations

import argparse
import os
import sys

from course_tui import safe_json
from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, warn, warn_left_out, write_file
from course_tui.safe_text import one_line


def _base(explicit: str | None) -> str:
    from course_tui.learning.xapi_vocab import (
        BASE_ENV,
        DEFAULT_BASE,
        BaseError,
        check_base,
    )

    try:
        return check_base(explicit or os.environ.get(BASE_ENV) or DEFAULT_BASE)
    except BaseError as exc:
        raise CliError(str(exc), 2) from None


def run(args: argparse.Namespace) -> int:
    from course_tui.course.loader import load_course
    from course_tui.learning.locations import store_dir
    from course_tui.learning.store import Store, StoreError, check_name
    from course_tui.learning.xapi import actor_name, learner_statements

    base = _base(args.base)
    folder = course_dir(args.course)
    course = load_course(folder).course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    store = Store(store_dir(args.store))
    found, problems = store.read_all()  # read-only: nothing in the store is changed
    for problem in problems:
        warn(problem)
    if problems and not found:
        raise CliError(f"no learner file of the store {one_line(str(store.folder))} could be read; nothing to export")
    docs = {f.name: f.doc for f in sorted(found, key=lambda f: f.name)}
    if args.learner is not None:
        try:
            wanted = check_name(args.learner)
        except StoreError as exc:
            raise CliError(str(exc)) from None
        if wanted not in docs:
            listed = ", ".join(docs) if docs else "none"
            raise CliError(f"no learner {wanted!r} in the store {one_line(str(store.folder))} (learners: {listed})")
        docs = {wanted: docs[wanted]}

    statements, lines = [], []
    for name, doc in docs.items():
        export = learner_statements(course, name, doc, base)
        statements.extend(export.statements)
        skipped = f", {export.skipped} record(s) skipped (no longer in the course, or no time recorded)" if export.skipped else ""
        lines.append(f"  {name} → account {actor_name(name, base)}: {len(export.statements)} statement(s){skipped}")
    left_out: list[str] = []
    text = safe_json.dumps(statements, indent=2, left_out=left_out) + "\n"
    warn_left_out(left_out)
    if args.output:
        write_file(args.output, text, args.force)
    else:
        sys.stdout.write(text)
    where = f" to {args.output}" if args.output else ""
    say(f"{len(statements)} xAPI statement(s) for {len(docs)} learner(s) of {course.id}{where}; base {base}")
    for line in lines:
        say(line)
    return 0
