"""Interface strings: one module per language (en.py, zh.py), the same keys in each.

``t(lang, key, **values)`` formats a string; a key missing in a language falls back to
English (a test keeps both tables complete).
"""

from __future__ import annotations

from course_tui.tui.i18n import en, zh

TABLES: dict[str, dict[str, str]] = {"en": en.STRINGS, "zh": zh.STRINGS}
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def t(lang: str, key: str, **values: object) -> str:
    table = TABLES.get(lang, en.STRINGS)
    text = table.get(key) or en.STRINGS.get(key) or key
    return text.format(**values) if values else text
