"""Interface strings: one module per language (en.py, zh.py), the same keys in each.

``t(lang, key, **values)`` formats a string; a key missing in a language falls back to
English (a test keeps both tables complete).
"""

from __future__ import annotations

import re

from course_tui.tui.i18n import en, zh

TABLES: dict[str, dict[str, str]] = {"en": en.STRINGS, "zh": zh.STRINGS}
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def t(lang: str, key: str, **values: object) -> str:
    """*key*'s text in *lang*, filled in with *values*; with ``n=1``, the key's singular
    form ``KEY#one`` where the language has one ("1 question", not "1 question(s)")."""
    table = TABLES.get(lang, en.STRINGS)
    text = (table.get(f"{key}#one") if values.get("n") == 1 else None) or table.get(key) or en.STRINGS.get(key) or key
    return text.format(**values) if values else text


# Quotation marks inside a quoted title become single ones: “Quiz: the ‘official’ definition”.
_INNER_QUOTES = re.compile(r'"([^"]*)"|“([^”]*)”')


def quoted(text: str) -> str:
    """*text* as a title quoted with “ ” (English and Chinese alike), its own quotes nested as ‘ ’."""
    return "“" + _INNER_QUOTES.sub(lambda m: "‘" + (m.group(1) if m.group(1) is not None else m.group(2)) + "’", text) + "”"


def store_message(lang: str, error: Exception) -> str:
    """A store error in *lang*: translated when it carries a code (``StoreError.code``), else its text."""
    code = getattr(error, "code", None)
    if code and f"store.{code}" in TABLES.get(lang, en.STRINGS):
        return t(lang, f"store.{code}", **getattr(error, "values", {}))
    return str(error)
