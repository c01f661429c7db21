"""A store that cannot be written: one clear line (StoreNotWritable), and the learner's
session goes on read-only (changes kept in memory, the app told once).

Unit tests simulate the failures (mkstemp, os.replace, the lock); the end-to-end tests use a
real unwritable store: as a non-root user (setpriv) on a folder they cannot write, and on a
read-only bind mount (a private mount namespace, as root). Those skip, with the reason, where
the system does not allow them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from coursekit import write_course

from course_tui import atomic
from course_tui.learning import review
from course_tui.learning.progress import Learner
from course_tui.learning.session import open_session
from course_tui.learning.store import Store, StoreError, StoreNotWritable

ROOT = Path(__file__).resolve().parents[1]
COURSE = "c1"


def _raise(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


FAILURES = {
    "mkstemp-EACCES": ("tempfile.mkstemp", errno.EACCES, "Permission denied"),
    "replace-EROFS": ("os.replace", errno.EROFS, "Read-only file system"),
    "fsync-ENOSPC": ("os.fsync", errno.ENOSPC, "No space left on device"),
}


def _break_writes(monkeypatch: pytest.MonkeyPatch, kind: str) -> str:
    target, code, words = FAILURES[kind]
    module, name = target.split(".")
    monkeypatch.setattr(getattr(atomic, module), name, _raise(code))
    return words


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_a_save_that_fails_raises_store_not_writable_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    store = Store(tmp_path / "s")
    store.update("Ada", lambda doc: doc["settings"].update(lang="en"))
    before = store.path_for("Ada").read_bytes()
    words = _break_writes(monkeypatch, kind)
    with pytest.raises(StoreNotWritable) as info:
        store.update("Ada", lambda doc: doc["settings"].update(lang="zh"))
    message = str(info.value)
    assert words in message and str(tmp_path / "s") in message and "\n" not in message
    monkeypatch.undo()
    assert store.path_for("Ada").read_bytes() == before
    assert not list((tmp_path / "s").glob(".*.tmp"))  # nothing left behind
    with pytest.raises(StoreNotWritable):
        _break_writes(monkeypatch, kind)
        store.set_last_learner("Ada")


def test_a_lock_that_cannot_be_created_raises_store_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import filelock

    store = Store(tmp_path / "s")
    store.update("Ada", lambda doc: None)

    def no_lock(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", no_lock)
    with pytest.raises(StoreNotWritable, match="Permission denied"):
        store.update("Ada", lambda doc: None)
    with pytest.raises(StoreNotWritable):
        store.rename("Ada", "Bea")
    with pytest.raises(StoreNotWritable):
        store.set_last_learner("Ada")


def test_a_store_folder_that_cannot_be_created_raises_store_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Path, "mkdir", _raise(errno.EROFS))
    with pytest.raises(StoreNotWritable, match="Read-only file system"):
        Store(tmp_path / "new").update("Ada", lambda doc: None)


def test_the_learner_goes_read_only_keeps_studying_and_tells_the_app_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "s")
    me = Learner(store, "Ada", COURSE)
    me.visit_section("l1", "s1", last=False)
    on_disk = store.path_for("Ada").read_bytes()
    told: list[str] = []
    me.on_read_only = told.append
    _break_writes(monkeypatch, "replace-EROFS")

    me.visit_section("l1", "s2", last=True)  # no exception: kept in memory
    attempt = me.start_attempt("quiz1", "practice", ["q1", "q2"])
    me.record_answer(attempt, "q1", "a", 0.0, "quiz1")
    me.record_answer(attempt, "q2", "b", 1.0, "quiz1")
    me.finish_attempt(attempt, 50.0, False)
    review.review_answer(me, "q1", correct=True)
    run = me.start_run("sc", "n0")
    me.record_choice(run, 0, "n1")
    me.set_setting("lang", "zh")

    assert me.read_only is not None and "Read-only file system" in me.read_only
    assert told == [me.read_only]  # once, however many changes follow
    course = me.course
    assert course["lessons"]["l1"]["seen"] == ["s1", "s2"] and course["lessons"]["l1"]["completed"]
    [done] = course["attempts"]
    assert done["finished"] and done["percent"] == 50.0 and set(done["answers"]) == {"q1", "q2"}
    assert course["review"]["q1"]["right"] == 1 and course["scenario_runs"][0]["choices"] == [0]
    assert me.settings["lang"] == "zh"
    monkeypatch.undo()
    assert store.path_for("Ada").read_bytes() == on_disk  # nothing was written meanwhile


def test_open_session_on_an_unwritable_store_starts_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path / "c")
    Store(tmp_path / "s").update("Ada", lambda doc: doc["settings"].update(theme="textual-light"))
    _break_writes(monkeypatch, "mkstemp-EACCES")
    session = open_session(course, store=tmp_path / "s", learner="Ada", lang="zh")  # saving lang would write
    assert session.read_only is not None and "Permission denied" in session.read_only
    assert session.learner.settings["lang"] == "zh" and session.theme == "textual-light"
    fresh = open_session(course, store=tmp_path / "s", learner="New learner")
    assert fresh.read_only is not None and fresh.learner.doc["learner"]["name"] == "New learner"
    assert not Store(tmp_path / "s").exists("New learner")


# -- a real unwritable store ----------------------------------------------------------------
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from course_tui.cli import main
    from course_tui.learning.session import open_session
    from course_tui.learning.store import Store, StoreError

    course, store = Path(sys.argv[1]), Path(sys.argv[2])
    out = {}
    session = open_session(course, store=store, learner="Ada")
    out["read_only"] = session.read_only
    session.learner.visit_section("intro", "two", last=True)
    out["seen"] = session.learner.course["lessons"]["intro"]["seen"]
    out["new"] = open_session(course, store=store, learner="Newcomer").read_only
    try:
        Store(store).rename("Ada", "Bea")
    except StoreError as exc:
        out["rename"] = str(exc)
    out["report"] = main(["report", "--course", str(course), "--store", str(store), "--format", "json"])
    print("RESULT " + json.dumps(out))
    """
)


def _prepare(base: Path) -> tuple[Path, Path, dict[str, bytes]]:
    course = write_course(base / "c")
    store = base / "s"
    Learner(Store(store), "Ada", _course_id(course)).visit_section("intro", "one", last=False)
    Store(store).set_last_learner("Ada")
    for path in [base, *base.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return course, store, {p.name: p.read_bytes() for p in store.iterdir()}


def _course_id(folder: Path) -> str:
    from course_tui.course.loader import load_course

    return load_course(folder).course.id


def _check(run: subprocess.CompletedProcess[str], store: Path, before: dict[str, bytes], why: str) -> None:
    assert run.returncode == 0, f"{why}: {run.stderr[-3000:]}"
    assert "Traceback" not in run.stderr, run.stderr
    [line] = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    out = json.loads(line[len("RESULT ") :])
    assert out["read_only"] and why in out["read_only"]
    assert out["seen"] == ["one", "two"]  # studying went on, in memory
    assert out["new"] and why in out["new"]
    assert why in out["rename"] and "\n" not in out["rename"]
    assert out["report"] == 0  # reading needs no write
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before  # nothing changed


def _env(base: Path) -> dict[str, str]:
    cache = base / "cache"
    cache.mkdir(exist_ok=True)
    cache.chmod(0o777)
    return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache), "HOME": str(cache)}


@pytest.fixture
def shared_dir():
    base = Path(tempfile.mkdtemp(prefix="course-tui-ro-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_a_store_the_user_cannot_write_as_a_non_root_user(shared_dir: Path) -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a check as the user nobody (chmod does not stop root)")
    course, store, before = _prepare(shared_dir)
    probe = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", "import course_tui"],
        env=_env(shared_dir),
        capture_output=True,
        text=True,
        cwd="/",
    )
    if probe.returncode != 0:
        pytest.skip(f"the user nobody cannot run this Python: {probe.stderr.strip()[-200:]}")
    run = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", SCRIPT, str(course), str(store)],
        env=_env(shared_dir),
        capture_output=True,
        text=True,
        cwd="/",
        timeout=120,
    )
    _check(run, store, before, "Permission denied")


def test_a_store_on_a_read_only_mount(shared_dir: Path) -> None:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare and mount")
    course, store, before = _prepare(shared_dir)
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {store} {store}"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here: {probe.stderr.strip()[-200:]}")
    script = shared_dir / "check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    command = f'mount --bind -o ro "{store}" "{store}" && exec "{sys.executable}" "{script}" "{course}" "{store}"'
    run = subprocess.run(["unshare", "-m", "sh", "-c", command], env=_env(shared_dir), capture_output=True, text=True, cwd="/", timeout=120)
    _check(run, store, before, "Read-only file system")


def test_store_error_is_the_base_of_store_not_writable() -> None:
    assert issubclass(StoreNotWritable, StoreError)  # every caller that says a StoreError says this one too
