"""Questions asked at the terminal (questionary): this package is the only one that imports it.

The interview collects the force's and the commissioner's comments finding by finding
(here); its prompts and keys are in prompts.py, the person's own editor in editor.py, and
the questions `new` and `profile` ask in questions.py. The interview's decisions (what to
ask next, what counts as answered, the section 55(5B) action rules) are in agenda.py;
saving and merging are in autosave.py; the lock is in locking.py. This package only talks
to the person.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import questionary

from ...dates import long_date, plural
from ...errors import InputError, UsageError, display_path
from ...response import editing, writing
from ...response.autosave import Autosaver
from ...response.locking import Lock, LockedError, acquire
from ...response.model import Response
from ...screen import STYLE, show, show_block, wrap
from .. import agenda
from ..agenda import Item
from .editor import editor_command
from .letter_step import letter_and_record_lines, with_letter
from .prompts import (
    _session,
    ask,
    yes_no,
)
from .session import (
    Interview,
    InterviewResult,
    _Quit,
    deadline_line,
    find_raised_before,
    voice_title,
)


def run_interview(path: Path, *, role: str | None = None, section: str | None = None,
                  only_missing: bool = False, review: bool = False, today: dt.date,
                  clock: Callable[[], dt.datetime] = dt.datetime.now,
                  input: Any = None, output: Any = None) -> InterviewResult:
    """The whole interview; returns the closing lines for the command line to print."""
    doc = editing.load(path)
    if writing.is_read_only(writing.write_target(path)):
        raise InputError(path, "is read-only, so no answer could be saved in it; make it "
                               "writable (on Windows: Properties, untick Read-only) and try again")
    if section is not None and section not in agenda.section_ids(doc.response):
        known = ", ".join(agenda.section_ids(doc.response)) or "none"
        raise UsageError(f"interview: no section with id {section!r} in {display_path(path)} "
                         f"(its sections are: {known})")
    with _session(input, output):
        lock = take_lock(path, clock())
        try:
            return _interview(Autosaver(doc), lock, role=role, section=section,
                              only_missing=only_missing, review=review, today=today, clock=clock)
        finally:
            lock.release()


def take_lock(path: Path, now: dt.datetime) -> Lock:
    try:
        return acquire(path, now)
    except LockedError as exc:
        if not exc.stale:
            raise
        show(("warning", str(exc) + "."))
        try:
            again = yes_no("Take over the lock and carry on? "
                           "(Only if you are sure nobody is still answering.)")
        except KeyboardInterrupt:
            again = False
        if not again:
            raise
        return acquire(path, now, take_over=True)


def _interview(saver: Autosaver, lock: Lock, *, role: str | None, section: str | None,
               only_missing: bool, review: bool, today: dt.date,
               clock: Callable[[], dt.datetime]) -> InterviewResult:
    response = saver.response
    heading(response, today)
    try:
        if role is None:
            show("")
            role = str(ask(questionary.select("Who is answering?", choices=[
                questionary.Choice(f"The force — {response.force.name}", value="force"),
                questionary.Choice(f"The commissioner's office — {response.body.name}",
                                   value="commissioner"),
            ], style=STYLE)))
    except KeyboardInterrupt:
        return InterviewResult(130, ["Stopped before any question; nothing was changed."])
    items = agenda.items_for(response, section)
    interview = Interview(saver, role, items, clock=clock, lock=lock, editor=editor_command(),
                          review=review)
    interview.today = today  # type: ignore[attr-defined]  # the letter step drafts as of today
    interview.raised_before = find_raised_before(saver.path, response)
    opening(saver, role, items)
    stopped = False
    try:
        if not review:
            from .unfinished import resume_unfinished

            resume_unfinished(interview)
        steps, start = plan(saver.response, items, role, only_missing=only_missing, review=review)
        steps, start = with_letter(saver.response, role, section, steps, start,
                                   only_missing=only_missing, review=review)
        if not steps or start >= len(steps):
            if not nothing_to_do(only_missing, review):
                raise _Quit
            interview.review = True
            steps, start = plan(saver.response, items, role, only_missing=False, review=True)
            steps, start = with_letter(saver.response, role, section, steps, start,
                                       only_missing=False, review=True)
        elif start and any(i.kind != "letter" and agenda.is_answered(saver.response, i, role)
                           for i in steps[:start]):
            show_block(wrap(f"Carrying on from {steps[start].breadcrumb(interview.total)}, the "
                            "first one not answered yet. Choose “Go back” to see earlier ones.",
                            indent=""), "note")
        interview.run(steps, start)
    except _Quit:
        pass
    except KeyboardInterrupt:
        stopped = True
    except Exception:
        for line in interview.draft_lines():  # whatever stops us, the editor's text is found
            show(("warning", line.strip()))
        raise
    trouble = interview.close()
    failed = interview.save_failed
    items = agenda.items_for(saver.response, section)  # a hand edit may have removed some
    if not stopped:
        return finish(saver, role, items, section, interview.conflicts, today, trouble, failed)
    counts = agenda.counts(saver.response, items, role)
    answered = f"{counts.findings_answered} of {counts.findings} findings answered"
    if failed:
        first = f"Stopped ({answered}), but {display_path(saver.path)} could not be saved."
    else:
        first = (f"Stopped. Your answers are saved in {display_path(saver.path)} ({answered}); "
                 "run the same command to carry on.")
    return InterviewResult(2 if failed else 130,
                           [first, *interview.kept_on_stop, *interview.conflicts, *trouble])


def plan(response: Response, items: list[Item], role: str, *, only_missing: bool,
         review: bool) -> tuple[list[Item], int]:
    """The items to step through and where to start."""
    if review:
        return [i for i in items if agenda.is_answered(response, i, role)], 0
    if only_missing:
        return agenda.missing(response, items, role), 0
    return items, agenda.resume_index(response, items, role)


def nothing_to_do(only_missing: bool, review: bool) -> bool:
    """Everything is answered (or, in review, nothing is): offer a review instead of stopping."""
    if review:
        show(("note", "Nothing has been answered yet, so there is nothing to review."))
        return False
    show(("label", "Everything is answered for this voice."))
    return yes_no("Step through your answers to review them?")


def heading(response: Response, today: dt.date) -> None:
    """The report, the force and the deadline: shown before anything is asked."""
    show("")
    show(("heading", response.report.title))
    published = (f"published {long_date(response.report.published)}"
                 if response.report.published else "publication date not set")
    show(f"{response.force.name} · {published}")
    show_block(wrap(deadline_line(response, today), indent=""))


def opening(saver: Autosaver, role: str, items: list[Item]) -> None:
    response = saver.response
    counts = agenda.counts(response, items, role)
    show("")
    show(("label", "Answering as: "), voice_title(response, role))
    show_block(wrap("Answered so far: " + counts.describe(role), indent=""))
    show_block(wrap("Every answer is saved as soon as you give it. Ctrl-C stops at any time; "
                    "run the same command to carry on where you left off.", indent=""), "note")
    show("")


def check_lines(response: Response, today: dt.date, name: str, limit: int = 5) -> list[str]:
    """What `responder check` finds, so the closing screen says what still needs doing."""
    from ...compliance.check import check

    problems = sorted(check(response, today, file=name), key=lambda p: p.severity != "error")
    if not problems:
        return ["  The checks found no problems."]
    lines = [f"  Problems found by the checks ({len(problems)}):"]
    for problem in problems[:limit]:
        where = problem.place.split(" (")[0]  # the id; the screen is too narrow for the title
        lines += textwrap.wrap(f"{problem.code} {problem.severity} · {where}: {problem.message}",
                               width=96, initial_indent="    - ", subsequent_indent="      ")
    if len(problems) > limit:
        from ...law.record import quoted

        lines.append(f"    … and {len(problems) - limit} more: responder check {quoted(name)}")
    return lines


def finish(saver: Autosaver, role: str, items: list[Item], section: str | None,
           conflicts: list[str], today: dt.date, trouble: list[str] | None = None,
           failed: bool = False) -> InterviewResult:
    from ...law.record import quoted

    response = saver.response
    counts = agenda.counts(response, items, role)
    gaps = agenda.missing(response, items, role)
    name = quoted(display_path(saver.path))  # as typed at a prompt: in quotes with spaces
    total = counts.findings
    lines = ["", f"Finished for now — {voice_title(response, role)}"
             + (f", section {section}" if section else "")]
    if failed:  # first, where nobody can miss it
        lines += [f"  {line.strip()}" for line in trouble or []]
    lines += wrap(f"Complete: {counts.describe(role)}", indent="  ", width=80)
    if gaps:
        findings = [item for item in gaps if item.kind == "finding"]
        sections = sum(item.kind == "section" for item in gaps)
        parts = [plural(len(findings), "finding")] if findings else []
        if sections:
            parts.append(plural(sections, "section comment"))
        if any(item.kind == "overall" for item in gaps):
            parts.append("the overall comment")
        lines.append(f"  Still to answer: {', '.join(parts)}" + (":" if findings else ""))
        for item in findings[:10]:
            crumb = item.breadcrumb(total)
            lines.append(f"    - {crumb if len(crumb) <= 90 else crumb[:89] + '…'}")
        if len(findings) > 10:
            lines.append(f"    … and {plural(len(findings) - 10, 'more finding')}")
        lines.append(f"  To answer only these: responder interview {name} --role {role} "
                     "--only-missing")
    else:
        lines.append("  Nothing is missing for this voice.")
    lines += check_lines(response, today, display_path(saver.path))
    if not failed:
        lines.append(f"  Saved in {name}.")
        lines += [f"  {line.strip()}" for line in trouble or []]
    lines += [f"  {line}" for line in conflicts]
    lines += letter_and_record_lines(response, role, display_path(saver.path))
    lines.append(f"  Check it:          responder check {name}")
    lines.append(f"  Make the document: responder render {name}")
    return InterviewResult(2 if failed else 0, lines)


# ---------------------------------------------------------------- the covering letter
