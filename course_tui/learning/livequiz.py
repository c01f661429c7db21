"""The live quiz: a host paces one quiz question by question; learners answer on their own
screens; answers are scored (right or wrong, faster scores more) into a leaderboard.

Every app process (a terminal, or one per browser tab under ``course-tui serve``) opens the
same store folder, so the host and the learners coordinate through files in it, each written
atomically (:func:`course_tui.atomic.write_atomic`) by one process only::

    STORE/live/session.json                      the running session: written by the host only
    STORE/live/<session id>/answers-<hash>.json  one learner's answers: written by that learner only

The session file says which quiz, the question order and option order (the same for
everyone, so that the host's bar chart and the learners' letters agree), whether scores are
speed-weighted, and the state: ``lobby``, ``question`` (question ``index`` open until
``deadline``), ``reveal`` (its answers closed at ``closed[question id]``), ``podium``, ``ended``.
The host rewrites it at least every :data:`HEARTBEAT_SECONDS`; a session whose heartbeat is
older than :data:`STALE_SECONDS` is over (the host is gone). An answer file is named from a
hash of the learner's name (never the name itself) and holds the name inside.

Scores are computed here from these files alone, the same for the host's screen and every
learner's: an answer counts for a question if it was given before the question closed; it is
right when :func:`course_tui.learning.grading.grade` gives full credit; a right answer earns
:data:`MAX_POINTS`, or with speed scoring ``MAX_POINTS × (1 − t / 2T)`` (Kahoot's rule: t the
seconds taken, T the question's time), a wrong one 0.

Each learner's answers are also saved in their own progress as an attempt of mode ``live``
(``live: {"session", "points", "rank", "learners"}``): recorded like practice, never graded
for passing (see :mod:`course_tui.learning.standing`). No ``textual`` here: the screens poll
these functions with a timer.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta, Struct

from course_tui import safe_files
from course_tui.atomic import write_atomic
from course_tui.course.model import Course, MultipleChoice, Question, Quiz, SingleChoice, TrueFalse
from course_tui.learning.grading import InvalidResponse, grade, quiz_percent
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import display_order, from_stored, to_stored
from course_tui.learning.storeschema import Name, Response

_S = TypeVar("_S", bound=Struct)

FOLDER = "live"
SESSION_FILE = "session.json"
HEARTBEAT_SECONDS = 5.0  # the host rewrites the session file at least this often
STALE_SECONDS = 30.0  # a session not rewritten for this long is over (its host is gone)
POLL_SECONDS = 0.5  # how often the host's and a learner's live screens look at the files
WATCH_SECONDS = 1.0  # how often a learner's app looks for a session to join
DEFAULT_SECONDS = 30  # time to answer one question
MIN_SECONDS, MAX_SECONDS = 5, 300
MAX_POINTS = 1000
MAX_FILE_BYTES = 1024 * 1024  # a session or answer file; far more than any quiz needs
STATES = ("lobby", "question", "reveal", "podium", "ended")
_SESSION_ID = re.compile(r"\A[0-9a-f]{32}\Z")

Stamp = Annotated[float, Meta(ge=0, le=1e11)]  # seconds since the epoch
SessionId = Annotated[str, Meta(pattern=r"\A[0-9a-f]{32}\Z")]
Id = Annotated[str, Meta(min_length=1, max_length=200)]


class LiveError(Exception):
    """A one-line reason a live session cannot start or be joined."""


class LiveSession(Struct, forbid_unknown_fields=False):
    """The session file (written by the host only)."""

    session: SessionId
    course: Id
    quiz: Id
    started: Stamp
    heartbeat: Stamp
    order: list[Id]
    state: Annotated[str, Meta(pattern=r"\A(lobby|question|reveal|podium|ended)\Z")] = "lobby"
    index: Annotated[int, Meta(ge=-1, le=100_000)] = -1  # the question on show (-1: none yet)
    shuffles: dict[str, list[str | Annotated[int, Meta(ge=0, le=100_000)]]] = {}
    seconds: Annotated[int, Meta(ge=MIN_SECONDS, le=MAX_SECONDS)] = DEFAULT_SECONDS
    speed: bool = True  # speed-weighted points (Kahoot's rule); False: every right answer MAX_POINTS
    opened_at: dict[str, Stamp] = {}  # question id → when it opened
    deadline: Stamp | None = None  # when it closes by itself
    closed: dict[str, Stamp] = {}  # question id → when its answers closed
    format: int = 1

    @property
    def opened(self) -> float | None:
        """When the question on show opened."""
        current = self.current
        return self.opened_at.get(current) if current is not None else None

    @property
    def current(self) -> str | None:
        """The id of the question on show (open or revealed); None in the lobby and after."""
        if self.state in ("question", "reveal") and 0 <= self.index < len(self.order):
            return self.order[self.index]
        return None

    def is_running(self, now: float) -> bool:
        return self.state != "ended" and now - self.heartbeat <= STALE_SECONDS

    def is_open(self, now: float) -> bool:
        """A question takes answers now."""
        return self.state == "question" and self.current is not None and self.current not in self.closed and (self.deadline is None or now < self.deadline)

    def seconds_left(self, now: float) -> float:
        if self.state != "question" or self.deadline is None:
            return 0.0
        return max(0.0, self.deadline - now)


class LiveAnswer(Struct):
    response: Response
    at: Stamp
    lang: Annotated[str, Meta(max_length=20)] = ""


class AnswerSheet(Struct, forbid_unknown_fields=False):
    """One learner's answer file (written by that learner's process only)."""

    session: SessionId
    learner: Name
    joined: Stamp
    answers: dict[str, LiveAnswer] = {}
    format: int = 1


# -- files ------------------------------------------------------------------------------------
def live_folder(store_folder: Path) -> Path:
    return Path(store_folder) / FOLDER


def session_path(store_folder: Path) -> Path:
    return live_folder(store_folder) / SESSION_FILE


def answers_folder(store_folder: Path, session_id: str) -> Path:
    if not _SESSION_ID.match(session_id):  # it becomes a folder name: only a hex id ever does
        raise LiveError("not a live session id")
    return live_folder(store_folder) / session_id


def sheet_name(learner: str) -> str:
    """The answer file of *learner*: a hash of the name, never the name (any text is a name)."""
    return f"answers-{hashlib.sha256(learner.encode('utf-8')).hexdigest()[:24]}.json"


def _read(path: Path, kind: type[_S]) -> _S | None:
    """*path* decoded as *kind*; None when it is absent, not a regular file, too large or not valid."""
    try:
        raw = safe_files.read_regular(path, MAX_FILE_BYTES)
        return msgspec.json.decode(raw, type=kind)
    except (OSError, msgspec.MsgspecError, RecursionError, ValueError):
        return None


def _write(path: Path, value: Struct) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, msgspec.json.encode(value))


def read_session(store_folder: Path) -> LiveSession | None:
    """The store's session file; None when there is none or it cannot be read."""
    return _read(session_path(store_folder), LiveSession)


def joinable(store_folder: Path, course_id: str, now: float | None = None) -> LiveSession | None:
    """The session a learner of *course_id* can join now (lobby, a question, a reveal), if any."""
    found = read_session(store_folder)
    now = time.time() if now is None else now
    if found is None or found.course != course_id or not found.is_running(now) or found.state not in ("lobby", "question", "reveal"):
        return None
    return found


def read_sheets(store_folder: Path, session_id: str) -> list[AnswerSheet]:
    """Every learner's answer file of the session (unreadable ones left out), by join time."""
    folder = answers_folder(store_folder, session_id)
    try:
        names = sorted(p for p in folder.iterdir() if p.name.startswith("answers-") and p.name.endswith(".json"))
    except OSError:
        return []
    sheets = []
    for path in names:
        sheet = _read(path, AnswerSheet)
        if sheet is not None and sheet.session == session_id and path.name == sheet_name(sheet.learner):
            sheets.append(sheet)
    return sorted(sheets, key=lambda s: (s.joined, s.learner))


# -- scoring ----------------------------------------------------------------------------------
def points(correct: bool, taken: float, seconds: float, speed: bool) -> int:
    """A right answer's points: MAX_POINTS, or with *speed* MAX_POINTS × (1 − taken / 2·seconds)."""
    if not correct:
        return 0
    if not speed:
        return MAX_POINTS
    share = min(1.0, max(0.0, taken / seconds)) if seconds > 0 else 0.0
    return round(MAX_POINTS * (1 - share / 2))


@dataclass(frozen=True)
class Scored:
    """One learner's answer to one closed question."""

    response: Any  # grade()'s form
    correct: bool
    credit: float  # grade()'s score, 0–1 (what the learner's progress records)
    points: int
    seconds: float  # taken to answer


@dataclass(frozen=True)
class Row:
    """One learner on the leaderboard."""

    learner: str
    rank: int  # 1 = first; learners with the same points share a rank
    points: int
    right: int  # questions answered right
    answered: int


@dataclass(frozen=True)
class Tally:
    """The answers to one question: how many, and per choice (option id, or True/False)."""

    question: Question
    answered: int
    right: int
    counts: dict[Any, int] = field(default_factory=dict)  # choice → learners who chose it

    def choices(self, order: list[Any] | None = None) -> list[Any]:
        """The choices a bar chart shows, in the order learners saw them."""
        q = self.question
        if isinstance(q, (SingleChoice, MultipleChoice)):
            ids = [o.id for o in q.options]
            return list(order) if order and sorted(order) == sorted(ids) else ids
        if isinstance(q, TrueFalse):
            return [True, False]
        return []


def _in_time(session: LiveSession, question_id: str, at: float) -> bool:
    closed = session.closed.get(question_id)
    if closed is not None:
        return at <= closed
    return session.current == question_id and (session.deadline is None or at <= session.deadline)


class Board:
    """Everything the screens show, from the session and the answer files."""

    def __init__(self, session: LiveSession, quiz: Quiz, sheets: Iterable[AnswerSheet], over: bool = False) -> None:
        """*over*: the session ended with a question still open (its host went away): the
        answers given to it in time count as if it had closed at its deadline."""
        if over and session.state == "question" and session.current is not None and session.current not in session.closed:
            closed_at = session.deadline if session.deadline is not None else session.heartbeat
            session = msgspec.structs.replace(session, state="reveal", closed={**session.closed, session.current: closed_at})
        self.session = session
        self.quiz = quiz
        self.sheets = list(sheets)
        known = {q.id: q for q in quiz.questions}
        self.questions: list[Question] = [known[i] for i in session.order if i in known]
        self.scored: dict[str, dict[str, Scored]] = {}  # learner → question id → scored answer
        for sheet in self.sheets:
            mine = self.scored.setdefault(sheet.learner, {})
            for q in self.questions:
                given = sheet.answers.get(q.id)
                if given is None or not _in_time(session, q.id, given.at):
                    continue
                response = from_stored(q, given.response)
                try:
                    result = grade(q, response, given.lang)
                except (InvalidResponse, TypeError, ValueError):
                    continue
                taken = self._taken(q.id, given.at)
                correct = result.correct
                mine[q.id] = Scored(response, correct, result.score, points(correct, taken, session.seconds, session.speed), taken)

    def _taken(self, question_id: str, at: float) -> float:
        start = self.session.opened_at.get(question_id)
        return float(self.session.seconds) if start is None else max(0.0, at - start)

    @property
    def learners(self) -> list[str]:
        return [s.learner for s in self.sheets]

    def answered(self, question_id: str) -> int:
        """Learners who answered *question_id* in time (counted while it is open too)."""
        return sum(1 for mine in self.scored.values() if question_id in mine)

    def tally(self, question: Question) -> Tally:
        counts: dict[Any, int] = {}
        right = answered = 0
        for mine in self.scored.values():
            scored = mine.get(question.id)
            if scored is None:
                continue
            answered += 1
            right += scored.correct
            picks = scored.response if isinstance(question, MultipleChoice) else [scored.response]
            for pick in picks if isinstance(picks, (list, tuple, set, frozenset)) else []:
                if isinstance(question, (SingleChoice, MultipleChoice, TrueFalse)):
                    counts[pick] = counts.get(pick, 0) + 1
        return Tally(question, answered, right, counts)

    def revealed(self) -> list[str]:
        """Ids of the questions whose answers are closed (their points count)."""
        return [q.id for q in self.questions if q.id in self.session.closed]

    def leaderboard(self) -> list[Row]:
        """Learners by points (closed questions only), then right answers, then name."""
        counted = set(self.revealed())
        rows = []
        for learner in self.learners:
            mine = {qid: s for qid, s in self.scored.get(learner, {}).items() if qid in counted}
            rows.append((learner, sum(s.points for s in mine.values()), sum(1 for s in mine.values() if s.correct), len(mine)))
        rows.sort(key=lambda r: (-r[1], -r[2], r[0].casefold(), r[0]))
        out: list[Row] = []
        for i, (learner, pts, right, answered) in enumerate(rows):
            rank = out[-1].rank if out and out[-1].points == pts else i + 1
            out.append(Row(learner, rank, pts, right, answered))
        return out

    def row(self, learner: str) -> Row | None:
        return next((r for r in self.leaderboard() if r.learner == learner), None)


# -- the host ---------------------------------------------------------------------------------
class Host:
    """The host's side: makes the session file and moves it through its states."""

    def __init__(self, store_folder: Path, course: Course, quiz: Quiz, session: LiveSession, clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(store_folder)
        self.course, self.quiz, self.session, self.clock = course, quiz, session, clock
        self._written = 0.0

    @classmethod
    def open(cls, store_folder: Path, course: Course, quiz: Quiz, clock: Callable[[], float] = time.time, seed: int | None = None) -> Host:
        """A new session in the lobby. Raises :class:`LiveError` while another host's session
        runs in this store (one live quiz at a time per class), or when it cannot be written."""
        now = clock()
        other = read_session(store_folder)
        if other is not None and other.is_running(now):
            raise LiveError(
                f"a live quiz ({other.quiz}) is already running in this store; it ends when its host quits, or {int(STALE_SECONDS)} s after its host is gone"
            )
        rng = random.Random(seed)
        shuffles = {}
        for q in quiz.questions:
            order = display_order(q, rng, quiz.shuffle and getattr(q, "shuffle", True))
            if order:
                shuffles[q.id] = order
        session = LiveSession(
            session=uuid.uuid4().hex,
            course=course.id,
            quiz=quiz.id,
            started=now,
            heartbeat=now,
            order=[q.id for q in quiz.questions],
            shuffles=shuffles,
        )
        host = cls(store_folder, course, quiz, session, clock)
        host.save()
        remove_old(store_folder, keep=session.session)
        return host

    def save(self) -> None:
        now = self.clock()
        self.session = msgspec.structs.replace(self.session, heartbeat=now)
        try:
            _write(session_path(self.folder), self.session)
            answers_folder(self.folder, self.session.session).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LiveError(f"cannot write the live session in the store: {exc.strerror or exc}") from None
        self._written = now

    def _set(self, **changes: Any) -> None:
        self.session = msgspec.structs.replace(self.session, **changes)
        self.save()

    def board(self) -> Board:
        return Board(self.session, self.quiz, read_sheets(self.folder, self.session.session))

    @property
    def question(self) -> Question | None:
        current = self.session.current
        return self.quiz.question(current) if current is not None else None

    # -- settings (in the lobby) ----------------------------------------------------------
    def set_speed(self, speed: bool) -> None:
        self._set(speed=speed)

    def set_seconds(self, seconds: int) -> None:
        self._set(seconds=max(MIN_SECONDS, min(MAX_SECONDS, int(seconds))))

    # -- moving on ------------------------------------------------------------------------
    def next(self) -> None:
        """Lobby or reveal → the next question (after the last one, the podium); a question
        still open → closed and revealed."""
        state = self.session.state
        if state == "question":
            self.close()
        elif state in ("lobby", "reveal"):
            index = self.session.index + 1
            if index >= len(self.session.order):
                self._set(state="podium")
            else:
                now = self.clock()
                self._set(
                    state="question", index=index, opened_at={**self.session.opened_at, self.session.order[index]: now}, deadline=now + self.session.seconds
                )

    def podium(self) -> None:
        """Finish early, after the question just revealed: the questions not asked are left out."""
        if self.session.state == "reveal":
            self._set(state="podium")

    def close(self) -> None:
        """Close the question on show: answers after now do not count; reveal it."""
        current = self.session.current
        if self.session.state != "question" or current is None:
            return
        now = self.clock()
        closed_at = min(now, self.session.deadline) if self.session.deadline is not None else now
        self._set(state="reveal", closed={**self.session.closed, current: closed_at})

    def end(self) -> None:
        """The host leaves: learners see the end (their attempts are finished)."""
        if self.session.state != "ended":
            closed = dict(self.session.closed)
            current = self.session.current
            if self.session.state == "question" and current is not None and current not in closed:
                closed[current] = self.clock()  # the answers given so far count
            try:
                self._set(state="ended", closed=closed)
            except LiveError:
                pass

    def tick(self) -> bool:
        """Called every :data:`POLL_SECONDS`: closes the question at its deadline or once every
        joined learner answered, keeps the heartbeat; True when the state changed."""
        now = self.clock()
        session = self.session
        if session.state == "question" and session.current is not None:
            board = self.board()
            everyone = board.learners and board.answered(session.current) >= len(board.learners)
            if (session.deadline is not None and now >= session.deadline) or everyone:
                self.close()
                return True
        if now - self._written >= HEARTBEAT_SECONDS:
            self.save()
        return False


# -- a learner --------------------------------------------------------------------------------
class Player:
    """One learner's side of a session: the answer file and the ``live`` attempt in progress."""

    def __init__(self, store_folder: Path, course: Course, learner: Learner, session: LiveSession, clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(store_folder)
        self.course, self.learner, self.session, self.clock = course, learner, session, clock
        self.quiz = course.quiz(session.quiz)
        path = answers_folder(self.folder, session.session) / sheet_name(learner.name)
        self.path = path
        self.sheet: AnswerSheet | None = _read(path, AnswerSheet)
        if self.sheet is not None and (self.sheet.learner != learner.name or self.sheet.session != session.session):
            self.sheet = None
        self.attempt_id: str | None = live_attempt(learner, session.session)

    @classmethod
    def join(cls, store_folder: Path, course: Course, learner: Learner, session: LiveSession, lang: str, clock: Callable[[], float] = time.time) -> Player:
        """Join *session* (again, after a reconnect: the same answer file and attempt)."""
        player = cls(store_folder, course, learner, session, clock)
        if player.sheet is None:
            player.sheet = AnswerSheet(session=session.session, learner=learner.name, joined=clock())
            player._save_sheet()
        if player.attempt_id is None:
            player.attempt_id = learner.start_attempt(
                player.quiz.id,
                "live",
                session.order,
                session.shuffles,
                lang=lang,
                live={"session": session.session},
            )
        return player

    def _save_sheet(self) -> None:
        assert self.sheet is not None
        try:
            _write(self.path, self.sheet)
        except OSError as exc:
            raise LiveError(f"cannot write your answer in the store: {exc.strerror or exc}") from None

    def refresh(self) -> LiveSession:
        """The session as the host last wrote it (kept as it was when the file cannot be read:
        a reader never sees half a file, so that only happens when the host removed it)."""
        found = read_session(self.folder)
        if found is not None and found.session == self.session.session:
            self.session = found
        elif found is not None:
            self.replaced = True  # another host started a new session: this one is over
        return self.session

    replaced = False

    def over(self) -> bool:
        """The session is at its podium, ended, or its host is gone."""
        return self.replaced or self.session.state in ("podium", "ended") or not self.session.is_running(self.clock())

    @property
    def question(self) -> Question | None:
        current = self.session.current
        return self.quiz.question(current) if current is not None else None

    def option_order(self, question: Question) -> list[Any]:
        stored = self.session.shuffles.get(question.id)
        return list(stored) if stored else []

    def answered(self, question_id: str) -> bool:
        return self.sheet is not None and question_id in self.sheet.answers

    def answer(self, question: Question, response: Any, lang: str) -> bool:
        """Give *response* to the open question: graded first (InvalidResponse before anything
        is saved), written to the answer file, then to the learner's progress. False (and
        nothing saved) when the question is not open any more or was answered already."""
        now = self.clock()
        result = grade(question, response, lang)
        if self.sheet is None or not self.session.is_open(now) or self.session.current != question.id or self.answered(question.id):
            return False
        stored = to_stored(question, response)
        self.sheet = msgspec.structs.replace(self.sheet, answers={**self.sheet.answers, question.id: LiveAnswer(stored, now, lang)})
        self._save_sheet()
        if self.attempt_id is not None:
            self.learner.record_answer(self.attempt_id, question.id, stored, result.score, self.quiz.id)
        return True

    def board(self) -> Board:
        return Board(self.session, self.quiz, read_sheets(self.folder, self.session.session), over=self.over())

    def finish(self) -> Row | None:
        """Close the learner's live attempt with its percent, points and rank (once)."""
        board = self.board()
        if self.attempt_id is None:
            return board.row(self.learner.name)
        return finish_live(self.learner, self.quiz, self.attempt_id, board)


def live_attempt(learner: Learner, session_id: str) -> str | None:
    """The learner's attempt of the live session *session_id* (to rejoin), if any."""
    for attempt in reversed(learner.course.get("attempts", [])):
        live = attempt.get("live")
        if attempt.get("mode") == "live" and isinstance(live, dict) and live.get("session") == session_id:
            found: str | None = attempt.get("id")
            return found
    return None


def live_percent(quiz: Quiz, scores: dict[str, float], asked: Iterable[str] | None) -> float:
    """The percent of the questions *asked* (weighted by points, unanswered ones 0); of the
    whole quiz when it is not known which were asked."""
    if asked is None:
        return quiz_percent(quiz, scores)
    ids = set(asked)
    questions = [q for q in quiz.questions if q.id in ids]
    total = sum(q.points for q in questions)
    if not questions or total <= 0:
        return 0.0
    return round(100.0 * sum(q.points * scores.get(q.id, 0.0) for q in questions) / total, 2)


def finish_live(learner: Learner, quiz: Quiz, attempt_id: str, board: Board | None) -> Row | None:
    """Finish a live attempt (once): its percent of the questions asked and, when the
    session's *board* is known, its points and rank. Never a pass or a fail."""
    attempt = next((a for a in learner.course.get("attempts", []) if a.get("id") == attempt_id), None)
    row = board.row(learner.name) if board is not None else None
    if attempt is None or attempt.get("finished"):
        return row
    scores = {qid: float(a.get("score", 0.0)) for qid, a in attempt.get("answers", {}).items() if isinstance(a, dict)}
    result = None if row is None or board is None else {"points": row.points, "rank": row.rank, "learners": len(board.learners)}
    percent = live_percent(quiz, scores, board.revealed() if board is not None else None)
    learner.finish_live_attempt(attempt_id, percent, result)
    return row


def settle(store_folder: Path, course: Course, learner: Learner, now: float | None = None) -> int:
    """Finish the learner's live attempts whose session is over (the app was closed before the
    podium, or the host went away); the points and rank are added when the answer files are
    still there. Returns how many were finished."""
    now = time.time() if now is None else now
    current = read_session(store_folder)
    running = current.session if current is not None and current.is_running(now) and current.state != "podium" else None
    done = 0
    for attempt in list(learner.course.get("attempts", [])):
        live = attempt.get("live")
        if attempt.get("mode") != "live" or attempt.get("finished") or not isinstance(live, dict):
            continue
        session_id = live.get("session")
        if session_id == running or not isinstance(session_id, str):
            continue
        try:
            quiz = course.quiz(attempt.get("quiz"))
        except KeyError:
            continue
        board = None
        if current is not None and current.session == session_id and _SESSION_ID.match(session_id):
            board = Board(current, quiz, read_sheets(store_folder, session_id), over=True)
        finish_live(learner, quiz, attempt["id"], board)
        done += 1
    return done


def remove_old(store_folder: Path, keep: str | None) -> None:
    """Remove the answer folders of sessions other than *keep* (the host of a new session
    does this: everything they held is in each learner's progress)."""
    folder = live_folder(store_folder)
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name == keep or not _SESSION_ID.match(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        for child in entry.iterdir():
            if child.name.startswith(("answers-", ".answers-")) and not child.is_symlink():
                try:
                    child.unlink()
                except OSError:
                    pass
        try:
            os.rmdir(entry)
        except OSError:
            pass
