"""The one Word builder: walks the templates' HTML and writes WordprocessingML.

The vocabulary it reads (see docs/render.md): h1 (Title; ``class="subject"`` is
a letter's bold subject line), h2–h6 (Heading 1–5), p, ul/ol/li nested,
blockquote (the inspectorate's words, in the Quote style; ``class="quotation"``, a
quotation inside a comment, in the Comment Quote style), strong/b, em/i, a,
br, table/thead/tbody/tr/th/td, and ``<div class="page-break">``. A few classes
on p give letter furniture: sender, address, label, notice, restricted,
signature, grade. For the committee paper's tables: ``<table class="compact">``
(9 pt text), and on td ``rag-red``/``rag-amber``/``rag-green`` (a light fill) and
``overdue`` (bold red text; the words say it too).

Speed: python-docx resolves a style by name each time one is passed to
add_paragraph and builds runs one object at a time; for a 100,000-word response
that dominates. Here each style id is looked up once, the body is written as
one WordprocessingML string and parsed by lxml in one go, and python-docx is
used only for what it is good at: opening the package (the letterhead or its
default template), relationships, properties and saving (see word_document).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .word_document import (
    LetterheadProblem,
    Numbering,
    Properties,
    add_page_numbers,
    defer_body,
    describe_pictures,
    escape,
    mark_header,
    open_base,
    replace_body,
    resolve_styles,
    save,
    set_language,
    set_properties,
)

HEADINGS = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4",
            "h6": "Heading 5"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table",
          "div", "hr", "section", "main", "article", "header", "footer", "thead", "tbody",
          "tr", "td", "th"}
# HTML collapses ASCII white space only: a no-break space typed in a comment must survive.
_SPACE = re.compile(r"[ \t\n\r\f]+")
_HTML_SPACE = " \t\n\r\f"


@dataclass
class Inline:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    colour: str | None = None
    brk: bool = False


@dataclass
class Para:
    """How the next paragraph is to look."""

    style: str = "Normal"
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    keep_next: bool = False
    align: str | None = None
    space_before: int | None = None
    space_after: int | None = None
    num: tuple[int, int] | None = None  # (numId, level): this paragraph carries a bullet
    list_level: int | None = None  # inside a list item at this level


class Writer:
    """Turns the HTML tree into a list of WordprocessingML strings."""

    def __init__(self, styles: dict[str, str], link: Any, numbering: Numbering, text_width: int):
        self.styles = styles
        self.link = link
        self.numbering = numbering
        self.text_width = text_width
        self.out: list[str] = []
        self.page_break = False
        self.bordered = 0  # inside a restricted passage: a red rule runs beside it
        self.keeping = 0  # inside <div class="keep">: paragraphs stay on one page together
        self.size: int | None = None  # inside <table class="compact">: 9 pt text
        # Inside a part in another language than the document's (<div lang="en-GB">, the
        # English half of a bilingual document): its runs say so, so Word proofs each half in
        # its own language.
        self.lang: str | None = None

    # ------------------------------------------------------------ blocks

    def blocks(self, container: Any, para: Para) -> None:
        """Write the children of a block container; loose inline content becomes paragraphs."""
        pending: list[Inline] = []
        # White space between blocks is layout, not content; between inline pieces it counts.
        if container.text and container.text.strip(_HTML_SPACE):
            pending.append(Inline(container.text))
        for child in container:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCKS:
                if pending:
                    self.paragraph(pending, para)
                    pending = []
                    para = self.after_first(para)
                self.block(child, para)
                if tag in ("p", "ul", "ol", "blockquote", "table") or tag.startswith("h"):
                    para = self.after_first(para)
            elif tag:
                self.inline(child, pending, Inline(""))
            tail = child.tail
            if tail and (pending or tail.strip(_HTML_SPACE)):
                pending.append(Inline(tail))
        if pending:
            self.paragraph(pending, para)

    def after_first(self, para: Para) -> Para:
        """Inside a list item, paragraphs after the first continue it without a new bullet."""
        if para.num is None:
            return para
        level = para.num[1]
        name = ("List Continue", "List Continue 2", "List Continue 3")[min(level, 2)]
        return Para(style=name, list_level=level)

    def block(self, el: Any, para: Para) -> None:
        lang = el.get("lang")
        if lang:
            outer, self.lang = self.lang, lang
            self.block_in(el, para)
            self.lang = outer
        else:
            self.block_in(el, para)

    def block_in(self, el: Any, para: Para) -> None:
        tag = el.tag
        cls = set((el.get("class") or "").split())
        if tag == "p":
            self.blocks_as_paragraph(el, self.classed(para, cls))
        elif tag == "h1":
            if "subject" in cls:
                self.blocks_as_paragraph(el, Para(bold=True, keep_next=True, space_before=120))
            else:
                self.blocks_as_paragraph(el, Para(style="Title"))
        elif tag in HEADINGS:
            self.blocks_as_paragraph(el, Para(style=HEADINGS[tag], keep_next=True))
        elif tag in ("ul", "ol"):
            self.write_list(el, tag == "ol", para)
        elif tag == "li":  # stray item outside a list
            self.blocks(el, para)
        elif tag == "blockquote" and "quotation" in cls:
            # A quotation inside a comment: set apart, but not in the inspectorate's style.
            self.blocks(el, Para(style="Comment Quote", list_level=0)
                        if para.list_level is None else para)
        elif tag == "blockquote":
            # The inspectorate's words; their sub-points are indented under them, in italics.
            quote = Para(style="Quote", italic=True, list_level=0)
            self.blocks(el, quote if para.list_level is None else para)
        elif tag == "table":
            self.table(el)
        elif tag == "div" and "restricted-passage" in cls:
            self.bordered += 1
            self.blocks(el, para)
            self.bordered -= 1
        elif tag == "div" and "keep" in cls:
            self.keeping += 1
            self.blocks(el, para)
            self.keeping -= 1
        elif tag == "div" and "page-break" in cls:
            self.page_break = True  # carried by the next paragraph, so no empty line tops the page
        elif tag == "hr":
            return
        else:
            self.blocks(el, para)

    def classed(self, para: Para, cls: set[str]) -> Para:
        if not cls:
            return para
        para = copy.copy(para)
        if "label" in cls:
            para.bold, para.keep_next, para.space_after = True, True, 60
        if "notice" in cls:
            para.italic = True
        if "restricted" in cls:
            para.bold, para.colour = True, "C00000"
        if "sender" in cls or "right" in cls:
            para.align = "right"
        if "signature" in cls:
            para.space_before = 720
        if "keep" in cls or "grade" in cls:
            para.keep_next = True
        return para

    def blocks_as_paragraph(self, el: Any, para: Para) -> None:
        """A p or heading: its inline content is one paragraph (blocks inside are written after)."""
        pending: list[Inline] = []
        base = Inline("", bold=para.bold, italic=para.italic, colour=para.colour)
        self.inline(el, pending, base, top=True)
        self.paragraph(pending, para)

    def write_list(self, el: Any, ordered: bool, outer: Para) -> None:
        level = min(outer.list_level + 1, 8) if outer.list_level is not None else 0
        num = self.numbering.new_numbered_list() if ordered else self.numbering.bullet_num
        names = ("List Number", "List Number 2", "List Number 3") if ordered else (
            "List Bullet", "List Bullet 2", "List Bullet 3")
        for item in el:
            if not isinstance(item.tag, str):
                continue
            para = Para(style=names[min(level, 2)], num=(num, level), list_level=level,
                        italic=outer.italic)
            self.blocks(item, para)

    # ------------------------------------------------------------ inline

    def inline(self, el: Any, out: list[Inline], fmt: Inline, top: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not top:
            if tag in ("strong", "b"):
                fmt = Inline("", True, fmt.italic, fmt.link, fmt.colour)
            elif tag in ("em", "i", "cite"):
                fmt = Inline("", fmt.bold, True, fmt.link, fmt.colour)
            elif tag == "a":
                href = el.get("href") or ""
                fmt = Inline("", fmt.bold, fmt.italic, href or None, fmt.colour)
            elif tag == "br":
                out.append(Inline("", brk=True))
        if el.text and tag != "br":
            out.append(Inline(el.text, fmt.bold, fmt.italic, fmt.link, fmt.colour))
        for child in el:
            ctag = child.tag if isinstance(child.tag, str) else ""
            if ctag in BLOCKS:
                # A block inside a paragraph (an office template's slip): keep its words.
                pending: list[Inline] = []
                self.inline(child, pending, fmt, top=True)
                out.extend(pending)
            elif ctag:
                self.inline(child, out, fmt)
            if child.tail:
                out.append(Inline(child.tail, fmt.bold, fmt.italic, fmt.link, fmt.colour))

    # ------------------------------------------------------------ output

    def paragraph(self, inlines: list[Inline], para: Para) -> None:
        if para.bold or para.italic or para.colour:
            inlines = [Inline(i.text, i.bold or para.bold, i.italic or para.italic, i.link,
                              i.colour or para.colour, i.brk) for i in inlines]
        runs = self.runs(inlines)
        if not runs and para.num is None:
            return  # an empty heading or paragraph helps nobody
        ppr = [f'<w:pStyle w:val="{self.styles[para.style]}"/>']
        if para.keep_next or self.keeping:
            ppr.append("<w:keepNext/>")
        if self.page_break:
            ppr.append("<w:pageBreakBefore/>")
            self.page_break = False
        if para.num is not None:
            ppr.append(f'<w:numPr><w:ilvl w:val="{para.num[1]}"/>'
                       f'<w:numId w:val="{para.num[0]}"/></w:numPr>')
        if self.bordered:
            ppr.append('<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
                       'w:color="C00000"/></w:pBdr>')
        if para.space_before is not None or para.space_after is not None:
            attrs = ""
            if para.space_before is not None:
                attrs += f' w:before="{para.space_before}"'
            if para.space_after is not None:
                attrs += f' w:after="{para.space_after}"'
            ppr.append(f"<w:spacing{attrs}/>")
        if para.align:
            ppr.append(f'<w:jc w:val="{para.align}"/>')
        if self.lang:  # the paragraph mark's language too
            ppr.append(f'<w:rPr><w:lang w:val="{escape(self.lang)}"/></w:rPr>')
        self.out.append(f'<w:p><w:pPr>{"".join(ppr)}</w:pPr>{"".join(runs)}</w:p>')

    def runs(self, inlines: list[Inline]) -> list[str]:
        # HTML white space rules: runs of space collapse, and none at the ends of a line.
        pieces: list[Inline] = []
        at_line_start = True
        for item in inlines:
            if item.brk:
                if pieces and not pieces[-1].brk:
                    pieces[-1].text = pieces[-1].text.rstrip(" ")
                pieces.append(item)
                at_line_start = True
                continue
            text = item.text
            if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
                text = _SPACE.sub(" ", text)
            if at_line_start:
                text = text.lstrip(" ")
            if not text:
                continue
            pieces.append(Inline(text, item.bold, item.italic, item.link, item.colour))
            at_line_start = text.endswith(" ")
        while pieces and (pieces[-1].brk or not pieces[-1].text.strip(" ")):
            if pieces[-1].brk:
                pieces.pop()
                continue
            pieces.pop()
        if pieces and not pieces[-1].brk:
            pieces[-1].text = pieces[-1].text.rstrip(" ")
        out: list[str] = []
        for item in pieces:
            if item.brk:
                out.append("<w:r><w:br/></w:r>")
                continue
            rpr = ""
            if item.bold:
                rpr += "<w:b/><w:bCs/>"
            if item.italic:
                rpr += "<w:i/><w:iCs/>"
            colour = "0563C1" if item.link else item.colour
            if colour:
                rpr += f'<w:color w:val="{colour}"/>'
            if item.link:
                rpr += '<w:u w:val="single"/>'
            if self.size:
                rpr += f'<w:sz w:val="{self.size}"/><w:szCs w:val="{self.size}"/>'
            if self.lang:
                rpr += f'<w:lang w:val="{escape(self.lang)}"/>'
            run = (f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}'
                   f'<w:t xml:space="preserve">{escape(item.text)}</w:t></w:r>')
            if item.link:
                rid = self.link(item.link)
                run = f'<w:hyperlink r:id="{rid}">{run}</w:hyperlink>' if rid else run
            out.append(run)
        return out

    def table(self, el: Any) -> None:
        rows: list[tuple[bool, Any]] = []
        for part in el:
            tag = part.tag if isinstance(part.tag, str) else ""
            if tag == "tr":
                rows.append((False, part))
            elif tag in ("thead", "tbody", "tfoot"):
                rows.extend((tag == "thead", tr) for tr in part if tr.tag == "tr")
        if not rows:
            return
        columns = max(sum(1 for c in tr if c.tag in ("td", "th")) for _, tr in rows)
        widths = _widths(el.get("data-widths"), columns, self.text_width)
        outer_size = self.size
        margins = ""
        if "compact" in (el.get("class") or "").split():
            self.size = 18
            # Narrow columns of figures need their width for the words in their headers.
            margins = ('<w:tblCellMar><w:left w:w="62" w:type="dxa"/>'
                       '<w:right w:w="62" w:type="dxa"/></w:tblCellMar>')
        out = self.out
        out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["Table Grid"]}"/>'
                   f'<w:tblW w:w="5000" w:type="pct"/>{margins}'
                   '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
                   'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        out.append("".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
        for header, tr in rows:
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
                       + "</w:trPr>")
            cells = [c for c in tr if c.tag in ("td", "th")]
            for i in range(columns):
                width = widths[i]
                cell = cells[i] if i < len(cells) else None
                is_head = cell is not None and cell.tag == "th"
                cls = set(((cell.get("class") if cell is not None else "") or "").split())
                fill = "E7E6E6" if is_head else next(
                    (CELL_FILLS[name] for name in cls if name in CELL_FILLS), None)
                shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>')
                start = len(out)
                if cell is not None:
                    # An overdue cell says so in words; the colour only repeats it.
                    alarm = "overdue" in cls
                    style = cell.get("style") or ""
                    align = "right" if "text-align:right" in style else (
                        "center" if "text-align:center" in style else None)
                    self.blocks(cell, Para(bold=is_head or alarm, space_after=60, space_before=60,
                                           colour="C00000" if alarm else None, align=align))
                if len(out) == start:
                    out.append("<w:p/>")  # a cell must hold a paragraph
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.size = outer_size
        # Two tables in a row would merge in Word; an empty paragraph keeps them apart.
        out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')


# Cell classes the committee paper uses for RAG ratings (light fills: the word in the cell
# stays readable, and says the rating without the colour).
CELL_FILLS = {"rag-red": "F4B6B3", "rag-amber": "FFE08A", "rag-green": "B7DFB0"}


def _widths(spec: str | None, columns: int, total: int) -> list[int]:
    shares: list[float] = []
    if spec:
        try:
            shares = [float(part) for part in spec.split(",")]
        except ValueError:
            shares = []
    if len(shares) != columns or sum(shares) <= 0:
        shares = [1.0] * columns
    scale = total / sum(shares)
    return [int(share * scale) for share in shares]


def build_docx(
    html: str,
    *,
    properties: Properties,
    letterhead: Path | None = None,
    restricted_mark: str | None = None,
    draft_mark: str | None = None,
) -> tuple[bytes, list[str]]:
    """The .docx bytes for the templates' HTML, and any notes for the user."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    document = open_base(letterhead)
    styles, notes = resolve_styles(document)
    numbering = Numbering.attach(document)
    part = document.part
    links: dict[str, str | None] = {}

    def link(url: str) -> str | None:
        if url not in links:
            safe = url.startswith(("http://", "https://", "mailto:"))
            links[url] = part.relate_to(url, RT.HYPERLINK, is_external=True) if safe else None
        return links[url]

    section = document.sections[0]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635
    writer = Writer(styles, link, numbering, width)
    if html.strip():
        # lxml's HTML parser (not lxml.html, which costs more to import) wraps the
        # fragment in html/body; our own div marks where the content starts.
        page = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
        writer.blocks(page.find("body")[0], Para())
        del page  # each stage's data is let go once the next has it: a lower peak
    if not writer.out or not writer.out[-1].endswith("</w:p>"):
        writer.out.append("<w:p/>")  # Word wants the body to end with a paragraph
    numbering.flush()
    # The new body replaces the old one whole (keeping its section settings): written in as
    # the package is saved, never parsed; or, for a document with other namespace names,
    # parsed once, with no per-paragraph insertion.
    body: list[str] | None = writer.out
    if not defer_body(document, writer.out):
        replace_body(document, writer.out)
        body = None

    from .letterhead import keep_only_the_letterhead

    # Nothing of an old letter's past comes along; the links the new body makes stay.
    keep_only_the_letterhead(document, used={rid for rid in links.values() if rid})
    set_language(document, properties.language)
    if letterhead is not None:
        describe_pictures(document, properties.logo or f"Logo of {properties.author}")
    add_page_numbers(document, properties.page_words)
    if draft_mark:
        mark_header(document, draft_mark)
    if restricted_mark:
        mark_header(document, restricted_mark)
    set_properties(document, properties)
    return save(document, body), notes


__all__ = ["LetterheadProblem", "Properties", "build_docx"]
