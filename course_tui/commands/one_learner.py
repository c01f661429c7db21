"""What the commands about one learner share (``certificate``, ``export notes``): the course,
the learner (``--learner``, else the store's last learner, else the login name) and their
document, read without changing the store, and the language to write in."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from course_tui.commands.common import CliError, course_dir
from course_tui.safe_text import one_line


@dataclass(frozen=True)
class OneLearner:
    course: Any  # course_tui.course.model.Course
    name: str
    doc: dict[str, Any]
    lang: str  # the learner's saved language, else LANG's, else the course's first

    @property
    def progress(self) -> dict[str, Any]:
        entry = self.doc.get("courses", {}).get(self.course.id, {})
        return entry if isinstance(entry, dict) else {}


def one_learner(args: argparse.Namespace) -> OneLearner:
    from course_tui.course.loader import load_course
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
    settings = doc.get("settings", {}) if isinstance(doc.get("settings"), dict) else {}
    lang = settings.get("lang") if settings.get("lang") in course.languages else language_from_env()
    return OneLearner(course, name, doc, lang if lang in course.languages else course.default_language)
