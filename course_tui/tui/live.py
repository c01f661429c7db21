"""Live reload for authors: the course folder is polled while the app runs; a change is
re-validated and shown at once, at the same place.

- A valid course replaces the old one and every open screen is made again for it
  (:meth:`~course_tui.tui.screens.base.Localized.reopen`): the lesson at the same section,
  the quiz attempt at the same question with its feedback, the scenario run at its node.
- A course with errors does not replace anything: its findings (file:line:col) are shown
  over the last good version, which stays usable (Esc) until the files are fixed.
- F5 reloads at once, changed or not.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from course_tui.course.watch import CourseWatcher
from course_tui.learning.session import enter_learner
from course_tui.learning.store import StoreError

if TYPE_CHECKING:
    from course_tui.course.model import LoadResult
    from course_tui.tui.app import CourseApp

POLL_SECONDS = 1.0


def _load(folder: Path) -> LoadResult | Exception:
    """Run in a worker thread; the loader is imported there, at the first reload."""
    from course_tui.course.loader import CourseNotFound, load_course

    try:
        return load_course(folder)
    except CourseNotFound as exc:
        return exc


class LiveReload:
    def __init__(self, app: CourseApp) -> None:
        self.app = app
        self.watcher = CourseWatcher(app.session.folder)
        self.busy = False

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="course-watch")

    async def poll(self) -> None:
        if self.busy:
            return
        changes = await asyncio.to_thread(self.watcher.poll)
        if changes:
            await self.reload(changes.paths)

    async def reload(self, changed: tuple[str, ...] = ()) -> None:
        """Load the course again; show it, or show what is wrong with it."""
        if self.busy:
            return
        self.busy = True
        try:
            folder = self.app.session.folder
            loaded = await asyncio.to_thread(_load, folder)
            if isinstance(loaded, Exception):  # CourseNotFound: the folder is gone
                self.app.notify(str(loaded), severity="error", timeout=10)
                return
            if loaded.course is None:
                await self._show_findings(loaded)
            else:
                await self._replace(loaded, changed)
        finally:
            self.busy = False

    async def _show_findings(self, loaded: LoadResult) -> None:
        from course_tui.tui.screens.findings import FindingsScreen, LiveFindingsScreen

        app = self.app
        if app.course is None:  # nothing good loaded yet: the findings are the whole app
            app.session.loaded = loaded
            for screen in app.screen_stack:
                if isinstance(screen, FindingsScreen):
                    await screen.recompose()
            return
        if isinstance(app.screen, FindingsScreen):
            await app.pop_screen()
        await app.push_screen(LiveFindingsScreen(loaded))

    async def _replace(self, loaded: LoadResult, changed: tuple[str, ...]) -> None:
        from course_tui.tui.screens.course_map import CourseMapScreen

        app, session = self.app, self.app.session
        course = loaded.course
        assert course is not None
        old = list(app.screen_stack[1:])
        session.loaded = loaded
        name = session.learner.name if session.learner else session.learner_name
        if session.learner is None or session.learner.course_id != course.id:
            try:
                session.learner = enter_learner(session.store, name, course.id)
            except StoreError as exc:
                app.notify(str(exc), severity="error", timeout=15)
                return
            app.follow_read_only()
        app.lang = app.lang if app.lang in course.languages else course.languages[0]
        app.after_reload()  # titles and keys first: the screens made again below show them
        map_at_bottom = isinstance(app.screen_stack[0], CourseMapScreen)
        fresh, gone = self._reopen(old, map_at_bottom)
        if not fresh and not map_at_bottom:  # `course-tui quiz ID` and the quiz is gone
            app.exit_with_error(app.tr("reload.gone", what=gone))
            return
        while len(app.screen_stack) > 1:
            await app.pop_screen()
        if map_at_bottom:
            # The bottom (default) screen cannot be replaced: it is made again in place.
            await app.screen.recompose()
            if not fresh:
                for chapters in app.screen.query("#chapters"):  # there once the map is composed
                    chapters.focus()
        for screen in fresh:
            await app.push_screen(screen)
        tr = app.tr
        message = tr("reload.done", files=", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")) if changed else tr("reload.done_all")
        warnings = len(loaded.findings)
        if warnings:
            message += "\n" + tr("reload.warnings", n=warnings, folder=session.folder)
        if gone:
            message += "\n" + tr("reload.gone", what=gone)
        app.notify(message, timeout=6)

    def _reopen(self, old: list[Screen], map_at_bottom: bool) -> tuple[list[Screen], str]:
        """The screens above the bottom one made again, bottom up, and what could not be (no
        longer in the course); a map first when there is none at the bottom (a course that
        was invalid at start)."""
        from course_tui.tui.screens.base import Localized
        from course_tui.tui.screens.course_map import CourseMapScreen

        app = self.app
        fresh: list[Screen] = []
        gone = ""
        for screen in old:
            if not isinstance(screen, Localized):
                continue  # the command palette, Textual's own screens
            try:
                again = screen.reopen()
            except (KeyError, StoreError) as exc:
                gone = str(exc.args[0]) if exc.args else type(screen).__name__
                break
            if again is not None:
                fresh.append(again)
        if not app.quiz_only and not map_at_bottom and not (fresh and isinstance(fresh[0], CourseMapScreen)):
            fresh.insert(0, CourseMapScreen())
        return fresh, gone
