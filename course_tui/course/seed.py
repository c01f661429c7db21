"""The bundled course, parsed when the wheel is built (issue #6: the very first start).

The parsed-course cache (:mod:`course_tui.course.cache`) makes every start after the first
one fast. The first start after installing would still parse the bundled course (about
50 ms: the YAML parser's import and the course itself) and write the cache. So the wheel
carries the bundled course already parsed, as ``course_tui/bundled/course.seed``, made by
``hatch_build.py`` with :func:`build`.

* Only for the bundled course of an installed package: :func:`read` is given the package's
  own ``bundled`` folder, never a folder named with ``--course`` (a pickle in a folder that
  people share would be code they run). It is trusted like the code beside it.
* Checked before use: the seed records the course-tui version, the Python version, and a
  SHA-256 of every file the loader reads (names and bytes) and of the course package's code.
  Any difference (a course file edited in place, another Python) and the course is parsed
  as usual. Any problem reading it is ignored the same way.
* Never written at run time; ``COURSE_TUI_CACHE=off`` turns it off with the cache.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

from course_tui import __version__
from course_tui.course import cache

SEED_NAME = "course.seed"
FORMAT = 1


def course_digest(folder: Path) -> str:
    """SHA-256 of every file the loader reads in *folder*: relative names and contents."""
    from course_tui.course.limits import MAX_FILE_BYTES
    from course_tui.safe_files import read_regular

    digest = hashlib.sha256()
    for name, _ in cache.source_key(folder):
        try:  # only regular files, as the loader reads them: a FIFO or /dev/zero never hangs this
            data = read_regular(folder / name, MAX_FILE_BYTES)
        except OSError:  # missing, not regular, too large: the loader reports it; no seed matches
            continue
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        digest.update(b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """SHA-256 of the course package's code (what the pickled objects are made of)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def header(folder: Path) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": __version__,
        "python": tuple(sys.version_info[:2]),
        "course": course_digest(folder),
        "code": code_digest(),
    }


def build(folder: Path, out: Path) -> bool:
    """Parse the course in *folder* and write its seed to *out*; False (nothing written)
    when the course has errors."""
    from course_tui.course.loader import load_course

    result = load_course(folder)
    if result.course is None:
        return False
    out.write_bytes(cache._dumps(header(folder), (result.course, list(result.findings))))
    return True


def read(folder: Path) -> cache.CachedLoad | None:
    """The course of the package's bundled *folder* from its seed, if the seed matches it."""
    try:
        with open(folder / SEED_NAME, "rb") as handle:
            if pickle.load(handle) != header(folder):
                return None
            course, findings = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, corrupt, from another build: parse as usual
        return None
    return cache.loaded(course, findings, folder)
