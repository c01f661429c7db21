"""The JSON Schemas shipped for editors are current and agree with the validator."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from coursekit import BASE

from course_tui.course.bundled import bundled_course_path
from course_tui.course.formats import SCHEMA_DIR, SCHEMAS, json_schema, render_schema
from course_tui.course.yamlsrc import load_yaml, plain


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_shipped_schema_is_current(kind):
    shipped = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == render_schema(kind), "run: python -m course_tui.course.formats"
    jsonschema.Draft202012Validator.check_schema(json.loads(shipped))


def _load(text: str):
    # Our loader, as the validator sees the file (YAML 1.2 editors also read dates as text).
    return plain(load_yaml(text).value)


def _front_matter(text: str) -> dict:
    return _load(re.match(r"---\n(.*?)\n---\n", text, re.S).group(1))


def _files(root=None):
    if root is None:
        items = {rel: text for rel, text in BASE.items()}
    else:
        paths = [root / "course.yaml", *root.glob("lessons/*.md"), *root.glob("quizzes/*.yaml")]
        items = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in paths}
    for rel, text in items.items():
        if rel.endswith(".md"):
            yield rel, "lesson", _front_matter(text)
        elif rel.startswith("quizzes/"):
            data = _load(text)
            yield rel, data["type"], data
            yield rel, "quizzes-file", data
        else:
            yield rel, "course", _load(text)


def test_valid_files_pass_their_schema():
    for rel, kind, data in list(_files()) + list(_files(bundled_course_path())):
        errors = list(jsonschema.Draft202012Validator(json_schema(kind)).iter_errors(data))
        assert not errors, f"{rel} ({kind}): {errors[0].message}"


@pytest.mark.parametrize(
    "kind, data",
    [
        ("course", {"id": "x", "title": "T", "languages": ["en"], "chapters": ["a"], "colour": 1}),
        ("course", {"id": "x", "title": "T", "languages": ["en"]}),
        (
            "quiz",
            {
                "type": "quiz",
                "id": "q",
                "title": "T",
                "questions": [{"id": "a", "type": "single", "prompt": "?", "options": [{"id": "a", "text": "A"}], "answer": "a"}],
            },
        ),
        ("quiz", {"type": "quiz", "id": "q", "title": "T", "questions": [{"id": "a", "type": "essay", "prompt": "?"}]}),
        ("quiz", {"type": "quiz", "id": "q", "title": "T", "mode": "quick", "questions": []}),
        ("scenario", {"type": "scenario", "id": "s", "title": "T", "start": "a", "nodes": [{"id": "a", "text": "x", "choices": [{"text": "go"}]}]}),
    ],
)
def test_invalid_files_fail_their_schema(kind, data):
    assert list(jsonschema.Draft202012Validator(json_schema(kind)).iter_errors(data))
