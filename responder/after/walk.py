"""`responder track FILE` at a terminal: walk the open findings one by one, update each.

For each open finding it shows the finding, its owner, target date (overdue said in
words), status, RAG and latest update, then asks what to do: add an update (and then
the status and RAG it leaves), change the status or RAG, set the owner and target date,
go on, go back, or save and quit. It runs on the interview's machinery — the same
prompts and keys (interview/prompts.py), the same lock, and the same
Autosaver, which saves after every answer and keeps someone else's change (or writes a
conflict copy) — so nothing typed is ever lost, Ctrl-C included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prompt_toolkit.shortcuts import clear

from ..dates import long_date, parse_date, plural
from ..drafting.interview import InterviewResult, take_lock
from ..drafting.interview.prompts import (
    BACK,
    NEXT,
    QUIT,
    StoppedTyping,
    _session,
    ask_text,
    box,
    menu,
    step_to,
)
from ..errors import display_path
from ..law.record import quoted
from ..response import editing
from ..response.autosave import Autosaver
from ..response.model import kind_label
from ..screen import Line, block, screen_width, shorten, show, show_block, wrap
from . import register

KEEP = "keep"
STATUS_OPTIONS = [("o", "Open (nothing done yet)", "open"),
                  ("i", "In progress", "in_progress"),
                  ("c", "Complete (the force says it is done)", "complete"),
                  ("x", "Closed (accepted on evidence; asks for it and who approved it)", "closed"),
                  ("n", "No further action (the office has decided)", "no_further_action"),
                  ("s", "Superseded by a later report's finding", "superseded"),
                  ("r", "Reopened", "reopened")]
RAG_OPTIONS = [("r", "Red", "red"), ("a", "Amber", "amber"), ("g", "Green", "green"),
               ("n", "No rating", "")]


def _needed(text: str) -> bool | str:
    return True if text.strip() else "this is needed (Esc then Enter leaves it as it was)"


def _link_problem(text: str) -> bool | str:
    try:
        register.parse_link(text)
    except register.BadChange as exc:
        return str(exc)
    return True


def _date_problem(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        parse_date(text)
    except ValueError as exc:
        return str(exc)
    return True


class Walk:
    """One person bringing the register up to date; every answer saved before the next."""

    def __init__(self, saver: Autosaver, ids: list[str], today: dt.date,
                 clock: Callable[[], dt.datetime], lock: Any = None):
        self.saver = saver
        self.ids = ids
        self.today = today
        self.clock = clock
        self.lock = lock
        self.changed: set[str] = set()
        self.notices: list[tuple[str, str]] = []
        self.conflicts: list[str] = []
        self.fresh = True
        self.kept_typing = False  # stopped in the update box, and its words were saved
        self.open_count: int | None = None  # ids after these are complete, awaiting acceptance

    def place(self, index: int) -> str:
        """'3 of 10 open', or '1 of 2 complete, awaiting acceptance' for those after."""
        opened = self.open_count if self.open_count is not None else len(self.ids)
        if index < opened:
            return f"{index + 1} of {opened} open"
        return f"{index - opened + 1} of {len(self.ids) - opened} complete, awaiting acceptance"

    def entry(self, ref: str) -> register.Entry:
        return register.find(self.saver.response, ref)

    def run(self) -> None:
        index = 0
        while 0 <= index < len(self.ids):
            try:
                nav = self.step(index)
            except register.UnknownFinding:
                nav = NEXT  # someone else removed it meanwhile
            if nav == QUIT:
                return
            index = step_to(index, nav, self.notices)

    # ------------------------------------------------ one finding

    def step(self, index: int) -> str:
        while True:
            self.screen(index)
            choice = menu("What would you like to do?", [
                ("u", "Add an update (then its status and RAG)", "update"),
                ("s", "Change the status or RAG only", "status"),
                ("o", "Set the owner or target date", "owner"),
                ("n", "Next finding — no change", NEXT),
                ("b", "Go back", BACK), ("q", "Save and quit", QUIT),
            ], default="update")
            if choice in (NEXT, BACK, QUIT):
                return choice
            if choice == "update":
                self.add_update(index)
                return NEXT
            if choice == "status":
                status = self.ask_status(index)
                change = register.Change(status=status, rag=self.ask_rag(index))
                if status == "no_further_action":
                    change.update = ask_text("Why no further action?", validate=_needed).strip()
                self.change(index, self.closure(change))
            elif choice == "owner":
                self.ask_owner(index)

    def add_update(self, index: int) -> None:
        try:
            text = box("Update (what has happened since the last one):").strip()
        except StoppedTyping as stopped:
            # Ctrl-C (or Ctrl-D, or Ctrl-C meant as Copy on Windows) with words in the box:
            # they are the update, saved before the walk stops.
            if stopped.text.strip():
                self.change(index, register.Change(update=stopped.text.strip()))
                self.kept_typing = True
            raise
        if not text:
            return
        when = None
        try:
            when = self.ask_date()
            status = self.ask_status(index)
            rag = self.ask_rag(index)
        except KeyboardInterrupt:
            # The words are typed: keep them before stopping.
            self.change(index, register.Change(update=text, date=when))
            raise
        self.change(index, self.closure(register.Change(update=text, status=status, rag=rag,
                                                        date=when)))

    def ask_date(self) -> dt.date:
        """The update's own date: an update is often typed days after what it records."""
        published = self.saver.response.report.published

        def problem(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                day = parse_date(text)
            except ValueError as exc:
                return str(exc)
            if day > self.today:
                return f"{long_date(day)} is after today: an update records what has happened"
            if published is not None and day < published:
                return (f"{long_date(day)} is before the report was published "
                        f"({long_date(published)})")
            return True

        typed = ask_text("Date of this update (e.g. 3 March 2026; Enter for today):",
                         default=long_date(self.today), validate=problem).strip()
        return parse_date(typed) if typed else self.today

    def closure(self, change: register.Change) -> register.Change:
        """What a status needs before it is set: closing, its evidence and approver;
        superseded, the later finding."""
        if change.status == "closed":
            change.evidence = ask_text("Evidence (what shows it is done, and where it is kept):",
                                       validate=_needed).strip()
            change.approved_by = ask_text("Approved by (who accepted the evidence):",
                                          validate=_needed).strip()
        elif change.status == "superseded":
            change.superseded_by = register.parse_link(ask_text(
                "Superseded by (the later response's file and the finding's id, e.g. "
                "peel-2025.yaml#s1-afi2):", validate=_link_problem))
        return change

    def ask_status(self, index: int) -> str | None:
        current = self.entry(self.ids[index]).tracking.status
        options = [("k", f"Keep it: {register.STATUS_LABELS[current]}", KEEP)]
        options += [o for o in STATUS_OPTIONS if o[2] != current]
        chosen = menu("Status now?", options, default=KEEP)
        return None if chosen == KEEP else chosen

    def ask_rag(self, index: int) -> str | None:
        current = self.entry(self.ids[index]).tracking.rag
        label = register.RAG_LABELS[current] if current else "no rating"
        options = [("k", f"Keep it: {label}", KEEP)]
        options += [o for o in RAG_OPTIONS if o[2] != (current or "")]
        chosen = menu("RAG rating (your judgement of progress)?", options, default=KEEP)
        return None if chosen == KEEP else chosen

    def ask_owner(self, index: int) -> None:
        tracking = self.entry(self.ids[index]).tracking
        owner = ask_text("Owner (who leads the work):", default=tracking.owner or "").strip()
        self.change(index, register.Change(owner=owner))
        due = ask_text("Target date (e.g. 31 March 2026; empty for none):",
                       default=long_date(tracking.due) if tracking.due else "",
                       validate=_date_problem).strip()
        new_due = parse_date(due) if due else None
        reason = None
        if tracking.due is not None and new_due != tracking.due:
            reason = ask_text(f"Why does the target date move from {long_date(tracking.due)}? "
                              "(kept with the old date)", validate=_needed).strip()
        self.change(index, register.Change(due=new_due, clear_due=not due, reason=reason))

    def change(self, index: int, change: register.Change) -> None:
        if change.rag == "":
            change.rag, change.clear_rag = None, True
        ref = self.ids[index]
        later = None
        if change.superseded_by is not None:
            from ..errors import InputError
            from .supersede import later_side

            try:
                later = later_side(self.saver.path, change.superseded_by, ref)
            except InputError as exc:
                self.notices.append(("warning", f"! Not changed: {exc}"))
                return
        done = register.apply(self.entry(ref).finding, change, self.today)
        if not done:
            return
        result = self.saver.save(self.clock())
        if later is not None:
            later.save(self.clock())
            done.append(f"{later.path.name} notes that it supersedes this")
        if self.lock is not None:
            self.lock.touch()
        self.changed.add(ref)
        self.notices.append(("saved", f"✓ Saved: {ref}: " + "; ".join(done)))
        if result.clashes:
            copy = result.conflict_copy.name if result.conflict_copy else "a conflict copy"
            lines = [f"! Someone else changed the same entry in {self.saver.path.name}.",
                     f"  The file keeps their words; yours are saved in {copy}."]
            self.conflicts += lines
            self.notices += [("warning", line) for line in lines]

    # ------------------------------------------------ the screen

    def screen(self, index: int) -> None:
        if self.saver.refresh():
            self.notices.append(("note", f"{self.saver.path.name} was changed by someone else; "
                                         "you are seeing their latest version."))
        entry = self.entry(self.ids[index])
        finding, tracking = entry.finding, entry.tracking
        lines: list[Line] = [[n] for n in self.notices]
        self.notices = []
        lines.append([("rule", "─" * (screen_width() - 1))])
        lines.append([("crumb", f"{entry.section.title} › {entry.id} — "
                                f"{self.place(index)}")])
        lines.append([("label", kind_label(finding.kind) + ":")])
        lines += block(shorten(wrap(finding.text), 6, "the full text is in the file"))
        lines.append([])
        lines.append([("label", "Owner: "), ("", tracking.owner or "not set")])
        if tracking.due is None:
            lines.append([("label", "Target date: "), ("note", "not set")])
        elif register.is_overdue(finding.tracking, self.today):
            late = (self.today - tracking.due).days
            lines.append([("label", "Target date: "), ("", long_date(tracking.due)),
                          ("warning", f" — OVERDUE by {plural(late, 'day')}")])
        else:
            lines.append([("label", "Target date: "), ("", long_date(tracking.due))])
        if tracking.due_changes:
            lines.append([("note", f"  (originally {long_date(tracking.original_due)}; moved "
                                   f"{register.times(len(tracking.due_changes))}: "
                                   f"{tracking.due_changes[-1].reason})")])
        rag = register.RAG_LABELS[tracking.rag] if tracking.rag else "no rating"
        lines.append([("label", "Status: "), ("", register.STATUS_LABELS[tracking.status]),
                      ("label", "   RAG: "), ("", rag)])
        latest = tracking.latest()
        if latest is None:
            lines.append([("label", "Last update: "), ("note", "none yet")])
        else:
            lines.append([("label", f"Last update ({long_date(latest.date)}):")])
            lines += block(shorten(wrap(latest.text), 5, "the full text is in the file"))
        lines.append([])
        if self.fresh:
            self.fresh = False
        else:
            clear()
        for line in lines:
            show(*line)


def run_walk(path: Path, *, today: dt.date, clock: Callable[[], dt.datetime] = dt.datetime.now,
             input: Any = None, output: Any = None) -> InterviewResult:
    """The walk through the open findings; returns the closing lines for the command line."""
    doc = editing.load(path)
    name = display_path(path)
    with _session(input, output):
        lock = take_lock(path, clock())
        try:
            saver = Autosaver(doc)
            response = saver.response
            # The open findings, then those complete and awaiting acceptance (to close them
            # on evidence, or reopen them).
            every = register.entries(response)
            opened = [entry.id for entry in every if entry.tracking.is_open]
            ids = opened + [entry.id for entry in every if entry.tracking.status == "complete"]
            counts = register.count(response, today)
            show("")
            show(("heading", response.report.title))
            show(f"{response.force.name} · the register as of {long_date(today)}: "
                 f"{plural(counts.still_open, 'open finding')}, {counts.overdue} overdue, "
                 f"{counts.complete} complete, {counts.closed} closed")
            if not ids:
                return InterviewResult(0, [f"Nothing is open in {name}, nor awaiting acceptance: "
                                           "every finding is "
                                           "complete or closed."])
            show_block(wrap("Every answer is saved as soon as you give it. Ctrl-C stops at any "
                            "time.", indent=""), "note")
            walk = Walk(saver, ids, today, clock, lock)
            walk.open_count = len(opened)
            try:
                walk.run()
            except KeyboardInterrupt:
                kept = (["The update you were typing was saved as you had typed it."]
                        if walk.kept_typing else [])
                return InterviewResult(130, [
                    f"Stopped. Every answer given is saved in {name} "
                    f"({plural(len(walk.changed), 'finding')} updated).", *kept,
                    *walk.conflicts])
            after = register.count(saver.response, today)
            return InterviewResult(0, [
                "", f"Finished for now: {plural(len(walk.changed), 'finding')} updated in {name}.",
                f"  The register: {plural(after.still_open, 'open finding')}, {after.overdue} "
                f"overdue, {after.complete} complete, {after.closed} closed.",
                *walk.conflicts,
                f"  The committee paper: responder progress {quoted(name)} -o paper.docx"])
        finally:
            lock.release()
