"""Commands that need no terminal never load the TUI (it would cost start-up time and memory).

Each command runs through ``course_tui.cli.main`` in a fresh interpreter, on a real course
and a real store, and must succeed without ``textual`` or ``course_tui.tui`` in
``sys.modules`` afterwards: they would only cost start-up time and memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from coursekit import write_course

from course_tui.learning.progress import Learner
from course_tui.learning.store import Store

GIFT = """\
// a tiny Moodle question bank
::capital::What is the capital of France? {=Paris ~London ~Berlin}

::sky::The sky is blue. {T}
"""

CHECK = """\
import json, sys
from course_tui.cli import main
code = main(json.loads(sys.argv[1]))
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "course_tui.tui")))
print(json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("commands")
    course = write_course(root / "course")
    store = Store(root / "store")
    me = Learner(store, "小王", "t")
    attempt = me.start_attempt("intro-quiz", "practice", ["q-single"])
    me.record_answer(attempt, "q-single", "a", 1.0, "intro-quiz")
    me.finish_attempt(attempt, 100.0, True)
    me.visit_section("intro", "one", last=False, seconds=12)
    store.set_last_learner("小王")
    gift = root / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    return {"course": course, "store": root / "store", "gift": gift, "out": root / "out"}


COMMANDS = {
    "validate": lambda w: ["validate", str(w["course"])],
    "validate-json": lambda w: ["validate", str(w["course"]), "--format", "json"],
    "report": lambda w: ["report", "--course", str(w["course"]), "--store", str(w["store"])],
    "report-csv": lambda w: ["report", "--course", str(w["course"]), "--store", str(w["store"]), "--format", "csv", "-o", str(w["out"] / "report.csv")],
    "export-xapi": lambda w: ["export", "xapi", "--course", str(w["course"]), "--store", str(w["store"]), "-o", str(w["out"] / "statements.json")],
    "export-gift": lambda w: ["export", "gift", "intro-quiz", "--course", str(w["course"]), "-o", str(w["out"] / "quiz.gift")],
    "import-gift": lambda w: ["import", "gift", str(w["gift"]), "-o", str(w["out"] / "bank.yaml")],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_command_does_not_import_the_tui(command: str, workspace: dict[str, Path]) -> None:
    workspace["out"].mkdir(exist_ok=True)
    argv = COMMANDS[command](workspace)
    run = subprocess.run([sys.executable, "-c", CHECK, json.dumps(argv)], check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, f"course-tui {' '.join(argv)} exited with {result['code']}: {run.stderr}"
    assert result["loaded"] == [], f"course-tui {' '.join(argv)} loaded {result['loaded'][:5]}"
