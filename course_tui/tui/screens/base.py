"""What every screen shares: bindings whose descriptions follow the learner's language,
and a ``relocalize`` hook the app calls when the language changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList

from course_tui.tui.i18n import t

if TYPE_CHECKING:
    from course_tui.tui.app import CourseApp


class Localized:
    """Mixin for screens: ``self.lang``, ``self.tr(key)``, relocalisation and reopening."""

    #: When the course is reloaded, a screen with no state of its own is simply made again.
    reopens_fresh = False

    @property
    def course_app(self) -> "CourseApp":
        return self.app  # type: ignore[attr-defined,return-value]

    @property
    def lang(self) -> str:
        return self.course_app.lang

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def on_mount(self) -> None:
        """Nothing to do: a hook the screens extend. (No refresh_bindings() here: the screen
        is resumed right after it is mounted, and that refreshes the key bar.)"""

    def on_screen_resume(self) -> None:
        """Opened or back on top while the terminal is too small (a jump from the palette,
        a notice): the too-small notice covers it too."""
        if self.course_app.too_small:
            self.course_app.call_after_refresh(self.course_app._check_size)

    async def relocalize(self) -> None:
        """Redraw in the current language: the key bar, then the whole content. The focus
        and every list's highlighted entry stay where they were (the keys go on working)."""
        self.refresh_bindings()  # type: ignore[attr-defined]
        focused = getattr(self.focused, "id", None)  # type: ignore[attr-defined]
        highlighted = {w.id: w.highlighted for w in self.query(OptionList) if w.id}  # type: ignore[attr-defined]
        await self.recompose()  # type: ignore[attr-defined]
        for widget in self.query(OptionList):  # type: ignore[attr-defined]
            index = highlighted.get(widget.id)
            if index is not None and index < widget.option_count:
                widget.highlighted = index
        again = [w for w in self.query(f"#{focused}") if w.focusable] if focused else []  # type: ignore[attr-defined]
        if again:
            again[0].focus()
        else:
            self._focus_as_at_start()

    def _focus_as_at_start(self) -> None:
        """The focused widget went with the old content: focus what the screen focuses when it
        opens (AUTO_FOCUS), so that the keys keep working (arrows scroll the lesson's text)."""
        selector = getattr(self, "AUTO_FOCUS", None)
        if self.focused is None and selector:  # type: ignore[attr-defined]
            for widget in self.query(selector):  # type: ignore[attr-defined]
                if widget.focusable:
                    widget.focus()
                    break

    def reopen(self) -> Any:
        """This screen made again for the app's (just reloaded) course, at the same place.

        None drops the screen (help, dialogs); a KeyError means what it showed is no longer
        in the course. Called after the app's course was replaced.
        """
        return type(self)() if self.reopens_fresh else None


class BaseScreen(Localized, Screen[Any]):
    pass


class BaseModal(Localized, ModalScreen[Any]):
    pass
