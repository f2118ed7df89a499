"""The committee paper's sections beyond the register: the anatomy an office tables.

A real joint audit committee "HMICFRS update" paper runs, in order: the agenda item, the
committee, the meeting date and the title; 1 Purpose; 2 the force's PEEL inspection
(how the grading works, a table with one column per grade, a short summary per area,
how the areas for improvement are followed up); 3 thematic inspections (the force's,
and those the inspectorate has notified for the coming months); 4 inspection reports
published since the last paper, their recommendations numbered (i), (ii), (iii) with
what was done; the closing line; the contact officer; background documents. progress.py
builds the paper and the register annex; this module builds sections 2 to 4 and the
background documents.

Nothing here is invented. An area's summary is what the response already says about
that area (the force's and the commissioner's comments on its section); an area with
nothing written gets no summary.

| part            | comes from                                                      |
|-----------------|-----------------------------------------------------------------|
| PEEL            | each force's latest response whose report is ``kind: peel``     |
| grade table     | the graded sections, one column per grade of the report's scale |
| area summaries  | a graded section's ``force`` and ``commissioner`` comments      |
| follow-up       | the register's figures for the report's areas for improvement   |
| thematic        | every response whose report is not ``kind: peel``               |
| upcoming        | the office's file of notified inspections (upcoming.py)         |
| published since | reports published on or after ``since`` (all, without it)      |
| background      | every report, with its address, and the published response      |

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..render.i18n import N_
from ..response.model import SCALES, Finding, Passage, Response, Tracking
from .register import STATUS_LABELS, entries, is_overdue

ACTION_WORDS = {"taken": N_("Action taken"), "proposed": N_("Action proposed"),
                "none": N_("No action")}


@dataclass
class Said:
    who: str  # "The force" | "The commissioner" (the body's short role)
    text: str  # Markdown, as written in the response
    restricted: bool = False  # a withheld passage, in a full paper only


@dataclass
class AreaSummary:
    area: str
    grade: str
    said: list[Said]


@dataclass
class FollowUp:
    """How the report's areas for improvement stand on the register."""

    total: int = 0
    with_owner: int = 0
    rated: int = 0
    open: int = 0
    in_progress: int = 0
    complete: int = 0
    closed: int = 0
    overdue: int = 0


@dataclass
class PeelPart:
    file: str
    force: str
    title: str
    published: dt.date | None
    scale: str  # peel-2014 | peel-2021
    overall: str | None
    columns: list[tuple[str, list[str]]]  # (grade, the areas given it), in the scale's order
    summaries: list[AreaSummary]
    follow_up: FollowUp
    causes_of_concern: int = 0
    office: str = ""  # the body that responded, which keeps the register

    @property
    def five_grades(self) -> bool:
        return self.scale == "peel-2021"


@dataclass
class ThematicPart:
    file: str
    title: str
    force: str
    published: dt.date | None
    kind: str  # thematic | joint | other
    findings: int
    still_open: int


@dataclass
class Recommendation:
    number: str  # "i", "ii", …
    reference: str  # "Recommendation 1 of cause of concern 1"
    text: str
    addressed_to: str | None  # a national body's name; None when it is for the force
    action: str  # "Action taken: …", or "" when the response gives none
    owner: str
    status: str  # the register's status label, or "" when it is not on the register
    withheld: bool = False


@dataclass
class PublishedPart:
    file: str
    title: str
    force: str
    published: dt.date | None
    kind: str
    recommendations: list[Recommendation]
    areas_for_improvement: int
    responded: dt.date | None  # when the body published its response


@dataclass
class Background:
    title: str
    published: dt.date | None
    url: str | None
    responded: dt.date | None


@dataclass
class Table:
    """A further table in the annex, for what another part of responder counts (slippage
    of target dates, findings by register state, …): rows of plain text."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # shares of the width; even if empty
    note: str = ""


def roman(number: int) -> str:
    """1 -> 'i', 4 -> 'iv', 12 -> 'xii'."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while number >= value:
            out += letters
            number -= value
    return out


def _visible(passage: Passage | None, full: bool) -> str:
    """A comment's text for the paper: a withheld one only in a full (private) paper."""
    if passage is None or not passage.text.strip():
        return ""
    if passage.withheld is not None and not full:
        return ""
    return passage.text.strip()


def _said(who: str, passage: Passage | None, full: bool) -> Said | None:
    text = _visible(passage, full)
    if not text:
        return None
    return Said(who, text, restricted=passage is not None and passage.withheld is not None)


def peel_parts(responses: Sequence[tuple[Path | str, Response]], today: dt.date, *,
               full: bool = False, tr: Any = None) -> list[PeelPart]:
    """The latest PEEL report of each force, with its grades, summaries and follow-up
    (who said what in ``tr``'s language: English when None)."""
    from ..render.i18n import English

    _ = (tr or English()).gettext
    latest: dict[str, tuple[Path | str, Response]] = {}
    for file, response in responses:
        if response.report.kind != "peel":
            continue
        held = latest.get(response.force.name)
        when = response.report.published or dt.date.min
        if held is None or when >= (held[1].report.published or dt.date.min):
            latest[response.force.name] = (file, response)
    parts = []
    for file, response in sorted(latest.values(), key=lambda pair: pair[1].force.name):
        scale = response.report.grades if response.report.grades != "none" else "peel-2021"
        graded = [section for _, section in response.walk_sections() if section.grade]
        columns = [(grade, [s.title for s in graded if s.grade == grade])
                   for grade in SCALES[scale]]
        # A grade outside the report's scale (a hand edit) still shows, after the others.
        for section in graded:
            if section.grade not in SCALES[scale]:
                columns.append((section.grade or "", [section.title]))
        role = response.body.short_role or "commissioner"
        summaries = []
        for section in graded:
            if getattr(tr, "lang", "en") != "en":  # a role's capital stays: "Y CHTh"
                office = _("The %(role)s") % {"role": role}
            else:
                office = f"The {role}" if role.isupper() else f"The {role.lower()}"
            said = [item for item in (_said(_("The force"), section.force, full),
                                      _said(office, section.commissioner, full)) if item]
            if said:
                summaries.append(AreaSummary(section.title, section.grade or "", said))
        parts.append(PeelPart(
            file=str(file), force=response.force.name, title=response.report.title,
            published=response.report.published, scale=scale,
            overall=response.report.overall, columns=columns, summaries=summaries,
            follow_up=follow_up(response, today),
            causes_of_concern=sum(1 for _, f in response.walk_findings()
                                  if f.kind == "cause_of_concern"),
            office=response.body.name,
        ))
    return parts


def follow_up(response: Response, today: dt.date) -> FollowUp:
    counts = FollowUp()
    for entry in entries(response):
        if entry.finding.kind != "area_for_improvement":
            continue
        tracking = entry.finding.tracking or Tracking()
        counts.total += 1
        counts.with_owner += bool(tracking.owner)
        counts.rated += tracking.rag is not None
        if tracking.status in ("open", "in_progress", "complete", "closed"):
            setattr(counts, tracking.status, getattr(counts, tracking.status) + 1)
        counts.overdue += is_overdue(entry.finding.tracking, today)
    return counts


def thematic_parts(responses: Sequence[tuple[Path | str, Response]],
                   today: dt.date) -> list[ThematicPart]:
    from .register import count

    parts = []
    for file, response in responses:
        if response.report.kind == "peel":
            continue
        counts = count(response, today)
        parts.append(ThematicPart(
            file=str(file), title=response.report.title, force=response.force.name,
            published=response.report.published, kind=response.report.kind,
            findings=counts.findings, still_open=counts.still_open))
    return sorted(parts, key=lambda p: (p.published or dt.date.max, p.title))


def published_parts(responses: Sequence[tuple[Path | str, Response]], since: dt.date | None,
                    until: dt.date, *, full: bool = False, tr: Any = None) -> list[PublishedPart]:
    """Reports published on or after ``since`` (every report without it) and up to
    ``until``, with their recommendations numbered (i), (ii), … and what was done."""
    from ..render.context import references, withheld_notice

    parts = []
    for file, response in responses:
        published = response.report.published
        if published is None or published > until or (since is not None and published < since):
            continue
        refs = references(response, tr)
        recs: list[Recommendation] = []
        for _, section in response.walk_sections():  # each top-level finding, then its own
            for finding in section.findings:
                for item in finding.walk():
                    if item.kind != "recommendation":
                        continue
                    parent = finding if item is not finding else None
                    recs.append(_recommendation(item, parent, refs, len(recs) + 1, full,
                                                withheld_notice, tr))
        afis = sum(1 for _, f in response.walk_findings() if f.kind == "area_for_improvement")
        parts.append(PublishedPart(
            file=str(file), title=response.report.title, force=response.force.name,
            published=published, kind=response.report.kind, recommendations=recs,
            areas_for_improvement=afis, responded=response.process.response_published))
    return sorted(parts, key=lambda p: (p.published or dt.date.max, p.title))


def _recommendation(item: Finding, parent: Finding | None, refs: dict[str, tuple[str, str]],
                    number: int, full: bool, notice: object, tr: Any = None) -> Recommendation:
    from ..render.i18n import English

    _ = (tr or English()).gettext
    reference = refs.get(item.id or "", ("", _("Recommendation")))[1]
    hidden = (item.withheld is not None or (parent is not None and parent.withheld is not None))
    if hidden and not full:
        source = item.withheld or (parent.withheld if parent else None)
        return Recommendation(roman(number), reference, notice(source, tr),  # type: ignore[operator]
                              None, "", "", "", withheld=True)
    action = item.action or (parent.action if parent is not None else None)
    done = ""
    if action is not None and action.status:
        done = _(ACTION_WORDS[action.status])
        if action.explanation:
            done += f": {action.explanation}"
    tracking = item.tracking
    in_register = tracking is not None or item.is_local
    return Recommendation(
        number=roman(number), reference=reference, text=item.text,
        addressed_to=None if item.is_local else item.addressed_to,
        action=done, owner=(tracking.owner or "") if tracking else "",
        status=_(STATUS_LABELS[(tracking or Tracking()).status]) if in_register else "",
        withheld=hidden)


def background(responses: Sequence[tuple[Path | str, Response]]) -> list[Background]:
    items = [Background(r.report.title, r.report.published, r.report.url,
                        r.process.response_published) for _, r in responses]
    return sorted(items, key=lambda b: (b.published or dt.date.max, b.title))
