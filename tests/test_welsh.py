"""Welsh and English (issue 29): the office's languages, the Welsh of each passage and when it
is out of date, the fixed wording through the Welsh catalogue, the two documents (or one
bilingual), check --final, and the translation round trip through XLIFF 2.0 and Excel.

The Welsh example (examples/welsh/) is a fictional Welsh force's response, fully translated.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from browser import axe, describe
from conftest import EXAMPLES

WELSH = EXAMPLES / "welsh" / "letter-teifi-tywi-peel-2024.yaml"
TODAY = "2024-05-01"
XLIFF = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


@pytest.fixture
def welsh(tmp_path) -> Path:
    target = tmp_path / WELSH.name
    shutil.copyfile(WELSH, target)
    return target


def text_of_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


def text_of_docx(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        parts = [package.read(n) for n in package.namelist()
                 if n.startswith("word/") and n.endswith(".xml")]
    words = []
    for part in parts:
        words += etree.fromstring(part).xpath("//w:t/text()", namespaces={
            "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    return " ".join("".join(words).split()) + " " + " ".join(" ".join(words).split())


def strip_welsh_comments(source: Path, target: Path) -> None:
    """The example as it stands before translation: names and the inspectorate's Welsh
    edition kept, every Welsh comment and action taken away."""
    from responder.response.reading import read
    from responder.response.roundtrip import build_tree, dump, to_plain

    response = read(source)
    response.commentary.cy = None
    for _, section in response.walk_sections():
        if section.cy:
            section.cy.force = section.cy.commissioner = None
    for _, finding in response.walk_findings():
        if finding.cy:
            finding.cy.force = finding.cy.commissioner = finding.cy.action = None
    target.write_bytes(dump(build_tree(to_plain(response))))


def body_of(path: Path) -> bytes:
    """A response file without its opening comment lines."""
    return b"".join(line for line in path.read_bytes().splitlines(keepends=True)
                    if not line.startswith(b"#"))


# ---------------------------------------------------------------- the format


def test_the_example_is_fully_translated_and_current():
    from responder.response.reading import read
    from responder.response.welsh import problems, units

    response = read(WELSH)
    assert response.languages == ["cy", "en"] and response.welsh
    assert len(units(response)) == 11
    assert problems(response) == []


def test_an_english_change_makes_its_welsh_out_of_date_but_rewrapping_does_not():
    from responder.response.model import Translation

    welsh = Translation(text="Rwy'n cytuno.", en="I agree with the report.")
    assert welsh.is_current("I agree with the report.")
    assert welsh.is_current("I agree  with the\nreport. ")  # spacing is no change
    assert not welsh.is_current("I agree with most of the report.")
    assert not Translation(text="", en="I agree.").is_current("I agree.")


def test_languages_come_from_the_profile_into_new(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    (tmp_path / "responder.toml").write_text(
        '[office]\nlanguages = ["cy", "en"]\n\n[office.body]\nname = "Office of the PCC for Teifi"\n'
        '\n[office.body.cy]\nname = "Swyddfa CHTh Teifi"\nshort_role = "CHTh"\n', encoding="utf-8")
    result = cli("new", "t.yaml", "--force", "Teifi Police", "--title", "PEEL 2025: Teifi Police")
    assert result.code == 0, result.err
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    assert "languages:\n  - cy\n  - en\n" in text
    assert "name: Swyddfa CHTh Teifi" in text


def test_an_english_only_office_writes_no_welsh_keys(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    result = cli("new", "e.yaml", "--body", "Office of the PCC for Wessex", "--force", "Wessex Police",
                 "--title", "PEEL 2025: Wessex Police")
    assert result.code == 0, result.err
    text = (tmp_path / "e.yaml").read_text(encoding="utf-8")
    assert "languages" not in text and "cy:" not in text


# ---------------------------------------------------------------- the catalogue


def test_the_welsh_catalogue_translates_every_message_and_passes_babels_checks():
    from babel.messages.pofile import read_po

    from responder.render.environment import bundled_templates

    folder = bundled_templates() / "locale"
    with (folder / "responder.pot").open("rb") as pot, (folder / "cy.po").open("rb") as po:
        template, welsh = read_po(pot), read_po(po, locale="cy")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert ids == {m.id if isinstance(m.id, str) else m.id[0] for m in welsh if m.id}
    for message in welsh:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        if isinstance(message.string, tuple):
            assert len(strings) == 6  # zero, one, two, few (3), many (6), other
    assert [problem for _, problem in welsh.check() if problem] == []


def test_welsh_joins_with_ac_before_a_vowel_and_mutates_after_a():
    from responder.render.letter import welsh_and

    assert welsh_and("tri argymhelliad") == "a thri argymhelliad"
    assert welsh_and("‘Angen gwella’ ar gyfer") == "ac ‘Angen gwella’ ar gyfer"
    assert welsh_and("dau faes i'w wella") == "a dau faes i'w wella"
    assert welsh_and("chwe achos pryder") == "a chwe achos pryder"
    assert welsh_and("effeithlonrwydd") == "ac effeithlonrwydd"


def test_welsh_dates_come_from_babels_welsh_locale():
    import datetime as dt

    from responder.render.i18n import long_date

    assert long_date(dt.date(2019, 9, 27), "cy") == "27 Medi 2019"
    assert long_date(dt.date(2018, 2, 5), "en") == "5 February 2018"


# ---------------------------------------------------------------- render


def english_fragments() -> list[str]:
    """Every fixed English phrase of the catalogue, as runs of three words or more between
    its placeholders and markup: none may appear in a Welsh document."""
    from babel.messages.pofile import read_po

    from responder.render.environment import bundled_templates

    with (bundled_templates() / "locale" / "responder.pot").open("rb") as pot:
        template = read_po(pot)
    found = set()
    for message in template:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for piece in re.split(r"%\(\w+\)s|<[^>]+>", text or ""):
                piece = " ".join(piece.split()).strip(" .,;:‘’()")
                if len(piece.split()) >= 3:
                    found.add(piece)
    return sorted(found)


@pytest.mark.parametrize("shape", ["letter", "statement"])
def test_the_welsh_documents_hold_no_english_fixed_phrase(cli, welsh, shape):
    for suffix in (".html", ".docx"):
        result = cli("render", welsh, "--lang", "cy", "--shape", shape, "-o",
                     welsh.with_suffix(suffix), "--today", TODAY)
        assert result.code == 0, result.err
    fragments = english_fragments()
    assert len(fragments) > 60  # the catalogue really was read
    for document in (text_of_html(welsh.with_suffix(".html")), text_of_docx(welsh.with_suffix(".docx"))):
        assert [f for f in fragments if f in document] == []
        assert "Dear" not in document and "Yours sincerely" not in document and "Page " not in document


def test_a_welsh_office_gets_both_documents_each_naming_the_other(cli, welsh):
    result = cli("render", welsh, "--format", "html", "--today", TODAY)
    assert result.code == 0, result.err
    cy, en = welsh.with_name(welsh.stem + "-cy.html"), welsh.with_name(welsh.stem + "-en.html")
    assert "Cymraeg" in result.out and "English" in result.out
    cy_page, en_page = cy.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in cy_page and '<html lang="en-GB">' in en_page
    cy_text, en_text = text_of_html(cy), text_of_html(en)
    assert "Mae'r ddogfen hon hefyd ar gael yn Saesneg." in cy_text
    assert "This document is also available in Welsh." in en_text
    # Welsh dates, names and the drafted letter from the catalogue.
    assert "2 Mai 2024" in cy_text and "14 Mawrth 2024" in cy_text and "8 Mai 2024" in cy_text
    assert "Annwyl Ysgrifennydd Cartref" in cy_text and "Yn gywir" in cy_text
    assert "un achos pryder, un argymhelliad a dau faes i'w wella" in cy_text
    assert "‘Digonol’ ar gyfer ymateb i'r cyhoedd, ac ‘Angen gwella’ ar gyfer" in cy_text
    assert "Gradd: Angen gwella" in cy_text and "Ymateb HTT" in cy_text
    assert "Dyma'r canfyddiad pwysicaf yn yr adroddiad." in cy_text
    assert "This is the most important finding" in en_text and "Dyma'r" not in en_text


def test_one_language_with_lang_and_the_word_document_says_its_language(cli, welsh):
    out = welsh.with_name("llythyr.docx")
    result = cli("render", welsh, "--lang", "cy", "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    assert sorted(p.name for p in welsh.parent.glob("*.docx")) == ["llythyr.docx"]
    with zipfile.ZipFile(out) as package:
        core = package.read("docProps/core.xml").decode()
        styles = package.read("word/styles.xml").decode()
        footer = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
    assert "<dc:language>cy-GB</dc:language>" in core
    assert 'w:val="cy-GB"' in styles and "Tudalen " in footer and "Page " not in footer


def test_bilingual_puts_welsh_first_in_one_document(cli, welsh):
    out = welsh.with_name("both.html")
    result = cli("render", welsh, "--bilingual", "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page and '<div lang="en-GB">' in page
    assert page.index("Annwyl Ysgrifennydd Cartref") < page.index("Dear Home Secretary")
    assert cli("render", welsh, "--bilingual", "--lang", "cy", "--today", TODAY).code == 2


def test_an_office_catalogue_overrides_a_welsh_phrase(cli, welsh, tmp_path):
    folder = tmp_path / "office"
    assert cli("templates", "export", folder).code == 0
    po = folder / "locale" / "cy.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Yn gywir"', 'msgstr "Yr eiddoch yn gywir"'),
                  encoding="utf-8")
    out = welsh.with_name("own.html")
    result = cli("render", welsh, "--lang", "cy", "-o", out, "--templates", folder, "--today", TODAY)
    assert result.code == 0, result.err
    assert "Yr eiddoch yn gywir" in text_of_html(out)


# ---------------------------------------------------------------- check --final


def test_a_stale_translation_is_caught_and_blocks_the_final_render(cli, welsh):
    text = welsh.read_text(encoding="utf-8")
    old = "commissioner: I will ask for these figures every month until the inspectorate is satisfied."
    assert old in text
    welsh.write_text(text.replace(old, old.replace("is satisfied", "is content")), encoding="utf-8")
    result = cli("check", welsh, "--final", "--today", TODAY)
    assert result.code == 1
    assert ("finding s2-coc1-rec1, PCC response: WELSH error: its Welsh is out of date"
            in result.out)
    assert "1 error" in result.out
    drafting = cli("check", welsh, "--today", TODAY)
    assert drafting.code == 0 and "WELSH warning" in drafting.out
    refused = cli("render", welsh, "--final", "--today", TODAY)
    assert refused.code == 1 and "check --strict --final finds 1 error" in refused.err
    assert list(welsh.parent.glob("*.docx")) == []


def test_check_final_names_every_passage_without_welsh(cli, welsh):
    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    result = cli("check", bare, "--final", "--today", TODAY)
    assert result.code == 1
    named = re.findall(r"bare\.yaml: (.*?): WELSH error: has no Welsh version", result.out)
    assert len(named) == 11
    assert "overall comments, TTP response" in named and "finding s2-coc1-rec1, action" in named


# ---------------------------------------------------------------- the round trip


def fill_xliff(made: Path, back: Path, welsh: dict[str, str]) -> None:
    root = etree.parse(str(made)).getroot()
    for unit in root.iterfind(".//x:unit", XLIFF):
        segment = unit.find("x:segment", XLIFF)
        target = segment.find("x:target", XLIFF)
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF['x']}}}target")
        target.text = welsh[unit.get("id")]
        segment.set("state", "translated")
    back.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def example_welsh() -> dict[str, str]:
    from responder.response.reading import read
    from responder.response.welsh import units

    return {unit.key: unit.welsh.text for unit in units(read(WELSH)) if unit.welsh}


def test_xliff_validates_and_round_trips_to_the_translated_example(cli, welsh):
    from responder.translation.xliff import problems

    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    made = welsh.with_name("bare.xlf")
    result = cli("translate", "make", bare, "-o", made)
    assert result.code == 0, result.err
    assert "11 passages to translate" in result.out
    assert problems(etree.parse(str(made)).getroot()) == []
    back = welsh.with_name("back.xlf")
    fill_xliff(made, back, example_welsh())
    assert problems(etree.parse(str(back)).getroot()) == []
    result = cli("translate", "read", bare, back)
    assert result.code == 0, result.err
    assert "Took 11 Welsh passages" in result.out
    assert body_of(bare) == body_of(WELSH)  # the translated example, byte for byte
    again = cli("translate", "read", bare, back)
    assert again.code == 0 and "11 already there" in again.out
    assert body_of(bare) == body_of(WELSH)
    assert cli("check", bare, "--final", "--today", TODAY).code == 0
    rendered = cli("render", bare, "--final", "--today", TODAY)
    assert rendered.code == 0, rendered.err


def test_our_schema_check_refuses_what_is_not_xliff_2(cli, welsh):
    made = welsh.with_name("w.xlf")
    assert cli("translate", "make", welsh, "-o", made, "--all").code == 0
    broken = welsh.with_name("broken.xlf")
    broken.write_text(made.read_text(encoding="utf-8").replace('<unit id="commentary.force"', '<unit'),
                      encoding="utf-8")
    result = cli("translate", "read", welsh, broken)
    assert result.code == 2
    assert "is not valid XLIFF 2.0" in result.err and "'id' is required" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_translation_for_another_response_is_refused(cli, welsh, example):
    made = welsh.with_name("w.xlf")
    assert cli("translate", "make", welsh, "-o", made, "--all").code == 0
    other = example("statement-wessex")
    result = cli("translate", "read", other, made)
    assert result.code == 2 and "made from another response" in result.err


def test_welsh_changed_in_the_file_meanwhile_is_kept(cli, welsh):
    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    made = welsh.with_name("bare.xlf")
    assert cli("translate", "make", bare, "-o", made).code == 0
    # Meanwhile someone types the Welsh of one passage into the file by hand.
    from responder.response import editing
    from responder.response.welsh import units

    doc = editing.load(bare)
    unit = next(u for u in units(doc.response) if u.key == "findings.s1-afi1.commissioner")
    unit.set("Bydd fy swyddfa'n gwirio hyn.")
    doc.save()
    back = welsh.with_name("back.xlf")
    fill_xliff(made, back, example_welsh())
    result = cli("translate", "read", bare, back)
    assert result.code == 1
    assert "Took 10 Welsh passages" in result.out
    assert "the response keeps its own" in result.err and "finding s1-afi1, PCC response" in result.err
    assert "Bydd fy swyddfa'n gwirio hyn." in bare.read_text(encoding="utf-8")


def test_english_changed_while_away_goes_in_out_of_date(cli, welsh):
    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    made = welsh.with_name("bare.xlf")
    assert cli("translate", "make", bare, "-o", made).code == 0
    old = "commissioner: I will ask for these figures every month until the inspectorate is satisfied."
    bare.write_text(bare.read_text(encoding="utf-8").replace(old, old.replace("is satisfied", "is content")),
                    encoding="utf-8")
    back = welsh.with_name("back.xlf")
    fill_xliff(made, back, example_welsh())
    result = cli("translate", "read", bare, back)
    assert result.code == 0, result.err
    assert "already out of date: finding s2-coc1-rec1, PCC response" in result.err
    check = cli("check", bare, "--final", "--today", TODAY)
    assert check.code == 1 and "its Welsh is out of date" in check.out
    again = cli("translate", "make", bare, "-o", welsh.with_name("again.xlf"))
    assert "1 passage to translate, 1 of them out of date" in again.out


def test_excel_round_trip(cli, welsh):
    from openpyxl import load_workbook

    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    made = welsh.with_name("bare.xlsx")
    assert cli("translate", "make", bare, "-o", made).code == 0
    book = load_workbook(made)
    sheet = book.active
    assert sheet.protection.sheet
    translations = example_welsh()
    header = next(r for r in range(1, 10) if sheet.cell(r, 5).value == "responder")
    for row in range(header + 1, sheet.max_row + 1):
        sheet.cell(row, 4).value = translations[sheet.cell(row, 5).value]
    back = welsh.with_name("back.xlsx")
    book.save(back)
    result = cli("translate", "read", bare, back)
    assert result.code == 0, result.err
    assert body_of(bare) == body_of(WELSH)


# ---------------------------------------------------------------- accessibility


def test_the_welsh_page_has_no_axe_violations(cli, welsh, browser):
    out = welsh.with_name("cy.html")
    assert cli("render", welsh, "--lang", "cy", "-o", out, "--today", TODAY).code == 0
    result = axe(browser, out)
    assert result["violations"] == [], describe(result["violations"])
    passed = {rule["id"] for rule in result["passes"]}
    assert {"document-title", "html-has-lang", "html-lang-valid"} <= passed


# ---------------------------------------------------------------- the inspectorate's Welsh edition

FIXTURES = Path(__file__).parent / "fixtures" / "welsh"
# The inspectorate's two editions of one (fictional) report, as text.
ENGLISH_EDITION = (FIXTURES / "peel-teifi-tywi-en.txt").read_text(encoding="utf-8")
WELSH_EDITION = (FIXTURES / "peel-teifi-tywi-cy.txt").read_text(encoding="utf-8")


@pytest.fixture
def imported(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    (tmp_path / "responder.toml").write_text('[office]\nlanguages = ["cy", "en"]\n', encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH_EDITION, encoding="utf-8")
    result = cli("import", "en.txt", "-o", "r.yaml", "--force", "Teifi and Tywi Police")
    assert result.code == 0, result.err
    return tmp_path / "r.yaml"


def test_the_welsh_edition_fills_each_findings_welsh_by_structure(cli, imported):
    from responder.response.reading import read

    assert read(imported).languages == ["cy", "en"]  # from the profile, by import
    warned = cli("check", imported, "--today", TODAY)
    assert "4 finding(s) without the inspectorate's Welsh words" in warned.out
    (imported.parent / "cy.txt").write_text(WELSH_EDITION, encoding="utf-8")
    result = cli("import", "cy.txt", "--lang", "cy", "--merge", imported)
    assert result.code == 0, result.err
    assert "the Welsh words of 4 findings" in result.out
    response = read(imported)
    assert response.report.cy.title == "PEEL 2023–25: arolygiad o Heddlu Teifi a Thywi"
    assert [s.cy.title for s in response.sections] == ["Atal troseddu", "Ymchwilio i droseddau",
                                                      "Ymateb i'r cyhoedd"]
    texts = [f.cy.text for _, f in response.walk_findings()]
    assert texts[0].startswith("Dylai'r heddlu sicrhau") and texts[-1].startswith("Dylai'r heddlu wella")
    assert [f.text for _, f in response.walk_findings()][0].startswith("The force should")  # English kept
    assert "without the inspectorate's Welsh words" not in cli("check", imported, "--today", TODAY).out


def test_a_welsh_edition_of_another_shape_is_refused_and_nothing_changes(cli, imported):
    before = imported.read_bytes()
    last = "Maes i'w wella 1\nDylai'r heddlu wella pa mor gyflym y mae'n ateb galwadau nad ydynt"
    fewer = WELSH_EDITION.replace(last + " yn rhai brys.\n", "")
    assert fewer != WELSH_EDITION
    (imported.parent / "cy.txt").write_text(fewer + "\nAtodiad\n\nArgymhelliad 1\nDylai pob heddlu "
                                            "wneud rhywbeth.\n", encoding="utf-8")
    result = cli("import", "cy.txt", "--lang", "cy", "--merge", imported)
    assert result.code == 2
    assert "the Welsh edition does not match r.yaml" in result.err and "nothing was changed" in result.err
    assert imported.read_bytes() == before
    assert cli("import", "cy.txt", "--lang", "cy").code == 2


def test_word_round_trip_through_the_returns_machinery(cli, welsh):
    from test_returns import fill_word

    from responder.translation.word import english_print

    bare = welsh.with_name("bare.yaml")
    strip_welsh_comments(welsh, bare)
    made = welsh.with_name("bare.docx")
    result = cli("translate", "make", bare, "-o", made)
    assert result.code == 0 and "(Word, 11 passages to translate)" in result.out
    from responder.response.reading import read
    from responder.response.welsh import units

    english = {unit.key: unit.english for unit in units(read(bare))}
    answers = {f"responder:{key}.{english_print(english[key])}:force": text
               for key, text in example_welsh().items()}
    back = fill_word(made, answers, welsh.with_name("back.docx"))
    result = cli("translate", "read", bare, back)
    assert result.code == 0, result.err
    assert "Took 11 Welsh passages" in result.out
    assert body_of(bare) == body_of(WELSH)


def test_the_message_template_holds_every_phrase_of_the_sources(tmp_path):
    """A phrase added to a template or to the drafted letter is in responder.pot (and so is
    offered to the translator): extracting again gives the same messages."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from conftest import ROOT
    from responder.render.environment import bundled_templates

    method_map = [("responder/render/**.py", "python"), ("responder/after/**.py", "python"),
                  ("responder/returns/**.py", "python"), ("templates/**.html.j2", "jinja2")]
    options = {"templates/**.html.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                        "lstrip_blocks": "True"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = {message if isinstance(message, str) else message[0]
             for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords)}
    with (bundled_templates() / "locale" / "responder.pot").open("rb") as pot:
        shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert found == shipped, (found - shipped, shipped - found)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script counts LibreOffice's starts")
def test_the_welsh_and_english_pdfs_say_their_language_and_start_libreoffice_once(
        cli, welsh, tmp_path, monkeypatch):
    real = shutil.which("soffice")
    if real is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    from responder.render import pdf

    starts = tmp_path / "starts.log"
    counting = tmp_path / "soffice"
    counting.write_text(f'#!/bin/sh\necho start >> "{starts}"\nexec "{real}" "$@"\n',
                        encoding="utf-8")
    counting.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: counting)
    result = cli("render", welsh, "--format", "pdf", "--today", TODAY)
    assert result.code == 0, result.err
    welsh_pdf = PdfReader(welsh.with_name(f"{welsh.stem}-cy.pdf"))
    assert welsh_pdf.trailer["/Root"]["/Lang"] == "cy-GB"
    # A draft says so in Welsh too.
    assert welsh_pdf.metadata.title.startswith("DRAFFT: Llythyr at yr Ysgrifennydd Cartref")
    english_pdf = PdfReader(welsh.with_name(f"{welsh.stem}-en.pdf"))
    assert english_pdf.trailer["/Root"]["/Lang"] == "en-GB"
    assert english_pdf.metadata.title.startswith("DRAFT: Letter to the Home Secretary")
    # Both versions from one start of LibreOffice, not one each.
    assert starts.read_text(encoding="utf-8").count("start") == 1
