"""The passages as an Excel workbook for a translator without a translation tool.

Built as the force's return is (returns/excel.py): one sheet, one row a passage, the
header row frozen, the sheet protected without a password so only the Welsh column can be
typed in, and hidden columns carrying the file's mark, each row's key and the Welsh as
sent, so reading back finds each passage by key, never by position.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..returns.excel import FILL_HEADER, FILL_INFO, FONT
from .sent import Returned, Sent

SHEET = "Cyfieithu"
HEADERS = ("Where", "English", "Welsh before (out of date)", "Cymraeg / Welsh",
           "responder", "responder-welsh-sent")
WIDTHS = (24, 60, 40, 60, 10, 10)
HEAD = 4


def build(sent: list[Sent], *, mark: str, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    plain, top = Font(name=FONT, size=10), Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1, f"Welsh translation: {title}").font = Font(name=FONT, bold=True, size=14)
    sheet.cell(2, 1, "Type the Welsh of each passage in the column ‘Cymraeg / Welsh’. Keep the "
               "Markdown marks as they are (**bold**, a '- ' at the start of a list line). "
               "Where a Welsh version is shown as out of date, correct it to match the English.").font = plain
    sheet.cell(1, 5, mark)
    grey = PatternFill("solid", fgColor=FILL_INFO)
    for col, name in enumerate(HEADERS, 1):
        cell = sheet.cell(HEAD, col, name)
        cell.font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=FILL_HEADER)
    for row, item in enumerate(sent, HEAD + 1):
        values = (item.where, item.english, item.welsh if item.state == "stale" else "",
                  item.welsh, item.key, item.welsh)
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row, col, value or None)
            cell.alignment, cell.font = top, plain
            if col == 4:
                cell.protection = Protection(locked=False)
            elif col < 4:
                cell.fill = grey
        sheet.row_dimensions[row].height = min(400, 15 * (1 + len(item.english) // 70))
    for col, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for col in (5, 6):
        sheet.column_dimensions[get_column_letter(col)].hidden = True
    sheet.freeze_panes = sheet.cell(HEAD + 1, 1)
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    book.properties.title, book.properties.language = f"Welsh translation: {title}", "cy-GB"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(path: Path, data: bytes) -> tuple[str, list[Returned]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(path, f"is not an Excel workbook responder can read ({exc})") from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.active
    header = next((row for row in range(1, 20)
                   if str(sheet.cell(row, 5).value or "") == "responder"), None)
    if header is None:
        raise InputError(path, "is not a translation workbook made by responder (no column "
                         "headed 'responder'); make one with `responder translate make`")
    columns = {str(sheet.cell(header, col).value or ""): col for col in range(1, sheet.max_column + 1)}
    welsh_col = columns.get("Cymraeg / Welsh")
    if welsh_col is None:
        raise InputError(path, "has no column headed ‘Cymraeg / Welsh’", where=f"row {header}")
    mark = str(sheet.cell(1, 5).value or "")
    returned = []
    for row in range(header + 1, sheet.max_row + 1):
        key = _text(sheet.cell(row, columns["responder"]).value)
        if not key:
            continue
        returned.append(Returned(key, _text(sheet.cell(row, columns["English"]).value),
                                 _text(sheet.cell(row, columns["responder-welsh-sent"]).value),
                                 _text(sheet.cell(row, welsh_col).value).strip(), f"row {row}"))
    return mark, returned


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n")
