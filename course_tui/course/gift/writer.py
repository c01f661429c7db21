"""Our quiz model to GIFT text that Moodle imports (Question bank → Import → GIFT format).

Texts are written as ``[markdown]`` (our texts are Markdown) with every GIFT escape applied
and newlines as ``\\n``. Ids go into ``// [id:…]`` (Moodle's ID number) and the question name;
the section pointer, points and the ordering type ride along in a ``// course-tui:`` comment
that Moodle ignores and our importer reads back, so export → import keeps them.
"""

from __future__ import annotations

import re

from course_tui.course.model import (
    Description,
    Matching,
    MultipleChoice,
    NumberRange,
    Numerical,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
    assert_never,
)

_FORMAT_RE = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
_WEIGHT_RE = re.compile(r"^\s*%\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*%")
# Moodle accepts only these answer weights; 100/n for n right options, n = 1..10 and 20.
SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571", 8: "12.5", 9: "11.11111", 10: "10", 20: "5"}


class Unexportable(Exception):
    pass


def escape(text: str) -> str:
    """Every GIFT escape: ``\\ ~ = # { } :`` get a backslash, newlines become ``\\n``."""
    text = text.strip().replace("\\", "\\\\")
    for c in "~=#{}:":
        text = text.replace(c, "\\" + c)
    return text.replace("\n", "\\n")


def _answer(text: str) -> str:
    """An answer or feedback text; a leading ``[html]``-like word would be read as a format."""
    out = escape(text)
    if _FORMAT_RE.match(out) or _WEIGHT_RE.match(out):
        return "[markdown]" + out
    return out


def category(title: str) -> str:
    return "$course$/top/" + " ".join(title.split()).replace("/", "//")


class _Writer:
    def __init__(self, lang: str, warnings: list[tuple[Question, str]]) -> None:
        self.lang, self.warnings = lang, warnings

    def t(self, value: Text | None) -> str:
        return value(self.lang).strip() if value else ""

    def fb(self, value: Text | None) -> str:
        text = self.t(value)
        return "#" + _answer(text) if text else ""

    def answers(self, q: Question) -> tuple[list[str], dict[str, str]]:
        hints: dict[str, str] = {}
        if isinstance(q, (SingleChoice, MultipleChoice)) and [o.id for o in q.options] != [chr(ord("a") + i) for i in range(len(q.options))]:
            hints["ids"] = ",".join(o.id for o in q.options)  # option ids come back on import: stored answers stay valid
        match q:
            case SingleChoice():
                return [("=" if o.id == q.answer else "~") + _answer(self.t(o.text)) + self.fb(o.feedback) for o in q.options], hints
            case MultipleChoice():
                n = len(q.answer)
                share = SHARES.get(n)
                if share is None:
                    share = f"{100 / n:.5f}"
                    self.warnings.append((q, f"{n} right options: Moodle may refuse the weight {share}% (it accepts 100/n only for n = 1..10 and 20)"))
                return [f"~%{'' if o.id in q.answer else '-'}{share}%" + _answer(self.t(o.text)) + self.fb(o.feedback) for o in q.options], hints
            case TrueFalse():
                right, wrong = (q.feedback_true, q.feedback_false) if q.answer else (q.feedback_false, q.feedback_true)
                line = "TRUE" if q.answer else "FALSE"
                r, w = self.t(right), self.t(wrong)
                if w or r:
                    line += "#" + _answer(w) if w else "#"
                if r:
                    line += "#" + _answer(r)
                return [line], hints
            case ShortAnswer():
                accepted = list(dict.fromkeys(a.strip() for a in q.accepted(self.lang) if a.strip()))
                if any("->" in a for a in accepted):
                    raise Unexportable("an accepted answer contains '->', which Moodle would read as a matching question")
                lines = ["=" + _answer(a.replace("*", "\\*")) for a in accepted]
                if self.t(q.feedback_wrong):
                    lines.append("=%0%*" + self.fb(q.feedback_wrong))
                return lines, hints
            case Numerical():
                if q.units:
                    self.warnings.append(
                        (q, f"units ({', '.join(u.name for u in q.units)}) are left out: GIFT numerical questions have none (Moodle XML keeps them)")
                    )
                lines = ["=" + _number_spec(r) + self.fb(r.feedback) for r in q.answer]
                if self.t(q.feedback_wrong):
                    lines.append("~" + self.fb(q.feedback_wrong))
                lines[0] = "#" + lines[0]
                return lines, hints
            case Ordering():
                hints["type"] = "ordering"
                self.warnings.append((q, "ordering has no GIFT type: exported as a matching question (each item to its position 1, 2, …)"))
                self._lost_feedback(q)
                return [f"={self._left(item)} -> {i}" for i, item in enumerate(q.items, start=1)], hints
            case Matching():
                self._lost_feedback(q)
                lines = [f"={self._left(p.left)} -> {escape(self.t(p.right))}" for p in q.pairs]
                return lines + [f"= -> {escape(self.t(d))}" for d in q.distractors], hints
            case _:
                assert_never(q)

    def _left(self, value: Text) -> str:
        text = self.t(value)
        if "->" in text:
            raise Unexportable("an item contains '->', which GIFT uses between an item and its match")
        return _answer(text)

    def _lost_feedback(self, q: Ordering | Matching) -> None:
        if q.feedback_wrong:
            self.warnings.append((q, "feedback_wrong is left out: GIFT matching questions have no feedback for wrong answers"))

    def description(self, d: Description) -> str:
        """A description is GIFT text without an answer block."""
        return f"// [id:{d.id}]\n::{d.id}::[markdown]{escape(self.t(d.text))}"

    def question(self, q: Question) -> str:
        lines, hints = self.answers(q)
        meta = [f"// [id:{q.id}]"]
        if q.section is not None:
            hints["section"] = str(q.section)
        if q.points != 1:
            hints["points"] = str(q.points)
        if hints:
            meta.append("// course-tui: " + " ".join(f"{k}={v}" for k, v in sorted(hints.items())))
        body = "\n".join("\t" + line for line in lines)
        if explanation := self.t(q.explanation):
            body += "\n\t####" + _answer(explanation)
        return "\n".join(meta) + f"\n::{q.id}::[markdown]{escape(self.t(q.prompt))}{{\n{body}\n}}"


def export_quiz(quiz: Quiz, lang: str, note: str = "") -> tuple[str, list[tuple[Question, str]]]:
    """GIFT text for *quiz* in *lang*, and (question, warning) pairs for what GIFT cannot carry."""
    warnings: list[tuple[Question, str]] = []
    writer = _Writer(lang, warnings)
    title = quiz.title(lang)
    out = [
        f"// {title} ({quiz.id}), {lang}{': ' + note if note else ''}",
        "// Moodle: Question bank → Import → GIFT format.",
        "",
        f"$CATEGORY: {category(title)}",
        "",
    ]
    for i, q in enumerate(quiz.questions):
        out += [item for d in quiz.descriptions if d.position == i for item in (writer.description(d), "")]
        try:
            out += [writer.question(q), ""]
        except Unexportable as reason:
            warnings.append((q, f"{reason}; question left out"))
    out += [item for d in quiz.descriptions if d.position >= len(quiz.questions) for item in (writer.description(d), "")]
    return "\n".join(out), warnings


def _number_spec(r: NumberRange) -> str:
    """GIFT's ``value:tolerance`` or ``low..high``; numbers as Python writes them (Moodle reads
    ``1e-05`` too)."""
    if r.low is not None and r.high is not None:
        return f"{r.low:.15g}..{r.high:.15g}"
    return f"{r.value:.15g}:{r.tolerance:.15g}" if r.tolerance else f"{r.value:.15g}"
