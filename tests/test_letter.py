"""The covering letter writes itself: a drafted text when `letter.body` is empty, never over the
office's own words. Golden text for each example; regenerate with RESPONDER_UPDATE_GOLDEN=1."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, example_files
from responder.render import letter
from responder.response import editing, reading
from responder.response.model import Addressee, Letter

GOLDEN = ROOT / "tests" / "golden"
TODAY = "2024-03-01"


def undrafted(source: Path, target: Path) -> Path:
    """The example as a letter with nothing written in it: no body, opening or closing."""
    doc = editing.load(source)
    response = doc.response
    if response.letter is None:
        response.letter = Letter(to=Addressee(name="Home Secretary", role="Home Secretary",
                                              address=["Home Office", "2 Marsham Street",
                                                       "London", "SW1P 4DF"]))
    response.letter.body = response.letter.opening = response.letter.closing = None
    doc.path = target
    doc.save(check_conflict=False)
    return target


def letter_text(path: Path) -> list[str]:
    """The letter's paragraphs, from the salutation to the sign-off, as Word shows them."""
    paragraphs = [p.text for p in Document(str(path)).paragraphs if p.text.strip()]
    start = next(i for i, text in enumerate(paragraphs) if text.startswith("Dear "))
    end = paragraphs.index("Yours sincerely")
    return paragraphs[start: end + 1]


@pytest.mark.parametrize("source", example_files(), ids=lambda p: p.stem)
def test_a_drafted_letter_for_each_example(source, tmp_path, cli):
    path = undrafted(source, tmp_path / source.name)
    result = cli("render", path, "--shape", "letter", "--today", TODAY)
    assert result.code == 0, result.err
    lines = letter_text(path.with_suffix(".docx"))
    golden = GOLDEN / f"letter-draft-{source.stem}.txt"
    if os.environ.get("RESPONDER_UPDATE_GOLDEN"):
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()


def test_the_draft_says_what_the_issue_asks(tmp_path):
    response = reading.read(undrafted(ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml",
                                    tmp_path / "n.yaml"))
    text = letter.draft(response, dt.date(2019, 11, 18))
    assert "published by Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services " \
           "(HMICFRS) on 27 September 2019" in text
    assert "judged Northmoor Police to require improvement overall" in text
    assert "as good for legitimacy, and as requiring improvement for effectiveness and efficiency" \
        in text
    assert "two causes of concern, seven recommendations and 13 areas for improvement" in text
    assert "The appendix to this letter answers each of them in turn, with the Chief Constable's " \
           "comments" in text
    assert "Section 55 of the Police Act 1996" in text and "that is by 21 November 2019" in text
    assert "I am sending a copy to Her Majesty's Chief Inspector of Constabulary" in text
    assert text.endswith("any further information you need.")


def test_the_office_s_own_body_renders_exactly_as_written(tmp_path, cli, example):
    path = example("letter-northmoor")
    doc = editing.load(path)
    doc.response.letter.opening = None
    doc.response.letter.closing = None
    doc.response.letter.body = "We accept the report.\n\nThe appendix has the details."
    doc.save()
    assert cli("render", path, "--today", TODAY).code == 0
    lines = letter_text(path.with_suffix(".docx"))
    assert lines[2:] == ["We accept the report.", "The appendix has the details.",
                         "Yours sincerely"]  # after the salutation and the subject: nothing added


def test_an_office_s_opening_and_closing_stand_around_the_draft(tmp_path, cli, example):
    path = example("letter-northmoor")
    doc = editing.load(path)
    doc.response.letter.body = None
    doc.save()
    assert cli("render", path, "--today", TODAY).code == 0
    lines = letter_text(path.with_suffix(".docx"))
    assert lines[2].startswith("I am writing in response to the inspectorate's PEEL report on "
                               "Northmoor Police")  # the office's opening, not the draft's
    assert lines[3].startswith("The inspectorate judged Northmoor Police")
    assert lines[-2].startswith("I will continue to hold the Chief Constable to account for "
                                "delivering these improvements")  # the office's closing
    assert sum("I am writing in response" in line for line in lines) == 1


def test_titles_with_markdown_characters_stay_as_typed(tmp_path):
    response = reading.read(ROOT / "examples" / "small-thornbury-child-protection-2024.yaml")
    response.report.title = "Child_protection *inspection* [2024]"
    text = letter.draft(response, dt.date(2024, 3, 1))
    from responder.render.markdown import to_html

    html = to_html(text)
    assert "Child_protection *inspection* [2024]" in html


def test_grades_of_areas_inside_ungraded_pillars_and_no_grades():
    response = reading.read(ROOT / "tests" / "interview_data.yaml")
    assert letter.grades_sentence(response) == (
        "The inspectorate graded Fenmarsh Constabulary as good for leadership and culture, as "
        "adequate for protecting vulnerable people, and as requiring improvement for ‘How good "
        "is the force at investigating crime and keeping victims informed?’.")
    response.report.grades = "none"
    assert letter.grades_sentence(response) == ""


def test_the_last_paragraph_signature_and_cc_stay_on_one_page(tmp_path, cli):
    path = undrafted(ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml", tmp_path / "n.yaml")
    assert cli("render", path, "--today", TODAY).code == 0
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [p for p in Document(str(path.with_suffix(".docx"))).paragraphs if p.text.strip()]

    def kept(start: str) -> bool:
        para = next(p for p in paragraphs if p.text.startswith(start))
        return para._p.find(f"{w}pPr/{w}keepNext") is not None

    assert kept("I will continue to hold the Chief Constable")  # the letter's last paragraph
    assert kept("Yours sincerely") and kept("Gareth Linley")  # … with the signature and the cc
    assert not kept("Section 55 of the Police Act 1996")
