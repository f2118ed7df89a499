"""The wrong kind of file: say what it is and which command takes it.

Officers keep the inspectorate's report, the response file and the forms sent to the force
in one folder, with similar names, so the wrong one is easily given. Every command that
reads a response (through `store.read_text`) and `import` ask here what a file that is not
theirs is, and answer with one line naming the command that does take it:

| the file                                   | what the user is told                          |
|--------------------------------------------|------------------------------------------------|
| a PDF, Word, RTF or web page               | `responder import FILE` reads a report in      |
| an Excel workbook                          | `responder returns read RESPONSE FILE`         |
| a returns form responder made (Word/Excel) | `responder returns read <its response> FILE`   |

Pure: judges bytes already read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, display_path

if TYPE_CHECKING:
    import zipfile

# What a response reader refuses: (file kind, its first bytes).
_DOCUMENT_STARTS = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")
_FORM_MARK = re.compile(rb"responder-form\|[^|<]*\|[^|<]*\|([^<]*)<")


def _quoted(name: str) -> str:
    return f'"{name}"' if any(char.isspace() for char in name) else name


def _package(raw: bytes) -> zipfile.ZipFile | None:
    import zipfile  # only for a file that starts like one: a response never does

    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _form_source(package: zipfile.ZipFile) -> str | None:
    """The response file a responder returns form was made from ('' when it names none);
    None for any other Office file. The form's mark is in its document properties."""
    import zipfile

    try:
        info = package.getinfo("docProps/core.xml")
        if info.file_size > 64 * 1024:  # a few hundred bytes in any real file
            return None
        core = package.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    match = _FORM_MARK.search(core)
    if match is None:
        return None
    from html import unescape

    return unescape(match.group(1).decode("utf-8", "replace")).strip()


def returns_form(path: Path, source: str | None) -> str:
    response = _quoted(source) if source else "RESPONSE.yaml"
    return (f"is a returns form made by responder; bring it in with "
            f"`responder returns read {response} {_quoted(display_path(path))}`")


def excel(path: Path, source: str | None) -> str:
    response = _quoted(source) if source else "RESPONSE.yaml"
    return (f"is an Excel workbook — a returns form? bring it in with "
            f"`responder returns read {response} {_quoted(display_path(path))}`")


def office_package(raw: bytes, path: Path) -> None:
    """Refuse an Excel workbook or a responder returns form (Word or Excel) with the command
    that reads it; any other file passes (import reads a Word report)."""
    package = _package(raw) if raw.startswith(b"PK\x03\x04") else None
    if package is None:
        return
    source = _form_source(package)
    if "xl/workbook.xml" in set(package.namelist()):
        raise InputError(path, excel(path, source))
    if source is not None:
        raise InputError(path, returns_form(path, source))


def refuse_if_not_a_response(raw: bytes, path: Path) -> None:
    """An inspection report, a Word document, a workbook or a returns form given where a
    response file belongs: one line saying what it is and the command that takes it."""
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    office_package(raw, path)
    # A zip that does not open is some other binary file: the reader says so.
    document = head.startswith(_DOCUMENT_STARTS) and (
        not head.startswith(b"PK") or _package(raw) is not None)
    if document or head[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise InputError(path, "is a report or document, not a response file; to read an "
                         f"inspection report in, run: responder import "
                         f"{_quoted(display_path(path))}")
