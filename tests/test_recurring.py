"""Findings raised before: RECURRING in check, "raised before" in import, the interview's hint."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from responder.compliance import recurring
from responder.response import editing

ROOT = Path(__file__).parent.parent
EARLIER = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"
LATER = ROOT / "tests" / "fixtures" / "recurring" / "northmoor-peel-2023-25.yaml"
TODAY = "2024-07-01"

REWORDED = [
    ("The force should improve the supervision of investigations.",
     "The force should make sure that its investigations are effectively supervised."),
    ("The force should ensure that all members of its workforce hold the level of vetting their "
     "role requires.",
     "The force should make sure that every officer and member of staff has the vetting level "
     "their role requires."),
    ("The force should improve the timeliness of its complaint investigations and keep "
     "complainants regularly informed of progress.",
     "The force should investigate complaints more quickly and keep complainants informed about "
     "the progress of their complaint."),
]
UNRELATED = [
    ("The force should improve the supervision of investigations.",
     "The force should improve the supervision of its response officers' use of body-worn video."),
    ("The force should ensure that all members of its workforce hold the level of vetting their "
     "role requires.",
     "The force should make sure that its workforce plans reflect the demand it faces."),
    ("The force should improve how it records crime, so that all reported crimes are recorded.",
     "The force should ensure that officers record the grounds for every stop and search."),
    # Two national recommendations that share only the body and its instrument.
    ("By 31 March 2026, the College of Policing should revise its authorised professional "
     "practice on detention and custody to include guidance on the care of neurodivergent "
     "detainees.",
     "By 30 June 2024, the College of Policing should update its authorised professional "
     "practice on stalking to include guidance on the use of protection orders."),
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """A working folder (no responder.toml) with the 2019 response and the 2024 one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    target = tmp_path / "responses"
    target.mkdir()
    shutil.copyfile(EARLIER, target / EARLIER.name)
    shutil.copyfile(LATER, target / LATER.name)
    return target


@pytest.mark.parametrize("earlier, later", REWORDED)
def test_reworded_findings_match(earlier, later):
    assert recurring.similarity(earlier, later) >= recurring.THRESHOLD


@pytest.mark.parametrize("one, other", UNRELATED)
def test_unrelated_findings_do_not(one, other):
    assert recurring.similarity(one, other) < recurring.THRESHOLD


def test_two_national_reports_naming_no_force_are_not_the_same_force(cli, tmp_path, monkeypatch):
    """import writes a placeholder force for a national report; two such reports are not
    one force's, so nothing is "raised before" between them."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    fixtures = ROOT / "tests" / "fixtures" / "import"
    first = cli("import", fixtures / "thematic-stalking-2023.txt", "-o", tmp_path / "a.yaml")
    assert first.code == 0, first.err
    second = cli("import", fixtures / "thematic-2025-custody.txt", "-o", tmp_path / "b.yaml")
    assert second.code == 0, second.err
    assert "raised before" not in second.out + second.err
    assert recurring_lines(cli("check", tmp_path / "b.yaml", "--today", "2026-01-01").out) == []


def recurring_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if "RECURRING" in line]


def test_check_flags_findings_raised_before_in_the_same_folder(cli, folder):
    result = cli("check", folder / LATER.name, "--today", TODAY)
    lines = recurring_lines(result.out)
    flagged = sorted(line.split(": ")[1].split(" (")[0] for line in lines)
    assert flagged == ["s1-afi1", "s1-afi2", "s2-afi1"]  # not the firearms or crime-recording ones
    rec3 = next(line for line in lines if line.split(": ")[1].startswith("s1-afi2"))
    assert ("RECURRING warning: raised before: PEEL: Police effectiveness, efficiency and "
            "legitimacy 2018/19 – An inspection of Northmoor Police (27 September 2019), "
            "s1.2-coc1-rec3") in rec3
    assert "letter-northmoor-peel-2018-19.yaml" in rec3 and "say what is different" in rec3
    assert result.code == 0  # a warning, not an error


def test_the_earlier_report_is_not_flagged_by_the_later_one(cli, folder):
    result = cli("check", folder, "--today", TODAY)
    lines = recurring_lines(result.out)
    assert len(lines) == 3 and all(line.split(":")[0].endswith(LATER.name) for line in lines)


def test_another_force_is_not_a_repeat(cli, folder):
    other = editing.load(folder / LATER.name)
    other.response.force.name = "Wessex Police"
    other.save()
    assert recurring_lines(cli("check", folder / LATER.name, "--today", TODAY).out) == []


def test_alone_in_its_folder_nothing_is_raised_before(cli, folder, tmp_path):
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(LATER, alone / LATER.name)
    assert recurring_lines(cli("check", alone / LATER.name, "--today", TODAY).out) == []


def test_the_archive_in_responder_toml_is_searched(cli, folder, tmp_path):
    archive = tmp_path / "archive" / "2019"
    archive.mkdir(parents=True)
    (folder / EARLIER.name).rename(archive / EARLIER.name)
    (tmp_path / "responder.toml").write_text('[register]\narchive = "archive"\n', encoding="utf-8")
    lines = recurring_lines(cli("check", folder / LATER.name, "--today", TODAY).out)
    assert len(lines) == 3 and "archive" in lines[0]
    (tmp_path / "responder.toml").write_text('[register]\narchive = "nowhere"\n', encoding="utf-8")
    result = cli("check", folder / LATER.name, "--today", TODAY)
    assert result.code == 2 and "[register] archive: no such folder 'nowhere'" in result.err


def test_import_says_raised_before(cli, folder, tmp_path):
    earlier = editing.load(folder / EARLIER.name)
    earlier.response.force.name = "Wessex Police"  # the force of the fixture report, earlier
    earlier.save()
    report = ROOT / "tests" / "fixtures" / "import" / "peel-2021-22-wessex.txt"
    result = cli("import", report, "-o", folder / "wessex-2022.yaml")
    assert result.code == 0, result.err
    assert "raised before, in other words" in result.out
    assert ("s2-afi2: raised before: PEEL: Police effectiveness, efficiency and legitimacy "
            "2018/19 – An inspection of Northmoor Police (27 September 2019), s1.2-afi1") in result.out


def test_the_interview_shows_the_earlier_finding_and_what_was_said(folder, monkeypatch):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from responder.drafting.interview import run_interview

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text("w\rThe 2019 plan stalled; a new risk team starts in July.\x1b\rq\r")
        keyboard.close()
        result = run_interview(folder / LATER.name, role="force", today=dt.date(2024, 7, 1),
                               input=keyboard, output=PlainTextOutput(screen))
    text = screen.getvalue()
    assert result.code == 0
    assert "Raised before: PEEL: Police effectiveness, efficiency and legitimacy 2018/19" in text
    assert "s1.2-coc1-rec4" in text
    assert "What was said then:" in text and "Victims have told my office" in text
    assert "Say what is different this time." in text


def test_import_with_a_bad_archive_still_writes_the_response(cli, folder, tmp_path):
    (tmp_path / "responder.toml").write_text('[register]\narchive = "nowhere"\n', encoding="utf-8")
    report = ROOT / "tests" / "fixtures" / "import" / "peel-2021-22-wessex.txt"
    result = cli("import", report, "-o", folder / "wessex-2022.yaml")
    assert result.code == 0 and (folder / "wessex-2022.yaml").exists()
    assert "could not look for findings raised before" in result.err


def test_recurring_offers_the_superseded_link_and_it_works(cli, folder):
    result = cli("check", folder / LATER.name, "--today", TODAY)
    rec3 = next(line for line in recurring_lines(result.out)
                if line.split(": ")[1].startswith("s1-afi2"))
    offered = rec3.split("if this finding supersedes it: ")[1]
    earlier = folder / EARLIER.name
    assert offered == (f"responder track {earlier} s1.2-coc1-rec3 --superseded-by "
                       f"{LATER.name}#s1-afi2")
    words = offered.split()[1:]  # after "responder"
    assert cli(*words, "--today", TODAY).code == 0
    from responder.after import register
    from responder.response import reading

    done = register.find(reading.read(earlier), "s1.2-coc1-rec3").finding.tracking
    assert done.status == "superseded" and str(done.superseded_by) == f"{LATER.name}#s1-afi2"
    later = register.find(reading.read(folder / LATER.name), "s1-afi2").finding.tracking
    assert [str(link) for link in later.supersedes] == [f"{EARLIER.name}#s1.2-coc1-rec3"]
    # Closed or superseded, it is no longer offered.
    again = cli("check", folder / LATER.name, "--today", TODAY)
    assert "s1.2-coc1-rec3 --superseded-by" not in again.out
