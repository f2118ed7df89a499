"""Plain data straight from libyaml's events: the quick reader behind store.read and header.

libyaml (the C parser ruamel ships as ruamel.yaml.clibz) parses a response in well
under a millisecond, but ruamel's own loaders then pass every event through Python
node and constructor objects, which costs ten times the parse. Here each event
becomes its value in one step: mappings become dicts, sequences lists, and plain
scalars are typed by ruamel's own YAML 1.2 rules (the regular expressions of its
resolver, its constructors for numbers and dates), so a good file gives exactly
the data the careful reader gives.

Anything unusual — an anchor, an alias, a tag, a merge key, a duplicate key, a
complex key, nesting deeper than MAX_DEPTH, more than one document, a value its
constructor refuses, or no C parser at all — returns None, and the caller reads
the file with the careful round-trip reader, which names the problem by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

MAX_DEPTH = 64  # as store.MAX_DEPTH: responses nest a handful of levels

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Unusual(Exception):
    """Something the careful reader should look at."""


_tools: tuple[Any, ...] | None = None


def _load_tools() -> tuple[Any, ...] | None:
    global _tools
    if _tools is None:
        try:
            from ruamel.yaml import YAML, events
            from ruamel.yaml.cyaml import CParser
            from ruamel.yaml.resolver import Resolver
        except ImportError:  # no C parser on this platform: always the careful reader
            _tools = ()
            return None
        # The safe loader's own constructor, for the few numbers and dates in a file.
        constructor = YAML(typ="safe", pure=True).constructor
        _tools = (CParser, events, Resolver.yaml_implicit_resolvers, constructor)
    return _tools or None


def load(text: str, wanted: Collection[str] | None = None) -> Any:
    """The document in ``text`` as plain data, or None when it is unusual (see above).

    With ``wanted``, only those top-level keys are built, and reading stops as soon as
    all of them have been seen: the rest of the file is not even parsed.
    """
    tools = _load_tools()
    if tools is None:
        return None
    try:
        return _build(tools, text, wanted)
    except Exception:  # _Unusual, a syntax error, a constructor's refusal: the careful path
        return None


def _build(tools: tuple[Any, ...], text: str, wanted: Collection[str] | None) -> Any:
    parser_class, ev, implicit, constructor = tools
    scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
    map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
    every, starts = None in implicit, frozenset(implicit)
    parser = parser_class(text)
    get = parser.get_event
    get()  # stream start
    if type(get()) is not ev.DocumentStartEvent:
        return None  # an empty stream
    no_key = _Unusual  # a sentinel no YAML value can be
    stack: list[Any] = []  # the open dicts and lists, outermost first
    keys: list[Any] = []  # for each open dict, the key waiting for its value
    found: set[str] = set()
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = event.value
            # Most plain scalars are words no typing rule starts with: skip the call.
            if event.implicit[0] and (every or value[:1] in starts) and value not in _WORDS:
                value = _typed(value, implicit, constructor)
        elif kind is map_start or kind is seq_start:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                raise _Unusual
            value = {} if kind is map_start else []
        elif kind is map_end or kind is seq_end:
            if type(stack.pop()) is dict:
                keys.pop()
            if not stack:
                break
            if wanted is not None and len(stack) == 1 and len(found) == len(wanted):
                return root  # every wanted key has its value: the rest need not be read
            continue
        elif kind is alias_event:
            raise _Unusual
        else:  # the document ended on a single scalar
            break
        if not stack:
            root = value
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif keys[-1] is no_key:  # a key
            if isinstance(value, dict | list) or value == "<<" or value in stack[-1]:
                raise _Unusual  # a complex, merge or duplicate key
            if wanted is not None and len(stack) == 1:
                if value not in wanted:
                    _skip(get, ev)
                    continue
                found.add(value)
            keys[-1] = value
            continue
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = no_key
        if type(value) is dict:
            stack.append(value)
            keys.append(no_key)
        elif type(value) is list:
            stack.append(value)
        elif not stack:
            break  # the whole document is one scalar
        elif wanted is not None and len(stack) == 1 and len(found) == len(wanted):
            return root
    if wanted is None:
        if type(get()) is not ev.DocumentEndEvent or type(get()) is not ev.StreamEndEvent:
            raise _Unusual  # more than one document
    return root


def _skip(get: Any, ev: Any) -> None:
    """Pass over one value's events without building it (refusing aliases and anchors)."""
    depth = 0
    while True:
        event = get()
        kind = type(event)
        if kind is ev.AliasEvent or getattr(event, "anchor", None) is not None:
            raise _Unusual
        if kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise _Unusual
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            depth -= 1
        if depth == 0:
            return


def _typed(value: str, implicit: dict, constructor: Any) -> Any:
    """A plain scalar's value by ruamel's YAML 1.2 rules (the same regular expressions)."""
    for tag, regexp in implicit.get(value[:1], []) + implicit.get(None, []):
        if regexp.match(value):
            return _construct(tag, value, constructor)
    if len(value) <= 30 and len(_WORDS) < 10_000:
        _WORDS.add(value)  # keys such as "text" and "findings" come again and again
    return value


_WORDS: set[str] = set()  # short plain scalars already found to be plain text


def _construct(tag: str, value: str, constructor: Any) -> Any:
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    # The two typed values every response has, without the constructor's regular expressions.
    if tag == _TIMESTAMP and len(value) == 10 and value[4] == "-" == value[7]:
        return dt.date.fromisoformat(value)  # an impossible date raises: the careful path
    if tag == _INT and value.isascii() and value.isdigit():
        return int(value)
    from ruamel.yaml.nodes import ScalarNode

    method = constructor.yaml_constructors.get(tag)
    if method is None:
        raise _Unusual
    return method(constructor, ScalarNode(tag, value))
