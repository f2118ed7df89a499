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

from ..errors import InputError, ResponderError
from ..render.i18n import N_
from . import fields
from .form import Form
from .returned import ReturnedBox, ReturnedForm

SHEET = "Findings"  # (a message of the catalogue: "Canfyddiadau" on a Welsh form)
MARK_HEADER = "responder"
INFO = ("id", N_("Reference"), N_("Section"), N_("What the inspectorate said"))
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

    from ..render.i18n import TAGS, English

    tr = form.tr or English()
    _ = tr.gettext
    book = Workbook()
    sheet = book.active
    sheet.title = _(SHEET)
    headers = [*INFO, *(f.header for f in fields.FIELDS), MARK_HEADER]
    column = {h: i + 1 for i, h in enumerate(headers)}
    mark_col = column[MARK_HEADER]

    plain = Font(name=FONT, size=FONT_SIZE)
    sheet.cell(1, 2, form.title).font = Font(name=FONT, bold=True, size=14, color=FILL_HEADER)
    due = (_("Please return by %(date)s.") % {"date": form.due} if form.due
           else _("Please return as soon as you can."))
    sheet.cell(2, 2, _("%(report)s · from %(body)s · %(due)s") % {
        "report": form.report, "body": form.body, "due": due}).font = Font(
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
        # The machine's columns keep their names in every language; people's are translated.
        cell = sheet.cell(head, col, name if name in ("id", MARK_HEADER) else _(name))
        cell.font = Font(name=FONT, size=FONT_SIZE, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=FILL_HEADER)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    grey = PatternFill("solid", fgColor=FILL_INFO)
    blank = PatternFill("solid", fgColor=FILL_NOT_APPLICABLE)
    status = DataValidation(type="list", formula1='"' + ",".join(
                                _(label) for label in fields.STATUS_LABELS.values())
                            + '"', allow_blank=True, showErrorMessage=True,
                            errorTitle=_("Action status"),
                            error=_("Choose Action taken, Action proposed or No action."))
    dates = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                           formula2="DATE(2199,12,31)", allow_blank=True, showErrorMessage=True,
                           errorTitle=_("Date"),
                           error=_("Type a date, e.g. 31/03/2026."))
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
                    words = _("(Cause of concern: %(text)s)") % {"text": entry.context} + \
                        f"\n{words}"
                if entry.withheld:
                    words += "\n" + _("[Kept out of the published response: %(reason)s]") % {
                        "reason": entry.withheld}
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
                    cell.value = _date_of(box.shown)  # a date: Excel shows it in its own way
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
    sheet.oddFooter.center.text = f"{_('Page ')}&P{_(' of ')}&N"
    if form.entries:
        sheet.print_area = f"A1:{get_column_letter(mark_col - 1)}{row}"
    _text_cells_as_text(sheet)
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    props = book.properties
    props.title, props.subject, props.creator = form.title, form.report, author
    props.identifier = form.mark
    props.language = TAGS[tr.lang]
    props.created = props.modified = dt.datetime(today.year, today.month, today.day, 12)
    buffer = io.BytesIO()
    try:
        book.save(buffer)  # openpyxl writes each sheet through a temporary file first
    except Exception as exc:  # OSError, or lxml's SerialisationError wrapping one
        if not isinstance(exc, OSError) and type(exc).__name__ != "SerialisationError":
            raise
        raise ResponderError(f"the Excel form could not be made: a temporary file could not "
                             f"be written ({_write_failure(exc)}); nothing was written") from None
    return buffer.getvalue()


def _write_failure(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, OSError):
        from ..response.outputs import failure_reason

        return failure_reason(exc)
    if "EFBIG" in text:
        return "larger than this session may write (a file-size limit)"
    if "ENOSPC" in text:
        return "the disk is full"
    return text


# What Excel takes for the start of a formula when a cell is typed or pasted (and a tab or
# carriage return before one, which some programs strip): such text is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cells_as_text(sheet: Any) -> None:
    """Every text cell as text, never as a formula, whatever wrote it.

    openpyxl makes any string starting '=' a live formula (=HYPERLINK, =WEBSERVICE), so
    the type is set once every value is in; text Excel would take for a formula if the
    cell were edited gets the quote prefix (Excel's leading apostrophe) as well."""
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str):
                cell.data_type = "s"
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True


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


# What a returned workbook may unpack to, checked in the zip's directory before openpyxl
# reads a part: a real form is a few hundred KB unpacked, and openpyxl holds a sheet's
# every cell in memory (an 8 MB file unpacking to gigabytes took a minute and 8 GB).
MAX_UNPACKED = 64 * 1024 * 1024
MAX_MEMBERS = 1_000


def _expands_safely(path: Path, data: bytes) -> None:
    """Refuse, from the sizes the zip declares (zipfile holds each part to its declared
    size), a workbook that would unpack to far more than any form."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(path, "is not an Excel workbook (.xlsx) that can be read") from None
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED:
        raise InputError(path, f"would unpack to {total // (1024 * 1024)} MB in "
                         f"{len(members)} parts, far more than any returned form; it is not "
                         "a form this tool will read")


def read_form_xlsx(path: Path, data: bytes) -> ReturnedForm:
    from openpyxl import load_workbook

    _expands_safely(path, data)

    def load(data_only: bool) -> Any:
        try:
            return load_workbook(io.BytesIO(data), data_only=data_only)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise InputError(path, "is not an Excel workbook (.xlsx) that can be read") from None

    # Read with formulas as formulas, so a box holding one is known as such; the values
    # Excel worked out for them are read (a second load) only when a box holds one.
    book = load(False)
    computed: list[Any] = []

    def value_of(sheet: Any, row: int, col: int, where: str) -> Any:
        cell = sheet.cell(row, col)
        if cell.data_type == "e":
            raise InputError(path, f"holds an Excel error ({cell.value}), not an answer; "
                             "type the answer itself", where=where)
        if cell.data_type != "f":
            return cell.value
        if not computed:
            computed.append(load(True))
        value = computed[0][sheet.title].cell(row, col).value
        if value is None or (isinstance(value, str) and value.startswith("#")):
            raise InputError(path, "holds a formula with no value worked out by Excel; "
                             "type the answer itself (nothing was read)", where=where)
        return value

    for sheet in book.worksheets:
        found = _header(sheet)
        if found is not None:
            return _read_sheet(path, sheet, *found, value_of)
    raise InputError(path, "is not a responder form, or has lost its ids (no column headed "
                     "'id' with the form's hidden column beside it)")


def _header(sheet: Any) -> tuple[int, dict[str, int]] | None:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 30)):
        names = {_text(c.value).casefold(): c.column for c in row if _text(c.value)}
        if "id" in names and MARK_HEADER in names:
            return row[0].row, {_text(c.value): c.column for c in row if _text(c.value)}
    return None


def _read_sheet(path: Path, sheet: Any, head: int, columns: dict[str, int],
                value_of: Any) -> ReturnedForm:
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
            col = folded.get(spec.excel_column.casefold()) or folded.get(
                fields.in_welsh(spec.excel_column).casefold())  # a Welsh form's header
            if col is None:
                raise InputError(path, f"the form's structure was changed: no column "
                                 f"headed {spec.excel_column!r}")
            place = f"{where}, {spec.header}"
            form.boxes.append(ReturnedBox(key, name, fp, value_of(sheet, row, col, place), place))
    return form


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()
