"""Issue 24, items 1-3: a late response can be published and says so; the letter bears the date
it was signed; every render that is not --final is marked DRAFT; the inspectorate's name
follows the report's date. Driven through the command line, as an office would."""

from __future__ import annotations

import datetime as dt
import html
import shutil

import pytest
from docx import Document

from conftest import ROOT
from responder.render import letter
from responder.response import editing, reading

NORTHMOOR = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"  # published 27 Sep 2019
LAST_DAY = "21 November 2019"


def worked(tmp_path, *, published=None, signed_off=None, late_reason=None, date=None):
    """Northmoor's response with its letter body left to the draft and the dates given."""
    doc = editing.load(NORTHMOOR)
    response = doc.response
    response.letter.body = None
    response.letter.date = date
    process = response.process
    process.signed_off = signed_off
    process.response_published = published
    process.copies_sent.inspectorate = process.copies_sent.home_secretary = published
    process.late_reason = late_reason
    doc.path = tmp_path / "northmoor.yaml"
    doc.save(check_conflict=False)
    return doc.path


def paragraphs(path):
    document = Document(str(path))
    return [p.text for p in document.paragraphs if p.text.strip()]


def header_text(path):
    document = Document(str(path))
    return " ".join(p.text for section in document.sections for p in section.header.paragraphs)


def statutory(path):
    return next(p for p in paragraphs(path) if p.startswith("Section 55 of the Police Act"))


# ---------------------------------------------------------------- 1. the real timeline


def test_on_time_the_letter_says_so(tmp_path, cli):
    path = worked(tmp_path, published=dt.date(2019, 11, 18), signed_off=dt.date(2019, 11, 14))
    assert cli("render", path, "--final", "--today", "2019-11-18").code == 0
    text = statutory(path.with_suffix(".docx"))
    assert f"requires me to publish my comments on the report, with the Chief Constable's, within " \
           f"56 days of its publication, that is by {LAST_DAY}. I am publishing this letter and " \
           "its appendix on my website (www.northmoor-pcc.gov.uk) on 18 November 2019." in text
    assert "regret" not in text


def test_on_the_last_day_the_letter_says_so(tmp_path, cli):
    path = worked(tmp_path, published=dt.date(2019, 11, 21), signed_off=dt.date(2019, 11, 20))
    assert cli("render", path, "--final", "--today", "2019-11-21").code == 0
    text = statutory(path.with_suffix(".docx"))
    assert f"on {LAST_DAY}, the last day of that period." in text and "regret" not in text


def test_a_late_response_is_rendered_final_and_states_the_lateness_and_reason(tmp_path, cli):
    reason = "The force's comments arrived three weeks after the date we set."
    path = worked(tmp_path, published=dt.date(2019, 12, 10), signed_off=dt.date(2019, 12, 9),
                  late_reason=reason)
    check = cli("check", path, "--today", "2019-12-11")
    assert check.code == 0, check.out  # published late: a warning, not an error to fix
    assert "S55-5A warning: published on 10 December 2019, 19 days after the last day" in check.out
    result = cli("render", path, "--final", "--today", "2019-12-11")
    assert result.code == 0, result.err
    text = statutory(path.with_suffix(".docx"))
    assert f"required me to publish my comments on the report, with the Chief Constable's, within " \
           f"56 days of its publication, that is by {LAST_DAY}. I regret that this response is " \
           f"published after that date. {reason} This letter and its appendix are published on " \
           "my website (www.northmoor-pcc.gov.uk) on 10 December 2019." in text
    assert "9 December 2019" in paragraphs(path.with_suffix(".docx"))  # the signed-off date


def test_a_late_response_not_yet_published_is_still_rendered_final(tmp_path, cli):
    path = worked(tmp_path, signed_off=dt.date(2019, 12, 9))
    check = cli("check", path, "--today", "2019-12-10")
    assert check.code == 1 and "S55-5A error: not published, and the last day" in check.out
    result = cli("render", path, "--final", "--today", "2019-12-10")
    assert result.code == 0, result.err
    text = statutory(path.with_suffix(".docx"))
    assert "I regret that this response is published after that date." in text
    assert "by that date" not in text


def test_no_draft_promises_a_date_that_has_passed(tmp_path):
    """Signed off in time, rendered after the last day, not published: no "by that date"."""
    path = worked(tmp_path, signed_off=dt.date(2019, 11, 14))
    response = reading.read(path)
    before = letter.section_55(response, dt.date(2019, 11, 15))
    assert "I will publish this letter and its appendix on my website" in before
    assert "by that date" in before
    after = letter.section_55(response, dt.date(2019, 11, 25))
    assert "by that date" not in after and "I regret" in after


def test_record_sets_the_late_reason(tmp_path, cli):
    path = worked(tmp_path, signed_off=dt.date(2019, 12, 9))
    result = cli("record", path, "published", "10", "December", "2019", "--late-reason",
                 "The chief officer's reply came late.", "--today", "2019-12-10")
    assert result.code == 0, result.err
    process = reading.read(path).process
    assert process.response_published == dt.date(2019, 12, 10)
    assert process.late_reason == "The chief officer's reply came late."
    assert "late_reason: The chief officer's reply came late." in path.read_text()


# ---------------------------------------------------------------- 1. the draft mark


def test_a_draft_is_marked_in_every_format_and_the_final_is_not(tmp_path, cli):
    path = worked(tmp_path, published=dt.date(2019, 11, 18), signed_off=dt.date(2019, 11, 14))
    docx, html = tmp_path / "d.docx", tmp_path / "d.html"
    assert cli("render", path, "-o", docx, "--today", "2019-11-18").code == 0
    assert cli("render", path, "-o", html, "--today", "2019-11-18").code == 0
    assert "DRAFT – not the version to publish" in header_text(docx)
    props = Document(str(docx)).core_properties
    assert props.title.startswith("DRAFT: Letter to the Home Secretary")
    page = html.read_text(encoding="utf-8")
    assert "<title>DRAFT: Letter to the Home Secretary" in page
    assert '<p class="draft">DRAFT – not the version to publish</p>' in page

    final_docx, final_html = tmp_path / "f.docx", tmp_path / "f.html"
    assert cli("render", path, "-o", final_docx, "--final", "--today", "2019-11-18").code == 0
    assert cli("render", path, "-o", final_html, "--final", "--today", "2019-11-18").code == 0
    assert "DRAFT" not in header_text(final_docx)
    assert not Document(str(final_docx)).core_properties.title.startswith("DRAFT")
    assert "DRAFT" not in final_html.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_a_draft_pdf_carries_the_mark_in_its_title_and_on_its_pages(tmp_path, cli):
    from pdf_text import page_texts
    from pypdf import PdfReader

    path = worked(tmp_path, published=dt.date(2019, 11, 18), signed_off=dt.date(2019, 11, 14))
    pdf = tmp_path / "d.pdf"
    assert cli("render", path, "-o", pdf, "--today", "2019-11-18").code == 0
    reader = PdfReader(str(pdf))
    assert str(reader.metadata.title).startswith("DRAFT: Letter to the Home Secretary")
    for text in page_texts(pdf):
        assert "DRAFT – not the version to publish" in text
    final = tmp_path / "f.pdf"
    assert cli("render", path, "-o", final, "--final", "--today", "2019-11-18").code == 0
    reader = PdfReader(str(final))
    assert not str(reader.metadata.title).startswith("DRAFT")
    assert not any("DRAFT" in text for text in page_texts(final))


# ---------------------------------------------------------------- 2. the letter's date


def test_the_letter_bears_the_signed_off_date_not_today(tmp_path, cli):
    path = worked(tmp_path, published=dt.date(2019, 11, 18), signed_off=dt.date(2019, 11, 14))
    assert cli("render", path, "--today", "2026-12-04").code == 0
    lines = paragraphs(path.with_suffix(".docx"))
    assert "14 November 2019" in lines and "4 December 2026" not in lines


def test_letter_date_wins_and_render_date_wins_for_one_render(tmp_path, cli):
    path = worked(tmp_path, signed_off=dt.date(2019, 11, 14), date=dt.date(2019, 11, 15))
    assert cli("render", path, "--today", "2019-11-20").code == 0
    assert "15 November 2019" in paragraphs(path.with_suffix(".docx"))
    assert cli("render", path, "--date", "16/11/2019", "--today", "2019-11-20").code == 0
    assert "16 November 2019" in paragraphs(path.with_suffix(".docx"))
    assert reading.read(path).letter.date == dt.date(2019, 11, 15)  # the file is not changed


def test_a_draft_without_any_date_takes_today_and_a_final_asks_for_one(tmp_path, cli):
    path = worked(tmp_path)
    assert cli("render", path, "--today", "2019-11-10").code == 0
    assert "10 November 2019" in paragraphs(path.with_suffix(".docx"))
    path.with_suffix(".docx").unlink()
    result = cli("render", path, "--final", "--today", "2019-11-10")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "gives no date to print on it" in result.err and "--date DATE" in result.err
    assert "signed-off DATE" in result.err
    assert not path.with_suffix(".docx").exists()


def test_the_statement_bears_the_same_date(tmp_path, cli, example):
    path = example("statement-wessex")
    doc = editing.load(path)
    doc.response.process.signed_off = dt.date(2018, 1, 25)
    doc.save()
    assert cli("render", path, "--today", "2026-12-04").code == 0
    assert "25 January 2018" in paragraphs(path.with_suffix(".docx"))


# ---------------------------------------------------------------- 3. the inspectorate's name


@pytest.mark.parametrize(("published", "majesty"), [
    (dt.date(2022, 9, 7), "Her Majesty's"), (dt.date(2022, 9, 8), "His Majesty's")])
def test_the_inspectorate_s_name_follows_the_report_s_date(tmp_path, cli, published, majesty):
    doc = editing.load(NORTHMOOR)
    response = doc.response
    response.letter.body = None
    response.letter.date = None
    response.report.published = published
    response.letter.cc = ["His Majesty's Chief Inspector of Constabulary",
                          "The Chief Executive, Northmoor Council"]
    process = response.process
    for key in ("chief_invited", "chief_comments_due", "chief_comments_received",
                "draft_ready", "signed_off", "response_published"):
        setattr(process, key, None)
    process.copies_sent.inspectorate = process.copies_sent.home_secretary = None
    doc.path = tmp_path / "n.yaml"
    doc.save(check_conflict=False)
    assert cli("render", doc.path, "--today", "2026-12-04").code == 0
    text = "\n".join(paragraphs(doc.path.with_suffix(".docx")))
    wrong = "His Majesty's" if majesty == "Her Majesty's" else "Her Majesty's"
    assert f"{majesty} Inspectorate of Constabulary" in text or "inspectorate's PEEL report" in text
    assert f"I am sending a copy to {majesty} Chief Inspector of Constabulary and The Chief " \
           "Executive, Northmoor Council" in text
    assert f"cc: {majesty} Chief Inspector of Constabulary; The Chief Executive, Northmoor " \
           "Council" in text
    assert wrong not in text


def test_an_office_s_own_cc_text_stands(tmp_path):
    response = reading.read(NORTHMOOR)
    response.letter.cc = ["HM Chief Inspector of Constabulary (by email)"]
    assert letter.cc_lines(response, dt.date(2026, 1, 1)) == [
        "HM Chief Inspector of Constabulary (by email)"]


@pytest.mark.parametrize(("published", "reason", "expected"), [
    (dt.date(2019, 11, 20), None, None),
    (dt.date(2019, 12, 10), "The force's comments came late",
     "This response was published on 10 December 2019, after that date. "
     "The force's comments came late."),
])
def test_the_statement_states_lateness_as_the_letter_does(cli, tmp_path, published, reason,
                                                          expected):
    path = worked(tmp_path, published=published, signed_off=dt.date(2019, 11, 19),
                  late_reason=reason)
    out = tmp_path / "statement.html"
    result = cli("render", path, "--shape", "statement", "--final", "-o", out)
    assert result.code == 0, result.err
    text = " ".join(html.unescape(out.read_text(encoding="utf-8")).split())
    assert f"must be published by {LAST_DAY}." in text
    if expected is None:
        assert "after that date" not in text
    else:
        assert f"must be published by {LAST_DAY}. {expected} The report makes" in text
