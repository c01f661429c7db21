"""docs/AUTHORING.md's examples, put together, form a valid course; README commands stay true."""

from __future__ import annotations

import re
from pathlib import Path

from course_tui.course.loader import load_course

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```\w+ file=(?P<file>\S+)\n(?P<body>.*?)^```$", re.S | re.M)


def test_authoring_examples_form_a_valid_course(tmp_path):
    text = (ROOT / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) >= 7
    for block in blocks:
        path = tmp_path / block["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block["body"], encoding="utf-8")
    result = load_course(tmp_path)
    assert result.findings == [], "\n".join(f.format() for f in result.findings)
    course = result.course
    types = {q.type for quiz in course.quizzes for q in quiz.questions}
    assert types == {"single", "multiple", "true_false", "short", "ordering", "matching", "numerical"}
    assert [d.id for d in course.quiz("reading-quiz").descriptions] == ["reading-passage"]
    assert [e.id for e in course.exams] == ["final-exam", "practice-exam"]
    assert course.quiz("practice-exam").draw_count == 3 and len(course.quiz("practice-exam").pool) == 6
    assert course.scenario("intro-scenario").scoring == "ending"


def test_every_finding_code_is_documented():
    import course_tui.course as core

    text = (ROOT / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
    codes = set()
    for source in Path(core.__file__).parent.glob("*.py"):
        codes |= set(re.findall(r'(?:error|warning|add)\(\s*"([a-z0-9-]+)"', source.read_text(encoding="utf-8")))
        codes |= set(re.findall(r'missing_code="([a-z0-9-]+)"', source.read_text(encoding="utf-8")))
        codes |= set(re.findall(r'YamlProblem\([^)]*?"(yaml-[a-z]+)"', source.read_text(encoding="utf-8"), re.S))
    assert len(codes) > 30
    missing = sorted(code for code in codes if f"`{code}`" not in text)
    assert not missing, f"undocumented finding codes: {missing}"
