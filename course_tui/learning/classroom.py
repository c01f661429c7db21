"""A class served to browsers (``course-tui serve``): what the server and the learners' app
processes share through the store folder, in its ``classroom/`` sub-folder.

- **Presence** (``classroom/online/<key>.json``, one file per learner, ``<key>`` a hash of the
  name): which browser holds the learner, which app process, where in the course the learner
  is, and when this was last said. The learner's app process rewrites it every few seconds
  (:data:`HEARTBEAT_SECONDS`); a record older than :data:`EXPIRES_SECONDS` means nobody. The
  same file is the learner's lease: while it is fresh, another browser cannot open the learner
  (:func:`holder`). Written atomically; removed when the session ends.
- **Browsers** (``classroom/browsers.json``): which learner each browser joined as, by a hash
  of the random token its cookie holds, so that a returning learner is recognised. Only the
  server writes it (one server per store).
- **Roster** (``--roster FILE``): the names a learner can pick from.

Every name is checked as the store checks learner names; a name is never used as a path.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_tui.atomic import write_atomic
from course_tui.learning.store import StoreError, check_name
from course_tui.safe_files import read_regular
from course_tui.safe_text import one_line

HEARTBEAT_SECONDS = 5.0
EXPIRES_SECONDS = 20.0  # four heartbeats missed: the session is gone (killed, or its browser closed)
MAX_RECORD_BYTES = 16 * 1024
MAX_BROWSERS_BYTES = 4 * 1024 * 1024
MAX_ROSTER_BYTES = 256 * 1024
MAX_ROSTER_NAMES = 2000
PLACE_KINDS = ("map", "lesson", "quiz", "scenario", "review", "stats", "other")


def folder_of(store: Path) -> Path:
    return Path(store) / "classroom"


def name_key(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]


def token_key(token: str) -> str:
    """What is kept of a browser's token: a hash, so the file does not hold the cookies."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Place:
    """Where a learner is: the kind of screen, the item's id and a step (section or question)
    of so many; shown by the trainer's cohort screen in its own language."""

    kind: str = "map"
    item: str = ""
    step: int = 0
    of: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "item": self.item, "step": self.step, "of": self.of}

    @classmethod
    def from_json(cls, value: Any) -> "Place":
        if not isinstance(value, dict):
            return cls()
        kind: str = value["kind"] if value.get("kind") in PLACE_KINDS else "other"
        item: str = value["item"] if isinstance(value.get("item"), str) else ""
        step: Any = value.get("step")  # checked below
        of: Any = value.get("of")
        good = all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 1_000_000 for n in (step, of))
        return cls(kind, one_line(item)[:200], step if good else 0, of if good else 0)


@dataclass(frozen=True)
class Presence:
    name: str
    browser: str  # token_key of the browser's token
    session: str  # the app process's session id (given by the server)
    place: Place = field(default_factory=Place)
    updated: float = 0.0  # seconds since the epoch

    def fresh(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) - self.updated < EXPIRES_SECONDS

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "browser": self.browser, "session": self.session, "place": self.place.to_json(), "updated": self.updated}


def _online(store: Path) -> Path:
    return folder_of(store) / "online"


def _parse_presence(raw: bytes) -> Presence | None:
    try:
        doc = json.loads(raw.decode("utf-8"))
        name = check_name(doc["name"])
        browser, session, updated = doc["browser"], doc["session"], doc["updated"]
        if not (isinstance(browser, str) and isinstance(session, str) and isinstance(updated, (int, float)) and not isinstance(updated, bool)):
            return None
        return Presence(name, browser[:128], session[:128], Place.from_json(doc.get("place")), float(updated))
    except (ValueError, KeyError, TypeError, StoreError, UnicodeDecodeError):
        return None


def read_presence(store: Path, name: str) -> Presence | None:
    """The presence record of *name* (fresh or not); None when there is none or it is unreadable."""
    try:
        found = _parse_presence(read_regular(_online(store) / f"{name_key(name)}.json", MAX_RECORD_BYTES))
    except OSError:
        return None
    return found if found is not None and found.name == name else None


def holder(store: Path, name: str, now: float | None = None) -> Presence | None:
    """Who holds *name* now: a fresh presence record, else None (the learner is free)."""
    found = read_presence(store, name)
    return found if found is not None and found.fresh(now) else None


def write_presence(store: Path, presence: Presence) -> None:
    """Say (again) that *presence* holds its learner; atomic. Raises OSError."""
    folder = _online(store)
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(presence.to_json(), ensure_ascii=False).encode("utf-8")
    write_atomic(folder / f"{name_key(presence.name)}.json", data)


def release(store: Path, name: str, session: str) -> None:
    """The session *session* of *name* ended: its record goes, unless another session took over."""
    found = read_presence(store, name)
    if found is not None and found.session == session:
        try:
            (_online(store) / f"{name_key(name)}.json").unlink()
        except OSError:
            pass


def online(store: Path, now: float | None = None) -> list[Presence]:
    """Every learner present now (fresh records), by name."""
    folder = _online(store)
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            record = _parse_presence(read_regular(path, MAX_RECORD_BYTES))
        except OSError:
            continue
        if record is not None and record.fresh(now) and path.stem == name_key(record.name):
            found.append(record)
    return sorted(found, key=lambda p: (p.name.casefold(), p.name))


# -- browsers ------------------------------------------------------------------------------
class Browsers:
    """Which learner each browser joined as (by the hash of its token), kept in the store."""

    def __init__(self, store: Path) -> None:
        self.path = folder_of(store) / "browsers.json"
        self.names: dict[str, str] = {}
        try:
            doc = json.loads(read_regular(self.path, MAX_BROWSERS_BYTES).decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            doc = {}
        for key, name in (doc.get("browsers") or {}).items() if isinstance(doc, dict) else ():
            try:
                if isinstance(key, str) and isinstance(name, str):
                    self.names[key] = check_name(name)
            except StoreError:
                continue

    def name(self, token: str) -> str | None:
        return self.names.get(token_key(token)) if token else None

    def remember(self, token: str, name: str) -> None:
        """Raises OSError when the store cannot be written."""
        self.names[token_key(token)] = name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps({"browsers": self.names}, ensure_ascii=False, indent=0).encode("utf-8"))


# -- roster --------------------------------------------------------------------------------
class RosterError(Exception):
    """A one-line reason the roster file cannot be used."""


def read_roster(path: str | os.PathLike[str]) -> list[str]:
    """The names of a roster file: UTF-8, one name per line; blank lines and lines starting
    with ``#`` are skipped, a name given twice counts once."""
    try:
        raw = read_regular(path, MAX_ROSTER_BYTES)
    except OSError as exc:
        raise RosterError(f"cannot read the roster {one_line(str(path))}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"the roster {one_line(str(path))} is not UTF-8 text") from None
    names: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            name = check_name(line)
        except StoreError as exc:
            raise RosterError(f"{one_line(str(path))}:{number}: {exc}") from None
        if name not in names:
            names.append(name)
        if len(names) > MAX_ROSTER_NAMES:
            raise RosterError(f"the roster {one_line(str(path))} has more than {MAX_ROSTER_NAMES} names")
    if not names:
        raise RosterError(f"the roster {one_line(str(path))} holds no name")
    return names


# -- the app process's part ----------------------------------------------------------------
ROLE_ENV = "COURSE_TUI_CLASSROOM"


@dataclass(frozen=True)
class Role:
    """What a served app process is, as the server says in :data:`ROLE_ENV`: a learner's
    session (which browser, which session id) or the trainer's view."""

    kind: str  # "learner" or "trainer"
    session: str
    browser: str = ""

    def to_env(self) -> str:
        return f"{self.kind}:{self.session}:{self.browser}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | os._Environ[str] | None = None) -> "Role | None":
        value = (os.environ if environ is None else environ).get(ROLE_ENV, "")
        kind, _, rest = value.partition(":")
        session, _, browser = rest.partition(":")
        if kind not in ("learner", "trainer") or not session.isalnum() or not (browser.isalnum() or not browser):
            return None
        return cls(kind, session[:64], browser[:128])
