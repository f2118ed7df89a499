"""The register: every finding tracked to done after the response is published.

A finding's ``tracking`` (model.Tracking) says who owns it, by when, and how it stands:

| status        | open? | what it means                                   | set by `track --status` |
|---------------|-------|-------------------------------------------------|-------------------------|
| `open`        | yes   | nothing done yet (the default)                  | `open`                  |
| `in_progress` | yes   | work under way                                  | `in-progress`           |
| `complete`    | no    | the force says it is done                       | `complete`              |
| `closed`      | no    | the inspectorate has accepted it (`closed_on`)  | `closed`                |

A finding is **overdue** when it is open and its `due` date is before today. `rag`
(red, amber, green) is the office's own judgement and never worked out here.

Which findings are in the register: every finding the force acts on — areas for
improvement, recommendations, and a cause of concern that has no recommendations of
its own (one that has them is tracked through them). A recommendation addressed to a
national body is in the register only once someone has started tracking it.

Pure: no I/O, no printing; ``today`` is a parameter.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import long_date
from ..errors import ResponderError
from ..law.calendar import ActionDate
from ..response.model import TRACKING_STATUSES, Finding, Response, Section, Tracking, Update, kind_label

STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "complete": "Complete",
                 "closed": "Closed"}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
RAGS = ("red", "amber", "green")


class UnknownFinding(ResponderError):
    """A REF that names no finding in the file; the message lists the nearest."""


@dataclass
class Entry:
    """One finding in the register, with where it sits."""

    section: Section
    finding: Finding
    parent: Finding | None  # the cause of concern grouping a recommendation

    @property
    def id(self) -> str:
        return self.finding.id or ""

    @property
    def tracking(self) -> Tracking:
        return self.finding.tracking or Tracking()

    @property
    def withheld(self) -> bool:
        return self.finding.withheld is not None or (
            self.parent is not None and self.parent.withheld is not None)


def entries(response: Response) -> list[Entry]:
    """The findings in the register, in the order of the report."""
    found: list[Entry] = []
    for _, section in response.walk_sections():
        for finding in section.findings:
            if finding.recommendations:
                found += [Entry(section, rec, finding) for rec in finding.recommendations
                          if in_register(rec)]
            elif in_register(finding):
                found.append(Entry(section, finding, None))
    return found


def in_register(finding: Finding) -> bool:
    if finding.tracking is not None:
        return True
    return finding.kind != "recommendation" or finding.is_local


def is_open(tracking: Tracking | None) -> bool:
    return tracking is None or tracking.is_open


def is_overdue(tracking: Tracking | None, today: dt.date) -> bool:
    return tracking is not None and tracking.is_open and tracking.due is not None \
        and tracking.due < today


def open_entries(response: Response) -> list[Entry]:
    return [entry for entry in entries(response) if is_open(entry.finding.tracking)]


@dataclass
class Counts:
    """How the register stands: for `status`, the committee paper and the calendar."""

    findings: int = 0
    open: int = 0
    in_progress: int = 0
    complete: int = 0
    closed: int = 0
    overdue: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    no_rag: int = 0

    @property
    def still_open(self) -> int:
        """Open in the register's sense: `open` or `in_progress`."""
        return self.open + self.in_progress

    def add(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name)
                         for name in self.__dataclass_fields__})

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def count(response: Response, today: dt.date) -> Counts:
    """The register's counts (withheld findings included: the published response shows
    that they exist)."""
    result = Counts()
    for entry in entries(response):
        tracking = entry.tracking
        result.findings += 1
        setattr(result, tracking.status, getattr(result, tracking.status) + 1)
        result.overdue += is_overdue(entry.finding.tracking, today)
        if tracking.rag:
            setattr(result, tracking.rag, getattr(result, tracking.rag) + 1)
        else:
            result.no_rag += 1
    return result


# ---------------------------------------------------------------- finding a REF


_PLACE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*\(")


def find(response: Response, ref: str) -> Entry:
    """The finding ``ref`` names: its id (any case), or a place as `check` prints it
    ("s1.1-afi2 (Area for improvement: The force should…)")."""
    every = entries(response)
    by_id = {entry.id.casefold(): entry for entry in every}
    wanted = ref.strip()
    match = _PLACE.match(wanted)
    if match:
        wanted = match.group(1)
    hit = by_id.get(wanted.casefold())
    if hit is not None:
        return hit
    # A cause of concern with recommendations is tracked through them: say so.
    for _, finding in response.walk_findings():
        if (finding.id or "").casefold() == wanted.casefold():
            if finding.recommendations:
                ids = ", ".join(rec.id or "" for rec in finding.recommendations)
                raise UnknownFinding(f"{finding.id} is a cause of concern; its recommendations "
                                     f"are tracked one by one: {ids}")
            raise UnknownFinding(f"{finding.id} is addressed to {finding.addressed_to}, so it "
                                 "is not in the register")
    raise UnknownFinding(f"no finding {ref.strip()!r}" + _nearest(every, wanted))


def _nearest(every: list[Entry], wanted: str) -> str:
    ids = [entry.id for entry in every]
    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5)
    if not near and len(wanted) > 3:
        # Words rather than an id: the findings whose text they best match.
        from rapidfuzz import fuzz, process, utils

        texts = {entry.id: entry.finding.text for entry in every}
        near = [key for _, score, key in process.extract(
            wanted, texts, scorer=fuzz.partial_ratio, processor=utils.default_process, limit=3)
            if score >= 60]
    if not near:
        return f"; its findings are {_list(ids)}" if ids else "; it has no findings"
    return "; nearest: " + ", ".join(
        f"{key} ({describe_short(next(e for e in every if e.id == key))})" for key in near)


def _list(ids: list[str]) -> str:
    return ", ".join(ids[:12]) + (f" … ({len(ids)} in all)" if len(ids) > 12 else "")


def describe_short(entry: Entry, width: int = 40) -> str:
    text = " ".join(entry.finding.text.split())
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"{kind_label(entry.finding.kind)}: {text}"


# ---------------------------------------------------------------- changing it


@dataclass
class Change:
    """What `track` asks for; None leaves a key as it is ('' clears owner, due or rag)."""

    owner: str | None = None
    due: dt.date | None = None
    clear_due: bool = False
    status: str | None = None
    rag: str | None = None
    clear_rag: bool = False
    update: str | None = None
    date: dt.date | None = None  # the date of the update or status change; default today

    def is_empty(self) -> bool:
        return (self.owner is None and self.due is None and not self.clear_due
                and self.status is None and self.rag is None and not self.clear_rag
                and not (self.update or "").strip())


class BadChange(ResponderError):
    """A change that cannot be made (a date after today, a status not on the list)."""


def apply(finding: Finding, change: Change, today: dt.date,
          published: dt.date | None = None) -> list[str]:
    """Make ``change`` to the finding's register entry; returns what changed, in words.

    A status change or an update is dated (``change.date``, else today) and recorded as
    an update, so the register keeps its history; closing sets ``closed_on``. The date
    falls between the report's publication (``published``) and today: nothing about a
    finding happens before the report that made it.
    """
    when = change.date or today
    if when > today:
        raise BadChange(f"the date {long_date(when)} is after today ({long_date(today)}); "
                        "an update records what has happened")
    if published is not None and when < published:
        raise BadChange(f"the date {long_date(when)} is before the report was published "
                        f"({long_date(published)}); check the year")
    if change.status is not None and change.status not in TRACKING_STATUSES:
        raise BadChange(f"{change.status!r} is not a status; choose one of "
                        + ", ".join(TRACKING_STATUSES))
    if change.rag is not None and change.rag not in RAGS:
        raise BadChange(f"{change.rag!r} is not a RAG rating; choose red, amber or green")
    tracking = (finding.tracking or Tracking()).model_copy(deep=True)
    done: list[str] = []
    if change.owner is not None and change.owner.strip() != (tracking.owner or ""):
        tracking.owner = change.owner.strip() or None
        done.append(f"owner: {tracking.owner}" if tracking.owner else "owner removed")
    if change.clear_due and tracking.due is not None:
        tracking.due = None
        done.append("target date removed")
    elif change.due is not None and change.due != tracking.due:
        tracking.due = change.due
        done.append(f"target date: {long_date(change.due)}")
    if change.clear_rag and tracking.rag is not None:
        tracking.rag = None
        done.append("RAG rating removed")
    elif change.rag is not None and change.rag != tracking.rag:
        tracking.rag = change.rag  # type: ignore[assignment]
        done.append(f"RAG: {RAG_LABELS[change.rag]}")
    new_status = change.status if change.status != tracking.status else None
    text = (change.update or "").strip()
    if new_status is not None:
        before = tracking.status
        # closed_on belongs to closed only: clear it first so validation accepts each step.
        tracking.closed_on = None
        tracking.status = new_status  # type: ignore[assignment]
        if new_status == "closed":
            tracking.closed_on = when
        done.append(f"status: {STATUS_LABELS[before]} → {STATUS_LABELS[new_status]}"
                    + (f" on {long_date(when)}" if change.date else ""))
        if not text:
            text = f"Status changed to {STATUS_LABELS[new_status].lower()}."
    if text:
        tracking.updates.append(Update(date=when, text=text, status=new_status))  # type: ignore[arg-type]
        if not new_status:
            done.append(f"update of {long_date(when)} added")
        else:
            done[-1] += f"; update of {long_date(when)} added" if change.update else ""
    if done:
        finding.tracking = tracking
    return done


def describe(entry: Entry, today: dt.date) -> list[str]:
    """A finding's register entry in words, for `track FILE REF` and the walk."""
    tracking = entry.finding.tracking
    lines = [f"{entry.id} — {kind_label(entry.finding.kind)}"]
    if tracking is None:
        return [*lines, "  Not tracked yet: no owner, target date or update."]
    status = STATUS_LABELS[tracking.status]
    if tracking.status == "closed" and tracking.closed_on:
        status += f" on {long_date(tracking.closed_on)}"
    if is_overdue(tracking, today):
        status += f" — OVERDUE (target date {long_date(tracking.due)})"  # type: ignore[arg-type]
    lines.append(f"  Status: {status}" + (f" · RAG: {RAG_LABELS[tracking.rag]}"
                                          if tracking.rag else ""))
    lines.append(f"  Owner: {tracking.owner or 'not set'} · Target date: "
                 f"{long_date(tracking.due) if tracking.due else 'not set'}")
    latest = tracking.latest()
    if latest is not None:
        lines.append(f"  Latest update ({long_date(latest.date)}): {latest.text}")
    if len(tracking.updates) > 1:
        lines.append(f"  ({len(tracking.updates)} updates in all)")
    return lines


def iter_overdue(response: Response, today: dt.date) -> Iterator[Entry]:
    for entry in entries(response):
        if is_overdue(entry.finding.tracking, today):
            yield entry


def action_dates(response: Response, today: dt.date) -> list[ActionDate]:
    """The target dates of a response's open findings, for the calendar (withheld ones say only
    their ref)."""
    found = []
    for entry in open_entries(response):
        tracking = entry.finding.tracking
        if tracking is None or tracking.due is None:
            continue
        text = "" if entry.withheld else " ".join(entry.finding.text.split())
        found.append(ActionDate(entry.id, kind_label(entry.finding.kind), text, tracking.owner,
                                tracking.due, STATUS_LABELS[tracking.status],
                                is_overdue(tracking, today)))
    return found
