"""The course-tui Textual application: screens, language, theme, learner and navigation.

The app presents; everything it shows is computed by course_tui.learning and saved
through the learner's :class:`~course_tui.learning.progress.Learner`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.events import Resize
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from course_tui import gcpolicy
from course_tui.learning.progress import Learner
from course_tui.learning.session import Session, enter_learner
from course_tui.learning.store import StoreError, StoreNotWritable
from course_tui.safe_text import inert, one_line
from course_tui.tui.i18n import LANGUAGE_NAMES, store_message, t
from course_tui.tui.legibility import ContrastFilter
from course_tui.tui.legibility import enabled as legibility_enabled
from course_tui.tui.screens.base import Localized
from course_tui.tui.textual_compat import CrashReportingApp, break_lines_by_cjk_rules, show_controls_as_placeholders

if TYPE_CHECKING:
    from course_tui.learning.classroom import Role as ClassroomRole
    from course_tui.tui.classroom import Heartbeat

MIN_WIDTH, MIN_HEIGHT = 60, 20


class CommandsAsText(SystemCommandsProvider):
    """The command palette's commands (:meth:`CourseApp.get_system_commands`) shown as text.

    Textual's own provider parses every command's name as markup, and the names hold course
    titles: here they are literal ``Content``, highlighted where they match what was typed."""

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0]):
            if discover:
                yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score, offsets = matcher.fuzzy_search.match(matcher.query, name)
            if score > 0:
                shown = Content(name)
                for offset in offsets:
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, callback, text=name, help=help_text)


class CourseApp(CrashReportingApp[object]):
    """Shows the course to one learner; ``quiz`` (or ``scenario``) opens straight into a quiz
    (a scenario) and exits after it.

    Text is data: nothing from a course, the store or an exception is parsed as
    markup (notifications are always plain text: :meth:`notify`), and control characters in
    whatever is drawn are shown as placeholders (textual_compat)."""

    TITLE = "course-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {CommandsAsText}
    BINDINGS = [
        Binding("question_mark", "help", "key.help"),
        Binding("f1", "help", "key.help", show=False),
        Binding("f2", "toggle_language", "key.language"),
        Binding("slash", "search", "key.search", show=False),
        Binding("f5", "reload_course", "key.reload", show=False),
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
    ]

    def __init__(
        self,
        session: Session,
        quiz: str | None = None,
        exam: bool = False,
        trainer: bool = False,
        live_host: Any = None,
        classroom: ClassroomRole | None = None,
        scenario: str | None = None,
    ) -> None:
        """*quiz*: open straight into that quiz and exit after it; *live_host*: a
        :class:`~course_tui.learning.livequiz.Host` whose live quiz this app hosts (``course-tui
        live``; the session has no learner then) and exits after; *classroom*: the app is a
        session of ``course-tui serve`` (a learner's, or the trainer's view); *scenario*: open
        straight into that scenario and exit after it (``course-tui scenario``)."""
        show_controls_as_placeholders()  # once per process in effect; before anything is drawn
        break_lines_by_cjk_rules()
        self._contrast = legibility_enabled()  # before Textual reads the CSS variables
        super().__init__()
        self.session = session
        self.crash_message: str | None = None  # the one line the launcher prints after a crash
        self.lang = session.lang
        self.start_quiz = quiz
        self.start_exam = exam
        self.live_host = live_host
        self.live_watch: Any = None  # the learner's watch for live quizzes to join (tui/livewatch.py)
        self.start_scenario = scenario
        self.quiz_only = quiz is not None or live_host is not None or scenario is not None  # one thing, then exit
        # The trainer screen shows every learner's names and scores: only for a trainer who
        # started the app with --trainer, never for a learner at a shared store.
        self.trainer = trainer
        # Served to a browser (course-tui serve): a learner's session keeps its learner (no
        # switching to another one) and says where it is; the trainer's view opens on the cohort.
        self.classroom = classroom
        self.heartbeat: Heartbeat | None = None
        self._contrast_filter: ContrastFilter | None = None

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps every text at 4.5:1 (tui/legibility.py),
        made anew when the palette changes (Textual keeps filtered lines per filter)."""
        filters = super().get_line_filters()
        if not self._contrast:
            return filters
        palette, native, eight_bit = self.ansi_theme, self.native_ansi_color, self.shows_256_colours()
        found = self._contrast_filter
        if found is None or found.palette is not palette or found.native_ansi != native or found.eight_bit != eight_bit:
            found = self._contrast_filter = ContrastFilter(palette, native, eight_bit)
        return [*filters, found]

    def shows_256_colours(self) -> bool:
        """Is the app drawing on a terminal of 256 colours (not in tests: headless, the
        colours are as Textual makes them)?"""
        return not self.is_headless and self.console.color_system == "256"

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, but a link under the mouse keeps its background and takes
        black or white text: Textual draws hovered links after the line filters, on the
        primary colour, where its text falls under 4.5:1 in several themes."""
        variables = super().get_css_variables()
        if self._contrast:
            text = "ansi_default" if self.current_theme.ansi else "auto 100%"  # the terminal's own text colour in the ansi themes
            variables.update({"link-background-hover": "initial", "link-color-hover": text, "link-style-hover": "bold underline"})
        return variables

    def action_command_palette(self) -> None:
        """Textual's command palette, its placeholder in the learner's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.tr("palette.placeholder"), id="--command-palette"))

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as keyboards print them (F2, not f2)."""
        shown = super().get_key_display(binding)
        return shown.upper() if shown[:1] == "f" and shown[1:].isdigit() else shown

    # -- properties -------------------------------------------------------------------
    @property
    def course(self):  # noqa: ANN201 - Course | None
        return self.session.loaded.course

    @property
    def learner(self) -> Learner:
        assert self.session.learner is not None
        return self.session.learner

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    # -- messages: always text ----------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, never parsing *message* as markup (it holds titles, names, file
        names, exception texts), with its control characters shown as placeholders. Widgets'
        ``notify`` comes here too (they ask for markup by default: ignored)."""
        super().notify(inert(str(message)), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def exit_with_error(self, message: str) -> None:
        """Leave the app; *message* is printed as text on one line once the terminal is restored."""
        from rich.text import Text

        self.exit(return_code=1, message=Text(f"course-tui: error: {one_line(message)}", no_wrap=True, overflow="ignore"))

    def store_error(self, exc: StoreError) -> None:
        """A save or a read of the store failed: say so, except when the store cannot be
        written, which the read-only banner says once (not one toast per save)."""
        if isinstance(exc, StoreNotWritable):
            if self.session.learner is not None and self.learner.read_only is None:
                self.learner.read_only_error = exc
                self._went_read_only(str(exc))
            return
        if self.session.learner is not None and self.learner.read_only is not None:
            return
        self.notify(store_message(self.lang, exc), severity="error", timeout=10)

    # -- crash --------------------------------------------------------------------------
    def report_crash(self, error: BaseException) -> None:
        """An unhandled exception: its traceback goes to a file, the launcher prints where."""
        from course_tui.tui.crash import crash_line, write_report

        self.crash_message = crash_line(error, write_report(error))

    # -- start ------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """The course map is the bottom screen when the app opens on it: one screen less to
        make, style and lay out before the first frame. Otherwise Textual's empty one."""
        if self.course is not None and not self.quiz_only:
            from course_tui.tui.screens.course_map import CourseMapScreen

            return CourseMapScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        from course_tui.tui.live import LiveReload

        self.call_after_refresh(self._shown)  # whichever screen opens below
        self.live = LiveReload(self)
        self.live.start()
        try:
            self.theme = self.session.theme
        except Exception:  # noqa: BLE001 - an unknown saved theme name: keep the default
            pass
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._retitle()
        if self.course is None:
            from course_tui.tui.screens.findings import FindingsScreen

            self.push_screen(FindingsScreen())
            return
        self.follow_read_only()
        if self.live_host is not None:
            from course_tui.tui.screens.livehost import LiveHostScreen

            self.push_screen(LiveHostScreen(self.live_host, exit_after=True))
        elif self.quiz_only:
            try:
                if self.start_scenario is not None:
                    from course_tui.tui.screens.scenario import ScenarioScreen

                    self.push_screen(ScenarioScreen(self.start_scenario, exit_after=True))
                else:
                    self.push_screen(self._quiz_screen(self.start_quiz or "", exam=self.start_exam, exit_after=True))
            except StoreError as exc:
                self.exit_with_error(str(exc))
                return
        else:
            from course_tui.tui.screens.course_map import CourseMapScreen

            if not any(isinstance(s, CourseMapScreen) for s in self.screen_stack):  # it is the default screen (above)
                self.push_screen(CourseMapScreen())
            if self.session.learner is not None:
                from course_tui.tui.livewatch import LiveWatch

                self.live_watch = LiveWatch(self)
                self.live_watch.start()
            if self.session.first_run:
                from course_tui.tui.screens.welcome import WelcomeScreen

                self.push_screen(WelcomeScreen())
            if self.classroom is not None and self.classroom.kind == "learner":
                from course_tui.tui.classroom import Heartbeat

                self.heartbeat = Heartbeat(self, self.classroom)
                self.heartbeat.start()
            elif self.classroom is not None and self.trainer:
                from course_tui.tui.screens.cohort import CohortScreen

                self.push_screen(CohortScreen())
        if self.session.notices:
            from course_tui.tui.screens.dialogs import NoticeScreen

            self.push_screen(NoticeScreen("\n\n".join(self.session.notices)))
        self.call_after_refresh(self._check_size)

    def _shown(self) -> None:
        """The first screen is on the terminal: the work that could wait starts now.

        The garbage collector, off since the launcher's start, is on again, and collects in
        full only in the learner's pauses (course_tui/gcpolicy.py)."""
        if gcpolicy.first_paint():
            self.set_interval(gcpolicy.TICK_SECONDS, gcpolicy.tick, name="gc-policy")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            gcpolicy.input_seen()  # the learner is busy: no full collection now
        await super().on_event(event)

    def on_unmount(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()

    def _retitle(self) -> None:
        self.title = one_line(self.course.title(self.lang)) if self.course else "course-tui"
        if self.session.learner:
            self.sub_title = f"{self.tr('learner')}: {one_line(self.learner.name)}"

    # -- read-only store ----------------------------------------------------------------
    def follow_read_only(self) -> None:
        """Be told when the learner's store turns read-only (it may be already)."""
        if self.session.learner is not None:
            self.learner.on_read_only = self._went_read_only

    def _went_read_only(self, reason: str) -> None:
        """The store cannot be written from now on: the banner shows on every screen, and
        one notification says it; studying goes on (changes are kept in memory)."""
        if self.session.learner is not None and self.learner.read_only is None:
            self.learner.read_only = reason
        self.notify(self.tr("readonly.now", reason=one_line(self.read_only_reason or reason)), severity="warning", timeout=10)
        self.call_later(self.refresh_banners)

    def refresh_banners(self) -> None:
        from course_tui.tui.widgets.titlebar import TitleBar

        for screen in self.screen_stack:
            for bar in screen.query(TitleBar):
                bar.refresh_title()

    @property
    def read_only_reason(self) -> str | None:
        """Why the store cannot be written, in the learner's language where the error says
        why with a code (a read-only file system, no permission, a full disk)."""
        learner = self.session.learner
        if learner is None or learner.read_only is None:
            return None
        error = getattr(learner, "read_only_error", None)
        return store_message(self.lang, error) if error is not None else learner.read_only

    # -- live reload ------------------------------------------------------------------
    def action_reload_course(self) -> None:
        self.call_later(self.live.reload)

    def after_reload(self) -> None:
        """The course was replaced: titles, key descriptions and the size check follow."""
        self._retitle()
        self.refresh_bindings()
        self.call_after_refresh(self._check_size)

    # -- size -------------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        # Textual records the new size after this handler (App._on_resize): check it then.
        self.call_later(self._check_size)

    @property
    def too_small(self) -> bool:
        """The terminal is below the size every screen needs."""
        return self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT

    # A too-small notice is on its way (pushed, not yet shown): fast resizes push no second one.
    _size_notice_pending = False

    def _check_size(self) -> None:
        """Cover the app with the too-small notice below the minimum size; uncover it at the
        minimum. Screens opened while it shows (the palette, a notice) get one on top too
        (:meth:`Localized.on_screen_resume`); one left under another screen goes away by itself
        when it comes back on top at a good size (:meth:`TooSmallScreen.on_screen_resume`)."""
        dialogs = sys.modules.get("course_tui.tui.screens.dialogs")  # not imported: nothing of it shows
        showing = dialogs is not None and bool(self.screen_stack) and isinstance(self.screen, dialogs.TooSmallScreen)
        if self.too_small:
            if showing:
                self.screen.refresh_text()  # type: ignore[attr-defined]
            elif not self._size_notice_pending:
                from course_tui.tui.screens.dialogs import TooSmallScreen

                self._size_notice_pending = True
                self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing:
            self.pop_screen()

    # -- language and theme -----------------------------------------------------------
    async def set_language(self, lang: str, save: bool = True) -> None:
        """Switch the language (saved for the learner unless *save* is False: the welcome
        screen saves it once the newcomer has a name)."""
        if self.course is None or lang not in self.course.languages or lang == self.lang:
            return
        self.lang = lang
        if save:
            self._save_setting("lang", lang)
        self._retitle()
        await self._relocalize_all()
        self.refresh_bindings()

    async def action_toggle_language(self) -> None:
        if self.course is None:
            return
        langs = list(self.course.languages)
        if len(langs) > 1:
            await self.set_language(langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0])

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if name and self.session.learner and self.learner.settings.get("theme") != name:
            self._save_setting("theme", name)

    def save_setting(self, key: str, value: str) -> None:
        """Save a setting for the learner (nothing when it is already so)."""
        if self.session.learner is not None and self.learner.settings.get(key) != value:
            self._save_setting(key, value)

    def _save_setting(self, key: str, value: str) -> None:
        if self.session.learner is None:
            return
        try:
            self.learner.set_setting(key, value)
        except StoreError as exc:
            self.store_error(exc)

    # -- learner ----------------------------------------------------------------------
    async def switch_learner(self, name: str) -> None:
        """Study as *name* from now on (creating the learner if new), keeping the screen stack simple."""
        assert self.course is not None
        store = self.session.store
        known_notices = len(store.notices)
        try:
            person = enter_learner(store, name, self.course.id)
        except StoreError as exc:
            self.notify(store_message(self.lang, exc), severity="error", timeout=10)
            return
        self.session.learner = person
        self.follow_read_only()
        fresh_notices = store.notices[known_notices:]  # e.g. this learner's file was moved aside
        self.session.notices.extend(fresh_notices)
        saved_lang = person.settings.get("lang")
        saved_theme = person.settings.get("theme")
        if isinstance(saved_theme, str):
            try:
                self.theme = saved_theme
            except Exception:  # noqa: BLE001
                pass
        await self._go_home()
        if isinstance(saved_lang, str) and saved_lang != self.lang:
            await self.set_language(saved_lang)
        else:
            self._retitle()
            await self._relocalize_all()
        self.notify(self.tr("learners.switched", name=one_line(name)))
        if fresh_notices:
            from course_tui.tui.screens.dialogs import NoticeScreen

            await self.push_screen(NoticeScreen("\n\n".join(fresh_notices)))

    async def _relocalize_all(self) -> None:
        for screen in list(self.screen_stack):
            if isinstance(screen, Localized):
                await screen.relocalize()

    # -- navigation -------------------------------------------------------------------
    # Screens call these from their own event handlers. The work is scheduled on the app
    # (call_later) rather than awaited there: a screen cannot wait for its own removal.
    def go_home(self) -> None:
        self.call_later(self._go_home)

    def open_lesson(self, lesson_id: str, section: str | None = None) -> None:
        self.call_later(self._open, "lesson", lesson_id, section)

    def open_quiz(self, quiz_id: str, exam: bool = False) -> None:
        self.call_later(self._open, "quiz", quiz_id, exam)

    def open_scenario(self, scenario_id: str) -> None:
        self.call_later(self._open, "scenario", scenario_id, None)

    async def _go_home(self) -> None:
        """Back to the course map (the bottom of the stack)."""
        from course_tui.tui.screens.course_map import CourseMapScreen

        while not isinstance(self.screen, CourseMapScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()
        if not isinstance(self.screen, CourseMapScreen):
            await self.push_screen(CourseMapScreen())

    async def _open(self, kind: str, item: str, extra: object) -> None:
        await self._go_home()
        try:  # opening a quiz or scenario starts an attempt or a run in the store
            if kind == "lesson":
                from course_tui.tui.screens.lesson import LessonScreen

                screen: Screen = LessonScreen(item, extra if isinstance(extra, str) else None)
            elif kind == "quiz":
                screen = self._quiz_screen(item, exam=bool(extra))
            else:
                from course_tui.tui.screens.scenario import ScenarioScreen

                screen = ScenarioScreen(item)
        except StoreError as exc:
            self.store_error(exc)
            return
        await self.push_screen(screen)

    def _quiz_screen(self, quiz_id: str, exam: bool = False, exit_after: bool = False) -> Screen:
        """What opening a quiz shows: an exam's intro page (the attempt starts there), else the
        practice quiz itself (resumed or started)."""
        if exam or self.course.quiz(quiz_id).is_exam:
            from course_tui.tui.screens.examintro import ExamIntroScreen

            return ExamIntroScreen(quiz_id, exit_after=exit_after)
        from course_tui.tui.screens.quiz import QuizScreen

        return QuizScreen(quiz_id, exit_after=exit_after)

    async def action_help(self) -> None:
        from course_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            await self.push_screen(HelpScreen(self.screen))

    async def action_about(self) -> None:
        from course_tui.tui.screens.about import AboutScreen

        if self.course is not None:
            await self.push_screen(AboutScreen())

    async def action_learners(self) -> None:
        from course_tui.tui.screens.learners import LearnersScreen

        if self.course is not None and not self.learner_fixed:
            await self.push_screen(LearnersScreen())

    async def action_settings(self) -> None:
        from course_tui.tui.screens.settings import SettingsScreen

        if self.course is not None:
            await self.push_screen(SettingsScreen())

    async def action_review(self) -> None:
        from course_tui.tui.screens.review import ReviewScreen

        if self.course is not None:
            await self._go_home()
            await self.push_screen(ReviewScreen())

    async def action_stats(self) -> None:
        from course_tui.tui.screens.stats import StatsScreen

        if self.course is not None:
            await self._go_home()
            await self.push_screen(StatsScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("trainer", "cohort") and not self.trainer:
            return False  # neither shown nor run without --trainer
        if action == "learners" and self.learner_fixed:
            return False  # a browser's learner studies as who they joined as, and sees no one else
        if action == "search":
            return self.course is not None and not self.closed_book
        return True

    @property
    def learner_fixed(self) -> bool:
        return self.classroom is not None and self.classroom.kind == "learner"

    async def action_search(self) -> None:
        """``/``: search the course (not during an exam: the screen says it is closed book)."""
        from course_tui.tui.screens.search import SearchScreen

        if self.course is None or isinstance(self.screen, SearchScreen):
            return
        if self.closed_book:
            self.notify(self.tr("search.closed_book"), severity="warning")
            return
        await self.push_screen(SearchScreen())

    @property
    def closed_book(self) -> bool:
        """An exam (or a live question) is under way somewhere in the stack: no search, no
        notes — also with help or a dialog open on top of it."""
        return any(getattr(screen, "closed_book", False) for screen in self.screen_stack)

    async def on_quiz_screen_then(self, message: Any) -> None:
        """A quiz's PgUp/PgDn, once the keys typed before it have been handled here (see
        QuizScreen.action_step)."""
        await message.screen.then(message.step)

    async def action_notes(self) -> None:
        from course_tui.tui.screens.notes import NotesScreen

        if self.course is not None and not self.closed_book:
            await self._go_home()
            await self.push_screen(NotesScreen())

    async def action_trainer(self) -> None:
        from course_tui.tui.screens.trainer import TrainerScreen

        if self.course is not None and self.trainer:
            await self._go_home()
            await self.push_screen(TrainerScreen())

    # -- command palette --------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        course = self.course
        if course is None:
            yield from super().get_system_commands(screen)
            return
        tr, lang = self.tr, self.lang
        go = tr("cmd.help_text")
        if self.session.learner is None:  # hosting a live quiz: no learner, nothing to study here
            for code in course.languages:
                yield SystemCommand(tr("cmd.language", name=LANGUAGE_NAMES.get(code, code)), go, lambda c=code: self.set_language(c))
            yield SystemCommand(tr("cmd.help"), go, self.action_help)
            yield SystemCommand(tr("key.quit"), go, self.action_quit)
            return
        yield SystemCommand(tr("cmd.map"), go, self.go_home)
        for chapter in course.chapters:
            title = chapter.title(lang)
            yield SystemCommand(tr("cmd.lesson", title=title), go, lambda c=chapter.id: self.open_lesson(c))
            for quiz in chapter.quizzes:
                yield SystemCommand(tr("cmd.quiz", title=quiz.title(lang)), go, lambda q=quiz.id: self.open_quiz(q))
            for scenario in chapter.scenarios:
                yield SystemCommand(tr("cmd.scenario", title=scenario.title(lang)), go, lambda s=scenario.id: self.open_scenario(s))
        for exam in course.exams:
            yield SystemCommand(tr("cmd.quiz", title=exam.title(lang)), go, lambda q=exam.id: self.open_quiz(q))
        live = self.live_watch.joinable() if self.live_watch is not None else None
        if live is not None:
            yield SystemCommand(tr("cmd.live_join", title=course.quiz(live.quiz).title(lang)), go, self.live_watch.join)
        yield SystemCommand(tr("cmd.search"), go, self.action_search)
        yield SystemCommand(tr("cmd.notes"), go, self.action_notes)
        yield SystemCommand(tr("cmd.review"), go, self.action_review)
        yield SystemCommand(tr("cmd.stats"), go, self.action_stats)
        if self.trainer:
            yield SystemCommand(tr("cmd.trainer"), go, self.action_trainer)
        if not self.learner_fixed:
            yield SystemCommand(tr("cmd.learners"), go, self.action_learners)
        for code in course.languages:
            yield SystemCommand(tr("cmd.language", name=LANGUAGE_NAMES.get(code, code)), go, lambda c=code: self.set_language(c))
        for name in sorted(self.available_themes):
            yield SystemCommand(tr("cmd.theme", name=name), go, lambda n=name: setattr(self, "theme", n))
        yield SystemCommand(tr("cmd.about"), go, self.action_about)
        yield SystemCommand(tr("cmd.help"), go, self.action_help)
        yield SystemCommand(tr("key.quit"), go, self.action_quit)
