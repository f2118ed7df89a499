"""Several files answering one report: which one the folder commands use, and why.

Offices keep stray copies: Explorer's "ashdown - Copy.yaml", a fresh import of the same
report beside the worked response, last month's copy in a subfolder. The folder commands
(status, check, validate, deadline, progress) count each report once, and must never hide
the worked file behind an emptier one. The rule:

| the copies                                   | used                                        |
|----------------------------------------------|---------------------------------------------|
| one holds work the others all hold too       | that one (the others are left out, named)   |
| (answers, actions, recorded dates, register) |                                             |
| all hold the same work (or none)             | the one not named like a copy, else the     |
|                                              | first by name                               |
| two hold different work                      | none: both are named, exit 2, how to settle |

Pure: works from the responses given; reading them is the caller's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..response.model import Response


@dataclass(frozen=True)
class Work:
    """What an office has put into a response file beyond the imported report."""

    items: frozenset[str] = field(default_factory=frozenset)
    answers: int = 0  # comments and actions
    dates: int = 0  # process dates (and the late reason) recorded
    register: int = 0  # findings with a register entry

    def describe(self) -> str:
        if not self.items:
            return "no work in it"
        parts = []
        if self.answers:
            parts.append(f"{self.answers} answer{'s' * (self.answers != 1)}")
        if self.dates:
            parts.append(f"{self.dates} date{'s' * (self.dates != 1)} recorded")
        if self.register:
            parts.append(f"{self.register} register entr{'ies' if self.register != 1 else 'y'}")
        return ", ".join(parts) or "a letter written"


def work_of(response: Response) -> Work:
    """Every answer, action, recorded date, register entry and letter text, as comparable
    strings (place=value), and how many of each."""
    items: set[str] = set()
    answers = dates = register = 0

    def text(value: Any) -> str:
        return json.dumps(value.model_dump(mode="json", exclude_none=True)
                          if hasattr(value, "model_dump") else value, sort_keys=True)

    def voices(where: str, holder: Any) -> None:
        nonlocal answers
        for voice in ("force", "commissioner"):
            passage = getattr(holder, voice, None)
            if passage is not None and (passage.text.strip() or passage.withheld is not None):
                items.add(f"{where}.{voice}={text(passage)}")
                answers += 1

    voices("overall", response.commentary)
    for _, section in response.walk_sections():
        voices(str(section.id), section)
    for _, finding in response.walk_findings():
        voices(str(finding.id), finding)
        if finding.action is not None and (finding.action.status or finding.action.explanation):
            items.add(f"{finding.id}.action={text(finding.action)}")
            answers += 1
        if finding.tracking is not None:
            items.add(f"{finding.id}.tracking={text(finding.tracking)}")
            register += 1
    process = response.process.model_dump(mode="json", exclude_none=True)
    copies = process.pop("copies_sent", {}) or {}
    for key, value in [*process.items(), *((f"copies_sent.{k}", v) for k, v in copies.items())]:
        items.add(f"process.{key}={value}")
        dates += 1
    letter = response.letter
    if letter is not None:
        for key in ("date", "opening", "body", "closing"):
            value = getattr(letter, key)
            if value:
                items.add(f"letter.{key}={value}")
    return Work(frozenset(items), answers, dates, register)


@dataclass(frozen=True)
class Choice:
    keep: int | None  # the index of the copy to use; None when two hold different work
    because: str  # why, for the lines naming the others ("" when the work does not decide)
    clash: tuple[int, int] | None = None  # two copies holding different work


def choose(works: list[Work], by_name: list[int]) -> Choice:
    """Which of several copies to use. ``by_name`` orders the copies by the name rule (not
    named like a copy, then by name), for when the work does not decide."""
    fullest = max(range(len(works)), key=lambda i: (len(works[i].items), -by_name.index(i)))
    top = works[fullest].items
    others = [i for i in range(len(works)) if works[i].items != top]
    for i in others:
        if not works[i].items <= top:
            return Choice(None, "", (fullest, i))
    if not others:
        return Choice(by_name[0], "")
    return Choice(min((i for i in range(len(works)) if works[i].items == top),
                      key=by_name.index), "the work is in it")
