"""The one Word builder: walks the templates' HTML and writes WordprocessingML.

The vocabulary it reads (see docs/render.md): h1 (Title; ``class="subject"`` is
a letter's bold subject line), h2–h6 (Heading 1–5), p, ul/ol/li nested,
blockquote (the inspectorate's words, in the Quote style), strong/b, em/i, a,
br, table/thead/tbody/tr/th/td, and ``<div class="page-break">``. A few classes
on p give letter furniture: sender, address, label, notice, restricted,
signature, grade.

Speed: python-docx resolves a style by name each time one is passed to
add_paragraph and builds runs one object at a time; for a 100,000-word response
that dominates. Here each style id is looked up once, the body is written as
one WordprocessingML string and parsed by lxml in one go, and python-docx is
used only for what it is good at: opening the package (the letterhead or its
default template), relationships, properties and saving.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"

# What each part of the vocabulary becomes, by style *name* (resolved to ids once).
STYLE_NAMES = (
    "Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5",
    "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
    "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "Quote",
    "Table Grid",
)
HEADINGS = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4",
            "h6": "Heading 5"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table",
          "div", "hr", "section", "main", "article", "header", "footer", "thead", "tbody",
          "tr", "td", "th"}
A4 = (11906, 16838)  # twips
# HTML collapses ASCII white space only: a no-break space typed in a comment must survive.
_SPACE = re.compile(r"[ \t\n\r\f]+")
_HTML_SPACE = " \t\n\r\f"


class LetterheadProblem(Exception):
    """The letterhead .docx cannot be opened (raised to the caller, which names the file)."""


@dataclass
class Numbering:
    """Bullet and numbered list definitions of our own, so every list looks the same in any
    letterhead and each numbered list starts again at 1."""

    element: Any
    bullet_num: int = 0
    decimal_abstract: int = 0
    next_num: int = 0
    _new: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, document: Any) -> Numbering:
        element = document.part.numbering_part.element
        abstract_ids = [int(a.get(_W + "abstractNumId"))
                        for a in element.findall(_W + "abstractNum")]
        num_ids = [int(n.get(_W + "numId")) for n in element.findall(_W + "num")]
        first = max(abstract_ids, default=-1) + 1
        numbering = cls(element, decimal_abstract=first + 1, next_num=max(num_ids, default=0) + 1)
        abstracts = [_abstract(first, "bullet"), _abstract(first + 1, "decimal")]
        nums = element.findall(_W + "num")
        from docx.oxml import parse_xml

        for xml in abstracts:
            node = parse_xml(xml)
            if nums:
                nums[0].addprevious(node)
            else:
                element.append(node)
        numbering.bullet_num = numbering._add_num(first, restart=False)
        return numbering

    def _add_num(self, abstract: int, restart: bool) -> int:
        num = self.next_num
        self.next_num += 1
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if restart else "")
        self._new.append(f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>'
                         f"{override}</w:num>")
        return num

    def new_numbered_list(self) -> int:
        return self._add_num(self.decimal_abstract, restart=True)

    def flush(self) -> None:
        if not self._new:
            return
        from docx.oxml import parse_xml

        holder = parse_xml(f'<w:numbering xmlns:w="{W}">{"".join(self._new)}</w:numbering>')
        for node in list(holder):
            self.element.append(node)
        self._new.clear()


_BULLETS = ("•", "◦", "▪", "•", "◦", "▪", "•", "◦", "▪")
_DECIMALS = (("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)"),
             ("decimal", "%4."), ("lowerLetter", "(%5)"), ("lowerRoman", "(%6)"),
             ("decimal", "%7."), ("lowerLetter", "(%8)"), ("lowerRoman", "(%9)"))


def _abstract(ident: int, kind: str) -> str:
    levels = []
    for level in range(9):
        left, hanging = 567 * (level + 1), 397
        if kind == "bullet":
            fmt, text = "bullet", _BULLETS[level]
        else:
            fmt, text = _DECIMALS[level]
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        )
    return (f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{ident}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>')


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
        out = self.out
        out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["Table Grid"]}"/>'
                   '<w:tblW w:w="5000" w:type="pct"/>'
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
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if is_head else ""
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>')
                start = len(out)
                if cell is not None:
                    self.blocks(cell, Para(bold=is_head, space_after=60, space_before=60))
                if len(out) == start:
                    out.append("<w:p/>")  # a cell must hold a paragraph
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        # Two tables in a row would merge in Word; an empty paragraph keeps them apart.
        out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')


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


# ---------------------------------------------------------------- the document


def open_base(letterhead: Path | None) -> Any:
    from docx import Document

    if letterhead is None:
        document = Document()
        _house_style(document)
        return document
    try:
        document = Document(str(letterhead))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise LetterheadProblem(_describe(exc)) from None
    # The letterhead's body is its sample content (often empty or "Dear …"): the response
    # replaces it. Its section settings (page size, margins, header and footer) stay.
    body = document.element.body
    for child in list(body):
        if child.tag != _W + "sectPr":
            body.remove(child)
    return document


def _describe(exc: Exception) -> str:
    name = type(exc).__name__
    if name in ("PackageNotFoundError", "BadZipFile", "KeyError"):
        return "is not a Word .docx document"
    return f"cannot be opened as a Word document ({exc})"


def _house_style(document: Any) -> None:
    """Without a letterhead: A4, Arial, sober headings, indented quotations."""
    section = document.sections[0]
    from docx.shared import Twips

    section.page_width, section.page_height = Twips(A4[0]), Twips(A4[1])
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Twips(1304))  # 2.3 cm
    section.top_margin, section.bottom_margin = Twips(1247), Twips(1247)
    styles = document.styles.element
    for fonts in styles.iter(_W + "rFonts"):
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(_W + attr, "Arial")
    for style in styles.findall(_W + "style"):
        sid = style.get(_W + "styleId")
        rpr = style.find(_W + "rPr")
        headings = ("Title", "Heading1", "Heading2", "Heading3", "Heading4", "Heading5")
        if sid in headings and rpr is not None:
            for colour in rpr.findall(_W + "color"):
                colour.attrib.clear()
                colour.set(_W + "val", "1F3864")
        if sid == "Title" and rpr is not None:
            for size in rpr.findall(_W + "sz") + rpr.findall(_W + "szCs"):
                size.set(_W + "val", "40")
        if sid == "Quote":
            ppr = style.find(_W + "pPr")
            if ppr is None:
                from docx.oxml import OxmlElement

                ppr = OxmlElement("w:pPr")
                style.insert(list(style).index(rpr) if rpr is not None else len(style), ppr)
            from docx.oxml import parse_xml

            ppr.append(parse_xml(f'<w:ind xmlns:w="{W}" w:left="567" w:right="567"/>'))


def resolve_styles(document: Any) -> tuple[dict[str, str], list[str]]:
    """Style name -> id, once. A style a letterhead lacks is copied from python-docx's default
    template; if even that fails the paragraph falls back to Normal."""
    element = document.styles.element
    by_name: dict[str, str] = {}
    for style in element.findall(_W + "style"):
        name = style.find(_W + "name")
        if name is not None and style.get(_W + "styleId"):
            by_name.setdefault(name.get(_W + "val", "").lower(), style.get(_W + "styleId"))
    found: dict[str, str] = {}
    missing = []
    for wanted in STYLE_NAMES:
        sid = by_name.get(wanted.lower())
        if sid is None:
            missing.append(wanted)
        else:
            found[wanted] = sid
    notes: list[str] = []
    if missing:
        copied = _copy_default_styles(element, missing, set(by_name.values()))
        found.update(copied)
        still = [name for name in missing if name not in found]
        if copied:
            notes.append("the letterhead has no style named " + ", ".join(sorted(copied))
                         + "; responder's own were added")
        for name in still:
            found[name] = found.get("Normal", "Normal")
    found.setdefault("Normal", "Normal")
    return found, notes


def _copy_default_styles(target: Any, names: list[str], taken: set[str]) -> dict[str, str]:
    from docx import Document

    source = Document().styles.element
    by_id = {s.get(_W + "styleId"): s for s in source.findall(_W + "style")}
    by_name = {}
    for style in source.findall(_W + "style"):
        name = style.find(_W + "name")
        if name is not None:
            by_name[name.get(_W + "val", "").lower()] = style
    copied: dict[str, str] = {}

    def bring(style: Any) -> None:
        sid = style.get(_W + "styleId")
        if sid in taken:
            return
        based = style.find(_W + "basedOn")
        if based is not None and based.get(_W + "val") in by_id:
            bring(by_id[based.get(_W + "val")])
        clone = copy.deepcopy(style)
        for numpr in clone.iter(_W + "numPr"):  # numbering ids differ between documents
            numpr.getparent().remove(numpr)
        target.append(clone)
        taken.add(sid)

    for name in names:
        style = by_name.get(name.lower())
        if style is not None:
            bring(style)
            copied[name] = style.get(_W + "styleId")
    return copied


def set_language(document: Any, lang: str = "en-GB") -> None:
    """en-GB on the document defaults and on any style that names a language."""
    from docx.oxml import parse_xml

    styles = document.styles.element
    defaults = styles.find(_W + "docDefaults")
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{W}"/>')
        styles.insert(0, defaults)
    rpr_default = defaults.find(_W + "rPrDefault")
    if rpr_default is None:
        rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{W}"><w:rPr/></w:rPrDefault>')
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_W + "rPr")
    if rpr is None:
        rpr = parse_xml(f'<w:rPr xmlns:w="{W}"/>')
        rpr_default.append(rpr)
    if rpr.find(_W + "lang") is None:
        rpr.append(parse_xml(f'<w:lang xmlns:w="{W}" w:val="{lang}"/>'))
    for node in styles.iter(_W + "lang"):
        node.set(_W + "val", lang)
    settings = document.settings.element
    for node in settings.iter(_W + "themeFontLang"):
        node.set(_W + "val", lang)


def add_page_numbers(document: Any) -> bool:
    """'Page N of M' in the footer, unless the letterhead's footer already has content."""
    section = document.sections[0]
    footer = section.footer
    if not footer.is_linked_to_previous:
        xml = footer._element.xml
        if "PAGE" in xml or any(p.text.strip() for p in footer.paragraphs) or "<w:drawing" in xml:
            return False
    from docx.oxml import parse_xml

    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # python-docx keeps w:pPr first
    p = paragraph._p
    for xml in (
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>',
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
        '<w:r><w:t xml:space="preserve"> of </w:t></w:r>',
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
    ):
        p.append(parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{W}">', 1).replace(
            "<w:fldSimple", f'<w:fldSimple xmlns:w="{W}"', 1)))
    return True


def mark_header(document: Any, text: str) -> None:
    """A protective marking at the top of every page (full renders with withheld passages)."""
    from docx.oxml import parse_xml

    header = document.sections[0].header
    paragraph = header.add_paragraph() if header.paragraphs and header.paragraphs[0].text else (
        header.paragraphs[0] if header.paragraphs else header.add_paragraph())
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:b/><w:color w:val="C00000"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'))


@dataclass
class Properties:
    title: str
    subject: str
    author: str
    today: dt.date


def build_docx(
    html: str,
    *,
    properties: Properties,
    letterhead: Path | None = None,
    restricted_mark: str | None = None,
) -> tuple[bytes, list[str]]:
    """The .docx bytes for the templates' HTML, and any notes for the user."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from lxml import html as lxml_html

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
    root = lxml_html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    if root is not None:
        writer.blocks(root, Para())
    if not writer.out or not writer.out[-1].endswith("</w:p>"):
        writer.out.append("<w:p/>")  # Word wants the body to end with a paragraph
    numbering.flush()
    # The new body replaces the old one whole (keeping its section settings): one parse,
    # no per-paragraph insertion.
    fragment = parse_xml(f'<w:body xmlns:w="{W}" xmlns:r="{R}">{"".join(writer.out)}</w:body>')
    body = document.element.body
    sect = body.find(_W + "sectPr")
    if sect is not None:
        fragment.append(sect)
    body.getparent().replace(body, fragment)

    set_language(document)
    add_page_numbers(document)
    if restricted_mark:
        mark_header(document, restricted_mark)
    _set_properties(document, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), notes


def _set_properties(document: Any, props: Properties) -> None:
    core = document.core_properties
    moment = dt.datetime(props.today.year, props.today.month, props.today.day, 12, 0, 0)
    core.title = props.title[:255]
    core.subject = props.subject[:255]
    core.author = props.author[:255]
    core.last_modified_by = props.author[:255]
    core.comments = ""
    core.keywords = "HMICFRS; section 55; response"
    core.category = "Response to an inspection report"
    core.content_status = ""
    core.identifier = ""
    core.version = ""
    core.language = "en-GB"
    core.created = moment
    core.modified = moment
    core.revision = 1
