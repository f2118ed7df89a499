"""responder record FILE EVENT [DATE]: record what was done, and when, into ``process``."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, add_today, one_file, say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    from ..law.record import EVENTS

    sub.description = (
        "Record the date of a step that section 55 turns on. The date is written into the "
        "file's process section and nothing else in the file changes. Events: "
        + ", ".join(EVENTS) + " (copies-sent records both copies).")
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("event", metavar="EVENT", help="what was done: " + ", ".join(EVENTS))
    # nargs="*": a date typed with spaces and no quotes (4 November 2019) works as typed.
    sub.add_argument("date", metavar=DATE_METAVAR, nargs="*",
                     help=f"when it was done (default today) {DATE_HELP}")
    sub.add_argument("--late-reason", metavar="TEXT", default=None,
                     help="why the response is published after its last day, in the office's "
                     "words (written to process.late_reason; the drafted letter states it)")
    sub.add_argument("--clear", action="store_true", help="remove the date recorded for EVENT")
    add_today(sub, "record as of")


def run(args: argparse.Namespace) -> int:
    from ..dates import parse_date
    from ..errors import InputError, display_path
    from ..law import deadline, wording
    from ..law.record import RecordProblem, find_event, next_step, record, recorded_line
    from ..response.editing import load
    from ..response.splice import save_part

    try:
        event = find_event(args.event)
    except RecordProblem as exc:
        raise UsageError(f"record: {exc}") from None
    if args.clear and args.date:
        raise UsageError("record: --clear removes the recorded date; give no DATE with it")
    day = None
    typed = " ".join(args.date) if args.date else None
    if typed:
        try:
            day = parse_date(typed)
        except ValueError as exc:
            raise UsageError(f"record: {exc}") from None
    today = args.today or dt.date.today()
    path = one_file(args.file, "record")
    doc = load(path)
    try:
        changes = record(doc.response, event, day, today, clear=args.clear)
    except RecordProblem as exc:
        raise InputError(path, f"{event.name}: {exc}", where=exc.where) from None
    reason = None if args.late_reason is None else " ".join(args.late_reason.split()) or None
    if args.late_reason is not None:
        doc.response.process.late_reason = reason
    save_part(doc, "process")
    name = display_path(path)
    say(*recorded_line(event, changes, args.clear))
    if args.late_reason is not None:
        say("Recorded the reason the response is late (process.late_reason)." if reason
            else "Removed the reason the response is late (process.late_reason).")
    response = doc.response
    if response.report.published is not None:
        item = deadline.assess(response, today)
        say(f"Last day: {wording.weekday_date(item.last_day)} — "
            f"{wording.days_text(item, today)}.")
    upcoming = next_step(response.process, name)
    say(upcoming or "Every step is recorded.")
    return ExitCode.OK
