"""The force's return as an Excel workbook, and reading one back (openpyxl).

One sheet, one row per finding, then a row for each section's comments as a whole, one
for the overall comments and three for who completed the form (name, role, date), all
typed in the Force response column. Rows are found again by the hidden column headed
``id`` and the headers of the boxes (fields.FIELDS), never by position, so a force may
sort, filter or widen columns; people read the letter's references ("Area for
improvement 2") in the Reference column. Only the boxes are unlocked (the sheet is
protected without a password, so nobody overwrites the inspectorate's words by
accident); the action status is a list; the header row is frozen. A hidden column headed
``responder`` carries the form's mark and, per row, the fingerprint of each box's answer
as made. It prints on A4 landscape, fitted to the page's width, with the header row
repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import fields
from .form import Form
from .returned import ReturnedBox, ReturnedForm

SHEET = "Findings"
MARK_HEADER = "responder"
INFO = ("id", "Reference", "Section", "What the inspectorate said")
# Widths in characters: together narrow enough that A4 landscape, fitted to its width,
# prints the 11-point text at about 9 points (see test_returns' printing test).
WIDTHS = {"id": 10, "Reference": 15, "Section": 16, "What the inspectorate said": 38,
          "Force response": 42, "Action status": 13, "Action explanation": 28, "Owner": 14,
          "Target date": 17}  # "30 September 2026" in 11 point
FONT_SIZE = 11
MARGIN = 0.3  # inches, all round
HEADER_ROWS = 5  # title, report and date, two lines of instructions, then the header
MAX_BYTES = 32 * 1024 * 1024
FILL_INFO = "F2F2F2"
FILL_HEADER = "1F3864"
FILL_NOT_APPLICABLE = "D9D9D9"
DATE_FORMAT = "d mmmm yyyy"
FONT = "Arial"


def build_form_xlsx(form: Form, *, author: str, today: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    headers = [*INFO, *(f.header for f in fields.FIELDS), MARK_HEADER]
    column = {h: i + 1 for i, h in enumerate(headers)}
    mark_col = column[MARK_HEADER]

    plain = Font(name=FONT, size=FONT_SIZE)
    sheet.cell(1, 2, form.title).font = Font(name=FONT, bold=True, size=14, color=FILL_HEADER)
    due = f"Please return by {form.due}." if form.due else "Please return as soon as you can."
    sheet.cell(2, 2, f"{form.report} · from {form.body} · {due}").font = Font(
        name=FONT, size=FONT_SIZE, bold=True)
    last = get_column_letter(mark_col - 1)
    for row, line in enumerate(form.instructions, 3):
        cell = sheet.cell(row, 2, line)
        cell.font, cell.alignment = plain, Alignment(wrap_text=True, vertical="top")
        # Across the printed width, wrapped: a long line would run off the page.
        sheet.merge_cells(f"B{row}:{last}{row}")
        sheet.row_dimensions[row].height = 15 * max(1, -(-len(line) // 190)) + 3
    sheet.merge_cells(f"B2:{last}2")
    sheet.cell(1, mark_col, form.mark)

    top = Alignment(wrap_text=True, vertical="top")
    head = HEADER_ROWS
    for name, col in column.items():
        cell = sheet.cell(head, col, name)
        cell.font = Font(name=FONT, size=FONT_SIZE, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=FILL_HEADER)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    grey = PatternFill("solid", fgColor=FILL_INFO)
    blank = PatternFill("solid", fgColor=FILL_NOT_APPLICABLE)
    status = DataValidation(type="list", formula1='"' + ",".join(fields.STATUS_LABELS.values())
                            + '"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Action status",
                            error="Choose Action taken, Action proposed or No action.")
    dates = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                           formula2="DATE(2199,12,31)", allow_blank=True, showErrorMessage=True,
                           errorTitle="Date",
                           error="Type a date, e.g. 31/03/2026.")
    sheet.add_data_validation(status)
    sheet.add_data_validation(dates)

    row = head
    for entry in form.entries:
        # Who completed the form: a row per box, so each answer has a cell of its own.
        groups = [[box] for box in entry.boxes] if entry.role == "completed" else [entry.boxes]
        for boxes_in_row in groups:
            row += 1
            if entry.role == "finding":
                words = entry.text + "".join(f"\n- {p}" for p in entry.points)
                if entry.context:
                    words = f"(Cause of concern: {entry.context})\n{words}"
                if entry.withheld:
                    words += f"\n[Kept out of the published response: {entry.withheld}]"
            elif entry.role == "completed":
                words = boxes_in_row[0].help
            else:
                words = entry.text
            section = entry.section + (f" ({entry.grade})" if entry.grade else "")
            reference = entry.reference
            if entry.role == "completed":
                reference = boxes_in_row[0].label
            info = (entry.id, reference, section, words)
            for name, value in zip(INFO, info, strict=True):
                cell = sheet.cell(row, column[name], value)
                cell.alignment, cell.fill, cell.font = top, grey, plain
            boxes = {box.field: box for box in boxes_in_row}
            by_column = {fields.BY_NAME[b.field].excel_column: b for b in boxes_in_row}
            for spec in fields.FIELDS:
                cell = sheet.cell(row, column[spec.header])
                cell.alignment, cell.font = top, plain
                box = by_column.get(spec.header)
                if box is None:
                    cell.fill = blank
                    continue
                kind = fields.BY_NAME[box.field].kind
                cell.protection = Protection(locked=False)
                if kind == "date":
                    cell.value = _date_of(box.shown)
                    cell.number_format = DATE_FORMAT
                    dates.add(cell)
                else:
                    cell.value = box.shown or None
                    if kind == "status":
                        status.add(cell)
            sheet.cell(row, mark_col, ";".join(f"{b.field}={b.fingerprint}" for b in boxes_in_row))
            sheet.row_dimensions[row].height = _height(words, section, boxes)

    for name, col in column.items():
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 12)
    sheet.column_dimensions[get_column_letter(column["id"])].hidden = True
    sheet.column_dimensions[get_column_letter(mark_col)].hidden = True
    sheet.freeze_panes = sheet.cell(head + 1, column["Section"])
    sheet.print_title_rows = f"{head}:{head}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = MARGIN
    sheet.page_margins.top = sheet.page_margins.bottom = MARGIN + 0.2
    sheet.print_options.gridLines = False
    sheet.oddFooter.center.text = "Page &P of &N"
    if form.entries:
        sheet.print_area = f"A1:{get_column_letter(mark_col - 1)}{row}"
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    props = book.properties
    props.title, props.subject, props.creator = form.title, form.report, author
    props.identifier = form.mark
    props.language = "en-GB"
    props.created = props.modified = dt.datetime(today.year, today.month, today.day, 12)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _date_of(shown: str) -> dt.date | None:
    from ..dates import parse_date

    return parse_date(shown) if shown else None


def _height(words: str, section: str, boxes: dict[str, Any]) -> float:
    """A row tall enough for its longest cell (Excel does not grow rows written by a program)."""
    texts = [(words, WIDTHS["What the inspectorate said"]), (section, WIDTHS["Section"])]
    texts += [(box.shown, WIDTHS[fields.BY_NAME[box.field].excel_column])
              for box in boxes.values()]
    lines = 1
    for text, width in texts:
        count = sum(max(1, -(-len(part) // int(width * 1.3))) for part in text.split("\n"))
        lines = max(lines, count)
    return min(409.0, 14.5 * lines + 4)


# ---------------------------------------------------------------- reading back


def read_form_xlsx(path: Path, data: bytes) -> ReturnedForm:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(path, "is not an Excel workbook (.xlsx) that can be read") from None
    for sheet in book.worksheets:
        found = _header(sheet)
        if found is not None:
            return _read_sheet(path, sheet, *found)
    raise InputError(path, "is not a responder form, or has lost its ids (no column headed "
                     "'id' with the form's hidden column beside it)")


def _header(sheet: Any) -> tuple[int, dict[str, int]] | None:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 30)):
        names = {_text(c.value).casefold(): c.column for c in row if _text(c.value)}
        if "id" in names and MARK_HEADER in names:
            return row[0].row, {_text(c.value): c.column for c in row if _text(c.value)}
    return None


def _read_sheet(path: Path, sheet: Any, head: int, columns: dict[str, int]) -> ReturnedForm:
    folded = {name.casefold(): col for name, col in columns.items()}
    mark_col = folded[MARK_HEADER]
    mark = None
    for row in range(1, head):
        mark = fields.parse_form_mark(_text(sheet.cell(row, mark_col).value)) or mark
    if mark is None:
        raise InputError(path, "is not a responder form, or has lost its ids (its hidden "
                         "'responder' column has no form mark)")
    form = ReturnedForm(path, identity=mark[0], source_name=mark[1])
    id_col = folded["id"]
    for row in range(head + 1, sheet.max_row + 1):
        key = _text(sheet.cell(row, id_col).value)
        prints = _text(sheet.cell(row, mark_col).value)
        if not key and not prints:
            continue
        where = f"row {row}"
        if not key:
            raise InputError(path, "the form's structure was changed: a row has no id "
                             "(keep the id column as it was)", where=where)
        if not prints:
            form.unmatched.append((key, where))
            continue
        for part in prints.split(";"):
            name, _, fp = part.partition("=")
            spec = fields.BY_NAME.get(name)
            if spec is None or not fp:
                raise InputError(path, "the form's structure was changed (its hidden "
                                 "'responder' column was edited)", where=where)
            col = folded.get(spec.excel_column.casefold())
            if col is None:
                raise InputError(path, f"the form's structure was changed: no column "
                                 f"headed {spec.excel_column!r}")
            form.boxes.append(ReturnedBox(key, name, fp, sheet.cell(row, col).value,
                                          f"{where}, {spec.header}"))
    return form


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()
