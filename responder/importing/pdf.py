"""PDF: text lines re-joined into headings, paragraphs and list items.

pypdfium2 (PDFium, the engine in Chrome) gives the text lines of each page with
their positions; the font size and weight of a line's first character tell
headings from body text. Running headers, footers and page numbers are dropped,
paragraphs are re-joined across line and page breaks, and hyphenation at line
ends is repaired. Takes the file's bytes; no printing (progress goes to a callback).
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .blocks import Block, clean, join_lines, strip_bullet, vocabulary

Progress = Callable[[int, int], None]  # (pages done, pages in all)

MAX_PAGES = 2000
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+(of|/)\s+\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# Only true bullet glyphs: a dash at the start of a PDF line is as likely to be running text.
_INLINE_BULLET = re.compile("^[\u2022\u25e6\u25aa\u25cf\u25cb\u25a0\u25a1\u2023\u2043\u2219"
                            "\ue000-\uf8ff]\\s+")
_SOFT_HYPHEN_END = re.compile("[\x02\u00ad\ufffe]$")
_TOC_LINE = re.compile(r"(\.\s?){4,}\s*\d+\s*$|\s\d{1,3}$")


@dataclass
class Line:
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    x1: float = 0.0
    bullet: bool = False
    parts: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.top - self.bottom


def read_pdf(raw: bytes, path: Path, progress: Progress | None = None) -> list[Block]:
    pages = _lines(raw, path, progress)
    if not any(pages):
        raise InputError(path, "this PDF has no text layer; run OCR first")
    _drop_running_lines(pages)
    lines = [line for page in pages for line in page]
    return _blocks(lines)


def _lines(raw: bytes, path: Path, progress: Progress | None) -> list[list[Line]]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(path, "is an encrypted (password-protected) PDF; save an "
                             "unprotected copy and import that") from None
        raise InputError(path, "is not a readable PDF (damaged or incomplete)") from None
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise InputError(path, f"has {count} pages; the importer reads at most {MAX_PAGES}")
        buffer = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        pages: list[list[Line]] = []
        for number in range(count):
            page = document[number]
            textpage = page.get_textpage()
            try:
                pages.append(_page_lines(textpage, number + 1, pdfium_c, buffer, flags))
            finally:
                textpage.close()
                page.close()
            if progress is not None:
                progress(number + 1, count)
        return pages
    finally:
        document.close()


def _page_lines(textpage, number, pdfium_c, buffer, flags) -> list[Line]:  # type: ignore[no-untyped-def]
    lines: list[Line] = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).rstrip()
        # PDFium reports a hyphen that breaks a word at a line end as a control character.
        text = clean(_SOFT_HYPHEN_END.sub("-", text))
        if not text:
            continue
        middle = (top + bottom) / 2
        char = pdfium_c.FPDFText_GetCharIndexAtPos(
            textpage.raw, left + min(1.0, (right - left) / 2), middle, 2.0, 2.0)
        size, bold = 0.0, False
        if char >= 0:
            size = round(pdfium_c.FPDFText_GetFontSize(textpage.raw, char) * 2) / 2
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, char, buffer, len(buffer),
                                          ctypes.byref(flags))
            name = buffer.value.decode("latin-1", "replace").lower()
            weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, char)
            bold = "bold" in name or "black" in name or "heavy" in name or weight >= 600
        is_bullet, rest = strip_bullet(text + " ")
        previous = lines[-1] if lines else None
        same_line = previous is not None and _overlap(previous, top, bottom) and left >= previous.x0
        if same_line and previous is not None:
            if previous.bullet and not previous.parts:
                previous.x0 = left  # the item's text starts after the bullet glyph
                previous.size, previous.bold = size or previous.size, bold
            previous.parts.append(text)
            previous.x1 = max(previous.x1, right)
            previous.top, previous.bottom = max(previous.top, top), min(previous.bottom, bottom)
            continue
        if is_bullet and not rest.strip():
            lines.append(Line("", left, top, bottom, size, bold, number, bullet=True))
            continue
        glyph = _INLINE_BULLET.match(text)
        if glyph:  # "• The force should …" with the bullet in the line's own text
            text = text[glyph.end():]
        line = Line("", left, top, bottom, size, bold, number, x1=right, parts=[text],
                    bullet=bool(glyph))
        lines.append(line)
    for line in lines:
        line.text = " ".join(line.parts)
    return [line for line in lines if line.text]


def _overlap(line: Line, top: float, bottom: float) -> bool:
    shared = min(line.top, top) - max(line.bottom, bottom)
    return shared > 0.5 * min(line.height or 1, (top - bottom) or 1)


def _drop_running_lines(pages: list[list[Line]]) -> None:
    """Remove running headers and footers (the same line at the top or foot of most pages)
    and bare page numbers."""
    if not pages:
        return
    edges: Counter[str] = Counter()
    for page in pages:
        keys = {_DIGITS.sub("#", line.text.lower()) for line in page[:2] + page[-2:]}
        edges.update(keys)
    threshold = max(2, len(pages) // 2) if len(pages) > 1 else 99
    for page_index, page in enumerate(pages):
        keep = []
        for position, line in enumerate(page):
            at_edge = position < 2 or position >= len(page) - 2
            key = _DIGITS.sub("#", line.text.lower())
            if at_edge and (edges[key] >= threshold or _PAGE_NUMBER.match(line.text)):
                continue
            keep.append(line)
        pages[page_index] = keep


def _blocks(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    words = vocabulary(line.text for line in lines)
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted({s for s in sizes if s > body * 1.12}, reverse=True)
    level_of = {s: i + 1 for i, s in enumerate(heading_sizes)}
    bold_level = len(heading_sizes) + 1
    pitches: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.size == body == b.size:
            pitches[round(a.top - b.top)] += 1
    # The line pitch inside a paragraph: the smallest common baseline distance (the most
    # common one may be between paragraphs, when most paragraphs are one line long).
    total = sum(pitches.values())
    common = [p for p, n in pitches.items() if p > 0 and n >= max(2, total * 0.1)]
    pitch = min(common) if common else body * 1.4
    bullet_xs = sorted({round(line.x0 / 6) for line in lines if line.bullet})
    rights = sorted(line.x1 for line in lines if line.size == body)
    right_margin = rights[int(len(rights) * 0.9)] if rights else 0.0
    left_margin = min((line.x0 for line in lines if line.size == body), default=0.0)
    short_line = left_margin + (right_margin - left_margin) * 0.7

    blocks: list[Block] = []
    current: list[Line] = []

    def kind_of(line: Line) -> tuple[str, int]:
        if line.size in level_of:
            return "heading", level_of[line.size]
        if line.bullet:
            return "item", bullet_xs.index(round(line.x0 / 6)) + 1 if line.bullet else 1
        if line.bold and line.size == body:
            return "bold", bold_level
        return "paragraph", 0

    def flush() -> None:
        if not current:
            return
        kind, level = kind_of(current[0])
        text = join_lines([line.text for line in current], words)
        if kind == "bold":
            # A bold line of its own is a heading; bold running text is a paragraph.
            short = len(text) < 120 and not text.rstrip().endswith((".", ";", ","))
            kind, level = ("heading", level) if short else ("paragraph", 0)
        blocks.append(Block(kind, text, level, current[0].page))  # type: ignore[arg-type]
        current.clear()

    for line in lines:
        if not current:
            current.append(line)
            continue
        last = current[-1]
        first = current[0]
        kind, _ = kind_of(first)
        if line.bullet or line.size != last.size or line.bold != last.bold and kind != "item":
            flush()
        elif line.page != last.page:
            ends = last.text.rstrip()[-1:] in ".?!:"
            # A line stopping short of the margin ends its block at a page break too
            # ("Inadequate" at a page's foot, the paragraph on the next page).
            short = last.x1 < short_line and not last.text.endswith("-")
            if (ends or short) and not line.text[:1].islower():
                flush()
        elif last.top - line.top > max(pitch * line.size / body, line.height) * 1.3:
            flush()
        elif last.x1 < short_line and kind != "heading" and not last.text.endswith("-"):
            flush()  # the line before stopped well short of the margin: its paragraph ended
        elif kind == "item" and line.x0 < first.x0 - 4:
            flush()  # back at the margin: the item ended
        elif kind == "paragraph" and abs(line.x0 - first.x0) > 30 and line.x0 > first.x0:
            flush()  # an indented line starts a new block
        current.append(line)
    flush()
    return blocks
