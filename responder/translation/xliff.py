"""XLIFF 2.0 out and back: one ``unit`` per passage, its English the ``source``, its Welsh the
``target``, checked against the standard's structure both ways.

```xml
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-GB" trgLang="cy-GB">
  <file id="response" original="teifi.yaml" xml:space="preserve">
    <notes><note category="responder">responder-form|1|…|teifi.yaml</note></notes>
    <unit id="findings.s1-afi1.force" name="finding s1-afi1, TTP response">
      <notes><note category="location">finding s1-afi1, TTP response</note></notes>
      <segment state="initial"><source>Since January…</source></segment>
    </unit>
```

A passage whose Welsh is out of date goes with that Welsh as its ``target`` (state
``initial``) and notes of the English it translated and the Welsh as sent, so the
translator edits rather than starts again, and reading back can tell an edit from none.
Markdown stays as typed (``xml:space="preserve"``): a translator keeps ``**`` and ``- ``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import InputError
from .sent import Returned, Sent

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SCHEMA = Path(__file__).with_name("xliff-core-2.0.xsd")
MARK, LOCATION, WELSH_SENT, ENGLISH_BEFORE = "responder", "location", "welsh-as-sent", "english-before"


@functools.lru_cache(maxsize=1)
def schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def problems(root: Any) -> list[str]:
    """What keeps ``root`` from being XLIFF 2.0 core, as 'line N: what' (empty: valid)."""
    checker = schema()
    if checker.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def build(sent: list[Sent], *, mark: str, source_name: str, title: str) -> bytes:
    from lxml import etree

    def el(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    root = etree.Element(f"{{{NS}}}xliff", {"version": "2.0", "srcLang": "en-GB", "trgLang": "cy-GB"},
                         nsmap={None: NS})
    file = el(root, "file", id="response", original=source_name)
    file.set(XML_SPACE, "preserve")
    notes = el(file, "notes")
    el(notes, "note", mark, category=MARK)
    el(notes, "note", title, category="report")
    if not sent:
        # A file must hold a unit: an empty one says there is nothing to translate.
        unit = el(file, "unit", id="nothing", translate="no")
        el(el(unit, "segment"), "source", "")
    for item in sent:
        unit = el(file, "unit", id=item.key, name=item.where)
        notes = el(unit, "notes")
        el(notes, "note", item.where, category=LOCATION)
        if item.state == "stale":
            el(notes, "note", item.was, category=ENGLISH_BEFORE)
        el(notes, "note", item.welsh, category=WELSH_SENT)
        segment = el(unit, "segment", state="initial")
        el(segment, "source", item.english)
        if item.welsh:
            el(segment, "target", item.welsh)
    found = problems(root)
    if found:  # pragma: no cover - what we write is checked like what we read
        raise AssertionError(f"responder wrote XLIFF its own schema refuses: {found[0]}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read(path: Path, data: bytes) -> tuple[str, list[Returned]]:
    """(the mark, each unit as returned) from an XLIFF 2.0 file; InputError when it is not
    one, naming the line."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"is not an XML file (line {exc.lineno}: {exc.msg})") from None
    if root.tag != f"{{{NS}}}xliff":
        raise InputError(path, "is not an XLIFF 2.0 file (its root is not <xliff> in the "
                         f"namespace {NS})")
    found = problems(root)
    if found:
        raise InputError(path, f"is not valid XLIFF 2.0: {found[0]}")
    ns = {"x": NS}
    mark = "".join(root.xpath("x:file/x:notes/x:note[@category='responder']/text()", namespaces=ns))
    returned = []
    for unit in root.iterfind(".//x:unit", ns):
        if unit.get("translate") == "no":
            continue
        key = unit.get("id", "")
        sent = "".join(unit.xpath("x:notes/x:note[@category='welsh-as-sent']/text()", namespaces=ns))
        source = "".join(_text(s) for s in unit.iterfind("x:segment/x:source", ns))
        target = "".join(_text(t) for t in unit.iterfind("x:segment/x:target", ns))
        returned.append(Returned(key, source, sent, target.strip(),
                                 f"line {unit.sourceline}, unit {key}"))
    return mark, returned


def _text(node: Any) -> str:
    """A source's or target's text, inline codes left out."""
    return "".join(node.itertext())
