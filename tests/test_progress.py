"""The committee paper: `responder progress`, from a folder of responses to Word, HTML or JSON."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from responder.response import editing

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "progress-paper.txt"
TODAY = "2024-03-14"
SINCE = "2023-12-07"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The three examples, each with its register part-way through."""
    target = tmp_path / "responses"
    target.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copyfile(path, target / path.name)
    return target


def document_outline(path: Path) -> list[str]:
    """Headings and paragraphs (style | text) and table rows (cells joined), in order."""
    doc = Document(str(path))
    lines = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                lines.append("row | " + " | ".join(cell.text.replace("\n", " / ")
                                                   for cell in row.cells))
        elif block.text.strip():
            lines.append(f"{block.style.name} | {block.text}")
    return lines


def package_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


def paper_json(cli, *args) -> dict:
    result = cli("progress", *args, "--json", "--today", TODAY)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_golden_outline_of_the_paper_for_a_folder(cli, folder, tmp_path):
    """Regenerate with RESPONDER_UPDATE_GOLDEN=1."""
    out = tmp_path / "paper.docx"
    result = cli("progress", folder, "-o", out, "--since", SINCE, "--today", TODAY)
    assert result.code == 0, result.err
    assert "Wrote" in result.out and "3 reports, 32 findings, 11 overdue" in result.out
    lines = document_outline(out)
    if os.environ.get("RESPONDER_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == GOLDEN.read_text(encoding="utf-8").splitlines()


def test_the_paper_reads_as_a_committee_paper(cli, folder, tmp_path):
    out = tmp_path / "paper.docx"
    assert cli("progress", folder, "-o", out, "--today", TODAY, "--meeting-date", "2024-03-20",
               "--item", "06", "--committee", "Joint Independent Audit Committee").code == 0
    lines = document_outline(out)
    assert lines[:4] == ["Normal | Agenda item 06", "Normal | Joint Independent Audit Committee",
                         "Normal | 20 March 2024", "Title | HMICFRS update"]
    headings = [line for line in lines if line.startswith("Heading 1")]
    assert headings == [
        "Heading 1 | 1. Purpose", "Heading 1 | 2.1. PEEL inspection of Northmoor Police",
        "Heading 1 | 2.2. PEEL inspection of Wessex Vale Police",
        "Heading 1 | 3. Thematic inspections",
        "Heading 1 | 4. Inspection reports published to date", "Heading 1 | Contact officer",
        "Heading 1 | Background documents", "Heading 1 | Annex: the register of findings at "
        "20 March 2024"]
    assert "Heading 2 | A.1 PEEL: Police legitimacy 2017 – an inspection of Wessex Vale Police" in lines
    assert any(line.startswith("Normal | This paper updates the Joint Independent Audit "
                               "Committee") for line in lines)
    assert ("Normal | This report is submitted for the information of the Committee. The "
            "Committee is asked to note its contents.") in lines
    doc = Document(str(out))
    # A real table style, and every findings table repeats its header row on each page.
    xml = doc.element.xml
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    findings = [t for t in doc.tables if t.rows[0].cells[0].text == "Reference"]
    assert findings and all("<w:tblHeader/>" in t.rows[0]._tr.xml for t in findings)
    assert 'w:fill="F4B6B3"' in xml  # a red RAG cell, which also says "Red"


def test_overdue_is_marked_in_words(cli, folder, tmp_path):
    data = paper_json(cli, folder)
    northmoor = next(r for r in data["reports"] if "Northmoor" in r["title"])
    rows = {row["id"]: row for row in northmoor["rows"]}
    assert rows["s1.2-coc1-rec3"]["overdue"] is True  # in progress, target 30 April 2020
    assert rows["s1.2-coc1-rec4"]["overdue"] is False  # complete: never overdue
    assert northmoor["counts"]["overdue"] == 10 and data["totals"]["overdue"] == 11
    out = tmp_path / "paper.docx"
    assert cli("progress", folder, "-o", out, "--today", TODAY).code == 0
    # The row says the letter's reference, never the file's id.
    row = next(line for line in document_outline(out) if "30 April 2020" in line
               and line.startswith("row | Recommendation 3 of the cause of concern"))
    assert "In progress / OVERDUE" in row and "s1.2-coc1-rec3" not in row
    # A day before the target date, nothing of that finding is overdue.
    result = cli("progress", folder / "letter-northmoor-peel-2018-19.yaml", "--json",
                 "--today", "2020-04-29")
    early = json.loads(result.out)["reports"][0]["rows"]
    assert not next(r for r in early if r["id"] == "s1.2-coc1-rec3")["overdue"]


def test_since_lists_what_was_completed_or_closed_apart(cli, folder):
    data = paper_json(cli, folder, "--since", SINCE)
    wessex = next(r for r in data["reports"] if "Wessex" in r["title"])
    assert [r["id"] for r in wessex["done_since"]] == ["s3-afi3"]  # closed 11 December 2023
    assert wessex["done_since"][0]["ref"] == "Area for improvement 3"  # the letter's words
    assert "s3-afi3" not in [r["id"] for r in wessex["rows"] + wessex["closed"]]
    assert [r["id"] for r in wessex["rows"]] == ["s2-afi3"]  # complete, awaiting HMICFRS
    thornbury = next(r for r in data["reports"] if "Thornbury" in r["title"])
    assert [r["id"] for r in thornbury["done_since"]] == ["s1-rec1"]  # complete on 12 Feb 2024
    # Without --since, the closed ones are listed as closed, and nothing as "since".
    plain = paper_json(cli, folder)
    wessex = next(r for r in plain["reports"] if "Wessex" in r["title"])
    assert wessex["done_since"] == [] and "s3-afi3" in [r["id"] for r in wessex["closed"]]


def withhold(path: Path, ref: str) -> None:
    from responder.response.model import Withheld

    doc = editing.load(path)
    finding = next(f for _, f in doc.response.walk_findings() if f.id == ref)
    finding.withheld = Withheld(reason="personal_safety", note="Names a children's home.")
    doc.save()


SECRET_WORDS = (b"shares information promptly with other forces",
                b"Det Insp, Missing and Exploited Children Team",
                b"Notification process for children placed")


def test_withheld_findings_stay_out_of_the_public_paper(cli, folder, tmp_path):
    withhold(folder / "small-thornbury-child-protection-2024.yaml", "s2-afi1")
    public = tmp_path / "public.docx"
    assert cli("progress", folder, "-o", public, "--today", TODAY).code == 0
    raw = package_bytes(public)
    for words in SECRET_WORDS:
        assert words not in raw
    assert b"A passage has been withheld from publication on grounds of personal safety." in raw
    assert b"their details are given to the committee in private session" in raw
    html = tmp_path / "public.html"
    assert cli("progress", folder, "-o", html, "--today", TODAY).code == 0
    for words in SECRET_WORDS:
        assert words not in html.read_bytes()
    data = paper_json(cli, folder)
    assert not any(words.decode() in json.dumps(data) for words in SECRET_WORDS)
    # The full paper, for a private session, carries them marked RESTRICTED.
    full = tmp_path / "full.docx"
    assert cli("progress", folder, "-o", full, "--full", "--today", TODAY).code == 0
    raw = package_bytes(full)
    assert all(words in raw for words in SECRET_WORDS)
    assert "RESTRICTED – NOT FOR PUBLICATION".encode() in raw


def test_the_web_page_is_accessible(cli, folder, tmp_path):
    out = tmp_path / "paper.html"
    assert cli("progress", folder, "-o", out, "--today", TODAY, "--meeting-date", TODAY).code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in page and "<title>HMICFRS update" in page
    assert page.count("<caption>") == page.count("<table")
    assert '<th scope="col">Latest update</th>' in page
    assert 'class="rag-red">Red</td>' in page  # the colour repeats the word
    assert "<br>OVERDUE" in page


@pytest.mark.parametrize("args, message", [
    ([], "say where to write the paper"),
    (["-o", "paper.odt"], "the paper is written as .docx, .html or .pdf"),
    (["--json", "--since", "2030-01-01"], "--since is after the paper's date"),
])
def test_bad_calls_are_one_line(cli, folder, args, message):
    result = cli("progress", folder, *args, "--today", TODAY)
    assert result.code == 2 and message in result.err
    assert len(result.err.strip().splitlines()) == 1


# (The paper as PDF: test_paper.py's check of its words, one LibreOffice start for both.)


def test_a_file_that_does_not_read_stops_the_paper(cli, folder, tmp_path):
    (folder / "broken.yaml").write_text("responder: 1\nbody: [\n", encoding="utf-8")
    out = tmp_path / "paper.docx"
    result = cli("progress", folder, "-o", out, "--today", TODAY)
    assert result.code == 2 and "broken.yaml" in result.err
    assert len(result.err.strip().splitlines()) == 1 and not out.exists()
    (folder / "broken2.yaml").write_text("responder: 1\nbody: [\n", encoding="utf-8")
    result = cli("progress", folder, "-o", out, "--today", TODAY)
    assert result.code == 2 and "2 files could not be read" in result.err and not out.exists()
