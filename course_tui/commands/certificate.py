"""``course-tui certificate``: a learner's certificate of completion as an SVG file."""

from __future__ import annotations

import argparse

from course_tui.commands.common import CliError
from course_tui.commands.one_learner import one_learner
from course_tui.commands.output import say, write_file


def run(args: argparse.Namespace) -> int:
    from course_tui.learning.certificate import certificate_svg
    from course_tui.learning.completion import completion

    who = one_learner(args)
    course = who.course
    result = completion(course, who.progress)
    if not result.complete:
        raise CliError(f"{who.name} has not completed {course.id} yet: {result.missing}")
    write_file(args.output, certificate_svg(course, who.name, result, who.lang), args.force)
    say(f"certificate of {who.name} for {course.id} written to {args.output}")
    return 0
