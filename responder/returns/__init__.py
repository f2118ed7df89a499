"""The force's return: a Word or Excel form for the force, and reading it back.

- ``fields``: the table of boxes on a form, and how each value is shown, read and compared.
- ``form``: what a form holds (cover and findings), whatever its format.
- ``excel``: the Excel form, made and read back (openpyxl).
- ``word``: reading a returned Word form (the form itself is built by
  render/return_form.py, the one place that imports python-docx).
- ``reading``: bringing returned answers into the response, with the interview's lock,
  autosave merge and conflict copies.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import UsageError
from ..model import Response

FORMATS = {".docx": "docx", ".xlsx": "xlsx"}


def form_format(target: Path) -> str:
    """'docx' or 'xlsx' from the output's name; a UsageError for anything else."""
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UsageError(f"returns make: cannot tell the form's format from {str(target)!r}; "
                         "name it .docx (Word) or .xlsx (Excel)")
    return fmt


def make_form(response: Response, *, fmt: str, source_name: str, only_missing: bool,
              due: dt.date | None, today: dt.date) -> tuple[bytes, int]:
    """The form's bytes, and how many findings it holds."""
    from .form import build_form

    form = build_form(response, source_name=source_name, fmt=fmt, only_missing=only_missing,
                      due=due)
    if fmt == "docx":
        from ..render.return_form import build_form_docx, properties_for

        return build_form_docx(form, properties_for(form, response.body.name, today)), len(
            form.entries)
    from .excel import build_form_xlsx

    return build_form_xlsx(form, author=response.body.name, today=today), len(form.entries)
