"""A cache of parsed courses for starting the app (start-up time and memory).

Opening a course reads and validates every file of it (the bundled course: ~40 ms, and
the YAML parser and schema code must be imported first). When the files have not changed
since the course was last opened, :func:`load_for_study` reads the built
:class:`~course_tui.course.model.Course` back from a pickle instead (a few ms).

* **Only valid courses are cached**, with their warnings; a course with errors is always
  loaded afresh, so its findings are always real. ``course-tui validate`` never uses the
  cache (it calls :func:`~course_tui.course.loader.load_course` itself), nor does live
  reload.
* **The key** is every file the loader reads (the same globs) with its modification time,
  size, inode and change time, plus the course-tui version, the Python version and the
  stat of course-tui's own loader code (an edited checkout changes it). Any difference
  and the cache is not used: the course is loaded and the cache rewritten.
* **Racy files**: a file modified less than :data:`RACY_SECONDS` before the cache would be
  written could change again within the same timestamp tick unseen, so no cache is written
  then (git's "racily clean" rule); the next start writes it.
* **Never in the way**: any problem reading or writing the cache (corrupt file, unwritable
  folder, a pickle from another build) is ignored and the course is loaded normally.
  Writes are atomic (a temporary file renamed over the old one).
* Where: ``$COURSE_TUI_CACHE`` if set (``off`` disables the cache), else the platform's
  user cache folder (platformdirs), ``courses/<hash of the course folder>.pickle``. The
  folder is the user's own; a pickle there is trusted like any file in their home.
* The first start after installing or after a course change parses the course and writes
  the cache; there is no other way in.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
import time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec

from course_tui import __version__
from course_tui.course.files import quiz_files
from course_tui.course.model import Course, LoadResult, Text

ENV = "COURSE_TUI_CACHE"
FORMAT = 1
RACY_SECONDS = 2.0
# The loader's files, read the way it reads them (loader.MANIFEST_NAMES and its globs;
# tests/test_course_cache.py keeps these in step).
MANIFEST_NAMES = ("course.yaml", "course.yml")
GLOBS = (("lessons", "*.md"),)

_CODE = Path(__file__).parent

Stat = tuple[Any, ...]


def cache_dir() -> Path | None:
    """``$COURSE_TUI_CACHE``, else the platform's cache folder; None when turned off."""
    env = os.environ.get(ENV)
    if env is not None and env.strip():
        return None if env.strip().lower() == "off" else Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("course-tui", appauthor=False)


def cache_file(folder: Path, base: Path) -> Path:
    where = os.path.abspath(folder)
    return base / "courses" / f"{hashlib.sha256(where.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}.pickle"


def _stat(path: Path) -> Stat:
    try:
        st = os.stat(path)
    except OSError as exc:
        return (exc.errno,)
    return (st.st_mode, st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def source_key(folder: Path) -> tuple[tuple[str, Stat], ...]:
    """Every file the loader would read in *folder*, with its stat (sorted by path)."""
    found = [(name, _stat(folder / name)) for name in MANIFEST_NAMES]
    for part, pattern in GLOBS:
        for path in (folder / part).glob(pattern):
            found.append((f"{part}/{path.name}", _stat(path)))
    found.extend((path.relative_to(folder).as_posix(), _stat(path)) for path in quiz_files(folder))
    return tuple(sorted(found))


def code_key() -> tuple[Any, ...]:
    """What built the cached objects: versions, and the stat of the course package's code."""
    files = sorted(p for p in _CODE.rglob("*") if p.suffix in (".py", ".json"))
    return (FORMAT, __version__, sys.version, tuple((p.relative_to(_CODE).as_posix(), _stat(p)[1:3]) for p in files))


def _racy(key: tuple[tuple[str, Stat], ...]) -> bool:
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    return any(len(st) > 1 and st[1] >= recent for _, st in key)


# -- pickling -----------------------------------------------------------------------
def _proxy(values: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(values)


def _text(text: Text) -> tuple[Any, ...]:
    return (Text, (dict(text._items),))


_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH[MappingProxyType] = lambda proxy: (_proxy, (dict(proxy),))
_DISPATCH[Text] = _text


def dumps(*objects: Any) -> bytes:
    """*objects* pickled one after the other, each readable on its own with ``pickle.load``
    (the cache file: a header, then the course and its warnings). :class:`Text` and the
    model's read-only mappings are pickled by value."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    for obj in objects:
        pickler.dump(obj)
        pickler.clear_memo()
    return out.getvalue()


def _header(folder: Path, key: tuple[tuple[str, Stat], ...]) -> dict[str, Any]:
    return {"code": code_key(), "folder": os.path.abspath(folder), "sources": key}


# -- reading and writing ----------------------------------------------------------------
def read(folder: Path, base: Path, key: tuple[tuple[str, Stat], ...]) -> LoadResult | None:
    """The cached course of *folder* if its key is *key*; None on any miss or problem."""
    try:
        with open(cache_file(folder, base), "rb") as handle:
            if pickle.load(handle) != _header(folder, key):
                return None
            course, findings = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, corrupt, from another build: load normally
        return None
    if not isinstance(course, Course):
        return None
    root = Path(folder).resolve()  # as the loader sets it: a symlink on the way may point elsewhere now
    if course.root != root:
        course = msgspec.structs.replace(course, root=root)
    return LoadResult(course, list(findings), cached=True)


def write(folder: Path, base: Path, key: tuple[tuple[str, Stat], ...], result: LoadResult) -> bool:
    """Cache a valid *result* loaded from files whose key was *key*; False if not written."""
    if result.course is None or _racy(key):
        return False
    try:
        data = dumps(_header(folder, key), (result.course, list(result.findings)))
        target = cache_file(folder, base)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        from course_tui.atomic import write_atomic

        write_atomic(target, data)
    except Exception:  # noqa: BLE001 - an unwritable or full cache folder: no cache
        return False
    return True


def load_for_study(folder: str | os.PathLike[str]) -> LoadResult:
    """The course in *folder* for studying it: from the cache when its files are unchanged,
    else loaded (and cached when valid). Raises only the loader's ``CourseNotFound``."""
    folder = Path(folder)
    try:
        base = cache_dir() if os.path.isdir(folder) else None
        key = source_key(folder) if base is not None else ()
    except Exception:  # noqa: BLE001 - e.g. no home folder for the platform cache: no cache
        base, key = None, ()
    cached = read(folder, base, key) if base is not None else None
    if cached is not None:
        return cached
    from course_tui.course.loader import load_course

    result = load_course(folder)
    if base is not None and result.course is not None and source_key(folder) == key:  # unchanged while loading
        write(folder, base, key, result)
    return result
