"""The settings dialog: the current language and theme marked and in view, "Saved for NAME."
only after a change, and the screen behind redrawn in the language chosen."""

from __future__ import annotations

from test_tui_markup import screen_lines
from tui_kit import make_app, settle

from course_tui.tui.screens.settings import SettingsScreen


async def test_settings_mark_the_current_theme_and_say_saved_only_after_a_change(tmp_path):
    app = make_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot, SettingsScreen)
        screen = app.screen
        assert str(screen.query_one("#saved").render()) == ""
        themes = screen.query_one("#themes")
        current = themes.get_option_at_index(themes.highlighted)
        assert current.id == f"theme:{app.theme}" and str(current.prompt).startswith("●")
        assert any(f"● {app.theme}" in line for line in screen_lines(app))  # in view
        await pilot.press("down", "enter")  # English
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "en"
        assert str(app.screen.query_one("#saved").render()) == "Saved for amy."
        behind = "\n".join(screen_lines(app))
        assert "Continue" in behind and "继续" not in behind  # the map behind, in English
