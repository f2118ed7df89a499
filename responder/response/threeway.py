"""Three-way merge of a response, field by field.

``base`` is the response as this session loaded (or last saved) it, ``theirs``
is what is on disk now (someone else's edit or an import), ``ours`` is this
session's version. All three are plain data as ``store.to_plain`` gives it.

A field changed on one side only takes that side's value. A field both sides
changed differently is a clash: the merge keeps *their* value, and the caller
writes our whole version to a conflict copy, so nobody's words are lost.
Lists of items with ids (sections, findings) are merged item by item; other
lists (addresses, sub-points) are single values.

One more rule protects what this session has already saved. ``written`` maps each
place this session wrote (see ``changed_places``) to the value it held before. When
the other side has that place back at its old value, or missing, they saved a stale
copy (an editor buffer opened before our answer): the merge keeps *our* value and
lists the place in ``kept``, and the caller writes their version to a conflict copy.
When they wrote something new there, it is an ordinary clash. Either way nothing a
person confirmed disappears without a copy.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MISSING: Any = object()

Where = tuple[str, ...]  # ('sections', '[s1]', 'findings', '[s1-afi2]', 'force')


@dataclass
class MergeResult:
    value: Any
    clashes: list[str] = field(default_factory=list)  # readable places, e.g. "s1-afi2 › force"
    kept: list[str] = field(default_factory=list)  # ours kept over their stale copy


@dataclass
class _Merge:
    written: dict[Where, Any]
    result: MergeResult

    def touches(self, where: Where) -> bool:
        """Did this session write here, or somewhere inside?"""
        n = len(where)
        return any(w[:n] == where for w in self.written)

    def stale(self, theirs: Any, where: Where) -> bool:
        """Does theirs hold, at every place we wrote under ``where``, what was there before?"""
        n = len(where)
        return all(_eq(value_at(theirs, w[n:]), before)
                   for w, before in self.written.items() if w[:n] == where)

    def merge(self, base: Any, theirs: Any, ours: Any, where: Where) -> Any:
        clashes = self.result.clashes
        if _eq(ours, base):
            if _eq(theirs, ours) or not self.touches(where):
                return theirs
            # They changed a place where this session's saved answer lies.
            if _both(dict, theirs, ours):
                return self.merge_dicts(base, theirs, ours, where)
            if _id_list(theirs) and _id_list(ours):
                return self.merge_lists(base, theirs, ours, where)
            if self.stale(theirs, where):
                self.result.kept.append(place(where))
                return ours
            clashes.append(place(where))
            return theirs
        if _eq(theirs, base) or _eq(theirs, ours):
            return ours
        if all(isinstance(v, dict) or v is MISSING for v in (base, theirs, ours)) and (
            theirs is not MISSING and ours is not MISSING
        ):
            return self.merge_dicts(base if base is not MISSING else {}, theirs, ours, where)
        if _id_list(theirs) and _id_list(ours) and (base is MISSING or _id_list(base)):
            return self.merge_lists(base if base is not MISSING else [], theirs, ours, where)
        clashes.append(place(where))
        return theirs

    def merge_dicts(self, base: dict, theirs: dict, ours: dict, where: Where) -> dict:
        keys = list(theirs) + [k for k in ours if k not in theirs]
        out = {}
        for key in keys:
            value = self.merge(base.get(key, MISSING), theirs.get(key, MISSING),
                               ours.get(key, MISSING), (*where, str(key)))
            if value is not MISSING:
                out[key] = value
        return out

    def merge_lists(self, base: list, theirs: list, ours: list, where: Where) -> list:
        by_id = {name: {item["id"]: item for item in items} for name, items in
                 (("base", base), ("theirs", theirs), ("ours", ours))}
        out = []
        for item in theirs:
            key = item["id"]
            value = self.merge(by_id["base"].get(key, MISSING), item,
                               by_id["ours"].get(key, MISSING), (*where, f"[{key}]"))
            if value is not MISSING:
                out.append(value)
        for item in ours:
            key = item["id"]
            if key in by_id["theirs"]:
                continue
            if key not in by_id["base"]:
                out.append(item)  # added here only
            elif not _eq(item, by_id["base"][key]) or self.touches((*where, f"[{key}]")):
                # They removed what we changed (or answered earlier): the file follows their
                # removal, and our version goes to the conflict copy.
                self.result.clashes.append(place((*where, f"[{key}]")))
        return out


def three_way(base: Any, theirs: Any, ours: Any,
              written: dict[Where, Any] | None = None) -> MergeResult:
    result = MergeResult(None)
    result.value = _Merge(written or {}, result).merge(base, theirs, ours, ())
    return result


def changed_places(before: Any, after: Any, where: Where = ()) -> dict[Where, Any]:
    """Each place whose value differs between ``before`` and ``after``, with its old value.

    Dicts and lists of items with ids are followed down to the fields that changed.
    """
    if _eq(before, after):
        return {}
    if _both(dict, before, after):
        out: dict[Where, Any] = {}
        for key in list(before) + [k for k in after if k not in before]:
            out.update(changed_places(before.get(key, MISSING), after.get(key, MISSING),
                                      (*where, str(key))))
        return out
    if _id_list(before) and _id_list(after):
        old = {item["id"]: item for item in before}
        new = {item["id"]: item for item in after}
        out = {}
        for key in list(old) + [k for k in new if k not in old]:
            out.update(changed_places(old.get(key, MISSING), new.get(key, MISSING),
                                      (*where, f"[{key}]")))
        return out
    return {where: before}


def value_at(tree: Any, where: Where) -> Any:
    """The value at ``where`` in ``tree``, or MISSING."""
    for part in where:
        if part.startswith("[") and isinstance(tree, list):
            key = part[1:-1]
            tree = next((i for i in tree if isinstance(i, dict) and str(i.get("id")) == key),
                        MISSING)
        elif isinstance(tree, dict):
            tree = tree.get(part, MISSING)
        else:
            return MISSING
        if tree is MISSING:
            return MISSING
    return tree


def _both(kind: type, a: Any, b: Any) -> bool:
    return isinstance(a, kind) and isinstance(b, kind)


def _id_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "id" in i for i in value)


def _eq(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return bool(a == b)


def place(where: tuple[str, ...]) -> str:
    """('sections', '[s1]', 'findings', '[s1-afi2]', 'force') -> 's1-afi2 › force'."""
    shown: list[str] = []
    for part in where:
        if part.startswith("["):
            shown = [part[1:-1]]  # an id names the place on its own
        elif part not in ("sections", "findings", "recommendations"):
            shown.append(part)
    return " › ".join(shown) or "the whole file"
