"""An owner's update request as a Word or Excel form, on the force's return's machinery.

What goes on it is decided in after/requests.py: for one owner, every open finding of
theirs across the office's responses. This module lays it out, with the same boxes as the
force's return: in Word a content control per box tagged ``responder:<key>:<field>`` with
the hidden label and fingerprint beside it (word_form); in Excel a locked sheet, one row
per finding found again by its ``id`` column, the boxes unlocked, the fingerprints in a
hidden ``responder`` column (excel). ``<key>`` is ``<response key>.<finding id>``: finding
ids repeat from one response to the next, the key does not. Reading a returned request
is returns/word.py and returns/excel.py, unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from ..render.i18n import N_, English
from . import fields
from .form import Box, _box

RESTRICTED = N_("RESTRICTED – NOT FOR PUBLICATION")
# Column headers: messages of the catalogue (a Welsh request shows them in Welsh; reading
# matches either language's).
INFO = ("id", N_("Report"), N_("Reference"), N_("What the inspectorate said"), N_("Status now"),
        N_("Latest update"))
WIDTHS = {"id": 16, "Report": 24, "Reference": 22, "What the inspectorate said": 48,
          "Status now": 13, "Latest update": 36, "Update": 48, "Status": 14, "RAG": 10,
          "Target date": 15, "Why the date moved": 28, "Evidence": 32}


@dataclass
class RequestEntry:
    """One finding on an owner's request."""

    key: str  # '<response key>.<finding id>': what the boxes are named by
    report: str
    reference: str  # as the letter gives it: 'Investigating crime: Area for improvement 2'
    finding_id: str
    kind: str
    text: str
    points: list[str]
    withheld: str  # 'personal safety' when kept out of the published response
    due: str  # the target date in words, or 'not set'
    overdue: bool
    status: str  # the status as the register has it, in words
    latest: str  # '12 January 2026: …' or ''
    boxes: list[Box] = field(default_factory=list)


@dataclass
class RequestForm:
    mark: str
    owner: str
    office: str
    reply_by: str  # 'Friday 3 April 2026'
    title: str
    instructions: list[str]
    entries: list[RequestEntry]
    tr: Any = None  # the fixed wording's language (render/i18n.py)

    @property
    def restricted(self) -> bool:
        return any(entry.withheld for entry in self.entries)


def instructions(office: str, reply_by: str, fmt: str, tr: Any = None) -> list[str]:
    tr = tr or English()
    _ = tr.gettext
    if tr.lang == "en":
        office = office if office.lower().startswith("the ") else f"the {office}"
    values = {"office": office, "date": reply_by}
    if fmt == "docx":
        first = _("For each finding, type in the blue boxes under each finding: what has "
                  "happened since the last update, the status and your RAG rating. Change the "
                  "target date only if it moves, and then say why. When the work is done, "
                  "choose Complete and say what shows it and where it is kept.")
        last = _("Save it as a Word document (.docx) under any name and send it back to "
                 "%(office)s by %(date)s.")
    else:
        first = _("For each finding, type in the white columns (Update to Evidence): what has "
                  "happened since the last update, the status and your RAG rating. Change the "
                  "target date only if it moves, and then say why. When the work is done, "
                  "choose Complete and say what shows it and where it is kept.")
        last = _("Save it as an Excel workbook (.xlsx) under any name and send it back to "
                 "%(office)s by %(date)s.")
    return [first, _("Leave the inspectorate's words, the references and anything you have "
                     "nothing new on as they are: an empty update box means no change."),
            last % values]


def make_box(key: str, name: str, value: object, tr: Any = None) -> Box:
    """A box of the request (its label, hint and answer in ``tr``'s language)."""
    return _box(key, name, value, tr or English())


# ---------------------------------------------------------------- Word


def build_request_docx(form: RequestForm, author: str, today: dt.date) -> bytes:
    from ..render.i18n import TAGS
    from ..render.word_document import (
        Properties,
        add_page_numbers,
        open_base,
        replace_body,
        resolve_styles,
        set_language,
        set_properties,
    )
    from .word_form import _Writer

    tr = form.tr or English()
    _ = tr.gettext
    document = open_base(None)
    styles, _styles = resolve_styles(document)
    section = document.sections[0]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635
    writer = _Writer(styles, width, tr)
    out = writer.out
    if form.restricted:
        out.append(writer.para(_(RESTRICTED), bold=True))
    out.append(writer.para(form.title, "Title", hidden=form.mark))
    out.append(writer.para(_("For: %(owner)s") % {"owner": form.owner}, bold=True))
    out.append(writer.para(_("From: %(body)s") % {"body": form.office}))
    out.append(writer.para(_("Please return this form by %(date)s.") % {"date": form.reply_by},
                           bold=True))
    if form.restricted:
        out.append(writer.para(_("Some of these findings were kept out of the published "
                                 "response. Keep this form to yourself and those working on "
                                 "them; do not publish or forward it."), italic=True))
    out.append(writer.para(_("How to fill it in"), "Heading 2"))
    for line in form.instructions:
        out.append(writer.para(line))
    report = None
    for entry in form.entries:
        if entry.report != report:
            report = entry.report
            out.append(writer.para(report, "Heading 1", keep=True))
        out.append(writer.para(f"{entry.reference} ({entry.finding_id})", "Heading 2", keep=True))
        if entry.withheld:
            out.append(writer.para(_("%(mark)s: kept out of the published response "
                                     "(%(reason)s).") % {"mark": _(RESTRICTED),
                                                        "reason": entry.withheld},
                                   bold=True, keep=True))
        out.append(writer.para(entry.text, "Quote", keep=True))
        for point in entry.points:
            out.append(writer.para(point, "List Bullet", keep=True, indent=567 + 284))
        now = (_("Now: %(status)s; target date %(due)s (overdue).") if entry.overdue else
               _("Now: %(status)s; target date %(due)s."))
        out.append(writer.para(now % {"status": entry.status, "due": entry.due},
                               keep=True, small=True))
        out.append(writer.para(_("Latest update: %(latest)s") % {"latest": entry.latest}
                               if entry.latest else _("No update yet."), keep=True, small=True))
        writer.boxes(entry.boxes)
    out.append("<w:p/>")
    replace_body(document, out)
    set_language(document, TAGS[tr.lang])
    add_page_numbers(document, (_("Page "), _(" of ")))
    title = f"{_(RESTRICTED)}: {form.title}" if form.restricted else form.title
    set_properties(document, Properties(title=title, subject=_("Update request"), author=author,
                                        today=today, language=TAGS[tr.lang],
                                        page_words=(_("Page "), _(" of ")),
                                        keywords=_("HMICFRS; section 55; response"),
                                        category=_("Response to an inspection report")))
    document.core_properties.identifier = form.mark
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Excel


def build_request_xlsx(form: RequestForm, author: str, today: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..render.i18n import TAGS
    from .excel import DATE_FORMAT, FILL_HEADER, FILL_INFO, FONT, MARK_HEADER

    tr = form.tr or English()
    _ = tr.gettext
    book = Workbook()
    sheet = book.active
    sheet.title = _("Updates")
    boxes = [spec.header for spec in fields.REQUEST_FIELDS]
    headers = [*INFO, *boxes, MARK_HEADER]
    column = {h: i + 1 for i, h in enumerate(headers)}
    mark_col = column[MARK_HEADER]
    plain = Font(name=FONT, size=10)
    top = Alignment(wrap_text=True, vertical="top")
    first = 1
    if form.restricted:
        sheet.cell(1, 1, _(RESTRICTED)).font = Font(name=FONT, bold=True, size=12, color="C00000")
        first = 2
    sheet.cell(first, 1, form.title).font = Font(name=FONT, bold=True, size=14, color=FILL_HEADER)
    sheet.cell(first + 1, 1, _("For %(owner)s · from %(office)s · please return by %(date)s.") % {
        "owner": form.owner, "office": form.office, "date": form.reply_by}).font = Font(
        name=FONT, size=10, bold=True)
    for row, line in enumerate(form.instructions, first + 2):
        sheet.cell(row, 1, line).font = plain
    head = first + 2 + len(form.instructions) + 1
    sheet.cell(first, mark_col, form.mark)
    for name, col in column.items():
        cell = sheet.cell(head, col, name if name in ("id", MARK_HEADER) else _(name))
        cell.font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=FILL_HEADER)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    # Named styles: one lookup per cell rather than a font, fill and alignment each (a
    # request of 150 findings has some 2,000 cells).
    info_style = NamedStyle("request info", font=plain, alignment=top,
                            fill=PatternFill("solid", fgColor=FILL_INFO))
    box_style = NamedStyle("request box", font=plain, alignment=top,
                           protection=Protection(locked=False))
    date_style = NamedStyle("request date", font=plain, alignment=top,
                            protection=Protection(locked=False), number_format=DATE_FORMAT)
    for style in (info_style, box_style, date_style):
        book.add_named_style(style)
    lists = {}
    for name in ("status", "rag"):
        labels = [_(label) for label in (fields.choices(name) or {}).values()]
        spec = fields.BY_NAME[name]
        lists[name] = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                                     allow_blank=True, showErrorMessage=True,
                                     errorTitle=_(spec.header),
                                     error=_("Choose %(choices)s.") % {
                                         "choices": ", ".join(labels)})
        sheet.add_data_validation(lists[name])
    dates = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                           formula2="DATE(2199,12,31)", allow_blank=True, showErrorMessage=True,
                           errorTitle=_("Target date"), error=_("Type a date, e.g. 31/03/2026."))
    sheet.add_data_validation(dates)
    for row, entry in enumerate(form.entries, head + 1):
        words = entry.text + "".join(f"\n- {p}" for p in entry.points)
        if entry.withheld:
            words = _("[%(mark)s: kept out of the published response, %(reason)s]") % {
                "mark": _(RESTRICTED), "reason": entry.withheld} + f"\n{words}"
        status = (_("%(status)s (past its target date)") % {"status": entry.status}
                  if entry.overdue else entry.status)
        info = (entry.key, entry.report, f"{entry.reference} ({entry.finding_id})", words,
                status, entry.latest)
        for name, value in zip(INFO, info, strict=True):
            sheet.cell(row, column[name], value).style = "request info"
        for box in entry.boxes:
            spec = fields.BY_NAME[box.field]
            cell = sheet.cell(row, column[spec.header])
            if spec.kind == "date":
                from ..dates import parse_date

                cell.value = parse_date(box.shown) if box.shown else None
                cell.style = "request date"
            else:
                cell.value = box.shown or None
                cell.style = "request box"
        sheet.cell(row, mark_col, ";".join(f"{b.field}={b.fingerprint}" for b in entry.boxes))
        longest = max(len(words) / 60, len(entry.latest) / 45, 2)
        sheet.row_dimensions[row].height = min(409.0, 12.75 * (int(longest) + 2))
    if form.entries:  # every row has every box: one range per list, not one per cell
        last = head + len(form.entries)
        for validation, header in ((lists["status"], "Status"), (lists["rag"], "RAG"),
                                   (dates, "Target date")):
            letter = get_column_letter(column[header])
            validation.add(f"{letter}{head + 1}:{letter}{last}")
    for name, col in column.items():
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, 12)
    sheet.column_dimensions[get_column_letter(mark_col)].hidden = True
    sheet.freeze_panes = sheet.cell(head + 1, 2)
    sheet.print_title_rows = f"{head}:{head}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    props = book.properties
    props.title = f"{_(RESTRICTED)}: {form.title}" if form.restricted else form.title
    props.subject, props.creator = _("Update request"), author
    props.identifier = form.mark
    props.language = TAGS[tr.lang]
    props.created = props.modified = dt.datetime(today.year, today.month, today.day, 12)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
