"""Turning a checked question mapping into a model question, with consistency checks."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from course_tui.course.findings import Report
from course_tui.course.model import (
    Description,
    Matching,
    NumberRange,
    Numerical,
    MultipleChoice,
    Option,
    Ordering,
    Pair,
    Question,
    SectionRef,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
    Unit,
)
from course_tui.course.yamlsrc import YList, YMap


def text(value: Any) -> Text | None:
    return Text(value) if isinstance(value, dict) and value else None


def _options(q: YMap, report: Report, label: str) -> tuple[Option, ...] | None:
    options = q.get("options")
    if not options:
        return None
    out: list[Option] = []
    seen: dict[str, int] = {}
    for i, opt in enumerate(options):
        if not isinstance(opt, YMap) or opt.get("id") is None or opt.get("text") is None:
            return None
        if opt["id"] in seen:
            report.error("duplicate-id", f"{label}: option id {opt['id']!r} is used twice", opt.where("id"))
            return None
        seen[opt["id"]] = i
        out.append(Option(opt["id"], Text(opt["text"]), text(opt.get("feedback"))))
    return tuple(out)


def _duplicates(values: list[Text], languages: tuple[str, ...]) -> list[tuple[int, int]]:
    """Pairs (first, again) of indexes whose text is the same in some language."""
    found: dict[tuple[int, int], None] = {}  # ordered, and a set: thousands of equal options stay linear
    for lang in languages or ("",):
        keys = [" ".join(value(lang).split()).casefold() for value in values]
        if len(set(keys)) == len(keys):
            continue  # the common case: all different
        seen: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key in seen:
                found.setdefault((seen[key], i))
            seen.setdefault(key, i)
    return list(found)


def build_description(q: Any, path: str, position: int) -> Description | None:
    """A description (a passage between questions) from a checked mapping."""
    if not isinstance(q, YMap) or q.get("id") is None or q.get("text") is None:
        return None
    return Description(q["id"], Text(q["text"]), position, f"{path}:{q.pos.line}")


def _number_ranges(q: YMap, report: Report, label: str) -> tuple[NumberRange, ...] | None:
    out = []
    answers = q.get("answer") or ()
    for i, a in enumerate(answers):
        if not isinstance(a, YMap):
            return None
        where = answers.where(i) if isinstance(answers, YList) else q.pos
        written = a.key_pos
        if any(k in written and a.get(k) is None for k in ("value", "tolerance", "min", "max")):
            return None  # written but not a number: already reported, once
        low, high, value = a.get("min"), a.get("max"), a.get("value")
        if value is not None and (low is not None or high is not None):
            report.error("bad-value", f"{label}: answer {i + 1} gives both 'value' and 'min'/'max'; give one or the other", where)
            return None
        if value is None and (low is None or high is None):
            report.error("missing-field", f"{label}: answer {i + 1} needs 'value' (and an optional 'tolerance'), or both 'min' and 'max'", where)
            return None
        if value is None and low is not None and high is not None and low > high:
            report.error("bad-value", f"{label}: answer {i + 1} has 'min' {low:g} above 'max' {high:g}", where)
            return None
        feedback = text(a.get("feedback"))
        if value is None:
            out.append(NumberRange(low=low, high=high, feedback=feedback))
        else:
            out.append(NumberRange(value=value, tolerance=a.get("tolerance") or 0.0, feedback=feedback))
    return tuple(out) or None


def _units(q: YMap, report: Report, label: str) -> tuple[Unit, ...] | None:
    units = []
    seen: set[str] = set()
    for u in q.get("units") or ():
        if not isinstance(u, YMap) or u.get("unit") is None:
            return None
        name = " ".join(str(u["unit"]).split())
        if name.casefold() in seen:
            report.error("duplicate-id", f"{label}: unit {name!r} is listed twice", u.pos)
            return None
        multiplier = u.get("multiplier")
        if multiplier is not None and multiplier <= 0:
            report.error("bad-value", f"{label}: the multiplier of unit {name!r} must be above 0", u.pos)
            return None
        seen.add(name.casefold())
        units.append(Unit(name, float(multiplier) if multiplier is not None else 1.0))
    return tuple(units)


def build_question(q: Any, report: Report, path: str, languages: tuple[str, ...]) -> Question | None:
    """A model question from a checked mapping; None (after reporting) when inconsistent."""
    if not isinstance(q, YMap) or q.get("id") is None or q.get("prompt") is None:
        return None
    qid, kind = q["id"], q["type"]
    label = f"question {qid!r}"
    if q.get("explanation") is None:
        report.warning("no-explanation", f"{label} has no explanation: learners see only right/wrong", q.pos)
    section = SectionRef.parse(q["section"]) if q.get("section") else None
    if section is None:
        report.warning("no-section", f"{label} does not point to the lesson section it tests ('section: lesson#section')", q.pos)
    common = dict(
        id=qid,
        prompt=Text(q["prompt"]),
        explanation=text(q.get("explanation")),
        section=section,
        points=q.get("points", 1),
        source=f"{path}:{q.pos.line}",
        hint_text=text(q.get("hint")),
        tags=tuple(dict.fromkeys(q.get("tags") or ())),
    )
    if kind in ("single", "multiple"):
        options = _options(q, report, label)
        answer = q.get("answer")
        if options is None or answer is None:
            return None
        ids = [o.id for o in options]
        wanted = [answer] if kind == "single" else list(answer)
        where = q.where("answer")
        ok = True
        for i, aid in enumerate(wanted):
            if aid not in ids:
                apos = answer.where(i) if isinstance(answer, YList) else where
                report.error("answer-not-in-options", f"{label}: answer {aid!r} is not one of its options ({', '.join(ids)})", apos)
                ok = False
        if kind == "multiple" and len(set(wanted)) != len(wanted):
            report.warning("duplicate-answer", f"{label}: an option is listed twice in answer", where)
        for first, again in _duplicates([o.text for o in options], languages):
            report.warning("duplicate-option", f"{label}: options {ids[first]!r} and {ids[again]!r} have the same text", q.where("options"))
        if not ok:
            return None
        if kind == "single":
            return SingleChoice(**common, options=options, answer=answer, shuffle=q.get("shuffle", True))
        return MultipleChoice(**common, options=options, answer=frozenset(wanted), shuffle=q.get("shuffle", True))
    if kind == "true_false":
        if q.get("answer") is None:
            return None
        return TrueFalse(**common, answer=q["answer"], feedback_true=text(q.get("feedback_true")), feedback_false=text(q.get("feedback_false")))
    if kind == "short":
        answer = q.get("answer")
        if not answer:
            return None
        accepted = MappingProxyType({lang: tuple(values) for lang, values in answer.items()})
        return ShortAnswer(**common, answer=accepted, feedback_wrong=text(q.get("feedback_wrong")), match=q.get("match") or "normalized")
    if kind == "ordering":
        items = q.get("items")
        if not items or any(not isinstance(i, dict) for i in items):
            return None
        texts = [Text(i) for i in items]
        dups = _duplicates(texts, languages)
        for first, again in dups:
            report.error(
                "ordering-duplicate",
                f"{label}: items {first + 1} and {again + 1} have the same text, so their order cannot be checked",
                items.where(again),
            )
        if dups:
            return None
        return Ordering(**common, items=tuple(texts), feedback_wrong=text(q.get("feedback_wrong")))
    if kind == "matching":
        pairs = q.get("pairs")
        if not pairs or any(not isinstance(p, YMap) or p.get("left") is None or p.get("right") is None for p in pairs):
            return None
        built = tuple(Pair(Text(p["left"]), Text(p["right"])) for p in pairs)
        distractors = tuple(Text(d) for d in (q.get("distractors") or ()) if isinstance(d, dict))
        bad = False
        for first, again in _duplicates([p.left for p in built], languages):
            report.error("matching-duplicate", f"{label}: left items {first + 1} and {again + 1} are the same", pairs.where(again))
            bad = True
        rights = [p.right for p in built] + list(distractors)
        for first, again in _duplicates(rights, languages):
            report.error(
                "matching-duplicate",
                f"{label}: right-hand items {first + 1} and {again + 1} are the same, so a match would be ambiguous",
                pairs.where(again) if again < len(built) else q.where("distractors"),
            )
            bad = True
        if bad:
            return None
        return Matching(**common, pairs=built, distractors=distractors, feedback_wrong=text(q.get("feedback_wrong")), reuse=bool(q.get("reuse", False)))
    if kind == "numerical":
        ranges = _number_ranges(q, report, label)
        units = _units(q, report, label)
        if ranges is None or units is None:
            return None
        return Numerical(**common, answer=ranges, units=units, feedback_wrong=text(q.get("feedback_wrong")))
    return None  # pragma: no cover - the schema admits only the kinds above
