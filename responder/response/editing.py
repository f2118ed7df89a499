"""A response file open for editing: the model to work on, and what it takes to save it kindly.

Load once (the bytes read are the bytes a later save compares), change the model, save:
only what changed is written, atomically, and never over someone else's change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConflictError, InputError
from . import quickyaml
from .files import MAX_BYTES, read_bytes
from .model import FORMAT_VERSION, Response
from .reading import decode, parse, validate
from .roundtrip import UNKNOWN, _spliceable, build_tree, dump, emit, merge_text, to_plain
from .writing import SaveError, is_read_only, write_file, write_target


@dataclass
class Document:
    """A response file as loaded: the model to work on, and what is needed to save it kindly."""

    path: Path
    response: Response
    # The parsed ruamel tree; None for a file not yet written. A file loaded by ``load``
    # parses it only when first asked (see ``tree``): most loads save nothing.
    _tree: Any = None
    original: bytes | None = None  # the bytes as read, to detect someone else's change
    newline: str = "\n"
    bom: bool = False  # the file started with a UTF-8 byte-order mark (Notepad's habit): kept
    # The file's text as the tree says it is, with \n line ends (None: emit it whole).
    text: str | None = field(default=None, repr=False)
    _in_tree: Any = field(default=UNKNOWN, repr=False)  # the plain data last merged into tree
    _canonical: Any = field(default=None, repr=False)
    _unparsed: str | None = field(default=None, repr=False)  # the text ``tree`` will parse
    _written: Any = field(default=None, repr=False)  # the file's data as libyaml read it

    @property
    def written(self) -> Any:
        """The file's data as written (before ids are assigned or defaults filled), read
        without the round-trip tree when the file was read that way."""
        return self._written if self._written is not None else self.tree

    @property
    def tree(self) -> Any:
        """The file's round-trip tree (comments, order, layout), parsed on first use.

        ruamel's round-trip parser is pure Python: a large response takes a tenth of a
        second, which a command that reads a form, finds nothing new and saves nothing
        should not pay. The text parsed is the text loaded, so the tree is what an eager
        parse would have given."""
        if self._unparsed is not None:
            self._tree = parse(self._unparsed, self.path)
            self._unparsed = None
        return self._tree

    @tree.setter
    def tree(self, value: Any) -> None:
        self._tree = value
        self._unparsed = None

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
            plain = _unwritten_defaults_left_out(self.tree, plain)
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

# Keys the model fills in when a file leaves them out ({parent key: {key: default}}): a
# save writes one only when it changes, never into a line nobody touched.
DEFAULTS = {"report": {"kind": "peel", "grades": "peel-2014"}, "tracking": {"status": "open"}}


def _unwritten_defaults_left_out(tree: Any, plain: Any, parent: str | None = None) -> Any:
    """``plain`` without the DEFAULTS that ``tree`` (the file as written) leaves out."""
    if isinstance(plain, dict) and isinstance(tree, dict):
        defaults = DEFAULTS.get(parent or "", {})
        out = {}
        for key, value in plain.items():
            if key in defaults and key not in tree and value == defaults[key]:
                continue
            out[key] = _unwritten_defaults_left_out(tree[key], value, key) \
                if key in tree else value
        return out
    if isinstance(plain, list) and isinstance(tree, list):
        # Items are matched by id (or position when neither has one); a new item is whole.
        by_id = {item.get("id"): item for item in tree if isinstance(item, dict) and item.get("id")}
        out_list = []
        for index, value in enumerate(plain):
            key = value.get("id") if isinstance(value, dict) else None
            old = by_id.get(key) if key else (tree[index] if index < len(tree) else None)
            out_list.append(value if old is None else _unwritten_defaults_left_out(old, value,
                                                                                  parent))
        return out_list
    return plain


def load(path: Path | str) -> Document:
    """Load a response for editing."""
    path = Path(path)
    original = read_bytes(path, "a response file", MAX_BYTES)  # read once: what is parsed is
    text = decode(original, path)                                # what a later save compares
    # Parsed with \n line ends: ruamel keeps a comment's \r, which a save would then
    # write as \r\r\n. The file's own line ends are put back when it is written.
    spliceable = _spliceable(text)
    source = spliceable or text
    # A current file that libyaml reads plainly is validated from that data, and its tree
    # parsed only if a save needs it; an older one (migrated in its tree) or anything
    # unusual or invalid is parsed carefully at once, which names a problem by its line.
    quick = quickyaml.load(source)
    response = None
    if isinstance(quick, dict) and quick.get("responder") == FORMAT_VERSION:
        try:
            response = validate(quick, path)
        except InputError:
            pass
    if response is not None:
        tree, unparsed = None, source
    else:
        tree, unparsed = parse(source, path), None
        older = isinstance(tree, dict) and tree.get("responder") != FORMAT_VERSION
        response = validate(tree, path)
        if older and spliceable is not None:
            # The migrated tree already says the new version: the text says it too, so the
            # next save with a change writes the new version line (and one without, nothing).
            spliceable = _new_version_line(spliceable)
    newline = "\r\n" if b"\r\n" in original[:4096] else "\n"
    doc = Document(path, response, tree, original, newline, bom=original.startswith(BOM),
                   text=spliceable, _unparsed=unparsed,
                   _written=quick if unparsed is not None else None)
    # Ids assigned on load count as unchanged: they are written with the next real change.
    doc._canonical = to_plain(response)
    return doc


_VERSION_LINE = re.compile(r"^responder:[ \t]*\d+[ \t]*$", re.MULTILINE)


def _new_version_line(text: str) -> str | None:
    """``text`` with its version line saying the current format (None: emit the file whole)."""
    if len(_VERSION_LINE.findall(text)) != 1:
        return None
    return _VERSION_LINE.sub(f"responder: {FORMAT_VERSION}", text, count=1)


def new_document(path: Path | str, response: Response) -> Document:
    response.assign_ids()
    return Document(Path(path), response)
