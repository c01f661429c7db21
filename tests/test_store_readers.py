"""Only the learner's own session changes the store; every other reader (report, export xapi,
the learner list) only reads, skips what it cannot read with one line per file, and fails only
when nothing could be read. Learner files are named once (renames are one atomic write), and
names must be names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from coursekit import write_course
from reportkit import make_course, make_store

from course_tui.cli import main
from course_tui.learning import store as store_mod
from course_tui.learning.progress import Learner
from course_tui.learning.session import SessionError, open_session
from course_tui.learning.store import Store, StoreError


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readers")
    make_store(make_course(root / "c"), root / "s")
    return root


@pytest.fixture
def setup(template: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(template / "c", tmp_path / "c")
    shutil.copytree(template / "s", tmp_path / "s")
    return tmp_path / "c", tmp_path / "s"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.endswith(".lock")}


def newer(store: Path, name: str) -> Path:
    path = Store(store).path_for(name)
    path.write_text(json.dumps({"schema_version": 99, "learner": {"name": name}, "courses": "a future shape"}), encoding="utf-8")
    return path


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("course-tui: warning: ")]


# -- report and export xapi only read ----------------------------------------------------------
def test_report_never_changes_the_store(setup, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    course, store = setup
    newer(store, "Bob")
    temp = store / f".{Store(store).path_for('Amy').name}.k1ll3d.tmp"  # a killed writer's
    temp.write_bytes(b"{")
    now = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", now + 1)  # every other file is now an older version
    monkeypatch.setitem(store_mod.MIGRATIONS, now, lambda doc: doc)
    before = snapshot(store)
    assert main(["report", "--course", str(course), "--store", str(store), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    [line] = warnings(err)
    assert "newer course-tui (store version 99" in line and "left out" in line
    names = {row["name"] for row in json.loads(out)["learners"]}
    assert names == {"小王", "Amy"}  # migrated in memory, Bob left out
    assert snapshot(store) == before  # no backup, no migration on disk, the temp file kept


def test_report_on_a_store_it_cannot_read_at_all_fails(setup, capsys) -> None:
    course, store = setup
    for path in store.glob("learner-*.json"):
        path.write_bytes(b"\x00 not json")
    assert main(["report", "--course", str(course), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert len(warnings(err)) == 4 and "nothing to report" in err


def test_export_xapi_says_what_it_skips_and_goes_on_past_a_newer_file(setup, capsys) -> None:
    course, store = setup
    newer(store, "Bob")
    (store / "learner-0000garbage.json").write_bytes(b"{not json")
    before = snapshot(store)
    assert main(["export", "xapi", "--course", str(course), "--store", str(store)]) == 0
    out, err = capsys.readouterr()
    lines = warnings(err)
    assert len(lines) == 2
    assert any("learner-0000garbage.json could not be read" in line for line in lines)
    assert any("newer course-tui" in line for line in lines)
    assert json.loads(out)  # the others were exported
    assert "小王 → account" in err and "Amy → account" in err
    assert snapshot(store) == before


def test_export_xapi_fails_only_when_nothing_could_be_read(setup, capsys) -> None:
    course, store = setup
    for path in store.glob("learner-*.json"):
        path.write_bytes(b"[")
    assert main(["export", "xapi", "--course", str(course), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert len(warnings(err)) == 4 and "could be read" in err


def test_readers_never_create_the_store_folder(tmp_path: Path, capsys) -> None:
    course = write_course(tmp_path / "c")
    missing = tmp_path / "nowhere"
    assert main(["export", "xapi", "--course", str(course), "--store", str(missing)]) == 0
    assert main(["report", "--course", str(course), "--store", str(missing)]) == 1
    assert Store(missing).learners() == [] and Store(missing).read_all() == ([], [])
    assert not missing.exists()


def test_peek_reads_without_moving_and_says_why(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.update("Ada", lambda doc: None)
    store.path_for("Ada").write_bytes(b'{"schema_version": 1, "learner": {"name": "Ada"}, "courses": {"c": {"review": {"q": {"wrong": "many"}}}}}')
    with pytest.raises(StoreError, match=r"\$\.courses\.c\.review\.q\.wrong: expected `int`, got `str`"):
        store.peek("Ada")
    assert store.path_for("Ada").exists() and not list(store.folder.glob("*.unreadable-*"))
    assert store.peek("Nobody yet")["learner"]["name"] == "Nobody yet"


# -- renames: the file keeps its name ------------------------------------------------------------
def test_a_new_learner_whose_file_name_a_renamed_learner_holds_gets_another_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    Learner(store, "Ada", "c").visit_section("l", "s1", last=False)
    store.rename("Ada", "Bea")
    newcomer = Learner(store, "Ada", "c")
    assert newcomer.course == {}  # not Bea's progress
    newcomer.visit_section("l", "other", last=False)
    ada, bea = store.locate("Ada"), store.locate("Bea")
    assert bea == store.path_for("Ada") and ada.name == f"{store.path_for('Ada').stem}-2.json"
    assert json.loads(bea.read_bytes())["courses"]["c"]["lessons"]["l"]["seen"] == ["s1"]
    assert json.loads(ada.read_bytes())["courses"]["c"]["lessons"]["l"]["seen"] == ["other"]
    assert sorted(store.learners()) == ["Ada", "Bea"]
    with pytest.raises(StoreError, match="already exists"):
        store.rename("Bea", "Ada")
    store.rename("Bea", "Cy")  # and back through the folder scan
    assert store.locate("Cy") == bea and Store(store.folder).read("Cy")["courses"]["c"]["lessons"]["l"]["seen"] == ["s1"]


def test_a_rename_killed_before_it_recorded_the_last_learner_still_opens_that_learner(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c")
    session = open_session(course, store=tmp_path / "s", learner="Ada")
    session.learner.visit_section("intro", "one", last=False)
    store = Store(tmp_path / "s")
    store.rename("Ada", "Bea")
    store.set_last_learner("Ada")  # as if killed between the learner's file and store.json
    again = open_session(course, store=tmp_path / "s")
    assert again.learner.name == "Bea" and again.learner_name == "Bea"
    assert again.learner.course["lessons"]["intro"]["seen"] == ["one"]
    assert Store(tmp_path / "s").last_learner() == "Bea"
    assert sorted(Store(tmp_path / "s").learners()) == ["Bea"]  # no empty "Ada" was made


def test_the_state_files_leftover_temp_files_are_removed_at_the_next_start(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c")
    open_session(course, store=tmp_path / "s", learner="Ada")
    store = Store(tmp_path / "s")
    leftovers = [tmp_path / "s" / f".store.json.{k}.tmp" for k in ("a1", "b2", "c3")]
    for path in leftovers:
        path.write_bytes(b'{"schema_version": 1, "last_')
    assert store.leftovers() == sorted(leftovers)
    open_session(course, store=tmp_path / "s", learner="Ada")  # same learner: nothing else to write
    assert not any(p.exists() for p in leftovers)
    assert store.last_learner() == "Ada"


# -- names ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["", " ", "\t \n"])
def test_an_empty_learner_name_is_refused_not_taken_as_the_last_learner(tmp_path: Path, capsys, name: str) -> None:
    course = write_course(tmp_path / "c")
    open_session(course, store=tmp_path / "s", learner="Ada")
    with pytest.raises(SessionError, match="cannot be empty"):
        open_session(course, store=tmp_path / "s", learner=name)
    assert main(["--course", str(course), "--store", str(tmp_path / "s"), "--learner", name]) == 1
    assert "a learner name cannot be empty" in capsys.readouterr().err
    assert main(["quiz", "intro-quiz", "--course", str(course), "--store", str(tmp_path / "s"), "--learner", name]) == 1
    assert "a learner name cannot be empty" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Ada\r\nfake: line", "\x1b]52;c;aGk=\x07x", "a\x9b2J"])
def test_a_learner_name_with_control_characters_is_refused_with_an_inert_message(tmp_path: Path, capsys, name: str) -> None:
    course = write_course(tmp_path / "c")
    assert main(["--course", str(course), "--store", str(tmp_path / "s"), "--learner", name]) == 1
    err = capsys.readouterr().err
    assert "control characters" in err and len(err.splitlines()) == 1
    assert not any(ch in err for ch in "\r\x1b\x07\x9b")
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").glob("learner-*"))


def test_a_crafted_last_learner_with_escapes_is_not_used(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.folder.mkdir()
    store.state_path.write_text(json.dumps({"schema_version": 1, "last_learner": "x\x1b]2;owned\x07"}), encoding="utf-8")
    assert store.last_learner() is None  # the login name is used instead
    store.state_path.write_text("[" * 100_000, encoding="utf-8")
    assert store.last_learner() is None


@pytest.mark.parametrize("kind", ["fifo", "device-link"])
def test_a_learner_file_that_is_not_a_regular_file_never_hangs(setup, capsys, kind: str) -> None:
    import os

    course, store = setup
    path = Store(store).path_for("Amy")
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    assert main(["report", "--course", str(course), "--store", str(store)]) == 0
    [line] = warnings(capsys.readouterr().err)
    assert path.name in line and "not a regular file" in line
    assert main(["export", "xapi", "--course", str(course), "--store", str(store)]) == 0
    assert len(warnings(capsys.readouterr().err)) == 1
    session = open_session(course, store=store, learner="Amy")  # the learner's own session moves it aside
    [notice] = session.notices
    assert "not a regular file" in notice and "moved to" in notice
    [aside] = store.glob("learner-*.unreadable-*.json")
    assert aside.is_fifo() if kind == "fifo" else aside.is_symlink()
    assert session.learner.course == {} and path.is_file() and not path.is_symlink()  # a fresh start


def test_a_damaged_file_of_a_renamed_learner_is_moved_aside_only_by_their_own_session(tmp_path: Path) -> None:
    """Ada renamed to Bea keeps the file named from "Ada"; when Bea's file is damaged but
    still says it is Bea's, a new "Ada" session leaves it alone and starts another file;
    Bea's own session moves it aside, with a notice about Bea."""
    store = Store(tmp_path / "s")
    Learner(store, "Ada", "c").visit_section("l", "s1", last=False)
    store.rename("Ada", "Bea")
    bea_file = store.path_for("Ada")
    doc = json.loads(bea_file.read_bytes())
    doc["learner"]["created"] = "long ago"  # damaged: not a date
    damaged = json.dumps(doc).encode("utf-8")
    bea_file.write_bytes(damaged)

    ada_store = Store(tmp_path / "s")
    newcomer = Learner(ada_store, "Ada", "c")
    assert newcomer.course == {} and ada_store.notices == []
    newcomer.visit_section("l", "other", last=False)
    assert bea_file.read_bytes() == damaged  # not moved, not overwritten
    assert ada_store.locate("Ada").name == f"{bea_file.stem}-2.json"
    assert ada_store.locate("Bea") == bea_file

    bea_store = Store(tmp_path / "s")
    assert bea_store.read("Bea")["courses"] == {}
    [notice] = bea_store.notices
    assert "learner 'Bea'" in notice and "$.learner.created" in notice and not bea_file.exists()
    assert [p.name for p in (tmp_path / "s").glob(f"{bea_file.stem}.unreadable-*.json")]
    assert Store(tmp_path / "s").read("Ada")["courses"]["c"]["lessons"]["l"]["seen"] == ["other"]
