"""The progress document's schema: what every field the program reads must hold.

One definition, used when a learner file is read (a file that fails it is unreadable: the
learner's own app session moves it aside, every other command skips it) and when one is
written (a change that would save a malformed document is refused before anything is
written). The document itself stays plain JSON data (dicts and lists) in memory and on
disk, unknown fields included; these Structs only check it (:func:`check`).

Integers and floats are bounded (no 4,000-digit integer, no NaN or Infinity reaches the
program), timestamps must be ISO 8601 / RFC 3339 date-times (as ``now_iso`` writes them),
and a learner name is 1 to ``MAX_NAME_LENGTH`` characters without control characters
(a crafted file cannot send a terminal escape through a name: it is refused, not shown).
"""

from __future__ import annotations

import re
import types
import typing
from datetime import datetime
from typing import Annotated, Any, Union

import msgspec
from msgspec import Meta, Struct

from course_tui.safe_text import CONTROL_CLASS, CONTROL_OR_BREAK_CLASS, one_line

MAX_NAME_LENGTH = 200
MAX_COUNT = 10**9  # answer counts, streaks, choice indexes
MAX_SECONDS = 1e12  # time spent, in seconds (about 31,000 years)
MAX_SCORE = 10**9  # scenario scores (either sign)
MAX_FLAGS = 10_000  # questions flagged in one attempt (more than any quiz holds)

# C0 controls (tab, newline and CR included), DEL and C1 controls: never in a name.
NAME_PATTERN = f"\\A[^{CONTROL_OR_BREAK_CLASS}]*\\Z"

Name = Annotated[str, Meta(min_length=1, max_length=MAX_NAME_LENGTH, pattern=NAME_PATTERN)]
MAX_NOTE_LENGTH = 20_000  # characters in one note
NoteText = Annotated[str, Meta(max_length=MAX_NOTE_LENGTH, pattern=f"\\A[^{CONTROL_CLASS}]*\\Z")]  # lines and tabs allowed
Title = Annotated[str, Meta(max_length=1000, pattern=NAME_PATTERN)]
Count = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Seconds = Annotated[float, Meta(ge=0, le=MAX_SECONDS)]
Percent = Annotated[float, Meta(ge=0, le=100)]
Credit = Annotated[float, Meta(ge=0, le=1)]  # one answer's score: 0 (wrong) to 1 (right)
Score = Annotated[int, Meta(ge=-MAX_SCORE, le=MAX_SCORE)]
Index = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Version = Annotated[int, Meta(ge=1, le=MAX_COUNT)]
Stamp = datetime
# A stored response (course_tui.learning.quizrun.to_stored): an option id or a typed text,
# true/false, or a list of option ids, item indexes or matched indexes (null: unmatched);
# any flat JSON value, list or object of bounded scalars is kept.
Number = Annotated[int, Meta(ge=-(10**15), le=10**15)] | Annotated[float, Meta(ge=-1e15, le=1e15)]
Scalar = str | bool | Number | None
Response = Scalar | list[Scalar] | dict[str, Scalar]


class _Open(Struct, omit_defaults=True):
    """Unknown fields are kept in the document and ignored here (later versions may add some)."""


class LearnerInfo(_Open):
    name: Name
    created: Stamp | None = None
    previous_names: list[str] = []


class Settings(_Open):
    lang: str | None = None
    theme: str | None = None


class LessonRecord(_Open):
    section: str | None = None
    seen: list[str] = []
    visited: dict[str, Stamp] = {}
    completed: Stamp | None = None
    seconds: Seconds = 0.0
    completed_seconds: Seconds | None = None
    scroll: Annotated[int, Meta(ge=0)] = 0  # lines scrolled down in the section last read


class Answer(_Open):
    response: Response = None
    score: Credit = 0.0
    correct: bool = False
    at: Stamp | None = None


class LiveRecord(_Open):
    """A live quiz attempt's session and, once finished, its points and rank."""

    session: str
    points: Annotated[int, Meta(ge=0, le=MAX_SCORE)] | None = None
    rank: Annotated[int, Meta(ge=1, le=MAX_COUNT)] | None = None
    learners: Count | None = None


class Attempt(_Open):
    id: str
    quiz: str | None = None
    mode: str = "practice"
    lang: str | None = None
    started: Stamp | None = None
    finished: Stamp | None = None
    order: list[str] = []
    shuffles: dict[str, list[str | Index]] = {}
    flags: Annotated[list[str], Meta(max_length=MAX_FLAGS)] = []  # question ids flagged for review
    answers: dict[str, Answer] = {}
    percent: Percent | None = None
    passed: bool | None = None
    retry_of: str | None = None
    review: bool = False  # a review round of missed questions: never graded
    hints: Annotated[list[str], Meta(max_length=MAX_COUNT)] = []  # question ids whose hint was shown
    live: LiveRecord | None = None  # mode "live": the host-paced session it belongs to


class ScenarioRun(_Open):
    id: str
    scenario: str | None = None
    started: Stamp | None = None
    finished: Stamp | None = None
    path: list[str] = []
    choices: list[Index] = []
    score: Score | None = None
    ending: str | None = None
    seed: Annotated[int, Meta(ge=0, le=2**63 - 1)] | None = None  # the choices' shuffle seed
    chosen_at: list[Stamp] = []  # when each of ``choices`` was made (older runs: none)


class Card(_Open):
    """An FSRS card as ``fsrs.Card.to_dict`` writes it (read back by ``Card.from_dict``)."""

    card_id: Annotated[int, Meta(ge=0, le=2**63 - 1)]
    state: Annotated[int, Meta(ge=1, le=3)]
    due: Stamp
    step: Index | None = None
    stability: Seconds | None = None
    difficulty: Seconds | None = None
    last_review: Stamp | None = None


class ReviewItem(_Open):
    quiz: str | None = None
    added: Stamp | None = None
    due: Stamp | None = None
    wrong: Count = 0
    right: Count = 0
    last: Stamp | None = None
    card: Card | None = None
    streak: Count = 0
    mastered: bool = False


class Position(_Open):
    kind: str | None = None
    id: str | None = None
    section: str | None = None
    attempt: str | None = None
    run: str | None = None


class Note(_Open):
    """A learner's note on a section (key ``lesson#section``); the titles as they were when
    it was written, so an export needs no course."""

    text: NoteText
    updated: Stamp | None = None
    lesson_title: Title | None = None
    section_title: Title | None = None


class Bookmark(_Open):
    added: Stamp | None = None
    lesson_title: Title | None = None
    section_title: Title | None = None


class CourseProgress(_Open):
    lessons: dict[str, LessonRecord] = {}
    attempts: list[Attempt] = []
    scenario_runs: list[ScenarioRun] = []
    review: dict[str, ReviewItem] = {}
    position: Position | None = None
    notes: dict[str, Note] = {}  # since version 2
    bookmarks: dict[str, Bookmark] = {}  # since version 2


class Document(_Open):
    """A learner file of the current ``schema_version``."""

    schema_version: Version
    learner: LearnerInfo
    settings: Settings = msgspec.field(default_factory=Settings)
    courses: dict[str, CourseProgress] = {}
    updated: Stamp | None = None


class Header(_Open):
    """What every version of the format has: read first, to tell whose file it is and which
    version (a newer version is never checked against this one's schema)."""

    schema_version: Version
    learner: LearnerInfo


class Invalid(ValueError):
    """The document does not fit the schema; the message names the field, e.g.
    ``$.courses.pmo.review.q1.wrong: expected `int`, got `str```."""


def check(doc: Any, schema: type[Struct] = Document) -> None:
    """Raise :class:`Invalid` unless *doc* (plain JSON data) fits *schema*."""
    try:
        msgspec.convert(doc, schema)
    except msgspec.ValidationError as exc:
        raise Invalid(describe(str(exc), doc, schema)) from None
    except RecursionError:
        raise Invalid("it is nested too deeply") from None


def describe(error: str, doc: Any = None, schema: Any = Document) -> str:
    """msgspec's *error* as one line naming the field: the keys of objects, which msgspec
    shows as ``[...]``, are looked up in *doc* (shown inert, as a file may hold anything)."""
    message, _, path = error.partition(" - at `")
    path = path.rstrip("`")
    if "matching regex" in message:
        message = "expected text of 1 to 200 characters without control characters (line breaks, tabs, escapes)"
    else:
        message = message[:1].lower() + message[1:]
    if not path:
        return one_line(message)
    try:
        path = _named(path, doc, schema)
    except Exception:  # noqa: BLE001 - naming is a courtesy: msgspec's own path will do
        pass
    return one_line(f"{path}: {message}")


_SEGMENT = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\.\.\.)\]")


def _concrete(kind: Any, value: Any) -> Any:
    """*kind* without Annotated and without the members of a union *value* does not take."""
    while True:
        origin = typing.get_origin(kind)
        if origin is Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (Union, types.UnionType):
            wanted = dict if isinstance(value, dict) else list if isinstance(value, list) else None
            kind = next(
                k
                for k in typing.get_args(kind)
                if wanted is not None and (typing.get_origin(k) is wanted or (wanted is dict and isinstance(k, type) and issubclass(k, Struct)))
            )
        else:
            return kind


def _named(path: str, doc: Any, schema: Any) -> str:
    out, value, kind = "$", doc, schema
    for field, index in _SEGMENT.findall(path[1:]):
        kind = _concrete(kind, value)
        if field:
            kind = typing.get_type_hints(kind, include_extras=True)[field]
            value = value.get(field)
            out += "." + field
        elif index == "...":
            item_kind = typing.get_args(kind)[1]
            for key, item in value.items():
                try:
                    msgspec.convert(item, item_kind)
                except (msgspec.ValidationError, RecursionError):
                    break
            else:
                return path
            shown = key if len(key) <= 60 else key[:59] + "…"
            out, value, kind = f"{out}.{shown}", item, item_kind
        else:
            out, value, kind = f"{out}[{index}]", value[int(index)], typing.get_args(kind)[0]
    return out
