"""The committee paper's content: the register of several responses, as a committee reads it.

An "HMICFRS update" paper to a joint audit committee or a police and crime panel has
a purpose, a summary across every report, then per report its grades and a table of
findings (reference, the finding in a line, owner, target date, RAG, status, latest
update), with what was completed or closed since the last paper listed apart. This
module works all of that out; render/paper.py lays it out in Word or HTML, and
``--json`` prints it as it is.

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

Pure: no I/O; ``today`` is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..response.model import Finding, Response, Tracking
from .register import RAG_LABELS, STATUS_LABELS, Counts, count, entries, is_overdue

LINE = 100  # characters: "the finding shortened to a line"


@dataclass
class Row:
    ref: str
    kind: str  # "Area for improvement", "Recommendation", …
    finding: str  # shortened to a line; for a withheld finding, the notice
    owner: str
    due: dt.date | None
    rag: str | None  # red | amber | green
    status: str  # open | in_progress | complete | closed
    latest: str
    latest_date: dt.date | None
    overdue: bool
    withheld: bool = False
    done_on: dt.date | None = None  # when it was completed or closed, if known

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
class Paper:
    title: str
    committee: str
    author: str  # the office presenting it
    date: dt.date
    since: dt.date | None
    forces: list[str]
    reports: list[ReportPart]
    totals: Counts
    full: bool = False
    withheld: int = 0  # withheld findings kept out (or, in a full paper, marked)
    notes: list[str] = field(default_factory=list)

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
        data["totals"]["still_open"] = self.totals.still_open
        for part, raw in zip(data["reports"], self.reports, strict=True):
            part["counts"]["still_open"] = raw.counts.still_open
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
    committee: str = "Joint Audit Committee",
    title: str | None = None,
    full: bool = False,
) -> Paper:
    """The paper for these responses, oldest report first."""
    from ..render.context import withheld_notice

    ordered = sorted(responses, key=lambda pair: (pair[1].report.published or dt.date.max,
                                                  pair[1].report.title))
    parts: list[ReportPart] = []
    totals = Counts()
    withheld = 0
    for file, response in ordered:
        rows, done_since, closed = [], [], []
        for entry in entries(response):
            finding = entry.finding
            tracking = finding.tracking or Tracking()
            row = _row(finding, tracking, today)
            if entry.withheld:
                withheld += 1
                row.withheld = True
                if not full:
                    source = finding.withheld or (entry.parent.withheld if entry.parent else None)
                    assert source is not None
                    row = Row(ref=row.ref, kind=row.kind, finding=withheld_notice(source),
                              owner="", due=None, rag=None, status=row.status, latest="",
                              latest_date=None, overdue=False, withheld=True)
            if tracking.is_open:
                rows.append(row)
                continue
            finished = row.done_on = done_on(tracking)
            if since is not None and finished is not None and finished >= since:
                done_since.append(row)
            elif tracking.status == "closed":
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
        title=title or "HMICFRS update: progress on inspection recommendations and areas "
                       "for improvement",
        committee=committee, author=bodies.most_common(1)[0][0] if bodies else "",
        date=today, since=since, forces=forces, reports=parts, totals=totals, full=full,
        withheld=withheld,
    )


def _row(finding: Finding, tracking: Tracking, today: dt.date) -> Row:
    from ..response.model import kind_label

    latest = tracking.latest()
    return Row(
        ref=finding.id or "", kind=kind_label(finding.kind),
        finding=one_line(finding.text[:1].upper() + finding.text[1:]),
        owner=tracking.owner or "", due=tracking.due, rag=tracking.rag, status=tracking.status,
        latest=latest.text if latest else "", latest_date=latest.date if latest else None,
        overdue=is_overdue(finding.tracking, today),
    )


def one_line(text: str, width: int = LINE) -> str:
    """The finding shortened to a line, at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
