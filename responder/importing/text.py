"""Plain text (.txt, or text copied from a web page): blank lines part paragraphs.

Text copied out of a PDF has its paragraphs put back by pasted.py first.

Reads a text already decoded; pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .blocks import Block, clean, join_lines, strip_bullet, vocabulary
from .pasted import Pasted, normalise

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")


def read_text(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return list(_blocks(lines, hard_wrapped(lines), vocabulary(lines)))


def read_pasted(text: str) -> tuple[list[Block], Pasted]:
    """Text copied out of a PDF: its paragraphs put back first (pasted.py), then read as
    text with one paragraph a line."""
    pasted = normalise(text)
    return list(_blocks(pasted.lines, False, vocabulary(pasted.lines))), pasted


def hard_wrapped(lines: list[str]) -> bool:
    """True when paragraphs are wrapped over several lines (as from a PDF or an e-mail);
    False when each line is a whole paragraph (as copied from a web page or Word)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return False
    long_lines = sum(1 for n in lengths if n > 130)
    if not (long_lines <= len(lengths) * 0.02 and lengths[len(lengths) // 2] >= 40):
        return False
    # A wrapped text breaks most of its lines mid-sentence: the next line goes on in lower
    # case. Lines copied from a web page or a register (one paragraph or field a line, none
    # longer than a line) hardly ever do.
    pairs = broken = 0
    for line, after in zip(lines, lines[1:], strict=False):
        line, after = line.strip(), after.strip()
        if line and after and not strip_bullet(after)[0] and not after.startswith("#"):
            pairs += 1
            broken += after[:1].islower()
    return pairs < 5 or broken >= pairs * 0.1


def _blocks(lines: list[str], wrapped: bool, words: set[str]) -> Iterator[Block]:
    para: list[str] = []
    item: list[str] | None = None
    item_indent = 0
    indents: list[int] = []  # indentation of open list levels, outermost first

    def flush() -> Iterator[Block]:
        nonlocal para, item
        if item is not None:
            level = indents.index(item_indent) + 1 if item_indent in indents else 1
            yield Block("item", join_lines(item, words), level)
            item = None
        if para:
            yield Block("paragraph", join_lines(para, words))
            para = []

    for index, raw in enumerate(lines):
        expanded = raw.expandtabs(4)
        line = clean(expanded)
        if not line:
            yield from flush()
            continue
        indent = len(expanded) - len(expanded.lstrip())
        heading = _MD_HEADING.match(line)
        if heading:
            yield from flush()
            yield Block("heading", heading.group(2), len(heading.group(1)))
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _UNDERLINE.match(line) and not para and item is None:
            continue  # the underline of a setext heading already emitted
        if _UNDERLINE.match(following) and len(following) >= 3 and not para and item is None:
            yield Block("heading", line, 1 if following.startswith("=") else 2)
            continue
        bulleted, rest = strip_bullet(line)
        if bulleted and rest:
            yield from flush()
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            item, item_indent = [rest], indent
            continue
        if not wrapped:
            yield from flush()
        elif item is not None:
            item.append(line)  # a wrapped line of the item: items end at a blank line
            continue
        if not para:
            indents.clear()
        para.append(line)
    yield from flush()
