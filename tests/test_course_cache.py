"""The parsed-course cache used when the app starts (course_tui.course.cache).

A valid course whose files are unchanged is read back from the cache; any change to a file
the loader reads, a course-tui code change, a corrupt or unwritable cache: the course is
loaded from its files. Courses with errors and ``validate`` never use it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from coursekit import edit, write_course

from course_tui.cli import main
from course_tui.course import cache, watch
from course_tui.course.cache import load_for_study
from course_tui.course.loader import MANIFEST_NAMES, load_course
from course_tui.learning.session import open_session

OLD = time.time_ns() - 3600 * 10**9  # an hour ago: not a racy file


def settled(folder: Path) -> Path:
    """Give every file of *folder* a modification time in the past (as an edited course has)."""
    for path in folder.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    return folder


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


@pytest.fixture
def course(tmp_path) -> Path:
    return settled(write_course(tmp_path / "c"))


def cached_files(where: Path) -> list[Path]:
    return sorted((where / "courses").glob("*.pickle")) if (where / "courses").is_dir() else []


def test_a_second_start_reads_the_cache_and_gets_the_same_course(course, cache_dir):
    first = load_for_study(course)
    assert not first.cached and first.course is not None
    assert len(cached_files(cache_dir)) == 1
    second = load_for_study(course)
    assert second.cached
    assert second.course == first.course  # (not repr: a frozenset answer may list its ids in another order)
    assert second.findings == first.findings and second.errors == [] and second.ok
    # every object of the model came back: texts, options, scenario nodes
    quiz = second.course.quiz("intro-quiz")
    assert quiz.questions == first.course.quiz("intro-quiz").questions
    assert second.course.scenarios == first.course.scenarios


def test_warnings_are_cached_with_the_course(tmp_path, cache_dir):
    folder = settled(write_course(tmp_path / "w", edit("quizzes/quiz.yaml", "    explanation: {zh: 因为, en: Because}\n", "")))
    fresh = load_course(folder)
    assert fresh.course is not None and fresh.findings, "the fixture should have a warning"
    load_for_study(folder)
    again = load_for_study(folder)
    assert again.cached and again.findings == fresh.findings


def test_a_hit_does_not_import_the_loader_or_yaml(course, cache_dir):
    load_for_study(course)
    code = (
        "import sys\n"
        "from course_tui.course.cache import load_for_study\n"
        f"result = load_for_study({str(course)!r})\n"
        "assert result.cached, result\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('course_tui.course.loader', 'course_tui.course.schema', 'yaml')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    # cwd: not the project folder, whose course_tui/ would shadow the installed package (a
    # different package folder is a different cache key: CI installs the project non-editable)
    run = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env={**os.environ, cache.ENV: str(cache_dir)}, cwd=cache_dir.parent
    )
    assert run.returncode == 0, run.stdout + run.stderr


CHANGES = {
    "manifest edited": lambda c: (c / "course.yaml").write_text(
        (c / "course.yaml").read_text(encoding="utf-8").replace("en: Test}", "en: Changed}"), encoding="utf-8"
    ),
    "lesson added": lambda c: (c / "lessons/extra.en.md").write_text("not a lesson\n", encoding="utf-8"),
    "quiz removed": lambda c: (c / "quizzes/scenario.yaml").unlink(),
    "yml manifest added": lambda c: (c / "course.yml").write_text("id: other\n", encoding="utf-8"),
    "same size, same mtime": lambda c: _same_stamp_rewrite(c / "lessons/intro.en.md", "Text.", "Txet."),
}


def _same_stamp_rewrite(path: Path, old: str, new: str) -> None:
    """An edit that keeps the size and the modification time (cp -p, rsync -t …)."""
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    stamp = path.stat().st_mtime_ns
    replacement = path.with_name(path.name + ".new")
    replacement.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(replacement, path)
    os.utime(path, ns=(stamp, stamp))


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_a_course_file_is_loaded_from_the_files(course, cache_dir, change):
    load_for_study(course)
    assert load_for_study(course).cached
    CHANGES[change](course)
    after = load_for_study(course)
    assert not after.cached, "a changed course must not come from the cache"
    expected = load_course(course)
    assert after.findings == expected.findings
    assert (after.course is None) == (expected.course is None)
    if expected.course is not None:
        assert after.course == expected.course


def test_the_same_size_same_mtime_edit_is_really_seen(course, cache_dir):
    load_for_study(course)
    _same_stamp_rewrite(course / "lessons/intro.en.md", "More text.", "More txet.")
    settled(course)
    result = load_for_study(course)
    assert not result.cached
    assert "More txet." in result.course.lesson("intro").sections[1].body("en")


def test_a_file_changed_just_now_is_not_cached(course, cache_dir):
    (course / "lessons/intro.en.md").touch()  # now: could change again within its timestamp tick
    assert load_for_study(course).course is not None
    assert cached_files(cache_dir) == []
    settled(course)
    load_for_study(course)
    assert len(cached_files(cache_dir)) == 1


def test_a_course_with_errors_is_never_cached(tmp_path, cache_dir):
    folder = settled(write_course(tmp_path / "bad", edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro")))
    for _ in range(2):
        result = load_for_study(folder)
        assert not result.cached and result.course is None
        assert any(f.code == "unknown-chapter" for f in result.errors)
    assert cached_files(cache_dir) == []


def test_a_corrupt_cache_file_is_ignored_and_replaced(course, cache_dir):
    load_for_study(course)
    [file] = cached_files(cache_dir)
    for junk in (b"", b"not a pickle at all", file.read_bytes()[:100]):
        file.write_bytes(junk)
        result = load_for_study(course)
        assert not result.cached and result.course == load_course(course).course
    assert load_for_study(course).cached  # rewritten after the last miss


def test_an_unwritable_cache_folder_is_ignored(course, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # cannot be created: a file is in the way
    for _ in range(2):
        result = load_for_study(course)
        assert not result.cached and result.course is not None
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_off_turns_the_cache_off(course, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    load_for_study(course)
    assert not load_for_study(course).cached


def test_the_default_folder_is_the_platform_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from platformdirs import user_cache_path

    expected = tmp_path / "xdg" / "course-tui" if sys.platform.startswith("linux") else user_cache_path("course-tui", appauthor=False)
    assert cache.cache_dir() == expected


def test_another_build_of_course_tui_does_not_use_the_cache(course, cache_dir, monkeypatch):
    load_for_study(course)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert not load_for_study(course).cached


def test_the_course_root_is_as_the_loader_makes_it(course, cache_dir, tmp_path, monkeypatch):
    load_for_study(course)
    monkeypatch.chdir(course.parent)
    result = load_for_study(Path(course.name))  # the same folder, named relatively
    assert result.cached
    assert result.course.root == load_course(Path(course.name)).course.root == course.resolve()
    link = tmp_path / "link"
    link.symlink_to(course)
    load_for_study(link)
    assert load_for_study(link).course.root == load_course(link).course.root


def test_missing_folder_is_still_course_not_found(tmp_path, cache_dir):
    from course_tui.course.loader import CourseNotFound
    from course_tui.learning.session import SessionError

    with pytest.raises(CourseNotFound):
        load_for_study(tmp_path / "nope")
    with pytest.raises(SessionError, match="not found"):
        open_session(tmp_path / "nope", store=tmp_path / "s")


def test_sessions_use_the_cache(course, cache_dir, tmp_path):
    first = open_session(course, store=tmp_path / "s", learner="amy")
    second = open_session(course, store=tmp_path / "s", learner="amy")
    assert second.loaded.cached
    assert second.loaded.course == first.loaded.course and second.learner.name == "amy"


def test_validate_never_uses_the_cache(course, cache_dir, monkeypatch, capsys):
    load_for_study(course)
    (course / "quizzes/quiz.yaml").write_text(
        (course / "quizzes/quiz.yaml").read_text(encoding="utf-8").replace("chapter: intro", "chapter: outro"), encoding="utf-8"
    )
    settled(course)

    def no_cache(*args, **kwargs):
        raise AssertionError("validate read the cache")

    monkeypatch.setattr(cache, "read", no_cache)
    monkeypatch.setattr(cache, "load_for_study", no_cache)
    assert main(["validate", str(course)]) == 1
    assert "unknown-chapter" in capsys.readouterr().out


def test_file_lists_match_the_loader():
    assert cache.MANIFEST_NAMES == MANIFEST_NAMES == watch.MANIFEST_NAMES
