"""Bringing the Welsh back: each passage by its key, three-way safe as the force's return is.

For each passage three values meet: the Welsh as sent, the Welsh returned, and the Welsh
the response holds now.

| returned               | the response now         | outcome                                       |
|------------------------|--------------------------|-----------------------------------------------|
| empty, or as sent      | anything                 | not translated: left as it is                 |
| changed                | as sent                  | taken, recorded as the translation of the     |
|                        |                          | English as sent                               |
| changed                | already the returned one | unchanged (a file read twice)                 |
| changed                | changed in the file too  | conflict: the response keeps its Welsh        |

The Welsh records the English it was made from (the English as sent), so when the English
changed while the translator worked, the Welsh goes in already out of date, and `check`
and the next `translate make` say so. Everything is read and checked before anything is
written; the save merges with an interview's as `returns read` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, display_path
from ..response import editing, files
from ..response.autosave import Autosaver, SaveResult
from ..response.locking import LockedError, acquire
from ..response.welsh import units
from ..response.welsh_blocks import same_words
from . import excel, file_format, xliff
from .sent import identity, parse_form_mark

MAX_BYTES = 32 * 1024 * 1024


@dataclass
class Outcome:
    path: Path
    dry_run: bool
    taken: list[str] = field(default_factory=list)  # where each passage is
    out_of_date: list[str] = field(default_factory=list)  # taken, but the English changed since
    unchanged: int = 0
    not_translated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    written: bool = False
    locked_by: str | None = None
    save: SaveResult | None = None


def read_translation(path: Path, returned: Path, *, dry_run: bool, now: dt.datetime) -> Outcome:
    fmt = file_format(returned, "read")
    data = files.read_bytes(returned, "a translation file", MAX_BYTES)
    doc = editing.load(path)
    saver = Autosaver(doc)
    response = doc.response
    if fmt == "docx":
        from . import word

        mark, items = word.read(returned, data, {u.key: u.english for u in units(response)})
    else:
        mark, items = (xliff.read if fmt == "xliff" else excel.read)(returned, data)
    parsed = parse_form_mark(mark)
    if parsed is None:
        raise InputError(returned, "was not made by `responder translate make` (its mark is "
                         "missing); it cannot be matched to the response safely")
    if parsed[0] != identity(response):
        raise InputError(returned, f"was made from another response ({parsed[1]}), not from "
                         f"{display_path(path)}: its force or report title differ")
    by_key = {unit.key: unit for unit in units(response)}
    outcome = Outcome(path, dry_run)
    for item in items:
        unit = by_key.get(item.key)
        if unit is None:
            outcome.unmatched.append(f"{item.key} ({item.where})")
            continue
        if not item.welsh or item.sent_is(item.welsh):
            outcome.not_translated.append(unit.where)
            continue
        held = unit.welsh.text if unit.welsh else ""
        if same_words(held) == same_words(item.welsh) and unit.welsh is not None \
                and same_words(unit.welsh.en) == same_words(item.english):
            outcome.unchanged += 1
            continue
        if not item.sent_is(held):
            outcome.conflicts.append(unit.where)
            continue
        unit.set(item.welsh, item.english)
        outcome.taken.append(unit.where)
        if same_words(item.english) != same_words(unit.english):
            outcome.out_of_date.append(unit.where)
    if dry_run or not outcome.taken:
        return outcome
    try:
        lock = acquire(path, now)
    except LockedError as exc:
        lock = None
        if not exc.stale:
            outcome.locked_by = exc.info.describe() if exc.info else "someone"
    try:
        outcome.save = saver.save(now)
        outcome.written = outcome.save.written
    finally:
        if lock is not None:
            lock.release()
    return outcome
