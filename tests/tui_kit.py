"""The one place the Pilot tests get their app and drive it: an app on a test course, the
screen's text, and the steps many tests share (waiting, starting an exam, submitting, answering
the test course's questions right)."""

from __future__ import annotations

from pathlib import Path

from coursekit import write_course
from textual.widgets import Markdown

from course_tui.course.bundled import bundled_course_path
from course_tui.learning.session import open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.widgets.questions import MatchList, OrderList
from course_tui.tui.widgets.rowlist import RowList

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
"""The small bilingual course the screen snapshots are drawn on (see its README.md)."""


def make_app(
    tmp_path: Path,
    lang: str = "en",
    learner: str = "amy",
    *,
    course: Path | None = None,
    files: dict[str, str | bytes | None] | None = None,
    quiz: str | None = None,
    exam: bool = False,
    trainer: bool = False,
    theme: str | None = None,
) -> CourseApp:
    """An app for *learner* with its store in ``tmp_path/s``, on *course*, else on the test
    course of coursekit written (with *files* changed) to ``tmp_path/c`` unless already there.
    *quiz* (and *exam*) open that quiz directly, as ``course-tui quiz`` does; *trainer* opens
    it as ``--trainer`` does."""
    if course is None:
        course = tmp_path / "c"
        if not course.exists():
            write_course(course, files)
    session = open_session(course, store=tmp_path / "s", learner=learner, lang=lang, theme=theme)
    return CourseApp(session, quiz=quiz, exam=exam, trainer=trainer)


def bundled_app(tmp_path: Path, lang: str = "en", **kwargs) -> CourseApp:
    """:func:`make_app` on the bundled course."""
    return make_app(tmp_path, lang, course=bundled_course_path(), **kwargs)


def fixture_app(tmp_path: Path, lang: str = "en", **kwargs) -> CourseApp:
    """:func:`make_app` on tests/fixtures/course."""
    return make_app(tmp_path, lang, course=FIXTURE_COURSE, **kwargs)


def attempts(tmp_path: Path, learner: str = "amy", course_id: str = "t") -> list[dict]:
    """The quiz attempts kept in ``tmp_path/s`` for *learner* on the course *course_id*."""
    return Store(tmp_path / "s").read(learner).get("courses", {}).get(course_id, {}).get("attempts", [])


def screen_labels(screen) -> str:
    """Every label, and every row of a row list (the course map's chapters, which one widget
    draws), on *screen*, one a line."""
    return "\n".join("\n".join(w.texts) if isinstance(w, RowList) else str(w.render()) for w in screen.query("Label, RowList"))


def labels(app: CourseApp) -> str:
    """:func:`screen_labels` of the current screen."""
    return screen_labels(app.screen)


def markdown(app: CourseApp) -> str:
    """The source of every Markdown widget on the current screen."""
    return "\n".join(md.source for md in app.screen.query(Markdown))


def screen_text(app: CourseApp) -> str:
    return labels(app) + "\n" + markdown(app)


async def pause(pilot, n: int = 3) -> None:
    """Let the app process what is pending (*n* rounds: a screen change takes a few)."""
    for _ in range(n):
        await pilot.pause()


async def settle(pilot, screen_type: type, tries: int = 20) -> None:
    """Pause until the app shows a *screen_type* (navigation is scheduled, not immediate)."""
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, screen_type):
            return
    raise AssertionError(f"expected {screen_type.__name__}, the app shows {type(pilot.app.screen).__name__}")


async def start_exam(pilot) -> None:
    """The exam's intro page: "Start attempt" (focused), then yes."""
    from course_tui.tui.screens.examintro import ExamIntroScreen

    await pilot.pause()
    assert isinstance(pilot.app.screen, ExamIntroScreen)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")
    await pause(pilot, 2)


async def submit_all(pilot) -> None:
    """Ctrl+F (the finish page), "Submit all and finish" (focused), then yes."""
    await pilot.press("ctrl+f")
    await pilot.pause()
    assert pilot.app.screen.on_finish_page
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")
    await pause(pilot, 2)


async def answer_right(pilot, qid):
    """Answer the current question of coursekit's test course (*qid*) right, with the keyboard."""
    app = pilot.app
    if qid == "q-single":
        order = app.screen.run.option_order(app.screen.question)
        await pilot.press(str(order.index("a") + 1), "enter")
    elif qid == "q-multi":
        order = app.screen.run.option_order(app.screen.question)
        await pilot.press(str(order.index("a") + 1), "space", str(order.index("c") + 1), "space", "enter")
    elif qid == "q-tf":
        await pilot.press("1", "enter")
    elif qid == "q-short":
        await pilot.press(*"pmo", "enter")
    elif qid == "q-order":
        widget = app.screen.query_one(OrderList)
        for target in range(len(widget.order)):
            widget.highlighted = widget.order.index(target)
            while widget.order.index(target) > target:
                await pilot.press("left_square_bracket")
        await pilot.press("enter")
    elif qid == "q-match":
        widget = app.screen.query_one(MatchList)
        for left in range(len(widget.lefts)):
            widget.highlighted = left
            await pilot.press(str(widget.right_order.index(left) + 1))
        await pilot.press("enter")
    await pilot.pause()
