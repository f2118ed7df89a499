"""Load and save response files: safe to read, atomic to write, kind to hand edits.

Reading refuses what could hurt (binary bytes, huge files, YAML aliases, absurd
nesting) before it builds anything. Writing goes to a temporary file in the same
folder, is flushed to disk and then replaces the original in one step, so a
crash or a full disk leaves the old file whole.

Saving merges the model back into the tree it was read from, so a hand-edited
file keeps its key order, quoting, block style and comments; a file loaded and
saved without changes is left byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import io
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import LiteralScalarString

from . import quickyaml
from .errors import ConflictError, InputError, Problem, ValidationFailed
from .files import MAX_BYTES, read_bytes, read_response_bytes  # noqa: F401 (read_bytes: for callers)
from .model import FORMAT_VERSION, FROM_FILE, Response
from .validation import Blank, comment_only_values, date_problems, explain_syntax, problems_from

MAX_DEPTH = quickyaml.MAX_DEPTH  # responses nest a handful of levels; deeper is hostile or broken

# Migrations from an older format version to the next: {old_version: function(tree) -> tree}.
# Each takes and returns the parsed tree, so comments survive a migration.
MIGRATIONS: dict[int, Callable[[Any], Any]] = {}

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


# ---------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """The file's text, or an InputError saying plainly why it cannot be read."""
    return decode(read_bytes(path, "a response file", MAX_BYTES), path)


def decode(raw: bytes, path: Path) -> str:
    from .file_kind import refuse_if_not_a_response

    refuse_if_not_a_response(raw, path)  # a report or a returns form: say which command takes it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "is saved as UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in raw[:8192]:
        raise InputError(path, "is a binary file, not a YAML response file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 and try again",
            line=line,
        ) from None
    if not text.strip():
        raise InputError(path, "is empty")
    return text


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_typed(raw: bytes) -> str:
    """Text a person typed in an editor, whatever encoding the editor saved it in.

    Never fails and never drops a character: a byte-order mark says the encoding
    (UTF-8, UTF-16, UTF-32); UTF-16 without one shows itself by its zero bytes; then
    UTF-8; then Windows-1252, what Notepad and Word on Windows used for 8-bit text
    (the five bytes it leaves undefined are read as Latin-1).
    """
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return raw[len(mark):].decode(encoding, errors="replace")
    sample = raw[:4096]
    if len(sample) >= 2 and sample.count(b"\x00") * 4 >= len(sample):
        odd_zeros = sample[1::2].count(0)
        return raw.decode("utf-16-le" if odd_zeros >= sample[0::2].count(0) else "utf-16-be",
                          errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                       for b in raw)


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def parse(text: str, path: Path, yaml: YAML | None = None) -> Any:
    """Parse YAML into a round-trip tree (or with ``yaml``); syntax errors name line and column."""
    try:
        return (yaml or make_yaml()).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        if "maximum depth" in str(problem):
            problem = f"is nested more than {MAX_DEPTH} levels deep"
        explained = explain_syntax(str(problem), text, line)
        if explained is not None:
            raise InputError(path, explained[0], line=explained[1]) from None
        raise InputError(path, f"not valid YAML: {problem}", line=line, column=column) from None
    except (YAMLError, ValueError, TypeError) as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise InputError(path, "is nested too deeply to be a response file") from None


def validate(tree: Any, path: Path) -> Response:
    """Check the tree against the format (migrating older versions first)."""
    if not isinstance(tree, dict):
        got = "a list" if isinstance(tree, list) else f"a single value ({str(tree)[:40]!r})"
        raise InputError(
            path, f"holds {got}, not a response (expected key: value lines starting 'responder: 1')"
        )
    version = tree.get("responder")
    if version is None:
        raise InputError(
            path, "has no 'responder: 1' line at the top — is this a responder response file?"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(path, f"'responder: {version}' is not a format version this tool knows",
                         where="responder")
    if version > FORMAT_VERSION:
        raise InputError(
            path, f"was written by a newer version of responder (format {version}); "
            "upgrade responder to open it"
        )
    while version < FORMAT_VERSION:
        tree = MIGRATIONS[version](tree)
        version += 1
        tree["responder"] = version
    try:
        response = Response.model_validate(tree, context=FROM_FILE)
    except ValidationError as exc:
        raise ValidationFailed(path, problems_from(exc, tree)) from None
    impossible = date_problems(response, tree)
    if impossible:
        raise ValidationFailed(path, impossible)
    response.assign_ids()
    return response


def read(path: Path | str, raw: bytes | None = None) -> Response:
    """Load and validate a response for reading only (check, status, render, …).

    Reading-only needs none of the round-trip tree, so a good file is read straight
    from libyaml's events (see quickyaml), many times faster. Anything unusual on
    that path (an alias, deep nesting, any validation problem) goes through the careful
    round-trip parser instead, which then names the problem by line and column
    exactly as `load` would. Valid files give the same response either way.

    ``raw`` is the file's bytes when the caller has read them already (to hash them).
    """
    path = Path(path)
    return _read(read_text(path) if raw is None else decode(raw, path), path)


def read_noting_blanks(path: Path | str, raw: bytes | None = None) -> tuple[Response, list[Blank]]:
    """``read``, and every value in the file that is only a comment (for ``check``)."""
    path = Path(path)
    text = read_text(path) if raw is None else decode(raw, path)
    return _read(text, path), comment_only_values(text)


def _read(text: str, path: Path) -> Response:
    tree = quickyaml.load(text)
    if isinstance(tree, dict):
        try:
            return validate(tree, path)
        except InputError:
            pass  # the careful reader below names the problem with its line and column
    return validate(parse(text, path), path)


# ---------------------------------------------------------------- documents


@dataclass
class Document:
    """A response file as loaded: the model to work on, and what is needed to save it kindly."""

    path: Path
    response: Response
    tree: Any = None  # the parsed ruamel tree; None for a file not yet written
    original: bytes | None = None  # the bytes as read, to detect someone else's change
    newline: str = "\n"
    bom: bool = False  # the file started with a UTF-8 byte-order mark (Notepad's habit): kept
    # The file's text as the tree says it is, with \n line ends (None: emit it whole).
    text: str | None = field(default=None, repr=False)
    _in_tree: Any = field(default=UNKNOWN, repr=False)  # the plain data last merged into tree
    _canonical: Any = field(default=None, repr=False)

    @property
    def digest(self) -> str | None:
        return hashlib.sha256(self.original).hexdigest() if self.original is not None else None

    @property
    def saved(self) -> Any:
        """The response as plain data (``to_plain``) as it was last loaded or saved."""
        return self._canonical

    def changed_on_disk(self) -> bool:
        """True when the file on disk is no longer what was loaded."""
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            return self.original is not None
        return current != self.original

    def save(self, *, check_conflict: bool = True, plain: Any = None) -> bool:
        """Write the response if it changed; returns whether anything was written.

        With ``check_conflict`` the file must still hold what was loaded, checked before
        the work and again at the moment of the swap (ConflictError if not). ``plain`` is
        ``to_plain(self.response)`` when the caller has just taken it (it is not cheap).
        """
        if check_conflict and self.original is not None and self.changed_on_disk():
            raise ConflictError(self.path, "changed on disk since it was opened; not overwritten")
        if plain is None:
            plain = to_plain(self.response)
        if self.original is not None and plain == self._canonical:
            return False
        if self.original is not None and is_read_only(write_target(self.path)):
            raise SaveError(self.path, "is read-only; make it writable to save changes to it")
        data = self.render(plain)
        expect = self.original if check_conflict else None
        write_file(self.path, data, expect=expect)
        self.original = data
        self._canonical = plain
        return True

    def render(self, plain: Any) -> bytes:
        """The file's new bytes for ``plain``, bringing ``tree`` and ``text`` in line with it.

        A new file is emitted whole. Otherwise only the blocks of the file that hold a
        change (the finding, section or top-level key around it) are emitted again and put
        in place of their old text; the rest of the file is kept as it is, without
        passing it through ruamel's pure-Python emitter (which takes a third of a second
        on a large response). When the old text of a block cannot be found exactly once
        where it belongs, the whole file is emitted instead, as before.
        """
        if self.tree is None:
            self.tree = build_tree(plain)
            self.text = None
        else:
            self.tree, self.text = merge_text(self.tree, plain, self.text, self._in_tree)
        self._in_tree = plain
        if self.text is None:
            self.text = emit(self.tree)
        text = self.text if self.newline == "\n" else self.text.replace("\n", self.newline)
        data = text.encode("utf-8")
        return BOM + data if self.bom else data

    def encode(self, tree: Any) -> bytes:
        """The bytes of ``tree`` as this file writes them (its line endings, its BOM)."""
        data = dump(tree, self.newline)
        return BOM + data if self.bom else data


BOM = b"\xef\xbb\xbf"


def load(path: Path | str) -> Document:
    """Load a response for editing."""
    path = Path(path)
    original = read_bytes(path, "a response file", MAX_BYTES)  # read once: what is parsed is
    text = decode(original, path)                                # what a later save compares
    # Parsed with \n line ends: ruamel keeps a comment's \r, which a save would then
    # write as \r\r\n. The file's own line ends are put back when it is written.
    spliceable = _spliceable(text)
    tree = parse(spliceable or text, path)
    response = validate(tree, path)
    newline = "\r\n" if b"\r\n" in original[:4096] else "\n"
    doc = Document(path, response, tree, original, newline, bom=original.startswith(BOM),
                   text=spliceable)
    # Ids assigned on load count as unchanged: they are written with the next real change.
    doc._canonical = to_plain(response)
    return doc


def new_document(path: Path | str, response: Response) -> Document:
    response.assign_ids()
    return Document(Path(path), response)


# ---------------------------------------------------------------- writing


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


class SaveError(InputError):
    """A file could not be written (full disk, read-only folder, …): one plain line."""

    def __init__(self, path: Path, message: str, *, reason: str = "", full: bool = False):
        super().__init__(path, message)
        self.reason = reason or message  # "the disk is full", for a sentence of one's own
        self.full = full  # the disk (or the user's quota) is full


_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT") if hasattr(errno, name)}


def _save_error(path: Path, exc: OSError, *, new: bool) -> SaveError:
    """One line for a failed write: "cannot be saved: …" for a response replaced, and, as
    outputs.write_error words it, "cannot be written: …; nothing was written" for a new file."""
    from .outputs import failure_reason

    if isinstance(exc, PermissionError):
        reason = ("permission denied (is the file or its folder read-only, or is it open in "
                  "another program?)")
    elif isinstance(exc, FileNotFoundError):
        reason = "the folder does not exist"
    else:
        reason = failure_reason(exc)
    message = (f"cannot be written: {reason}; nothing was written" if new
               else f"cannot be saved: {reason}")
    return SaveError(path, message, reason=reason, full=exc.errno in _FULL)


def write_target(path: Path) -> Path:
    """Where writing ``path`` really goes: through a link to the file it points at."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def is_read_only(path: Path) -> bool:
    """True when nobody may write ``path`` (chmod 444, or the Windows read-only flag).

    Checked from the mode as well as os.access, because an administrator (root) may
    write anything, and a file its owner marked read-only should still be left alone.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & 0o222) or not os.access(path, os.W_OK)


def atomic_write(path: Path, data: bytes, *, like: Path | None = None,
                 expect: bytes | None = None, overwrite: bool = True,
                 mode: int | None = None) -> Path:
    """Put ``data`` in ``path`` in one step; returns the file really written (a link's target).

    - A file replaced keeps its permissions (never more open than ``like``'s, when given).
    - A new file gets the umask's permissions, or ``like``'s when those are stricter, so a
      copy of a restricted response is never more open than the response.
    - ``expect``: the bytes the file must still hold at the moment of the swap; if someone
      changed it meanwhile, nothing is replaced and ConflictError is raised.
    - ``overwrite=False``: the file must not exist yet (InputError if it does).
    - ``mode``: the new file's permission bits exactly (outputs.output_mode).
    - Only a regular file or a new name is written (refuse_special).
    Any failure leaves the original file untouched and no temporary file behind; OSError
    is raised as it comes (write_file words it).
    """
    from .outputs import refuse_special

    target = write_target(Path(path))
    refuse_special(target)
    folder = target.parent if str(target.parent) else Path()
    if not overwrite and (target.exists() or target.is_symlink()):
        raise InputError(path, "already exists; choose another name or delete it first")
    fd, tmp = _create_temporary(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            tmp.chmod(mode)
        else:
            _set_mode(tmp, target, like)
        if expect is not None and _current_bytes(target) != expect:
            raise ConflictError(Path(path), "changed on disk since it was opened; not overwritten")
        if not overwrite and target.exists():
            raise InputError(path, "already exists; choose another name or delete it first")
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    # Created with 0o666 so the system applies the umask, which _set_mode then reads back.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _set_mode(tmp: Path, target: Path, like: Path | None) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # a file replaced keeps its permissions
    except FileNotFoundError:
        mode = stat.S_IMODE(tmp.stat().st_mode)  # a new file: the umask's
    if like is not None:
        with contextlib.suppress(OSError):
            # Others' access narrows to the source's; the owner keeps read and write, so the
            # copy can be opened, edited and replaced (the rule outputs.output_mode follows).
            mode &= stat.S_IMODE(Path(like).stat().st_mode) | 0o600
    tmp.chmod(mode)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_file(path: Path, data: bytes, *, like: Path | None = None,
               expect: bytes | None = None) -> Path:
    """atomic_write, with a failure as one SaveError line ("cannot be saved: the disk is full")."""
    try:
        return atomic_write(path, data, like=like, expect=expect)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=False) from None


def write_new(path: Path, data: bytes, *, like: Path | None = None) -> Path:
    """Write a file that must not exist yet (never overwrite someone's response).

    With ``like`` (the response a conflict copy or recovery file is taken from), the new
    file is never more open than that file. A failure is one SaveError line.
    """
    try:
        return atomic_write(path, data, like=like, overwrite=False)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=True) from None


def write_output(path: Path, data: bytes, *, like: Path | None = None) -> Path:
    """Write a command's output (a document, a calendar): replaced in one step, never more
    open than ``like``, the response it was made from; a failure is one SaveError line."""
    try:
        return atomic_write(path, data, like=like)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=True) from None


__all__ = [
    "Document", "Problem", "SaveError", "atomic_write", "dump", "load", "new_document", "read",
    "validate", "write_file", "write_new", "write_output",
]
