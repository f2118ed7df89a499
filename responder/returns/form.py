"""What goes on a form, whatever its format: the cover, and one entry per finding.

The Word and Excel builders only lay this out. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..render.i18n import N_
from ..response.model import Finding, Response, Section
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
    tr: Any = None  # the fixed wording's language (render/i18n.py): the layout's words too


def build_form(response: Response, *, source_name: str, fmt: str, only_missing: bool = False,
               due: dt.date | None = None, tr: Any = None) -> Form:
    """The form for ``response`` (all findings, or those the force has not answered), in
    the interview's order: each section's findings, the sections inside it, then its
    comments as a whole; the overall comments; who completed the form. ``tr``: the fixed
    wording's language (render/i18n.py; English when None): a Welsh form shows the names and
    the inspectorate's words in Welsh where the response has them; the answers stay as the
    response holds them."""
    from ..render.context import references
    from ..render.i18n import English

    tr = tr or English()
    welsh = tr.lang == "cy"
    refs = references(response, tr)
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
                    entries.append(_entry(here, section, item, parent, refs, tr))
            visit(section.sections, here)
            # With only_missing, a section's box comes only with its unanswered findings.
            if not only_missing or (len(entries) > before and not _said(section, "section_force")):
                entries.append(_whole(here, section, "section", ("section_force",), section, tr))

    visit(response.sections, ())
    if not only_missing or (entries and not _said(response, "overall_force")):
        entries.append(_whole((), None, "overall", fields.OVERALL_FIELDS, response, tr))
    if entries:
        entries.append(_whole((), None, "completed", fields.COMPLETED_FIELDS, response, tr))
    due = due or response.process.chief_comments_due
    force, body, report = response.force, response.body, response.report
    force_name = (force.cy.name if welsh and force.cy else None) or force.name
    return Form(
        mark=fields.form_mark(response, source_name),
        title=tr.gettext("Comments from %(force)s") % {"force": force_name},
        force=force_name,
        body=(body.cy.name if welsh and body.cy else None) or body.name,
        report=(report.cy.title if welsh and report.cy else None) or report.title,
        published=_weekday(report.published, tr) if report.published else "",
        due=_weekday(due, tr) if due else "",
        instructions=instructions(response, due, fmt, tr),
        entries=entries,
        tr=tr,
    )


def _weekday(day: dt.date, tr: Any) -> str:
    """Friday 25 October 2019; dydd Gwener 25 Hydref 2019 (as in running text)."""
    from ..render.i18n import weekday_date as in_language

    return in_language(day, tr.lang)


def _title(section: Section, tr: Any) -> str:
    return (section.cy.title if tr.lang == "cy" and section.cy else None) or section.title


def _said(target: Section | Response, name: str) -> bool:
    return bool(fields.canonical(name, fields.current(target, name)))


NO_REASON = N_("no reason given")
# (reference, what the boxes ask); a section that is a question ("How well…?") is called one.
WHOLE = {
    "section": (N_("Comments on this section as a whole"),
                N_("The force's comments on this section as a whole, beyond those on each "
                   "finding.")),
    "question": (N_("Comments on this question as a whole"),
                 N_("The force's comments on this question as a whole, beyond those on each "
                    "finding.")),
    "overall": (N_("Overall comments on the report"),
                N_("The force's comments on the report as a whole.")),
    "completed": (N_("Completed by"), N_("Who completed this form, and when.")),
}


def _whole(trail: tuple[Section, ...], section: Section | None, role: str,
           names: tuple[str, ...], target: Section | Response, tr: Any) -> Entry:
    _ = tr.gettext
    reference, text = WHOLE[role]
    if role == "section" and section is not None and (
            section.title.endswith("?") or section.title.lower().startswith(("to what extent",
                                                                            "how "))):
        reference, text = WHOLE["question"]
    reference, text = _(reference), _(text)
    key = fields.key_of(target)
    entry = Entry(id=key, kind=reference, section=" › ".join(_title(s, tr) for s in trail),
                  grade=_(section.grade) if section is not None and section.grade else "",
                  text=text, points=[], context="", withheld="", reference=reference, role=role)
    for name in names:
        entry.boxes.append(_box(key, name, fields.current(target, name), tr))
    return entry


def _box(key: str, name: str, value: Any, tr: Any) -> Box:
    """A box with its label, hint and current answer in the form's language (the answer's
    fingerprint is of the answer itself, whatever the language)."""
    spec = fields.BY_NAME[name]
    shown = fields.shown(name, value)
    if tr.lang != "en" and value not in (None, ""):
        options = fields.choices(name)
        if options is not None:
            shown = tr.gettext(shown) if shown else shown
        elif isinstance(value, dt.date):
            from ..render.i18n import long_date

            shown = long_date(value, tr.lang)
    return Box(key, name, tr.gettext(spec.header), tr.gettext(spec.help), shown,
               fields.fingerprint(name, value))


def instructions(response: Response, due: dt.date | None, fmt: str, tr: Any = None) -> list[str]:
    from ..render.i18n import English

    tr = tr or English()
    _ = tr.gettext
    welsh = tr.lang == "cy"
    office = (response.body.cy.name if welsh and response.body.cy else None) or response.body.name
    if not welsh:
        # An office's name is an organisation's: "send it back to the Office of the …".
        office = office if office.lower().startswith("the ") else f"the {office}"
    values = {"office": office, "date": _weekday(due, tr) if due else ""}
    if fmt == "docx":
        first = _("Type in the blue boxes on the right of each table: the force's comment on "
                  "each finding; for each recommendation the action taken or proposed, or why "
                  "there is none; the owner and the target date; any comments on each section "
                  "as a whole and on the report overall; and, at the end, who completed the "
                  "form and when. A new line starts a new paragraph. Leave the inspectorate's "
                  "words and the references as they are.")
        second = (_("Save it as a Word document (.docx) under any name and send it back to "
                    "%(office)s by %(date)s.") if due else
                  _("Save it as a Word document (.docx) under any name and send it back to "
                    "%(office)s."))
    else:
        first = _("Type in the white columns (Force response to Target date): the force's "
                  "comment on each finding; for each recommendation the action taken or "
                  "proposed, or why there is none; the owner and the target date; any comments "
                  "on each section as a whole and on the report overall; and, at the end, who "
                  "completed the form and when. A new line starts a new paragraph. Leave the "
                  "inspectorate's words and the references as they are.")
        second = (_("Save it as an Excel workbook (.xlsx) under any name and send it back to "
                    "%(office)s by %(date)s.") if due else
                  _("Save it as an Excel workbook (.xlsx) under any name and send it back to "
                    "%(office)s."))
    return [first, second % values]


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
           parent: Finding | None, refs: dict[str, tuple[str, str]], tr: Any) -> Entry:
    from ..render.context import KIND_LABELS

    assert finding.id is not None  # ids are assigned on load
    _ = tr.gettext
    welsh = tr.lang == "cy"

    def words(item: Finding) -> tuple[str, list[str]]:
        """The inspectorate's words, from its Welsh edition on a Welsh form."""
        if welsh and item.cy is not None and item.cy.text:
            return item.cy.text, list(item.cy.points) or list(item.points)
        return item.text, list(item.points)

    withheld = ""
    if finding.withheld is not None:
        withheld = _((finding.withheld.reason or NO_REASON).replace("_", " "))
    label = _(KIND_LABELS[finding.kind][0])
    text, points = words(finding)
    entry = Entry(
        id=finding.id,
        kind=label,
        section=" › ".join(_title(s, tr) for s in trail),
        grade=_(section.grade) if section.grade else "",
        text=text,
        points=points,
        context=words(parent)[0] if parent is not None else "",
        withheld=withheld,
        reference=refs.get(finding.id, ("", label))[1],
    )
    for name in fields.fields_for(finding):
        entry.boxes.append(_box(finding.id, name, fields.current(finding, name), tr))
    return entry
