"""The trainer screen: reached from the map (t) and the palette, the same numbers as the
command, weakest questions first, 80 columns, both languages, notices shown."""

from __future__ import annotations

from reportkit import make_course, make_store
from textual.widgets import Label
from tui_kit import labels, make_app, settle

from course_tui.learning.report_table import cells
from course_tui.tui.screens.course_map import CourseMapScreen
from course_tui.tui.screens.help import HelpScreen
from course_tui.tui.screens.trainer import TrainerScreen


def trainer_app(tmp_path, lang="en"):
    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    return make_app(tmp_path, lang=lang, learner="小王", trainer=True)


def rows(app) -> list[str]:
    return [str(label.render()) for label in app.screen.query(".trainer-row, .trainer-head").results(Label)]


async def test_t_on_the_map_opens_the_report(tmp_path):
    app = trainer_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("t")
        await settle(pilot, TrainerScreen)
        text = labels(app)
        assert "Test (t) — 3 learner(s)" in text and "Chapters across the cohort" in text
        assert "Amy — lessons read 0/2 · quizzes passed 0/2" in text  # her review round passes nothing
        assert "小王 — lessons read 2/2 · quizzes passed 2/2" in text
        lines = rows(app)
        assert any(line.startswith(" 1 Intro") and "2/2 ✓" in line and "89% yes" in line and "1/2: success" in line for line in lines)
        questions = [line for line in lines if line[3:5] in ("q-", "x-")]
        assert questions[0].startswith("⚠  q-single") and not any("⚠" in line for line in questions[1:])
        assert [line[3:12].strip() for line in questions] == ["q-single", "q-multi", "q-tf", "q-match", "q-order", "q-short", "x-tf"]
        assert "✗ B (2)" in text and "✗ “P.M.O” (1)" in text
        assert max(cells(line) for line in lines) <= 76  # 80 columns less padding and scrollbar

        body = app.screen.query_one("#trainer-body")
        assert body.scroll_y == 0
        await pilot.press("w")
        await pilot.pause()
        assert body.scroll_y > 0 and app.screen.query_one("#trainer-questions").region.y <= 2
        await pilot.press("l")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)


async def test_f2_redraws_the_report_in_chinese(tmp_path):
    app = trainer_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("t")
        await settle(pilot, TrainerScreen)
        await pilot.press("f2")
        await pilot.pause()
        text = labels(app)
        assert "全体学员的各章情况" in text and "各题情况，最薄弱的在前" in text
        assert "小王 — 读完课文2/2 · 通过测验2/2" in text
        assert any(" 1 入门" in line and "89% 通过" in line and "1/2: 成功" in line for line in rows(app))
        assert "✗ 乙 (2)" in text and "✗ 对" not in text and "✗ 错 (1)" in text
        assert max(cells(line) for line in rows(app)) <= 76


async def test_palette_entry_and_help(tmp_path):
    app = trainer_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Trainer report: learners and questions" in commands
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        assert any(line.split() == ["t", "Trainer", "report"] for line in labels(app).splitlines())
        await pilot.press("escape")
        await settle(pilot, CourseMapScreen)
        await commands["Trainer report: learners and questions"].callback()
        await settle(pilot, TrainerScreen)
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        help_text = labels(app)
        assert "Weakest questions" in help_text and "Refresh" in help_text


async def test_without_trainer_flag_a_learner_cannot_reach_the_trainer_screen(tmp_path):
    course = make_course(tmp_path / "c")
    make_store(course, tmp_path / "s")
    app = make_app(tmp_path, learner="小王")  # started as a learner would: no --trainer
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert "Trainer report: learners and questions" not in {c.title for c in app.get_system_commands(app.screen)}
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        text = labels(app)
        assert "Trainer report" not in text and "Learners" in text  # the rest of the map's keys stay
        await app.action_trainer()
        await pilot.pause()
        assert not isinstance(app.screen, TrainerScreen)


async def test_refresh_reads_the_store_again_and_notices_show(tmp_path):
    app = trainer_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("t")
        await settle(pilot, TrainerScreen)
        (tmp_path / "s" / "learner-0000garbage.json").write_text("{", encoding="utf-8")
        app.session.store.update("Dora", lambda doc: None)
        await pilot.press("r")
        await pilot.pause()
        text = labels(app)
        assert "Test (t) — 4 learner(s)" in text and "Dora — lessons read 0/2" in text
        assert "⚠ " in text and "learner-0000garbage.json could not be read" in text


async def test_empty_cohort(tmp_path):
    make_course(tmp_path / "c")
    app = make_app(tmp_path, learner="amy", trainer=True)  # only the learner who opened the app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CourseMapScreen)
        await pilot.press("t")
        await settle(pilot, TrainerScreen)
        text = labels(app)
        assert "Test (t) — 1 learner(s)" in text and "Nobody has answered this quiz yet." in text
