"""``course-tui serve``: the course for a room's web browsers (README "Classroom").

Checks what it is given (the course must be valid, the store writable, the roster readable),
prints the join link with the class code and the trainer's link with the trainer code, and
runs the web server (:mod:`course_tui.web.server`) until Ctrl+C.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, warn
from course_tui.course.loader import CourseNotFound, load_course
from course_tui.learning import classroom
from course_tui.learning.locations import store_dir
from course_tui.learning.store import Store


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def reachable_host(host: str) -> str:
    """The address learners type: the given one, or for "every interface" this machine's
    address on its network (found without sending anything), else its name."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # a UDP "connection" only picks a route
        return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


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
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create the progress store {where}: {exc.strerror}") from None
    if not where.is_dir():
        raise CliError(f"the progress store {where} is not a folder")
    reason = Store(where).cannot_write()
    if reason is not None:
        raise CliError(f"the progress store cannot be written: {reason}")
    roster = None
    if args.roster:
        try:
            roster = classroom.read_roster(args.roster)
        except classroom.RosterError as exc:
            raise CliError(str(exc)) from None
    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, not {args.port}", 2)
    try:
        from course_tui.web.server import ClassroomServer
    except ImportError as exc:  # textual-serve is a dependency: only a broken install lacks it
        raise CliError(f"serving to browsers needs textual-serve ({exc}); run `pip install textual-serve`") from None

    title = " · ".join(dict.fromkeys(course.title(lang) for lang in course.languages)) or course.id  # the pages speak both languages
    server = ClassroomServer(folder.resolve(), where.resolve(), title, host=args.host, port=args.port, roster=roster)
    shown = reachable_host(args.host)

    def announce() -> None:
        base = f"http://{shown}:{args.port}"
        say(f"course-tui serve: {title} — progress in {where}", sys.stdout)
        say(f"  learners join at:  {base}/?code={server.class_code}   (class code {server.class_code})", sys.stdout)
        say(f"  trainer's view at: {base}/trainer?code={server.trainer_code}   (trainer code {server.trainer_code}: keep it to yourself)", sys.stdout)
        if roster is not None:
            say(f"  roster: {len(roster)} names; learners pick theirs", sys.stdout)
        say(f"  at most {server.max_sessions} sessions at once; Ctrl+C stops the server", sys.stdout)
        sys.stdout.flush()

    if not is_loopback(args.host):
        warn(
            f"serving on {args.host}: the traffic is not encrypted (anyone on this network can read it), "
            "and every connection needs the class code; use it only on a network you trust"
        )
    server.announce = announce
    try:
        server.serve()
    except OSError as exc:
        raise CliError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
