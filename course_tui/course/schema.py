"""A small declarative schema language for course files.

One description per file kind drives two things: the checks ``validate`` runs (with
positions, every problem at once) and the JSON Schemas shipped for editors
(:mod:`course_tui.course.schemas`). Checking returns a normalised copy of the value
(defaults filled in, text turned into ``{language: text}`` maps) or :data:`INVALID`.

A ``pos`` handed to a check is a :class:`Pos` or a position as :mod:`yamlsrc` stores it (a
parser mark); :class:`~course_tui.course.findings.Report` converts it when it reports.
Checked maps and lists share the position tables of the values they were checked from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from course_tui.course import limits
from course_tui.course.findings import Report
from course_tui.course.yamlsrc import Pos, YList, YMap

_dnew = dict.__new__
_lnew = list.__new__

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass
class Ctx:
    """What a check needs besides the value: where to report and the course languages."""

    report: Report
    languages: tuple[str, ...] = ()
    # Keys already known to be valid language keys of a Localized map (a speed-up: the
    # same few keys are checked hundreds of thousands of times in a big course).
    lang_ok: set[str] = field(default_factory=set)


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

    def numbers(self) -> str | None:
        """Which YAML numbers stand for their text here: "number" (any: a plain text),
        "id" (whole numbers of 0 or more: an id such as ``answer: 1``), or None (no number
        fits the pattern). The JSON Schema says the same (an editor and validate agree)."""
        if self.pattern is None:
            return "number"
        return "id" if self.pattern.match("0") else None

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and (self.pattern is None or value >= 0):
            value = str(value)
        elif isinstance(value, float) and self.pattern is None:
            value = str(value)
        if not isinstance(value, str):
            return self.wrong(value, pos, ctx, where)
        if not self.allow_empty and not value.strip():
            ctx.report.error("empty-value", f"{where} must not be empty", pos)
            return INVALID
        if limits.over(value, limits.MAX_TEXT_BYTES):
            ctx.report.error(
                "text-too-long",
                f"{where} is {len(value.encode()) / 1024:,.1f} KB; a text may be at most {limits.MAX_TEXT_BYTES // 1024} KB "
                "(the app shows it at once): shorten it, or move the detail into a lesson section",
                pos,
            )
            return INVALID
        if self.pattern and not self.pattern.match(value):
            ctx.report.error("bad-value", f"{where} {value!r} is not valid: {self.pattern_doc}", pos)
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        numbers = self.numbers()
        out: dict[str, Any] = {"type": ["string", "number"] if numbers == "number" else "string"}
        if not self.allow_empty:
            out["minLength"] = 1
        # JSON Schema counts characters, validate bytes: more characters than that many bytes
        # is surely too long (an editor never flags a text validate accepts)
        out["maxLength"] = limits.MAX_TEXT_BYTES
        if self.pattern:
            out["pattern"] = self.pattern.pattern
        if numbers == "id":
            return {"anyOf": [out, {"type": "integer", "minimum": 0}]}
        return out


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def Id() -> Str:
    return Str(ID_PATTERN, "use letters, digits, '-', '_' or '.', starting with a letter or digit")


class Int(Type):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.describe = "a whole number"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if isinstance(value, float) and value.is_integer():  # 3.0 is 3, as JSON Schema has it
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(value, pos, ctx, where)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
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


class Number(Type):
    """Any finite number, whole or decimal (``3``, ``2.5``, ``1e-3``)."""

    def __init__(self, minimum: float | None = None) -> None:
        self.minimum = minimum
        self.describe = "a number"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
            return self.wrong(value, pos, ctx, where)
        if self.minimum is not None and value < self.minimum:
            ctx.report.error("bad-value", f"{where} is {value}; it must be at least {self.minimum:g}", pos)
            return INVALID
        return float(value)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
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
            ctx.report.error("too-few-items", f"{where} needs at least {self.min_items} item(s), has {len(value)}", pos)
        out = _lnew(YList)
        if isinstance(value, YList) and len(value._ip) == len(value):
            out._at, out._ip = value._at, value._ip  # the same items at the same places
        else:
            out._at = value._at if isinstance(value, YList) else pos
            out._ip = [value.where(i) if isinstance(value, YList) else pos for i in range(len(value))]
        item_type, code, ips = self.item, _fast_code(self.item), out._ip
        for i, item in enumerate(value):
            checked = _fast_check(code, item_type, item, ctx)
            if checked is None:
                checked = item_type.check(item, ips[i], ctx, f"{where}[{i + 1}]")
            out.append(checked)
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
            plain_text = type(inner) is Str and inner.pattern is None
            allow_empty = type(inner) is Str and inner.allow_empty
            for key, item in value.items():
                if key not in lang_ok:
                    if not isinstance(key, str) or (langs and key not in langs) or not LANG_RE.match(key):
                        kpos = ymap._kp.get(key, pos) if ymap is not None else pos
                        known = ", ".join(langs) if langs else "language codes such as zh, en"
                        ctx.report.error("unknown-language", f"{where}: {key!r} is not a course language ({known})", kpos)
                        ok = False
                        continue
                    lang_ok.add(key)
                if plain_text and item.__class__ is str and (allow_empty or item.strip()) and len(item) * 4 <= _MAX_TEXT:
                    out[key] = item
                    continue
                vpos = _raw_where(ymap, key) if ymap is not None else pos
                checked = inner.check(item, vpos, ctx, f"{where}.{key}")
                if checked is INVALID:
                    ok = False
                out[key] = checked
            missing = [lang for lang in langs if lang not in value]
            if missing:
                ctx.report.error("missing-language", f"{where} has no {', '.join(missing)} version (the course declares {', '.join(langs)})", pos)
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


def _raw_where(ymap: YMap, key: Any) -> Any:
    """``ymap.where(key)`` as a stored position (see yamlsrc: converted only when reported)."""
    return ymap._vp.get(key) or ymap._kp.get(key) or ymap._at


# Fast paths (start-up time). A big course checks hundreds of thousands of values, nearly all
# valid and of a few kinds; for those, _fast_check returns what the type's check would
# return, without the call and the position and "where" text the call needs. Anything
# else (a wrong type, an empty or unknown value …) returns None and takes the full check,
# which reports it.
_SLOW, _STR, _PATTERN, _TEXT, _ENUM = range(5)
# Texts this short are within limits.MAX_TEXT_BYTES whatever their characters; a longer one
# takes the full check, which measures it.
_MAX_TEXT = limits.MAX_TEXT_BYTES


def _fast_code(kind: Type) -> int:
    if type(kind) is Str:
        return _STR if kind.pattern is None else _PATTERN
    if type(kind) is Localized and type(kind.inner) is Str and kind.inner.pattern is None:
        return _TEXT
    return _ENUM if type(kind) is Enum else _SLOW


def _fast_check(code: int, kind: Any, item: Any, ctx: Ctx) -> Any:
    # most common first: texts, then ids and references, plain text, enums
    if code == _TEXT:
        # {language: text}: every key a known course language, every text non-empty, and
        # (as the keys are distinct languages) all of them there when there are as many.
        if item.__class__ is YMap and (not ctx.languages or len(item) == len(ctx.languages)):
            lang_ok, allow_empty = ctx.lang_ok, kind.inner.allow_empty
            for key, text in item.items():
                if key not in lang_ok or text.__class__ is not str or not (allow_empty or text.strip()) or len(text) * 4 > _MAX_TEXT:
                    return None
            return dict(item)
    elif code == _PATTERN:
        if item.__class__ is str and (kind.allow_empty or item.strip()) and len(item) * 4 <= _MAX_TEXT and kind.pattern.match(item):
            return item
    elif code == _STR:
        if item.__class__ is str and (kind.allow_empty or item.strip()) and len(item) * 4 <= _MAX_TEXT:
            return item
    elif code == _ENUM and item in kind.values:
        return item
    return None


def _unknown_fields(value: dict[str, Any], ymap: YMap | None, pos: Pos, ctx: Ctx, where: str, fields: dict[str, Any]) -> None:
    for key in value:
        if key in fields:
            continue
        hint = difflib.get_close_matches(str(key), list(fields), 1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else f"; known fields: {', '.join(fields)}"
        kpos = ymap._kp.get(key, pos) if ymap else pos
        prefix = f"{where}: " if where else ""
        ctx.report.error("unknown-field", f"{prefix}unknown field {key!r}{extra}", kpos)


@dataclass
class Field:
    name: str
    type: Type
    doc: str
    required: bool = False
    default: Any = None
    missing_code: str = "missing-field"


def _plan(fields: dict[str, Field]) -> list[tuple[str, Type, int, Field]]:
    """How Obj checks each field: (name, type, fast-path code, the field)."""
    return [(f.name, f.type, _fast_code(f.type), f) for f in fields.values()]


class Obj(Type):
    def __init__(self, fields: Sequence[Field], doc: str = "", title: str = "") -> None:
        self.fields = {f.name: f for f in fields}
        self.plan = _plan(self.fields)
        self.doc = doc
        self.title = title
        self.describe = "a mapping (key: value)"

    def check(self, value: Any, pos: Pos, ctx: Ctx, where: str) -> Any:
        if not isinstance(value, dict):
            return self.wrong(value, pos, ctx, where)
        return self._check_fields(value, pos, ctx, where, self.fields, self.plan)

    @staticmethod
    def _check_fields(value: dict[str, Any], pos: Pos, ctx: Ctx, where: str, fields: dict[str, Field], plan: list[Any] | None = None) -> Any:
        if plan is None:
            plan = _plan(fields)
        ymap = value if isinstance(value, YMap) else None
        out = _dnew(YMap)
        out._at = ymap._at if ymap else pos
        if not value.keys() <= fields.keys():
            _unknown_fields(value, ymap, pos, ctx, where, fields)
        nulls = []  # fields given as null: they get no position in the checked map
        for name, kind, code, spec in plan:
            item = value.get(name)
            if item is None:
                if spec.required:
                    ctx.report.error(spec.missing_code, f"{where or 'this file'}: missing required field {name!r}", out._at)
                out[name] = spec.default
                if name in value:
                    nulls.append(name)
                continue
            checked = _fast_check(code, kind, item, ctx)
            if checked is None:
                vpos = _raw_where(ymap, name) if ymap is not None else pos
                checked = kind.check(item, vpos, ctx, f"{where}.{name}" if where else name)
            out[name] = spec.default if checked is INVALID else checked
        if ymap is None:
            out._kp, out._vp = {}, {}
        elif nulls:
            out._kp = {k: p for k, p in ymap._kp.items() if k not in nulls}
            out._vp = {k: p for k, p in ymap._vp.items() if k not in nulls}
        else:
            # Share the tables: where(name) of a field is the same in both maps (extra
            # entries for unknown keys are never asked for).
            out._kp, out._vp = ymap._kp, ymap._vp
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

    def __init__(self, discriminator: str, common: Sequence[Field], variants: Mapping[str, Sequence[Field]], doc: str = "", title: str = "") -> None:
        self.discriminator = discriminator
        self.common = list(common)
        self.variants = {k: list(v) for k, v in variants.items()}
        self.doc = doc
        self.title = title
        self.describe = "a mapping (key: value)"
        self._plans = {kind: (fields, _plan(fields)) for kind, fields in ((k, self.fields_for(k)) for k in self.variants)}

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
                ymap._at if ymap else pos,
            )
            return INVALID
        if isinstance(kind, (list, dict)) or kind not in self.variants:  # a list or map cannot be a kind (nor a dict key)
            Enum(*self.variants).check(
                kind, _raw_where(ymap, self.discriminator) if ymap else pos, ctx, f"{where}.{self.discriminator}" if where else self.discriminator
            )
            return INVALID
        fields, plan = self._plans[kind]
        return Obj._check_fields(value, pos, ctx, where, fields, plan)

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
