"""The register's states (format 2): closure on evidence, a target date's trail, superseded
links both ways, no further action with its reason, and format 1 files read unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from responder.after import register
from responder.cli import main
from responder.response import editing, reading

EXAMPLES = Path(__file__).parent.parent / "examples"
LETTER = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"
STATEMENT = EXAMPLES / "statement-wessex-legitimacy-2017.yaml"
TODAY = "2024-03-14"
OPEN_REF = "s3.2-afi1"  # tracked, open, no updates yet


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    target = tmp_path / "northmoor.yaml"
    shutil.copyfile(LETTER, target)
    return target


def tracking(path: Path, ref: str):
    return register.find(reading.read(path), ref).finding.tracking


def track(path: Path, *args: str) -> int:
    try:
        return main(["track", str(path), *args, "--today", TODAY])
    except SystemExit as exc:
        return int(exc.code or 0)


def test_a_format_1_file_reads_as_it_is_and_says_2_once_saved_with_a_change(tmp_path):
    old = tmp_path / "old.yaml"
    text = LETTER.read_text(encoding="utf-8").replace("responder: 2\n", "responder: 1\n", 1)
    old.write_text(text, encoding="utf-8")
    response = reading.read(old)
    assert response.responder == 2
    assert register.find(response, "s1.1-afi1").finding.tracking.status == "closed"
    doc = editing.load(old)
    assert doc.save() is False and old.read_text(encoding="utf-8") == text  # no change: as it was
    assert track(old, OPEN_REF, "--update", "Plan agreed.") == 0
    after = old.read_text(encoding="utf-8").splitlines()
    before = text.splitlines()
    assert after[0] == "responder: 2"
    changed = [line for line in after if line not in before]
    assert changed[0] == "responder: 2" and all("Plan agreed" in line or "date:" in line
                                                 or "updates:" in line for line in changed[1:])


def test_closing_needs_evidence_and_an_approver(letter, capsys):
    before = letter.read_bytes()
    assert track(letter, OPEN_REF, "--status", "closed") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "closing needs --evidence" in err and "--approved-by" in err
    assert track(letter, OPEN_REF, "--status", "closed", "--evidence", "Audit report") == 2
    assert "closing needs --approved-by" in capsys.readouterr().err
    assert letter.read_bytes() == before
    assert track(letter, OPEN_REF, "--status", "closed", "--evidence",
                 "Internal audit report IA-24-07, on the shared drive", "--approved-by",
                 "Chief Executive", "--date", "2024-03-01") == 0
    entry = tracking(letter, OPEN_REF)
    assert (entry.status, entry.closed_on) == ("closed", dt.date(2024, 3, 1))
    assert entry.evidence == "Internal audit report IA-24-07, on the shared drive"
    assert entry.approved_by == "Chief Executive"
    assert entry.latest().evidence == entry.evidence
    assert "approved by Chief Executive" in capsys.readouterr().out
    # Reopened: the closure goes, the history keeps it.
    assert track(letter, OPEN_REF, "--status", "reopened", "--update", "Audit found gaps.") == 0
    entry = tracking(letter, OPEN_REF)
    assert (entry.status, entry.closed_on, entry.approved_by, entry.evidence) == (
        "reopened", None, None, None)
    assert entry.is_open
    assert [u.status for u in entry.updates] == ["closed", "reopened"]
    assert entry.updates[0].evidence.startswith("Internal audit report")


def test_evidence_added_to_a_finding_closed_before(letter):
    assert track(letter, "s1.1-afi1", "--evidence", "HMICFRS letter of 2 November 2021",
                 "--approved-by", "Head of Policy") == 0
    entry = tracking(letter, "s1.1-afi1")
    assert (entry.evidence, entry.approved_by) == ("HMICFRS letter of 2 November 2021",
                                                   "Head of Policy")


def test_a_moved_target_date_keeps_its_trail(letter, capsys):
    ref = "s1.2-coc1-rec3"  # due 30 April 2020
    before = letter.read_bytes()
    assert track(letter, ref, "--due", "30 September 2024") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a reason" in err and "30 April 2020" in err
    assert letter.read_bytes() == before
    assert track(letter, ref, "--due", "30 September 2024", "--reason",
                 "The new laboratory opens in the summer", "--date", "2024-03-01") == 0
    assert track(letter, ref, "--due", "31 December 2024", "--reason", "Supplier delay") == 0
    entry = tracking(letter, ref)
    assert entry.due == dt.date(2024, 12, 31) and entry.original_due == dt.date(2020, 4, 30)
    assert [(m.was, m.on, m.reason) for m in entry.due_changes] == [
        (dt.date(2020, 4, 30), dt.date(2024, 3, 1), "The new laboratory opens in the summer"),
        (dt.date(2024, 9, 30), dt.date(2024, 3, 14), "Supplier delay")]
    slip = register.slippage(entry)
    assert (slip.original, slip.current, slip.moves) == (dt.date(2020, 4, 30),
                                                          dt.date(2024, 12, 31), 2)
    capsys.readouterr()
    assert track(letter, ref) == 0
    shown = capsys.readouterr().out
    assert "Target date moved on 1 March 2024 from 30 April 2020: The new laboratory" in shown
    # Setting a first target date needs no reason.
    assert track(letter, "s1.3-afi2", "--due", "none", "--reason", "Replanned") == 0
    assert track(letter, "s1.3-afi2", "--due", "30 June 2024") == 0


def test_no_further_action_needs_its_reason(letter, capsys):
    assert track(letter, OPEN_REF, "--status", "no-further-action") == 2
    assert "needs its reason" in capsys.readouterr().err
    assert track(letter, OPEN_REF, "--status", "nfa", "--update",
                 "The service was decommissioned.") == 0
    entry = tracking(letter, OPEN_REF)
    assert entry.status == "no_further_action" and not entry.is_open


def test_superseded_links_both_ways(tmp_path, capsys):
    earlier = tmp_path / "wessex-2017.yaml"
    later = tmp_path / "northmoor-2019.yaml"
    shutil.copyfile(STATEMENT, earlier)
    shutil.copyfile(LETTER, later)
    ref = "s2-afi3"
    assert tracking(earlier, ref).status == "complete"
    before = earlier.read_bytes(), later.read_bytes()
    # A wrong file or id: one line, exit 2, neither file written.
    assert track(earlier, ref, "--superseded-by", "nowhere.yaml#s1-afi1") == 2
    assert track(earlier, ref, "--superseded-by", "northmoor-2019.yaml#s9-afi9") == 2
    assert track(earlier, ref, "--status", "superseded") == 2
    assert "--by FILE#ID" in capsys.readouterr().err
    assert (earlier.read_bytes(), later.read_bytes()) == before
    assert track(earlier, ref, "--superseded-by", "northmoor-2019.yaml#s3.2-afi1") == 0
    entry = tracking(earlier, ref)
    assert entry.status == "superseded" and str(entry.superseded_by) == "northmoor-2019.yaml#s3.2-afi1"
    other = tracking(later, "s3.2-afi1")
    assert [str(link) for link in other.supersedes] == ["wessex-2017.yaml#s2-afi3"]
    out = capsys.readouterr().out
    assert "supersedes wessex-2017.yaml#s2-afi3" in out


def test_counts_by_state_and_per_cent_complete(letter):
    assert track(letter, OPEN_REF, "--status", "nfa", "--update", "Not needed.") == 0
    counts = register.count(reading.read(letter), dt.date(2024, 3, 14))
    assert counts.no_further_action == 1
    assert counts.done == counts.complete + counts.closed + 1
    assert counts.per_cent_complete == counts.done * 100 // counts.findings
    assert counts.as_dict()["per_cent_complete"] == counts.per_cent_complete


def test_the_paper_shows_slippage_and_counts_by_state(tmp_path, capsys):
    folder = tmp_path / "folder"
    shutil.copytree(EXAMPLES, folder)
    letter = folder / LETTER.name
    ref = "s1.2-coc1-rec3"
    assert track(letter, ref, "--due", "30 September 2024", "--reason", "New laboratory") == 0
    assert track(letter, ref, "--due", "31 October 2024", "--reason", "Supplier delay") == 0
    assert track(letter, OPEN_REF, "--status", "nfa", "--update", "Not needed.") == 0
    capsys.readouterr()
    out = tmp_path / "paper.html"
    assert main(["progress", str(folder), "-o", str(out), "--today", TODAY]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Target date: 31 October 2024 (moved twice; first set for 30 April 2020)" in page
    assert "One will have no further action" in page
    assert "per cent of the findings are no longer open" in page
    capsys.readouterr()
    assert main(["progress", str(folder), "--json", "--today", TODAY]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    row = next(r for part in data["reports"] for r in part["rows"] if r["id"] == ref)
    assert (row["original_due"], row["due"], row["moved"]) == ("2020-04-30", "2024-10-31", 2)
    assert data["totals"]["no_further_action"] == 1
    assert data["totals"]["per_cent_complete"] == data["totals"]["done"] * 100 // data["totals"]["findings"]


def test_the_site_counts_the_new_states(letter):
    from responder.site.data import RESPONSE_COLUMNS, response_row

    assert track(letter, OPEN_REF, "--status", "nfa", "--update", "Not needed.") == 0
    row = response_row(reading.read(letter), "northmoor", dt.date(2024, 3, 14),
                       {"page": None, "pdf": None, "docx": None})
    assert row["no_further_action"] == 1 and set(row) == set(RESPONSE_COLUMNS)
