"""``course-tui export graph SCENARIO_ID``: a scenario's branching as Mermaid or DOT text."""

from __future__ import annotations

import argparse
import sys

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, write_file
from course_tui.course import scenario_graph


def run_export(args: argparse.Namespace) -> int:
    from course_tui.course.loader import load_course

    folder = course_dir(args.course)
    course = load_course(folder).course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    ids = [s.id for s in course.scenarios]
    if args.scenario_id not in ids:
        raise CliError(f"no scenario {args.scenario_id!r} in this course (scenarios: {', '.join(ids) or 'none'})")
    graph = scenario_graph.build(course.scenario(args.scenario_id), course.default_language)
    text = scenario_graph.dot(graph) if args.format == "dot" else scenario_graph.mermaid(graph)
    if args.output:
        write_file(args.output, text, args.force)
    else:
        sys.stdout.write(text)
    endings = sum(1 for n in graph.nodes if n.outcome)
    say(f"{args.scenario_id}: {len(graph.nodes)} nodes ({endings} endings), {len(graph.edges)} choices as {args.format} → {args.output or 'standard output'}")
    return 0
