"""The launcher opens on an empty store, survives a corrupt learner file and an invalid course."""

from __future__ import annotations

from coursekit import edit, write_course
from tui_kit import screen_labels

from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp


def screen_text(app) -> str:
    return screen_labels(app.screen)


async def test_empty_store(tmp_path):
    course = write_course(tmp_path / "c")
    session = open_session(course, store=tmp_path / "s", learner="张三", lang="zh")
    app = CourseApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "入门" in text and "未开始" in text
        assert app.sub_title == "学员: 张三"
    assert Store(tmp_path / "s").last_learner() == "张三"
    assert Store(tmp_path / "s").read("张三")["settings"]["lang"] == "zh"


async def test_corrupt_learner_file_is_moved_aside_and_reported(tmp_path):
    course = write_course(tmp_path / "c")
    store = Store(tmp_path / "s")
    store.update("amy", lambda doc: doc["settings"].update(lang="en"))
    path = store.path_for("amy")
    path.write_bytes(b'{"schema_version": 1, "learner": {"na')
    session = open_session(course, store=tmp_path / "s", learner="amy")
    assert len(session.notices) == 1 and "moved to" in session.notices[0]
    moved = list((tmp_path / "s").glob("learner-*.unreadable-*.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == b'{"schema_version": 1, "learner": {"na'
    app = CourseApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "could not be read" in screen_text(app)


async def test_invalid_course_shows_findings(tmp_path):
    course = write_course(tmp_path / "c", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"))
    session = open_session(course, store=tmp_path / "s", learner="amy", lang="en")
    assert session.loaded.course is None
    app = CourseApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "cannot be opened" in text
        assert "quizzes/quiz.yaml:3:10: error:" in text and "[unknown-chapter]" in text
        await pilot.press("q")
    assert app.return_code == 0
