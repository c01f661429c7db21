"""One start-up, measured from outside by benchmarks/run.py (wall time and peak RSS).

    python benchmarks/startup_driver.py bare
    python benchmarks/startup_driver.py course --store DIR [--learner NAME] [--course DIR]

Prints ``painted <wall-clock time>`` at the first paint, so that the parent can tell the
time to the first screen apart from the time to exit.

``bare``: a Textual app with a Header, a Static and a Footer that exits after its first
refresh. ``course``: the real ``course-tui`` command line (``course_tui.cli.main``) with the
app class swapped for a subclass that exits once the course map has been painted. Both run
headless at 80x24, so no terminal is involved. With ``--show`` the painted screen's text is
printed to stderr, to check that the map really was drawn.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import time

SIZE = (80, 24)


def _exit_when_painted(app, ready) -> None:
    """Exit after the first refresh in which ``ready(app)`` holds (checked after each refresh)."""

    def check() -> None:
        if ready(app):
            # the first paint, as a wall-clock time the parent compares with its spawn time
            # (written to fd 1 directly: Textual captures print() while it runs)
            os.write(1, f"painted {time.time():.6f}\n".encode())
            if "--show" in sys.argv:
                print(app.export_screenshot(), file=sys.stderr)  # SVG: has the painted text
            app.exit()
        else:
            app.call_after_refresh(check)

    app.call_after_refresh(check)


def bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a bare Textual app")
            yield Footer()

        def on_mount(self) -> None:
            _exit_when_painted(self, lambda app: True)

    Bare().run(headless=True, size=SIZE)
    return 0


def _painted_once(app_module) -> None:
    """Swap ``course_tui.tui.app.CourseApp`` for a subclass that exits once the map is painted."""
    base = app_module.CourseApp

    class PaintedOnce(base):  # type: ignore[misc,valid-type]
        def on_mount(self) -> None:  # runs before CourseApp.on_mount pushes the map
            from course_tui.tui.screens.course_map import CourseMapScreen

            _exit_when_painted(self, lambda app: isinstance(app.screen, CourseMapScreen) and app.screen.query("#chapters"))

        def run(self, *args, **kwargs):
            return super().run(headless=True, size=SIZE)

    app_module.CourseApp = PaintedOnce


class _WhenImported(importlib.abc.MetaPathFinder):
    """Patch the app module the moment the command line imports it, not before: the command
    line decides what happens before the interface is imported (and may parse the course on
    the other core meanwhile), so the benchmark must not import it first."""

    def find_spec(self, name, path, target=None):  # noqa: ANN001, ANN201
        if name != "course_tui.tui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run_module = spec.loader.exec_module

        def exec_module(module) -> None:  # noqa: ANN001
            run_module(module)
            _painted_once(module)

        spec.loader.exec_module = exec_module
        return spec


def course(argv: list[str]) -> int:
    sys.meta_path.insert(0, _WhenImported())
    from course_tui import cli

    return cli.main(argv)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--show"]
    if args[:1] == ["bare"]:
        sys.exit(bare())
    if args[:1] == ["course"]:
        sys.exit(course(args[1:]))
    sys.exit("usage: startup_driver.py bare | course [course-tui options]")
