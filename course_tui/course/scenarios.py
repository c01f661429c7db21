"""Building a scenario graph and proving it sound: every node defined, reachable, and
able to reach an ending (and, for path scoring, free of cycles); and every path to a node
consistent with what the node says it assumes about that path (``assumes``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from course_tui.course import limits
from course_tui.course.findings import Report
from course_tui.course.model import Assumes, Choice, Ending, Node, Scenario, SectionRef, Text
from course_tui.course.questions import text
from course_tui.course.yamlsrc import YList, YMap


def _node(raw: YMap, report: Report, sid: str) -> Node | None:
    nid = raw.get("id")
    if nid is None or raw.get("text") is None:
        return None
    choices, ending = raw.get("choices"), raw.get("ending")
    if choices and ending:
        report.error("node-kind", f"scenario {sid!r}: node {nid!r} has both choices and an ending; give one", raw.pos)
        return None
    if not choices and not ending:
        report.error("node-kind", f"scenario {sid!r}: node {nid!r} has neither choices nor an ending, so the story stops there", raw.pos)
        return None
    built_choices: list[Choice] = []
    for c in choices or ():
        if not isinstance(c, YMap) or c.get("text") is None or c.get("next") is None:
            return None
        built_choices.append(Choice(Text(c["text"]), c["next"], text(c.get("feedback")), c.get("score", 0)))
    built_ending = None
    if ending:
        if not isinstance(ending, YMap) or any(ending.get(k) is None for k in ("outcome", "title", "debrief")):
            return None
        refs = tuple(SectionRef.parse(r) for r in ending.get("sections") or () if isinstance(r, str))
        built_ending = Ending(ending["outcome"], Text(ending["title"]), Text(ending["debrief"]), ending.get("score", 0), refs)
    assumes = None
    raw_assumes = raw.get("assumes")
    if isinstance(raw_assumes, YMap):
        assumes = Assumes(tuple(raw_assumes.get("visited") or ()), tuple(raw_assumes.get("not_visited") or ()))
    return Node(nid, Text(raw["text"]), text(raw.get("title")), tuple(built_choices), built_ending, assumes, shuffle=raw.get("shuffle", True) is not False)


def build_scenario(item: YMap, report: Report, path: str) -> Scenario | None:
    sid = item["id"]
    raw_nodes = item.get("nodes") or []
    nodes: dict[str, Node] = {}
    where: dict[str, Any] = {}
    broken = False
    for raw in raw_nodes:
        if not isinstance(raw, YMap):
            broken = True
            continue
        nid = raw.get("id")
        if nid is not None and nid in where:
            report.error("duplicate-id", f"scenario {sid!r}: node id {nid!r} is already used on line {where[nid].pos.line}", raw.where("id"))
            broken = True
            continue
        if nid is not None:
            where[nid] = raw
        node = _node(raw, report, sid)
        if node is None or nid is None:
            broken = True
            continue
        nodes[nid] = node
    start = item.get("start")
    if start is not None and start not in nodes and start not in where:
        report.error("scenario-next-undefined", f"scenario {sid!r}: start node {start!r} is not defined", item.where("start"))
        broken = True
    for nid, node in nodes.items():
        choices = where[nid].get("choices") or []  # checked YList, same order as node.choices
        for i, choice in enumerate(node.choices):
            if choice.next not in nodes and choice.next not in where:
                pos = choices[i].where("next") if isinstance(choices[i], YMap) else where[nid].pos
                report.error("scenario-next-undefined", f"scenario {sid!r}: node {nid!r} leads to {choice.next!r}, which is not defined", pos)
                broken = True
    if broken or start is None:
        # A loop is its own mistake: reported even when another one (an undefined next, a
        # broken node) stops the rest of the checks.
        _report_cycle(item, nodes, start if start in nodes else None, where, report)
        return None
    # Reachable from the start.
    reached = {start}
    todo = [start]
    while todo:
        for choice in nodes[todo.pop()].choices:
            if choice.next not in reached:
                reached.add(choice.next)
                todo.append(choice.next)
    for nid in nodes:
        if nid not in reached:
            report.error("scenario-unreachable", f"scenario {sid!r}: node {nid!r} cannot be reached from the start {start!r}", where[nid].pos)
            broken = True
    # Able to reach an ending (walk the edges backwards from every ending).
    back: dict[str, list[str]] = {nid: [] for nid in nodes}
    for nid, node in nodes.items():
        for choice in node.choices:
            back[choice.next].append(nid)
    finishing = {nid for nid, node in nodes.items() if node.is_ending}
    todo = list(finishing)
    while todo:
        for prev in back[todo.pop()]:
            if prev not in finishing:
                finishing.add(prev)
                todo.append(prev)
    if not any(node.is_ending for node in nodes.values()):
        report.error("scenario-no-ending", f"scenario {sid!r} has no ending node", item.where("nodes"))
        broken = True
    else:
        for nid in nodes:
            if nid not in finishing:
                report.error("scenario-no-ending", f"scenario {sid!r}: from node {nid!r} no path leads to an ending", where[nid].pos)
                broken = True
    if _report_cycle(item, nodes, start, where, report):
        broken = True
    if not check_assumptions(nodes, start, where, report, sid):  # every next is defined by now
        broken = True
    if broken:
        return None
    return Scenario(
        id=sid,
        title=Text(item["title"]),
        chapter=item.get("chapter"),
        scoring=item.get("scoring") or "ending",
        start=start,
        nodes=MappingProxyType(nodes),
        description=text(item.get("description")),
        file=path,
        shuffle=item.get("shuffle", True) is not False,
    )


def _report_cycle(item: YMap, nodes: Mapping[str, Node], start: str | None, where: dict[str, Any], report: Report) -> bool:
    """With path scoring, report a loop (the score would have no limit); whether there is one."""
    if item.get("scoring") != "path" or not nodes:
        return False
    cycle = find_cycle(nodes, start)
    if cycle:
        report.error(
            "scenario-cycle",
            f"scenario {item['id']!r} scores the path, but {' → '.join(cycle)} is a loop, so the score has no limit (use scoring: ending, or remove the loop)",
            where[cycle[0]].pos,
        )
    return bool(cycle)


def find_cycle(nodes: Mapping[str, Node], start: str | None) -> list[str] | None:
    """A loop reachable from *start* (from any node when *start* is None), as node ids
    ending where it began; None if acyclic. A ``next`` to a node not in *nodes* (undefined,
    or itself broken) is a dead end here."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []
    roots = [start] if start is not None else list(nodes)[::-1]
    stack: list[tuple[str, int]] = []
    while stack or roots:
        if not stack:
            root = roots.pop()
            if root in state:
                continue
            stack.append((root, 0))
        nid, i = stack.pop()
        if i == 0:
            state[nid] = 1
            path.append(nid)
        node = nodes.get(nid)
        choices = node.choices if node is not None else ()
        if i < len(choices):
            stack.append((nid, i + 1))
            nxt = choices[i].next
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                stack.append((nxt, 0))
        else:
            state[nid] = 2
            path.pop()
    return None


def shortest_path(nodes: Mapping[str, Node], sources: list[str], target: str, avoid: str | None = None) -> list[str] | None:
    """The shortest walk from one of *sources* to *target* (both ends included) that never
    enters *avoid*; None if there is none. A walk of one node when *target* is a source."""
    parent = _bfs_tree(nodes, sources, avoid)
    if target not in parent:
        return None
    path = [target]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def assumption_breach(nodes: Mapping[str, Node], start: str, target: str, node: str, visited: bool) -> list[str] | None:
    """A walk from *start* to *target* that breaks "*node* was (*visited*) / was not passed
    on the way", as node ids from the start to *target*; None if every walk keeps it.

    Exact on graphs with loops: a walk avoiding *node* exists iff *target* is reachable with
    *node* removed; a walk passing *node* first exists iff *node* is reachable and *target*
    is reachable from one of *node*'s choices. So no path is enumerated and loops need no bound.
    """
    if visited:
        if node == target:  # its own first arrival has not passed it yet
            return shortest_path(nodes, [start], target)
        if node == start:
            return None
        return shortest_path(nodes, [start], target, avoid=node)
    head = shortest_path(nodes, [start], node)
    if head is None:
        return None
    tail = shortest_path(nodes, [c.next for c in nodes[node].choices], target)
    return None if tail is None else head + tail


def _bfs_tree(nodes: Mapping[str, Node], sources: list[str], avoid: str | None = None) -> dict[str, str | None]:
    """Breadth-first search from *sources*, never entering *avoid*: every node reached, with
    the node it was first reached from (None for a source)."""
    parent: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for s in sources:
        if s != avoid and s not in parent:
            parent[s] = None
            queue.append(s)
    while queue:
        nid = queue.popleft()
        for choice in nodes[nid].choices:
            if choice.next != avoid and choice.next not in parent:
                parent[choice.next] = nid
                queue.append(choice.next)
    return parent


def check_assumptions(nodes: Mapping[str, Node], start: str, where: Mapping[str, Any], report: Report, sid: str) -> bool:
    """Report every node whose ``assumes`` some path from the start breaks (``ending-assumption``).
    A node is judged on the path that led to it, itself excluded. True when all hold.

    One breadth-first search per distinct assumed node, not per (node, assumption) pair
    (as :func:`assumption_breach` would do): "visited X" breaks at N iff N is reachable from
    the start with X removed; "not_visited X" iff X is reachable from the start and N from
    one of X's choices. At most :data:`limits.MAX_ASSUMED_NODES` distinct nodes may be
    assumed in a scenario (``too-many-assumptions``), which bounds the work.
    """
    ok = True
    # (node id, key, wanted, assumed id, position), in the order they are written
    entries: list[tuple[str, str, bool, str, Any]] = []
    distinct: set[str] = set()
    for nid, node in nodes.items():
        if node.assumes is None:
            continue
        raw = where[nid].get("assumes")
        for key, wanted in (("visited", True), ("not_visited", False)):
            ids = raw.get(key) if isinstance(raw, YMap) else None
            for i, other in enumerate(getattr(node.assumes, key)):
                pos = ids.where(i) if isinstance(ids, YList) else where[nid].pos
                if other not in nodes:
                    report.error("ending-assumption", f"scenario {sid!r}: node {nid!r} assumes {key} {other!r}, which is not a node of this scenario", pos)
                    ok = False
                    continue
                if other not in distinct and len(distinct) == limits.MAX_ASSUMED_NODES:
                    report.error(
                        "too-many-assumptions",
                        f"scenario {sid!r}: node {nid!r} assumes {key} {other!r}, but the nodes of one scenario may name at most "
                        f"{limits.MAX_ASSUMED_NODES} different nodes in their 'assumes', so they are not checked: assume only what a text refers to",
                        pos,
                    )
                    return False
                distinct.add(other)
                entries.append((nid, key, wanted, other, pos))
    if not entries:
        return ok
    from_start = _bfs_tree(nodes, [start])
    by_assumed: dict[tuple[str, bool], list[int]] = {}
    for k, (_, _, wanted, other, _) in enumerate(entries):
        by_assumed.setdefault((other, wanted), []).append(k)
    broken: list[int] = []  # entries some walk breaks; their walks are found below
    for (other, wanted), ks in by_assumed.items():  # one search at a time: memory stays O(nodes)
        if wanted:
            tree = from_start if other == start else _bfs_tree(nodes, [start], avoid=other)
            for k in ks:
                nid = entries[k][0]
                if (nid in from_start) if other == nid else (other != start and nid in tree):
                    broken.append(k)  # (its own first arrival has not passed it yet)
        else:
            if other not in from_start:
                continue
            tree = _bfs_tree(nodes, [c.next for c in nodes[other].choices])
            broken.extend(k for k in ks if entries[k][0] in tree)
    reported = sorted(broken)
    for k in reported[:MAX_BREACHES_LISTED]:
        nid, _, wanted, other, pos = entries[k]
        ok = False
        path = assumption_breach(nodes, start, nid, other, wanted)  # a shortest such walk
        assert path is not None
        route = _route(path)
        if wanted:
            report.error("ending-assumption", f"scenario {sid!r}: node {nid!r} assumes the path passed {other!r}, but {route} reaches it without", pos)
        else:
            report.error("ending-assumption", f"scenario {sid!r}: node {nid!r} assumes the path never passed {other!r}, but {route} does", pos)
    if len(reported) > MAX_BREACHES_LISTED:
        report.error(
            "ending-assumption",
            f"scenario {sid!r}: {len(reported) - MAX_BREACHES_LISTED} more assumptions are broken (the first {MAX_BREACHES_LISTED} are listed)",
            entries[reported[MAX_BREACHES_LISTED]][4],
        )
    return ok


# Enough to show a pattern; a scenario that breaks thousands of assumptions (each with a
# path of thousands of nodes) would otherwise print megabytes.
MAX_BREACHES_LISTED = 50
ROUTE_ENDS = 12  # a longer path is shown as its first and last ROUTE_ENDS nodes


def _route(path: list[str]) -> str:
    if len(path) <= 2 * ROUTE_ENDS + 1:
        return " → ".join(path)
    return " → ".join(path[:ROUTE_ENDS]) + f" → … ({len(path) - 2 * ROUTE_ENDS} more) … → " + " → ".join(path[-ROUTE_ENDS:])
