"""The progress store: one UTF-8 JSON file per learner in a folder.

* Learner names are data. A learner's file is named once, from a hash of the name the
  learner first had (``learner-<hash>.json``, or ``learner-<hash>-<n>.json`` when a renamed
  learner already holds that name), and keeps that name for good: the name itself is stored
  inside, so a rename is one atomic write of the file. A name is looked up in its hash-named
  file first, then in the folder's other learner files.
* Every change is read-modify-write under a per-learner lock (filelock), re-reading the
  file first, so two processes on one store never lose each other's updates.
* Writes are atomic (:mod:`course_tui.atomic`), so a plain read, without the lock, sees a
  whole file: :meth:`Store.read` takes the lock only when the file needs more than reading
  (moving an unreadable file aside, a migration, a killed writer's temporary files), and
  filelock is imported only then or at the first change (start-up time).
* Every file is checked against the schema (:mod:`course_tui.learning.storeschema`) when read
  and every change before it is written. In the learner's own session (:meth:`Store.read`,
  :meth:`Store.update`) a file that cannot be read is moved aside, never deleted or
  overwritten; the reason (the field, for a schema failure) and the new location are recorded
  in :attr:`Store.notices` for the app to show. Everything else reads through
  :meth:`Store.read_all` / :meth:`Store.peek`, which never change the store.
* A store that cannot be written (permissions, a read-only mount, a full disk, a lock file
  that cannot be created) raises :class:`StoreNotWritable` with a one-line reason.
* Each file carries ``schema_version``; older files are migrated (a copy of the old file
  is kept), files from a newer course-tui are refused without being touched.

Speed (a save must stay under 50 ms with 10,000 quiz attempts in the file): a
store remembers the document it last read or wrote, with the file's identity, and re-reads
only when another writer has replaced the file since (an open descriptor pins the inode,
so a replaced file is always noticed). Quiz attempts and scenario runs, the parts that
grow, are shared between the old and the new document and their JSON text is reused when
a change declares which of them it touches (``update(..., touches=ids)``); everything else
is copied and encoded afresh on every change, and only what is encoded afresh is checked
against the schema. The bytes written are exactly
``json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)``.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import json
import os
import time
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import msgspec

from course_tui.atomic import leftover_temps, write_atomic
from course_tui.learning import storeschema
from course_tui.learning.storeschema import MAX_NAME_LENGTH
from course_tui import safe_files
from course_tui.safe_text import one_line

SCHEMA_VERSION = 2
LOCK_TIMEOUT = 10.0
MAX_FILE_BYTES = 512 * 1024 * 1024  # a learner file with 100,000 quiz attempts is ~105 MB

# The lists of a course entry that grow with use; their items are dicts with an "id".
GROWING = ("attempts", "scenario_runs")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds each course's ``notes`` and ``bookmarks`` (section → record), empty."""
    for entry in doc.get("courses", {}).values():
        if isinstance(entry, dict):
            entry.setdefault("notes", {})
            entry.setdefault("bookmarks", {})
    return doc


# Migrations: MIGRATIONS[n] turns a version-n document into a version-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}

Doc = dict[str, Any]

__all__ = ["MAX_NAME_LENGTH", "SCHEMA_VERSION", "Store", "StoreError", "StoreNotWritable", "check_name"]


class StoreError(Exception):
    """A problem with the store that the learner must be told about, in plain words. *code*
    and *values* name it for an interface that says it in the learner's language."""

    def __init__(self, message: str, code: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.code, self.values = code, values


class StoreTooNew(StoreError):
    """A learner file saved by a newer course-tui: refused, never touched."""


class StoreNotWritable(StoreError):
    """The store cannot be written (permissions, a read-only mount, a full disk, a lock that
    cannot be created). The app goes on in read-only mode: see ``Learner.read_only``."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """A learner name: any text, trimmed; not empty, not absurdly long, no control
    characters (a name is shown on one line, in the app and in every command's output)."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError("a learner name cannot be empty")
    name = name.strip()
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # e.g. undecodable bytes from argv/env (surrogate escapes)
        raise StoreError("a learner name must be valid text (it contains undecodable characters)") from None
    if len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a learner name can be at most {MAX_NAME_LENGTH} characters")
    if _NAME_RE.match(name) is None:
        raise StoreError(f"a learner name cannot contain control characters (line breaks, tabs, escapes): {one_line(name)}")
    return name


_NAME_RE = re.compile(storeschema.NAME_PATTERN)


def new_doc(name: str) -> Doc:
    return {
        "schema_version": SCHEMA_VERSION,
        "learner": {"name": name, "created": now_iso()},
        "settings": {},
        "courses": {},
        "updated": now_iso(),
    }


def copy_doc(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars), several times faster than deepcopy.

    Recursive: the store reads and writes only documents at most MAX_DEPTH levels deep
    (see :func:`_decode` and :meth:`Store._write`), far below Python's recursion limit."""
    kind = type(value)
    if kind is dict:
        return {k: copy_doc(v) for k, v in value.items()}
    if kind is list:
        return [copy_doc(v) for v in value]
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    return copy.deepcopy(value)


def _copy_for_change(doc: Doc, touches: frozenset[str]) -> Doc:
    """A copy a change may mutate, sharing the growing lists' items it does not touch."""
    out: Doc = {}
    for key, value in doc.items():
        if key != "courses" or type(value) is not dict:
            out[key] = copy_doc(value)
            continue
        courses: dict[str, Any] = {}
        for course_id, entry in value.items():
            if type(entry) is not dict:
                courses[course_id] = copy_doc(entry)
                continue
            fresh: dict[str, Any] = {}
            for part, items in entry.items():
                if part in GROWING and type(items) is list:
                    fresh[part] = [copy_doc(item) if type(item) is not dict or item.get("id") in touches else item for item in items]
                else:
                    fresh[part] = copy_doc(items)
            courses[course_id] = fresh
        out[key] = courses
    return out


Fresh = dict[str, dict[str, list[Any]]]


def _encode(doc: Doc, known: dict[int, bytes]) -> tuple[bytes, dict[int, bytes], Fresh | None]:
    """``doc`` as compact UTF-8 JSON, reusing the text of growing-list items in *known*
    (keyed by ``id(item)``); returns the bytes, the item texts of this document and the
    growing-list items encoded afresh (course id → part → items; None: all of them).

    The pieces are collected in one flat list and joined once: the file is copied in
    memory a single time, whatever its size."""
    encode = _ENCODER.encode
    if not all(type(k) is str for k in doc) or not all(type(k) is str for k in doc.get("courses") or {}):
        return encode(doc).encode("utf-8"), {}, None
    texts: dict[int, bytes] = {}
    fresh: Fresh = {}
    out: list[bytes] = []
    add = out.append
    get = known.get
    sep = b"{"
    for key, value in doc.items():
        add(sep + encode(key).encode("utf-8") + b":")
        sep = b","
        if key != "courses" or type(value) is not dict:
            add(encode(value).encode("utf-8"))
            continue
        csep = b"{"
        for course_id, entry in value.items():
            add(csep + encode(course_id).encode("utf-8") + b":")
            csep = b","
            if type(entry) is not dict or not all(type(k) is str for k in entry):
                add(encode(entry).encode("utf-8"))
                continue
            psep = b"{"
            for part, items in entry.items():
                add(psep + encode(part).encode("utf-8") + b":")
                psep = b","
                if part not in GROWING or type(items) is not list:
                    add(encode(items).encode("utf-8"))
                    continue
                isep = b"["
                new: list[Any] = []
                fresh.setdefault(course_id, {})[part] = new
                for item in items:
                    text = get(id(item))
                    if text is None:
                        text = encode(item).encode("utf-8")
                        new.append(item)
                    texts[id(item)] = text
                    add(isep)
                    add(text)
                    isep = b","
                add(b"[]" if isep == b"[" else b"]")
            add(b"{}" if psep == b"{" else b"}")
        add(b"{}" if csep == b"{" else b"}")
    add(b"{}" if sep == b"{" else b"}")
    return b"".join(out), texts, fresh


class _Known:
    """The document a store last read or wrote for one file, and how to tell it is current."""

    __slots__ = ("doc", "fd", "stamp", "texts")

    def __init__(self, doc: Doc, fd: int, stamp: tuple[int, int, int, int], texts: dict[int, bytes]) -> None:
        # doc fits the schema (it was checked when read or written)
        self.doc, self.fd, self.stamp, self.texts = doc, fd, stamp, texts


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


_NONE: frozenset[str] = frozenset()

# Windows cannot replace a file another handle holds open: no pinning there, always re-read.
_PIN_FILES = os.name != "nt"


class Unreadable(Exception):
    """A learner file whose content cannot be used; the message says why."""


class _WhoName(msgspec.Struct):
    name: storeschema.Name  # a name that is no name (control characters…): whose it is is unknown


class _Who(msgspec.Struct):
    """Just enough of a learner file to tell whose it is (decoded without the rest, so a
    file damaged elsewhere, its ``learner.created`` say, still tells whose it is: only
    that learner's session moves it aside, see :meth:`Store.locate`)."""

    learner: _WhoName


def _decode(raw: bytes) -> Any:
    """JSON text as plain data (strict JSON: no NaN or Infinity; no integer of 4,300+ digits)."""
    try:
        doc = msgspec.json.decode(raw)
    except msgspec.ValidationError as exc:  # a number out of range: name its field if we can
        where = _odd_number(raw)
        raise Unreadable(f"not valid JSON: {where}" if where else f"not valid JSON: {storeschema.describe(str(exc))}") from None
    except msgspec.DecodeError as exc:
        where = _odd_number(raw)
        raise Unreadable(f"not valid UTF-8 JSON: {where or one_line(str(exc))}") from None
    except RecursionError:
        raise Unreadable("not valid JSON: it is nested too deeply") from None
    if _deeper_than(doc, MAX_DEPTH):
        raise Unreadable(f"it is nested too deeply (more than {MAX_DEPTH} levels)")
    return doc


MAX_DEPTH = 64  # a learner file nests ~6 levels; unknown fields are kept, but not without bound


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON data nests lists and objects more than *limit* levels deep (walked
    without recursion: what passes can then be copied, checked and encoded recursively)."""
    if type(value) is not dict and type(value) is not list:
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > limit:
            return True
        below = depth + 1
        for item in node.values() if type(node) is dict else node:
            kind = type(item)
            if kind is dict or kind is list:
                push((item, below))
    return False


class _Odd:
    """Stands for a number msgspec refuses in :func:`_odd_number`; says what it was."""

    def __init__(self, what: str) -> None:
        self.what = what


_NOT_A_NUMBER = _Odd("NaN and Infinity are not JSON numbers")
_OUT_OF_RANGE = _Odd("a number out of range")
_MAX_DIGITS = 4300  # Python's limit for int(str); msgspec refuses longer integers too


def _odd_number(raw: bytes) -> str | None:
    """Where the first number msgspec refuses (NaN, Infinity, an integer of too many digits,
    a float out of range) sits in *raw* and what it is (``$.a.b: …``, naming the keys); None
    when there is none."""

    def odd_int(text: str) -> Any:
        return _OUT_OF_RANGE if len(text.lstrip("-")) > _MAX_DIGITS else 0

    def odd_float(text: str) -> Any:
        return _OUT_OF_RANGE if float(text) in (float("inf"), float("-inf")) else 0.0

    try:
        doc = json.loads(raw.decode("utf-8"), parse_int=odd_int, parse_float=odd_float, parse_constant=lambda text: _NOT_A_NUMBER)
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[str, Any]] = [("$", doc)]
    while stack:
        path, value = stack.pop()
        if type(value) is _Odd:
            return one_line(f"{path if len(path) <= 200 else path[:199] + '…'}: {value.what}")
        if type(value) is dict:
            stack.extend((f"{path}.{key}", item) for key, item in reversed(list(value.items())))
        elif type(value) is list:
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return None


def _version(doc: Any) -> int:
    """The version of a decoded learner file, after checking what every version has."""
    if not isinstance(doc, dict):
        raise Unreadable("it does not hold a JSON object")
    try:
        storeschema.check(doc, storeschema.Header)
    except storeschema.Invalid as exc:
        raise Unreadable(str(exc)) from None
    return int(doc["schema_version"])


def _body(doc: Doc) -> Doc:
    """Check a document of the current version against the schema."""
    try:
        storeschema.check(doc)
    except storeschema.Invalid as exc:
        raise Unreadable(str(exc)) from None
    return doc


def _migrated(doc: Doc, path: Path) -> Doc:
    """*doc* (an older version) brought to the current one, in memory."""
    while doc["schema_version"] < SCHEMA_VERSION:
        current = doc["schema_version"]
        step = MIGRATIONS.get(current)
        if step is None:
            raise StoreError(f"no migration from store version {current} ({_shown(path)}); the file was left as it is")
        doc = step(doc)
        doc["schema_version"] = current + 1
    try:
        _body(doc)
    except Unreadable as exc:
        raise StoreError(f"migrating {_shown(path)} produced a malformed document ({exc}); the file was left as it is") from None
    return doc


def _newer(name: str, path: Path, version: int) -> StoreTooNew:
    return StoreTooNew(
        f"the progress of {name!r} ({_shown(path)}) was saved by a newer course-tui "
        f"(store version {version}; this one reads up to {SCHEMA_VERSION}). Upgrade course-tui; the file was left as it is."
    )


def _shown(path: Path) -> str:
    """A path in a one-line message (a file name can hold control characters)."""
    return one_line(str(path))


def _open_regular(path: Path) -> int:
    """A read-only descriptor of *path* (:func:`course_tui.safe_files.open_regular`): only
    for a regular file within the size limit (else :class:`Unreadable`); OSError when it
    cannot be opened."""
    try:
        return safe_files.open_regular(path, MAX_FILE_BYTES)
    except safe_files.NotRegular as exc:
        raise Unreadable(f"it is {exc}") from None
    except safe_files.TooLarge as exc:
        raise Unreadable(f"it holds {exc}") from None


def _read_fd(fd: int) -> bytes:
    try:
        return safe_files.read_fd(fd, MAX_FILE_BYTES)
    except safe_files.TooLarge as exc:
        raise Unreadable(f"it holds {exc}") from None


def _read_bytes(path: Path) -> bytes:
    fd = _open_regular(path)
    try:
        return _read_fd(fd)
    finally:
        os.close(fd)


def _timeout() -> type[Exception]:
    """filelock's Timeout (an ``except`` clause evaluates this only when something was raised)."""
    from filelock import Timeout

    return Timeout


def _is_learner_file(path: Path) -> bool:
    """``learner-….json``, not a moved-aside copy, a backup, a lock or a temporary file."""
    return path.name.startswith("learner-") and path.name.endswith(".json") and path.name.count(".") == 1


@dataclass(frozen=True)
class Found:
    """A learner file read by :meth:`Store.read_all`."""

    path: Path
    name: str
    doc: Doc


class Store:
    """A progress store folder. Cheap to create; touches the disk only when used."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.notices: list[str] = []
        self._known: dict[Path, _Known] = {}
        self._whose: dict[Path, tuple[tuple[int, int, int, int], str | None]] = {}

    def __del__(self) -> None:
        for known in getattr(self, "_known", {}).values():
            try:
                os.close(known.fd)
            except OSError:
                pass

    # -- what this store last read or wrote ---------------------------------------
    def _current(self, path: Path) -> _Known | None:
        """What we know of *path*, if the file is still the one we last read or wrote."""
        known = self._known.get(path)
        if known is None:
            return None
        try:
            st: os.stat_result | None = os.stat(path)
            pinned: os.stat_result | None = os.fstat(known.fd)
        except OSError:
            st = pinned = None
        if st is not None and pinned is not None and _stamp(st) == known.stamp and _stamp(pinned) == known.stamp:
            return known
        self._forget(path)
        return None

    def _remember(self, path: Path, doc: Doc, texts: dict[int, bytes]) -> None:
        self._forget(path)
        if not _PIN_FILES:
            return
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return
        self._known[path] = _Known(doc, fd, _stamp(os.fstat(fd)), texts)

    def _forget(self, path: Path) -> None:
        known = self._known.pop(path, None)
        if known is not None:
            try:
                os.close(known.fd)
            except OSError:
                pass

    # -- paths ---------------------------------------------------------------------
    def path_for(self, name: str) -> Path:
        """The file a learner called *name* gets when new (a hash of the name). A renamed
        learner keeps their first file: :meth:`locate` finds the file that holds a name."""
        digest = hashlib.sha256(check_name(name).encode("utf-8")).hexdigest()[:24]
        return self.folder / f"learner-{digest}.json"

    @property
    def state_path(self) -> Path:
        return self.folder / "store.json"

    def _whose_file(self, path: Path) -> str | None:
        """The learner name *path* holds; None when it does not exist or cannot be read."""
        known = self._current(path)
        if known is not None:
            stored = known.doc.get("learner", {}).get("name")
            return stored if isinstance(stored, str) else None
        try:
            st = os.stat(path)
        except OSError:
            return None
        cached = self._whose.get(path)
        if cached is not None and cached[0] == _stamp(st):
            return cached[1]
        try:
            name: str | None = msgspec.json.decode(_read_bytes(path), type=_Who).learner.name
        except (OSError, Unreadable, msgspec.MsgspecError, RecursionError):
            name = None
        self._whose[path] = (_stamp(st), name)
        return name

    def has_learners(self) -> bool:
        """Whether the folder holds any learner file (cheap: the folder is only listed)."""
        return bool(self._learner_files())

    def _learner_files(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if _is_learner_file(p))
        except OSError:
            return []

    def locate(self, name: str) -> Path:
        """The file of the learner called *name*: their hash-named file when it holds that
        name (or does not tell whose it is, being unreadable as a whole: the learner's session
        moves it aside; a file whose ``learner.name`` is another valid name is that learner's,
        whatever else is wrong in it), else the learner file
        of the folder that holds it (a renamed learner), else the file a new learner of that
        name gets (the hash-named one, or ``-2``, ``-3`` … when a renamed learner holds it)."""
        name = check_name(name)
        first = self.path_for(name)
        if not os.path.lexists(first):
            taken = False
        else:
            holder = self._whose_file(first)
            if holder is None or holder == name:
                return first
            taken = True
        for path in self._learner_files():
            if path != first and self._whose_file(path) == name:
                return path
        if not taken:
            return first
        n = 2
        while True:
            candidate = first.with_name(f"{first.stem}-{n}.json")
            if not os.path.lexists(candidate):
                return candidate
            n += 1

    def exists(self, name: str) -> bool:
        """Whether the learner called *name* has a file."""
        name = check_name(name)
        path = self.locate(name)
        return os.path.lexists(path) and self._whose_file(path) in (name, None)

    def _ensure_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"the progress store {_shown(self.folder)} is not a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreNotWritable(f"cannot create the progress store folder {_shown(self.folder)}: {exc.strerror or exc}") from None
        if not self.folder.is_dir():
            raise StoreError(f"the progress store {_shown(self.folder)} is not a folder")

    def cannot_write(self) -> str | None:
        """Why this store's folder cannot be written (a read-only mount, no permission), or
        None when it can, as far as a look tells: a full disk shows only at a save."""
        error = self.cannot_write_error()
        return None if error is None else str(error)

    def cannot_write_error(self) -> StoreNotWritable | None:
        """:meth:`cannot_write` as the error itself (its code names the reason), or None."""
        if not self.folder.is_dir() or os.access(self.folder, os.W_OK):
            return None
        try:
            read_only_mount = bool(os.statvfs(self.folder).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            read_only_mount = False
        code = errno.EROFS if read_only_mount else errno.EACCES
        return self._not_writable(OSError(code, os.strerror(code)))

    def _not_writable(self, exc: OSError) -> StoreNotWritable:
        why = {errno.EROFS: "read_only_fs", errno.EACCES: "no_permission", errno.EPERM: "no_permission", errno.ENOSPC: "disk_full"}
        if hasattr(errno, "EDQUOT"):
            why[errno.EDQUOT] = "disk_full"
        reason = one_line(exc.strerror or str(exc))
        error = StoreNotWritable(
            f"progress cannot be saved in {_shown(self.folder)}: {reason}",
            f"not_writable.{why.get(exc.errno or 0, 'other')}",
            folder=_shown(self.folder),
            reason=reason,
        )
        return error

    def _lock(self, path: Path) -> Any:
        # imported here, not at the top: a plain read needs no lock (see the module's doc)
        from filelock import FileLock

        return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)

    @contextmanager
    def _locked(self, *paths: Path) -> Iterator[None]:
        """Hold the locks of *paths*, taken in one order by every process (no deadlock)."""
        with ExitStack() as stack:
            for path in sorted(set(paths)):
                try:
                    stack.enter_context(self._lock(path))
                except OSError as exc:
                    # filelock's Timeout is a TimeoutError (an OSError): another course-tui
                    # holds the lock, a one-off for the caller's ``except _timeout()``
                    if isinstance(exc, _timeout()):
                        raise
                    raise self._not_writable(exc) from None  # the lock file cannot be created: a read-only store
            yield

    # -- reading -------------------------------------------------------------------
    def _move_aside(self, path: Path, name: str, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.stem}.unreadable-{stamp}.json")
        n = 1
        while os.path.lexists(target):
            n += 1
            target = path.with_name(f"{path.stem}.unreadable-{stamp}-{n}.json")
        try:
            os.replace(path, target)
        except OSError as exc:
            raise self._not_writable(exc) from None
        self.notices.append(
            f"The progress file of learner {name!r} could not be read ({one_line(reason)}). "
            f"It was moved to {_shown(target)} and a new one was started; nothing was deleted."
        )

    def _load(self, path: Path, name: str) -> Doc:
        """Read under the caller's lock: migrate, or move an unreadable file aside.

        The result may be the store's own remembered document: do not change it in place.
        """
        for temp in leftover_temps(path):  # left by a writer that was killed mid-write
            try:
                temp.unlink()
            except OSError:
                pass
        known = self._current(path)
        if known is not None and known.doc.get("schema_version") == SCHEMA_VERSION and known.doc["learner"].get("name") == name:
            return known.doc
        try:
            raw = _read_bytes(path)
        except FileNotFoundError:
            return new_doc(name)
        except Unreadable as exc:  # not a regular file, or too large
            if path.is_dir():  # a folder is not moved around: said, and left as it is
                raise StoreError(f"cannot read {_shown(path)}: it is a folder, not a learner file") from None
            self._move_aside(path, name, str(exc))
            return new_doc(name)
        except OSError as exc:
            raise StoreError(f"cannot read {_shown(path)}: {exc.strerror or exc}") from None
        try:
            doc: Doc = _decode(raw)
            version = _version(doc)
            if doc["learner"]["name"] != name:
                raise Unreadable("it does not belong to this learner")
            if version == SCHEMA_VERSION:
                _body(doc)
        except Unreadable as exc:
            self._move_aside(path, name, str(exc))
            return new_doc(name)
        if version > SCHEMA_VERSION:
            raise _newer(name, path, version)
        if version < SCHEMA_VERSION:
            backup = path.with_name(f"{path.stem}.v{version}.bak.json")
            if not backup.exists():
                try:
                    write_atomic(backup, raw)
                except OSError as exc:
                    raise self._not_writable(exc) from None
            doc = _migrated(doc, path)
            self._write(path, doc)
            return doc
        self._remember(path, doc, {})
        return doc

    def _read_plain(self, path: Path, name: str) -> Doc | None:
        """The document of *path* read without the lock, or None when it takes more than
        reading (see :meth:`_load`) and must be loaded under the lock.

        Writers replace the file atomically, so the file opened here is whole and never
        changes; the document is read from the very descriptor that is pinned (as
        :meth:`_remember` does), so a writer replacing the file meanwhile is noticed later.
        The result may be the store's own remembered document: do not change it in place.
        """
        if leftover_temps(path):
            return None
        known = self._current(path)
        if known is not None and known.doc.get("schema_version") == SCHEMA_VERSION and known.doc["learner"].get("name") == name:
            return known.doc
        try:
            fd = _open_regular(path)
        except FileNotFoundError:
            return new_doc(name)
        except (OSError, Unreadable):
            return None
        keep = False
        try:
            doc: Doc = _decode(_read_fd(fd))
            version = _version(doc)
            self._whose[path] = (_stamp(os.fstat(fd)), doc["learner"]["name"])  # saves locate() a read
            if version != SCHEMA_VERSION or doc["learner"]["name"] != name:
                return None
            _body(doc)
            self._forget(path)
            if _PIN_FILES:
                self._known[path] = _Known(doc, fd, _stamp(os.fstat(fd)), {})
                keep = True
            return doc
        except (OSError, Unreadable):
            return None
        finally:
            if not keep:
                os.close(fd)

    def _write(self, path: Path, doc: Doc, texts: dict[int, bytes] | None = None, checked: Doc | None = None) -> None:
        """Replace the file with *doc*, after checking it against the schema: all of it but
        the attempts and runs whose text is reused or that *checked* (a document that fits
        the schema, whose items *doc* shares) holds."""
        try:
            data, texts, fresh = _encode(doc, texts or {})
            view = _fresh_parts(doc, fresh, checked)
            if _deeper_than(view, MAX_DEPTH):  # it would not be read back (see _decode)
                raise storeschema.Invalid(f"it is nested too deeply (more than {MAX_DEPTH} levels)")
            storeschema.check(view)
        except (storeschema.Invalid, ValueError) as exc:  # ValueError: NaN or Infinity
            raise StoreError(f"progress not saved: the change would make the document malformed ({one_line(str(exc))})") from None
        self._forget(path)
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise self._not_writable(exc) from None
        self._remember(path, doc, texts)

    def read(self, name: str) -> Doc:
        """The learner's current document (a new one if the learner has no file yet), for
        the learner's own session: an unreadable file is moved aside, an older one migrated.

        The caller's own copy, except that quiz attempts and scenario runs are shared with
        the store's memory: never change them in place (use :meth:`update`).
        Raises :class:`StoreNotWritable` when reading needs a change the store refuses
        (:meth:`peek` then reads without it)."""
        name = check_name(name)
        first = self.path_for(name)
        if os.path.lexists(first):  # the usual case: the learner's hash-named file holds them
            doc = self._read_plain(first, name)
            if doc is not None:
                return _copy_for_change(doc, _NONE)
        try:
            for _ in range(10):
                path = self.locate(name)
                if not os.path.lexists(path):
                    return new_doc(name)
                doc = self._read_plain(path, name)
                if doc is not None:
                    return _copy_for_change(doc, _NONE)
                self._ensure_folder()
                with self._locked(path, self.path_for(name)):
                    if self.locate(name) != path:  # renamed meanwhile: look again
                        continue
                    return _copy_for_change(self._load(path, name), _NONE)
            raise StoreError(f"the progress file of {name!r} keeps moving (renamed by another course-tui); try again")
        except _timeout():
            raise StoreError(f"the progress of {name!r} is locked by another course-tui for over {LOCK_TIMEOUT:.0f} s", "locked", name=name) from None

    def update(self, name: str, change: Callable[[Doc], Any], touches: Iterable[str] | None = None) -> Doc:
        """Apply *change* to the freshest document under the lock and save it atomically.

        Returns the saved document (the caller's own, but see :meth:`read` about attempts
        and runs). *change* mutates the document
        in place; if it raises, nothing is written. *touches*, when given, promises that of
        the quiz attempts and scenario runs already in the document the change modifies
        only those with these ids (it may add new ones and change anything else): the
        others are then shared with the previous document instead of copied, and their
        saved text is reused. Without it, everything is copied.
        """
        name = check_name(name)
        self._ensure_folder()
        try:
            for _ in range(10):
                path = self.locate(name)
                # the hash-named file's lock too: a rename to this name holds it (see rename)
                with self._locked(path, self.path_for(name)):
                    if self.locate(name) != path:  # renamed or created meanwhile: look again
                        continue
                    doc = self._load(path, name)
                    known = self._known.get(path)
                    texts = known.texts if known is not None and known.doc is doc else {}
                    if touches is None:
                        work, texts, checked = copy_doc(doc), {}, None
                    else:
                        work, checked = _copy_for_change(doc, frozenset(touches)), doc
                    change(work)
                    work["updated"] = now_iso()
                    self._write(path, work, texts, checked)
                    return _copy_for_change(work, _NONE)  # the caller's own (items shared, read-only)
            raise StoreError(f"the progress file of {name!r} keeps moving (renamed by another course-tui); try again")
        except _timeout():
            raise StoreError(f"the progress of {name!r} is locked by another course-tui for over {LOCK_TIMEOUT:.0f} s", "locked", name=name) from None

    # -- reading without changing anything ------------------------------------------
    def peek(self, name: str) -> Doc:
        """The learner's document read without changing the store in any way (no lock, no
        move, no migration on disk, no clean-up): a new document when the learner has no
        file; :class:`StoreError` when the file cannot be read (the reason, in one line)."""
        name = check_name(name)
        path = self.locate(name)
        try:
            doc = self._read_any(path)
        except FileNotFoundError:
            return new_doc(name)
        except Unreadable as exc:
            raise StoreError(f"{_shown(path)} could not be read ({exc})") from None
        if doc["learner"]["name"] != name:
            raise StoreError(f"{_shown(path)} could not be read (it does not belong to learner {name!r})")
        return doc

    def _read_any(self, path: Path) -> Doc:
        """A learner file of any readable version as a current document, in memory only.
        Raises FileNotFoundError, :class:`StoreTooNew` or :class:`Unreadable` (the reason)."""
        try:
            raw = _read_bytes(path)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise Unreadable(one_line(exc.strerror or str(exc))) from None
        doc = _decode(raw)
        version = _version(doc)
        if version == SCHEMA_VERSION:
            return _body(doc)
        if version > SCHEMA_VERSION:
            raise _newer(doc["learner"]["name"], path, version)
        try:
            return _migrated(doc, path)
        except StoreError as exc:
            raise Unreadable(str(exc)) from None

    def read_all(self) -> tuple[list[Found], list[str]]:
        """Every learner file of the folder, read without changing anything (see
        :meth:`peek`), and one line per file that could not be read (left as it is).

        A name held by two files counts once: the file :meth:`locate` gives it."""
        found: dict[str, Found] = {}
        problems: list[str] = []
        for path in self._learner_files():
            try:
                doc = self._read_any(path)
            except FileNotFoundError:  # removed since the folder was listed
                continue
            except StoreTooNew as exc:
                problems.append(f"{exc} It was left out.")
                continue
            except Unreadable as exc:
                problems.append(f"{_shown(path)} could not be read ({exc}); it was left out (nothing was changed)")
                continue
            name = doc["learner"]["name"]
            if name in found and path != self.path_for(name):
                continue
            found[name] = Found(path, name, doc)
        return list(found.values()), problems

    # -- learners ------------------------------------------------------------------
    def learners(self) -> list[str]:
        """Names of the learners with a readable file, most recently active first."""
        if not self.folder.is_dir():
            return []
        found, _ = self.read_all()
        ordered = sorted(found, key=lambda f: (str(f.doc.get("updated") or ""), f.name), reverse=True)
        return [f.name for f in ordered]

    def rename(self, old: str, new: str) -> None:
        """Rename a learner, keeping all their progress: one atomic write of their file,
        which keeps its name (a kill leaves the learner under the old name or the new one)."""
        old, new = check_name(old), check_name(new)
        if old == new:
            return
        self._ensure_folder()
        try:
            for _ in range(10):
                src = self.locate(old)
                if not os.path.lexists(src) or self._whose_file(src) != old:
                    raise StoreError(f"there is no learner called {old!r}", "no_learner", name=old)
                # src's lock and the new name's hash-named lock, which every creation of a
                # learner called *new* holds too (see update): no one else takes the name meanwhile
                with self._locked(src, self.path_for(new)):
                    if self.locate(old) != src:
                        continue
                    if self.exists(new):
                        raise StoreError(f"a learner called {new!r} already exists", "learner_exists", name=new)
                    doc = copy_doc(self._load(src, old))
                    doc["learner"]["name"] = new
                    doc["learner"]["previous_names"] = [*doc["learner"].get("previous_names", []), old]
                    doc["updated"] = now_iso()
                    self._write(src, doc)
                    break
            else:
                raise StoreError(f"the progress file of {old!r} keeps moving (renamed by another course-tui); try again")
        except _timeout():
            raise StoreError(f"the progress of {old!r} is locked by another course-tui", "locked", name=old) from None
        if self.last_learner() == old:
            self.set_last_learner(new)

    def delete(self, name: str, idle_seconds: float = 600.0) -> Path:
        """Delete a learner: the file is moved aside (``….deleted-<time>.json``, no longer
        listed), never destroyed; the path it went to is returned. A learner who saved in the
        last *idle_seconds* may be studying in another course-tui, whose next save would
        start a new file: refused."""
        name = check_name(name)
        self._ensure_folder()
        path = self.locate(name)
        try:
            with self._locked(path):
                if not os.path.lexists(path) or self._whose_file(path) != name:
                    raise StoreError(f"there is no learner called {name!r}", "no_learner", name=name)
                if time.time() - os.stat(path).st_mtime < idle_seconds:
                    minutes = max(1, round(idle_seconds / 60))
                    raise StoreError(
                        f"{name!r} saved progress in the last {minutes} minutes and may be studying now; try later",
                        "learner_active",
                        name=name,
                        minutes=minutes,
                    )
                return self._aside(path, "deleted")
        except _timeout():
            raise StoreError(f"the progress of {name!r} is locked by another course-tui") from None

    def backup(self, name: str, why: str) -> Path | None:
        """A copy of the learner's file beside it (``….<why>-<time>.json``), kept as it is;
        None when the learner has no file yet."""
        path = self.locate(check_name(name))
        if not os.path.lexists(path):
            return None
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self._free(path.with_name(f"{path.stem}.{why}-{stamp}.json"))
        try:
            target.write_bytes(_read_bytes(path))
        except OSError as exc:
            raise self._not_writable(exc) from None
        return target

    @staticmethod
    def _free(target: Path) -> Path:
        n, first = 1, target
        while os.path.lexists(target):
            n += 1
            target = first.with_name(f"{first.stem}-{n}.json")
        return target

    def _aside(self, path: Path, why: str) -> Path:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self._free(path.with_name(f"{path.stem}.{why}-{stamp}.json"))
        try:
            os.replace(path, target)
        except OSError as exc:
            raise self._not_writable(exc) from None
        return target

    # -- store-wide state ----------------------------------------------------------
    def last_learner(self) -> str | None:
        """The learner of the last session, as recorded (None if none, or the state file is
        damaged). See :meth:`renamed_to` for a rename killed before it recorded the new name."""
        try:
            state = msgspec.json.decode(_read_bytes(self.state_path))
            return check_name(state.get("last_learner"))
        except (OSError, Unreadable, msgspec.MsgspecError, RecursionError, AttributeError, StoreError):
            return None

    def renamed_to(self, name: str) -> str | None:
        """The current name of the learner who was called *name*, when no learner is called
        so now and one was renamed from it (the last of their previous names)."""
        if self.exists(name):
            return None
        for found in self.read_all()[0]:
            previous = found.doc["learner"].get("previous_names") or []
            if previous and previous[-1] == name:
                return found.name
        return None

    def leftovers(self) -> list[Path]:
        """Temporary files of the state file a killed writer left (see set_last_learner)."""
        return leftover_temps(self.state_path)

    def set_last_learner(self, name: str) -> None:
        """Record the learner of this session; removes the state file's leftover temporary
        files (under its lock, so no writer's file in flight is touched)."""
        name = check_name(name)
        self._ensure_folder()
        try:
            with self._locked(self.state_path):
                for temp in leftover_temps(self.state_path):
                    try:
                        temp.unlink()
                    except OSError:
                        pass
                data = json.dumps({"schema_version": SCHEMA_VERSION, "last_learner": name}, ensure_ascii=False)
                write_atomic(self.state_path, data.encode("utf-8"))
        except _timeout():  # pragma: no cover - the state file is held only for a moment
            raise StoreError("the progress store is locked by another course-tui") from None
        except OSError as exc:
            raise self._not_writable(exc) from None


def _growing_ids(doc: Doc) -> set[int]:
    """The identities of the quiz attempts and scenario runs of a document."""
    return {id(item) for entry in (doc.get("courses") or {}).values() if type(entry) is dict for part in GROWING for item in entry.get(part) or ()}


def _fresh_parts(doc: Doc, fresh: Fresh | None, checked: Doc | None) -> Doc:
    """What a save must check against the schema: *doc* with only the attempts and runs
    encoded afresh (*fresh*), less those shared with *checked* (read or written before, so
    already checked: the first save after a read encodes everything but checks only what
    the change made)."""
    if fresh is None or type(doc.get("courses")) is not dict:
        return doc
    if checked is not None and sum(len(items) for parts in fresh.values() for items in parts.values()) > 16:
        seen = _growing_ids(checked)
        fresh = {c: {part: [i for i in items if id(i) not in seen] for part, items in parts.items()} for c, parts in fresh.items()}
    view = dict(doc)
    view["courses"] = {course_id: {**entry, **fresh[course_id]} if course_id in fresh else entry for course_id, entry in doc["courses"].items()}
    return view
