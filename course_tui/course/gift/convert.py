"""GIFT records to our quiz questions: what maps, what is approximated (with a warning), what is skipped.

Every decision that loses something from the GIFT file is reported as a warning with the
question's line; docs/GIFT.md lists them for trainers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from course_tui.course.gift.htmltext import html_to_markdown, looks_like_html
from course_tui.course.gift.model import GChoice, GiftWarning, GNumber, GQuestion, GText

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_BLANK_PUNCT_RE = re.compile(r"_____ (?=[.,;:!?…。，、；：！？）)\]])")
SECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*#[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass
class Converted:
    """One question in our format (``data``, in the order it is written) and comments for it."""

    data: dict[str, Any]
    comments: list[str]
    line: int


@dataclass
class Conversion:
    questions: list[Converted] = field(default_factory=list)
    warnings: list[GiftWarning] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    categories: list[str] = field(default_factory=list)


class Skip(Exception):
    pass


def slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def category_name(path: str) -> str:
    """The last part of a Moodle category path (``$course$/top/Unit 1`` → ``Unit 1``)."""
    path = re.sub(r"^\$\w+\$/", "", path.strip())
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", path)]
    parts = [p for p in parts if p and p != "top"]
    return parts[-1] if parts else ""


class _Question:
    def __init__(self, q: GQuestion, out: Conversion) -> None:
        self.q, self.out = q, out

    def warn(self, message: str, line: int = 0) -> None:
        self.out.warnings.append(GiftWarning(line or self.q.line, message))

    def text(self, value: GText | None) -> str:
        if value is None:
            return ""
        if value.format == "html" or (value.format == "moodle" and looks_like_html(value.text)):
            text, notes = html_to_markdown(value.text)
            for note in notes:
                self.warn(note)
            return text
        return value.text.strip()

    def weight(self, c: GChoice) -> float:
        return c.weight if c.weight is not None else (100 if c.correct else 0)

    def options(self) -> list[dict[str, Any]]:
        options = []
        ids = _carried_ids(self.q.hints.get("ids", ""), len(self.q.choices))
        for i, c in enumerate(self.q.choices):
            text = self.text(c.text)
            if not text:
                raise Skip(f"option {i + 1} has no text")
            option = {"id": ids[i] if ids else _option_id(i), "text": text}
            if fb := self.text(c.feedback):
                option["feedback"] = fb
            options.append(option)
        if len(options) < 2:
            raise Skip("a choice question needs at least two options")
        return options

    def choice(self, data: dict[str, Any]) -> None:
        data["options"] = options = self.options()
        weights = [self.weight(c) for c in self.q.choices]
        label = [o["text"] for o in options]
        if any(c.correct for c in self.q.choices):  # Moodle: one answer (radio buttons)
            right = [i for i, w in enumerate(weights) if w == 100]
            if not right:
                raise Skip("no option earns full credit")
            partial = [f"{label[i]!r} ({_pct(w)})" for i, w in enumerate(weights) if w not in (0, 100)]
            if partial:
                self.warn(f"partial credit is not kept: {', '.join(partial)} count as wrong answers here")
            if len(right) == 1:
                data["type"], data["answer"] = "single", options[right[0]]["id"]
                return
            self.warn(
                f"{len(right)} options are marked '=' (in Moodle any one of them earns full credit); "
                "imported as a multiple-answer question: learners must choose all of them"
            )
        else:  # Moodle: several answers (checkboxes), weights add up
            right = [i for i, w in enumerate(weights) if w > 0]
            if not right:
                raise Skip("no option has a positive weight, so none is right")
            share = 100 / len(right)
            if any(abs(w - share) > 0.01 if w > 0 else abs(w + share) > 0.01 for w in weights):
                self.warn(
                    f"Moodle weights ({', '.join(f'{label[i]!r} {_pct(w)}' for i, w in enumerate(weights))}) are replaced by "
                    f"this app's rule: each right option earns 1/{len(right)}, each wrong one chosen takes 1/{len(right)} off"
                )
        data["type"], data["answer"] = "multiple", tuple(options[i]["id"] for i in right)  # a tuple is written [a, b]

    def true_false(self, data: dict[str, Any]) -> None:
        right, wrong = self.text(self.q.feedback_right), self.text(self.q.feedback_wrong)
        data["type"], data["answer"] = "true_false", self.q.is_true
        yes, no = (right, wrong) if self.q.is_true else (wrong, right)
        if yes:
            data["feedback_true"] = yes
        if no:
            data["feedback_false"] = no

    def short(self, data: dict[str, Any]) -> None:
        accepted: list[str] = []
        kept_feedback = []
        for c in self.q.choices:
            w = self.weight(c)
            raw = " ".join(self.text(c.text).split())
            if raw == "*":
                if w >= 100:
                    raise Skip("its answer '*' accepts anything")
                if w > 0:
                    self.warn(f"'*' (any other answer) earned {_pct(w)} in Moodle; here other answers earn nothing", c.line)
                if fb := self.text(c.feedback):
                    data["feedback_wrong"] = fb
                continue
            if w >= 100:
                if re.search(r"(?<!\\)\*", raw):
                    self.warn(f"accepted answer {raw!r} uses Moodle's * wildcard; here it must be typed as written", c.line)
                accepted.append(raw.replace("\\*", "*"))
                if fb := self.text(c.feedback):
                    kept_feedback.append(fb)
            elif w > 0:
                self.warn(f"answer {raw!r} earned {_pct(w)} in Moodle; only full-credit answers are accepted here, so it is not", c.line)
            elif c.feedback is not None:
                self.warn(f"the feedback for the wrong answer {raw!r} is not kept (only one feedback for every wrong answer)", c.line)
        if not accepted:
            raise Skip("no answer earns full credit")
        if kept_feedback:
            self.warn("feedback on accepted answers is not kept (a short answer here has an explanation and a feedback for wrong answers)")
        data["type"], data["answer"] = "short", list(dict.fromkeys(accepted))
        if "feedback_wrong" in data:
            data["feedback_wrong"] = data.pop("feedback_wrong")

    def numerical(self, data: dict[str, Any]) -> None:
        accepted: list[dict[str, Any]] = []
        wrong_feedback = ""
        for c in self.q.choices:
            w, n = self.weight(c), c.number
            if n is None:
                if w >= 100:
                    raise Skip("its answer '*' accepts any number")
                wrong_feedback = self.text(c.feedback) or wrong_feedback
            elif w >= 100:
                answer = number_answer(n)
                if fb := self.text(c.feedback):
                    answer["feedback"] = fb
                accepted.append(answer)
            elif w > 0:
                self.warn(f"the answer {_range(n)} earned {_pct(w)} in Moodle; partial credit is not kept, so it counts as wrong here", c.line)
            elif c.feedback is not None:
                self.warn(f"the feedback for the wrong answer {_range(n)} is not kept (one feedback, feedback_wrong, serves every wrong answer)", c.line)
        if not accepted:
            raise Skip("no number earns full credit")
        data["type"], data["answer"] = "numerical", accepted
        if wrong_feedback:
            data["feedback_wrong"] = wrong_feedback

    def matching(self, data: dict[str, Any]) -> None:
        pairs, distractors = [], []
        for m in self.q.matches:
            left = " ".join(self.text(m.left).split()) if self.q.matches else ""
            (pairs.append({"left": left, "right": m.right}) if left else distractors.append(m.right))
        if len(pairs) < 2:
            raise Skip("a matching question needs at least two pairs")
        for side in ("left", "right"):
            seen: set[str] = set()
            for p in pairs:
                key = " ".join(p[side].split()).casefold()
                if key in seen:
                    raise Skip(f"two items have the same {side}-hand text {p[side]!r}; matching here needs each to be different")
                seen.add(key)
        rights = {" ".join(p["right"].split()).casefold() for p in pairs}
        distractors = list(dict.fromkeys(d for d in distractors if " ".join(d.split()).casefold() not in rights))
        if self.q.hints.get("type") == "ordering" and not distractors and sorted(p["right"] for p in pairs) == sorted(str(i) for i in range(1, len(pairs) + 1)):
            data["type"], data["items"] = "ordering", [p["left"] for p in sorted(pairs, key=lambda p: int(p["right"]))]
            return
        data["type"], data["pairs"] = "matching", pairs
        if distractors:
            data["distractors"] = distractors


def _option_id(i: int) -> str:
    return chr(ord("a") + i) if i < 26 else f"o{i + 1}"


def _pct(w: float) -> str:
    return f"{w:g}%"


def _range(n: GNumber) -> str:
    if n.kind == "high-low":
        return f"{n.low:g}..{n.high:g}"
    return f"{n.token}±{n.tolerance:g}" if n.tolerance else n.token


def _num(value: float) -> int | float:
    """A whole number written without ``.0`` in the YAML."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def number_answer(n: GNumber) -> dict[str, Any]:
    """One accepted number of our numerical question (``value``/``tolerance`` or ``min``/``max``)."""
    if n.kind == "high-low":
        low, high = sorted((n.low, n.high))
        return {"value": _num(low)} if low == high else {"min": _num(low), "max": _num(high)}
    answer: dict[str, Any] = {"value": _num(n.number)}
    if n.tolerance:
        answer["tolerance"] = _num(n.tolerance)
    return answer


def _carried_ids(spec: str, count: int) -> list[str] | None:
    """Option ids written by ``export gift`` (``// course-tui: ids=a,b,c``) when they fit."""
    ids = spec.split(",") if spec else []
    if len(ids) != count or len(set(ids)) != count or not all(ID_RE.match(i) for i in ids):
        return None
    return ids


def _question_id(q: GQuestion, quiz_id: str, index: int, used: set[str]) -> str:
    if q.id and ID_RE.match(q.id):
        base = q.id
    elif q.title and slug(q.title):
        base = f"{quiz_id}-{slug(q.title)}"
    elif q.id and slug(q.id):
        base = f"{quiz_id}-{slug(q.id)}"
    else:
        base = f"{quiz_id}-q{index}"
    qid, n = base, 2
    while qid in used:
        qid, n = f"{base}-{n}", n + 1
    used.add(qid)
    return qid


UNGRADABLE = {
    "Essay": "essay question: its answers need a person to grade them, which this app cannot do",
}


def convert(questions: list[GQuestion], quiz_id: str, label: str = "GIFT") -> Conversion:
    """Our questions from the records; *label* names the source in the comments kept (GIFT, Moodle)."""
    out = Conversion()
    used: set[str] = set()
    last_category: str | None = None
    for index, q in enumerate((q for q in questions if q.kind != "Category"), start=1):
        if q.category and q.category not in out.categories:
            out.categories.append(q.category)
        if q.kind == "Skipped":  # the parser could not read it, and said why
            out.skipped.append((q.line, q.reason))
            continue
        if q.kind in UNGRADABLE:
            out.skipped.append((q.line, UNGRADABLE[q.kind]))
            out.warnings.append(GiftWarning(q.line, UNGRADABLE[q.kind] + "; not imported"))
            continue
        conv = _Question(q, out)
        data: dict[str, Any] = {"id": "", "type": ""}
        if q.kind == "Description":
            data["type"], data["text"] = "description", conv.text(q.stem)
            if not data["text"]:  # a title alone: nothing to show
                out.skipped.append((q.line, "description without text"))
                out.warnings.append(GiftWarning(q.line, "description without text: nothing to show; not imported"))
                continue
            data["id"] = _question_id(q, quiz_id, index, used)
            out.questions.append(Converted(data, _comments(q, last_category, label), q.line))
            last_category = q.category or last_category
            continue
        try:
            for key, pattern in (("section", SECTION_RE), ("points", re.compile(r"^\d{1,4}$"))):
                if key in q.hints and pattern.match(q.hints[key]):
                    data[key] = int(q.hints[key]) if key == "points" else q.hints[key]
            data["prompt"] = conv.text(q.stem)
            if q.embedded:  # "equals {=4} ." reads "equals _____." (no space before the punctuation)
                data["prompt"] = _BLANK_PUNCT_RE.sub("_____", data["prompt"], count=1)
            if not data["prompt"]:
                raise Skip("it has no question text")
            {"MC": conv.choice, "TF": conv.true_false, "Short": conv.short, "Numerical": conv.numerical, "Matching": conv.matching}[q.kind](data)
            for key, value in q.extra.items():  # what only Moodle XML says (units, shuffle, hint …)
                value = conv.text(value) if isinstance(value, GText) else value
                if value not in ("", None):
                    data[key] = value
        except Skip as reason:
            out.skipped.append((q.line, str(reason)))
            out.warnings.append(GiftWarning(q.line, f"{reason}; question skipped"))
            continue
        if explanation := conv.text(q.global_feedback):
            data["explanation"] = explanation
        data["id"] = _question_id(q, quiz_id, index, used)
        out.questions.append(Converted(data, _comments(q, last_category, label), q.line))
        last_category = q.category or last_category
    return out


def _comments(q: GQuestion, last_category: str | None, label: str) -> list[str]:
    """The GIFT facts kept as YAML comments above a question: category (where it changes), title, tags."""
    comments = []
    if q.category and q.category != last_category:
        comments.append(f"{label} category: {q.category}")
    if q.title:
        comments.append(f"{label} title: {q.title}")
    if q.tags:
        comments.append(f"{label} tags: {', '.join(q.tags)}")
    return comments
