"""The course-tui Textual application."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label

from course_tui.learning.session import Session
from course_tui.tui.strings import t


class CourseApp(App[None]):
    """Shows the course map of the session's course, or the findings of an invalid course."""

    TITLE = "course-tui"
    CSS = """
    #body { padding: 0 1; }
    #body Label { width: 100%; }
    .chapter { margin-top: 1; }
    .notice { color: $warning; margin-bottom: 1; }
    """
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang

    def on_mount(self) -> None:
        try:
            self.theme = self.session.theme
        except Exception:  # noqa: BLE001 - an unknown theme name falls back to the default
            pass
        course = self.session.loaded.course
        self.title = course.title(self.lang) if course else "course-tui"
        if self.session.learner:
            self.sub_title = f"{t(self.lang, 'learner')}: {self.session.learner.name}"
        for notice in self.session.notices:
            self.notify(notice, severity="warning", timeout=30)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            for notice in self.session.notices:
                yield Label(f"⚠ {notice}", classes="notice")
            course = self.session.loaded.course
            if course is None:
                yield Label(f"✗ {t(self.lang, 'invalid_title')}")
                for finding in self.session.loaded.findings:
                    yield Label(finding.format(), markup=False)
                yield Label(t(self.lang, "invalid_hint", folder=self.session.folder), markup=False)
            else:
                yield Label(t(self.lang, "preview_note"))
                progress = self.session.learner.course if self.session.learner else {}
                for i, chapter in enumerate(course.chapters, 1):
                    lesson = progress.get("lessons", {}).get(chapter.id, {})
                    seen = len(set(lesson.get("seen", [])))
                    total = len(chapter.lesson.sections)
                    if lesson.get("completed"):
                        status = f"✓ {t(self.lang, 'done')}"
                    elif seen:
                        status = f"◐ {t(self.lang, 'reading')}"
                    else:
                        status = f"○ {t(self.lang, 'not_started')}"
                    yield Label(
                        f"{i:>2}. {chapter.title(self.lang)}  [{status}]  "
                        f"{t(self.lang, 'sections_read', seen=seen, total=total)} · "
                        f"{t(self.lang, 'quizzes', n=len(chapter.quizzes))} · {t(self.lang, 'scenarios', n=len(chapter.scenarios))}",
                        classes="chapter",
                        markup=False,
                    )
        yield Footer()
