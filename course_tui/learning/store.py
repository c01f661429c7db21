"""The progress store: one UTF-8 JSON file per learner in a folder.

* Learner names are data. A learner's file is named from a hash of the name
  (``learner-<hash>.json``); the name itself is stored inside.
* Every change is read-modify-write under a per-learner lock (filelock), re-reading the
  file first, so two processes on one store never lose each other's updates.
* Writes are atomic (:mod:`course_tui.learning.atomic`).
* A file that cannot be read is moved aside, never deleted or overwritten; the reason and
  the new location are recorded in :attr:`Store.notices` for the app to show.
* Each file carries ``schema_version``; older files are migrated (a copy of the old file
  is kept), files from a newer course-tui are refused without being touched.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from course_tui.learning.atomic import leftover_temps, write_atomic

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 10.0
MAX_NAME_LENGTH = 200

# Migrations: MIGRATIONS[n] turns a version-n document into a version-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

Doc = dict[str, Any]


class StoreError(Exception):
    """A problem with the store that the learner must be told about, in plain words."""


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


class Store:
    """A progress store folder. Cheap to create; touches the disk only when used."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.notices: list[str] = []

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

    def _lock(self, path: Path) -> FileLock:
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
        """Read under the caller's lock: migrate, or move an unreadable file aside."""
        for temp in leftover_temps(path):  # left by a writer that was killed mid-write
            try:
                temp.unlink()
            except OSError:
                pass
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

    def _write(self, path: Path, doc: Doc) -> None:
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise StoreError(f"cannot save progress to {path}: {exc.strerror or exc}") from None

    def read(self, name: str) -> Doc:
        """The learner's current document (a new one if the learner has no file yet)."""
        path = self.path_for(name)
        if not path.exists():
            return new_doc(check_name(name))
        self._ensure_folder()
        try:
            with self._lock(path):
                return self._load(path, check_name(name))
        except Timeout:
            raise StoreError(f"the progress of {name!r} is locked by another course-tui for over {LOCK_TIMEOUT:.0f} s") from None

    def update(self, name: str, change: Callable[[Doc], Any]) -> Doc:
        """Apply *change* to the freshest document under the lock and save it atomically.

        Returns the saved document. *change* mutates the document in place; if it raises,
        nothing is written.
        """
        name = check_name(name)
        self._ensure_folder()
        path = self.path_for(name)
        try:
            with self._lock(path):
                doc = self._load(path, name)
                work = copy.deepcopy(doc)
                change(work)
                work["updated"] = now_iso()
                self._write(path, work)
                return work
        except Timeout:
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
                doc = self._load(src, old)
                doc["learner"]["name"] = new
                doc["learner"]["previous_names"] = [*doc["learner"].get("previous_names", []), old]
                self._write(dst, doc)
                src.unlink()
        except Timeout:
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
        except Timeout:  # pragma: no cover - the state file is held only for a moment
            raise StoreError("the progress store is locked by another course-tui") from None
        except OSError as exc:
            raise StoreError(f"cannot save {self.state_path}: {exc.strerror or exc}") from None
