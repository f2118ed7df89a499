"""Recommendations addressed to national bodies: noted, not acted on (section 55(5B)).

A national thematic report addresses its recommendations to chief constables, police and
crime commissioners, the College of Policing, the Home Office, the NPCC, the CPS … The
local response acts on the first two kinds and notes the others with who owns them.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from responder.compliance.check import check, tally
from responder.drafting import agenda
from responder.drafting.interview import run_interview
from responder.response import editing, reading

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def thematic(cli, tmp_path) -> Path:
    """The national thematic imported for Wessex: recommendations 1 (chief constables) and 5
    (police and crime commissioners) are local; 2, 3, 4 and 6 are for national bodies."""
    target = tmp_path / "custody.yaml"
    result = cli("import", FIXTURES / "thematic-2025-custody.pdf", "-o", target,
                 "--force", "Wessex Police")
    assert result.code == 0, result.err
    return target


def problems(path: Path, code: str = "S55-5B") -> dict[str, str]:
    found = check(reading.read(path), TODAY)
    return {p.place.split()[0]: p.severity for p in found if p.code == code}


def test_import_fills_whom_each_recommendation_is_for(thematic):
    recs = [f for _, f in reading.read(thematic).walk_findings() if f.kind == "recommendation"]
    assert [(r.addressed_to, r.by) for r in recs] == [
        ("chief_constables", dt.date(2026, 3, 31)),
        ("College of Policing", dt.date(2026, 3, 31)),
        ("Home Office", None),
        ("National Police Chiefs' Council", dt.date(2026, 9, 30)),
        ("local_policing_bodies", None),
        ("Crown Prosecution Service", None),
    ]


def test_check_demands_an_action_only_where_one_is_needed(thematic):
    assert problems(thematic) == {
        "s1-rec1": "error", "s1-rec2": "warning", "s1-rec3": "warning", "s1-rec4": "warning",
        "s1-rec5": "error", "s1-rec6": "warning"}
    found = check(reading.read(thematic), TODAY)
    warning = next(p for p in found if p.place.startswith("s1-rec2") and p.code == "S55-5B")
    assert warning.message.startswith("for the College of Policing: no action is needed")
    # No second warning that nobody commented: the note is what is asked for.
    assert "s1-rec2" not in problems(thematic, "DRAFT-EMPTY")
    assert "s1-rec1" in problems(thematic, "DRAFT-EMPTY")


def test_a_note_or_a_comment_answers_a_national_recommendation(thematic):
    document = editing.load(thematic)
    findings = {f.id: f for _, f in document.response.walk_findings()}
    findings["s1-rec2"].note = "The College owns this; we will adopt its guidance."
    findings["s1-rec3"].commissioner = "The Home Office owns this; we will press for it."
    document.save()
    assert {k: v for k, v in problems(thematic).items() if v == "warning"} == {
        "s1-rec4": "warning", "s1-rec6": "warning"}
    assert tally(reading.read(thematic)).recommendations == 2  # actions owed: rec1 and rec5


def test_the_statement_groups_national_recommendations_after_the_forces_own(cli, thematic,
                                                                              tmp_path):
    page = tmp_path / "custody.html"
    result = cli("render", thematic, "--shape", "statement", "--format", "html", "-o", page,
                 "--today", "2025-06-01")
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    order = [html.index(text) for text in (
        ">Recommendation 1<", ">Recommendation 5<", "Recommendations for national bodies</h",
        ">Recommendation 2: for the College of Policing<", ">Recommendation 3: for the Home Office<",
        ">Recommendation 4: for the National Police Chiefs",
        ">Recommendation 6: for the Crown Prosecution Service<")]
    assert order == sorted(order)
    assert "Recommendations for the force or the Commissioner to act on</th><td>2<" in html
    assert "Recommendations for national bodies</th><td>4<" in html
    assert "For the two addressed to the force or its local policing" in html


def test_a_recommendation_naming_no_one_is_not_counted_as_a_national_bodys(cli, thematic,
                                                                           tmp_path):
    """'… should be reviewed' names no one to act: it was counted, headed and introduced as
    a national body's recommendation."""
    from responder.render.letter import findings_paragraph
    from responder.response.model import NOT_NAMED

    doc = editing.load(thematic)
    rec = next(f for _, f in doc.response.walk_findings() if f.id == "s1-rec3")
    rec.addressed_to = NOT_NAMED  # the Home Office's, until the report is read that way
    doc.save()
    page = tmp_path / "custody.html"
    assert cli("render", thematic, "--shape", "statement", "--format", "html", "-o", page,
               "--today", "2025-06-01").code == 0
    html = " ".join(page.read_text(encoding="utf-8").split())
    assert "Recommendations for national bodies</th><td>3<" in html
    assert "Recommendations that name no one to act on them</th><td>1<" in html
    assert "The three addressed to national bodies are noted, with who owns each." in html
    assert "The one that names no one to act on it is noted." in html
    order = [html.index(text) for text in (
        "Recommendations for national bodies</h", ">Recommendation 2: for the College of Policing<",
        "Recommendations that name no one to act on them</h",
        ">Recommendation 3: the report names no one to act on it<")]
    assert order == sorted(order)
    assert ">Recommendation 3: for" not in html
    text = findings_paragraph(reading.read(thematic))
    assert "Three of the recommendations are addressed to national bodies" in text
    assert "One of the recommendations names no one to act on it; the appendix notes it." in text


def test_a_force_report_without_addressees_renders_as_before(cli, example, tmp_path):
    page = tmp_path / "out.html"
    assert cli("render", example("statement-wessex"), "--shape", "statement", "--format", "html",
               "-o", page).code == 0
    assert "national bodies" not in page.read_text(encoding="utf-8")


def test_the_agenda_counts_and_asks_for_actions_only_where_needed(thematic):
    response = reading.read(thematic)
    items = [i for i in agenda.items_for(response) if i.kind == "finding"]
    needs = {i.key: agenda.takes_action(i, response) for i in items}
    assert needs == {"s1-rec1": True, "s1-rec2": False, "s1-rec3": False, "s1-rec4": False,
                     "s1-rec5": True, "s1-rec6": False, "s2-afi1": False}
    counts = agenda.counts(response, agenda.items_for(response), "commissioner")
    assert counts.actions == 2


def test_the_interview_asks_no_action_for_a_national_body(thematic, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)
    keys = "s\r"  # recommendation 1: skip its action (and so the item)
    keys += "w\rThe College owns this; we will adopt its guidance.\x1b\r"  # recommendation 2
    keys += "q\r"
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        run_interview(thematic, role="commissioner", section="s1", today=TODAY, input=keyboard,
                      output=PlainTextOutput(screen))
    text = screen.getvalue()
    second = text[text.index("Recommendation 2 — 2 of 6"):]
    assert "For the College of Policing:" in second
    assert "Section 55(5B): what action is taken or proposed?" not in second
    assert "0 of 2 recommendation actions" in text
    finding = agenda.find_finding(reading.read(thematic), "s1-rec2")
    assert finding.commissioner is not None
    assert finding.commissioner.text == "The College owns this; we will adopt its guidance."
    assert finding.action is None
    assert problems(thematic).get("s1-rec2") is None


def test_the_file_carries_the_keys_docs_format_md_documents(thematic):
    text = thematic.read_text(encoding="utf-8")
    assert "addressed_to: College of Policing" in text and "by: 2026-03-31" in text


def test_merging_a_reissue_fills_whom_a_recommendation_is_for_but_keeps_a_hand_edit(cli,
                                                                                    thematic):
    document = editing.load(thematic)
    findings = {f.id: f for _, f in document.response.walk_findings()}
    for finding in findings.values():
        if finding.kind == "recommendation":
            finding.addressed_to, finding.by = None, None  # as imported before addressees
    findings["s1-rec3"].addressed_to = "Department for Education"  # corrected by hand
    document.save()
    result = cli("import", FIXTURES / "thematic-2025-custody.txt", "--merge", thematic)
    assert result.code == 0, result.err
    assert "s1-rec2: addressed to College of Policing" in result.out
    assert "s1-rec2: by 31 March 2026" in result.out
    merged = {f.id: f for _, f in reading.read(thematic).walk_findings()}
    assert merged["s1-rec2"].addressed_to == "College of Policing"
    assert merged["s1-rec3"].addressed_to == "Department for Education"
