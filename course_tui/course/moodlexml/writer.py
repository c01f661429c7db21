"""Our quiz model to Moodle XML (Question bank → Import → *Moodle XML format*).

Every text is written with ``format="markdown"`` (our texts are Markdown; Moodle renders
that format). Moodle XML keeps what GIFT loses: per-answer feedback of numerical questions,
units, the feedback of wrong matching and ordering responses (Moodle's "incorrect" and
"partly correct" feedback), hints, the mark, whether options are shuffled. The question id
is Moodle's ID number and the question's name; the section pointer and non-default option
ids ride in an XML comment inside the question (``<!-- course-tui: … -->``) that Moodle
ignores and ``import moodlexml`` reads back.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from course_tui.course.gift.writer import SHARES, category
from course_tui.course.model import (
    Description,
    Matching,
    MultipleChoice,
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


def _comment(text: str) -> str:
    """An XML comment cannot hold ``--``."""
    return text.replace("--", "- -")


class _Writer:
    def __init__(self, lang: str, shuffle: bool, warnings: list[tuple[Question, str]]) -> None:
        self.lang, self.shuffle, self.warnings = lang, shuffle, warnings

    def t(self, value: Text | None) -> str:
        return value(self.lang).strip() if value else ""

    def text(self, tag: str, value: str, indent: str = "    ", fmt: str = "markdown") -> str:
        return f'{indent}<{tag} format="{fmt}">\n{indent}  <text>{escape(value)}</text>\n{indent}</{tag}>\n'

    def answer(self, fraction: str, text: str, feedback: str = "", extra: str = "", fmt: str = "markdown") -> str:
        out = f'    <answer fraction="{fraction}" format="{fmt}">\n      <text>{escape(text)}</text>\n'
        out += self.text("feedback", feedback, "      ")
        return out + extra + "    </answer>\n"

    def head(self, kind: str, qid: str, prompt: str, explanation: str, grade: int, hints: dict[str, str]) -> str:
        out = f'  <question type="{kind}">\n'
        if hints:
            out += f"    <!-- course-tui: {_comment(' '.join(f'{k}={v}' for k, v in sorted(hints.items())))} -->\n"
        out += f"    <name>\n      <text>{escape(qid)}</text>\n    </name>\n"
        out += self.text("questiontext", prompt)
        out += self.text("generalfeedback", explanation)
        out += f"    <defaultgrade>{grade}</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n"
        return out + f"    <idnumber>{escape(qid)}</idnumber>\n"

    def combined(self, wrong: str) -> str:
        """Moodle's feedback for right, partly right and wrong responses (ours: one for not right)."""
        return self.text("correctfeedback", "") + self.text("partiallycorrectfeedback", wrong) + self.text("incorrectfeedback", wrong)

    def description(self, d: Description) -> str:
        out = '  <question type="description">\n'
        out += f"    <name>\n      <text>{escape(d.id)}</text>\n    </name>\n"
        out += self.text("questiontext", self.t(d.text))
        out += self.text("generalfeedback", "")
        out += "    <defaultgrade>0</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n"
        return out + f"    <idnumber>{escape(d.id)}</idnumber>\n  </question>\n"

    def question(self, q: Question) -> str:
        hints: dict[str, str] = {}
        if q.section is not None:
            hints["section"] = str(q.section)
        body = ""
        match q:
            case SingleChoice() | MultipleChoice():
                if [o.id for o in q.options] != [chr(ord("a") + i) for i in range(len(q.options))]:
                    hints["ids"] = ",".join(o.id for o in q.options)
                single = isinstance(q, SingleChoice)
                kind = "multichoice"
                body += f"    <single>{'true' if single else 'false'}</single>\n"
                body += f"    <shuffleanswers>{'true' if self.shuffle and q.shuffle else 'false'}</shuffleanswers>\n"
                body += "    <answernumbering>abc</answernumbering>\n" + self.combined("")
                if single:
                    rights = {q.answer}
                    share = "100"
                else:
                    rights = set(q.answer)
                    share = SHARES.get(len(rights)) or f"{100 / len(rights):.5f}"
                    if len(rights) not in SHARES:
                        self.warnings.append(
                            (q, f"{len(rights)} right options: Moodle may refuse the grade {share}% (it offers 100/n only for n = 1..10 and 20)")
                        )
                for o in q.options:
                    right = o.id in rights
                    fraction = share if right else ("0" if single else "-" + share)
                    body += self.answer(fraction, self.t(o.text), self.t(o.feedback))
            case TrueFalse():
                kind = "truefalse"
                for value, feedback in ((True, q.feedback_true), (False, q.feedback_false)):
                    body += self.answer("100" if value == q.answer else "0", "true" if value else "false", self.t(feedback), fmt="moodle_auto_format")
            case ShortAnswer():
                kind = "shortanswer"
                body += f"    <usecase>{1 if q.match == 'exact' else 0}</usecase>\n"
                if q.match == "contains":
                    self.warnings.append(
                        (q, "match: contains has no Moodle counterpart: Moodle accepts only the whole answer (write it with * wildcards there)")
                    )
                for accepted in dict.fromkeys(a.strip() for a in q.accepted(self.lang) if a.strip()):
                    body += self.answer("100", accepted.replace("*", "\\*"), fmt="moodle_auto_format")
                if self.t(q.feedback_wrong):
                    body += self.answer("0", "*", self.t(q.feedback_wrong), fmt="moodle_auto_format")
            case Numerical():
                kind = "numerical"
                for r in q.answer:
                    low, high = r.bounds
                    mid, tolerance = (r.value, r.tolerance) if r.low is None else ((low + high) / 2, (high - low) / 2)
                    body += self.answer("100", f"{mid:.15g}", self.t(r.feedback), f"      <tolerance>{tolerance:.15g}</tolerance>\n", fmt="moodle_auto_format")
                if self.t(q.feedback_wrong):
                    body += self.answer("0", "*", self.t(q.feedback_wrong), "      <tolerance>0</tolerance>\n", fmt="moodle_auto_format")
                if q.units:
                    body += (
                        "    <units>\n"
                        + "".join(
                            f"      <unit>\n        <multiplier>{u.multiplier:.15g}</multiplier>\n        <unit_name>{escape(u.name)}</unit_name>\n      </unit>\n"
                            for u in q.units
                        )
                        + "    </units>\n"
                    )
                # units typed as text, optional (not graded)
                body += "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n"
                body += f"    <showunits>{0 if q.units else 3}</showunits>\n    <unitsleft>0</unitsleft>\n"
            case Matching():
                kind = "matching"
                body += "    <shuffleanswers>true</shuffleanswers>\n" + self.combined(self.t(q.feedback_wrong))
                if q.reuse:
                    self.warnings.append((q, "reuse: true has no Moodle counterpart (Moodle lets a right-hand item serve several left items anyway)"))
                for p in q.pairs:
                    body += self._sub(self.t(p.left), self.t(p.right))
                for d in q.distractors:
                    body += self._sub("", self.t(d))
            case Ordering():
                kind = "ordering"
                body += "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n"
                body += "    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n"
                body += self.combined(self.t(q.feedback_wrong))
                for i, item in enumerate(q.items, start=1):
                    body += self.answer(str(i), self.t(item))
            case _:
                assert_never(q)
        if hint := self.t(q.hint_text):
            body += self.text("hint", hint)
        return self.head(kind, q.id, self.t(q.prompt), self.t(q.explanation), q.points, hints) + body + "  </question>\n"

    def _sub(self, left: str, right: str) -> str:
        return f'    <subquestion format="markdown">\n      <text>{escape(left)}</text>\n      <answer>\n        <text>{escape(right)}</text>\n      </answer>\n    </subquestion>\n'


def export_quiz(quiz: Quiz, lang: str, note: str = "") -> tuple[str, list[tuple[Question, str]]]:
    """Moodle XML for *quiz* in *lang*, and (question, warning) pairs for what it cannot carry."""
    warnings: list[tuple[Question, str]] = []
    writer = _Writer(lang, quiz.shuffle, warnings)
    title = quiz.title(lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<!-- {_comment(f'{title} ({quiz.id}), {lang}' + (': ' + note if note else ''))} -->"]
    out.append("<!-- Moodle: Question bank, Import, Moodle XML format. -->\n<quiz>")
    out.append(f'  <question type="category">\n    <category>\n      <text>{escape(category(title))}</text>\n    </category>\n  </question>')
    parts = []
    for i, q in enumerate(quiz.questions):
        parts += [writer.description(d) for d in quiz.descriptions if d.position == i]
        parts.append(writer.question(q))
    parts += [writer.description(d) for d in quiz.descriptions if d.position >= len(quiz.questions)]
    return "\n".join(out) + "\n" + "".join(parts) + "</quiz>\n", warnings
