"""Publishing: a tagged PDF for the website, and accessibility checked as auditors check it.

- The HTML of every example, in both shapes, has zero axe-core violations (WCAG 2.x A and
  AA rules) in a real browser: the system's Chromium driven by Playwright, with axe-core's
  own script injected into the page.
- The Word documents pass the checks Word's accessibility checker makes, tested over the
  document's XML: headings in order, table header rows that repeat, title and language,
  alt text on images, restricted passages marked in words as well as colour, real lists.
- `render --format pdf` converts the Word document with LibreOffice into a tagged PDF with
  its title and language, and leaves withheld text out exactly as the Word document does.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from browser import axe, describe
from conftest import ROOT, example_files

TODAY = "2024-03-01"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "dc": "http://purl.org/dc/elements/1.1/",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
SMALL = ROOT / "examples" / "small-thornbury-child-protection-2024.yaml"
WITHHELD_WORDS = "Linfold Road"  # from the small example's withheld commissioner comment


def shapes(source: Path) -> list[str]:
    """Both shapes where the example has a letter; a statement otherwise."""
    return ["letter", "statement"] if "letter:" in source.read_text(encoding="utf-8") \
        else ["statement"]


CASES = [(source, shape) for source in example_files() for shape in shapes(source)]
IDS = [f"{source.stem}-{shape}" for source, shape in CASES]


def render(cli, tmp_path: Path, source: Path, shape: str, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"{source.stem}-{shape}.{fmt}"
    result = cli("render", source, "--shape", shape, "-o", out, "--today", TODAY, *extra)
    assert result.code == 0, result.err
    return out


# ---------------------------------------------------------------- axe-core in Chromium

# (the browser fixture is conftest.py's: one Chromium per test module and worker)


@pytest.mark.parametrize(("source", "shape"), CASES, ids=IDS)
@pytest.mark.parametrize("version", ["public", "full"])
def test_every_example_page_has_no_axe_violations(cli, tmp_path, browser, source, shape, version):
    page = render(cli, tmp_path, source, shape, "html", *(["--full"] if version == "full" else []))
    result = axe(browser, page)
    assert result["violations"] == [], describe(result["violations"])
    # The rules really ran on real content: a page axe could not read would pass nothing.
    passed = {rule["id"] for rule in result["passes"]}
    assert {"document-title", "html-has-lang", "html-lang-valid"} <= passed


@pytest.mark.parametrize("version", ["public", "full"])
def test_the_committee_paper_page_has_no_axe_violations(cli, tmp_path, browser, version):
    page = tmp_path / "paper.html"
    result = cli("progress", ROOT / "examples", "-o", page, "--since", "2023-12-07",
                 "--today", TODAY, *(["--full"] if version == "full" else []))
    assert result.code == 0, result.err
    found = axe(browser, page)
    assert found["violations"] == [], describe(found["violations"])
    assert {"document-title", "html-has-lang"} <= {rule["id"] for rule in found["passes"]}


@pytest.mark.parametrize("version", ["public", "draft"])
def test_the_paper_with_peel_thematic_and_upcoming_has_no_axe_violations(cli, tmp_path, browser,
                                                                        version):
    page = tmp_path / "paper.html"
    dated = ["--meeting-date", "2025-02-06", "--item", "06"] if version == "public" else []
    result = cli("progress", ROOT / "tests" / "fixtures" / "paper", "-o", page,
                 "--since", "2024-11-01", "--today", "2025-02-01", *dated)
    assert result.code == 0, result.err
    found = axe(browser, page)
    assert found["violations"] == [], describe(found["violations"])
    assert {"document-title", "html-has-lang"} <= {rule["id"] for rule in found["passes"]}


def test_axe_catches_a_page_that_breaks_the_rules(tmp_path, browser):
    """The harness can fail: an image without alt text and a page without a language."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html><head><title>x</title></head><body>"
                   "<img src='logo.png'><p style='color:#bbb;background:#fff'>faint</p>"
                   "</body></html>", encoding="utf-8")
    found = {v["id"] for v in axe(browser, bad)["violations"]}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= found


# ---------------------------------------------------------------- Word's accessibility checks


def docx_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xml")}


def style_names(parts: dict) -> dict[str, str]:
    styles = parts["word/styles.xml"]
    return {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val")
            for s in styles.findall("w:style", NS) if s.find("w:name", NS) is not None}


def paragraph_styles(parts: dict) -> list[tuple[str, str]]:
    names = style_names(parts)
    found = []
    for p in parts["word/document.xml"].iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        found.append((names.get(style.get(f"{{{W}}}val"), "") if style is not None else "", text))
    return found


def word_problems(path: Path) -> list[str]:
    """What Word's accessibility checker would flag, from the XML."""
    parts = docx_parts(path)
    problems = []
    # Headings in order: none skips a level on the way down (Title counts as level 0).
    level = 0
    for style, text in paragraph_styles(parts):
        match = re.fullmatch(r"heading (\d)", style.lower())
        if style.lower() == "title":
            level = 0
        elif match:
            new = int(match[1])
            if new > level + 1:
                problems.append(f"heading skips from level {level} to {new}: {text[:40]!r}")
            level = new
    # Every table: its first row is a header row, repeated on each page.
    for i, table in enumerate(parts["word/document.xml"].iter(f"{{{W}}}tbl"), 1):
        first = table.find("w:tr", NS)
        if first is None or first.find("w:trPr/w:tblHeader", NS) is None:
            text = "".join(t.text or "" for t in table.iter(f"{{{W}}}t"))[:40]
            problems.append(f"table {i} has no header row: {text!r}")
    # Title and language.
    core = parts["docProps/core.xml"]
    title = core.find("dc:title", NS)
    if title is None or not (title.text or "").strip():
        problems.append("no document title")
    styles = parts["word/styles.xml"]
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    if lang is None or lang.get(f"{{{W}}}val") != "en-GB":
        problems.append("document language is not en-GB")
    # Alt text on every picture, in the body and in headers and footers.
    for name, root in parts.items():
        for doc_pr in root.iter(f"{{{NS['wp']}}}docPr"):
            if not (doc_pr.get("descr") or "").strip() and doc_pr.get("title") is None:
                problems.append(f"a picture in {name} has no alt text")
    # Real lists: no paragraph starts with a typed bullet or number.
    for style, text in paragraph_styles(parts):
        # (a numbered heading, "1. Purpose", is a heading, not a typed list)
        if re.match(r"^\s*(?:[•\u2022\u25aa\-\*]\s|\d+[.)]\s)", text) \
                and not style.lower().startswith(("list", "heading", "title")):
            problems.append(f"typed list marker instead of a real list: {text[:40]!r}")
    return problems


@pytest.mark.parametrize("version", ["public", "full"])
def test_the_committee_paper_passes_words_accessibility_checks(cli, tmp_path, version):
    out = tmp_path / "paper.docx"
    result = cli("progress", ROOT / "examples", "-o", out, "--today", TODAY,
                 *(["--full"] if version == "full" else []))
    assert result.code == 0, result.err
    assert word_problems(out) == []


@pytest.mark.parametrize(("source", "shape"), CASES, ids=IDS)
@pytest.mark.parametrize("version", ["public", "full"])
def test_every_example_passes_words_accessibility_checks(cli, tmp_path, source, shape, version):
    out = render(cli, tmp_path, source, shape, "docx", *(["--full"] if version == "full" else []))
    assert word_problems(out) == []
    headings = [style for style, _ in paragraph_styles(docx_parts(out))
                if style.lower().startswith("heading")]
    assert len(headings) >= 2  # the heading check had headings to check


def test_the_word_checks_can_fail(tmp_path):
    """A document with a skipped heading level, a headerless table and a typed bullet."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = ""
    doc.add_heading("Top", level=1)
    doc.add_heading("Too deep", level=3)
    doc.add_paragraph("• typed bullet")
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "Grade"
    path = tmp_path / "bad.docx"
    doc.save(str(path))
    found = " | ".join(word_problems(path))
    for expected in ("skips from level 1 to 3", "table 1 has no header row", "no document title",
                     "typed list marker", "not en-GB"):
        assert expected in found


def test_restricted_passages_are_marked_in_words_not_only_colour(cli, tmp_path):
    out = render(cli, tmp_path, SMALL, "statement", "docx", "--full")
    texts = [text for _, text in paragraph_styles(docx_parts(out))]
    at = next(i for i, text in enumerate(texts) if WITHHELD_WORDS in text)
    nearby = " ".join(texts[max(0, at - 2):at + 1])
    assert "RESTRICTED" in nearby.upper() or "WITHHELD" in nearby.upper()


def test_letterhead_pictures_get_alt_text(cli, tmp_path):
    """A logo in the office's letterhead with no description is given one."""
    from docx import Document
    from docx.shared import Cm

    png = _tiny_png()
    letterhead = Document()
    run = letterhead.sections[0].header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(png), width=Cm(2))
    for doc_pr in letterhead.sections[0].header._element.iter(f"{{{NS['wp']}}}docPr"):
        doc_pr.set("descr", "")
    base = tmp_path / "letterhead.docx"
    letterhead.save(str(base))
    out = render(cli, tmp_path, SMALL, "statement", "docx", "--letterhead", str(base))
    assert word_problems(out) == []


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- PDF

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed")


def pdf_facts(path: Path) -> dict:
    from pdf_text import page_texts
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    roles: set[str] = set()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                roles.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    if "/StructTreeRoot" in root:
        walk(root["/StructTreeRoot"])
    return {
        "text": "\n".join(page_texts(path)),
        "title": (reader.metadata or {}).get("/Title"),
        "lang": root.get("/Lang"),
        "tagged": bool(root.get("/MarkInfo", {}).get("/Marked")),
        "roles": roles,
        "display_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
    }


@needs_libreoffice
@pytest.mark.parametrize("source", example_files(), ids=lambda p: p.stem)
def test_every_example_becomes_a_tagged_pdf(cli, tmp_path, source):
    out = tmp_path / "out.pdf"
    result = cli("render", source, "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF-")
    facts = pdf_facts(out)
    assert facts["tagged"] and facts["display_title"]
    assert facts["lang"] == "en-GB"
    assert facts["title"] and "response" in facts["title"].lower() or "letter" in facts["title"].lower()
    assert {"/H1", "/H2"} <= facts["roles"]
    if "statement" in source.stem:
        assert {"/Table", "/TH"} <= facts["roles"]
    assert "section 55" in facts["text"].lower() or "56 days" in facts["text"]
    if source == SMALL:  # one LibreOffice start fewer: the public PDF is this one
        public_pdf_leaves_withheld_text_out_and_the_full_one_marks_it(cli, out, tmp_path)


def public_pdf_leaves_withheld_text_out_and_the_full_one_marks_it(cli, public: Path,
                                                                  tmp_path: Path) -> None:
    text = pdf_facts(public)["text"]
    assert WITHHELD_WORDS not in re.sub(r"\s+", " ", text)
    full = tmp_path / "full.pdf"
    assert cli("render", SMALL, "--format", "pdf", "--full", "-o", full, "--today", TODAY).code == 0
    text = re.sub(r"\s+", " ", pdf_facts(full)["text"])
    assert WITHHELD_WORDS in text and "RESTRICTED" in text


def test_without_libreoffice_one_line_says_how_to_get_a_pdf(cli, tmp_path, monkeypatch):
    from responder.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out.pdf"
    result = cli("render", SMALL, "-o", out, "--today", TODAY)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "install it from libreoffice.org" in result.err and "Save As" in result.err
    assert not out.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for LibreOffice")
def test_a_hung_conversion_is_stopped_and_reported(tmp_path):
    from responder.render.pdf import PdfProblem, docx_to_pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(PdfProblem, match="did not finish the PDF within 1 seconds"):
        docx_to_pdf(b"PK", soffice=fake, timeout=1)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for LibreOffice")
def test_a_failed_conversion_is_one_line(tmp_path):
    from responder.render.pdf import PdfProblem, docx_to_pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(PdfProblem, match="could not convert the document.*could not be loaded"):
        docx_to_pdf(b"PK", soffice=fake, timeout=10)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for LibreOffice")
def test_many_documents_share_one_libreoffice_per_core_and_come_back_in_order(tmp_path,
                                                                             monkeypatch):
    """The website's first run makes a PDF of every response: one LibreOffice per core,
    each with its own share of the documents, side by side (100 PDFs: 10.9 s to 8.0 s on two
    cores); a pair (Welsh and English) still shares one start."""
    from responder.render import pdf

    starts = tmp_path / "starts.log"
    fake = tmp_path / "soffice"
    fake.write_text(f'#!/bin/sh\necho start >> "{starts}"\n'
                    'while [ "$1" != "--outdir" ]; do shift; done\n'
                    'shift; out="$1"; shift; mkdir -p "$out"\n'
                    'for f in "$@"; do cp "$f" "$out/$(basename "$f" .docx).pdf"; done\n',
                    encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf.os, "cpu_count", lambda: 2)
    documents = [f"document {number}".encode() for number in range(30)]
    assert pdf.docxs_to_pdfs(documents, soffice=fake) == documents  # each its own, in order
    assert starts.read_text(encoding="utf-8").count("start") == 2
    starts.unlink()
    assert pdf.docxs_to_pdfs(documents[:2], soffice=fake) == documents[:2]
    assert starts.read_text(encoding="utf-8").count("start") == 1
