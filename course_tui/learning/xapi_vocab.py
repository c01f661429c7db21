"""The xAPI 1.0.3 vocabulary course-tui uses, and the small formats statements need:
IRIs under a base, ISO 8601 timestamps and durations, language maps.

Verbs and activity types come from the ADL vocabulary (http://adlnet.gov/expapi/…), except
a lesson section, which is an Activity Streams page. docs/XAPI.md lists them with their use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

from course_tui.safe_text import has_controls, inert

DEFAULT_BASE = "https://course-tui.invalid"
BASE_ENV = "COURSE_TUI_XAPI_BASE"
PLATFORM = "course-tui"
VERSION = "1.0.3"

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"

# verb → its display in the languages we know (English is the fallback)
VERBS: dict[str, dict[str, str]] = {
    "launched": {"en": "launched", "zh": "打开了"},
    "experienced": {"en": "experienced", "zh": "学习了"},
    "completed": {"en": "completed", "zh": "完成了"},
    "attempted": {"en": "attempted", "zh": "开始了"},
    "answered": {"en": "answered", "zh": "回答了"},
    "passed": {"en": "passed", "zh": "通过了"},
    "failed": {"en": "failed", "zh": "未通过"},
}

ACTIVITY_TYPES = {
    "course": ADL_ACTIVITY + "course",
    "lesson": ADL_ACTIVITY + "lesson",
    "section": "http://activitystrea.ms/schema/1.0/page",
    "quiz": ADL_ACTIVITY + "assessment",
    "question": ADL_ACTIVITY + "cmi.interaction",
    "scenario": ADL_ACTIVITY + "simulation",
}


class BaseError(ValueError):
    """The base IRI cannot be used."""


def check_base(base: str) -> str:
    """An absolute http(s) IRI without query or fragment; trailing slashes dropped."""
    base = base.strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or any(c.isspace() for c in base) or has_controls(base):
        raise BaseError(f"the xAPI base must be an absolute http(s) IRI such as https://lrs.example.com/pmo, not {inert(base)!r}")
    return base.rstrip("/")


def iri(base: str, *parts: str) -> str:
    """``base/part/part…``, each part percent-encoded so any id stays one path segment."""
    return "/".join([base, *(quote(str(p), safe="-._~") for p in parts)])


def verb(name: str, langs: Iterable[str]) -> dict[str, object]:
    names = VERBS[name]
    display = {lang: names[lang] for lang in langs if lang in names} or {"en": names["en"]}
    return {"id": ADL_VERB + name, "display": display}


def lang_map(text: Mapping[str, str] | None, limit: int | None = None) -> dict[str, str]:
    """A language map from our Text, without empty entries (xAPI forbids empty strings)."""
    if not text:
        return {}
    out = {}
    for lang, value in text.items():
        value = " ".join(str(value).split())
        if limit and len(value) > limit:
            value = value[: limit - 1].rstrip() + "…"
        if value:
            out[lang] = value
    return out


def parse_time(stamp: object) -> datetime | None:
    """A stored ISO 8601 time; a time without a zone is taken as UTC (the store writes UTC)."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def timestamp(when: datetime) -> str:
    """ISO 8601 in UTC with an explicit zone, e.g. 2024-05-01T08:30:00Z."""
    when = when.astimezone(timezone.utc)
    text = when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """ISO 8601 duration to 0.01 s (the precision xAPI keeps), e.g. PT1H2M3.5S."""
    hundredths = max(0, round(float(seconds) * 100))
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    secs, frac = divmod(rest, 100)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or frac or out == "PT":
        out += f"{secs}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return out
