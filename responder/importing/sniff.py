"""Read a report file safely and tell its format from its content, not only its name.

Pure apart from reading the one file: no printing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from ..errors import InputError

Format = Literal["pdf", "docx", "html", "text"]

# The longest real reports (a national thematic with annexes) are a few MB as PDF.
MAX_BYTES = 50 * 1024 * 1024

EXTENSIONS: dict[str, Format] = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text", ".md": "text",
}


def read_bytes(path: Path) -> bytes:
    from ..response.files import read_bytes as read_safely

    raw = read_safely(path, "an inspection report", MAX_BYTES)
    if not raw.strip():
        raise InputError(path, "is empty")
    return raw


def detect(raw: bytes, path: Path) -> Format:
    """The report's format, judged by its first bytes; the extension only breaks ties."""
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        try:
            package = zipfile.ZipFile(io.BytesIO(raw))
            members = package.infolist()
        except zipfile.BadZipFile:
            raise InputError(path, "is a damaged zip or Word file") from None
        names = {member.filename for member in members}
        if "mimetype" in names and b"opendocument" in package.read("mimetype")[:100]:
            raise InputError(path, "is an OpenDocument (LibreOffice) file; save it as .docx or "
                             "PDF (File › Save As), then import that")
        if "word/document.xml" in names:
            _expands_safely(members, path)  # before any part is unpacked
        from ..response.file_kind import office_package

        office_package(raw, path)  # a workbook or a returns form: `returns read` takes it
        if "word/document.xml" in names:
            return "docx"
        raise InputError(path, "is a zip archive, not a Word (.docx) document")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "is an old-style Word (.doc) file; open it in Word and save it "
                         "as .docx or PDF, then import that")
    if raw.lstrip().startswith(b"{\\rtf"):
        raise InputError(path, "is an RTF file; save it as .docx or PDF, then import that")
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _looks_binary(raw):
        raise InputError(path, "is not a report this tool can read (binary data that is "
                         "neither PDF nor Word)")
    if text_head.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in raw[:4096].lower() for tag in (b"<html", b"<body", b"<p>", b"<h1", b"<main")
    ):
        return "html"
    # Plain text, whatever the name says (a .pdf or .docx that is really text is read as text).
    return "html" if EXTENSIONS.get(path.suffix.lower()) == "html" else "text"


# What a Word file may unpack to. The longest real report's document.xml is a few MB; the
# sizes are checked in the zip's directory before anything is unpacked, because the
# reader holds every part in memory (a "zip bomb" of 2.6 GB would be read whole).
MAX_UNPACKED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000


def _expands_safely(members: list[zipfile.ZipInfo], path: Path) -> None:
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED:
        raise InputError(path, f"would unpack to {total // (1024 * 1024)} MB in "
                         f"{len(members)} parts, far more than any report; it is not a Word "
                         "document this tool will read")


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; a byte-order mark says so.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


def decode_text(raw: bytes, path: Path) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "is not readable text (broken UTF-16)") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Text saved from Word or Notepad on Windows is often Windows-1252.
        return raw.decode("cp1252", errors="replace")
