"""Scenario endings (and nodes) that declare what they assume about the path reaching them:
validate walks every path and reports one that breaks the assumption (ending-assumption)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from course_tui.course.guessability import walks
from course_tui.course.loader import load_course
from course_tui.course import limits
from course_tui.course.scenarios import MAX_BREACHES_LISTED, assumption_breach
from coursekit import write_course

BUNDLED = Path(__file__).resolve().parents[1]

# A scenario with a loop ("back" from m to s) and an ending reachable two ways.
LOOPING = """\
type: scenario
id: intro-scenario
chapter: intro
title: {zh: 情景, en: Scenario}
start: s
nodes:
  - id: s
    text: {zh: 开始, en: Start}
    choices:
      - {text: {zh: 听, en: Listen}, next: m}
      - {text: {zh: 走, en: Leave}, next: quit}
  - id: m
    text: {zh: 中间, en: Middle}
    choices:
      - {text: {zh: 做, en: Do}, next: good}
      - {text: {zh: 回, en: Back}, next: s}
      - {text: {zh: 放弃, en: Give up}, next: quit}
  - id: good
    assumes: {visited: [m]}
    text: {zh: 好结局, en: Good end}
    ending: {outcome: success, score: 5, title: {zh: 好, en: Good}, debrief: {zh: 你听过了, en: You listened}}
  - id: quit
    assumes:
      not_visited: [m]
    text: {zh: 结局, en: End}
    ending: {outcome: failure, score: 0, title: {zh: 坏, en: Bad}, debrief: {zh: 你从没听过, en: You never listened}}
"""


def _findings(tmp_path, scenario):
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": scenario}))
    return result, [f for f in result.findings if f.code == "ending-assumption"]


def test_an_ending_whose_assumption_a_path_breaks_is_reported_with_the_path(tmp_path):
    result, found = _findings(tmp_path, LOOPING)
    assert result.course is None
    assert len(found) == 1, [f.format() for f in result.findings]
    f = found[0]
    # quit assumes m was never passed, but s → m → quit passes it; the finding points at 'm' in the list
    assert (f.path, f.line, f.col, f.severity) == ("quizzes/scenario.yaml", 24, 21, "error")
    assert "'quit'" in f.message and "'m'" in f.message and "s → m → quit" in f.message
    assert f.format().startswith("quizzes/scenario.yaml:24:21: error:")


def test_a_visited_assumption_broken_by_a_path_that_skips_the_node(tmp_path):
    scenario = LOOPING.replace("    assumes:\n      not_visited: [m]\n", "").replace(
        "      - {text: {zh: 走, en: Leave}, next: quit}", "      - {text: {zh: 走, en: Leave}, next: good}"
    )
    result, found = _findings(tmp_path, scenario)
    assert [(f.line, f.col) for f in found] == [(19, 25)], [f.format() for f in result.findings]
    assert "assumes the path passed 'm', but s → good reaches it without" in found[0].message


def test_assumptions_that_hold_on_every_path_give_no_finding(tmp_path):
    scenario = LOOPING.replace("      - {text: {zh: 放弃, en: Give up}, next: quit}\n", "").replace(
        "  - id: quit\n    assumes:\n      not_visited: [m]\n", "  - id: quit\n    assumes:\n      not_visited: [good]\n"
    )
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": scenario}))
    assert result.findings == [], [f.format() for f in result.findings]
    node = result.course.scenario("intro-scenario").nodes["good"]
    assert node.assumes is not None and node.assumes.visited == ("m",)


def test_an_assumption_naming_an_unknown_node(tmp_path):
    result, found = _findings(tmp_path, LOOPING.replace("visited: [m]}", "visited: [nowhere]}"))
    assert any("'nowhere'" in f.message and "not a node" in f.message for f in found)


def _breaks_by_walking(path: list[str], visited: tuple[str, ...], not_visited: tuple[str, ...]) -> bool:
    before = path[:-1]
    return any(v not in before for v in visited) or any(v in before for v in not_visited)


def test_every_path_of_every_bundled_scenario_keeps_its_endings_assumptions():
    """Walk every path (each node entered at most twice, which covers the loops) of every
    bundled scenario and check each node's declared assumptions on it, independently of
    validate's reachability check; and validate itself agrees."""
    course = load_course(BUNDLED).course
    assert course is not None
    assert len(course.scenarios) == 7
    declared = 0
    for scenario in course.scenarios:
        paths = list(walks(scenario.nodes, scenario.start, max_visits=2))
        assert paths, scenario.id
        reached = {p[-1] for p in paths}
        assert reached == {n.id for n in scenario.endings}, scenario.id  # every ending is reached by some path
        for path in paths:
            for i, nid in enumerate(path):
                node = scenario.nodes[nid]
                if node.assumes is None:
                    continue
                assert not _breaks_by_walking(path[: i + 1], node.assumes.visited, node.assumes.not_visited), (
                    f"{scenario.id}: {' → '.join(path[: i + 1])} breaks what {nid!r} assumes"
                )
        for node in scenario.nodes.values():
            if node.assumes is not None:
                declared += 1
                for other in node.assumes.visited:
                    assert assumption_breach(scenario.nodes, scenario.start, node.id, other, True) is None
                for other in node.assumes.not_visited:
                    assert assumption_breach(scenario.nodes, scenario.start, node.id, other, False) is None
    assert declared >= 20  # the endings whose debrief refers to the path say so


@pytest.mark.parametrize(
    "scenario_id, ending, bad_path",
    [
        # these paths once reached endings whose debrief contradicted them
        ("org-structure-scenario", "end-boundary", ["discover", "raise", "drive"]),
        ("background-scenario", "end-scheduler", ["day-one", "discover", "pushback"]),
    ],
)
def test_the_endings_of_issue_13_cannot_be_reached_after_the_path_they_deny(scenario_id, ending, bad_path):
    scenario = load_course(BUNDLED).course.scenario(scenario_id)
    node = scenario.nodes[ending]
    assert node.assumes is not None and node.assumes.not_visited
    for path in walks(scenario.nodes, scenario.start):
        if path[-1] == ending:
            assert not set(bad_path[1:]) <= set(path), path


def test_the_walk_and_the_reachability_check_agree_on_a_loop(tmp_path):
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": LOOPING.replace("    assumes:\n      not_visited: [m]\n", "")}))
    scenario = result.course.scenario("intro-scenario")
    paths = [" ".join(p) for p in walks(scenario.nodes, "s", max_visits=2)]
    assert "s m s m good" in paths and "s quit" in paths
    assert assumption_breach(scenario.nodes, "s", "quit", "m", False) == ["s", "m", "quit"]
    assert assumption_breach(scenario.nodes, "s", "good", "m", True) is None
    assert assumption_breach(scenario.nodes, "s", "s", "m", False) == ["s", "m", "s"]  # back round the loop


def _assuming_chain(length: int, assumes: int, key: str = "visited", among: int | None = None) -> str:
    """A chain of *length* nodes (then an ending) where each node assumes *key* of the
    *assumes* nodes before it (of the first *among* nodes only, when given)."""
    lines = ["type: scenario", "id: intro-scenario", "chapter: intro", "title: {zh: 情景, en: Scenario}", "start: n0", "nodes:"]
    for i in range(length):
        lines.append(f"  - id: n{i}")
        top = i if among is None else min(i, among)
        if top:
            lines.append(f"    assumes: {{{key}: [{', '.join(f'n{j}' for j in range(max(0, top - assumes), top))}]}}")
        lines += ["    text: {zh: 文, en: T}", "    choices:", f"      - {{text: {{zh: 走, en: Go}}, next: n{i + 1}}}"]
    lines += [
        f"  - id: n{length}",
        "    text: {zh: 完, en: End}",
        "    ending: {outcome: success, title: {zh: 好, en: Good}, debrief: {zh: 说明, en: Debrief}}",
    ]
    return "\n".join(lines) + "\n"


def _timed_load(root, scenario):
    write_course(root, {"quizzes/scenario.yaml": scenario})
    started = time.perf_counter()
    result = load_course(root)
    return result, time.perf_counter() - started


def test_2000_nodes_each_assuming_the_60_before_are_checked_in_seconds_not_a_minute(tmp_path):
    # once: a breadth-first search per (node, assumption) pair, 48 s for this 1.1 MB file;
    # it names 1,999 different nodes, more than a scenario may assume. About 1 s on a quiet
    # machine; the bound leaves room for a busy one and still catches the old way.
    result, seconds = _timed_load(tmp_path, _assuming_chain(2000, 60))
    assert seconds < 8, seconds
    codes = [f.code for f in result.findings]
    assert codes == ["too-many-assumptions"], [f.format() for f in result.findings]
    f = result.findings[0]
    assert f.severity == "error" and f"at most {limits.MAX_ASSUMED_NODES} different nodes" in f.message
    assert f"'n{limits.MAX_ASSUMED_NODES + 1}' assumes visited 'n{limits.MAX_ASSUMED_NODES}'" in f.message


def test_assumptions_are_checked_in_linear_time(tmp_path):
    # each node assumes 60 of the first 256 (the most a scenario may name), all of which hold:
    # 4x the nodes costs ~4x (the search per pair cost ~16x)
    _, small = _timed_load(tmp_path / "small", _assuming_chain(500, 60, among=limits.MAX_ASSUMED_NODES))
    result, large = _timed_load(tmp_path / "large", _assuming_chain(2000, 60, among=limits.MAX_ASSUMED_NODES))
    assert result.course is not None and result.findings == [], [f.format() for f in result.findings[:3]]
    assert large < 8, large  # about 1 s on a quiet machine; the ratio below is the real guard
    assert large < 8 * small + 0.3, (small, large)


def test_thousands_of_broken_assumptions_are_listed_up_to_a_bound(tmp_path):
    # every node assumes it never passed the 60 before it (among the first 256): ~110,000 breaches,
    # each with a walk of up to 2,000 nodes; the first ones are listed, long walks shortened
    result, seconds = _timed_load(tmp_path, _assuming_chain(2000, 60, "not_visited", among=limits.MAX_ASSUMED_NODES))
    found = [f for f in result.findings if f.code == "ending-assumption"]
    assert result.course is None and seconds < 10, seconds  # about 1.5 s quiet; room for a busy machine
    assert len(found) == MAX_BREACHES_LISTED + 1, len(found)
    assert "'n1' assumes the path never passed 'n0', but n0 → n1 does" in found[0].message
    assert any("more assumptions are broken" in f.message for f in found)
    assert all(len(f.message) < 1000 for f in found)


def test_the_bundled_course_validates_without_findings():
    result = load_course(BUNDLED)
    assert result.course is not None
    assert result.findings == [], [f.format() for f in result.findings]
