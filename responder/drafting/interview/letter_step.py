"""The covering letter as the interview's last step: drafted from the response, edited in the
person's editor or at the terminal, and the record lines that follow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prompt_toolkit.shortcuts import clear

from ...dates import long_date
from ...response.model import Response
from ...screen import block, screen_rows, screen_width, shorten, show, show_block, wrap
from .. import agenda
from ..agenda import Item
from .prompts import (
    BACK,
    NEXT,
    QUIT,
    StoppedTyping,
    ask_text,
    box,
    menu,
    yes_no,
)

LETTER = Item("letter", "letter", (), "The covering letter")  # type: ignore[arg-type]


def with_letter(response: Response, role: str, section: str | None, steps: list[Item],
                start: int, *, only_missing: bool, review: bool) -> tuple[list[Item], int]:
    """The commissioner's steps with the covering letter last (a letter-shaped response only).

    Once every finding is answered, a run starts at the letter until its text is saved.
    """
    if role != "commissioner" or section is not None or response.letter is None:
        return steps, start
    written = bool((response.letter.body or "").strip())
    if (review and not written) or (only_missing and written):
        return steps, start
    finished = start >= len(steps)
    steps = [*steps, LETTER]
    if finished and not review:
        start = len(steps) if written else len(steps) - 1
    return steps, start


LETTER_KEPT = ("The letter you were typing was saved as you had typed it, marked unfinished "
               "(body_unfinished: true); run the same command and it goes back to it first.")


def letter_step(interview: Any) -> str:  # an Interview (session.py), which calls it
    """Show the letter's text (the office's, or the one drafted from the response) and let the
    officer keep it, edit it (here or in the editor) or write their own. Saved on choosing."""
    from ...render.letter import draft

    interview.pick_up_changes()
    response = interview.response
    letter = response.letter
    if letter is None:  # someone removed it from the file meanwhile
        return NEXT
    current = (letter.body or "").strip()
    today = getattr(interview, "today", None) or interview.clock().date()
    ask_late_reason(interview, today)
    drafted = draft(response, today)
    lines = interview.notice_lines()
    lines += [[("rule", "─" * (screen_width() - 1))], [("crumb", "The covering letter")], []]
    room = max(6, screen_rows() - len(lines) - 14)
    if current:
        lines.append([("label", "Your letter, between the greeting and the sign-off:")])
        lines += block(shorten(wrap(current), room, "all of it is in the box when you edit"))
    else:
        lines.append([("label", "The letter, drafted from the response "
                                "(saved only when you choose):")])
        lines += block(shorten(wrap(drafted), room, "all of it is in the box when you edit"),
                       "note")
    if interview.fresh:
        interview.fresh = False
    else:
        clear()
    for line in lines:
        show(*line)
    editor = interview.editor
    if current:
        options = [("k", "Keep it as it is and go on", NEXT), ("w", "Edit it here", "write")]
        if editor:
            options.append(("e", f"Edit it in your editor ({editor[0]})", "editor"))
        options.append(("d", "Replace it with the drafted text", "draft"))
        default = NEXT
    else:
        options = [("k", "Use the drafted text", "draft"), ("w", "Edit the drafted text here", "write")]
        if editor:
            options.append(("e", f"Edit the drafted text in your editor ({editor[0]})", "editor"))
        options += [("o", "Write your own letter here", "own"),
                    ("s", "Not now (the document carries the drafted text until you save one)", NEXT)]
        default = "draft"
    choice = menu("What would you like to do with the letter?",
                  [*options, ("b", "Go back", BACK), ("q", "Save and quit", QUIT)], default=default)
    if choice in (NEXT, BACK, QUIT):
        return choice
    def keep(text: str, unfinished: bool = False) -> None:
        if interview.response.letter is not None:
            interview.response.letter.body = text.strip() or None
            interview.response.letter.body_unfinished = True if unfinished and text.strip() \
                else None

    editing = None
    if choice == "draft":
        if current and not yes_no("Replace your letter with the drafted text?"):
            return letter_step(interview)
        text = drafted
    elif choice == "editor":
        editing = interview.open_editor("letter", current or drafted, keep, "the covering letter")
        if editing is None:
            return letter_step(interview)
        text = editing.text()
    else:
        default = "" if choice == "own" else (current or drafted)
        try:
            text = box("The letter (Markdown: a blank line between paragraphs):", default=default)
        except StoppedTyping as stop:
            if stop.text.strip() and stop.text.strip() not in (current, default.strip()):
                keep(stop.text, unfinished=True)
                interview.kept_on_stop.append(LETTER_KEPT)
            raise
    if text.strip() == current:
        interview.done_with(editing)
        return NEXT
    if not text.strip() and not yes_no(
            "Remove the letter's text? The document will carry the drafted text instead."):
        return letter_step(interview)
    if interview.response.letter is not None:
        keep(text)
        if editing is not None:
            editing.applied = True
        interview.save()
        interview.done_with(editing)
    return NEXT




def letter_and_record_lines(response: Response, role: str, name: str) -> list[str]:
    """For the closing screen: where the covering letter stands (the commissioner's), and the
    next step to record (chief officer invited, published, …)."""
    from ...law.record import command, next_event

    lines = []
    if role == "commissioner" and response.letter is not None:
        lines.append("  Covering letter:   " + (
            "saved" if (response.letter.body or "").strip() else
            "not saved yet; the document carries the text drafted from the response"))
    event = next_event(response.process)
    if event is not None and event.name == "comments-received":
        # The chief officer's comments are received when the force's answers are in, not
        # after the first few: until then, say how many are outstanding.
        findings = [i for i in agenda.items_for(response) if i.kind == "finding"]
        outstanding = sum(not agenda.is_answered(response, i, "force") for i in findings)
        if outstanding:
            lines.append(f"  The force's answers: {outstanding} of {len(findings)} findings still "
                         f"to answer; once they are in: {command(event, name)}")
            return lines
    if event is not None:
        lines.append(f"  Next to record:    {command(event, name)}  ({event.what})")
    return lines


def is_late(response: Response, today: dt.date) -> dt.date | None:
    """The last day, when the response is (or will be) published after it; else None."""
    from ...render.letter import letter_date

    published = response.report.published
    if published is None:
        return None
    end = agenda.days_left(published, today)
    assert end is not None
    when = response.process.response_published or max(letter_date(response) or today, today)
    return end[0] if when > end[0] else None


def ask_late_reason(interview: Any, today: dt.date) -> None:
    """Once per run, for a late response without one: the office's reason, which the drafted
    letter gives after saying the response is late (process.late_reason)."""
    response = interview.response
    end = is_late(response, today)
    if end is None or response.process.late_reason or getattr(interview, "asked_late", False):
        return
    interview.asked_late = True
    show("")
    show_block(wrap(f"This response is published after its last day ({long_date(end)}). The "
                    "letter says so; it can also give the reason.", indent=""), "warning")
    reason = ask_text("Why is it late? (one or two sentences; Enter to leave the reason out)")
    reason = " ".join(reason.split())
    if reason:
        interview.response.process.late_reason = reason
        interview.save()
