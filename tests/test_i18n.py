"""The interface's string tables (course_tui/tui/i18n): every language has every key of the
English table, and no other, with the same placeholders, so no screen falls back to English
or fails to format in another language."""

from __future__ import annotations

import string

import pytest

from course_tui.tui.i18n import LANGUAGE_NAMES, TABLES, en


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def base_keys(table: dict[str, str]) -> set[str]:
    """The keys without their plural forms (``key#one``: a language that inflects has them)."""
    return {key for key in table if "#" not in key}


@pytest.mark.parametrize("lang", sorted(set(TABLES) - {"en"}))
def test_every_language_has_the_english_keys_with_the_same_placeholders(lang):
    table = TABLES[lang]
    assert sorted(base_keys(en.STRINGS) - set(table)) == [], "missing"
    assert sorted(set(table) - set(en.STRINGS)) == [], "unknown"
    differ = [key for key in base_keys(en.STRINGS) if placeholders(en.STRINGS[key]) != placeholders(table[key])]
    assert differ == []


def test_every_language_has_a_name_to_choose_it_by():
    assert set(LANGUAGE_NAMES) == set(TABLES)
