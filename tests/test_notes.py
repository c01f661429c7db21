"""Notes and bookmarks: m bookmarks a lesson section, N writes a note on it, the notes
screen lists them by chapter and opens them, `course-tui export notes` writes Markdown;
stored in the learner's file (store version 2)."""

from __future__ import annotations

import pytest

import json

from coursekit import write_course
from tui_kit import make_app, settle

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.learning.notes import markdown, marks_by_chapter
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store


def test_notes_and_bookmarks_are_stored_and_listed_in_course_order(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    me = Learner(Store(tmp_path / "s"), "amy", course.id)
    lesson = course.chapters[0].lesson
    first, second = lesson.sections[0], lesson.sections[1]
    me.set_note(lesson.id, second.id, "Line one\r\nline two  ", ("Intro", "Second"))
    me.set_bookmark(lesson.id, first.id, True, ("Intro", "First"))
    me.set_bookmark(lesson.id, second.id, True, ("Intro", "Second"))
    again = Learner(Store(tmp_path / "s"), "amy", course.id)
    assert again.note(lesson.id, second.id) == "Line one\nline two"
    assert again.bookmarked(lesson.id, first.id)
    [chapter] = marks_by_chapter(again.course, course, "en")
    assert [(m.section, m.bookmarked, m.note) for m in chapter.marks] == [(first.id, True, ""), (second.id, True, "Line one\nline two")]
    me.set_note(lesson.id, second.id, "   ", ("Intro", "Second"))  # blank: removed
    me.set_bookmark(lesson.id, first.id, False, ("Intro", "First"))
    assert me.course["notes"] == {} and list(me.course["bookmarks"]) == [f"{lesson.id}#{second.id}"]
    assert json.loads(Store(tmp_path / "s").path_for("amy").read_text(encoding="utf-8"))["schema_version"] == 2


def test_marks_on_sections_no_longer_in_the_course_keep_their_saved_titles(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    entry = {"notes": {"gone#old": {"text": "kept", "lesson_title": "Old lesson", "section_title": "Old part"}}, "bookmarks": {}}
    [chapter] = marks_by_chapter(entry, course, "en")
    assert chapter.title == "Old lesson" and chapter.marks[0].section_title == "Old part" and chapter.marks[0].note == "kept"


def test_markdown_has_chapters_sections_stars_and_no_control_characters():
    from course_tui.learning.notes import ChapterMarks, Mark

    chapters = [ChapterMarks("Intro\x1b[2J", (Mark("l", "s", "Intro", "First", True, "my **note**\x1b]52;x\x07"),))]
    text = markdown("amy", "Course", chapters, {"title": "Notes of {learner}", "bookmarked": "bookmarked", "none": "none"})
    assert text.startswith("# Notes of amy\n") and "## Intro" in text and "### First ★ bookmarked" in text
    assert "my **note**" in text and "\x1b" not in text and "\x07" not in text


def test_export_notes_writes_markdown_for_the_learner(tmp_path, capsys, monkeypatch):
    for key in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    course_dir = write_course(tmp_path / "c")
    course = load_course(course_dir).course
    lesson = course.chapters[0].lesson
    me = Learner(Store(tmp_path / "s"), "小王", course.id)
    me.set_note(lesson.id, lesson.sections[0].id, "记住这一点", ("入门", "第一"))
    out = tmp_path / "notes.md"
    code = main(["export", "notes", "--learner", "小王", "--store", str(tmp_path / "s"), "--course", str(course_dir), "-o", str(out)])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 小王 的笔记和书签\n") and f"## {lesson.title('zh')}" in text and "记住这一点" in text
    assert "1 marked section(s) of 小王" in capsys.readouterr().err
    assert main(["export", "notes", "--learner", "nobody", "--store", str(tmp_path / "s"), "--course", str(course_dir)]) == 1


@pytest.mark.slow  # over 2 s: CI runs it in the slow step
async def test_m_bookmarks_and_shift_n_writes_a_note_then_the_notes_screen_opens_it(tmp_path):
    from course_tui.tui.screens.course_map import CourseMapScreen
    from course_tui.tui.screens.lesson import LessonScreen
    from course_tui.tui.screens.notes import NoteDialog, NotesScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        lesson = app.screen
        await pilot.press("right")
        await pilot.pause()
        section = lesson.section.id
        await pilot.press("m")
        await pilot.pause()
        assert app.learner.bookmarked(lesson.lesson.id, section)
        assert "★" in lesson._toc_text(lesson.index)
        await pilot.press("N")
        await settle(pilot, NoteDialog)
        await pilot.press(*"look again")
        await pilot.press("ctrl+s")
        await settle(pilot, LessonScreen)
        assert app.learner.note(lesson.lesson.id, section) == "look again"
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        await pilot.press("b")
        await settle(pilot, NotesScreen)
        marks = app.screen.query_one("#marks")
        assert marks.option_count == 2  # the chapter's heading, then the section
        marks.highlighted = 1
        await pilot.press("enter")
        await settle(pilot, LessonScreen)
        assert app.screen.section.id == section


def test_a_pasted_control_character_is_kept_visible_not_a_lost_note(tmp_path):
    course = load_course(write_course(tmp_path / "c")).course
    me = Learner(Store(tmp_path / "s"), "amy", course.id)
    lesson = course.chapters[0].lesson
    me.set_note(lesson.id, lesson.sections[0].id, "bell\x07 esc\x1b[31m red\n\tnext", ("t", "s"))
    kept = Learner(Store(tmp_path / "s"), "amy", course.id).note(lesson.id, lesson.sections[0].id)
    assert "\x07" not in kept and "\x1b" not in kept and "red\n\tnext" in kept and kept.startswith("bell")
