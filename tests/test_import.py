"""responder import: reports in four formats into response files, and merging a re-issue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from responder.importing import import_report, read_blocks
from responder.importing.blocks import Block, join_lines, strip_bullet, tidy, vocabulary
from responder.importing.recognise import parse_date, recognise
from responder.response.model import Response
from responder.response.reading import read

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SAMPLE = "report-west-midlands-peel-2016-legitimacy"


def shape(response: Response) -> list:
    """The recognised structure as plain data: sections, grades and findings in order."""

    def finding(f):  # type: ignore[no-untyped-def]
        out = [f.kind, f.text]
        if f.points:
            out.append(list(f.points))
        if f.recommendations:
            out.append([finding(r) for r in f.recommendations])
        return out

    def section(s):  # type: ignore[no-untyped-def]
        return [s.title, s.grade, [finding(f) for f in s.findings],
                [section(c) for c in s.sections]]

    return [section(s) for s in response.sections]


def everything(response: Response) -> dict:
    return {"shape": shape(response), "report": response.report.model_dump(),
            "force": response.force.name, "body": response.body.name}


# ---------------------------------------------------------------- the real sample, four formats


@pytest.mark.parametrize("ext", ["txt", "html", "docx", "pdf"])
def test_each_format_of_the_sample_gives_the_exact_result(samples, ext):
    result = import_report(samples / f"{SAMPLE}.{ext}")
    response = result.response
    assert response.report.overall == "Good"
    assert response.report.grades == "peel-2014"
    assert response.report.published.isoformat() == "2016-12-08"
    assert response.force.name == "West Midlands Police"
    assert response.body.name == "Office of the Police and Crime Commissioner for West Midlands"
    assert shape(response) == [
        ["To what extent does the force treat all of the people it serves with fairness and "
         "respect?", "Good", [], []],
        ["How well does the force ensure that its workforce behaves ethically and lawfully?",
         "Good",
         [["area_for_improvement", "The force should review the capacity and capability of its "
           "counter-corruption unit (CCU) to ensure the CCU can manage its work effectively."]],
         []],
        ["To what extent does the force treat its workforce with fairness and respect?",
         "Requires improvement",
         [["area_for_improvement", "The force should improve how it manages individual "
           "performance."]],
         []],
    ]
    assert any("check it" in w for w in result.warnings)


def test_the_four_formats_of_the_sample_agree_in_every_field(samples):
    results = [everything(import_report(samples / f"{SAMPLE}.{ext}").response)
               for ext in ("txt", "html", "docx", "pdf")]
    assert all(r == results[0] for r in results[1:])


def test_the_sample_is_recognised_by_content_whatever_its_name(samples, tmp_path):
    disguised = tmp_path / "report.dat"
    shutil.copyfile(samples / f"{SAMPLE}.pdf", disguised)
    assert read_blocks(disguised)[0] == "pdf"
    misnamed = tmp_path / "report.txt"
    shutil.copyfile(samples / f"{SAMPLE}.docx", misnamed)
    fmt, _ = read_blocks(misnamed)
    assert fmt == "docx"
    assert shape(import_report(misnamed).response) == shape(
        import_report(samples / f"{SAMPLE}.html").response)


def test_pdf_reader_drops_running_headers_and_page_numbers_and_rejoins_paragraphs(samples):
    fmt, blocks = read_blocks(samples / f"{SAMPLE}.pdf")
    texts = [b.text for b in blocks]
    assert fmt == "pdf"
    assert not any("HMICFRS" in t for t in texts)  # the running header on every page
    assert not any(t.strip().isdigit() for t in texts)  # page numbers
    # A paragraph broken across pages 3 and 4 is one paragraph again.
    assert any(t.startswith("The force has taken action to address feedback") and
               t.endswith("grievances and sickness absence more effectively.") for t in texts)
    # Hyphenated at a line end, the compound keeps its hyphen.
    assert any("its counter-corruption unit (CCU)" in t for t in texts)
    # The private-use bullet glyph PDFs from Word use becomes a list item.
    items = [b for b in blocks if b.kind == "item"]
    assert [b.text[:40] for b in items] == ["The force should review the capacity and",
                                            "The force should improve how it manages "]


def test_html_reader_ignores_navigation_and_footer(samples):
    _, blocks = read_blocks(samples / f"{SAMPLE}.html")
    texts = " ".join(b.text for b in blocks)
    assert "Skip to content" not in texts and "Cookies" not in texts
    assert blocks[0] == Block("heading", "West Midlands PEEL 2016", 1)


# ---------------------------------------------------------------- fixtures of other shapes


NORTHMOOR = [
    ["Effectiveness", "Requires improvement", [], [
        ["Preventing crime and tackling anti-social behaviour", "Good", [
            ["area_for_improvement", "The force should introduce a performance framework to "
             "hold officers and staff to account for effective crime prevention activity."]], []],
        ["Investigating crime", "Requires improvement", [
            ["cause_of_concern", "The force does not have the capacity or capability to "
             "investigate crime effectively and this is affecting the service being provided to "
             "the public. To address this cause of concern, we recommend that within six months "
             "the force should:", [
                 ["recommendation", "improve how it responds to reports of crimes, how it then "
                  "allocates them, and that it reviews this allocation appropriately throughout "
                  "the investigation;"],
                 ["recommendation", "ensure regular and active supervision of the quality and "
                  "progress of investigations:",
                  ["supervisors should record their reviews; and",
                   "reviews should set clear actions."]],
                 ["recommendation", "introduce effective arrangements to ensure it complies "
                  "fully with its disclosure obligations."]]],
            ["area_for_improvement", "The force should improve its understanding of suspects "
             "released under investigation."]], []],
        ["Protecting vulnerable people", "Good", [
            ["area_for_improvement", "The force should consistently enforce bail conditions to "
             "better safeguard vulnerable people."],
            ["area_for_improvement", "The force should work with partners to introduce "
             "effective MASH arrangements in all parts of the force."]], []]]],
    ["Efficiency", "Requires improvement", [], [
        ["Meeting current demands and using resources", "Requires improvement", [
            ["cause_of_concern", "The force does not have suitable arrangements in place to "
             "make sure it can maintain the full range of public services when its alliance "
             "ends. To address this cause of concern, we recommend that the force should "
             "immediately:", [
                 ["recommendation", "put in place plans to maintain the full range of public "
                  "services, particularly in the areas of highest risk; and"],
                 ["recommendation", "expand the skills project work to include an assessment "
                  "of all skills."]]]], []],
        ["Planning for the future", "Good", [
            ["area_for_improvement", "The force should improve its arrangements both to consult "
             "with the public about business planning and to feed back on changes made to "
             "service delivery."]], []]]],
    ["Legitimacy", "Good", [], [
        ["Fair treatment of the public", "Good", [
            ["area_for_improvement", "The force should review its approach to unconscious bias "
             "training to help it better achieve its community engagement aims."],
            ["area_for_improvement", "The force should better understand its stop and search "
             "data, particularly relating to disproportionality."]], []],
        ["Ethical and lawful workforce behaviour", "Good", [
            ["area_for_improvement", "The force should ensure that its counter-corruption unit "
             "has enough capability and capacity to counter corruption effectively and "
             "proactively."]], []],
        ["Fair treatment of the workforce", "Good", [], []]]],
]


@pytest.mark.parametrize("name", ["peel-2018-19-northmoor.html", "peel-2018-19-northmoor.pdf"])
def test_integrated_peel_report_nests_pillars_areas_and_causes_of_concern(name):
    response = import_report(FIXTURES / name).response
    assert shape(response) == NORTHMOOR
    report = response.report
    assert report.title == ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – "
                            "An inspection of Northmoor Police")
    assert (report.kind, report.grades, report.overall) == ("peel", "peel-2014", None)
    assert report.published.isoformat() == "2019-09-27"
    assert response.force.name == "Northmoor Police"
    assert response.body.name == "Office of the Police and Crime Commissioner for Northmoor"
    ids = [f.id for _, f in response.walk_findings()]
    assert ids[:5] == ["s1.1-afi1", "s1.2-coc1", "s1.2-coc1-rec1", "s1.2-coc1-rec2",
                       "s1.2-coc1-rec3"]


def test_bullets_inside_narrative_are_not_findings():
    response = import_report(FIXTURES / "peel-2018-19-northmoor.html").response
    texts = [f.text for _, f in response.walk_findings()]
    texts += [p for _, f in response.walk_findings() for p in f.points]
    for narrative in ("review how they share information", "introduced a bail management team",
                      "figures are rounded", "Cookies"):
        assert not any(narrative in t for t in texts), narrative


WESSEX = [
    ["Preventing crime", "Good", [], []],
    ["Investigating crime", "Adequate", [
        ["area_for_improvement", "The force should make sure that investigations are allocated "
         "to officers with the right skills and experience, and that they are supervised."],
        ["area_for_improvement", "The force needs to improve how it records victims' decisions "
         "when they withdraw their support for an investigation."]], []],
    ["Responding to the public", "Requires improvement", [
        ["cause_of_concern", "The force isn't responding to emergency and non-emergency calls "
         "promptly. This means that vulnerable victims may be at risk.\n\nWithin three months, "
         "the force should:", [
             ["recommendation", "make sure it has enough call handlers to answer calls promptly;"],
             ["recommendation", "review its response times to make sure that it attends "
              "incidents within the times it sets; and"],
             ["recommendation", "make sure that call handlers identify vulnerability using a "
              "structured assessment."]]],
        ["area_for_improvement", "The force should make sure that it gives victims appropriate "
         "advice on preserving evidence."]], []],
    ["Protecting vulnerable people", "Requires improvement", [
        ["area_for_improvement", "The force should improve how it manages registered sex "
         "offenders, including:",
         ["reducing the backlog of visits; and",
          "making sure that risk assessments are reviewed on time."]]], []],
    ["Managing offenders and suspects", "Adequate", [], []],
    ["Building, supporting and protecting the workforce", "Outstanding", [], []],
    ["Strategic planning, organisational management and value for money", "Inadequate", [
        ["area_for_improvement", "The force should make sure that its workforce plans reflect "
         "the demand it faces."]], []],
]


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_peel_2021_report_with_adequate_grades_and_numbered_labels(ext):
    response = import_report(FIXTURES / f"peel-2021-22-wessex.{ext}").response
    assert shape(response) == WESSEX  # the judgments table's grades do not leak in
    assert response.report.grades == "peel-2021"
    assert response.report.published.isoformat() == "2022-10-14"
    assert response.force.name == "Wessex Police"


@pytest.mark.parametrize("ext", ["txt", "pdf"])
def test_thematic_report_with_numbered_dated_recommendations(ext):
    result = import_report(FIXTURES / f"thematic-stalking-2023.{ext}")
    response = result.response
    assert shape(response) == [
        ["Recommendations", None, [
            ["recommendation", "By 31 March 2024, chief constables should make sure that "
             "stalking protection orders are considered in every case where the criteria are "
             "met, and that the reasons for not applying for an order are recorded."],
            ["recommendation", "By 30 June 2024, the College of Policing should update its "
             "authorised professional practice on stalking to include guidance on the use of "
             "protection orders."],
            ["recommendation", "By 31 March 2024, chief constables should:",
             ["make sure that every stalking investigation is supervised by an officer of at "
              "least the rank of sergeant; and",
              "review all open stalking investigations to make sure that victims have a safety "
              "plan."]]], []],
        ["Areas for improvement", None, [
            ["area_for_improvement", "Forces should improve the quality of the risk assessments "
             "they carry out for victims of stalking, using the recognised screening tool."]], []],
    ]
    report = response.report
    assert (report.kind, report.grades, report.overall) == ("thematic", "none", None)
    assert report.published.isoformat() == "2023-10-04"
    assert any("no force named" in w for w in result.warnings)


# ---------------------------------------------------------------- the recogniser on its own


def test_recogniser_is_pure_and_takes_a_block_stream():
    blocks = [
        Block("heading", "An inspection of custody in Fernshire", 1),
        Block("paragraph", "Publication date: 3 March 2025"),
        Block("heading", "Findings", 2),
        Block("paragraph", "In our 2017 report, we recommended that all forces should:"),
        Block("item", "improve their custody records.", 1),
        Block("heading", "Areas for improvement", 3),
        Block("item", "Fernshire Constabulary should improve how it records strip searches.", 1),
        Block("item", "in particular, the reasons for them;", 2),
        Block("paragraph", "We also recommended in 2019 that forces should:"),
        Block("item", "review use of force.", 1),
    ]
    result = recognise(blocks)
    response = result.response
    assert response.force.name == "Fernshire Constabulary"
    assert response.report.published.isoformat() == "2025-03-03"
    assert response.report.grades == "none"
    assert shape(response) == [["Areas for improvement", None, [
        ["area_for_improvement",
         "Fernshire Constabulary should improve how it records strip searches.",
         ["in particular, the reasons for them;"]]], []]]


def test_no_grade_and_no_date_are_warned_about():
    blocks = [
        Block("heading", "A report", 1),
        Block("heading", "How well does the force protect children?", 2),
        Block("paragraph", "It does so reasonably well, in most respects we looked at."),
        Block("heading", "Investigating crime", 2),
        Block("paragraph", "Good"),
        Block("paragraph", "The force investigates crime well."),
        Block("heading", "Areas for improvement", 3),
        Block("item", "The force should do better.", 1),
    ]
    result = recognise(blocks)
    assert "no grade found for 'How well does the force protect children?'" in result.warnings
    assert any(w.startswith("no publication date found — set report.published") for w in
               result.warnings)


@pytest.mark.parametrize("text, iso", [
    ("12 December 2017", "2017-12-12"), ("08/12/2016", "2016-12-08"),
    ("Tuesday 5th February 2018", "2018-02-05"), ("31/02/2019", None), ("no date", None)])
def test_dates_are_read_the_british_way(text, iso):
    day = parse_date(text)
    assert (day.isoformat() if day else None) == iso


def test_hyphens_at_line_ends_are_repaired_only_for_split_words():
    words = vocabulary(["an investigation was opened", "the counter-corruption unit"])
    assert join_lines(["the investi-", "gation was"], words) == "the investigation was"
    assert join_lines(["its counter-", "corruption unit"], words) == "its counter-corruption unit"
    assert join_lines(["long-", "term plans"], words) == "long-term plans"


def test_private_use_and_ordinary_bullets_make_items():
    assert strip_bullet("\uf0b7 The force should") == (True, "The force should")
    assert strip_bullet("• The force should") == (True, "The force should")
    assert strip_bullet("The force should") == (False, "The force should")
    assert list(tidy([Block("paragraph", "\uf0a7\u00a0 point")])) == [Block("item", "point", 1)]


# ---------------------------------------------------------------- the command


def test_import_writes_a_valid_response_with_empty_comments(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("import", FIXTURES / "peel-2018-19-northmoor.html")
    assert result.code == 0, result.err
    written = tmp_path / "peel-2018-19-northmoor.yaml"
    response = read(written)
    assert shape(response) == NORTHMOOR
    for _, finding in response.walk_findings():
        assert finding.force is None and finding.commissioner is None and finding.action is None
    # The printed tree: sections with grades and counts by kind, then what was written.
    assert "Investigating crime  Requires improvement  — 1 cause of concern, 3 recommendations, " \
           "1 area for improvement" in result.out
    assert "Wrote peel-2018-19-northmoor.yaml: 2 causes of concern, 5 recommendations, " \
           "8 areas for improvement" in result.out
    assert "warning: body.name was worked out" in result.err


def test_import_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = cli("import", FIXTURES / "thematic-stalking-2023.txt", "-o", target)
    assert result.code == 2
    assert "already exists" in result.err and "--merge" in result.err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_force_and_body_can_be_given(cli, tmp_path):
    target = tmp_path / "out.yaml"
    result = cli("import", FIXTURES / "thematic-stalking-2023.txt", "-o", target,
                 "--force", "Wessex Police", "--body", "Wessex PCC")
    assert result.code == 0
    response = read(target)
    assert (response.force.name, response.body.name) == ("Wessex Police", "Wessex PCC")


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "thematic-stalking-2023.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as handle:
        writer.write(handle)


def _scanned_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize("name, make, message", [
    ("empty.txt", lambda p: p.write_bytes(b""), "is empty"),
    ("blank.html", lambda p: p.write_bytes(b"  \n\n "), "is empty"),
    ("garbage.pdf", lambda p: p.write_bytes(bytes(range(256)) * 40), "binary data"),
    ("truncated.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<"), "not a readable PDF"),
    ("locked.pdf", _encrypted_pdf, "encrypted (password-protected) PDF"),
    ("scan.pdf", _scanned_pdf, "this PDF has no text layer; run OCR first"),
    ("news.html", lambda p: p.write_text(
        "<html><body><nav>Home</nav><main><h1>Police news</h1><p>The chief constable "
        "opened a new station today.</p><ul><li>Open all day.</li></ul></main></body></html>",
        encoding="utf-8"), "no findings found — is this an inspection report?"),
    ("archive.docx", lambda p: shutil.make_archive(str(p.with_suffix("")), "zip", FIXTURES)
     and p.with_suffix(".zip").rename(p), "is a zip archive, not a Word"),
])
def test_bad_input_is_refused_in_one_line_with_no_output(cli, tmp_path, name, make, message):
    source = tmp_path / name
    make(source)
    target = tmp_path / "out.yaml"
    result = cli("import", source, "-o", target)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert name in result.err
    assert not target.exists()
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".out.yaml*")) == []


def test_a_very_large_file_is_refused(cli, tmp_path, monkeypatch):
    from responder.importing import sniff

    monkeypatch.setattr(sniff, "MAX_BYTES", 1000)
    source = tmp_path / "huge.txt"
    source.write_text("Areas for improvement\n" + "x" * 2000, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out.yaml")
    assert result.code == 2
    assert "is too large to be an inspection report" in result.err
    assert not (tmp_path / "out.yaml").exists()


def test_a_real_subprocess_exits_2_without_a_traceback(process, tmp_path):
    source = tmp_path / "nothing.txt"
    source.write_text("Minutes of the meeting\n\nWe discussed the budget.\n", encoding="utf-8")
    result = process("import", source, "-o", tmp_path / "out.yaml")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.strip().endswith("no findings found — is this an inspection report?")


# ---------------------------------------------------------------- merge


def _reissued(tmp_path: Path) -> Path:
    """The Northmoor report re-issued: one text corrected, one finding gone, one new, a grade
    changed and a new publication date."""
    html = (FIXTURES / "peel-2018-19-northmoor.html").read_text(encoding="utf-8")
    html = html.replace("Published on 27 September 2019", "Published on 5 February 2020")
    html = html.replace("effective crime prevention activity.", "effective crime prevention "
                        "and problem-solving activity.")
    html = html.replace("<li>The force should work with partners to introduce effective MASH "
                        "arrangements in all parts of\nthe force.</li>", "")
    html = html.replace("<h3>Planning for the future</h3>\n<p class=\"grade\">Good</p>",
                        "<h3>Planning for the future</h3>\n<p class=\"grade\">Requires "
                        "improvement</p>")
    html = html.replace("disproportionality.</li>\n</ul>", "disproportionality.</li>\n<li>The "
                        "force should publish its stop and search data monthly.</li>\n</ul>")
    target = tmp_path / "reissued.html"
    target.write_text(html, encoding="utf-8")
    return target


def test_merge_keeps_every_word_typed_and_reports_what_changed(cli, tmp_path):
    response_file = tmp_path / "northmoor.yaml"
    assert cli("import", FIXTURES / "peel-2018-19-northmoor.html", "-o", response_file).code == 0
    # The office has started work: typed answers (saved as the interview saves them) and a
    # comment in the YAML.
    from responder.response.editing import load
    from responder.response.model import Action

    document = load(response_file)
    framework = document.response.sections[0].sections[0].findings[0]
    framework.force = "We have commissioned a framework."
    framework.commissioner = "I welcome this."
    skills = document.response.sections[1].sections[0].findings[0].recommendations[1]
    skills.action = Action(status="taken", explanation="Skills audit done in March.")
    document.save()
    text = response_file.read_text(encoding="utf-8")
    text = text.replace("responder: 2\n", "responder: 2\n# Draft for the PCC, do not send\n", 1)
    response_file.write_text(text, encoding="utf-8")
    before = read(response_file)
    framework = before.sections[0].sections[0].findings[0]
    assert framework.force.text == "We have commissioned a framework."

    result = cli("import", _reissued(tmp_path), "--merge", response_file)
    assert result.code == 0, result.err
    after_text = response_file.read_text(encoding="utf-8")
    assert "# Draft for the PCC, do not send" in after_text
    after = read(response_file)
    afi = after.sections[0].sections[0].findings[0]
    assert afi.id == "s1.1-afi1"
    assert afi.text.endswith("effective crime prevention and problem-solving activity.")
    assert afi.force.text == "We have commissioned a framework."
    assert afi.commissioner.text == "I welcome this."
    assert afi.note.startswith("Text updated from the re-issued report of 5 February 2020; it "
                               "was: The force should introduce")
    rec = after.sections[1].sections[0].findings[0].recommendations[1]
    assert rec.action.status == "taken" and rec.action.explanation == "Skills audit done in March."
    gone = after.sections[0].sections[2].findings[1]
    assert "MASH" in gone.text
    assert gone.note == "Not in the re-issued report of 5 February 2020"
    new = after.sections[2].sections[0].findings[2]
    assert (new.id, new.text) == ("s3.1-afi3", "The force should publish its stop and search "
                                  "data monthly.")
    assert after.sections[1].sections[1].grade == "Requires improvement"
    assert after.report.published.isoformat() == "2020-02-05"
    for line in ("report.published: 5 February 2020 (was 27 September 2019)",
                 "s2.2: grade Requires improvement (was Good)",
                 "s1.1-afi1: text updated",
                 "s1.3-afi2: not in the new report — kept and flagged",
                 "added s3.1-afi3: area for improvement “The force should publish"):
        assert line in result.out, line

    # Merging the same report again changes nothing and says so.
    again = cli("import", _reissued(tmp_path), "--merge", response_file)
    assert again.code == 0
    assert "already up to date" in again.out
    assert read(response_file) == after


def test_merge_and_output_together_is_a_usage_error(cli, tmp_path):
    result = cli("import", FIXTURES / "thematic-stalking-2023.txt", "-o", tmp_path / "a.yaml",
                 "--merge", tmp_path / "b.yaml")
    assert result.code == 2
    assert "not both" in result.err


def test_merge_into_a_missing_file_is_refused(cli, tmp_path):
    result = cli("import", FIXTURES / "thematic-stalking-2023.txt", "--merge",
                 tmp_path / "absent.yaml")
    assert result.code == 2
    assert "no such file" in result.err


def test_merge_fills_a_response_started_with_new(cli, tmp_path):
    target = tmp_path / "northmoor.yaml"
    made = cli("new", target, "--body", "Northmoor PCC", "--force", "Northmoor Police",
               "--title", "PEEL 2018/19", "--shape", "letter")
    assert made.code == 0, made.err
    result = cli("import", FIXTURES / "peel-2018-19-northmoor.pdf", "--merge", target)
    assert result.code == 0, result.err
    response = read(target)
    assert shape(response) == NORTHMOOR
    assert response.body.name == "Northmoor PCC"  # what the office typed stands
    assert response.letter is not None
    assert "added section “Effectiveness” (1 cause of concern, 3 recommendations, 4 areas " \
           "for improvement)" in result.out
    assert "body.name" not in result.err


def test_a_grade_written_into_the_heading_is_read():
    blocks = [Block("heading", "Report", 1), Block("heading", "Investigating crime: Adequate", 2),
              Block("paragraph", "The force investigates crime adequately."),
              Block("heading", "Area for improvement", 3),
              Block("item", "The force should supervise investigations.", 1)]
    response = recognise(blocks).response
    assert [(s.title, s.grade) for s in response.sections] == [("Investigating crime", "Adequate")]
    assert response.report.grades == "peel-2021"


def test_a_long_pdf_shows_progress_on_a_terminal(cli, tmp_path, monkeypatch):
    import sys

    from responder.cli import import_report as cli_module

    calls = []
    monkeypatch.setattr(cli_module._import_progress, "LONG", 1)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    original = cli_module._import_progress.update

    def spy(self, done, total):  # type: ignore[no-untyped-def]
        calls.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(cli_module._import_progress, "update", spy)
    result = cli("import", FIXTURES / "peel-2018-19-northmoor.pdf", "-o", tmp_path / "o.yaml")
    assert result.code == 0, result.err
    assert calls and calls[-1][0] == calls[-1][1] > 1  # every page reported


@pytest.mark.parametrize("ext", ["txt", "pdf"])
def test_single_pillar_report_with_a_cover_intro_lines_and_inline_bullets(ext):
    """PEEL 2017 efficiency: the cover's lines make the title; 'We found the following area for
    improvement:' introduces the list; the PDF has the bullet glyph in the line's own text."""
    response = import_report(FIXTURES / f"peel-2017-fernshire-efficiency.{ext}").response
    assert response.report.title == ("PEEL 2017 Police efficiency 2017 – An inspection of "
                                     "Fernshire Constabulary")
    assert response.report.overall == "Requires improvement"
    assert shape(response) == [
        ["How well does the force understand demand?", "Good", [
            ["area_for_improvement", "The force should improve its understanding of demand that "
             "is less likely to be reported, such as modern slavery and human trafficking."]], []],
        ["How well does the force use its resources?", "Requires improvement", [
            ["area_for_improvement", "The force should ensure it has a full understanding of the "
             "skills and capabilities of its workforce, to identify any gaps and put plans in "
             "place to address them."],
            ["area_for_improvement", "The force should make sure that its shift patterns match "
             "the times at which demand for its services is highest, and review them "
             "regularly."]], []],
        ["How well is the force planning for the future?", "Inadequate", [
            ["cause_of_concern", "Fernshire Constabulary does not have a plan for meeting future "
             "demand, and its financial plans rely on savings it has not yet identified. To "
             "address this cause of concern, we recommend that within three months the force "
             "should:", [
                 ["recommendation", "develop a plan that sets out how it will meet future "
                  "demand; and"],
                 ["recommendation", "identify the savings on which its financial plans "
                  "rely."]]]], []],
    ]


def test_findings_listed_first_in_a_summary_belong_to_the_section_that_states_them():
    afi = "The force should answer emergency calls promptly."
    blocks = [
        Block("heading", "PEEL 2023–25: An inspection of Wessex Police", 1),
        Block("heading", "Summary", 2),
        Block("paragraph", "This summary lists every area for improvement in the report."),
        Block("heading", "Areas for improvement", 3),
        Block("item", afi, 1),
        Block("heading", "Responding to the public", 2),
        Block("paragraph", "Adequate"),
        Block("paragraph", "The force is adequate at responding to the public."),
        Block("heading", "Area for improvement 1", 3),
        Block("paragraph", afi),
    ]
    response = recognise(blocks).response
    assert shape(response) == [["Responding to the public", "Adequate",
                                [["area_for_improvement", afi]], []]]


def test_merge_refuses_another_forces_report_and_writes_nothing(cli, tmp_path):
    # QA finding 9: a West Midlands report merged into an Ashdown response replaced its
    # publication date and grade scale, and flagged every finding, with exit 0.
    target = tmp_path / "ashdown.yaml"
    assert cli("import", FIXTURES / "peel-2023-25-ashdown.txt", "-o", target).code == 0
    before = target.read_bytes()
    other = tmp_path / "northmoor.txt"
    shutil.copyfile(FIXTURES / "peel-2021-22-wessex.txt", other)
    result = cli("import", other, "--merge", target)
    assert result.code == 2
    force = read_report_force(other)
    assert result.err.strip() == (
        f"{other}: is about {force}, but {target} answers a report on Ashdown Police; "
        "is this the right report? Nothing was changed")
    assert target.read_bytes() == before


def test_merge_refuses_a_report_sharing_not_one_finding(cli, tmp_path):
    target = tmp_path / "ashdown.yaml"
    assert cli("import", FIXTURES / "peel-2023-25-ashdown.txt", "-o", target).code == 0
    before = target.read_bytes()
    result = cli("import", FIXTURES / "thematic-2025-custody.txt", "--merge", target)  # no force
    assert result.code == 2
    assert "shares not one finding with" in result.err
    assert result.err.strip().endswith("is this the right report? Nothing was changed")
    assert target.read_bytes() == before


def test_merge_of_the_same_report_under_another_spelling_of_the_force_goes_ahead(cli, tmp_path):
    target = tmp_path / "ashdown.yaml"
    assert cli("import", FIXTURES / "peel-2023-25-ashdown.txt", "-o", target).code == 0
    text = target.read_text(encoding="utf-8").replace("name: Ashdown Police\n",
                                                     "name: the Ashdown Police Service\n")
    target.write_text(text, encoding="utf-8")
    result = cli("import", FIXTURES / "peel-2023-25-ashdown.pdf", "--merge", target)
    assert result.code == 0, result.err


def read_report_force(path):
    from responder.importing import import_report

    return import_report(path).response.force.name
