"""Session defaults: store folder, learner, language and theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import write_course

from course_tui.learning import locations
from course_tui.learning.locations import language_from_env, store_dir
from course_tui.learning.session import SessionError, open_session, pick_language
from course_tui.learning.store import Store


def test_store_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_TUI_STORE", str(tmp_path / "env"))
    assert store_dir(tmp_path / "arg") == tmp_path / "arg"
    assert store_dir() == tmp_path / "env"
    monkeypatch.delenv("COURSE_TUI_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store_dir() == tmp_path / "xdg" / "course-tui" / "store"


@pytest.mark.parametrize(
    "env, lang",
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_language_from_env(env, lang):
    assert language_from_env(env) == lang


def test_pick_language_order():
    assert pick_language("en", "zh", ("zh", "en"), {"LANG": "zh_CN"}) == "en"
    assert pick_language(None, "zh", ("zh", "en"), {"LANG": "en_US"}) == "zh"
    assert pick_language(None, None, ("zh", "en"), {"LANG": "zh_CN"}) == "zh"
    assert pick_language(None, None, ("zh", "en"), {}) == "en"
    # a one-language course always gets its language
    assert pick_language("en", "en", ("zh",), {"LANG": "en_US"}) == "zh"


def test_learner_defaults_to_last_then_login(tmp_path, monkeypatch):
    course = write_course(tmp_path / "c")
    monkeypatch.setattr(locations.getpass, "getuser", lambda: "loginname")
    first = open_session(course, store=tmp_path / "s")
    assert first.learner.name == "loginname"
    open_session(course, store=tmp_path / "s", learner="../../x")
    again = open_session(course, store=tmp_path / "s")
    assert again.learner.name == "../../x"
    assert sorted(p.name for p in (tmp_path / "s").iterdir() if p.suffix == ".json") == sorted(
        ["store.json", Store(tmp_path / "s").path_for("loginname").name, Store(tmp_path / "s").path_for("../../x").name]
    )
    assert not (tmp_path / "x").exists()


def test_language_and_theme_are_saved_per_learner(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    course = write_course(tmp_path / "c")
    s = open_session(course, store=tmp_path / "s", learner="a", lang="zh", theme="textual-light")
    assert (s.lang, s.theme) == ("zh", "textual-light")
    s = open_session(course, store=tmp_path / "s", learner="a")
    assert (s.lang, s.theme) == ("zh", "textual-light")
    s = open_session(course, store=tmp_path / "s", learner="b")
    assert (s.lang, s.theme) == ("en", "textual-dark")


def test_missing_course_folder(tmp_path):
    with pytest.raises(SessionError, match="not found"):
        open_session(Path(tmp_path / "nope"), store=tmp_path / "s")


def test_newer_store_file_is_a_session_error(tmp_path):
    course = write_course(tmp_path / "c")
    store = Store(tmp_path / "s")
    store.update("a", lambda doc: None)
    path = store.path_for("a")
    path.write_text(path.read_text(encoding="utf-8").replace('"schema_version":2', '"schema_version":99'), encoding="utf-8")
    with pytest.raises(SessionError, match="newer course-tui"):
        open_session(course, store=tmp_path / "s", learner="a")
