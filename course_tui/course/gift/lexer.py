"""Reading a GIFT file: decoding, splitting into question blocks, protecting escapes.

GIFT questions are separated by blank lines; lines starting with ``//`` are comments (they
may carry ``[id:…]`` and ``[tag:…]``). The eight escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\`` are
replaced by private-use characters while the structure is parsed, and restored at the end,
exactly as Moodle's importer does with its placeholders.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

ESCAPED = "\\:#={}~n"
_BASE = 0xF0000  # Supplementary Private Use Area-A: never in real question text
_PROTECT_RE = re.compile(r"\\([\\:#={}~n])")
_RESTORE = {chr(_BASE + i): ("\n" if c == "n" else c) for i, c in enumerate(ESCAPED)}
_RESTORE_RE = re.compile("[" + "".join(_RESTORE) + "]")
_BREAK_RE = re.compile("\n")


class GiftError(Exception):
    """The file cannot be read as GIFT at all (not UTF-8, binary)."""


def protect(text: str) -> str:
    """Escapes to placeholders, so that ``\\=`` is never read as an answer marker."""
    return _PROTECT_RE.sub(lambda m: chr(_BASE + ESCAPED.index(m.group(1))), text)


def restore(text: str) -> str:
    """Placeholders back to the characters they stand for (``\\n`` becomes a newline)."""
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], text)


def decode(data: bytes, name: str) -> str:
    """The file's text; a :class:`GiftError` with a one-line reason when it is not UTF-8 text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GiftError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8 (Moodle exports GIFT as UTF-8) and try again"
        ) from None
    if "\x00" in text:
        raise GiftError(f"{name} contains NUL bytes: it looks like a binary file, not GIFT text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Block:
    """The lines of one question: ``text`` (escapes protected, comment lines blanked)."""

    first_line: int
    text: str
    comments: list[str] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        # the offsets of the block's line breaks, found once: counting them from the start for
        # every answer was quadratic in a question of many answers
        breaks = self.__dict__.get("_breaks")
        if breaks is None:
            breaks = self.__dict__["_breaks"] = [m.start() for m in _BREAK_RE.finditer(self.text)]
        return self.first_line + bisect_left(breaks, max(offset, 0))

    @property
    def line(self) -> int:
        """Line of the first non-comment character."""
        stripped = len(self.text) - len(self.text.lstrip())
        return self.line_at(stripped)


def blocks(text: str) -> list[Block]:
    """Split *text* at blank lines into blocks; a block of comments only is kept (no text)."""
    out: list[Block] = []
    lines: list[str] = []
    comments: list[str] = []
    start = 1

    def flush() -> None:
        if lines:
            out.append(Block(start, protect("\n".join(lines)), list(comments)))

    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            flush()
            lines, comments = [], []
            continue
        if not lines:
            start = number
        if stripped.startswith("//"):
            comments.append(stripped[2:])
            lines.append(" ")
        else:
            lines.append(raw)
    flush()
    return out


_ID_RE = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\]|[^\]<>\x00-\x1f\x7f])+)\]")
_HINT_RE = re.compile(r"^\s*course-tui:\s*(.*)$")


def comment_meta(comments: list[str]) -> tuple[str | None, list[str], dict[str, str]]:
    """The Moodle idnumber, tags and ``course-tui:`` hints written in a block's comments."""
    qid: str | None = None
    tags: list[str] = []
    hints: dict[str, str] = {}
    for comment in comments:
        if qid is None and (m := _ID_RE.search(comment)):
            qid = m.group(1).strip().replace("\\]", "]")
        tags.extend(t.group(1).strip().replace("\\]", "]") for t in _TAG_RE.finditer(comment))
        if m := _HINT_RE.match(comment):
            for word in m.group(1).split():
                key, sep, value = word.partition("=")
                if sep:
                    hints[key] = value
    return qid, tags, hints
