"""Update requests: ask every owner for their update, and take the answers back.

``track requests FOLDER`` gathers, across every response in the folder, each owner's open
findings (``gather``) and makes one form per owner (``request_form``), Word or Excel, on
the force's return's machinery (returns/request_form.py). ``track read FOLDER RETURNED…``
reads the forms back (``read_back``): each finding's answers become one more dated update
in the register, never over an earlier one, and a finding is found by its response's key
and its id, never by its place on the form.

What a returned box does (three values meet, as in ``returns read``: the value the form was
made with, the owner's, and the register's now):

| box            | the owner changed it, and the register now…   | outcome                        |
|----------------|-----------------------------------------------|--------------------------------|
| update         | (always)                                      | a new update (unless the same  |
|                |                                               | words are already there)       |
| status, rag    | still holds what the form showed              | taken                          |
| status, rag    | holds the owner's value already               | unchanged (a form read twice)  |
| status, rag    | was changed by the office meanwhile           | conflict: the office's stays;  |
|                |                                               | the owner's is noted in the    |
|                |                                               | update                         |
| due            | as status, and it needs "Why the date moved"  | the old date kept in the trail |
| evidence       | (always)                                      | kept with the update           |

A withheld finding goes on its owner's request only (marked RESTRICTED there), never into
anything public. Pure apart from what the caller passes in: no I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import long_date, weekday_date
from ..response.model import Finding, Response, kind_label
from ..returns import fields
from ..returns.form import NO_REASON
from ..returns.request_form import RequestEntry, RequestForm, instructions, make_box
from . import register

BOXES = ("update", "status", "rag", "due", "due_reason", "evidence")


def owner_key(name: str) -> str:
    """Owners are the same person however their name was spaced or capitalised."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def response_key(response: Response) -> str:
    """A short key for a response on a form: its identity (force and report title), so it
    survives a renamed file."""
    return fields.identity(response)[:8]


def request_mark(owner: str) -> str:
    digest = hashlib.sha256(owner_key(owner).encode("utf-8")).hexdigest()[:12]
    return (f"{fields.FORM_MARK}|{fields.FORM_VERSION}|{fields.REQUEST_MARK}-{digest}|"
            f"{' '.join(owner.split())}")


@dataclass
class Item:
    """One open finding of one owner, with where it comes from."""

    file: Path
    response: Response
    entry: register.Entry
    reference: str

    @property
    def key(self) -> str:
        return f"{response_key(self.response)}.{self.entry.id}"


@dataclass
class Gathered:
    owners: dict[str, list[Item]]  # the owner as first written -> their findings
    no_owner: list[tuple[Path, str]] = field(default_factory=list)  # open, nobody's


def gather(responses: Sequence[tuple[Path, Response]], today: dt.date, *,
           due_within: int | None = None, owner: str | None = None) -> Gathered:
    """Every owner's open findings across the responses (in file order, then report order).

    ``due_within``: only findings whose target date falls within that many days of today
    (overdue ones included); ``owner``: only that owner's.
    """
    horizon = today + dt.timedelta(days=due_within) if due_within is not None else None
    wanted = owner_key(owner) if owner else None
    names: dict[str, str] = {}
    owners: dict[str, list[Item]] = {}
    no_owner: list[tuple[Path, str]] = []
    for path, response in responses:
        references = _references(response)
        for entry in register.open_entries(response):
            tracking = entry.tracking
            if horizon is not None and (tracking.due is None or tracking.due > horizon):
                continue
            if not (tracking.owner or "").strip():
                no_owner.append((path, entry.id))
                continue
            key = owner_key(tracking.owner)  # type: ignore[arg-type]
            if wanted is not None and key != wanted:
                continue
            name = names.setdefault(key, " ".join(tracking.owner.split()))  # type: ignore[union-attr]
            owners.setdefault(name, []).append(
                Item(path, response, entry, references.get(entry.id, entry.id)))
    return Gathered(owners, no_owner)


def _references(response: Response, tr: Any = None) -> dict[str, str]:
    """Each finding as the letter names it: the area's title and the finding's label
    ('Investigating crime: Area for improvement 2'; a recommendation of a cause of concern:
    'Cause of concern 1, recommendation 2'), in ``tr``'s language (English when None)."""
    from ..render.context import KIND_LABELS
    from ..render.i18n import English

    tr = tr or English()
    _ = tr.gettext
    welsh = tr.lang == "cy"
    found: dict[str, str] = {}
    for _s, section in response.walk_sections():
        title = (section.cy.title if welsh and section.cy else None) or section.title
        totals: dict[str, int] = {}
        for finding in section.findings:
            totals[finding.kind] = totals.get(finding.kind, 0) + 1
        seen: dict[str, int] = {}
        for finding in section.findings:
            seen[finding.kind] = seen.get(finding.kind, 0) + 1
            label = _(KIND_LABELS[finding.kind][0])
            if totals[finding.kind] > 1:
                label += f" {seen[finding.kind]}"
            found[finding.id or ""] = f"{title}: {label}"
            many = len(finding.recommendations) > 1
            for number, rec in enumerate(finding.recommendations, 1):
                found[rec.id or ""] = (f"{title}: {label}, " + _("recommendation")
                                       + (f" {number}" if many else ""))
    return found


def request_form(owner: str, items: list[Item], *, office: str, reply_by: dt.date,
                 fmt: str, today: dt.date, tr: Any = None) -> RequestForm:
    """One owner's request; its fixed wording in ``tr``'s language (English when None): a
    Welsh request shows the reports' and the inspectorate's Welsh where the files have it."""
    from ..render.i18n import English
    from ..render.i18n import long_date as dated
    from ..returns.form import _weekday

    tr = tr or English()
    _ = tr.gettext
    welsh = tr.lang == "cy"
    references: dict[int, dict[str, str]] = {}
    entries = []
    for item in items:
        finding, tracking = item.entry.finding, item.entry.tracking
        withheld = _withheld(item.entry, tr)
        latest = tracking.latest()
        status = tracking.status if tracking.status in fields.CHOICES["state"] else None
        report, reference = item.response.report, item.reference
        text, points = finding.text, list(finding.points)
        if welsh:
            report_title = (report.cy.title if report.cy else None) or report.title
            refs = references.setdefault(id(item.response), _references(item.response, tr))
            reference = refs.get(item.entry.id, reference)
            if finding.cy is not None and finding.cy.text:
                text, points = finding.cy.text, list(finding.cy.points) or points
        else:
            report_title = report.title
        entry = RequestEntry(
            key=item.key, report=report_title, reference=reference,
            finding_id=item.entry.id, kind=kind_label(finding.kind), text=text,
            points=points, withheld=withheld,
            due=dated(tracking.due, tr.lang) if tracking.due else _("not set"),
            overdue=register.is_overdue(finding.tracking, today),
            status=_(register.STATUS_LABELS[tracking.status]),
            latest=f"{dated(latest.date, tr.lang)}: {latest.text}" if latest else "")
        made = {"update": "", "status": status, "rag": tracking.rag, "due": tracking.due,
                "due_reason": "", "evidence": ""}
        entry.boxes = [make_box(item.key, name, made[name], tr) for name in BOXES]
        entries.append(entry)
    when = _weekday(reply_by, tr) if welsh else weekday_date(reply_by)
    return RequestForm(mark=request_mark(owner), owner=owner, office=office, reply_by=when,
                       title=_("Update request: %(owner)s") % {"owner": owner},
                       instructions=instructions(office, when, fmt, tr), entries=entries, tr=tr)


def _withheld(entry: register.Entry, tr: Any = None) -> str:
    marker = entry.finding.withheld or (entry.parent.withheld if entry.parent else None)
    if marker is None:
        return ""
    reason = (marker.reason or NO_REASON).replace("_", " ")
    return tr.gettext(reason) if tr is not None else reason


# ---------------------------------------------------------------- reading back


@dataclass
class Answer:
    """One finding's boxes on a returned request, read and checked."""

    key: str
    where: str  # 'row 9' or the finding's key, for messages
    made: dict[str, str]  # field -> fingerprint as made
    value: dict[str, Any]  # field -> the value read


@dataclass
class Taken:
    """What reading one finding's answers did."""

    file: Path
    finding_id: str
    words: list[str]  # what changed, as register.apply says it
    conflicts: list[str]


@dataclass
class ReadBack:
    taken: list[Taken] = field(default_factory=list)
    unchanged: int = 0
    conflicts: int = 0
    unmatched: list[str] = field(default_factory=list)  # keys found in no response

    @property
    def summary(self) -> str:
        return (f"{len(self.taken)} update{'s' * (len(self.taken) != 1)} taken, "
                f"{self.unchanged} unchanged, {self.conflicts} conflict"
                f"{'s' * (self.conflicts != 1)}")


class BadAnswer(ValueError):
    """An answer that cannot go into the register (the message names the box)."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where = where


def apply_answers(answers: Sequence[tuple[str, Answer]],
                  responses: dict[str, tuple[Path, Response]], today: dt.date) -> ReadBack:
    """Put each finding's answers into ``responses`` (keyed by response_key, already open
    for editing). ``answers`` pairs each with the owner who gave it. Raises BadAnswer for an
    answer that cannot be taken: the caller then saves nothing."""
    result = ReadBack()
    for owner, answer in answers:
        response_part, _, finding_id = answer.key.partition(".")
        found = responses.get(response_part)
        entry = None
        if found is not None:
            try:
                entry = register.find(found[1], finding_id)
            except register.UnknownFinding:
                entry = None
        if found is None or entry is None:
            result.unmatched.append(f"{finding_id} ({answer.where})")
            continue
        path, response = found
        change, conflicts = _change(entry.finding, answer, owner, today)
        result.conflicts += len(conflicts)
        if change is None:
            result.unchanged += 1
            continue
        try:
            words = register.apply(entry.finding, change, today,
                                   published=response.report.published)
        except register.BadChange as exc:
            raise BadAnswer(answer.where, str(exc)) from None
        if words:
            result.taken.append(Taken(path, entry.id, words, conflicts))
        else:
            result.unchanged += 1
    return result


def _change(finding: Finding, answer: Answer, owner: str,
            today: dt.date) -> tuple[register.Change | None, list[str]]:
    tracking = finding.tracking
    changed = {name: value for name, value in answer.value.items()
               if fields.fingerprint(name, value) != answer.made.get(name)}
    change = register.Change(by=owner)
    conflicts: list[str] = []
    notes: list[str] = []
    for name in ("status", "rag", "due"):
        if name not in changed:
            continue
        value = changed[name]
        now = getattr(tracking, name) if tracking is not None else None
        if fields.fingerprint(name, now) == answer.made.get(name):
            if name == "due" and value is None:
                change.clear_due = True
            elif value is not None:
                setattr(change, name, value)
            elif name == "rag":
                change.clear_rag = True
        elif fields.canonical(name, now) != fields.canonical(name, value):
            shown = fields.shown(name, value) or "empty"
            held = fields.shown(name, now) if name != "status" else \
                register.STATUS_LABELS.get(now or "open", str(now))
            conflicts.append(f"{finding.id} {fields.BY_NAME[name].header.lower()}")
            notes.append(f"{owner} gave the {fields.BY_NAME[name].header.lower()} as {shown}; "
                         f"the register already said {held or 'nothing'}, and keeps it.")
    if change.due is not None or change.clear_due:
        reason = str(answer.value.get("due_reason") or "").strip()
        if not reason and tracking is not None and tracking.due is not None:
            raise BadAnswer(answer.where, f"the target date moves from {long_date(tracking.due)}"
                            " but 'Why the date moved' is empty; say why, or put the date back")
        change.reason = reason or None
    text = str(changed.get("update") or "").strip()
    if notes:
        text = " ".join([text, *notes]).strip()
    evidence = str(changed.get("evidence") or "").strip()
    if tracking is not None:
        # The same words taken before: a form read twice adds nothing.
        if text and any(fields.canonical("update", u.text) == fields.canonical("update", text)
                        for u in tracking.updates):
            text = ""
        if evidence and any(fields.canonical("evidence", u.evidence or "")
                            == fields.canonical("evidence", evidence) for u in tracking.updates):
            evidence = ""
    change.update = text or None
    change.evidence = evidence or None
    if change.is_empty():
        return None, conflicts
    return change, conflicts
