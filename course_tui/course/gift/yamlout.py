"""A small YAML writer for imported quizzes: readable, stable, and checked to read back the same.

Strings are written plain when YAML reads them back unchanged, as ``|-`` blocks when they
span lines, and double-quoted otherwise; every choice is verified with PyYAML's safe loader.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from course_tui.safe_text import one_line

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NON_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there


def _reads_as(text: str, value: str) -> bool:
    try:
        return bool(yaml.load(text, Loader=_SAFE_LOADER) == {"k": value})  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError):  # e.g. 600 nested '{' (the pure-Python parser recurses): quote it
        return False


# Checking every string with a YAML parse cost ~0.8 ms per question (100,000
# questions: 80 s). Most strings are ordinary words and sentences that are plain YAML for
# sure: they are recognised here without parsing; anything else is still checked by a parse.
# tests/test_gift_import.py checks that this never accepts a text the parse would refuse.
#
# Plain for sure: no leading/trailing space, a first character that is no YAML indicator,
# only letters, digits, CJK and ordinary punctuation, no ": " / " #" / trailing ":", and a
# value that stays a string (not a number, bool or null: the implicit resolvers say).
_SURE_PLAIN_RE = re.compile(
    r"^[A-Za-z0-9_(\u3000-\u9fff\uac00-\ud7af\uff01-\uffef]"
    r"[A-Za-z0-9 _.,;:!?'()/+=%$*<>^~\-\u3000-\u9fff\uac00-\ud7af\uff01-\uffef]*$"
)
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


def _sure_plain(value: str) -> bool | None:
    """True: plain for sure; False: not plain for sure (it reads back as a number, a bool,
    null …); None: unsure, parse it."""
    if not _SURE_PLAIN_RE.match(value) or value.endswith((" ", ":")) or ": " in value:
        return None
    return not any(regexp.match(value) for _, regexp in _RESOLVERS.get(value[0], ()))


def _sure_block(lines: list[str]) -> bool:
    """Whether these lines read back unchanged from a ``|-`` block without a parse: the first
    line sets the indentation (so it must not be empty or start with a space) and no line
    holds a character YAML does not allow as it is, or white space that the writer drops."""
    if not lines[0] or lines[0][0] == " ":
        return False
    for line in lines:
        if line and not line.strip():
            return False  # written as an empty line: its spaces would be lost
        if _NOT_IN_BLOCK.search(line):
            return False
    return True


_NOT_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\t\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def quoted(value: str) -> str:
    out = json.dumps(value, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out)


# Short one-line values written lately (option ids, types, "true" …: they repeat in every
# question); bounded so that it stays small.
_SHORT: dict[str, str] = {}
_SHORT_LEN = 24
_SHORT_MAX = 10_000


def string(value: str, indent: int) -> str:
    """*value* as it follows ``key:`` at *indent* spaces (a block scalar starts on the next line)."""
    if "\n" not in value:
        written = _SHORT.get(value)
        if written is not None:
            return written
        sure = _sure_plain(value) if value else False
        if sure or (sure is None and value == value.strip() and _reads_as(f"k: {value}", value)):
            written = " " + value
        else:
            written = " " + quoted(value)
        if len(value) <= _SHORT_LEN and len(_SHORT) < _SHORT_MAX:
            _SHORT[value] = written
        return written
    indicator = "2" if value[:1] == " " else ""
    lines = value.split("\n")
    if value.endswith("\n") or "\t" in value:
        return " " + quoted(value)
    if not _sure_block(lines):
        probe = f"k: |{indicator}-\n" + "\n".join("  " + line if line.strip() else "" for line in lines)
        if not _reads_as(probe, value):
            return " " + quoted(value)
    pad = " " * (indent + 2)
    return f" |{indicator}-\n" + "\n".join(pad + line if line.strip() else "" for line in lines)


def scalar(value: Any, indent: int) -> str:
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, float):
        return " " + yaml_float(value)
    return string(str(value), indent)


def yaml_float(value: float) -> str:
    """A float YAML 1.1 reads back as that float (it needs a dot: ``1.0e-05``, not ``1e-05``)."""
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + (e + exponent if e else "")


def _comments(comments: list[str], indent: int) -> list[str]:
    # one_line: a comment (a GIFT title, tag or category) must not end the line, nor carry
    # an ESC to the terminal when the quiz goes to standard output
    return [" " * indent + "# " + one_line(c.replace("\n", " ")) for c in comments]


def mapping(data: dict[str, Any], indent: int, first: str = "") -> list[str]:
    """Lines for *data*; *first* (e.g. ``"- "``) replaces the indentation of the first line.

    Tuples are written in flow style (``[a, b]``) when their items are plain ids.
    """
    lines: list[str] = []
    for n, (key, value) in enumerate(data.items()):
        lead = (" " * (indent - len(first)) + first) if (n == 0 and first) else " " * indent
        if isinstance(value, (list, tuple)):
            if isinstance(value, tuple) and all(
                isinstance(v, str) and _ID_RE.match(v) and (_sure_plain(v) if _sure_plain(v) is not None else _reads_as(f"k: {v}", v)) for v in value
            ):
                lines.append(f"{lead}{key}: [{', '.join(value)}]")
                continue
            lines.append(f"{lead}{key}:")
            for item in value:
                if isinstance(item, dict):
                    lines.extend(mapping(item, indent + 4, "- "))
                else:
                    lines.append(" " * (indent + 2) + "-" + scalar(item, indent + 2))
        else:
            lines.append(f"{lead}{key}:" + scalar(value, indent))
    return lines


def quiz_yaml(header: list[str], fields: dict[str, Any], questions: list[tuple[dict[str, Any], list[str]]]) -> str:
    """The quiz file: *header* comments, quiz *fields*, then each question with its comments."""
    lines = [f"# {one_line(h)}" if h else "#" for h in header]
    lines.extend(mapping(fields, 0))
    lines.append("questions:")
    for n, (data, comments) in enumerate(questions):
        if n:
            lines.append("")
        lines.extend(_comments(comments, 2))
        lines.extend(mapping(data, 4, "- "))
    return "\n".join(lines) + "\n"
