"""responder render: Word and web output, as a reader and an office would meet it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, example_files

GOLDEN = ROOT / "tests" / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SMALL = "small-thornbury"
LETTER = "letter-northmoor"
STATEMENT = "statement-wessex"
TODAY = "2024-03-01"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def template_cache() -> Path:
    """The test's own cache folder (conftest's RESPONDER_CACHE), where a bytecode cache of
    the templates would land if there were one (issue 23: there is none)."""
    return Path(os.environ["RESPONDER_CACHE"])


def outline(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph that has text."""
    doc = Document(str(path))
    return [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]


def all_text(path: Path) -> str:
    """Every text node in every XML part of the package, joined."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def write_response(tmp_path: Path, body: str, name: str = "r.yaml") -> Path:
    """A minimal valid response with `body` appended (YAML, already indented)."""
    head = (
        "responder: 1\n"
        "body:\n  name: Office of the Police and Crime Commissioner for Testshire\n"
        "  holder: Sam Test\n  role: Police and Crime Commissioner for Testshire\n"
        "  short_role: PCC\n"
        "force:\n  name: Testshire Police\n  short_name: TP\n"
        "report:\n  title: 'PEEL 2023: an inspection of Testshire Police'\n"
        "  published: 2023-05-04\n"
    )
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def render_ok(cli, *args) -> str:
    result = cli("render", *args, "--today", TODAY)
    assert result.code == 0, result.err
    return result.err


# ---------------------------------------------------------------- every example, both shapes


@pytest.mark.parametrize("source", example_files(), ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_every_example_renders_as_statement(cli, tmp_path, source, fmt):
    out = tmp_path / f"out.{fmt}"
    render_ok(cli, source, "--shape", "statement", "--format", fmt, "-o", out)
    if fmt == "docx":
        styles = {style for style, _ in outline(out)}
        assert {"Title", "Heading 1", "Heading 2", "Quote"} <= styles
        text = "\n".join(t for _, t in outline(out))
        assert "Section 55 of the Police Act 1996" in text
        assert not re.search(r"\*\*|__|^#", text, re.M), "stray Markdown characters"
    else:
        page = out.read_text(encoding="utf-8")
        assert page.count("<h1") == 1


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_letter_example_renders_as_letter_by_default(cli, example, fmt):
    source = example(LETTER)
    err = render_ok(cli, source, "--format", fmt)
    out = source.with_suffix(f".{fmt}")
    assert out.is_file()
    assert err == ""


def test_letter_reads_like_the_sample(cli, example):
    source = example(LETTER)
    render_ok(cli, source)
    paras = outline(source.with_suffix(".docx"))
    texts = [t for _, t in paras]
    joined = "\n".join(texts)
    # Letter furniture, in order: addressee, reference, date, salutation, subject, sign-off.
    order = ["Home Office", "Our reference: GL/HMI/2019-11", "18 November 2019",
             "Dear Home Secretary,", "PEEL: Police effectiveness", "Yours sincerely",
             "Gareth Linley", "cc: Her Majesty's Chief Inspector of Constabulary",
             "Appendix: response to the inspectorate's findings"]
    positions = [joined.index(item) for item in order]
    assert positions == sorted(positions)
    # Subject line in bold; appendix on a new page.
    doc = Document(str(source.with_suffix(".docx")))
    subject = next(p for p in doc.paragraphs if p.text.startswith("PEEL: Police effectiveness"))
    assert all(run.bold for run in subject.runs)
    appendix = next(p for p in doc.paragraphs if p.text.startswith("Appendix"))
    assert appendix._p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert appendix.style.name == "Heading 1"
    # Appendix: pillars and areas as headings, grades, labelled numbered findings.
    styled = dict((t, s) for s, t in paras)
    assert styled["Effectiveness"] == "Heading 1"
    assert styled["Investigating crime"] == "Heading 2"
    assert styled["Cause of concern"] == "Heading 3"
    assert styled["Recommendation 1"] == "Heading 4"
    assert "Area for improvement 2" in styled
    assert "Grade: Requires improvement" in texts
    assert "NMP response" in texts and "PCC response" in texts
    assert any(t.startswith("Action taken: A revised Crime Allocation Policy") for t in texts)
    assert any(t.startswith("Action proposed: ") for t in texts)
    # Sub-points of a finding are bullets.
    bullets = [t for s, t in paras if s.startswith("List Bullet")]
    assert "domestic violence protection notices and orders" in bullets


def test_statement_has_summary_table_with_header_row(cli, example):
    source = example(STATEMENT)
    render_ok(cli, source)
    doc = Document(str(source.with_suffix(".docx")))
    summary, grades = doc.tables[0], doc.tables[1]
    rows = {r.cells[0].text: r.cells[1].text for r in summary.rows}
    assert rows["Overall grade for Wessex Vale Police"] == "Requires improvement"
    assert rows["Number of recommendations"] == "0"
    assert rows["Number of areas for improvement"] == "8"
    assert summary.style.name == "Table Grid"
    header = grades.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in grades.rows[0].cells] == ["Question", "Grade"]
    assert grades.rows[1].cells[1].text == "Good"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "must be published by 5 February 2018" in text
    assert "The report makes no recommendations" in text
    letter = example(LETTER)
    render_ok(cli, letter, "--shape", "statement")
    text = "\n".join(t for _, t in outline(letter.with_suffix(".docx")))
    assert "The report makes seven recommendations" in text


def test_word_quality_properties_language_page_numbers(cli, example):
    source = example(STATEMENT)
    render_ok(cli, source)
    out = source.with_suffix(".docx")
    doc = Document(str(out))
    props = doc.core_properties
    assert props.author == "Office of the Police and Crime Commissioner for Wessex Vale"
    assert props.subject.startswith("PEEL: Police legitimacy 2017")
    assert "response to PEEL" in props.title
    assert props.language == "en-GB"
    assert "python-docx" not in all_text(out)
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    footer = doc.sections[0].footer._element.xml
    assert 'w:instr=" PAGE "' in footer
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_golden_outline_of_the_small_example(cli, example):
    """Style names and text of the whole document; regenerate with RESPONDER_UPDATE_GOLDEN=1."""
    source = example(SMALL)
    render_ok(cli, source)
    lines = [f"{style} | {text}" for style, text in outline(source.with_suffix(".docx"))]
    golden = GOLDEN / "render-small-statement.txt"
    if os.environ.get("RESPONDER_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------- Markdown comments


COMMENT = """\
sections:
  - title: Investigating crime
    grade: Good
    findings:
      - kind: area_for_improvement
        text: The force should do better.
        force: |-
          The force **accepts** this and has *already* acted. See [the plan](https://example.org/plan).

          - first bullet
            - nested bullet
          - second bullet

          1. step one
          2. step two

          Then:

          1. again one
          2. again two

          # A heading typed in a comment

          <script>alert("x")</script> and <b>not bold</b>
"""


def test_markdown_comment_becomes_word_structure(cli, tmp_path):
    source = write_response(tmp_path, COMMENT)
    render_ok(cli, source, "-o", tmp_path / "out.docx")
    out = tmp_path / "out.docx"
    doc = Document(str(out))
    paras = [(p.style.name, p.text, p) for p in doc.paragraphs if p.text.strip()]
    styles = {t: s for s, t, _ in paras}
    assert styles["first bullet"] == "List Bullet"
    assert styles["nested bullet"] == "List Bullet 2"
    assert styles["step one"] == "List Number"
    first = next(p for _, t, p in paras if t.startswith("The force accepts"))
    bold = [r.text for r in first.runs if r.bold]
    italic = [r.text for r in first.runs if r.italic]
    assert bold == ["accepts"] and italic == ["already"]
    assert "https://example.org/plan" in [r.target_ref for r in doc.part.rels.values()]
    assert "the plan" in first.text
    # Each numbered list starts again at 1: its own w:num with a start override.
    def num_id(text):
        p = next(p for _, t, p in paras if t == text)
        return p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    assert num_id("step one") == num_id("step two") != num_id("again one")
    numbering = doc.part.numbering_part.element
    restart = numbering.xpath(f'w:num[@w:numId="{num_id("again one")}"]//w:startOverride')
    assert restart and restart[0].get(f"{W}val") == "1"
    # A heading typed in a comment is a bold paragraph, not a document heading.
    assert styles["A heading typed in a comment"] == "Normal"
    # Raw HTML is text, never markup.
    typed = next(t for _, t, _ in paras if "alert" in t)
    assert typed == '<script>alert("x")</script> and <b>not bold</b>'


def test_markdown_comment_cannot_inject_html(cli, tmp_path):
    source = write_response(tmp_path, COMMENT)
    render_ok(cli, source, "--format", "html", "-o", tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://example.org/plan">the plan</a>' in page
    assert "<li>nested bullet</li>" in page


# ---------------------------------------------------------------- accessible HTML


def test_html_page_is_accessible(cli, example):
    source = example(LETTER)
    render_ok(cli, source, "--format", "html")
    page = source.with_suffix(".html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert re.search(r"<title>DRAFT: Letter to the Home Secretary: PEEL", page)  # not --final
    assert page.count("<h1") == 1
    levels = [int(n) for n in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading skips from h{before} to h{after}"
    statement = example(STATEMENT)
    render_ok(cli, statement, "--format", "html")
    page = statement.with_suffix(".html").read_text(encoding="utf-8")
    cells = re.findall(r"<th\b[^>]*>", page)
    assert cells and all("scope=" in cell for cell in cells)
    for table in re.findall(r"<table.*?</table>", page, re.S):
        assert "<th" in table, "a table without header cells is a layout table"


# ---------------------------------------------------------------- withheld passages


def test_public_docx_has_no_withheld_text_in_any_part(cli, example):
    source = example(SMALL)
    render_ok(cli, source)
    out = source.with_suffix(".docx")
    package = all_text(out)
    for secret in ("Linfold Road", "Names a children's home"):
        assert secret not in package
    text = "\n".join(t for _, t in outline(out))
    assert "A passage has been withheld from publication on grounds of personal safety." in text
    assert "RESTRICTED" not in package


def test_public_html_has_no_withheld_text(cli, example):
    source = example(SMALL)
    render_ok(cli, source, "--format", "html")
    page = source.with_suffix(".html").read_text(encoding="utf-8")
    assert "Linfold Road" not in page
    assert "withheld from publication on grounds of personal safety" in page


def test_withheld_finding_is_left_out_entirely(cli, tmp_path):
    source = write_response(tmp_path, """\
sections:
  - title: Protecting children
    findings:
      - kind: area_for_improvement
        text: The force should protect the child at 12 Secret Street.
        points: [the secret point]
        force: A comment naming Secret Street.
        withheld: {reason: national_security, note: the secret note}
""")
    render_ok(cli, source, "-o", tmp_path / "out.docx")
    package = all_text(tmp_path / "out.docx")
    assert "Secret" not in package and "secret" not in package
    assert "withheld from publication on grounds of national security" in package


def test_a_findings_working_note_is_never_output(cli, tmp_path):
    source = write_response(tmp_path, """\
sections:
  - title: Investigating crime
    findings:
      - kind: area_for_improvement
        text: The force should do better.
        note: "Text updated from the final report; it was: INTERNAL DRAFT WORDING"
""")
    for extra in ((), ("--full",), ("--format", "html")):
        out = tmp_path / ("out.html" if extra and extra[0] == "--format" else "out.docx")
        render_ok(cli, source, *extra, "-o", out)
        content = all_text(out) if out.suffix == ".docx" else out.read_text(encoding="utf-8")
        assert "INTERNAL DRAFT WORDING" not in content


def test_full_version_marks_withheld_passages_restricted(cli, example):
    source = example(SMALL)
    result = cli("render", source, "--full", "--today", TODAY)
    assert result.code == 0, result.err
    out = source.with_name(source.stem + "-RESTRICTED.docx")
    assert "RESTRICTED" in result.out and str(out.name) in result.out
    paras = outline(out)
    texts = [t for _, t in paras]
    assert texts[0] == "RESTRICTED – NOT FOR PUBLICATION"
    marked = [i for i, t in enumerate(texts)
              if t.startswith("RESTRICTED – NOT FOR PUBLICATION: withheld")]
    assert marked and "Linfold Road" in " ".join(texts[marked[0]:marked[0] + 4])
    header = Document(str(out)).sections[0].header
    assert "RESTRICTED – NOT FOR PUBLICATION" in "".join(p.text for p in header.paragraphs)


# ---------------------------------------------------------------- robustness


def test_control_characters_are_dropped_with_a_warning(cli, tmp_path):
    source = write_response(tmp_path, """\
sections:
  - id: s1
    title: Investigating crime
    findings:
      - id: s1-afi1
        kind: area_for_improvement
        text: "The force should\\vimprove\\ftimeliness\\x00 of\\x1b investigations."
        force: "Pasted from a PDF:\\x0b done."
""")
    result = cli("render", source, "-o", tmp_path / "out.docx", "--today", TODAY)
    assert result.code == 0
    assert "finding s1-afi1" in result.err and "U+000B" in result.err
    assert result.err.count("warning: finding") == 1, "one warning per finding"
    text = "\n".join(t for _, t in outline(tmp_path / "out.docx"))
    assert "The force should improve timeliness of investigations." in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", all_text(tmp_path / "out.docx"))
    html = cli("render", source, "--format", "html", "-o", tmp_path / "out.html", "--today", TODAY)
    assert html.code == 0 and "finding s1-afi1" in html.err


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_control_characters_in_the_title_and_body_name_do_not_crash(cli, tmp_path, fmt):
    """Issue 12 item 13: they went straight into the document's properties (ValueError)."""
    source = write_response(tmp_path, "sections: []\n")
    text = source.read_text(encoding="utf-8")
    text = text.replace("name: Office of the", 'name: "Office\\vof the').replace(
        "for Testshire\n  holder", 'for Testshire"\n  holder', 1)
    text = text.replace("title: 'PEEL 2023: an", 'title: "PEEL\\f2023: an').replace(
        "Testshire Police'\n", 'Testshire Police"\n')
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = cli("render", source, "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    assert "removed characters Word cannot hold (U+000B)" in result.err
    assert "removed characters Word cannot hold (U+000C)" in result.err
    data = all_text(out).encode("utf-8") if fmt == "docx" else out.read_bytes()
    assert b"\x0b" not in data and b"\x0c" not in data
    if fmt == "docx":
        assert Document(str(out)).core_properties.author == (
            "Office of the Police and Crime Commissioner for Testshire")


def test_emoji_welsh_and_right_to_left_text_survive(cli, tmp_path):
    words = "Diolch 🙂 — ŵ ŷ Ŵ Ŷ — مرحبا — שלום"
    source = write_response(tmp_path, f"""\
sections:
  - title: Gwasanaeth dwyieithog
    findings:
      - kind: area_for_improvement
        text: "{words}"
        force: "{words}"
""")
    render_ok(cli, source, "-o", tmp_path / "out.docx")
    render_ok(cli, source, "--format", "html", "-o", tmp_path / "out.html")
    assert "\n".join(t for _, t in outline(tmp_path / "out.docx")).count(words) == 2
    assert (tmp_path / "out.html").read_text(encoding="utf-8").count(words) == 2


def test_empty_and_long_responses_render(cli, tmp_path):
    empty = write_response(tmp_path, "sections: []\n", "empty.yaml")
    render_ok(cli, empty, "-o", tmp_path / "empty.docx")
    assert "Section 55" in "\n".join(t for _, t in outline(tmp_path / "empty.docx"))
    long_comment = " ".join(["A long comment."] * 4000)
    bare = write_response(tmp_path, f"""\
sections:
  - title: A section with nothing in it
  - title: Another
    sections:
      - title: Nested, also empty
        force: "{long_comment}"
""", "bare.yaml")
    render_ok(cli, bare, "-o", tmp_path / "bare.docx")
    texts = [t for _, t in outline(tmp_path / "bare.docx")]
    assert "Nested, also empty" in texts and long_comment in texts
    render_ok(cli, bare, "--format", "html", "-o", tmp_path / "bare.html")


def test_output_name_must_say_the_format_and_not_be_the_input(cli, example):
    source = example(STATEMENT)
    before = source.read_bytes()
    odd = cli("render", source, "-o", source.with_suffix(".odt"))
    assert odd.code == 2 and "name it .docx, .html or .pdf" in odd.err
    same = cli("render", source, "--format", "docx", "-o", source)
    assert same.code == 2 and "is the input file itself" in same.err
    assert source.read_bytes() == before


def test_letter_shape_needs_a_letter(cli, example):
    result = cli("render", example(STATEMENT), "--shape", "letter")
    assert result.code == 2
    assert "no 'letter' section" in result.err and "--shape statement" in result.err


def test_target_open_in_word_is_refused_in_one_line(cli, example):
    source = example(STATEMENT)
    target = source.with_suffix(".docx")
    target.write_bytes(b"the old document")
    (target.parent / ("~$" + target.name[2:])).write_bytes(b"lock")
    result = cli("render", source)
    assert result.code == 2
    assert "is open in Word" in result.err and result.err.count("\n") == 1
    assert target.read_bytes() == b"the old document"


def test_bad_input_is_reported_like_validate(cli, tmp_path):
    bad = write_response(tmp_path, "sections:\n  - title: X\n    grade: Brilliant\n")
    result = cli("render", bad)
    expected = cli("validate", bad)
    assert result.code == 2
    assert result.err.strip().splitlines()[0] == expected.err.strip().splitlines()[0]
    assert "r.yaml:15:5: sections[0].grade" in result.err
    assert not (tmp_path / "r.docx").exists()


def test_quick_reader_matches_the_careful_one():
    from responder.response import quickyaml, reading

    for source in example_files():
        careful = reading.validate(reading.parse(source.read_text(encoding="utf-8"), source), source)
        assert quickyaml.load(source.read_text(encoding="utf-8")) is not None
        assert reading.read(source).model_dump() == careful.model_dump()


def test_quick_reader_refuses_aliases_like_the_store(tmp_path):
    from responder.errors import InputError
    from responder.response import reading

    source = write_response(tmp_path, "sections:\n  - &a {title: X}\n  - *a\n")
    with pytest.raises(InputError, match="aliases"):
        reading.read(source)


def test_yaml_1_1_values_are_read_as_yaml_1_2(tmp_path):
    """libyaml reads `no` as false; the careful reader, as the file format says, as text."""
    from responder.response import reading

    source = write_response(tmp_path, "sections:\n  - title: no\n")
    assert reading.read(source).sections[0].title == "no"


# ---------------------------------------------------------------- letterhead and templates


def make_letterhead(path: Path, drop_list_styles: bool = True) -> None:
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "WESSEX VALE OFFICE LETTERHEAD"
    section.footer.paragraphs[0].text = "Ridgeway House, Stourminster · www.example.org"
    doc.add_paragraph("Placeholder body text to be replaced")
    if drop_list_styles:
        styles = doc.styles.element
        for style in list(styles.findall(f"{W}style")):
            if style.get(f"{W}styleId") in ("ListBullet", "Quote"):
                styles.remove(style)
    doc.save(str(path))


def test_letterhead_keeps_header_footer_and_gains_missing_styles(cli, example, tmp_path):
    base = tmp_path / "letterhead.docx"
    make_letterhead(base)
    source = example(LETTER)
    result = cli("render", source, "--letterhead", base, "--today", TODAY)
    assert result.code == 0, result.err
    assert "no style named List Bullet, Quote" in result.err
    doc = Document(str(source.with_suffix(".docx")))
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "WESSEX VALE OFFICE LETTERHEAD"
    assert section.footer.paragraphs[0].text.startswith("Ridgeway House")
    texts = [p.text for p in doc.paragraphs]
    assert "Placeholder body text to be replaced" not in texts
    sender = [t for t in texts[:3] if t.startswith("Office of the Police and Crime Commissioner")]
    assert not sender, "the letterhead carries the sender's address"
    assert any(p.style.name == "List Bullet" for p in doc.paragraphs)


def test_letterhead_may_be_a_word_template(cli, example, tmp_path):
    base = tmp_path / "letterhead.docx"
    make_letterhead(base, drop_list_styles=False)
    template = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(template, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, data)
    source = example(LETTER)
    render_ok(cli, source, "--letterhead", template)
    header = Document(str(source.with_suffix(".docx"))).sections[0].header
    assert header.paragraphs[0].text == "WESSEX VALE OFFICE LETTERHEAD"


def test_letterhead_that_is_not_a_docx(cli, example, tmp_path):
    base = tmp_path / "letterhead.docx"
    base.write_text("not a zip", encoding="utf-8")
    result = cli("render", example(LETTER), "--letterhead", base)
    assert result.code == 2
    assert "letterhead.docx" in result.err and "not a Word .docx document" in result.err


def test_templates_export_and_office_override(cli, example, tmp_path):
    folder = tmp_path / "office"
    result = cli("templates", "export", folder)
    assert result.code == 0
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    site = sorted(f"site/{p.name}" for p in (ROOT / "templates" / "site").glob("*.html.j2"))
    assert site, "the website's templates are exported too"
    assert names == sorted(["appendix.html.j2", "letter.html.j2", "locale/cy.po",
                            "locale/responder.pot", "macros.html.j2", "page.html.j2",
                            "paper.html.j2", "statement.html.j2", *site])
    again = cli("templates", "export", folder)
    assert again.code == 2 and "already exists" in again.err
    for extra in [*folder.glob("locale/*"), *folder.glob("site/*"), *folder.iterdir()]:
        if extra.is_dir():
            extra.rmdir()
        elif extra.name != "statement.html.j2":
            extra.unlink()
    template = folder / "statement.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "to the HMICFRS report", "in reply to the inspectorate's report"), encoding="utf-8")
    source = example(STATEMENT)
    render_ok(cli, source, "--templates", folder)
    assert any("in reply to the inspectorate's report" in t
               for _, t in outline(source.with_suffix(".docx")))


def test_template_errors_name_template_and_line(cli, example, tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "statement.html.j2").write_text("<p>fine</p>\n<p>{% if %}</p>\n", encoding="utf-8")
    result = cli("render", example(STATEMENT), "--templates", folder)
    assert result.code == 2
    assert "statement.html.j2:2" in result.err and "Traceback" not in result.err
    (folder / "statement.html.j2").write_text("<p>fine</p>\n\n<p>{{ no_such_thing }}</p>\n",
                                              encoding="utf-8")
    result = cli("render", example(STATEMENT), "--templates", folder)
    assert result.code == 2
    assert "statement.html.j2:3" in result.err and "no_such_thing" in result.err
    (folder / "statement.html.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    result = cli("render", example(STATEMENT), "--templates", folder)
    assert result.code == 2 and "statement.html.j2:1" in result.err


# ---------------------------------------------------------------- a real word processor


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_example(cli, tmp_path):
    outputs = []
    for source in example_files():
        for shape in ("letter", "statement"):
            if shape == "letter" and "letter:" not in source.read_text(encoding="utf-8"):
                continue
            out = tmp_path / f"{source.stem}-{shape}.docx"
            render_ok(cli, source, "--shape", shape, "-o", out)
            outputs.append(out)
    profile = tmp_path / "profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, outputs)],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    for out in outputs:
        pdf = out.with_suffix(".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 5000, f"{out.name} did not convert"


def test_an_edited_template_is_followed(cli, example, tmp_path, template_cache):
    folder = tmp_path / "office"
    folder.mkdir()
    template = folder / "statement.html.j2"
    template.write_text("<h1>First wording</h1>\n", encoding="utf-8")
    source = example(STATEMENT)
    render_ok(cli, source, "--templates", folder)
    # No bytecode cache of the templates on disk (issue 23): nothing in the cache folder
    # holds the template's compiled code.
    assert not any(b"First wording" in path.read_bytes()
                   for path in template_cache.rglob("*") if path.is_file())
    template.write_text("<h1>Second wording</h1>\n", encoding="utf-8")
    render_ok(cli, source, "--templates", folder)
    assert outline(source.with_suffix(".docx")) == [("Title", "Second wording")]


def test_an_unwritable_cache_is_ignored(cli, example, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RESPONDER_CACHE", str(blocker / "cache"))
    render_ok(cli, example(STATEMENT))


def test_render_as_a_real_process(process, example, tmp_path):
    source = example(LETTER)
    done = process("render", source, "--format", "html", "--today", TODAY,
                   env={"RESPONDER_CACHE": str(tmp_path / "cache")})
    assert done.code == 0, done.err
    assert done.out.startswith("Wrote ") and done.err == ""
    bad = process("render", source, "--letterhead", tmp_path / "missing.docx")
    assert bad.code == 2
    assert "missing.docx: no such file" in bad.err and "Traceback" not in bad.err


def test_starting_the_command_line_does_not_import_the_renderer():
    code = ("import sys, responder.cli; responder.cli.build_parser(); "
            "print(sorted(m for m in ('docx', 'jinja2', 'markdown_it') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == "[]"


def test_permission_error_says_the_file_may_be_open(cli, example, monkeypatch):
    import responder.response.writing

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(responder.response.writing, "atomic_write", refuse)
    result = cli("render", example(STATEMENT))
    assert result.code == 2
    assert "permission denied (is it open in Word" in result.err
    assert result.err.count("\n") == 1
