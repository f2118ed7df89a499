"""`responder record FILE EVENT [DATE]`: every event, the rest of the file untouched, every
bad input refused with one line and nothing changed."""

from __future__ import annotations

import datetime as dt
import difflib
import json

import pytest

from responder.law import record
from responder.response import editing, reading, roundtrip

TODAY = "2025-12-20"
PUBLISHED = dt.date(2025, 11, 1)

# A hand-written file: comments, odd quoting, a flow mapping, a list not indented the way
# responder writes lists, and no ids (a whole-file save would add them).
HAND = """\
# Wessex PEEL 2025 — kept by the policy team
responder: 1
body:
  name: "Office of the Police and Crime Commissioner for Wessex"   # our name
  short_role: PCC
force: {name: Wessex Police, short_name: WP}
report:
  title: 'PEEL 2025 – an inspection of Wessex Police'
  published: 2025-11-01
  grades: peel-2021
# dates go here
process:
  chief_invited: 2025-11-03   # emailed the chief's office
commentary:
  force: We accept the findings.
sections:
- title: Investigating crime
  grade: Adequate
  findings:
  - kind: area_for_improvement
    text: The force should improve the supervision of investigations.
"""


@pytest.fixture
def response_file(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_bytes(HAND.encode("utf-8"))
    return path


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


EXPECTED = {
    "invited": {"chief_invited": "2025-12-01"},
    "comments-due": {"chief_comments_due": "2025-12-01"},
    "comments-received": {"chief_comments_received": "2025-12-01"},
    "draft-ready": {"draft_ready": "2025-12-01"},
    "signed-off": {"signed_off": "2025-12-01"},
    "published": {"response_published": "2025-12-01"},
    "copies-sent": {"copies_sent": {"inspectorate": "2025-12-01", "home_secretary": "2025-12-01"}},
    "copy-to-inspectorate": {"copies_sent": {"inspectorate": "2025-12-01"}},
    "copy-to-home-secretary": {"copies_sent": {"home_secretary": "2025-12-01"}},
}


@pytest.mark.parametrize("event", list(record.EVENTS))
def test_every_event_writes_its_keys_and_nothing_else(event, response_file, cli):
    before = response_file.read_bytes()
    result = cli("record", response_file, event, "1 December 2025", "--today", TODAY)
    assert result.code == 0, result.err
    after = response_file.read_bytes()
    process = roundtrip.to_plain(reading.read(response_file))["process"]
    for key, value in EXPECTED[event].items():
        if isinstance(value, dict):
            for inner, day in value.items():
                assert process[key][inner].isoformat() == day
        else:
            assert process[key].isoformat() == value
    # Only lines inside process changed (or were added to it); the rest is byte for byte.
    start = before.index(b"process:")
    end = before.index(b"commentary:")
    assert after[:start] == before[:start]
    assert after.endswith(before[end:])
    for line in changed_lines(before, after):
        assert ("2025-12-01" in line or "copies_sent:" in line) if line[0] == "+" else \
            line == "-  chief_invited: 2025-11-03   # emailed the chief's office"
    assert b"- title: Investigating crime\n  grade: Adequate" in after  # no re-indenting
    assert b"id:" not in after  # ids are not written by record


def test_a_file_without_process_gets_one_after_report(tmp_path, cli):
    path = tmp_path / "w.yaml"
    text = HAND.replace("# dates go here\nprocess:\n  chief_invited: 2025-11-03   # emailed the "
                        "chief's office\n", "")
    path.write_text(text, encoding="utf-8")
    result = cli("record", path, "invited", "3/11/2025", "--today", TODAY)
    assert result.code == 0, result.err
    after = path.read_text(encoding="utf-8")
    assert after == text.replace("commentary:", "process:\n  chief_invited: 2025-11-03\ncommentary:")


def test_windows_line_endings_and_a_byte_order_mark_are_kept(tmp_path, cli):
    path = tmp_path / "w.yaml"
    original = b"\xef\xbb\xbf" + HAND.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    assert cli("record", path, "signed-off", "2025-12-10", "--today", TODAY).code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert after.replace(b"  signed_off: 2025-12-10\r\n", b"") == original


@pytest.mark.parametrize("typed", ["2025-12-01", "01/12/2025", "1.12.2025", "1 December 2025",
                                   "1 Dec 2025", "Monday 1 December 2025"])
def test_dates_are_typed_as_elsewhere(typed, response_file, cli):
    assert cli("record", response_file, "draft-ready", typed, "--today", TODAY).code == 0
    assert reading.read(response_file).process.draft_ready == dt.date(2025, 12, 1)


def test_the_date_defaults_to_today_and_the_next_step_is_named(response_file, cli):
    result = cli("record", response_file, "published", "--today", "2025-12-19")
    assert result.code == 0, result.err
    assert reading.read(response_file).process.response_published == dt.date(2025, 12, 19)
    lines = result.out.splitlines()
    assert lines[0] == ("Recorded: the response published on 19 December 2025 "
                        "(process.response_published).")
    assert lines[1].startswith("Last day: Friday 26 December 2025 — published Friday 19 December "
                               "2025, on time")
    assert lines[2] == ("Next: send the copies to the inspectorate and the Home Secretary: "
                        f"responder record {response_file} copies-sent")


def test_recording_again_replaces_and_says_old_to_new(response_file, cli):
    result = cli("record", response_file, "invited", "4/11/2025", "--today", TODAY)
    assert result.code == 0
    assert "process.chief_invited: 3 November 2025 → 4 November 2025" in result.out
    assert b"chief_invited: 2025-11-04   # emailed the chief's office" in response_file.read_bytes()


def test_recording_the_same_date_changes_nothing(response_file, cli):
    before = response_file.read_bytes()
    result = cli("record", response_file, "invited", "3 November 2025", "--today", TODAY)
    assert result.code == 0
    assert "already recorded as 3 November 2025; nothing changed" in result.out
    assert response_file.read_bytes() == before


def test_clear_removes_a_recorded_date(response_file, cli):
    cli("record", response_file, "copies-sent", "2025-12-19", "--today", TODAY)
    result = cli("record", response_file, "copy-to-home-secretary", "--clear", "--today", TODAY)
    assert result.code == 0, result.err
    assert "process.copies_sent.home_secretary: 19 December 2025 → not recorded" in result.out
    copies = reading.read(response_file).process.copies_sent
    assert copies.inspectorate == dt.date(2025, 12, 19) and copies.home_secretary is None
    cli("record", response_file, "copy-to-inspectorate", "--clear", "--today", TODAY)
    result = cli("record", response_file, "invited", "--clear", "--today", TODAY)
    assert result.code == 0
    # Everything recorded is gone: the process section goes, the rest is as it was.
    text = response_file.read_text(encoding="utf-8")
    assert "process:" not in text
    assert text == HAND.replace("process:\n  chief_invited: 2025-11-03   # emailed the chief's "
                                "office\n", "")


def test_clearing_what_is_not_recorded_changes_nothing(response_file, cli):
    before = response_file.read_bytes()
    result = cli("record", response_file, "published", "--clear", "--today", TODAY)
    assert result.code == 0
    assert "Nothing recorded for published; nothing changed." in result.out
    assert response_file.read_bytes() == before


BAD = {
    "unknown event": (["publised"], "no event 'publised' (did you mean 'published'?); the events "
                      "are: invited, comments-due"),
    "not a date": (["invited", "next tuesday"], "'next tuesday' is not a date"),
    "impossible date": (["invited", "31/02/2025"], "'31/02/2025' is not a real date"),
    "future": (["invited", "2026-01-05"], "wessex.yaml: process.chief_invited: invited: 5 January "
               "2026 is in the future (today is 20 December 2025); only comments-due may be set ahead"),
    "published before the report": (["published", "31 October 2025"],
                                    "wessex.yaml: process.response_published: published: 31 October "
                                    "2025 is before the report was published (1 November 2025)"),
    "copies before the report": (["copy-to-inspectorate", "2025-10-01"],
                                 "process.copies_sent.inspectorate: copy-to-inspectorate: "
                                 "1 October 2025 is before the report was published"),
    "clear with a date": (["invited", "2025-11-03", "--clear"], "--clear removes the recorded date; "
                          "give no DATE with it"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(case, response_file, cli):
    args, message = BAD[case]
    before = response_file.read_bytes()
    result = cli("record", response_file, *args, "--today", TODAY)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert result.out == ""
    assert response_file.read_bytes() == before
    assert [p.name for p in response_file.parent.iterdir()] == ["wessex.yaml"]


def test_comments_due_may_be_set_ahead(response_file, cli):
    result = cli("record", response_file, "comments-due", "2026-01-09", "--today", TODAY)
    assert result.code == 0, result.err
    assert reading.read(response_file).process.chief_comments_due == dt.date(2026, 1, 9)


def test_bad_files_are_refused_in_one_line(tmp_path, cli):
    missing = cli("record", tmp_path / "nope.yaml", "invited")
    assert missing.code == 2 and "nope.yaml: no such file" in missing.err
    broken = tmp_path / "broken.yaml"
    broken.write_text("responder: 1\nbody: [\n", encoding="utf-8")
    result = cli("record", broken, "invited")
    assert result.code == 2 and "broken.yaml:" in result.err and "Traceback" not in result.err
    assert broken.read_text(encoding="utf-8") == "responder: 1\nbody: [\n"


def test_a_missing_event_is_a_usage_error(response_file, process):
    result = process("record", response_file)
    assert result.code == 2
    assert "the following arguments are required: EVENT" in result.err


def test_next_event_follows_the_work():
    def nxt(**dates):
        return getattr(record.next_event(dates), "name", None)

    day = dt.date(2025, 11, 3)
    assert nxt() == "invited"
    assert nxt(chief_invited=day) == "comments-due"
    assert nxt(chief_invited=day, chief_comments_due=day, chief_comments_received=day) == "draft-ready"
    assert nxt(chief_invited=day, response_published=day) == "copies-sent"
    assert nxt(chief_invited=day, chief_comments_due=day, response_published=day,
               copies_sent={"inspectorate": day}) == "copy-to-home-secretary"
    # Past publication with the copies sent, a statutory gap is still named.
    assert nxt(response_published=day, copies_sent={"inspectorate": day, "home_secretary": day}) \
        == "invited"
    assert nxt(chief_invited=day, chief_comments_due=day, response_published=day,
               copies_sent={"inspectorate": day, "home_secretary": day}) is None


def test_a_whole_file_save_keeps_windows_line_endings_after_comments(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes(HAND.replace("\n", "\r\n").encode("utf-8"))
    doc = editing.load(path)
    doc.response.commentary.force.text = "Changed."
    doc.save()
    assert b"\r\r" not in path.read_bytes()
    assert b"# emailed the chief's office\r\n" in path.read_bytes()


def test_check_names_the_record_command_that_fixes_it(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "PEEL 2025 Wessex.yaml"
    path.write_text(HAND.replace("process:\n  chief_invited: 2025-11-03   # emailed the chief's "
                                 "office\n", "process:\n  response_published: 2025-12-19\n"),
                    encoding="utf-8")
    result = cli("check", path, "--today", TODAY, "--json")
    messages = {p["place"]: p["message"] for p in json.loads(result.out)}
    name = '"PEEL 2025 Wessex.yaml"'
    assert messages["process.chief_invited"].endswith(
        f"invite them, then record the date: responder record {name} invited DATE")
    assert messages["process.chief_comments_due"].endswith(
        f"responder record {name} comments-due DATE")
    assert messages["process.copies_sent"].endswith(
        f"once sent: responder record {name} copies-sent DATE")
    # Each command, run with a date, clears its warning.
    for event, day in (("invited", "3/11/2025"), ("comments-due", "9/1/2026"),
                       ("copies-sent", "19/12/2025")):
        assert cli("record", path, event, day, "--today", TODAY).code == 0
    result = cli("check", path, "--today", TODAY, "--json")
    assert not [p for p in json.loads(result.out) if p["code"] in ("S55-4", "S55-6")]


def test_status_and_deadline_json_carry_the_recorded_events(response_file, cli):
    cli("record", response_file, "published", "2025-12-19", "--today", TODAY)
    for command in (["status"], ["deadline"]):
        result = cli(*command, response_file, "--json", "--today", TODAY)
        assert result.code == 0, result.err
        row = json.loads(result.out)[0]
        assert row["recorded"]["invited"] == "2025-11-03"
        assert row["recorded"]["published"] == "2025-12-19"
        assert row["recorded"]["copies-sent"] is None
        assert set(row["recorded"]) == set(record.EVENTS)
        assert row["next_event"] == "copies-sent"


def test_a_file_that_cannot_be_written_is_one_line(response_file, cli, monkeypatch):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("responder.response.writing.atomic_write", refuse)
    before = response_file.read_bytes()
    result = cli("record", response_file, "signed-off", "--today", TODAY)
    assert result.code == 2
    assert "cannot be written: permission denied (is it open in another program, or read-only?)" \
        in result.err
    assert response_file.read_bytes() == before


def test_a_file_changed_since_it_was_read_is_not_overwritten(response_file, monkeypatch):
    from responder.errors import ConflictError
    from responder.response.splice import save_part

    doc = editing.load(response_file)
    record.record(doc.response, record.EVENTS["signed-off"], dt.date(2025, 12, 10),
                  dt.date(2025, 12, 20))
    response_file.write_bytes(response_file.read_bytes() + b"# someone else\n")
    with pytest.raises(ConflictError):
        save_part(doc, "process")
    assert response_file.read_bytes().endswith(b"# someone else\n")
    assert b"signed_off" not in response_file.read_bytes()
