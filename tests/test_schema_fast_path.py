"""The schema's fast paths (course_tui/course/schema.py: ``_fast_check`` and the plain-text
shortcut in ``Localized.check``) repeat the full checks' rules for the common valid values.
Here they must agree with the full checks: the same values accepted, the same normalised
result, the same findings for everything else, value by value and for whole course files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest import mock

import yaml
from coursekit import BASE, write_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_tui.course import limits, schema
from course_tui.course.findings import Report
from course_tui.course.loader import load_course
from course_tui.course.schema import INVALID, Ctx, Enum, Field, ListOf, Localized, Obj, Str
from course_tui.course.yamlsrc import Pos, YMap


class SlowStr(Str):
    """Str that no fast path recognises (they test the exact class): the full check always."""


class SlowEnum(Enum):
    pass


# (the kind as the schemas declare it, its twin that always takes the full check)
KINDS = {
    "text": (lambda: Str(), lambda: SlowStr()),
    "text-or-empty": (lambda: Str(allow_empty=True), lambda: SlowStr(allow_empty=True)),
    "id": (lambda: Str(schema.ID_PATTERN, "an id"), lambda: SlowStr(schema.ID_PATTERN, "an id")),
    "localized": (lambda: Localized(Str()), lambda: Localized(SlowStr())),
    "localized-plain-ok": (lambda: Localized(Str(), plain_ok=True), lambda: Localized(SlowStr(), plain_ok=True)),
    "localized-or-empty": (lambda: Localized(Str(allow_empty=True)), lambda: Localized(SlowStr(allow_empty=True))),
    "enum": (lambda: Enum("single", "multiple"), lambda: SlowEnum("single", "multiple")),
}

LANGS = st.sampled_from([(), ("en",), ("zh", "en")])
LONG = limits.MAX_TEXT_BYTES // 4  # the fast paths' length limit, in characters
texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\t\n", "a", "q-1", "-x", "x y", "single", "多选", "a.b_c"]),
    st.builds(lambda n, c: c * n, st.integers(LONG - 2, LONG + 2), st.sampled_from(["a", "é", "中", "😀"])),
    st.builds(lambda n: "中" * n, st.integers(limits.MAX_TEXT_BYTES // 3 - 1, limits.MAX_TEXT_BYTES // 3 + 1)),
)
scalars = st.one_of(texts, st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False, width=16))
keys = st.one_of(st.sampled_from(["zh", "en", "fr", "EN", "zh-Hans", "x"]), st.integers(0, 2))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=6,
)


def as_loaded(value):
    """*value* as the YAML reader hands it over: maps are YMaps (with no positions)."""
    if isinstance(value, dict):
        out = YMap({k: as_loaded(v) for k, v in value.items()})
        out._at, out._kp, out._vp = Pos(1, 1), {}, {}
        return out
    if isinstance(value, list):
        return [as_loaded(v) for v in value]
    return value


def run(kind, value, langs, known):
    """The checked value and the findings (without positions: the fast path has none to give)."""
    report = Report()
    out = kind.check(value, Pos(1, 1), Ctx(report, langs, set(known)), "x")
    return (None if out is INVALID else out), [(f.severity, f.code, f.message) for f in report.findings]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(KINDS)), values, LANGS, st.booleans())
def test_every_fast_path_gives_what_the_full_check_gives(name, value, langs, warm):
    fast, slow = KINDS[name]
    known = (langs or ("zh", "en")) if warm else ()  # language keys a bigger file has already checked
    loaded = as_loaded(value)
    for wrap in (lambda k: ListOf(k), lambda k: Obj([Field("f", k, "")])):
        document = [loaded] if isinstance(wrap(fast()), ListOf) else as_loaded({"f": value})
        assert run(wrap(fast()), document, langs, known) == run(wrap(slow()), document, langs, known)
    assert run(fast(), loaded, langs, known) == run(slow(), loaded, langs, known)


def test_the_twins_really_take_the_full_check():
    """Without this, the test above would compare the fast path with itself."""
    for fast, slow in KINDS.values():
        assert schema._fast_code(fast()) != schema._SLOW and schema._fast_code(slow()) == schema._SLOW
    ctx = Ctx(Report(), ("en",), {"en"})
    assert schema._fast_check(schema._fast_code(Localized(Str())), Localized(Str()), as_loaded({"en": "x"}), ctx) == {"en": "x"}


# Whole course files: the test course's quiz with values replaced at random places, loaded
# with the fast paths and with every value taking the full check.

QUIZ = yaml.safe_load(BASE["quizzes/quiz.yaml"])


def _paths(node, at=()):
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*at, i))


PLACES = [p for p in _paths(QUIZ) if p]


def _replace(doc, path, value):
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


@st.composite
def mutated_quiz(draw):
    doc = yaml.safe_load(BASE["quizzes/quiz.yaml"])
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PLACES))
        try:
            _replace(doc, path, draw(values))
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            pass
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _findings(result):
    return [(f.path, f.line, f.col, f.severity, f.code, f.message) for f in result.findings]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_quiz())
def test_a_course_file_is_read_the_same_with_and_without_the_fast_paths(text):
    root = Path(tempfile.mkdtemp())
    try:
        write_course(root, {"quizzes/quiz.yaml": text})
        fast = load_course(root)
        with mock.patch.object(schema, "_fast_check", lambda *args: None):
            full = load_course(root)
        assert _findings(fast) == _findings(full)
        assert fast.course == full.course
    finally:
        shutil.rmtree(root)
