"""One line of course text with its inline Markdown (emphasis, code, links) as styled Rich
text: what prompts, options, scenario choices and answers show. The text is never parsed as
Rich or Textual markup (``[b]`` stays ``[b]``); only Markdown's inline syntax styles it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from textual.content import Content

_INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}
# Characters without which a line has no inline Markdown: such a line is shown as it is.
_MARKDOWN_CHARS = frozenset("*_`[]<>&\\!~")


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def inline_text(markdown: str, style: str = "") -> Text:
    """*markdown* (one paragraph: line breaks become spaces) as styled text, without block widgets."""
    if _MARKDOWN_CHARS.isdisjoint(markdown):
        return Text(" ".join(markdown.splitlines()) if "\n" in markdown else markdown, style=style)
    text = Text(style=style)
    tokens = _parser().parseInline(markdown)
    stack: list[str] = []
    for token in (tokens[0].children or []) if tokens else []:
        kind = token.type
        if kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            stack.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES:
            if stack:
                stack.pop()
        elif kind == "code_inline":
            text.append(token.content, "bold " + " ".join(stack))
        elif kind in ("softbreak", "hardbreak"):
            text.append(" ")
        elif token.content:
            text.append(token.content, " ".join(stack))
    return text


def inline_in(template: str, slot: str, markdown: str | Text) -> Content:
    """*template* (an interface string, shown as it is) with *slot* (e.g. ``{choice}``)
    replaced by *markdown* rendered by :func:`inline_text` (or by ready-made text)."""
    from textual.content import Content

    before, _, after = template.partition(slot)
    body = markdown if isinstance(markdown, Text) else inline_text(markdown)
    return Content.from_text(Text(before) + body + Text(after))
