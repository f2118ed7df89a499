"""Word documents: styles say what is a heading and what is a list item.

Takes the file's bytes; python-docx is imported only here, inside the function.
"""

from __future__ import annotations

import io
import re
from typing import Any

from .blocks import Block

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_LEVEL = re.compile(r"(\d)$")


def read_docx(raw: bytes) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(raw))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _paragraph(item)
            if block is not None:
                blocks.append(block)
        elif isinstance(item, Table):
            blocks.extend(_table(item))
    return blocks


def _paragraph(paragraph: Any) -> Block | None:
    text = paragraph.text
    if not text.strip():
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    if lowered == "title":
        return Block("heading", text, 1)
    heading = _HEADING.match(style)
    if heading:
        return Block("heading", text, int(heading.group(1)) + 1)
    num = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num is not None and num.ilvl is not None and num.ilvl.val is not None:
        return Block("item", text, int(num.ilvl.val) + 1)
    if lowered.startswith("list"):
        level = _LIST_LEVEL.search(style)
        return Block("item", text, int(level.group(1)) if level else 1)
    if num is not None:
        return Block("item", text, 1)
    return Block("paragraph", text)


def _table(table: Any) -> list[Block]:
    blocks: list[Block] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                block = _paragraph(paragraph)
                if block is not None:
                    blocks.append(block)
    return blocks
