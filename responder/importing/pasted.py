"""Text copied out of a PDF: put back the paragraphs the copy lost, then read it as text.

A PDF has no paragraphs, only positioned lines, so text taken out of one — a plain
extraction (PDFium, as Chrome's viewer copies it), a layout-preserving one (`pdftotext
-layout`, pdfminer), a viewer's "copy all" — is hard-wrapped, often with no blank line
between paragraphs, keeps each page's running header, footer and page number in the
middle of the text, breaks headings over two lines and hyphenates words at line ends.

This normaliser undoes that and hands the text reader one paragraph a line, so the same
reader and the same recogniser serve pasted text as every other format:

- pages are told apart by form feeds and by page-number lines; a line that recurs next
  to most page breaks (the running header or footer) is dropped with the page numbers;
- lines are joined into paragraphs; a paragraph ends where the next line's first word
  would have fitted on the line before (so the line was not wrapped), at a blank line,
  at a bullet, and, across a page break, after a full stop;
- a line that starts in lower case, or that follows one ending in "and", "of", a comma
  or a hyphen, continues the line before (a heading wrapped over two lines is rebuilt);
- a word hyphenated at a line end is rejoined when the document spells it whole elsewhere,
  and a compound an extractor glued together ("countercorruption") gets back the hyphen
  the document uses elsewhere;
- a bullet's text ends where the text returns to the margin (layout extractions) or
  where a sentence ends and the next line starts a new one.

What stays unclear is said, not guessed: `notes` lists the places to check.

Pure: takes the text, returns lines and notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import _INVISIBLE, join_lines, strip_bullet, vocabulary

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*(\d{1,4}))?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# A line ending in one of these words is never the end of a heading or paragraph.
_OPEN_END = re.compile(
    r"(?:\b(?:and|or|of|the|a|an|to|for|in|on|at|by|with|from|its|their|that|which|as|is"
    r"|are|be|should|must|will|into|than|this|these|our|we|but|nor|not|how|what|whether)"
    r"|[,;\u2013\u2014-])$",
    re.IGNORECASE,
)
# Lines that start a block of their own after a sentence has ended, however long that was.
STARTS_BLOCK = re.compile(
    r"^(?:\(?\d{1,2}[.)]\s+[A-Z]|(?i:(?:area for improvement|recommendation|cause of concern)"
    r"(?:\s+\d{1,3})?\b|areas for improvement$|recommendations$|causes of concern$))")
_GRADE_ALONE = re.compile(r"^(?:outstanding|good|adequate|requires improvement|inadequate)$",
                          re.IGNORECASE)
# Lines that stand alone whatever ends the line before (unless it ends open): the genre's
# headings on their own, and the publication date.
_ALONE = re.compile(r"^(?:areas? for improvement|causes? of concern|recommendations?"
                    r"|published(?: on)?\s+\d{1,2}\s+[A-Za-z]+\s+\d{4})$", re.IGNORECASE)
# A recommendation's opening after a sentence that filled its line: "By 31 March 2025, chief
# constables should …", "Within three months, the force should …" starts a paragraph.
_DATED_RECOMMENDATION = re.compile(
    r"^(?:by|before|no later than|not later than|within|immediately)\b[^,]{0,40},\s+"
    r"(?:\S+\s+){0,8}?(?:should|must)\b", re.IGNORECASE)
# The start of a finding's sentence, and of the explanation that follows one.
_FINDING = re.compile(r"^(?:\W\s*)?(?:by [^,]{1,40},\s*|within [^,]{1,40},\s*)?"
                      r"(?:the force|forces|all forces|each force|chief constables|the chief constable"
                      r"|[A-Z][\w'-]+(?: [A-Z][\w'-]+)* (?:Police|Constabulary))\b[^.]{0,200}?"
                      r"\b(?:should|must|needs? to)\b", re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:we|this|these|it|our|in|at|during|since|as|the force (?:has|had|is"
                          r"|was|does|did|told|already))\b", re.IGNORECASE)
_LIST_END = re.compile(r";(?:\s+(?:and|or))?$")  # the end of one item of a list
# "…effectively and proactively;" / "and can fully monitor …": the item's sentence goes on.
_CARRIES_ON = re.compile(r"^(?:and|or|but|nor|as well as)\b")
_SENTENCE_END = re.compile(r"[.?!:][\"'”’)]?$")
_PDFIUM_HYPHEN = re.compile("([A-Za-z'’]+)\ufffe\\s*([A-Za-z'’]+)")
_WORD = re.compile(r"\b[a-z]{6,}\b")
# A grade or one of the genre's headings is content, however often it recurs near a page break.
_CONTENT_LINE = re.compile(
    r"^(?:outstanding|good|adequate|requires improvement|inadequate|areas? for improvement"
    r"|causes? of concern|recommendations?|summary|(?:question|chapter|part|section"
    r"|area for improvement|recommendation|cause of concern) #?)$",
    re.IGNORECASE,
)
_PAGE_BREAK = "\f"


class _PageNumber:
    """'12', 'Page 12', '12 of 40', '12/40' — but not a year such as '2018/19'."""

    @staticmethod
    def match(text: str) -> bool:
        found = _PAGE_NUMBER.match(text)
        if not found:
            return False
        return found.group(2) is None or int(found.group(1)) <= int(found.group(2))


PAGE_NUMBER = _PageNumber()


@dataclass
class Pasted:
    """The text, one paragraph a line, and what the reader should tell the user."""

    lines: list[str]
    running: int = 0  # running header/footer lines dropped
    page_numbers: int = 0
    notes: list[str] = field(default_factory=list)


def copied_from_pdf(text: str) -> bool:
    """Does the text look copied out of a PDF rather than typed or saved as text?"""
    if _PAGE_BREAK in text or "\ufffe" in text:
        return True
    lines = [line.strip() for line in text.splitlines()]
    filled = [line for line in lines if line]
    if len(filled) < 8:
        return False
    numbers = sum(1 for line in filled if PAGE_NUMBER.match(line))
    blanks = len(lines) - len(filled)
    lengths = sorted(len(line) for line in filled)
    long_lines = lengths[int(len(lengths) * 0.98)] <= 130
    # Sentences broken at a line end: the next line carries on in lower case.
    broken = sum(1 for line, after in zip(lines, lines[1:], strict=False)
                 if line and after[:1].islower() and not _SENTENCE_END.search(line)
                 and not after.startswith(("http", "www.")))
    # Page numbers standing alone between hard-wrapped lines, or sentences broken over
    # lines with hardly a blank line between paragraphs: no one types that, and no word
    # processor saves it.
    return long_lines and (
        (numbers >= 2 and lengths[len(lengths) // 2] >= 35)
        or (blanks < len(filled) * 0.05 and broken >= max(3, len(filled) * 0.05))
        or (blanks == 0 and broken >= 1))  # a page or two copied whole, no blank line in it


def normalise(text: str) -> Pasted:
    """The text's paragraphs, one a line (with each paragraph's first-line indentation)."""
    words = vocabulary([text.replace("\ufffe", " ")])  # a split word is no evidence
    text = _PDFIUM_HYPHEN.sub(lambda m: _rejoin(m.group(1), m.group(2), words), text)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace(_PAGE_BREAK, "\n\f\n")
    lines = [_INVISIBLE.sub("", line).rstrip().expandtabs(4) for line in raw.split("\n")]
    result = Pasted([])
    lines = _drop_running(lines, result)
    margin = min((len(line) - len(line.lstrip()) for line in lines
                  if line.strip() and line != _PAGE_BREAK), default=0)
    lines = [line[margin:] if line != _PAGE_BREAK else line for line in lines]
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    result.lines = _paragraphs(lines, width, words, _glued(words), result.notes)
    return result


def _rejoin(head: str, tail: str, words: set[str]) -> str:
    """A word PDFium split at a line end: whole if the document spells it whole elsewhere."""
    whole, compound = f"{head}{tail}", f"{head}-{tail}"
    return whole if whole.lower() in words and compound.lower() not in words else compound


def _drop_running(lines: list[str], result: Pasted) -> list[str]:
    """Drop page numbers and the lines that recur beside most page breaks; mark the breaks."""
    breaks = [i for i, line in enumerate(lines)
              if line == _PAGE_BREAK or PAGE_NUMBER.match(line.strip())]
    if not breaks:
        return lines
    edges = [-1, *breaks, len(lines)]
    near: dict[str, set[int]] = {}
    by_edge = {index for edge in edges for index in _neighbours(lines, edge)}
    for edge in edges:
        for index in _neighbours(lines, edge):
            key = _DIGITS.sub("#", " ".join(lines[index].lower().split()))
            near.setdefault(key, set()).add(index)  # the same line may sit by two breaks
    threshold = max(2, (len(edges) - 1) // 2)
    running = {key for key, seen in near.items()
               if len(seen) >= threshold and len(key) < 150 and not _CONTENT_LINE.match(key)
               and any(ch.isalpha() for ch in key)}  # never a bullet glyph
    out: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        key = _DIGITS.sub("#", " ".join(stripped.lower().split()))
        if line == _PAGE_BREAK or (stripped and PAGE_NUMBER.match(stripped)):
            result.page_numbers += line != _PAGE_BREAK
            _break(out)
        elif stripped and key in running and index in by_edge:
            result.running += 1
            _break(out)
        else:
            out.append(line)
    while out and out[-1] in ("", _PAGE_BREAK):
        out.pop()
    return out


def _break(out: list[str]) -> None:
    """A page break: the blank lines around it mean nothing, the break itself may."""
    while out and not out[-1].strip():
        out.pop()
    if out:
        out.append(_PAGE_BREAK)


def _neighbours(lines: list[str], edge: int, reach: int = 4) -> list[int]:
    """The first `reach` non-blank lines on each side of a page break."""
    found: list[int] = []
    for step in (-1, 1):
        index, taken = edge + step, 0
        while 0 <= index < len(lines) and taken < reach:
            if lines[index].strip() and lines[index] != _PAGE_BREAK \
                    and not PAGE_NUMBER.match(lines[index].strip()):
                found.append(index)
                taken += 1
            index += step
    return found


def _paragraphs(lines: list[str], width: int, words: set[str], glued: dict[str, str],
                notes: list[str]) -> list[str]:
    out: list[str] = []
    current: list[str] = []  # the physical lines of the paragraph being built
    indent = 0  # of the paragraph's first line
    text_indent = 0  # where a bullet's text starts (its continuation lines line up there)
    item = False
    page_break = False

    def flush() -> None:
        nonlocal current
        if current:
            out.append(" " * indent + _join(current, words, glued))
            current = []

    glyphs = 0  # bullet glyphs standing alone, waiting for their items' text
    owed = 0  # items read without their glyph, whose glyph may still come
    blank = False  # a blank line since the last line of the paragraph

    for position, line in enumerate(lines):
        after = next((later.strip() for later in lines[position + 1:]
                      if later.strip() and later != _PAGE_BREAK), "")
        if line == _PAGE_BREAK:
            page_break = bool(current)
            continue
        stripped = line.strip()
        if not stripped:
            blank = bool(current) or blank
            continue
        bulleted, rest = strip_bullet(stripped)
        if bulleted and not rest:  # a glyph alone on its line: the item's text follows
            if owed:
                owed -= 1  # the glyph of an item already read (pdfminer puts some after)
                continue
            if not (current and item and not _SENTENCE_END.search(current[-1])
                    and not current[-1].endswith(";")):
                flush()  # (unless the item before is mid-sentence: pdfminer splits them)
                blank = False
            glyphs += 1
            continue
        if blank:
            blank = False
            if not (current and stripped[:1].islower()
                    and not _SENTENCE_END.search(current[-1]) and not current[-1].endswith(";")):
                flush()  # a blank line parts paragraphs, unless a sentence runs on over it
                out.append("")
                page_break = False
        line_indent = len(line) - len(line.lstrip())
        new_item = glyphs and current and item and not _CARRIES_ON.match(stripped) and (
            _fits(current[-1], stripped, width) or _LIST_END.search(current[-1]))
        if glyphs and not bulleted and (new_item or not (current and _continues(
                current, stripped, line_indent, width, item, text_indent, page_break, False,
                notes, after))):
            flush()
            glyphs -= 1
            current, indent, item, text_indent = ["\u2022 " + stripped], line_indent, True, \
                line_indent
            page_break = False
            continue
        if current and item and not glyphs and not bulleted and stripped[:1].islower() \
                and _LIST_END.search(current[-1]) and not _CARRIES_ON.match(stripped):
            # "…; and" ends one item of a list; the next, in lower case, is the next item,
            # its glyph lost or put elsewhere by the extraction.
            flush()
            current, indent, text_indent = ["\u2022 " + stripped], line_indent, line_indent
            owed += 1
            page_break = False
            continue
        if bulleted:
            glyphs = 0  # items carry their own glyphs: a lone one was a stray
        if current and _continues(current, stripped, line_indent, width, item, text_indent,
                                  page_break, bulleted, notes, after):
            current.append(stripped)
        else:
            flush()
            current, indent, item = [stripped], line_indent, bulleted
            text_indent = line_indent + (len(stripped) - len(rest)) if bulleted else line_indent
        page_break = False
    flush()
    return _lost_bullets(out)


def _lost_bullets(lines: list[str]) -> list[str]:
    """Items whose bullet glyphs the extraction lost: the lines in lower case after one
    ending in a colon ("…, including:" / "reducing the backlog; and" / "making sure …");
    and, where the copy lost the indentation too, the points of an item that ends in a
    colon, up to the one that ends its sentence, put one level in."""
    out: list[str] = []
    listing = False
    parent: int | None = None  # the indentation of an item whose points follow
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        bulleted = strip_bullet(stripped)[0]
        if listing and stripped[:1].islower() and not bulleted:
            line, bulleted = "\u2022 " + stripped, True
            indent = 0
        elif not bulleted:
            listing = stripped.endswith(":")
            parent = None
        if bulleted:
            if parent is not None and indent > parent:
                parent = None  # the copy kept its indentation: nothing to put back
            elif parent is not None:
                line = " " * (parent + 2) + line.lstrip()
                if _SENTENCE_END.search(stripped) and not stripped.endswith(":"):
                    parent = None  # the last point: its sentence ends the list of points
            elif stripped.endswith(":"):
                parent = indent
        out.append(line)
    return out


def _continues(current: list[str], line: str, indent: int, width: int, item: bool,
               text_indent: int, page_break: bool, bulleted: bool, notes: list[str],
               after: str = "") -> bool:
    """Does `line` carry on the paragraph (or bullet) whose last line is current[-1]?"""
    last = current[-1]
    if bulleted:
        return False
    first_word = line.split()[0]
    if _GRADE_ALONE.match(line) and not _OPEN_END.search(last):
        return False  # a grade stands on its own line after its heading
    if _SENTENCE_END.search(last) and STARTS_BLOCK.match(line):
        return False  # "2. How well does …", "Recommendation 3", "Cause of concern"
    if _ALONE.match(line) and not _OPEN_END.search(last):
        return False  # "Cause of concern" after a title; "Published 21 November 2024"
    if _SENTENCE_END.search(last) and _DATED_RECOMMENDATION.match(line):
        return False  # "… come first." / "By 31 March 2025, chief constables should …"
    lower = first_word[:1].islower()
    if last.endswith("-") or (lower and not _SENTENCE_END.search(last)):
        return True
    if item and indent and indent < text_indent - 1:
        return False  # back at the margin: the bullet ended (layout extractions)
    if _OPEN_END.search(last):
        return True
    if lower:
        return True
    ended = bool(_SENTENCE_END.search(last))
    fitted = len(last) + 1 + len(first_word) <= width * 0.9
    if fitted and len(current) >= 2 and not ended:
        # A heading wrapped over three lines is set in larger type: its lines are narrower.
        fitted = len(last) + 1 + len(first_word) <= max(len(x) for x in current[:-1])
    if fitted:
        return False  # the next word would have fitted: the line was not wrapped
    if page_break:
        return not ended  # as the PDF reader does: a page break after a full stop ends it
    if ended and _standalone(line, after, width):
        return False  # a heading after a paragraph that happened to fill its last line
    if ended and not item and len(current) >= 1 and _FINDING.match(current[0]) \
            and _EXPLANATION.match(line) and not any(_SENTENCE_END.search(x) for x in current[:-1]):
        # "The force should …." and then "We found …": a finding is one sentence as a rule,
        # and what follows explains it; but the line was full, so say so.
        notes.append(f"a paragraph may end after “{_shorten(last)}” — check the finding "
                     f"against the report")
        return False
    if item and ended:
        # A long bullet line ending a sentence, and a capital next: a second sentence of the
        # bullet, or the narrative after it? Bullets are usually one sentence; say so.
        notes.append(f"a bullet may run on after “{_shorten(last)}” — check the finding "
                     f"against the report")
        return False
    return True


def _fits(last: str, line: str, width: int) -> bool:
    """Would the line's first word have fitted at the end of the line before?"""
    return len(last) + 1 + len(line.split()[0]) <= width * 0.9


def _standalone(line: str, after: str, width: int) -> bool:
    """A short line with no closing punctuation whose next line does not carry it on:
    a heading standing on its own."""
    if len(line) >= width * 0.75 or line[-1:] in ".,;:" or _OPEN_END.search(line):
        return False
    return not after or not after[:1].islower()


def _join(lines: list[str], words: set[str], glued: dict[str, str]) -> str:
    text = join_lines(lines, words)
    if not glued:
        return text
    return _WORD.sub(lambda m: glued.get(m.group(0), m.group(0)), text)


def _glued(words: set[str]) -> dict[str, str]:
    """'countercorruption' → 'counter-corruption' where the document spells the word both
    ways: poppler drops the hyphen of a compound it joins across a line end, and a report
    that writes "counter-corruption" means it everywhere."""
    return {word.replace("-", ""): word for word in words
            if "-" in word and word.replace("-", "") in words}


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

