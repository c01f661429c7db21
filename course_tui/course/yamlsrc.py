"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`YMap` and sequences as :class:`YList`; both are ordinary
``dict``/``list`` objects that also carry the 1-based line and column of the container,
of each key and of each value, so later checks can report ``path:line:col``.

Only YAML's safe subset is ever constructed: unknown tags (``!!python/object`` …) are
errors, and so are anchors/aliases (they make "billion laughs" documents cheap to write
and are never needed in course files).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple

import yaml

try:  # libyaml is much faster; fall back to the pure-Python parser
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader  # type: ignore[misc]


class Pos(NamedTuple):
    """A 1-based line and column."""

    line: int
    col: int


class YMap(dict):
    """A mapping with positions: ``pos`` of the mapping, ``key_pos[k]``, ``val_pos[k]``."""

    __slots__ = ("pos", "key_pos", "val_pos")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pos = Pos(1, 1)
        self.key_pos: dict[Any, Pos] = {}
        self.val_pos: dict[Any, Pos] = {}

    def where(self, key: Any) -> Pos:
        """Position of the value under *key*, else of the key, else of the mapping."""
        return self.val_pos.get(key) or self.key_pos.get(key) or self.pos


class YList(list):
    """A sequence with positions: ``pos`` of the sequence, ``item_pos[i]``."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.pos = Pos(1, 1)
        self.item_pos: list[Pos] = []

    def where(self, index: int) -> Pos:
        if 0 <= index < len(self.item_pos):
            return self.item_pos[index]
        return self.pos


class YamlProblem(Exception):
    """A YAML document that cannot be used, with where and why."""

    def __init__(self, message: str, pos: Pos, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.code = code


class DuplicateKey(NamedTuple):
    key: Any
    pos: Pos
    first: Pos


def _pos(mark: Any, line_offset: int) -> Pos:
    if mark is None:
        return Pos(1 + line_offset, 1)
    return Pos(mark.line + 1 + line_offset, mark.column + 1)


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}
_PLAIN_TAGS = {None, "!", _STR, *_SCALAR_TAGS, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _scalar(event: Any, pos: Pos) -> Any:
    """The value of a scalar event, resolved like PyYAML's SafeLoader (dates stay text)."""
    value = event.value
    tag = event.tag
    if tag not in _PLAIN_TAGS:
        raise YamlProblem(
            f"the tag {tag!r} is not allowed (only plain YAML is allowed: no tags such as !!python/…)", pos, "yaml-tag"
        )
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted
            return value
        tag = _STR
        for candidate, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
            if regexp.match(value):
                tag = candidate
                break
    if tag in _SCALAR_TAGS:
        return _SCALAR_TAGS[tag](yaml.ScalarNode(tag, value))
    return value  # str, timestamps, merge keys and the like stay text


def load_yaml(text: str, line_offset: int = 0) -> "Loaded":
    """Parse one YAML document safely; raise :class:`YamlProblem` with a position.

    Built straight from libyaml's event stream: several times faster than PyYAML's
    composer/constructor, and nothing but plain maps, lists and scalars can come out.
    """
    duplicates: list[DuplicateKey] = []
    stack: list[Any] = []  # open containers
    pending_key: list[Any] = []  # for each open mapping: the key waiting for its value (or a marker)
    root: Any = None
    documents = 0
    no_key = pending_key  # a unique marker object
    try:
        for event in yaml.parse(text, Loader=_Base):
            cls = event.__class__
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                mark = event.start_mark
                pos = Pos(mark.line + 1 + line_offset, mark.column + 1)
                if event.anchor is not None:
                    raise YamlProblem("YAML anchors and aliases (&name / *name) are not supported in course files", pos, "yaml-alias")
                if cls is yaml.ScalarEvent:
                    value = _scalar(event, pos)
                else:
                    if event.tag not in _PLAIN_TAGS:
                        raise YamlProblem(
                            f"the tag {event.tag!r} is not allowed (only plain YAML is allowed: no tags such as !!python/…)",
                            pos,
                            "yaml-tag",
                        )
                    value = YMap() if cls is yaml.MappingStartEvent else YList()
                    value.pos = pos
                if not stack:
                    root = value
                    documents += 1
                    if documents > 1:
                        raise YamlProblem("a course file holds one YAML document; remove the extra '---'", pos)
                else:
                    parent = stack[-1]
                    if parent.__class__ is YList:
                        parent.append(value)
                        parent.item_pos.append(pos)
                    elif pending_key[-1] is no_key:
                        if cls is not yaml.ScalarEvent:
                            raise YamlProblem("a mapping key must be a plain value", pos)
                        pending_key[-1] = (value, pos)
                    else:
                        key, kpos = pending_key[-1]
                        if key in parent:
                            duplicates.append(DuplicateKey(key, kpos, parent.key_pos[key]))
                        parent[key] = value
                        parent.key_pos[key] = kpos
                        parent.val_pos[key] = pos
                        pending_key[-1] = no_key
                if cls is not yaml.ScalarEvent:
                    stack.append(value)
                    pending_key.append(no_key)
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
                pending_key.pop()
            elif cls is yaml.AliasEvent:
                mark = event.start_mark
                raise YamlProblem(
                    "YAML anchors and aliases (&name / *name) are not supported in course files",
                    Pos(mark.line + 1 + line_offset, mark.column + 1),
                    "yaml-alias",
                )
            elif cls is yaml.DocumentStartEvent and documents >= 1:
                mark = event.start_mark
                raise YamlProblem("a course file holds one YAML document; remove the extra '---'", Pos(mark.line + 1 + line_offset, 1))
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.problem and exc.context and exc.context_mark is not None:
            problem = f"{problem} ({exc.context.strip()} on line {exc.context_mark.line + 1 + line_offset})"
        raise YamlProblem(problem, _pos(mark, line_offset)) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(f"invalid YAML: {exc}", Pos(1 + line_offset, 1)) from None
    return Loaded(root, duplicates)


class Loaded(NamedTuple):
    value: Any
    duplicates: list[DuplicateKey]


def plain(value: Any) -> Any:
    """Strip position information: YMap/YList become dict/list (recursively)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value
