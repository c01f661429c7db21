"""A small YAML writer for imported quizzes: readable, stable, and checked to read back the same.

Strings are written plain when YAML reads them back unchanged, as ``|-`` blocks when they
span lines, and double-quoted otherwise; every choice is verified with PyYAML's safe loader.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NON_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _reads_as(text: str, value: str) -> bool:
    try:
        return yaml.safe_load(text) == {"k": value}
    except yaml.YAMLError:
        return False


def quoted(value: str) -> str:
    out = json.dumps(value, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out)


def string(value: str, indent: int) -> str:
    """*value* as it follows ``key:`` at *indent* spaces (a block scalar starts on the next line)."""
    if "\n" not in value:
        if value == value.strip() and value and _reads_as(f"k: {value}", value):
            return " " + value
        return " " + quoted(value)
    indicator = "2" if value[:1] == " " else ""
    lines = value.split("\n")
    probe = f"k: |{indicator}-\n" + "\n".join("  " + line if line.strip() else "" for line in lines)
    if value.endswith("\n") or "\t" in value or not _reads_as(probe, value):
        return " " + quoted(value)
    pad = " " * (indent + 2)
    return f" |{indicator}-\n" + "\n".join(pad + line if line.strip() else "" for line in lines)


def scalar(value: Any, indent: int) -> str:
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    return string(str(value), indent)


def _comments(comments: list[str], indent: int) -> list[str]:
    return [" " * indent + "# " + c.replace("\n", " ") for c in comments]


def mapping(data: dict, indent: int, first: str = "") -> list[str]:
    """Lines for *data*; *first* (e.g. ``"- "``) replaces the indentation of the first line.

    Tuples are written in flow style (``[a, b]``) when their items are plain ids.
    """
    lines: list[str] = []
    for n, (key, value) in enumerate(data.items()):
        lead = (" " * (indent - len(first)) + first) if (n == 0 and first) else " " * indent
        if isinstance(value, (list, tuple)):
            if isinstance(value, tuple) and all(isinstance(v, str) and _ID_RE.match(v) and _reads_as(f"k: {v}", v) for v in value):
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


def quiz_yaml(header: list[str], fields: dict, questions: list[tuple[dict, list[str]]]) -> str:
    """The quiz file: *header* comments, quiz *fields*, then each question with its comments."""
    lines = [f"# {h}" if h else "#" for h in header]
    lines.extend(mapping(fields, 0))
    lines.append("questions:")
    for n, (data, comments) in enumerate(questions):
        if n:
            lines.append("")
        lines.extend(_comments(comments, 2))
        lines.extend(mapping(data, 4, "- "))
    return "\n".join(lines) + "\n"
