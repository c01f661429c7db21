"""Learner flows through the map, the lesson reader, language and learner switching."""

from __future__ import annotations

from tui_kit import bundled_app, make_app, screen_labels

from course_tui.learning.store import Store
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.help import HelpScreen
from course_tui.tui.screens.lesson import LessonScreen
from course_tui.tui.widgets.footer import KeyBar


def text_of(screen) -> str:
    return screen_labels(screen)


def progress(tmp_path, learner="amy"):
    return Store(tmp_path / "s").read(learner)["courses"]["t"]


async def test_read_a_lesson_to_the_end(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("enter")  # first chapter
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 0
        assert progress(tmp_path)["position"] == {"kind": "lesson", "id": "intro", "section": "one"}
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == 1 and app.screen.is_last
        assert "You have read this chapter" in text_of(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        # the lesson is read, its quiz and scenario are not: the chapter is still being studied
        assert "[in progress] sections 2/2" in text_of(app.screen) and "[all done]" not in text_of(app.screen)
    lesson = progress(tmp_path)["lessons"]["intro"]
    assert lesson["completed"] and lesson["seen"] == ["one", "two"] and lesson["section"] == "two"


async def test_continue_returns_to_the_saved_section(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "right")
        await pilot.pause()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "section 2/2" in text_of(app.screen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.section.id == "two"


async def test_switch_language_redraws_everything(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "First" in app.screen.text_widget.source
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "zh"
        assert "第一节" in app.screen.text_widget.source
        assert "第1节，共2节" in text_of(app.screen)
        assert app.sub_title.startswith("学员")
        await pilot.press("escape")
        await pilot.pause()
        assert "[学习中] 已读1/2节" in text_of(app.screen) and "[reading]" not in text_of(app.screen)
    assert Store(tmp_path / "s").read("amy")["settings"]["lang"] == "zh"


async def test_switch_and_create_learners(tmp_path):
    from course_tui.tui.screens.learners import LearnersScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "right", "escape")  # amy reads
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, LearnersScreen)
        await pilot.press("ctrl+n", *"小李", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.learner.name == "小李"
        assert isinstance(app.screen, CourseMapScreen) and "[not started]" in text_of(app.screen)
    store = Store(tmp_path / "s")
    assert set(store.learners()) == {"amy", "小李"} and store.last_learner() == "小李"
    assert store.read("amy")["courses"]["t"]["lessons"]["intro"]["completed"]


async def test_rename_learner(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "escape", "u", "ctrl+r")
        await pilot.pause()
        await pilot.press(*"amy-2", "enter")  # the old name is selected: typing replaces it
        await pilot.pause()
        await pilot.pause()
        assert app.learner.name == "amy-2"
    assert Store(tmp_path / "s").learners() == ["amy-2"]


async def test_help_lists_the_keys_of_the_screen_named_as_the_key_bar_names_them(tmp_path):
    app = make_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        on_the_bar = {key.display for key in app.screen.query_one(KeyBar).shown}
        assert {"c", "?", "^p"} <= on_the_bar
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {name for line in text_of(app.screen).splitlines() for name in line.strip().split("  ")[0].split(" / ")}
        assert "继续" in text_of(app.screen) and on_the_bar <= listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_about_credits_the_source(tmp_path):
    app = bundled_app(tmp_path, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        text = text_of(app.screen)
        assert "互联网重新“定义”了PMO" in text and "Talen" in text and "人人都是产品经理" in text and "2021-08-04" in text


async def test_too_small_terminal_says_how_large(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert "needs 60×20" in str(app.screen.query_one("#too-small").render())


async def test_palette_jumps_to_a_lesson(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Lesson: Next" in commands and "Language: 中文" in commands and "✎ Quiz" in commands
        commands["Lesson: Next"].callback()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "next"


async def test_ctrl_p_opens_the_command_palette(tmp_path):
    from textual.command import CommandPalette

    app = make_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_mouse_moves_between_sections(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#next-section")
        await pilot.pause()
        assert app.screen.index == 1
        await pilot.click("#prev-section")
        await pilot.pause()
        assert app.screen.index == 0
    assert progress(tmp_path)["position"]["section"] == "one"


async def test_a_store_that_fails_mid_session_is_reported_not_a_crash(tmp_path, monkeypatch):
    from course_tui.learning import progress
    from course_tui.learning.store import StoreError

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def broken(*args, **kwargs):
            raise StoreError("cannot save progress to /store/x.json: No space left on device")

        monkeypatch.setattr(progress.Learner, "start_attempt", broken)
        app.open_quiz("intro-quiz")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert any("No space left" in str(n.message) for n in app._notifications)


async def test_switching_to_a_learner_whose_file_is_unreadable_says_so(tmp_path):
    from course_tui.tui.screens.dialogs import NoticeScreen

    app = make_app(tmp_path)
    store = Store(tmp_path / "s")
    store.path_for("bob").write_bytes(b'{"schema_version": 1, "lea')
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.switch_learner("bob")
        await pilot.pause()
        assert app.learner.name == "bob"
        assert isinstance(app.screen, NoticeScreen) and "moved to" in app.screen.text
    assert len(list((tmp_path / "s").glob("learner-*.unreadable-*.json"))) == 1


async def test_a_long_title_is_cut_so_the_learner_still_shows(tmp_path):
    from coursekit import edit
    from rich.cells import cell_len

    from course_tui.tui.widgets.titlebar import TitleBar

    long = "A very long lesson title that goes on and on about project management offices"
    app = make_app(tmp_path, learner="王小明", files=edit("lessons/intro.en.md", "title: Intro", f"title: {long}"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("intro")
        for _ in range(10):
            await pilot.pause()
        text = str(app.screen.query_one(TitleBar).render())
        assert text.startswith("A very long lesson title") and "…" in text
        assert text.endswith("— Learner: 王小明")
        assert cell_len(text) <= 78
