"""The committee paper's content: what an office tables at its audit committee or panel.

An "HMICFRS update" paper has the anatomy set out in paper_content.py (agenda item,
purpose, the force's PEEL inspection, thematic inspections, reports published since the
last paper, the closing line, contact officer, background documents); this module
builds the paper and its annex, the register: per report a table of findings (the
letter's reference, the finding in full, owner, target date, RAG, status, latest update),
with what was completed or closed since the last paper listed apart. after/paper.py
lays it out in Word, HTML or PDF, and ``--json`` prints it as it is.

Which findings go where, per report:

| a finding that is                              | goes                                   |
|------------------------------------------------|----------------------------------------|
| open or in progress                            | the findings table (overdue marked)    |
| complete, on or after ``since``                | "completed or closed since" list       |
| closed, on or after ``since``                  | "completed or closed since" list       |
| complete earlier (awaiting the inspectorate)   | the findings table                     |
| closed earlier (or any closed, without since)  | counted only; without since, listed    |
|                                                | under "closed"                         |

A withheld finding keeps its reference and a notice, exactly as in the published
response; its text, owner and updates stay out unless ``full`` is asked for.

The paper is dated its meeting date; without one it is dated ``today`` and marked DRAFT.
Overdue is judged ``as_of`` (default: the paper's date). Further tables for the annex
(``Paper.tables``) can be added by whoever counts something the register holds.

Pure: no I/O; ``today`` is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..render.i18n import N_
from ..response.model import Finding, Response, Tracking
from .paper_content import (
    Background,
    PeelPart,
    PublishedPart,
    Table,
    ThematicPart,
    background,
    peel_parts,
    published_parts,
    thematic_parts,
)
from .register import RAG_LABELS, STATUS_LABELS, Counts, count, entries, is_overdue, slippage
from .upcoming import Upcoming

LINE = 100  # characters: a title shortened to a line
# Messages of the catalogue (render/i18n.py): a Welsh paper's defaults are Welsh.
DEFAULT_TITLE = N_("HMICFRS update")
DEFAULT_COMMITTEE = N_("Joint Audit Committee")


@dataclass
class Row:
    ref: str  # the letter's reference: "Area for improvement 2"
    kind: str  # "Area for improvement", "Recommendation", …
    finding: str  # in full; for a withheld finding, the notice
    owner: str
    due: dt.date | None
    rag: str | None  # red | amber | green
    status: str  # open | in_progress | complete | closed
    latest: str
    latest_date: dt.date | None
    overdue: bool
    withheld: bool = False
    done_on: dt.date | None = None  # when it was completed or closed, if known
    section: str = ""  # the area of the report it sits in
    id: str = ""  # the finding's id in the response file (for scripts, never printed)
    original_due: dt.date | None = None  # slippage: the first target date, and how often it moved
    moved: int = 0

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.rag] if self.rag else ""


@dataclass
class Grade:
    area: str
    grade: str


@dataclass
class ReportPart:
    file: str
    title: str
    force: str
    published: dt.date | None
    overall: str | None
    grades: list[Grade]
    counts: Counts
    rows: list[Row]
    done_since: list[Row]  # completed or closed on or after `since`
    closed: list[Row]  # closed (before `since`, or all of them without it)


@dataclass
class Contact:
    name: str
    role: str = ""
    email: str = ""


@dataclass
class Paper:
    title: str
    committee: str
    author: str  # the office presenting it
    date: dt.date  # the meeting's date, else today's for a draft
    since: dt.date | None
    forces: list[str]
    reports: list[ReportPart]
    totals: Counts
    full: bool = False
    withheld: int = 0  # withheld findings kept out (or, in a full paper, marked)
    notes: list[str] = field(default_factory=list)
    item: str | None = None  # the agenda item: "06"
    draft: bool = False  # no meeting date given
    as_of: dt.date | None = None  # what counts as overdue
    classification: str | None = None
    contact: Contact | None = None
    peel: list[PeelPart] = field(default_factory=list)
    thematic: list[ThematicPart] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)
    upcoming_file: str | None = None  # None: the office keeps no such file
    published: list[PublishedPart] = field(default_factory=list)
    background: list[Background] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # further tables for the annex

    def as_dict(self) -> dict:
        def plain(value: object) -> object:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        data = plain(asdict(self))
        assert isinstance(data, dict)
        data["totals"] = {**self.totals.as_dict(), "still_open": self.totals.still_open}
        for part, raw in zip(data["reports"], self.reports, strict=True):
            part["counts"] = {**raw.counts.as_dict(), "still_open": raw.counts.still_open}
        return data


def done_on(tracking: Tracking) -> dt.date | None:
    """When a finding was completed or closed: closed_on, else the latest update that
    records the status it now has (None when the register does not say)."""
    if tracking.status == "closed" and tracking.closed_on:
        return tracking.closed_on
    dated = [u.date for u in tracking.updates if u.status == tracking.status]
    return max(dated) if dated else None


def build(
    responses: Sequence[tuple[Path | str, Response]],
    today: dt.date,
    *,
    since: dt.date | None = None,
    committee: str | None = None,
    title: str | None = None,
    full: bool = False,
    meeting: dt.date | None = None,
    as_of: dt.date | None = None,
    item: str | None = None,
    classification: str | None = None,
    contact: Contact | None = None,
    upcoming: list[Upcoming] | None = None,
    upcoming_file: str | None = None,
    tr: Any = None,
) -> Paper:
    """The paper for these responses, oldest report first. Dated ``meeting`` (a draft
    dated ``today`` without it); overdue as of ``as_of`` (default: the paper's date). ``tr``:
    the fixed wording's language (render/i18n.py; English when None), for the references and
    notices the paper quotes; a Welsh paper is built from responses in Welsh
    (response/welsh.in_welsh)."""
    from ..render.context import references, withheld_notice
    from ..render.i18n import English
    from .upcoming import still_to_come

    _ = (tr or English()).gettext

    date = meeting or today
    today = as_of or date

    ordered = sorted(responses, key=lambda pair: (pair[1].report.published or dt.date.max,
                                                  pair[1].report.title))
    parts: list[ReportPart] = []
    totals = Counts()
    withheld = 0
    for file, response in ordered:
        rows, done_since, closed = [], [], []
        refs = references(response, tr)
        for entry in entries(response):
            finding = entry.finding
            tracking = finding.tracking or Tracking()
            row = _row(finding, tracking, today)
            row.section, row.ref = refs.get(finding.id or "", (entry.section.title, row.kind))
            if entry.withheld:
                withheld += 1
                row.withheld = True
                if not full:
                    source = finding.withheld or (entry.parent.withheld if entry.parent else None)
                    assert source is not None
                    row = Row(ref=row.ref, kind=row.kind, finding=withheld_notice(source, tr),
                              owner="", due=None, rag=None, status=row.status, latest="",
                              latest_date=None, overdue=False, withheld=True,
                              section=row.section, id=row.id)
            if tracking.is_open:
                rows.append(row)
                continue
            finished = row.done_on = done_on(tracking)
            if since is not None and finished is not None and finished >= since:
                done_since.append(row)
            elif tracking.status in ("closed", "no_further_action", "superseded"):
                closed.append(row)
            else:
                rows.append(row)  # complete, awaiting the inspectorate
        # Withheld findings are counted (the published response shows that they exist) but
        # their rows show only the notice.
        counts = count(response, today)
        totals = totals.add(counts)
        report = response.report
        parts.append(ReportPart(
            file=str(file), title=report.title, force=response.force.name,
            published=report.published, overall=report.overall,
            grades=[Grade(section.title, section.grade) for section in response.sections
                    if section.grade],
            counts=counts, rows=rows, done_since=done_since, closed=closed,
        ))
    bodies = Counter(response.body.name for _, response in responses)
    forces = list(dict.fromkeys(response.force.name for _, response in ordered))
    return Paper(
        title=title or _(DEFAULT_TITLE),
        committee=committee or _(DEFAULT_COMMITTEE),
        author=bodies.most_common(1)[0][0] if bodies else "",
        date=date, since=since, forces=forces, reports=parts, totals=totals, full=full,
        withheld=withheld, item=item, draft=meeting is None, as_of=today,
        classification=classification, contact=contact,
        peel=peel_parts(ordered, today, full=full, tr=tr),
        thematic=thematic_parts(ordered, today),
        upcoming=still_to_come(upcoming or [], today), upcoming_file=upcoming_file,
        published=published_parts(ordered, since, date, full=full, tr=tr),
        background=background(ordered),
    )


def _row(finding: Finding, tracking: Tracking, today: dt.date) -> Row:
    from ..response.model import kind_label

    latest = tracking.latest()
    slip = slippage(tracking)
    return Row(
        ref=finding.id or "", kind=kind_label(finding.kind), id=finding.id or "",
        finding=finding.text[:1].upper() + finding.text[1:],
        owner=tracking.owner or "", due=tracking.due, rag=tracking.rag, status=tracking.status,
        latest=latest.text if latest else "", latest_date=latest.date if latest else None,
        overdue=is_overdue(finding.tracking, today),
        original_due=slip.original, moved=slip.moves,
    )


def one_line(text: str, width: int = LINE) -> str:
    """A text shortened to a line, at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
