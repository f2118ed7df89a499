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
                  ("x", "Closed (the inspectorate has accepted it)", "closed")]
RAG_OPTIONS = [("r", "Red", "red"), ("a", "Amber", "amber"), ("g", "Green", "green"),
               ("n", "No rating", "")]


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
                self.change(index, register.Change(status=self.ask_status(index),
                                                   rag=self.ask_rag(index)))
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
        self.change(index, register.Change(update=text, status=status, rag=rag, date=when))

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
        self.change(index, register.Change(due=parse_date(due) if due else None,
                                           clear_due=not due))

    def change(self, index: int, change: register.Change) -> None:
        if change.rag == "":
            change.rag, change.clear_rag = None, True
        ref = self.ids[index]
        done = register.apply(self.entry(ref).finding, change, self.today)
        if not done:
            return
        result = self.saver.save(self.clock())
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
                                f"{index + 1} of {len(self.ids)} open")])
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
            ids = [entry.id for entry in register.open_entries(response)]
            counts = register.count(response, today)
            show("")
            show(("heading", response.report.title))
            show(f"{response.force.name} · the register as of {long_date(today)}: "
                 f"{plural(counts.still_open, 'open finding')}, {counts.overdue} overdue, "
                 f"{counts.complete} complete, {counts.closed} closed")
            if not ids:
                return InterviewResult(0, [f"Nothing is open in {name}: every finding is "
                                           "complete or closed."])
            show_block(wrap("Every answer is saved as soon as you give it. Ctrl-C stops at any "
                            "time.", indent=""), "note")
            walk = Walk(saver, ids, today, clock, lock)
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
