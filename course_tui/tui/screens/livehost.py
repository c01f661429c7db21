"""The live quiz's host screen: the lobby (who joined), one question at a time with its
countdown and the answers arriving (a count and a bar chart of the options), the reveal (the
right answer, the distribution, the leaderboard), and the final podium with per-question
results.

Opened by ``course-tui live QUIZ_ID`` and by any screen that wants to host (the browser
trainer view): ``await app.push_screen(LiveHostScreen.open(app, quiz_id))``. Everything it
shows is computed by :mod:`course_tui.learning.livequiz`; every :data:`POLL_SECONDS` it looks
at the answer files, closes the question at its deadline, and keeps the session's heartbeat.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from course_tui.course.model import MultipleChoice, Question, SingleChoice, TrueFalse
from course_tui.learning.livequiz import POLL_SECONDS, Board, Host, LiveError, Tally
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import bar, fit, shorten
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.questions import describe_answer, option_label
from course_tui.tui.widgets.titlebar import TitleBar

PLACES = ("🥇", "🥈", "🥉")


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def choice_text(question: Question, choice: Any, lang: str) -> str:
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return next((o.text(lang) for o in question.options if o.id == choice), str(choice))
    if isinstance(question, TrueFalse):
        from course_tui.tui.i18n import t

        return t(lang, "quiz.true" if choice else "quiz.false")
    return str(choice)


def is_right(question: Question, choice: Any) -> bool:
    if isinstance(question, SingleChoice):
        return choice == question.answer
    if isinstance(question, MultipleChoice):
        return choice in question.answer
    if isinstance(question, TrueFalse):
        return choice == question.answer
    return False


def chart_lines(tally: Tally, order: list[Any], lang: str, reveal: bool, width: int = 76) -> list[str]:
    """One line per option of at most *width* cells, as learners saw them numbered: the bar,
    the count, the option's text (cut with …), and at the reveal ✓ on the right ones (a mark,
    not only a colour)."""
    choices = tally.choices(order)
    most = max([tally.counts.get(c, 0) for c in choices] + [1])
    bar_width = 20 if width >= 70 else 10
    lines = []
    for i, choice in enumerate(choices):
        n = tally.counts.get(choice, 0)
        mark = "✓ " if reveal and is_right(tally.question, choice) else "  "
        head = f"{mark}{option_label(i)}. {bar(n / most, bar_width)} {n:>3}  "
        room = max(8, width - len(head))
        lines.append(head + fit(one_line(choice_text(tally.question, choice, lang)), room, pad=False))
    return lines


class LiveHostScreen(BaseScreen):
    closed_book = True  # no search or notes during a live quiz (its questions are answered now)
    BINDINGS = [
        Binding("enter,space", "next", "key.live_next"),
        Binding("p", "podium", "key.live_podium"),
        Binding("s", "speed", "key.live_speed"),
        Binding("plus,equals_sign", "seconds(5)", "key.live_more"),
        Binding("minus", "seconds(-5)", "key.live_less"),
        Binding("escape", "end", "key.live_end"),
    ]
    AUTO_FOCUS = "#live-body"
    DEFAULT_CSS = """
    LiveHostScreen #live-body Label { width: 100%; }
    """

    def __init__(self, host: Host, exit_after: bool = False) -> None:
        super().__init__()
        self.host = host
        self.exit_after = exit_after
        self.board: Board = host.board()
        self._shown: tuple[Any, ...] = ()
        self._leaving = False

    @classmethod
    def open(cls, app: Any, quiz_id: str, exit_after: bool = False) -> LiveHostScreen:
        """A new live session of *quiz_id* in *app*'s store, and its host screen. Raises
        KeyError for an unknown quiz and :class:`LiveError` when it cannot start (another
        session runs in the store, or the store cannot be written)."""
        quiz = app.course.quiz(quiz_id)
        return cls(Host.open(app.session.store.folder, app.course, quiz), exit_after=exit_after)

    # -- what is shown ----------------------------------------------------------------
    def _view(self) -> tuple[Any, ...]:
        """What the body shows; it is composed anew only when this changes."""
        s, b, question = self.host.session, self.board, self.host.question
        current = s.current
        return (
            s.state,
            s.index,
            s.speed,
            s.seconds,
            tuple(b.learners),
            b.answered(current) if current else 0,
            tuple(sorted(b.tally(question).counts.items(), key=str)) if current and question else (),
        )

    def _status(self) -> str:
        s = self.host.session
        m = len(s.order)
        parts = []
        if s.state in ("question", "reveal"):
            parts.append(self.tr(f"live.state.{s.state}", n=s.index + 1, m=m))
        else:
            parts.append(self.tr(f"live.state.{s.state}"))
        if s.state == "question":
            parts.append(self.tr("live.time_left", time=clock(s.seconds_left(self.host.clock()))))
            if s.current:
                parts.append(self.tr("live.answers_in", n=self.board.answered(s.current), m=len(self.board.learners)))
        return " · ".join(parts)

    def compose(self) -> ComposeResult:
        self._shown = self._view()
        yield TitleBar(self.tr("live.host_title", title=self.host.quiz.title(self.lang)))
        yield Label(self._status(), id="live-status", classes="status-line", markup=False)
        with VerticalScroll(id="live-body", classes="screen-body"):
            yield from getattr(self, f"_{self.host.session.state}")()
        yield KeyBar()

    def _lobby(self) -> ComposeResult:
        s, names = self.host.session, self.board.learners
        yield Label(self.tr("live.lobby_heading"), classes="heading", markup=False)
        yield Label(self.tr("live.lobby_how"), classes="muted", markup=False)
        yield Label(self.tr("live.joined", n=len(names)) if names else self.tr("live.nobody_yet"), id="live-joined", markup=False)
        if names:
            yield Label("  " + " · ".join(one_line(n) for n in names), id="live-names", markup=False)
        yield Label(self.tr("live.settings", seconds=s.seconds, speed=self.tr("live.on" if s.speed else "live.off")), id="live-settings", markup=False)
        yield Label(self.tr("live.start_hint"), classes="muted", markup=False)

    def _question(self) -> ComposeResult:
        q = self.host.question
        if q is None:
            return
        yield FastMarkdown(q.prompt(self.lang), id="live-prompt", open_links=False)
        yield from self._chart(q, reveal=False)
        yield Label(self.tr("live.reveal_hint"), classes="muted", markup=False)

    def _chart(self, q: Question, reveal: bool) -> ComposeResult:
        tally = self.board.tally(q)
        room = (self.size.width or self.app.size.width) - 4  # the body's padding and scroll bar
        lines = chart_lines(tally, self.host.session.shuffles.get(q.id, []), self.lang, reveal, room)
        if lines:
            yield Label("\n".join(lines), id="live-chart", markup=False)
        yield Label(self.tr("live.answers_in", n=tally.answered, m=len(self.board.learners)), id="live-count", markup=False)

    def _reveal(self) -> ComposeResult:
        q = self.host.question
        if q is None:
            return
        tally = self.board.tally(q)
        yield FastMarkdown(q.prompt(self.lang), id="live-prompt", open_links=False)
        yield Label(self.tr("live.right_answer", answer=self._right_answer(q, tally)), id="live-answer", classes="heading", markup=False)
        yield from self._chart(q, reveal=True)
        yield Label(self.tr("live.right_count", right=tally.right, answered=tally.answered, total=len(self.board.learners)), markup=False)
        yield Label(self.tr("live.leaderboard"), classes="heading", markup=False)
        yield Label(self._board_text(5), id="live-board", markup=False)
        last = self.host.session.index + 1 >= len(self.host.session.order)
        yield Label(self.tr("live.podium_hint" if last else "live.next_hint_podium"), classes="muted", markup=False)

    def _right_answer(self, q: Question, tally: Tally) -> str:
        """The right answer: for options, their numbers (the chart marks them ✓); else in words."""
        choices = tally.choices(self.host.session.shuffles.get(q.id, []))
        right = [option_label(i) for i, c in enumerate(choices) if is_right(q, c)]
        if right and not isinstance(q, TrueFalse):
            return "✓ " + ", ".join(right)
        return describe_answer(q, self.lang)

    def _board_text(self, top: int | None = None) -> str:
        rows = self.board.leaderboard()[:top]
        if not rows:
            return self.tr("live.nobody_yet")
        return "\n".join(self.tr("live.board_row", rank=r.rank, name=one_line(r.learner), points=r.points, right=r.right) for r in rows)

    def _podium(self) -> ComposeResult:
        rows = self.board.leaderboard()
        yield Label(self.tr("live.podium"), classes="heading", markup=False)
        places = [
            self.tr("live.place", place=f"{PLACES[r.rank - 1]} {r.rank}.", name=one_line(r.learner), points=r.points, right=r.right)
            for r in rows
            if r.rank <= 3
        ]
        yield Label("\n".join(places) or self.tr("live.nobody_yet"), id="live-podium", markup=False)
        if len(rows) > len(places):
            yield Label(self.tr("live.leaderboard"), classes="heading", markup=False)
            yield Label(self._board_text(), id="live-board", markup=False)
        yield Label(self.tr("live.per_question"), classes="heading", markup=False)
        lines = []
        asked = set(self.board.revealed())
        for n, q in enumerate((q for q in self.board.questions if q.id in asked), 1):
            tally = self.board.tally(q)
            lines.append(
                self.tr("live.question_row", n=n, prompt=shorten(" ".join(q.prompt(self.lang).split()), 40), right=tally.right, answered=tally.answered)
            )
        yield Label("\n".join(lines), id="live-results", markup=False)
        yield Label(self.tr("live.end_hint"), classes="muted", markup=False)

    def _ended(self) -> ComposeResult:
        yield Label(self.tr("live.over"), markup=False)

    # -- the clock --------------------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(POLL_SECONDS, self.poll)

    async def poll(self) -> None:
        """Look at the answers, close the question at its deadline, keep the heartbeat; the
        body is composed anew only when what it shows changed (else only the status line)."""
        if self._leaving or not self.is_attached:
            return
        try:
            self.host.tick()
        except LiveError as exc:
            self.notify(self.tr("live.cannot", reason=str(exc)), severity="error", timeout=10)
        self.board = self.host.board()
        if self._view() != self._shown:
            await self._redraw()
        else:
            for label in self.query("#live-status").results(Label):
                label.update(self._status())

    async def _redraw(self) -> None:
        await self.recompose()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("speed", "seconds"):
            return self.host.session.state == "lobby"
        if action == "podium":
            return self.host.session.state == "reveal" and self.host.session.index + 1 < len(self.host.session.order)
        return True

    # -- the host's keys ----------------------------------------------------------------
    async def _do(self, change: Any, *args: Any) -> None:
        try:
            change(*args)
        except LiveError as exc:
            self.notify(self.tr("live.cannot", reason=str(exc)), severity="error", timeout=10)
            return
        self.board = self.host.board()
        await self._redraw()

    async def action_next(self) -> None:
        if self.host.session.state in ("podium", "ended"):
            self._leave()
            return
        await self._do(self.host.next)

    async def action_podium(self) -> None:
        if self.host.session.state == "reveal":
            await self._do(self.host.podium)

    async def action_speed(self) -> None:
        if self.host.session.state == "lobby":
            await self._do(self.host.set_speed, not self.host.session.speed)

    async def action_seconds(self, step: int) -> None:
        if self.host.session.state == "lobby":
            await self._do(self.host.set_seconds, self.host.session.seconds + step)

    async def action_end(self) -> None:
        if self.host.session.state in ("podium", "ended"):
            self._leave()
            return
        from course_tui.tui.screens.dialogs import ConfirmScreen

        def end(yes: bool | None) -> None:
            if yes:
                self._leave()

        await self.app.push_screen(ConfirmScreen(self.tr("live.end_title"), self.tr("live.end_body")), end)

    def _leave(self) -> None:
        self._leaving = True
        self.host.end()
        if self.exit_after:
            self.app.exit(self.board)
        else:
            self.app.pop_screen()

    def reopen(self) -> LiveHostScreen:
        """After the course is reloaded: the same session goes on (the quiz as now written)."""
        self._handed_over = True
        self.host.quiz = self.course_app.course.quiz(self.host.quiz.id)
        return LiveHostScreen(self.host, exit_after=self.exit_after)

    _handed_over = False

    def on_unmount(self) -> None:
        """However the screen goes (the app quits), learners see the session end."""
        if not self._handed_over:
            self.host.end()
