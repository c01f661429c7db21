"""The ``course-tui`` command line (README "Usage"; the forms are stable).

Only the launcher imports the Textual app, and only when it runs: ``validate`` and the
other commands stay fast and never load the TUI.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Sequence

from course_tui import __version__, gcpolicy
from course_tui.commands.common import PROG, CliError, course_dir


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage block
        raise CliError(f"{message} (see `{self.prog} --help`)", 2)


def _course_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--course", metavar="DIR", help="course folder (default: the bundled PMO course)")


def _store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR", help="progress store folder (default: $COURSE_TUI_STORE, else the user data folder)")
    p.add_argument("--learner", metavar="NAME", help="learner name (default: the last learner, else your login name)")


def _output_args(p: argparse.ArgumentParser, metavar: str = "FILE") -> None:
    p.add_argument("-o", "--output", metavar=metavar, help=f"write to {metavar} instead of standard output (never over an existing file without --force)")
    p.add_argument("--force", action="store_true", help=f"replace {metavar} if it exists (a symbolic link is replaced itself, never the file it points to)")


# The launcher's options that take a value, and its flags.
LAUNCH_OPTIONS = ("--course", "--store", "--learner", "--lang", "--theme")
LAUNCH_FLAGS = ("--trainer",)


def only_launch_options(argv: Sequence[str]) -> bool:
    """Whether *argv* is nothing but the launcher's options and their values (the plain
    ``course-tui`` start): then the commands' parsers need not be built (~3 ms of every
    start). Anything else -- a command, --help, an unknown option -- gets the whole parser and
    its messages."""
    expect_value = False
    for token in argv:
        if expect_value:
            expect_value = False
        elif token in LAUNCH_OPTIONS:
            expect_value = True
        elif token in LAUNCH_FLAGS:
            continue
        elif not (token.startswith("--") and token.partition("=")[0] in LAUNCH_OPTIONS):
            return False
    return not expect_value


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without *commands*, only the launcher's options."""
    parser = _Parser(
        prog=PROG,
        description="Study a course in the terminal: lessons, quizzes and branching scenarios. Without a command, opens the course.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _course_arg(parser)
    _store_args(parser)
    parser.add_argument("--lang", choices=("zh", "en"), help="interface and content language (default: the learner's choice, else from LANG)")
    parser.add_argument("--theme", metavar="NAME", help="colour theme, e.g. textual-dark or textual-light")
    parser.add_argument(
        "--trainer", action="store_true", help="also offer the trainer screen (every learner's names and scores in this store): for the trainer's own machine"
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = sub.add_parser(
        "validate",
        help="check a course folder and list every problem",
        description="Check a course folder and list every problem as PATH:LINE:COL: error|warning: MESSAGE [code]. Exit 0 when valid (warnings allowed), 1 with errors, 2 on a usage error.",
    )
    validate.add_argument(
        "dir", nargs="?", metavar="DIR", help="course folder (default: the current folder when it holds a course.yaml, else the bundled course)"
    )
    validate.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or a JSON array")

    new = sub.add_parser(
        "new",
        help="start a course, lesson, quiz or scenario from a template",
        description="Create files from templates that validate as they are. `new course DIR` makes a complete small course; `new lesson|quiz|scenario ID` adds to the course given by --course (default: the current folder).",
    )
    new.add_argument("kind", choices=("course", "lesson", "quiz", "scenario"), help="what to create")
    new.add_argument("target", metavar="DIR|ID", help="the new course's folder, or the new item's id")
    new.add_argument("--course", metavar="DIR", help="course folder to add to (default: the current folder)")
    new.add_argument("--chapter", metavar="ID", help="chapter of a new quiz or scenario (default: the last chapter)")
    new.add_argument("--languages", metavar="LANGS", help="languages of a new course, comma-separated (default: zh for a Chinese LANG, else en); e.g. zh,en")
    quiz = sub.add_parser(
        "quiz",
        help="open one quiz directly and return to the shell at its end",
        description="Open a quiz (or exam) straight away for a learner; the score is saved, and printed when the quiz ends.",
    )
    quiz.add_argument("quiz_id", metavar="QUIZ_ID", help="the quiz's id (see `course-tui validate` or the course's quizzes/)")
    quiz.add_argument("--exam", action="store_true", help="exam mode: no feedback until the end, options shuffled, time limit")
    _course_arg(quiz)
    _store_args(quiz)

    scenario = sub.add_parser(
        "scenario",
        help="play one scenario directly and return to the shell at its end",
        description="Open a branching scenario straight away for a learner; every choice is saved, and the ending and score are printed when you leave it (Esc).",
    )
    scenario.add_argument("scenario_id", metavar="SCENARIO_ID", help="the scenario's id (see the course's quizzes/)")
    _course_arg(scenario)
    _store_args(scenario)

    live = sub.add_parser(
        "live",
        help="host a live quiz: learners on the same store answer question by question",
        description="Host a live, host-paced quiz in the terminal: learners whose course-tui uses the same store (or a browser under `course-tui serve`) are asked to join; you show one question at a time with a countdown, see the answers arrive, reveal the right answer with a leaderboard, and end on a podium. Every learner's answers are saved in their progress (mode live: practice, never graded).",
    )
    live.add_argument("quiz_id", metavar="QUIZ_ID", help="the quiz's id (see `course-tui validate` or the course's quizzes/)")
    _course_arg(live)
    live.add_argument("--store", metavar="DIR", help="progress store folder the learners use (default: $COURSE_TUI_STORE, else the user data folder)")

    cert = sub.add_parser(
        "certificate",
        help="a learner's certificate of completion as SVG",
        description="Draw the certificate of a learner who has completed the course (every chapter done, every exam passed) as an SVG file: learner, course, date, final score and the course's source.",
    )
    _course_arg(cert)
    _store_args(cert)
    cert.add_argument("-o", "--output", metavar="FILE.svg", required=True, help="the SVG file to write (never over an existing file without --force)")
    cert.add_argument("--force", action="store_true", help="replace FILE.svg if it exists (a symbolic link is replaced itself, never the file it points to)")

    report = sub.add_parser(
        "report",
        help="results of every learner: per chapter and per question",
        description="Summarise the store's learners for a course: lessons read, best quiz scores, passes and scenario endings per chapter, and per-question statistics (who got each question right, the most chosen wrong option).",
    )
    _course_arg(report)
    report.add_argument("--store", metavar="DIR", help="progress store folder (default: $COURSE_TUI_STORE, else the user data folder)")
    report.add_argument(
        "--format",
        choices=("table", "csv", "json", "moodle-csv"),
        default="table",
        help="table (default), csv (UTF-8 with BOM, for spreadsheets), json, or moodle-csv (a gradebook import file)",
    )
    _output_args(report)

    export = sub.add_parser(
        "export",
        help="write learning records (xAPI), a quiz (GIFT, Moodle XML), a scenario's graph or a learner's notes",
        description="Export the learners' records as xAPI statements, one quiz as Moodle GIFT text or Moodle XML, one scenario's branching as a graph, or a learner's notes and bookmarks as Markdown.",
    )
    export_kind = export.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    xapi = export_kind.add_parser(
        "xapi",
        help="the learners' records as xAPI 1.0.3 statements (a JSON array)",
        description="Write the learners' records as a JSON array of xAPI 1.0.3 statements, ready to POST to a Learning Record Store.",
    )
    _course_arg(xapi)
    xapi.add_argument("--store", metavar="DIR", help="progress store folder (default: $COURSE_TUI_STORE, else the user data folder)")
    xapi.add_argument("--learner", metavar="NAME", help="only this learner (default: every learner in the store)")
    xapi.add_argument(
        "--base", metavar="IRI", help="base IRI of activity ids and the account homePage (default: $COURSE_TUI_XAPI_BASE, else https://course-tui.invalid)"
    )
    _output_args(xapi)
    notes = export_kind.add_parser(
        "notes",
        help="a learner's notes and bookmarks as Markdown",
        description="Write a learner's notes and bookmarks (m and N in a lesson) as a Markdown document, by chapter.",
    )
    _store_args(notes)
    _course_arg(notes)
    _output_args(notes)
    gift_out = export_kind.add_parser(
        "gift", help="one quiz as Moodle GIFT text", description="Write one quiz of the course as GIFT text that Moodle can import."
    )
    gift_out.add_argument("quiz_id", metavar="QUIZ_ID", help="the quiz's id")
    _course_arg(gift_out)
    gift_out.add_argument("--lang", metavar="L", help="language of the text, any the course declares (default: the course's first language)")
    _output_args(gift_out)
    xml_out = export_kind.add_parser(
        "moodlexml",
        help="one quiz as Moodle XML",
        description="Write one quiz of the course as Moodle XML (every feedback, hint, unit and mark), which Moodle imports.",
    )
    xml_out.add_argument("quiz_id", metavar="QUIZ_ID", help="the quiz's id")
    _course_arg(xml_out)
    xml_out.add_argument("--lang", metavar="L", help="language of the text for a course in several languages (default: the course's first language)")
    _output_args(xml_out)

    graph = export_kind.add_parser(
        "graph",
        help="one scenario's branching as a Mermaid or Graphviz DOT graph",
        description="Draw one scenario for the trainer: its nodes, the choices between them with their scores, and the endings marked (and coloured) by outcome, as Mermaid (paste into Markdown) or Graphviz DOT (`dot -Tsvg`).",
    )
    graph.add_argument("scenario_id", metavar="SCENARIO_ID", help="the scenario's id")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="mermaid (default) or dot")
    _course_arg(graph)
    _output_args(graph)

    imp = sub.add_parser(
        "import",
        help="convert a question bank (Moodle GIFT or XML) into a quiz file",
        description="Convert questions from another format into this course's quiz format.",
    )
    imp_kind = imp.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    gift_in = imp_kind.add_parser(
        "gift",
        help="a Moodle GIFT file to a quiz YAML file",
        description="Convert a Moodle GIFT file into a quiz YAML file. Questions that cannot be graded here (essay) and unsupported constructs are reported as FILE:LINE: warning: lines and skipped; the rest converts.",
    )
    gift_in.add_argument("file", metavar="FILE", help="the GIFT file (UTF-8)")
    _output_args(gift_in, "OUT.yaml")
    gift_in.add_argument("--id", metavar="QUIZ_ID", help="id of the new quiz (default: from the file name)")
    gift_in.add_argument("--chapter", metavar="ID", help="chapter the quiz belongs to (default: none; set it before adding the file to a course)")
    xml_in = imp_kind.add_parser(
        "moodlexml",
        help="a Moodle XML question file to a quiz YAML file",
        description="Convert a Moodle XML question file (Moodle's default export) into a quiz YAML file. Question types with no counterpart here (essay, calculated, cloze …) and what cannot be carried are reported as FILE:LINE: warning: lines; the rest converts.",
    )
    xml_in.add_argument("file", metavar="FILE", help="the Moodle XML file")
    _output_args(xml_in, "OUT.yaml")
    xml_in.add_argument("--id", metavar="QUIZ_ID", help="id of the new quiz (default: from the file name)")
    xml_in.add_argument("--chapter", metavar="ID", help="chapter the quiz belongs to (default: none; set it before adding the file to a course)")
    serve = sub.add_parser(
        "serve",
        help="serve the course to a room's web browsers (a class code at the door)",
        description="Serve the course to web browsers: one app per browser tab, all on one progress store. Prints a join link with a class code, and a trainer code for the trainer's view (the cohort live). Binds loopback unless --host says otherwise.",
    )
    _course_arg(serve)
    serve.add_argument("--store", metavar="DIR", help="progress store folder (default: $COURSE_TUI_STORE, else the user data folder)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for the whole network)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--roster", metavar="FILE", help="the class list: one name per line (UTF-8); learners pick their name from it")
    return parser


def _validate_target(value: str | None) -> tuple[Path, str]:
    """The folder ``validate`` checks and how its summary line names it: DIR when given,
    else the course in the current folder when it holds a manifest, else the bundled one."""
    from course_tui.course.loader import MANIFEST_NAMES
    from course_tui.safe_text import one_line

    if value:
        folder = course_dir(value)
        return folder, one_line(str(folder))
    here = Path.cwd()
    if any(os.path.lexists(here / name) for name in MANIFEST_NAMES):
        return here, f"{one_line(str(here))} (the course in the current folder)"
    folder = course_dir(None)
    return folder, f"{one_line(str(folder))} (the bundled course: no course.yaml in the current folder)"


def cmd_validate(args: argparse.Namespace) -> int:
    from course_tui.course.loader import load_course

    folder, label = _validate_target(args.dir)
    result = load_course(folder)
    if args.format == "json":
        from course_tui import safe_json

        print(safe_json.dumps([f.to_json() for f in result.findings]))
    else:
        for finding in result.findings:
            print(finding.format())
        errors = len(result.errors)
        warnings = len(result.findings) - errors
        if result.course is not None:
            c = result.course
            questions = sum(len(q.questions) for q in c.quizzes)
            print(
                f"{label}: valid — {len(c.chapters)} chapters, {sum(len(ch.lesson.sections) for ch in c.chapters)} sections, "
                f"{len(c.quizzes)} quizzes ({questions} questions), {len(c.scenarios)} scenarios; {warnings} warning(s)",
                file=sys.stderr,
            )
        else:
            print(f"{label}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 0 if result.course is not None else 1


def cmd_new(args: argparse.Namespace) -> int:
    from course_tui.course import scaffold
    from course_tui.learning.locations import language_from_env

    try:
        if args.kind == "course":
            langs = [lang.strip() for lang in (args.languages or language_from_env()).split(",") if lang.strip()]
            if not langs:
                raise CliError("--languages needs at least one language code", 2)
            written = scaffold.new_course(Path(args.target).expanduser(), langs)
        else:
            course = Path(args.course or ".").expanduser()
            if not course.is_dir():
                raise CliError(f"course folder not found: {course}", 2)
            if args.kind == "lesson":
                written = scaffold.new_lesson(course, args.target)
            elif args.kind == "quiz":
                written = scaffold.new_quiz(course, args.target, args.chapter)
            else:
                written = scaffold.new_scenario(course, args.target, args.chapter)
    except scaffold.ScaffoldError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write {exc.filename}: {exc.strerror}") from None
    from course_tui.commands.output import say

    for path in written:
        say(f"wrote {path}", sys.stdout)
    if args.kind == "course":
        say(f"next: course-tui validate {args.target}  ·  course-tui --course {args.target}", sys.stdout)
    return 0


def _open(args: argparse.Namespace, **options: str | None) -> tuple[Path, Any, type]:
    """The course folder, the session and the app class, for the launcher and ``quiz``."""
    from course_tui.learning.session import SessionError, open_session

    folder = course_dir(args.course)
    try:
        session = open_session(folder, store=args.store, learner=args.learner, **options)
    except SessionError as exc:
        raise CliError(str(exc)) from None
    from course_tui.tui.app import CourseApp

    return folder, session, CourseApp


def _finished(app: Any) -> int:
    """The exit status of an app that has run: non-zero after an error or a crash, whose
    one line (where the full report was written) goes to stderr."""
    if app.crash_message:
        print(app.crash_message, file=sys.stderr)
    return app.return_code or 0


def cmd_launch(args: argparse.Namespace) -> int:
    with gcpolicy.launching():  # no garbage collection until the first paint; frozen at the end
        _, session, CourseApp = _open(args, lang=args.lang, theme=args.theme)
        role = None
        if "COURSE_TUI_CLASSROOM" in os.environ:  # set by `course-tui serve` for the app processes it starts
            from course_tui.learning.classroom import Role

            role = Role.from_env()
        app = CourseApp(session, trainer=args.trainer, classroom=role)
        app.run()
    return _finished(app)


def cmd_quiz(args: argparse.Namespace) -> int:
    with gcpolicy.launching():  # as the launcher
        folder, session, CourseApp = _open(args)
        course = session.loaded.course
        if course is None:
            raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
        ids = [q.id for q in course.quizzes]
        if args.quiz_id not in ids:
            raise CliError(f"no quiz {args.quiz_id!r} in this course (quizzes: {', '.join(ids)})")

        app = CourseApp(session, quiz=args.quiz_id, exam=args.exam)
        summary = app.run()
    if summary is not None and not app.crash_message:
        from course_tui.commands.output import say

        verdict = "a review round (practice: not graded)" if summary.review else "passed" if summary.passed else "not passed"
        learner = session.learner
        kept = f"NOT saved (the store is read-only: {learner.read_only})" if learner.read_only else f"saved for {learner.name}"
        say(f"{args.quiz_id}: {summary.percent:.0f}% ({summary.correct_count}/{len(summary.results)} right), {verdict}; {kept}", sys.stdout)
    return _finished(app)


def cmd_scenario(args: argparse.Namespace) -> int:
    with gcpolicy.launching():  # as the launcher
        return _play_scenario(args)


def _play_scenario(args: argparse.Namespace) -> int:
    folder, session, CourseApp = _open(args)
    course = session.loaded.course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    ids = [s.id for s in course.scenarios]
    if args.scenario_id not in ids:
        raise CliError(f"no scenario {args.scenario_id!r} in this course (scenarios: {', '.join(ids) or 'none'})")

    app = CourseApp(session, scenario=args.scenario_id)
    outcome = app.run()
    if not app.crash_message:
        from course_tui.commands.output import say

        learner = session.learner
        kept = f"NOT saved (the store is read-only: {learner.read_only})" if learner.read_only else f"saved for {learner.name}"
        if outcome is not None:
            scenario = course.scenario(args.scenario_id)
            ending = scenario.nodes[outcome.ending]
            from course_tui.learning.grading import scenario_max_score

            title = ending.ending.title(session.lang) if ending.ending else outcome.ending
            say(
                f"{args.scenario_id}: ending {title!r} ({ending.ending.outcome if ending.ending else '?'}), score {outcome.score}/{scenario_max_score(scenario)}; {kept}",
                sys.stdout,
            )
        else:
            say(f"{args.scenario_id}: left before an ending (the run is kept and resumes next time); {kept}", sys.stdout)
    return _finished(app)


def cmd_live(args: argparse.Namespace) -> int:
    """Host a live quiz: the app opens on the host screen with no learner (the host's
    process never creates a learner file) and exits after the podium."""
    with gcpolicy.launching():  # as the launcher
        return _host_live(args)


def _host_live(args: argparse.Namespace) -> int:
    from course_tui.course.cache import load_for_study
    from course_tui.learning.livequiz import Board, Host, LiveError
    from course_tui.learning.locations import store_dir
    from course_tui.learning.session import DEFAULT_THEME, Session, pick_language
    from course_tui.learning.store import Store

    folder = course_dir(args.course)
    try:
        loaded = load_for_study(folder)
    except Exception as exc:  # the loader is imported only when needed (not for a cached course)
        from course_tui.course.loader import CourseNotFound

        if isinstance(exc, CourseNotFound):
            raise CliError(str(exc)) from None
        raise
    course = loaded.course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    ids = [q.id for q in course.quizzes]
    if args.quiz_id not in ids:
        raise CliError(f"no quiz {args.quiz_id!r} in this course (quizzes: {', '.join(ids)})")
    store = Store(store_dir(args.store))
    try:
        host = Host.open(store.folder, course, course.quiz(args.quiz_id))
    except LiveError as exc:
        raise CliError(str(exc)) from None
    from course_tui.tui.app import CourseApp

    session = Session(folder, loaded, store, None, pick_language(None, None, course.languages), DEFAULT_THEME)
    app = CourseApp(session, live_host=host)
    try:
        board = app.run()
    finally:
        host.end()
    if isinstance(board, Board) and not app.crash_message:
        from course_tui.commands.output import say

        rows = board.leaderboard()
        top = "; ".join(f"{r.rank}. {r.learner} {r.points}" for r in rows[:3]) or "nobody joined"
        say(f"live {args.quiz_id}: {len(rows)} learner(s), {len(board.revealed())} question(s) asked; podium: {top}", sys.stdout)
    return _finished(app)


def cmd_report(args: argparse.Namespace) -> int:
    from course_tui.commands import report

    return report.run(args)


def cmd_export(args: argparse.Namespace) -> int:
    if args.kind == "notes":
        from course_tui.commands import notes

        return notes.run(args)
    if args.kind == "xapi":
        from course_tui.commands import xapi

        return xapi.run(args)
    if args.kind == "graph":
        from course_tui.commands import graph

        return graph.run_export(args)
    if args.kind == "moodlexml":
        from course_tui.commands import moodlexml

        return moodlexml.run_export(args)
    from course_tui.commands import gift

    return gift.run_export(args)


def cmd_certificate(args: argparse.Namespace) -> int:
    from course_tui.commands import certificate

    return certificate.run(args)


def cmd_import(args: argparse.Namespace) -> int:
    if args.kind == "moodlexml":
        from course_tui.commands import moodlexml

        return moodlexml.run_import(args)
    from course_tui.commands import gift

    return gift.run_import(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from course_tui.commands import serve

    return serve.run(args)


COMMANDS = {
    "serve": cmd_serve,
    "validate": cmd_validate,
    "new": cmd_new,
    "quiz": cmd_quiz,
    "scenario": cmd_scenario,
    "live": cmd_live,
    "report": cmd_report,
    "export": cmd_export,
    "import": cmd_import,
    "certificate": cmd_certificate,
}


def main(argv: Sequence[str] | None = None) -> int:
    from course_tui.commands.output import say  # every message: one inert line

    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(commands=not only_launch_options(argv))
    try:
        args = parser.parse_args(argv)
        handler = COMMANDS.get(args.command, cmd_launch)
        return handler(args)
    except CliError as exc:
        say(f"{PROG}: error: {exc}")
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `course-tui validate | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("COURSE_TUI_DEBUG"):
            raise
        say(f"{PROG}: internal error: {exc.__class__.__name__}: {exc} (set COURSE_TUI_DEBUG=1 for details)")
        return 1
