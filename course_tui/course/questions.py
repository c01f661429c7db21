"""Turning a checked question mapping into a model question, with consistency checks."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from course_tui.course.findings import Report
from course_tui.course.model import (
    Matching,
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
    return None  # pragma: no cover - the schema admits only the kinds above
