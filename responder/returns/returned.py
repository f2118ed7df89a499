"""A returned form as read from its file, before it is matched with the response."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ReturnedBox:
    finding_id: str
    field: str
    fingerprint: str  # of the answer the box was filled with when the form was made
    raw: Any  # what the box holds now: text, or a date or number from a spreadsheet cell
    where: str  # for messages: 'row 7, Owner' or 's1-afi1, Owner'


@dataclass
class ReturnedForm:
    path: Path
    identity: str
    source_name: str  # the response file the form was made from
    boxes: list[ReturnedBox] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (id, where) without boxes
