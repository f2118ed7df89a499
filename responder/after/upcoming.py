"""Inspections the inspectorate has notified: a small file the office keeps for the paper.

``upcoming-inspections.toml`` beside the responses (or any file given with ``progress
--upcoming``), one ``[[inspection]]`` per notified inspection:

```toml
[[inspection]]
title = "Police race action plan: thematic inspection"   # required
when = "March 2027"              # required: a month in words, or a date (2027-03-15)
kind = "thematic"                # optional: peel | thematic | joint | other
note = "Fieldwork in the force 3 to 5 March"             # optional
```

The paper lists them under thematic inspections, in the order of the file; an
inspection dated before the paper's as-of date is left out (it is no longer upcoming).
A mistake is one InputError naming the file, the inspection and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

FILE_NAME = "upcoming-inspections.toml"
KINDS = ("peel", "thematic", "joint", "other")
KEYS = ("title", "when", "kind", "note")
MAX_BYTES = 1024 * 1024


@dataclass
class Upcoming:
    title: str
    when: str  # as the office wrote it, or a date in words
    date: dt.date | None  # when ``when`` is a date
    kind: str | None
    note: str


def parse(path: Path, text: str) -> list[Upcoming]:
    from ..config import tomllib
    from ..dates import long_date

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from None
    unknown = [key for key in data if key != "inspection"]
    if unknown:
        raise InputError(path, f"unknown table or key '{unknown[0]}' (expected [[inspection]] "
                         "entries)", where=unknown[0])
    items = data.get("inspection", [])
    if not isinstance(items, list):
        raise InputError(path, "write each inspection as [[inspection]]", where="inspection")
    found = []
    for number, item in enumerate(items, 1):
        where = f"inspection {number}"
        for key in item:
            if key not in KEYS:
                raise InputError(path, f"unknown key '{key}' (expected one of: "
                                 f"{', '.join(KEYS)})", where=f"{where}, {key}")
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise InputError(path, "needs a title", where=where)
        when = item.get("when")
        date = None
        if isinstance(when, dt.datetime):
            when = when.date()
        if isinstance(when, dt.date):
            date, when = when, long_date(when)
        if not isinstance(when, str) or not when.strip():
            raise InputError(path, "needs 'when': a month (\"March 2027\") or a date "
                             "(2027-03-15)", where=f"{where}, when")
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(path, f"kind {kind!r} is not one of {', '.join(KINDS)}",
                             where=f"{where}, kind")
        note = item.get("note", "")
        if not isinstance(note, str):
            raise InputError(path, "note must be text", where=f"{where}, note")
        found.append(Upcoming(" ".join(title.split()), when.strip(), date, kind,
                              " ".join(note.split())))
    return found


def load(path: Path) -> list[Upcoming]:
    from ..response import files

    data = files.read_bytes(path, "the upcoming inspections file", MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text") from None
    return parse(path, text)


def still_to_come(items: list[Upcoming], as_of: dt.date) -> list[Upcoming]:
    return [item for item in items if item.date is None or item.date >= as_of]


def find(places: list[Path]) -> Path | None:
    """The office's file in the first folder given (or the folder of the first file)."""
    for place in places:
        folder = place if place.is_dir() else place.parent
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    return None
