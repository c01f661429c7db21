"""Parse a course on the second core while the app's interface is imported (issue #6).

When the parsed-course cache cannot serve a course (the first start after it changed, a
course opened for the first time), parsing it -- the YAML parser's import and the files --
takes about 50 ms on the bundled course, in front of the ~150 ms import of the interface.
On Linux the command line therefore forks before importing the interface: the child parses
the course and sends it back through a pipe (a pickle, as the cache stores it), and its own
child writes the cache for the next start; the parent imports the interface meanwhile and
reads the course when it needs it (the two cores work at once: the first start after a
change is about as fast as the next ones). Elsewhere, or if anything goes wrong in the
child, the parent parses the course itself, as it always did. Live reload and ``validate``
do not use this.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Any

from course_tui.course import cache


class Pending:
    """A course being loaded: :meth:`result` is the course, or None (load it yourself)."""

    def __init__(self, loaded: cache.CachedLoad | None = None, pid: int = 0, fd: int = -1, folder: Path | None = None) -> None:
        self._loaded, self._pid, self._fd, self._folder = loaded, pid, fd, folder

    @property
    def forked(self) -> bool:
        return self._pid > 0

    def result(self) -> cache.CachedLoad | None:
        if self._pid > 0:
            pid, self._pid = self._pid, 0
            try:
                with os.fdopen(self._fd, "rb") as pipe:
                    data = pipe.read()  # to the end: the child closes its end once it has sent all
            finally:
                _reap(pid)
            try:
                course, findings = pickle.loads(data)
            except Exception:  # noqa: BLE001 - the child failed: the caller loads the course
                return None
            if course is not None and self._folder is not None:
                self._loaded = cache.loaded(course, findings, self._folder)
        return self._loaded


def _reap(pid: int) -> None:
    """Collect the child's exit status: it ends once it has sent the course (the cache is
    written by a grandchild of its own)."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def start(folder: Path) -> Pending:
    """Start loading the course in *folder*: from the cache at once when it can serve it,
    else in a forked child (Linux), else not at all (``Pending.result()`` is None)."""
    folder = Path(folder)
    cached, base, key = cache.lookup(folder)
    if cached is not None:
        return Pending(cached)
    if not folder.is_dir() or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return Pending()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return Pending()
    if pid == 0:  # the child: parse, send, cache, and leave without running the parent's exit code
        status = 1
        try:
            os.close(read_end)
            _child(folder, write_end, base, key)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Pending(pid=pid, fd=read_end, folder=folder)


def _child(folder: Path, fd: int, base: Path | None, key: Any) -> None:
    from course_tui.course.loader import load_course

    result = load_course(folder)
    data = cache._dumps((result.course, list(result.findings)) if result.course is not None else (None, []))
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)
    if base is not None and result.course is not None and os.fork() == 0:
        # a grandchild writes the cache for the next start, so that this child ends now and
        # the app collects it at once (the grandchild, orphaned, is collected by the system)
        try:
            if cache.source_key(folder) == key:
                cache.write(folder, base, key, result)
        finally:
            os._exit(0)
