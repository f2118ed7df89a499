"""What a letterhead may carry into a new document, and nothing more.

Offices often make their letterhead from a previous letter. A Word file holds far
more than its visible page: comments, custom XML, a thumbnail of its first page,
the links and images of its old body, footnotes, document variables, and an
"extended properties" part that lists every hyperlink's address. Any of it could
carry a withheld passage into a public file. So a letterhead gives the new document
only what a letterhead is:

- page setup (the final section's size, margins, columns), styles, numbering,
  fonts and theme;
- the header and footer of that section as the office designed them, with the
  images and links *they* use.

Everything else is dropped: the old body (with its section breaks), comments, custom
XML, the glossary (building blocks), footnotes and endnotes other than Word's
separators, document variables and mail-merge settings, custom and extended
properties, the thumbnail, macros, and every relationship nothing in the new
document uses. A letterhead that is itself a restricted render is refused.

Pure apart from the python-docx objects it is given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

# Relationships from the main document that Word uses without naming them in its XML.
_IMPLICIT = ("/styles", "/stylesWithEffects", "/numbering", "/settings", "/webSettings",
             "/fontTable", "/theme", "/footnotes", "/endnotes")
# Package-level parts kept (the properties are rewritten by set_properties / below).
_PACKAGE = ("/officeDocument", "/core-properties", "/extended-properties")
_NOTE_KEEP = ("separator", "continuationSeparator", "continuationNotice")
_SETTINGS_DROP = ("docVars", "mailMerge", "attachedSchema")
_COMMENT_MARKS = ("commentRangeStart", "commentRangeEnd", "commentReference")

# Where a part's XML names a relationship: any attribute in the relationships namespace
# (r:id, r:embed, r:link, r:pict, r:dm, …) and VML's o:relid.
_NS = {"o": "urn:schemas-microsoft-com:office:office"}
_REFERENCES = ('.//@*[namespace-uri()="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships"] | .//@o:relid')



@lru_cache(maxsize=1)
def _references() -> Any:
    from lxml import etree

    return etree.XPath(_REFERENCES, namespaces=_NS)


_MARKING = re.compile(r"RESTRICTED\W+NOT\s+FOR\s+PUBLICATION", re.IGNORECASE)

EXTENDED_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>responder</Application><DocSecurity>0</DocSecurity></Properties>"
)


class RestrictedLetterhead(Exception):
    """The letterhead is itself a restricted render (its marking says why)."""


def refuse_restricted(document: Any) -> None:
    """A full render with withheld passages says so in its header, its body and its
    status property: such a file must never become the base of another document."""
    core = document.core_properties
    for name, value in (("status", core.content_status), ("title", core.title)):
        match = _MARKING.search(value or "")
        if match:
            raise RestrictedLetterhead(f"its {name} property is marked {match.group(0)!r}")
    for where, element in _text_parts(document):
        for paragraph in element.iter(_W + "p"):
            text = "".join(node.text or "" for node in paragraph.iter(_W + "t"))
            match = _MARKING.search(text)
            if match:
                raise RestrictedLetterhead(f"its {where} is marked {match.group(0)!r}")


def _text_parts(document: Any) -> list[tuple[str, Any]]:
    parts = [("body", document.element.body)]
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer", "footnotes", "endnotes", "comments"):
            element = getattr(rel.target_part, "_element", None)
            if element is not None:
                parts.append((kind, element))
    return parts


def empty_body(document: Any) -> None:
    """The letterhead's body is its sample content: the response replaces it. The final
    section's settings (page size, margins, header and footer) stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != _W + "sectPr":
            body.remove(child)


def keep_only_the_letterhead(document: Any, used: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Drop everything a letterhead should not carry (see the module's docstring), once
    the new body is in place; ``used`` are relationships the body uses that are not in
    its tree yet (see word_document.defer_body). Returns the names of the parts dropped,
    for tests."""
    dropped: list[str] = []
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if not rel.reltype.endswith(_PACKAGE):
            dropped.append(_name(rel))
            del package.rels[rid]
        elif rel.reltype.endswith("/extended-properties") and not rel.is_external:
            _set_xml(rel.target_part, EXTENDED_PROPERTIES)  # no titles, links, company
    _clean_settings(document)
    _prune(document.part, implicit=_IMPLICIT, seen=set(), dropped=dropped, also=set(used))
    return dropped


def _prune(part: Any, implicit: tuple[str, ...], seen: set[int], dropped: list[str],
           also: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Keep a part's relationships that its XML uses (or Word uses implicitly); recurse."""
    if id(part) in seen:
        return
    seen.add(id(part))
    kind = str(part.partname).rsplit("/", 1)[-1]
    notes = kind.startswith(("footnotes", "endnotes"))
    if not part.rels and not notes and getattr(part, "_element", None) is None:
        return  # a part python-docx keeps as bytes, naming nothing (the styles' twin, a font)
    element, loose = _xml_of(part)
    used: set[str] = set()
    if element is not None:
        changed = _only_separators(element) if notes else False
        for mark in _COMMENT_MARKS:
            for node in list(element.iter(_W + mark)):
                _remove(node)
                changed = True
        if loose and changed:
            _set_xml(part, _serialise(element))
        used = set(_references()(element))
    used |= also
    for rid, rel in list(part.rels.items()):
        if rid in used or rel.reltype.endswith(implicit):
            if not rel.is_external:
                _prune(rel.target_part, (), seen, dropped)
            continue
        dropped.append(_name(rel))
        del part.rels[rid]


def _xml_of(part: Any) -> tuple[Any, bool]:
    """A part's XML element, and whether it was parsed from a plain part's bytes (python-docx
    models only some parts; the theme and the notes are bytes to it)."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element, False
    if not str(getattr(part, "content_type", "")).endswith("xml"):
        return None, False  # an image, a font: it names nothing
    from lxml import etree

    try:
        return etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False)), True
    except etree.XMLSyntaxError:
        return None, False


def _serialise(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_xml(part: Any, data: bytes) -> None:
    if getattr(part, "_element", None) is not None:
        from docx.oxml import parse_xml

        part._element = parse_xml(data)
    else:
        part._blob = data


def _only_separators(element: Any) -> bool:
    """Keep Word's separator notes only; True when any note was removed."""
    removed = False
    for note in list(element):
        if note.tag in (_W + "footnote", _W + "endnote") and note.get(_W + "type") not in _NOTE_KEEP:
            element.remove(note)
            removed = True
    return removed


def _clean_settings(document: Any) -> None:
    settings = document.settings.element
    for name in _SETTINGS_DROP:
        for node in settings.findall(_W + name):
            settings.remove(node)


def _remove(node: Any) -> None:
    parent = node.getparent()
    if parent is None:
        return
    # A comment reference sits in a run of its own: take the run if nothing else is in it.
    if node.tag == _W + "commentReference" and parent.tag == _W + "r" and \
            all(child.tag in (_W + "rPr", _W + "commentReference") for child in parent):
        grand = parent.getparent()
        if grand is not None:
            grand.remove(parent)
            return
    parent.remove(node)


def _name(rel: Any) -> str:
    if rel.is_external:
        return rel.target_ref
    return str(rel.target_part.partname)
