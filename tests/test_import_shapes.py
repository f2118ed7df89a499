"""Today's report shapes, whom recommendations are addressed to, and what is not a report.

The fixtures (tests/fixtures/import, fictional forces, own wording on the public reports'
structure) are each in text, web page, Word and PDF; every format must give the same
response, and that response is the one recorded in ``<name>.expected.json`` (read and
checked by hand against the report when it was written: see README there).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from responder.errors import InputError
from responder.importing import import_report, read_blocks
from responder.importing.addressees import addressee
from responder.response import reading
from responder.response.model import Response

FIXTURES = Path(__file__).parent / "fixtures" / "import"
EXAMPLES = Path(__file__).parent.parent / "examples"
SHAPES = ["peel-2023-25-ashdown", "thematic-2025-custody", "joint-2024-southmoor-rape",
          "child-protection-2024-westvale", "multi-force-2025-eastern-soc"]
FORMATS = ["txt", "html", "docx", "pdf"]


def outline(response: Response) -> dict:
    """Everything the importer decides, as plain data."""

    def finding(f):  # type: ignore[no-untyped-def]
        out = {"id": f.id, "kind": f.kind, "text": f.text}
        if f.points:
            out["points"] = list(f.points)
        if f.addressed_to:
            out["addressed_to"] = f.addressed_to
        if f.by:
            out["by"] = f.by.isoformat()
        if f.recommendations:
            out["recommendations"] = [finding(r) for r in f.recommendations]
        return out

    def section(s):  # type: ignore[no-untyped-def]
        return {"id": s.id, "title": s.title, "grade": s.grade,
                "findings": [finding(f) for f in s.findings],
                "sections": [section(c) for c in s.sections]}

    report = response.report
    return {"title": report.title, "published": report.published and report.published.isoformat(),
            "kind": report.kind, "grades": report.grades, "overall": report.overall,
            "force": response.force.name, "body": response.body.name,
            "sections": [section(s) for s in response.sections]}


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("name", SHAPES)
def test_each_shape_imports_exactly_in_every_format(name, ext):
    assert outline(import_report(FIXTURES / f"{name}.{ext}").response) == expected(name)


def test_peel_2023_25_five_grades_cause_of_concern_and_numbered_areas():
    report = expected("peel-2023-25-ashdown")
    assert report["grades"] == "peel-2021" and report["overall"] is None
    grades = {s["title"]: s["grade"] for s in report["sections"]}
    assert grades["Protecting vulnerable people"] == "Inadequate"
    assert grades["Preventing crime and antisocial behaviour"] == "Adequate"
    cause = report["sections"][0]["findings"][0]
    assert cause["kind"] == "cause_of_concern"
    assert cause["text"].endswith("Within six months, the force should:")
    assert [r["addressed_to"] for r in cause["recommendations"]] == ["force"] * 3
    # Numbered "Area for improvement 2" headings: the text, not its explanation.
    investigating = next(s for s in report["sections"] if s["title"] == "Investigating crime")
    assert [f["text"][:40] for f in investigating["findings"]] == [
        "The force should improve the supervision", "The force should make sure it records wh"]


def test_child_protection_timescales_make_one_recommendation_per_point():
    recs = expected("child-protection-2024-westvale")["sections"][0]["findings"]
    assert [r["text"][:30] for r in recs] == [
        "Immediately, the force should ", "Immediately, the force should ",
        "Within three months, the force", "Within three months, the force",
        "Within six months, the force s"]
    assert all(r["addressed_to"] == "force" for r in recs)


def test_a_report_on_several_forces_asks_which_is_yours():
    result = import_report(FIXTURES / "multi-force-2025-eastern-soc.txt")
    assert result.response.force.name == "(one of the forces the report covers)"
    assert any("covers 3 forces (Ashdown Police, Fernshire Constabulary, Northmoor Police)" in w
               for w in result.warnings)


def test_force_given_for_a_report_on_several_forces_settles_it(cli, tmp_path):
    out = tmp_path / "r.yaml"
    result = cli("import", FIXTURES / "multi-force-2025-eastern-soc.pdf", "-o", out,
                 "--force", "Fernshire Constabulary")
    assert result.code == 0
    assert "covers 3 forces" not in result.err
    assert "Office of the Police and Crime Commissioner for Fernshire" in out.read_text()


def test_force_given_readdresses_another_forces_recommendations(cli, tmp_path):
    """QA 14 (related): once --force says which force is ours, a recommendation the report
    addresses by name to another of its forces is that force's, for a note only."""
    text = (FIXTURES / "multi-force-2025-eastern-soc.txt").read_text(encoding="utf-8").replace(
        "## Areas for improvement",
        "### Recommendation 4\n\nBy 31 March 2026, Northmoor Police should review how it "
        "shares intelligence with the regional unit.\n\n### Recommendation 5\n\nFernshire "
        "Constabulary should publish its organised crime plan.\n\n## Areas for improvement")
    report = tmp_path / "eastern.txt"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "r.yaml"
    result = cli("import", report, "-o", out, "--force", "Fernshire Constabulary")
    assert result.code == 0, result.err
    assert ("warning: s1-rec4 is addressed to Northmoor Police, not Fernshire Constabulary: "
            "addressed_to says so, and a note is enough") in result.err
    recs = {f.id: f for f in reading.read(out).sections[0].findings}
    assert recs["s1-rec4"].addressed_to == "Northmoor Police"
    assert recs["s1-rec5"].addressed_to == "force"
    assert recs["s1-rec1"].addressed_to == "chief_constables"
    checked = cli("check", out, "--today", "2025-08-01", "--json")
    rec4 = [p for p in json.loads(checked.out) if p["place"].startswith("s1-rec4")]
    assert [(p["code"], p["severity"]) for p in rec4] == [("S55-5B", "warning")]


@pytest.mark.parametrize(("sentence", "other"), [
    ("Northmoor Police should improve how it records disruptions.", "Northmoor Police"),
    ("By 31 March 2026, Northmoor Police should review …", "Northmoor Police"),
    ("The chief constable of Northmoor Police should review …", "Northmoor Police"),
    ("Fernshire Constabulary should publish its plan.", None),
    ("fernshire  constabulary should publish its plan.", None),
    ("The force should improve.", None),
    ("The chief constables of Ashdown Police and Northmoor Police should agree …", None),
])
def test_another_force_by_name(sentence, other):
    from responder.importing.addressees import another_force

    assert another_force(sentence, "Fernshire Constabulary") == other


# ---------------------------------------------------------------- addressees


@pytest.mark.parametrize(("sentence", "who", "by"), [
    ("By 31 March 2026, chief constables should make sure that …", "chief_constables",
     dt.date(2026, 3, 31)),
    ("All chief constables should review …", "chief_constables", None),
    ("All forces should make sure …", "chief_constables", None),
    ("By 31 March 2026, the College of Policing should revise …", "College of Policing",
     dt.date(2026, 3, 31)),
    ("The Home Office should work with local authorities …", "Home Office", None),
    ("The National Police Chiefs' Council lead for custody should set …",
     "National Police Chiefs' Council", None),
    ("The NPCC should …", "National Police Chiefs' Council", None),
    ("Police and crime commissioners should make sure …", "local_policing_bodies", None),
    ("The Police and Crime Commissioner for Southmoor should review …",
     "local_policing_bodies", None),
    ("By 31 December 2025, the police and crime commissioners for the region should agree …",
     "local_policing_bodies", dt.date(2025, 12, 31)),
    ("The CPS should make sure …", "Crown Prosecution Service", None),
    ("The Crown Prosecution Service should make sure …", "Crown Prosecution Service", None),
    ("The National Crime Agency should make sure …", "National Crime Agency", None),
    ("The Department for Education should publish …", "Department for Education", None),
    ("The Association of Police and Crime Commissioners should …",
     "Association of Police and Crime Commissioners", None),
    ("The College of Policing, working with the NPCC, should …", "College of Policing", None),
    ("The force should improve …", "force", None),
    ("2. By 30 June 2025, Southmoor Police should make sure …", "force", dt.date(2025, 6, 30)),
    ("Within six months, the chief constable of Southmoor Police and the Chief Crown "
     "Prosecutor for CPS Southmoor should agree …", "force", None),
    ("Within three months, the force should make sure …", "force", None),
    ("make sure that call handlers use the structured risk assessment", None, None),
])
def test_the_addressee_and_date_are_read_from_the_sentence(sentence, who, by):
    assert addressee(sentence) == (who, by)


def test_a_cause_of_concerns_recommendations_take_its_lead_in():
    cause = expected("peel-2023-25-ashdown")["sections"][0]["findings"][0]
    assert {r.get("addressed_to") for r in cause["recommendations"]} == {"force"}


# ---------------------------------------------------------------- not a report


@pytest.mark.parametrize(("name", "what"), [
    ("response-letter-west-mercia-peel-2018-19.txt",
     "this looks like a response letter (it opens “Dear Home Secretary”), not an inspection "
     "report"),
    ("response-statement-west-midlands-legitimacy-2017.txt",
     "this looks like a published response statement, not an inspection report"),
])
def test_a_real_response_is_refused_saying_what_it_looks_like(cli, samples, tmp_path, name, what):
    out = tmp_path / "r.yaml"
    result = cli("import", samples / name, "-o", out)
    assert result.code == 2
    assert what in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not out.exists()


def _answered_statement(cli, tmp_path: Path) -> Path:
    """The Ashdown fixture imported, every finding answered by both voices, as a response file."""
    from responder.response.reading import read
    from responder.response.roundtrip import build_tree, dump, to_plain
    from responder.response.writing import write_new

    imported = tmp_path / "ashdown.yaml"
    assert cli("import", FIXTURES / "peel-2023-25-ashdown.txt", "-o", imported).code == 0
    response = read(imported)
    for _, finding in response.walk_findings():
        finding.force = "We accept this and have a plan."
        finding.commissioner = "I will hold the Chief Constable to account."
    answered = tmp_path / "answered.yaml"
    write_new(answered, dump(build_tree(to_plain(response))))
    return answered


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("answered", [False, True])
def test_responders_own_statement_is_refused(cli, tmp_path, fmt, answered):
    # QA finding 5: the statement responder renders was read as the report, with the render
    # date as the publication date (a deadline a week late).
    source = _answered_statement(cli, tmp_path)
    if not answered:
        source = tmp_path / "ashdown.yaml"
    rendered = tmp_path / f"ashdown statement.{fmt}"
    assert cli("render", source, "--shape", "statement", "-o", rendered).code == 0
    out = tmp_path / "x.yaml"
    result = cli("import", rendered, "-o", out)
    assert result.code == 2
    assert result.err.strip() == (
        f"{rendered}: this looks like a published response statement, not an inspection "
        "report; import the inspectorate's report itself")
    assert not out.exists()


def test_responders_letter_is_refused(cli, tmp_path):
    rendered = tmp_path / "letter.html"
    assert cli("render", EXAMPLES / "letter-northmoor-peel-2018-19.yaml", "-o", rendered).code == 0
    result = cli("import", rendered, "-o", tmp_path / "x.yaml")
    assert result.code == 2
    assert "this looks like a response letter (it opens “Dear Home Secretary”)" in result.err


def test_a_letter_to_the_home_secretary_is_refused_unsigned(cli, tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text("Dear Home Secretary\nAreas for improvement\n"
                      "The force should improve how it supervises investigations.\n",
                      encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "x.yaml")
    assert result.code == 2
    assert "this looks like a response letter (it opens “Dear Home Secretary”)" in result.err


def test_the_statement_labels_alone_with_section_55_are_a_statement():
    from responder.importing.blocks import Block
    from responder.importing.not_a_report import looks_like

    texts = ["PEEL 2023–25", *(["The force should improve."] * 8),
             "Section 55 of the Police Act 1996 requires the local policing body to publish",
             "The force should improve supervision.",
             "Ashdown Police response", "We accept this.", "The force should improve records.",
             "Ashdown Police response", "We accept this too."]
    blocks = [Block("paragraph", text) for text in texts]
    assert looks_like(blocks) == "a published response statement"
    # A report's single "Emergency response" heading is not a label.
    assert looks_like([Block("paragraph", "Emergency response"), *blocks[2:3]]) is None


COMMITTEE = """Agenda item 7
Report to the Police and Crime Panel
Date of meeting: 14 March 2025
Purpose of the report
To update the Panel on the force's response to the HMICFRS PEEL report.
The force should improve how it supervises investigations.
Recommendation
That the Panel notes the report.
"""

PRESS = """Press release
For immediate release
Commissioner welcomes inspection report
Areas for improvement
• The force should improve how it supervises investigations.
Notes to editors
ENDS
"""


@pytest.mark.parametrize(("text", "what"), [(COMMITTEE, "a committee paper"),
                                            (PRESS, "a press release")])
def test_a_committee_paper_or_press_release_is_refused(cli, tmp_path, text, what):
    source = tmp_path / "paper.txt"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "r.yaml")
    assert result.code == 2
    assert f"this looks like {what}, not an inspection report" in result.err


def test_no_report_fixture_or_sample_is_taken_for_a_response(samples):
    reports = [path for path in FIXTURES.iterdir() if path.suffix in (".txt", ".docx", ".html", ".pdf")]
    for path in [*reports, *samples.glob("report-*")]:
        assert import_report(path).findings > 0


# ---------------------------------------------------------------- files that are not Word files


def test_an_odt_says_to_save_it_as_docx_or_pdf(cli, tmp_path):
    odt = tmp_path / "report.odt"
    with zipfile.ZipFile(odt, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    result = cli("import", odt, "-o", tmp_path / "r.yaml")
    assert result.code == 2
    assert "is an OpenDocument (LibreOffice) file; save it as .docx or PDF" in result.err


def test_a_zip_bomb_docx_is_refused_from_its_directory_before_unpacking(cli, tmp_path,
                                                                         monkeypatch):
    import responder.importing.sniff as sniff

    real = (FIXTURES / "peel-2021-22-wessex.docx").read_bytes()
    bomb = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        with target.open("word/media/padding.bin", "w") as padding:
            for _ in range(8):
                padding.write(bytes(1024 * 1024))  # 8 MB of zeros: a few kB packed
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(sniff, "MAX_UNPACKED", 4 * 1024 * 1024)
    unpacked: list[str] = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: unpacked.append(
        name) or b"")
    result = cli("import", bomb, "-o", tmp_path / "r.yaml")
    assert result.code == 2
    assert "would unpack to 8 MB" in result.err and "not a Word document" in result.err
    assert unpacked == []  # refused from the directory alone


def test_hidden_list_items_in_a_web_page_are_not_findings(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("""<html><body><main><h1>PEEL 2025: An inspection of Wessex Police</h1>
<p>Published 1 May 2025</p><h2>Areas for improvement</h2><ul>
<li>The force should improve how it supervises investigations.</li>
<li style="display: none">The force should disband its professional standards department.</li>
<li hidden>The force should stop recording crime.</li>
<li style="color:red; visibility:hidden">The force should close every station.</li>
</ul><div style="display:none"><h2>Recommendations</h2><p>The force should resign.</p></div>
</main></body></html>""", encoding="utf-8")
    response = import_report(page).response
    texts = [f.text for _, f in response.walk_findings()]
    assert texts == ["The force should improve how it supervises investigations."]
    assert not any("disband" in b.text for b in read_blocks(page)[1])


def test_refusals_never_write_a_file(tmp_path):
    with pytest.raises(InputError):
        import_report(tmp_path / "missing.txt")
