"""``course-tui export graph`` and the outline of the trainer screen: every node, every choice
with its score, endings by outcome; course text only ever inside escaped labels."""

from __future__ import annotations

import json
import re

from coursekit import edit, write_course

from course_tui.cli import main
from course_tui.course import scenario_graph
from course_tui.course.loader import load_course

HOSTILE = 'Go "on"] --> evil[("x") |pipe| #35; `md` <b>&amp; \\\\l end'


def graph_of(tmp_path, files=None, lang="en"):
    course = load_course(write_course(tmp_path / "c", files)).course
    assert course is not None
    return scenario_graph.build(course.scenario("intro-scenario"), lang)


def test_mermaid_draws_nodes_choices_with_scores_and_endings_by_outcome(tmp_path):
    text = scenario_graph.mermaid(graph_of(tmp_path))
    assert text.splitlines()[1] == "flowchart TD"
    assert '    n0["▶ s: Start"]' in text
    assert '    n0 -->|"1. Good (+2)"| n1' in text and '    n0 -->|"2. Bad (0)"| n2' in text  # path scoring: every score shown
    assert '    n3(["good: Good  ✓ success · +5"])' in text
    assert '    n2(["bad: Bad  ✗ failure · 0"])' in text
    assert "    class n3 success" in text and "    class n2 failure" in text


def test_dot_draws_the_same_graph_with_filled_endings(tmp_path):
    text = scenario_graph.dot(graph_of(tmp_path))
    assert text.startswith("digraph scenario {") and text.rstrip().endswith("}")
    assert '    n0 -> n1 [label="1. Good (+2)"];' in text
    assert re.search(r'    n3 \[label="good: Good\\n✓ success · \+5", style="rounded,filled,bold", fillcolor="#d9f2d9"', text)
    assert 'fillcolor="#f9d6d5"' in text  # the failure ending


def test_outline_shows_every_node_and_choice_once_and_a_node_met_again_as_above(tmp_path):
    files = edit("quizzes/scenario.yaml", "next: good, score: 1}", "next: good, score: 1}\n      - {text: {zh: 回, en: Back}, next: s}")
    files["quizzes/scenario.yaml"] = files["quizzes/scenario.yaml"].replace("scoring: path", "scoring: ending")
    lines = scenario_graph.outline(graph_of(tmp_path, files))
    assert lines == [
        "▶ s — Start",
        "├─ 1. Good (+2)",
        "│  └→ m — Middle",
        "│     ├─ 1. Go on (+1)",
        "│     │  └→ good — Good  [✓ success · +5]",
        "│     └─ 2. Back",
        "│        └→ ↺ s (above)",
        "└─ 2. Bad",
        "   └→ bad — Bad  [✗ failure · 0]",
    ]


def test_course_text_stays_inside_escaped_labels(tmp_path):
    files = edit("quizzes/scenario.yaml", "{text: {zh: 好, en: Good}", "{text: {zh: 好, en: " + json.dumps(HOSTILE) + "}")
    graph = graph_of(tmp_path, files)
    mermaid = scenario_graph.mermaid(graph)
    label = r'"[^"]*"'
    for line in mermaid.splitlines()[2:]:
        assert re.fullmatch(rf"    n\d+(\[{label}\]|\(\[{label}\]\))|    n\d+ -->\|{label}\| n\d+|    classDef \w+ [\w:#,]+|    class [n\d,]+ \w+", line), line
    edge = next(line for line in mermaid.splitlines() if "evil" in line)
    assert "#quot;on#quot;" in edge and "#124;pipe#124;" in edge and "#35;35;" in edge and "#96;md#96;" in edge and "#lt;b#gt;#amp;amp;" in edge
    dot = scenario_graph.dot(graph)
    string = r'"(?:[^"\\]|\\.)*"'
    for line in dot.splitlines()[5:-1]:
        assert re.fullmatch(rf"    n\d+ \[label={string}(, [a-z]+={string})*\];|    n\d+ -> n\d+ \[label={string}\];", line), line
    assert r"Go \"on\"]" in dot and r"\\\\l end" in dot  # the course's backslashes are no DOT escapes


def test_export_graph_command_writes_a_file_and_never_overwrites_without_force(tmp_path, capsys):
    write_course(tmp_path / "c")
    out = tmp_path / "g.dot"
    argv = ["export", "graph", "intro-scenario", "--course", str(tmp_path / "c"), "--format", "dot", "-o", str(out)]
    assert main(argv) == 0
    assert out.read_text(encoding="utf-8").startswith("digraph scenario {")
    assert "intro-scenario: 4 nodes (2 endings), 3 choices as dot" in capsys.readouterr().err
    assert main(argv) != 0
    assert main([*argv, "--force"]) == 0
    assert main(["export", "graph", "intro-scenario", "--course", str(tmp_path / "c")]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "flowchart TD"
    assert main(["export", "graph", "intro-quiz", "--course", str(tmp_path / "c")]) == 1
    assert capsys.readouterr().err == "course-tui: error: no scenario 'intro-quiz' in this course (scenarios: intro-scenario)\n"


async def test_trainer_screen_shows_each_scenarios_graph_in_the_interface_language(tmp_path):
    from tui_kit import labels, make_app, settle

    from course_tui.tui.screens.scenario_graph import ScenarioGraphScreen
    from course_tui.tui.screens.trainer import TrainerScreen

    write_course(tmp_path / "c", {"quizzes/second.yaml": SECOND})
    app = make_app(tmp_path, lang="zh", trainer=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.action_trainer()
        await settle(pilot, TrainerScreen)
        await pilot.press("g")
        await settle(pilot, ScenarioGraphScreen)
        shown = labels(app)
        assert "1/2 · 情景 (intro-scenario)" in shown
        assert "│  └→ m — 中间" in shown and "   └→ bad — 坏  [✗ 失败 · 0]" in shown
        await pilot.press("n")
        await pilot.pause()
        assert "2/2 · 第二个 (second-scenario)" in labels(app)
        assert "▶ a — 甲" in labels(app)
        await pilot.press("escape")
        await settle(pilot, TrainerScreen)


SECOND = """\
type: scenario
id: second-scenario
chapter: next
title: {zh: 第二个, en: Second}
start: a
nodes:
  - id: a
    text: {zh: 甲, en: A}
    choices:
      - {text: {zh: 走, en: Go}, next: z}
  - id: z
    text: {zh: 终, en: End}
    ending: {outcome: partial, title: {zh: 终, en: End}, debrief: {zh: 说明, en: Debrief}}
"""
