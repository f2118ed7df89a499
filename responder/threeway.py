"""Three-way merge of a response, field by field.

``base`` is the response as this session loaded (or last saved) it, ``theirs``
is what is on disk now (someone else's edit or an import), ``ours`` is this
session's version. All three are plain data as ``store.to_plain`` gives it.

A field changed on one side only takes that side's value. A field both sides
changed differently is a clash: the merge keeps *their* value, and the caller
writes our whole version to a conflict copy, so nobody's words are lost.
Lists of items with ids (sections, findings) are merged item by item; other
lists (addresses, sub-points) are single values.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MISSING: Any = object()


@dataclass
class MergeResult:
    value: Any
    clashes: list[str] = field(default_factory=list)  # readable places, e.g. "s1-afi2 › force"


def three_way(base: Any, theirs: Any, ours: Any) -> MergeResult:
    result = MergeResult(None)
    result.value = _merge(base, theirs, ours, (), result.clashes)
    return result


def _merge(base: Any, theirs: Any, ours: Any, where: tuple[str, ...], clashes: list[str]) -> Any:
    if _eq(ours, base):
        return theirs
    if _eq(theirs, base) or _eq(theirs, ours):
        return ours
    if all(isinstance(v, dict) or v is MISSING for v in (base, theirs, ours)) and (
        theirs is not MISSING and ours is not MISSING
    ):
        return _merge_dicts(base if base is not MISSING else {}, theirs, ours, where, clashes)
    if _id_list(theirs) and _id_list(ours) and (base is MISSING or _id_list(base)):
        return _merge_lists(base if base is not MISSING else [], theirs, ours, where, clashes)
    clashes.append(place(where))
    return theirs


def _merge_dicts(base: dict, theirs: dict, ours: dict, where: tuple[str, ...],
                 clashes: list[str]) -> dict:
    keys = list(theirs) + [k for k in ours if k not in theirs]
    out = {}
    for key in keys:
        value = _merge(base.get(key, MISSING), theirs.get(key, MISSING), ours.get(key, MISSING),
                       (*where, str(key)), clashes)
        if value is not MISSING:
            out[key] = value
    return out


def _merge_lists(base: list, theirs: list, ours: list, where: tuple[str, ...],
                 clashes: list[str]) -> list:
    by_id = {name: {item["id"]: item for item in items} for name, items in
             (("base", base), ("theirs", theirs), ("ours", ours))}
    out = []
    for item in theirs:
        key = item["id"]
        value = _merge(by_id["base"].get(key, MISSING), item, by_id["ours"].get(key, MISSING),
                       (*where, f"[{key}]"), clashes)
        if value is not MISSING:
            out.append(value)
    for item in ours:
        key = item["id"]
        if key in by_id["theirs"]:
            continue
        if key not in by_id["base"]:
            out.append(item)  # added here only
        elif not _eq(item, by_id["base"][key]):
            clashes.append(place((*where, f"[{key}]")))  # they removed what we changed
    return out


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
