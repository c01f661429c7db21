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

    __slots__ = ("key_pos", "pos", "val_pos")

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

    __slots__ = ("item_pos", "pos")

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


_tnew = tuple.__new__
_dnew = dict.__new__
_lnew = list.__new__
_ScalarEvent, _MappingStart, _SequenceStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEnd, _SequenceEnd, _AliasEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
_DocumentStart, _StreamEnd = yaml.DocumentStartEvent, yaml.StreamEndEvent


def _not_allowed(tag: Any, pos: Pos) -> YamlProblem:
    return YamlProblem(f"the tag {tag!r} is not allowed (only plain YAML is allowed: no tags such as !!python/…)", pos, "yaml-tag")


def _alias(pos: Pos) -> YamlProblem:
    return YamlProblem("YAML anchors and aliases (&name / *name) are not supported in course files", pos, "yaml-alias")


def load_yaml(text: str, line_offset: int = 0) -> Loaded:
    """Parse one YAML document safely; raise :class:`YamlProblem` with a position.

    Built straight from libyaml's event stream: several times faster than PyYAML's
    composer/constructor, and nothing but plain maps, lists and scalars can come out.
    The loop is written for speed (it runs once per event of every course file): no
    helper calls on the common paths, positions built with ``tuple.__new__``.
    """
    duplicates: list[DuplicateKey] = []
    stack: list[Any] = []  # frames of the open containers below the current one
    root: Any = None
    documents = 0
    no_key = stack  # a unique marker object: the current mapping waits for a key
    # The current container: the object, whether it is a list, its position tables, and
    # for a mapping the key waiting for its value (or no_key).
    top: Any = None
    top_is_list = False
    top_a: Any = None  # YList.item_pos, or YMap.key_pos
    top_b: Any = None  # YMap.val_pos
    key: Any = no_key
    kpos: Any = None
    resolvers = _RESOLVERS
    scalar_tags = _SCALAR_TAGS
    plain_tags = _PLAIN_TAGS
    parser = _Base(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _ScalarEvent or cls is _MappingStart or cls is _SequenceStart:
                mark = event.start_mark
                pos = _tnew(Pos, (mark.line + 1 + line_offset, mark.column + 1))
                if event.anchor is not None:
                    raise _alias(pos)
                tag = event.tag
                if cls is _ScalarEvent:
                    value = event.value
                    if tag is None or tag == "!":
                        if event.implicit[0]:  # plain (unquoted): resolve like SafeLoader
                            tag = _STR
                            for candidate, regexp in resolvers.get(value[:1] if value else "", ()):
                                if regexp.match(value):
                                    tag = candidate
                                    break
                            if tag in scalar_tags:
                                value = scalar_tags[tag](yaml.ScalarNode(tag, value))
                    elif tag not in plain_tags:
                        raise _not_allowed(tag, pos)
                    elif tag in scalar_tags:
                        value = scalar_tags[tag](yaml.ScalarNode(tag, value))
                    # str, timestamps, merge keys and the like stay text
                else:
                    if tag not in plain_tags:
                        raise _not_allowed(tag, pos)
                    if cls is _MappingStart:
                        value = _dnew(YMap)
                        value.pos = pos
                        value.key_pos = {}
                        value.val_pos = {}
                    else:
                        value = _lnew(YList)
                        value.pos = pos
                        value.item_pos = []
                if top is None:
                    if stack or root is not None or documents:
                        raise YamlProblem("a course file holds one YAML document; remove the extra '---'", pos)
                    root = value
                    documents += 1
                elif top_is_list:
                    top.append(value)
                    top_a.append(pos)
                elif key is no_key:
                    if cls is not _ScalarEvent:
                        raise YamlProblem("a mapping key must be a plain value", pos)
                    key, kpos = value, pos
                else:
                    if key in top:
                        duplicates.append(DuplicateKey(key, kpos, top_a[key]))
                    top[key] = value
                    top_a[key] = kpos
                    top_b[key] = pos
                    key = no_key
                if cls is not _ScalarEvent:
                    stack.append((top, top_is_list, top_a, top_b, key, kpos))
                    top = value
                    if cls is _MappingStart:
                        top_is_list, top_a, top_b, key = False, value.key_pos, value.val_pos, no_key
                    else:
                        top_is_list, top_a, top_b = True, value.item_pos, None
            elif cls is _MappingEnd or cls is _SequenceEnd:
                top, top_is_list, top_a, top_b, key, kpos = stack.pop()
            elif cls is _StreamEnd:
                break
            elif cls is _AliasEvent:
                mark = event.start_mark
                raise _alias(Pos(mark.line + 1 + line_offset, mark.column + 1))
            elif cls is _DocumentStart and documents >= 1:
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
    finally:
        parser.dispose()
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
