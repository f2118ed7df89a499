"""A letterhead carries only what a letterhead is (issue 12, item 3).

The letterhead here is made the way an office would make one: from a previous full
render whose withheld comment has a link, with Word comments, an orphaned image, custom
XML, a footnote, document variables and properties added, and its RESTRICTED markings
typed over. Every part of the unzipped public document is then searched as bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECRET = b"Mill Street"
LINK = b"secret-refuges.example"
TODAY = "2023-05-10"

RESPONSE = """\
responder: 1
body:
  name: Office of the Police and Crime Commissioner for Testshire
  short_role: PCC
force:
  name: Testshire Police
  short_name: TP
report:
  title: PEEL 2023
  published: 2023-05-04
letter:
  to: {name: Home Secretary, role: Home Secretary}
  body: We welcome the report.
sections:
  - id: s1
    title: Protecting children
    findings:
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should record decisions.
        force: We record every decision now.
        commissioner:
          text: The refuge on Mill Street moves in March ([plan](https://secret-refuges.example/mill)).
          withheld: {reason: personal_safety}
"""


def png(marker: bytes) -> bytes:
    """A valid 1x1 PNG whose bytes carry ``marker`` (in a text chunk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + marker) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


ORPHAN = png(b"orphan image of Mill Street")
LOGO = png(b"the office logo")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def response(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(RESPONSE, encoding="utf-8")
    return path


@pytest.fixture
def full_render(cli, response, tmp_path) -> Path:
    out = tmp_path / "last-year-RESTRICTED.docx"
    result = cli("render", response, "--full", "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    data = b"".join(parts(out).values())
    assert SECRET in data and LINK in data  # the raw material really holds the secret
    return out


def doctor(full: Path, target: Path) -> None:
    """Turn a previous full render into a 'letterhead' an office might really use."""
    doc = Document(str(full))
    # The office types its own header over the marking, and adds its logo.
    header = doc.sections[0].header
    for paragraph in header.paragraphs:
        for run in paragraph.runs:
            run.text = ""
    header.paragraphs[0].add_run("TESTSHIRE OPCC LETTERHEAD")
    header.paragraphs[0].add_run().add_picture(io.BytesIO(LOGO))
    for node in doc.element.body.iter(f"{W}t"):
        node.text = (node.text or "").replace("RESTRICTED", "OFFICIAL").replace(
            "NOT FOR PUBLICATION", "")
    doc.core_properties.content_status = ""
    doc.core_properties.title = "Letter"
    # A reviewer's comment on the withheld passage.
    runs = [p.runs[0] for p in doc.paragraphs if "Mill Street" in p.text and p.runs]
    doc.add_comment(runs[0], text="Check Mill Street with the DPO", author="Reviewer")
    # An image the body no longer shows.
    doc.part.get_or_add_image(io.BytesIO(ORPHAN))
    package = doc.part.package
    custom_xml = Part(PackURI("/customXml/item1.xml"), "application/xml",
                      b"<secret>customXml Mill Street</secret>", package)
    doc.part.relate_to(custom_xml, RT.CUSTOM_XML)
    notes = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        (b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         b'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
         b'<w:footnote w:id="1"><w:p><w:r><w:t>footnote on Mill Street</w:t></w:r></w:p>'
         b"</w:footnote></w:footnotes>"), package)
    doc.part.relate_to(notes, RT.FOOTNOTES)
    custom_props = Part(
        PackURI("/docProps/custom.xml"),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
        b"<property name='Case'>Mill Street</property></Properties>", package)
    package.relate_to(custom_props, RT.CUSTOM_PROPERTIES)
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = rel.target_part.blob.replace(
                b"</Properties>",
                b"<HLinks><vt:lpwstr>https://secret-refuges.example/mill</vt:lpwstr></HLinks>"
                b"<TitlesOfParts><vt:lpwstr>Mill Street</vt:lpwstr></TitlesOfParts></Properties>")
    settings = doc.settings.element
    settings.append(settings.makeelement(f"{W}docVars", {}))
    settings[-1].append(settings.makeelement(f"{W}docVar", {f"{W}name": "case",
                                                            f"{W}val": "Mill Street"}))
    doc.save(str(target))
    # The raw letterhead holds every kind of leftover the public render must not carry.
    raw = parts(target)
    assert any(name.startswith("word/comments") for name in raw)
    assert any(ORPHAN in data for data in raw.values())
    assert b"RESTRICTED" not in b"".join(raw.values())


def test_a_restricted_render_is_refused_as_a_letterhead(cli, response, full_render, tmp_path):
    out = tmp_path / "public.docx"
    result = cli("render", response, "--letterhead", full_render, "-o", out, "--today", TODAY)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "last-year-RESTRICTED.docx: is a RESTRICTED render of a response" in result.err
    assert "RESTRICTED – NOT FOR PUBLICATION" in result.err
    assert not out.exists()


def test_a_restricted_render_is_refused_even_with_its_header_retyped(cli, response, full_render,
                                                                    tmp_path):
    doc = Document(str(full_render))
    for paragraph in doc.sections[0].header.paragraphs:
        for run in paragraph.runs:
            run.text = "OFFICIAL"
    doc.core_properties.content_status = ""
    doc.core_properties.title = "Letter"
    retyped = tmp_path / "retyped.docx"
    doc.save(str(retyped))
    result = cli("render", response, "--letterhead", retyped, "-o", tmp_path / "p.docx",
                 "--today", TODAY)
    assert result.code == 2 and "its body is marked" in result.err


def test_nothing_of_the_old_letter_reaches_the_public_document(cli, response, full_render,
                                                               tmp_path):
    letterhead = tmp_path / "letterhead.docx"
    doctor(full_render, letterhead)
    out = tmp_path / "public.docx"
    result = cli("render", response, "--letterhead", letterhead, "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    package = parts(out)
    for name, data in package.items():
        for secret in (SECRET, LINK, b"DPO", ORPHAN, b"customXml", b"RESTRICTED"):
            assert secret not in data, f"{secret!r} found in {name}"
    assert not [name for name in package if "comments" in name or name.startswith("customXml")]
    assert "docProps/custom.xml" not in package and "docProps/thumbnail.jpeg" not in package
    # What a letterhead is stays: the office's header, its logo, and the page.
    doc = Document(str(out))
    header = doc.sections[0].header
    assert "TESTSHIRE OPCC LETTERHEAD" in "".join(p.text for p in header.paragraphs)
    assert any(LOGO == data for data in package.values())
    assert "A passage has been withheld from publication on grounds of personal safety." in [
        p.text for p in doc.paragraphs]
    # The public links the new body makes are its own, and nothing else is related.
    rels = package["word/_rels/document.xml.rels"].decode()
    assert "hyperlink" not in rels


def test_a_public_letter_as_letterhead_keeps_header_and_loses_its_links(cli, response, tmp_path):
    """A previous *public* letter is a fair letterhead: its links and text go, its header stays."""
    public = tmp_path / "last-year.docx"
    text = RESPONSE.replace("          withheld: {reason: personal_safety}\n", "")
    old = tmp_path / "old.yaml"
    old.write_text(text, encoding="utf-8")
    assert cli("render", old, "-o", public, "--today", TODAY).code == 0
    assert LINK in parts(public)["word/_rels/document.xml.rels"]
    result = cli("render", response, "--letterhead", public, "-o", tmp_path / "new.docx",
                 "--today", TODAY)
    assert result.code == 0, result.err
    for name, data in parts(tmp_path / "new.docx").items():
        assert LINK not in data and SECRET not in data, name
