"""Every way a finding is written (issue 25): one fixture per pattern, in every form.

The fixtures (tests/fixtures/import/ways, fictional forces, own wording) each carry one
of the shapes real inspectorate text was seen in: a label with its text on one line, a
label naming its topic, recommendations introduced in a sentence, recommendations known
only by their sentence, recommendations straight after a cause of concern, addressees in
every form, grades written in a sentence, page chrome, and an item copied out of a PDF
that goes on after a semicolon. Each is in text and as a web page (written by hand), as
Word and PDF (made from the text with benchmarks/make_docx.py), and as the PDF's text
copied out four ways (tests/pdf_text.py). Each must import exactly: every finding found, none
missed, none spurious, none misplaced, every addressee and grade right. The negatives
(narrative with "should", register log lines, contents pages, a page that was not found)
must give no finding at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_text import FORMS, available, pasted
from test_import_shapes import outline

from responder.errors import InputError
from responder.importing import import_report, read_blocks
from responder.importing.blocks import Block
from responder.importing.chrome import is_chrome
from responder.importing.recognise import recognise
from responder.importing.sentences import (
    passive_addressee,
    recommendation_sentence,
    sentence_grades,
)
from responder.response.model import NOT_NAMED

WAYS = Path(__file__).parent / "fixtures" / "import" / "ways"
PATTERNS = sorted(path.stem.removesuffix(".expected") for path in WAYS.glob("*.expected.json"))
NEGATIVES = sorted(path.name for path in WAYS.glob("neg-*"))
FORMATS = ["txt", "html", "docx", "pdf"]


# ---------------------------------------------------------------- the score of one import


def _findings(result: dict) -> list[tuple[str, str, str, str]]:
    """(section, kind, text with points, addressee and date) for every finding."""
    out = []

    def walk(section: dict) -> None:
        for finding in section["findings"]:
            for item in [finding, *finding.get("recommendations", [])]:
                text = item["text"] + "|" + "|".join(item.get("points", []))
                who = f"{item.get('addressed_to')}|{item.get('by')}"
                out.append((section["title"], item["kind"], text, who))
        for child in section["sections"]:
            walk(child)

    for section in result["sections"]:
        walk(section)
    return out


def _grades(result: dict) -> list[tuple[str, str | None]]:
    out = []

    def walk(section: dict) -> None:
        out.append((section["title"], section["grade"]))
        for child in section["sections"]:
            walk(child)

    for section in result["sections"]:
        walk(section)
    return out


def score(expected: dict, got: dict) -> dict[str, object]:
    """found / missed / spurious / misplaced findings (kind, text, points and section), and
    how many recommendations have the right addressee and date, and sections the right grade."""
    want = [(s, k, t) for s, k, t, _ in _findings(expected)]
    have = [(s, k, t) for s, k, t, _ in _findings(got)]
    found = sum(1 for f in want if f in have)
    by_text = {(k, t) for _, k, t in have}
    misplaced = sum(1 for s, k, t in want if (s, k, t) not in have and (k, t) in by_text)
    wanted_text = {(k, t) for _, k, t in want}
    recs = [(k, t, w) for _, k, t, w in _findings(expected) if k == "recommendation"]
    got_recs = {(k, t, w) for _, k, t, w in _findings(got)}
    graded = _grades(expected)
    got_grades = set(_grades(got))
    return {
        "found": found,
        "missed": len(want) - found - misplaced,
        "spurious": sum(1 for _, k, t in have if (k, t) not in wanted_text),
        "misplaced": misplaced,
        "addressee": f"{sum(1 for r in recs if r in got_recs)}/{len(recs)}",
        "grade": f"{sum(1 for g in graded if g in got_grades)}/{len(graded)}",
        "meta": [k for k in ("title", "published", "kind", "grades", "force")
                 if expected[k] != got[k]],
    }


def expected(name: str) -> dict:
    return json.loads((WAYS / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("name", PATTERNS)
def test_each_way_imports_exactly(name, ext):
    want = expected(name)
    got = outline(import_report(WAYS / f"{name}.{ext}").response)
    result = score(want, got)
    total = len(_findings(want))
    recs = sum(1 for _, k, _, _ in _findings(want) if k == "recommendation")
    assert result == {"found": total, "missed": 0, "spurious": 0, "misplaced": 0,
                      "addressee": f"{recs}/{recs}",
                      "grade": f"{len(_grades(want))}/{len(_grades(want))}", "meta": []}
    assert got == want


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", PATTERNS)
def test_each_way_copied_out_of_its_pdf_imports_exactly(name, form, tmp_path):
    if not available(form):
        pytest.skip(f"the {form} extraction is not installed here")
    copied = tmp_path / f"{name}.{form}.txt"
    copied.write_text(pasted(WAYS / f"{name}.pdf", form), encoding="utf-8", newline="")
    want = expected(name)
    result = score(want, outline(import_report(copied).response))
    assert (result["missed"], result["spurious"], result["misplaced"], result["meta"]) == \
        (0, 0, 0, [])
    recs = sum(1 for _, k, _, _ in _findings(want) if k == "recommendation")
    assert result["addressee"] == f"{recs}/{recs}"


@pytest.mark.parametrize("name", NEGATIVES)
def test_narrative_logs_contents_and_chrome_give_no_finding(name):
    with pytest.raises(InputError, match="no findings found"):
        import_report(WAYS / name)
    _, blocks = read_blocks(WAYS / name)
    response = recognise(blocks).response
    assert [f.text for _, f in response.walk_findings()] == []
    assert [s.grade for _, s in response.walk_sections() if s.grade] == []
    assert "404" not in response.report.title and response.report.title != "HMICFRS"


# ---------------------------------------------------------------- what each pattern means


def _all(name: str) -> list[dict]:
    out = []
    for section in expected(name)["sections"]:
        for finding in section["findings"]:
            out.append({**finding, "section": section["title"]})
    return out


def test_1_a_label_and_its_text_on_one_line_are_the_label_and_the_finding():
    findings = _all("01-label-on-one-line")
    assert [(f["kind"], f["text"][:30]) for f in findings] == [
        ("cause_of_concern", "The size of the vetting backlo"),
        ("cause_of_concern", "Kelmoor Police cannot monitor "),
        ("area_for_improvement", "The force should improve how i"),
        ("area_for_improvement", "The force should make sure tha")]
    # Each recommendation belongs to the cause above it, and does not run into it.
    assert [len(f.get("recommendations", [])) for f in findings] == [1, 1, 0, 0]
    assert not any("Recommendation" in f["text"] or "•" in f["text"] for f in findings)


def test_2_a_heading_naming_the_topic_gives_the_section_and_the_statement_is_the_finding():
    report = expected("02-topic-heading")
    assert [(s["title"], [f["kind"] for f in s["findings"]]) for s in report["sections"]] == [
        ("Responding to the public", ["cause_of_concern"]),
        ("Investigating crime", ["area_for_improvement"]),
        ("Managing offenders and suspects", ["area_for_improvement"])]
    cause = report["sections"][0]["findings"][0]
    assert cause["text"].startswith("The force needs to improve the time it takes")
    assert len(cause["recommendations"]) == 2


def test_2_a_topic_named_first_is_the_section_the_report_heads_later():
    blocks = [
        Block("heading", "PEEL 2023–25: An inspection of Harwick Constabulary", 1),
        Block("heading", "Area for improvement: managing offenders", 3),
        Block("paragraph", "The force should reduce the backlog of visits to registered sex "
                           "offenders."),
        Block("heading", "Cause of concern: The force does not answer calls promptly.", 3),
        Block("heading", "Managing offenders and suspects", 2),
        Block("paragraph", "Good"),
        Block("paragraph", "The force manages offenders well, but its backlog is growing."),
    ]
    response = recognise(blocks).response
    assert [(s.title, s.grade, [f.kind for f in s.findings]) for s in response.sections] == [
        ("Managing offenders and suspects", "Good",
         ["area_for_improvement", "cause_of_concern"])]
    # After a colon, a sentence is the cause's own text, not a topic.
    assert response.sections[0].findings[1].text == "The force does not answer calls promptly."


def test_3_recommendations_introduced_in_a_sentence_and_a_numbered_one_belong_to_the_cause():
    cause, afi = _all("03-recommendations-in-a-sentence")
    assert cause["text"].endswith("This cause of concern has three accompanying "
                                  "recommendations:\n\nWithin three months, Dunmere Police should:")
    assert [(r["text"][:20], r["addressed_to"], r.get("by")) for r in cause["recommendations"]] == [
        ("make sure that every", "force", None), ("agree with its partn", "force", None),
        ("By 31 July 2025, Dun", "force", "2025-07-31")]
    assert afi["kind"] == "area_for_improvement"


def test_4_recommendations_with_no_heading_are_known_by_their_sentence():
    recs = _all("04-sentences-in-a-summary")
    assert [(r["section"], r["addressed_to"], r.get("by")) for r in recs] == [
        ("Recommendations", "chief_constables", "2025-08-31"),
        ("Recommendations", "chief_constables", None),
        ("Recommendations", "chief_constables", "2026-03-31"),
        ("Recommendations", "chief_constables", None)]
    entry = _all("04-sentence-in-a-register-entry")
    assert [(r["kind"], r["text"][:26], r["addressed_to"]) for r in entry] == [
        ("recommendation", "The force should revise it", "force")]


def test_4_a_stated_count_that_does_not_match_is_warned_about(tmp_path):
    text = (WAYS / "04-sentences-in-a-summary.txt").read_text(encoding="utf-8")
    report = tmp_path / "five.txt"
    report.write_text(text.replace("We make four", "We make five"), encoding="utf-8")
    result = import_report(report)
    assert ("the report says it makes 5 recommendations, but 4 were found — check them "
            "against the report") in result.warnings
    assert not any("says it makes" in w for w in import_report(
        WAYS / "04-sentences-in-a-summary.txt").warnings)


def test_5_unlabelled_recommendations_after_a_cause_are_its_recommendations():
    (cause,) = _all("05-unlabelled-after-a-cause")
    assert "\n\n" not in cause["text"]  # the concern is its one paragraph
    assert [(r["text"][:12], r["addressed_to"], r.get("by")) for r in cause["recommendations"]] \
        == [("Immediately,", "chief_constables", None),
            ("By 31 March ", "chief_constables", "2025-03-31")]


def test_6_addressees_in_every_form():
    recs = _all("06-addressees")
    assert [r["addressed_to"] for r in recs] == [
        "chief_constables", "chief_constables", "chief_constables", "force", "force",
        NOT_NAMED, "force", "Home Office"]


def test_6_check_asks_for_a_note_not_an_action_on_a_recommendation_naming_no_one(cli, tmp_path):
    out = tmp_path / "ravensby.yaml"
    assert cli("import", WAYS / "06-addressees.txt", "-o", out).code == 0
    checked = cli("check", out, "--today", "2025-10-20", "--json")
    problems = {p["place"].split(" ")[0]: p for p in json.loads(checked.out)
                if p["code"] == "S55-5B"}
    assert problems["s1-rec6"]["severity"] == "warning"
    assert problems["s1-rec6"]["message"].startswith("the report names no one to act on it: "
                                                     "no action is needed from the force")
    assert problems["s1-rec7"]["severity"] == "error"  # the workforce: the force's to act on


def test_7_grades_written_in_a_sentence_grade_the_areas_they_name():
    report = expected("07-grades-in-sentences")
    assert [(s["title"], s["grade"]) for s in report["sections"]] == [
        ("Responding to the public", "Adequate"), ("Investigating crime", "Good"),
        ("Protecting vulnerable people", "Requires improvement"),
        ("Managing offenders and suspects", "Outstanding")]
    assert report["grades"] == "peel-2021"


def test_8_page_chrome_is_never_the_title_or_a_finding():
    report = expected("08-page-chrome")
    assert report["title"] == "PEEL 2018/19: An inspection of Penmorrow Police"
    assert [f["text"][:30] for f in _all("08-page-chrome")] == [
        "The force should improve how i", "The force should make sure tha"]


def test_9_an_item_going_on_after_a_semicolon_in_a_pdf_copy_is_one_finding():
    findings = _all("09-copied-from-a-pdf")
    assert len(findings) == 2
    assert "proactively; and can fully monitor all of its computer systems" in findings[0]["text"]
    assert import_report(WAYS / "09-copied-from-a-pdf.txt").how.startswith(
        "text copied from a PDF")


# ---------------------------------------------------------------- the parts, one by one


@pytest.mark.parametrize("text", [
    "By 31 August 2015, all chief constables should review how they vet officers.",
    "Within three months, all chief constables should publish their vetting figures.",
    "Not later than 31 March 2015 those forces that have no policy should adopt one.",
    "Immediately, all forces should review their current procedures for custody.",
    "The force should revise its policy on stop and search.",
    "The College of Policing should update its guidance on stalking.",
    "By 31 March 2026, all members of the police workforce should have received training.",
])
def test_a_recommendation_by_its_sentence(text):
    assert recommendation_sentence(text)


@pytest.mark.parametrize("text", [
    "The force has introduced a new vetting policy this year.",
    "Forces should be proud of the progress they have made.",
    "Officers told us that the force should do more to support them.",
    "The force should have acted sooner on the findings of its survey.",
    "We think forces should consider how they support officers.",
    "As the force should know, demand has risen by a fifth since 2020.",
    "Supervisors should be aware of the signs of stress, and most were.",
    "Update: the force should have the revised policy ready by May.",
    "Responsibility for organised crime should be transferred to regional units.",
    "Recommendation register Report: Rape investigation in Fenwold (2024) The force should x.",
])
def test_narrative_with_should_is_not_a_recommendation(text):
    assert not recommendation_sentence(text)


def test_grades_are_read_from_sentences_about_the_force_only():
    assert sentence_grades([
        "Calderford Police is good at investigating crime and adequate at responding to the "
        "public. It requires improvement at protecting vulnerable people.",
        "Neighbourhood teams are good at problem-solving."]) == {
        "investigatingcrime": "Good", "respondingtothepublic": "Adequate",
        "protectingvulnerablepeople": "Requires improvement"}
    assert sentence_grades(["We inspected how good the force is at responding to the public."]) \
        == {}


@pytest.mark.parametrize(("text", "one_force", "who"), [
    ("Responsibility for X should be transferred from individual forces to regional units.",
     True, NOT_NAMED),
    ("All members of the police workforce should have received training.", False,
     "chief_constables"),
    ("All members of the police workforce should have received training.", True, "force"),
    ("make sure that call handlers use the structured risk assessment.", True, None),
])
def test_a_passive_recommendation_gets_whom_it_implies_or_no_one(text, one_force, who):
    assert passive_addressee(text, one_force) == who


@pytest.mark.parametrize("text", [
    "Skip to main content", "Accept additional cookies", "404 Page not found",
    "Home > Publications > PEEL 2018/19", "Share this page", "© Crown copyright", "HMICFRS",
    "We use some essential cookies to make this website work.",
    "04/10/2019, 10:15 PEEL 2018/19: An inspection of Penmorrow Police - HMICFRS",
    "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel/ 1/12",
    "Download PEEL 2018/19: Penmorrow Police (PDF document, 2.1 MB)", "PDF, 2.1 MB",
    "PEEL 2018/19 Penmorrow Police – HMICFRS",
])
def test_page_chrome(text):
    assert is_chrome(text)


@pytest.mark.parametrize("text", [
    "PEEL 2018/19: An inspection of Penmorrow Police", "Areas for improvement",
    "The force should improve how it shares information with its partners.", "Good"])
def test_not_page_chrome(text):
    assert not is_chrome(text)


def test_6_the_interview_and_the_statement_say_the_report_names_no_one(cli, tmp_path,
                                                                       monkeypatch):
    import datetime as dt
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from responder.drafting.interview import run_interview

    out = tmp_path / "ravensby.yaml"
    assert cli("import", WAYS / "06-addressees.txt", "-o", out).code == 0
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text("s\r" * 5 + "q\r")  # past recommendations 1 to 5, then stop
        keyboard.close()
        run_interview(out, role="commissioner", section="s1", today=dt.date(2025, 10, 20),
                      input=keyboard, output=PlainTextOutput(screen))
    text = screen.getvalue()
    sixth = text[text.index("Recommendation 6 — 6 of 8"):]
    assert "Addressed to no one:" in sixth
    assert "the report names no one to act on this recommendation" in sixth
    assert "Section 55(5B): what action is taken or proposed?" not in sixth
    page = tmp_path / "ravensby.html"
    assert cli("render", out, "--shape", "statement", "--format", "html", "-o", page).code == 0
    assert ">Recommendation 6: the report names no one to act on it<" in page.read_text(
        encoding="utf-8")
