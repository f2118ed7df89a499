"""Answers left unfinished (typed, then interrupted: docs/format.md), offered first when an
interview starts again: carry on editing, keep as it is, or discard."""

from __future__ import annotations

from typing import Any

from ...screen import block, show, wrap
from .. import agenda
from .prompts import QUIT, UNFINISHED_NOTE, StoppedTyping, box, menu
from .session import ACTION_QUESTIONS
from .session import _Quit as Quit


def resume_unfinished(interview: Any) -> None:  # an Interview (session.py)
    """First of all, every answer this voice was typing when it stopped (kept, marked
    unfinished): carry on editing it, keep it as it is, or discard it."""
    for item in interview.items:
        if item.kind == "letter" or agenda.unfinished(interview.response, item, interview.role) is None:
            continue
        interview.screen(item)
        found = agenda.unfinished(interview.response, item, interview.role)
        if found is None:  # someone finished it meanwhile (picked up by screen)
            continue
        what, text = found
        finding = agenda.find_finding(interview.response, item.key) if what == "action" else None
        show("")
        show(("warning", f"You were typing this {what} when you stopped "
                         "(it is kept, marked unfinished):"))
        if what == "action":  # (a comment is on the screen above, as "Your comment")
            for line in block(wrap(text)):
                show(*line)
        choice = menu("What would you like to do with it?", [
            ("c", "Carry on editing", "edit"),
            ("k", "Keep it as it is (it counts as your answer)", "keep"),
            ("d", "Discard it", "discard"),
            ("q", "Save and quit", QUIT)], default="edit")
        if choice == QUIT:
            raise Quit
        if what == "action":
            assert finding is not None and finding.action is not None
            status = str(finding.action.status)
            if choice == "edit":
                try:
                    typed = box(ACTION_QUESTIONS[status], default=text,
                                validate=lambda t, status=status: agenda.action_problem(status, t) or True)
                except StoppedTyping as stop:
                    if stop.text.strip() and stop.text.strip() != text.strip():
                        agenda.set_action(finding, status, stop.text, unfinished=True)
                        interview.kept_on_stop.append(
                            f"The action you were typing for {item.breadcrumb(interview.total)} "
                            f"was saved as you had typed it, {UNFINISHED_NOTE}")
                    raise
                agenda.set_action(finding, status, typed)
            elif choice == "keep":
                agenda.finish_action(finding)
            else:
                agenda.clear_action(finding)
        elif choice == "edit":
            try:
                typed = box("Edit your comment: (Markdown: a blank line between paragraphs, "
                            "'- ' for a bullet)", default=text)
            except StoppedTyping as stop:
                if stop.text.strip() and stop.text.strip() != text.strip():
                    agenda.set_comment(interview.response, item, interview.role, stop.text,
                                       unfinished=True)
                    interview.kept_on_stop.append(
                        f"The comment you were typing on {item.breadcrumb(interview.total)} "
                        f"was saved as you had typed it, {UNFINISHED_NOTE}")
                raise
            agenda.set_comment(interview.response, item, interview.role, typed)
        elif choice == "keep":
            agenda.finish_comment(interview.response, item, interview.role)
        else:
            agenda.set_comment(interview.response, item, interview.role, "")
        interview.save()
    if interview.role == "commissioner":  # the covering letter is the commissioner's
        _resume_letter(interview)


def _resume_letter(interview: Any) -> None:
    """The covering letter's body, left unfinished: the same three choices."""
    from .letter_step import LETTER_KEPT

    letter = interview.response.letter
    if letter is None or not letter.body_is_unfinished:
        return
    show("")
    show(("warning", "You were typing the covering letter when you stopped (it is kept, "
                     "marked unfinished):"))
    for line in block(wrap(letter.body or "")):
        show(*line)
    choice = menu("What would you like to do with it?", [
        ("c", "Carry on editing", "edit"),
        ("k", "Keep it as it is (it counts as your letter)", "keep"),
        ("d", "Discard it (the document carries the drafted text instead)", "discard"),
        ("q", "Save and quit", QUIT)], default="edit")
    if choice == QUIT:
        raise Quit
    if choice == "edit":
        text = letter.body or ""
        try:
            typed = box("The letter (Markdown: a blank line between paragraphs):", default=text)
        except StoppedTyping as stop:
            if stop.text.strip() and stop.text.strip() != text.strip():
                letter.body, letter.body_unfinished = stop.text.strip(), True
                interview.kept_on_stop.append(LETTER_KEPT)
            raise
        letter.body, letter.body_unfinished = typed.strip() or None, None
    elif choice == "keep":
        letter.body_unfinished = None
    else:
        letter.body, letter.body_unfinished = None, None
    interview.save()

