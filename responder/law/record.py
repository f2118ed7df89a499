"""What was done, and when: the dates section 55 turns on, recorded into ``process``.

| event                    | key written                                  | date may be             |
|--------------------------|----------------------------------------------|-------------------------|
| `invited`                | `process.chief_invited`                      | today or earlier        |
| `comments-due`           | `process.chief_comments_due`                 | any day (set ahead)     |
| `comments-received`      | `process.chief_comments_received`            | today or earlier        |
| `draft-ready`            | `process.draft_ready`                        | today or earlier        |
| `signed-off`             | `process.signed_off`                         | today or earlier        |
| `published`              | `process.response_published`                 | report's day to today   |
| `copies-sent`            | both `process.copies_sent.*`                 | report's day to today   |
| `copy-to-inspectorate`   | `process.copies_sent.inspectorate`           | report's day to today   |
| `copy-to-home-secretary` | `process.copies_sent.home_secretary`         | report's day to today   |

The events come in the order of the office's work; ``next_event`` names the first one
still to record. Pure: no I/O, no printing, today is a parameter, and no heavy imports
at module level (``responder deadline`` and ``status`` read this table).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..dates import long_date


@dataclass(frozen=True)
class Event:
    name: str
    keys: tuple[str, ...]  # under process; "copies_sent.inspectorate" for the nested ones
    what: str  # "the chief officer invited to comment": the event in a sentence
    todo: str  # "invite the chief officer to comment": the event as the next step
    ahead: bool = False  # may lie in the future (a date the body sets)
    after_report: bool = False  # cannot come before the report was published
    takes_date: bool = False  # the next-step command needs a date (it is rarely today)
    statutory: bool = False  # section 55 asks for it; a gap is named even after later events


EVENTS: dict[str, Event] = {e.name: e for e in (
    Event("invited", ("chief_invited",), "the chief officer invited to comment",
          "invite the chief officer to comment", statutory=True),
    Event("comments-due", ("chief_comments_due",), "the chief officer's comments due",
          "set the date the chief officer's comments are due", ahead=True, takes_date=True,
          statutory=True),
    Event("comments-received", ("chief_comments_received",), "the chief officer's comments received",
          "record the chief officer's comments when they arrive"),
    Event("draft-ready", ("draft_ready",), "the draft response ready",
          "finish the draft"),
    Event("signed-off", ("signed_off",), "the response signed off",
          "have the response signed off"),
    Event("published", ("response_published",), "the response published",
          "publish the response", after_report=True, statutory=True),
    Event("copies-sent", ("copies_sent.inspectorate", "copies_sent.home_secretary"),
          "copies sent to the inspectorate and the Home Secretary",
          "send the copies to the inspectorate and the Home Secretary", after_report=True,
          statutory=True),
    Event("copy-to-inspectorate", ("copies_sent.inspectorate",), "the copy sent to the inspectorate",
          "send the copy to the inspectorate", after_report=True),
    Event("copy-to-home-secretary", ("copies_sent.home_secretary",),
          "the copy sent to the Home Secretary",
          "send the copy to the Home Secretary", after_report=True),
)}

# The order of the work; the two single copies stand in for copies-sent when one has gone.
SEQUENCE = ("invited", "comments-due", "comments-received", "draft-ready", "signed-off",
            "published", "copies-sent")


class RecordProblem(ValueError):
    """Why an event cannot be recorded as asked; ``where`` is the key it would write."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class Change:
    key: str  # "process.chief_invited"
    old: dt.date | None
    new: dt.date | None

    def describe(self) -> str:
        if self.old == self.new:
            return f"{self.key}: already {_day(self.new)}; nothing changed"
        return f"{self.key}: {_day(self.old)} → {_day(self.new)}"


def _day(day: dt.date | None) -> str:
    return long_date(day) if day else "not recorded"


def find_event(name: str) -> Event:
    """The event called ``name`` (spaces and underscores read as hyphens), or a RecordProblem
    saying which events there are, with a "did you mean"."""
    key = "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    if key in EVENTS:
        return EVENTS[key]
    near = difflib.get_close_matches(key, list(EVENTS), n=1, cutoff=0.6)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    raise RecordProblem(f"no event '{name}'{hint}; the events are: {', '.join(EVENTS)}")


_ABSENT = object()


def get(process: Any, key: str) -> dt.date | None:
    """A recorded date from a Process model or a plain mapping; ``key`` may be dotted."""
    value: Any = process
    for part in _parts(key):
        if value is None:
            return None
        found = getattr(value, part, _ABSENT)  # a model's field (the usual case: no ABC check)
        value = found if found is not _ABSENT else (
            value.get(part) if isinstance(value, Mapping) else None)
    return value if isinstance(value, dt.date) else None


@cache
def _parts(key: str) -> tuple[str, ...]:
    return tuple(key.split("."))


def recorded_on(process: Any, event: Event) -> dt.date | None:
    """When the event was recorded; for copies-sent, the later copy once both have gone."""
    days = [get(process, key) for key in event.keys]
    if any(day is None for day in days):
        return None
    return max(days)  # type: ignore[type-var]


def recorded(process: Any) -> dict[str, str | None]:
    """Every event and its ISO date (or None), for JSON."""
    out = {}
    for name, event in EVENTS.items():
        day = recorded_on(process, event)
        out[name] = day.isoformat() if day else None
    return out


def next_event(process: Any) -> Event | None:
    """The next event to record: the first not yet recorded after the latest one recorded;
    once the work is past them, a statutory event still missing (invited, …); else None."""
    done = [recorded_on(process, EVENTS[name]) is not None for name in SEQUENCE]
    last = max((i for i, is_done in enumerate(done) if is_done), default=-1)
    for i in range(last + 1, len(SEQUENCE)):
        if not done[i]:
            return _single_copy(process, EVENTS[SEQUENCE[i]])
    for i, name in enumerate(SEQUENCE):
        if not done[i] and EVENTS[name].statutory:
            return _single_copy(process, EVENTS[name])
    return None


def _single_copy(process: Any, event: Event) -> Event:
    """copies-sent when neither copy has gone; the one copy still to send when one has."""
    if event.name != "copies-sent":
        return event
    if get(process, "copies_sent.inspectorate") is not None:
        return EVENTS["copy-to-home-secretary"]
    if get(process, "copies_sent.home_secretary") is not None:
        return EVENTS["copy-to-inspectorate"]
    return event


def command(event: Event | str, file: str, *, dated: bool | None = None) -> str:
    """The exact command that records ``event``: 'responder record "my file.yaml" invited'.
    ``dated`` adds DATE for the person to fill in (by default only where today is unlikely)."""
    if isinstance(event, str):
        event = EVENTS[event]
    words = f"responder record {quoted(file)} {event.name}"
    return words + " DATE" if (event.takes_date if dated is None else dated) else words


def quoted(name: str) -> str:
    """A file name as typed at a prompt: in double quotes when it has spaces (cmd, PowerShell, sh)."""
    return f'"{name}"' if any(c.isspace() for c in name) else name


def next_step(process: Any, file: str) -> str | None:
    """'Next: send the copies …: responder record FILE copies-sent', or None when all is done."""
    event = next_event(process)
    if event is None:
        return None
    return f"Next: {event.todo}: {command(event, file)}"


def record(response: Any, event: Event, day: dt.date | None, today: dt.date,
           *, clear: bool = False) -> list[Change]:
    """Write ``day`` for ``event`` into ``response.process`` (or clear it); the changes made.

    Refuses (RecordProblem) a date in the future for anything but comments-due, and a date
    before the report's publication for publication and copies. Nothing is changed then.
    """
    process = response.process
    if clear:
        changes = [Change(f"process.{key}", get(process, key), None) for key in event.keys]
        for key in event.keys:
            _set(process, key, None)
        return changes
    if day is None:
        day = today
    where = f"process.{event.keys[0]}"
    if day > today and not event.ahead:
        raise RecordProblem(
            f"{long_date(day)} is in the future (today is {long_date(today)}); only "
            "comments-due may be set ahead", where)
    published = response.report.published
    if event.after_report and published is not None and day < published:
        raise RecordProblem(
            f"{long_date(day)} is before the report was published ({long_date(published)}); "
            "check the date", where)
    changes = [Change(f"process.{key}", get(process, key), day) for key in event.keys]
    for key in event.keys:
        _set(process, key, day)
    return changes


def _set(process: Any, key: str, day: dt.date | None) -> None:
    *parents, last = key.split(".")
    target = process
    for part in parents:
        target = getattr(target, part)
    setattr(target, last, day)


def recorded_line(event: Event, changes: list[Change], clear: bool) -> list[str]:
    """What happened, in words: one line, or one per key when an old date was replaced."""
    if all(change.old == change.new for change in changes):
        if clear:
            return [f"Nothing recorded for {event.name}; nothing changed."]
        return [f"{event.what.capitalize()}: already recorded as {_day(changes[0].new)}; "
                "nothing changed."]
    if clear:
        return [f"Cleared {event.name}:", *(f"  {c.describe()}" for c in changes if c.old)]
    replaced = [c for c in changes if c.old is not None and c.old != c.new]
    if not replaced:
        keys = " and ".join(c.key for c in changes)
        return [f"Recorded: {event.what} on {_day(changes[0].new)} ({keys})."]
    return [f"Changed {event.name}:", *(f"  {c.describe()}" for c in changes if c.old != c.new)]
