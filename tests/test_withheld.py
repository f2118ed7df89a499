"""Withheld means withheld: a marker is never lost, and no withheld word leaves the file
except in a full render (issue 12, items 1, 2 and 4).

Every leak test searches the outputs as bytes: every part of the unzipped .docx, the
whole web page, and everything `check` prints (terminal and --json).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from responder.response import editing, reading
from responder.response.model import Passage

SECRET = "Mill Street"  # words that appear only inside withheld passages below

MARKERS = """\
responder: 2
body:
  name: Office of the Police and Crime Commissioner for Testshire
  short_role: PCC
force:
  name: Testshire Police
  short_name: TP
report:
  title: PEEL 2023
  published: 2023-05-04
sections:
  - id: s1
    title: Protecting children
    findings:
      - id: s1-coc1
        kind: cause_of_concern
        text: The force does not protect the child at 9 Mill Street well enough.
        withheld:
          reason:   # DPO to decide
        recommendations:
          - id: s1-coc1-rec1
            kind: recommendation
            text: The force should move the child from Mill Street. TBC
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should record decisions.
        commissioner:
          text: The refuge on Mill Street will move. [insert Mill Street date]
          withheld:
      - id: s1-afi2
        kind: area_for_improvement
        text: The force should answer calls faster.
"""


def package_bytes(path: Path) -> bytes:
    """Every part of a .docx, unzipped, as bytes."""
    with zipfile.ZipFile(path) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


@pytest.fixture
def markers(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(MARKERS, encoding="utf-8")
    return path


# ---------------------------------------------------------------- item 1: never dropped


def test_a_blank_reason_survives_a_save_of_another_answer(markers):
    before = markers.read_text(encoding="utf-8")
    doc = editing.load(markers)
    doc.response.sections[0].findings[2].force = Passage(text="We answer faster now.")
    assert doc.save() is True
    after = markers.read_text(encoding="utf-8")
    # The markers stay exactly as written, comment included; only the answer is added.
    assert "        withheld:\n          reason:   # DPO to decide\n" in after
    assert "          text: The refuge on Mill Street will move. [insert Mill Street date]\n" \
        "          withheld:\n" in after
    assert after.replace("        force: We answer faster now.\n", "") == before.replace(
        "report:\n  title: PEEL 2023\n  published: 2023-05-04\n",
        "report:\n  title: PEEL 2023\n  published: 2023-05-04\n  kind: peel\n  grades: peel-2014\n")
    again = reading.read(markers)
    assert again.sections[0].findings[0].withheld is not None
    assert again.sections[0].findings[1].commissioner.withheld is not None


def test_a_new_file_writes_an_empty_marker_as_a_marker(tmp_path, markers):
    response = reading.read(markers)
    out = tmp_path / "copy.yaml"
    editing.new_document(out, response).save()
    copy = reading.read(out)
    assert copy.sections[0].findings[0].withheld is not None
    assert copy.sections[0].findings[1].commissioner.withheld is not None


def test_editing_a_withheld_comment_keeps_it_withheld(markers):
    doc = editing.load(markers)
    finding = doc.response.sections[0].findings[1]
    finding.commissioner = Passage(text="New words.", withheld=finding.commissioner.withheld)
    doc.save()
    assert reading.read(markers).sections[0].findings[1].commissioner.withheld is not None


# ---------------------------------------------------------------- item 2: a bare marker


def test_a_bare_withheld_withholds_and_check_asks_for_the_reason(cli, markers):
    response = reading.read(markers)
    assert response.sections[0].findings[1].commissioner.withheld is not None
    result = cli("check", markers, "--today", "2023-05-10")
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if "WITHHELD" in line]
    assert len(lines) == 2
    assert all("needs its reason" in line for line in lines)


@pytest.mark.parametrize("value", ["true", "yes", "[]", "'personal_safety'"])
def test_a_withheld_that_is_not_a_marker_is_refused_in_one_line(cli, tmp_path, value):
    path = tmp_path / "r.yaml"
    path.write_text(MARKERS.replace("          withheld:\n", f"          withheld: {value}\n"),
                    encoding="utf-8")
    result = cli("validate", path)
    assert result.code == 2
    assert "commissioner.withheld: expected the reason under it" in result.err
    assert "withheld: {reason: personal_safety}" in result.err


# ---------------------------------------------------------------- items 1, 2: not published


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_blank_and_bare_markers_are_not_published(cli, markers, tmp_path, fmt):
    out = tmp_path / f"public.{fmt}"
    result = cli("render", markers, "-o", out, "--today", "2023-05-10")
    assert result.code == 0, result.err
    data = package_bytes(out) if fmt == "docx" else out.read_bytes()
    assert SECRET.encode() not in data
    assert b"move the child" not in data
    assert b"A passage has been withheld from publication." in data


# ---------------------------------------------------------------- item 4: check's labels


def test_check_names_withheld_findings_by_id_and_kind_only(cli, markers):
    text = cli("check", markers, "--today", "2023-05-10")
    as_json = cli("check", markers, "--json", "--today", "2023-05-10")
    strict = cli("check", markers, "--strict", "--today", "2023-08-10")
    for result in (text, as_json, strict):
        assert result.code == 1
        output = (result.out + result.err).encode("utf-8")
        assert SECRET.encode() not in output
        assert b"move the child" not in output and b"protect the child" not in output
    assert "s1-coc1 (Cause of concern, withheld): WITHHELD error" in text.out
    # A recommendation inside a withheld cause of concern is withheld with it.
    assert "s1-coc1-rec1 (Recommendation, withheld): S55-5B error" in text.out
    assert "s1-afi1 (Area for improvement: The force should record decisions.) commissioner " \
        "comment: DRAFT-PLACEHOLDER error: a placeholder left in the text" in text.out
    # Public findings keep their words, so a reader can find them.
    assert "s1-afi2 (Area for improvement: The force should answer calls faster.)" in text.out


def test_after_a_save_the_passage_is_still_withheld_end_to_end(cli, markers, tmp_path):
    """The whole item 1 sequence: answer another finding, save, render, check."""
    doc = editing.load(markers)
    doc.response.sections[0].findings[2].commissioner = Passage(text="I will watch this.")
    doc.save()
    out = tmp_path / "public.docx"
    assert cli("render", markers, "-o", out, "--today", "2023-05-10").code == 0
    assert SECRET.encode() not in package_bytes(out)
    result = cli("check", markers, "--today", "2023-05-10")
    assert result.out.count("WITHHELD error") == 2


# ---------------------------------------------------------------- item 5: the marking in titles


def test_a_full_render_says_restricted_in_its_title(cli, markers, tmp_path):
    from docx import Document

    full_html, public_html = tmp_path / "full.html", tmp_path / "public.html"
    full_docx = tmp_path / "full.docx"
    assert cli("render", markers, "--full", "-o", full_html, "--today", "2023-05-10").code == 0
    assert cli("render", markers, "-o", public_html, "--today", "2023-05-10").code == 0
    assert cli("render", markers, "--full", "-o", full_docx, "--today", "2023-05-10").code == 0
    title = full_html.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    assert title.startswith("RESTRICTED – NOT FOR PUBLICATION: ")
    assert "RESTRICTED" not in public_html.read_text(encoding="utf-8")
    props = Document(str(full_docx)).core_properties
    assert props.title.startswith("RESTRICTED – NOT FOR PUBLICATION: ")
    assert props.content_status == "RESTRICTED – NOT FOR PUBLICATION"


def test_a_blank_beside_withheld_words_is_reported_without_its_comment(cli, tmp_path):
    """check's BLANK warning quotes a value's comment, except where it may name a secret."""
    path = tmp_path / "r.yaml"
    path.write_text(MARKERS.replace("          reason:   # DPO to decide\n",
                                    "          reason:   # DPO: the Mill Street refuge\n")
                    .replace("        text: The force should answer calls faster.\n",
                             "        text: The force should answer calls faster.\n"
                             "        force:   # ask the control room\n"), encoding="utf-8")
    for extra in ((), ("--json",)):
        result = cli("check", path, "--today", "2023-05-10", *extra)
        assert SECRET not in result.out + result.err
        assert "BLANK" in result.out
    plain = cli("check", path, "--today", "2023-05-10").out
    assert "('# ask the control room')" in plain  # a public value's comment is still quoted


def test_recurring_never_quotes_a_withheld_finding(cli, tmp_path, monkeypatch):
    """check's RECURRING warning quotes the earlier finding, except a withheld one."""
    import shutil

    from responder.compliance import recurring
    from responder.response.model import Withheld

    root = Path(__file__).parent.parent
    earlier = root / "examples" / "letter-northmoor-peel-2018-19.yaml"
    later = root / "tests" / "fixtures" / "recurring" / "northmoor-peel-2023-25.yaml"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    folder = tmp_path / "responses"
    folder.mkdir()
    shutil.copyfile(earlier, folder / earlier.name)
    shutil.copyfile(later, folder / later.name)
    old = editing.load(folder / earlier.name)
    matches = recurring.find(reading.read(folder / later.name), [(folder / earlier.name, old.response)])
    assert matches
    secret_ids = {match.earlier_ref for match in matches.values()}
    secrets = []
    for _, finding in old.response.walk_findings():
        if finding.id in secret_ids:
            finding.withheld = Withheld(reason="personal_safety")
            secrets.append(finding.text[:40])
    old.save()
    for extra in ((), ("--json",)):
        result = cli("check", folder / later.name, "--today", "2024-07-01", *extra)
        assert "RECURRING" in result.out
        for words in secrets:
            assert words not in result.out, words
