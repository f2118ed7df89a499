"""The interview, driven through the real questionary prompts with prompt_toolkit pipe input.

Keys are typed as a person would: a menu letter then Enter ("w\\r"), text then
Esc Enter to save ("Hello\\x1b\\r"), Ctrl-C ("\\x03"). When the keys run out the
pipe closes, which the interview treats like Ctrl-C, so a test can never hang.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from responder.drafting import agenda
from responder.drafting.interview import InterviewResult, run_interview
from responder.response import editing, reading, writing
from responder.response.locking import LockInfo, acquire, lock_path

DATA = Path(__file__).parent / "interview_data.yaml"
TODAY = dt.date(2025, 4, 1)
ESC_ENTER = "\x1b\r"
CTRL_C = "\x03"


@pytest.fixture
def response_file(tmp_path: Path) -> Path:
    target = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, target)
    return target


@pytest.fixture(autouse=True)
def drafts(tmp_path, monkeypatch) -> Path:
    """Editor files go to a folder of the test's own, to see what is left behind."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)


def drive(path: Path, keys: str, **options) -> tuple[InterviewResult, str]:
    """Run the interview on ``path`` typing ``keys``; returns the result and the screen text."""
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        result = run_interview(path, today=TODAY, input=keyboard,
                               output=PlainTextOutput(screen), **options)
    return result, screen.getvalue()


def comment(path: Path, key: str, role: str) -> str:
    response = reading.read(path)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    return agenda.comment_of(response, item, role)


def test_answers_are_saved_as_they_are_given(response_file):
    keys = "w\rVictims now get a call every 28 days." + ESC_ENTER
    keys += "w\rEvery investigation has a plan.\r\n- reviewed weekly" + ESC_ENTER
    keys += "q\r"
    result, screen = drive(response_file, keys, role="force")
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == "Victims now get a call every 28 days."
    assert comment(response_file, "s1.1-afi2", "force") == (
        "Every investigation has a plan.\n\n- reviewed weekly")
    assert "Effectiveness › Question 1 › Area for improvement 2 — 2 of 7" in screen
    assert "For context, the PCC's comment:" in screen  # the other voice, shown to the force
    assert "Finished for now — the force (Fenmarsh Constabulary)" in result.lines
    assert "  Still to answer: 5 findings, 4 section comments, the overall comment:" in result.lines
    assert any("responder render" in line for line in result.lines)
    assert not lock_path(response_file).exists()


def test_the_opening_screen_says_where_things_stand(response_file):
    _, screen = drive(response_file, "q\r", role="commissioner")
    assert "PEEL 2023–25: an inspection of Fenmarsh Constabulary" in screen
    assert "Last day to publish the response: Monday 28 April 2025 (27 days left)" in screen
    assert "Answering as: the commissioner's office (PCC)" in screen
    assert "Answered so far: 1 of 7 findings · 0 of 3 recommendation actions" in screen


def test_without_a_role_it_asks_which_voice_is_answering(response_file):
    result, screen = drive(response_file, "\x1b[B\r" + "w\rThe PCC speaks." + ESC_ENTER + "q\r")
    assert "Who is answering?" in screen
    assert comment(response_file, "s1.1-afi1", "commissioner") == "The PCC speaks."
    assert comment(response_file, "s1.1-afi1", "force") == ""


def test_skipping_leaves_the_finding_unanswered(response_file):
    result, _ = drive(response_file, "s\r" + "w\rSecond one." + ESC_ENTER + "q\r", role="force")
    assert comment(response_file, "s1.1-afi1", "force") == ""
    assert comment(response_file, "s1.1-afi2", "force") == "Second one."


def test_going_back_and_editing_the_existing_text(response_file):
    keys = "w\rFirst answer." + ESC_ENTER
    keys += "b\r"  # from the second finding back to the first
    keys += "w\r" + " And more." + ESC_ENTER  # the old text is in the box; type after it
    keys += "q\r"
    _, screen = drive(response_file, keys, role="force")
    assert comment(response_file, "s1.1-afi1", "force") == "First answer. And more."
    assert "Your comment, as the force:\r\n  First answer.\r\n" in screen  # shown on going back
    assert comment(response_file, "s1.1-afi2", "force") == ""


def test_going_back_from_the_first_one_says_so(response_file):
    _, screen = drive(response_file, "b\rq\r", role="force")
    assert "That was the first one; nothing comes before it." in screen


def test_keeping_an_existing_comment_changes_nothing(response_file):
    before = response_file.read_bytes()
    # The commissioner's second finding already has a comment: keep it, then quit.
    _, screen = drive(response_file, "s\r" + "k\r" + "q\r", role="commissioner")
    assert "I will ask for a report on supervision in June." in screen
    assert response_file.read_bytes() == before


def test_clearing_a_comment_asks_first(response_file):
    keys = "s\r" + "w\r" + "\x15" + ESC_ENTER + "n\r" + "k\r" + "q\r"  # Ctrl-U empties the box
    drive(response_file, keys, role="commissioner")
    assert comment(response_file, "s1.1-afi2", "commissioner") == (
        "I will ask for a report on supervision in June.")
    keys = "s\r" + "w\r" + "\x15" + ESC_ENTER + "y\r" + "q\r"
    drive(response_file, keys, role="commissioner")
    assert comment(response_file, "s1.1-afi2", "commissioner") == ""


def test_a_recommendation_needs_an_explanation(response_file):
    keys = "p\r" + ESC_ENTER  # empty: refused, the box stays open
    keys += "The force will review its risk assessment by May." + ESC_ENTER
    keys += "s\r" + "q\r"
    drive(response_file, keys, role="commissioner", section="s1.2")
    finding = agenda.find_finding(reading.read(response_file), "s1.2-rec1")
    assert finding.action is not None
    assert (finding.action.status, finding.action.explanation) == (
        "proposed", "The force will review its risk assessment by May.")


def test_no_action_needs_a_reason(response_file):
    keys = "n\r" + "   " + ESC_ENTER + "The recommendation duplicates work already done." + ESC_ENTER
    keys += "s\r" + "q\r"
    drive(response_file, keys, role="commissioner", section="s1.2")
    action = agenda.find_finding(reading.read(response_file), "s1.2-rec1").action
    assert action is not None and action.status == "none"
    assert action.explanation == "The recommendation duplicates work already done."


def test_one_action_can_cover_a_whole_cause_of_concern(response_file):
    keys = "s\r" + "k\r"  # past the two areas for improvement
    keys += "o\r" + "t\r" + "Visits are up to date since March." + ESC_ENTER + "s\r"
    keys += "q\r"  # on the first recommendation: already covered, so no action is asked
    result, screen = drive(response_file, keys, role="commissioner")
    response = reading.read(response_file)
    coc = agenda.find_finding(response, "s1.1-coc1")
    assert coc.action is not None and coc.action.status == "taken"
    assert all(rec.action is None for rec in coc.recommendations)
    assert "covered by the action for its cause of concern (Action taken)" in screen
    items = agenda.items_for(response)
    recs = [i for i in items if i.parent == "s1.1-coc1"]
    assert all(agenda.is_answered(response, i, "commissioner") for i in recs)
    assert agenda.counts(response, items, "commissioner").actions_recorded == 2


def test_separate_actions_for_each_recommendation(response_file):
    keys = "s\r" + "k\r" + "e\r" + "s\r"  # a separate action for each; no comment on it
    keys += "p\rClear the backlog by September." + ESC_ENTER + "s\r"
    keys += "t\rTraining finished in May." + ESC_ENTER + "s\r" + "q\r"
    drive(response_file, keys, role="commissioner")
    coc = agenda.find_finding(reading.read(response_file), "s1.1-coc1")
    assert coc.action is None
    assert [r.action.status for r in coc.recommendations] == ["proposed", "taken"]


def test_ctrl_c_mid_answer_keeps_what_was_completed(response_file):
    keys = "w\rDone." + ESC_ENTER + "s\r" + CTRL_C
    result, _ = drive(response_file, keys, role="force")
    assert result.code == 130
    assert len(result.lines) == 1
    assert result.lines[0].startswith("Stopped. Your answers are saved in")
    assert "(1 of 7 findings answered)" in result.lines[0]
    assert comment(response_file, "s1.1-afi1", "force") == "Done."
    assert comment(response_file, "s1.1-afi2", "force") == ""
    reading.read(response_file)  # still a valid response
    assert not lock_path(response_file).exists()


@pytest.mark.parametrize("stop", [CTRL_C, "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_stopping_inside_a_box_keeps_the_text_typed_so_far(response_file, stop):
    keys = "w\rDone." + ESC_ENTER + "w\rHalf a sentence\rand a second line" + stop
    result, _ = drive(response_file, keys, role="force")
    assert result.code == 130
    # Kept, but not an answer yet (issue 24): marked unfinished in the file.
    assert "(1 of 7 findings answered)" in result.lines[0]
    assert result.lines[1] == ("The comment you were typing on Effectiveness › Question 1 › "
                               "Area for improvement 2 — 2 of 7 was saved as you had typed it, "
                               "marked unfinished (unfinished: true); run the same command and "
                               "it goes back to it first.")
    assert comment(response_file, "s1.1-afi2", "force") == "Half a sentence\nand a second line"
    assert "unfinished: true" in response_file.read_text(encoding="utf-8")
    assert not lock_path(response_file).exists()


def test_stopping_in_a_box_that_holds_nothing_new_changes_nothing(response_file):
    before = response_file.read_bytes()
    # The commissioner's comment on the second finding opened and left as it was; then
    # an emptied box: neither is a new answer, so the comment stays.
    drive(response_file, "s\r" + "w\r" + CTRL_C, role="commissioner")
    drive(response_file, "s\r" + "w\r\x15" + CTRL_C, role="commissioner")
    assert response_file.read_bytes() == before


def test_stopping_while_typing_an_action_keeps_it(response_file):
    keys = "p\r" + "Review by May" + CTRL_C
    result, _ = drive(response_file, keys, role="commissioner", section="s1.2")
    action = agenda.find_finding(reading.read(response_file), "s1.2-rec1").action
    assert (action.status, action.explanation) == ("proposed", "Review by May")
    assert "was saved as you had typed it" in result.lines[1]


def test_restarting_resumes_at_the_first_unanswered(response_file):
    drive(response_file, "w\rOne." + ESC_ENTER + "w\rTwo." + ESC_ENTER + CTRL_C, role="force")
    result, screen = drive(response_file, "w\rThree." + ESC_ENTER + CTRL_C, role="force")
    assert "Carrying on from Effectiveness › Question 1 › Cause of concern 1 — 3 of 7" in screen
    assert comment(response_file, "s1.1-coc1", "force") == "Three."
    assert "(3 of 7 findings answered)" in result.lines[0]


def test_only_missing_visits_only_unanswered_items(response_file):
    # The commissioner has answered s1.1-afi2 already; --only-missing skips it.
    keys = "w\rFirst." + ESC_ENTER + "o\r" + CTRL_C
    _, screen = drive(response_file, keys, role="commissioner", only_missing=True)
    assert "Area for improvement 2 — 2 of 7" not in screen
    assert "Cause of concern 1 — 3 of 7" in screen


def test_review_is_read_only_unless_asked(response_file):
    before = response_file.read_bytes()
    result, screen = drive(response_file, "n\r", role="commissioner", review=True)
    assert "I will ask for a report on supervision in June." in screen
    assert "I will ask for a report" in screen
    assert response_file.read_bytes() == before
    drive(response_file, "w\r\x15Reworded." + ESC_ENTER, role="commissioner", review=True)
    assert comment(response_file, "s1.1-afi2", "commissioner") == "Reworded."


def test_everything_answered_offers_a_review(response_file):
    doc = editing.load(response_file)
    for item in agenda.items_for(doc.response):
        agenda.set_comment(doc.response, item, "force", "Answered.")
    doc.save()
    result, screen = drive(response_file, "n\r", role="force")
    assert "Everything is answered for this voice." in screen
    assert result.code == 0 and any("Nothing is missing" in line for line in result.lines)


def test_section_limits_the_interview(response_file):
    _, screen = drive(response_file, "s\rs\r", role="force", section="s2")
    assert "Leadership and culture › Area for improvement 1 — 1 of 1" in screen
    assert "Overall comments" not in screen


def test_editor_is_offered_and_its_text_kept(response_file, tmp_path, monkeypatch):
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + 'Written in the editor.\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    _, screen = drive(response_file, "e\rq\r", role="force")
    assert "Write it in your editor" in screen
    assert "Press any key" not in screen  # the editor changed the file: no need to wait
    assert comment(response_file, "s1.1-afi1", "force") == "Written in the editor."


def test_a_missing_editor_falls_back_to_typing(response_file, monkeypatch):
    monkeypatch.setenv("VISUAL", "no-such-editor-anywhere")
    keys = "e\r" + "w\rTyped instead." + ESC_ENTER + "q\r"
    _, screen = drive(response_file, keys, role="force")
    assert "Could not start the editor (no-such-editor-anywhere)" in screen
    assert comment(response_file, "s1.1-afi1", "force") == "Typed instead."


def test_a_second_interview_is_refused_while_the_first_is_live(response_file):
    holder = acquire(response_file, dt.datetime.now())
    try:
        with pytest.raises(Exception) as caught:
            drive(response_file, "", role="force")
        assert "is open for interview by" in str(caught.value)
        assert "try again when they have finished" in str(caught.value)
    finally:
        holder.release()


def test_a_stale_lock_can_be_taken_over_after_asking(response_file):
    import json
    import socket

    dead = LockInfo("someone", socket.gethostname(), 2**22 + 12345, "2025-03-31T09:00:00")
    lock_path(response_file).write_text(json.dumps(dead.__dict__))
    _, screen = drive(response_file, "y\r" + "w\rTaken over." + ESC_ENTER + "q\r", role="force")
    assert "looks abandoned" in screen
    assert comment(response_file, "s1.1-afi1", "force") == "Taken over."
    assert not lock_path(response_file).exists()


def test_declining_to_take_over_a_stale_lock_leaves_it(response_file):
    import json
    import socket

    from responder.response.locking import LockedError

    dead = LockInfo("someone", socket.gethostname(), 2**22 + 12345, "2025-03-31T09:00:00")
    lock_path(response_file).write_text(json.dumps(dead.__dict__))
    with pytest.raises(LockedError):
        drive(response_file, "n\r", role="force")
    assert lock_path(response_file).exists()


def test_no_terminal_gives_one_clear_line(cli, response_file):
    result = cli("interview", response_file, "--role", "force")
    assert result.code == 2
    assert result.err.strip() == (
        f"responder: interview needs a terminal; to answer without one, edit {response_file} "
        "in a text editor")
    assert result.out == ""


def test_an_unknown_section_is_named(response_file):
    from responder.errors import UsageError

    with pytest.raises(UsageError, match="no section with id 'zz'.*s1, s1.1, s1.2, s2"):
        drive(response_file, "", role="force", section="zz")


def test_the_end_screen_lists_what_the_checks_find(response_file):
    result, _ = drive(response_file, "q\r", role="force")
    assert "  Problems found by the checks (11):" in result.lines
    # Errors first: the three recommendations without an action (section 55(5B)).
    first = result.lines.index("  Problems found by the checks (11):") + 1
    assert result.lines[first].startswith("    - S55-5B error · s1.1-coc1-rec1: no action recorded")
    assert any("and 6 more: responder check" in line for line in result.lines)


def test_review_can_change_a_recommendation_action(response_file):
    doc = editing.load(response_file)
    agenda.set_action(agenda.find_finding(doc.response, "s1.2-rec1"), "proposed", "Later.")
    doc.save()
    keys = "a\r" + "t\r" + "\x15Done in May." + ESC_ENTER + "q\r"
    _, screen = drive(response_file, keys, role="commissioner", review=True, section="s1.2")
    assert "Action (s55(5B)): Action proposed" in screen
    action = agenda.find_finding(reading.read(response_file), "s1.2-rec1").action
    assert (action.status, action.explanation) == ("taken", "Done in May.")


DETACHED_EDITOR = """\
import os, sys, pathlib
# Like Notepad on Windows 11: the command returns at once and the window stays open. Here
# the person's text is already in the file, but its time is put back as if nobody had
# saved yet, so the interview waits for a key, as it does with a real detached editor.
p = pathlib.Path(sys.argv[1])
stamp = p.stat()
p.write_bytes({text!r})
os.utime(p, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
"""


def detached_editor(tmp_path: Path, monkeypatch, text: bytes) -> None:
    script = tmp_path / "detached_editor.py"
    script.write_text(DETACHED_EDITOR.format(text=text))
    monkeypatch.setenv("VISUAL", f'"{sys.executable}" "{script}"')


@pytest.mark.parametrize("key", ["x", " ", "\r"], ids=["letter", "space", "enter"])
def test_an_editor_that_returns_at_once_is_waited_for_and_any_key_goes_on(
        response_file, tmp_path, monkeypatch, drafts, key):
    detached_editor(tmp_path, monkeypatch, b"Written in a separate window.\n")
    result, screen = drive(response_file, "e\r" + key + "q\r", role="force")
    assert "Press any key once you have saved the file" in screen
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == "Written in a separate window."
    assert not list(drafts.iterdir())  # the editor's file is removed once its text is saved


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_text_saved_by_the_editor_in_another_encoding_is_read(response_file, tmp_path,
                                                               monkeypatch, encoding):
    text = "Café culture – the PCC’s £5m plan" if encoding != "latin-1" else "Café £5m à la"
    detached_editor(tmp_path, monkeypatch, text.encode(encoding))
    result, _ = drive(response_file, "e\rxq\r", role="force")
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == text


def test_a_key_pressed_before_the_editor_saved_waits_again(response_file, tmp_path,
                                                           monkeypatch):
    script = tmp_path / "untouched.py"
    script.write_text("import sys\n")  # returns without touching the file
    monkeypatch.setenv("VISUAL", f'"{sys.executable}" "{script}"')
    result, screen = drive(response_file, "e\r" + "x" + "n\r" + "q\r", role="force")
    assert "The file has not been saved yet:" in screen
    assert "Wait while you save it in the editor?" in screen
    assert result.code == 0 and comment(response_file, "s1.1-afi1", "force") == ""


def test_stopping_while_the_editor_is_open_says_where_its_file_is(response_file, tmp_path,
                                                                  monkeypatch):
    detached_editor(tmp_path, monkeypatch, b"Half written in the other window.\n")
    result, _ = drive(response_file, "e\r" + CTRL_C, role="force")
    assert result.code == 130
    # The text already saved in the editor is kept as the answer, and the file stays,
    # because the editor window may still be open.
    assert comment(response_file, "s1.1-afi1", "force") == "Half written in the other window."
    kept = [line for line in result.lines if line.startswith("  Text from your editor is still")]
    assert kept, result.lines
    draft = Path(kept[0].split(" in ", 1)[1].split(";")[0])
    assert draft.read_text() == "Half written in the other window.\n"
    draft.unlink()


def test_a_withheld_comment_says_so_and_stays_withheld(response_file):
    from responder.response.model import Passage, Withheld

    doc = editing.load(response_file)
    agenda.find_finding(doc.response, "s1.1-afi1").force = Passage(
        text="Names a witness.", withheld=Withheld(reason="personal_safety"))
    doc.save()
    _, screen = drive(response_file, "w\r\x15Names nobody now." + ESC_ENTER + "q\r", role="force",
                      review=True)
    assert "(Withheld from the published version: personal safety." in screen
    passage = agenda.find_finding(reading.read(response_file), "s1.1-afi1").force
    assert passage.text == "Names nobody now." and passage.withheld.reason == "personal_safety"


def test_the_deadline_line_names_the_last_working_day_when_the_last_day_is_a_holiday():
    from responder.drafting.interview import deadline_line

    response = reading.read(DATA)
    response.report.published = dt.date(2025, 11, 1)
    assert deadline_line(response, dt.date(2025, 12, 1)) == (
        "Last day to publish the response: Friday 26 December 2025 (25 days left); it is "
        "Boxing Day, so publish by Wednesday 24 December 2025")
    response.report.published = dt.date(2019, 9, 27)
    assert deadline_line(response, dt.date(2019, 12, 10)) == (
        "Last day to publish the response: Thursday 21 November 2019 (passed 19 days ago)")
    response.report.published = None
    assert "not known" in deadline_line(response, dt.date(2019, 12, 10))


def test_a_published_response_is_told_its_verdict_not_days_passed():
    """Reviewing a published response years on: "on time", not "passed 2563 days ago"."""
    from responder.drafting.interview import deadline_line

    response = reading.read(DATA)
    response.report.published = dt.date(2019, 9, 27)
    response.process.response_published = dt.date(2019, 11, 18)
    assert deadline_line(response, dt.date(2026, 11, 27)) == (
        "Response published on 18 November 2019, on time (last day Thursday 21 November 2019)")
    response.process.response_published = dt.date(2019, 11, 25)
    assert deadline_line(response, dt.date(2026, 11, 27)).startswith(
        "Response published on 25 November 2019, 4 days late")


def test_an_office_without_a_short_role_is_the_commissioner_not_the_the(response_file):
    text = response_file.read_text(encoding="utf-8")
    response_file.write_text(text.replace("  short_role: PCC\n", ""), encoding="utf-8")
    assert "short_role" not in response_file.read_text(encoding="utf-8")
    _, screen = drive(response_file, "q\r", role="commissioner")
    assert "the the" not in screen
    assert "Your comment, as the commissioner:" in screen
    assert "Answering as: the commissioner's office\r\n" in screen


# ---------------------------------------------------------------- nothing typed is lost


def test_the_first_interview_does_not_say_carrying_on(response_file):
    from responder.response.model import Section

    doc = editing.load(response_file)
    doc.response.sections.insert(0, Section(title="Summary"))  # no findings, as imports make
    doc.save()
    _, screen = drive(response_file, "q\r", role="force")
    assert "Carrying on" not in screen
    _, screen = drive(response_file, "w\rOne." + ESC_ENTER + "q\r", role="force")
    _, screen = drive(response_file, "q\r", role="force")
    assert "Carrying on from Effectiveness › Question 1 › Area for improvement 2" in screen


def test_a_yes_no_question_waits_for_enter(response_file):
    keys = "w\rFirst." + ESC_ENTER + "b\r"  # answer the first finding, then come back to it
    keys += "w\r" + "\x15" + ESC_ENTER  # empty the box: "Remove your comment?"
    # "y" then a habitual Enter: the Enter answers the question; it must not open the
    # next finding's box (its first choice is "Write a comment here"), so "q" quits.
    keys += "y" + "\r" + "q\r"
    result, screen = drive(response_file, keys, role="force")
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == ""
    assert comment(response_file, "s1.1-afi2", "force") == ""


def test_a_read_only_response_is_refused_before_anything_is_asked(response_file):
    from responder.errors import InputError

    if os.name == "nt":
        pytest.skip("POSIX permissions")
    response_file.chmod(0o444)
    with pytest.raises(InputError, match="fenmarsh.yaml: is read-only, so no answer could be "
                                         "saved in it; make it writable"):
        drive(response_file, "w\rLost?" + ESC_ENTER, role="force")
    assert not lock_path(response_file).exists()


def test_a_linked_response_gets_the_answers_and_stays_a_link(tmp_path):
    if os.name == "nt":
        pytest.skip("symbolic links need privileges on Windows")
    real = tmp_path / "shared" / "fenmarsh.yaml"
    real.parent.mkdir()
    shutil.copyfile(DATA, real)
    link = tmp_path / "fenmarsh.yaml"
    link.symlink_to(real)
    drive(link, "w\rThrough the link." + ESC_ENTER + "q\r", role="force")
    assert link.is_symlink()
    assert comment(real, "s1.1-afi1", "force") == "Through the link."


class FullDisk:
    """The response's folder refuses new files (a full disk) for the first ``failures``
    attempts; other folders (the user's data folder) still work."""

    def __init__(self, monkeypatch, folder: Path, failures: int = 10**6):
        self.folder, self.failures = folder, failures
        real = writing._create_temporary

        def create(where: Path, name: str):
            if Path(where) == self.folder and self.failures > 0:
                self.failures -= 1
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(where, name)

        monkeypatch.setattr(writing, "_create_temporary", create)


def test_a_full_disk_keeps_the_answer_and_offers_to_try_again(response_file, monkeypatch):
    FullDisk(monkeypatch, response_file.parent, failures=2)
    keys = "w\rFirst." + ESC_ENTER + "c\r"  # not saved: carry on
    keys += "w\rSecond." + ESC_ENTER + "r\r"  # not saved again: try again, which works
    keys += "q\r"
    result, screen = drive(response_file, keys, role="force")
    assert "! Not saved: the disk is full." in screen
    assert "Your answer is kept here, in memory." in screen
    assert "Traceback" not in screen
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == "First."
    assert comment(response_file, "s1.1-afi2", "force") == "Second."


def test_quitting_on_a_full_disk_writes_a_recovery_file(response_file, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = response_file.read_bytes()
    FullDisk(monkeypatch, response_file.parent)
    result, _ = drive(response_file, "w\rKept safe." + ESC_ENTER + "q\r", role="force")
    assert result.code == 2
    assert response_file.read_bytes() == before  # the file itself is untouched
    line = next(line for line in result.lines if "Your answers are saved in" in line)
    recovery = Path(line.split("saved in ", 1)[1].split(";")[0])
    assert recovery.parent == tmp_path / "data" / "responder" / "recovered"
    assert recovery.name.startswith("fenmarsh.recovered-")
    assert comment(recovery, "s1.1-afi1", "force") == "Kept safe."
    assert any("cannot be saved: the disk is full" in line for line in result.lines)


def test_with_nowhere_to_write_the_unsaved_text_is_printed(response_file, tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    FullDisk(monkeypatch, response_file.parent)
    FullDisk(monkeypatch, tmp_path / "data" / "responder" / "recovered")
    result, _ = drive(response_file, "w\rOnly on screen." + ESC_ENTER + CTRL_C, role="force")
    assert result.code == 2
    assert "    Only on screen." in result.lines


def test_a_finding_removed_by_hand_meanwhile_is_passed_by(response_file, tmp_path,
                                                          monkeypatch):
    # The person writes in their editor; meanwhile a colleague deletes the next finding.
    script = tmp_path / "editor_and_colleague.py"
    script.write_text(textwrap.dedent(f"""\
        import pathlib, sys
        from responder.response import editing
        pathlib.Path(sys.argv[1]).write_text("Answered in the editor.\\n")
        doc = editing.load(r"{response_file}")
        inner = doc.response.sections[0].sections[0]
        inner.findings = [f for f in inner.findings if f.id != "s1.1-afi2"]
        doc.save()
    """))
    monkeypatch.setenv("VISUAL", f'"{sys.executable}" "{script}"')
    result, screen = drive(response_file, "e\r" + "q\r", role="force")
    assert "s1.1-afi2 is no longer in fenmarsh.yaml (someone removed it)." in screen
    assert "Cause of concern 1" in screen  # carried on with the next one
    assert result.code == 0
    assert comment(response_file, "s1.1-afi1", "force") == "Answered in the editor."
    assert "s1.1-afi2" not in response_file.read_text()
