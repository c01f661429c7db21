"""Random mutations of valid course files give findings, never exceptions."""

from __future__ import annotations

import pytest

import shutil
import tempfile
from pathlib import Path

from coursekit import BASE, write_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_tui.course.loader import load_course

JUNK = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "{",
            "}",
            "[",
            "]",
            ":",
            "- ",
            "---",
            "&a",
            "*a",
            "!!python/object:os.system",
            "\t",
            "#",
            '"',
            "'",
            "~",
            "null",
            "true",
            "[]",
            "{}",
            "## X {#x}",
            "## Y",
            "{#",
            "|",
            ">",
            "? ",
            "%YAML 1.1",
            "\x00",
            "\ufeff",
        ]
    ),
)


@st.composite
def mutated_course(draw):
    rel = draw(st.sampled_from(sorted(BASE)))
    lines = BASE[rel].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "swap", "truncate", "indent"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, draw(JUNK))
        elif op == "replace" and lines:
            line = lines[i]
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, len(line)))
            lines[i] = line[:a] + draw(JUNK) + line[b:]
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        elif op == "indent" and lines:
            lines[i] = draw(st.sampled_from([" ", "  ", "    "])) + lines[i]
    content: str | bytes = "\n".join(lines)
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        content = content.encode("utf-8")[: draw(st.integers(0, len(content.encode("utf-8"))))] + b"\xff"
    return {rel: content}


@pytest.mark.slow  # over 1.5 s: CI runs it in the slow step
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_course())
def test_mutations_give_findings_not_exceptions(files):
    root = Path(tempfile.mkdtemp())
    try:
        result = load_course(write_course(root, files))
        for f in result.findings:
            assert f.severity in ("error", "warning")
            assert f.line >= 1 and f.col >= 1 and f.code and f.message
            assert not Path(f.path).is_absolute()
        # a course comes out exactly when nothing is an error
        assert (result.course is None) == any(f.severity == "error" for f in result.findings)
    finally:
        shutil.rmtree(root)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_binary_junk_in_any_file(data):
    for rel in ("course.yaml", "quizzes/quiz.yaml", "lessons/intro.en.md"):
        root = Path(tempfile.mkdtemp())
        try:
            result = load_course(write_course(root, {rel: data}))
            assert result.course is None or all(f.severity == "warning" for f in result.findings)
        finally:
            shutil.rmtree(root)
