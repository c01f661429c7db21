"""Unit tests of the progress store (course_tui.learning.store) and the Learner API.

Every test asserts on what is actually on disk (the learner's JSON file), not only on
the in-memory document.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from course_tui.learning import store as store_mod
from course_tui.learning.progress import Learner
from course_tui.learning.store import SCHEMA_VERSION, Store, StoreError

COURSE = "demo-course"
FILE_RE = re.compile(r"learner-[0-9a-f]{24}\.json")


# -- helpers -------------------------------------------------------------------------
def on_disk(store: Store, name: str) -> dict:
    """The learner's file, read with plain json (no help from Store)."""
    return json.loads(store.path_for(name).read_bytes().decode("utf-8"))


def course_on_disk(store: Store, name: str) -> dict:
    return on_disk(store, name)["courses"][COURSE]


def files(folder: Path) -> set[str]:
    """Names in the store folder, without filelock's *.lock files."""
    return {p.name for p in folder.iterdir() if not p.name.endswith(".lock")}


def moved_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("learner-*.unreadable-*.json"))


def valid_doc(name: str, **extra) -> dict:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "learner": {"name": name, "created": "2024-01-01T00:00:00+00:00"},
        "settings": {},
        "courses": {},
        "updated": "2024-01-01T00:00:00+00:00",
    }
    doc.update(extra)
    return doc


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


# -- Learner round trips -----------------------------------------------------------
def test_new_learner_has_no_file_until_first_change(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    assert me.doc["learner"]["name"] == "Ada"
    assert me.doc["schema_version"] == store_mod.SCHEMA_VERSION
    assert not store.path_for("Ada").exists()
    me.set_setting("lang", "en")
    assert store.path_for("Ada").is_file()


def test_set_setting_round_trip(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    me.set_setting("lang", "zh")
    me.set_setting("theme", "dark")
    me.set_setting("lang", "en")  # overwrite
    me.set_setting("nested", {"a": [1, 2, "三"]})
    disk = on_disk(store, "Ada")
    assert disk["settings"] == {"lang": "en", "theme": "dark", "nested": {"a": [1, 2, "三"]}}
    assert disk["schema_version"] == SCHEMA_VERSION
    assert disk["learner"]["name"] == "Ada"
    assert me.settings == disk["settings"]
    # a second Learner object (another session) sees the same
    assert Learner(store, "Ada", COURSE).settings == disk["settings"]


def test_visit_section_round_trip_and_completion(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    me.visit_section("intro", "s1", last=False, seconds=3.0)
    lesson = course_on_disk(store, "Ada")["lessons"]["intro"]
    visited = lesson.pop("visited")
    assert lesson == {"section": "s1", "seen": ["s1"], "completed": None, "seconds": 3.0}
    assert list(visited) == ["s1"] and datetime.fromisoformat(visited["s1"]).tzinfo is not None
    assert course_on_disk(store, "Ada")["position"] == {"kind": "lesson", "id": "intro", "section": "s1"}

    me.visit_section("intro", "s2", last=False, seconds=2.25)
    me.visit_section("intro", "s1", last=False, seconds=-5)  # revisit; negative time ignored
    lesson = course_on_disk(store, "Ada")["lessons"]["intro"]
    assert lesson["seen"] == ["s1", "s2"]
    assert lesson["section"] == "s1"
    assert lesson["completed"] is None
    assert lesson["seconds"] == pytest.approx(5.2, abs=0.11)

    me.visit_section("intro", "s3", last=True, seconds=1)
    lesson = course_on_disk(store, "Ada")["lessons"]["intro"]
    assert lesson["seen"] == ["s1", "s2", "s3"]
    completed = lesson["completed"]
    assert isinstance(completed, str) and datetime.fromisoformat(completed).tzinfo is not None
    assert course_on_disk(store, "Ada")["position"] == {"kind": "lesson", "id": "intro", "section": "s3"}

    # going back after completion keeps the lesson completed (same timestamp)
    me.visit_section("intro", "s1", last=False)
    me.visit_section("intro", "s3", last=True)
    lesson = course_on_disk(store, "Ada")["lessons"]["intro"]
    assert lesson["completed"] == completed
    assert lesson["section"] == "s3"
    assert me.course["lessons"]["intro"] == lesson


def test_quiz_attempt_round_trip_with_review(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    attempt = me.start_attempt("quiz1", "practice", ["q1", "q2", "q3"], shuffles={"q1": [2, 0, 1]})
    course = course_on_disk(store, "Ada")
    assert course["position"] == {"kind": "quiz", "id": "quiz1", "attempt": attempt}
    [saved] = course["attempts"]
    assert saved["id"] == attempt
    assert saved["quiz"] == "quiz1" and saved["mode"] == "practice"
    assert saved["order"] == ["q1", "q2", "q3"]
    assert saved["shuffles"] == {"q1": [2, 0, 1]}
    assert saved["answers"] == {} and saved["finished"] is None and saved["retry_of"] is None
    assert course["review"] == {}

    # a right answer: no review entry
    me.record_answer(attempt, "q1", 2, 1.0, "quiz1")
    course = course_on_disk(store, "Ada")
    answer = course["attempts"][0]["answers"]["q1"]
    assert answer["response"] == 2 and answer["score"] == 1.0 and answer["correct"] is True
    assert course["review"] == {}

    # a wrong (or partly right) answer creates a review entry
    me.record_answer(attempt, "q2", ["a", "c"], 0.5, "quiz1")
    course = course_on_disk(store, "Ada")
    assert course["attempts"][0]["answers"]["q2"]["correct"] is False
    item = course["review"]["q2"]
    assert item["quiz"] == "quiz1"
    assert item["wrong"] == 1 and item["right"] == 0
    assert item["last"] is not None and item["added"] and item["due"]
    assert item["card"] is None

    me.record_answer(attempt, "q3", "x", 0.0, "quiz1")
    me.finish_attempt(attempt, 33.3, False)
    course = course_on_disk(store, "Ada")
    saved = course["attempts"][0]
    assert saved["finished"] is not None and saved["percent"] == 33.3 and saved["passed"] is False
    assert set(saved["answers"]) == {"q1", "q2", "q3"}
    assert course["position"] == {"kind": "quiz", "id": "quiz1", "attempt": None}

    # a retry: the later right answer counts on the existing review entry
    retry = me.start_attempt("quiz1", "practice", ["q2"], retry_of=attempt)
    me.record_answer(retry, "q2", ["a", "b"], 1.0, "quiz1")
    course = course_on_disk(store, "Ada")
    assert course["review"]["q2"]["wrong"] == 1
    assert course["review"]["q2"]["right"] == 1
    assert course["review"]["q3"] == {**course["review"]["q3"], "wrong": 1, "right": 0}
    assert "q1" not in course["review"]
    assert [a["id"] for a in course["attempts"]] == [attempt, retry]
    assert course["attempts"][1]["retry_of"] == attempt
    # a second miss increments wrong again
    me.record_answer(retry, "q3", "y", 0.0, "quiz1")
    assert course_on_disk(store, "Ada")["review"]["q3"]["wrong"] == 2
    me.finish_attempt(retry, 100.0, True)
    course = course_on_disk(store, "Ada")
    assert course["attempts"][1]["passed"] is True
    assert course["attempts"][0]["passed"] is False  # the first attempt is untouched


def test_finish_attempt_leaves_position_of_another_attempt(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    first = me.start_attempt("quiz1", "exam", ["q1"])
    second = me.start_attempt("quiz2", "exam", ["q9"])
    me.finish_attempt(first, 0.0, False)
    assert course_on_disk(store, "Ada")["position"] == {"kind": "quiz", "id": "quiz2", "attempt": second}


def test_unknown_attempt_raises_and_writes_nothing(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    me.start_attempt("quiz1", "exam", ["q1"])
    before = store.path_for("Ada").read_bytes()
    with pytest.raises(StoreError):
        me.record_answer("no-such-attempt", "q1", 1, 1.0, "quiz1")
    with pytest.raises(StoreError):
        me.record_choice("no-such-run", 0, "n1")
    assert store.path_for("Ada").read_bytes() == before


def test_scenario_run_round_trip(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    run = me.start_run("incident", "start")
    course = course_on_disk(store, "Ada")
    assert course["position"] == {"kind": "scenario", "id": "incident", "run": run}
    [saved] = course["scenario_runs"]
    assert saved["id"] == run and saved["scenario"] == "incident"
    assert saved["path"] == ["start"] and saved["choices"] == [] and saved["finished"] is None

    me.record_choice(run, 1, "triage")
    me.record_choice(run, 0, "fix")
    saved = course_on_disk(store, "Ada")["scenario_runs"][0]
    assert saved["path"] == ["start", "triage", "fix"]
    assert saved["choices"] == [1, 0]

    me.finish_run(run, 7, "good-ending")
    saved = course_on_disk(store, "Ada")["scenario_runs"][0]
    assert saved["finished"] is not None
    assert saved["score"] == 7 and saved["ending"] == "good-ending"

    other = me.start_run("incident", "start")
    runs = course_on_disk(store, "Ada")["scenario_runs"]
    assert [r["id"] for r in runs] == [run, other]
    assert runs[0]["ending"] == "good-ending"


def test_courses_are_kept_apart(store: Store) -> None:
    Learner(store, "Ada", "course-a").visit_section("l1", "s1", last=True)
    Learner(store, "Ada", "course-b").visit_section("l9", "s9", last=False)
    disk = on_disk(store, "Ada")
    assert set(disk["courses"]) == {"course-a", "course-b"}
    assert disk["courses"]["course-a"]["lessons"]["l1"]["completed"]
    assert disk["courses"]["course-b"]["lessons"]["l9"]["completed"] is None


def test_no_temp_files_left_after_writes(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    for i in range(5):
        me.visit_section("l", f"s{i}", last=False)
    assert files(store.folder) == {store.path_for("Ada").name}


def test_file_is_utf8_json_with_text_not_escapes(store: Store) -> None:
    Learner(store, "张伟", COURSE).set_setting("note", "你好")
    raw = store.path_for("张伟").read_bytes()
    assert "张伟".encode("utf-8") in raw and "你好".encode("utf-8") in raw


# -- learner names are data ------------------------------------------------------------
NAMES = [
    "张伟",
    "李小龙 (Bruce)",
    "../../x",
    "../../../etc/passwd",
    "a/b",
    "a\\b",
    "CON",
    "nul.txt",
    "learner-0123.json",
    ".hidden",
    '*?<>|:"',
    "[b]bold[/b] [@click=app.quit]",
    "émoji 🎓",
    "x" * store_mod.MAX_NAME_LENGTH,
]


@pytest.mark.parametrize("name", NAMES, ids=[repr(n)[:30] for n in NAMES])
def test_names_are_data(store: Store, name: str) -> None:
    me = Learner(store, name, COURSE)
    me.visit_section("l", "s", last=False)
    path = store.path_for(name)
    assert path.parent == store.folder
    assert FILE_RE.fullmatch(path.name)
    assert files(store.folder) == {path.name}
    # nothing escaped the folder
    assert sorted(p.name for p in store.folder.parent.iterdir()) == ["store"]
    disk = on_disk(store, name)
    assert disk["learner"]["name"] == name
    assert store.read(name)["courses"][COURSE]["lessons"]["l"]["seen"] == ["s"]
    assert store.learners() == [name]
    assert store.notices == []


def test_names_are_trimmed(store: Store) -> None:
    Learner(store, "  spaced  ", COURSE).set_setting("a", 1)
    assert store.path_for(" spaced ") == store.path_for("spaced") == store.path_for("\tspaced\n")
    assert on_disk(store, "spaced")["learner"]["name"] == "spaced"
    assert store.learners() == ["spaced"]
    Learner(store, "spaced", COURSE).set_setting("b", 2)
    assert on_disk(store, "spaced")["settings"] == {"a": 1, "b": 2}
    assert len(files(store.folder)) == 1


def test_different_names_get_different_files(store: Store) -> None:
    names = ["a/b", "a_b", "ab", "AB", "Ab", "a b", "张伟", "张 伟"]
    paths = {store.path_for(n) for n in names}
    assert len(paths) == len(names)
    for n in names:
        Learner(store, n, COURSE).set_setting("who", n)
    for n in names:
        assert on_disk(store, n)["settings"]["who"] == n
    assert sorted(store.learners()) == sorted(names)


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None, 42])
def test_empty_or_non_text_name_is_refused(store: Store, bad) -> None:
    with pytest.raises(StoreError, match="empty"):
        store.path_for(bad)
    with pytest.raises(StoreError):
        store.update(bad, lambda doc: None)
    with pytest.raises(StoreError):
        store.read(bad)
    with pytest.raises(StoreError):
        store.set_last_learner(bad)
    assert not store.folder.exists() or files(store.folder) == set()


CONTROL_NAMES = ["two\nlines", "tab\there", "cr\rname", "esc\x1b]2;title\x07", "csi\x1b[2J", "del\x7f", "c1\x9bx", "nul\x00", "ls\u2028x"]


@pytest.mark.parametrize("bad", CONTROL_NAMES, ids=[repr(n) for n in CONTROL_NAMES])
def test_names_with_control_characters_are_refused(store: Store, bad: str) -> None:
    with pytest.raises(StoreError, match="control characters") as info:
        store.update(bad, lambda doc: None)
    assert not any(ch in str(info.value) for ch in "\n\r\t\x1b\x07\x7f\x9b\x00")  # the message shows it inert
    with pytest.raises(StoreError, match="control characters"):
        Learner(store, bad, COURSE)
    with pytest.raises(StoreError, match="control characters"):
        store.set_last_learner(bad)
    assert not store.folder.exists()


def test_too_long_name_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="at most"):
        Learner(store, "x" * (store_mod.MAX_NAME_LENGTH + 1), COURSE)


def test_undecodable_name_is_refused_with_store_error(store: Store) -> None:
    # e.g. `--learner $'\xff'` in a UTF-8 locale arrives as a lone surrogate
    with pytest.raises(StoreError, match="valid text"):
        Learner(store, "bad\udcffname", COURSE)
    with pytest.raises(StoreError):
        store.update("bad\udcffname", lambda doc: None)


# -- learners(), last learner, rename --------------------------------------------------
def test_learners_lists_names_and_skips_other_files(store: Store) -> None:
    assert store.learners() == []  # no folder yet
    for name in ("Ada", "张伟", "a/b"):
        Learner(store, name, COURSE).set_setting("x", 1)
    # a moved-aside file, a migration backup, a file whose name is not the hash of the name it
    # holds (a renamed learner's: listed), an unreadable file, and unrelated files
    base = store.path_for("Ada").stem
    (store.folder / f"{base}.unreadable-20240101T000000.json").write_bytes(json.dumps(valid_doc("Ada")).encode())
    (store.folder / f"{base}.v1.bak.json").write_bytes(json.dumps(valid_doc("Ada")).encode())
    (store.folder / "learner-000000000000000000000000.json").write_text(json.dumps(valid_doc("Mallory")))
    store.path_for("Broken").write_bytes(b"{not json")
    (store.folder / "notes.json").write_text("{}")
    store.set_last_learner("Ada")
    assert sorted(store.learners()) == sorted(["Ada", "张伟", "a/b", "Mallory"])
    assert store.notices == []  # listing never moves anything
    assert store.path_for("Broken").read_bytes() == b"{not json"


def test_learners_most_recent_first(store: Store) -> None:
    store.folder.mkdir(parents=True)
    for name, updated in (("old", "2023-01-01T00:00:00+00:00"), ("new", "2025-01-01T00:00:00+00:00"), ("mid", "2024-06-01T00:00:00+00:00")):
        store.path_for(name).write_text(json.dumps(valid_doc(name, updated=updated)), encoding="utf-8")
    assert store.learners() == ["new", "mid", "old"]
    Learner(store, "old", COURSE).set_setting("x", 1)  # now the most recent
    assert store.learners()[0] == "old"


def test_last_learner(store: Store) -> None:
    assert store.last_learner() is None
    store.set_last_learner("  张伟 ")
    assert store.last_learner() == "张伟"
    state = json.loads(store.state_path.read_text(encoding="utf-8"))
    assert state["last_learner"] == "张伟"
    store.set_last_learner("../../x")
    assert Store(store.folder).last_learner() == "../../x"
    # a damaged state file just means "no last learner"
    store.state_path.write_bytes(b"\xff\xfe garbage")
    assert store.last_learner() is None
    store.state_path.write_text('["a list"]')
    assert store.last_learner() is None
    store.state_path.write_text('{"last_learner": 5}')
    assert store.last_learner() is None
    store.set_last_learner("Ada")
    assert store.last_learner() == "Ada"
    assert "store.json" not in {p.name for p in store.folder.glob("learner-*")}
    assert store.learners() == []  # the state file is not a learner


def test_rename_keeps_progress_and_updates_last_learner(store: Store) -> None:
    me = Learner(store, "Ada", COURSE)
    me.visit_section("l1", "s1", last=True)
    attempt = me.start_attempt("quiz1", "practice", ["q1"])
    me.record_answer(attempt, "q1", 0, 0.0, "quiz1")
    me.set_setting("lang", "zh")
    store.set_last_learner("Ada")
    before = on_disk(store, "Ada")
    old_path = store.path_for("Ada")

    store.rename("Ada", "  阿达 ")
    assert store.locate("阿达") == old_path  # the learner keeps their file: one atomic write
    assert not store.exists("Ada") and not store.path_for("阿达").exists()
    after = json.loads(old_path.read_bytes())
    assert after["learner"]["name"] == "阿达"
    assert after["learner"]["previous_names"] == ["Ada"]
    assert after["courses"] == before["courses"]
    assert after["settings"] == before["settings"]
    assert store.last_learner() == "阿达"
    assert store.learners() == ["阿达"]
    assert files(store.folder) == {old_path.name, "store.json"}

    # progress continues under the new name, in the same file
    again = Learner(store, "阿达", COURSE)
    again.record_answer(attempt, "q1", 1, 1.0, "quiz1")
    assert json.loads(old_path.read_bytes())["courses"][COURSE]["review"]["q1"]["right"] == 1
    assert files(store.folder) == {old_path.name, "store.json"}

    store.rename("阿达", "Ada Lovelace")
    assert json.loads(old_path.read_bytes())["learner"]["previous_names"] == ["Ada", "阿达"]
    assert store.locate("Ada Lovelace") == old_path


def test_rename_does_not_touch_other_last_learner(store: Store) -> None:
    Learner(store, "Ada", COURSE).set_setting("x", 1)
    store.set_last_learner("Bob")
    store.rename("Ada", "Ada2")
    assert store.last_learner() == "Bob"


def test_rename_onto_existing_learner_is_refused(store: Store) -> None:
    Learner(store, "Ada", COURSE).set_setting("who", "ada")
    Learner(store, "Bob", COURSE).set_setting("who", "bob")
    with pytest.raises(StoreError, match="already exists"):
        store.rename("Ada", "Bob")
    assert on_disk(store, "Ada")["settings"]["who"] == "ada"
    assert on_disk(store, "Bob")["settings"]["who"] == "bob"


def test_rename_to_same_name_is_noop(store: Store) -> None:
    Learner(store, "Ada", COURSE).set_setting("x", 1)
    before = store.path_for("Ada").read_bytes()
    store.rename("Ada", " Ada ")
    assert store.path_for("Ada").read_bytes() == before


def test_rename_with_bad_names(store: Store) -> None:
    with pytest.raises(StoreError):
        store.rename("", "Bob")
    with pytest.raises(StoreError):
        store.rename("Ada", "   ")


# -- unreadable files are moved aside -------------------------------------------------
def _truncated(name: str) -> bytes:
    data = json.dumps(valid_doc(name, courses={COURSE: {"lessons": {"l": {"seen": ["s"]}}}})).encode()
    return data[: len(data) // 2]


def _latin1(name: str) -> bytes:
    # UTF-8 everywhere except one character saved in Latin-1 (e.g. edited by hand in an old editor)
    data = json.dumps(valid_doc(name, settings={"note": "café"}), ensure_ascii=False).encode("utf-8")
    return data.replace("café".encode("utf-8"), "café".encode("latin-1"))


CORRUPT = {
    "truncated": _truncated,
    "empty": lambda name: b"",
    "not-utf8": _latin1,
    "binary": lambda name: bytes(range(256)),
    "json-array": lambda name: json.dumps([valid_doc(name)]).encode(),
    "json-string": lambda name: b'"hello"',
    "name-with-escape": lambda name: json.dumps(valid_doc(name + "\x1b]2;pwned\x07")).encode(),
    "no-learner": lambda name: json.dumps({"schema_version": 1, "courses": {}}).encode(),
    "no-version": lambda name: json.dumps({k: v for k, v in valid_doc(name).items() if k != "schema_version"}).encode(),
    "bool-version": lambda name: json.dumps(valid_doc(name, schema_version=True)).encode(),
    "zero-version": lambda name: json.dumps(valid_doc(name, schema_version=0)).encode(),
    "attempts-not-list": lambda name: json.dumps(valid_doc(name, courses={COURSE: {"attempts": {"a": 1}}})).encode(),
    "attempts-string": lambda name: json.dumps(valid_doc(name, courses={COURSE: {"attempts": "oops"}})).encode(),
    "review-list": lambda name: json.dumps(valid_doc(name, courses={COURSE: {"review": []}})).encode(),
    "course-not-object": lambda name: json.dumps(valid_doc(name, courses={COURSE: 3})).encode(),
    "settings-list": lambda name: json.dumps(valid_doc(name, settings=[1])).encode(),
    "deeply-nested": lambda name: b"[" * 200_000,
}

NAME = "José 张"


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_unreadable_file_is_moved_aside_on_read(store: Store, kind: str) -> None:
    store.folder.mkdir(parents=True)
    original = CORRUPT[kind](NAME)
    path = store.path_for(NAME)
    path.write_bytes(original)

    doc = store.read(NAME)

    assert doc["learner"]["name"] == NAME
    assert doc["courses"] == {} and doc["settings"] == {}
    assert doc["schema_version"] == store_mod.SCHEMA_VERSION
    [aside] = moved_aside(store.folder)
    assert aside.parent == store.folder
    assert aside.read_bytes() == original  # every byte kept
    assert not path.exists()  # read() does not write a new file by itself
    assert files(store.folder) == {aside.name}  # nothing deleted, nothing else created
    [notice] = store.notices
    assert str(aside) in notice
    assert repr(NAME) in notice
    assert "nothing was deleted" in notice
    # the moved-aside file is not a learner
    assert store.learners() == []


@pytest.mark.parametrize("kind", ["truncated", "not-utf8", "json-array", "name-with-escape", "attempts-not-list"])
def test_unreadable_file_is_moved_aside_on_update(store: Store, kind: str) -> None:
    store.folder.mkdir(parents=True)
    original = CORRUPT[kind](NAME)
    path = store.path_for(NAME)
    path.write_bytes(original)

    me = Learner(store, NAME, COURSE)  # reads: moves the file aside
    me.visit_section("l1", "s1", last=False)

    [aside] = moved_aside(store.folder)
    assert aside.read_bytes() == original
    assert len(store.notices) == 1 and str(aside) in store.notices[0]
    disk = on_disk(store, NAME)
    assert disk["learner"]["name"] == NAME
    assert disk["courses"][COURSE]["lessons"]["l1"]["seen"] == ["s1"]
    assert disk["settings"] == {}
    assert files(store.folder) == {aside.name, path.name}
    assert store.learners() == [NAME]


def test_file_broken_by_hand_while_learner_is_open(store: Store) -> None:
    me = Learner(store, NAME, COURSE)
    me.visit_section("l1", "s1", last=False)
    good = store.path_for(NAME).read_bytes()
    store.path_for(NAME).write_bytes(good[:-7])  # e.g. an editor saved half a file
    me.visit_section("l1", "s2", last=False)
    [aside] = moved_aside(store.folder)
    assert aside.read_bytes() == good[:-7]
    assert course_on_disk(store, NAME)["lessons"]["l1"]["seen"] == ["s2"]
    assert len(store.notices) == 1


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2024, 5, 6, 7, 8, 9, tzinfo=tz or None)


def test_corrupt_events_in_the_same_second_never_overwrite(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "datetime", _FrozenDatetime)
    store.folder.mkdir(parents=True)
    path = store.path_for(NAME)
    originals = [f"broken number {i} {{".encode() for i in range(4)]
    for data in originals:
        path.write_bytes(data)
        store.read(NAME)
    asides = moved_aside(store.folder)
    assert len(asides) == 4
    assert len(set(asides)) == 4
    assert sorted(p.read_bytes() for p in asides) == sorted(originals)
    assert all("20240506T070809" in p.name for p in asides)
    assert len(store.notices) == 4
    for notice in store.notices:
        assert sum(str(p) in notice for p in asides) >= 1
    # each notice names a different file
    named = [next(str(p) for p in asides if f"moved to {p} " in n) for n in store.notices]
    assert len(set(named)) == 4


def test_corrupt_events_real_clock_back_to_back(store: Store) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_for(NAME)
    originals = [f"[{i}".encode() for i in range(5)]
    for data in originals:
        path.write_bytes(data)
        Learner(store, NAME, COURSE)
    assert sorted(p.read_bytes() for p in moved_aside(store.folder)) == sorted(originals)
    assert len(store.notices) == 5


# -- newer schema is refused untouched ------------------------------------------------
@pytest.mark.parametrize(
    "doc",
    [
        valid_doc(NAME, schema_version=99),
        # a future shape the current checks would reject must still be refused, not moved
        valid_doc(NAME, schema_version=99, courses=[{"future": True}], settings="future"),
    ],
    ids=["v99", "v99-new-shape"],
)
def test_newer_schema_is_refused_untouched(store: Store, doc: dict) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_for(NAME)
    original = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    path.write_bytes(original)
    stat_before = path.stat()

    with pytest.raises(StoreError, match="newer") as info:
        store.read(NAME)
    assert "99" in str(info.value) and str(path) in str(info.value)
    with pytest.raises(StoreError, match="newer"):
        store.update(NAME, lambda d: d["settings"].__setitem__("x", 1))
    with pytest.raises(StoreError, match="newer"):
        Learner(store, NAME, COURSE)
    with pytest.raises(StoreError, match="newer"):
        store.rename(NAME, "Other")

    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert store.notices == []
    assert moved_aside(store.folder) == []
    assert files(store.folder) == {path.name}


# -- migrations -----------------------------------------------------------------------
# The mechanism, tested one step past the current version (NOW → NEXT).
NOW = SCHEMA_VERSION
NEXT = SCHEMA_VERSION + 1


def test_a_version_1_file_gains_empty_notes_and_bookmarks_and_keeps_a_backup(store: Store) -> None:
    v1 = valid_doc(NAME, schema_version=1, courses={COURSE: {"lessons": {"l1": {"section": "s1", "seen": ["s1"]}}}})
    path = store.path_for(NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(v1), encoding="utf-8")
    doc = store.read(NAME)
    assert doc["schema_version"] == 2
    assert doc["courses"][COURSE]["notes"] == {} and doc["courses"][COURSE]["bookmarks"] == {}
    assert doc["courses"][COURSE]["lessons"]["l1"]["seen"] == ["s1"]
    assert json.loads(path.with_name(f"{path.stem}.v1.bak.json").read_text(encoding="utf-8")) == v1
    assert on_disk(store, NAME)["schema_version"] == 2


def test_migration_to_the_next_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    me = Learner(store, NAME, COURSE)
    me.visit_section("l1", "s1", last=True)
    me.set_setting("lang", "zh")
    path = store.path_for(NAME)
    v1_bytes = path.read_bytes()
    assert json.loads(v1_bytes)["schema_version"] == NOW

    calls: list[dict] = []

    def v1_to_v2(doc: dict) -> dict:
        calls.append(json.loads(json.dumps(doc)))
        doc = dict(doc)
        doc["schema_version"] = NEXT
        settings = dict(doc["settings"])
        settings["language"] = settings.pop("lang")
        doc["settings"] = settings
        doc["migrated_from"] = NOW
        return doc

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store_mod.MIGRATIONS, NOW, v1_to_v2)

    doc = store.read(NAME)
    assert len(calls) == 1 and calls[0]["schema_version"] == NOW
    assert doc["schema_version"] == NEXT
    assert doc["settings"] == {"language": "zh"}
    assert doc["migrated_from"] == NOW
    assert doc["courses"][COURSE]["lessons"]["l1"]["completed"]

    # the saved file is the migrated one
    disk = on_disk(store, NAME)
    assert disk["schema_version"] == NEXT
    assert disk["settings"] == {"language": "zh"}
    assert disk["courses"] == json.loads(v1_bytes)["courses"]

    # a byte-for-byte backup of the old file
    backup = path.with_name(f"{path.stem}.v{NOW}.bak.json")
    assert backup.read_bytes() == v1_bytes
    assert files(store.folder) == {path.name, backup.name}
    assert store.notices == []
    assert store.learners() == [NAME]  # the backup is not listed

    # already migrated: no second migration, the backup is kept as is
    Learner(store, NAME, COURSE).visit_section("l2", "s1", last=False)
    assert len(calls) == 1
    assert backup.read_bytes() == v1_bytes
    assert on_disk(store, NAME)["schema_version"] == NEXT
    assert on_disk(store, NAME)["settings"] == {"language": "zh"}


def test_migration_happens_inside_update(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    Learner(store, NAME, COURSE).set_setting("a", 1)
    v1_bytes = store.path_for(NAME).read_bytes()

    def v1_to_v2(doc: dict) -> dict:
        return {**doc, "schema_version": NEXT, "new_field": []}

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store_mod.MIGRATIONS, NOW, v1_to_v2)
    store.update(NAME, lambda doc: doc["new_field"].append("x"))
    disk = on_disk(store, NAME)
    assert disk["schema_version"] == NEXT
    assert disk["new_field"] == ["x"]
    assert disk["settings"] == {"a": 1}
    path = store.path_for(NAME)
    assert path.with_name(f"{path.stem}.v{NOW}.bak.json").read_bytes() == v1_bytes


def test_missing_migration_is_an_error_and_keeps_the_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    Learner(store, NAME, COURSE).set_setting("a", 1)
    path = store.path_for(NAME)
    v1_bytes = path.read_bytes()
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)  # but no MIGRATIONS[NOW]
    with pytest.raises(StoreError, match="no migration"):
        store.read(NAME)
    assert path.read_bytes() == v1_bytes
    assert store.notices == []


def test_new_learner_gets_current_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    Learner(store, "Fresh", COURSE).set_setting("a", 1)
    assert on_disk(store, "Fresh")["schema_version"] == NEXT
    assert list(store.folder.glob("*.bak.json")) == []


# -- leftovers, failures ----------------------------------------------------------------
def test_leftover_temp_files_removed_on_read(store: Store) -> None:
    Learner(store, NAME, COURSE).set_setting("a", 1)
    path = store.path_for(NAME)
    good = path.read_bytes()
    temps = [store.folder / f".{path.name}.{suffix}.tmp" for suffix in ("abc123", "x_y-z")]
    temps[0].write_bytes(good[:10])
    temps[1].write_bytes(b"")
    other = store.folder / ".learner-ffffffffffffffffffffffff.json.abc.tmp"  # another learner's
    other.write_bytes(b"{")

    assert store.read(NAME)["settings"] == {"a": 1}
    assert not any(t.exists() for t in temps)
    assert other.exists()  # only this learner's leftovers are touched (under its lock)
    assert path.read_bytes() == good
    assert store.notices == []


def test_a_whole_file_is_read_without_the_lock(store: Store) -> None:
    """Files are replaced atomically, so a plain read takes no lock (start-up time); a file
    another writer replaces after that read is still noticed by the next one."""
    Learner(store, NAME, COURSE).set_setting("a", 1)
    for lock in store.folder.glob("*.lock"):
        lock.unlink()
    reader = Store(store.folder)
    assert reader.read(NAME)["settings"] == {"a": 1}
    assert not list(store.folder.glob("*.lock"))
    Learner(store, NAME, COURSE).set_setting("a", 2)  # another writer (its own Store)
    assert reader.read(NAME)["settings"] == {"a": 2}
    assert reader.update(NAME, lambda doc: doc["settings"].update(b=3))["settings"] == {"a": 2, "b": 3}
    assert on_disk(store, NAME)["settings"] == {"a": 2, "b": 3}


def test_leftover_temp_files_removed_on_update(store: Store) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_for(NAME)
    # a writer killed during the very first save leaves only the temp file
    temp = store.folder / f".{path.name}.k1ll3d.tmp"
    temp.write_bytes(b'{"schema_version": 1, "lear')
    Learner(store, NAME, COURSE).set_setting("a", 1)
    assert not temp.exists()
    assert on_disk(store, NAME)["settings"] == {"a": 1}
    assert files(store.folder) == {path.name}


def test_exception_in_change_writes_nothing(store: Store) -> None:
    me = Learner(store, NAME, COURSE)
    me.set_setting("a", 1)
    path = store.path_for(NAME)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns

    class Boom(Exception):
        pass

    def change(doc: dict) -> None:
        doc["settings"]["a"] = 2
        doc["courses"].clear()
        doc["learner"]["name"] = "hijacked"
        raise Boom

    with pytest.raises(Boom):
        store.update(NAME, change)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert files(store.folder) == {path.name}
    assert store.read(NAME)["settings"] == {"a": 1}
    assert me.settings == {"a": 1}  # the learner's cached doc is not half-changed


def test_exception_in_change_for_new_learner_creates_no_file(store: Store) -> None:
    with pytest.raises(ZeroDivisionError):
        store.update("Newbie", lambda doc: 1 / 0)
    assert not store.path_for("Newbie").exists()
    assert store.learners() == []


def test_update_returns_saved_doc_and_does_not_share_state(store: Store) -> None:
    saved = store.update(NAME, lambda doc: doc["settings"].__setitem__("k", [1]))
    saved["settings"]["k"].append(2)  # mutating the returned doc must not change the file
    assert on_disk(store, NAME)["settings"] == {"k": [1]}
    assert store.read(NAME) == on_disk(store, NAME)


def test_store_folder_that_is_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.write_text("I am a file")
    store = Store(folder)
    with pytest.raises(StoreError, match="not a folder") as info:
        store.update("Ada", lambda doc: None)
    assert str(folder) in str(info.value)
    with pytest.raises(StoreError, match="not a folder"):
        Learner(store, "Ada", COURSE).set_setting("a", 1)
    with pytest.raises(StoreError, match="not a folder"):
        store.set_last_learner("Ada")
    with pytest.raises(StoreError, match="not a folder"):
        store.rename("Ada", "Bob")
    assert store.learners() == []
    assert store.last_learner() is None
    assert folder.read_text() == "I am a file"


def test_store_folder_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = Store(tmp_path / "file" / "progress")
    with pytest.raises(StoreError, match="cannot create the progress store folder") as info:
        store.update("Ada", lambda doc: None)
    assert str(store.folder) in str(info.value)


def test_store_folder_is_created_with_parents(tmp_path: Path) -> None:
    store = Store(tmp_path / "a" / "b" / "c")
    Learner(store, "Ada", COURSE).set_setting("a", 1)
    assert on_disk(store, "Ada")["settings"] == {"a": 1}


def test_learner_path_that_is_a_folder(store: Store) -> None:
    store.path_for(NAME).mkdir(parents=True)
    with pytest.raises(StoreError, match="cannot"):
        store.update(NAME, lambda doc: None)
    assert store.path_for(NAME).is_dir()


def test_updated_timestamp_changes_on_every_save(store: Store) -> None:
    store.update(NAME, lambda doc: None)
    disk = on_disk(store, NAME)
    assert datetime.fromisoformat(disk["updated"]) <= datetime.now(timezone.utc)
    assert datetime.fromisoformat(disk["learner"]["created"]) <= datetime.fromisoformat(disk["updated"])


def test_migration_that_forgets_the_version_still_advances(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    Learner(store, NAME, COURSE).set_setting("lang", "zh")
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store_mod.MIGRATIONS, NOW, lambda doc: {**doc, "extra": True})  # no version bump
    doc = store.read(NAME)
    assert doc["schema_version"] == NEXT and doc["extra"] is True


def test_migration_producing_a_malformed_doc_keeps_the_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    Learner(store, NAME, COURSE).visit_section("l1", "s1", last=False)
    path = store.path_for(NAME)
    before = path.read_bytes()
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store_mod.MIGRATIONS, NOW, lambda doc: {**doc, "courses": {"c": {"attempts": "oops"}}})
    with pytest.raises(StoreError, match="malformed"):
        store.read(NAME)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "course_part",
    [
        {"attempts": ["not an object"]},
        {"attempts": [{"id": "a", "answers": []}]},
        {"lessons": {"l1": {"seen": "s1"}}},
        {"scenario_runs": [{"path": "abc"}]},
        {"position": ["lesson"]},
        {"review": {"q1": 3}},
    ],
)
def test_malformed_items_are_moved_aside(store: Store, course_part: dict) -> None:
    doc = valid_doc(NAME)
    doc["courses"] = {COURSE: course_part}
    store.path_for(NAME).parent.mkdir(parents=True, exist_ok=True)
    store.path_for(NAME).write_text(json.dumps(doc), encoding="utf-8")
    fresh = store.read(NAME)
    assert fresh["courses"] == {}
    assert len(moved_aside(store.folder)) == 1 and len(store.notices) == 1


def test_renaming_a_learner_without_progress_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no learner called"):
        store.rename("nobody", "somebody")
    assert store.learners() == []


def test_a_change_nested_deeper_than_the_store_reads_is_not_saved(tmp_path: Path) -> None:
    """What the store would refuse to read back (nested more than MAX_DEPTH levels) is never
    written; a document just within the bound is saved and read back."""
    from course_tui.learning.store import MAX_DEPTH, StoreError

    store = Store(tmp_path)
    deep: list = []
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(StoreError, match="nested too deeply"):
        store.update("Ada", lambda doc: doc["settings"].__setitem__("deep", deep))
    assert not store.path_for("Ada").exists()
    ok: list = []
    for _ in range(MAX_DEPTH - 3):  # the document, settings, the value: MAX_DEPTH levels in all
        ok = [ok]
    store.update("Ada", lambda doc: doc["settings"].__setitem__("deep", ok))
    assert Store(tmp_path).read("Ada")["settings"]["deep"] == ok and Store(tmp_path).notices == []
