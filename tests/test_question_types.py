"""A question type is handled everywhere or the type checker says where it is not: the code
that treats types differently does it in ``match`` statements ending in
``assert_never`` (docs/ARCHITECTURE.md, "Adding a question type")."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def matches_on_question_types() -> dict[str, int]:
    """Module path → how many ``assert_never`` calls it has (one per match on a question type)."""
    found = {}
    for path in sorted((REPO / "course_tui").rglob("*.py")):
        n = len(re.findall(r"^\s+assert_never\(", path.read_text(encoding="utf-8"), re.M))
        if n:
            found[path.relative_to(REPO).as_posix()] = n
    return found


@pytest.mark.slow  # a whole mypy run from an empty cache: about 20 s
def test_a_new_question_type_fails_type_checking_at_every_match_that_misses_it(tmp_path):
    shutil.copytree(REPO / "course_tui", tmp_path / "course_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    model = tmp_path / "course_tui" / "course" / "model.py"
    text = model.read_text(encoding="utf-8")
    union = "Question = Union[SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Ordering, Matching"
    assert union in text
    text = text.replace(union, 'class Essay(QuestionBase, frozen=True):\n    type = "essay"\n\n\n' + union + ", Essay", 1)
    model.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    flagged: dict[str, int] = {}
    for line in run.stdout.splitlines():
        if 'Argument 1 to "assert_never" has incompatible type "Essay"' in line:
            module = line.split(":", 1)[0]
            flagged[module] = flagged.get(module, 0) + 1
    expected = matches_on_question_types()
    assert flagged == expected and sum(expected.values()) >= 12
    assert "course_tui/learning/grading.py" in expected and "course_tui/tui/widgets/questions.py" in expected
