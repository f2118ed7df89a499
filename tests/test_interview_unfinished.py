"""Issue 24, item 4: a half-typed answer is kept, marked unfinished, and is not an answer.

Driven through the real questionary prompts with prompt_toolkit pipe input, as in
test_interview.py: a menu letter then Enter, text then Esc Enter, Ctrl-C ("\\x03") or
Ctrl-D ("\\x04") to stop in a box.
"""

from __future__ import annotations

import shutil

import pytest
from test_interview import CTRL_C, DATA, ESC_ENTER, comment, drive

from responder.drafting import agenda
from responder.response import reading

CTRL_D = "\x04"


@pytest.fixture
def response_file(tmp_path):
    target = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, target)
    return target


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("responder.drafting.interview.editor.shutil.which", lambda name: None)


def half_typed(path, stop=CTRL_C):
    """The force answers the first finding, then stops half-way through the second."""
    keys = "w\rDone." + ESC_ENTER + "w\rWe will review the supervi" + stop
    result, _ = drive(path, keys, role="force")
    assert result.code == 130
    return result


def passage(path, key, role="force"):
    response = reading.read(path)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    return agenda.passage_of(response, item, role)


@pytest.mark.parametrize("stop", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_the_words_are_kept_and_marked_unfinished_in_the_file(response_file, stop):
    half_typed(response_file, stop)
    kept = passage(response_file, "s1.1-afi2")
    assert kept.text == "We will review the supervi" and kept.unfinished is True
    lines = [line.strip() for line in response_file.read_text(encoding="utf-8").splitlines()]
    at = lines.index("text: We will review the supervi")
    assert lines[at - 1: at + 2] == ["force:", "text: We will review the supervi",
                                     "unfinished: true"]
    assert passage(response_file, "s1.1-afi1").unfinished is None  # the finished one: plain
    assert "force: Done." in lines


def test_check_reports_it_and_strict_and_final_refuse_it(response_file, cli):
    half_typed(response_file)
    plain = cli("check", response_file, "--today", "2025-04-01")
    assert "s1.1-afi2 (Area for improvement: " in plain.out
    line = next(x for x in plain.out.splitlines() if "UNFINISHED" in x)
    assert "UNFINISHED warning: typing stopped before this answer was confirmed" in line
    assert f"'responder interview {response_file}'" in line
    strict = cli("check", response_file, "--strict", "--today", "2025-04-01")
    assert strict.code == 1 and "UNFINISHED error" in strict.out
    final = cli("render", response_file, "--final", "--date", "2025-04-01",
                "--today", "2025-04-01")
    assert final.code == 1 and "not rendered: check --strict finds" in final.err
    assert not response_file.with_suffix(".docx").exists()


def test_the_next_run_goes_to_it_first_and_carries_on_editing(response_file):
    half_typed(response_file)
    # s1.1-afi1 is answered; the first unanswered finding is the unfinished one, but the
    # commissioner-style check: it is offered first even before "carrying on".
    keys = "c\r" + "sion of investigations." + ESC_ENTER + CTRL_C
    result, screen = drive(response_file, keys, role="force")
    assert "You were typing this comment when you stopped (it is kept, marked unfinished):" \
        in screen
    assert "Carry on editing" in screen and "Keep it as it is" in screen and "Discard it" in screen
    kept = passage(response_file, "s1.1-afi2")
    assert kept.text == "We will review the supervision of investigations."
    assert kept.unfinished is None  # finished: written back as a plain string
    assert "unfinished" not in response_file.read_text(encoding="utf-8")
    assert "(2 of 7 findings answered)" in result.lines[0]


def test_it_is_offered_first_even_when_an_earlier_answer_is_missing(response_file):
    # Stop mid-answer on the second finding while the first is still unanswered.
    result, _ = drive(response_file, "s\r" + "w\rHalf" + CTRL_C, role="force")
    assert passage(response_file, "s1.1-afi2").unfinished is True
    _, screen = drive(response_file, "k\r" + CTRL_C, role="force")
    first = screen.index("You were typing this comment")
    assert "Area for improvement 2 — 2 of 7" in screen[:first]
    assert passage(response_file, "s1.1-afi2").unfinished is None
    assert comment(response_file, "s1.1-afi2", "force") == "Half"  # kept as it is


def test_discard_removes_the_half_typed_words(response_file):
    half_typed(response_file)
    drive(response_file, "d\r" + CTRL_C, role="force")
    assert passage(response_file, "s1.1-afi2") is None
    assert "We will review" not in response_file.read_text(encoding="utf-8")


def test_an_unfinished_answer_is_missing_for_the_next_step_and_only_missing(response_file):
    half_typed(response_file)
    # --only-missing visits it (after the offer, "Save and quit" keeps it unfinished)
    _, screen = drive(response_file, "q\r", role="force", only_missing=True)
    assert "You were typing this comment" in screen
    assert passage(response_file, "s1.1-afi2").unfinished is True
    response = reading.read(response_file)
    items = agenda.items_for(response)
    assert "s1.1-afi2" in [i.key for i in agenda.missing(response, items, "force")]
    assert agenda.resume_index(response, items, "force") == 1


def test_a_half_typed_action_is_marked_and_offered_first(response_file):
    keys = "p\r" + "Review by Ma" + CTRL_C
    result, _ = drive(response_file, keys, role="commissioner", section="s1.2")
    action = agenda.find_finding(reading.read(response_file), "s1.2-rec1").action
    assert (action.status, action.explanation, action.unfinished) == ("proposed", "Review by Ma",
                                                                      True)
    assert "marked unfinished" in result.lines[1]
    _, screen = drive(response_file, "c\r" + "y 2025." + ESC_ENTER + CTRL_C,
                      role="commissioner", section="s1.2")
    assert "You were typing this action when you stopped" in screen
    action = agenda.find_finding(reading.read(response_file), "s1.2-rec1").action
    assert (action.explanation, action.unfinished) == ("Review by May 2025.", None)


def test_returns_only_missing_puts_an_unfinished_answer_on_the_form(response_file, cli, tmp_path):
    half_typed(response_file)
    form = tmp_path / "form.xlsx"
    result = cli("returns", "make", response_file, "-o", form, "--only-missing")
    assert result.code == 0, result.err
    from openpyxl import load_workbook

    cells = [str(c.value) for row in load_workbook(form).active.iter_rows() for c in row if c.value]
    assert "s1.1-afi2" in cells and "s1.1-afi1" not in cells


def test_the_resume_does_not_skip_an_unanswered_section_comment(response_file):
    # The force answers the five findings of Question 1, then stops at its own comment.
    keys = "".join(f"w\rAnswer {n}." + ESC_ENTER for n in range(1, 6)) + CTRL_C
    drive(response_file, keys, role="force")
    assert comment(response_file, "s1.1-coc1-rec2", "force") == "Answer 5."
    _, screen = drive(response_file, "q\r", role="force")
    assert "Carrying on from Effectiveness › Question 1 › Comments on the question as a whole" \
        in " ".join(screen.split())


def test_status_does_not_count_an_unfinished_answer(response_file, cli):
    half_typed(response_file)
    result = cli("status", response_file, "--json", "--today", "2025-04-01")
    import json

    row = json.loads(result.out)[0]
    assert row["force_comments"] == {"answered": 1, "of": 7}
