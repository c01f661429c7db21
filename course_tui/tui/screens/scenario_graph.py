"""The trainer's view of a scenario's branching: an outline of the graph from the start, one
scenario at a time (n / p for the next and the previous). Drawn by
:func:`course_tui.course.scenario_graph.outline`, the graph ``course-tui export graph``
writes; this screen only lays the lines out."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import Label

from course_tui.course import scenario_graph
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


class ScenarioGraphScreen(BaseScreen):
    AUTO_FOCUS = "#graph-body"
    DEFAULT_CSS = """
    #graph-body > Label { width: auto; text-wrap: nowrap; }
    #graph-body > .graph-heading { text-style: bold; width: 100%; text-wrap: wrap; }
    #graph-body > .graph-stats { width: 100%; text-wrap: wrap; }
    #graph-body > .graph-legend { color: $text-muted; margin-bottom: 1; width: 100%; text-wrap: wrap; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "key.back"),
        Binding("n", "step(1)", "key.graph_next"),
        Binding("p", "step(-1)", "key.graph_previous"),
    ]

    def __init__(self, index: int = 0) -> None:
        super().__init__()
        self.index = index

    def reopen(self) -> "ScenarioGraphScreen":
        return ScenarioGraphScreen(self.index)

    def compose(self) -> ComposeResult:
        scenarios = self.course_app.course.scenarios
        yield TitleBar(self.tr("graph.title"))
        with ScrollableContainer(id="graph-body", classes="screen-body"):
            if not scenarios:
                yield Label(self.tr("graph.none"), markup=False)
            else:
                self.index %= len(scenarios)
                scenario = scenarios[self.index]
                graph = scenario_graph.build(scenario, self.lang)
                endings = sum(1 for n in graph.nodes if n.outcome)
                scoring = self.tr("graph.scoring_path" if scenario.scoring == "path" else "graph.scoring_ending")
                yield Label(f"{self.index + 1}/{len(scenarios)} · {graph.title} ({scenario.id})", classes="graph-heading", markup=False)
                yield Label(
                    self.tr("graph.legend", nodes=len(graph.nodes), endings=endings, choices=len(graph.edges), scoring=scoring),
                    classes="graph-stats",
                    markup=False,
                )
                yield Label(self.tr("graph.key"), classes="graph-legend", markup=False)
                outcomes = {o: self.tr(f"scenario.outcome.{o}") for o in scenario_graph.OUTCOME_MARK}
                for line in scenario_graph.outline(graph, outcomes, self.tr("graph.above")):
                    yield Label(line, classes="graph-line", markup=False)
        yield KeyBar()

    def action_back(self) -> None:
        self.app.pop_screen()

    async def action_step(self, step: int) -> None:
        self.index += step
        await self.recompose()
        self._focus_as_at_start()
