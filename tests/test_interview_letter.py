"""The interview's covering-letter step and overall comments, through the real prompts
(prompt_toolkit pipe input; see test_interview.py for the key conventions)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from conftest import EXAMPLES
from responder.drafting.interview import InterviewResult, run_interview
from responder.render import letter
from responder.response import editing, reading

TODAY = dt.date(2019, 11, 1)  # --today: the letter is drafted as of this day …
CLOCK = dt.datetime(2026, 1, 5, 9, 30)  # … not the computer's clock
ESC_ENTER = "\x1b\r"


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)


@pytest.fixture
def answered(tmp_path) -> Path:
    """The Northmoor letter with every comment given but no letter text yet."""
    doc = editing.load(EXAMPLES / "letter-northmoor-peel-2018-19.yaml")
    doc.response.letter.body = None
    for _, section in doc.response.walk_sections():
        if not section.commissioner:
            section.commissioner = "Noted."
        if not section.force:
            section.force = "Noted."
    doc.path, doc.original, doc.tree = tmp_path / "northmoor.yaml", None, None
    doc.save()
    return doc.path


def drive(path: Path, keys: str, **options) -> tuple[InterviewResult, str]:
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        result = run_interview(path, today=TODAY, input=keyboard, output=PlainTextOutput(screen),
                               clock=lambda: CLOCK, **options)
    return result, screen.getvalue()


def body(path: Path) -> str | None:
    return reading.read(path).letter.body


def drafted(path: Path) -> str:
    return letter.draft(reading.read(path), TODAY)


def test_the_letter_is_offered_once_the_findings_are_answered_and_the_draft_kept(answered):
    expected = drafted(answered)
    result, screen = drive(answered, "k\r", role="commissioner")
    assert result.code == 0
    assert "The letter, drafted from the response (saved only when you choose):" in screen
    assert "The inspectorate judged Northmoor Police to require improvement overall." in screen
    assert "Use the drafted text" in screen
    assert body(answered) == expected


def test_the_draft_is_written_as_of_today_as_given(answered):
    doc = editing.load(answered)
    doc.response.letter.date = None
    doc.response.process.response_published = None
    doc.save()
    result, _ = drive(answered, "k\r", role="commissioner")
    text = body(answered)
    assert "I will publish this letter and its appendix on my website " \
           "(www.northmoor-pcc.gov.uk) by that date." in text
    assert "Her Majesty's" in text and "His Majesty's" not in text
    assert "  Covering letter:   saved" in result.lines


def test_the_drafted_text_can_be_edited_in_the_box(answered):
    expected = drafted(answered)
    drive(answered, "w\r" + "\r\r" + "I look forward to your reply." + ESC_ENTER, role="commissioner")
    assert body(answered) == expected + "\n\nI look forward to your reply."


def test_the_officer_can_write_their_own(answered):
    drive(answered, "o\r" + "Please find my response enclosed." + ESC_ENTER, role="commissioner")
    assert body(answered) == "Please find my response enclosed."


def test_not_now_leaves_the_body_empty_and_the_render_drafts_it(answered):
    before = answered.read_bytes()
    result, _ = drive(answered, "s\r", role="commissioner")
    assert result.code == 0
    assert answered.read_bytes() == before
    assert "  Covering letter:   not saved yet; the document carries the text drafted from the " \
           "response" in result.lines


def test_once_the_letter_is_written_a_new_run_has_nothing_left_to_ask(answered):
    drive(answered, "o\rOur letter." + ESC_ENTER, role="commissioner")
    before = answered.read_bytes()
    result, screen = drive(answered, "n\r", role="commissioner")  # no review, thank you
    assert "Everything is answered for this voice." in screen
    assert "The covering letter" not in screen
    assert result.code == 0
    assert answered.read_bytes() == before


def test_replacing_a_written_letter_asks_first(answered):
    drive(answered, "o\rOur letter." + ESC_ENTER, role="commissioner")
    doc = editing.load(answered)
    doc.response.commentary.commissioner = None  # one thing missing: the overall comment
    doc.save()
    # Skip the overall comment; at the letter choose the draft, refuse, then choose and confirm.
    keys = "s\r" + "d\r" + "n\r" + "d\r" + "y\r"  # yes/no take Enter
    _, screen = drive(answered, keys, role="commissioner")
    assert "Replace your letter with the drafted text?" in screen
    assert body(answered) == drafted(answered)


def test_going_back_from_the_letter_reaches_the_overall_comment(answered):
    _, screen = drive(answered, "b\r" + "q\r", role="commissioner")
    assert "Overall comments on the report" in screen.split("The covering letter")[-1]


def test_the_force_gives_its_overall_comments_and_is_not_asked_about_the_letter(answered):
    doc = editing.load(answered)
    doc.response.commentary.force = None
    doc.save()
    result, screen = drive(answered, "w\rWe accept the report in full." + ESC_ENTER, role="force")
    assert result.code == 0
    assert "Overall comments on the report" in screen
    assert "The covering letter" not in screen
    assert reading.read(answered).commentary.force.text == "We accept the report in full."
    assert body(answered) is None


def test_a_statement_has_no_letter_step(tmp_path):
    source = EXAMPLES / "statement-wessex-legitimacy-2017.yaml"
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    _, screen = drive(path, "q\r", role="commissioner")
    assert "The covering letter" not in screen


def test_the_closing_screen_names_the_next_event_to_record(answered):
    doc = editing.load(answered)
    doc.response.process.response_published = None
    doc.response.process.copies_sent.inspectorate = None
    doc.response.process.copies_sent.home_secretary = None
    doc.save()
    result, _ = drive(answered, "k\r", role="commissioner")
    name = str(answered)
    assert f"  Next to record:    responder record {name} published  (the response published)" \
        in result.lines


def test_ctrl_c_while_typing_the_letter_keeps_it_marked_unfinished(answered, capsys):
    from responder.cli import main

    result, _ = drive(answered, "o\rDear Home Secretary, half a" + "\x03", role="commissioner")
    assert result.code == 130
    assert any(line.startswith("The letter you were typing was saved as you had typed it, "
                               "marked unfinished (body_unfinished: true)") for line in result.lines)
    assert body(answered) == "Dear Home Secretary, half a"
    assert "  body_unfinished: true\n" in answered.read_text(encoding="utf-8")
    # Half a sentence is not a finished letter: check --strict says so, render --final refuses.
    capsys.readouterr()
    assert main(["check", str(answered), "--strict", "--today", "2019-11-15"]) == 1
    out = capsys.readouterr().out
    assert "letter.body: UNFINISHED error: typing stopped before this answer was confirmed " \
           "(body_unfinished: true)" in out


@pytest.mark.parametrize(("keys", "expected", "marked"), [
    ("k\r", "Dear Home Secretary, half a", False),              # keep it as it is
    ("d\r", None, False),                                       # discard: the draft again
    ("c\r" + "\x05 sentence.\x1b\r", "Dear Home Secretary, half a sentence.", False),
])
def test_the_next_run_goes_back_to_the_unfinished_letter_first(answered, keys, expected, marked):
    drive(answered, "o\rDear Home Secretary, half a" + "\x03", role="commissioner")
    result, screen = drive(answered, keys + "q\r", role="commissioner")
    assert "You were typing the covering letter when you stopped" in " ".join(screen.split())
    assert body(answered) == expected
    assert ("body_unfinished" in answered.read_text(encoding="utf-8")) is marked


def test_a_late_response_asks_for_its_reason_and_the_letter_gives_it(answered):
    """Issue 24: the commissioner's interview asks why a late response is late, once."""
    doc = editing.load(answered)
    doc.response.letter.date = None
    doc.response.process.signed_off = dt.date(2019, 12, 9)
    doc.response.process.response_published = dt.date(2019, 12, 10)
    doc.response.process.copies_sent.inspectorate = None
    doc.response.process.copies_sent.home_secretary = None
    doc.save()
    keys = "The force's comments came three weeks late.\r" + "k\r"
    result, screen = drive(answered, keys, role="commissioner")
    assert result.code == 0
    assert "This response is published after its last day (21 November 2019)." in \
        " ".join(screen.split())
    response = reading.read(answered)
    assert response.process.late_reason == "The force's comments came three weeks late."
    assert ("I regret that this response is published after that date. The force's comments "
            "came three weeks late. This letter and its appendix are published on my website "
            "(www.northmoor-pcc.gov.uk) on 10 December 2019.") in response.letter.body
