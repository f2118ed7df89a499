"""The Word document around the content: its base, styles, lists, language, page numbers
and properties.

The base is python-docx's default template in a plain A4 house style, or the
office's letterhead with its body emptied. Everything here works once per
document; the per-paragraph work is in docx_builder.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"

# What the vocabulary becomes, by style *name* (resolved to ids once per document).
STYLE_NAMES = (
    "Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5",
    "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
    "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "Quote",
    "Comment Quote", "Table Grid",
)
# Styles of responder's own, added when neither the letterhead nor python-docx's default
# template has them. Comment Quote: a quotation inside a comment, indented with a grey
# rule and upright, so it cannot be mistaken for the inspectorate's words (Quote, italic).
OWN_STYLES = {
    "Comment Quote": (
        f'<w:style xmlns:w="{W}" w:type="paragraph" w:customStyle="1" w:styleId="CommentQuote">'
        '<w:name w:val="Comment Quote"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="808080"/></w:pBdr>'
        '<w:ind w:left="737" w:right="567"/></w:pPr>'
        '<w:rPr><w:color w:val="404040"/></w:rPr></w:style>'
    ),
}
A4 = (11906, 16838)  # twips

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



# ---------------------------------------------------------------- the document


def escape(text: str) -> str:
    """Text for XML character data: what xml.sax.saxutils.escape does, without importing
    xml.sax, which pulls in urllib, http and ssl (7 ms of every render's start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def save(document: Any, body: list[str] | None = None) -> bytes:
    """The .docx bytes, as python-docx's own save writes them but at zlib level 1, with
    ``body`` (see ``defer_body``) written into the main part where its mark is.

    Word files are small and mostly XML, which compresses nearly as well at level 1
    as at the default 6, in a fraction of the time. Should python-docx change the
    internals this mirrors, its own save is used.
    """
    import io
    import zipfile

    buffer = io.BytesIO()
    try:
        from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
        from docx.opc.pkgwriter import _ContentTypesItem
    except ImportError:
        if body is not None:
            _put_body_back(document, body)
        document.save(buffer)
        return buffer.getvalue()
    package = document.part.package
    parts = list(package.iter_parts())
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if body is not None and part is document.part:
                _write_with_body(archive, part, body)
            else:
                archive.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
    return buffer.getvalue()


def _write_with_body(archive: Any, part: Any, body: list[str]) -> None:
    """The main part, its body's pieces written where the mark is, 64 KB at a time: never
    the whole text at once, nor a write (and a compression call) for every small piece."""
    blob = part.blob
    mark = f"<!--{_BODY_MARK}-->".encode()
    at = blob.index(mark)
    with archive.open(part.partname.membername, "w") as out:
        out.write(blob[:at])
        batch: list[str] = []
        size = 0
        for piece in body:
            batch.append(piece)
            size += len(piece)
            if size >= 65536:
                out.write("".join(batch).encode("utf-8"))
                batch, size = [], 0
        out.write("".join(batch).encode("utf-8"))
        out.write(blob[at + len(mark):])


def _put_body_back(document: Any, body: list[str]) -> None:
    marks = [node for node in document.element.body if not isinstance(node.tag, str)]
    for node in marks:
        node.getparent().remove(node)
    replace_body(document, body)


def open_base(letterhead: Path | None) -> Any:
    from docx import Document

    if letterhead is None:
        import io

        try:
            return Document(io.BytesIO(house_base()))
        except Exception:  # a kept copy spoilt somehow: make it afresh, and keep that
            return Document(io.BytesIO(house_base(again=True)))
    from .letterhead import RestrictedLetterhead, empty_body, refuse_restricted

    try:
        document = Document(_as_document(letterhead))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise LetterheadProblem(_describe(exc)) from None
    try:
        refuse_restricted(document)
    except RestrictedLetterhead as exc:
        raise LetterheadProblem(
            f"is a RESTRICTED render of a response ({exc}), not a letterhead; its withheld "
            "passages must not reach another document: use the office's blank letterhead"
        ) from None
    empty_body(document)  # the response replaces it; page setup, header and footer stay
    return document


def house_base(again: bool = False) -> bytes:
    """The document a render starts from without a letterhead: python-docx's default
    template in the house style, keeping of its styles only those responder uses (and
    Word's list of its built-in ones) and leaving out its stylesWithEffects copy.

    Made once and kept in the cache folder (see cache; python-docx's version is in the
    code fingerprint): the default's 160 table, list and character styles cost 5 MB of
    every render to parse otherwise. With the cache off it is made every time."""
    from .. import cache

    where = cache.folder()
    # Sealed with the user's cache key: text put into a kept copy would otherwise reach
    # the header of every later render, public ones included.
    path = where / f"house-{cache.code_fingerprint()}.sealed" if where is not None else None
    if path is not None and not again:
        kept = cache.read_sealed(path)
        if kept is not None:
            return kept
    data = _make_house_base()
    if path is not None:
        try:
            for old in [*where.glob("house-*.docx"), *where.glob("house-*.sealed")]:  # type: ignore[union-attr]
                old.unlink()
            cache.write_sealed(path, data)
        except OSError:
            pass  # kept or not, the render goes on
    return data


def _make_house_base() -> bytes:
    import io

    from docx import Document

    document = Document()
    _house_style(document)
    styles = document.styles.element
    by_id = {style.get(_W + "styleId"): style for style in styles.findall(_W + "style")}
    # python-docx's new headers and footers are in Header and Footer (a centre tab).
    wanted = {name.lower() for name in (*STYLE_NAMES, "Header", "Footer")}
    keep = {sid for sid, style in by_id.items() if style.get(_W + "default") == "1" or (
        style.find(_W + "name") is not None
        and style.find(_W + "name").get(_W + "val", "").lower() in wanted)}
    more = list(keep)
    while more:  # and what those are based on, linked to, or followed by
        style = by_id.get(more.pop())
        for tag in ("basedOn", "link", "next"):
            found = style.find(_W + tag) if style is not None else None
            if found is not None and found.get(_W + "val") in by_id \
                    and found.get(_W + "val") not in keep:
                keep.add(found.get(_W + "val"))
                more.append(found.get(_W + "val"))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rid]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"


def _as_document(path: Path) -> Any:
    """The letterhead as python-docx can open it. Offices often keep their letterhead as a
    Word template (.dotx), which differs from a .docx only in the main part's content type."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            types = archive.read("[Content_Types].xml")
            if _TEMPLATE_TYPE not in types:
                return str(path)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy_:
                for item in archive.infolist():
                    data = archive.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        data = types.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                    copy_.writestr(item, data)
    except (zipfile.BadZipFile, KeyError, OSError):
        return str(path)  # let python-docx report it
    buffer.seek(0)
    return buffer


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
    own = [name for name in missing if name in OWN_STYLES]
    if own:
        from docx.oxml import parse_xml

        for name in own:
            style = parse_xml(OWN_STYLES[name].replace(
                '<w:basedOn w:val="Normal"/>', f'<w:basedOn w:val="{found.get("Normal", "Normal")}"/>'))
            element.append(style)
            found[name] = style.get(_W + "styleId")
        missing = [name for name in missing if name not in OWN_STYLES]
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


def add_page_numbers(document: Any, words: tuple[str, str] = ("Page ", " of ")) -> bool:
    """'Page N of M' (``words`` in the document's language: "Tudalen N o M") in the footer,
    unless the letterhead's footer already has content."""
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
        f'<w:r><w:t xml:space="preserve">{escape(words[0])}</w:t></w:r>',
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
        f'<w:r><w:t xml:space="preserve">{escape(words[1])}</w:t></w:r>',
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
    status: str = ""  # the protective marking of a restricted version, else empty
    language: str = "en-GB"  # cy-GB for the Welsh document
    page_words: tuple[str, str] = ("Page ", " of ")  # the footer's "Page N of M"
    keywords: str = "HMICFRS; section 55; response"
    category: str = "Response to an inspection report"
    logo: str = ""  # alt text for the letterhead's logo; default "Logo of {author}"



def replace_body(document: Any, pieces: list[str]) -> None:
    """The document's body becomes ``pieces`` (WordprocessingML, joined), keeping its section
    settings: one parse, no per-paragraph insertion. ``pieces`` is emptied as it goes, so
    the text and the tree are not both held at the peak."""
    from docx.oxml import parse_xml

    xml = f'<w:body xmlns:w="{W}" xmlns:r="{R}">{"".join(pieces)}</w:body>'
    pieces.clear()
    fragment = parse_xml(xml)
    del xml
    body = document.element.body
    sect = body.find(_W + "sectPr")
    if sect is not None:
        fragment.append(sect)
    body.getparent().replace(body, fragment)


_BODY_MARK = "responder-body"


def defer_body(document: Any, pieces: list[str]) -> bool:
    """As ``replace_body``, but ``pieces`` go into the package only as it is written
    (``save(document, body=pieces)``): the body is never parsed into a tree, which for a
    response of 100,000 words is 4 MB at the peak. Only for a document that names the
    WordprocessingML namespaces as ``w`` and ``r``, as Word and python-docx always do;
    otherwise False, and the caller uses ``replace_body``."""
    from lxml import etree

    root = document.element
    if root.nsmap.get("w") != W or root.nsmap.get("r") != R:
        return False
    body = root.body
    for child in list(body):
        if child.tag != _W + "sectPr":
            body.remove(child)
    body.insert(0, etree.Comment(_BODY_MARK))
    return True


def describe_pictures(document: Any, description: str) -> int:
    """Give every picture in the headers and footers that has no alt text ``description``.

    A letterhead's logo often comes without alt text, which Word's accessibility checker
    flags and a screen reader announces as "picture". Returns how many were described.
    """
    tag = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    described = 0
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            for doc_pr in part._element.iter(tag):
                if not (doc_pr.get("descr") or "").strip():
                    doc_pr.set("descr", description)
                    described += 1
    return described


def set_properties(document: Any, props: Properties) -> None:
    core = document.core_properties
    moment = dt.datetime(props.today.year, props.today.month, props.today.day, 12, 0, 0)
    core.title = props.title[:255]
    core.subject = props.subject[:255]
    core.author = props.author[:255]
    core.last_modified_by = props.author[:255]
    core.comments = ""
    core.keywords = props.keywords
    core.category = props.category
    core.content_status = props.status
    core.identifier = ""
    core.version = ""
    core.language = props.language
    core.created = moment
    core.modified = moment
    core.revision = 1
