"""A scenario's branching drawn for the trainer: nodes, the choices between them with their
scores, endings marked by outcome (in words and symbols, and coloured where the format can).

Three drawings of the one :class:`Graph`: Mermaid and Graphviz DOT text
(``course-tui export graph``), and an indented outline for the terminal (the trainer screen).
Course text is data: in Mermaid and DOT every label is a quoted string with the characters
that the format would read as syntax written as escapes (Mermaid entity codes, DOT backslash
escapes), on one line; node names are generated (``n0``, ``n1`` …), never taken from the course.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_tui.course.model import Node, Scenario
from course_tui.safe_text import one_line

OUTCOME_MARK = {"success": "✓", "partial": "◐", "failure": "✗"}  # as the scenario player shows them
# Fill and border colours per outcome (light fills: dark text stays readable on them).
OUTCOME_COLOURS = {"success": ("#d9f2d9", "#2e7d32"), "partial": ("#fff1c2", "#8a6d00"), "failure": ("#f9d6d5", "#b3261e")}
LABEL_CHARS = 60  # a node's or a choice's label is cut to this many characters (…)


@dataclass(frozen=True)
class GraphNode:
    name: str  # n0, n1 … in the order the outline meets them
    id: str
    label: str
    outcome: str | None  # success | partial | failure for an ending
    score: int | None  # an ending's score


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    number: int  # the choice's place in its node, from 1 (the written order)
    label: str
    score: int


@dataclass(frozen=True)
class Graph:
    title: str
    scoring: str
    start: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(one_line(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_label(node: Node, lang: str) -> str:
    if node.ending is not None:
        return _cut(node.ending.title(lang))
    return _cut(node.title(lang) if node.title else node.text(lang))


def build(scenario: Scenario, lang: str) -> Graph:
    """The graph of *scenario* with its texts in *lang*: nodes in the order a walk from the
    start meets them (breadth first, choices in their written order), then any others."""
    order: list[str] = [scenario.start]
    seen = {scenario.start}
    i = 0
    while i < len(order):
        for choice in scenario.nodes[order[i]].choices:
            if choice.next not in seen and choice.next in scenario.nodes:
                seen.add(choice.next)
                order.append(choice.next)
        i += 1
    order += [nid for nid in scenario.nodes if nid not in seen]
    names = {nid: f"n{k}" for k, nid in enumerate(order)}
    nodes, edges = [], []
    for nid in order:
        node = scenario.nodes[nid]
        ending = node.ending
        nodes.append(GraphNode(names[nid], nid, _node_label(node, lang), ending.outcome if ending else None, ending.score if ending else None))
        for number, choice in enumerate(node.choices, 1):
            if choice.next in names:
                edges.append(GraphEdge(names[nid], names[choice.next], number, _cut(choice.text(lang)), choice.score))
    return Graph(_cut(scenario.title(lang), 200), scenario.scoring, names[scenario.start], tuple(nodes), tuple(edges))


def _score(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def _ending_words(node: GraphNode, outcomes: dict[str, str] | None = None) -> str:
    """ "✓ success · +5": the outcome in a symbol and a word (*outcomes*: the words to use,
    symbol included), and the ending's score."""
    outcome = node.outcome or "failure"
    word = outcomes[outcome] if outcomes else f"{OUTCOME_MARK[outcome]} {outcome}"
    return f"{word} · {_score(node.score or 0)}"


def _choice_words(edge: GraphEdge, scoring: str) -> str:
    shown = edge.score != 0 or scoring == "path"
    return f"{edge.number}. {edge.label}" + (f" ({_score(edge.score)})" if shown else "")


# -- Mermaid --------------------------------------------------------------------------------
_MERMAID_ESCAPES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "|": "#124;", "\\": "#92;"}


def _mq(text: str) -> str:
    """*text* as a quoted Mermaid label: every character Mermaid could read as syntax (the
    quote, entity codes, HTML, a Markdown string, the edge delimiter) as an entity code."""
    return '"' + "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in text) + '"'


def mermaid(graph: Graph) -> str:
    lines = [f"%% {graph.title} (scoring: {graph.scoring})", "flowchart TD"]
    for node in graph.nodes:
        if node.outcome is None:
            start = "▶ " if node.name == graph.start else ""
            lines.append(f"    {node.name}[{_mq(f'{start}{node.id}: {node.label}')}]")
        else:
            lines.append(f"    {node.name}([{_mq(f'{node.id}: {node.label}  {_ending_words(node)}')}])")
    for edge in graph.edges:
        lines.append(f"    {edge.source} -->|{_mq(_choice_words(edge, graph.scoring))}| {edge.target}")
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        lines.append(f"    classDef {outcome} fill:{fill},stroke:{stroke},color:#000")
        members = [n.name for n in graph.nodes if n.outcome == outcome]
        if members:
            lines.append(f"    class {','.join(members)} {outcome}")
    return "\n".join(lines) + "\n"


# -- Graphviz DOT ---------------------------------------------------------------------------
def _dq(*lines: str) -> str:
    """*lines* as one quoted DOT string, a line break (\\n) between them: backslashes and
    quotes escaped, so the course's text holds no escape of its own (\\l, \\N …)."""
    return '"' + "\\n".join(text.replace("\\", "\\\\").replace('"', '\\"') for text in lines) + '"'


def dot(graph: Graph) -> str:
    lines = [
        "digraph scenario {",
        f"    label={_dq(graph.title)};",
        "    labelloc=t;",
        "    node [shape=box, style=rounded, fontname=sans];",
        "    edge [fontname=sans, fontsize=10];",
    ]
    for node in graph.nodes:
        if node.outcome is None:
            start = "▶ " if node.name == graph.start else ""
            lines.append(f"    {node.name} [label={_dq(f'{start}{node.id}: {node.label}')}];")
        else:
            fill, stroke = OUTCOME_COLOURS[node.outcome]
            label = _dq(f"{node.id}: {node.label}", _ending_words(node))
            lines.append(f'    {node.name} [label={label}, style="rounded,filled,bold", fillcolor="{fill}", color="{stroke}"];')
    for edge in graph.edges:
        lines.append(f"    {edge.source} -> {edge.target} [label={_dq(_choice_words(edge, graph.scoring))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- outline for the terminal ---------------------------------------------------------------
def outline(graph: Graph, outcomes: dict[str, str] | None = None, above: str = "(above)") -> list[str]:
    """The graph as an indented tree from the start: each node under the choice that leads to
    it, a node met again as "↺ id (above)", so every node and choice is shown once. Nodes the
    start cannot reach (validate refuses those) would follow at the end. *outcomes* and
    *above*: the words of the interface language."""
    by_name = {n.name: n for n in graph.nodes}
    out_edges: dict[str, list[GraphEdge]] = {}
    for edge in graph.edges:
        out_edges.setdefault(edge.source, []).append(edge)

    def head(node: GraphNode) -> str:
        if node.outcome is not None:
            return f"{node.id} — {node.label}  [{_ending_words(node, outcomes)}]"
        return f"{node.id} — {node.label}"

    lines: list[str] = []
    shown: set[str] = set()
    roots = [graph.start] + [n.name for n in graph.nodes if n.name != graph.start]
    for root in roots:
        if root in shown:
            continue
        # entries to draw: (a node's name or a choice, prefix of its line, prefix of what is under it)
        stack: list[tuple[str | GraphEdge, str, str]] = [(root, "", "")]
        while stack:
            item, first, rest = stack.pop()
            if isinstance(item, GraphEdge):
                lines.append(first + _choice_words(item, graph.scoring))
                stack.append((item.target, rest + "└→ ", rest + "   "))
                continue
            node = by_name[item]
            if item in shown:
                lines.append(f"{first}↺ {node.id} {above}")
                continue
            shown.add(item)
            lines.append(first + ("▶ " if item == graph.start else "") + head(node))
            edges = out_edges.get(item, [])
            for k in range(len(edges) - 1, -1, -1):
                last = k == len(edges) - 1
                stack.append((edges[k], rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  ")))
    return lines
