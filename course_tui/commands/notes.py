"""``course-tui export notes``: a learner's notes and bookmarks as Markdown, by chapter."""

from __future__ import annotations

import argparse
import sys

from course_tui.commands.common import CliError, course_dir
from course_tui.commands.output import say, write_file
from course_tui.safe_text import one_line


def run(args: argparse.Namespace) -> int:
    from course_tui.course.loader import load_course
    from course_tui.learning.locations import language_from_env, login_name, store_dir
    from course_tui.learning.notes import markdown, marks_by_chapter
    from course_tui.learning.store import Store, StoreError, check_name

    folder = course_dir(args.course)
    course = load_course(folder).course
    if course is None:
        raise CliError(f"the course in {folder} has errors; run `course-tui validate {folder}`")
    store = Store(store_dir(args.store))
    try:
        name = check_name(args.learner) if args.learner is not None else (store.last_learner() or login_name())
        doc = store.peek(name)  # read-only: nothing in the store is changed
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if not store.locate(name).exists():
        raise CliError(f"no learner {name!r} in the store {one_line(str(store.folder))} (learners: {', '.join(store.learners()) or 'none'})")
    settings = doc.get("settings", {}) if isinstance(doc.get("settings"), dict) else {}
    lang = settings.get("lang") if settings.get("lang") in course.languages else language_from_env()
    lang = lang if lang in course.languages else course.default_language
    entry = doc.get("courses", {}).get(course.id, {})
    chapters = marks_by_chapter(entry, course, lang)
    labels = {
        "zh": {"title": "{learner} 的笔记和书签", "bookmarked": "书签", "none": "还没有笔记或书签。"},
        "en": {"title": "Notes and bookmarks of {learner}", "bookmarked": "bookmarked", "none": "No notes or bookmarks yet."},
    }["zh" if lang == "zh" else "en"]
    text = markdown(name, course.title(lang), chapters, labels)
    if args.output:
        write_file(args.output, text, args.force)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()  # the document before the summary line, in a terminal too
    count = sum(len(c.marks) for c in chapters)
    where = f" to {args.output}" if args.output else ""
    say(f"{count} marked section(s) of {name} in {course.id}{where}")
    return 0
