"""safe_json.dumps: strict JSON (never NaN/Infinity) that keeps C1 controls and line separators
as escapes, so a terminal showing the file never acts on them."""

from __future__ import annotations

import json

import pytest

from course_tui import safe_json


def strict_loads(text: str):
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c} in the JSON"))


def test_non_finite_numbers_are_left_out_and_their_places_said():
    data = {"a": float("nan"), "b": [1.5, float("inf"), {"c": float("-inf"), "d": 2}], "e": "x"}
    left_out: list[str] = []
    text = safe_json.dumps(data, left_out=left_out)
    assert strict_loads(text) == {"b": [1.5, None, {"d": 2}], "e": "x"}
    assert left_out == ["$.a", "$.b[1]", "$.b[2].c"]


def test_c1_del_and_line_separators_are_escaped_in_values_and_keys():
    value = "a\x1b]52;c;aGk=\x07 \x9b2J \x9d0;t\x9c \x85 \x7f \u2028 \u2029 中文"
    text = safe_json.dumps({value: value}, indent=None)
    assert not any(ch in text for ch in "\x1b\x07\x9b\x9d\x9c\x85\x7f\u2028\u2029")
    assert "中文" in text  # other characters stay as they are (UTF-8, not ASCII-escaped)
    assert strict_loads(text) == {value: value}


def test_finite_data_is_written_as_json_dumps_would():
    data = {"n": [0, -1, 2.25, None, True], "s": "plain"}
    assert safe_json.dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)
