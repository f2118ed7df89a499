"""Text copied out of a PDF imports exactly as the PDF itself does.

The pasted forms are made at test time from the fixtures' PDFs (and the real sample's)
the ways people get them: PDFium's plain text (what Chrome and Edge copy), poppler's
pdftotext with and without -layout (Evince, Okular), pdfminer.six (see pdf_text.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_text import FORMS, available, pasted
from test_import_shapes import outline

from responder.importing import import_report, read_source
from responder.importing.pasted import copied_from_pdf, normalise

FIXTURES = Path(__file__).parent / "fixtures" / "import"
PDFS = sorted(path.stem for path in FIXTURES.glob("*.pdf"))
SAMPLE = "report-west-midlands-peel-2016-legitimacy"


def _pasted_file(pdf: Path, form: str, tmp_path: Path) -> Path:
    if not available(form):
        pytest.skip(f"the {form} extraction is not installed here")
    target = tmp_path / f"{pdf.stem}.{form}.txt"
    target.write_text(pasted(pdf, form), encoding="utf-8", newline="")
    return target


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", PDFS)
def test_each_fixture_pasted_out_of_its_pdf_imports_as_the_pdf_does(name, form, tmp_path):
    pdf = FIXTURES / f"{name}.pdf"
    result = import_report(_pasted_file(pdf, form, tmp_path))
    assert outline(result.response) == outline(import_report(pdf).response)
    assert result.how.startswith("text copied from a PDF")


@pytest.mark.parametrize("form", FORMS)
def test_the_real_report_pasted_out_of_its_pdf_imports_as_the_pdf_does(samples, form, tmp_path):
    pdf = samples / f"{SAMPLE}.pdf"
    result = import_report(_pasted_file(pdf, form, tmp_path))
    response = result.response
    assert outline(response) == outline(import_report(pdf).response)
    # What went wrong before: the running header as the title, no date, no question grades.
    assert response.report.title == "West Midlands PEEL 2016: Legitimacy"
    assert response.report.published.isoformat() == "2016-12-08"
    assert [s.grade for s in response.sections] == ["Good", "Good", "Requires improvement"]
    assert [f.text for _, f in response.walk_findings()] == [
        "The force should review the capacity and capability of its counter-corruption unit "
        "(CCU) to ensure the CCU can manage its work effectively.",
        "The force should improve how it manages individual performance."]


def test_text_typed_or_saved_as_text_is_not_taken_for_a_pdf_copy(samples):
    for path in [*FIXTURES.glob("*.txt"), samples / f"{SAMPLE}.txt"]:
        assert not copied_from_pdf(path.read_text(encoding="utf-8")), path.name


def test_the_summary_says_how_the_text_was_read(cli, tmp_path):
    source = _pasted_file(FIXTURES / "peel-2023-25-ashdown.pdf", "pdfium", tmp_path)
    result = cli("import", source, "-o", tmp_path / "r.yaml")
    assert result.code == 0
    assert "(text copied from a PDF; dropped 3 running header or footer lines and 3 page " \
           "numbers)" in result.out


# ---------------------------------------------------------------- the normaliser, line by line

PAGES = """Northmoor PEEL 2025 – HMICFRS
Investigating crime
Requires improvement
The force does not supervise its investigations well enough. In 30 of the
80 cases we reviewed there was no plan, and victims were not kept
informed; workloads were high.
Areas for improvement
• The force should improve the supervision of its investigations so
that each has a plan.
The force told us that it has begun to train its sergeants. We will look
1
Northmoor PEEL 2025 – HMICFRS
at its progress at our next inspection. Sergeants told us their work-
loads are high and that they had not been trained in the counter-
corruption policy or counter-corruption procedures.
How well does the force protect vulnerable people from harm and
reduce the risks they face?
Good
2
Northmoor PEEL 2025 – HMICFRS
"""


def test_running_headers_and_page_numbers_go_and_paragraphs_join_across_pages():
    result = normalise(PAGES)
    assert (result.running, result.page_numbers) == (3, 2)
    assert result.lines == [
        "Investigating crime",
        "Requires improvement",
        "The force does not supervise its investigations well enough. In 30 of the 80 cases "
        "we reviewed there was no plan, and victims were not kept informed; workloads were high.",
        "Areas for improvement",
        "• The force should improve the supervision of its investigations so that each has a "
        "plan.",
        "The force told us that it has begun to train its sergeants. We will look at its "
        "progress at our next inspection. Sergeants told us their workloads are high and that "
        "they had not been trained in the counter-corruption policy or counter-corruption "
        "procedures.",
        "How well does the force protect vulnerable people from harm and reduce the risks "
        "they face?",
        "Good",
    ]


def test_a_bullet_ends_where_the_narrative_starts_and_doubt_is_said():
    text = ("Areas for improvement\n"
            "• The force should make sure that its supervisors review every investigation\n"
            "within seven days of it being allocated to an investigator in the team.\n"
            "The force has started a review of its investigation standards, and this is\n"
            "expected to report in the spring, when we will look at it again ourselves.\n")
    result = normalise(text)
    assert result.lines[1] == ("• The force should make sure that its supervisors review "
                               "every investigation within seven days of it being allocated "
                               "to an investigator in the team.")
    assert result.lines[2].startswith("The force has started a review")
    assert result.notes == ["a bullet may run on after “within seven days of it being "
                            "allocated to an investigator…” — check the finding against "
                            "the report"]


def test_glyphs_listed_before_their_items_are_matched_to_them():
    # poppler's reading order: a list's bullet glyphs first, then the items' text.
    text = ("Within six months, the force should:\n\uf0b7\n\uf0b7\n"
            "make sure that call handlers use the structured risk assessment for every\n"
            "call where a vulnerable person may be at risk; and\n"
            "review the supervision of risk assessments.\n"
            "We will revisit the force to check its progress against these recommendations.\n")
    lines = normalise(text).lines
    assert lines[1:3] == [
        "• make sure that call handlers use the structured risk assessment for every call "
        "where a vulnerable person may be at risk; and",
        "• review the supervision of risk assessments."]


def test_a_pdfium_line_end_hyphen_keeps_a_real_compound_and_mends_a_split_word(tmp_path):
    text = ("The force has an anti\ufffecorruption unit and a counter\ufffe"
            "corruption plan; its investi\ufffegation of\nbribery is good. "
            "The investigation team and the anti-corruption unit work well together.\n") * 3
    lines = normalise(text).lines
    assert "anti-corruption unit" in lines[0] and "counter-corruption plan" in lines[0]
    assert "investigation of bribery" in lines[0]


def test_a_source_of_text_copied_from_a_pdf_says_so():
    source = read_source(FIXTURES / "peel-2021-22-wessex.txt")
    assert source.how == ""


def test_a_short_extract_pasted_from_a_pdf_keeps_its_finding_and_says_what_is_unclear(
        cli, tmp_path):
    source = tmp_path / "extract.txt"
    source.write_text(
        "Areas for improvement\n"
        "• The force should make sure that its supervisors review every investigation\n"
        "within seven days of it being allocated to an investigator in the team.\n"
        "The force has started a review of its investigation standards, and this is\n"
        "expected to report in the spring, when we will look at it again ourselves.\n"
        "7\nNorthmoor PEEL 2025 – HMICFRS\n"
        "It told us that the review will look at the supervision of investigations,\n"
        "and at the workloads of the sergeants who carry out that supervision.\n"
        "8\nNorthmoor PEEL 2025 – HMICFRS\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "r.yaml")
    assert result.code == 0, result.err
    assert "1 area for improvement" in result.out
    assert "warning: a bullet may run on after “within seven days of it being allocated to an " \
           "investigator…” — check the finding against the report" in result.err
