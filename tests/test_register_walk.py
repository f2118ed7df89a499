"""`responder track FILE` at a terminal: the walk of open findings, through the real prompts.

Keys as a person types them (see tests/test_interview.py): a menu letter then Enter, text
then Esc Enter, Ctrl-U to clear a default, Ctrl-C to stop. When the keys run out the pipe
closes, which counts as Ctrl-C, so a test cannot hang.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from responder.after import register
from responder.after.walk import run_walk
from responder.response import editing, reading
from responder.response.locking import lock_path

LETTER = Path(__file__).parent.parent / "examples" / "letter-northmoor-peel-2018-19.yaml"
TODAY = dt.date(2024, 3, 14)
ESC_ENTER = "\x1b\r"
CTRL_C = "\x03"
CTRL_U = "\x15"


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    target = tmp_path / "northmoor.yaml"
    shutil.copyfile(LETTER, target)
    return target


def walk(path: Path, keys: str):
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        result = run_walk(path, today=TODAY, input=keyboard, output=PlainTextOutput(screen),
                          clock=lambda: dt.datetime(2024, 3, 14, 10, 0))
    return result, screen.getvalue()


def tracking(path: Path, ref: str):
    return register.find(reading.read(path), ref).finding.tracking


def test_walk_updates_status_rag_owner_and_date(letter):
    keys = "u\rRefresher training finished in all volume crime teams." + ESC_ENTER + "\r"  # today
    keys += "c\rg\r"
    keys += "n\r"  # s1.2-coc1-rec3: no change
    keys += "o\r" + CTRL_U + "Head of Victims and Witnesses\r" + CTRL_U + "30/09/2024\r"
    keys += "Victims' Code audit moved to the autumn\r"  # the reason, asked as the date moves
    keys += "q\r"
    result, screen = walk(letter, keys)
    assert result.code == 0
    first = tracking(letter, "s1.2-coc1-rec2")
    assert (first.status, first.rag) == ("complete", "green")
    assert first.latest().text == "Refresher training finished in all volume crime teams."
    assert first.latest().date == TODAY and first.latest().status == "complete"
    assert tracking(letter, "s1.2-coc1-rec3") == tracking(LETTER, "s1.2-coc1-rec3")
    third = tracking(letter, "s1.2-afi1")
    assert third.owner == "Head of Victims and Witnesses" and third.due == dt.date(2024, 9, 30)
    assert [(m.was, m.on, m.reason) for m in third.due_changes] == [
        (tracking(LETTER, "s1.2-afi1").due, TODAY, "Victims' Code audit moved to the autumn")]
    # What the screen showed: the finding, owner, target date said overdue, last update.
    assert "s1.2-coc1-rec2 — 1 of 10 open" in screen
    assert "Owner: Det Ch Supt, Head of Crime" in screen
    assert "Target date: 31 March 2020 — OVERDUE by 1444 days" in screen
    assert "Last update (28 November 2023):" in screen
    assert "✓ Saved: s1.2-coc1-rec2: RAG: Green; status: In progress → Complete" in screen
    assert "Finished for now: 2 findings updated" in result.lines[1]
    assert not lock_path(letter).exists()


def test_ctrl_c_keeps_an_update_already_typed(letter):
    keys = "u\rBusiness case approved by the Chief Officer Group." + ESC_ENTER + CTRL_C
    result, _ = walk(letter, keys)
    assert result.code == 130 and "Every answer given is saved" in result.lines[0]
    first = tracking(letter, "s1.2-coc1-rec2")
    assert first.latest().text == "Business case approved by the Chief Officer Group."
    assert first.status == "in_progress"  # the status question was never answered


@pytest.mark.parametrize("stop", [CTRL_C, "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_stopping_inside_the_update_box_keeps_what_was_typed(letter, stop):
    """Nothing typed is lost: Ctrl-C (Copy, to a Windows user) or Ctrl-D in the box saves the
    words as the update, then stops."""
    keys = "u\rSupervision audit shows 82 per cent of investigations reviewed" + stop
    result, _ = walk(letter, keys)
    assert result.code == 130
    assert "The update you were typing was saved as you had typed it." in result.lines
    first = tracking(letter, "s1.2-coc1-rec2")
    assert first.latest().text == "Supervision audit shows 82 per cent of investigations reviewed"
    assert first.latest().date == TODAY


def test_stopping_in_an_empty_update_box_changes_nothing(letter):
    before = letter.read_bytes()
    result, _ = walk(letter, "u\r" + CTRL_C)
    assert result.code == 130
    assert letter.read_bytes() == before


def test_status_only_and_back(letter):
    # On to the second, back to the first, close it (with its evidence and approver).
    keys = "n\r" + "b\r" + "s\rx\rk\r" + "Audit of May\r" + "Chief Executive\r" + "q\r"
    result, _ = walk(letter, keys)
    assert result.code == 0
    first = tracking(letter, "s1.2-coc1-rec2")
    assert first.status == "closed" and first.closed_on == TODAY and first.rag == "amber"
    assert (first.evidence, first.approved_by) == ("Audit of May", "Chief Executive")


def test_a_bad_target_date_is_asked_again(letter):
    keys = "o\r\r" + CTRL_U + "31/02/2025\r" + CTRL_U + "28/02/2025\r" + "Staff shortage\r" + "q\r"
    result, _ = walk(letter, keys)
    assert result.code == 0  # 31/02/2025 was refused at the prompt, not by a crash
    assert tracking(letter, "s1.2-coc1-rec2").due == dt.date(2025, 2, 28)


def test_nothing_open(letter):
    doc = editing.load(letter)
    for entry in register.entries(doc.response):
        if entry.tracking.status != "closed":
            register.apply(entry.finding, register.Change(
                status="closed", evidence="Audit", approved_by="Chief Executive"), TODAY)
    doc.save()
    result, _ = walk(letter, "")
    assert result.code == 0 and "Nothing is open" in result.lines[0]


def test_a_complete_finding_is_closed_on_evidence_in_the_walk(letter):
    doc = editing.load(letter)
    for entry in register.open_entries(doc.response):
        register.apply(entry.finding, register.Change(status="complete"), TODAY)
    doc.save()
    first = next(e for e in register.entries(reading.read(letter))
                 if e.tracking.status == "complete")
    keys = "s\rx\rk\r" + "Internal audit IA-24-07, on the shared drive\r" + "Chief Executive\r"
    result, screen = walk(letter, keys + "q\r")
    assert result.code == 0
    assert f"{first.id} — 1 of" in screen and "complete, awaiting acceptance" in screen
    closed = tracking(letter, first.id)
    assert (closed.status, closed.approved_by) == ("closed", "Chief Executive")
    assert closed.evidence == "Internal audit IA-24-07, on the shared drive"


def test_the_walk_in_a_real_terminal_survives_a_hang_up(letter):
    """`responder track FILE` as a whole process in a pseudo-terminal: an update typed and
    answered is on disk even when the terminal dies at the next question."""
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root), TERM="xterm", NO_COLOR="1",
               LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "responder", "track", str(letter), "--today",
                                           "2024-03-14"], env=env, encoding="utf-8", timeout=20,
                          dimensions=(35, 100), cwd=str(letter.parent))
    child.expect_exact("s1.2-coc1-rec2 — 1 of 10 open")
    child.expect_exact("Save and quit")
    child.send("u\r")
    child.expect_exact("Update (what has happened since the last one):")
    child.send("Audit shows 93% compliance." + ESC_ENTER)
    child.expect_exact("Date of this update")
    child.send("\r")  # today, the default
    child.expect_exact("Status now?")
    child.send("k\r")
    child.expect_exact("RAG rating")
    child.send("g\r")
    child.expect_exact("s1.2-coc1-rec3 — 2 of 10 open")
    child.expect_exact("Save and quit")
    child.close(force=True)  # the window is closed mid-walk
    entry = tracking(letter, "s1.2-coc1-rec2")
    assert entry.latest().text == "Audit shows 93% compliance." and entry.rag == "green"
    assert entry.status == "in_progress"


def test_an_update_is_dated_as_typed_not_always_today(letter):
    """Issue 24: the walk dated every update today; it asks (default today, day first)."""
    keys = "u\rAudit finished." + ESC_ENTER + CTRL_U + "4/3/2024\r" + "k\rk\r" + "q\r"
    result, screen = walk(letter, keys)
    assert result.code == 0, result.lines
    assert "Date of this update" in screen
    first = tracking(letter, "s1.2-coc1-rec2")
    assert (first.latest().text, first.latest().date) == ("Audit finished.", dt.date(2024, 3, 4))


def test_an_update_dated_after_today_is_asked_again(letter):
    keys = ("u\rAudit finished." + ESC_ENTER + CTRL_U + "20/3/2024\r" + CTRL_U + "1 March 2024\r"
            + "k\rk\r" + "q\r")
    result, screen = walk(letter, keys)
    assert result.code == 0
    assert tracking(letter, "s1.2-coc1-rec2").latest().date == dt.date(2024, 3, 1)
