"""The committee paper an office tables: its anatomy, in order, from a folder holding a force's
PEEL response (five-grade scale), a national thematic response and the office's file of
notified inspections; in Word, HTML and PDF."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from responder.after.upcoming import parse
from responder.errors import InputError

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "paper"
MEETING = "2025-02-06"
SINCE = "2024-11-01"
PROFILE = """\
[office.committee]
name = "Joint Independent Audit Committee"
classification = "OFFICIAL"
contact = "Sam Patel"
contact_role = "Head of Policy and Scrutiny"
contact_email = "sam.patel@northmoor-pcc.example"
"""

ANATOMY = [
    "Normal | OFFICIAL", "Normal | Agenda item 06", "Normal | Joint Independent Audit Committee",
    "Normal | 6 February 2025", "Title | HMICFRS update",
]
HEADINGS = [
    "Heading 1 | 1. Purpose",
    "Heading 1 | 2. PEEL inspection of Northmoor Police",
    "Heading 2 | How the grading works",
    "Heading 2 | Summary by area",
    "Heading 3 | Police powers and public treatment – Graded: Outstanding",
    "Heading 3 | Responding to the public – Graded: Adequate",
    "Heading 3 | Investigating crime – Graded: Requires improvement",
    "Heading 2 | Following up the areas for improvement",
    "Heading 1 | 3. Thematic inspections",
    "Heading 2 | Inspections notified for the coming months",
    "Heading 1 | 4. Inspection reports published since 1 November 2024",
    "Heading 2 | 4.1 A joint thematic inspection of police custody: the treatment of vulnerable "
    "detainees",
    "Heading 1 | Contact officer",
    "Heading 1 | Background documents",
    "Heading 1 | Annex: the register of findings at 6 February 2025",
]
CLOSING = ("This report is submitted for the information of the Committee. The Committee is "
           "asked to note its contents.")


@pytest.fixture
def office(tmp_path, monkeypatch) -> Path:
    """The office's folder: the two responses, its notified inspections, its profile."""
    folder = tmp_path / "hmicfrs"
    shutil.copytree(FIXTURES, folder)
    (tmp_path / "responder.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    return folder


def outline(path: Path) -> list[str]:
    lines = []
    for block in Document(str(path)).iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                lines.append("row | " + " | ".join(c.text.replace("\n", " / ") for c in row.cells))
        elif block.text.strip():
            lines.append(f"{block.style.name} | {block.text}")
    return lines


def paper(cli, folder: Path, out: Path, *more: str) -> Path:
    result = cli("progress", folder, "-o", out, "--item", "06", "--meeting-date", MEETING,
                 "--since", SINCE, *more)
    assert result.code == 0, result.err
    return out


def test_the_paper_follows_the_anatomy_in_order(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    assert lines[:5] == ANATOMY
    annex = lines.index(HEADINGS[-1])
    assert [line for line in lines[: annex + 1] if line.startswith("Heading")] == HEADINGS
    assert "Heading 2 | A.1 PEEL 2023–25: an inspection of Northmoor Police" in lines[annex:]
    closing = lines.index(f"Normal | {CLOSING}")
    assert closing < lines.index("Heading 1 | Contact officer")
    assert lines[lines.index("Heading 1 | Contact officer") + 1] == (
        "Normal | Sam Patel, Head of Policy and Scrutiny\nsam.patel@northmoor-pcc.example")
    assert not any("DRAFT" in line for line in lines)


def test_the_grade_table_has_a_column_per_grade_and_the_2021_explanation(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    start = lines.index("row | Outstanding | Good | Adequate | Requires improvement | Inadequate")
    assert lines[start + 1: start + 3] == [
        "row | Police powers and public treatment | Preventing crime and antisocial behaviour | "
        "Responding to the public | Investigating crime | Protecting vulnerable people",
        "row |  | Building, supporting and protecting the workforce | Managing offenders and "
        "suspects | Strategic planning, organisational management and value for money | ",
    ]
    explanation = next(line for line in lines if "five-point scale" in line)
    assert "cannot be compared directly with those in earlier PEEL reports" in explanation


def test_a_four_grade_report_gets_four_columns_and_no_2021_explanation(cli, tmp_path):
    out = tmp_path / "paper.docx"
    assert cli("progress", ROOT / "examples" / "statement-wessex-legitimacy-2017.yaml", "-o", out,
               "--meeting-date", "2018-03-01").code == 0
    lines = outline(out)
    assert "row | Outstanding | Good | Requires improvement | Inadequate" in lines
    assert not any("five-point scale" in line for line in lines)


def test_summaries_come_only_from_what_the_response_says(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    at = lines.index("Heading 3 | Responding to the public – Graded: Adequate")
    assert lines[at + 1] == "Normal | The force: Call answering has improved since the inspection:"
    assert lines[at + 2] == "List Bullet | 999 calls are answered within 10 seconds in 91% of cases;"
    # Areas with nothing written (Good, Inadequate, …) get no summary, not filler.
    graded_with_nothing = ("Preventing crime", "Protecting vulnerable people",
                           "Managing offenders", "Building, supporting", "Strategic planning")
    before_annex = lines[: lines.index(HEADINGS[-1])]
    assert not any(line.startswith("Heading 3") and area in line
                   for line in before_annex for area in graded_with_nothing)


def test_follow_up_counts_the_register_with_singular_and_plural(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    at = lines.index("Heading 2 | Following up the areas for improvement")
    assert lines[at + 1].startswith("Normal | The report identified five areas for improvement. "
                                    "The Office of the Police and Crime Commissioner for "
                                    "Northmoor holds them on its register")
    assert lines[at + 2] == ("Normal | At 6 February 2025: one complete and awaiting HMICFRS, two "
                             "in progress and two not started. Two are past their target date. "
                             "The register shows one without a lead and one not yet rated.")
    assert lines[at + 3] == ("Normal | The report also raised one cause of concern; its "
                             "recommendations are on the register in the same way.")


def test_thematic_and_upcoming_inspections(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    assert ("row | A joint thematic inspection of police custody: the treatment of vulnerable "
            "detainees | 22 January 2025 | 3 | 3") in lines
    at = lines.index("Heading 2 | Inspections notified for the coming months")
    assert lines[at + 1: at + 3] == [
        # Its kind is not repeated when the title says it already.
        "List Bullet | March 2025: Police race action plan: thematic inspection. Fieldwork in "
        "the force from 3 to 5 March",
        "List Bullet | 12 May 2025: Crime data integrity inspection"]
    # Without the file the section says so; an empty file says none were notified.
    (office / "upcoming-inspections.toml").unlink()
    lines = outline(paper(cli, office, tmp_path / "none.docx"))
    at = lines.index("Heading 2 | Inspections notified for the coming months")
    assert lines[at + 1] == "Normal | No inspections have been recorded as notified."
    (office / "upcoming-inspections.toml").write_text("# none yet\n", encoding="utf-8")
    lines = outline(paper(cli, office, tmp_path / "empty.docx"))
    at = lines.index("Heading 2 | Inspections notified for the coming months")
    assert lines[at + 1] == "Normal | HMICFRS has notified no further inspections."


def test_reports_since_list_recommendations_with_what_was_done(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    at = lines.index("Heading 2 | 4.1 A joint thematic inspection of police custody: the "
                     "treatment of vulnerable detainees")
    assert lines[at + 1: at + 5] == [
        "Normal | Thematic inspection, published on 22 January 2025. It made three "
        "recommendations and one area for improvement. The office published its response on "
        "10 March 2025.",
        "Normal | (i) Recommendation 1: By 31 October 2025, chief constables should make sure "
        "that every detainee has a documented risk assessment reviewed at each handover.",
        "Normal | Action taken: Handover risk reviews are now a mandatory field in the custody "
        "system.",
        "Normal | On the register: in progress, led by Chief Inspector Custody."]
    assert ("Normal | (iii) Recommendation 3, for the College of Policing: The College of Policing "
            "should revise its authorised professional practice on detention and custody to "
            "include the findings of this inspection.") in lines
    assert "Normal | For a national body: noted, not tracked on the office's register." in lines
    # The PEEL report came out before the last paper: it is not listed again.
    assert not any(line.startswith("Heading 2 | 4.2") for line in lines)


def test_register_rows_give_the_letter_s_reference_and_the_full_text(cli, office, tmp_path):
    lines = outline(paper(cli, office, tmp_path / "paper.docx"))
    rows = [line for line in lines if line.startswith("row | ") and "should" in line]
    assert rows, "no register rows"
    assert not any(re.search(r"\bs\d+(\.\d+)?-(afi|coc|rec)", line) for line in rows)
    assert any(line.startswith("row | Recommendation 2 of the cause of concern | Within six "
                               "months, the force should make sure that referrals to partner "
                               "agencies are made promptly and followed up.") for line in rows)
    assert any(line.startswith("row | Area for improvement 1 | The force should answer "
                               "emergency and non-emergency calls more quickly, so that it "
                               "meets its own standards and those set nationally for call "
                               "handling.") for line in rows)
    html = paper(cli, office, tmp_path / "paper.html").read_text(encoding="utf-8")
    assert "those set nationally for call handling." in html and "s3-afi1" not in html


def test_without_a_meeting_date_the_paper_is_a_draft_dated_today(cli, office, tmp_path):
    out = tmp_path / "draft.docx"
    result = cli("progress", office, "-o", out, "--today", "2025-01-20")
    assert result.code == 0 and "DRAFT" in result.out
    lines = outline(out)
    assert lines[0] == ("Normal | DRAFT: no meeting date has been set; this paper is dated "
                        "20 January 2025.")
    assert "Normal | 20 January 2025" in lines
    assert Document(str(out)).core_properties.title.startswith("DRAFT: HMICFRS update")


def test_as_of_judges_overdue_and_defaults_to_the_meeting_date(cli, office):
    def overdue(*args: str) -> int:
        result = cli("progress", office, "--json", "--meeting-date", MEETING, *args)
        return json.loads(result.out)["totals"]["overdue"]

    assert overdue() == 2  # at the meeting: two target dates passed
    assert overdue("--as-of", "2024-09-01") == 0  # before any target date


def test_wording_counts_one_report_and_several(cli, office, tmp_path):
    one = outline(paper(cli, office / "national-custody-2025.yaml", tmp_path / "one.docx"))
    assert any("from this report:" in line for line in one)
    assert any(line == "Heading 1 | 2. PEEL inspection" for line in one)
    several = outline(paper(cli, office, tmp_path / "two.docx"))
    assert any("from these reports:" in line for line in several)


@pytest.mark.parametrize("text, message", [
    ("[[inspection]]\nwhen = 'May 2025'\n", "inspection 1: needs a title"),
    ("[[inspection]]\ntitle = 'X'\n", "inspection 1, when: needs 'when'"),
    ("[[inspection]]\ntitle = 'X'\nwhen = 'May'\nkind = 'annual'\n", "kind 'annual' is not"),
    ("[[inspection]]\ntitle = 'X'\nwhen = 'May'\nwhere = 'HQ'\n", "unknown key 'where'"),
    ("[inspections]\n", "unknown table or key 'inspections'"),
    ("[[inspection]\n", "not valid TOML"),
])
def test_a_mistake_in_the_upcoming_file_is_named(text, message):
    with pytest.raises(InputError) as caught:
        parse(Path("upcoming-inspections.toml"), text)
    assert message in str(caught.value)


def test_a_bad_upcoming_file_is_one_line_and_no_paper(cli, office, tmp_path):
    (office / "upcoming-inspections.toml").write_text("[[inspection]]\ntitle = 'X'\n",
                                                      encoding="utf-8")
    out = tmp_path / "paper.docx"
    result = cli("progress", office, "-o", out, "--meeting-date", MEETING)
    assert result.code == 2 and "upcoming-inspections.toml" in result.err
    assert len(result.err.strip().splitlines()) == 1 and not out.exists()


# ---------------------------------------------------------------- the PDF

def _soffice() -> bool:
    from responder.render.pdf import find_soffice

    return find_soffice() is not None


_SPLIT = re.compile(r"[\s\-–—/\ufffe\u00ad]+")


def _words(text: str) -> set[str]:
    return {w.strip(".,;:()'\"…") for w in _SPLIT.split(text)}


def _fragments(docx: Path, pdf: Path) -> tuple[set[str], set[str]]:
    """(the words in the Word paper's table cells, the PDF's words that are not words of the
    Word paper at all: pieces of a word broken across lines, like "Septembe")."""
    import pypdfium2 as pdfium

    document = Document(str(docx))
    cells: set[str] = set()
    every = _words(" ".join(p.text for p in document.paragraphs)) | {"Page", "of"}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cells |= _words(cell.text)
    every |= cells
    printed: set[str] = set()
    for page in pdfium.PdfDocument(pdf):
        printed |= _words(page.get_textpage().get_text_range())
    broken = {w for w in printed if w.isalpha() and w not in every}
    return cells, broken


@pytest.mark.skipif(not _soffice(), reason="LibreOffice is not installed")
def test_no_word_is_broken_inside_a_table_cell_of_the_pdf(cli, office, tmp_path):
    """No word of the PDF is a piece of one: a column too narrow for "September",
    "Superintendent" or "Recommendation" would split it ("Septembe|r")."""
    pytest.importorskip("pypdfium2")
    from pdf_text import page_texts

    docx = paper(cli, office, tmp_path / "paper.docx")
    pdf = paper(cli, office, tmp_path / "paper.pdf")
    first = page_texts(pdf)[0]  # the paper as PDF, opening as the Word paper does
    assert "HMICFRS update" in first and "1. Purpose" in first
    cells, broken = _fragments(docx, pdf)
    assert {"September", "December", "Superintendent", "OVERDUE", "Recommendation"} <= cells
    assert sorted(broken) == []
    # The same for the bundled examples' paper: three forces, long questions as areas.
    docx = paper(cli, ROOT / "examples", tmp_path / "examples.docx")
    pdf = paper(cli, ROOT / "examples", tmp_path / "examples.pdf")
    assert sorted(_fragments(docx, pdf)[1]) == []


@pytest.mark.skipif(not _soffice(), reason="LibreOffice is not installed")
def test_the_check_for_broken_words_can_fail(cli, office, tmp_path):
    """The same check finds the pieces when a column is too narrow for its words."""
    pytest.importorskip("pypdfium2")
    templates = tmp_path / "templates"
    templates.mkdir()
    text = (ROOT / "templates" / "paper.html.j2").read_text(encoding="utf-8")
    narrow = text.replace('data-widths="18,26,17,8,12,19"', 'data-widths="6,70,6,6,6,6"')
    assert narrow != text
    (templates / "paper.html.j2").write_text(narrow, encoding="utf-8")
    docx = paper(cli, office, tmp_path / "paper.docx", "--templates", str(templates))
    pdf = paper(cli, office, tmp_path / "paper.pdf", "--templates", str(templates))
    _, broken = _fragments(docx, pdf)
    assert broken


def test_a_withheld_comment_stays_out_of_the_summaries_unless_full(cli, office, tmp_path):
    from responder.response import editing
    from responder.response.model import Passage, Withheld

    path = office / "northmoor-peel-2023-25.yaml"
    doc = editing.load(path)
    section = next(s for _, s in doc.response.walk_sections() if s.id == "s1")
    section.force = Passage(text="The panel's chair is named here.",
                            withheld=Withheld(reason="personal_safety"))
    doc.save()
    public = outline(paper(cli, office, tmp_path / "public.docx"))
    assert not any("panel's chair" in line for line in public)
    assert "Normal | The PCC: The PCC welcomes this grade and will keep the external scrutiny " \
           "panel funded." in public
    full = outline(paper(cli, office, tmp_path / "full.docx", "--full"))
    assert "Normal | The force (RESTRICTED): The panel's chair is named here." in full


def test_further_tables_for_the_annex_are_laid_out(office):
    """The paper's model takes tables another part of responder counts (e.g. slippage of
    target dates); the annex lays out whatever is there, in Word and on the web page."""
    import datetime as dt

    from responder.after.paper import render_paper
    from responder.after.paper_content import Table
    from responder.after.progress import build
    from responder.response import reading

    responses = [(p, reading.read(p)) for p in sorted(office.glob("*.yaml"))]
    built = build(responses, dt.date(2025, 2, 6), meeting=dt.date(2025, 2, 6))
    built.tables.append(Table("Target dates moved since the last paper",
                              ["Reference", "From", "To", "Why"],
                              [["Area for improvement 1", "30 September 2024",
                                "31 December 2024", "Recruitment took longer"]],
                              widths=[22, 20, 20, 38], note="Moved once each."))
    html = render_paper(built, "html").data.decode("utf-8")
    assert "<caption>Target dates moved since the last paper</caption>" in html
    assert "<td>Recruitment took longer</td>" in html and "Moved once each." in html
    docx = office / "tables.docx"
    docx.write_bytes(render_paper(built, "docx").data)
    assert ("row | Area for improvement 1 | 30 September 2024 | 31 December 2024 | "
            "Recruitment took longer") in outline(docx)


def test_a_recommendation_naming_no_one_says_so(office):
    import datetime as dt

    from responder.after.paper import render_paper
    from responder.after.progress import build
    from responder.response import reading
    from responder.response.model import NOT_NAMED

    response = reading.read(office / "national-custody-2025.yaml")
    rec = next(f for _, f in response.walk_findings() if f.id == "s1-rec2")
    rec.addressed_to, rec.tracking, rec.action = NOT_NAMED, None, None
    built = build([(office / "x.yaml", response)], dt.date(2025, 2, 6),
                  meeting=dt.date(2025, 2, 6))
    html = " ".join(render_paper(built, "html").data.decode("utf-8").split())
    assert ("<strong>(ii)</strong> Recommendation 2 (the report names no one to act on it): "
            "By 31 October 2025") in html
    assert "for the not named" not in html
    assert "Not on the office's register until someone is named to own it." in html


def test_the_purpose_names_only_the_parts_the_paper_has(cli, office, tmp_path):
    one = outline(paper(cli, office / "national-custody-2025.yaml", tmp_path / "one.docx"))
    purpose = next(line for line in one if line.startswith("Normal | This paper updates"))
    assert "PEEL" not in purpose and "thematic inspections, including those notified" in purpose
    both = outline(paper(cli, office, tmp_path / "both.docx"))
    purpose = next(line for line in both if line.startswith("Normal | This paper updates"))
    assert "the force's PEEL inspection and how its areas for improvement" in purpose


def test_each_recommendation_of_a_cause_of_concern_is_listed_once():
    """A recommendation inside a cause of concern was listed twice, as (i) and (ii): the
    walk over findings already yields it, and walking its cause of concern again did too."""
    import datetime as dt

    from responder.after.paper_content import published_parts
    from responder.response import reading

    source = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"
    response = reading.read(source)
    expected = [f.text for _, f in response.walk_findings() if f.kind == "recommendation"]
    nested = sum(1 for _, f in response.walk_findings() if f.kind == "cause_of_concern"
                 for _ in f.recommendations)
    assert nested >= 2  # the example has causes of concern with recommendations in them
    (part,) = published_parts([(source, response)], None, dt.date(2030, 1, 1))
    assert [rec.text for rec in part.recommendations] == expected
    assert [rec.number for rec in part.recommendations][:3] == ["i", "ii", "iii"]
    inside = {rec.text for _, f in response.walk_findings() if f.kind == "cause_of_concern"
              for rec in f.recommendations}
    assert all("cause of concern" in rec.reference for rec in part.recommendations
               if rec.text in inside)
