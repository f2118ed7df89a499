"""The wrong kind of file given to a command: one line saying what it is and what takes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
EXAMPLE = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"

# Every command that reads a response file, as it is called with FILE.
READERS = [
    ("render", "{}"), ("check", "{}"), ("validate", "{}"), ("status", "{}"),
    ("deadline", "{}"), ("track", "{}", "s1-coc1", "--update", "x"), ("record", "{}", "invited"),
    ("returns", "make", "{}", "-o", "form.docx"), ("progress", "{}", "-o", "paper.docx"),
]


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """The force's Word and Excel forms, made once from the Northmoor example."""
    from responder.cli import main

    folder = tmp_path_factory.mktemp("forms")
    response = folder / EXAMPLE.name
    shutil.copyfile(EXAMPLE, response)
    for name in ("force return.xlsx", "force return.docx"):
        assert main(["returns", "make", str(response), "-o", str(folder / name)]) == 0
    return folder


@pytest.fixture
def office(tmp_path, monkeypatch, forms):
    """A folder as QA had it: the report, the response and the force's two forms."""
    monkeypatch.chdir(tmp_path)
    for made in forms.iterdir():
        shutil.copyfile(made, tmp_path / made.name)
    shutil.copyfile(FIXTURES / "peel-2023-25-ashdown.pdf", tmp_path / "Ashdown PEEL.pdf")
    shutil.copyfile(FIXTURES / "peel-2023-25-ashdown.html", tmp_path / "report.html")
    return tmp_path / EXAMPLE.name


def call(reader: tuple[str, ...], name: str) -> list[str]:
    return [part.format(name) for part in reader]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: " ".join(r[:2]))
def test_a_report_given_as_a_response_names_import(cli, office, reader):
    result = cli(*call(reader, "Ashdown PEEL.pdf"))
    assert result.code == 2
    assert result.err.strip() == ('Ashdown PEEL.pdf: is a report or document, not a response '
                                  'file; to read an inspection report in, run: responder import '
                                  '"Ashdown PEEL.pdf"')
    web = cli(*call(reader, "report.html"))
    assert web.code == 2
    assert "report.html: is a report or document" in web.err


@pytest.mark.parametrize("reader", READERS, ids=lambda r: " ".join(r[:2]))
def test_a_workbook_given_as_a_response_names_returns_read(cli, office, reader):
    result = cli(*call(reader, "force return.xlsx"))
    assert result.code == 2
    assert result.err.strip() == (
        'force return.xlsx: is an Excel workbook — a returns form? bring it in with '
        f'`responder returns read {office.name} "force return.xlsx"`')


@pytest.mark.parametrize("reader", READERS, ids=lambda r: " ".join(r[:2]))
def test_a_returns_form_given_as_a_response_names_returns_read(cli, office, reader):
    result = cli(*call(reader, "force return.docx"))
    assert result.code == 2
    assert result.err.strip() == (
        'force return.docx: is a returns form made by responder; bring it in with '
        f'`responder returns read {office.name} "force return.docx"`')


def test_an_excel_workbook_not_made_by_responder_still_names_returns_read(cli, office):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Finding"
    book.save("their own.xlsx")
    result = cli("check", "their own.xlsx")
    assert result.code == 2
    assert result.err.strip() == (
        'their own.xlsx: is an Excel workbook — a returns form? bring it in with '
        '`responder returns read RESPONSE.yaml "their own.xlsx"`')


def test_import_of_a_form_names_returns_read(cli, office):
    workbook = cli("import", "force return.xlsx", "-o", "x.yaml")
    assert workbook.code == 2
    assert workbook.err.strip() == (
        'force return.xlsx: is an Excel workbook — a returns form? bring it in with '
        f'`responder returns read {office.name} "force return.xlsx"`')
    form = cli("import", "force return.docx", "-o", "x.yaml")
    assert form.code == 2
    assert form.err.strip() == (
        'force return.docx: is a returns form made by responder; bring it in with '
        f'`responder returns read {office.name} "force return.docx"`')
    assert not Path("x.yaml").exists()


def test_import_still_reads_a_word_report(cli, office):
    shutil.copyfile(FIXTURES / "peel-2023-25-ashdown.docx", "Ashdown PEEL.docx")
    result = cli("import", "Ashdown PEEL.docx", "-o", "ashdown.yaml")
    assert result.code == 0, result.err
