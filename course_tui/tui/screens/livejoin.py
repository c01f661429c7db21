"""The learner's side of a live quiz: the prompt to join, and the live screen (the lobby, the
question on show with its countdown, the answer sent, the reveal with one's points and rank,
the end with the final rank).

Answers are given as in the quiz runner (digits or arrows choose, Space ticks, Enter
submits). The screen looks at the session file every :data:`POLL_SECONDS`; the host paces
everything. A learner who leaves and comes back (a new app, a new browser tab) rejoins the
question on show with the answers already given.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label

from course_tui.learning.grading import InvalidResponse
from course_tui.learning.livequiz import POLL_SECONDS, LiveError, LiveSession, Player, Row
from course_tui.learning.quizrun import from_stored
from course_tui.learning.store import StoreError
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseModal, BaseScreen
from course_tui.tui.screens.livehost import PLACES, clock
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.markdown import FastMarkdown
from course_tui.tui.widgets.questions import QuestionView, describe_answer, describe_response
from course_tui.tui.widgets.titlebar import TitleBar


class JoinLiveScreen(BaseModal):
    """ "A live quiz is open: join now?" — dismisses with True (join) or False."""

    BINDINGS = [Binding("escape", "no", "key.back"), Binding("j", "yes", "live.join", show=False)]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.quiz_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.tr("live.join_title"), classes="heading", markup=False)
            yield Label(self.tr("live.join_body", title=one_line(self.quiz_title)), markup=False)
            with Horizontal():
                yield Button(Content(self.tr("live.join")), variant="primary", id="join")
                yield Button(Content(self.tr("live.not_now")), id="later")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#join").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "join")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class LiveQuizScreen(BaseScreen):
    closed_book = True  # no search or notes during a live quiz (its questions are answered now)
    BINDINGS = [Binding("escape", "leave", "key.live_leave")]
    DEFAULT_CSS = """
    LiveQuizScreen #live-body Label { width: 100%; }
    """

    def __init__(self, player: Player) -> None:
        super().__init__()
        self.player = player
        self.result: Row | None = None  # the final rank, once the session is over
        self._finished = False
        self._shown: tuple[Any, ...] = ()

    @classmethod
    def join(cls, app: Any, session: LiveSession) -> LiveQuizScreen:
        """Join *session* as the app's learner (again, after a reconnect). Raises
        :class:`LiveError` or StoreError when the answer file or the progress cannot be written."""
        return cls(Player.join(app.session.store.folder, app.course, app.learner, session, app.lang))

    # -- what is shown ----------------------------------------------------------------
    def _over(self) -> bool:
        return self._finished or self.player.over()

    def _view(self) -> tuple[Any, ...]:
        s = self.player.session
        now = self.player.clock()
        current = s.current
        return (self._over(), s.state, s.index, s.is_open(now), bool(current and self.player.answered(current)))

    def _status(self) -> str:
        s = self.player.session
        parts = []
        if self._over():
            parts.append(self.tr("live.state.podium" if s.state == "podium" else "live.state.ended"))
        elif s.state in ("question", "reveal"):
            parts.append(self.tr(f"live.state.{s.state}", n=s.index + 1, m=len(s.order)))
            if s.state == "question":
                parts.append(self.tr("live.time_left", time=clock(s.seconds_left(self.player.clock()))))
        else:
            parts.append(self.tr(f"live.state.{s.state}"))
        return " · ".join(parts)

    def compose(self) -> ComposeResult:
        self._shown = self._view()
        yield TitleBar(self.tr("live.title", title=self.player.quiz.title(self.lang)))
        yield Label(self._status(), id="live-status", classes="status-line", markup=False)
        with VerticalScroll(id="live-body", classes="screen-body"):
            yield from self._body()
        yield KeyBar()

    def _body(self) -> ComposeResult:
        s, player, lang = self.player.session, self.player, self.lang
        if self._over():
            yield from self._final()
            return
        q = player.question
        if s.state == "lobby" or q is None:
            yield Label(self.tr("live.you_joined", name=one_line(player.learner.name)), id="live-note", markup=False)
            return
        yield FastMarkdown(q.prompt(lang), id="live-prompt", open_links=False)
        sheet = player.sheet
        given = sheet.answers.get(q.id) if sheet is not None else None
        if s.state == "question":
            if given is not None:
                shown = describe_response(q, from_stored(q, given.response), lang)
                yield Label(self.tr("live.answer_sent", answer=shown), id="live-note", markup=False)
            elif s.is_open(player.clock()):
                yield QuestionView(q, player.option_order(q), lang, id="answer-view")
            else:
                yield Label(self.tr("live.time_up"), id="live-note", markup=False)
            return
        # the reveal: this question's result, then the total and the rank
        board = player.board()
        mine = board.scored.get(player.learner.name, {}).get(q.id)
        answer = describe_answer(q, lang)
        if mine is not None and mine.correct:
            yield Label(self.tr("live.you_right", points=mine.points), id="live-note", classes="heading", markup=False)
        else:
            yield Label(self.tr("live.you_wrong" if mine is not None else "live.you_none"), id="live-note", classes="heading", markup=False)
            yield Label(self.tr("live.right_answer", answer=answer), id="live-answer", markup=False)
        row = board.row(player.learner.name)
        if row is not None:
            yield Label(self.tr("live.your_total", points=row.points, rank=row.rank, learners=len(board.learners)), id="live-rank", markup=False)
        yield Label(self.tr("live.wait_next"), classes="muted", markup=False)

    def _final(self) -> ComposeResult:
        yield Label(self.tr("live.over"), classes="heading", markup=False)
        board = self.player.board()
        row = self.result or board.row(self.player.learner.name)
        if row is not None:
            yield Label(
                self.tr("live.final", points=row.points, rank=row.rank, learners=len(board.learners), right=row.right, questions=len(board.revealed())),
                id="live-rank",
                markup=False,
            )
        top = [
            self.tr("live.place", place=f"{PLACES[r.rank - 1]} {r.rank}.", name=one_line(r.learner), points=r.points, right=r.right)
            for r in board.leaderboard()
            if r.rank <= 3
        ]
        if top:
            yield Label(self.tr("live.podium"), classes="heading", markup=False)
            yield Label("\n".join(top), id="live-podium", markup=False)
        yield Label(self.tr("live.saved"), classes="muted", markup=False)

    def _focus(self) -> None:
        """The answer has the keys; the prompt stays in view (the body opens at its top)."""
        views = self.query(QuestionView)
        if views:
            views.first().focus_answer(scroll_visible=False)
            self.query_one("#live-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    # -- following the host -------------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(POLL_SECONDS, self.poll)
        self._focus()
        self._settle_if_over()

    async def poll(self) -> None:
        if not self.is_attached:
            return
        self.player.refresh()
        self._settle_if_over()
        if self._view() != self._shown:
            await self._redraw()
        else:
            for label in self.query("#live-status").results(Label):
                label.update(self._status())

    def _settle_if_over(self) -> None:
        """Once the session is over (podium, ended, host gone): the attempt is finished in
        the learner's progress with its points and rank."""
        if self._finished or not self.player.over():
            return
        self._finished = True
        try:
            self.result = self.player.finish()
        except StoreError as exc:
            self.course_app.store_error(exc)

    async def _redraw(self) -> None:
        await self.recompose()
        self.refresh_bindings()
        self._focus()

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        try:
            self.player.answer(event.question, event.response, self.lang)
        except InvalidResponse:
            self.notify(self.tr("quiz.need_answer"), severity="warning")
            return
        except LiveError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        except StoreError as exc:  # the answer counts (its file is written); the progress save failed
            self.course_app.store_error(exc)
        await self._redraw()

    async def action_leave(self) -> None:
        if self._over():
            self.app.pop_screen()
            return
        from course_tui.tui.screens.dialogs import ConfirmScreen

        def leave(yes: bool | None) -> None:
            if yes and self in self.app.screen_stack:
                watch = getattr(self.app, "live_watch", None)
                if watch is not None:  # not asked again to join it (the command palette offers it)
                    watch.declined.add(self.player.session.session)
                self.app.pop_screen()

        await self.app.push_screen(ConfirmScreen(self.tr("live.leave_title"), self.tr("live.leave_body")), leave)

    def reopen(self) -> LiveQuizScreen:
        """After the course is reloaded: the same session, the same answers."""
        app = self.course_app
        return LiveQuizScreen(Player(app.session.store.folder, app.course, app.learner, self.player.session, self.player.clock))
