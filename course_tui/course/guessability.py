"""How far a course can be passed by position alone, without reading it.

Authors tend to write the right answer first. Measured on the authored order:

- single choice: the share of questions whose right answer is the first option;
- true/false: the share whose answer is *true* (far from half is a pattern too);
- multiple choice: the share whose right set is exactly the first k options;
- scenarios: how many reach their best ending by always taking choice 1 (and, so that
  reordering does not just move the trick, by always taking the last choice).

:func:`figures` computes these for any course (no UI involved); :func:`check_guessable`
turns them into ``guessable-by-position`` warnings for ``course-tui validate``, with the
thresholds in :data:`THRESHOLDS` (documented in docs/AUTHORING.md, section 6).

A scenario's *best ending* is the best rated one: the highest ``score`` (with
``scoring: path``, the highest total of choice scores plus ending score over every path),
ties broken by outcome (success > partial > failure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from course_tui.course.findings import Report
from course_tui.course.model import MultipleChoice, Node, Quiz, Scenario, SingleChoice, TrueFalse
from course_tui.course.yamlsrc import Pos

OUTCOME_RANK = {"failure": 0, "partial": 1, "success": 2}


@dataclass(frozen=True)
class Share:
    """*hits* of *total*; ``where`` lists the hits as ``path:line`` (or scenario ids)."""

    hits: int = 0
    total: int = 0
    where: tuple[str, ...] = ()

    @property
    def ratio(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} ({self.ratio:.0%})" if self.total else "0/0"


@dataclass(frozen=True)
class Figures:
    single_first: Share = field(default_factory=Share)
    true_answers: Share = field(default_factory=Share)
    multiple_first_k: Share = field(default_factory=Share)
    scenario_first: Share = field(default_factory=Share)
    scenario_last: Share = field(default_factory=Share)

    def lines(self) -> list[str]:
        return [
            f"single choice, right answer first: {self.single_first}",
            f"true/false, answer true: {self.true_answers}",
            f"multiple choice, right set = first k options: {self.multiple_first_k}",
            f"scenarios, choice 1 everywhere reaches the best ending: {self.scenario_first}",
            f"scenarios, last choice everywhere reaches the best ending: {self.scenario_last}",
        ]


@dataclass(frozen=True)
class Thresholds:
    """When ``validate`` warns; deliberately looser than a single course's content targets."""

    min_questions: int = 5  # of a type, before its share means anything
    single_first_max: float = 0.60
    true_min: float = 0.25
    true_max: float = 0.75
    multiple_first_k_max: float = 0.60
    min_scenarios: int = 3
    scenario_best_max: float = 0.50  # warn when more than half reach the best ending


THRESHOLDS = Thresholds()


def _is_first_k(q: MultipleChoice) -> bool:
    first = {o.id for o in q.options[: len(q.answer)]}
    return first == set(q.answer)


def _share(hits: Iterable[str], total: int) -> Share:
    where = tuple(hits)
    return Share(len(where), total, where)


def figures(quizzes: Iterable[Quiz], scenarios: Iterable[Scenario], *, shuffled: bool = True) -> Figures:
    """The position figures of these quizzes and scenarios, in authored order.

    With ``shuffled=False`` the options that are shuffled per attempt (every quiz's by
    default; not those of a quiz or question with ``shuffle: false``) are left out of the
    single and multiple choice figures: learners never see that order.
    """
    single: list[str] = []
    single_n = 0
    true: list[str] = []
    tf_n = 0
    multi: list[str] = []
    multi_n = 0
    for quiz in quizzes:
        for q in quiz.questions:
            order_seen = shuffled or not (quiz.shuffle and getattr(q, "shuffle", True))
            if isinstance(q, SingleChoice) and order_seen:
                single_n += 1
                if q.options and q.options[0].id == q.answer:
                    single.append(q.source or q.id)
            elif isinstance(q, MultipleChoice) and order_seen:
                multi_n += 1
                if _is_first_k(q):
                    multi.append(q.source or q.id)
            elif isinstance(q, TrueFalse):
                tf_n += 1
                if q.answer:
                    true.append(q.source or q.id)
    scenarios = tuple(scenarios)
    first = [s.id for s in scenarios if reaches_best(s, lambda n: 0)]
    last = [s.id for s in scenarios if reaches_best(s, lambda n: n - 1)]
    return Figures(
        _share(single, single_n),
        _share(true, tf_n),
        _share(multi, multi_n),
        _share(first, len(scenarios)),
        _share(last, len(scenarios)),
    )


# --- scenarios ---------------------------------------------------------------------------


def _ending_key(node: Node, total: int) -> tuple[int, int]:
    assert node.ending is not None
    return (total, OUTCOME_RANK.get(node.ending.outcome, 0))


def best_key(scenario: Scenario) -> tuple[int, int]:
    """How the best ending is rated: (score, outcome rank); with path scoring the score is
    the best total over every path (such a graph has no loop, ``validate`` proves it)."""
    nodes = scenario.nodes
    if scenario.scoring != "path":
        return max(_ending_key(n, n.ending.score) for n in nodes.values() if n.ending is not None)
    # Bottom-up over the nodes, an explicit stack instead of recursion (a chain of thousands
    # of nodes is a valid scenario): a node is rated once all its choices' targets are.
    memo: dict[str, tuple[int, int]] = {}
    entered: set[str] = set()
    stack = [scenario.start]
    while stack:
        nid = stack[-1]
        if nid in memo:
            stack.pop()
            continue
        node = nodes[nid]
        if node.ending is not None:
            memo[nid] = _ending_key(node, node.ending.score)
            stack.pop()
            continue
        if nid not in entered:
            entered.add(nid)
            # a target entered but not rated would be a loop, which validate rules out
            stack.extend(c.next for c in node.choices if c.next not in memo and c.next not in entered)
            continue
        stack.pop()
        rated = [(memo[c.next][0] + c.score, memo[c.next][1]) for c in node.choices if c.next in memo]
        memo[nid] = max(rated) if rated else (0, 0)
    return memo[scenario.start]


def choice_walk(scenario: Scenario, pick: Callable[[int], int]) -> tuple[list[str], int]:
    """The walk of a learner who, at every node, takes choice ``pick(number of choices)``
    (0-based): the node ids from the start, and the choice scores on the way. The walk
    stops at an ending, or when it comes back to a node it has left (it would loop forever)."""
    path = [scenario.start]
    total = 0
    seen = {scenario.start}
    while True:
        node = scenario.nodes[path[-1]]
        if node.ending is not None or not node.choices:
            return path, total
        choice = node.choices[max(0, min(pick(len(node.choices)), len(node.choices) - 1))]
        total += choice.score
        if choice.next in seen:
            path.append(choice.next)
            return path, total
        seen.add(choice.next)
        path.append(choice.next)


def reaches_best(scenario: Scenario, pick: Callable[[int], int]) -> bool:
    """Whether always taking choice ``pick(n)`` ends in the best rated ending."""
    path, total = choice_walk(scenario, pick)
    node = scenario.nodes[path[-1]]
    if node.ending is None:
        return False  # loops
    score = node.ending.score + (total if scenario.scoring == "path" else 0)
    return _ending_key(node, score) == best_key(scenario)


def walks(nodes: Mapping[str, Node], start: str, max_visits: int = 2, limit: int = 1_000_000) -> Iterator[list[str]]:
    """Every walk from *start* to an ending that enters no node more than *max_visits*
    times, as node ids (bounded, so loops end). Twice is enough to meet every combination
    a ``visited``/``not_visited`` assumption can tell apart: a shortest walk to a node and a
    shortest walk on from it each enter a node at most once. Stops after *limit* walks."""
    count = 0
    stack: list[tuple[list[str], dict[str, int]]] = [([start], {start: 1})]
    while stack:
        path, visits = stack.pop()
        node = nodes[path[-1]]
        if node.ending is not None:
            count += 1
            yield path
            if count >= limit:
                return
            continue
        for choice in reversed(node.choices):
            n = visits.get(choice.next, 0)
            if n < max_visits:
                stack.append((path + [choice.next], {**visits, choice.next: n + 1}))


# --- validate ----------------------------------------------------------------------------


def _line(source: str) -> Pos:
    _, _, line = source.rpartition(":")
    return Pos(int(line), 1) if line.isdigit() else Pos(1, 1)


def _worst(share: Share) -> tuple[str, Pos, int]:
    """The file with the most hits, the position of its first hit, and how many it has."""
    by_file: dict[str, list[str]] = {}
    for hit in share.where:
        by_file.setdefault(hit.rpartition(":")[0] if ":" in hit else "", []).append(hit)
    path, hits = max(by_file.items(), key=lambda kv: len(kv[1]))
    return path, _line(hits[0]), len(hits)


def check_guessable(quizzes: Iterable[Quiz], scenarios: Iterable[Scenario], report: Report, manifest: str, limits: Thresholds = THRESHOLDS) -> Figures:
    """Warn (``guessable-by-position``) when the course can be passed by position.

    Quiz warnings point at the file with the most such questions (at its first one);
    the scenario warning points at the manifest. Single and multiple choice count only
    quizzes that show options in authored order (``shuffle`` off).
    """
    figs = figures(quizzes, scenarios, shuffled=False)
    s = figs.single_first
    if s.total >= limits.min_questions and s.ratio > limits.single_first_max:
        path, pos, n = _worst(s)
        report.warning(
            "guessable-by-position",
            f"the right answer is the first option in {s} single-choice questions (more than {limits.single_first_max:.0%}; {n} in this file): spread it over the positions",
            pos,
            path=path or manifest,
        )
    t = figs.true_answers
    if t.total >= limits.min_questions and not limits.true_min <= t.ratio <= limits.true_max:
        if t.ratio > limits.true_max:
            path, pos, n = _worst(t)
            detail = f"{n} true in this file"
        else:
            path, pos, n = manifest, Pos(1, 1), 0
            detail = "answer more of them true"
        report.warning(
            "guessable-by-position",
            f"{t} true/false statements are true (keep it between {limits.true_min:.0%} and {limits.true_max:.0%}; {detail})",
            pos,
            path=path or manifest,
        )
    m = figs.multiple_first_k
    if m.total >= limits.min_questions and m.ratio > limits.multiple_first_k_max:
        path, pos, n = _worst(m)
        report.warning(
            "guessable-by-position",
            f"the right set is simply the first options in {m} multiple-choice questions (more than {limits.multiple_first_k_max:.0%}; {n} in this file)",
            pos,
            path=path or manifest,
        )
    for share, which in ((figs.scenario_first, "choice 1"), (figs.scenario_last, "the last choice")):
        if share.total >= limits.min_scenarios and share.ratio > limits.scenario_best_max:
            report.warning(
                "guessable-by-position",
                f"always taking {which} reaches the best ending in {share} scenarios ({', '.join(share.where)}): put the best choice at varied positions",
                Pos(1, 1),
                path=manifest,
            )
    return figs
