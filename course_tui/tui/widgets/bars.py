"""Text progress bars and bar charts: readable without colour."""

from __future__ import annotations


def bar(fraction: float, width: int = 10) -> str:
    """``█████░░░░░`` for 0.5 at width 10 (always *width* cells)."""
    fraction = min(1.0, max(0.0, fraction))
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}%"
