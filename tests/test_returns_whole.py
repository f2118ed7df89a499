"""The force's forms ask for everything the interview asks: each section's comments as a
whole, the overall comments, and who completed the form — and bring them back exactly.
They show the letter's references to people, and the Excel form prints on A4 landscape."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from responder.response import reading
from tests.test_returns import LETTER, fill_word, header, make

OVERALL = ("The force accepts the report's findings.\n\n- a plan for each cause of concern\n"
           "- monthly reports to the commissioner")
SECTION = "Serious and organised crime is overseen by the Regional Board.\n\nIt meets monthly."


def fill_rows(form: Path, answers: dict[tuple[str, str], object]) -> Path:
    """Type answers ((id, the row's Reference) -> value) in the Force response column."""
    book = load_workbook(form)
    sheet = book.active
    head, columns = header(sheet)
    rows = {(sheet.cell(r, columns["id"]).value, sheet.cell(r, columns["Reference"]).value): r
            for r in range(head + 1, sheet.max_row + 1)}
    for key, value in answers.items():
        sheet.cell(rows[key], columns["Force response"]).value = value
    book.save(form)
    return form


def assert_whole_answers_taken(source: Path, result) -> None:
    assert result.code == 0, result.err
    assert "5 taken" in result.out and "0 conflicts" in result.out, result.out
    response = reading.read(source)
    assert response.commentary.force.text == OVERALL
    section = next(s for _, s in response.walk_sections() if s.id == "s1.4")
    assert section.force.text == SECTION
    sender = response.process.chief_comments_from
    assert (sender.name, sender.role) == ("Chris Evans", "Head of Strategic Planning")
    assert response.process.chief_comments_received == dt.date(2019, 10, 23)


def test_word_round_trip_of_overall_and_section_comments_and_completed_by(cli, example):
    source = example(LETTER)
    form = fill_word(make(cli, source, ".docx"), {
        "responder:response:overall_force": OVERALL,
        "responder:s1.4:section_force": SECTION,
        "responder:response:completed_name": "Chris Evans",
        "responder:response:completed_role": "Head of Strategic Planning",
        "responder:response:completed_date": "23/10/2019",
    })
    assert_whole_answers_taken(source, cli("returns", "read", source, form))


def test_excel_round_trip_of_overall_and_section_comments_and_completed_by(cli, example):
    source = example(LETTER)
    form = fill_rows(make(cli, source, ".xlsx"), {
        ("response", "Overall comments on the report"): OVERALL,
        ("s1.4", "Comments on this section as a whole"): SECTION,
        ("response", "Completed by: name"): "Chris Evans",
        ("response", "Completed by: role"): "Head of Strategic Planning",
        ("response", "Completed by: date"): dt.datetime(2019, 10, 23),
    })
    assert_whole_answers_taken(source, cli("returns", "read", source, form))


def test_a_return_read_twice_takes_the_comments_once(cli, example):
    source = example(LETTER)
    form = fill_rows(make(cli, source, ".xlsx"), {
        ("s1.4", "Comments on this section as a whole"): SECTION})
    assert "1 taken" in cli("returns", "read", source, form).out
    again = cli("returns", "read", source, form)
    assert again.code == 0 and " 0 taken" in again.out


def test_the_word_form_shows_the_letter_s_references_not_ids(cli, example):
    form = make(cli, example(LETTER), ".docx")
    document = Document(str(form))
    # Hidden runs carry the ids for reading back; what people see is the reference.
    visible = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Recommendation 3 of the cause of concern" in headings
    assert "Area for improvement 1" in headings
    assert "Comments on this section as a whole" in headings
    assert not any("s1.2-coc1" in text for text in headings)
    level_one = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level_one[-2:] == ["Overall comments on the report", "Completed by"]
    assert "The force's comments on the report as a whole." in visible


def test_the_excel_form_shows_references_and_hides_ids(cli, example):
    sheet = load_workbook(make(cli, example(LETTER), ".xlsx")).active
    head, columns = header(sheet)
    id_column = sheet.cell(head, columns["id"]).column_letter
    assert sheet.column_dimensions[id_column].hidden
    references = [sheet.cell(r, columns["Reference"]).value for r in range(head + 1,
                                                                          sheet.max_row + 1)]
    assert "Recommendation 3 of the cause of concern" in references
    assert references[-4:] == ["Overall comments on the report", "Completed by: name",
                               "Completed by: role", "Completed by: date"]


def test_the_excel_form_prints_on_a4_landscape_fitted_to_width(cli, example):
    from responder.returns.excel import FONT_SIZE

    sheet = load_workbook(make(cli, example(LETTER), ".xlsx")).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    head, _ = header(sheet)
    assert sheet.print_title_rows == f"${head}:${head}"
    # Fitting shrinks the text: the printed size must stay readable (at least 8.5 point).
    # A column of width w characters is 7w + 5 pixels at 96 per inch.
    printed = [d for d in sheet.column_dimensions.values() if not d.hidden and d.width]
    inches = sum(7 * d.width + 5 for d in printed) / 96
    margins = sheet.page_margins.left + sheet.page_margins.right
    scale = min(1.0, (297 / 25.4 - margins) / inches)
    assert FONT_SIZE * scale >= 8.5, f"prints at {FONT_SIZE * scale:.1f} point"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_excel_form_as_printed_is_a4_landscape_with_every_column(cli, example, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    form = make(cli, example(LETTER), ".xlsx")
    profile = tmp_path / "lo-profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(form)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    document = pdfium.PdfDocument(tmp_path / "form.pdf")
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = document[0].get_textpage().get_text_range()
    for title in ("Reference", "Force response", "Action explanation", "Target date"):
        assert title in text
    second = document[1].get_textpage().get_text_range()
    assert "Force response" in second  # the header row repeats on every page
    # A date too wide for its column prints as ###.
    assert not any("###" in page.get_textpage().get_text_range() for page in document)
