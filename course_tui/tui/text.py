"""Values as terminal text: fitted into cells (CJK characters take two), bars and percents
readable without colour, durations and times."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len, set_cell_size

from course_tui.tui.i18n import t


def fit(text: str, width: int, pad: bool = True) -> str:
    """*text* on one line in exactly *width* cells (or at most, without *pad*), cut with “…”."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)).rstrip() + "…"
    return set_cell_size(text, width) if pad else text


def shorten(text: str, width: int = 24) -> str:
    """The first line of a Markdown text, without its markup, in at most *width* cells."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    plain = first.strip().lstrip("#>-*0123456789. ").replace("**", "").replace("`", "")
    return fit(plain, width, pad=False)


def duration(seconds: float, lang: str) -> str:
    """``1 h 05 min`` / ``1小时05分``; under an hour ``12 min`` / ``12分钟``."""
    minutes = round(max(0.0, seconds) / 60)
    hours, rest = divmod(minutes, 60)
    if hours:
        return t(lang, "time.hours_minutes", h=hours, m=rest)
    return t(lang, "time.minutes", m=rest)


def local_time(stamp: str | datetime | None) -> str:
    """An ISO timestamp (or datetime) as local ``YYYY-MM-DD HH:MM``; "" when unreadable."""
    if stamp is None:
        return ""
    try:
        when = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def bar(fraction: float, width: int = 10) -> str:
    """``█████░░░░░`` for 0.5 at width 10 (always *width* cells)."""
    fraction = min(1.0, max(0.0, fraction))
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}%"
