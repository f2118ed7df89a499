"""The normalised stream every reader produces: headings, paragraphs and list items.

Readers differ in what they can see (a Word style, an HTML tag, a font size, only
white space), but they all hand the recogniser the same three kinds of block, with
text cleaned the same way, so one recogniser serves every format.

Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item"]


@dataclass(frozen=True)
class Block:
    """One heading (level 1 = the document title), paragraph (level 0) or list item (level 1+)."""

    kind: BlockKind
    text: str
    level: int = 0
    page: int | None = None  # 1-based, for PDF sources

    def __str__(self) -> str:  # handy when a test fails
        mark = {"heading": "#" * max(self.level, 1) + " ", "item": "  " * (self.level - 1) + "• "}
        return mark.get(self.kind, "") + self.text


# Bullet glyphs: the usual ones, and the private-use code points that PDFs made from Word
# (Symbol and Wingdings fonts) use for bullets.
BULLETS = ("•◦▪▫●○■□‣⁃∙·–—-*"
           "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0e0\uf06e\uf0a8\uf02d\u2043\u2219\u25cf\u25e6")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
BULLET_START = re.compile(rf"^\s*([{re.escape(BULLETS)}]|[\ue000-\uf8ff])\s+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x02\ufffe]")


def clean(text: str) -> str:
    """One line of text: NFC, no soft hyphens or zero-width marks, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text = "".join(ch if ch >= " " else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def strip_bullet(text: str) -> tuple[bool, str]:
    """(True, rest) when the text starts with a bullet glyph followed by a space."""
    match = BULLET_START.match(text)
    if match:
        return True, text[match.end():]
    if text[:1] and _PRIVATE.match(text[:1]):  # a private-use glyph straight against the text
        return True, text[1:].lstrip()
    return False, text


def tidy(blocks: Iterable[Block]) -> Iterator[Block]:
    """Clean every block's text, drop empty ones, and turn bulleted paragraphs into items."""
    for block in blocks:
        text = clean(block.text)
        kind, level = block.kind, block.level
        if kind == "paragraph":
            bulleted, rest = strip_bullet(text)
            if bulleted and rest:
                kind, level, text = "item", 1, rest
        elif kind == "item":
            text = strip_bullet(text)[1]
        if not text or (kind != "paragraph" and not any(ch.isalnum() for ch in text)):
            continue
        yield Block(kind, text, level, block.page)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z'’]+)*")


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every word (lower case) in the texts, hyphenated compounds kept whole."""
    words: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text):
            word = word.lower()
            words.add(word)
    return words


def join_lines(lines: list[str], words: set[str]) -> str:
    """Lines of one paragraph joined with spaces, hyphenation across line ends repaired.

    A hyphen at a line end is dropped only when the joined word is used elsewhere in
    the document without one ("investi- gation" -> "investigation"); otherwise it is a
    real compound and stays ("counter- corruption" -> "counter-corruption").
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
            head = re.search(r"([A-Za-z'’]+)-$", out)
            tail = re.match(r"[A-Za-z'’]+", line)
            joined = (head.group(1) + tail.group(0)).lower() if head and tail else ""
            compound = f"{head.group(1)}-{tail.group(0)}".lower() if head and tail else ""
            if joined and joined in words and compound not in words:
                out = out[:-1] + line
            else:
                out = out + line
        else:
            out = out + " " + line
    return out
