"""The progress store: one UTF-8 JSON file per learner in a folder.

* Learner names are data. A learner's file is named from a hash of the name
  (``learner-<hash>.json``); the name itself is stored inside.
* Every change is read-modify-write under a per-learner lock (filelock), re-reading the
  file first, so two processes on one store never lose each other's updates.
* Writes are atomic (:mod:`course_tui.atomic`), so a plain read, without the lock, sees a
  whole file: :meth:`Store.read` takes the lock only when the file needs more than reading
  (moving an unreadable file aside, a migration, a killed writer's temporary files), and
  filelock is imported only then or at the first change (start-up, issue #6).
* A file that cannot be read is moved aside, never deleted or overwritten; the reason and
  the new location are recorded in :attr:`Store.notices` for the app to show.
* Each file carries ``schema_version``; older files are migrated (a copy of the old file
  is kept), files from a newer course-tui are refused without being touched.

Speed (issue #6: a save must stay under 50 ms with 10,000 quiz attempts in the file): a
store remembers the document it last read or wrote, with the file's identity, and re-reads
only when another writer has replaced the file since (an open descriptor pins the inode,
so a replaced file is always noticed). Quiz attempts and scenario runs, the parts that
grow, are shared between the old and the new document and their JSON text is reused when
a change declares which of them it touches (``update(..., touches=ids)``); everything else
is copied and encoded afresh on every change. The bytes written are exactly
``json.dumps(doc, ensure_ascii=False, separators=(",", ":"))``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from course_tui.atomic import leftover_temps, write_atomic

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 10.0
MAX_NAME_LENGTH = 200

# The lists of a course entry that grow with use; their items are dicts with an "id".
GROWING = ("attempts", "scenario_runs")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

# Migrations: MIGRATIONS[n] turns a version-n document into a version-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

Doc = dict[str, Any]


class StoreError(Exception):
    """A problem with the store that the learner must be told about, in plain words."""


class StoreNotWritable(StoreError):
    """The store cannot be written (permissions, a read-only mount, a full disk, a lock that
    cannot be created). The app goes on in read-only mode: see ``Learner.read_only``."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """A learner name: any text, trimmed; not empty, not absurdly long."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError("a learner name cannot be empty")
    name = name.strip()
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # e.g. undecodable bytes from argv/env (surrogate escapes)
        raise StoreError("a learner name must be valid text (it contains undecodable characters)") from None
    if len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a learner name can be at most {MAX_NAME_LENGTH} characters")
    return name


def new_doc(name: str) -> Doc:
    return {
        "schema_version": SCHEMA_VERSION,
        "learner": {"name": name, "created": now_iso()},
        "settings": {},
        "courses": {},
        "updated": now_iso(),
    }


def copy_doc(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars), several times faster than deepcopy."""
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
                    fresh[part] = [
                        copy_doc(item) if type(item) is not dict or item.get("id") in touches else item for item in items
                    ]
                else:
                    fresh[part] = copy_doc(items)
            courses[course_id] = fresh
        out[key] = courses
    return out


def _encode(doc: Doc, known: dict[int, bytes]) -> tuple[bytes, dict[int, bytes]]:
    """``doc`` as compact UTF-8 JSON, reusing the text of growing-list items in *known*
    (keyed by ``id(item)``); returns the bytes and the item texts of this document.

    The pieces are collected in one flat list and joined once: the file is copied in
    memory a single time, whatever its size."""
    encode = _ENCODER.encode
    if not all(type(k) is str for k in doc) or not all(type(k) is str for k in doc.get("courses") or {}):
        return encode(doc).encode("utf-8"), {}
    texts: dict[int, bytes] = {}
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
                for item in items:
                    text = get(id(item))
                    if text is None:
                        text = encode(item).encode("utf-8")
                    texts[id(item)] = text
                    add(isep)
                    add(text)
                    isep = b","
                add(b"[]" if isep == b"[" else b"]")
            add(b"{}" if psep == b"{" else b"}")
        add(b"{}" if csep == b"{" else b"}")
    add(b"{}" if sep == b"{" else b"}")
    return b"".join(out), texts


class _Known:
    """The document a store last read or wrote for one file, and how to tell it is current."""

    __slots__ = ("doc", "fd", "stamp", "texts")

    def __init__(self, doc: Doc, fd: int, stamp: tuple[int, int, int, int], texts: dict[int, bytes]) -> None:
        self.doc, self.fd, self.stamp, self.texts = doc, fd, stamp, texts


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


_NONE: frozenset[str] = frozenset()

# Windows cannot replace a file another handle holds open: no pinning there, always re-read.
_PIN_FILES = os.name != "nt"


class Unreadable(Exception):
    """A learner file whose content cannot be used; the message says why."""


def _header(doc: Any, name: str) -> Doc:
    """Check what every version of the format has: an object, a version, the learner."""
    if not isinstance(doc, dict):
        raise Unreadable("it does not hold a JSON object")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Unreadable("it has no valid schema_version")
    learner = doc.get("learner")
    if not isinstance(learner, dict) or learner.get("name") != name:
        raise Unreadable("it does not belong to this learner")
    return doc


# The current format's containers: what each must be, and what each of its items must be.
_COURSE_PARTS: dict[str, tuple[type, type | None]] = {
    "lessons": (dict, dict),
    "attempts": (list, dict),
    "scenario_runs": (list, dict),
    "review": (dict, dict),
    "position": (dict, None),
}
_ITEM_PARTS: dict[str, dict[str, type]] = {
    "lessons": {"seen": list},
    "attempts": {"answers": dict, "order": list, "shuffles": dict},
    "scenario_runs": {"path": list, "choices": list},
}


def _body(doc: Doc) -> Doc:
    """Check the current format's structure, down to the items the program reads."""
    if not isinstance(doc.get("settings", {}), dict) or not isinstance(doc.get("courses", {}), dict):
        raise Unreadable("its settings or courses are not JSON objects")
    for course in doc.get("courses", {}).values():
        if not isinstance(course, dict):
            raise Unreadable("a course entry is not a JSON object")
        for key, (kind, item_kind) in _COURSE_PARTS.items():
            part = course.get(key)
            if part is None:
                continue
            if not isinstance(part, kind):
                raise Unreadable(f"its {key} are malformed")
            if item_kind is None:
                continue
            items = part.values() if isinstance(part, dict) else part
            for item in items:
                if not isinstance(item, item_kind):
                    raise Unreadable(f"an entry of its {key} is malformed")
                for field, field_kind in _ITEM_PARTS.get(key, {}).items():
                    if not isinstance(item.get(field, field_kind()), field_kind):
                        raise Unreadable(f"an entry of its {key} has a malformed {field}")
    return doc


def _timeout() -> type[Exception]:
    """filelock's Timeout (an ``except`` clause evaluates this only when something was raised)."""
    from filelock import Timeout

    return Timeout


class Store:
    """A progress store folder. Cheap to create; touches the disk only when used."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.notices: list[str] = []
        self._known: dict[Path, _Known] = {}

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
            st = os.stat(path)
            pinned = os.fstat(known.fd)
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
        digest = hashlib.sha256(check_name(name).encode("utf-8")).hexdigest()[:24]
        return self.folder / f"learner-{digest}.json"

    @property
    def state_path(self) -> Path:
        return self.folder / "store.json"

    def _ensure_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"the progress store {self.folder} is not a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the progress store folder {self.folder}: {exc.strerror or exc}") from None
        if not self.folder.is_dir():
            raise StoreError(f"the progress store {self.folder} is not a folder")

    def _lock(self, path: Path) -> Any:
        # imported here, not at the top: a plain read needs no lock (see the module's doc)
        from filelock import FileLock

        return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)

    # -- reading -------------------------------------------------------------------
    def _move_aside(self, path: Path, name: str, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.stem}.unreadable-{stamp}.json")
        n = 1
        while target.exists():
            n += 1
            target = path.with_name(f"{path.stem}.unreadable-{stamp}-{n}.json")
        os.replace(path, target)
        self.notices.append(
            f"The progress file of learner {name!r} could not be read ({reason}). "
            f"It was moved to {target} and a new one was started; nothing was deleted."
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
            raw = path.read_bytes()
        except FileNotFoundError:
            return new_doc(name)
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            doc = _header(json.loads(raw.decode("utf-8")), name)
            if doc["schema_version"] == SCHEMA_VERSION:
                _body(doc)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            self._move_aside(path, name, f"not valid UTF-8 JSON: {exc.__class__.__name__}")
            return new_doc(name)
        except Unreadable as exc:
            self._move_aside(path, name, str(exc))
            return new_doc(name)
        version = doc["schema_version"]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the progress of {name!r} ({path}) was saved by a newer course-tui "
                f"(store version {version}; this one reads up to {SCHEMA_VERSION}). Upgrade course-tui; the file was left as it is."
            )
        if version < SCHEMA_VERSION:
            backup = path.with_name(f"{path.stem}.v{version}.bak.json")
            if not backup.exists():
                write_atomic(backup, raw)
            while doc["schema_version"] < SCHEMA_VERSION:
                current = doc["schema_version"]
                step = MIGRATIONS.get(current)
                if step is None:
                    raise StoreError(f"no migration from store version {current} ({path}); the file was left as it is")
                doc = step(doc)
                doc["schema_version"] = current + 1
            try:
                _body(doc)
            except Unreadable as exc:
                raise StoreError(f"migrating {path} produced a malformed document ({exc}); the file was left as it is") from None
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
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return new_doc(name)
        except OSError:
            return None
        keep = False
        try:
            with os.fdopen(os.dup(fd), "rb") as f:
                raw = f.read()
            doc = _header(json.loads(raw.decode("utf-8")), name)
            if doc["schema_version"] != SCHEMA_VERSION:
                return None
            _body(doc)
            self._forget(path)
            if _PIN_FILES:
                self._known[path] = _Known(doc, fd, _stamp(os.fstat(fd)), {})
                keep = True
            return doc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError, Unreadable):
            return None
        finally:
            if not keep:
                os.close(fd)

    def _write(self, path: Path, doc: Doc, texts: dict[int, bytes] | None = None) -> None:
        data, texts = _encode(doc, texts or {})
        self._forget(path)
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise StoreError(f"cannot save progress to {path}: {exc.strerror or exc}") from None
        self._remember(path, doc, texts)

    def read(self, name: str) -> Doc:
        """The learner's current document (a new one if the learner has no file yet).

        The caller's own copy, except that quiz attempts and scenario runs are shared with
        the store's memory: never change them in place (use :meth:`update`)."""
        path = self.path_for(name)
        if not path.exists():
            return new_doc(check_name(name))
        self._ensure_folder()
        doc = self._read_plain(path, check_name(name))
        if doc is not None:
            return _copy_for_change(doc, _NONE)
        try:
            with self._lock(path):
                return _copy_for_change(self._load(path, check_name(name)), _NONE)
        except _timeout():
            raise StoreError(f"the progress of {name!r} is locked by another course-tui for over {LOCK_TIMEOUT:.0f} s") from None

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
        path = self.path_for(name)
        try:
            with self._lock(path):
                doc = self._load(path, name)
                known = self._known.get(path)
                texts = known.texts if known is not None and known.doc is doc else {}
                if touches is None:
                    work, texts = copy_doc(doc), {}
                else:
                    work = _copy_for_change(doc, frozenset(touches))
                change(work)
                work["updated"] = now_iso()
                self._write(path, work, texts)
                return _copy_for_change(work, _NONE)  # the caller's own (items shared, read-only)
        except _timeout():
            raise StoreError(f"the progress of {name!r} is locked by another course-tui for over {LOCK_TIMEOUT:.0f} s") from None

    # -- learners ------------------------------------------------------------------
    def learners(self) -> list[str]:
        """Names of the learners with a readable file, most recently active first."""
        found: list[tuple[str, str]] = []
        if not self.folder.is_dir():
            return []
        for path in self.folder.glob("learner-*.json"):
            if path.name.count(".") != 1:  # skip moved-aside and backup copies
                continue
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                name = doc["learner"]["name"]
                if isinstance(name, str) and self.path_for(name) == path:
                    found.append((str(doc.get("updated", "")), name))
            except (OSError, ValueError, KeyError, TypeError, StoreError):
                continue
        return [name for _, name in sorted(found, key=lambda item: (item[0], item[1]), reverse=True)]

    def rename(self, old: str, new: str) -> None:
        """Rename a learner, keeping all their progress."""
        old, new = check_name(old), check_name(new)
        if old == new:
            return
        src, dst = self.path_for(old), self.path_for(new)
        self._ensure_folder()
        first, second = sorted((src, dst))  # one lock order for every process: no deadlock
        try:
            with self._lock(first), self._lock(second):
                if dst.exists():
                    raise StoreError(f"a learner called {new!r} already exists")
                if not src.exists():
                    raise StoreError(f"there is no learner called {old!r}")
                doc = copy_doc(self._load(src, old))
                doc["learner"]["name"] = new
                doc["learner"]["previous_names"] = [*doc["learner"].get("previous_names", []), old]
                self._write(dst, doc)
                self._forget(src)
                src.unlink()
        except _timeout():
            raise StoreError(f"the progress of {old!r} is locked by another course-tui") from None
        if self.last_learner() == old:
            self.set_last_learner(new)

    # -- store-wide state ----------------------------------------------------------
    def last_learner(self) -> str | None:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            name = state.get("last_learner")
            return name if isinstance(name, str) and name.strip() else None
        except (OSError, ValueError, AttributeError):
            return None

    def set_last_learner(self, name: str) -> None:
        name = check_name(name)
        self._ensure_folder()
        try:
            with self._lock(self.state_path):
                data = json.dumps({"schema_version": SCHEMA_VERSION, "last_learner": name}, ensure_ascii=False)
                write_atomic(self.state_path, data.encode("utf-8"))
        except _timeout():  # pragma: no cover - the state file is held only for a moment
            raise StoreError("the progress store is locked by another course-tui") from None
        except OSError as exc:
            raise StoreError(f"cannot save {self.state_path}: {exc.strerror or exc}") from None
