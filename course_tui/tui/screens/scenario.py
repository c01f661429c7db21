"""The scenario player: the situation, the choices, the consequence of each choice, and at an
ending the verdict, the score, the debrief and the lesson ideas at stake.

Every choice is saved by :class:`~course_tui.learning.scenariorun.ScenarioRun` as it is made,
so leaving and coming back resumes the run where it stopped.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Markdown, OptionList

from course_tui.course.model import Node, SectionRef
from course_tui.learning.scenariorun import ScenarioRun, endings_found
from course_tui.learning.store import StoreError
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.inline import inline_in
from course_tui.tui.widgets.numbered import NumberedList
from course_tui.tui.text import shorten
from course_tui.tui.widgets.titlebar import TitleBar


class ScenarioScreen(BaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("r", "replay", "key.replay"),
        Binding("pagedown", "scroll_story(1)", "key.page", priority=True),
        Binding("pageup", "scroll_story(-1)", "", show=False, priority=True),
        *(Binding(str(d), f"pick({d})", "", show=False) for d in range(1, 10)),
    ]

    def __init__(self, scenario_id: str, run: ScenarioRun | None = None, exit_after: bool = False) -> None:
        """Show *run*; else resume the learner's unfinished run of *scenario_id*, else start one.
        *exit_after*: leaving the scenario leaves the app (``course-tui scenario``), which
        returns the run's outcome when it reached an ending."""
        super().__init__()
        self.exit_after = exit_after
        app = self.course_app
        self.scenario = app.course.scenario(scenario_id)
        resumed = run or ScenarioRun.unfinished(self.scenario, app.learner)
        self.resumed = run is None and resumed is not None and bool(resumed.run.get("choices"))
        self.run = resumed or ScenarioRun.start(self.scenario, app.learner)

    def reopen(self) -> "ScenarioScreen":
        """The same run over the reloaded scenario, or a new run if the run no longer fits it."""
        app = self.course_app
        scenario = app.course.scenario(self.scenario.id)
        run = ScenarioRun(scenario, app.learner, self.run.run_id)
        try:
            run.outcome()
        except (ValueError, KeyError):
            return ScenarioScreen(scenario.id, None, self.exit_after)
        return ScenarioScreen(scenario.id, run, self.exit_after)

    # -- what is shown ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        run, lang, node = self.run, self.lang, self.run.node
        yield TitleBar(self.scenario.title(lang))
        yield Label(self._status_text(), id="scenario-status", classes="status-line", markup=False)
        if node.ending is not None:
            yield Label(self._verdict_text(node), id="scenario-verdict", markup=False)
        with VerticalScroll(id="scenario-story", classes="screen-body"):
            crumbs = " › ".join(self._crumb(n) for n in run.path)
            yield Label(self.tr("scenario.path", path=crumbs), id="scenario-path", classes="muted", markup=False)
            last = run.last_choice
            if last is not None:
                yield Label(inline_in(self.tr("scenario.you_chose", choice="{choice}"), "{choice}", last.text(lang)), id="scenario-chose", markup=False)
                if last.feedback:
                    yield Markdown(last.feedback(lang), id="scenario-feedback", open_links=False)
            elif self.scenario.description:
                yield Markdown(self.scenario.description(lang), id="scenario-intro", open_links=False)
            yield Markdown(node.text(lang), id="scenario-node", open_links=False)
            if node.ending is not None:
                yield Label(self.tr("scenario.debrief"), classes="heading", markup=False)
                yield Markdown(node.ending.debrief(lang), id="scenario-debrief", open_links=False)
        if node.ending is None:
            yield Label(self.tr("scenario.choose"), id="scenario-prompt", classes="muted", markup=False)
            yield NumberedList([(f"{i}.", choice.text(lang)) for i, choice in enumerate(run.shown_choices(node), 1)], id="scenario-choices")
        else:
            actions = [(f"{i}.", self._idea(ref)) for i, ref in enumerate(self._ideas(node), 1)]
            actions.append(("r.", f"↻ {self.tr('scenario.replay')}"))
            if len(actions) > 1:
                yield Label(self.tr("scenario.ideas"), id="scenario-prompt", classes="muted", markup=False)
            yield NumberedList(actions, id="scenario-actions")
        yield KeyBar()

    def _verdict_text(self, node: Node) -> str:
        """At an ending: outcome (icon and word), the verdict's title, the score of the best possible."""
        ending = node.ending
        assert ending is not None
        verdict = self.tr(
            "scenario.verdict",
            outcome=self.tr("scenario.outcome." + ending.outcome),
            ending=self.tr("scenario.ending", title=ending.title(self.lang)),
        )
        return f"{verdict} · {self.tr('scenario.score', score=self.run.outcome().score, max=self.run.max_score)}"

    def _status_text(self) -> str:
        found, total = len(endings_found(self.scenario, self.course_app.learner)), len(self.scenario.endings)
        return f"{self.scenario.title(self.lang)} · {self.tr('scenario.endings_found', found=found, total=total)}"

    def _crumb(self, node: Node) -> str:
        return node.title(self.lang) if node.title else shorten(node.text(self.lang), 24)

    def _ideas(self, node: Node) -> list[SectionRef]:
        """The ending's lesson sections that exist in the course."""
        course = self.course_app.course
        return [ref for ref in (node.ending.sections if node.ending else ()) if course.find_section(ref)]

    def _idea(self, ref: SectionRef) -> str:
        lesson, section = self.course_app.course.find_section(ref)  # type: ignore[misc]
        if ref.lesson == self.scenario.chapter:  # this scenario's own chapter: the section is enough
            return section.title(self.lang)
        return f"{lesson.title(self.lang)} › {section.title(self.lang)}"

    # -- focus and redraw -------------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        if self.resumed:
            self.notify(self.tr("scenario.resumed"))
        self._focus()

    def _focus(self) -> None:
        lists = self.query(OptionList)
        if lists:
            options = lists.first(OptionList)
            options.highlighted = 0
            options.focus(scroll_visible=False)
        self.query_one("#scenario-story", VerticalScroll).scroll_home(animate=False)

    async def _redraw(self) -> None:
        await self.recompose()
        self.refresh_bindings()
        self._focus()

    async def relocalize(self) -> None:
        await super().relocalize()
        self._focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "replay":
            return self.run.finished
        return True

    # -- actions ----------------------------------------------------------------------
    async def _choose(self, index: int) -> None:
        node = self.run.node
        if node.is_ending or not 0 <= index < len(node.choices):
            return
        try:
            self.run.choose_shown(index)  # index: as shown (this run's order)
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        await self._redraw()

    async def _open_idea(self, index: int) -> None:
        ideas = self._ideas(self.run.node)
        if not 0 <= index < len(ideas):
            return
        from course_tui.tui.screens.lesson import LessonScreen

        await self.app.push_screen(LessonScreen(ideas[index].lesson, ideas[index].section, visit=False))

    def action_pick(self, digit: int) -> None:
        """A digit selects the choice (or lesson idea) it numbers; Enter then takes it."""
        lists = self.query(OptionList)
        if not lists:
            return
        options = lists.first(OptionList)
        if 0 <= digit - 1 < options.option_count:
            options.highlighted = digit - 1
            options.focus(scroll_visible=False)

    async def action_replay(self) -> None:
        if not self.run.finished:
            return
        try:
            self.run = ScenarioRun.start(self.scenario, self.course_app.learner)
        except StoreError as exc:
            self.course_app.store_error(exc)
            return
        await self._redraw()

    def action_scroll_story(self, direction: int) -> None:
        story = self.query_one("#scenario-story", VerticalScroll)
        if direction < 0:
            story.scroll_page_up()
        else:
            story.scroll_page_down()

    def action_back(self) -> None:
        if self.exit_after:
            self.app.exit(self.run.outcome() if self.run.finished else None)
        else:
            self.app.pop_screen()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "scenario-choices":
            await self._choose(event.option_index)
        elif event.option_index < len(self._ideas(self.run.node)):
            await self._open_idea(event.option_index)
        else:
            await self.action_replay()
