"""The trainer's report inside the app: the same table as ``course-tui report`` (cohort per
chapter, learners × chapters, questions with the weakest first), in the interface language.

Everything comes from :func:`course_tui.learning.reports.build` and
:func:`course_tui.learning.report_table.table_blocks`; this screen only lays the lines out.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label

from course_tui.learning import report_table, reports
from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar

WIDTH = 76  # 80 columns less the body's padding and the scrollbar


def _paragraphs(blocks: list[report_table.Block]) -> list[report_table.Block]:
    """One label per table row, one per wrapped paragraph; blank lines become margins."""
    out: list[report_table.Block] = []
    previous = "blank"
    for kind, line in blocks:
        if kind == "blank":
            previous = kind
            continue
        if kind == previous and kind in ("title", "note", "subheading") and out:
            out[-1] = (kind, out[-1][1] + "\n" + line)
        else:
            out.append((kind, line))
        previous = kind
    return out


class TrainerScreen(BaseScreen):
    AUTO_FOCUS = "#trainer-body"  # focused in the first frame, not moved there after it
    DEFAULT_CSS = """
    #trainer-body Label { width: 100%; }
    #trainer-body .trainer-row, #trainer-body .trainer-head { text-wrap: nowrap; text-overflow: ellipsis; }
    #trainer-body .trainer-head { text-style: bold underline; }
    #trainer-body .trainer-heading { text-style: bold reverse; margin-top: 1; }
    #trainer-body .trainer-subheading { text-style: bold; margin-top: 1; }
    #trainer-body .trainer-title { text-style: bold; }
    """
    reopens_fresh = True
    TITLE_KEY = "trainer.title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "key.back"),
        Binding("w", "questions", "key.trainer_questions"),
        Binding("l", "learners_top", "key.trainer_learners"),
        Binding("r", "refresh_report", "key.trainer_refresh"),
        Binding("g", "graphs", "key.trainer_graphs"),
    ]

    def words(self) -> dict[str, str]:
        """The table's labels in the interface language (i18n keys ``report.*``)."""
        return {key: self.tr(f"report.{key}") for key in report_table.EN}

    def compose(self) -> ComposeResult:
        app = self.course_app
        yield TitleBar(self.tr(self.TITLE_KEY))
        with VerticalScroll(id="trainer-body", classes="screen-body"):
            try:
                report = reports.build(app.course, app.session.store)
            except StoreError as exc:
                yield Label(str(exc), id="trainer-error", markup=False)
                report = None
            yield from self.compose_lead(report)
            if report is not None:
                for notice in report.notices:
                    yield Label("⚠ " + notice, classes="trainer-notice", markup=False)
                words = self.words()
                for kind, text in _paragraphs(report_table.table_blocks(report, self.lang, words, WIDTH)):
                    is_questions = kind == "heading" and text == words["questions_heading"]
                    yield Label(text, classes=f"trainer-{kind}", id="trainer-questions" if is_questions else None, markup=False)
        yield KeyBar()

    def compose_lead(self, report: reports.Report | None) -> ComposeResult:
        """What comes before the report (the cohort screen's learners online)."""
        return ()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_questions(self) -> None:
        """Scroll so the question statistics (weakest first) start at the top."""
        found = self.query("#trainer-questions")
        if found:
            self.query_one("#trainer-body", VerticalScroll).scroll_to_widget(found.first(), animate=False, top=True)

    def action_graphs(self) -> None:
        """The scenarios' branching, drawn as outlines (the graph `export graph` writes)."""
        from course_tui.tui.screens.scenario_graph import ScenarioGraphScreen

        self.app.push_screen(ScenarioGraphScreen())

    def action_learners_top(self) -> None:
        self.query_one("#trainer-body", VerticalScroll).scroll_home(animate=False)

    async def action_refresh_report(self) -> None:
        """Read the store again (learners may be studying while the trainer looks)."""
        await self.recompose()
        self._focus_as_at_start()
