"""A small declarative schema language for course files.

One description per file kind drives two things: the checks ``validate`` runs (with
positions, every problem at once) and the JSON Schemas shipped for editors
(:mod:`course_tui.course.schemas`). Checking returns a normalised copy of the value
(defaults filled in, text turned into ``{language: text}`` maps) or :data:`INVALID`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from course_tui.course.findings import Report
from course_tui.course.yamlsrc import Pos, YList, YMap

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass
class Ctx:
    """What a check needs besides the value: where to report and the course languages."""

    report: Report
    languages: tuple[str, ...] = ()
    # Keys already known to be valid language keys of a Localized map (a speed-up: the
    # same few keys are checked hundreds of thousands of times in a big course).
    lang_ok: set = field(default_factory=set)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class Type:
    """Base of all schema types."""

    describe = "a value"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        ctx.report.error("wrong-type", f"{where} must be {self.describe}, not {_type_name(value)}", pos)
        return INVALID


class Str(Type):
    def __init__(self, pattern: str | None = None, pattern_doc: str = "", allow_empty: bool = False) -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_doc = pattern_doc
        self.allow_empty = allow_empty
        self.describe = "text"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return self.wrong(value, pos, ctx, where)
        if not self.allow_empty and not value.strip():
            ctx.report.error("empty-value", f"{where} must not be empty", pos)
            return INVALID
        if self.pattern and not self.pattern.match(value):
            ctx.report.error("bad-value", f"{where} {value!r} is not valid: {self.pattern_doc}", pos)
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if not self.allow_empty:
            out["minLength"] = 1
        if self.pattern:
            out["pattern"] = self.pattern.pattern
        return out


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def Id() -> Str:
    return Str(ID_PATTERN, "use letters, digits, '-', '_' or '.', starting with a letter or digit")


class Int(Type):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.describe = "a whole number"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(value, pos, ctx, where)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            lo = "" if self.minimum is None else f"at least {self.minimum}"
            hi = "" if self.maximum is None else f"at most {self.maximum}"
            ctx.report.error("bad-value", f"{where} is {value}; it must be {' and '.join(filter(None, (lo, hi)))}", pos)
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Bool(Type):
    describe = "true or false"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        return value if isinstance(value, bool) else self.wrong(value, pos, ctx, where)

    def json(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Enum(Type):
    def __init__(self, *values: str) -> None:
        self.values = values
        self.describe = "one of " + ", ".join(values)

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if value not in self.values:
            hint = difflib.get_close_matches(str(value), self.values, 1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            ctx.report.error("bad-value", f"{where} is {value!r}; it must be {self.describe}{extra}", pos)
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0) -> None:
        self.item = item
        self.min_items = min_items
        self.describe = "a list"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if not isinstance(value, list):
            return self.wrong(value, pos, ctx, where)
        if len(value) < self.min_items:
            ctx.report.error(
                "too-few-items", f"{where} needs at least {self.min_items} item(s), has {len(value)}", pos
            )
        out = YList()
        out.pos = getattr(value, "pos", pos)
        for i, item in enumerate(value):
            ipos = value.where(i) if isinstance(value, YList) else pos
            checked = self.item.check(item, ipos, ctx, f"{where}[{i + 1}]")
            out.append(checked)
            out.item_pos.append(ipos)
        return out

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


class Localized(Type):
    """A value given once for every language, or as ``{language: value}``.

    In a course with several languages a map must name each of them (a missing one is an
    error); a plain value is allowed only where ``plain_ok`` (otherwise it is a warning,
    because every language would show the same words).
    """

    def __init__(self, inner: Type, plain_ok: bool = False) -> None:
        self.inner = inner
        self.plain_ok = plain_ok
        self.describe = f"{inner.describe} or a map of language to {inner.describe}"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        langs = ctx.languages
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            ok = True
            ymap = value if isinstance(value, YMap) else None
            lang_ok = ctx.lang_ok
            inner = self.inner
            # the common case, plain non-empty text, is checked here without a call
            plain_text = inner.__class__ is Str and inner.pattern is None
            for key, item in value.items():
                if key not in lang_ok:
                    if not isinstance(key, str) or (langs and key not in langs) or not LANG_RE.match(key):
                        kpos = ymap.key_pos.get(key, pos) if ymap is not None else pos
                        known = ", ".join(langs) if langs else "language codes such as zh, en"
                        ctx.report.error("unknown-language", f"{where}: {key!r} is not a course language ({known})", kpos)
                        ok = False
                        continue
                    lang_ok.add(key)
                if plain_text and item.__class__ is str and (inner.allow_empty or item.strip()):
                    out[key] = item
                    continue
                vpos = ymap.where(key) if ymap is not None else pos
                checked = inner.check(item, vpos, ctx, f"{where}.{key}")
                if checked is INVALID:
                    ok = False
                out[key] = checked
            missing = [lang for lang in langs if lang not in value]
            if missing:
                ctx.report.error(
                    "missing-language", f"{where} has no {', '.join(missing)} version (the course declares {', '.join(langs)})", pos
                )
                ok = False
            return out if ok else INVALID
        checked = self.inner.check(value, pos, ctx, where)
        if checked is INVALID:
            return INVALID
        if len(langs) > 1 and not self.plain_ok:
            ctx.report.warning(
                "not-localized",
                f"{where} is given once for all languages ({', '.join(langs)}); write {{{langs[0]}: …, {langs[1]}: …}} to translate it",
                pos,
            )
        return {lang: checked for lang in (langs or ("",))}

    def json(self) -> dict[str, Any]:
        inner = self.inner.json()
        return {
            "anyOf": [
                inner,
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANG_RE.pattern},
                    "additionalProperties": inner,
                    "minProperties": 1,
                },
            ]
        }


def Text() -> Localized:
    return Localized(Str())


@dataclass
class Field:
    name: str
    type: Type
    doc: str
    required: bool = False
    default: Any = None
    missing_code: str = "missing-field"


class Obj(Type):
    def __init__(self, fields: Sequence[Field], doc: str = "", title: str = "") -> None:
        self.fields = {f.name: f for f in fields}
        self.doc = doc
        self.title = title
        self.describe = "a mapping (key: value)"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if not isinstance(value, dict):
            return self.wrong(value, pos, ctx, where)
        return self._check_fields(value, pos, ctx, where, self.fields, ())

    @staticmethod
    def _check_fields(
        value: dict, pos: Pos, ctx: Ctx, where: str, fields: dict[str, Field], extra_ok: Sequence[str]
    ) -> Any:
        out = YMap()
        ymap = value if isinstance(value, YMap) else None
        out.pos = ymap.pos if ymap else pos
        for key in value:
            if key in fields or key in extra_ok:
                continue
            hint = difflib.get_close_matches(str(key), list(fields), 1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else f"; known fields: {', '.join(fields)}"
            kpos = ymap.key_pos.get(key, pos) if ymap else pos
            prefix = f"{where}: " if where else ""
            ctx.report.error("unknown-field", f"{prefix}unknown field {key!r}{extra}", kpos)
        if ymap is not None:
            key_pos, val_pos, out_kp, out_vp = ymap.key_pos, ymap.val_pos, out.key_pos, out.val_pos
        for name, spec in fields.items():
            item = value.get(name)
            if item is None:
                if spec.required:
                    ctx.report.error(spec.missing_code, f"{where or 'this file'}: missing required field {name!r}", out.pos)
                out[name] = spec.default
                continue
            if ymap is not None:
                vpos = val_pos.get(name) or key_pos.get(name) or ymap.pos
            else:
                vpos = pos
            kind = spec.type
            if kind.__class__ is Str and item.__class__ is str and kind.pattern is None and (kind.allow_empty or item.strip()):
                checked = item  # plain text: what Str.check would return, without the call
            else:
                checked = kind.check(item, vpos, ctx, f"{where}.{name}" if where else name)
            out[name] = spec.default if checked is INVALID else checked
            if ymap is not None:
                out_kp[name] = key_pos.get(name, vpos)
                out_vp[name] = vpos
        return out

    def json(self) -> dict[str, Any]:
        return _object_json(self.fields.values(), self.doc, self.title)


def _object_json(fields: Any, doc: str = "", title: str = "") -> dict[str, Any]:
    props: dict[str, Any] = {}
    for f in fields:
        prop = dict(f.type.json())
        prop["description"] = f.doc
        if f.default is not None:
            prop["default"] = f.default
        props[f.name] = prop
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    if title:
        out["title"] = title
    if doc:
        out["description"] = doc
    return out


class Union(Type):
    """A mapping whose ``discriminator`` field selects which further fields apply."""

    def __init__(self, discriminator: str, common: Sequence[Field], variants: dict[str, Sequence[Field]], doc: str = "", title: str = "") -> None:
        self.discriminator = discriminator
        self.common = list(common)
        self.variants = {k: list(v) for k, v in variants.items()}
        self.doc = doc
        self.title = title
        self.describe = "a mapping (key: value)"

    def fields_for(self, kind: str) -> dict[str, Field]:
        fields = [Field(self.discriminator, Enum(*self.variants), "Which kind this is.", required=True)]
        return {f.name: f for f in fields + self.common + self.variants[kind]}

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if not isinstance(value, dict):
            return self.wrong(value, pos, ctx, where)
        ymap = value if isinstance(value, YMap) else None
        kind = value.get(self.discriminator)
        if kind is None:
            ctx.report.error(
                "missing-field",
                f"{where or 'this file'}: missing required field {self.discriminator!r} ({', '.join(self.variants)})",
                ymap.pos if ymap else pos,
            )
            return INVALID
        if kind not in self.variants:
            Enum(*self.variants).check(kind, ymap.where(self.discriminator) if ymap else pos, ctx, f"{where}.{self.discriminator}" if where else self.discriminator)
            return INVALID
        return Obj._check_fields(value, pos, ctx, where, self.fields_for(kind), ())

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "required": [self.discriminator],
            "properties": {self.discriminator: {"enum": list(self.variants)}},
            "allOf": [
                {
                    "if": {"properties": {self.discriminator: {"const": kind}}},
                    "then": _object_json(self.fields_for(kind).values()),
                }
                for kind in self.variants
            ],
        }
        if self.title:
            out["title"] = self.title
        if self.doc:
            out["description"] = self.doc
        return out
