"""The Word document a render starts from, and how its body goes in (render/word_document).

Without a letterhead a render starts from the house document: python-docx's default in
the house style, keeping only the styles responder uses, made once and kept in the cache
folder. The body's WordprocessingML is written into the package as it is saved, never
parsed, unless the document names its namespaces otherwise.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document

from responder.render import word_document

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def style_ids(xml: bytes) -> set[str]:
    return set(re.findall(rb'w:styleId="([^"]+)"', xml))


def test_the_house_document_is_made_once_and_kept(cli, tmp_path, monkeypatch):
    made = []
    real = word_document._make_house_base
    monkeypatch.setattr(word_document, "_make_house_base", lambda: made.append(1) or real())
    for name in ("one.docx", "two.docx"):
        assert cli("render", LETTER, "-o", tmp_path / name, "--today", "2019-10-01").code == 0
    assert made == [1]
    assert parts(tmp_path / "one.docx")["word/document.xml"] == \
        parts(tmp_path / "two.docx")["word/document.xml"]


def test_a_spoilt_kept_house_document_is_made_again(cli, tmp_path, monkeypatch):
    assert cli("render", LETTER, "-o", tmp_path / "one.docx", "--today", "2019-10-01").code == 0
    from responder import cache

    kept = next(cache.folder().glob("house-*.sealed"))
    kept.write_bytes(b"PK\x03\x04 not really a Word document")
    assert cli("render", LETTER, "-o", tmp_path / "two.docx", "--today", "2019-10-01").code == 0
    assert parts(tmp_path / "one.docx")["word/document.xml"] == \
        parts(tmp_path / "two.docx")["word/document.xml"]
    Document(io.BytesIO(cache.read_sealed(kept)))  # made again, and kept


def test_the_house_document_keeps_the_styles_in_use_and_words_list_of_the_rest(cli, tmp_path):
    out = tmp_path / "letter.docx"
    assert cli("render", LETTER, "-o", out, "--today", "2019-10-01").code == 0
    package = parts(out)
    styles = package["word/styles.xml"]
    used = set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"',
                          b"".join(data for name, data in package.items()
                                   if name.startswith("word/") and name.endswith(".xml"))))
    assert used <= style_ids(styles), used - style_ids(styles)
    assert {b"Footer", b"Header", b"Heading1", b"Quote", b"TableGrid"} <= style_ids(styles)
    assert b"LightShading" not in styles and b"MediumGrid1" not in styles  # unused table styles
    assert b"<w:latentStyles" in styles  # Word's list of its built-in styles stays
    assert "word/stylesWithEffects.xml" not in package
    assert len(styles) < 60_000


def test_every_relationship_the_body_names_is_there(cli, tmp_path):
    """The body is written in as the package is saved: the links it makes must survive the
    letterhead clean-up, which keeps only relationships the XML uses."""
    out = tmp_path / "letter.docx"
    assert cli("render", LETTER, "-o", out, "--today", "2019-10-01").code == 0
    package = parts(out)
    named = set(re.findall(rb'r:id="([^"]+)"', package["word/document.xml"]))
    assert named, "the letter links to the report"
    related = set(re.findall(rb'Id="([^"]+)"', package["word/_rels/document.xml.rels"]))
    assert named <= related
    assert b"<!--responder-body-->" not in package["word/document.xml"]


def test_a_letterhead_naming_its_namespaces_otherwise_still_gets_the_body(cli, tmp_path,
                                                                          monkeypatch):
    """A document whose main namespace is not called ``w`` (rare, but valid XML) has the
    body parsed in, as before."""
    plain = tmp_path / "plain.docx"
    document = Document()
    document.add_paragraph("Letterhead sample text")
    document.save(plain)
    renamed = tmp_path / "renamed.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(renamed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"xmlns:w=", b"xmlns:wx=").replace(b"<w:", b"<wx:") \
                    .replace(b"</w:", b"</wx:").replace(b" w:", b" wx:")
                assert b"xmlns:wx=" in data
            target.writestr(item, data)
    from responder.render import docx_builder

    parsed = []
    real = docx_builder.replace_body
    monkeypatch.setattr(docx_builder, "replace_body",
                        lambda document, pieces: parsed.append(1) or real(document, pieces))
    out = tmp_path / "letter.docx"
    result = cli("render", LETTER, "--letterhead", renamed, "-o", out, "--today", "2019-10-01")
    assert parsed == [1]
    assert result.code == 0, result.err
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "Dear Home Secretary" in text and "Letterhead sample text" not in text


def test_without_the_cache_the_house_document_is_made_each_time(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("RESPONDER_CACHE", "off")
    assert cli("render", LETTER, "-o", tmp_path / "one.docx", "--today", "2019-10-01").code == 0
    assert "word/stylesWithEffects.xml" not in parts(tmp_path / "one.docx")
    assert not list(tmp_path.glob("**/house-*"))
