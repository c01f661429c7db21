"""The completion screen: shown when a learner has done every chapter and passed the final
exam (and with ``c`` on the map from then on). The learner's results, and a button that saves
the certificate (learning/certificate.py) as an SVG file in the documents folder."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label

from course_tui.learning.completion import Completion, completion
from course_tui.learning.overview import overview
from course_tui.learning.standing import quiz_standing
from course_tui.safe_text import one_line
from course_tui.tui.screens.base import BaseScreen
from course_tui.tui.text import percent
from course_tui.tui.widgets.footer import KeyBar
from course_tui.tui.widgets.titlebar import TitleBar


def certificate_folder() -> Path:
    """Where certificates are saved: the user's documents folder, else the home folder."""
    try:
        from platformdirs import user_documents_path

        folder = user_documents_path()
    except Exception:  # noqa: BLE001 - no documents folder known on this system
        folder = Path.home()
    return folder if folder.is_dir() else Path.home()


def free_name(folder: Path, stem: str) -> Path:
    """``stem.svg`` in *folder*, or ``stem-2.svg``…: an existing file is never replaced."""
    path = folder / f"{stem}.svg"
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}-{n}.svg"
        n += 1
    return path


class CompletionScreen(BaseScreen):
    DEFAULT_CSS = "CompletionScreen #completion Label { width: 100%; }"
    reopens_fresh = True
    BINDINGS = [Binding("escape,q", "app.pop_screen", "key.back"), Binding("s", "save", "key.certificate")]

    @property
    def result(self) -> Completion:
        app = self.course_app
        return completion(app.course, app.learner.course)

    def compose(self) -> ComposeResult:
        app = self.course_app
        course, lang, result = app.course, self.lang, self.result
        yield TitleBar()
        with VerticalScroll(classes="screen-body", id="completion"):
            yield Label(self.tr("done.title"), classes="heading", markup=False)
            body = "done.body" if course.exams else "done.body_no_exam"
            yield Label(self.tr(body, learner=one_line(app.learner.name), course=course.title(lang)), markup=False)
            when = result.completed.astimezone().strftime("%Y-%m-%d") if result.completed else "—"  # the local date
            final = percent(result.final_score) if result.final_score is not None else "—"
            yield Label(self.tr("done.facts", date=when, score=final), id="done-facts", markup=False)
            yield Label(self.tr("done.chapters"), classes="heading", markup=False)
            for i, status in enumerate(overview(course, app.learner), 1):
                best = percent(status.best_percent) if status.best_percent is not None else "—"
                yield Label(f"{i:>2}. ✓ {status.chapter.title(lang)}  {best}", markup=False)
            for exam in course.exams:
                standing = quiz_standing(exam, app.learner.course)
                yield Label(f" ★  ✓ {exam.title(lang)}  {percent(standing.score) if standing.score is not None else '—'}", markup=False)
            with Vertical(id="done-actions"):
                yield Button(Content(self.tr("done.save")), id="save", variant="primary")
                yield Label("", id="saved", classes="muted", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#save").focus(scroll_visible=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        from course_tui.learning.certificate import certificate_svg

        app = self.course_app
        result = self.result
        if not result.complete:
            return
        path = free_name(certificate_folder(), f"certificate-{app.course.id}")
        try:
            with open(path, "x", encoding="utf-8") as out:  # never over an existing file
                out.write(certificate_svg(app.course, app.learner.name, result, self.lang))
        except OSError as exc:
            self.notify(self.tr("done.save_failed", reason=one_line(exc.strerror or str(exc))), severity="error")
            return
        self.query_one("#saved", Label).update(self.tr("done.saved", path=one_line(str(path))))
        self.notify(self.tr("done.saved", path=one_line(str(path))), timeout=10)
