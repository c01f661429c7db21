"""Playing a scenario: the current node, choices saved as they are made, the score by the
scenario's rule, resume after a restart, and which endings the learner has found."""

from __future__ import annotations

from typing import Any

from course_tui.course.model import Choice, Node, Scenario
from course_tui.learning.grading import ScenarioOutcome, play, scenario_max_score
from course_tui.learning.progress import Learner


class ScenarioRun:
    def __init__(self, scenario: Scenario, learner: Learner, run_id: str) -> None:
        self.scenario = scenario
        self.learner = learner
        self.run_id = run_id

    @classmethod
    def start(cls, scenario: Scenario, learner: Learner) -> ScenarioRun:
        return cls(scenario, learner, learner.start_run(scenario.id, scenario.start))

    @classmethod
    def unfinished(cls, scenario: Scenario, learner: Learner) -> ScenarioRun | None:
        """The latest unfinished run that still fits the scenario (it may have changed)."""
        for run in reversed(learner.course.get("scenario_runs", [])):
            if run.get("scenario") == scenario.id and not run.get("finished"):
                candidate = cls(scenario, learner, run["id"])
                try:
                    candidate.outcome()
                except (ValueError, KeyError):
                    return None
                return candidate
            if run.get("scenario") == scenario.id:
                return None
        return None

    @property
    def run(self) -> dict[str, Any]:
        for run in self.learner.course.get("scenario_runs", []):
            if run.get("id") == self.run_id:
                return run
        raise KeyError(self.run_id)

    def outcome(self) -> ScenarioOutcome:
        return play(self.scenario, self.run.get("choices", []))

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.outcome().path[-1]]

    @property
    def path(self) -> tuple[Node, ...]:
        return tuple(self.scenario.nodes[nid] for nid in self.outcome().path)

    @property
    def last_choice(self) -> Choice | None:
        """The choice that led to the current node (its feedback is the consequence)."""
        choices = self.run.get("choices", [])
        path = self.outcome().path
        if not choices:
            return None
        return self.scenario.nodes[path[-2]].choices[choices[-1]]

    @property
    def finished(self) -> bool:
        return self.node.is_ending

    def choose(self, index: int) -> Choice:
        """Take choice *index* at the current node; saves it, and the ending when reached."""
        node = self.node
        if node.is_ending or not 0 <= index < len(node.choices):
            raise ValueError(f"no choice {index} at node {node.id!r}")
        choice = node.choices[index]
        self.learner.record_choice(self.run_id, index, choice.next)
        outcome = self.outcome()
        if outcome.finished:
            self.learner.finish_run(self.run_id, outcome.score, outcome.ending or "")
        return choice

    @property
    def max_score(self) -> int:
        return scenario_max_score(self.scenario)


def endings_found(scenario: Scenario, learner: Learner) -> set[str]:
    """Ending node ids this learner has reached in *scenario* (that still exist)."""
    found = set()
    for run in learner.course.get("scenario_runs", []):
        if run.get("scenario") == scenario.id and run.get("finished") and run.get("ending") in scenario.nodes:
            found.add(run["ending"])
    return found
