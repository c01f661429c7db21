"""A damaged-store corpus: learner files that parse (or almost) but hold wrongly typed,
unbounded or hostile values, each run against the three readers of a store:

(a) the learner's own app session (``open_session``, the learner, what the course map, the
    statistics and the review list compute; a Pilot start of the app on a few): no
    traceback, the file is moved aside and the notice names the field;
(b) ``course-tui report`` in every format and (c) ``course-tui export xapi``: the file is
    skipped with one warning line, the other learners are reported, exit 0, and the store
    is left exactly as it was (only the learner's own session moves files).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportkit import make_course, make_store

from course_tui.cli import main
from course_tui.learning import overview, review, stats
from course_tui.learning.reports import learner_row
from course_tui.learning.session import open_session
from course_tui.learning.store import Store

COURSE = "t"
NAME = "Amy"


def _set(path: str, value: Any) -> Callable[[dict], None]:
    """A change that puts *value* at *path* (keys and list indexes, '/'-separated) of Amy's document."""

    def change(doc: dict) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]
        target = doc
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _raw(path: str, text: str) -> Callable[[dict], bytes]:
    """A file whose value at *path* is the raw JSON *text* (what json.dumps cannot write)."""

    def change(doc: dict) -> bytes:
        _set(path, "@@RAW@@")(doc)
        return json.dumps(doc, ensure_ascii=False).replace('"@@RAW@@"', text).encode("utf-8")

    return change


C = f"courses/{COURSE}"
A0 = f"{C}/attempts/0"
R0 = f"{C}/scenario_runs/0"
RQ = f"{C}/review/q-single"
LI = f"{C}/lessons/intro"
F = f"$.courses.{COURSE}"

# id -> (change, what the notice must say: the field, or the reason)
CASES: dict[str, tuple[Callable[[dict], Any], str]] = {
    "review-wrong-many": (_set(f"{RQ}/wrong", "many"), f"{F}.review.q-single.wrong: expected `int`, got `str`"),
    "lesson-seconds-abc": (_set(f"{LI}/seconds", "abc"), f"{F}.lessons.intro.seconds: expected `float`, got `str`"),
    "attempt-percent-fifty": (_set(f"{A0}/percent", "fifty"), f"{F}.attempts[0].percent: expected `float | null`, got `str`"),
    "int-4000-digits": (_raw(f"{RQ}/wrong", "1" * 4000), f"{F}.review.q-single.wrong: expected `int` <= 1000000000"),
    "int-5000-digits": (_raw(f"{RQ}/right", "9" * 5000), f"{F}.review.q-single.right: a number out of range"),
    "percent-nan": (_raw(f"{A0}/percent", "NaN"), f"{F}.attempts[0].percent: NaN and Infinity are not JSON numbers"),
    "percent-infinity": (_raw(f"{A0}/percent", "Infinity"), f"{F}.attempts[0].percent: NaN and Infinity"),
    "percent-minus-infinity": (_raw(f"{A0}/percent", "-Infinity"), f"{F}.attempts[0].percent: NaN and Infinity"),
    "settings-extra-nan": (_raw("settings/zoom", "NaN"), "$.settings.zoom: NaN and Infinity"),
    "percent-1e999": (_raw(f"{A0}/percent", "1e999"), f"{F}.attempts[0].percent: a number out of range"),
    "int-5000-digits-unknown-field": (_raw("settings/big", "-" + "7" * 5000), "$.settings.big: a number out of range"),
    "nested-100000": (_raw("settings/deep", "[" * 100_000 + "]" * 100_000), "nested too deeply"),
    # unknown fields are kept and msgspec decodes these depths: refused when read, before
    # anything copies or checks them recursively (a RecursionError was an internal error)
    "nested-400-unknown-field": (_raw("settings/deep", '{"a":' * 400 + "1" + "}" * 400), "nested too deeply"),
    "nested-600-unknown-field": (_raw("learner/deep", "[" * 600 + "]" * 600), "nested too deeply"),
    "nested-1400-unknown-field": (_raw(f"{A0}/deep", '[{"a":' * 700 + "1" + "}]" * 700), "nested too deeply"),
    "seconds-negative": (_set(f"{LI}/seconds", -5), f"{F}.lessons.intro.seconds: expected `float` >= 0.0"),
    "seconds-huge": (_set(f"{LI}/seconds", 1e300), f"{F}.lessons.intro.seconds: expected `float` <= "),
    "percent-101": (_set(f"{A0}/percent", 101), f"{F}.attempts[0].percent: expected `float` <= 100.0"),
    "answer-score-2": (_set(f"{A0}/answers/q-single/score", 2), f"{F}.attempts[0].answers.q-single.score: expected `float` <= 1.0"),
    "answer-correct-yes": (_set(f"{A0}/answers/q-tf/correct", "yes"), f"{F}.attempts[0].answers.q-tf.correct: expected `bool`"),
    "answer-at-yesterday": (_set(f"{A0}/answers/q-tf/at", "yesterday"), f"{F}.attempts[0].answers.q-tf.at: invalid RFC3339"),
    "answer-response-nan-object": (_set(f"{A0}/answers/q-tf/response", {"x": {"y": 1}}), f"{F}.attempts[0].answers.q-tf.response"),
    "answers-list": (_set(f"{A0}/answers", []), f"{F}.attempts[0].answers: expected `object`, got `array`"),
    "attempt-started-word": (_set(f"{A0}/started", "not a date"), f"{F}.attempts[0].started: invalid RFC3339"),
    "attempt-finished-int": (_set(f"{A0}/finished", 12345), f"{F}.attempts[0].finished: expected `datetime | null`, got `int`"),
    "attempt-no-id": (lambda doc: doc["courses"][COURSE]["attempts"][0].pop("id"), f"{F}.attempts[0]: object missing required field `id`"),
    "attempt-order-string": (_set(f"{A0}/order", "q-single"), f"{F}.attempts[0].order: expected `array`, got `str`"),
    "attempt-shuffles-string": (_set(f"{A0}/shuffles", {"q-single": "ab"}), f"{F}.attempts[0].shuffles.q-single: expected `array`"),
    "attempt-passed-no": (_set(f"{A0}/passed", "no"), f"{F}.attempts[0].passed: expected `bool | null`, got `str`"),
    "attempt-mode-list": (_set(f"{A0}/mode", ["exam"]), f"{F}.attempts[0].mode: expected `str`, got `array`"),
    "run-choices-string": (_set(f"{R0}/choices", ["0"]), f"{F}.scenario_runs[0].choices[0]: expected `int`, got `str`"),
    "run-choices-negative": (_set(f"{R0}/choices", [-1]), f"{F}.scenario_runs[0].choices[0]: expected `int` >= 0"),
    "run-score-word": (_set(f"{R0}/score", "high"), f"{F}.scenario_runs[0].score: expected `int | null`, got `str`"),
    "run-score-huge": (_set(f"{R0}/score", 10**12), f"{F}.scenario_runs[0].score: expected `int` <= 1000000000"),
    "run-path-ints": (_set(f"{R0}/path", [1, 2]), f"{F}.scenario_runs[0].path[0]: expected `str`, got `int`"),
    "run-ending-int": (_set(f"{R0}/ending", 7), f"{F}.scenario_runs[0].ending: expected `str | null`, got `int`"),
    "review-due-tomorrow": (_set(f"{RQ}/due", "tomorrow"), f"{F}.review.q-single.due: invalid RFC3339"),
    "review-card-state-9": (
        _set(f"{RQ}/card", {"card_id": 1, "state": 9, "step": 0, "due": "2024-01-01T00:00:00+00:00"}),
        f"{F}.review.q-single.card.state: expected `int` <= 3",
    ),
    "review-card-string": (_set(f"{RQ}/card", "x"), f"{F}.review.q-single.card: expected `object | null`, got `str`"),
    "review-streak-negative": (_set(f"{RQ}/streak", -1), f"{F}.review.q-single.streak: expected `int` >= 0"),
    "review-mastered-yes": (_set(f"{RQ}/mastered", "yes"), f"{F}.review.q-single.mastered: expected `bool`"),
    "review-item-number": (_set(f"{C}/review/q-multi", 3), f"{F}.review.q-multi: expected `object`, got `int`"),
    "position-kind-int": (_set(f"{C}/position/kind", 5), f"{F}.position.kind: expected `str | null`, got `int`"),
    "position-section-list": (_set(f"{C}/position/section", []), f"{F}.position.section: expected `str | null`, got `array`"),
    "lesson-seen-ints": (_set(f"{LI}/seen", [1]), f"{F}.lessons.intro.seen[0]: expected `str`, got `int`"),
    "lesson-visited-noon": (_set(f"{LI}/visited", {"one": "noon"}), f"{F}.lessons.intro.visited.one: invalid RFC3339"),
    "lesson-completed-true": (_set(f"{LI}/completed", True), f"{F}.lessons.intro.completed: expected `datetime | null`, got `bool`"),
    "settings-lang-int": (_set("settings/lang", 5), "$.settings.lang: expected `str | null`, got `int`"),
    "updated-int": (_set("updated", 5), "$.updated: expected `datetime | null`, got `int`"),
    "created-word": (_set("learner/created", "long ago"), "$.learner.created: invalid RFC3339"),
    "schema-version-string": (_set("schema_version", "1"), "$.schema_version: expected `int`, got `str`"),
    "courses-list": (_set("courses", []), "$.courses: expected `object`, got `array`"),
    "course-key-with-escape": (
        lambda doc: doc["courses"].__setitem__("x\x1b]52;c;aGk=\x07", {"attempts": "no"}),
        "$.courses.x␛]52;c;aGk=␇.attempts: expected `array`, got `str`",
    ),
    "name-with-osc": (_set("learner/name", NAME + "\x1b]2;pwned\x07"), "$.learner.name: expected text of 1 to 200 characters without control characters"),
    "name-with-newline": (_set("learner/name", NAME + "\nfake line"), "$.learner.name: expected text"),
    "name-too-long": (_set("learner/name", "x" * 300), "$.learner.name: expected `str` of length <= 200"),
    "lone-surrogate": (_raw(f"{A0}/quiz", '"\\ud800"'), "not valid UTF-8 JSON"),
    "not-utf8": (lambda doc: json.dumps(doc, ensure_ascii=False).replace(NAME, "Am\xe9").encode("latin-1", "replace"), "not valid UTF-8 JSON"),
}
assert len(CASES) >= 30


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report kit's course and store (小王, Amy, Bob, and Other in another course), once."""
    root = tmp_path_factory.mktemp("damaged")
    make_store(make_course(root / "c"), root / "s")
    return root


def damaged(template: Path, tmp_path: Path, case: str) -> tuple[Path, Path, bytes]:
    """A copy of the template with Amy's file damaged: course folder, store folder, bytes."""
    shutil.copytree(template / "c", tmp_path / "c")
    shutil.copytree(template / "s", tmp_path / "s")
    path = Store(tmp_path / "s").path_for(NAME)
    doc = json.loads(path.read_bytes())
    change, _ = CASES[case]
    data = change(doc)
    if not isinstance(data, bytes):
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    return tmp_path / "c", tmp_path / "s", data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.endswith(".lock")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_file_is_moved_aside_by_the_learners_session_with_the_field_named(template: Path, tmp_path: Path, case: str) -> None:
    course_dir, store_dir, data = damaged(template, tmp_path, case)
    session = open_session(course_dir, store=store_dir, learner=NAME)
    [notice] = session.notices
    assert CASES[case][1] in notice
    assert "moved to" in notice and "nothing was deleted" in notice
    assert not any(ch in notice for ch in "\x1b\x07\n\r")  # the notice is one inert line
    [aside] = store_dir.glob("learner-*.unreadable-*.json")
    assert aside.read_bytes() == data  # every byte kept
    learner = session.learner
    assert learner is not None and learner.read_only is None
    assert learner.course == {} or learner.course.get("attempts") == []
    course = session.loaded.course
    # what the course map, the statistics, the review list and the report compute
    statuses = overview.overview(course, learner)
    assert overview.overall_fraction(statuses) == 0.0
    assert overview.continue_target(course, learner).kind == "lesson"
    assert stats.compute(course, learner).quizzes_passed == 0
    assert review.items(course, learner) == []
    assert learner_row(course, learner).lessons_read == 0
    learner.visit_section("intro", "one", last=False)  # and studying goes on, saved
    assert Store(store_dir).read(NAME)["courses"][COURSE]["lessons"]["intro"]["seen"] == ["one"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "moodle-csv"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_report_skips_a_damaged_file_with_one_warning_and_changes_nothing(template: Path, tmp_path: Path, capsys, case: str, fmt: str) -> None:
    course_dir, store_dir, _ = damaged(template, tmp_path, case)
    before = snapshot(store_dir)
    assert main(["report", "--course", str(course_dir), "--store", str(store_dir), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert line.startswith("course-tui: warning: ") and Store(store_dir).path_for(NAME).name in line
    assert CASES[case][1] in line and "left out" in line
    assert not any(ch in line for ch in "\x1b\x07\r")
    assert "小王" in out and "Bob" in out  # the other learners are reported
    if fmt == "json":
        json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON output"))
    assert snapshot(store_dir) == before  # nothing moved, created or deleted


@pytest.mark.parametrize("case", sorted(CASES))
def test_export_xapi_skips_a_damaged_file_with_one_warning_and_changes_nothing(template: Path, tmp_path: Path, capsys, case: str) -> None:
    course_dir, store_dir, _ = damaged(template, tmp_path, case)
    before = snapshot(store_dir)
    assert main(["export", "xapi", "--course", str(course_dir), "--store", str(store_dir)]) == 0
    out, err = capsys.readouterr()
    warnings = [line for line in err.splitlines() if line.startswith("course-tui: warning: ")]
    [line] = warnings
    assert CASES[case][1] in line and Store(store_dir).path_for(NAME).name in line
    assert json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON output"))
    exported = [line.split(" → ")[0].strip() for line in err.splitlines() if " → account " in line]
    assert "小王" in exported and "Bob" in exported and NAME not in exported
    assert snapshot(store_dir) == before


@pytest.mark.parametrize("case", ["review-wrong-many", "int-5000-digits", "nested-100000", "name-with-osc"])
async def test_the_app_starts_on_a_damaged_file_and_says_which_field(template: Path, tmp_path: Path, case: str) -> None:
    from course_tui.tui.app import CourseApp
    from course_tui.tui.screens.dialogs import NoticeScreen

    course_dir, store_dir, _ = damaged(template, tmp_path, case)
    app = CourseApp(open_session(course_dir, store=store_dir, learner=NAME))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(10):
            await pilot.pause()
            if isinstance(app.screen, NoticeScreen):
                break
        assert isinstance(app.screen, NoticeScreen)
        assert CASES[case][1] in app.screen.text
    assert app.return_code in (None, 0)
    assert len(list(store_dir.glob("learner-*.unreadable-*.json"))) == 1
