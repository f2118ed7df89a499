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
from ..response.model import Response

FORMATS = {".docx": "docx", ".xlsx": "xlsx"}


def form_format(target: Path) -> str:
    """'docx' or 'xlsx' from the output's name; a UsageError for anything else."""
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UsageError(f"returns make: cannot tell the form's format from {str(target)!r}; "
                         "name it .docx (Word) or .xlsx (Excel)")
    return fmt


def response_for_form(path: Path, now: dt.datetime) -> tuple[Response, bool]:
    """The response a form is made from, and whether its ids were just written into it.

    The form names findings by id. An id responder assigned on reading (a hand-written
    finding without one) comes from the finding's position and is only written with the
    next save, so a finding added above it before the form comes back would shift it:
    write the ids now, as any save would. An interview holding the file writes them
    itself with its next save; then nothing is written here.
    """
    from ..response import editing, roundtrip, writing
    from ..response.locking import LockedError, acquire

    doc = editing.load(path)
    if not _lacks_ids(doc.written):
        return doc.response, False
    try:
        lock = acquire(path, now)
    except LockedError:
        return doc.response, False
    try:
        if doc.changed_on_disk():
            return doc.response, False
        writing.atomic_write(path, roundtrip.dump(roundtrip.merge(doc.tree, roundtrip.to_plain(doc.response)),
                                            doc.newline))
    finally:
        lock.release()
    return doc.response, True


def _lacks_ids(tree: object) -> bool:
    def items(node: object, key: str) -> list:
        value = node.get(key) if isinstance(node, dict) else None
        return value if isinstance(value, list) else []

    def visit(sections: list) -> bool:
        for section in sections:
            if not isinstance(section, dict) or "id" not in section:
                return True
            for finding in items(section, "findings"):
                if not isinstance(finding, dict) or "id" not in finding:
                    return True
                if any(not isinstance(r, dict) or "id" not in r
                       for r in items(finding, "recommendations")):
                    return True
            if visit(items(section, "sections")):
                return True
        return False

    return visit(items(tree, "sections"))


def make_form(response: Response, *, fmt: str, source_name: str, only_missing: bool,
              due: dt.date | None, today: dt.date, lang: str = "en") -> tuple[bytes, int]:
    """The form's bytes, and how many findings it holds; its fixed wording in ``lang`` (a
    Welsh office's forms may go out in Welsh: the force answers in either language)."""
    from ..render.environment import translations
    from .form import build_form

    form = build_form(response, source_name=source_name, fmt=fmt, only_missing=only_missing,
                      due=due, tr=translations(lang))
    findings = sum(1 for entry in form.entries if entry.role == "finding")
    if fmt == "docx":
        from .word_form import build_form_docx, properties_for

        return build_form_docx(form, properties_for(form, response.body.name, today)), findings
    from .excel import build_form_xlsx

    return build_form_xlsx(form, author=response.body.name, today=today), findings
