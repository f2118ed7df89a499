"""Import an inspection report: read it (txt, html, pdf, docx), recognise its findings.

Readers turn each format into the same stream of blocks (blocks.py); one
recogniser (recognise.py) turns that stream into a response; reissue.py brings a
re-issued report into a response already being worked on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .blocks import Block, tidy
from .pdf import Progress
from .recognise import Recognised, recognise
from .sniff import Format, decode_text, detect, read_bytes

__all__ = ["Block", "Imported", "import_report", "read_blocks"]


@dataclass
class Imported(Recognised):
    format: Format = "text"
    blocks: int = 0


def read_blocks(path: Path, progress: Progress | None = None) -> tuple[Format, list[Block]]:
    """The report's format and its blocks, or an InputError saying why it cannot be read."""
    raw = read_bytes(path)
    fmt = detect(raw, path)
    if fmt == "pdf":
        from .pdf import read_pdf

        blocks = read_pdf(raw, path, progress)
    elif fmt == "docx":
        from .docx import read_docx

        try:
            blocks = read_docx(raw)
        except Exception:  # python-docx raises many kinds on a damaged package
            raise InputError(path, "is not a readable Word document (damaged, or not really "
                             "a .docx)") from None
    elif fmt == "html":
        from .html import read_html

        blocks = read_html(raw)
    else:
        from .text import read_text

        blocks = read_text(decode_text(raw, path))
    blocks = list(tidy(blocks))
    if not blocks:
        raise InputError(path, "has no text to import")
    return fmt, blocks


def import_report(path: Path | str, progress: Progress | None = None) -> Imported:
    """Read and recognise a report; refuse one in which no finding at all is recognised."""
    path = Path(path)
    fmt, blocks = read_blocks(path, progress)
    found = recognise(blocks, fallback_title=path.stem.replace("-", " ").replace("_", " "))
    if found.findings == 0:
        raise InputError(path, "no findings found — is this an inspection report?")
    return Imported(found.response, found.warnings, fmt, len(blocks))
