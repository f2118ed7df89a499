"""What goes on a form, whatever its format: the cover, and one entry per finding.

The Word and Excel builders only lay this out. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import weekday_date
from ..response.model import Finding, Response, Section, kind_label
from . import fields


@dataclass
class Box:
    finding_id: str
    field: str
    label: str
    help: str
    shown: str  # the current answer as the form shows it
    fingerprint: str  # of the answer the box was filled with

    @property
    def name(self) -> str:
        return fields.box_name(self.finding_id, self.field)


@dataclass
class Entry:
    """One thing on the form: a finding, a section's comments, the overall comments, or
    who completed the form (``role``)."""

    id: str  # the finding's or section's id, or fields.RESPONSE_KEY (hidden from people)
    kind: str  # 'Recommendation'
    section: str  # 'Effectiveness › Investigating crime'
    grade: str
    text: str  # the inspectorate's words (or, for the other roles, what the boxes ask)
    points: list[str]
    context: str  # for a recommendation: the cause of concern it belongs to
    withheld: str  # 'personal safety' when the finding is kept out of the published version
    boxes: list[Box] = field(default_factory=list)
    reference: str = ""  # as the letter gives it: 'Area for improvement 2'
    role: str = "finding"  # finding | section | overall | completed


@dataclass
class Form:
    mark: str  # the hidden form mark (fields.form_mark)
    title: str
    force: str
    body: str
    report: str
    published: str
    due: str  # 'Friday 25 October 2019', or '' when no date is set
    instructions: list[str]
    entries: list[Entry]


def build_form(response: Response, *, source_name: str, fmt: str, only_missing: bool = False,
               due: dt.date | None = None) -> Form:
    """The form for ``response`` (all findings, or those the force has not answered), in
    the interview's order: each section's findings, the sections inside it, then its
    comments as a whole; the overall comments; who completed the form."""
    from ..render.context import references

    refs = references(response)
    entries: list[Entry] = []

    def visit(sections: list[Section], trail: tuple[Section, ...]) -> None:
        for section in sections:
            here = (*trail, section)
            before = len(entries)
            for finding in section.findings:
                shown = False
                for item in finding.walk():
                    if only_missing and not missing(item):
                        continue
                    # A recommendation's words continue its cause of concern's: repeat
                    # those only when the cause of concern itself is not on the form.
                    parent = finding if item is not finding and not shown else None
                    shown = shown or item is finding
                    entries.append(_entry(here, section, item, parent, refs))
            visit(section.sections, here)
            # With only_missing, a section's box comes only with its unanswered findings.
            if not only_missing or (len(entries) > before and not _said(section, "section_force")):
                entries.append(_whole(here, section, "section", ("section_force",), section))

    visit(response.sections, ())
    if not only_missing or (entries and not _said(response, "overall_force")):
        entries.append(_whole((), None, "overall", fields.OVERALL_FIELDS, response))
    if entries:
        entries.append(_whole((), None, "completed", fields.COMPLETED_FIELDS, response))
    due = due or response.process.chief_comments_due
    force = response.force.name
    return Form(
        mark=fields.form_mark(response, source_name),
        title=f"Comments from {force}",
        force=force,
        body=response.body.name,
        report=response.report.title,
        published=weekday_date(response.report.published) if response.report.published else "",
        due=weekday_date(due) if due else "",
        instructions=instructions(response, due, fmt),
        entries=entries,
    )


def _said(target: Section | Response, name: str) -> bool:
    return bool(fields.canonical(name, fields.current(target, name)))


WHOLE = {
    "section": ("Comments on this section as a whole",
                "The force's comments on this section as a whole, beyond those on each finding."),
    "overall": ("Overall comments on the report",
                "The force's comments on the report as a whole."),
    "completed": ("Completed by", "Who completed this form, and when."),
}


def _whole(trail: tuple[Section, ...], section: Section | None, role: str,
           names: tuple[str, ...], target: Section | Response) -> Entry:
    reference, text = WHOLE[role]
    if role == "section" and section is not None and (
            section.title.endswith("?") or section.title.lower().startswith(("to what extent",
                                                                            "how "))):
        reference = reference.replace("section", "question")
        text = text.replace("section", "question")
    key = fields.key_of(target)
    entry = Entry(id=key, kind=reference, section=" › ".join(s.title for s in trail),
                  grade=(section.grade or "") if section is not None else "", text=text,
                  points=[], context="", withheld="", reference=reference, role=role)
    for name in names:
        spec = fields.BY_NAME[name]
        value = fields.current(target, name)
        entry.boxes.append(Box(key, name, spec.header, spec.help, fields.shown(name, value),
                               fields.fingerprint(name, value)))
    return entry


def instructions(response: Response, due: dt.date | None, fmt: str) -> list[str]:
    by = f" by {weekday_date(due)}" if due else ""
    where = ("in the blue boxes on the right of each table" if fmt == "docx" else
             "in the white columns (Force response to Target date)")
    kind = "a Word document (.docx)" if fmt == "docx" else "an Excel workbook (.xlsx)"
    office = response.body.name
    # An office's name is an organisation's: "send it back to the Office of the …".
    office = office if office.lower().startswith("the ") else f"the {office}"
    return [
        f"Type {where}: the force's comment on each finding; for each recommendation the "
        "action taken or proposed, or why there is none; the owner and the target date; "
        "any comments on each section as a whole and on the report overall; and, at the "
        "end, who completed the form and when. "
        "A new line starts a new paragraph. Leave the inspectorate's words and the "
        "references as they are.",
        f"Save it as {kind} under any name and send it back to {office}{by}.",
    ]


def missing(finding: Finding) -> bool:
    """The force has not answered yet: no comment, or no complete action where one is needed."""
    if not fields.canonical("force", fields.current(finding, "force")):
        return True
    if finding.force is not None and finding.force.is_unfinished:
        return True  # typed, then interrupted: not an answer yet (docs/format.md)
    if finding.needs_action:
        action = finding.action
        return not (action and action.status and (action.explanation or "").strip()
                    and not action.is_unfinished)
    return False


def _entry(trail: tuple[Section, ...], section: Section, finding: Finding,
           parent: Finding | None, refs: dict[str, tuple[str, str]]) -> Entry:
    assert finding.id is not None  # ids are assigned on load
    withheld = ""
    if finding.withheld is not None:
        withheld = (finding.withheld.reason or "no reason given").replace("_", " ")
    entry = Entry(
        id=finding.id,
        kind=kind_label(finding.kind),
        section=" › ".join(s.title for s in trail),
        grade=section.grade or "",
        text=finding.text,
        points=list(finding.points),
        context=parent.text if parent is not None else "",
        withheld=withheld,
        reference=refs.get(finding.id, ("", kind_label(finding.kind)))[1],
    )
    for name in fields.fields_for(finding):
        spec = fields.BY_NAME[name]
        value = fields.current(finding, name)
        entry.boxes.append(Box(finding.id, name, spec.header, spec.help,
                               fields.shown(name, value), fields.fingerprint(name, value)))
    return entry
