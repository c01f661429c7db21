"""In the app, when the store cannot be written, a banner on every screen
says that progress is not being saved and why (en and zh), studying goes on, and saves that
fail do not raise one error toast each.

The store side (Learner turning read-only, open_session on an unwritable store) is another
part of the issue: here ``Learner.read_only`` and ``Learner.on_read_only`` are set as the
store does (the contract in course_tui/learning/progress.py)."""

from __future__ import annotations

from test_tui_markup import shown
from textual.widgets._toast import Toast
from tui_kit import make_app, settle

from course_tui.learning.store import StoreError, StoreNotWritable
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.screens.quiz import QuizScreen

REASON = "[Errno 13] Permission denied: '/srv/store/amy.json'"


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_a_store_read_only_at_start_shows_the_banner_on_every_screen_in_both_languages(tmp_path):
    app = make_app(tmp_path)
    app.session.learner.read_only = REASON  # as open_session leaves it on an unwritable store
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⚠ Read-only: your progress is not being saved ([Errno 13] Permission denied: '/srv/store/amy.json'). You can go on studying." in shown(app)
        await pilot.press("c")
        await settle(pilot, LessonScreen)
        assert "Read-only: your progress is not being saved" in shown(app)
        await pilot.press("right")  # studying goes on
        await pilot.pause()
        assert app.screen.index == 1
        app.open_quiz("intro-quiz")
        await settle(pilot, QuizScreen)
        assert "Read-only: your progress is not being saved" in shown(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "⚠ 只读：你的学习进度没有被保存（[Errno 13] Permission denied: '/srv/store/amy.json'）。你可以继续学习。" in shown(app)


async def test_no_banner_while_the_store_can_be_written(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Read-only" not in shown(app)
        assert app.learner.on_read_only is not None  # the app listens for it


async def test_a_store_turning_read_only_shows_the_banner_once_and_no_toast_per_save(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot, LessonScreen)
        learner = app.learner
        # what the store does at the first save that fails: read-only, then the callback
        learner.read_only = "No space left on device"
        learner.on_read_only("No space left on device")
        await pilot.pause()
        assert "⚠ Read-only: your progress is not being saved (No space left on device)." in shown(app)
        assert len(toasts(app)) == 1 and "can no longer be saved" in toasts(app)[0]

        def unwritable(*args, **kwargs):
            raise StoreNotWritable("No space left on device")

        monkeypatch.setattr(learner, "visit_section", unwritable)  # a save that still raises
        for key in ("right", "left", "right", "left"):
            await pilot.press(key)
            await pilot.pause()
        assert len(toasts(app)) == 1  # no error toast per save
        await pilot.press("escape")
        await pilot.pause()
        assert "Read-only: your progress is not being saved" in shown(app)  # the map has it too


async def test_an_unwritable_store_reported_by_a_save_turns_the_app_read_only(tmp_path, monkeypatch):
    """A StoreNotWritable that reaches a screen (the store did not switch by itself) gives
    the banner and one notice; any other store error is still shown as an error."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.store_error(StoreError("the learner file is locked by another program"))
        await pilot.pause()
        assert "locked by another program" in toasts(app)[0]
        app.store_error(StoreNotWritable("Read-only file system"))
        app.store_error(StoreNotWritable("Read-only file system"))
        await pilot.pause()
        assert app.learner.read_only == "Read-only file system"
        assert "Read-only: your progress is not being saved (Read-only file system)" in shown(app)
        assert sum("can no longer be saved" in t for t in toasts(app)) == 1


async def test_the_banner_gives_the_reason_in_the_learners_language(tmp_path):
    import errno

    from course_tui.learning.store import Store

    app = make_app(tmp_path, lang="zh")
    error = Store(tmp_path / "ro")._not_writable(OSError(errno.EROFS, "Read-only file system"))
    app.session.learner.read_only, app.session.learner.read_only_error = str(error), error
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = shown(app).replace(" ", "")  # the banner wraps
        assert "所在的文件系统是只读的" in text and "Read-onlyfilesystem" not in text
        await pilot.press("f2")
        await pilot.pause()
        assert "is on a read-only file system" in " ".join(shown(app).split())
