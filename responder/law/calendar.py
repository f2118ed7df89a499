"""Deadlines as an iCalendar file for Outlook, Google Calendar and Thunderbird.

One all-day event per milestone and one for the last day, with reminders before
the last day while the response is still to be published. Each event's UID is
built from the report (its title and publication date) and the milestone, never
from the file's name or the run, so importing an updated file moves the events
it made last time instead of adding copies.

Pure: returns bytes; the caller writes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..dates import long_date, weekday_date
from .deadline import LAW, Assessment

PRODID = "-//responder//Section 55 deadlines//EN"
CALENDAR_NAME = "Section 55 responses"
UID_DOMAIN = "responder.section55"


def report_key(item: Assessment) -> str:
    """A short stable key for the report behind an assessment (title and publication date)."""
    title = " ".join((item.title or "").split()).casefold()
    seed = f"{title}|{item.published.isoformat()}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def uid(item: Assessment, what: str) -> str:
    return f"{what}-{item.published:%Y%m%d}-{report_key(item)}@{UID_DOMAIN}"


def label(item: Assessment) -> str:
    return item.title or f"report published {long_date(item.published)}"


@dataclass(frozen=True)
class ActionDate:
    """An open finding's target date, for `deadline --ics --actions`."""

    ref: str
    kind: str
    text: str
    owner: str | None
    due: dt.date
    status: str
    overdue: bool


@dataclass(frozen=True)
class RequestDate:
    """An update request's reply-by date (`track requests`), for `deadline --ics --actions`."""

    owner: str
    reply_by: dt.date
    findings: int
    made: dt.date
    folder: str


def calendar(
    items: Iterable[tuple[str | None, Assessment]],
    stamp: dt.datetime,
    alarm_days: Iterable[int] = (7, 2),
    actions: dict[int, list[ActionDate]] | None = None,
    requests: Iterable[RequestDate] = (),
) -> bytes:
    """The .ics bytes for ``(file, assessment)`` pairs.

    ``stamp`` is the DTSTAMP (an aware time); ``alarm_days`` are reminders, in days
    before the last day, given while the response is unpublished. ``actions`` maps an
    item's position to its open findings' target dates: one event each, its UID built
    from the report and the finding's id, so a moved target date moves the event.
    """
    actions = actions or {}
    alarm_days = tuple(alarm_days)
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = stamp.astimezone(dt.timezone.utc)

    def event(item: Assessment, what: str, day: dt.date, summary: str, lines: list[str],
              category: str = "Section 55") -> Any:
        ev = Event()
        ev.add("uid", uid(item, what))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)  # a date, so VALUE=DATE: an all-day event
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", "\n".join(lines))
        ev.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not block time
        ev.add("categories", [category])
        return ev

    for position, (file, item) in enumerate(items):
        for action in actions.get(position, []):
            summary = f"Target date: {action.ref} – {label(item)}"
            if action.overdue:
                summary = f"Overdue: {summary}"
            lines = [f"{action.kind} {action.ref}: {action.text or 'withheld from publication'}",
                     f"Owner: {action.owner or 'not assigned'}",
                     f"Status: {action.status}", f"Report: {label(item)}"]
            if file:
                lines.append(f"File: {file}")
            cal.add_component(event(item, f"action-{action.ref}", action.due, summary, lines,
                                    "HMICFRS register"))
        about = [
            f"Report: {label(item)}",
            f"Published: {weekday_date(item.published)}",
            f"Last day to publish the response: {weekday_date(item.last_day)}",
        ]
        if item.last_day_non_working:
            about.append(
                f"The last day is {item.last_day_non_working}; it does not move. "
                f"Last working day: {weekday_date(item.last_working_day)}."
            )
        if file:
            about.append(f"File: {file}")

        for milestone in item.milestones:
            summary = f"{milestone.name} – {label(item)}"
            if milestone.done:
                summary = f"Done: {summary}"
            law = [LAW[milestone.key]] if milestone.key in LAW else []
            cal.add_component(event(item, milestone.key, milestone.date, summary, [*about, *law]))

        summary = f"Last day for the s55 response – {label(item)}"
        if item.response_published is not None:
            summary = f"Published: {summary}"
        last = event(item, "last-day", item.last_day, summary, [*about, LAW["response_published"]])
        if item.response_published is None:
            # Reminders count to the last working day, when the response must really be out.
            lead = (item.last_day - item.last_working_day).days
            for days in alarm_days:
                alarm = Alarm()
                alarm.add("uid", uid(item, f"last-day-alarm-{days}"))
                alarm.add("action", "DISPLAY")
                when = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
                by = weekday_date(item.last_working_day)
                alarm.add("description", f"Section 55 response due {when} ({by}): {label(item)}")
                # 9 am on the day (an all-day event starts at midnight).
                alarm.add("trigger", dt.timedelta(days=-(days + lead), hours=9))
                last.add_component(alarm)
        cal.add_component(last)
    for request in requests:
        # One event per owner and folder: a later request moves it (the UID stays).
        key = hashlib.sha256(f"{request.folder}\n{' '.join(request.owner.split()).casefold()}"
                             .encode()).hexdigest()[:16]
        ev = Event()
        ev.add("uid", f"request-{key}@{UID_DOMAIN}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", request.reply_by)
        ev.add("dtend", request.reply_by + dt.timedelta(days=1))
        ev.add("summary", f"Update due back: {request.owner}")
        s = "s" if request.findings != 1 else ""
        ev.add("description", "\n".join([
            f"Update request sent to {request.owner} on {weekday_date(request.made)}: "
            f"{request.findings} open finding{s}.",
            f"Read the returned form with: responder track read {request.folder} FORM"]))
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["HMICFRS register"])
        cal.add_component(ev)
    return cal.to_ical()

