"""What depends on the day: the checks worked out afresh on every run from a response's dates.

`check` splits its work in two (see ``check.checked``): the problems that hold whatever
the day, which the folder commands keep between runs (see cache), and these, which need
only the report's publication date and the ``process`` dates — the 56-day limit passed
or close, the chief officer's reply overdue, a date after today, dates out of order.
Nothing here needs the response model, so a folder whose files are all kept is answered
without loading it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field, fields
from typing import Any

from ..dates import long_date
from ..law.deadline import DUE_SOON_DAYS, last_day

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class CheckProblem:
    code: str
    severity: str
    place: str
    message: str

    def as_dict(self, file: str | None = None) -> dict[str, str | None]:
        return {"file": file, "code": self.code, "severity": self.severity, "place": self.place,
                "message": self.message}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class CopiesDates:
    """``process.copies_sent`` (model.CopiesSent) as plain dates."""

    inspectorate: dt.date | None = None
    home_secretary: dt.date | None = None


@dataclass(frozen=True)
class ProcessDates:
    """A response's ``process`` (model.Process) as plain dates: what the day's checks, the
    deadline and the record of events read, kept between runs without the model."""

    chief_invited: dt.date | None = None
    chief_comments_due: dt.date | None = None
    chief_comments_received: dt.date | None = None
    draft_ready: dt.date | None = None
    signed_off: dt.date | None = None
    response_published: dt.date | None = None
    copies_sent: CopiesDates = field(default_factory=CopiesDates)

    @classmethod
    def of(cls, process: Any) -> ProcessDates:
        copies = process.copies_sent
        return cls(**{f.name: getattr(process, f.name) for f in fields(cls)
                      if f.name != "copies_sent"},
                   copies_sent=CopiesDates(copies.inspectorate, copies.home_secretary))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: _iso(getattr(self, f.name)) for f in fields(self)
                               if f.name != "copies_sent"}
        out["copies_sent"] = [_iso(self.copies_sent.inspectorate),
                              _iso(self.copies_sent.home_secretary)]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProcessDates:
        inspectorate, home_secretary = data["copies_sent"]
        return cls(**{name: _day(value) for name, value in data.items() if name != "copies_sent"},
                   copies_sent=CopiesDates(_day(inspectorate), _day(home_secretary)))


@dataclass
class Checked:
    """A response's problems that hold whatever the day (``before`` and ``after`` the
    dated ones, so the document's order is kept), and the dates and count that the day's
    own checks — the deadline, overdue replies, dates after today — are worked out from."""

    published: dt.date | None
    process: ProcessDates
    unanswered: int
    file: str
    before: list[CheckProblem]
    after: list[CheckProblem]

    def as_of(self, today: dt.date) -> list[CheckProblem]:
        """Every problem on ``today``, in the order of the document."""
        return [*self.before,
                *_process(self.published, self.process, self.unanswered, today, self.file),
                *_date_order(self.published, self.process, today), *self.after]

    def to_json(self) -> dict[str, Any]:
        return {
            "published": self.published.isoformat() if self.published else None,
            "process": self.process.to_json(),
            "unanswered": self.unanswered, "file": self.file,
            "before": [astuple(problem) for problem in self.before],
            "after": [astuple(problem) for problem in self.after],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checked:
        published = data["published"]
        return cls(
            published=dt.date.fromisoformat(published) if published else None,
            process=ProcessDates.from_json(data["process"]), unanswered=data["unanswered"],
            file=data["file"], before=[CheckProblem(*problem) for problem in data["before"]],
            after=[CheckProblem(*problem) for problem in data["after"]],
        )


def _process(published_report: dt.date | None, process: ProcessDates, unanswered: int,
             today: dt.date, file: str = "FILE") -> Iterator[CheckProblem]:
    from ..law.record import command

    if published_report is None:
        yield CheckProblem(
            "DATE", ERROR, "report.published",
            "no publication date: set report.published so the 56-day deadline can be worked out",
        )
        return
    last = last_day(published_report)
    published = process.response_published
    if published is not None and published > last:
        late = (published - last).days
        # A fact to state (the drafted letter does), no longer something to fix: a warning.
        yield CheckProblem(
            "S55-5A", WARNING, "process.response_published",
            f"published on {long_date(published)}, {late} day{'s' * (late != 1)} after the last day "
            f"({long_date(last)}); the letter should say so (process.late_reason gives the "
            "office's reason)",
        )
    elif published is None and today > last:
        late = (today - last).days
        yield CheckProblem(
            "S55-5A", ERROR, "process.response_published",
            f"not published, and the last day ({long_date(last)}) passed {late} "
            f"day{'s' * (late != 1)} ago; publish now, then: {command('published', file)}",
        )
    elif published is None and (last - today).days <= DUE_SOON_DAYS:
        if unanswered:
            left = (last - today).days
            gaps = f"{unanswered} finding{'s' * (unanswered != 1)} still unanswered"
            yield CheckProblem(
                "S55-5A", WARNING, "response",
                f"today is the last day ({long_date(last)}): publish today; {gaps}" if left == 0
                else f"{left} day{'s' * (left != 1)} left to the last day ({long_date(last)}) "
                f"and {gaps}",
            )
    if process.chief_invited is None:
        yield CheckProblem(
            "S55-4", WARNING, "process.chief_invited",
            "no record that the chief officer was invited to comment; invite them, then record "
            f"the date: {command('invited', file, dated=True)}",
        )
    if process.chief_comments_due is None:
        yield CheckProblem(
            "S55-4", WARNING, "process.chief_comments_due",
            "no date set for the chief officer's comments; set one well before the last day: "
            f"{command('comments-due', file)}",
        )
    elif process.chief_comments_received is None and today > process.chief_comments_due:
        yield CheckProblem(
            "S55-4", WARNING, "process.chief_comments_received",
            f"the chief officer's comments were due on {long_date(process.chief_comments_due)} "
            "and are not recorded as received; once they are in: "
            f"{command('comments-received', file, dated=True)}",
        )
    if published is not None:
        copies = process.copies_sent
        missing_copies = [name for name, value in (
            ("the inspectorate", copies.inspectorate), ("the Home Secretary", copies.home_secretary),
        ) if value is None]
        if missing_copies:
            event = "copies-sent" if len(missing_copies) == 2 else (
                "copy-to-inspectorate" if copies.inspectorate is None else "copy-to-home-secretary")
            yield CheckProblem(
                "S55-6", WARNING, "process.copies_sent",
                f"published, but no copy recorded as sent to {' or '.join(missing_copies)} "
                f"(section 55(6)); once sent: {command(event, file, dated=True)}",
            )


# Process dates that should come in this order: (earlier, later, what it means when they do not).
_ORDER = (
    ("chief_invited", "chief_comments_received",
     "the chief officer's comments are recorded as received before they were invited"),
    ("chief_invited", "chief_comments_due",
     "the chief officer's comments were due before they were invited"),
    ("draft_ready", "signed_off", "the response was signed off before the draft was ready"),
    ("signed_off", "response_published", "the response was published before it was signed off"),
    ("draft_ready", "response_published", "the response was published before the draft was ready"),
    ("chief_comments_received", "response_published",
     "the response was published before the chief officer's comments were received"),
)


def _date_order(published: dt.date | None, process: ProcessDates,
                today: dt.date) -> Iterator[CheckProblem]:
    """Dates that are possible but out of order: a typing slip, or a record to correct."""
    if published is not None and published > today:
        yield CheckProblem(
            "DATE", WARNING, "report.published",
            f"the report's publication date, {long_date(published)}, is after today: "
            "not yet published? The deadline counts from the day it is published",
        )
    for earlier, later, meaning in _ORDER:
        first, then = getattr(process, earlier), getattr(process, later)
        if first is not None and then is not None and then < first:
            yield CheckProblem(
                "DATE-ORDER", WARNING, f"process.{later}",
                f"{meaning} ({later} {long_date(then)}, {earlier} {long_date(first)}); "
                "check both dates",
            )
