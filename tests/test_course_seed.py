"""The bundled course parsed when the wheel is built (course_tui.course.seed, issue #6).

A seed is used only for the installed package's own bundled course, and only while it
matches that course's files, the code and the Python; anything else and the course is
parsed as usual.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from coursekit import edit, write_course

from course_tui.course import bundled, cache, loader, seed
from course_tui.course.cache import CachedLoad, load_for_study
from course_tui.course.loader import load_course


@pytest.fixture
def seeded(tmp_path, monkeypatch) -> Path:
    """A course folder with a seed, standing in for the installed package's bundled course."""
    folder = write_course(tmp_path / "bundled")
    assert seed.build(folder, folder / seed.SEED_NAME)
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(bundled, "installed_bundle", lambda: folder)
    return folder


def _no_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the course was parsed")

    monkeypatch.setattr(loader, "load_course", refuse)


def test_the_seed_gives_the_same_course_without_parsing(seeded, monkeypatch):
    expected = load_course(seeded)
    _no_parsing(monkeypatch)
    got = load_for_study(seeded)
    assert isinstance(got, CachedLoad)
    assert got.course == expected.course and got.course.root == seeded.resolve()
    assert [f.format() for f in got.findings] == [f.format() for f in expected.findings]


def test_a_course_file_changed_after_the_build_is_parsed(seeded):
    write_course(seeded, edit("lessons/intro.en.md", "Text.", "Hello."))
    got = load_for_study(seeded)
    assert not isinstance(got, CachedLoad), "the edited course is parsed, not taken from the seed"
    assert got.course.lesson("intro").sections[0].body("en") == "Hello."


def test_a_seed_from_other_code_or_another_python_is_not_used(seeded, monkeypatch):
    assert seed.read(seeded) is not None
    with monkeypatch.context() as patch:  # only this; the fixture's own patches stay
        patch.setattr(seed, "code_digest", lambda: "other code")
        assert seed.read(seeded) is None
    stale = dict(seed.header(seeded), python=(2, 7))
    data = (seeded / seed.SEED_NAME).read_bytes()
    with open(seeded / seed.SEED_NAME, "rb") as handle:
        pickle.load(handle)
        rest = handle.read()
    (seeded / seed.SEED_NAME).write_bytes(pickle.dumps(stale) + rest)
    assert seed.read(seeded) is None
    (seeded / seed.SEED_NAME).write_bytes(data[: len(data) // 2])  # truncated
    assert seed.read(seeded) is None


def test_only_the_installed_bundle_uses_a_seed(seeded, monkeypatch):
    monkeypatch.setattr(bundled, "installed_bundle", lambda: None)  # a checkout, or --course DIR
    calls = []
    real = loader.load_course
    monkeypatch.setattr(loader, "load_course", lambda folder: calls.append(folder) or real(folder))
    load_for_study(seeded)
    assert calls == [seeded]


def test_the_cache_switched_off_switches_the_seed_off(seeded, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert not isinstance(load_for_study(seeded), CachedLoad)


def test_a_course_with_errors_gets_no_seed(tmp_path):
    folder = write_course(tmp_path / "c", edit("course.yaml", "pass_mark: 60", "pass_mark: 600"))
    assert load_course(folder).course is None
    assert not seed.build(folder, tmp_path / "out.seed") and not (tmp_path / "out.seed").exists()


@pytest.mark.skipif(bundled.installed_bundle() is None, reason="course-tui runs from a checkout (editable install)")
def test_the_installed_wheel_carries_a_matching_seed():
    """CI installs the wheel: hatch_build.py must have put a seed in it that matches."""
    folder = bundled.installed_bundle()
    assert folder is not None and (folder / seed.SEED_NAME).is_file()
    got = seed.read(folder)
    assert got is not None and got.course == load_course(folder).course
