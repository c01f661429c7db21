"""The exam's question navigation panel: one row per question, its number and marks
(● answered, ○ not answered, ⚑ flagged); selecting a row jumps to that question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ANSWERED, UNANSWERED, FLAG = "●", "○", "⚑"


def nav_mark(answered: bool, flagged: bool) -> str:
    return (ANSWERED if answered else UNANSWERED) + (f" {FLAG}" if flagged else "")


class QuestionNav(OptionList):
    """*marks*: (answered, flagged) per question, in the attempt's order."""

    DEFAULT_CSS = "QuestionNav { width: 13; height: 1fr; }"

    @dataclass
    class Jump(Message):
        index: int

    def __init__(self, marks: list[tuple[bool, bool]], current: int, **kwargs: Any) -> None:
        self.marks = list(marks)
        self.current = current
        super().__init__(*[Option(self._prompt(i)) for i in range(len(self.marks))], **kwargs)

    def _prompt(self, i: int) -> Content:
        answered, flagged = self.marks[i]
        pointer = "▸" if i == self.current else " "
        return Content(f"{pointer}{i + 1:>2} {nav_mark(answered, flagged)}")

    def on_mount(self) -> None:
        if self.marks:
            self.highlighted = min(self.current, len(self.marks) - 1)

    def set_mark(self, i: int, answered: bool, flagged: bool) -> None:
        self.marks[i] = (answered, flagged)
        self.replace_option_prompt_at_index(i, self._prompt(i))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(event.option_index))
