"""responder site: the office's website pages and open data.

The site is built once per module from copies of the examples, with the small Thornbury
example recorded as published four days late, so every verdict, a withheld passage and
a late response are all on it; then each test looks at it as a reader, an auditor, a
scraper or the office's web team would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import axe, describe
from conftest import EXAMPLES, example_files

TODAY = "2024-03-08"
SMALL = "small-thornbury-child-protection-2024"
NORTHMOOR = "letter-northmoor-peel-2018-19"
WESSEX = "statement-wessex-legitimacy-2017"
# The small example's withheld commissioner comment, and its note for the full version.
WITHHELD = ["Linfold Road", "Names a children's home and its location"]
HAS_LIBREOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
PDF_FLAG = [] if HAS_LIBREOFFICE else ["--no-pdf"]


def site_cli(*args: str | Path) -> tuple[int, str, str]:
    """Run `responder ARGS` in-process, capturing what it prints (for module fixtures)."""
    import contextlib

    from responder.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def copy_examples(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in example_files():
        shutil.copyfile(source, folder / source.name)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        base = tmp_path_factory.mktemp("site")
        patch.setenv("RESPONDER_CACHE", str(base / "cache"))
        responses = copy_examples(base / "responses")
        # The last day for Thornbury's report (5 January 2024) is 29 February 2024.
        code, _, err = site_cli("record", responses / f"{SMALL}.yaml", "published",
                                "2024-03-04", "--today", TODAY)
        assert code == 0, err
        out_dir = base / "www"
        code, out, err = site_cli("site", responses, "-o", out_dir, "--today", TODAY, *PDF_FLAG)
        assert code == 0, err
        yield {"dir": out_dir, "responses": responses, "out": out, "err": err}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- what is on it


def test_the_site_has_an_index_a_page_per_response_progress_and_the_data(built):
    site = built["dir"]
    names = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    expected = {"index.html", "progress.html", "responses.csv", "responses.json",
                "findings.csv", "findings.json", "responses.schema.json",
                "findings.schema.json", ".responder-site.json"}
    for stem in (SMALL, NORTHMOOR, WESSEX):
        expected |= {f"responses/{stem}.html", f"responses/{stem}.docx"}
        if HAS_LIBREOFFICE:
            expected.add(f"responses/{stem}.pdf")
    assert names == expected
    assert built["out"].startswith(f"Wrote {site}") and "3 published responses" in built["out"]


def test_the_index_lists_each_response_newest_first_by_year_with_its_verdict(built):
    page = soup(built["dir"] / "index.html")
    assert [h.get_text() for h in page.find_all("h2")][:3] == ["2024", "2019", "2018"]
    rows = page.select("table.responses tbody tr")
    found = []
    for row in rows:
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        title = row.th.a.get_text()
        found.append((title, cells[:4]))
        links = {a.get_text(" ", strip=True).split(":")[0].strip(): a["href"]
                 for a in row.select("td.links a")}
        stem = Path(row.th.a["href"]).stem
        assert links["Web page"] == f"responses/{stem}.html"
        assert links["Word"] == f"responses/{stem}.docx"
        assert ("PDF" in links) == HAS_LIBREOFFICE
    assert found == [
        ("National child protection inspection: Thornbury Constabulary",
         ["5 January 2024", "29 February 2024", "4 March 2024", "4 days late"]),
        ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – An inspection of "
         "Northmoor Police", ["27 September 2019", "21 November 2019", "18 November 2019",
                              "On time"]),
        ("PEEL: Police legitimacy 2017 – an inspection of Wessex Vale Police",
         ["12 December 2017", "5 February 2018", "30 January 2018", "On time"]),
    ]
    # The report's own page on the inspectorate's site, where the file gives it.
    report_links = [a["href"] for a in page.select("table.responses th a")
                    if a["href"].startswith("https://")]
    assert len(report_links) == 3 and all("justiceinspectorates.gov.uk" in u for u in report_links)
    assert "One was published after the last day." in page.get_text(" ", strip=True)


def test_a_response_page_is_the_public_web_page_render_writes(built, cli, tmp_path):
    """The same content as `render --format html --final` (the public version: published, so
    no DRAFT mark, dated the day it was published), in the site's frame."""
    own = tmp_path / "own.html"
    result = cli("render", built["responses"] / f"{SMALL}.yaml", "-o", own, "--final",
                 "--date", "2024-03-04", "--today", TODAY)
    assert result.code == 0, result.err
    rendered, framed = soup(own), soup(built["dir"] / "responses" / f"{SMALL}.html")
    assert framed.title.get_text() == rendered.title.get_text()
    assert "DRAFT" not in str(framed)  # a published response on the site is final
    assert framed.html["lang"] == rendered.html["lang"] == "en-GB"
    content = framed.main
    content.find("p", class_="downloads").decompose()
    def tidy(html: str) -> str:
        return re.sub(r">\s+<", "><", html)

    assert tidy(str(content)) == tidy(str(rendered.main))
    assert "withheld from publication" in framed.main.get_text()


def test_an_unpublished_response_never_reaches_the_site(cli, tmp_path):
    """The examples as they are: Thornbury's publication is not recorded."""
    out = tmp_path / "www"
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 0, result.err
    assert f"{SMALL}.yaml: not on the site: its publication is not recorded" in result.err
    assert "2 published responses" in result.out
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert "Thornbury" not in text and "thornbury" not in text, path


def test_nothing_published_is_one_line_and_writes_nothing(cli, tmp_path):
    source = tmp_path / f"{SMALL}.yaml"
    shutil.copyfile(EXAMPLES / source.name, source)
    result = cli("site", source, "-o", tmp_path / "www", "--today", TODAY, "--no-pdf")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "responder record FILE published DATE" in result.err
    assert not (tmp_path / "www").exists()


def test_the_progress_page_shows_the_register_in_public_form(built):
    page = soup(built["dir"] / "progress.html")
    text = page.get_text(" ", strip=True)
    assert "As at 8 March 2024." in text
    captions = [c.get_text() for c in page.find_all("caption")]
    assert captions[0] == "Findings by report and status"
    assert any(c.startswith("Findings still to be closed: National child protection") for c in captions)
    # Each report links to its response's page.
    hrefs = {a["href"] for a in page.select("main h2 + p a")}
    assert {f"responses/{s}.html" for s in (SMALL, NORTHMOOR, WESSEX)} <= hrefs
    # Thornbury's red finding, past its target date of 1 March 2024.
    # Named as the letter names it, with its area, never by the file's id.
    row = next(tr for tr in page.find_all("tr") if tr.td and tr.td.get_text(" ") ==
               "Area for improvement Working with partners to protect children")
    assert "OVERDUE" in row.get_text(" ") and "Det Insp, Missing and Exploited" in row.get_text()


# ---------------------------------------------------------------- the checks


def test_every_page_has_no_axe_violations(built, browser):
    problems = []
    for path in pages(built["dir"]):
        result = axe(browser, path)
        if result["violations"]:
            problems.append(f"{path.name}: {describe(result['violations'])}")
        assert {"document-title", "html-has-lang"} <= {r["id"] for r in result["passes"]}
    assert problems == []


def test_every_page_has_a_language_a_title_one_h1_and_a_skip_link(built):
    for path in pages(built["dir"]):
        page = soup(path)
        assert page.html.get("lang") == "en-GB", path
        assert page.title and page.title.get_text().strip(), path
        assert len(page.find_all("h1")) == 1, path
        skip = page.body.find("a")  # the first thing a keyboard reaches
        assert skip.get_text() == "Skip to main content", path
        assert page.find(id=skip["href"][1:]).name == "main", path


def test_every_link_resolves_inside_the_site(built):
    site = built["dir"]
    rows = json.loads((site / "responses.json").read_text(encoding="utf-8"))["responses"]
    report_urls = {row["report_url"] for row in rows}
    checked = 0
    for path in pages(site):
        page = soup(path)
        for a in page.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme:
                # The only links out: the reports on the inspectorate's website.
                assert parts.scheme == "https" and href in report_urls, (path, href)
                continue
            assert not href.startswith("/"), (path, href)  # relative only
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file() and site.resolve() in target.parents, (path, href)
            if parts.fragment:
                assert soup(target).find(id=parts.fragment) is not None, (path, href)
            checked += 1
    assert checked > 30


def test_no_page_needs_javascript_and_each_has_a_print_stylesheet(built, browser):
    for path in pages(built["dir"]):
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and not re.search(r"\son\w+=", text), path
        assert "@media print" in text, path
    # Printed, the index keeps its table and drops the navigation and the skip link.
    page = browser.new_page()
    try:
        page.goto((built["dir"] / "index.html").as_uri())
        assert page.is_visible("header.site-header nav")
        page.emulate_media(media="print")
        assert not page.is_visible("header.site-header nav")
        assert page.is_visible("table.responses")
    finally:
        page.close()


def every_text(path: Path) -> str:
    """Every byte of a file as text a search can find words in: the file itself, each
    part of a Word document unzipped, and the text of each page of a PDF."""
    raw = path.read_bytes()
    texts = [raw.decode("utf-8", "replace")]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                part = package.read(name).decode("utf-8", "replace")
                texts.append(part)
                texts.append(re.sub(r"<[^>]+>", "", part))  # Word splits text into runs
    if raw.startswith(b"%PDF"):
        from pdf_text import page_texts
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        texts += page_texts(path)
        texts.append(json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}))
    return re.sub(r"\s+", " ", " ".join(texts).replace("\u2019", "'"))


def test_the_withheld_words_are_in_no_byte_of_the_site(built):
    files = [path for path in built["dir"].rglob("*") if path.is_file()]
    assert len(files) >= 15
    for path in files:
        text = every_text(path)
        for words in WITHHELD:
            assert words not in text, path


def test_the_word_search_finds_withheld_words_where_they_are(cli, built, tmp_path):
    """The search can fail: in the full (restricted) Word document and PDF it finds them."""
    source = built["responses"] / f"{SMALL}.yaml"
    for fmt in ("docx", "pdf") if HAS_LIBREOFFICE else ("docx",):
        out = tmp_path / f"full.{fmt}"
        assert cli("render", source, "--full", "-o", out, "--today", TODAY).code == 0
        assert WITHHELD[0] in every_text(out)


# ---------------------------------------------------------------- the open data


def load(site: Path, name: str) -> dict:
    return json.loads((site / name).read_text(encoding="utf-8"))


def test_the_data_files_validate_against_their_schemas(built):
    from jsonschema import Draft202012Validator

    site = built["dir"]
    for kind in ("responses", "findings"):
        schema = load(site, f"{kind}.schema.json")
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        document = load(site, f"{kind}.json")
        assert list(validator.iter_errors(document)) == []
        assert document["$schema"] == f"{kind}.schema.json" and document["generated"] == TODAY
    # The schema can fail: a row with a mistake in it is caught.
    schema = load(site, "responses.schema.json")
    document = load(site, "responses.json")
    document["responses"][0]["on_time"] = "yes"
    del document["responses"][0]["last_day"]
    assert len(list(Draft202012Validator(schema).iter_errors(document))) == 2


def test_the_csv_files_hold_the_json_rows(built):
    site = built["dir"]
    for kind in ("responses", "findings"):
        rows = load(site, f"{kind}.json")[kind]
        raw = (site / f"{kind}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
        table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(table) == len(rows)
        for line, row in zip(table, rows, strict=True):
            assert list(line) == list(row)
            for key, value in row.items():
                expected = "" if value is None else (str(value).lower() if isinstance(value, bool)
                                                     else str(value))
                assert line[key] == expected


def test_the_responses_data_says_when_each_was_due_and_whether_it_was_on_time(built):
    rows = {row["id"]: row for row in load(built["dir"], "responses.json")["responses"]}
    assert list(rows) == [SMALL, NORTHMOOR, WESSEX]  # newest first, as the index
    small = rows[SMALL]
    assert (small["report_published"], small["last_day"], small["response_published"],
            small["on_time"], small["days_late"]) == ("2024-01-05", "2024-02-29", "2024-03-04",
                                                      False, 4)
    assert (small["recommendations"], small["areas_for_improvement"], small["withheld_findings"],
            small["in_progress"], small["complete"], small["overdue"]) == (3, 1, 0, 3, 1, 1)
    wessex = rows[WESSEX]
    assert (wessex["last_day"], wessex["on_time"], wessex["days_late"]) == ("2018-02-05", True, 0)
    assert wessex["page"] == f"responses/{WESSEX}.html"
    assert (wessex["pdf"] is not None) == HAS_LIBREOFFICE


def test_the_findings_data_has_one_row_per_public_finding(built):
    rows = load(built["dir"], "findings.json")["findings"]
    small = [row for row in rows if row["response"] == SMALL]
    assert [row["reference"] for row in small] == ["s1-rec1", "s1-rec2", "s2-rec1", "s2-afi1"]
    rec = small[1]
    assert (rec["kind"], rec["addressee"], rec["action_status"], rec["register_status"],
            rec["target_date"], rec["overdue"], rec["last_update_date"]) == (
        "recommendation", "force", "none", "in_progress", "2024-07-05", False, "2024-01-22")
    afi = small[3]
    assert (afi["action_status"], afi["overdue"], afi["section"]) == (
        None, True, "Working with partners to protect children")
    # A recommendation under a cause of concern says which one.
    grouped = [row for row in rows if row["part_of"]]
    assert grouped and all(row["kind"] == "recommendation" for row in grouped)
    # Nothing of the comments or the update texts.
    text = json.dumps(rows)
    assert "Daily strategy discussion meeting agreed" not in text
    assert "Recording what a child says" not in text


def test_a_withheld_finding_and_an_owners_email_stay_out_of_every_file(cli, tmp_path):
    responses = copy_examples(tmp_path / "responses")
    small = responses / f"{SMALL}.yaml"
    text = small.read_text(encoding="utf-8")
    text = text.replace(
        "      - id: s2-afi1\n        kind: area_for_improvement\n",
        "      - id: s2-afi1\n        kind: area_for_improvement\n"
        "        withheld:\n          reason: personal_safety\n")
    text = text.replace("owner: Chief Supt, Head of Public Protection",
                        "owner: Chief Supt Okafor <k.okafor@thornbury.police.uk>")
    small.write_text(text, encoding="utf-8")
    assert cli("record", small, "published", "2024-02-20", "--today", TODAY).code == 0
    out = tmp_path / "www"
    result = cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 0, result.err
    secret = ["children placed in Thornbury from outside the county", "thornbury.police.uk",
              "Notification process for children placed"]
    for path in out.rglob("*"):
        if path.is_file():
            found = every_text(path)
            for words in secret:
                assert words not in found, (path, words)
    rows = {r["id"]: r for r in load(out, "responses.json")["responses"]}
    assert rows[SMALL]["withheld_findings"] == 1 and rows[SMALL]["on_time"] is True
    assert "s2-afi1" not in [r["reference"] for r in load(out, "findings.json")["findings"]
                             if r["response"] == SMALL]
    progress = soup(out / "progress.html").get_text(" ", strip=True)
    assert "Chief Supt Okafor" in progress  # the owner stays, the address goes
    assert ("Area for improvement Working with partners to protect children A passage has been "
            "withheld from publication") in progress


# ---------------------------------------------------------------- the folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def test_a_rerun_replaces_what_it_wrote_and_removes_what_it_no_longer_has(cli, tmp_path):
    responses = copy_examples(tmp_path / "responses")
    out = tmp_path / "www"
    assert cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    first = files_of(out)
    again = cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf")
    assert again.code == 0, again.err
    # Nothing changed, so not a byte changed (Word documents included): an upload of the
    # folder sends nothing again.
    assert files_of(out) == first
    (responses / f"{WESSEX}.yaml").unlink()
    third = cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf")
    assert third.code == 0, third.err
    assert f"responses/{WESSEX}.html" in third.out and "Removed 2 files" in third.out
    assert not any(WESSEX in name for name in files_of(out))
    rows = load(out, "responses.json")["responses"]
    assert [row["id"] for row in rows] == [NORTHMOOR]


@pytest.mark.parametrize("intruder", ["notes.txt", "images/logo.png", f"{WESSEX}.yaml"])
def test_a_folder_holding_files_of_someone_elses_is_refused(cli, tmp_path, intruder):
    out = tmp_path / "www"
    (out / intruder).parent.mkdir(parents=True)
    if intruder.endswith(".yaml"):
        shutil.copyfile(EXAMPLES / intruder, out / intruder)
    else:
        (out / intruder).write_bytes(b"the web team's")
    before = files_of(out)
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "is not a file responder wrote" in result.err
    assert Path(intruder).name in result.err and "Traceback" not in result.err
    assert files_of(out) == before


def test_a_file_of_someone_elses_added_later_or_an_edited_page_is_refused(cli, tmp_path):
    out = tmp_path / "www"
    assert cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    (out / "extra.html").write_text("<p>ours</p>", encoding="utf-8")
    before = files_of(out)
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 2 and "extra.html: is not a file responder wrote" in result.err
    assert files_of(out) == before
    (out / "extra.html").unlink()
    index = out / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("Open data", "Our data"),
                     encoding="utf-8")
    before = files_of(out)
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 2 and "index.html: has been changed since responder wrote it" in result.err
    assert files_of(out) == before


def test_a_file_given_as_the_folder_is_refused(cli, tmp_path):
    target = tmp_path / "www"
    target.write_text("x", encoding="utf-8")
    result = cli("site", EXAMPLES, "-o", target, "--today", TODAY, "--no-pdf")
    assert result.code == 2 and "is a file, not a folder" in result.err
    assert target.read_text(encoding="utf-8") == "x"


def test_a_damaged_list_of_files_is_refused(cli, tmp_path):
    out = tmp_path / "www"
    assert cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    (out / ".responder-site.json").write_text("{not json", encoding="utf-8")
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 2 and "is not the list responder keeps" in result.err


@pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_rerun_keeps_the_pdfs_of_unchanged_documents(built, cli, tmp_path):
    out = tmp_path / "www"
    shutil.copytree(built["dir"], out)
    before = files_of(out)
    result = cli("site", built["responses"], "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    assert "0 PDFs made, 3 kept from the last run" in result.out
    after = files_of(out)
    assert all(after[name] == before[name] for name in before if name.endswith(".pdf"))


def test_without_libreoffice_one_line_says_to_install_it_or_give_no_pdf(cli, tmp_path, monkeypatch):
    from responder.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = cli("site", EXAMPLES, "-o", tmp_path / "www", "--today", TODAY)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "LibreOffice" in result.err and "--no-pdf" in result.err
    assert not (tmp_path / "www").exists()


def test_no_pdf_leaves_out_the_pdfs_and_their_links(cli, tmp_path):
    out = tmp_path / "www"
    assert cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    assert not list(out.rglob("*.pdf"))
    assert ".pdf" not in (out / "index.html").read_text(encoding="utf-8")
    assert all(row["pdf"] is None for row in load(out, "responses.json")["responses"])


def test_the_word_documents_start_from_the_letterhead_as_renders_do(cli, tmp_path):
    from docx import Document

    base = Document()
    base.sections[0].header.paragraphs[0].text = "Wessex Vale letterhead header"
    letterhead = tmp_path / "letterhead.docx"
    base.save(str(letterhead))
    out = tmp_path / "www"
    result = cli("site", EXAMPLES / f"{WESSEX}.yaml", "-o", out, "--today", TODAY, "--no-pdf",
                 "--letterhead", letterhead)
    assert result.code == 0, result.err
    assert "Wessex Vale letterhead header" in every_text(out / "responses" / f"{WESSEX}.docx")
    assert "letterhead" not in (out / "responses" / f"{WESSEX}.html").read_text(encoding="utf-8")


def test_a_run_stopped_half_way_leaves_a_folder_the_next_run_completes(cli, tmp_path, monkeypatch):
    import errno

    from responder.response import writing

    out = tmp_path / "www"
    responses = copy_examples(tmp_path / "responses")
    assert cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    real = writing.atomic_write
    calls = []

    def full_disk(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 6:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, **kwargs)

    monkeypatch.setattr(writing, "atomic_write", full_disk)
    (responses / f"{WESSEX}.yaml").write_text(
        (responses / f"{WESSEX}.yaml").read_text(encoding="utf-8").replace(
            "PEEL: Police legitimacy 2017", "PEEL: Police legitimacy 2017 (reissued)"),
        encoding="utf-8")
    result = cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "cannot be written: the disk is full; the website is left part old, part new: run " \
        "the command again" in result.err
    monkeypatch.setattr(writing, "atomic_write", real)
    again = cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf")
    assert again.code == 0, again.err
    assert "(reissued)" in (out / "index.html").read_text(encoding="utf-8")


def test_an_offices_own_template_replaces_the_front_page(cli, tmp_path):
    own = tmp_path / "templates" / "site"
    own.mkdir(parents=True)
    (own / "index.html.j2").write_text(
        '{% extends "page.html.j2" %}{% block main %}<h1>Our responses</h1>'
        '{% for g in years %}{% for r in g.responses %}<p>{{ r.title }}</p>{% endfor %}'
        '{% endfor %}{% endblock %}', encoding="utf-8")
    out = tmp_path / "www"
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf",
                 "--templates", tmp_path / "templates")
    assert result.code == 0, result.err
    index = soup(out / "index.html")
    assert index.h1.get_text() == "Our responses" and len(index.find_all("p")) == 2
    (own / "index.html.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    result = cli("site", EXAMPLES, "-o", out, "--today", TODAY, "--no-pdf",
                 "--templates", tmp_path / "templates")
    assert result.code == 2 and "index.html.j2" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(("report", "published", "expected"), [
    ("2017-12-12", "2018-02-05", (True, 0, "On time")),  # the last day itself
    ("2017-12-12", "2018-02-06", (False, 1, "1 day late")),  # DESIGN.md's worked example
    ("2019-09-27", "2019-11-22", (False, 1, "1 day late")),
    ("2019-09-27", "2019-12-01", (False, 10, "10 days late")),
    (None, "2019-12-01", (None, None, "Not known: the report's publication date is not recorded")),
])
def test_the_verdict_follows_the_56_day_rule(report, published, expected):
    import datetime as dt

    from responder.response.reading import read
    from responder.site.data import Timeliness
    from responder.site.pages import verdict

    response = read(EXAMPLES / f"{WESSEX}.yaml")
    response.report.published = dt.date.fromisoformat(report) if report else None
    response.process.response_published = dt.date.fromisoformat(published)
    timing = Timeliness.of(response)
    assert (timing.on_time, timing.days_late, verdict(timing)) == expected


def test_a_report_address_that_is_no_web_page_is_no_link(cli, tmp_path):
    source = tmp_path / f"{WESSEX}.yaml"
    text = (EXAMPLES / source.name).read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^  url: .*$", "  url: javascript:alert(1)", text),
                      encoding="utf-8")
    out = tmp_path / "www"
    assert cli("site", source, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    for path in out.rglob("*"):
        if path.is_file():
            assert "javascript:" not in every_text(path), path
    # render's own page too: the site's response page is render's.
    own = tmp_path / "own.html"
    assert cli("render", source, "-o", own, "--today", TODAY).code == 0
    assert "javascript:" not in own.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_site_is_never_more_open_than_the_responses_it_came_from(cli, tmp_path):
    responses = copy_examples(tmp_path / "responses")
    for source in responses.iterdir():
        source.chmod(0o600)
    out = tmp_path / "www"
    assert cli("site", responses, "-o", out, "--today", TODAY, "--no-pdf").code == 0
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in out.rglob("*")
             if path.is_file() and path.name != ".responder-site.json"}
    assert modes and set(modes.values()) == {0o600}, modes
