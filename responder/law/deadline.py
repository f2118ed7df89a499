"""The 56-day rule of section 55(5A), the milestones before it, and working days.

Section 55(5A) of the Police Act 1996: the comments must be published "before
the end of the period of 56 days beginning with the day on which the report is
published". The publication day is day 1, so the last day is publication + 55
days. The last day never moves; when it is a weekend or a bank holiday we say so
and name the last working day on or before it.

Bank holidays are England and Wales's (Welsh forces share them), from the
``holidays`` package, which works offline (see bank_holidays, which keeps each year's).

Pure but for those bank holidays: no printing, and today's date is always a parameter. Kept light
(no pydantic, no YAML) so ``responder deadline --published`` starts fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError

PERIOD_DAYS = 56  # s55(5A): the period of 56 days beginning with the publication day
LAST_DAY_OFFSET = PERIOD_DAYS - 1
DUE_SOON_DAYS = 7

STATUSES = ("open", "due_soon", "overdue", "published_on_time", "published_late")
LATE_STATUSES = frozenset({"overdue", "published_late"})

# key, name, default planned day (days after the publication day; 55 is the last day).
MILESTONES: tuple[tuple[str, str, int], ...] = (
    ("chief_invited", "Chief officer invited to comment", 3),
    ("chief_comments_due", "Chief officer's comments due", 28),
    ("draft_ready", "Draft response ready", 38),
    ("signed_off", "Response signed off", 45),
    ("response_published", "Response published", LAST_DAY_OFFSET),
    ("copies_sent", "Copies sent to HMICFRS and Home Secretary", LAST_DAY_OFFSET),
)
MILESTONE_KEYS = tuple(key for key, _, _ in MILESTONES)

# Where each milestone comes from in the law, for calendar descriptions.
LAW = {
    "chief_invited": "Police Act 1996, s55(4): invite the chief officer to comment by a date "
    "the body sets.",
    "chief_comments_due": "Police Act 1996, s55(4): the date set for the chief officer's comments.",
    "response_published": "Police Act 1996, s55(5) and (5A): publish the comments within 56 days "
    "of the report's publication.",
    "copies_sent": "Police Act 1996, s55(6): send copies to the inspectors of constabulary "
    "and the Secretary of State.",
}


# ---------------------------------------------------------------- days


def last_day(published: dt.date) -> dt.date:
    """The last day of the 56-day period that begins on the publication day."""
    return published + dt.timedelta(days=LAST_DAY_OFFSET)


def holiday_name(day: dt.date) -> str | None:
    """The bank holiday on ``day`` in England and Wales, or None."""
    from . import bank_holidays

    return bank_holidays.name(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def last_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the nearest working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def non_working_reason(day: dt.date) -> str | None:
    """Why ``day`` is not a working day ('Boxing Day', 'Saturday'), or None when it is one."""
    name = holiday_name(day)
    if name:
        return name
    if day.weekday() >= 5:
        return f"{day:%A}"
    return None


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class DeadlineConfig:
    """An office's choices: when each milestone is planned, and when to be reminded."""

    offsets: Mapping[str, int] = field(
        default_factory=lambda: {key: days for key, _, days in MILESTONES}
    )
    due_soon_days: int = DUE_SOON_DAYS
    alarm_days: tuple[int, ...] = (7, 2)  # reminders, days before the last working day
    source: Path | None = None  # the responder.toml it came from, if any

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: Path | None = None) -> DeadlineConfig:
        """Build from the ``[deadline]`` table of responder.toml; bad values are InputErrors."""
        if not isinstance(data, Mapping):
            raise InputError(source, "must be a table ([deadline])", where="deadline")
        known = {"milestones", "due_soon_days", "alarm_days"}
        _no_unknown(data, known, "deadline", source)
        offsets = {key: days for key, _, days in MILESTONES}
        milestones = data.get("milestones", {})
        if not isinstance(milestones, Mapping):
            raise InputError(source, "must be a table ([deadline.milestones])",
                             where="deadline.milestones")
        _no_unknown(milestones, set(MILESTONE_KEYS), "deadline.milestones", source)
        for key, value in milestones.items():
            offsets[key] = _days(value, f"deadline.milestones.{key}", source)
        _in_order(offsets, set(milestones), source)
        due_soon = _days(data.get("due_soon_days", DUE_SOON_DAYS), "deadline.due_soon_days", source)
        alarms = data.get("alarm_days", [7, 2])
        if not isinstance(alarms, list):
            raise InputError(source, "must be a list of whole numbers of days, e.g. [7, 2]",
                             where="deadline.alarm_days")
        alarm_days = tuple(
            sorted({_days(v, "deadline.alarm_days", source) for v in alarms}, reverse=True)
        )
        return cls(offsets, due_soon, alarm_days, source)


def _no_unknown(table: Mapping[str, Any], known: set[str], where: str, source: Path | None) -> None:
    for key in table:
        if key not in known:
            raise InputError(
                source, f"unknown key {key!r} (expected one of: {', '.join(sorted(known))})",
                where=f"{where}.{key}",
            )


def _in_order(offsets: Mapping[str, int], given: set[str], source: Path | None) -> None:
    """Refuse milestones planned out of order (comments due before the invitation): the
    calendar would carry the mistake to everyone who subscribes to it."""
    def shown(key: str) -> str:
        return f"{key} ({offsets[key]}{'' if key in given else ', the default'})"

    for index, earlier in enumerate(MILESTONE_KEYS):
        for later in MILESTONE_KEYS[index + 1:]:
            if offsets[later] < offsets[earlier] and (earlier in given or later in given):
                raise InputError(
                    source, f"{shown(later)} comes before {shown(earlier)}; each milestone "
                    f"falls on or after the one before it ({', '.join(MILESTONE_KEYS)})",
                    where="deadline.milestones")


def _days(value: Any, where: str, source: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LAST_DAY_OFFSET:
        raise InputError(
            source,
            f"{value!r} is not a number of days from 0 to {LAST_DAY_OFFSET} "
            f"(0 is the publication day, {LAST_DAY_OFFSET} the last day)",
            where=where,
        )
    return value


DEFAULT_CONFIG = DeadlineConfig()


# ---------------------------------------------------------------- assessment


@dataclass
class Milestone:
    key: str
    name: str
    date: dt.date
    done: bool

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "date": self.date.isoformat(),
                "done": self.done}


@dataclass
class Assessment:
    title: str | None
    published: dt.date
    last_day: dt.date
    last_working_day: dt.date
    days_remaining: int
    status: str
    days_late: int | None
    milestones: list[Milestone]
    response_published: dt.date | None = None  # as recorded in the file
    last_day_non_working: str | None = None  # 'Boxing Day', 'Sunday', or None
    recorded: dict[str, str | None] | None = None  # record's events and their ISO dates (files)
    next_event: str | None = None  # the next event to record (files)

    @property
    def is_late(self) -> bool:
        return self.status in LATE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.response_published is not None

    def next_milestone(self) -> Milestone | None:
        """The first milestone not yet done, in the order of the process."""
        return next((m for m in self.milestones if not m.done), None)

    def to_json(self, file: str | None = None) -> dict[str, Any]:
        return {
            "file": file,
            "title": self.title,
            "published": self.published.isoformat(),
            "last_day": self.last_day.isoformat(),
            "last_working_day": self.last_working_day.isoformat(),
            "last_day_non_working": self.last_day_non_working,
            "days_remaining": self.days_remaining,
            "status": self.status,
            "days_late": self.days_late,
            "response_published": _iso(self.response_published),
            "milestones": [m.to_json() for m in self.milestones],
            "recorded": self.recorded,
            "next_event": self.next_event,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


class _Report(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def published(self) -> dt.date | None: ...


class _HasReport(Protocol):
    """A Response, or anything with the same ``report`` and ``process`` (e.g. a file header)."""

    @property
    def report(self) -> _Report: ...
    @property
    def process(self) -> Any: ...


class NoPublicationDate(InputError):
    """The response has no report.published, so there is no deadline to work out."""


def assess(
    response: _HasReport,
    today: dt.date,
    config: DeadlineConfig | None = None,
    *,
    source: Path | None = None,
    line: int | None = None,
) -> Assessment:
    """Where a response stands against the 56-day rule on ``today``.

    Dates recorded in its ``process`` mark milestones done and replace the planned ones.
    Raises NoPublicationDate when ``report.published`` is missing.
    """
    published = response.report.published
    if published is None:
        raise NoPublicationDate(
            source,
            "no publication date, so no deadline: set report.published to the day the "
            "inspectorate published the report (YYYY-MM-DD)",
            where="report.published",
            line=line,
        )
    return _assess(published, today, config or DEFAULT_CONFIG, response.report.title,
                   response.process)


def assess_date(
    published: dt.date, today: dt.date, config: DeadlineConfig | None = None
) -> Assessment:
    """Where a report published on ``published`` stands on ``today`` (nothing recorded yet)."""
    return _assess(published, today, config or DEFAULT_CONFIG, None, None)


def _assess(
    published: dt.date, today: dt.date, config: DeadlineConfig, title: str | None, process: Any
) -> Assessment:
    from . import record

    last = last_day(published)
    recorded = _recorded(process)
    done_on = recorded.get("response_published")
    days_remaining = (last - today).days
    days_late: int | None = None
    if done_on is not None:
        late = (done_on - last).days
        status = "published_late" if late > 0 else "published_on_time"
        days_late = late if late > 0 else None
    elif days_remaining < 0:
        status, days_late = "overdue", -days_remaining
    elif days_remaining <= config.due_soon_days:
        status = "due_soon"
    else:
        status = "open"
    return Assessment(
        title=title,
        published=published,
        last_day=last,
        last_working_day=last_working_day(last),
        days_remaining=days_remaining,
        status=status,
        days_late=days_late,
        milestones=milestones(published, config, recorded),
        response_published=done_on,
        last_day_non_working=non_working_reason(last),
        recorded=record.recorded(process) if process is not None else None,
        next_event=getattr(record.next_event(process), "name", None) if process is not None
        else None,
    )


def planned_date(published: dt.date, days: int) -> dt.date:
    """A planned milestone: ``days`` after publication, brought back to a working day."""
    return max(published, last_working_day(published + dt.timedelta(days=days)))


def milestones(
    published: dt.date, config: DeadlineConfig, recorded: Mapping[str, dt.date | None]
) -> list[Milestone]:
    out = []
    for key, name, default in MILESTONES:
        planned = planned_date(published, config.offsets.get(key, default))
        # A recorded comments-due date is the date the body set; receiving them marks it done.
        marker = "chief_comments_received" if key == "chief_comments_due" else key
        date = recorded.get(key) or planned
        out.append(Milestone(key, name, date, recorded.get(marker) is not None))
    return out


def _recorded(process: Any) -> dict[str, dt.date | None]:
    """Dates recorded in a response's ``process`` section, by milestone key."""
    if process is None:
        return {}
    get = (lambda name: process.get(name)) if isinstance(process, Mapping) else (
        lambda name: getattr(process, name, None))
    recorded = {name: get(name) for name in (*MILESTONE_KEYS, "chief_comments_received")}
    copies = get("copies_sent")
    if copies is not None:
        sent = [getattr(copies, who, None) if not isinstance(copies, Mapping) else copies.get(who)
                for who in ("inspectorate", "home_secretary")]
        # Both copies must have gone for s55(6) to be met; the later date is when it was.
        recorded["copies_sent"] = max(sent) if all(sent) else None  # type: ignore[type-var]
    return recorded


# ---------------------------------------------------------------- words

STATUS_WORDS = {
    "open": "open",
    "due_soon": "due soon",
    "overdue": "overdue",
    "published_on_time": "published on time",
    "published_late": "published late",
}
