"""The register: every finding tracked to done after the response is published.

A finding's ``tracking`` (model.Tracking) says who owns it, by when, and how it stands:

| status              | open? | what it means                                  | `track --status` | needs             |
|---------------------|-------|------------------------------------------------|------------------|-------------------|
| `open`              | yes   | nothing done yet (the default)                 | `open`           |                   |
| `in_progress`       | yes   | work under way                                 | `in-progress`    |                   |
| `complete`          | no    | the force says it is done; awaiting acceptance | `complete`       |                   |
| `closed`            | no    | accepted on evidence (`closed_on`)             | `closed`         | `--evidence`, `--approved-by` |
| `no_further_action` | no    | the office has decided nothing more is done    | `no-further-action` | `--update` (why) |
| `superseded`        | no    | overtaken by a later report's finding          | `superseded`     | `--by FILE#ID`    |
| `reopened`          | yes   | done once, open again                          | `reopened`       |                   |

A target date that moves keeps its trail (`due_changes`: the date it was, when it moved
and why): moving or removing a target date needs a reason; setting the first one does not.

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

from ..dates import long_date, plural
from ..errors import ResponderError
from ..law.calendar import ActionDate
from ..render.i18n import N_
from ..response.model import (
    TRACKING_STATUSES,
    DueChange,
    Finding,
    Link,
    Response,
    Section,
    Tracking,
    Update,
    kind_label,
)

# Messages of the catalogue (render/i18n.py): the Welsh paper and forms show them in Welsh.
STATUS_LABELS = {"open": N_("Open"), "in_progress": N_("In progress"),
                 "complete": N_("Complete"), "closed": N_("Closed"),
                 "no_further_action": N_("No further action"),
                 "superseded": N_("Superseded"), "reopened": N_("Reopened")}
DONE_STATUSES = ("complete", "closed", "no_further_action", "superseded")
RAG_LABELS = {"red": N_("Red"), "amber": N_("Amber"), "green": N_("Green")}
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
    no_further_action: int = 0
    superseded: int = 0
    reopened: int = 0
    overdue: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    no_rag: int = 0

    @property
    def still_open(self) -> int:
        """Open in the register's sense: `open`, `in_progress` or `reopened`."""
        return self.open + self.in_progress + self.reopened

    @property
    def done(self) -> int:
        """No longer open: complete, closed, no further action or superseded."""
        return self.complete + self.closed + self.no_further_action + self.superseded

    @property
    def per_cent_complete(self) -> int:
        """The share of findings no longer open, in whole per cent (rounded down, so 100
        means every one)."""
        return self.done * 100 // self.findings if self.findings else 0

    def add(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name)
                         for name in self.__dataclass_fields__})

    def as_dict(self) -> dict[str, int]:
        return {**{name: getattr(self, name) for name in self.__dataclass_fields__},
                "done": self.done, "per_cent_complete": self.per_cent_complete}


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
    reason: str | None = None  # why the target date moved (needed when one was set)
    status: str | None = None
    rag: str | None = None
    clear_rag: bool = False
    update: str | None = None
    evidence: str | None = None  # what shows it, where it is kept
    approved_by: str | None = None  # who accepted the evidence (closing)
    superseded_by: Link | None = None
    by: str | None = None  # who gave the update, when it came from an owner's form
    date: dt.date | None = None  # the date of the update or status change; default today

    def is_empty(self) -> bool:
        return (self.owner is None and self.due is None and not self.clear_due
                and self.status is None and self.rag is None and not self.clear_rag
                and not (self.update or "").strip() and not (self.evidence or "").strip()
                and self.superseded_by is None)


class BadChange(ResponderError):
    """A change that cannot be made (a date after today, a status not on the list)."""


def _check(change: Change, tracking: Tracking, today: dt.date,
           published: dt.date | None) -> dt.date:
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
    moves = tracking.due is not None and (
        change.clear_due or (change.due is not None and change.due != tracking.due))
    if moves and not (change.reason or "").strip():
        what = "removing it" if change.clear_due else f"moving it to {long_date(change.due)}"  # type: ignore[arg-type]
        raise BadChange(f"the target date is {long_date(tracking.due)}; {what} needs a reason "
                        "(--reason \"…\"), kept with the old date")
    status = change.status
    if change.superseded_by is not None and status is None:
        status = change.status = "superseded"
    if status == "closed" and status != tracking.status:
        missing = [flag for flag, value in (
            ("--evidence (what shows it is done, and where it is kept)",
             change.evidence or tracking.evidence),
            ("--approved-by (who accepted it)", change.approved_by)) if not (value or "").strip()]
        if missing:
            raise BadChange("closing needs " + " and ".join(missing))
    if status == "superseded" and change.superseded_by is None and tracking.superseded_by is None:
        raise BadChange("superseded by what? name the later finding: --by FILE#ID "
                        "(e.g. --by peel-2025.yaml#s1-afi2)")
    if status == "no_further_action" and status != tracking.status \
            and not (change.update or "").strip():
        raise BadChange("no further action needs its reason, as an update (--update \"…\")")
    if change.approved_by and status != "closed" and tracking.status != "closed":
        raise BadChange("--approved-by goes with --status closed")
    return when


def apply(finding: Finding, change: Change, today: dt.date,
          published: dt.date | None = None) -> list[str]:
    """Make ``change`` to the finding's register entry; returns what changed, in words.

    A status change or an update is dated (``change.date``, else today) and recorded as
    an update, so the register keeps its history; updates are only ever added. Closing
    sets ``closed_on``, ``evidence`` and ``approved_by``; leaving closed clears them (the
    update that closed it keeps them). A moved target date keeps the old one in
    ``due_changes``. The date falls between the report's publication (``published``) and
    today: nothing about a finding happens before the report that made it.
    """
    tracking = (finding.tracking or Tracking()).model_copy(deep=True)
    when = _check(change, tracking, today, published)
    done: list[str] = []
    if change.owner is not None and change.owner.strip() != (tracking.owner or ""):
        tracking.owner = change.owner.strip() or None
        done.append(f"owner: {tracking.owner}" if tracking.owner else "owner removed")
    reason = (change.reason or "").strip()
    if change.clear_due and tracking.due is not None:
        tracking.due_changes.append(DueChange(was=tracking.due, on=when, reason=reason))
        tracking.due = None
        done.append(f"target date removed ({reason})")
    elif change.due is not None and change.due != tracking.due:
        if tracking.due is not None:
            tracking.due_changes.append(DueChange(was=tracking.due, on=when, reason=reason))
            done.append(f"target date moved from {long_date(tracking.due)} to "
                        f"{long_date(change.due)} ({reason})")
        else:
            done.append(f"target date: {long_date(change.due)}")
        tracking.due = change.due
    if change.clear_rag and tracking.rag is not None:
        tracking.rag = None
        done.append("RAG rating removed")
    elif change.rag is not None and change.rag != tracking.rag:
        tracking.rag = change.rag  # type: ignore[assignment]
        done.append(f"RAG: {RAG_LABELS[change.rag]}")
    new_status = change.status if change.status != tracking.status else None
    text = (change.update or "").strip()
    evidence = (change.evidence or "").strip() or None
    if change.superseded_by is not None and change.superseded_by != tracking.superseded_by:
        tracking.superseded_by = change.superseded_by
        if new_status is None:
            done.append(f"superseded by {change.superseded_by}")
    if new_status is None and tracking.status == "closed" and (change.approved_by or evidence):
        # Closed before its evidence was recorded (check's REGISTER warning): complete it.
        if change.approved_by and change.approved_by.strip() != tracking.approved_by:
            tracking.approved_by = change.approved_by.strip()
            done.append(f"approved by {tracking.approved_by}")
        if evidence and evidence != tracking.evidence:
            tracking.evidence = evidence
            done.append("closure evidence recorded")
        evidence = None
    if new_status is not None:
        before = tracking.status
        # closed_on and approved_by belong to closed only: clear them first so validation
        # accepts each step.
        tracking.closed_on = tracking.approved_by = None
        if before == "closed":
            tracking.evidence = None
        if before == "superseded" and new_status != "superseded":
            tracking.superseded_by = None
        tracking.status = new_status  # type: ignore[assignment]
        if new_status == "closed":
            tracking.evidence = evidence or tracking.evidence
            tracking.approved_by = (change.approved_by or "").strip()
            tracking.closed_on = when
            evidence = tracking.evidence
        done.append(f"status: {STATUS_LABELS[before]} → {STATUS_LABELS[new_status]}"
                    + (f" on {long_date(when)}" if change.date else ""))
        if new_status == "closed":
            done[-1] += f", approved by {tracking.approved_by}"
        if new_status == "superseded":
            done[-1] += f" by {tracking.superseded_by}"
        if not text:
            text = _status_note(tracking, new_status)
    if text or evidence:
        text = text or "Evidence offered."
        tracking.updates.append(Update(date=when, text=text, status=new_status,  # type: ignore[arg-type]
                                       evidence=evidence, by=(change.by or "").strip() or None))
        if not new_status:
            done.append(f"update of {long_date(when)} added")
        else:
            done[-1] += f"; update of {long_date(when)} added" if change.update else ""
    if done:
        finding.tracking = tracking
    return done


def _status_note(tracking: Tracking, status: str) -> str:
    if status == "closed":
        return f"Closed on evidence, approved by {tracking.approved_by}."
    if status == "superseded":
        return f"Superseded by {tracking.superseded_by}."
    return f"Status changed to {STATUS_LABELS[status].lower()}."


def parse_link(text: str) -> Link:
    """``FILE#ID`` (a later response's file, as named in the folder, and a finding's id)."""
    from pydantic import ValidationError

    file, _, ident = text.strip().rpartition("#")
    try:
        return Link(file=file, id=ident)
    except ValidationError:
        raise BadChange(f"{text!r} does not name a finding; write FILE#ID, e.g. "
                        "peel-2025.yaml#s1-afi2") from None


def add_supersedes(finding: Finding, link: Link) -> bool:
    """Note on the later finding what it supersedes (the other end of ``superseded_by``)."""
    tracking = (finding.tracking or Tracking()).model_copy(deep=True)
    if link in tracking.supersedes:
        return False
    tracking.supersedes.append(link)
    finding.tracking = tracking
    return True


def describe(entry: Entry, today: dt.date) -> list[str]:
    """A finding's register entry in words, with its whole history, for `track FILE REF`."""
    tracking = entry.finding.tracking
    lines = [f"{entry.id} — {kind_label(entry.finding.kind)}"]
    if tracking is None:
        return [*lines, "  Not tracked yet: no owner, target date or update."]
    status = STATUS_LABELS[tracking.status]
    if tracking.status == "closed" and tracking.closed_on:
        status += f" on {long_date(tracking.closed_on)}"
    if tracking.approved_by:
        status += f", approved by {tracking.approved_by}"
    if tracking.superseded_by:
        status += f" by {tracking.superseded_by}"
    if is_overdue(tracking, today):
        status += f" — OVERDUE (target date {long_date(tracking.due)})"  # type: ignore[arg-type]
    lines.append(f"  Status: {status}" + (f" · RAG: {RAG_LABELS[tracking.rag]}"
                                          if tracking.rag else ""))
    lines.append(f"  Owner: {tracking.owner or 'not set'} · Target date: "
                 f"{long_date(tracking.due) if tracking.due else 'not set'}")
    if tracking.evidence:
        lines.append(f"  Evidence: {tracking.evidence}")
    for move in tracking.due_changes:
        lines.append(f"  Target date moved on {long_date(move.on)} from {long_date(move.was)}: "
                     f"{move.reason}")
    if tracking.supersedes:
        lines.append("  Supersedes: " + ", ".join(str(link) for link in tracking.supersedes))
    latest = tracking.latest()
    if latest is not None:
        lines.append(f"  Latest update ({long_date(latest.date)}): {_flat(latest.text)}")
    if len(tracking.updates) > 1 or (latest is not None and latest.evidence):
        lines.append(f"  History ({plural(len(tracking.updates), 'update')}, oldest first):")
    else:
        return lines
    for update in sorted(tracking.updates, key=lambda u: u.date):
        said = f" ({STATUS_LABELS[update.status].lower()})" if update.status else ""
        by = f" [{update.by}]" if update.by else ""
        lines.append(f"    {long_date(update.date)}{said}{by}: {_flat(update.text)}")
        if update.evidence:
            lines.append(f"      evidence: {update.evidence}")
    return lines


def times(n: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _flat(text: str) -> str:
    """Several paragraphs on one line, for the terminal."""
    return " ".join(text.split())


@dataclass
class Slip:
    """How far a finding's target date has moved: for the committee paper."""

    original: dt.date | None
    current: dt.date | None
    moves: int
    reason: str | None  # the latest move's


def slippage(tracking: Tracking | None) -> Slip:
    if tracking is None:
        return Slip(None, None, 0, None)
    last = tracking.due_changes[-1].reason if tracking.due_changes else None
    return Slip(tracking.original_due, tracking.due, len(tracking.due_changes), last)


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
        if entry.withheld:  # its reference alone: no words, no owner, no status
            found.append(ActionDate(entry.id, kind_label(entry.finding.kind), "", None,
                                    tracking.due, "", is_overdue(tracking, today), True))
            continue
        found.append(ActionDate(entry.id, kind_label(entry.finding.kind),
                                " ".join(entry.finding.text.split()), tracking.owner,
                                tracking.due, STATUS_LABELS[tracking.status],
                                is_overdue(tracking, today)))
    return found
