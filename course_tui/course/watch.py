"""Noticing that a course folder changed on disk, for live reload while a trainer edits it.

A *fingerprint* is the name, modification time and size of every file the loader would read
(the manifest, ``lessons/*.md``, ``quizzes/**/*.yaml|yml``). Comparing two fingerprints tells
which files were added, removed or changed. It costs one ``stat`` per file, so polling it
every second is cheap even for large courses; no watcher thread or extra library is needed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from course_tui.course.files import quiz_files

# As course_tui.course.loader.MANIFEST_NAMES (not imported: the app polls without loading
# the loader until something changed; tests/test_course_cache.py keeps them equal).
MANIFEST_NAMES = ("course.yaml", "course.yml")

Fingerprint = dict[str, tuple[int, int]]  # relative path -> (mtime in ns, size)

_PARTS = (("lessons", (".md",)),)


def fingerprint(folder: Path) -> Fingerprint:
    """Every course file under *folder* with its mtime and size; missing parts are skipped."""
    found: Fingerprint = {}
    for name in MANIFEST_NAMES:
        _add(found, folder / name, name)
    for part, suffixes in _PARTS:
        try:
            entries = list(os.scandir(folder / part))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(suffixes) and not entry.name.startswith("."):
                _add(found, Path(entry.path), f"{part}/{entry.name}")
    for path in quiz_files(folder):
        if not path.name.startswith("."):
            _add(found, path, path.relative_to(folder).as_posix())
    return found


def _add(found: Fingerprint, path: Path, rel: str) -> None:
    """Only ``stat``: nothing is opened, so a FIFO or a link to a device never blocks the
    poll. Such a file is listed too (its size as -1): the reload it causes reports it
    (``file-not-regular``) instead of ignoring it."""
    try:
        st = path.stat()
    except OSError:
        return
    found[rel] = (st.st_mtime_ns, st.st_size if stat.S_ISREG(st.st_mode) else -1)


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({*self.added, *self.removed, *self.modified}))


def compare(old: Fingerprint, new: Fingerprint) -> Changes:
    return Changes(
        added=tuple(sorted(set(new) - set(old))),
        removed=tuple(sorted(set(old) - set(new))),
        modified=tuple(sorted(p for p in new.keys() & old.keys() if new[p] != old[p])),
    )


class CourseWatcher:
    """Remembers the last fingerprint of *folder*; :meth:`poll` says what changed since."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.last = fingerprint(folder)

    def poll(self) -> Changes:
        current = fingerprint(self.folder)
        changes = compare(self.last, current)
        self.last = current
        return changes
