"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`YMap` and sequences as :class:`YList`; both are ordinary
``dict``/``list`` objects that also carry the 1-based line and column of the container,
of each key and of each value, so later checks can report ``path:line:col``.

Only YAML's safe subset is ever constructed: unknown tags (``!!python/object`` …) are
errors, and so are anchors/aliases (they make "billion laughs" documents cheap to write
and are never needed in course files).

Positions are stored lazily (start-up time and memory): a container keeps the parser's own *mark* objects
(0-based ``line``/``column``, made by libyaml for every event anyway) and turns one into a
:class:`Pos` only when somebody asks (:func:`to_pos`, ``where``, ``pos``, ``key_pos`` …).
A valid course asks for a few positions per question, while it has dozens of values.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple

import yaml

from course_tui.safe_text import has_controls, inert

try:  # libyaml is much faster; fall back to the pure-Python parser
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader


class Pos(NamedTuple):
    """A 1-based line and column."""

    line: int
    col: int


def to_pos(at: Any) -> Pos:
    """A stored position as a :class:`Pos`: either already one, or a parser mark (0-based)."""
    if at.__class__ is Pos:
        return at
    return Pos(at.line + 1, at.column + 1)


class YMap(dict[Any, Any]):
    """A mapping with positions: ``pos`` of the mapping, ``key_pos[k]``, ``val_pos[k]``.

    ``pos`` can be set; ``key_pos`` and ``val_pos`` are read-only views (new dicts of
    :class:`Pos`). Internally ``_at``, ``_kp`` and ``_vp`` hold the stored (possibly
    unconverted) positions; the schema checker shares them between a raw map and its
    checked copy.
    """

    __slots__ = ("_at", "_kp", "_vp")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at: Any = Pos(1, 1)
        self._kp: dict[Any, Any] = {}
        self._vp: dict[Any, Any] = {}

    @property
    def pos(self) -> Pos:
        return to_pos(self._at)

    @pos.setter
    def pos(self, value: Pos) -> None:
        self._at = value

    @property
    def key_pos(self) -> dict[Any, Pos]:
        return {k: to_pos(v) for k, v in self._kp.items()}

    @property
    def val_pos(self) -> dict[Any, Pos]:
        return {k: to_pos(v) for k, v in self._vp.items()}

    def where(self, key: Any) -> Pos:
        """Position of the value under *key*, else of the key, else of the mapping."""
        return to_pos(self._vp.get(key) or self._kp.get(key) or self._at)


class YList(list[Any]):
    """A sequence with positions: ``pos`` of the sequence, ``item_pos[i]``.

    ``item_pos`` is a read-only view (a new list of :class:`Pos`); ``_ip`` is the stored list.
    """

    __slots__ = ("_at", "_ip")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._at: Any = Pos(1, 1)
        self._ip: list[Any] = []

    @property
    def pos(self) -> Pos:
        return to_pos(self._at)

    @pos.setter
    def pos(self, value: Pos) -> None:
        self._at = value

    @property
    def item_pos(self) -> list[Pos]:
        return [to_pos(at) for at in self._ip]

    def where(self, index: int) -> Pos:
        if 0 <= index < len(self._ip):
            return to_pos(self._ip[index])
        return to_pos(self._at)


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


def _resolve_plain(value: str) -> Any:
    """An unquoted scalar as SafeLoader reads it: int, float, bool, null, or the text."""
    for tag, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
        if regexp.match(value):
            construct = _SCALAR_TAGS.get(tag)
            # timestamps, merge keys and the like stay text
            return construct(yaml.ScalarNode(tag, value)) if construct else value
    return value


# Short unquoted scalars seen lately and what they resolved to. Keys, ids and words such
# as ``type``, ``text``, ``options`` or ``true`` repeat thousands of times in a big course,
# and resolving one tries up to three regular expressions. The values are immutable, so
# sharing them is safe. Only texts of up to _PLAIN_LEN characters are kept, and the cache
# is emptied when it grows past _PLAIN_MAX entries: it stays small (about 1 MB at most).
_PLAIN: dict[str, Any] = {}
_PLAIN_MAX = 10_000
_PLAIN_LEN = 40
_MISS = object()

_dnew = dict.__new__
_lnew = list.__new__
_ScalarEvent, _MappingStart, _SequenceStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEnd, _SequenceEnd, _AliasEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
_DocumentStart, _StreamEnd = yaml.DocumentStartEvent, yaml.StreamEndEvent


# How deep lists and mappings may nest (a course file needs about six levels). libyaml stops
# at 1,000 itself, but other builds may not, and the checks after loading walk the values:
# a bound of our own keeps every file cheap to check, whoever wrote it.
MAX_DEPTH = 64


def _not_allowed(tag: Any, at: Any) -> YamlProblem:
    return YamlProblem(f"the tag {tag!r} is not allowed (only plain YAML is allowed: no tags such as !!python/…)", to_pos(at), "yaml-tag")


def _alias(at: Any) -> YamlProblem:
    return YamlProblem("YAML anchors and aliases (&name / *name) are not supported in course files", to_pos(at), "yaml-alias")


def _scalar_value(event: Any, at: Any) -> Any:
    """The value of a scalar event that has a tag (rare in course files)."""
    value, tag = event.value, event.tag
    if tag == "!":
        return _resolve_plain(value) if event.implicit[0] else value
    if tag not in _PLAIN_TAGS:
        raise _not_allowed(tag, at)
    construct = _SCALAR_TAGS.get(tag)
    return construct(yaml.ScalarNode(tag, value)) if construct else value


# libyaml's messages, in words a trainer can act on: (what the message starts with, the
# rephrasing); "{line}" is the line where the construct began (the error's context).
_REPHRASED = (
    ("found a tab character", "a tab is used for indentation here; YAML indents with spaces only"),
    ("did not find expected ',' or ']'", "a list in [ ] is not closed, or two of its items lack a comma between them (the list opens on line {line})"),
    ("did not find expected ',' or '}'", "a mapping in { } is not closed, or two of its entries lack a comma between them (it opens on line {line})"),
    ("mapping values are not allowed", "a ': ' inside a value: put the whole value in quotes (\"…\")"),
    (
        "did not find expected '-' indicator",
        "this line does not continue the list that starts on line {line}: start each item with '- ' at the same indentation",
    ),
    (
        "did not find expected key",
        "this line's indentation does not fit the lines above (the block starts on line {line}): indent each key of a mapping by the same spaces",
    ),
    ("could not find expected ':'", "a key needs ': ' after it (the key starts on line {line}); a text with several lines needs quotes or '|'"),
    ("found unexpected end of stream", "a quoted text is not closed (it opens on line {line})"),
    ("found unknown escape character", "a backslash escape that YAML does not know inside double quotes: write \\\\ for a backslash, or use single quotes"),
    ("expected <block end>", "the indentation does not match the lines above (the block starts on line {line})"),
    ("found undefined alias", "YAML anchors and aliases (&name / *name) are not supported in course files"),
)


def _rephrase(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> str:
    """One plain sentence for a YAML syntax error; PyYAML's own words only as a last resort."""
    mark = exc.problem_mark or exc.context_mark
    raw = (exc.problem or exc.context or "invalid YAML").strip()
    line = (exc.context_mark or mark).line + 1 + line_offset if (exc.context_mark or mark) else 1 + line_offset
    if mark is not None and raw.startswith("found character that cannot start any token"):
        lines = text.split("\n")
        here = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        if here == "\t":
            return "a tab is used for indentation here; YAML indents with spaces only"
        return (
            f'a value cannot start with {here!r}: put the whole value in quotes ("…")'
            if here.strip()
            else "this character cannot start a value: put the value in quotes"
        )
    for start, words in _REPHRASED:
        if raw.startswith(start):
            return words.replace("{line}", str(line))
    if exc.problem and exc.context and exc.context_mark is not None:
        raw = f"{raw} ({exc.context.strip()} on line {line})"
    return f"invalid YAML: {raw}"


def load_yaml(text: str, line_offset: int = 0) -> Loaded:
    """Parse one YAML document safely; raise :class:`YamlProblem` with a position.

    Built straight from libyaml's event stream: several times faster than PyYAML's
    composer/constructor, and nothing but plain maps, lists and scalars can come out.
    The loop is written for speed (it runs once per event of every course file): no
    helper calls on the common paths, and each position is the event's own start mark
    (a :class:`Pos` is made only with a *line_offset*, i.e. for lesson front matter).
    """
    duplicates: list[DuplicateKey] = []
    controls: list[Pos] = []
    escapes = "\\" in text  # only an escape in a double-quoted text can make a control character
    stack: list[Any] = []  # frames of the open containers below the current one
    documents = 0
    no_key = stack  # a unique marker object: the current mapping waits for a key
    # The current container: the object, whether it is a list, its position tables, and
    # for a mapping the key waiting for its value (or no_key). At the top level it is
    # ``holder``, a list that receives the document's root value.
    holder: list[Any] = []
    top: Any = holder
    top_is_list = True
    top_a: Any = []  # YList._ip, or YMap._kp
    top_b: Any = None  # YMap._vp
    key: Any = no_key
    kpos: Any = None
    plain = _PLAIN
    if len(plain) > _PLAIN_MAX:
        plain.clear()
    miss = _MISS
    parser = _Base(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _ScalarEvent:
                at = event.start_mark if not line_offset else _pos(event.start_mark, line_offset)
                if event.anchor is not None:
                    raise _alias(at)
                value = event.value
                if escapes and event.style == '"' and has_controls(value):
                    # an escape (\e, \x1b, \u009b …) in a double-quoted text made a control
                    # character that the file's own text did not show (sources.py made those
                    # inert): made inert here too, and reported by the caller
                    value = inert(value)
                    controls.append(to_pos(at))
                if event.tag is not None:
                    value = _scalar_value(event, at)
                elif event.implicit[0]:  # plain (unquoted): resolve like SafeLoader
                    resolved = plain.get(value, miss)
                    if resolved is miss:
                        resolved = _resolve_plain(value)
                        if len(value) <= _PLAIN_LEN:
                            plain[value] = resolved
                    value = resolved
                if top_is_list:
                    top.append(value)
                    top_a.append(at)
                elif key is no_key:
                    key, kpos = value, at
                else:
                    if key in top:
                        duplicates.append(DuplicateKey(key, to_pos(kpos), to_pos(top_a[key])))
                    top[key] = value
                    top_a[key] = kpos
                    top_b[key] = at
                    key = no_key
            elif cls is _MappingStart or cls is _SequenceStart:
                at = event.start_mark if not line_offset else _pos(event.start_mark, line_offset)
                if event.anchor is not None:
                    raise _alias(at)
                if event.tag not in _PLAIN_TAGS:
                    raise _not_allowed(event.tag, at)
                if cls is _MappingStart:
                    value = _dnew(YMap)
                    value._at = at
                    value._kp = {}
                    value._vp = {}
                else:
                    value = _lnew(YList)
                    value._at = at
                    value._ip = []
                if top_is_list:
                    top.append(value)
                    top_a.append(at)
                elif key is no_key:
                    raise YamlProblem("a mapping key must be a plain value", to_pos(at))
                else:
                    if key in top:
                        duplicates.append(DuplicateKey(key, to_pos(kpos), to_pos(top_a[key])))
                    top[key] = value
                    top_a[key] = kpos
                    top_b[key] = at
                    key = no_key
                # A container is always placed as a list item or a map value, so the
                # parent frame has no key waiting: it resumes with no_key.
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"the YAML is nested more than {MAX_DEPTH} levels deep; course files need a few", to_pos(at), "yaml-nesting")
                stack.append((top, top_is_list, top_a, top_b))
                top = value
                if cls is _MappingStart:
                    top_is_list, top_a, top_b = False, value._kp, value._vp
                else:
                    top_is_list, top_a, top_b = True, value._ip, None
            elif cls is _MappingEnd or cls is _SequenceEnd:
                top, top_is_list, top_a, top_b = stack.pop()
                key = no_key
            elif cls is _StreamEnd:
                break
            elif cls is _AliasEvent:
                raise _alias(_pos(event.start_mark, line_offset))
            elif cls is _DocumentStart:
                # Every document has a root node, so a second start means a second document.
                if documents >= 1:
                    mark = event.start_mark
                    raise YamlProblem("a course file holds one YAML document; remove the extra '---'", Pos(mark.line + 1 + line_offset, 1))
                documents += 1
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(_rephrase(exc, text, line_offset), _pos(mark, line_offset)) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(f"invalid YAML: {exc}", Pos(1 + line_offset, 1)) from None
    finally:
        parser.dispose()
    return Loaded(holder[0] if holder else None, duplicates, controls)


class Loaded(NamedTuple):
    value: Any
    duplicates: list[DuplicateKey]
    controls: list[Pos] = []  # where an escape made a control character (now a placeholder)


def plain(value: Any) -> Any:
    """Strip position information: YMap/YList become dict/list (recursively)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value
