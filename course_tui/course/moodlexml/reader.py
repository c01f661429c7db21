"""Moodle XML text to the GIFT importer's question records (:class:`~course_tui.course.gift.model.GQuestion`).

Moodle XML (Question bank → Export → *Moodle XML format*) says everything GIFT says and
more: per-answer grades and feedback, units, hints, shuffling, the mark of each question.
Each ``<question>`` becomes the record the GIFT converter already knows how to turn into our
format (so both imports decide alike: weights, partial credit, short answers …); what only
XML says rides in the record's ``extra`` fields.

The XML is parsed with the standard library's expat, safely: a document with a DOCTYPE (the
only place entities can be declared, so no "billion laughs" and no external entities) is
refused, and so is anything that is not well-formed.
"""

from __future__ import annotations

import math
import re
import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass, field

from course_tui.course.gift.model import GChoice, GiftWarning, GMatch, GNumber, GQuestion, GText

_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
# What Moodle fills in when the author left the combined feedback alone: nothing is lost with it.
_STANDARD_FEEDBACK = {"Your answer is correct.", "Your answer is partially correct.", "Your answer is incorrect."}
_HINT_RE = re.compile(r"^\s*course-tui:\s*(.*?)\s*$", re.S)


class XmlError(Exception):
    """The file cannot be read as Moodle XML at all; the message is one line for the user."""


@dataclass(slots=True)
class Node:
    """An XML element: tag, attributes, text (character data directly inside), children,
    comments directly inside, and the line it starts on."""

    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def value(self, tag: str, default: str = "") -> str:
        """The text of child *tag* (``<tag>x</tag>``), stripped."""
        child = self.find(tag)
        return child.text.strip() if child is not None else default

    def rich(self, tag: str | None = None) -> GText | None:
        """A Moodle text element (``<tag format="html"><text>…</text></tag>``) as a GIFT text."""
        node = self if tag is None else self.find(tag)
        if node is None:
            return None
        inner = node.find("text")
        text = (inner.text if inner is not None else "").strip()
        return GText(_FORMATS.get(node.attrs.get("format", ""), "html"), text) if text else None


MAX_DEPTH = 64  # Moodle XML nests about six deep


def parse_xml(data: bytes, name: str, on_question: Callable[[Node], None]) -> None:
    """Parse a Moodle XML document, handing each top-level ``<question>`` to *on_question*
    as soon as it is complete (and then dropping it: memory stays that of one question).
    :class:`XmlError` for a DOCTYPE, a malformed file, a root that is not ``<quiz>``, or
    elements nested more than MAX_DEPTH deep."""
    parser = xml.parsers.expat.ParserCreate()
    stack: list[Node] = []
    seen_root = False

    def refuse(*_: object) -> None:
        raise XmlError(f"{name}: a DOCTYPE (document type declaration) is not accepted: Moodle never writes one, and it could declare entities")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal seen_root
        if not seen_root:
            if tag != "quiz":
                raise XmlError(f"{name} is not a Moodle XML question file (its root element is not <quiz>)")
            seen_root = True
        if len(stack) >= MAX_DEPTH:
            raise XmlError(f"{name}: elements are nested more than {MAX_DEPTH} deep (line {parser.CurrentLineNumber}); Moodle XML never is")
        node = Node(tag, attrs, parser.CurrentLineNumber)
        if len(stack) > 1:  # inside a question: keep it; the root's children are handed over
            stack[-1].children.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        node = stack.pop()
        if len(stack) == 1 and node.tag == "question":
            on_question(node)

    def chars(text: str) -> None:
        if len(stack) > 1:
            stack[-1].text += text

    def comment(text: str) -> None:
        if len(stack) > 1:
            stack[-1].comments.append(text)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: 0  # never fetched (and none can be declared)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.CommentHandler = comment
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise XmlError(f"{name} is not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: {xml.parsers.expat.ErrorString(exc.code)})") from None
    if not seen_root:  # pragma: no cover - expat reports an empty document as not well-formed
        raise XmlError(f"{name} is not a Moodle XML question file (its root element is not <quiz>)")


def _inner_text(node: Node, tag: str) -> str:
    """The ``<text>`` of child *tag* (``<name><text>…</text></name>``), or ""."""
    child = node.find(tag)
    return child.value("text") if child is not None else ""


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return int(number) if number.is_integer() else number


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass
class _Reader:
    warnings: list[GiftWarning]

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(GiftWarning(line, message))

    def question(self, node: Node, category: str | None) -> GQuestion:
        kind = node.attrs.get("type", "")
        q = GQuestion("Skipped", node.line, category=category)
        q.title = _inner_text(node, "name") or None
        q.stem = node.rich("questiontext") or GText("html", "")
        q.global_feedback = node.rich("generalfeedback")
        q.id = node.value("idnumber") or None
        tags = node.find("tags")
        q.tags = [t.value("text") for t in tags.all("tag")] if tags is not None else []
        for comment in node.comments:
            if m := _HINT_RE.match(comment):
                for word in m.group(1).split():
                    key, sep, value = word.partition("=")
                    if sep:
                        q.hints[key] = value
        grade = node.value("defaultgrade")
        if grade and kind not in ("description", "category"):
            points = _number(grade)
            if points is not None and points >= 0:
                if not float(points).is_integer():
                    self.warn(node.line, f"the mark {points:g} is not a whole number; it is rounded to {round(points)} point(s)")
                if round(points) != 1:
                    q.hints["points"] = str(round(points))
        hints = [h.rich() for h in node.all("hint")]
        hints = [h for h in hints if h is not None]
        if hints:
            q.extra["hint"] = hints[0]
            if len(hints) > 1:
                self.warn(node.line, f"{len(hints)} hints: only the first is kept (a question here has one hint)")
        reader = getattr(self, "_" + kind, None)
        if reader is None:
            q.reason = f"Moodle question type {kind!r} has no counterpart here"
            self.warn(node.line, q.reason + "; question skipped")
            return q
        reader(node, q)
        return q

    def _combined(self, node: Node, q: GQuestion, keep_wrong: bool) -> None:
        """Moodle's feedback for a right, partly right and wrong response."""
        right, partly, wrong = (node.rich(t) for t in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"))
        right, partly, wrong = (None if f is None or _plain(f.text) in _STANDARD_FEEDBACK else f for f in (right, partly, wrong))
        if keep_wrong and (wrong or partly):
            q.extra["feedback_wrong"] = wrong or partly
            if wrong and partly and wrong.text != partly.text:
                self.warn(
                    node.line, "the feedback for a partly right response is not kept (one feedback, feedback_wrong, serves every response that is not right)"
                )
            lost = [right]
        else:
            lost = [right, partly, wrong]
        if any(lost):
            self.warn(node.line, "Moodle's feedback for right / partly right / wrong responses is not kept: here each option has its own feedback")

    def _answers(self, node: Node) -> list[tuple[Node, float, GText | None, GText | None]]:
        out: list[tuple[Node, float, GText | None, GText | None]] = []
        for a in node.all("answer"):
            text = a.find("text")
            body = GText(_FORMATS.get(a.attrs.get("format", ""), "moodle"), text.text.strip()) if text is not None else GText("moodle", "")
            out.append((a, _fraction(a.attrs.get("fraction", "0")), body, a.rich("feedback")))
        return out

    def _multichoice(self, node: Node, q: GQuestion) -> None:
        single = node.value("single", "true").lower() in ("true", "1")
        q.kind = "MC"
        q.choices = [GChoice(single and w > 0, w, text, fb, line=a.line) for a, w, text, fb in self._answers(node)]
        if node.value("shuffleanswers", "true").lower() in ("false", "0"):
            q.extra["shuffle"] = False
        self._combined(node, q, keep_wrong=False)

    def _truefalse(self, node: Node, q: GQuestion) -> None:
        answers = {text.text.strip().lower() if text else "": (w, fb) for _, w, text, fb in self._answers(node)}
        if "true" not in answers or "false" not in answers:
            q.reason = "a true/false question needs a 'true' and a 'false' answer"
            self.warn(node.line, q.reason + "; question skipped")
            return
        q.kind = "TF"
        q.is_true = answers["true"][0] >= answers["false"][0]
        right, wrong = ("true", "false") if q.is_true else ("false", "true")
        q.feedback_right, q.feedback_wrong = answers[right][1], answers[wrong][1]

    def _shortanswer(self, node: Node, q: GQuestion) -> None:
        q.kind = "Short"
        q.choices = [GChoice(True, w, text, fb, line=a.line) for a, w, text, fb in self._answers(node)]
        if node.value("usecase", "0") == "1":
            q.extra["match"] = "exact"

    def _numerical(self, node: Node, q: GQuestion) -> None:
        q.kind = "Numerical"
        for a, w, text, fb in self._answers(node):
            raw = text.text.strip() if text else ""
            if raw == "*":
                q.choices.append(GChoice(True, w, None, fb, None, a.line))
                continue
            value, tolerance = _number(raw), _number(a.value("tolerance", "0") or "0")
            if value is None or tolerance is None:
                q.kind, q.reason = "Skipped", f"the numerical answer {raw!r} (tolerance {a.value('tolerance')!r}) is not a number"
                self.warn(a.line, q.reason + "; question skipped")
                return
            q.choices.append(GChoice(True, w, None, fb, GNumber("range", value, abs(tolerance), token=raw), a.line))
        units = []
        holder = node.find("units")
        for u in holder.all("unit") if holder is not None else []:
            name, multiplier = u.value("unit_name"), _number(u.value("multiplier", "1") or "1")
            if name and multiplier:
                whole = int(multiplier) if float(multiplier).is_integer() else multiplier
                units.append({"unit": name, "multiplier": whole} if multiplier != 1 else {"unit": name})
        if units:
            units.sort(key=lambda u: u.get("multiplier", 1) != 1)  # the base unit (multiplier 1) first
            q.extra["units"] = units

    def _matching(self, node: Node, q: GQuestion) -> None:
        q.kind = "Matching"
        for sub in node.all("subquestion"):
            left = sub.rich() or GText("moodle", "")
            answer = sub.find("answer")
            right = answer.value("text") if answer is not None else ""
            q.matches.append(GMatch(left, " ".join(right.split()), sub.line))
        self._combined(node, q, keep_wrong=True)

    def _ordering(self, node: Node, q: GQuestion) -> None:
        """The ordering plugin: the answers in the right order (their ``fraction`` is the position)."""
        q.kind = "Matching"
        q.hints["type"] = "ordering"
        answers = sorted(enumerate(self._answers(node)), key=lambda x: (x[1][1], x[0]))
        q.matches = [GMatch(text or GText("moodle", ""), str(n), a.line) for n, (_, (a, _w, text, _fb)) in enumerate(answers, start=1)]
        self._combined(node, q, keep_wrong=True)

    def _description(self, node: Node, q: GQuestion) -> None:
        q.kind = "Description"

    def _essay(self, node: Node, q: GQuestion) -> None:
        q.kind = "Essay"


def read_questions(data: bytes, name: str) -> tuple[list[GQuestion], list[GiftWarning]]:
    """Every question and category of a Moodle XML document, and warnings for what could not
    be read; :class:`XmlError` when the document cannot be read at all."""
    warnings: list[GiftWarning] = []
    reader = _Reader(warnings)
    out: list[GQuestion] = []
    category: str | None = None

    def on_question(node: Node) -> None:
        nonlocal category
        if node.attrs.get("type") == "category":
            category = _inner_text(node, "category") or category
            out.append(GQuestion("Category", node.line, category=category))
        else:
            out.append(reader.question(node, category))

    parse_xml(data, name, on_question)
    return out, warnings
