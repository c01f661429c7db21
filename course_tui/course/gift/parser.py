"""GIFT text to :class:`~.model.GQuestion` records (Moodle's reading of the format).

Question types are told apart the way Moodle's own importer does it: ``{}`` is an essay, no
braces a description, ``{#…}`` numerical, any ``~`` multiple choice, ``=…->…`` matching,
``{T}``/``{FALSE}`` true/false, anything else short answer. Texts are normalised like the
GIFT-grammar-PEG.js parser whose test files we check against: trimmed, and for the moodle and
plain formats runs of whitespace (newlines included) become one space; html and markdown
texts keep their lines.
"""

from __future__ import annotations

import math
import re

from course_tui.course.gift.lexer import Block, blocks, comment_meta, restore
from course_tui.course.gift.model import (
    FORMATS,
    GChoice,
    GiftWarning,
    GMatch,
    GNumber,
    GQuestion,
    GText,
)

_FORMAT_RE = re.compile(r"^\s*\[(" + "|".join(FORMATS) + r")\]")
_WEIGHT_RE = re.compile(r"^\s*%\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%")
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(rf"^({_NUM})$")
_RANGE_RE = re.compile(rf"^({_NUM})\s*:\s*({_NUM})$")
_HIGHLOW_RE = re.compile(rf"^({_NUM})\s*\.\.\s*({_NUM})$")
_MARKER_RES = {markers: re.compile("[" + re.escape(markers) + "]") for markers in ("=~", "=")}
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class Skip(Exception):
    """This question cannot be read; the warning has been recorded (the message is the reason)."""


_BREAKS_RE = re.compile(r"[\n\r]")
_SPACES_RE = re.compile(r"\s\s+")


def _collapse(text: str) -> str:
    return _SPACES_RE.sub(" ", _BREAKS_RE.sub(" ", text))


def rich(raw: str, default: str) -> tuple[GText, bool]:
    """A text with an optional ``[format]`` prefix; returns it and whether the prefix was given."""
    m = _FORMAT_RE.match(raw)
    fmt = m.group(1) if m else default
    body = raw[m.end() :] if m else raw
    body = body.strip()
    if fmt not in ("html", "markdown"):
        body = _collapse(body)
    return GText(fmt, restore(body)), m is not None


def plain(raw: str) -> str:
    return restore(_collapse(raw.strip()))


class _Reader:
    def __init__(self, block: Block, warnings: list[GiftWarning]) -> None:
        self.block = block
        self.warnings = warnings

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append(GiftWarning(self.block.line_at(offset), message))

    def skip(self, offset: int, message: str) -> Skip:
        self.warn(offset, message + "; question skipped")
        return Skip(message)

    def segments(self, text: str, base: int, markers: str) -> list[tuple[str, str, int]]:
        """(marker, text, offset) for each answer; text before the first marker has marker ''."""
        out: list[tuple[str, str, int]] = []
        starts = [m.start() for m in _MARKER_RES[markers].finditer(text)]
        if not starts or text[: starts[0]].strip():
            first = starts[0] if starts else len(text)
            out.append(("", text[:first], base))
        for n, i in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(text)
            out.append((text[i], text[i + 1 : end], base + i + 1))
        return out

    def weight(self, seg: str, offset: int) -> tuple[float | None, str]:
        m = _WEIGHT_RE.match(seg)
        if not m:
            return None, seg
        value = float(m.group(1))
        if not -100 <= value <= 100:
            raise self.skip(offset, f"answer weight {m.group(1)}% is outside -100%..100%")
        return (int(value) if value.is_integer() else value), seg[m.end() :]

    def feedback(self, raw: str | None, fmt: str) -> GText | None:
        if raw is None:
            return None
        text, _ = rich(raw, fmt)
        return text if text.text else None

    def choices(self, ans: str, base: int, fmt: str, kind: str) -> list[GChoice]:
        out = []
        dropped, first_drop = 0, base
        for marker, seg, off in self.segments(ans, base, "=~"):
            if marker == "~" and not seg.strip():
                # Moodle splits the answers at every ~ and drops the empty ones: `~=right` is `=right`
                first_drop = off if not dropped else first_drop
                dropped += 1
                continue
            if not marker:
                if kind == "MC":
                    self.warn(off, f"text {plain(seg)!r} before the first ~ or = is read as a wrong option (as Moodle does)")
                marker = "=" if kind == "Short" else "~"
            weight, rest = self.weight(seg, off)
            text, _, fb = rest.partition("#")
            out.append(GChoice(marker == "=", weight, rich(text, fmt)[0], self.feedback(fb if "#" in rest else None, fmt), line=self.block.line_at(off)))
        if dropped:
            self.warn(
                first_drop,
                f"{dropped} empty answer(s) left out: a '~' with nothing after it (as in '~=right') is dropped, as Moodle does, "
                "and the '=' that follows marks the right answer",
            )
        return out

    def number(self, spec: str, offset: int) -> GNumber | None:
        spec = restore(spec).strip()
        if spec in ("", "*"):
            return None
        if any(math.isinf(float(x)) for x in re.findall(_NUM, spec)):
            raise self.skip(offset, f"{spec!r} holds a number too large to use")
        if m := _NUMBER_RE.match(spec):
            return GNumber("simple", float(m.group(1)), token=m.group(1))
        if m := _RANGE_RE.match(spec):
            return GNumber("range", float(m.group(1)), tolerance=abs(float(m.group(2))), token=m.group(1))
        if m := _HIGHLOW_RE.match(spec):
            return GNumber("high-low", low=float(m.group(1)), high=float(m.group(2)))
        raise self.skip(offset, f"{spec!r} is not a number, number:tolerance or low..high")

    def numerical(self, ans: str, base: int, fmt: str) -> list[GChoice]:
        body = ans.lstrip()
        base += len(ans) - len(body) + 1
        body = body[1:]
        if not any(c in body for c in "=~"):
            spec, _, fb = body.partition("#")
            return [GChoice(True, None, None, self.feedback(fb if "#" in body else None, fmt), self.number(spec, base), self.block.line_at(base))]
        out = []
        for marker, seg, off in self.segments(body, base, "=~"):
            if not marker:  # Moodle: the answer before the first '=' is an answer too ({#3:2 ~#wrong})
                marker = "="
            weight, rest = self.weight(seg, off)
            spec, _, fb = rest.partition("#")
            out.append(GChoice(marker == "=", weight, None, self.feedback(fb if "#" in rest else None, fmt), self.number(spec, off), self.block.line_at(off)))
        return out

    def matches(self, ans: str, base: int, fmt: str) -> list[GMatch]:
        out = []
        for _, seg, off in self.segments(ans, base, "="):
            left, arrow, right = seg.partition("->")
            if not arrow:
                raise self.skip(off, f"matching answer {plain(seg)!r} has no '->'")
            out.append(GMatch(rich(left, fmt)[0], plain(right), self.block.line_at(off)))
        return out

    def question(self, pos: int) -> GQuestion:
        text = self.block.text
        q = GQuestion("Description", self.block.line_at(pos))
        if text.startswith("::", pos):
            end = text.find("::", pos + 2)
            if end < 0:
                self.warn(pos, "the title's closing '::' is missing; the text is read without a title")
                pos += 2
            else:
                q.title = restore(text[pos + 2 : end]).strip() or None
                pos = end + 2
        start, close = text.find("{", pos), text.find("}", pos)
        if start < 0 and close < 0:
            q.stem = rich(text[pos:], "moodle")[0]
            return q
        if close < 0:
            raise self.skip(start, "'{' without a closing '}' (a blank line inside the answers ends a GIFT question)")
        if start < 0 or close < start:
            raise self.skip(close, "'}' without an opening '{'")
        nested = text.find("{", start + 1, close)
        if nested >= 0:  # 600 nested '{' once ended in a RecursionError; a clear skip now
            raise self.skip(nested, "'{' inside an answer block (answer blocks do not nest; write \\{ for a brace in a text)")
        end = close
        if text.find("{", end) >= 0:
            raise self.skip(text.find("{", end), "a second answer block '{…}' in one question (GIFT allows one)")
        stem1, given1 = rich(text[pos:start], "moodle")
        stem2, given2 = rich(text[end + 1 :], stem1.format)
        fmt = stem1.format if (given1 or stem1.text or not given2) else stem2.format
        q.embedded = bool(stem2.text)
        q.stem = GText(fmt, (stem1.text + " _____ " + stem2.text).lstrip() if q.embedded else stem1.text)
        ans, base = text[start + 1 : end], start + 1
        gf = ans.find("####")
        if gf >= 0:
            q.global_feedback = self.feedback(ans[gf + 4 :], fmt)
            ans = ans[:gf]
        core = ans.strip()
        if not core:
            q.kind = "Essay"
        elif core.startswith("#"):
            q.kind, q.choices = "Numerical", self.numerical(ans, base, fmt)
        elif "~" in core:
            q.kind, q.choices = "MC", self.choices(ans, base, fmt, "MC")
        elif "=" in core and "->" in core:
            q.kind, q.matches = "Matching", self.matches(ans, base, fmt)
        elif core.split("#", 1)[0].strip() in TRUE_FALSE:
            parts = core.split("#", 2)
            q.kind, q.is_true = "TF", TRUE_FALSE[parts[0].strip()]
            q.feedback_wrong = self.feedback(parts[1] if len(parts) > 1 else None, fmt)
            q.feedback_right = self.feedback(parts[2] if len(parts) > 2 else None, fmt)
        else:
            q.kind, q.choices = "Short", self.choices(ans, base, fmt, "Short")
        return q


def parse(text: str) -> tuple[list[GQuestion], list[GiftWarning]]:
    """Every question and category of a GIFT text, and warnings for what could not be read."""
    questions: list[GQuestion] = []
    warnings: list[GiftWarning] = []
    category: str | None = None
    for block in blocks(text):
        reader = _Reader(block, warnings)
        pos = len(block.text) - len(block.text.lstrip())
        if block.text.startswith("$CATEGORY:", pos):
            eol = block.text.find("\n", pos)
            eol = len(block.text) if eol < 0 else eol
            category = restore(block.text[pos + len("$CATEGORY:") : eol]).strip()
            questions.append(GQuestion("Category", block.line_at(pos), category=category))
            pos = eol
            while pos < len(block.text) and block.text[pos].isspace():
                pos += 1
            if pos >= len(block.text):
                continue
        if not block.text[pos:].strip():
            continue
        try:
            q = reader.question(pos)
        except Skip as reason:
            questions.append(GQuestion("Skipped", block.line_at(pos), reason=str(reason)))
            continue
        q.id, q.tags, q.hints = comment_meta(block.comments)
        q.category = category
        questions.append(q)
    return questions, warnings
