"""The register: `responder track` changes one finding at a time, saved kindly."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from responder.after import register
from responder.cli import main
from responder.response import editing, reading

EXAMPLES = Path(__file__).parent.parent / "examples"
LETTER = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"
TODAY = "2024-03-14"


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
    except SystemExit as exc:  # argparse's own mistakes (a bad --status) exit directly
        return int(exc.code or 0)


def test_closing_a_finding_on_the_same_day_as_its_update_writes_a_readable_file(letter):
    # One date object in two places must not become a YAML alias (which reading refuses).
    assert track(letter, "s3.2-afi1", "--status", "closed", "--update", "Accepted by HMICFRS",
                 "--evidence", "HMICFRS letter", "--approved-by", "Chief Executive",
                 "--date", "2024-03-01") == 0
    entry = tracking(letter, "s3.2-afi1")
    assert entry.status == "closed" and entry.closed_on == dt.date(2024, 3, 1)
    assert b"*id" not in letter.read_bytes()


@pytest.mark.parametrize("status, word", [
    ("open", "open"), ("in-progress", "in_progress"), ("complete", "complete"),
    ("closed", "closed")])
def test_each_status_change_is_saved_and_dated_in_the_updates(letter, status, word, capsys):
    ref = "s3.2-afi1"  # tracked, status open, no updates yet
    if word == "open":
        assert track(letter, ref, "--status", "complete", "--date", "2024-03-01") == 0
    closing = ["--evidence", "Audit report", "--approved-by", "CEO"] if word == "closed" else []
    assert track(letter, ref, "--status", status, "--date", "12/03/2024", *closing) == 0
    entry = tracking(letter, ref)
    assert entry.status == word
    latest = entry.latest()
    assert latest.date == dt.date(2024, 3, 12) and latest.status == word
    assert (entry.closed_on == dt.date(2024, 3, 12)) == (word == "closed")
    assert f"{ref}: status:" in capsys.readouterr().out


def test_reopening_a_closed_finding_clears_closed_on(letter):
    assert track(letter, "s1.1-afi1", "--status", "in-progress",
                 "--update", "Reopened after the 2024 audit") == 0
    entry = tracking(letter, "s1.1-afi1")
    assert entry.status == "in_progress" and entry.closed_on is None
    assert entry.latest().text == "Reopened after the 2024 audit"
    assert entry.latest().date == dt.date(2024, 3, 14)


def test_owner_due_rag_and_an_update_keep_the_rest_of_the_file(letter):
    before = letter.read_text(encoding="utf-8")
    assert track(letter, "s2.1-afi1", "--owner", "ACC Local Policing", "--due", "30 June 2024",
                 "--reason", "Waiting for the new rota", "--rag", "red",
                 "--update", "Deployment review reported to the board.") == 0
    entry = tracking(letter, "s2.1-afi1")
    assert (entry.owner, entry.due, entry.rag) == ("ACC Local Policing", dt.date(2024, 6, 30), "red")
    assert entry.latest().text == "Deployment review reported to the board."
    after = letter.read_text(encoding="utf-8")
    assert after.count("\n") > before.count("\n")
    assert after.splitlines()[:60] == before.splitlines()[:60]  # the top of the file untouched


def test_removing_rag_and_due(letter):
    assert track(letter, "s1.3-afi2", "--rag", "none", "--due", "none",
                 "--reason", "Replaced by the new plan") == 0
    entry = tracking(letter, "s1.3-afi2")
    assert entry.rag is None and entry.due is None


def test_a_ref_pasted_from_check_output_is_understood(letter):
    assert track(letter, "s3.2-afi1 (Area for improvement: The force should…)",
                 "--owner", "Head of PSD") == 0
    assert tracking(letter, "s3.2-afi1").owner == "Head of PSD"


def test_an_unknown_ref_exits_2_naming_the_nearest(letter, capsys):
    assert track(letter, "s1.1-af1", "--status", "complete") == 2
    err = capsys.readouterr().err
    assert "northmoor.yaml: no finding 's1.1-af1'; nearest: s1.1-afi1" in err
    assert "Traceback" not in err


def test_a_cause_of_concern_points_to_its_recommendations(letter, capsys):
    assert track(letter, "s1.2-coc1", "--status", "complete") == 2
    assert "its recommendations are tracked one by one: s1.2-coc1-rec1" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--status", "done"], "'done' is not a status"),
    (["--rag", "purple"], "'purple' is not a RAG rating"),
    (["--due", "31/02/2024"], "not a real date"),
    (["--update", "x", "--date", "2030-01-01"], "after today"),
    # QA 20: a slip of the year, years before the report (published 27 September 2019)
    (["--status", "closed", "--evidence", "e", "--approved-by", "a", "--date", "01/01/2019"],
     "northmoor.yaml: the date 1 January 2019 is before the report was published "
     "(27 September 2019); check the year"),
    (["--update", "x", "--date", "26/09/2019"], "is before the report was published"),
    (["--date", "2024-01-01"], "--date dates an --update or a --status change"),
])
def test_bad_changes_are_one_line_and_change_nothing(letter, capsys, args, message):
    before = letter.read_bytes()
    assert track(letter, "s3.2-afi1", *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert letter.read_bytes() == before


def test_an_update_on_the_day_the_report_was_published_is_fine(letter):
    assert track(letter, "s3.2-afi1", "--update", "Plan agreed", "--date", "27/09/2019") == 0
    assert tracking(letter, "s3.2-afi1").updates[-1].date == dt.date(2019, 9, 27)


def test_showing_one_finding(letter, capsys):
    assert track(letter, "s1.2-coc1-rec3") == 0
    out = capsys.readouterr().out
    assert "Status: In progress — OVERDUE (target date 30 April 2020) · RAG: Red" in out
    assert "Owner: Head of Forensic Services" in out
    assert "Latest update (19 February 2024): Average wait 58 days" in out


def test_no_terminal_no_walk(letter, capsys):
    assert track(letter) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_open_and_overdue():
    response = reading.read(LETTER)
    today = dt.date(2024, 3, 14)
    counts = register.count(response, today)
    assert counts.findings == 20
    assert counts.still_open == counts.open + counts.in_progress > 0
    overdue = [e.id for e in register.iter_overdue(response, today)]
    assert "s1.2-coc1-rec3" in overdue and "s1.1-afi1" not in overdue  # closed is never overdue
    # The day of the target date itself is not overdue yet.
    rec = register.find(response, "s1.2-coc1-rec3").finding
    assert not register.is_overdue(rec.tracking, rec.tracking.due)
    assert register.is_overdue(rec.tracking, rec.tracking.due + dt.timedelta(days=1))


def test_status_shows_open_and_overdue_findings(capsys):
    assert main(["status", str(EXAMPLES), "--today", TODAY]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[1].split()
    assert header[-4:] == ["Open", "Overdue", "Check", "File"]
    northmoor = next(line for line in lines if line.startswith("PEEL: Police effectiveness"))
    assert northmoor.split()[-4:-1] == ["10", "10", "ok"]  # 10 open, 10 of them overdue
    assert main(["status", str(EXAMPLES), "--today", TODAY, "--json"]) == 0
    data = {row["file"].split("/")[-1]: row for row in json.loads(capsys.readouterr().out)}
    assert data["small-thornbury-child-protection-2024.yaml"]["register"] == {"open": 3, "overdue": 1}


def test_status_before_the_register_starts_shows_a_dash(tmp_path, capsys):
    plain = tmp_path / "r.yaml"
    response = reading.read(EXAMPLES / "small-thornbury-child-protection-2024.yaml")
    for _, finding in response.walk_findings():
        finding.tracking = None
    editing.new_document(plain, response).save()
    assert main(["status", str(plain), "--today", TODAY, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["register"] is None


def events(path: Path) -> dict[str, object]:
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["uid"]): ev for ev in cal.walk("VEVENT")}


def test_deadline_ics_actions_adds_open_target_dates_with_stable_uids(letter, tmp_path):
    out = tmp_path / "cal.ics"
    assert main(["deadline", str(letter), "--ics", str(out), "--actions", "--today", TODAY]) == 0
    found = {uid: ev for uid, ev in events(out).items() if uid.startswith("action-")}
    response = reading.read(letter)
    expected = {e.id for e in register.open_entries(response) if e.finding.tracking
                and e.finding.tracking.due}
    assert {uid.split("-2019")[0].removeprefix("action-") for uid in found} == expected
    rec3 = next(ev for uid, ev in found.items() if uid.startswith("action-s1.2-coc1-rec3-"))
    assert rec3.decoded("dtstart") == dt.date(2020, 4, 30)
    assert str(rec3["summary"]).startswith("Overdue: Target date: s1.2-coc1-rec3")
    assert "Owner: Head of Forensic Services" in str(rec3["description"])
    # A new target date moves the same event: the UID does not change.
    assert track(letter, "s1.2-coc1-rec3", "--due", "2024-09-30", "--reason", "New lab") == 0
    assert main(["deadline", str(letter), "--ics", str(out), "--actions", "--today", TODAY]) == 0
    again = events(out)
    assert {uid for uid in again if uid.startswith("action-")} == set(found)
    assert again[str(rec3["uid"])].decoded("dtstart") == dt.date(2024, 9, 30)
    # Without --actions, no register events.
    assert main(["deadline", str(letter), "--ics", str(out), "--today", TODAY]) == 0
    assert not any(uid.startswith("action-") for uid in events(out))


def test_actions_without_ics_is_a_bad_call(letter, capsys):
    assert main(["deadline", str(letter), "--actions"]) == 2
    assert "give --ics OUT.ics as well" in capsys.readouterr().err
