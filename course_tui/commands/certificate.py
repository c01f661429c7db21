"""``course-tui certificate``: a learner's certificate of completion as an SVG file."""

from __future__ import annotations

import argparse

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, write_file
from course_tui.safe_text import one_line


def run(args: argparse.Namespace) -> int:
    from course_tui.course.loader import load_course
    from course_tui.learning.certificate import certificate_svg
    from course_tui.learning.completion import completion
    from course_tui.learning.locations import language_from_env, login_name, store_dir
    from course_tui.learning.store import Store, StoreError, check_name

    folder = course_dir(args.course)
    course = load_course(folder).course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    store = Store(store_dir(args.store))
    try:
        name = check_name(args.learner) if args.learner is not None else (store.last_learner() or login_name())
        if not store.locate(name).exists():
            raise CliError(f"no learner {name!r} in the store {one_line(str(store.folder))} (learners: {', '.join(store.learners()) or 'none'})")
        doc = store.peek(name)  # read-only: nothing in the store is changed
    except StoreError as exc:
        raise CliError(str(exc)) from None
    result = completion(course, doc.get("courses", {}).get(course.id, {}))
    if not result.complete:
        raise CliError(f"{name} has not completed {course.id} yet: {result.missing}")
    settings = doc.get("settings", {}) if isinstance(doc.get("settings"), dict) else {}
    lang = settings.get("lang") if settings.get("lang") in course.languages else language_from_env()
    lang = lang if lang in course.languages else course.default_language
    write_file(args.output, certificate_svg(course, name, result, lang), args.force)
    say(f"certificate of {name} for {course.id} written to {args.output}")
    return 0
