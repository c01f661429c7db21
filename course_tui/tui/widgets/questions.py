"""Answer widgets for the seven question types, and text descriptions of answers.

``QuestionView(question, order, lang)`` shows the right input for the question and posts
:class:`QuestionView.Answered` with a response in the form
:func:`course_tui.learning.grading.grade` expects. ``order`` is the attempt's display order
(option ids, ordering item indexes, or matching right indexes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from course_tui.course.model import (
    Course,
    Matching,
    MultipleChoice,
    Numerical,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    assert_never,
)
from course_tui.learning.grading import NotANumber, Result, number_range
from course_tui.tui.i18n import t
from course_tui.tui.widgets.inline import inline_in, inline_text
from course_tui.tui.widgets.numbered import hanging


def option_label(i: int) -> str:
    """The key that chooses the option shown *i*-th (1–9, then a, b …): also its name on the
    live quiz host's chart."""
    return str(i + 1) if i < 9 else chr(ord("a") + i - 9)


_letter = option_label


# -- describing answers (summary and feedback) ----------------------------------------
def _joined(parts: list[str], lang: str) -> str:
    """Answers in a row, with the language's separator (Chinese: a full-width semicolon)."""
    return ("；" if lang == "zh" else "; ").join(parts)


def describe_response(question: Question, response: Any, lang: str) -> str:
    """The learner's response as text."""
    if response is None:
        return t(lang, "quiz.unanswered")
    match question:
        case SingleChoice():
            return next((o.text(lang) for o in question.options if o.id == response), str(response))
        case MultipleChoice():
            chosen = [o.text(lang) for o in question.options if o.id in set(response)]
            return _joined(chosen, lang) or "—"
        case TrueFalse():
            return t(lang, "quiz.true" if response else "quiz.false")
        case ShortAnswer() | Numerical():
            return str(response)
        case Ordering():
            return " → ".join(question.items[i](lang) for i in response)
        case Matching():
            rights = question.rights
            return _joined([f"{p.left(lang)} → {rights[response[i]](lang) if i in response else '?'}" for i, p in enumerate(question.pairs)], lang)
        case _:
            assert_never(question)


def your_answer(question: Question, response: Any, lang: str) -> Content:
    """ "Your answer: …" as the screens show it: course text (options, items) with its inline
    Markdown (code, emphasis) rendered as in prompts; what the learner typed (a short answer)
    exactly as typed. Never parsed as markup."""
    return inline_in(t(lang, "quiz.your_answer", answer="{answer}"), "{answer}", _answer_text(question, response, lang))


def _answer_text(question: Question, response: Any, lang: str) -> Text:
    shown = describe_response(question, response, lang)
    return Text(shown) if isinstance(question, ShortAnswer) or response is None else inline_text(shown)


def your_answer_line(question: Question, response: Any, lang: str, **kwargs: Any) -> Widget:
    """:func:`your_answer` as a line whose answer wraps under itself, after "Your answer: "."""
    from course_tui.tui.widgets.numbered import HangingLine

    return HangingLine(t(lang, "quiz.your_answer", answer=""), Content.from_text(_answer_text(question, response, lang)), **kwargs)


def describe_answer(question: Question, lang: str) -> str:
    """The right answer as text."""
    match question:
        case SingleChoice() | MultipleChoice() | TrueFalse():
            return describe_response(question, question.answer, lang)
        case ShortAnswer():
            return " / ".join(question.shown_answers(lang)[:3])  # the interface language's answers only
        case Ordering():
            return describe_response(question, list(range(len(question.items))), lang)
        case Matching():
            return describe_response(question, {i: i for i in range(len(question.pairs))}, lang)
        case Numerical():
            unit = f" {question.units[0].name}" if question.units else ""
            return " / ".join(r.describe() + unit for r in question.answer[:3])
        case _:
            assert_never(question)


def section_line(course: Course, question: Question, lang: str) -> str:
    """ "Lesson: … › …  (press l …)" for the section a question tests; "" without one."""
    found = course.find_section(question.section)
    if found is None:
        return ""
    lesson, section = found
    return t(lang, "quiz.see_section", lesson=lesson.title(lang), section=section.title(lang))


# -- feedback ------------------------------------------------------------------------
@dataclass
class FeedbackParts:
    """The practice-mode feedback: the verdict, each option's mark (choice questions) as
    (mark in words, option text, the option's feedback or ""), and paragraphs of prose."""

    head: str
    marks: list[tuple[str, str, str]]
    prose: list[str]


def feedback_parts(question: Question, response: Any, result: Result, lang: str, tr: Any) -> FeedbackParts:
    if result.correct:
        head = tr("quiz.correct")
    elif result.partly:
        head = tr("quiz.partly", percent=f"{100 * result.score:.0f}%")
    else:
        head = tr("quiz.wrong")
    marks: list[tuple[str, str, str]] = []
    prose: list[str] = []
    match question:
        case SingleChoice() | MultipleChoice():
            for option in question.options:
                mark = result.marks.get(option.id, "neutral")
                shown = option.feedback and (mark in ("correct", "wrong") or (mark == "missed" and isinstance(question, MultipleChoice)))
                marks.append((tr("quiz.mark." + mark), option.text(lang), option.feedback(lang) if option.feedback and shown else ""))
        case TrueFalse():
            chosen = question.feedback_true if response else question.feedback_false
            if chosen:
                prose.append(chosen(lang))
        case Numerical():
            try:
                hit = number_range(question, response) if isinstance(response, str) else None
            except NotANumber:
                hit = None
            if hit is not None and hit.feedback:
                prose.append(hit.feedback(lang))
            elif hit is None and question.feedback_wrong:
                prose.append(question.feedback_wrong(lang))
        case ShortAnswer() | Ordering() | Matching():
            if not result.correct and question.feedback_wrong:
                prose.append(question.feedback_wrong(lang))
        case _:
            assert_never(question)
    if not result.correct:
        prose.append(tr("quiz.right_answer", answer=describe_answer(question, lang)))
    if question.explanation:
        prose.append(tr("quiz.explanation_line", text=question.explanation(lang)))
    return FeedbackParts(head, marks, prose)


def feedback_lines(question: Question, response: Any, result: Result, lang: str, tr: Any) -> list[str]:
    """The practice-mode feedback, as Markdown paragraphs."""
    parts = feedback_parts(question, response, result, lang, tr)
    lines = [f"**{parts.head}**"]
    for mark, text, feedback in parts.marks:
        lines.append(f"- {mark} — {text}")
        if feedback:
            lines.append(f"  - {feedback}")
    return lines + parts.prose


class MarksView(Widget):
    """Every option's mark in words before its text, which wraps under itself (a hanging
    indent), and the option's feedback under the text after a ↳. Lines are wrapped here, in
    one widget, with Textual's own Content: no Rich table to measure and render."""

    DEFAULT_CSS = "MarksView { height: auto; }"

    def __init__(self, marks: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.marks = marks
        self._wrapped: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        """The rows wrapped at *width* cells."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        column = max((cell_len(mark) for mark, _, _ in self.marks), default=0)
        room = max(width - column - 1, 8)
        hang = Content(" " * (column + 1))
        arrow = Content.styled("↳".rjust(column), "dim") + " "
        lines: list[Content] = []
        for mark, text, feedback in self.marks:
            for i, line in enumerate(Content.from_text(inline_text(text)).wrap(room)):
                lines.append((Content(mark + " " * (column - cell_len(mark) + 1)) if i == 0 else hang) + line)
            if feedback:
                body = Content.from_text(inline_text(feedback, "italic"))
                for i, line in enumerate(body.wrap(room)):
                    lines.append((arrow if i == 0 else hang) + line)
        self._wrapped = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))


class FeedbackView(Vertical):
    """The feedback on a practice answer in a handful of widgets: the verdict, the marks
    in one table, and the prose (feedback texts, right answer, explanation) as Markdown."""

    DEFAULT_CSS = """
    FeedbackView { height: auto; }
    FeedbackView > .feedback-head { text-style: bold; margin-bottom: 1; padding: 0 2; width: 100%; }
    FeedbackView > .feedback-marks { margin-bottom: 1; padding: 0 2; width: 100%; }
    """

    def __init__(self, parts: FeedbackParts, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parts = parts

    @property
    def text(self) -> str:
        """Everything shown, as text (for tests and screen readers)."""
        p = self.parts
        rows = [f"{m} — {t}" + (f" ↳ {f}" if f else "") for m, t, f in p.marks]
        return "\n".join([p.head, *rows, *p.prose])

    def compose(self) -> ComposeResult:
        from course_tui.tui.widgets.markdown import FastMarkdown

        p = self.parts
        yield Label(p.head, classes="feedback-head", markup=False)
        if p.marks:
            yield MarksView(p.marks, classes="feedback-marks")
        if p.prose:
            yield FastMarkdown("\n\n".join(p.prose), classes="feedback-prose", open_links=False)


# -- the widgets ------------------------------------------------------------------------
class ChoiceList(OptionList):
    """Options numbered 1–9. A digit or an arrow selects (never answers); Space ticks
    (multiple choice); Enter answers. A click answers (single) or ticks (multiple)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "key.submit", show=False),
        Binding("space", "tick", "", show=False),
        *(Binding(str(d), f"digit({d})", "", show=False) for d in range(1, 10)),
    ]

    @dataclass
    class Chosen(Message):
        value: Any

    def __init__(self, labels: list[str], values: list[Any], multiple: bool, chosen: Any = None, **kwargs: Any) -> None:
        """*chosen*: the answer given before (exam mode, when coming back to a question)."""
        self.labels, self.values, self.multiple = labels, values, multiple
        self.ticked: set[int] = set()
        self.start = 0
        self.touched = False  # a digit pressed: a choice even where the cursor already was
        if multiple and isinstance(chosen, list):
            self.ticked = {i for i, v in enumerate(values) if v in chosen}
        elif chosen is not None and chosen in values:
            self.start = values.index(chosen)
        self.first_ticked = set(self.ticked)
        super().__init__(*[Option(self._prompt(i)) for i in range(len(labels))], **kwargs)

    def pending(self) -> tuple[bool, Any]:
        """(whether the learner changed the choice since it was shown, the choice)."""
        if self.multiple:
            return self.ticked != self.first_ticked, [self.values[i] for i in sorted(self.ticked)]
        if self.highlighted is None:
            return False, None
        return self.touched or self.highlighted != self.start, self.values[self.highlighted]

    def _prompt(self, i: int) -> Table:
        """The number (and tick box) in a column of its own: long text wraps under itself."""
        box = ("[x]" if i in self.ticked else "[ ]") if self.multiple else f"{_letter(i)}."
        prefix = f"{_letter(i)}. {box}" if self.multiple else box
        return hanging(prefix, self.labels[i])

    def _tick(self, i: int) -> None:
        self.ticked ^= {i}
        self.replace_option_prompt_at_index(i, self._prompt(i))

    def on_mount(self) -> None:
        self.highlighted = self.start

    def action_digit(self, d: int) -> None:
        i = d - 1
        if i >= len(self.labels):
            return
        self.highlighted = i
        self.touched = True

    def action_tick(self) -> None:
        if self.multiple and self.highlighted is not None:
            self._tick(self.highlighted)

    def action_submit(self) -> None:
        if self.multiple:
            self.post_message(self.Chosen([self.values[i] for i in sorted(self.ticked)]))
        elif self.highlighted is not None:
            self.post_message(self.Chosen(self.values[self.highlighted]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # a mouse click: tick (multiple) or answer (single)
        event.stop()
        if self.multiple:
            self._tick(event.option_index)
        else:
            self.post_message(self.Chosen(self.values[event.option_index]))


class OrderList(OptionList):
    """Items to arrange: move the highlighted one with [ and ] (or Shift+↑/↓); Enter answers."""

    BINDINGS = [
        Binding("enter", "submit", "key.submit", show=False),
        Binding("left_square_bracket,shift+up", "move(-1)", "", show=False),
        Binding("right_square_bracket,shift+down", "move(1)", "", show=False),
    ]

    @dataclass
    class Arranged(Message):
        order: list[int]

    def __init__(self, labels: list[str], order: list[int], **kwargs: Any) -> None:
        self.item_labels, self.order = labels, list(order)
        self.first_order = list(order)
        super().__init__(*[Option(self._prompt(pos)) for pos in range(len(order))], **kwargs)

    def pending(self) -> tuple[bool, Any]:
        return self.order != self.first_order, list(self.order)

    def _prompt(self, pos: int) -> Table:
        return hanging(f"{pos + 1}. ⇅", self.item_labels[self.order[pos]])

    def on_mount(self) -> None:
        self.highlighted = 0

    def action_move(self, step: int) -> None:
        pos = self.highlighted
        if pos is None or not 0 <= pos + step < len(self.order):
            return
        self.order[pos], self.order[pos + step] = self.order[pos + step], self.order[pos]
        for p in (pos, pos + step):
            self.replace_option_prompt_at_index(p, self._prompt(p))
        self.highlighted = pos + step

    def action_submit(self) -> None:
        self.post_message(self.Arranged(list(self.order)))

    picked: int | None = None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Mouse: click an item to pick it up, then click the place to put it."""
        event.stop()
        pos = event.option_index
        if self.picked is None:
            self.picked = pos
            self.replace_option_prompt_at_index(pos, hanging(f"{pos + 1}. ✥", self.item_labels[self.order[pos]]))
            return
        start, self.picked = self.picked, None
        item = self.order.pop(start)
        self.order.insert(pos, item)
        for p in range(len(self.order)):
            self.replace_option_prompt_at_index(p, self._prompt(p))
        self.highlighted = pos


class MatchList(OptionList):
    """Left items; the highlighted one takes the right item whose number is pressed. Enter answers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "key.submit", show=False),
        *(Binding(str(d), f"assign({d})", "", show=False) for d in range(1, 10)),
    ]

    @dataclass
    class Matched(Message):
        pairs: dict[int, int]

    def __init__(self, lefts: list[str], right_count: int, right_order: list[int], chosen: dict[int, int] | None = None, **kwargs: Any) -> None:
        self.lefts, self.right_count, self.right_order = lefts, right_count, right_order
        self.assigned: dict[int, int] = {  # left index → display number (0-based)
            left: right_order.index(right) for left, right in (chosen or {}).items() if right in right_order and 0 <= left < len(lefts)
        }
        self.first_assigned = dict(self.assigned)
        super().__init__(*[Option(self._prompt(i)) for i in range(len(lefts))], **kwargs)

    def pending(self) -> tuple[bool, Any]:
        return self.assigned != self.first_assigned, {left: self.right_order[shown] for left, shown in self.assigned.items()}

    def _prompt(self, i: int) -> Content:
        shown = self.assigned.get(i)
        target = f"→ {shown + 1}" if shown is not None else "→ ?"
        return Content(f"{self.lefts[i]}  {target}")

    def on_mount(self) -> None:
        self.highlighted = 0

    def assign(self, display_index: int) -> None:
        left = self.highlighted
        if left is None or not 0 <= display_index < self.right_count:
            return
        self.assigned[left] = display_index
        self.replace_option_prompt_at_index(left, self._prompt(left))
        if left + 1 < len(self.lefts):
            self.highlighted = left + 1

    def action_assign(self, d: int) -> None:
        self.assign(d - 1)

    def action_submit(self) -> None:
        self.post_message(self.Matched({left: self.right_order[shown] for left, shown in self.assigned.items()}))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


class RightList(OptionList):
    """The numbered right-hand items of a matching question; a click assigns one."""

    @dataclass
    class Picked(Message):
        display_index: int

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index))


class QuestionView(Vertical):
    """The input for one question; posts :class:`QuestionView.Answered`."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView OptionList { height: auto; max-height: 14; }
    QuestionView Label { width: 100%; }
    """

    @dataclass
    class Answered(Message):
        question: Question
        response: Any

    def __init__(self, question: Question, order: list[Any], lang: str, response: Any = None, **kwargs: Any) -> None:
        """*response*: the answer given before, shown selected (exam mode: answers can be
        changed until the attempt is submitted)."""
        super().__init__(**kwargs)
        self.question, self.order, self.lang, self.response = question, order, lang, response

    def compose(self) -> ComposeResult:
        q, lang = self.question, self.lang
        match q:
            case SingleChoice() | MultipleChoice():
                by_id = {o.id: o for o in q.options}
                multiple = isinstance(q, MultipleChoice)
                yield Label(t(lang, "quiz.choose_many" if multiple else "quiz.choose_one"), classes="muted", markup=False)
                yield ChoiceList([by_id[i].text(lang) for i in self.order], list(self.order), multiple, self.response, classes="answer")
            case TrueFalse():
                yield Label(t(lang, "quiz.true_false"), classes="muted", markup=False)
                yield ChoiceList([t(lang, "quiz.true"), t(lang, "quiz.false")], [True, False], False, self.response, classes="answer")
            case ShortAnswer():
                yield Label(t(lang, "quiz.type_answer"), classes="muted", markup=False)
                yield Input(str(self.response) if isinstance(self.response, str) else "", classes="answer", id="short-answer")
            case Numerical():
                units = ", ".join(u.name for u in q.units)
                yield Label(t(lang, "quiz.type_number_units", units=units) if units else t(lang, "quiz.type_number"), classes="muted", markup=False)
                yield Input(str(self.response) if isinstance(self.response, str) else "", classes="answer", id="short-answer")
            case Ordering():
                yield Label(t(lang, "quiz.order_help"), classes="muted", markup=False)
                given = self.response if isinstance(self.response, list) and sorted(self.response) == list(range(len(q.items))) else self.order
                yield OrderList([item(lang) for item in q.items], list(given), classes="answer")
            case Matching():
                yield Label(t(lang, "quiz.match_help"), classes="muted", markup=False)
                rights = q.rights
                chosen = self.response if isinstance(self.response, dict) else None
                yield MatchList([p.left(lang) for p in q.pairs], len(rights), list(self.order), chosen, classes="answer")
                yield RightList(*[Option(hanging(f"{_letter(n)}.", rights[r](lang))) for n, r in enumerate(self.order)], classes="rights")
            case _:
                assert_never(q)

    def focus_answer(self, scroll_visible: bool = True) -> None:
        self.query_one(".answer").focus(scroll_visible)

    def pending_response(self) -> tuple[bool, Any]:
        """(whether there is an answer put in but not submitted with Enter, that answer): in an
        exam, moving to another question saves it, as Moodle saves on navigation."""
        answer = self.query(".answer")
        if not answer:
            return False, None
        widget = answer.first()
        if isinstance(widget, Input):
            given = str(self.response) if isinstance(self.response, str) else ""
            return bool(widget.value.strip()) and widget.value != given, widget.value
        if isinstance(widget, (ChoiceList, OrderList, MatchList)):
            return widget.pending()
        return False, None

    @property
    def pending_text(self) -> str:
        """Typed but not submitted (a short answer): what leaving now would lose."""
        found = self.query("#short-answer")
        return found.first(Input).value if found else ""

    def _answer(self, response: Any) -> None:
        self.post_message(self.Answered(self.question, response))

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        self._answer(event.value)

    def on_order_list_arranged(self, event: OrderList.Arranged) -> None:
        event.stop()
        self._answer(event.order)

    def on_match_list_matched(self, event: MatchList.Matched) -> None:
        event.stop()
        self._answer(event.pairs)

    def on_right_list_picked(self, event: RightList.Picked) -> None:
        event.stop()
        matcher = self.query_one(MatchList)
        matcher.assign(event.display_index)
        matcher.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)
