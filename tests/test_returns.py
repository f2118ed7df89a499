"""The force's return: make a Word or Excel form, fill it as the force would, read it back.

Forms are filled the way another program would: Word boxes found by their content
control's tag (lxml), Excel cells by their column's header and the row's id (openpyxl).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from conftest import EXAMPLES
from responder.response import editing, reading
from responder.response.locking import acquire
from responder.response.model import Passage, Response

LETTER = "letter-northmoor"
STATEMENT = "statement-wessex"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
NEEDS_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


# ---------------------------------------------------------------- filling, as the force would


def fill_word(form: Path, answers: dict[str, str], out: Path | None = None) -> Path:
    """Type ``answers`` (box name -> text, lines as paragraphs) into the Word form's controls."""
    out = out or form
    with zipfile.ZipFile(form) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    found = set()
    for sdt in root.iter(_W + "sdt"):
        tag = sdt.find(f"{_W}sdtPr/{_W}tag")
        if tag is None or tag.get(_W + "val") not in answers:
            continue
        name = tag.get(_W + "val")
        found.add(name)
        content = sdt.find(_W + "sdtContent")
        for child in list(content):
            content.remove(child)
        placeholder = sdt.find(f"{_W}sdtPr/{_W}showingPlcHdr")
        if placeholder is not None:  # Word drops the flag once something is typed or chosen
            placeholder.getparent().remove(placeholder)
        inline = sdt.getparent().tag == _W + "p"
        for line in answers[name].split("\n"):
            p = content if inline else etree.SubElement(content, _W + "p")
            t = etree.SubElement(etree.SubElement(p, _W + "r"), _W + "t")
            t.text = line
    assert found == set(answers), f"no box for {set(answers) - found}"
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def fill_excel(form: Path, answers: dict[tuple[str, str], object], out: Path | None = None) -> Path:
    """Type ``answers`` ((finding id, column header) -> value) into the Excel form."""
    book = load_workbook(form)
    sheet = book.active
    head, columns = header(sheet)
    rows = {sheet.cell(r, columns["id"]).value: r for r in range(head + 1, sheet.max_row + 1)}
    for (key, title), value in answers.items():
        sheet.cell(rows[key], columns[title]).value = value
    book.save(out or form)
    return out or form


def header(sheet) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(min_row=1, max_row=20):
        names = {c.value: c.column for c in row if c.value}
        if "id" in names:
            return row[0].row, names
    raise AssertionError("no header row")


def libreoffice(source: Path, fmt: str, tmp_path: Path) -> Path:
    """Open and re-save the file in LibreOffice (headless), as a force without Word would."""
    return libreoffice_all([source], fmt, tmp_path)[0]


def libreoffice_all(sources: list[Path], fmt: str, tmp_path: Path) -> list[Path]:
    """``libreoffice`` for several files of one format, from one start of LibreOffice."""
    outdir = tmp_path / "libreoffice"
    outdir.mkdir(exist_ok=True)
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    results = [outdir / f"{source.stem}.{fmt}" for source in sources]
    assert all(result.is_file() for result in results), done.stdout + done.stderr
    return results


def finding(path: Path, key: str):
    return next(f for _, f in reading.read(path).walk_findings() if f.id == key)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def make(cli, source: Path, suffix: str, *extra: str) -> Path:
    out = source.with_name(f"form{suffix}")
    result = cli("returns", "make", source, "-o", out, *extra)
    assert result.code == 0, result.err
    return out


WORD_ANSWERS = {
    "responder:s1.1-afi1:force": "The new evaluation template is in use.\n\n- weekly reviews\n"
                                 "- a shared library of case studies\nA closing paragraph.",
    "responder:s1.1-afi1:owner": "Superintendent A. Example",
    "responder:s1.1-afi1:due": "30/06/2020",
    "responder:s1.2-coc1-rec3:action_status": "Action taken",
    "responder:s1.2-coc1-rec3:action_explanation": "The second unit opened in January 2020.",
}
WORD_FORCE = ("The new evaluation template is in use.\n\n- weekly reviews\n"
              "- a shared library of case studies\n\nA closing paragraph.")


def assert_word_answers_taken(source: Path, before: Response) -> None:
    afi = finding(source, "s1.1-afi1")
    assert afi.force.text == WORD_FORCE
    assert afi.tracking.owner == "Superintendent A. Example"
    assert afi.tracking.due == dt.date(2020, 6, 30)
    rec = finding(source, "s1.2-coc1-rec3")
    assert rec.action.status == "taken"
    assert rec.action.explanation == "The second unit opened in January 2020."
    # Nothing else moved: the commissioner's words and every other finding are as they were.
    after = reading.read(source)
    old = {f.id: f for _, f in before.walk_findings()}
    for _, item in after.walk_findings():
        assert item.commissioner == old[item.id].commissioner
        if item.id not in ("s1.1-afi1", "s1.2-coc1-rec3"):
            keep = {"recommendations"}
            assert item.model_dump(exclude=keep) == old[item.id].model_dump(exclude=keep), item.id
    assert after.commentary == before.commentary and after.letter == before.letter


# ---------------------------------------------------------------- make → fill → read


def test_word_round_trip_takes_the_forces_answers(cli, example):
    source = example(LETTER)
    before = reading.read(source)
    form = fill_word(make(cli, source, ".docx"), WORD_ANSWERS)
    result = cli("returns", "read", source, form)
    assert result.code == 0, result.err
    assert "5 taken" in result.out and "0 conflicts" in result.out
    assert "took s1.1-afi1 force response" in result.out
    assert_word_answers_taken(source, before)


def test_word_form_shape(cli, example):
    """Boxes are content controls tagged responder:<id>:<field>; the status is a list; the
    inspectorate's words are outside every control; real styles."""
    from docx import Document

    form = make(cli, example(LETTER), ".docx")
    document = Document(str(form))
    root = document.element
    tags = [t.get(_W + "val") for t in root.iter(_W + "tag")]
    assert "responder:s1.1-afi1:force" in tags
    assert "responder:s1.2-coc1-rec1:action_status" in tags
    assert "responder:s1.1-afi1:action_status" not in tags  # an area for improvement has none
    assert all(re.fullmatch(r"responder:[\w.-]+:(force|action_status|action_explanation|"
                            r"owner|due|section_force)", t) or re.fullmatch(
                                r"responder:response:(overall_force|completed_(name|role|date))", t)
               for t in tags)
    status = next(s for s in root.iter(_W + "sdt")
                  if s.find(f"{_W}sdtPr/{_W}tag").get(_W + "val").endswith(":action_status"))
    items = [i.get(_W + "value") for i in status.iter(_W + "listItem")]
    assert items == ["taken", "proposed", "none"]
    words = "The force should evaluate its problem-solving activity consistently"
    for sdt in root.iter(_W + "sdt"):
        assert words not in "".join(sdt.itertext())
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Quote"} <= styles
    assert "Please return this form by Friday 25 October 2019." in [
        p.text for p in document.paragraphs]
    # Existing answers are filled in, so a second round shows what was said before.
    afi = next(s for s in root.iter(_W + "sdt")
               if s.find(f"{_W}sdtPr/{_W}tag").get(_W + "val") == "responder:s1.1-afi1:force")
    assert "Since April 2019 all 27 neighbourhood teams" in "".join(afi.itertext())


def test_excel_round_trip_takes_the_forces_answers(cli, example):
    source = example(LETTER)
    before = reading.read(source)
    form = fill_excel(make(cli, source, ".xlsx"), {
        ("s1.1-afi1", "Force response"): WORD_ANSWERS["responder:s1.1-afi1:force"],
        ("s1.1-afi1", "Owner"): "Superintendent A. Example",
        ("s1.1-afi1", "Target date"): dt.datetime(2020, 6, 30),
        ("s1.2-coc1-rec3", "Action status"): "Action taken",
        ("s1.2-coc1-rec3", "Action explanation"): "The second unit opened in January 2020.",
    })
    result = cli("returns", "read", source, form)
    assert result.code == 0, result.err
    assert "5 taken" in result.out
    assert_word_answers_taken(source, before)


def test_excel_form_shape(cli, example):
    form = make(cli, example(LETTER), ".xlsx")
    book = load_workbook(form)
    assert len(book.worksheets) == 1
    sheet = book.active
    head, columns = header(sheet)
    for title in ("id", "Force response", "Action status", "Action explanation", "Owner",
                  "Target date"):
        assert title in columns
    assert sheet.freeze_panes == f"C{head + 1}"  # the id (hidden) and the reference stay
    assert sheet.protection.sheet and not sheet.protection.password
    rows = {sheet.cell(r, 1).value: r for r in range(head + 1, sheet.max_row + 1)}
    rec = rows["s1.2-coc1-rec1"]
    assert sheet.cell(rec, columns["What the inspectorate said"]).protection.locked
    assert sheet.cell(rec, columns["id"]).protection.locked
    assert not sheet.cell(rec, columns["Force response"]).protection.locked
    assert not sheet.cell(rec, columns["Action status"]).protection.locked
    afi = rows["s1.1-afi1"]
    assert sheet.cell(afi, columns["Action status"]).protection.locked  # no action on an AFI
    assert sheet.cell(rec, columns["Force response"]).alignment.wrap_text
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == '"Action taken,Action proposed,No action"'
    assert f"{sheet.cell(rec, columns['Action status']).coordinate}" in str(lists[0].sqref)
    assert sheet.column_dimensions["E"].width > 30


def test_only_missing_lists_only_what_the_force_has_not_answered(cli, example):
    source = example(LETTER)
    doc = editing.load(source)
    target = next(f for _, f in doc.response.walk_findings() if f.id == "s1.2-afi1")
    target.force = None
    doc.save()
    form = make(cli, source, ".xlsx", "--only-missing", "--due", "1/11/2019")
    sheet = load_workbook(form).active
    head, columns = header(sheet)
    ids = [sheet.cell(r, 1).value for r in range(head + 1, sheet.max_row + 1)]
    assert "s1.2-afi1" in ids and "s1.1-afi1" not in ids and "s1.2-coc1" not in ids
    # In this example the force answered each cause of concern as a whole, so its
    # recommendations still lack a comment of their own; they come with their context.
    words = {sheet.cell(r, 1).value: sheet.cell(r, columns["What the inspectorate said"]).value
             for r in range(head + 1, sheet.max_row + 1)}
    assert all(words[key].startswith("(Cause of concern:") for key in ids if "-rec" in key)
    assert "Please return by Friday 1 November 2019." in sheet.cell(2, 2).value


# ---------------------------------------------------------------- conflicts and second reads


def test_a_conflict_keeps_the_office_text_and_writes_the_forces_to_a_conflict_copy(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".docx")
    # Meanwhile the office rewrites the same comment in the response.
    doc = editing.load(source)
    afi = next(f for _, f in doc.response.walk_findings() if f.id == "s1.1-afi1")
    afi.force = Passage(text="The office's own rewording.")
    doc.save()
    fill_word(form, {"responder:s1.1-afi1:force": "The force's new wording.",
                     "responder:s1.2-afi1:owner": "DCI B. Example"})
    result = cli("returns", "read", source, form)
    assert result.code == 1, result.err
    assert "1 taken" in result.out and "1 conflict," in result.out
    assert "conflict: s1.1-afi1 force response" in result.out
    assert finding(source, "s1.1-afi1").force.text == "The office's own rewording."
    assert finding(source, "s1.2-afi1").tracking.owner == "DCI B. Example"
    copies = list(source.parent.glob(f"{source.stem}.conflict-*.yaml"))
    assert len(copies) == 1
    assert re.fullmatch(rf"{re.escape(source.stem)}\.conflict-\d{{4}}-\d\d-\d\d-\d{{4}}\.yaml",
                        copies[0].name)
    assert copies[0].name in result.out
    assert finding(copies[0], "s1.1-afi1").force.text == "The force's new wording."

    # The same return read again: nothing changes, nothing new is written.
    before = snapshot(source.parent)
    again = cli("returns", "read", source, form)
    assert again.code == 0, again.err
    assert snapshot(source.parent) == before
    assert "already in" in again.out and copies[0].name in again.out


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_reading_the_same_return_twice_changes_nothing(cli, example, suffix):
    source = example(LETTER)
    form = make(cli, source, suffix)
    if suffix == ".docx":
        fill_word(form, WORD_ANSWERS)
    else:
        fill_excel(form, {("s1.1-afi1", "Force response"): "Line one\nLine two",
                          ("s1.1-afi1", "Target date"): "30 June 2020"})
    first = cli("returns", "read", source, form)
    assert first.code == 0 and "Saved" in first.out
    before = snapshot(source.parent)
    second = cli("returns", "read", source, form)
    assert second.code == 0, second.err
    assert " 0 taken" in second.out and "is unchanged" in second.out
    assert snapshot(source.parent) == before


def test_an_untouched_form_changes_nothing(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".docx")
    before = snapshot(source.parent)
    result = cli("returns", "read", source, form)
    assert result.code == 0 and "0 taken" in result.out
    assert snapshot(source.parent) == before


def test_dry_run_writes_nothing(cli, example):
    source = example(LETTER)
    form = fill_word(make(cli, source, ".docx"), WORD_ANSWERS)
    before = snapshot(source.parent)
    result = cli("returns", "read", source, form, "--dry-run")
    assert result.code == 0
    assert "5 would take" in result.out and "Dry run" in result.out
    assert snapshot(source.parent) == before


def test_rows_that_match_no_finding_are_named(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".xlsx")
    doc = editing.load(source)  # the office removes a finding after the form went out
    section = next(s for _, s in doc.response.walk_sections() if s.id == "s1.2")
    section.findings = [f for f in section.findings if f.id != "s1.2-afi1"]
    doc.save()
    fill_excel(form, {("s1.2-afi1", "Owner"): "Someone"})
    result = cli("returns", "read", source, form)
    assert result.code == 1
    assert "not matched: s1.2-afi1" in result.out


def test_a_return_read_while_the_response_is_open_for_interview(cli, example):
    """The interview holds the lock and saves as it goes: both sides' answers survive."""
    from responder.response.autosave import Autosaver

    source = example(LETTER)
    form = fill_word(make(cli, source, ".docx"), WORD_ANSWERS)
    now = dt.datetime(2019, 10, 20, 10, 0)
    lock = acquire(source, now)
    try:
        interview = Autosaver(editing.load(source))
        result = cli("returns", "read", source, form)
        assert result.code == 0, result.err
        assert "open for interview" in result.err
        # The commissioner answers in the interview after the return was read.
        item = next(f for _, f in interview.response.walk_findings() if f.id == "s1.3-afi1")
        item.commissioner = Passage(text="The commissioner's answer during the read.")
        saved = interview.save(now)
        assert saved.merged and not saved.clashes
    finally:
        lock.release()
    assert finding(source, "s1.1-afi1").force.text == WORD_FORCE
    assert finding(source, "s1.3-afi1").commissioner.text == (
        "The commissioner's answer during the read.")


# ---------------------------------------------------------------- bad input: one line, exit 2


def assert_refused(cli, source: Path, form: Path, words: str) -> None:
    before = snapshot(source.parent)
    result = cli("returns", "read", source, form)
    assert result.code == 2, result.out
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert words in result.err, result.err
    assert form.name in result.err
    assert "Traceback" not in result.err
    assert snapshot(source.parent) == before


def test_a_form_from_another_response_is_refused(cli, example):
    source = example(LETTER)
    other = make(cli, example(STATEMENT), ".xlsx")
    assert_refused(cli, source, other, "is a form for another response")


def test_a_file_that_is_not_a_form_is_refused(cli, example, tmp_path):
    source = example(LETTER)
    letter = source.with_name("letter.docx")
    assert cli("render", source, "-o", letter).code == 0
    assert_refused(cli, source, letter, "is not a responder form")
    text = source.with_name("notes.docx")
    text.write_text("not a document", encoding="utf-8")
    assert_refused(cli, source, text, "is not a Word document")
    sheet = source.with_name("budget.xlsx")
    from openpyxl import Workbook

    Workbook().save(sheet)
    assert_refused(cli, source, sheet, "is not a responder form")
    old = source.with_name("old.xls")
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert_refused(cli, source, old, "save it as .docx")


def test_a_form_whose_ids_were_lost_is_refused(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".docx")
    with zipfile.ZipFile(form) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    parts["word/document.xml"] = re.sub(rb"responder:[\w.-]+:(\w+)(:\w+)?", b"",
                                        parts["word/document.xml"])
    with zipfile.ZipFile(form, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_refused(cli, source, form, "has lost its ids")


def test_a_form_whose_structure_was_broken_is_refused(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".xlsx")
    book = load_workbook(form)
    sheet = book.active
    head, columns = header(sheet)
    sheet.cell(head, columns["Owner"]).value = "Lead"  # a header renamed
    book.save(form)
    assert_refused(cli, source, form, "no column headed 'Owner'")

    form = make(cli, source, ".xlsx")
    book = load_workbook(form)
    sheet = book.active
    head, columns = header(sheet)
    sheet.cell(head + 2, columns["id"]).value = None  # an id deleted
    book.save(form)
    assert_refused(cli, source, form, f"row {head + 2}: the form's structure was changed")

    form = make(cli, source, ".docx")
    with zipfile.ZipFile(form) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for run in root.iter(_W + "r"):  # the hidden label beside the first box deleted
        if run.find(f"{_W}rPr/{_W}vanish") is not None and "s1.1-afi1:force" in "".join(
                run.itertext()):
            run.getparent().remove(run)
            break
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(form, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_refused(cli, source, form, "structure was changed")


def test_an_action_status_not_on_the_list_is_refused(cli, example):
    source = example(LETTER)
    form = fill_excel(make(cli, source, ".xlsx"),
                      {("s1.2-coc1-rec3", "Action status"): "Maybe later"})
    assert_refused(cli, source, form, "the action status 'Maybe later' is not on the list")
    form = fill_word(make(cli, source, ".docx"),
                     {"responder:s1.2-coc1-rec3:action_status": "Perhaps"})
    assert_refused(cli, source, form, "s1.2-coc1-rec3, Action status")


def test_a_date_that_is_not_a_date_is_refused(cli, example):
    source = example(LETTER)
    form = fill_word(make(cli, source, ".docx"), {"responder:s1.1-afi1:due": "end of March"})
    assert_refused(cli, source, form, "s1.1-afi1, Target date: the target date 'end of March' "
                   "is not a date")
    form = fill_excel(make(cli, source, ".xlsx"), {("s1.1-afi1", "Target date"): "31/02/2020"})
    assert_refused(cli, source, form, "is not a real date")


def test_one_bad_form_among_several_writes_nothing(cli, example):
    source = example(LETTER)
    good = fill_word(make(cli, source, ".docx"), WORD_ANSWERS)
    bad = fill_excel(make(cli, source, ".xlsx"), {("s1.1-afi1", "Target date"): "soon"})
    before = snapshot(source.parent)
    result = cli("returns", "read", source, good, bad)
    assert result.code == 2 and "form.xlsx" in result.err
    assert snapshot(source.parent) == before


def test_make_refuses_an_output_it_cannot_write(cli, example):
    source = example(LETTER)
    result = cli("returns", "make", source, "-o", source.with_name("form.pdf"))
    assert result.code == 2 and "name it .docx (Word) or .xlsx (Excel)" in result.err
    result = cli("returns", "make", source, "-o", source.with_name("no-folder") / "f.docx")
    assert result.code == 2 and "does not exist" in result.err
    result = cli("returns")
    assert result.code == 2 and "choose 'make'" in result.err


# ---------------------------------------------------------------- re-saved by LibreOffice

EXCEL_ANSWERS = {
    ("s1.1-afi1", "Force response"): WORD_ANSWERS["responder:s1.1-afi1:force"],
    ("s1.1-afi1", "Owner"): "Superintendent A. Example",
    ("s1.1-afi1", "Target date"): dt.date(2020, 6, 30),
    ("s1.2-coc1-rec3", "Action status"): "Action taken",
    ("s1.2-coc1-rec3", "Action explanation"): "The second unit opened in January 2020.",
}


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, Path]:
    """The Northmoor letter's forms, untouched and filled in, in Word and Excel, each opened
    and saved again by LibreOffice as a force without Word would: one start of LibreOffice
    for the Word forms and one for the workbooks, shared by the tests below (each reads
    them into a copy of its own of the letter the forms were made from)."""
    from responder.cli import main

    folder = tmp_path_factory.mktemp("resaved")
    source = folder / next(EXAMPLES.glob(f"{LETTER}*.yaml")).name
    shutil.copyfile(next(EXAMPLES.glob(f"{LETTER}*.yaml")), source)
    forms = {}
    for name in ("untouched.docx", "filled.docx", "untouched.xlsx", "filled.xlsx"):
        forms[name] = folder / name
        assert main(["returns", "make", str(source), "-o", str(forms[name])]) == 0
    fill_word(forms["filled.docx"], WORD_ANSWERS)
    fill_excel(forms["filled.xlsx"], EXCEL_ANSWERS)
    made = {"letter": source}
    for fmt in ("docx", "xlsx"):
        names = [f"untouched.{fmt}", f"filled.{fmt}"]
        for name, result in zip(names, libreoffice_all([forms[n] for n in names], fmt, folder),
                                strict=True):
            made[name] = result
    return made


def own_letter(resaved: dict[str, Path], tmp_path: Path) -> Path:
    source = tmp_path / resaved["letter"].name
    shutil.copyfile(resaved["letter"], source)
    return source


@NEEDS_SOFFICE
def test_a_word_return_resaved_by_libreoffice_still_reads(cli, resaved, tmp_path):
    source = own_letter(resaved, tmp_path)
    before = reading.read(source)
    form = resaved["filled.docx"]
    text = zipfile.ZipFile(form).read("word/document.xml")
    assert b"<w:tag " not in text  # LibreOffice really did drop the tags
    result = cli("returns", "read", source, form)
    assert result.code == 0, result.err
    assert "5 taken" in result.out
    assert_word_answers_taken(source, before)


@NEEDS_SOFFICE
def test_an_excel_return_resaved_by_libreoffice_still_reads(cli, resaved, tmp_path):
    source = own_letter(resaved, tmp_path)
    before = reading.read(source)
    form = resaved["filled.xlsx"]
    result = cli("returns", "read", source, form)
    assert result.code == 0, result.err
    assert "5 taken" in result.out
    assert_word_answers_taken(source, before)
    # Protection survives; the frozen header does not (headless LibreOffice has no view).
    assert load_workbook(form).active.protection.sheet


@NEEDS_SOFFICE
def test_an_untouched_form_resaved_by_libreoffice_changes_nothing(cli, resaved, tmp_path):
    source = own_letter(resaved, tmp_path)
    for fmt in ("docx", "xlsx"):
        before = snapshot(source.parent)
        result = cli("returns", "read", source, resaved[f"untouched.{fmt}"])
        assert result.code == 0 and " 0 taken" in result.out, result.out + result.err
        assert snapshot(source.parent) == before


# ---------------------------------------------------------------- the fields, directly


def test_markdown_survives_a_form_as_lines():
    from responder.returns import fields

    text = ("First paragraph.\n\n- one\n  - one and a half\n- two\n\n1. first\n2. second\n\n"
            "Last **bold** words.")
    shown = fields.shown("force", text)
    assert shown.split("\n") == ["First paragraph.", "- one", "  - one and a half", "- two",
                                 "1. first", "2. second", "Last **bold** words."]
    assert fields.read_value("force", shown) == text
    # Windows line endings, Word's line breaks and blank paragraphs change nothing.
    assert fields.fingerprint("force", fields.read_value("force", shown.replace("\n", "\r\n\r\n"))
                              ) == fields.fingerprint("force", text)


def test_a_line_break_inside_a_word_paragraph_starts_a_paragraph(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".docx")
    with zipfile.ZipFile(form) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    box = next(s for s in root.iter(_W + "sdt")
               if s.find(f"{_W}sdtPr/{_W}tag").get(_W + "val") == "responder:s1.2-afi1:owner")
    content = box.find(_W + "sdtContent")
    for child in list(content):
        content.remove(child)
    run = etree.SubElement(etree.SubElement(content, _W + "p"), _W + "r")
    etree.SubElement(run, _W + "t").text = "DCI A"
    etree.SubElement(run, _W + "br")
    etree.SubElement(run, _W + "t").text = "DI B"
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(form, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert cli("returns", "read", source, form).code == 0
    assert finding(source, "s1.2-afi1").tracking.owner == "DCI A DI B"  # an owner is one line


def test_a_withheld_comment_stays_withheld_when_the_force_rewrites_it():
    from responder.response.model import Finding, Withheld
    from responder.returns import fields

    item = Finding(kind="area_for_improvement", text="Improve.",
                   force=Passage(text="Old.", withheld=Withheld(reason="personal_safety")))
    fields.put(item, "force", "New words.")
    assert item.force.text == "New words." and item.force.withheld.reason == "personal_safety"
    fields.put(item, "due", dt.date(2026, 3, 31))
    fields.put(item, "owner", "")
    assert item.tracking.due == dt.date(2026, 3, 31) and item.tracking.owner is None


def test_ids_are_written_into_the_response_before_a_form_names_them(cli, tmp_path):
    source = tmp_path / "hand.yaml"
    source.write_text(
        "responder: 1\nbody: {name: Office of the PCC for Fenmarsh}\nforce: {name: Fenmarsh Police}\n"
        "report: {title: A thematic inspection}\nsections:\n  - title: Custody\n    findings:\n"
        "      - kind: area_for_improvement\n        text: Improve custody records.\n",
        encoding="utf-8")
    result = cli("returns", "make", source, "-o", tmp_path / "form.xlsx")
    assert result.code == 0 and "Wrote the findings' ids" in result.out
    text = source.read_text(encoding="utf-8")
    assert "id: s1\n" in text and "id: s1-afi1" in text
    # Made again: the ids are there, the file is left alone.
    before = source.read_bytes()
    again = cli("returns", "make", source, "-o", tmp_path / "form.docx")
    assert again.code == 0 and "Wrote the findings' ids" not in again.out
    assert source.read_bytes() == before
    assert "(Word form, 1 finding)" in again.out


def test_someone_saving_the_same_answer_during_the_read_keeps_both(cli, example, monkeypatch):
    """An interview saves the owner the force also changed, between our load and our save:
    the file keeps the interview's words, the force's go to a conflict copy, exit 1."""
    from responder.response.autosave import Autosaver

    source = example(LETTER)
    form = fill_word(make(cli, source, ".docx"), WORD_ANSWERS)
    real_save = Autosaver.save

    def interview_saves_first(self, now):
        other = editing.load(source)
        item = next(f for _, f in other.response.walk_findings() if f.id == "s1.1-afi1")
        item.tracking = {"owner": "The interview's owner"}
        other.save()
        return real_save(self, now)

    monkeypatch.setattr(Autosaver, "save", interview_saves_first)
    result = cli("returns", "read", source, form)
    assert result.code == 1, result.err
    assert "was changed by someone else at the same time" in result.out
    assert finding(source, "s1.1-afi1").tracking.owner == "The interview's owner"
    assert finding(source, "s1.2-coc1-rec3").action.status == "taken"  # no clash: merged
    copies = list(source.parent.glob(f"{source.stem}.conflict-*.yaml"))
    assert len(copies) == 1
    assert finding(copies[0], "s1.1-afi1").tracking.owner == "Superintendent A. Example"


def test_every_cell_of_the_word_form_ends_in_a_paragraph(cli, example):
    """Word offers to repair a document whose table cell ends in anything else."""
    form = make(cli, example(LETTER), ".docx")
    root = etree.fromstring(zipfile.ZipFile(form).read("word/document.xml"))
    cells = list(root.iter(_W + "tc"))
    assert cells and all(cell[-1].tag == _W + "p" for cell in cells)


# ---------------------------------------------------------------- never over an unread form


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_make_refuses_to_overwrite_a_returned_form_not_yet_read(cli, example, suffix):
    # QA finding 12: a second `returns make` under the same name destroyed the force's answer.
    source = example(LETTER)
    form = make(cli, source, suffix)
    if suffix == ".docx":
        fill_word(form, {"responder:s1.1-afi1:force": "FORCE ANSWER NOT YET READ"})
    else:
        fill_excel(form, {("s1.1-afi1", "Force response"): "FORCE ANSWER NOT YET READ"})
    before = snapshot(source.parent)
    result = cli("returns", "make", source, "-o", form, "--only-missing")
    assert result.code == 2
    assert result.err.strip() == (
        f"{form}: holds the force's answers, not yet read (s1.1-afi1 force response): run "
        f"'responder returns read {source} {form}' first, or choose another name")
    assert snapshot(source.parent) == before
    # Once read, the form holds nothing new and may be replaced.
    assert cli("returns", "read", source, form).code == 0
    again = cli("returns", "make", source, "-o", form)
    assert again.code == 0, again.err
    assert again.out.startswith(f"Replaced {form} (")


def test_make_replaces_an_untouched_form_saying_so(cli, example):
    source = example(LETTER)
    form = make(cli, source, ".docx")
    result = cli("returns", "make", source, "-o", form)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Replaced {form} (Word form")


def test_make_refuses_another_responses_form(cli, example):
    source = example(LETTER)
    other = make(cli, example(STATEMENT), ".xlsx")
    before = other.read_bytes()
    result = cli("returns", "make", source, "-o", other)
    assert result.code == 2
    assert "is a form for another response" in result.err
    assert other.read_bytes() == before


def test_make_refuses_a_word_document_responder_did_not_write(cli, example):
    from docx import Document

    source = example(LETTER)
    mine = source.with_name("office notes.docx")
    Document().save(mine)
    before = mine.read_bytes()
    result = cli("returns", "make", source, "-o", mine)
    assert result.code == 2
    assert result.err.strip() == (f"{mine}: exists and was not written by responder; the form "
                                  "would overwrite it (choose another name with -o)")
    assert mine.read_bytes() == before


def test_make_replaces_a_file_that_is_not_an_office_document(cli, example):
    source = example(LETTER)
    junk = source.with_name("form.docx")
    junk.write_text("half-written\n", encoding="utf-8")
    result = cli("returns", "make", source, "-o", junk)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Replaced {junk}")


@pytest.mark.parametrize(("fmt", "kind"), [("xlsx", "an Excel workbook"), ("docx", "a Word document")])
def test_the_instructions_read_as_english(fmt, kind):
    from responder.returns.form import instructions

    response = reading.read(Path(__file__).parent.parent / "examples" / "letter-northmoor-peel-2018-19.yaml")
    last = instructions(response, dt.date(2019, 10, 25), fmt)[-1]
    assert f"Save it as {kind} (." in last
    assert "send it back to the Office of the Police and Crime Commissioner for Northmoor by " \
        "Friday 25 October 2019." in last


# ---------------------------------------------------------------- several returns by wildcard


def test_read_expands_a_wildcard_and_leaves_out_office_lock_files(cli, example, monkeypatch):
    # QA finding 19: PowerShell passes 'Returned*.xlsx' through; Excel's "~$" owner file
    # sits beside an open workbook.
    source = example(LETTER)
    form = make(cli, source, ".xlsx")
    fill_excel(form, {("s1.1-afi1", "Force response"): "From the crime team."},
               out=source.with_name("Returned - Crime.xlsx"))
    lock = source.with_name("~$turned - Crime.xlsx")
    lock.write_bytes(b"\x0bJane Smith" + b"\x00" * 40)
    monkeypatch.chdir(source.parent)
    result = cli("returns", "read", source.name, "*Crime.xlsx", "--dry-run")
    assert result.code == 0, result.err
    assert "Returned - Crime.xlsx: 1 would take" in result.out
    assert result.err.strip() == ("~$turned - Crime.xlsx: left out: the lock file Word or "
                                  "Excel keeps while a form is open, not a form")
    alone = cli("returns", "read", source.name, lock.name, "--dry-run")
    assert alone.code == 2
    assert alone.err.strip() == ("~$turned - Crime.xlsx: is the lock file Word or Excel keeps "
                                 "while a form is open, not a form: close the form and give "
                                 "its own name")
    none = cli("returns", "read", source.name, "Nothing*.xlsx")
    assert none.code == 2 and none.err.strip() == "Nothing*.xlsx: no files match this pattern"
