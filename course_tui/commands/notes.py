"""``course-tui export notes``: a learner's notes and bookmarks as Markdown, by chapter."""

from __future__ import annotations

import argparse
import sys

from course_tui.commands.one_learner import one_learner
from course_tui.commands.output import say, write_file

LABELS = {
    "zh": {"title": "{learner} 的笔记和书签", "bookmarked": "书签", "none": "还没有笔记或书签。"},
    "en": {"title": "Notes and bookmarks of {learner}", "bookmarked": "bookmarked", "none": "No notes or bookmarks yet."},
}


def run(args: argparse.Namespace) -> int:
    from course_tui.learning.notes import markdown, marks_by_chapter

    who = one_learner(args)
    course, lang = who.course, who.lang
    chapters = marks_by_chapter(who.progress, course, lang)
    text = markdown(who.name, course.title(lang), chapters, LABELS["zh" if lang == "zh" else "en"])
    if args.output:
        write_file(args.output, text, args.force)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()  # the document before the summary line, in a terminal too
    count = sum(len(c.marks) for c in chapters)
    where = f" to {args.output}" if args.output else ""
    say(f"{count} marked section(s) of {who.name} in {course.id}{where}")
    return 0
