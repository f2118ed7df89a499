"""Save one top-level part of a response file and leave every other byte as it was.

`responder record` changes a date in ``process`` and nothing else. A whole-file save
(``Document.save``) would also write ids assigned on loading and let ruamel re-indent
a hand-formatted list elsewhere; here only the lines of the one part are replaced: the
part is merged into its own round-trip node (so its comments and style stay), dumped
alone, and put back between the same neighbours. The result is parsed and validated
before it is written, atomically, and only if nobody changed the file meanwhile.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..errors import ConflictError, InputError
from . import quickyaml, reading, roundtrip, writing
from .editing import Document

# Where a part the file does not have yet goes: after the nearest of these it does have.
ORDER = ("responder", "body", "force", "report", "process", "letter", "commentary", "sections")


def save_part(doc: Document, key: str) -> bool:
    """Write ``doc.response``'s ``key`` into the file; returns whether anything changed."""
    if doc.original is None or doc.tree is None:  # a file not yet written: the ordinary save
        return doc.save()
    if doc.changed_on_disk():
        raise ConflictError(doc.path, "changed on disk since it was opened; not overwritten")
    wanted = roundtrip.to_plain(doc.response).get(key)
    tree = doc.tree
    raw = doc.original
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    start, end = _span(tree, key, len(lines))
    if wanted is None:
        block = ""
    else:
        node = roundtrip.merge(tree[key], wanted) if key in tree else roundtrip.build_tree(wanted)
        part = CommentedMap()
        part[key] = node
        block = _dump(part, doc.newline)
    if start is None:
        at = _insert_at(tree, key, len(lines))
        if lines and at == len(lines) and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += doc.newline
        start = end = at
    new_text = "".join(lines[:start]) + block + "".join(lines[end:])
    if new_text == text:
        return False
    data = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    # The spliced file must read back as exactly the response we meant to write.
    # (libyaml reads it several times faster than the round-trip parser; the careful parser
    # steps in for anything unusual, as in reading.read.)
    written = quickyaml.load(new_text)
    if not isinstance(written, dict):
        written = reading.parse(new_text, doc.path)
    check = reading.validate(written, doc.path)
    if roundtrip.to_plain(check) != roundtrip.to_plain(doc.response):
        return doc.save(check_conflict=False)  # pragma: no cover - a layout ruamel could not splice
    try:
        writing.atomic_write(doc.path, data)
    except PermissionError:
        raise InputError(doc.path, "cannot be written: permission denied (is it open in another "
                         "program, or read-only?); nothing was changed") from None
    except OSError as exc:
        raise InputError(doc.path, f"cannot be written ({exc.strerror or exc}); nothing was "
                         "changed") from None
    # The tree's line numbers now describe the old file: load it again before splicing again
    # (a stale splice would fail the check above and fall back to the ordinary save).
    doc.original = data
    doc.text = None  # Document.save's own splicing starts again from the whole tree
    return True


def _dump(part: Any, newline: str) -> str:
    """As roundtrip.dump, but a date written twice (both copies sent on one day) stays a date,
    never a YAML anchor and alias."""
    import io

    yaml = roundtrip.make_yaml()
    yaml.representer.ignore_aliases = lambda data: True
    buffer = io.StringIO()
    yaml.dump(part, buffer)
    text = buffer.getvalue()
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)  # comments keep their "\r"
    return text


def _span(tree: Any, key: str, total: int) -> tuple[int | None, int]:
    """The lines [start, end) the top-level ``key`` occupies (comments after it included)."""
    if key not in tree:
        return None, 0
    keys = list(tree)
    start = tree.lc.key(key)[0]
    later = [tree.lc.key(k)[0] for k in keys if tree.lc.key(k)[0] > start]
    return start, min(later, default=total)


def _insert_at(tree: Any, key: str, total: int) -> int:
    """The line a new top-level ``key`` goes on: after the part that comes before it."""
    before = ORDER[: ORDER.index(key)] if key in ORDER else ORDER
    present = [k for k in before if k in tree]
    if not present:
        return 0 if not list(tree) else tree.lc.key(list(tree)[0])[0]
    return _span(tree, present[-1], total)[1]
