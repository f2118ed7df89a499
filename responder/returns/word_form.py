"""The force's return as a Word form: a cover, then each finding with boxes to fill.

It lives here because only render/ imports python-docx, and it shares the letter's
house style (A4, Arial, en-GB, page numbers). What goes on the form is decided in
responder/returns/form.py; this module lays it out.

Each box is a table cell holding one content control (``w:sdt``) whose tag and title
are ``responder:<finding id>:<field>``: a block-level rich-text control for text, and
inside a paragraph (as Word makes them) a drop-down list for the action status and a
date picker for the target date. LibreOffice (7.4) drops tags when it re-saves a file,
keeps titles only on block-level controls and cuts a control to its first paragraph, so
the whole cell is the box (what was typed after the first paragraph stays in the cell),
and the label cell beside it carries a hidden marker with the box's name and the
fingerprint of the answer it was filled with, which every word processor keeps.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..render.word_document import (
    Properties,
    add_page_numbers,
    open_base,
    replace_body,
    resolve_styles,
    set_language,
    set_properties,
)
from . import fields
from .form import Box, Entry, Form

LABEL_FILL = "F2F2F2"
BOX_FILL = "EAF1FB"  # the boxes to fill: a pale blue the cover names as "shaded"
LABEL_SHARE = 0.3
QUOTE_INDENT = 567  # the Quote style's indent (word_document._house_style): points line up
END_OF_CELL = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
               '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def build_form_docx(form: Form, properties: Properties) -> bytes:
    from ..render.i18n import TAGS, English

    tr = form.tr or English()
    document = open_base(None)
    styles, _ = resolve_styles(document)
    section = document.sections[0]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635
    writer = _Writer(styles, width, tr)
    writer.cover(form)
    for entry in form.entries:
        writer.entry(entry)
    writer.out.append("<w:p/>")
    replace_body(document, writer.out)
    set_language(document, TAGS[tr.lang])
    add_page_numbers(document, (tr.gettext("Page "), tr.gettext(" of ")))
    set_properties(document, properties)
    document.core_properties.identifier = form.mark
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, styles: dict[str, str], width: int, tr: Any = None):
        from ..render.i18n import English

        self.styles = styles
        self.tr = tr or English()
        self.width = width
        self.out: list[str] = []
        self.section = ""
        self.keep_all = False  # every paragraph keeps with the next (a table kept whole)

    def para(self, text: str, style: str = "Normal", *, bold: bool = False, italic: bool = False,
             small: bool = False, hidden: str = "", after: int | None = None,
             keep: bool = False, indent: int = 0) -> str:
        ppr = f'<w:pStyle w:val="{self.styles[style]}"/>'
        if keep or self.keep_all:
            ppr += "<w:keepNext/>"
        if after is not None:
            ppr += f'<w:spacing w:before="0" w:after="{after}"/>'
        if indent:  # after spacing: Word wants pPr's children in the schema's order
            ppr += f'<w:ind w:left="{indent}" w:hanging="284"/>'
        rpr = (("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
               + ('<w:color w:val="404040"/><w:sz w:val="18"/>' if small else ""))
        run = (f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}'
               f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>') if text else ""
        return f"<w:p><w:pPr>{ppr}</w:pPr>{run}{_hidden(hidden) if hidden else ''}</w:p>"

    def cover(self, form: Form) -> None:
        out = self.out
        _ = self.tr.gettext
        out.append(self.para(form.title, "Title", hidden=form.mark))
        out.append(self.para(_("Report: %(report)s") % {"report": form.report}, bold=True))
        if form.published:
            out.append(self.para(_("Published: %(date)s") % {"date": form.published}))
        out.append(self.para(_("From: %(body)s") % {"body": form.body}))
        due = (_("Please return this form by %(date)s.") % {"date": form.due} if form.due else
               _("Please return this form as soon as you can."))
        out.append(self.para(due, bold=True))
        out.append(self.para(_("How to fill it in"), "Heading 2"))
        for line in form.instructions:
            out.append(self.para(line))
        if not form.entries:
            out.append(self.para(_("Every finding already has the force's answer; there is "
                                   "nothing to fill in."), italic=True))

    def entry(self, entry: Entry) -> None:
        out = self.out
        if entry.role in ("overall", "completed"):
            self.section = ""
            out.append(self.para(entry.reference, "Heading 1", keep=True))
            out.append(self.para(entry.text, keep=True))
            # Who completed the form stays on one page, with its heading.
            self.boxes(entry.boxes, whole=entry.role == "completed")
            return
        if entry.section != self.section:
            self.section = entry.section
            grade = f" ({entry.grade})" if entry.grade else ""
            out.append(self.para(entry.section + grade, "Heading 1", keep=True))
        # People read the letter's reference; the id stays in the boxes' hidden names.
        out.append(self.para(entry.reference, "Heading 2", keep=True))
        if entry.role == "section":
            out.append(self.para(entry.text, italic=True, keep=True))
            self.boxes(entry.boxes)
            return
        _ = self.tr.gettext
        if entry.context:
            out.append(self.para(_("Part of the cause of concern: %(text)s") % {
                "text": entry.context}, italic=True, keep=True))
        if entry.withheld:
            out.append(self.para(_("Kept out of the published response (%(reason)s).") % {
                "reason": entry.withheld}, italic=True, keep=True))
        out.append(self.para(entry.text, "Quote", keep=True))
        for point in entry.points:
            out.append(self.para(point, "List Bullet", keep=True, indent=QUOTE_INDENT + 284))
        self.boxes(entry.boxes)

    def boxes(self, boxes: list[Box], *, whole: bool = False) -> None:
        label_w = int(self.width * LABEL_SHARE)
        box_w = self.width - label_w
        out = self.out
        out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["Table Grid"]}"/>'
                   '<w:tblW w:w="5000" w:type="pct"/>'
                   '<w:tblLook w:val="04A0" w:firstRow="0" w:lastRow="0" w:firstColumn="1" '
                   'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
                   f'<w:tblGrid><w:gridCol w:w="{label_w}"/><w:gridCol w:w="{box_w}"/></w:tblGrid>')
        for number, box in enumerate(boxes, 1):
            self.keep_all = whole and number < len(boxes)
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            out.append(_cell(label_w, LABEL_FILL,
                             self.para(box.label, bold=True, after=0,
                                       hidden=f"{box.name}:{box.fingerprint}")
                             + self.para(box.help, small=True, after=60)))
            out.append(_cell(box_w, BOX_FILL, self.control(box)))
            out.append("</w:tr>")
        self.keep_all = False
        out.append("</w:tbl>")
        out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')

    def control(self, box: Box) -> str:
        """A rich-text box for text (block-level, so it can hold paragraphs); a drop-down list
        or a date picker inside a paragraph, the shape Word itself gives those controls."""
        name = quoteattr(box.name)
        kind = fields.BY_NAME[box.field].kind
        options = fields.choices(box.field)
        if options is None and kind != "date":
            paragraphs = "".join(self.para(line, after=60) for line in box.shown.split("\n")
                                 if line) or self.para("", after=60)
            # Word repairs a cell that does not end in a paragraph: a tiny one closes it.
            return (f"<w:sdt><w:sdtPr><w:alias w:val={name}/><w:tag w:val={name}/></w:sdtPr>"
                    f"<w:sdtContent>{paragraphs}</w:sdtContent></w:sdt>" + END_OF_CELL)
        if options is not None:
            items = "".join(f'<w:listItem w:displayText={quoteattr(self.tr.gettext(label))} '
                            f'w:value="{value}"/>' for value, label in options.items())
            extra = f"<w:dropDownList>{items}</w:dropDownList>"
        else:
            # Word writes the date picked in the form's language ("31 Mawrth 2026"), which
            # reading understands (dates.parse_date knows the Welsh months).
            lid = "cy-GB" if self.tr.lang == "cy" else "en-GB"
            extra = (f'<w:date><w:dateFormat w:val="d MMMM yyyy"/><w:lid w:val="{lid}"/>'
                     '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/>'
                     "</w:date>")
        text, grey = box.shown, ""
        if not text:
            text = self.tr.gettext(fields.PLACEHOLDERS[box.field])
            extra = "<w:showingPlcHdr/>" + extra
            grey = '<w:rPr><w:color w:val="767676"/></w:rPr>'
        run = f'<w:r>{grey}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        control = (f"<w:sdt><w:sdtPr><w:alias w:val={name}/><w:tag w:val={name}/>{extra}"
                   f"</w:sdtPr><w:sdtContent>{run}</w:sdtContent></w:sdt>")
        return self.para("", after=60).replace("</w:p>", control + "</w:p>")


def _cell(width: int, fill: str, content: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>{content}</w:tc>')


def _hidden(text: str) -> str:
    """A run nobody sees or prints (Word and LibreOffice keep it): the machine's label."""
    return (f'<w:r><w:rPr><w:vanish/><w:sz w:val="2"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def properties_for(form: Form, author: str, today: Any) -> Properties:
    from ..render.i18n import TAGS, English

    tr = form.tr or English()
    # In English these are Properties' own defaults: an English form is as it was.
    return Properties(title=form.title, subject=form.report, author=author, today=today,
                      language=TAGS[tr.lang], page_words=(tr.gettext("Page "), tr.gettext(" of ")),
                      keywords=tr.gettext("HMICFRS; section 55; response"),
                      category=tr.gettext("Response to an inspection report"))
