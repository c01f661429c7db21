"""A learner's app notices a live quiz opened in its store and offers to join it.

Every :data:`~course_tui.learning.livequiz.WATCH_SECONDS` the app looks at the store's live
session file (one small read; nothing when there is none). When a session of this course is
open (lobby, a question, a reveal) and the learner is not in it, a prompt asks to join;
"Not now" is remembered for that session (the command palette still offers to join). At the
start, live attempts left unfinished by a session that is over are finished.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course_tui.learning import livequiz
from course_tui.learning.store import StoreError

if TYPE_CHECKING:
    from course_tui.tui.app import CourseApp

# Screens during which no prompt is shown: the live screens themselves, and the prompt.
LIVE_SCREENS = frozenset({"LiveQuizScreen", "LiveHostScreen", "JoinLiveScreen"})
# ...nor over the "terminal too small" message (it goes when the terminal grows: nothing on
# it), nor over the first run's welcome and tour (the learner is choosing their name).
NOT_OVER = frozenset({"TooSmallScreen", "WelcomeScreen", "TourScreen"})


class LiveWatch:
    def __init__(self, app: "CourseApp") -> None:
        self.app = app
        self.declined: set[str] = set()

    def start(self) -> None:
        self.settle()
        self.app.set_interval(livequiz.WATCH_SECONDS, self.check, name="live-quiz-watch")

    def settle(self) -> None:
        """Finish the learner's live attempts whose session is over."""
        app = self.app
        try:
            livequiz.settle(app.session.store.folder, app.course, app.learner)
        except StoreError as exc:
            app.store_error(exc)

    def joinable(self) -> livequiz.LiveSession | None:
        app = self.app
        if app.course is None or app.session.learner is None:
            return None
        found = livequiz.joinable(app.session.store.folder, app.course.id)
        if found is None:
            return None
        try:
            app.course.quiz(found.quiz)
        except KeyError:  # a quiz this version of the course does not have
            return None
        return found

    def in_live(self) -> bool:
        return any(type(screen).__name__ in LIVE_SCREENS for screen in self.app.screen_stack)

    seen: str | None = None  # the session open at the last look

    async def check(self) -> None:
        if not self.app.screen_stack:  # between screens (a reload replacing them): next time
            return
        if self.in_live() or type(self.app.screen).__name__ in NOT_OVER:
            return
        found = self.joinable()
        if self.seen is not None and (found is None or found.session != self.seen):
            self.settle()  # the session seen before is over: a learner who left it is done
        self.seen = found.session if found is not None else None
        if found is None or found.session in self.declined:
            return
        from course_tui.tui.screens.livejoin import JoinLiveScreen

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.join(found)
            else:
                self.declined.add(found.session)

        await self.app.push_screen(JoinLiveScreen(self.app.course.quiz(found.quiz).title(self.app.lang)), answered)

    async def join(self, found: livequiz.LiveSession | None = None) -> None:
        """Open the live screen of the session open now (*found*, else looked up)."""
        found = found or self.joinable()
        if found is None or self.in_live():
            return
        from course_tui.tui.screens.livejoin import LiveQuizScreen

        try:
            screen = LiveQuizScreen.join(self.app, found)
        except livequiz.LiveError as exc:
            self.app.notify(str(exc), severity="error", timeout=10)
            return
        except StoreError as exc:
            self.app.store_error(exc)
            return
        await self.app.push_screen(screen)
