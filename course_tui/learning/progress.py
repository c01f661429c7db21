"""What the store records, as pure changes to a learner document.

Each function takes the document (``dict`` from :class:`~course_tui.learning.store.Store`)
and changes it in place; :class:`Learner` applies them through ``Store.update`` so each
change is saved atomically on its own.

Per course the document holds::

    position        where to continue: {"kind": "lesson"|"quiz"|"scenario", "id": …, "section": …}
    lessons         lesson id → {"section": current section id, "seen": [section ids],
                                  "visited": {section id → first visit time},
                                  "completed": timestamp | null, "seconds": time spent,
                                  "completed_seconds": time spent when it was completed}
    attempts        quiz attempts: {"id", "quiz", "mode", "lang", "started", "finished", "order",
                                    "shuffles", "flags" (question ids flagged for review), "answers": {question id → {"response",
                                    "score", "correct", "at"}}, "percent", "passed", "retry_of",
                                    "review": a review round of missed questions (never graded),
                                    "hints": [question ids whose hint was shown],
                                    "live": {"session", "points", "rank", "learners"} for an
                                    attempt of mode "live" (course_tui.learning.livequiz)}
    scenario_runs   {"id", "scenario", "started", "finished", "path", "choices", "score", "ending",
                     "seed": the run's shuffle seed (its choices' display order per node)}
    review          question id → {"quiz", "added", "due", "wrong", "right", "last", "card",
                                     "streak", "mastered"} (see course_tui.learning.review)
    notes           "lesson#section" → {"text", "updated", "lesson_title", "section_title"}
    bookmarks       "lesson#section" → {"added", "lesson_title", "section_title"}
                    (both since store version 2; titles as they were, for an export without the course)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from course_tui.safe_text import inert
from course_tui.learning.store import Doc, Store, StoreError, StoreNotWritable, StoreTooNew, copy_doc, new_doc, now_iso

_R = TypeVar("_R")


def course_entry(doc: Doc, course_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = doc.setdefault("courses", {}).setdefault(course_id, {})
    entry.setdefault("lessons", {})
    entry.setdefault("attempts", [])
    entry.setdefault("scenario_runs", [])
    entry.setdefault("review", {})
    return entry


# -- settings ---------------------------------------------------------------------
def set_setting(doc: Doc, key: str, value: Any) -> None:
    doc.setdefault("settings", {})[key] = value


# -- lessons ----------------------------------------------------------------------
def visit_section(doc: Doc, course_id: str, lesson_id: str, section_id: str, last: bool, seconds: float = 0.0, scroll: int = 0) -> None:
    """The learner opened *section_id* (and is *scroll* lines down in it); *last* marks the lesson read."""
    entry = course_entry(doc, course_id)
    lesson = entry["lessons"].setdefault(lesson_id, {"section": section_id, "seen": [], "completed": None, "seconds": 0})
    lesson["section"] = section_id
    if scroll > 0:
        lesson["scroll"] = int(scroll)
    else:
        lesson.pop("scroll", None)
    if section_id not in lesson["seen"]:
        lesson["seen"].append(section_id)
    visited = lesson.setdefault("visited", {})  # first visit of each section (xAPI export)
    if isinstance(visited, dict):
        visited.setdefault(section_id, now_iso())
    lesson["seconds"] = round(lesson.get("seconds", 0) + max(0.0, seconds), 1)
    if last and not lesson.get("completed"):
        lesson["completed"] = now_iso()
        lesson["completed_seconds"] = lesson["seconds"]
    entry["position"] = {"kind": "lesson", "id": lesson_id, "section": section_id}


# -- notes and bookmarks ------------------------------------------------------------
def set_note(doc: Doc, course_id: str, lesson_id: str, section_id: str, text: str, titles: tuple[str, str]) -> None:
    """The learner's note on a section; an empty (or blank) text removes it."""
    notes = course_entry(doc, course_id).setdefault("notes", {})
    key = f"{lesson_id}#{section_id}"
    # pasted control characters become visible placeholders (lines and tabs stay): the note
    # is kept, never refused by the store's check
    text = inert(text.replace("\r\n", "\n").replace("\r", "\n")).rstrip()
    if not text.strip():
        notes.pop(key, None)
        return
    notes[key] = {"text": text, "updated": now_iso(), "lesson_title": titles[0], "section_title": titles[1]}


def set_bookmark(doc: Doc, course_id: str, lesson_id: str, section_id: str, on: bool, titles: tuple[str, str]) -> None:
    bookmarks = course_entry(doc, course_id).setdefault("bookmarks", {})
    key = f"{lesson_id}#{section_id}"
    if not on:
        bookmarks.pop(key, None)
    elif key not in bookmarks:
        bookmarks[key] = {"added": now_iso(), "lesson_title": titles[0], "section_title": titles[1]}


def reset_chapter(doc: Doc, course_id: str, lesson_id: str, quiz_ids: Iterable[str], scenario_ids: Iterable[str]) -> None:
    """Start a chapter over: its reading, its quizzes' attempts and review items and its
    scenarios' runs go (notes and bookmarks stay: they are the learner's writing)."""
    entry = course_entry(doc, course_id)
    quizzes, scenarios = set(quiz_ids), set(scenario_ids)
    entry["lessons"].pop(lesson_id, None)
    entry["attempts"] = [a for a in entry["attempts"] if a.get("quiz") not in quizzes]
    entry["scenario_runs"] = [r for r in entry["scenario_runs"] if r.get("scenario") not in scenarios]
    entry["review"] = {q: item for q, item in entry["review"].items() if item.get("quiz") not in quizzes}
    position = entry.get("position") or {}
    if position.get("id") in {lesson_id, *quizzes, *scenarios}:
        entry.pop("position", None)


# -- quizzes ----------------------------------------------------------------------
def _find(doc: Doc, course_id: str, part: str, item_id: str, what: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = course_entry(doc, course_id)[part]
    for item in items:
        if item.get("id") == item_id:
            return item
    raise StoreError(f"{what} {item_id} is not in the store")


def find_attempt(doc: Doc, course_id: str, attempt_id: str) -> dict[str, Any]:
    return _find(doc, course_id, "attempts", attempt_id, "quiz attempt")


def start_attempt(
    doc: Doc,
    course_id: str,
    quiz_id: str,
    mode: str,
    order: Iterable[str],
    shuffles: Mapping[str, list[Any]] | None = None,
    retry_of: str | None = None,
    attempt_id: str | None = None,
    lang: str | None = None,
    review: bool = False,
    live: Mapping[str, Any] | None = None,
) -> str:
    """A new attempt; a live quiz's (*live*: its session) does not move the learner's place
    ("continue" never resumes it: the host paces it)."""
    attempt_id = attempt_id or uuid.uuid4().hex
    attempt: dict[str, Any] = {
        "id": attempt_id,
        "quiz": quiz_id,
        "mode": mode,
        "lang": lang,
        "started": now_iso(),
        "finished": None,
        "order": list(order),
        "shuffles": dict(shuffles or {}),
        "answers": {},
        "percent": None,
        "passed": None,
        "retry_of": retry_of,
    }
    if review:
        attempt["review"] = True
    if live is not None:
        attempt["live"] = dict(live)
    entry = course_entry(doc, course_id)
    entry["attempts"].append(attempt)
    if live is None:
        entry["position"] = {"kind": "quiz", "id": quiz_id, "attempt": attempt_id}
    return attempt_id


def record_answer(doc: Doc, course_id: str, attempt_id: str, question_id: str, response: Any, score: float, quiz_id: str) -> None:
    """Save one graded answer. In practice a miss (or a later hit) updates the review list at
    once; an exam's answers can still change until it is submitted, so its review list is
    updated once per question, with the final answers, when the attempt is finished."""
    attempt = find_attempt(doc, course_id, attempt_id)
    correct = score >= 1.0
    attempt["answers"][question_id] = {"response": response, "score": score, "correct": correct, "at": now_iso()}
    if attempt.get("mode") != "exam":
        _review_outcome(doc, course_id, question_id, correct, quiz_id)


def _review_outcome(doc: Doc, course_id: str, question_id: str, correct: bool, quiz_id: str) -> None:
    """A question answered: a miss puts it on the review list (due now); a hit on the list counts."""
    review = course_entry(doc, course_id)["review"]
    item = review.get(question_id)
    if not correct and item is None:
        item = review[question_id] = {"quiz": quiz_id, "added": now_iso(), "due": now_iso(), "wrong": 0, "right": 0, "last": None, "card": None}
    if item is not None:
        item["wrong" if not correct else "right"] = int(item.get("wrong" if not correct else "right", 0)) + 1
        item["last"] = now_iso()
        if not correct:  # missed again: back on the list, due now
            item.update(due=now_iso(), streak=0, mastered=False)


def set_flag(doc: Doc, course_id: str, attempt_id: str, question_id: str, flagged: bool) -> None:
    """Mark (or unmark) a question of an unfinished attempt for review before submitting."""
    attempt = find_attempt(doc, course_id, attempt_id)
    flags = [f for f in attempt.get("flags", []) if f != question_id]
    if flagged:
        flags.append(question_id)
    attempt["flags"] = flags


def record_hint(doc: Doc, course_id: str, attempt_id: str, question_id: str) -> None:
    """Note that the hint of *question_id* was shown during the attempt."""
    attempt = find_attempt(doc, course_id, attempt_id)
    hints = attempt.setdefault("hints", [])
    if question_id not in hints:
        hints.append(question_id)


def finish_attempt(doc: Doc, course_id: str, attempt_id: str, percent: float, passed: bool | None) -> None:
    attempt = find_attempt(doc, course_id, attempt_id)
    if attempt.get("mode") == "exam" and not attempt.get("finished"):  # the final answers, once each
        for question_id, answer in attempt["answers"].items():
            _review_outcome(doc, course_id, question_id, bool(answer.get("correct")), attempt["quiz"])
    attempt["finished"] = now_iso()
    attempt["percent"] = percent
    attempt["passed"] = passed
    entry = course_entry(doc, course_id)
    if entry.get("position", {}).get("attempt") == attempt_id:
        entry["position"] = {"kind": "quiz", "id": attempt["quiz"], "attempt": None}


def finish_live_attempt(doc: Doc, course_id: str, attempt_id: str, percent: float, result: Mapping[str, int] | None) -> None:
    """Close a live quiz's attempt: its percent and, when known, its points and rank among
    the session's learners; never passed or failed."""
    attempt = find_attempt(doc, course_id, attempt_id)
    attempt["finished"] = now_iso()
    attempt["percent"] = percent
    attempt["passed"] = None
    if result is not None:
        attempt["live"] = {**(attempt.get("live") or {}), **result}


# -- scenarios --------------------------------------------------------------------
def start_run(doc: Doc, course_id: str, scenario_id: str, start_node: str, run_id: str | None = None, seed: int | None = None) -> str:
    run_id = run_id or uuid.uuid4().hex
    run: dict[str, Any] = {
        "id": run_id,
        "scenario": scenario_id,
        "started": now_iso(),
        "finished": None,
        "path": [start_node],
        "choices": [],
        "score": None,
        "ending": None,
    }
    if seed is not None:
        run["seed"] = seed
    entry = course_entry(doc, course_id)
    entry["scenario_runs"].append(run)
    entry["position"] = {"kind": "scenario", "id": scenario_id, "run": run_id}
    return run_id


def record_choice(doc: Doc, course_id: str, run_id: str, choice: int, next_node: str) -> None:
    run = _find_run(doc, course_id, run_id)
    run["choices"].append(choice)
    run["path"].append(next_node)
    # when each choice was made (xAPI states one per choice); runs saved before this was kept
    # have no list, or a shorter one: only choices with a time of their own are stated
    chosen = run.setdefault("chosen_at", [])
    if len(chosen) == len(run["choices"]) - 1:
        chosen.append(now_iso())


def finish_run(doc: Doc, course_id: str, run_id: str, score: int, ending: str) -> None:
    run = _find_run(doc, course_id, run_id)
    run["finished"] = now_iso()
    run["score"] = score
    run["ending"] = ending


def _find_run(doc: Doc, course_id: str, run_id: str) -> dict[str, Any]:
    return _find(doc, course_id, "scenario_runs", run_id, "scenario run")


class Learner:
    """One learner's progress in one course, saved on every change.

    ``doc`` is the latest saved (or read) document; every method saves through the store
    before returning, so killing the program loses at most the change in flight.
    """

    def __init__(self, store: Store, name: str, course_id: str, doc: Doc | None = None) -> None:
        """*doc*: the learner's document already read (e.g. by ``Store.read_all``, for a
        report); else it is read here, as the learner's own session does."""
        self.store = store
        self.name = name
        self.course_id = course_id
        # Read-only mode: when the store cannot be written (StoreNotWritable), changes are
        # kept in this document only; ``read_only`` holds the reason (None while saving
        # works) and ``on_read_only`` (set by the app) is called once with it.
        self.read_only: str | None = None
        self.read_only_error: StoreError | None = None  # the error itself (its code names it)
        self.on_read_only: Callable[[str], None] | None = None
        if doc is not None:
            self.doc = doc
            return
        try:
            self.doc = store.read(name)
        except StoreNotWritable as exc:  # reading needed a change the store refuses
            self.read_only, self.read_only_error = str(exc), exc
            try:
                self.doc = store.peek(name)
            except StoreTooNew:
                raise
            except StoreError as why:
                self.doc = new_doc(name)
                store.notices.append(f"{why}. It was left as it is (the store cannot be written); this session starts from nothing and is not saved.")

    def go_read_only(self, reason: str, error: StoreError | None = None) -> None:
        """From now on keep changes in memory only; tell the app once."""
        if self.read_only is not None:
            return
        self.read_only, self.read_only_error = reason, error
        if self.on_read_only is not None:
            self.on_read_only(reason)

    def _apply(self, change: Callable[..., _R], *args: Any, touches: tuple[str, ...] = ()) -> _R:
        """Save *change*; *touches* names the existing attempts or runs it modifies (see
        :meth:`Store.update`: the others are neither copied nor encoded again).

        When the store cannot be written, the change is applied to :attr:`doc` only and the
        learner goes on read-only (:meth:`go_read_only`): studying goes on, nothing is saved."""
        result: list[_R] = []
        if self.read_only is None:
            try:
                self.doc = self.store.update(self.name, lambda doc: result.append(change(doc, *args)), touches=touches)
                return result[0]
            except StoreNotWritable as exc:
                self.go_read_only(str(exc), exc)
        work = copy_doc(self.doc)
        value = change(work, *args)
        work["updated"] = now_iso()
        self.doc = work
        return value

    def apply(self, change: Callable[..., _R], *args: Any, touches: tuple[str, ...] = ()) -> _R:
        """Apply a change of another module (e.g. the review list's) as the methods below do."""
        return self._apply(change, *args, touches=touches)

    @property
    def course(self) -> dict[str, Any]:
        course: dict[str, Any] = self.doc.get("courses", {}).get(self.course_id, {})
        return course

    @property
    def settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = self.doc.get("settings", {})
        return settings

    def set_setting(self, key: str, value: Any) -> None:
        self._apply(set_setting, key, value)

    def reset_chapter(self, lesson_id: str, quiz_ids: Iterable[str], scenario_ids: Iterable[str]) -> Any:
        """Start a chapter over; a copy of the learner's file as it was is kept beside it
        (returned: its path)."""
        if self.read_only is not None:
            raise StoreNotWritable(self.read_only)
        kept = self.store.backup(self.name, "before-reset")
        self._apply(reset_chapter, self.course_id, lesson_id, list(quiz_ids), list(scenario_ids))
        return kept

    def note(self, lesson_id: str, section_id: str) -> str:
        """The learner's note on a section ("" when none)."""
        found = self.course.get("notes", {}).get(f"{lesson_id}#{section_id}")
        return str(found.get("text", "")) if isinstance(found, dict) else ""

    def set_note(self, lesson_id: str, section_id: str, text: str, titles: tuple[str, str]) -> None:
        self._apply(set_note, self.course_id, lesson_id, section_id, text, titles)

    def bookmarked(self, lesson_id: str, section_id: str) -> bool:
        return f"{lesson_id}#{section_id}" in self.course.get("bookmarks", {})

    def set_bookmark(self, lesson_id: str, section_id: str, on: bool, titles: tuple[str, str]) -> None:
        self._apply(set_bookmark, self.course_id, lesson_id, section_id, on, titles)

    def visit_section(self, lesson_id: str, section_id: str, last: bool, seconds: float = 0.0, scroll: int = 0) -> None:
        self._apply(visit_section, self.course_id, lesson_id, section_id, last, seconds, scroll)

    def start_attempt(
        self,
        quiz_id: str,
        mode: str,
        order: Iterable[str],
        shuffles: Mapping[str, list[Any]] | None = None,
        retry_of: str | None = None,
        lang: str | None = None,
        review: bool = False,
        live: Mapping[str, Any] | None = None,
    ) -> str:
        return self._apply(start_attempt, self.course_id, quiz_id, mode, list(order), shuffles, retry_of, uuid.uuid4().hex, lang, review, live)

    def record_hint(self, attempt_id: str, question_id: str) -> None:
        self._apply(record_hint, self.course_id, attempt_id, question_id, touches=(attempt_id,))

    def record_answer(self, attempt_id: str, question_id: str, response: Any, score: float, quiz_id: str) -> None:
        self._apply(record_answer, self.course_id, attempt_id, question_id, response, score, quiz_id, touches=(attempt_id,))

    def set_flag(self, attempt_id: str, question_id: str, flagged: bool) -> None:
        self._apply(set_flag, self.course_id, attempt_id, question_id, flagged, touches=(attempt_id,))

    def finish_attempt(self, attempt_id: str, percent: float, passed: bool | None) -> None:
        self._apply(finish_attempt, self.course_id, attempt_id, percent, passed, touches=(attempt_id,))

    def finish_live_attempt(self, attempt_id: str, percent: float, result: Mapping[str, int] | None) -> None:
        self._apply(finish_live_attempt, self.course_id, attempt_id, percent, result, touches=(attempt_id,))

    def start_run(self, scenario_id: str, start_node: str, seed: int | None = None) -> str:
        return self._apply(start_run, self.course_id, scenario_id, start_node, uuid.uuid4().hex, seed)

    def record_choice(self, run_id: str, choice: int, next_node: str) -> None:
        self._apply(record_choice, self.course_id, run_id, choice, next_node, touches=(run_id,))

    def finish_run(self, run_id: str, score: int, ending: str) -> None:
        self._apply(finish_run, self.course_id, run_id, score, ending, touches=(run_id,))
