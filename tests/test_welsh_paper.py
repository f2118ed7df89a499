"""Welsh and English beyond the letter (issue 29, the rest): the committee paper in Welsh, the
force's forms in Welsh, the reason a response is late as a translated passage, and the English
half of a bilingual Word document proofed as English.

English-only offices see no change: their paper is compared, byte for byte (the web page) and
part for part (the Word document), with what responder wrote before Welsh came to the paper
(tests/golden/paper-english.*, written by the code on main before this change).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from test_paper import PROFILE

from conftest import EXAMPLES, ROOT

WELSH = EXAMPLES / "welsh" / "letter-teifi-tywi-peel-2024.yaml"
GOLDEN = ROOT / "tests" / "golden"
PAPER_FIXTURES = ROOT / "tests" / "fixtures" / "paper"
MEETING = "2025-02-06"
ENGLISH_PROFILE = PROFILE  # the English paper tests' office


def office(tmp_path: Path, monkeypatch, profile: str) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "responder.toml").write_text(profile, encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    return folder


def docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {name: hashlib.sha256(package.read(name)).hexdigest()
                for name in sorted(package.namelist())}


# ---------------------------------------------------------------- English offices unchanged


def english_papers(cli, tmp_path: Path, monkeypatch) -> tuple[bytes, dict[str, str]]:
    """The paper of an English-only office over every example (the Welsh one included: its
    office publishes in English only here), as a web page and as a full Word document."""
    folder = office(tmp_path, monkeypatch, ENGLISH_PROFILE)
    shutil.copytree(PAPER_FIXTURES, folder / "hmicfrs")
    sources = [folder / "hmicfrs", *sorted(EXAMPLES.glob("*.yaml")), WELSH]
    result = cli("progress", *sources, "-o", folder / "paper.html", "--item", "06",
                 "--meeting-date", MEETING, "--since", "2024-11-01")
    assert result.code == 0, result.err
    result = cli("progress", *sources, "-o", folder / "paper.docx", "--full", "--today", "2024-03-14")
    assert result.code == 0, result.err
    return (folder / "paper.html").read_bytes(), docx_parts(folder / "paper.docx")


def test_an_english_only_office_gets_the_same_paper_byte_for_byte(cli, tmp_path, monkeypatch):
    html, parts = english_papers(cli, tmp_path, monkeypatch)
    assert html == (GOLDEN / "paper-english.html").read_bytes()
    before = json.loads((GOLDEN / "paper-english-docx.json").read_text(encoding="utf-8"))
    assert [name for name in before if before[name] != parts.get(name)] == []
    assert sorted(parts) == sorted(before)


# ---------------------------------------------------------------- the committee paper in Welsh

WELSH_PROFILE = """\
[office]
languages = ["cy", "en"]

[office.committee]
name = "Joint Audit Committee"
classification = "OFFICIAL"
contact = "Eleri Morgan"
contact_role = "Head of Policy"

[office.committee.cy]
name = "Cyd-bwyllgor Archwilio"
classification = "SWYDDOGOL"
contact_role = "Pennaeth Polisi"
"""


@pytest.fixture
def welsh_office(tmp_path, monkeypatch) -> Path:
    folder = office(tmp_path, monkeypatch, WELSH_PROFILE)
    shutil.copyfile(WELSH, folder / WELSH.name)
    return folder


def html_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


def paper_in(cli, folder: Path, name: str, *more: str):
    return cli("progress", folder / WELSH.name, "-o", folder / name, "--item", "06",
               "--meeting-date", MEETING, *more)


def test_a_welsh_office_tables_its_paper_in_welsh_and_in_english(cli, welsh_office):
    from test_welsh import english_fragments

    result = paper_in(cli, welsh_office, "paper.html")
    assert result.code == 0, result.err
    assert "paper-cy.html" in result.out and "Cymraeg" in result.out and "English" in result.out
    cy, en = welsh_office / "paper-cy.html", welsh_office / "paper-en.html"
    assert '<html lang="cy-GB">' in cy.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in en.read_text(encoding="utf-8")
    welsh, english = html_text(cy), html_text(en)
    # The fixed wording from the catalogue, Welsh dates, the profile's Welsh names.
    for said in ("Mae'r ddogfen hon hefyd ar gael yn Saesneg.", "SWYDDOGOL",
                 "Eitem 06 ar yr agenda", "Cyd-bwyllgor Archwilio", "6 Chwefror 2025",
                 "Diweddariad AHGTEF", "1. Diben", "2. Arolygiad PEEL Heddlu Teifi a Thywi",
                 "a gyhoeddwyd ar 14 Mawrth 2024", "Gwnaed un argymhelliad a dau faes i'w wella ynddo.",
                 "Roedd yr adroddiad yn nodi dau faes i'w wella.", "Pennaeth Polisi",
                 "Atodiad: y gofrestr canfyddiadau ar 6 Chwefror 2025", "Cyfeirnod", "Ar agor",
                 "Adroddiad Swyddfa Comisiynydd Heddlu a Throseddu Teifi a Thywi"):
        assert said in welsh, said
    # The inspectorate's words from its Welsh edition, the office's from their translations.
    assert "Atal troseddu" in welsh and "Dylai'r heddlu wella pa mor gyflym" in welsh
    assert "Argymhelliad o dan yr achos pryder" in welsh
    assert "Camau a gymerwyd: Daeth polisi dyrannu diwygiedig i rym" in welsh
    assert [f for f in english_fragments() if f in welsh] == []
    for word in ("Purpose", "Background documents", "Contact officer", "Report of the", "OFFICIAL"):
        assert word not in welsh
    # The English paper is English, and says where the Welsh is.
    assert "This document is also available in Welsh." in english and "1. Purpose" in english
    assert "OFFICIAL" in english and "Head of Policy" in english and "Diben" not in english


def test_one_language_with_lang_and_the_word_paper_says_its_language(cli, welsh_office):
    result = paper_in(cli, welsh_office, "papur.docx", "--lang", "cy")
    assert result.code == 0, result.err
    assert sorted(p.name for p in welsh_office.glob("*.docx")) == ["papur.docx"]
    with zipfile.ZipFile(welsh_office / "papur.docx") as package:
        core = package.read("docProps/core.xml").decode()
        styles = package.read("word/styles.xml").decode()
        footer = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        body = package.read("word/document.xml").decode()
    assert "<dc:language>cy-GB</dc:language>" in core and 'w:val="cy-GB"' in styles
    assert "Tudalen " in footer and "Page " not in footer
    assert "Mae'r ddogfen hon hefyd ar gael yn Saesneg." in body.replace("&apos;", "'")


def test_a_passage_still_without_welsh_shows_its_english_and_is_named(cli, welsh_office):
    from responder.response import editing

    doc = editing.load(welsh_office / WELSH.name)
    finding = next(f for _, f in doc.response.walk_findings() if f.id == "s2-coc1-rec1")
    finding.action.explanation = "A new allocation policy came into force."
    doc.save()
    result = paper_in(cli, welsh_office, "paper.html", "--lang", "cy")
    assert result.code == 0, result.err
    assert "finding s2-coc1-rec1, action (out of date)" in result.err
    assert "translate make" in result.err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_no_welsh_word_is_broken_inside_a_table_cell_of_the_pdf(cli, welsh_office):
    """The Welsh headings are longer than the English ("Cyfanswm", "Gwyrdd"): the summary
    table's columns are sized for them."""
    pytest.importorskip("pypdfium2")
    from test_paper import _fragments

    for name in ("paper.docx", "paper.pdf"):
        assert paper_in(cli, welsh_office, name, "--lang", "cy").code == 0
    cells, broken = _fragments(welsh_office / "paper.docx", welsh_office / "paper.pdf")
    assert {"Cyfanswm", "Gwyrdd", "Cyfeirnod"} <= cells
    assert sorted(broken - {"Tudalen"}) == []  # the footer's "Tudalen N o M"


# ---------------------------------------------------------------- the reason a response is late

REASON = "The Chief Constable's comments arrived after the date we had agreed"
RHESWM = "Daeth sylwadau'r Prif Gwnstabl i law ar ôl y dyddiad a gytunwyd"


@pytest.fixture
def late(tmp_path, cli) -> Path:
    """The Welsh example, published twelve days late, with the office's reason in English."""
    target = tmp_path / WELSH.name
    shutil.copyfile(WELSH, target)
    result = cli("record", target, "published", "2024-05-20", "--late-reason", REASON)
    assert result.code == 0, result.err
    return target


def test_the_late_reason_needs_its_welsh_and_goes_to_the_translator(cli, late):
    from lxml import etree

    result = cli("check", late, "--final", "--today", "2024-05-21")
    assert result.code == 1
    assert "the reason the response is late: WELSH error: has no Welsh version" in result.out
    xlf = late.with_suffix(".xlf")
    result = cli("translate", "make", late, "-o", xlf)
    assert result.code == 0, result.err and "1 passage" in result.out
    tree = etree.parse(str(xlf))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    unit = tree.find(".//x:unit[@id='process.late_reason']", ns)
    assert unit.find(".//x:source", ns).text == REASON
    target = etree.SubElement(unit.find(".//x:segment", ns), f"{{{ns['x']}}}target")
    target.text = RHESWM
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    result = cli("translate", "read", late, xlf)
    assert result.code == 0, result.err
    assert f"late_reason:\n      text: {RHESWM}\n      en: {REASON}\n" in late.read_text(encoding="utf-8")
    result = cli("check", late, "--final", "--today", "2024-05-21")
    assert "WELSH" not in result.out
    # The English changed afterwards: its Welsh is out of date, and named again.
    assert cli("record", late, "published", "2024-05-20", "--late-reason", REASON + " in March").code == 0
    result = cli("check", late, "--final", "--today", "2024-05-21")
    assert "the reason the response is late: WELSH error" in result.out and "out of date" in result.out


@pytest.mark.parametrize("shape", ["letter", "statement"])
def test_the_welsh_document_states_the_late_reason_in_welsh(cli, late, shape):
    from responder.response import editing
    from responder.response.model import ProcessCy, Translation

    doc = editing.load(late)
    doc.response.process.cy = ProcessCy(late_reason=Translation(text=RHESWM, en=REASON))
    doc.save()
    result = cli("render", late, "--format", "html", "--shape", shape, "--today", "2024-05-21")
    assert result.code == 0, result.err
    welsh = html_text(late.with_name(late.stem + "-cy.html"))
    english = html_text(late.with_name(late.stem + "-en.html"))
    assert RHESWM + "." in welsh and REASON not in welsh
    assert REASON + "." in english and RHESWM not in english


# ---------------------------------------------------------------- the bilingual Word document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_the_english_half_of_a_bilingual_word_document_is_proofed_as_english(cli, tmp_path):
    from lxml import etree

    source = tmp_path / WELSH.name
    shutil.copyfile(WELSH, source)
    out = tmp_path / "both.docx"
    result = cli("render", source, "--bilingual", "-o", out, "--today", "2024-05-01")
    assert result.code == 0, result.err
    with zipfile.ZipFile(out) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        styles = package.read("word/styles.xml").decode()
    assert 'w:val="cy-GB"' in styles  # the document's own language: Welsh, first
    paragraphs = body.findall(f".//{{{W}}}p")

    def text(p):
        return "".join(p.itertext())

    def langs(p):
        return {node.get(f"{{{W}}}val") for node in p.iter(f"{{{W}}}lang")}

    # One clean cut: the Welsh half carries the document's language, the English half en-GB,
    # from the page that starts it to the end.
    start = next(i for i, p in enumerate(paragraphs) if langs(p))
    assert paragraphs[start].find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None
    welsh = [p for p in paragraphs[:start] if text(p).strip()]
    english = [p for p in paragraphs[start:] if text(p).strip()]
    assert any("Annwyl Ysgrifennydd Cartref" in text(p) for p in welsh)
    assert any("Dear Home Secretary" in text(p) for p in english)
    assert not any("Dear Home Secretary" in text(p) for p in welsh)
    assert english and all(langs(p) == {"en-GB"} for p in english)
    # Every run of text in the English half, and each paragraph's mark, says en-GB.
    for p in english:
        for run in p.iter(f"{{{W}}}r"):
            if run.find(f"{{{W}}}t") is not None:
                assert run.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "en-GB"
        assert p.find(f"{{{W}}}pPr/{{{W}}}rPr/{{{W}}}lang") is not None


# ---------------------------------------------------------------- the force's forms in Welsh


@pytest.fixture
def welsh_copy(tmp_path) -> Path:
    target = tmp_path / WELSH.name
    shutil.copyfile(WELSH, target)
    return target


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


def test_a_welsh_word_form_for_the_force_reads_back(cli, welsh_copy):
    from test_returns import fill_word, finding

    form = welsh_copy.with_name("ffurflen.docx")
    result = cli("returns", "make", welsh_copy, "-o", form, "--lang", "cy", "--due", "2024-04-19")
    assert result.code == 0, result.err
    xml = docx_text(form).replace("&apos;", "'")
    for said in ("Sylwadau gan Heddlu Teifi a Thywi", "Adroddiad: PEEL 2023–25: arolygiad o Heddlu",
                 "Dychwelwch y ffurflen hon erbyn dydd Gwener 19 Ebrill 2024.", "Sut i'w llenwi",
                 "Ymateb yr heddlu", "Dyddiad targed", "Argymhelliad o dan yr achos pryder",
                 "Dylai'r heddlu wella pa mor gyflym", "Atal troseddu",
                 'w:displayText="Camau arfaethedig"', "Dewiswch ddyddiad.", 'w:lid w:val="cy-GB"'):
        assert said in xml, said
    for english in ("Force response", "Please return", "How to fill it in", "Choose a date.",
                    "Action proposed", "The force should"):
        assert english not in xml, english
    with zipfile.ZipFile(form) as package:
        assert 'w:val="cy-GB"' in package.read("word/styles.xml").decode()
    # Untouched, it changes nothing; filled in (in English, as forces do, with the Welsh
    # drop-down's choice and a date as Word writes it in Welsh), every answer is taken.
    result = cli("returns", "read", welsh_copy, form)
    assert result.code == 0 and "0 taken" in result.out, result.out + result.err
    fill_word(form, {
        "responder:s1-afi1:force": "Neighbourhood officers now have protected time.",
        "responder:s1-afi1:owner": "Superintendent Rhys",
        "responder:s1-afi1:due": "31 Mawrth 2025",
        "responder:s2-coc1-rec1:action_status": "Camau arfaethedig",
    })
    result = cli("returns", "read", welsh_copy, form)
    assert result.code == 0, result.err
    afi, rec = finding(welsh_copy, "s1-afi1"), finding(welsh_copy, "s2-coc1-rec1")
    assert afi.force.text == "Neighbourhood officers now have protected time."
    assert afi.tracking.owner == "Superintendent Rhys" and str(afi.tracking.due) == "2025-03-31"
    assert rec.action.status == "proposed"


def test_a_welsh_excel_form_for_the_force_reads_back(cli, welsh_copy):
    from openpyxl import load_workbook
    from test_returns import fill_excel, finding, header

    form = welsh_copy.with_name("ffurflen.xlsx")
    result = cli("returns", "make", welsh_copy, "-o", form, "--lang", "cy")
    assert result.code == 0, result.err
    sheet = load_workbook(form).active
    _, columns = header(sheet)
    assert {"Cyfeirnod", "Adran", "Ymateb yr heddlu", "Statws y camau", "Perchennog",
            "Dyddiad targed"} <= set(columns)
    assert sheet.title == "Canfyddiadau" and "Force response" not in columns
    assert any("Camau a gymerwyd" in (v.formula1 or "") for v in sheet.data_validations.dataValidation)
    assert cli("returns", "read", welsh_copy, form).out.count("0 taken") == 1
    import datetime as dt

    fill_excel(form, {("s1-afi1", "Ymateb yr heddlu"): "Protected time since April.",
                      ("s1-afi1", "Dyddiad targed"): dt.datetime(2025, 3, 31),
                      ("s2-coc1-rec1", "Statws y camau"): "Dim camau"})
    result = cli("returns", "read", welsh_copy, form)
    assert result.code == 0, result.err
    afi, rec = finding(welsh_copy, "s1-afi1"), finding(welsh_copy, "s2-coc1-rec1")
    assert afi.force.text == "Protected time since April." and str(afi.tracking.due) == "2025-03-31"
    assert rec.action.status == "none"


def test_an_english_form_is_unchanged_by_the_welsh_option(cli, example):
    """The default form is English, word for word as before (the same cover and labels)."""
    source = example("letter-northmoor")
    form = source.with_name("form.docx")
    assert cli("returns", "make", source, "-o", form).code == 0
    xml = docx_text(form)
    for said in ("Comments from Northmoor Police", "How to fill it in", "Force response",
                 'w:lid w:val="en-GB"', "Choose a date.", "Type in the blue boxes on the right "
                 "of each table: the force's comment on each finding"):
        assert said in xml, said


# ---------------------------------------------------------------- owners' update requests in Welsh


def test_a_welsh_update_request_reads_back(cli, tmp_path):
    from openpyxl import load_workbook
    from test_requests import FORENSICS, TODAY, form_of, key, make, tracking
    from test_returns import fill_excel, fill_word, header

    folder = tmp_path / "register"
    shutil.copytree(EXAMPLES, folder)
    (tmp_path / "responder.toml").write_text(
        '[owners]\n"Head of Forensic Services" = "forensics@northmoor.police.uk"\n',
        encoding="utf-8")
    out = make(cli, folder, "--lang", "cy")
    form = form_of(out, FORENSICS)
    xml = docx_text(form).replace("&apos;", "'")
    for said in ("Cais am ddiweddariad: Head of Forensic Services", "Sut i'w llenwi",
                 "Diweddariad", "Pam y symudodd y dyddiad", 'w:displayText="Ar waith"',
                 'w:displayText="Ambr"', "Nawr: Ar waith; dyddiad targed 30 Ebrill 2020 (yn hwyr)."):
        assert said in xml, said
    for english in ("Update request", "How to fill it in", "Why the date moved", "Not started"):
        assert english not in xml, english
    k = key(folder)
    filled = fill_word(form, {
        f"responder:{k}:update": "New laboratory contract signed.",
        f"responder:{k}:status": "Ar waith", f"responder:{k}:rag": "Ambr",
        f"responder:{k}:due": "30 Medi 2024",
        f"responder:{k}:due_reason": "The laboratory opens in the summer"},
        tmp_path / "back.docx")
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 0, result.err
    assert "1 update taken" in result.out
    after = tracking(folder)
    assert after.status == "in_progress" and after.rag == "amber" and str(after.due) == "2024-09-30"
    assert after.updates[-1].text == "New laboratory contract signed."
    # The Excel request: Welsh headers, read back by them.
    out = make(cli, folder, "--lang", "cy", "--format", "xlsx")
    form = form_of(out, FORENSICS, "xlsx")
    _, columns = header(load_workbook(form).active)
    assert {"Diweddariad", "Statws", "CAG", "Dyddiad targed", "Tystiolaeth"} <= set(columns)
    filled = fill_excel(form, {(k, "Diweddariad"): "Contract let.", (k, "Statws"): "Cyflawn",
                               (k, "Tystiolaeth"): "Contract register entry 114"},
                        tmp_path / "back.xlsx")
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 0, result.err
    assert tracking(folder).status == "complete"


def test_reading_an_english_form_never_loads_the_welsh_catalogue(cli, example):
    """The Welsh labels are asked for only when the English did not match: an English
    office's returns read costs what it did (Babel and the catalogue stay unloaded)."""
    import os
    import subprocess
    import sys

    source = example("letter-northmoor")
    form = source.with_name("form.docx")
    assert cli("returns", "make", source, "-o", form).code == 0
    code = ("import sys; from responder.cli import main; "
            f"code = main(['returns', 'read', {str(source)!r}, {str(form)!r}]); "
            "print('LOADED', 'babel.messages' in sys.modules, code)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120)
    assert "LOADED False 0" in done.stdout, done.stdout + done.stderr
