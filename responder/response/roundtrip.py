"""The response file as a YAML tree: parsed safely, merged with the model, written back kindly.

Saving merges the model back into the tree it was read from, so a hand-edited file keeps
its key order, quoting, block style and comments; only the blocks that hold a change are
emitted again, and a file loaded and saved without changes is left byte-for-byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import LiteralScalarString

from . import quickyaml
from .model import Response

MAX_DEPTH = quickyaml.MAX_DEPTH  # responses nest a handful of levels; deeper is hostile or broken

UNKNOWN: Any = object()  # ``prev`` when what the tree was last merged with is not known


class _Composer(Composer):
    """Refuses aliases: a response never needs one, and they make 'billion laughs' bombs."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.get_event()
            raise ComposerError(
                None, None,
                f"YAML aliases (*{event.anchor}) are not allowed in a response file",
                event.start_mark,
            )
        return super().compose_node(parent, index)


class _Constructor(RoundTripConstructor):
    """Leaves an impossible date such as 2019-02-31 as text, for validation to name."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.max_depth = MAX_DEPTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    # No folding: a paragraph stays one line, so a diff shows the paragraph that changed
    # and no line ends in a stray space.
    yaml.width = 100_000
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    # The same value in two places (one date as a register update's date and its closed_on)
    # must be written twice, never as an anchor and alias: reading refuses aliases.
    yaml.representer.ignore_aliases = lambda data: True
    # ruamel writes an empty value as "null" when it tracks no objects for aliases (as now);
    # a blank the office left (`reason:   # DPO to decide`) must stay blank.
    representer = yaml.representer
    representer.yaml_representers = {
        **type(representer).yaml_representers,
        type(None): lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:null", ""),
    }
    return yaml



def to_plain(response: Response) -> Any:
    """The response as plain data in file order, with empty values left out."""
    return _prune(response.model_dump(mode="python", exclude_none=True))


# Kept even when empty: a withheld marker whose reason is still blank withholds all the
# same, so dropping it would publish the passage.
_KEEP_EMPTY = ("responder", "withheld")


def _prune(value: Any) -> Any:
    # Called on every save: only containers are recursed into, so a response of
    # thousands of values costs a few hundred calls, not thousands.
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, dict | list):
                item = _prune(item)
                if not item and key not in _KEEP_EMPTY:
                    continue
            elif isinstance(item, str) and not item and key not in _KEEP_EMPTY:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [_prune(item) if isinstance(item, dict | list) else item for item in value]
    return value


def build_tree(value: Any) -> Any:
    """Plain data -> ruamel nodes, multi-line text as literal blocks."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = build_tree(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(build_tree(item) for item in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def merge(node: Any, value: Any, prev: Any = UNKNOWN) -> Any:
    """Bring ``node`` (from the file) in line with ``value`` (from the model), touching
    only what differs, so comments, order and styles elsewhere survive.

    ``prev`` is the value ``node`` was last brought in line with, if known: the parts
    where it equals ``value`` are left alone without walking them (comparing plain
    data is fast; walking the tree is not).
    """
    if prev is not UNKNOWN and prev == value:
        return node
    if isinstance(value, dict) and isinstance(node, CommentedMap):
        for key in list(node):
            if key not in value and not _is_empty(node[key]):
                del node[key]
        keys = list(value)
        for index, key in enumerate(keys):
            if key in node:
                merged = merge(node[key], value[key], _get(prev, key))
                if merged is not node[key]:
                    node[key] = merged
            else:
                # Insert after the nearest earlier key the file already has, keeping model order.
                position = 0
                for earlier in reversed(keys[:index]):
                    if earlier in node:
                        position = list(node).index(earlier) + 1
                        break
                node.insert(position, key, build_tree(value[key]))
        return node
    if isinstance(value, list) and isinstance(node, CommentedSeq):
        matched = _match(node, value)
        if _in_place(node, matched):
            # The same items in the same places, perhaps changed inside: keep the list (and
            # its style) and merge each item into its own.
            for index, item in enumerate(value):
                merged = merge(node[index], item, _get(prev, index, len(node)))
                if merged is not node[index]:
                    node[index] = merged
            return node
        if _same(node, value):
            return node
        out = CommentedSeq()
        for item, existing in zip(value, matched, strict=True):
            out.append(merge(existing, item) if existing is not None else build_tree(item))
        if hasattr(node, "ca"):
            out._yaml_comment = node.ca  # keep comments attached to the list itself
        return out
    if _same(node, value) or (node is None and value == {}):
        return node  # a bare `withheld:` stays as the office wrote it
    return build_tree(value)


def _get(prev: Any, key: Any, length: int | None = None) -> Any:
    """The part of ``prev`` at ``key`` (a list's only when the list kept its length)."""
    if isinstance(key, int):
        return prev[key] if isinstance(prev, list) and len(prev) == length else UNKNOWN
    return prev.get(key, UNKNOWN) if isinstance(prev, dict) else UNKNOWN


def _match(node: CommentedSeq, value: list) -> list[Any]:
    """The item of ``node`` that ``merge`` brings in line with each item of ``value`` (or None)."""
    by_id = {item.get("id"): item for item in node
             if isinstance(item, CommentedMap) and item.get("id") is not None}
    matched = []
    for index, item in enumerate(value):
        existing = by_id.get(item.get("id")) if isinstance(item, dict) else None
        if existing is None and index < len(node) and not by_id:
            existing = node[index]
        matched.append(existing)
    return matched


def _in_place(node: CommentedSeq, matched: list[Any]) -> bool:
    return len(matched) == len(node) and all(a is b for a, b in zip(matched, node, strict=True))


def changes(node: Any, value: Any, prev: Any = UNKNOWN, path: tuple = ()) -> list[tuple]:
    """Where ``merge(node, value, prev)`` would change the tree, without changing it: the
    paths (keys and list positions) of each value replaced, key added or removed, or list
    reshaped. Mirrors ``merge`` decision by decision."""
    if prev is not UNKNOWN and prev == value:
        return []
    if isinstance(value, dict) and isinstance(node, CommentedMap):
        found = [(*path, key) for key in node if key not in value and not _is_empty(node[key])]
        for key in value:
            if key in node:
                found += changes(node[key], value[key], _get(prev, key), (*path, key))
            else:
                found.append((*path, key))
        return found
    if isinstance(value, list) and isinstance(node, CommentedSeq):
        if not _in_place(node, _match(node, value)):
            return [] if _same(node, value) else [path]
        found = []
        for index, item in enumerate(value):
            found += changes(node[index], item, _get(prev, index, len(node)), (*path, index))
        return found
    return [] if _same(node, value) or (node is None and value == {}) else [path]


def merge_text(tree: Any, value: Any, text: str | None,
               prev: Any = UNKNOWN) -> tuple[Any, str | None]:
    """Merge ``value`` into ``tree``, and ``text`` (the tree as a file) with it.

    Each change is re-emitted as the smallest block around it that stands on its own
    lines: an item of a list of mappings (a finding, a recommendation, an update) or
    else a top-level key. The block's old text, emitted from the tree before the
    merge, must be found exactly once, at the start of a line; its new text takes its
    place. The emitter writes a block the same wherever it sits, so the result is what
    emitting the whole tree would give. Returns the text None when that cannot be
    shown (the caller emits the whole tree).
    """
    if text is None:
        return merge(tree, value, prev), None
    changed = changes(tree, value, prev)
    blocks = _blocks(tree, changed)
    if blocks is None:
        return merge(tree, value, prev), None
    # (path, where to look, old text): a finding whose changes all lie under keys of its
    # own is re-emitted key by key — a new comment, not the whole finding — each key's
    # old text looked for only within that finding's own lines.
    plan: list[tuple[tuple, tuple[int, int] | None, str, bool]] = []
    for block in blocks:
        keys = _own_keys(tree, value, block, changed)
        region = _item_region(tree, block, text) if keys else None
        if region is None:
            plan.append((block, (0, len(text)), _emit_block(tree, block), False))
        else:
            plan += [((*block, key), region, _emit_block(tree, (*block, key), own=True), True)
                     for key in keys]
    tree = merge(tree, value, prev)
    spans = []
    for path, (low, high), before, own in plan:
        start = text.find(before, low, high)
        if (start < 0 or text.find(before, start + 1, high) >= 0
                or (start and text[start - 1] != "\n")):
            return tree, None
        spans.append((start, start + len(before), _emit_block(tree, path, own=own)))
    spans.sort()
    pieces, at = [], 0
    for start, end, after in spans:
        if start < at:  # overlapping blocks: cannot happen for distinct paths, but be sure
            return tree, None
        pieces += [text[at:start], after]
        at = end
    pieces.append(text[at:])
    return tree, "".join(pieces)


MAX_BLOCKS = 8  # more blocks than this changed at once (a merge, a migration): emit it whole


def _blocks(tree: Any, paths: list[tuple]) -> list[tuple] | None:
    """The blocks to re-emit for changes at ``paths``, outermost only; None: emit it all."""
    blocks: set[tuple] = set()
    for path in paths:
        if len(path) < 2 or not isinstance(path[0], str):
            return None  # a top-level key added or removed, or the whole tree replaced
        block = path[:1]
        node = tree[path[0]]
        for depth, key in enumerate(path[1:-1], start=1):
            node = node[key]
            if isinstance(key, int) and isinstance(path[depth - 1], str) \
                    and isinstance(node, CommentedMap):
                block = path[: depth + 1]
        blocks.add(block)
    outer = sorted(blocks, key=len)
    kept: list[tuple] = []
    for block in outer:
        if not any(block[: len(other)] == other for other in kept):
            kept.append(block)
    return kept if 0 < len(kept) <= MAX_BLOCKS else None


def _emit_block(tree: Any, path: tuple, own: bool = False, node: Any = None) -> str:
    """The text of the block at ``path`` as emitting the whole tree would write it.

    The block is emitted inside a skeleton of its ancestors (one key at each level),
    so it gets the indentation it has in the file; the skeleton's own lines, one per
    key on the way down, are then dropped. ``own``: the block is a key of a list item
    that is not its first, so a stand-in first key keeps it off the item's dash line.
    ``node``: emit this in the block's place instead of what the tree holds there.
    """
    if node is None:
        node = tree
        for key in path:
            node = node[key]
    for depth in range(len(path) - 1, -1, -1):
        key = path[depth]
        if isinstance(key, int):
            node = CommentedSeq([node])
        else:
            parent = tree
            for step in path[:depth]:
                parent = parent[step]
            wrapper = CommentedMap()
            if own and depth == len(path) - 1:
                wrapper["_"] = None
            wrapper[key] = node
            if depth == len(path) - 1 and key in parent.ca.items:  # on the block's own key
                wrapper.ca.items[key] = parent.ca.items[key]
            node = wrapper
    text = emit(node)
    # A block's own key stays with it; the skeleton's keys (and the stand-in) go.
    skip = sum(isinstance(key, str) for key in path[:-1]) + own
    if skip:
        text = text.split("\n", skip)[-1]
    return text


def _own_keys(tree: Any, value: Any, block: tuple, changed: list[tuple]) -> list[Any] | None:
    """The keys of the list item ``block`` under which all of its changes lie, when each
    is in the item before and after and none is its first key (on the dash line)."""
    if not isinstance(block[-1], int) or len(block) < 2:
        return None
    node, new = tree, value
    for key in block:
        node, new = node[key], new[key]
    if not isinstance(node, CommentedMap) or not isinstance(new, dict) or "id" not in node:
        return None
    first = next(iter(node))
    keys: list[Any] = []
    for path in changed:
        if path[: len(block)] != block:
            continue
        if len(path) <= len(block):
            return None
        key = path[len(block)]
        if key == first or key not in node or key not in new:
            return None
        if key not in keys:
            keys.append(key)
    return keys or None


def _item_region(tree: Any, block: tuple, text: str) -> tuple[int, int] | None:
    """Where the list item ``block`` (a mapping whose first key is its id) lies in
    ``text``: from its dash line, found once, to the next line indented no deeper than
    the dash. None when that line is not found exactly once."""
    node = tree
    for key in block:
        node = node[key]
    if next(iter(node)) != "id" or not isinstance(node["id"], str) or "\n" in node["id"]:
        return None
    probe = CommentedMap()
    probe["id"] = node["id"]
    line = _emit_block(tree, block, node=probe)
    if line.count("\n") != 1:
        return None
    start = text.find(line)
    if start < 0 or text.find(line, start + 1) >= 0 or (start and text[start - 1] != "\n"):
        return None
    dash = len(line) - len(line.lstrip(" "))
    after = re.compile(rf"^ {{0,{dash}}}\S", re.MULTILINE).search(text, start + len(line))
    return start, after.start() if after else len(text)


def _spliceable(text: str) -> str | None:
    """A file's text with \n line ends, or None when its line ends are too mixed to splice."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    return text


def _same(node: Any, value: Any) -> bool:
    return _plainify(node) == _plainify(value)


def _plainify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plainify(v) for k, v in value.items() if not _is_empty(v)}
    if isinstance(value, list):
        return [_plainify(v) for v in value]
    if isinstance(value, str):
        return str(value).strip()
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    return value


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def emit(tree: Any) -> str:
    """The tree as YAML text, with \n line ends (a comment read from a Windows file may
    have kept its \r; only comments can put a raw one in the text)."""
    global _dumper
    if _dumper is None:
        _dumper = make_yaml()  # set up once: an autosave emits a few small blocks each time
    buffer = io.StringIO()
    _dumper.dump(tree, buffer)
    return buffer.getvalue().replace("\r\n", "\n")


_dumper: YAML | None = None


def dump(tree: Any, newline: str = "\n") -> bytes:
    text = emit(tree)
    if newline != "\n":
        # Comments read from a Windows file keep their "\r"; one line ending each, not "\r\r\n".
        text = text.replace("\r\n", "\n").replace("\n", newline)
    return text.encode("utf-8")


# ---------------------------------------------------------------- writing bytes safely
#
# Every file responder writes goes through atomic_write: a temporary file beside the
# target, written and flushed to disk, given the right permissions, then swapped in
# with one replace. A link is written through to its target (the link stays a link).
# atomic_write raises OSError as it comes, for callers that word it themselves (render's
# outputs.write_error); write_file, write_new and write_output word it in one line.
