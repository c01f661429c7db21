"""Playing a scenario: the current node, choices saved as they are made, the score by the
scenario's rule, resume after a restart, and which endings the learner has found.

Each run shows every node's choices in its own shuffled order (:meth:`ScenarioRun.choice_order`),
made from a seed stored with the run, so a resumed or replayed run shows the same order; a
scenario or node with ``shuffle: false`` keeps the written order. Choices are stored by their
written index (``choices``), whatever the order they were shown in.
"""

from __future__ import annotations

import random
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
    def start(cls, scenario: Scenario, learner: Learner, seed: int | None = None) -> ScenarioRun:
        """A new run; *seed* fixes its choice order (tests); None draws a fresh one."""
        if seed is None:
            seed = random.SystemRandom().randrange(2**63)
        return cls(scenario, learner, learner.start_run(scenario.id, scenario.start, seed))

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
        runs: list[dict[str, Any]] = self.learner.course.get("scenario_runs", [])
        for run in runs:
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
        choices: list[int] = self.run.get("choices", [])
        path = self.outcome().path
        if not choices:
            return None
        return self.scenario.nodes[path[-2]].choices[choices[-1]]

    @property
    def finished(self) -> bool:
        return self.node.is_ending

    def choice_order(self, node: Node | None = None) -> list[int]:
        """The written indexes of *node*'s (default: the current node's) choices in the order
        this run shows them: shuffled by the run's seed, the same every time for this run;
        the written order for ``shuffle: false`` (scenario or node) or a run without a seed."""
        node = node or self.node
        order = list(range(len(node.choices)))
        seed = self.run.get("seed")
        if not self.scenario.shuffle or not node.shuffle or not isinstance(seed, int) or isinstance(seed, bool):
            return order
        random.Random(f"{seed}:{node.id}").shuffle(order)
        return order

    def shown_choices(self, node: Node | None = None) -> list[Choice]:
        """*node*'s choices in the order this run shows them (see :meth:`choice_order`)."""
        node = node or self.node
        return [node.choices[i] for i in self.choice_order(node)]

    def choose_shown(self, position: int) -> Choice:
        """Take the choice shown at *position* (0-based) at the current node."""
        order = self.choice_order()
        if not 0 <= position < len(order):
            raise ValueError(f"no choice shown at {position + 1}")
        return self.choose(order[position])

    def choose(self, index: int) -> Choice:
        """Take choice *index* (its written index) at the current node; saves it, and the
        ending when reached."""
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
