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

from conftest import EXAMPLES, ROOT

WELSH = EXAMPLES / "welsh" / "letter-teifi-tywi-peel-2024.yaml"
GOLDEN = ROOT / "tests" / "golden"
PAPER_FIXTURES = ROOT / "tests" / "fixtures" / "paper"
MEETING = "2025-02-06"
ENGLISH_PROFILE = """\
[office.committee]
name = "Joint Independent Audit Committee"
classification = "OFFICIAL"
contact = "Sam Patel"
contact_role = "Head of Policy and Scrutiny"
contact_email = "sam.patel@northmoor-pcc.example"
"""


@pytest.fixture(autouse=True)
def template_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RESPONDER_CACHE_DIR", str(tmp_path / "cache"))


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
