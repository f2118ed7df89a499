"""Import an inspection report: read it (txt, html, pdf, docx), recognise its findings.

Readers turn each format into the same stream of blocks (blocks.py); one
recogniser (recognise.py) turns that stream into a response; reissue.py brings a
re-issued report into a response already being worked on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .blocks import Block, tidy
from .not_a_report import looks_like
from .pdf import Progress
from .recognise import Recognised, recognise
from .sniff import Format, decode_text, detect, read_bytes

__all__ = ["Block", "Imported", "Source", "import_report", "read_blocks", "read_source"]


@dataclass
class Imported(Recognised):
    format: Format = "text"
    blocks: int = 0
    how: str = ""  # how the text was read, when the format alone does not say


@dataclass
class Source:
    """A report read into blocks, with what the reader wants the user told."""

    format: Format
    blocks: list[Block]
    how: str = ""
    notes: list[str] = field(default_factory=list)


def read_blocks(path: Path, progress: Progress | None = None) -> tuple[Format, list[Block]]:
    """The report's format and its blocks, or an InputError saying why it cannot be read."""
    source = read_source(path, progress)
    return source.format, source.blocks


def read_source(path: Path, progress: Progress | None = None) -> Source:
    """The report read into blocks, or an InputError saying why it cannot be read."""
    raw = read_bytes(path)
    fmt = detect(raw, path)
    how, notes = "", []
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
        from .pasted import copied_from_pdf
        from .text import read_pasted, read_text

        text = decode_text(raw, path)
        if copied_from_pdf(text):
            blocks, pasted = read_pasted(text)
            how = "text copied from a PDF" + _dropped(pasted.running, pasted.page_numbers)
            notes = pasted.notes
        else:
            blocks = read_text(text)
    blocks = list(tidy(blocks))
    if not blocks:
        raise InputError(path, "has no text to import")
    return Source(fmt, blocks, how, notes)


def _dropped(running: int, numbers: int) -> str:
    parts = [f"{n} {what}{'s' * (n != 1)}" for n, what in
             ((running, "running header or footer line"), (numbers, "page number")) if n]
    return f"; dropped {' and '.join(parts)}" if parts else ""


def import_report(path: Path | str, progress: Progress | None = None, *, lang: str = "en") -> Imported:
    """Read and recognise a report; refuse one in which no finding at all is recognised.
    ``lang="cy"``: the inspectorate's Welsh edition (its labels read as English ones)."""
    path = Path(path)
    source = read_source(path, progress)
    if lang == "cy":
        from .welsh import english_labels

        source.blocks = english_labels(source.blocks)
    what = looks_like(source.blocks)
    if what is not None:
        raise InputError(path, f"this looks like {what}, not an inspection report; import "
                         "the inspectorate's report itself")
    found = recognise(source.blocks,
                      fallback_title=path.stem.replace("-", " ").replace("_", " "))
    if found.findings == 0:
        raise InputError(path, "no findings found — is this an inspection report?")
    return Imported(found.response, [*source.notes, *found.warnings], source.format,
                    len(source.blocks), source.how)
